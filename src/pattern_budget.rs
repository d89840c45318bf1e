//! One budget for every pattern compiled from repository input: OWNERS `filters`, Chromium
//! `per-file` globs, MAINTAINERS `N:` and `F:` patterns, CODEOWNERS patterns, `.gitattributes`
//! and the configuration's globs.
//!
//! Each pattern already has a cap of its own (regex's `size_limit`), but nothing bounded their
//! sum: 74 KB of short OWNERS filters such as `x1\w` compiled into 1.9 GB. Every compile from
//! repository input now goes through [`regex`], [`charge`] or [`charge_glob`], which measure
//! the pattern's compiled size (the Thompson NFA that regex's `size_limit` limits, measured
//! with regex-automata, the engine regex is built on) and charge it, with one more pattern, to
//! the budget of the current [`scope`]. A pattern the budget cannot pay for is refused with a
//! message saying so, which each caller reports where the pattern stands.
//!
//! What is charged is what is kept for the run: OWNERS filters, the per-file expressions of
//! Chromium areas, MAINTAINERS `N:` regexes and wildcard `F:`/`X:` patterns (charged when the
//! file is read, for the matcher that compiles them later), the MAINTAINERS regex set, each
//! CODEOWNERS file's set, `.gitattributes` and `exclude` globs. A compile made only to check a
//! pattern and dropped at once (a Chromium glob's validation, a handover document glob tried
//! against the file list) is bounded by its own size limit and not charged.
//!
//! A scope is one reading of a repository (the engine's `Session::open`) or of
//! one old version of an ownership file (the history's ownership changes): everything compiled
//! within it on its thread counts against one [`Budget`]. Outside any scope a thread charges a
//! budget of its own, which lives as long as the thread.

use std::cell::RefCell;

use crate::plural::count;

use regex_automata::nfa::thompson;

/// The most patterns one scope compiles.
pub const MAX_PATTERNS: usize = 100_000;
/// The most compiled bytes (Thompson NFA) one scope's patterns add up to. Real repositories'
/// patterns are a few hundred bytes to a few kilobytes each; a Unicode class such as `\w` is
/// about 18 KB.
pub const MAX_COMPILED_BYTES: usize = 32 * 1024 * 1024;

/// What a scope has compiled so far, and its limits.
#[derive(Debug, Clone)]
pub struct Budget {
    patterns: usize,
    bytes: usize,
    max_patterns: usize,
    max_bytes: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget::new(MAX_PATTERNS, MAX_COMPILED_BYTES)
    }
}

impl Budget {
    pub fn new(max_patterns: usize, max_bytes: usize) -> Budget {
        Budget {
            patterns: 0,
            bytes: 0,
            max_patterns,
            max_bytes,
        }
    }

    /// Takes one pattern of `bytes` from the budget, or says why it cannot.
    fn take(&mut self, bytes: usize) -> Result<(), String> {
        let patterns = self.patterns + 1;
        let total = self.bytes.saturating_add(bytes);
        if patterns > self.max_patterns || total > self.max_bytes {
            return Err(format!(
                "over the budget for compiled patterns: the patterns before it already compile \
                 to {} in {}, and the limit is {} in {}",
                count(self.bytes, "byte", "bytes"),
                count(self.patterns, "pattern", "patterns"),
                count(self.max_bytes, "byte", "bytes"),
                count(self.max_patterns, "pattern", "patterns")
            ));
        }
        self.patterns = patterns;
        self.bytes = total;
        Ok(())
    }
}

thread_local! {
    static CURRENT: RefCell<Budget> = RefCell::new(Budget::default());
    static COMPILER: RefCell<thompson::Compiler> = RefCell::new(thompson::Compiler::new());
}

/// Runs `f` with `budget` as this thread's budget, then puts the previous one back.
pub fn scope_with<R>(budget: Budget, f: impl FnOnce() -> R) -> R {
    let previous = CURRENT.with(|current| current.replace(budget));
    struct Restore(Option<Budget>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(previous) = self.0.take() {
                CURRENT.with(|current| current.replace(previous));
            }
        }
    }
    let _restore = Restore(Some(previous));
    f()
}

/// Runs `f` with a fresh [`Budget::default`] as this thread's budget.
pub fn scope<R>(f: impl FnOnce() -> R) -> R {
    scope_with(Budget::default(), f)
}

/// What the current scope has charged so far: patterns, and their compiled bytes.
pub fn used() -> (usize, usize) {
    CURRENT.with(|current| {
        let budget = current.borrow();
        (budget.patterns, budget.bytes)
    })
}

/// Charges `patterns` patterns of `bytes` compiled bytes in all, charged before in another
/// scope (what a remembered parse compiled), if the current scope can pay for all of them;
/// else charges nothing and says so.
pub fn take_all(patterns: usize, bytes: usize) -> bool {
    CURRENT.with(|current| {
        let mut budget = current.borrow_mut();
        let total_patterns = budget.patterns.saturating_add(patterns);
        let total_bytes = budget.bytes.saturating_add(bytes);
        if total_patterns > budget.max_patterns || total_bytes > budget.max_bytes {
            return false;
        }
        budget.patterns = total_patterns;
        budget.bytes = total_bytes;
        true
    })
}

/// Whether the current scope can still pay for one more pattern of `bytes`: when it can for
/// the largest pattern a caller charges, none of that caller's patterns was refused so far.
pub fn has_room_for(bytes: usize) -> bool {
    CURRENT.with(|current| {
        let budget = current.borrow();
        budget.patterns < budget.max_patterns
            && budget.bytes.saturating_add(bytes) <= budget.max_bytes
    })
}

/// Why a pattern was not compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// It is not a valid pattern, or alone is over its own size limit (regex's message).
    Invalid(String),
    /// The scope's budget cannot pay for it.
    OverBudget(String),
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatternError::Invalid(m) | PatternError::OverBudget(m) => f.write_str(m),
        }
    }
}

/// The last line of a regex error (the reason, without the pattern drawn above it).
pub(crate) fn reason(error: &dyn std::fmt::Display) -> String {
    let text = error.to_string();
    text.lines().last().unwrap_or("invalid").trim().to_string()
}

/// What a pattern matches: text (`regex::Regex`, which must match valid UTF-8) or bytes
/// (`regex::bytes::Regex`, and globset's globs), as the measurement must parse it the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Haystack {
    Text,
    Bytes,
}

/// Measures the patterns' compiled size (one NFA over all of them, as a set compiles them),
/// up to `limit` bytes.
fn measure(patterns: &[&str], limit: usize, haystack: Haystack) -> Result<usize, PatternError> {
    let utf8 = haystack == Haystack::Text;
    // A compiler allocates large caches when it is made: one per thread is reused.
    COMPILER.with(|compiler| {
        let mut compiler = compiler.borrow_mut();
        compiler
            .syntax(regex_automata::util::syntax::Config::new().utf8(utf8))
            .configure(
                thompson::Config::new()
                    .utf8(utf8)
                    .nfa_size_limit(Some(limit)),
            );
        let nfa = compiler
            .build_many(patterns)
            .map_err(|e| PatternError::Invalid(reason(&e)))?;
        Ok(nfa.memory_usage())
    })
}

/// Charges the patterns `sources` (regular expressions compiled together for `haystack`, each
/// at most `limit` bytes) to the current scope's budget, as one more pattern.
pub fn charge_many_for(
    sources: &[&str],
    limit: usize,
    haystack: Haystack,
) -> Result<(), PatternError> {
    // The same sources measure the same every time: measured once per process.
    let limit = limit.saturating_mul(sources.len().max(1));
    let bytes = crate::pattern_memo::measured(sources, limit, haystack, || {
        measure(sources, limit, haystack)
    })?;
    CURRENT
        .with(|current| current.borrow_mut().take(bytes))
        .map_err(PatternError::OverBudget)
}

/// The compiled size of `source` (one pattern matching text, up to `limit` bytes), measured
/// once per process and charged to no budget: what keeping it costs.
pub(crate) fn compiled_size(source: &str, limit: usize) -> Option<usize> {
    let sources = [source];
    crate::pattern_memo::measured(&sources, limit, Haystack::Text, || {
        measure(&sources, limit, Haystack::Text)
    })
    .ok()
}

/// [`charge_many_for`] text.
pub fn charge_many(sources: &[&str], limit: usize) -> Result<(), PatternError> {
    charge_many_for(sources, limit, Haystack::Text)
}

/// Charges the regular expression `source` (of at most `limit` compiled bytes, matching
/// text) to the current scope's budget: call it for a pattern compiled elsewhere.
pub fn charge(source: &str, limit: usize) -> Result<(), PatternError> {
    charge_many_for(&[source], limit, Haystack::Text)
}

/// [`charge`] for a `regex::bytes` pattern.
pub fn charge_bytes(source: &str, limit: usize) -> Result<(), PatternError> {
    charge_many_for(&[source], limit, Haystack::Bytes)
}

/// Charges `source` and compiles it with regex's `size_limit(limit)`. The budget is asked
/// first, so that a pattern past it costs only its measurement; an invalid pattern is
/// reported with regex's own message.
pub fn regex(source: &str, limit: usize) -> Result<std::sync::Arc<regex::Regex>, PatternError> {
    if let Err(PatternError::OverBudget(why)) = charge(source, limit) {
        return Err(PatternError::OverBudget(why));
    }
    crate::pattern_memo::compiled(source, limit)
}

/// The compiled-size limit of one glob (globset compiles globs to regular expressions).
pub const MAX_GLOB_BYTES: usize = 1024 * 1024;

/// Charges a glob (as globset compiles it) to the current scope's budget.
pub fn charge_glob(glob: &globset::Glob) -> Result<(), PatternError> {
    charge_bytes(glob.regex(), MAX_GLOB_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_counts_patterns_and_bytes() {
        scope_with(Budget::new(3, usize::MAX), || {
            for _ in 0..3 {
                regex("a", 1 << 20).unwrap();
            }
            let refused = regex("b", 1 << 20).unwrap_err();
            assert!(matches!(refused, PatternError::OverBudget(_)), "{refused}");
            assert!(refused.to_string().contains("in 3 patterns"), "{refused}");
        });
        // `\w` compiles to thousands of bytes: two do not fit in 20 KB.
        scope_with(Budget::new(100, 20 * 1024), || {
            regex(r"x\w", 1 << 20).unwrap();
            let refused = regex(r"y\w", 1 << 20).unwrap_err();
            assert!(matches!(refused, PatternError::OverBudget(_)), "{refused}");
        });
        // An invalid pattern is reported as such and costs nothing.
        scope_with(Budget::new(1, usize::MAX), || {
            assert!(matches!(regex("(", 1 << 20), Err(PatternError::Invalid(_))));
            regex("a", 1 << 20).unwrap();
        });
    }

    /// Issue 13, item 4: every parser that keeps compiled patterns charges this budget, and
    /// reports the pattern it cannot pay for where it stands.
    #[test]
    fn every_kept_pattern_is_charged_and_the_refused_one_located() {
        use crate::source::SourceFile;
        let two = || Budget::new(2, usize::MAX);
        let at_line = |d: &crate::diagnostics::Diagnostic, source: &SourceFile| {
            source.line_of(d.span.expect("located").start)
        };

        let owners = SourceFile::new(
            "OWNERS",
            "filters:\n  'a': {approvers: [x]}\n  'b': {approvers: [x]}\n  'c': {approvers: [x]}\n",
        );
        let mut out = Vec::new();
        scope_with(two(), || crate::dialect::owners::parse(&owners, &mut out));
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(
            out[0]
                .message
                .contains("filter `c` is not used: over the budget")
        );
        assert_eq!(at_line(&out[0], &owners), 4);

        let maintainers = SourceFile::new(
            "MAINTAINERS",
            "A\nM:\ta <a@x.org>\nS:\tMaintained\nN:\talpha\nF:\tdocs/*.txt\nN:\tgamma\n",
        );
        let mut out = Vec::new();
        scope_with(two(), || {
            crate::dialect::maintainers::parse(&maintainers, &mut out)
        });
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].message.contains("gamma"), "{}", out[0].message);
        assert_eq!(at_line(&out[0], &maintainers), 6);

        let codeowners = SourceFile::new("CODEOWNERS", "/a?/ @x\n/b?/ @x\n/c?/ @x\n");
        let file = crate::dialect::codeowners::parse(
            &codeowners,
            crate::dialect::codeowners::Flavor::Github,
            &mut Vec::new(),
        );
        let matcher = scope_with(two(), || {
            crate::dialect::codeowners::matcher::Matcher::new(&file)
        });
        let refused: Vec<usize> = matcher
            .over_budget()
            .iter()
            .map(|(line, _)| *line)
            .collect();
        assert_eq!(refused, vec![2]);

        let attributes = scope_with(two(), || {
            crate::attributes::Attributes::new(&[(
                ".gitattributes".to_string(),
                "a/* linguist-vendored\nb/* linguist-vendored\nc/* linguist-vendored\n".to_string(),
            )])
        });
        assert_eq!(attributes.over_budget.len(), 1);
        assert_eq!(attributes.over_budget[0].1, 3);
        assert!(attributes.is_vendored("b/x") && !attributes.is_vendored("c/x"));

        let config = SourceFile::new(".ownlint.yaml", "exclude:\n  - a/\n  - b/*.go\n");
        let error = scope_with(two(), || {
            crate::config::Config::parse(config, &mut Vec::new())
        })
        .expect_err("over the budget");
        assert!(error.to_string().starts_with(".ownlint.yaml:3:"), "{error}");

        let chromium = SourceFile::new(
            "OWNERS",
            "per-file *.a=x@y.z\nper-file *.b=x@y.z\nper-file *.c=x@y.z\n",
        );
        let mut out = Vec::new();
        let area = scope_with(two(), || {
            let file = crate::dialect::chromium::parse(&chromium, &mut out);
            let mut lowering = crate::dialect::chromium::includes::Lowering::new(|_: &str| {
                crate::dialect::chromium::includes::Loaded::Missing
            });
            lowering.lower(file, &mut out)
        });
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(at_line(&out[0], &chromium), 3);
        assert!(area.filters[2].regex.is_none() && area.filters[1].regex.is_some());
    }

    #[test]
    fn scopes_nest_and_restore() {
        scope_with(Budget::new(1, usize::MAX), || {
            scope(|| {
                regex("a", 1 << 20).unwrap();
                regex("b", 1 << 20).unwrap();
            });
            regex("c", 1 << 20).unwrap();
            assert!(regex("d", 1 << 20).is_err());
        });
    }
}
