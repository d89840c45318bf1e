//! The history walk: commits reachable from the tip, newest first by commit time, read until
//! the window's start. A binary heap replaces libgit2's sorted revwalk, which reads the whole
//! history before yielding its first commit. The commits the cache lacks are read first; the
//! paths they changed are found after (`changed_paths_of`), a merge's on two threads.

use std::collections::BinaryHeap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use git2::{Odb, Oid, Repository};

use super::cache::Cache;
use super::facts::CommitFacts;
use super::merge_edits::{Budget, MergeEdits};
use super::objects::{RawCommit, parse_commit};
use super::trailers::{github_merge_handle, trailers};
use super::treediff::{MergeCandidate, TreeDiff};
use crate::side_by_side::{SecondCore, feed_and_take};

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
    second_core: &SecondCore,
    progress: &mut dyn FnMut(usize),
) -> Result<Walk, git2::Error> {
    let walked = walk_within(repo, tip, (start, end), cache, None, second_core, progress)?;
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
    second_core: &SecondCore,
    progress: &mut dyn FnMut(usize),
) -> Result<Option<Walk>, git2::Error> {
    let odb = repo.odb()?;
    let mut coverage = Coverage::default();
    let mut heap: BinaryHeap<(i64, Oid)> = BinaryHeap::new();
    let mut queued: HashSet<Oid> = HashSet::default();
    // Parents found missing (a shallow clone's boundary), remembered for their other children.
    let mut absent: HashSet<Oid> = HashSet::default();
    // Commits read to learn their time, kept until they are processed.
    let mut pending: HashMap<Oid, RawCommit> = HashMap::default();
    // The commits walked, in order (each one's facts, and apart what the second pass needs of
    // it), and the trees of those whose paths are still to be found. A warm window is tens of
    // thousands of facts of a few hundred bytes: kept in the one list returned, reserved for
    // as many as the cache holds (pages never written are never touched), not moved from list
    // to list and copied at every doubling (a tenth of the history thread of a warm check of
    // benches/pattern_shapes.rs's chromium shape). Reserved up to [`RESERVED_COMMITS`]: the
    // cache file may be as large as a gigabyte, and the space is claimed before it is used.
    let reserved = cache.len().min(RESERVED_COMMITS);
    let mut commits: Vec<CommitFacts> = Vec::with_capacity(reserved);
    let mut steps: Vec<Step> = Vec::with_capacity(reserved);
    let mut unread: Vec<Trees> = Vec::new();
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
        let (facts, parents_missing, read) = match cache.fetch(&id) {
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
                (facts, missing, false)
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
                let parents: Option<Vec<Oid>> = raw
                    .parents
                    .iter()
                    .map(|parent| {
                        pending
                            .get(parent)
                            .map(|p| p.tree)
                            .or_else(|| read_raw(*parent).map(|p| p.tree))
                    })
                    .collect();
                unread.push(Trees {
                    tree: raw.tree,
                    parents,
                });
                (facts_but_paths(id, raw), missing, true)
            }
        };
        commits.push(facts);
        steps.push(Step {
            time,
            parents_missing,
            read,
        });
    }

    let objects = Objects {
        shared: super::objects::objects_dir(repo),
        unshared: super::objects::unshared_dir(repo),
    };
    let mut found = changed_paths_of(&odb, &objects, &unread, second_core).into_iter();
    for (
        facts,
        Step {
            time,
            parents_missing,
            read,
        },
    ) in commits.iter_mut().zip(&steps)
    {
        let (time, parents_missing) = (*time, *parents_missing);
        if *read {
            let Some((paths, missing)) = found.next() else {
                return Err(git2::Error::from_str("a commit's paths were not found"));
            };
            facts.paths = paths;
            facts.missing_objects = missing;
            // A disabled cache is never saved, and the walk visits each commit once: a copy
            // kept there would only cost time (--no-cache is the cold path timed against git).
            if !facts.missing_objects && cache.path().is_some() {
                cache.insert(facts.clone());
            }
        }
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
    }
    // Commits newer than the window's end were walked through, not returned.
    let mut newer = steps.iter().map(|step| step.time > end);
    commits.retain(|_| newer.next() != Some(true));
    Ok(Some(Walk { commits, coverage }))
}

/// The most commits the walk reserves room for at its start (see [`walk_within`]): a year of
/// the Linux kernel's history is about 80,000; a walk of more grows its lists as it goes.
const RESERVED_COMMITS: usize = 1 << 18;

/// A commit of the walk, in the walk's order, beside its facts (still without their paths
/// when it was `read` from the object database rather than the cache).
struct Step {
    time: i64,
    parents_missing: bool,
    read: bool,
}

/// The trees a commit's paths are found from: its own and its parents', first parent first
/// (none for a root commit), or `None` when a parent is missing (a shallow clone's boundary).
struct Trees {
    tree: Oid,
    parents: Option<Vec<Oid>>,
}

/// The paths each of `commits` changed, and whether objects were missing, in order. Their
/// trees are compared here, in order ([`compare_trees`]); each merge's candidates for its own
/// edits are queued as they are found, and judged ([`own_edits`]) here and, once the
/// `second_core` is free, on a second thread, while the trees of the next commits are still
/// being compared.
///
/// Judging merges (reading each file's versions, comparing them line by line) is the heaviest
/// part of a cold pass where merges are many (kubernetes/kops: 710 of a year's 1,878 commits),
/// and merges do not depend on each other. This thread judges through a handle of its own on
/// the walk's packs ([`super::objects::handle_of_its_own`]), not the walk's handle, whose
/// lock every read holds throughout (kops: 0.35 -> 0.31 s). The thread on the second core
/// judges through packs of its own ([`super::objects::unshared_dir`]): while it judges, this
/// thread still reads trees, and through the same packs the two took turns on the packs'
/// locks (kops: 0.87x, 21 runs, for a peak of 182 MiB instead of 138 MiB; the blobs' pages
/// are mapped a second time). In a `check` the second core is free only once the identity
/// index, which reads through that spelling of the packs too, is done with them. The
/// candidates waiting to be judged stay under [`CANDIDATES_WAITING`], however large a
/// crafted merge's changes: beyond it, this thread judges the oldest before it compares more
/// trees.
fn changed_paths_of(
    odb: &Odb<'_>,
    objects: &Objects,
    commits: &[Trees],
    second_core: &SecondCore,
) -> Vec<(Vec<String>, bool)> {
    let merges = commits
        .iter()
        .filter(|trees| trees.parents.as_ref().is_some_and(|p| p.len() > 1))
        .count();
    let mut found: Vec<(Vec<String>, bool)> = Vec::with_capacity(commits.len());
    // The commits whose candidates were queued, in the order they were.
    let mut judged_at = Vec::new();
    let judged = feed_and_take(
        "ownlint-merges",
        second_core,
        merges >= SIDE_BY_SIDE_MERGES,
        CANDIDATES_WAITING,
        |second| {
            let dir = if second {
                &objects.unshared
            } else {
                &objects.shared
            };
            MergeEdits::new(dir, odb)
        },
        own_edits,
        |feed| {
            let mut diff = TreeDiff::new(odb);
            for trees in commits {
                let compared = compare_trees(trees, &mut diff);
                if !compared.candidates.is_empty() {
                    judged_at.push(found.len());
                    let weight = compared.candidates.len();
                    feed.push(compared.candidates, weight);
                }
                found.push((compared.paths, compared.missing));
            }
        },
    );
    for (at, own) in judged_at.into_iter().zip(judged) {
        found[at].0 = own;
    }
    for (paths, _) in &mut found {
        paths.sort();
        paths.dedup();
    }
    found
}

/// The objects directory under the two spellings a walk's threads read it by.
struct Objects {
    /// The walk's packs.
    shared: std::path::PathBuf,
    /// Packs of their own ([`super::objects::unshared_dir`]).
    unshared: std::path::PathBuf,
}

/// Merge candidates queued and not judged yet, beyond which the walk's thread judges some
/// before it compares more trees.
const CANDIDATES_WAITING: usize = 1 << 16;

/// The fewest merges for which a second thread judges merges too.
const SIDE_BY_SIDE_MERGES: usize = 8;

/// What comparing a commit's trees found: the paths it changed, whether objects were missing,
/// and for a merge the candidates for its own edits, still to be judged.
struct Compared {
    paths: Vec<String>,
    missing: bool,
    candidates: Vec<MergeCandidate>,
}

/// Compares a commit's tree with its parents'. A commit's paths are those it changed against
/// its first parent; a merge's candidates are the paths it changed against every parent (see
/// [`TreeDiff::changed_from_all`]).
fn compare_trees(trees: &Trees, diff: &mut TreeDiff) -> Compared {
    let mut paths = Vec::new();
    let mut candidates = Vec::new();
    diff.missing = false;
    let missing = match trees.parents.as_deref() {
        Some([]) => {
            diff.changed_paths(None, trees.tree, &mut paths);
            diff.missing
        }
        Some(&[parent]) => {
            diff.changed_paths(Some(parent), trees.tree, &mut paths);
            diff.missing
        }
        Some(parents) => {
            diff.changed_from_all(parents, trees.tree, &mut candidates);
            diff.missing
        }
        None => true,
    };
    Compared {
        paths,
        missing,
        candidates,
    }
}

/// A merge's own edits among its candidates: those git's dense combined diff shows (see
/// [`super::merge_edits`]).
fn own_edits(merge_edits: &mut MergeEdits<'_>, candidates: Vec<MergeCandidate>) -> Vec<String> {
    let mut budget = Budget::per_merge();
    candidates
        .into_iter()
        .filter(|c| merge_edits.is_own(c, &mut budget))
        .map(|c| c.path)
        .collect()
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

/// A commit's facts but its paths, which [`changed_paths_of`] finds.
fn facts_but_paths(id: Oid, raw: RawCommit) -> CommitFacts {
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
        paths: Vec::new(),
        missing_objects: false,
    }
}
