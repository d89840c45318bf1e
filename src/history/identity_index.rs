//! The identity index: every identity the history shows (authors, committers, the people named
//! in trailers, the handles of GitHub merge subjects) and when each was last seen doing what,
//! over the whole history rather than the window.
//!
//! It reads commit headers and messages only, never trees, newest first (by commit date), and
//! only as far back as it needs: until the [`Seek`] it is given has seen every name it looks for
//! at a date no unread commit can beat (an author date can be years older than the commit
//! date), or the history ends. Where it stopped (its *frontier*) is kept, so that a later run
//! looking for a name not yet found reads on from there. The index is cached under the git
//! directory (`<git_dir>/ownlint/identities-v1.json`) and extended from the tips it was built
//! from: a warm run reads only the commits made since.
//!
//! Identities are kept as commits record them (before `.mailmap`): the mailmap belongs to the
//! checked revision, and [`crate::identity`] applies it when it joins identities into people.
//! Everything kept is a maximum (the last time an identity did something) or a set keyed by
//! commit, so reading a commit twice changes nothing: the walks need not be exact about what
//! an earlier run already read.

use std::collections::BinaryHeap;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};

use super::facts::{Ident, TrailerKind};
use super::objects::{REOPEN_EVERY, ReleasingReader, parse_commit};
use super::read_ahead::{Line, ReadAhead};
use super::trailers::{github_merge_handle, trailers};
use crate::side_by_side::SecondCore;

/// What someone was seen doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Activity {
    Authored,
    Committed,
    CoAuthored,
    CoDeveloped,
    Reviewed,
    Acked,
    SignedOff,
    Tested,
    /// A GitHub pull request of theirs was merged (`Merge pull request #N from HANDLE/…`).
    MergedPullRequest,
    /// A record of an activity file (a review that git does not record).
    Recorded,
}

impl Activity {
    /// The activity a trailer records.
    pub fn of_trailer(kind: TrailerKind) -> Activity {
        match kind {
            TrailerKind::CoAuthoredBy => Activity::CoAuthored,
            TrailerKind::CoDevelopedBy => Activity::CoDeveloped,
            TrailerKind::ReviewedBy => Activity::Reviewed,
            TrailerKind::AckedBy => Activity::Acked,
            TrailerKind::SignedOffBy => Activity::SignedOff,
            TrailerKind::TestedBy => Activity::Tested,
        }
    }

    /// For messages: `authoring a commit`, `in a Reviewed-by trailer`.
    pub fn describe(self) -> &'static str {
        match self {
            Activity::Authored => "authoring a commit",
            Activity::Committed => "committing",
            Activity::CoAuthored => "in a Co-authored-by trailer",
            Activity::CoDeveloped => "in a Co-developed-by trailer",
            Activity::Reviewed => "in a Reviewed-by trailer",
            Activity::Acked => "in an Acked-by trailer",
            Activity::SignedOff => "in a Signed-off-by trailer",
            Activity::Tested => "in a Tested-by trailer",
            Activity::MergedPullRequest => "with a merged pull request",
            Activity::Recorded => "in an activity file",
        }
    }
}

/// One identity as commits record it, with the last time it was seen in each activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sighted {
    pub name: String,
    pub email: String,
    /// The last time of each activity seen, one entry per activity.
    pub seen: Vec<(Activity, i64)>,
}

impl Sighted {
    fn see(&mut self, activity: Activity, time: i64) {
        match self.seen.iter_mut().find(|(a, _)| *a == activity) {
            Some((_, last)) => *last = (*last).max(time),
            None => self.seen.push((activity, time)),
        }
    }

    pub fn ident(&self) -> Ident {
        Ident {
            name: self.name.clone(),
            email: self.email.clone(),
        }
    }
}

/// A GitHub pull-request merge: the handle of its subject, and who authored the commits it
/// brought in (those reachable from its other parents and not from the main line).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeLink {
    /// The merge commit (hex), which keeps a merge read twice from counting twice.
    pub commit: String,
    pub handle: String,
    pub time: i64,
    /// Index into [`IdentityIndex::idents`] and the number of commits they authored.
    pub authors: Vec<(u32, u32)>,
}

/// What a walk looks for: names, each to be seen at its latest. The walk asks which names each
/// identity and merge handle it meets finds, tells every sighting of them with its time, and
/// stops going further back once the seek has everything it needs.
pub trait Seek {
    /// The names `ident` finds (usually none), as the seek numbers them: asked once per
    /// identity, whose later sightings the walk tells with [`Seek::seen`].
    fn names_of(&mut self, ident: &Ident) -> Vec<u32>;
    /// The names a merge subject's handle finds.
    fn names_of_handle(&mut self, handle: &str) -> Vec<u32>;
    /// A sighting of `names` at `time`.
    fn seen(&mut self, names: &[u32], time: i64);
    /// Whether every name has been seen at `position` or later, so that no commit made at
    /// `position` or before (all a walk newest first has left to read) can show one later.
    fn found_all(&self, position: i64) -> bool;
}

/// A [`Seek`] that is never satisfied: the walk reads the whole history.
pub struct Everything;

impl Seek for Everything {
    fn names_of(&mut self, _: &Ident) -> Vec<u32> {
        Vec::new()
    }
    fn names_of_handle(&mut self, _: &str) -> Vec<u32> {
        Vec::new()
    }
    fn seen(&mut self, _: &[u32], _: i64) {}
    fn found_all(&self, _: i64) -> bool {
        false
    }
}

/// How far a run may read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// As far as the seek needs.
    AsNeeded,
    /// Only commits made since the cached tips, at most this many (a pre-commit hook): with more,
    /// the index is used as the cache has it.
    TopUp(usize),
}

/// The most tips remembered: each one a run was made from (branches, older revisions).
const MAX_TIPS: usize = 8;
/// The most commits of a merge's side branch read to find who wrote them.
const MAX_BRANCH_COMMITS: usize = 256;
/// The cache format written and accepted.
const VERSION: u32 = 1;

/// Every identity the history read so far shows, and how far it was read.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct IdentityIndex {
    version: u32,
    pub idents: Vec<Sighted>,
    pub merges: Vec<MergeLink>,
    /// The commits walks started from (hex), newest run first: everything reachable from them
    /// has been read, down to the frontier.
    tips: Vec<String>,
    /// Where reading stopped: commits (time, hex id) not read yet, whose ancestors are not read
    /// either. Empty once the history has been read to its roots.
    frontier: Vec<(i64, String)>,
    /// The next commit of the main line (first parents from the newest tip) not read yet.
    mainline_next: Option<String>,
    /// The oldest commit time read.
    pub oldest: Option<i64>,
    /// Commits read, over every run that filled the index.
    pub commits: u64,
    /// Whether a commit's parent was missing (a shallow clone's boundary).
    pub shallow: bool,
    #[serde(skip)]
    by_ident: HashMap<(String, String), u32>,
    #[serde(skip)]
    merge_ids: HashSet<String>,
    #[serde(skip)]
    path: Option<PathBuf>,
    #[serde(skip)]
    dirty: bool,
}

/// What one update read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Update {
    /// Commits read from the object database.
    pub read: usize,
    /// Whether a top-up was refused for needing more commits than allowed.
    pub stale: bool,
    /// Of the commits read, those a reader read ahead ([`super::read_ahead`]).
    pub read_ahead: usize,
}

impl IdentityIndex {
    /// The cache file of a repository whose (common) git directory is `git_dir`.
    pub fn path_in(git_dir: &Path) -> PathBuf {
        git_dir.join("ownlint").join("identities-v1.json")
    }

    /// Loads the index cached at `path`; a missing, unreadable, oversized, corrupt or foreign
    /// file gives an empty index (with the reason it was not used), which the next save
    /// replaces. Never fails.
    pub fn load(path: PathBuf) -> (IdentityIndex, Option<String>) {
        let (mut index, note) = match read_capped(&path) {
            Ok(None) => (IdentityIndex::disabled(), None),
            Ok(Some(bytes)) => IdentityIndex::from_json(&bytes),
            Err(reason) => (IdentityIndex::disabled(), Some(reason)),
        };
        index.path = Some(path);
        (index, note)
    }

    /// An index read from the bytes of a cache file, as [`IdentityIndex::load`] reads them:
    /// empty, with the reason, when they cannot be used. It is not saved anywhere.
    pub(crate) fn from_json(bytes: &[u8]) -> (IdentityIndex, Option<String>) {
        let (mut index, note) = match serde_json::from_slice::<IdentityIndex>(bytes) {
            Ok(index) if index.version == VERSION && index.is_consistent() => (index, None),
            Ok(_) => (
                IdentityIndex::default(),
                Some("the identity cache is of another version or inconsistent".to_string()),
            ),
            Err(_) => (
                IdentityIndex::default(),
                Some("the identity cache is corrupt".to_string()),
            ),
        };
        index.version = VERSION;
        index.reindex();
        (index, note)
    }

    /// An empty index that is never saved (`--no-cache`).
    pub fn disabled() -> IdentityIndex {
        IdentityIndex {
            version: VERSION,
            ..IdentityIndex::default()
        }
    }

    /// Whether every reference inside the file points at something: a crafted file must not
    /// make a later lookup panic.
    fn is_consistent(&self) -> bool {
        let idents = self.idents.len();
        self.merges
            .iter()
            .all(|m| m.authors.iter().all(|&(i, _)| (i as usize) < idents))
            && self.tips.iter().all(|t| Oid::from_str(t).is_ok())
            && self.frontier.iter().all(|(_, t)| Oid::from_str(t).is_ok())
            && self
                .mainline_next
                .as_ref()
                .is_none_or(|t| Oid::from_str(t).is_ok())
    }

    fn reindex(&mut self) {
        self.by_ident = self
            .idents
            .iter()
            .enumerate()
            .map(|(i, s)| ((s.name.clone(), s.email.clone()), i as u32))
            .collect();
        self.merge_ids = self.merges.iter().map(|m| m.commit.clone()).collect();
    }

    /// Whether the history has been read to its roots (or to a shallow clone's boundary).
    pub fn complete(&self) -> bool {
        !self.tips.is_empty() && self.frontier.is_empty()
    }

    /// Saves the index if this run added to it (never a disabled one), atomically and never
    /// through a planted link ([`crate::output::replace_cache`]).
    pub fn save(&self) -> Result<(), crate::error::Error> {
        match &self.path {
            Some(path) if self.dirty => {
                let bytes = serde_json::to_vec(self)
                    .map_err(|e| crate::error::Error::Io(format!("identity cache: {e}")))?;
                crate::output::replace_cache(path, &bytes).map_err(|e| {
                    crate::error::Error::Io(format!("{}: cannot write: {e}", path.display()))
                })
            }
            _ => Ok(()),
        }
    }

    /// Brings the index up to `tip`: reads the commits made since the cached tips, then, while
    /// `seek` still misses names and `reach` allows, older history from the frontier.
    /// A cold walk's main line is read ahead on `idle` once it is free ([`super::read_ahead`]).
    pub fn update(
        &mut self,
        repo: &Repository,
        tip: Oid,
        seek: &mut dyn Seek,
        reach: Reach,
        idle: Option<&SecondCore>,
    ) -> Result<Update, git2::Error> {
        for ident in &self.idents {
            let names = seek.names_of(&ident.ident());
            if let Some(last) = ident.seen.iter().map(|&(_, time)| time).max() {
                seek.seen(&names, last);
            }
        }
        for merge in &self.merges {
            let names = seek.names_of_handle(&merge.handle);
            seek.seen(&names, merge.time);
        }
        let mut update = Update::default();
        let tip_hex = tip.to_string();
        if !self.tips.contains(&tip_hex) {
            let limit = match reach {
                Reach::AsNeeded => None,
                Reach::TopUp(n) => Some(n),
            };
            let hidden: Vec<Oid> = self
                .tips
                .iter()
                .filter_map(|t| Oid::from_str(t).ok())
                .collect();
            let cold = hidden.is_empty();
            // Read ahead only cold: from cached tips a walk reads only the commits made since.
            let walked = Walked::read(
                repo,
                Some(tip),
                seek,
                cold,
                idle.filter(|_| cold),
                limit,
                |walk| {
                    walk.push(tip, true);
                    for &h in &hidden {
                        walk.push(h, false);
                    }
                },
            )?;
            if walked.stopped == Stop::OverLimit {
                update.stale = true;
                return Ok(update);
            }
            update.read += walked.batch.read.len();
            update.read_ahead += walked.read_ahead;
            let reached = walked.reached_hidden;
            self.tips.retain(|t| {
                Oid::from_str(t)
                    .map(|id| !reached.contains(&id))
                    .unwrap_or(false)
            });
            self.tips.insert(0, tip_hex);
            self.tips.truncate(MAX_TIPS);
            if cold {
                self.frontier = walked.frontier;
                self.mainline_next = walked.batch.mainline_end(tip).map(|id| id.to_string());
            }
            self.fold(walked.batch, Some(tip));
            self.shallow |= walked.shallow;
            self.dirty = true;
        }
        let unread = self.frontier.iter().map(|&(time, _)| time).max();
        if reach == Reach::AsNeeded && unread.is_some_and(|newest| !seek.found_all(newest)) {
            let mainline = self
                .mainline_next
                .as_ref()
                .and_then(|t| Oid::from_str(t).ok());
            let frontier = std::mem::take(&mut self.frontier);
            let walked = Walked::read(repo, mainline, seek, true, idle, None, |walk| {
                for (_, id) in frontier {
                    if let Ok(id) = Oid::from_str(&id) {
                        walk.push(id, true);
                    }
                }
            })?;
            update.read += walked.batch.read.len();
            update.read_ahead += walked.read_ahead;
            self.frontier = walked.frontier;
            if let Some(start) = mainline {
                self.mainline_next = walked.batch.mainline_end(start).map(|id| id.to_string());
            }
            self.fold(walked.batch, mainline);
            self.shallow |= walked.shallow;
            self.dirty = true;
        }
        Ok(update)
    }

    /// Adds what a walk read: every sighting, and the merges with the authors of their branches.
    fn fold(&mut self, mut batch: Batch, mainline_start: Option<Oid>) {
        let mut local: HashMap<u32, u32> = HashMap::default();
        for (i, sighted) in std::mem::take(&mut batch.idents).into_iter().enumerate() {
            let key = (sighted.name.clone(), sighted.email.clone());
            let at = match self.by_ident.get(&key) {
                Some(&at) => {
                    let known = &mut self.idents[at as usize];
                    for (activity, time) in sighted.seen {
                        known.see(activity, time);
                    }
                    at
                }
                None => {
                    let at = self.idents.len() as u32;
                    self.idents.push(sighted);
                    self.by_ident.insert(key, at);
                    at
                }
            };
            local.insert(i as u32, at);
        }
        let mainline = batch.mainline(mainline_start);
        for (id, handle) in &batch.merges {
            let hex = id.to_string();
            if self.merge_ids.contains(&hex) {
                continue;
            }
            let commit = &batch.read[id];
            let authors = if mainline.contains(id) {
                batch.branch_authors(commit, &mainline)
            } else {
                Vec::new()
            };
            self.merges.push(MergeLink {
                commit: hex.clone(),
                handle: handle.clone(),
                time: commit.time,
                authors: authors
                    .into_iter()
                    .filter_map(|(a, n)| Some((*local.get(&a)?, n)))
                    .collect(),
            });
            self.merge_ids.insert(hex);
        }
        if let Some(oldest) = batch.oldest {
            self.oldest = Some(self.oldest.map_or(oldest, |o| o.min(oldest)));
        }
        self.commits += batch.read.len() as u64;
    }
}

/// One walk's outcome, kept once its reading is over.
struct Walked {
    stopped: Stop,
    batch: Batch,
    reached_hidden: HashSet<Oid>,
    /// Where it stopped (see [`Walk::frontier`]).
    frontier: Vec<(i64, String)>,
    shallow: bool,
    read_ahead: usize,
}

impl Walked {
    /// Walks from the commits `start` pushes, on packs of its own (see `unshared_odb`: it reads
    /// beside the window's walk), its main line from `mainline_next` read ahead once
    /// `read_ahead` is free ([`super::read_ahead`]). The walk and its packs are gone when this
    /// returns: the packs' pages are unmapped before the index folds what was read, which is
    /// when a cold run allocates most (on benches/pattern_shapes.rs's Chromium shape, the two
    /// together made the run's peak).
    fn read(
        repo: &Repository,
        mainline_next: Option<Oid>,
        seek: &mut dyn Seek,
        may_stop: bool,
        read_ahead: Option<&SecondCore>,
        limit: Option<usize>,
        start: impl FnOnce(&mut Walk),
    ) -> Result<Walked, git2::Error> {
        let objects = ReleasingReader::new(repo, REOPEN_EVERY)?;
        // The reader reads through the walk's packs on a handle of its own. Packs of its own (a
        // third spelling of the directory) spared kubernetes-sigs/kustomize the two threads'
        // pack locks (cold 0.87x instead of 0.98x) but mapped their pages a third time:
        // coreboot's cold peak 165 -> 191 MiB, over the 200 MB line.
        // It opens its handle only once it starts: before then the walk's reader closes the
        // packs every so often (see `ReleasingReader`), which a handle held on them would keep.
        let dir = super::objects::unshared_dir(repo);
        let line = read_ahead
            .zip(mainline_next)
            .map(|(core, first)| Line::new(core, first));
        std::thread::scope(|scope| {
            let mut walk = Walk::new(objects);
            walk.mainline_next = mainline_next;
            walk.ahead = line.as_ref().map(|line| {
                ReadAhead::start(scope, line, move || {
                    super::objects::handle_of_its_own(&dir).ok()
                })
            });
            start(&mut walk);
            let mut batch = Batch::default();
            let stopped = walk.run(&mut batch, seek, may_stop, limit);
            Ok(Walked {
                stopped,
                batch,
                reached_hidden: std::mem::take(&mut walk.reached_hidden),
                frontier: walk.frontier(),
                shallow: walk.shallow,
                read_ahead: walk.read_ahead,
            })
        })
    }
}

/// What a walk read, before it is folded into the index.
#[derive(Default)]
struct Batch {
    idents: Vec<Sighted>,
    /// Per identity, the names of the seek it finds.
    finds: Vec<Vec<u32>>,
    by_ident: HashMap<(String, String), u32>,
    /// Per commit read: its parents, author (index into `idents`) and time.
    read: HashMap<Oid, Read>,
    /// The merges with a GitHub pull-request subject, and their handle.
    merges: Vec<(Oid, String)>,
    oldest: Option<i64>,
}

struct Read {
    parents: Vec<Oid>,
    author: u32,
    time: i64,
}

impl Batch {
    fn ident(&mut self, ident: Ident, seek: &mut dyn Seek) -> u32 {
        let key = (ident.name, ident.email);
        if let Some(&at) = self.by_ident.get(&key) {
            return at;
        }
        let at = self.idents.len() as u32;
        let sighted = Sighted {
            name: key.0.clone(),
            email: key.1.clone(),
            seen: Vec::new(),
        };
        self.finds.push(seek.names_of(&sighted.ident()));
        self.idents.push(sighted);
        self.by_ident.insert(key, at);
        at
    }

    /// Records that identity `at` did `activity` at `time`, and tells the seek.
    fn see(&mut self, at: u32, activity: Activity, time: i64, seek: &mut dyn Seek) {
        self.idents[at as usize].see(activity, time);
        seek.seen(&self.finds[at as usize], time);
    }

    /// Reads a commit; returns its parents and whether it is a pull-request merge.
    fn add(&mut self, id: Oid, data: &[u8], seek: &mut dyn Seek) -> Option<(Vec<Oid>, bool)> {
        let raw = parse_commit(data)?;
        let author = self.ident(raw.author, seek);
        self.see(author, Activity::Authored, raw.author_time, seek);
        let committer = self.ident(raw.committer, seek);
        self.see(committer, Activity::Committed, raw.commit_time, seek);
        for (kind, ident) in trailers(&raw.message) {
            let at = self.ident(ident, seek);
            self.see(at, Activity::of_trailer(kind), raw.commit_time, seek);
        }
        let mut pull_request = false;
        if raw.parents.len() > 1
            && let Some(handle) = github_merge_handle(&raw.message)
        {
            let names = seek.names_of_handle(&handle);
            seek.seen(&names, raw.commit_time);
            self.merges.push((id, handle));
            pull_request = true;
        }
        self.oldest = Some(
            self.oldest
                .map_or(raw.commit_time, |o| o.min(raw.commit_time)),
        );
        self.read.insert(
            id,
            Read {
                parents: raw.parents.clone(),
                author,
                time: raw.commit_time,
            },
        );
        Some((raw.parents, pull_request))
    }

    /// The main line: first parents from `start`, through the commits read.
    fn mainline(&self, start: Option<Oid>) -> HashSet<Oid> {
        let mut line = HashSet::default();
        let mut at = start;
        while let Some(id) = at {
            let Some(commit) = self.read.get(&id) else {
                break;
            };
            if !line.insert(id) {
                break;
            }
            at = commit.parents.first().copied();
        }
        line
    }

    /// The first commit of the main line from `start` that this batch did not read.
    fn mainline_end(&self, start: Oid) -> Option<Oid> {
        let mut at = start;
        let mut steps = 0usize;
        while let Some(commit) = self.read.get(&at) {
            at = *commit.parents.first()?;
            steps += 1;
            if steps > self.read.len() {
                return None;
            }
        }
        Some(at)
    }

    /// Who authored the commits a merge brought in: those reachable from its other parents
    /// through commits read, up to the main line, at most [`MAX_BRANCH_COMMITS`].
    fn branch_authors(&self, merge: &Read, mainline: &HashSet<Oid>) -> Vec<(u32, u32)> {
        let mut counts: HashMap<u32, u32> = HashMap::default();
        let mut queue: Vec<Oid> = merge.parents.iter().skip(1).copied().collect();
        let mut visited: HashSet<Oid> = HashSet::default();
        while let Some(id) = queue.pop() {
            if visited.len() >= MAX_BRANCH_COMMITS || mainline.contains(&id) || !visited.insert(id)
            {
                continue;
            }
            let Some(commit) = self.read.get(&id) else {
                continue;
            };
            if commit.parents.len() <= 1 {
                *counts.entry(commit.author).or_default() += 1;
            }
            queue.extend(commit.parents.iter().copied());
        }
        let mut authors: Vec<(u32, u32)> = counts.into_iter().collect();
        authors.sort_unstable();
        authors
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Stop {
    /// Nothing left to read that is not hidden.
    Done,
    /// The seek found everything; the rest is the frontier.
    Found,
    /// More commits than the limit.
    OverLimit,
}

/// A walk newest first by commit time from some commits (interesting) that leaves out what is
/// reachable from others (hidden), like `git rev-list A ^B`.
struct Walk<'o> {
    /// Where commits not read ahead are read.
    objects: ReleasingReader<'o>,
    /// (time, id): every commit queued and not yet taken.
    heap: BinaryHeap<(i64, Oid)>,
    /// Commits queued and not yet taken, with their bytes.
    queued: HashMap<Oid, State>,
    /// Commits taken: read, or (hidden) their parents queued. Kept apart from `queued`, a set
    /// of ids alone: a cold walk takes every commit of the history (100,000 on
    /// benches/pattern_shapes.rs), and the map of states it replaced was a third of the
    /// index's memory.
    taken: HashSet<Oid>,
    /// Hidden start commits reached from an interesting one: the new tip descends from them.
    reached_hidden: HashSet<Oid>,
    hidden_starts: HashSet<Oid>,
    /// Interesting commits queued and not yet read: the walk ends when there are none.
    interesting: usize,
    shallow: bool,
    /// The next commit of the main line (first parents from the start).
    mainline_next: Option<Oid>,
    /// Commits of pull-request branches whose merge was read: a walk that has found what it
    /// looks for still reads them, so that the merge's handle can be joined to their author.
    owed: HashSet<Oid>,
    /// Commits read for `owed` alone, bounded by [`MAX_OWED_READS`].
    owed_reads: usize,
    /// The main line's commits, read ahead on another thread (cold walks).
    ahead: Option<ReadAhead<'o>>,
    /// Commits taken from `ahead`.
    read_ahead: usize,
}

/// The most commits a walk reads after finding everything, to reach merged branches.
const MAX_OWED_READS: usize = 10_000;

/// Where a queued commit stands in a walk.
enum State {
    /// To be read unless it turns out hidden first.
    Interesting(Vec<u8>),
    /// Reachable from a hidden commit: its parents are to be queued as hidden.
    Hidden(Vec<u8>),
}

impl<'o> Walk<'o> {
    fn new(objects: ReleasingReader<'o>) -> Self {
        Walk {
            objects,
            heap: BinaryHeap::new(),
            queued: HashMap::default(),
            taken: HashSet::default(),
            reached_hidden: HashSet::default(),
            hidden_starts: HashSet::default(),
            interesting: 0,
            shallow: false,
            mainline_next: None,
            owed: HashSet::default(),
            owed_reads: 0,
            ahead: None,
            read_ahead: 0,
        }
    }

    fn push(&mut self, id: Oid, interesting: bool) {
        if !interesting {
            self.hidden_starts.insert(id);
        }
        self.queue(id, interesting);
    }

    /// Queues a commit, reading it to learn its time. An interesting commit not read yet that is
    /// reached from a hidden one becomes hidden; one already read stays read (reading twice
    /// changes nothing in the index). A missing commit is a shallow clone's boundary.
    fn queue(&mut self, id: Oid, interesting: bool) {
        if self.taken.contains(&id) {
            return;
        }
        match self.queued.get_mut(&id) {
            Some(State::Interesting(data)) if !interesting => {
                let data = std::mem::take(data);
                self.queued.insert(id, State::Hidden(data));
                self.interesting -= 1;
                return;
            }
            Some(_) => return,
            None => {}
        }
        let (taken, queued) = (&self.taken, &self.queued);
        let ahead = match self.ahead.as_mut() {
            Some(line) if self.mainline_next == Some(id) => {
                line.take(id, |c| taken.contains(&c) || queued.contains_key(&c))
            }
            _ => None,
        };
        self.read_ahead += usize::from(ahead.is_some());
        let Some(data) = ahead.or_else(|| self.objects.read(id)) else {
            self.shallow |= interesting;
            self.owed.remove(&id);
            return;
        };
        let Some(time) = commit_time(&data) else {
            return;
        };
        self.heap.push((time, id));
        if interesting {
            self.interesting += 1;
            self.queued.insert(id, State::Interesting(data));
        } else {
            self.queued.insert(id, State::Hidden(data));
        }
    }

    fn run(
        &mut self,
        batch: &mut Batch,
        seek: &mut dyn Seek,
        may_stop: bool,
        limit: Option<usize>,
    ) -> Stop {
        while self.interesting > 0 {
            if may_stop
                && self
                    .heap
                    .peek()
                    .is_some_and(|&(next, _)| seek.found_all(next))
                && (self.owed.is_empty() || self.owed_reads >= MAX_OWED_READS)
            {
                return Stop::Found;
            }
            let Some((time, id)) = self.heap.pop() else {
                break;
            };
            let Some(state) = self.queued.remove(&id) else {
                continue;
            };
            self.taken.insert(id);
            match state {
                State::Hidden(data) => {
                    let parents = parse_commit(&data).map(|c| c.parents).unwrap_or_default();
                    for parent in parents {
                        self.queue(parent, false);
                    }
                }
                State::Interesting(data) => {
                    self.interesting -= 1;
                    if limit.is_some_and(|n| batch.read.len() >= n) {
                        return Stop::OverLimit;
                    }
                    // Whether the seek had everything before this commit was read: a merge
                    // that completes it still owes its branch.
                    let satisfied = may_stop && seek.found_all(time);
                    if satisfied {
                        self.owed_reads += 1;
                    }
                    let (parents, pull_request) = batch.add(id, &data, seek).unwrap_or_default();
                    let on_mainline = self.mainline_next == Some(id);
                    if on_mainline {
                        self.mainline_next = parents.first().copied();
                        if let Some(line) = &self.ahead {
                            line.moved_on(self.mainline_next);
                        }
                    }
                    // A merged branch is followed down to the main line.
                    let owed = self.owed.remove(&id);
                    // Once everything is found, only the branches of merges read before are
                    // still owed: a merge read after it owes nothing, or on a history of
                    // pull-request merges each one read would owe the next branch, and the walk
                    // would read to its cap.
                    if pull_request && !satisfied {
                        self.owed.extend(parents.iter().skip(1).copied());
                    }
                    if owed && !on_mainline {
                        self.owed.extend(parents.iter().copied());
                    }
                    for parent in parents {
                        if self.hidden_starts.contains(&parent) {
                            self.reached_hidden.insert(parent);
                        }
                        self.queue(parent, true);
                    }
                }
            }
        }
        Stop::Done
    }

    /// The interesting commits queued and not read: where a later walk goes on.
    fn frontier(&self) -> Vec<(i64, String)> {
        let mut frontier: Vec<(i64, String)> = self
            .heap
            .iter()
            .filter(|(_, id)| matches!(self.queued.get(id), Some(State::Interesting(_))))
            .map(|(time, id)| (*time, id.to_string()))
            .collect();
        frontier.sort_unstable_by(|a, b| b.cmp(a));
        frontier.dedup();
        frontier
    }
}

/// The committer time of a commit object, read from its header without parsing the rest.
fn commit_time(data: &[u8]) -> Option<i64> {
    let line = super::objects::header_lines(data).find(|l| l.starts_with(b"committer "))?;
    // `committer Name <email> 1700000000 +0100`: the time is the second-to-last word.
    let text = std::str::from_utf8(line).ok()?;
    let mut words = text.rsplit(' ');
    let _zone = words.next()?;
    words.next()?.parse().ok()
}

/// Reads the cache file through the bounded reader: `Ok(None)` when there is none, a reason when
/// it is not a regular file, cannot be read or is too large.
fn read_capped(path: &Path) -> Result<Option<Vec<u8>>, String> {
    use crate::bounded_read::{self, IDENTITY_CACHE, Origin, ReadProblem};
    match bounded_read::read(path, Origin::CommandLine, IDENTITY_CACHE) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ReadProblem::Missing) => Ok(None),
        Err(problem) => Err(format!("the identity cache {problem}")),
    }
}
