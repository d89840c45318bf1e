//! A memo of a pattern matcher's answers per path.
//!
//! Several consumers ask a pattern system about every tracked file of the same snapshot:
//! `unowned-path`, each system's line or section coverage (`pattern-matches-nothing`,
//! `maintainers-status`, ...), the history evidence for the paths commits touch. A matcher's
//! answer depends on the path alone, so the first one pays for the match and the others read
//! it back: one hash lookup instead of a walk of the prefix index, the glob regexes and the
//! `N:` set.
//!
//! The memo is bounded ([`MAX_ENTRIES`]): past it answers are computed and not kept, so a
//! hostile history of millions of distinct paths costs time, not memory.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

/// How many paths a memo keeps at most.
pub const MAX_ENTRIES: usize = 1 << 20;

/// Answers (a list of small ids) per path, computed once each.
///
/// The paths are spread over [`SHARDS`] maps of their own lock, by hash: two threads asking
/// about every tracked file (a pattern system's coverage counted in two halves) otherwise
/// spend as long waiting on one lock as computing the answers.
#[derive(Default)]
pub struct PathMemo {
    shards: [Mutex<Answers>; SHARDS],
}

/// One shard of a [`PathMemo`]: answers by path.
type Answers = FxHashMap<Box<str>, Box<[u32]>>;

/// How many locked maps a [`PathMemo`] spreads its paths over.
const SHARDS: usize = 16;

impl std::fmt::Debug for PathMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len: usize = self
            .shards
            .iter()
            .map(|shard| shard.lock().map_or(0, |answers| answers.len()))
            .sum();
        f.debug_struct("PathMemo").field("paths", &len).finish()
    }
}

impl PathMemo {
    /// Appends to `out` the answer for `path`: the memoised one, or the one `compute` appends
    /// to an empty vector (kept for the next call while the memo is not full).
    pub fn get_or_compute(
        &self,
        path: &str,
        out: &mut Vec<u32>,
        compute: impl FnOnce(&mut Vec<u32>),
    ) {
        let shard = &self.shards[shard_of(path)];
        // A poisoned lock (a panic elsewhere while it was held) only loses the memo.
        if let Ok(answers) = shard.lock()
            && let Some(answer) = answers.get(path)
        {
            out.extend_from_slice(answer);
            return;
        }
        let start = out.len();
        compute(out);
        if let Ok(mut answers) = shard.lock()
            && answers.len() < MAX_ENTRIES / SHARDS
        {
            answers.insert(path.into(), out[start..].into());
        }
    }
}

/// Which of the [`PathMemo`]'s maps holds `path`.
fn shard_of(path: &str) -> usize {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(path) as usize % SHARDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_each_path_once_and_appends() {
        let memo = PathMemo::default();
        let mut calls = 0;
        let mut out = vec![7];
        memo.get_or_compute("a/b", &mut out, |out| {
            calls += 1;
            out.extend([1, 2]);
        });
        memo.get_or_compute("a/b", &mut out, |out| {
            calls += 1;
            out.push(99);
        });
        assert_eq!(calls, 1);
        assert_eq!(out, [7, 1, 2, 1, 2]);
        let mut other = Vec::new();
        memo.get_or_compute("a", &mut other, |out| out.push(3));
        assert_eq!(other, [3]);
    }
}
