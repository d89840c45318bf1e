//! The history index: one pass over the commits of the window, built once per run, that the
//! history rules query. No rule walks git itself.

pub mod cache;
pub mod decided_cache;
pub mod dense_diff;
pub mod evidence;
pub mod facts;
pub mod identity_index;
pub mod merge_edits;
pub mod objects;
pub mod read_ahead;
pub mod records;
pub mod trailers;
pub mod treediff;
pub mod walk;
pub mod xdiff;

use git2::Oid;

use crate::error::Error;
use crate::side_by_side::SecondCore;
use facts::CommitFacts;
use walk::Coverage;

/// The time window history is read over: `[start, end]`, in seconds since the epoch. `end` is
/// the anchor instant (`--as-of`, or the checked revision's time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: i64,
    pub end: i64,
}

/// The commits of the window and how much history there was to read.
#[derive(Debug)]
pub struct History {
    pub window: Window,
    /// Newest first.
    pub commits: Vec<CommitFacts>,
    pub coverage: Coverage,
    /// Whether the repository is a shallow clone.
    pub shallow: bool,
    /// Why an existing cache file was not used, if it was not.
    pub cache_note: Option<String>,
}

/// Reads the window's history from `tip`, through the cache unless `use_cache` is false;
/// returns it with the cache, which holds the commits this read added, for the caller to save
/// ([`cache::Cache::save`]) when it chooses. The merges among the commits the cache lacks are
/// judged on a second thread too once `second_core` is free.
pub fn read(
    repo: &git2::Repository,
    tip: Oid,
    window: Window,
    use_cache: bool,
    second_core: &SecondCore,
    progress: &mut dyn FnMut(usize),
) -> Result<(History, cache::Cache), Error> {
    let (mut cache, cache_note) = if use_cache {
        cache::Cache::load(cache::Cache::path_in(repo.commondir()))
    } else {
        (cache::Cache::disabled(), None)
    };
    let walked = walk::walk(
        repo,
        tip,
        window.start,
        window.end,
        &mut cache,
        second_core,
        progress,
    )
    .map_err(|e| Error::git("cannot read the history", e))?;
    let history = History {
        window,
        commits: walked.commits,
        coverage: walked.coverage,
        shallow: repo.is_shallow(),
        cache_note,
    };
    Ok((history, cache))
}

/// Commits a warm read ([`read_warm`]) reads beyond the cache: those made since the cache was
/// last filled. A few tree diffs each; more means the cache is cold.
pub const WARM_TOP_UP: usize = 64;

/// Reads the window's history from the cache alone, as a pre-commit hook must (`--staged`):
/// `Ok(Err(why))`, and nothing walked, when there is no usable cache or it lacks more than
/// [`WARM_TOP_UP`] of the window's commits. The few commits it tops up are saved.
pub fn read_warm(
    repo: &git2::Repository,
    tip: Oid,
    window: Window,
) -> Result<Result<History, String>, Error> {
    let (mut cache, note) = cache::Cache::load(cache::Cache::path_in(repo.commondir()));
    if cache.is_empty() {
        let why = match note {
            Some(note) => format!("the history cache cannot be used ({note})"),
            None => "there is no history cache yet".to_string(),
        };
        return Ok(Err(why));
    }
    let walked = walk::walk_within(
        repo,
        tip,
        (window.start, window.end),
        &mut cache,
        Some(WARM_TOP_UP),
        // Too few commits to share.
        &SecondCore::free(),
        &mut |_| {},
    )
    .map_err(|e| Error::git("cannot read the history", e))?;
    let Some(walked) = walked else {
        return Ok(Err(format!(
            "the history cache lacks more than {WARM_TOP_UP} commits of the window"
        )));
    };
    let _ = cache.save();
    Ok(Ok(History {
        window,
        commits: walked.commits,
        coverage: walked.coverage,
        shallow: repo.is_shallow(),
        cache_note: None,
    }))
}

impl History {
    /// The history of a repository without a commit.
    pub fn empty(window: Window) -> History {
        History {
            window,
            commits: Vec::new(),
            coverage: Default::default(),
            shallow: false,
            cache_note: None,
        }
    }

    /// Whether the history read covers the `lookback` before the window's end: the window
    /// reaches that far and the repository's history (not a shallow cut) does too.
    pub fn covers(&self, lookback: i64) -> bool {
        let needed = self.window.end - lookback;
        if self.window.start > needed {
            return false;
        }
        if self.coverage.shallow_boundary.is_some_and(|b| b > needed) {
            return false;
        }
        self.coverage.passed_start || self.coverage.root_time.is_some_and(|root| root <= needed)
    }

    /// Whether the history read could show activity at `instant` or later: no shallow clone's
    /// cut falls after it.
    pub fn reaches_back_to(&self, instant: i64) -> bool {
        self.coverage.shallow_boundary.is_none_or(|b| b <= instant)
    }

    /// Whether every commit of the whole window was read with its changed paths: no tree was
    /// missing, no shallow cut falls inside the window, and the walk went past the window's
    /// start or reached the first commit. Rules that count changes per area
    /// need this; partial counts would name the wrong people.
    pub fn paths_complete(&self) -> bool {
        // A repository younger than the window has all of its commits read: complete.
        self.coverage.missing_trees == 0
            && self
                .coverage
                .shallow_boundary
                .is_none_or(|b| b < self.window.start)
            && (self.coverage.passed_start || self.coverage.root_time.is_some())
    }
}
