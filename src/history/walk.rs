//! The history walk: commits reachable from the tip, newest first by commit time, read until
//! the window's start. A binary heap replaces libgit2's sorted revwalk, which reads the whole
//! history before yielding its first commit.

use std::collections::BinaryHeap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use git2::{Oid, Repository};

use super::cache::Cache;
use super::facts::CommitFacts;
use super::merge_edits::{Budget, MergeEdits};
use super::objects::{RawCommit, parse_commit};
use super::trailers::{github_merge_handle, trailers};
use super::treediff::TreeDiff;

/// How much history the walk found, to tell evidence from its absence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// A commit older than the window's start was reached: the window is fully covered.
    pub passed_start: bool,
    /// The oldest root commit reached (the repository's history starts there).
    pub root_time: Option<i64>,
    /// The newest commit whose parents are missing (a shallow clone's boundary).
    pub shallow_boundary: Option<i64>,
    /// Commits whose trees could not all be read (a partial clone).
    pub missing_trees: usize,
    /// Commits read from the object database, and from the cache.
    pub read: usize,
    pub cached: usize,
}

/// Commits within `[start, end]` reachable from `tip`, newest first, with coverage.
pub struct Walk {
    pub commits: Vec<CommitFacts>,
    pub coverage: Coverage,
}

/// Walks from `tip` down to `start`. Commits newer than `end` are traversed but not returned.
/// `progress` is called with the number of commits seen so far, every 1,000 commits.
pub fn walk(
    repo: &Repository,
    tip: Oid,
    start: i64,
    end: i64,
    cache: &mut Cache,
    progress: &mut dyn FnMut(usize),
) -> Result<Walk, git2::Error> {
    let walked = walk_within(repo, tip, (start, end), cache, None, progress)?;
    walked.ok_or_else(|| git2::Error::from_str("the history walk stopped early"))
}

/// Like [`walk`], but reads at most `uncached` commits that the cache does not hold (when
/// given): `None` when the window needs more, so that a warm cache is used and a cold one never
/// turns into a full walk.
pub fn walk_within(
    repo: &Repository,
    tip: Oid,
    (start, end): (i64, i64),
    cache: &mut Cache,
    mut uncached: Option<usize>,
    progress: &mut dyn FnMut(usize),
) -> Result<Option<Walk>, git2::Error> {
    let odb = repo.odb()?;
    let tree_odb = repo.odb()?;
    let mut diff = TreeDiff::new(&tree_odb);
    let merge_edits = MergeEdits::new(&tree_odb);
    let mut coverage = Coverage::default();
    let mut heap: BinaryHeap<(i64, Oid)> = BinaryHeap::new();
    let mut queued: HashSet<Oid> = HashSet::default();
    // Parents found missing (a shallow clone's boundary), remembered for their other children.
    let mut absent: HashSet<Oid> = HashSet::default();
    // Commits read to learn their time, kept until they are processed.
    let mut pending: HashMap<Oid, RawCommit> = HashMap::default();
    let mut commits = Vec::new();
    let mut seen = 0usize;

    let read_raw = |id: Oid| -> Option<RawCommit> {
        let object = odb.read(id).ok()?;
        parse_commit(object.data())
    };

    match cache.commit_time(&tip) {
        Some(time) => heap.push((time, tip)),
        None => {
            let raw =
                read_raw(tip).ok_or_else(|| git2::Error::from_str("cannot read the tip commit"))?;
            heap.push((raw.commit_time, tip));
            pending.insert(tip, raw);
        }
    }
    queued.insert(tip);

    while let Some((time, id)) = heap.pop() {
        if time < start {
            coverage.passed_start = true;
            break;
        }
        seen += 1;
        if seen.is_multiple_of(1000) {
            progress(seen);
        }
        let (facts, parents_missing) = match cache.fetch(&id) {
            Some(facts) => {
                coverage.cached += 1;
                let missing = queue(
                    &facts.parents,
                    cache,
                    &read_raw,
                    &mut heap,
                    &mut queued,
                    &mut absent,
                    &mut pending,
                );
                (facts, missing)
            }
            None => {
                match &mut uncached {
                    Some(0) => return Ok(None),
                    Some(left) => *left -= 1,
                    None => {}
                }
                let Some(raw) = pending.remove(&id).or_else(|| read_raw(id)) else {
                    coverage.shallow_boundary =
                        Some(coverage.shallow_boundary.map_or(time, |t: i64| t.max(time)));
                    continue;
                };
                coverage.read += 1;
                // Parents first, so that the first parent's tree is at hand for the diff.
                let missing = queue(
                    &raw.parents,
                    cache,
                    &read_raw,
                    &mut heap,
                    &mut queued,
                    &mut absent,
                    &mut pending,
                );
                // Every parent's tree (a merge's own edits are judged against all of them);
                // `None` when one is missing (a shallow clone's boundary).
                let parent_trees: Option<Vec<Oid>> = raw
                    .parents
                    .iter()
                    .map(|parent| {
                        pending
                            .get(parent)
                            .map(|p| p.tree)
                            .or_else(|| read_raw(*parent).map(|p| p.tree))
                    })
                    .collect();
                let facts = compute_facts(id, raw, parent_trees, &mut diff, &merge_edits);
                // A disabled cache is never saved, and the walk visits each commit once: a copy
                // kept there would only cost time (--no-cache is the cold path timed against git).
                if !facts.missing_objects && cache.path().is_some() {
                    cache.insert(facts.clone());
                }
                (facts, missing)
            }
        };
        // A commit whose parent is missing is a shallow clone's boundary, not a partial clone.
        if facts.missing_objects && !parents_missing {
            coverage.missing_trees += 1;
        }
        if facts.parents.is_empty() {
            coverage.root_time = Some(coverage.root_time.map_or(time, |t: i64| t.min(time)));
        }
        if parents_missing {
            coverage.shallow_boundary =
                Some(coverage.shallow_boundary.map_or(time, |t: i64| t.max(time)));
        }
        if time <= end {
            commits.push(facts);
        }
    }
    Ok(Some(Walk { commits, coverage }))
}

/// Puts a commit's parents on the heap (once each), reading their time from the cache or the
/// object database. Returns whether a parent is missing (a shallow clone's boundary).
fn queue(
    parents: &[Oid],
    cache: &Cache,
    read_raw: &dyn Fn(Oid) -> Option<RawCommit>,
    heap: &mut BinaryHeap<(i64, Oid)>,
    queued: &mut HashSet<Oid>,
    absent: &mut HashSet<Oid>,
    pending: &mut HashMap<Oid, RawCommit>,
) -> bool {
    let mut missing = false;
    for parent in parents {
        if !queued.insert(*parent) {
            missing |= absent.contains(parent);
            continue;
        }
        match cache.commit_time(parent) {
            Some(time) => heap.push((time, *parent)),
            None => match read_raw(*parent) {
                Some(raw) => {
                    heap.push((raw.commit_time, *parent));
                    pending.insert(*parent, raw);
                }
                None => {
                    absent.insert(*parent);
                    missing = true;
                }
            },
        }
    }
    missing
}

/// The facts of one commit. `parent_trees` are its parents' trees, first parent first (none
/// for a root commit), or `None` when a parent is missing (a shallow clone's boundary). A
/// commit's paths are those it changed against its first parent; a merge's are its own edits:
/// of the paths it changed against every parent (see [`TreeDiff::changed_from_all`]), those
/// git's dense combined diff shows (see [`super::merge_edits`]).
fn compute_facts(
    id: Oid,
    raw: RawCommit,
    parent_trees: Option<Vec<Oid>>,
    diff: &mut TreeDiff,
    merge_edits: &MergeEdits,
) -> CommitFacts {
    let mut paths = Vec::new();
    diff.missing = false;
    let missing = match parent_trees.as_deref() {
        Some([]) => {
            diff.changed_paths(None, raw.tree, &mut paths);
            diff.missing
        }
        Some(&[parent]) => {
            diff.changed_paths(Some(parent), raw.tree, &mut paths);
            diff.missing
        }
        Some(parents) => {
            let mut candidates = Vec::new();
            diff.changed_from_all(parents, raw.tree, &mut candidates);
            let mut budget = Budget::per_merge();
            paths.extend(
                candidates
                    .into_iter()
                    .filter(|c| merge_edits.is_own(c, &mut budget))
                    .map(|c| c.path),
            );
            diff.missing
        }
        None => true,
    };
    paths.sort();
    paths.dedup();
    CommitFacts {
        id,
        trailers: trailers(&raw.message),
        merged_handle: if raw.parents.len() > 1 {
            github_merge_handle(&raw.message)
        } else {
            None
        },
        parents: raw.parents,
        author: raw.author,
        author_time: raw.author_time,
        committer: raw.committer,
        commit_time: raw.commit_time,
        paths,
        missing_objects: missing,
    }
}
