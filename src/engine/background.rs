//! The engine's one point of background work, and why each piece runs where it does:
//!
//! - the window's history pass ([`HistoryPass`]): on a thread of its own when a cache is there
//!   to read (warm), so that listing the files and reading the ownership files hide behind it;
//!   on the calling thread when cold (see the type's doc for the measurements), where the
//!   commits' paths are found on a second thread too once the identity index has ended
//!   ([`SecondCore`], see [`crate::history::read`]), merges judged through handles of their
//!   own on the same packs ([`crate::history::objects::handle_of_its_own`]);
//! - the identity index ([`IdentityJob`]): on a thread of its own beside the history pass,
//!   reading through packs of its own, closed and opened again as it goes so that what it
//!   read does not stay mapped ([`crate::history::objects::ReleasingReader`]), holding the
//!   second core while it runs; once the calling thread has nothing left but to wait for it,
//!   a cold index reads its main line ahead on that core ([`crate::history::read_ahead`]);
//! - the window's ownership changes that the cache does not know, after the pass: in two
//!   halves, the newer on a thread of its own ([`changes::from_history`]);
//! - saving the history cache ([`Background::save_history`]): on a thread of its own while
//!   the rules run, waited for before the run ends ([`Background::wait`], or dropping it).
//!
//! Everything else that runs beside the calling thread is a piece of one step, split in two
//! and joined before the step ends ([`crate::side_by_side`]).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use git2::Oid;

use super::{Event, Options, Progress, declared_names, declared_pairs};
use crate::config::Config;
use crate::error::Error;
use crate::handover::changes;
use crate::handover::changes_cache::ChangesCache;
use crate::history::cache::Cache;
use crate::history::identity_index::{IdentityIndex, Reach};
use crate::history::{self, History, Window};
use crate::identity::{Mailmap, Wanted};
use crate::repo::{Repo, Revision};
use crate::side_by_side::SecondCore;
use crate::walker::Snapshot;

/// The work a run leaves running in the background: the history cache being saved. Waiting
/// for it ([`Background::wait`], or dropping it) ends it: a process that exited halfway
/// through the save would only lose the save (the file is replaced whole, see
/// [`crate::output::replace`]), but it would cost the next run the time.
#[derive(Default)]
pub struct Background {
    saving: Option<JoinHandle<()>>,
}

impl Background {
    /// Starts saving `cache` if it holds anything new: the encoding and the write of a cold
    /// run's cache took a fifth of the run on benches/history.rs (cold+write 1.37-1.41x ->
    /// 1.20-1.26x of `git log` when saved beside the rules). If no thread can be started the
    /// cache is saved here and now.
    pub fn save_history(&mut self, cache: Cache) {
        self.wait();
        if !cache.needs_saving() {
            return;
        }
        let cache = Arc::new(cache);
        let shared = Arc::clone(&cache);
        let spawned = std::thread::Builder::new()
            .name("ownlint-cache".into())
            .spawn(move || {
                // A cache that cannot be written (read-only repository, full disk) only costs
                // time on the next run.
                let _ = shared.save();
            });
        match spawned {
            Ok(thread) => self.saving = Some(thread),
            Err(_) => {
                let _ = cache.save();
            }
        }
    }

    /// Waits for the background work to end.
    pub fn wait(&mut self) {
        if let Some(thread) = self.saving.take() {
            // A panic while saving loses only the save.
            let _ = thread.join();
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.wait();
    }
}

/// What the history pass reads.
#[derive(Clone, Copy)]
pub(super) struct HistoryJob {
    pub window: Window,
    pub use_cache: bool,
    /// Whether to read the window's ownership changes too (`Some(include_vendored)`).
    pub changes: Option<bool>,
}

/// The window's history, the cache to save (holding what the pass added), and the window's
/// ownership changes when asked for.
pub(super) type HistoryRead = Result<(History, Option<Cache>, Option<Vec<changes::Change>>), Error>;

impl HistoryJob {
    /// Reads the history from `tip`, then the ownership changes of its commits.
    fn run(
        self,
        git: &git2::Repository,
        tip: Oid,
        second_core: &SecondCore,
        progress: &mut dyn FnMut(usize),
    ) -> HistoryRead {
        let (history, cache) =
            history::read(git, tip, self.window, self.use_cache, second_core, progress)?;
        let changes = self.changes.map(|include_vendored| {
            // The window's ownership changes, read from their own cache where known: parsing
            // every window version of the ownership files again was half of a warm run on
            // u-boot (see `handover::changes_cache`).
            let mut known = if self.use_cache {
                ChangesCache::load(ChangesCache::path_in(git.commondir()))
            } else {
                ChangesCache::disabled()
            };
            let found = changes::from_history(git, &history, include_vendored, &mut known);
            // A cache that cannot be written (read-only repository) only costs the next run.
            let _ = known.save();
            found
        });
        Ok((history, Some(cache), changes))
    }
}

/// The history pass of a run. With a cache to read, it runs on a thread of its own while the
/// rest of the session opens: on a 2-core machine that hides the file listing and the ownership
/// files behind it (benches/history.rs, warm: 76-91 ms -> 62-70 ms). Without one it runs alone,
/// after them: a cold pass reads hundreds of megabytes of objects through libgit2's pack cache,
/// which is shared by the whole process and locked, and the listing beside it made the cold
/// run 5-12% slower instead of faster.
pub(super) enum HistoryPass<'scope> {
    /// Reading on its own thread, through a second handle on the repository.
    Reading {
        thread: std::thread::ScopedJoinHandle<'scope, ()>,
        done: mpsc::Receiver<HistoryRead>,
        /// Commits seen so far, for the progress line.
        seen: Arc<AtomicUsize>,
        started: Instant,
    },
    /// To be read on this thread, when finished (no cache, or no second handle could be
    /// opened).
    Here {
        tip: Oid,
        job: HistoryJob,
        second_core: &'scope SecondCore,
    },
    /// Nothing to read: there is no commit.
    Empty(HistoryJob),
}

impl<'scope> HistoryPass<'scope> {
    /// Starts reading the window's history from the checked revision (HEAD for the work tree).
    pub(super) fn start<'env>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        repo: &Repo,
        revision: &Revision,
        job: HistoryJob,
        second_core: &'env SecondCore,
    ) -> HistoryPass<'scope> {
        let tip = match revision {
            Revision::Commit { id, .. } => Some(*id),
            Revision::WorkTree | Revision::Index => repo.head_commit(),
        };
        let Some(tip) = tip else {
            return HistoryPass::Empty(job);
        };
        let cached = job.use_cache
            && history::cache::Cache::exists_at(&history::cache::Cache::path_in(
                repo.git().commondir(),
            ));
        if !cached {
            return HistoryPass::Here {
                tip,
                job,
                second_core,
            };
        }
        let Ok(git) = git2::Repository::open(repo.git().path()) else {
            return HistoryPass::Here {
                tip,
                job,
                second_core,
            };
        };
        let seen = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&seen);
        let (send, done) = mpsc::channel();
        let thread = scope.spawn(move || {
            let mut progress = |commits: usize| counter.store(commits, Ordering::Relaxed);
            let _ = send.send(job.run(&git, tip, second_core, &mut progress));
        });
        HistoryPass::Reading {
            thread,
            done,
            seen,
            started: Instant::now(),
        }
    }

    /// Waits for the history, reporting its progress once the pass has taken more than a
    /// second.
    pub(super) fn finish(self, repo: &Repo, report: &mut Progress<'_>) -> HistoryRead {
        let mut shown = false;
        let result = match self {
            HistoryPass::Empty(job) => Ok((
                History::empty(job.window),
                None,
                job.changes.map(|_| Vec::new()),
            )),
            HistoryPass::Here {
                tip,
                job,
                second_core,
            } => {
                let started = Instant::now();
                let mut progress = |commits: usize| {
                    if started.elapsed() > PROGRESS_AFTER {
                        report(Event::ReadingHistory(commits));
                        shown = true;
                    }
                };
                job.run(repo.git(), tip, second_core, &mut progress)
            }
            HistoryPass::Reading {
                thread,
                done,
                seen,
                started,
            } => loop {
                match done.recv_timeout(Duration::from_millis(100)) {
                    Ok(result) => break result,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        if started.elapsed() > PROGRESS_AFTER {
                            report(Event::ReadingHistory(seen.load(Ordering::Relaxed)));
                            shown = true;
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => match thread.join() {
                        Err(panic) => std::panic::resume_unwind(panic),
                        Ok(()) => unreachable!("the history thread always sends its result"),
                    },
                }
            },
        };
        if shown {
            report(Event::HistoryRead);
        }
        result
    }
}

/// How long the history pass runs before a terminal shows its progress.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// How the identity index is brought up to the checked revision (HEAD for the work tree and
/// index) and read back as far as the declared names need: everything it needs, owned, so that
/// it can run on a thread of its own beside the window's history pass.
pub(super) struct IdentityJob {
    git_dir: std::path::PathBuf,
    common_dir: std::path::PathBuf,
    tip: Oid,
    wanted: Wanted,
    use_cache: bool,
    /// A pre-commit hook (`--staged`) only tops up the cache with the commits made since it was
    /// filled.
    reach: Reach,
}

impl IdentityJob {
    pub(super) fn new(
        repo: &Repo,
        revision: &Revision,
        snapshot: &Snapshot,
        config: &Config,
        mailmap: Option<&[u8]>,
        global: &Options,
    ) -> Option<IdentityJob> {
        let tip = match revision {
            Revision::Commit { id, .. } => Some(*id),
            Revision::WorkTree | Revision::Index => repo.head_commit(),
        }?;
        Some(IdentityJob {
            git_dir: repo.git().path().to_path_buf(),
            common_dir: repo.git().commondir().to_path_buf(),
            tip,
            wanted: Wanted::new(
                declared_names(snapshot, config),
                &declared_pairs(snapshot),
                &config.people,
                mailmap.map(Mailmap::parse),
            ),
            use_cache: global.use_cache,
            reach: if global.staged {
                Reach::TopUp(history::WARM_TOP_UP)
            } else {
                Reach::AsNeeded
            },
        })
    }

    /// Brings the `cached` index (as loaded from the cache; when the cache is used and none is
    /// given, it is loaded here) up to date through a handle of its own on the repository (so
    /// that it could run on another thread), and saves it. `idle` is the core the rest of the
    /// run frees once it only waits for the index: a cold walk reads ahead on it.
    pub(super) fn run(
        mut self,
        cached: Option<IdentityIndex>,
        idle: &SecondCore,
    ) -> Result<IdentityIndex, Error> {
        let git = git2::Repository::open(&self.git_dir)
            .map_err(|e| Error::git("cannot open the repository again", e))?;
        let mut index = match cached {
            _ if !self.use_cache => IdentityIndex::disabled(),
            Some(index) => index,
            None => IdentityIndex::load(IdentityIndex::path_in(&self.common_dir)).0,
        };
        index
            .update(&git, self.tip, &mut self.wanted, self.reach, Some(idle))
            .map_err(|e| Error::git("cannot read the history", e))?;
        // The cache is an optimisation: a run that cannot write it still answers.
        let _ = index.save();
        Ok(index)
    }
}
