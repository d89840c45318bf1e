//! Patterns compiled once per process.
//!
//! The same pattern text is compiled again and again in one run: a Chromium tree repeats a
//! handful of `per-file` globs (`*.mojom`, `*_unittest.cc`) in thousands of OWNERS files, and
//! the history's ownership changes read every version of a MAINTAINERS file that the window
//! touched, each with the same hundreds of `N:` and `F:` patterns as the last. Compiling a
//! regular expression is the costly part of reading such files (on a generated Chromium-shaped
//! tree of 2,762 OWNERS files, most of the pre-commit hook's time), and its result depends on
//! the text and the limits alone, so it is kept and shared:
//!
//! * [`measured`]: the compiled size [`crate::pattern_budget`] charges, per list of sources,
//!   limit and haystack kind; a hit is still charged to the caller's budget (the memo saves the
//!   work, not the accounting);
//! * [`compiled`]: the `regex::Regex` built with a size limit (or its error), per source and
//!   limit, shared: one `Regex` also shares its search caches (a lazy DFA's states are built
//!   once, not once per OWNERS file that repeats the glob).
//!
//! Both are bounded ([`MAX_KEY_BYTES`] of pattern text, [`MAX_KEPT_BYTES`] of compiled
//! programs, counted from their measured size, [`MAX_ENTRIES`] each): past the bounds a
//! pattern is compiled and not kept, so hostile input costs time, never unbounded memory. (The
//! history reads each version of an ownership file in a budget of its own, so without the
//! bound a hostile history's distinct heavy patterns, each dropped after its version before,
//! would all stay alive.)

use std::sync::{Arc, Mutex, MutexGuard};

use rustc_hash::FxHashMap;

use crate::pattern_budget::{Haystack, PatternError};

/// The most pattern text (keys) the memo keeps, over both maps.
pub const MAX_KEY_BYTES: usize = 16 << 20;
/// The most compiled bytes (as measured, or the source length for compiles that were not
/// measured) of the regexes the memo keeps alive.
pub const MAX_KEPT_BYTES: usize = 64 << 20;
/// The most entries in each map.
pub const MAX_ENTRIES: usize = 1 << 16;
/// What a kept regex is counted for, per byte of its measured NFA.
const KEPT_PER_NFA_BYTE: usize = 3;

type MeasureKey = (Box<[Box<str>]>, usize, Haystack);

#[derive(Default)]
struct Memo {
    measured: FxHashMap<MeasureKey, Result<usize, PatternError>>,
    compiled: FxHashMap<(Box<str>, usize), Result<Arc<regex::Regex>, PatternError>>,
    key_bytes: usize,
    kept_bytes: usize,
}

static MEMO: Mutex<Option<Memo>> = Mutex::new(None);

/// The memo, or `None` when a panic elsewhere poisoned its lock (the memo is then skipped).
fn memo() -> Option<MutexGuard<'static, Option<Memo>>> {
    MEMO.lock().ok()
}

/// The compiled size of `sources` (compiled together, up to `limit`, for `haystack`), from the
/// memo or from `measure`.
pub fn measured(
    sources: &[&str],
    limit: usize,
    haystack: Haystack,
    measure: impl FnOnce() -> Result<usize, PatternError>,
) -> Result<usize, PatternError> {
    let key: MeasureKey = (
        sources.iter().map(|s| Box::<str>::from(*s)).collect(),
        limit,
        haystack,
    );
    if let Some(guard) = memo()
        && let Some(known) = guard.as_ref().and_then(|m| m.measured.get(&key))
    {
        return known.clone();
    }
    let answer = measure();
    let key_bytes: usize = sources.iter().map(|s| s.len()).sum();
    if let Some(mut guard) = memo() {
        let memo = guard.get_or_insert_with(Memo::default);
        if memo.measured.len() < MAX_ENTRIES && memo.key_bytes + key_bytes <= MAX_KEY_BYTES {
            memo.key_bytes += key_bytes;
            memo.measured.insert(key, answer.clone());
        }
    }
    answer
}

/// `source` compiled with regex's `size_limit(limit)`, from the memo or compiled now; an
/// invalid pattern's error is regex's own last line.
pub fn compiled(source: &str, limit: usize) -> Result<Arc<regex::Regex>, PatternError> {
    let key = (Box::<str>::from(source), limit);
    if let Some(guard) = memo()
        && let Some(known) = guard.as_ref().and_then(|m| m.compiled.get(&key))
    {
        return known.clone();
    }
    let answer = regex::RegexBuilder::new(source)
        .size_limit(limit)
        .build()
        .map(Arc::new)
        .map_err(|e| PatternError::Invalid(crate::pattern_budget::reason(&e)));
    // What keeping it costs: a compiled regex holds its NFA (measured, as the budget measures
    // it) a few times over (forward, reverse, prefilter); its size limit when not measurable.
    let kept = match &answer {
        Ok(_) => crate::pattern_budget::compiled_size(source, limit)
            .map_or(limit, |bytes| bytes.saturating_mul(KEPT_PER_NFA_BYTE)),
        Err(_) => 0,
    };
    if let Some(mut guard) = memo() {
        let memo = guard.get_or_insert_with(Memo::default);
        if memo.compiled.len() < MAX_ENTRIES
            && memo.key_bytes + source.len() <= MAX_KEY_BYTES
            && memo.kept_bytes + kept <= MAX_KEPT_BYTES
        {
            memo.key_bytes += source.len();
            memo.kept_bytes += kept;
            memo.compiled.insert(key, answer.clone());
        }
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measure_is_computed_once_per_sources_limit_and_haystack() {
        let mut calls = 0;
        let mut ask = |sources: &[&str], limit, haystack| {
            measured(sources, limit, haystack, || {
                calls += 1;
                Ok(42)
            })
        };
        let unique = "pattern_memo_test_a_[0-9]+";
        assert_eq!(ask(&[unique], 100, Haystack::Text), Ok(42));
        assert_eq!(ask(&[unique], 100, Haystack::Text), Ok(42));
        assert_eq!(ask(&[unique], 101, Haystack::Text), Ok(42));
        assert_eq!(ask(&[unique], 100, Haystack::Bytes), Ok(42));
        assert_eq!(ask(&[unique, "b"], 100, Haystack::Text), Ok(42));
        assert_eq!(calls, 4);
    }

    /// Distinct heavy patterns (each `\\w` class is kilobytes of NFA) fill the memo by their
    /// measured size, not by their short text: most are compiled and not kept.
    #[test]
    fn heavy_patterns_are_kept_by_their_measured_size() {
        let heavy = 200;
        for i in 0..heavy {
            compiled(&format!(r"\w{{12}}pattern_memo_heavy_{i}"), 1 << 22).unwrap();
        }
        let guard = memo().unwrap();
        let memo = guard.as_ref().unwrap();
        let kept = (0..heavy)
            .filter(|i| {
                let key = (
                    format!(r"\w{{12}}pattern_memo_heavy_{i}").into_boxed_str(),
                    1 << 22,
                );
                memo.compiled.contains_key(&key)
            })
            .count();
        assert!(memo.kept_bytes <= MAX_KEPT_BYTES, "{}", memo.kept_bytes);
        assert!(kept < heavy, "all {heavy} heavy patterns kept");
    }

    #[test]
    fn a_compile_is_shared_and_errors_are_kept_too() {
        let a = compiled("pattern_memo_test_b_x+", 1 << 20).unwrap();
        let b = compiled("pattern_memo_test_b_x+", 1 << 20).unwrap();
        assert!(a.is_match("pattern_memo_test_b_xx") && b.is_match("pattern_memo_test_b_x"));
        assert!(Arc::ptr_eq(&a, &b), "one compiled regex, shared");
        let first = compiled("pattern_memo_test_c_(", 1 << 20).unwrap_err();
        assert_eq!(
            compiled("pattern_memo_test_c_(", 1 << 20).unwrap_err(),
            first
        );
        // The limit is part of the key: a pattern too big for a small limit still compiles
        // under a large one.
        assert!(compiled(r"\w{50}", 100).is_err());
        assert!(compiled(r"\w{50}", 1 << 24).is_ok());
    }
}
