//! The matcher that maps paths to the sections of maintainers files (MAINTAINERS and
//! `MAINTAINERS.yml` alike): every section whose patterns match a path applies.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::{Regex, RegexSet, RegexSetBuilder};
use rustc_hash::FxHashMap;

use super::model::*;
use super::pattern::*;
use crate::dialect::path_memo::PathMemo;
use crate::dialect::{Dialect, glob};
use crate::prefix_index::PrefixIndex;
use crate::regex_index::{RegexIndex, Syntax};

/// Which list of a section a pattern is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PatternKind {
    /// `F:` / `files`
    File,
    /// `X:` / `files-exclude`
    Exclude,
    /// `N:` / `files-regex`
    Regex,
    /// `files-regex-exclude`
    RegexExclude,
}

/// One pattern of one section: `index` is its position in the section's list of `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PatternRef {
    pub file: usize,
    pub section: usize,
    pub kind: PatternKind,
    pub index: usize,
}

/// How one pattern is tested.
#[derive(Debug)]
enum Compiled {
    /// A pattern without wildcards naming a file: the path equals it, or (Linux) starts with it
    /// and continues within the last component.
    LiteralFile { literal: String, suffix: bool },
    /// A directory (trailing `/`, or Linux's implicit directory): the path starts with it.
    LiteralDir(String),
    /// A wildcard pattern, compiled on first use (a pre-commit run tests few directories). It
    /// is tested only on the paths that start with `key`, the literal directory it starts with.
    Wildcard {
        key: String,
        source: String,
        regex: OnceLock<Option<Regex>>,
    },
    /// A regex searched in the path.
    Search(PathRegex),
    /// Does not compile (already reported by the parser): matches nothing.
    Invalid,
}

impl Compiled {
    fn is_match(&self, path: &str) -> bool {
        match self {
            Compiled::LiteralFile { literal, suffix } => {
                path == literal
                    || (*suffix
                        && path
                            .strip_prefix(literal.as_str())
                            .is_some_and(|rest| !rest.contains('/')))
            }
            Compiled::LiteralDir(dir) => path.starts_with(dir.as_str()),
            Compiled::Wildcard { source, regex, .. } => regex
                .get_or_init(|| compile(source).ok())
                .as_ref()
                .is_some_and(|regex| regex.is_match(path)),
            Compiled::Search(regex) => regex.is_match(path),
            Compiled::Invalid => false,
        }
    }
}

/// Maps paths to the sections that apply to them, over every section of every maintainers file.
///
/// A section applies to a path when one of its `F:` patterns or `N:` regexes matches and none
/// of its `X:` patterns (nor Zephyr `files-regex-exclude`) does: exclusions win over both, as in
/// get_maintainer.pl (`X:` is tested first and skips the whole section) and get_maintainer.py.
/// Every applying section counts, not just the most specific.
///
/// Patterns are indexed rather than tried one by one: literal directories, wildcard patterns
/// (by the literal directory they start with) and Linux literal files (which match the paths
/// they start) in one [`PrefixIndex`] walked once along the path, literal files by one hash
/// lookup of the path, and all regexes in one [`RegexSet`]. A path costs a few lookups per
/// character, whatever the number of patterns and however deep the path. Wildcard patterns
/// that start with the same directory, when many, are searched as one [`RegexIndex`]; and the
/// answer for a path is memoised ([`PathMemo`]), since several rules ask about every file.
#[derive(Debug)]
pub struct MaintainersMatcher {
    patterns: Vec<(PatternRef, Compiled)>,
    ids: FxHashMap<PatternRef, u32>,
    literal_files: FxHashMap<String, Vec<u32>>,
    prefixes: PrefixIndex<Prefixed>,
    /// The wildcard patterns that start with the same literal directory, when there are
    /// [`WILDCARD_SET_MIN`] or more of them, searched together.
    wildcard_sets: Vec<WildcardSet>,
    regex_set: Option<RegexSet>,
    regex_ids: Vec<u32>,
    /// The ids matching each path already asked about (see [`PathMemo`]).
    memo: PathMemo,
}

/// A pattern found by a prefix of the path.
#[derive(Debug, Clone, Copy)]
enum Prefixed {
    /// A literal directory (ending in `/`): it matches.
    Dir(u32),
    /// A wildcard pattern starting with this directory (or `""`): it may match.
    Wildcard(u32),
    /// Wildcard patterns starting with this directory, searched together: some may match.
    WildcardSet(u32),
    /// A Linux literal file: it matches when the prefix ends within the path's last component.
    FileStart(u32),
}

/// How many wildcard patterns starting with the same directory are searched as one set rather
/// than one by one.
const WILDCARD_SET_MIN: usize = 8;

/// Wildcard patterns starting with the same literal directory, compiled together on first use.
#[derive(Debug)]
struct WildcardSet {
    /// The patterns' ids, ascending.
    ids: Vec<u32>,
    /// Their regexes (as [`glob::maintainers_regex`] writes them).
    sources: Vec<String>,
    /// The literal directory they all start with (`""` for none).
    key: String,
    index: OnceLock<RegexIndex>,
}

impl WildcardSet {
    /// Appends to `out` the ids of the set's patterns that match `path` (`hits` is scratch).
    /// A pattern the set could not compile is tried on its own.
    fn matches(
        &self,
        matcher: &MaintainersMatcher,
        path: &str,
        hits: &mut Vec<usize>,
        out: &mut Vec<u32>,
    ) {
        let index = self.index.get_or_init(|| {
            RegexIndex::new(
                &self.sources,
                Syntax {
                    dot_matches_new_line: false,
                    size_limit: MAX_REGEX_BYTES,
                },
            )
        });
        hits.clear();
        index.matches(path.as_bytes(), hits);
        out.extend(hits.iter().map(|&i| self.ids[i]));
        for &(i, _) in index.errors() {
            let id = self.ids[i];
            if matcher.patterns[id as usize].1.is_match(path) {
                out.push(id);
            }
        }
    }
}

/// The paths of sorted `paths` that start with `prefix` (any string, not only a directory).
fn starting_with<'a>(paths: &'a [String], prefix: &str) -> &'a [String] {
    let start = paths.partition_point(|p| p.as_str() < prefix);
    let end = start + paths[start..].partition_point(|p| p.starts_with(prefix));
    &paths[start..end]
}

/// The paths of each of sorted `lists` that start with `prefix`.
fn paths_from<'a>(lists: &'a [&'a [String]], prefix: &'a str) -> impl Iterator<Item = &'a String> {
    lists
        .iter()
        .flat_map(move |list| starting_with(list, prefix).iter())
}

/// Whether a file pattern has wildcards (else it names a file or directory literally).
pub fn has_wildcard(pattern: &str) -> bool {
    literal_key(pattern).1
}

/// The literal directory a wildcard pattern starts with (up to and including the last `/`
/// before its first wildcard or [brace group](glob::brace_group)), and whether the pattern has
/// wildcards at all.
pub(super) fn literal_key(pattern: &str) -> (&str, bool) {
    let meta = pattern.find(['*', '?', '[', '\\']);
    match meta.into_iter().chain(first_brace_group(pattern)).min() {
        Some(meta) => {
            let literal = &pattern[..meta];
            (&literal[..literal.rfind('/').map_or(0, |i| i + 1)], true)
        }
        None => (pattern, false),
    }
}

/// Where the first brace group get_maintainer.pl expands starts (a byte offset), if any.
fn first_brace_group(pattern: &str) -> Option<usize> {
    if !pattern.contains('{') {
        return None;
    }
    let (offsets, chars): (Vec<usize>, Vec<char>) = pattern.char_indices().unzip();
    (0..chars.len())
        .find(|&i| chars[i] == '{' && glob::brace_group(&chars, i).is_some())
        .map(|i| offsets[i])
}

impl MaintainersMatcher {
    /// Compiles the patterns of every section of `files`. `tracked_dirs` are the repository's
    /// directories (repository-relative, without a trailing `/`): a Linux `F:`/`X:` pattern
    /// without wildcards that names one of them covers everything below it, as get_maintainer.pl
    /// does when the directory exists (Zephyr does not do this: its script rejects such
    /// patterns).
    pub fn new(files: &[MaintainersFile], tracked_dirs: &HashSet<String>) -> Self {
        let mut matcher = MaintainersMatcher {
            patterns: Vec::new(),
            ids: FxHashMap::default(),
            literal_files: FxHashMap::default(),
            prefixes: PrefixIndex::default(),
            wildcard_sets: Vec::new(),
            regex_set: None,
            regex_ids: Vec::new(),
            memo: PathMemo::default(),
        };
        let mut regex_sources = Vec::new();
        let mut wildcards: FxHashMap<String, Vec<(u32, String)>> = FxHashMap::default();
        for (f, file) in files.iter().enumerate() {
            let dialect = file.dialect;
            for (s, section) in file.sections.iter().enumerate() {
                let globs = [
                    (PatternKind::File, &section.files),
                    (PatternKind::Exclude, &section.excludes),
                ];
                for (kind, list) in globs {
                    for (index, (pattern, _)) in list.iter().enumerate() {
                        let reference = PatternRef {
                            file: f,
                            section: s,
                            kind,
                            index,
                        };
                        let id = matcher.patterns.len() as u32;
                        let compiled =
                            matcher.add_glob(id, pattern, dialect, tracked_dirs, &mut wildcards);
                        matcher.ids.insert(reference, id);
                        matcher.patterns.push((reference, compiled));
                    }
                }
                let regexes = [
                    (PatternKind::Regex, &section.regexes),
                    (PatternKind::RegexExclude, &section.regex_excludes),
                ];
                for (kind, list) in regexes {
                    for (index, (pattern, _)) in list.iter().enumerate() {
                        let reference = PatternRef {
                            file: f,
                            section: s,
                            kind,
                            index,
                        };
                        let id = matcher.patterns.len() as u32;
                        let compiled = match PathRegex::new(pattern, dialect) {
                            Ok(regex) => {
                                // The set holds the expression without its look-behind: a
                                // superset, narrowed by `PathRegex::is_match`.
                                regex_sources.push(PathRegex::parts(pattern, dialect).0);
                                matcher.regex_ids.push(id);
                                Compiled::Search(regex)
                            }
                            Err(_) => Compiled::Invalid,
                        };
                        matcher.ids.insert(reference, id);
                        matcher.patterns.push((reference, compiled));
                    }
                }
            }
        }
        // Patterns starting with the same directory are many where a directory holds many
        // boards' files (U-Boot: 181 under `arch/arm/dts/`): one search for all of them.
        let mut wildcards: Vec<(String, Vec<(u32, String)>)> = wildcards.into_iter().collect();
        wildcards.sort_unstable();
        for (key, patterns) in wildcards {
            if patterns.len() < WILDCARD_SET_MIN {
                for (id, _) in patterns {
                    matcher.prefixes.insert(&key, Prefixed::Wildcard(id));
                }
            } else {
                let at = matcher.wildcard_sets.len() as u32;
                matcher.prefixes.insert(&key, Prefixed::WildcardSet(at));
                let (ids, sources) = patterns.into_iter().unzip();
                matcher.wildcard_sets.push(WildcardSet {
                    ids,
                    sources,
                    key,
                    index: OnceLock::new(),
                });
            }
        }
        if !regex_sources.is_empty() {
            // When the set is too large to build, or the pattern budget cannot pay for it
            // (its regexes were charged when they were read), each regex is searched on its own.
            let sources: Vec<&str> = regex_sources.iter().map(String::as_str).collect();
            matcher.regex_set = crate::pattern_budget::charge_many(&sources, MAX_REGEX_BYTES)
                .ok()
                .and_then(|()| {
                    RegexSetBuilder::new(&regex_sources)
                        .size_limit(64 * MAX_REGEX_BYTES)
                        .build()
                        .ok()
                });
        }
        matcher
    }

    fn add_glob(
        &mut self,
        id: u32,
        pattern: &str,
        dialect: Dialect,
        tracked_dirs: &HashSet<String>,
        wildcards: &mut FxHashMap<String, Vec<(u32, String)>>,
    ) -> Compiled {
        let (key, wildcard) = literal_key(pattern);
        if wildcard {
            let Ok(source) = glob::maintainers_regex(pattern, dialect) else {
                return Compiled::Invalid;
            };
            wildcards
                .entry(key.to_string())
                .or_default()
                .push((id, source.clone()));
            return Compiled::Wildcard {
                key: key.to_string(),
                source,
                regex: OnceLock::new(),
            };
        }
        let linux = dialect == Dialect::Maintainers;
        let implicit_dir = linux && tracked_dirs.contains(pattern.trim_end_matches('/'));
        if pattern.ends_with('/') || implicit_dir {
            let dir = format!("{}/", pattern.trim_end_matches('/'));
            self.prefixes.insert(&dir, Prefixed::Dir(id));
            Compiled::LiteralDir(dir)
        } else {
            self.literal_files
                .entry(pattern.to_string())
                .or_default()
                .push(id);
            if linux {
                self.prefixes.insert(pattern, Prefixed::FileStart(id));
            }
            Compiled::LiteralFile {
                literal: pattern.to_string(),
                suffix: linux,
            }
        }
    }

    /// Every pattern (of every kind) that matches `path`, before exclusions are applied,
    /// appended to `out` in no particular order. For a `pattern-matches-nothing` check: run it
    /// over every tracked path and see which of [`Self::patterns`] never showed up.
    pub fn patterns_for(&self, path: &str, out: &mut Vec<PatternRef>) {
        let mut ids = Vec::new();
        self.ids_for(path, &mut ids);
        out.extend(ids.into_iter().map(|id| self.patterns[id as usize].0));
    }

    /// The ids of the patterns matching `path`, appended to `out`: [`Self::match_ids`],
    /// memoised per path.
    fn ids_for(&self, path: &str, out: &mut Vec<u32>) {
        self.memo
            .get_or_compute(path, out, |out| self.match_ids(path, out));
    }

    /// The ids of the patterns matching `path`, appended to `out`, computed.
    fn match_ids(&self, path: &str, out: &mut Vec<u32>) {
        // Where the last component starts: a literal file matches the paths it starts when it
        // ends within their last component.
        let last = path.rfind('/').map_or(0, |i| i + 1);
        let mut set_hits = Vec::new();
        self.prefixes.prefixes_of(path, |len, found| {
            // Each prefix's patterns in id order, as one by one, whether or not a set found them.
            let start = out.len();
            for entry in found {
                match *entry {
                    Prefixed::Dir(id) => out.push(id),
                    Prefixed::Wildcard(id) => {
                        if self.patterns[id as usize].1.is_match(path) {
                            out.push(id);
                        }
                    }
                    Prefixed::FileStart(id) => {
                        if len > last && len < path.len() && path.is_char_boundary(len) {
                            out.push(id);
                        }
                    }
                    Prefixed::WildcardSet(at) => {
                        self.wildcard_sets[at as usize].matches(self, path, &mut set_hits, out);
                    }
                }
            }
            out[start..].sort_unstable();
        });
        if let Some(ids) = self.literal_files.get(path) {
            out.extend(ids);
        }
        self.match_regexes(path, out);
    }

    /// The ids of the regexes (`N:`, `files-regex-exclude`) matching `path`, appended to `out`.
    fn match_regexes(&self, path: &str, out: &mut Vec<u32>) {
        match &self.regex_set {
            Some(set) => {
                for i in set.matches(path).iter() {
                    let id = self.regex_ids[i];
                    let exact = match &self.patterns[id as usize].1 {
                        Compiled::Search(regex) if regex.behind.is_some() => regex.is_match(path),
                        _ => true,
                    };
                    if exact {
                        out.push(id);
                    }
                }
            }
            None => {
                for &id in &self.regex_ids {
                    if let Compiled::Search(regex) = &self.patterns[id as usize].1
                        && regex.is_match(path)
                    {
                        out.push(id);
                    }
                }
            }
        }
    }

    /// Per pattern, in [`Self::patterns`] order, whether it matches at least one path of
    /// `lists` (each sorted, as the snapshot's files are): what running [`Self::patterns_for`]
    /// over every path would show, without resolving every path. A pattern that starts with a
    /// literal directory (or names a file or directory literally) is tested only on the paths
    /// that start with it, a sorted range found by binary search, up to the first that matches;
    /// the wildcard patterns searched as one set are tested together on their directory's
    /// range, and the regexes (`N:`), which have no literal start, together on every path until
    /// each has matched once.
    pub fn matches_any(&self, lists: &[&[String]]) -> Vec<bool> {
        let mut matched = vec![false; self.patterns.len()];
        let mut in_set = vec![false; self.patterns.len()];
        for set in &self.wildcard_sets {
            for &id in &set.ids {
                in_set[id as usize] = true;
            }
        }
        for (id, (_, compiled)) in self.patterns.iter().enumerate() {
            matched[id] = match compiled {
                Compiled::LiteralDir(dir) => paths_from(lists, dir).next().is_some(),
                Compiled::LiteralFile { literal, .. } => {
                    paths_from(lists, literal).any(|path| compiled.is_match(path))
                }
                Compiled::Wildcard { key, .. } if !in_set[id] => {
                    paths_from(lists, key).any(|path| compiled.is_match(path))
                }
                Compiled::Wildcard { .. } | Compiled::Search(_) | Compiled::Invalid => false,
            };
        }
        let mut hits = Vec::new();
        let mut found = Vec::new();
        for set in &self.wildcard_sets {
            let mut left = set.ids.len();
            for path in paths_from(lists, &set.key) {
                found.clear();
                set.matches(self, path, &mut hits, &mut found);
                for &id in &found {
                    if !std::mem::replace(&mut matched[id as usize], true) {
                        left -= 1;
                    }
                }
                if left == 0 {
                    break;
                }
            }
        }
        if !self.regex_ids.is_empty() {
            let mut left = self.regex_ids.len();
            for path in lists.iter().flat_map(|list| list.iter()) {
                found.clear();
                self.match_regexes(path, &mut found);
                for &id in &found {
                    if !std::mem::replace(&mut matched[id as usize], true) {
                        left -= 1;
                    }
                }
                if left == 0 {
                    break;
                }
            }
        }
        matched
    }

    /// How many of sorted `files` section `section` of file `file` applies to (as
    /// [`Self::sections_for`] decides: one of its `F:` or `N:` patterns matches and none of its
    /// exclusions does), and the first of them. Only the paths its patterns can match are
    /// tested: the ranges that start with each `F:` pattern's literal start, merged; every path
    /// when it has a regex or a glob without a literal directory.
    pub fn section_coverage(
        &self,
        file: usize,
        section: usize,
        files: &[String],
    ) -> (usize, Option<String>) {
        let start = self
            .patterns
            .partition_point(|(p, _)| (p.file, p.section) < (file, section));
        let end = start
            + self.patterns[start..]
                .partition_point(|(p, _)| (p.file, p.section) == (file, section));
        let own = &self.patterns[start..end];
        let mut ranges = Vec::new();
        for (reference, compiled) in own {
            let prefix = match (reference.kind, compiled) {
                (PatternKind::Exclude | PatternKind::RegexExclude, _) | (_, Compiled::Invalid) => {
                    continue;
                }
                (_, Compiled::LiteralDir(dir)) => dir.as_str(),
                (_, Compiled::LiteralFile { literal, .. }) => literal.as_str(),
                (_, Compiled::Wildcard { key, .. }) => key.as_str(),
                (_, Compiled::Search(_)) => "",
            };
            let first = files.partition_point(|p| p.as_str() < prefix);
            let last = first + files[first..].partition_point(|p| p.starts_with(prefix));
            if first < last {
                ranges.push((first, last));
            }
        }
        ranges.sort_unstable();
        let mut count = 0;
        let mut example = None;
        let mut next = 0;
        for (first, last) in ranges {
            for path in &files[first.max(next)..last.max(next)] {
                if self.applies(own, path) {
                    count += 1;
                    example.get_or_insert_with(|| path.clone());
                }
            }
            next = next.max(last);
        }
        (count, example)
    }

    /// Whether a section whose patterns are `own` applies to `path`.
    fn applies(&self, own: &[(PatternRef, Compiled)], path: &str) -> bool {
        let matches = |compiled: &Compiled| match compiled {
            // Tested only below the directory it starts with, as the prefix index does.
            Compiled::Wildcard { key, .. } => {
                path.starts_with(key.as_str()) && compiled.is_match(path)
            }
            _ => compiled.is_match(path),
        };
        let mut included = false;
        for (reference, compiled) in own {
            match reference.kind {
                PatternKind::File | PatternKind::Regex => {
                    included = included || matches(compiled);
                }
                PatternKind::Exclude | PatternKind::RegexExclude => {
                    if matches(compiled) {
                        return false;
                    }
                }
            }
        }
        included
    }

    /// The sections that apply to `path`, as `(file index, section index)` pairs in order;
    /// `out` is cleared first.
    pub fn sections_for(&self, path: &str, out: &mut Vec<(usize, usize)>) {
        out.clear();
        let mut ids = Vec::new();
        self.ids_for(path, &mut ids);
        let mut excluded = Vec::new();
        for id in ids {
            let reference = self.patterns[id as usize].0;
            let key = (reference.file, reference.section);
            match reference.kind {
                PatternKind::File | PatternKind::Regex => out.push(key),
                PatternKind::Exclude | PatternKind::RegexExclude => excluded.push(key),
            }
        }
        out.sort_unstable();
        out.dedup();
        if !excluded.is_empty() {
            out.retain(|key| !excluded.contains(key));
        }
    }

    /// Whether one pattern matches `path` on its own (exclusions not applied). `false` for a
    /// pattern that does not exist or does not compile.
    pub fn pattern_matches(&self, pattern: PatternRef, path: &str) -> bool {
        let Some(&id) = self.ids.get(&pattern) else {
            return false;
        };
        self.patterns[id as usize].1.is_match(path)
    }

    /// Whether the `index`-th `F:` pattern of a section matches `path`.
    pub fn file_pattern_matches(
        &self,
        file: usize,
        section: usize,
        index: usize,
        path: &str,
    ) -> bool {
        self.pattern_matches(
            PatternRef {
                file,
                section,
                kind: PatternKind::File,
                index,
            },
            path,
        )
    }

    /// Every pattern the matcher knows, in file, section and list order.
    pub fn patterns(&self) -> impl Iterator<Item = PatternRef> + '_ {
        self.patterns.iter().map(|(reference, _)| *reference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use proptest::prelude::*;

    /// A component of generated paths and patterns: few names, so that patterns hit paths.
    fn component() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["a", "b", "ab", "c.c", "x.h", "Kconfig"]).prop_map(String::from)
    }

    fn path() -> impl Strategy<Value = String> {
        prop::collection::vec(component(), 1..5).prop_map(|parts| parts.join("/"))
    }

    /// `F:`/`X:` patterns (literal files and directories, globs) and `N:` regexes (one with a
    /// look-behind, as U-Boot writes).
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            path().prop_map(|p| format!("F:\t{p}")),
            path().prop_map(|p| format!("F:\t{p}/")),
            path().prop_map(|p| format!("F:\t{p}*")),
            path().prop_map(|p| format!("F:\t*/{p}")),
            component().prop_map(|c| format!("F:\t*{c}")),
            component().prop_map(|c| format!("F:\ta/*{c}")),
            component().prop_map(|c| format!("F:\ta/b/{c}*")),
            component().prop_map(|c| format!("F:\ta/b/[ab]{c}")),
            component().prop_map(|c| format!("F:\ta/{{b,{c}}}")),
            component().prop_map(|c| format!("F:\ta/{{b/c,{c}}}/")),
            component().prop_map(|c| format!("X:\t{{a,{c}}}/b")),
            component().prop_map(|c| format!("X:\ta/*{c}")),
            path().prop_map(|p| format!("X:\t{p}")),
            component().prop_map(|c| format!("N:\t{}", regex::escape(&c))),
            component().prop_map(|c| format!("N:\t(?<!a/){}", regex::escape(&c))),
        ]
    }

    /// The matcher of one generated MAINTAINERS file of `sections`, with `dirs` tracked.
    fn matcher_of(sections: &[Vec<String>], dirs: Vec<String>) -> MaintainersMatcher {
        let text: String = sections
            .iter()
            .enumerate()
            .map(|(i, lines)| format!("S{i}\nM:\tm <m@x.org>\n{}\n\n", lines.join("\n")))
            .collect();
        let source = SourceFile::new("MAINTAINERS", &text);
        let file = crate::dialect::maintainers::parse(&source, &mut Vec::new());
        let dirs: HashSet<String> = dirs.into_iter().collect();
        MaintainersMatcher::new(std::slice::from_ref(&file), &dirs)
    }

    proptest! {
        /// Whether each pattern matches some path, found range by range, is what resolving
        /// every path of both lists finds; with enough patterns under one directory to be
        /// searched as a set.
        #[test]
        fn matches_any_is_every_path_resolved(
            sections in prop::collection::vec(prop::collection::vec(line(), 1..12), 1..12),
            files in prop::collection::vec(path(), 0..30),
            excluded in prop::collection::vec(path(), 0..6),
            dirs in prop::collection::vec(path(), 0..4),
        ) {
            let matcher = matcher_of(&sections, dirs);
            let mut files = files;
            files.sort_unstable();
            files.dedup();
            let mut excluded = excluded;
            excluded.sort_unstable();
            excluded.dedup();
            let mut seen = HashSet::new();
            let mut found = Vec::new();
            for path in files.iter().chain(&excluded) {
                found.clear();
                matcher.patterns_for(path, &mut found);
                seen.extend(found.iter().copied());
            }
            let expected: Vec<bool> = matcher.patterns().map(|p| seen.contains(&p)).collect();
            prop_assert_eq!(matcher.matches_any(&[&files, &excluded]), expected);
        }
    }

    proptest! {
        /// A section's coverage, found from the ranges its patterns can match, is what
        /// resolving every path with [`MaintainersMatcher::sections_for`] counts.
        #[test]
        fn section_coverage_is_every_path_resolved(
            sections in prop::collection::vec(prop::collection::vec(line(), 1..8), 1..10),
            files in prop::collection::vec(path(), 0..30),
            dirs in prop::collection::vec(path(), 0..4),
        ) {
            let matcher = matcher_of(&sections, dirs);
            let mut files = files;
            files.sort_unstable();
            files.dedup();
            let mut expected = vec![(0, None); sections.len()];
            let mut found = Vec::new();
            for path in &files {
                matcher.sections_for(path, &mut found);
                for &(_, s) in &found {
                    let entry: &mut (usize, Option<String>) = &mut expected[s];
                    entry.0 += 1;
                    entry.1.get_or_insert_with(|| path.clone());
                }
            }
            for (s, expected) in expected.iter().enumerate() {
                prop_assert_eq!(&matcher.section_coverage(0, s, &files), expected, "section {}", s);
            }
        }
    }

    proptest! {
        /// The memoised answer, asked twice, is the computed one, and the computed one is what
        /// testing each pattern on its own finds.
        #[test]
        fn memoised_ids_agree_with_computed_ones(
            sections in prop::collection::vec(prop::collection::vec(line(), 1..6), 1..10),
            paths in prop::collection::vec(path(), 1..20),
            dirs in prop::collection::vec(path(), 0..4),
        ) {
            let text: String = sections
                .iter()
                .enumerate()
                .map(|(i, lines)| format!("S{i}\nM:\tm <m@x.org>\n{}\n\n", lines.join("\n")))
                .collect();
            let source = SourceFile::new("MAINTAINERS", &text);
            let file = crate::dialect::maintainers::parse(&source, &mut Vec::new());
            let dirs: HashSet<String> = dirs.into_iter().collect();
            let matcher = MaintainersMatcher::new(std::slice::from_ref(&file), &dirs);
            for round in 0..2 {
                for path in &paths {
                    let mut computed = Vec::new();
                    matcher.match_ids(path, &mut computed);
                    // The indexes (prefixes, wildcard sets, the regex set) find exactly the
                    // patterns that match on their own.
                    let mut one_by_one: Vec<u32> = (0..matcher.patterns.len() as u32)
                        .filter(|&id| matcher.patterns[id as usize].1.is_match(path))
                        .collect();
                    let mut found = computed.clone();
                    found.sort_unstable();
                    one_by_one.sort_unstable();
                    prop_assert_eq!(&found, &one_by_one, "path {}", path);
                    let mut memoised = vec![u32::MAX];
                    matcher.ids_for(path, &mut memoised);
                    prop_assert_eq!(&memoised[1..], &computed[..], "round {} path {}", round, path);
                }
            }
        }
    }
}
