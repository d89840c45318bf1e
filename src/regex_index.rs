//! Many regular expressions matched together: which of them match a haystack, in time that
//! does not grow with their number.
//!
//! One [`RegexSet`] of every expression is the obvious way, and it is fast while its lazy DFA
//! stays small. Expressions that each start with a wildcard and differ only further on
//! (`*1*.rb`, `*2*.rb`, ..., or globs full of `*` and `?`) keep every one of them alive at
//! every byte: the DFA's states are sets of them, a new set for almost every path, so the
//! cache is rebuilt again and again and the set falls back to an NFA simulation that steps
//! through every expression at every byte. 4,000 such CODEOWNERS lines over 30,000 files took
//! 44 s; 700 globs in `.gitattributes` took a minute and 3 GB.
//!
//! A [`RegexIndex`] keys each expression by a literal text that every match of it must contain
//! (read from its syntax tree: a run of literal bytes in its top-level sequence), choosing the
//! run that the fewest other expressions contain. The expressions are packed, by key, into
//! small sets of at most [`CHUNK`] expressions, each with a small DFA cache
//! ([`CHUNK_DFA_BYTES`]). A haystack is scanned once for every key (Aho-Corasick), and only the
//! sets holding an expression whose key it contains are searched, with those without any
//! literal text. The work per haystack is its length times the few sets it selects, and the
//! memory a small cache per set.

use aho_corasick::AhoCorasick;
use regex::bytes::{RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::hir::{Hir, HirKind};
use rustc_hash::FxHashMap;

/// Expressions per set: small enough that a set's DFA stays small whatever they are.
pub const CHUNK: usize = 16;
/// The lazy DFA cache of each set, in bytes: ample for a set of [`CHUNK`] path patterns, and
/// what bounds the memory of a hostile set that would fill any cache.
pub const CHUNK_DFA_BYTES: usize = 64 * 1024;

/// How the expressions are read (as by [`RegexSetBuilder`] on bytes).
#[derive(Debug, Clone, Copy)]
pub struct Syntax {
    /// `.` matches `\n` too (as globset's globs are compiled).
    pub dot_matches_new_line: bool,
    /// The compiled size allowed for one set, as [`RegexSetBuilder::size_limit`].
    pub size_limit: usize,
}

impl Default for Syntax {
    fn default() -> Self {
        Syntax {
            dot_matches_new_line: false,
            size_limit: 10 * (1 << 20),
        }
    }
}

/// A set of expressions compiled for [`RegexIndex::matches`].
#[derive(Debug)]
struct Chunk {
    set: RegexSet,
    /// Per expression of the set: its distinct expression.
    units: Vec<u32>,
}

/// Regular expressions matched together; see the module documentation.
#[derive(Debug, Default)]
pub struct RegexIndex {
    /// Per distinct expression: the indices, among those given, of the expressions it is.
    units: Vec<Vec<usize>>,
    chunks: Vec<Chunk>,
    keys: Option<AhoCorasick>,
    /// Per key: the sets holding an expression keyed by it.
    key_chunks: Vec<Vec<u32>>,
    /// The sets of the expressions without a key: searched for every haystack.
    unkeyed: Vec<u32>,
    /// Expressions that do not compile, with the reason.
    errors: Vec<(usize, String)>,
}

impl RegexIndex {
    /// Compiles `sources`. Expressions that do not compile are left out and reported by
    /// [`RegexIndex::errors`].
    pub fn new<S: AsRef<str>>(sources: &[S], syntax: Syntax) -> RegexIndex {
        let mut index = RegexIndex::default();
        // One unit per distinct expression.
        let mut unit_of: FxHashMap<&str, usize> = FxHashMap::default();
        let mut unit_sources: Vec<&str> = Vec::new();
        for (i, source) in sources.iter().enumerate() {
            let source = source.as_ref();
            let unit = *unit_of.entry(source).or_insert_with(|| {
                unit_sources.push(source);
                index.units.push(Vec::new());
                index.units.len() - 1
            });
            index.units[unit].push(i);
        }
        // Each unit's literal runs, and how many units contain each run.
        let runs: Vec<Vec<Vec<u8>>> = unit_sources
            .iter()
            .map(|source| required_runs(source, syntax))
            .collect();
        let mut frequency: FxHashMap<&[u8], usize> = FxHashMap::default();
        for unit_runs in &runs {
            let mut distinct: Vec<&[u8]> = unit_runs.iter().map(Vec::as_slice).collect();
            distinct.sort_unstable();
            distinct.dedup();
            for run in distinct {
                *frequency.entry(run).or_default() += 1;
            }
        }
        // The key of each unit: its rarest run, the longest of the rarest.
        let key_of: Vec<Option<&[u8]>> = runs
            .iter()
            .map(|unit_runs| {
                unit_runs
                    .iter()
                    .map(Vec::as_slice)
                    .min_by_key(|run| (frequency[run], std::cmp::Reverse(run.len()), *run))
            })
            .collect();
        // Keyed units in key order, packed into sets; then the unkeyed ones.
        let mut keyed: Vec<(&[u8], usize)> = key_of
            .iter()
            .enumerate()
            .filter_map(|(unit, key)| key.map(|key| (key, unit)))
            .collect();
        keyed.sort_unstable();
        let unkeyed: Vec<usize> = (0..unit_sources.len())
            .filter(|&unit| key_of[unit].is_none())
            .collect();
        let mut key_ids: FxHashMap<&[u8], usize> = FxHashMap::default();
        let mut keys: Vec<&[u8]> = Vec::new();
        for batch in keyed.chunks(CHUNK) {
            let units: Vec<usize> = batch.iter().map(|(_, unit)| *unit).collect();
            let Some(chunk) = index.compile(&units, &unit_sources, syntax) else {
                continue;
            };
            for (key, _) in batch {
                let id = *key_ids.entry(key).or_insert_with(|| {
                    keys.push(key);
                    index.key_chunks.push(Vec::new());
                    keys.len() - 1
                });
                if index.key_chunks[id].last() != Some(&chunk) {
                    index.key_chunks[id].push(chunk);
                }
            }
        }
        for batch in unkeyed.chunks(CHUNK) {
            if let Some(chunk) = index.compile(batch, &unit_sources, syntax) {
                index.unkeyed.push(chunk);
            }
        }
        if !keys.is_empty() {
            index.keys = AhoCorasick::new(&keys).ok();
            if index.keys.is_none() {
                // Cannot happen for keys of a few kilobytes; searching every set is right.
                index.unkeyed = (0..index.chunks.len() as u32).collect();
            }
        }
        index.errors.sort();
        index
    }

    /// Compiles one set of units; `None` when none of them compiles (each one's error is
    /// recorded).
    fn compile(&mut self, units: &[usize], sources: &[&str], syntax: Syntax) -> Option<u32> {
        let build = |units: &[usize]| {
            RegexSetBuilder::new(units.iter().map(|&u| sources[u]))
                .dot_matches_new_line(syntax.dot_matches_new_line)
                .size_limit(syntax.size_limit)
                .dfa_size_limit(CHUNK_DFA_BYTES)
                .build()
        };
        let (set, kept) = match build(units) {
            Ok(set) => (set, units.to_vec()),
            Err(_) => {
                // Find the expressions at fault one by one; this only happens for odd input.
                let mut kept = Vec::new();
                for &unit in units {
                    match RegexBuilder::new(sources[unit])
                        .dot_matches_new_line(syntax.dot_matches_new_line)
                        .size_limit(syntax.size_limit)
                        .build()
                    {
                        Ok(_) => kept.push(unit),
                        Err(e) => self.fail(unit, e.to_string()),
                    }
                }
                match build(&kept) {
                    Ok(set) if !kept.is_empty() => (set, kept),
                    Ok(_) => return None,
                    Err(e) => {
                        let message = format!("too large to compile with the others: {e}");
                        for unit in kept {
                            self.fail(unit, message.clone());
                        }
                        return None;
                    }
                }
            }
        };
        self.chunks.push(Chunk {
            set,
            units: kept.iter().map(|&u| u as u32).collect(),
        });
        Some(self.chunks.len() as u32 - 1)
    }

    fn fail(&mut self, unit: usize, message: String) {
        for &i in &self.units[unit] {
            self.errors.push((i, message.clone()));
        }
    }

    /// The expressions (by index among those given) that do not compile, with the reason.
    pub fn errors(&self) -> &[(usize, String)] {
        &self.errors
    }

    /// Appends to `out` the index of every expression that matches `haystack`, each once, in
    /// no particular order.
    pub fn matches(&self, haystack: &[u8], out: &mut Vec<usize>) {
        // One set (a file with a few wildcard patterns): choosing it by its keys costs more
        // than searching it.
        if let [chunk] = &self.chunks[..] {
            for i in chunk.set.matches(haystack).iter() {
                out.extend(&self.units[chunk.units[i] as usize]);
            }
            return;
        }
        let mut selected: Vec<u32> = self.unkeyed.clone();
        if let Some(keys) = &self.keys {
            for found in keys.find_overlapping_iter(haystack) {
                selected.extend(&self.key_chunks[found.pattern().as_usize()]);
            }
        }
        selected.sort_unstable();
        selected.dedup();
        for chunk in selected {
            let chunk = &self.chunks[chunk as usize];
            for i in chunk.set.matches(haystack).iter() {
                out.extend(&self.units[chunk.units[i] as usize]);
            }
        }
    }

    /// Whether any expression matches `haystack`.
    pub fn is_match(&self, haystack: &[u8]) -> bool {
        let mut out = Vec::new();
        self.matches(haystack, &mut out);
        !out.is_empty()
    }

    /// Whether there is no expression to match (none given, or none compiles).
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }
}

/// Runs of literal bytes that every match of `source` contains: the maximal literal stretches
/// of its top-level sequence (through groups and zero-width assertions, and inside repetitions
/// of at least one). An expression that does not parse has none.
fn required_runs(source: &str, syntax: Syntax) -> Vec<Vec<u8>> {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .utf8(false)
        .dot_matches_new_line(syntax.dot_matches_new_line)
        .build()
        .parse(source)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut current = Vec::new();
    collect_runs(&hir, &mut current, &mut out);
    flush(&mut current, &mut out);
    out
}

fn collect_runs(hir: &Hir, current: &mut Vec<u8>, out: &mut Vec<Vec<u8>>) {
    match hir.kind() {
        HirKind::Literal(literal) => current.extend_from_slice(&literal.0),
        HirKind::Concat(items) => {
            for item in items {
                collect_runs(item, current, out);
            }
        }
        HirKind::Capture(capture) => collect_runs(&capture.sub, current, out),
        // Zero-width: the text on either side is adjacent in every match.
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Repetition(repetition) if repetition.min >= 1 => {
            flush(current, out);
            collect_runs(&repetition.sub, current, out);
            flush(current, out);
        }
        HirKind::Class(_) | HirKind::Repetition(_) | HirKind::Alternation(_) => flush(current, out),
    }
}

fn flush(current: &mut Vec<u8>, out: &mut Vec<Vec<u8>>) {
    if !current.is_empty() {
        out.push(std::mem::take(current));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(source: &str) -> Vec<String> {
        required_runs(source, Syntax::default())
            .into_iter()
            .map(|r| String::from_utf8(r).unwrap())
            .collect()
    }

    #[test]
    fn required_runs_are_the_literal_stretches_every_match_has() {
        assert_eq!(
            runs(r"\Ac(?-u:[^/]*)1234(?-u:[^/]*)\.rb\z"),
            ["c", "1234", ".rb"]
        );
        assert_eq!(runs(r"(?-u)^(?:/?|.*/)foo[^/]*\.rs$"), ["foo", ".rs"]);
        assert_eq!(runs(r"a(b)c\bd"), ["abcd"]);
        assert_eq!(runs(r"x(ab)+y"), ["x", "ab", "y"]);
        assert_eq!(runs(r"x(ab)*y"), ["x", "y"]);
        assert_eq!(runs(r"(?i)abc|d"), Vec::<String>::new());
        assert_eq!(runs(r"é[^/]"), ["é"]);
        assert!(runs("(").is_empty());
    }

    /// The index answers as one set of every expression would, for expressions with and
    /// without keys, sharing keys, repeated, and many more than a set holds.
    #[test]
    fn matches_as_one_set_of_every_expression() {
        let mut sources: Vec<String> = Vec::new();
        for i in 0..100 {
            sources.push(format!(r"\Ac(?-u:[^/]*){i}(?-u:[^/]*)\.rb\z"));
            sources.push(format!(r"\Aa(?s-u:.*)/d{}/(?s-u:.*)\z", i % 7));
        }
        sources.extend(
            [
                r"\Ac[^/]*\z",
                r"\Ac[^/]?[^/]?\.rb\z",
                r"\Ac(?-u:[^/]*)\.rb\z",
                r"\Ac(?-u:[^/]*)1(?-u:[^/]*)\.rb\z",
            ]
            .map(String::from),
        );
        let one = RegexSet::new(&sources).unwrap();
        let index = RegexIndex::new(&sources, Syntax::default());
        assert!(index.errors().is_empty());
        let mut haystacks = Vec::new();
        for i in 0..300 {
            haystacks.push(format!("cfile{i}.rb"));
            haystacks.push(format!("cx{i}.rs"));
            haystacks.push(format!("ax/d{}/y{i}", i % 9));
        }
        haystacks.extend(["c.rb", "cé.rb", "c", "a", ""].map(String::from));
        let mut matched = 0;
        for haystack in &haystacks {
            matched += answers_as_one_set(&index, &one, haystack);
        }
        assert!(matched > 1000, "{matched}");
    }

    /// Asserts that `index` matches `haystack` as the one set `one` of every expression does
    /// (which expressions, and whether any); returns how many matched.
    fn answers_as_one_set(index: &RegexIndex, one: &RegexSet, haystack: &str) -> usize {
        let mut expected: Vec<usize> = one.matches(haystack.as_bytes()).iter().collect();
        let mut found = Vec::new();
        index.matches(haystack.as_bytes(), &mut found);
        found.sort_unstable();
        expected.sort_unstable();
        assert_eq!(found, expected, "{haystack}");
        assert_eq!(index.is_match(haystack.as_bytes()), !expected.is_empty());
        found.len()
    }

    /// With one set, searched without its keys, the answers are still one set's.
    #[test]
    fn a_single_set_answers_as_one_set_of_every_expression() {
        let sources = [
            r"\Ac[^/]*\z",
            r"\Acx(?-u:[^/]*)\.rb\z",
            r"\Aab\z",
            r"\Aab\z",
            r"\Ab",
        ];
        let one = RegexSet::new(sources).unwrap();
        let index = RegexIndex::new(&sources, Syntax::default());
        assert_eq!(index.chunks.len(), 1);
        let mut matched = 0;
        for haystack in ["c", "cx.rb", "cy.rb", "ab", "abc", "b/c", "", "cx/a.rb"] {
            matched += answers_as_one_set(&index, &one, haystack);
        }
        assert!(matched >= 6, "{matched}");
    }

    #[test]
    fn expressions_that_do_not_compile_are_reported_and_left_out() {
        let sources = ["a", "(", "a", "b{99999999}"];
        let index = RegexIndex::new(&sources, Syntax::default());
        let failed: Vec<usize> = index.errors().iter().map(|e| e.0).collect();
        assert_eq!(failed, [1, 3]);
        let mut found = Vec::new();
        index.matches(b"xa", &mut found);
        found.sort_unstable();
        assert_eq!(found, [0, 2]);
    }
}
