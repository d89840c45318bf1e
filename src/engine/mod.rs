//! The engine: one run over a repository at one revision. [`Session::open`] opens the
//! repository, chooses the revision, reads the configuration, walks the ownership files and
//! reads the history (in `background.rs`); [`findings`] runs the rules over it, the one path
//! `check`, `report` and pull-request mode share; [`change`] says what a commit or a pull
//! request changes and which findings it introduces.
//!
//! The engine is opened from plain [`Options`] and reports progress through an
//! [`Event`] callback: it never names the command line's types, and never writes to a
//! terminal itself.

use std::path::PathBuf;

use crate::config::{CONFIG_FILE, Config, ConfigOrigin};
use crate::delta::Delta;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::handover::{self, HandoverState, changes};
use crate::history::decided_cache::DecidedCache;
use crate::history::identity_index::IdentityIndex;
use crate::history::records::{self, Record};
use crate::history::{self, History, Window};
use crate::identity::Mailmap;
use crate::render::{Sources, Totals};
use crate::repo::{Repo, Revision};
use crate::side_by_side;
use crate::time;
use crate::walker::{self, Snapshot, WalkOptions};

mod background;
pub mod change;
pub mod coverage_cache;
pub mod findings;
pub mod resolution_cache;
pub mod who;

use background::{Background, HistoryJob, HistoryPass, IdentityJob};

/// What a run reads, as the command line (or any other caller) chose it.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The directory the command runs in: relative paths are read from here.
    pub cwd: PathBuf,
    /// The repository (`--repo`); `cwd` when not given.
    pub repo: Option<PathBuf>,
    /// The revision to check (`--rev`); the work tree when not given.
    pub rev: Option<String>,
    /// Check the index (`--staged`), compared with HEAD.
    pub staged: bool,
    /// Compare with the merge base of this revision (`--base`).
    pub base: Option<String>,
    /// A configuration file given by hand (`--config`).
    pub config: Option<PathBuf>,
    /// Read ownership files in vendored directories too.
    pub include_vendored: bool,
    /// The instant findings are judged at (`--as-of`); the revision's commit time, or now.
    pub as_of: Option<String>,
    /// The start of the history window (`--since`); the configuration's, or 365 days.
    pub since: Option<String>,
    /// Whether to read history at all (`--no-history` turns it off; some commands need none).
    pub history: bool,
    /// Whether to read and write the caches under `.git/ownlint` (`--no-cache` turns it off).
    pub use_cache: bool,
    /// Rules or categories turned on (`--select`) and off (`--ignore`).
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Report where the configuration came from (`--verbose`).
    pub verbose: bool,
}

/// What a run tells its caller while it works; the caller decides what to show.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// A `--verbose` line.
    Verbose(&'a str),
    /// A note the user should see (history rules skipped, ...).
    Note(&'a str),
    /// The history pass has read this many commits and has taken over a second.
    ReadingHistory(usize),
    /// The history pass is over (sent after `ReadingHistory` only).
    HistoryRead,
}

/// A callback for [`Event`]s.
pub type Progress<'p> = dyn FnMut(Event<'_>) + 'p;

/// A repository read at one revision.
pub struct Session {
    pub repo: Repo,
    pub revision: Revision,
    pub config: Config,
    pub snapshot: Snapshot,
    /// Diagnostics about the configuration file itself.
    pub config_diagnostics: Vec<Diagnostic>,
    /// The instant findings are judged at.
    pub as_of: i64,
    /// The window's history, unless `--no-history`.
    pub history: Option<History>,
    /// Records of the config's activity files.
    pub records: Vec<Record>,
    /// Handover documents and the window's ownership changes.
    pub handover: HandoverState,
    /// The whole history's identities, read as far as the declared names need (with history).
    pub identities: Option<IdentityIndex>,
    /// `.mailmap` of the checked revision, as read.
    pub mailmap: Option<Vec<u8>>,
    /// With `--staged` or `--base`: the revision the change is compared with (HEAD, or the
    /// merge base), when there is one (a first commit has no HEAD).
    pub compared: Option<Revision>,
    /// How the ownership files were chosen (for reading the compared revision the same way).
    pub walk_options: WalkOptions,
    /// The directory the run was opened from (command-line paths are relative to it).
    pub cwd: PathBuf,
    /// Whether the caches under `.git/ownlint` are read and written (`--no-cache` turns it off).
    pub use_cache: bool,
    /// The decided-areas cache, when it was read while the session opened (taken by the first
    /// [`Session::evidence`]).
    decided: std::sync::Mutex<Option<DecidedCache>>,
    /// What the run left running (the history cache being saved).
    background: Background,
}

impl Session {
    /// Opens a run; history is read only when `options.history`. Every pattern compiled from
    /// the repository on the way counts against one [pattern budget](crate::pattern_budget).
    pub fn open(options: &Options, progress: &mut Progress<'_>) -> Result<Session, Error> {
        crate::pattern_budget::scope(|| Self::open_in_budget(options, progress))
    }

    fn open_in_budget(global: &Options, progress: &mut Progress<'_>) -> Result<Session, Error> {
        let dir = global.repo.clone().unwrap_or_else(|| global.cwd.clone());
        let repo = Repo::open(&dir)?;
        let revision = if global.staged {
            repo.staged()?
        } else {
            repo.revision(global.rev.as_deref())?
        };
        // A commit's configuration is found without listing its tree, so that the history pass
        // (which needs the configuration's window) starts first; an index lists cheaply.
        let listed = match &revision {
            Revision::Commit { .. } => None,
            Revision::WorkTree | Revision::Index => Some(repo.entries(&revision)?),
        };
        let config_entry = match (&listed, &revision) {
            (Some(entries), _) => walker::config_entry(entries).cloned(),
            (None, Revision::Commit { tree, .. }) => repo.root_file(*tree, CONFIG_FILE)?,
            (None, _) => None,
        };
        let mut config_diagnostics = Vec::new();
        let config = configuration(
            &repo,
            &revision,
            config_entry.as_ref(),
            global,
            progress,
            &mut config_diagnostics,
        )?;
        let as_of = match (&global.as_of, &revision) {
            (Some(text), _) => {
                time::parse_instant(text).map_err(|e| Error::Usage(format!("--as-of: {e}")))?
            }
            (None, Revision::Commit { time, .. }) => *time,
            (None, Revision::WorkTree | Revision::Index) => now(),
        };
        let window = if !global.history {
            None
        } else {
            let since = global
                .since
                .clone()
                .or_else(|| config.history.since.clone())
                .unwrap_or_else(|| "365d".to_string());
            let start = time::parse_since(&since, as_of)
                .map_err(|e| Error::Usage(format!("--since: {e}")))?;
            Some(Window { start, end: as_of })
        };
        let records = match window {
            Some(_) => read_records(&repo, &config, &global.cwd)?,
            None => Vec::new(),
        };
        let options = WalkOptions {
            include_vendored: global.include_vendored,
        };
        // The history pass reads only the object database: listing the files and reading the
        // ownership files and handover documents run beside it, on this thread.
        let mut background = Background::default();
        let decided_path = DecidedCache::path_in(repo.git().commondir());
        // Held by the identity index while it runs beside the window's history pass; a cold
        // pass takes a second thread once it is free (see `history::read`).
        let second_core = side_by_side::SecondCore::held();
        // This thread's core, held until all that is left is to wait for the identity index,
        // which then reads ahead on it (see `history::read_ahead`).
        let this_core = side_by_side::SecondCore::held();
        let (entries, snapshot, handovers, history, history_changes, identities, mailmap, decided) =
            std::thread::scope(|scope| {
                // The cached identity index is parsed from the start, beside the listing and
                // the walk, which the index's update waits for (it needs the declared names):
                // read after them, a warm run of kubernetes-sigs/kind waited for it.
                let preloaded = (window.is_some() && global.use_cache).then(|| {
                    let path = IdentityIndex::path_in(repo.git().commondir());
                    scope.spawn(move || IdentityIndex::load(path).0)
                });
                let pass = match window {
                    Some(window) if !global.staged => Some(HistoryPass::start(
                        scope,
                        &repo,
                        &revision,
                        HistoryJob {
                            window,
                            use_cache: global.use_cache,
                            // Without a change to compare (--base), ownership changes come from
                            // the window's commits.
                            changes: global.base.is_none().then_some(global.include_vendored),
                        },
                        &second_core,
                    )),
                    _ => None,
                };
                // A pre-commit hook reads the window's history from the cache alone
                // (`read_warm_history`), on a thread of its own while the files are listed and
                // read: after them, it was a quarter of the hook on benches/pattern_shapes.rs's
                // Chromium shape, the second core idle.
                let hook_history = match window {
                    Some(window) if global.staged && global.use_cache => {
                        repo.head_commit().and_then(|tip| {
                            let git = git2::Repository::open(repo.git().path()).ok()?;
                            Some(scope.spawn(move || history::read_warm(&git, tip, window)))
                        })
                    }
                    _ => None,
                };
                let entries = match listed {
                    Some(entries) => entries,
                    None => repo.entries(&revision)?,
                };
                if entries.is_empty() && !repo.has_commits() {
                    return Err(Error::Repo(format!(
                        "{}: the repository has no commits and nothing staged: nothing to check",
                        repo.workdir().unwrap_or(repo.git().path()).display()
                    )));
                }
                let snapshot = walker::walk(&repo, &revision, &entries, &config, &options)?;
                // The areas that decide the paths the history touches are cached from run to
                // run (see `evidence`): the cache is read beside what follows, which needs
                // none of it (on benches/pattern_shapes.rs's maintainers shape, reading it was
                // a tenth of a warm run, on one core while the other waited).
                let read_decided = window.is_some()
                    && global.use_cache
                    && !global.staged
                    && !snapshot.systems().is_empty();
                let ((handovers, mailmap, identity_thread), decided) = side_by_side::both(
                    "ownlint-decided",
                    || {
                        let handovers = handover::load(
                            &repo,
                            &revision,
                            &entries,
                            &snapshot.owners,
                            &config.handover,
                        );
                        // The identity index (commit headers over the whole history) runs on a
                        // thread of its own beside the window's pass, reading through packs of
                        // its own: through the packs libgit2 shares between handles the two
                        // threads mostly waited on each other's locks (see
                        // `history::objects::unshared_odb`).
                        let mailmap = window.and_then(|_| {
                            read_mailmap(&repo, &revision, &entries, &mut config_diagnostics)
                        });
                        let identity_job = window.and_then(|_| {
                            IdentityJob::new(
                                &repo,
                                &revision,
                                &snapshot,
                                &config,
                                mailmap.as_deref(),
                                global,
                            )
                        });
                        let identity_thread = match identity_job {
                            Some(job) => Some(scope.spawn(|| {
                                let _releasing = second_core.release_on_drop();
                                let cached = preloaded.map(|thread| {
                                    thread.join().unwrap_or_else(|_| IdentityIndex::disabled())
                                });
                                job.run(cached, &this_core)
                            })),
                            None => {
                                second_core.release();
                                None
                            }
                        };
                        (handovers, mailmap, identity_thread)
                    },
                    || {
                        read_decided
                            .then(|| DecidedCache::load(decided_path.clone(), &snapshot, &config))
                    },
                );
                let (history, changes) = match (pass, window) {
                    (Some(pass), _) => {
                        let (history, cache, changes) = pass.finish(&repo, progress)?;
                        if let Some(cache) = cache {
                            background.save_history(cache);
                        }
                        (Some(history), changes)
                    }
                    (None, Some(window)) => (
                        read_warm_history(&repo, window, global.use_cache, hook_history, progress)?,
                        None,
                    ),
                    (None, None) => (None, None),
                };
                this_core.release();
                let identities = match identity_thread {
                    Some(thread) if history.is_some() => Some(
                        thread
                            .join()
                            .map_err(|_| Error::Repo("the identity index failed".into()))??,
                    ),
                    _ => None,
                };
                Ok((
                    entries, snapshot, handovers, history, changes, identities, mailmap, decided,
                ))
            })?;
        let mut handover = HandoverState {
            handovers,
            ..HandoverState::default()
        };
        if let Some(history) = &history {
            handover.updates = changes::update_times(history, handover.handovers.docs.keys());
        }
        let mut compared = None;
        if global.staged {
            // Only HEAD's trees that the index's cache tree does not vouch for are read, and
            // only the index entries below them compared: the rest is the same on both sides.
            let (head, skipped) = match repo.head_commit() {
                Some(id) => match repo.revision(Some(&id.to_string()))? {
                    head @ Revision::Commit { tree, .. } => {
                        compared = Some(head);
                        repo.head_beside_index(tree)?
                    }
                    _ => Default::default(),
                },
                None => Default::default(),
            };
            let compared = outside(&entries, &skipped);
            let delta = Delta::between(&head, &compared);
            handover.changes = changes::between(
                &repo,
                &head,
                &entries,
                &delta,
                changes::Origin::Staged,
                as_of,
                global.include_vendored,
            );
            handover.changed = delta.changed.into_iter().collect();
            handover.removed = delta.removed;
        } else if let Some(base) = &global.base {
            let tip = match &revision {
                Revision::Commit { id, time, .. } => (*id, *time),
                _ => {
                    let id = repo.head_commit().ok_or_else(|| {
                        Error::Repo("--base needs a commit to compare: HEAD has none".into())
                    })?;
                    let time = repo
                        .git()
                        .find_commit(id)
                        .map(|c| c.time().seconds())
                        .unwrap_or(as_of);
                    (id, time)
                }
            };
            let merge_base = repo.merge_base(base, tip.0)?;
            let Revision::Commit { id: base_id, .. } = merge_base else {
                unreachable!("a merge base is a commit");
            };
            let old = repo.entries(&merge_base)?;
            let new = repo.entries(&repo.revision(Some(&tip.0.to_string()))?)?;
            let delta = Delta::between(&old, &new);
            handover.changes = changes::between(
                &repo,
                &old,
                &new,
                &delta,
                changes::Origin::Base(base_id),
                tip.1,
                global.include_vendored,
            );
            handover.changed = delta.changed.into_iter().collect();
            handover.removed = delta.removed;
            compared = Some(merge_base);
        } else if let Some(mut changes) = history_changes {
            if let Some(history) = &history {
                // Edits of OWNERS_ALIASES alone change the people of the OWNERS files that name
                // the aliases they edit.
                let owners: Vec<&str> = snapshot
                    .owners
                    .iter()
                    .filter(|f| f.dialect == crate::model::Dialect::Owners)
                    .map(|f| f.path.as_str())
                    .collect();
                changes.extend(changes::from_alias_edits(
                    repo.git(),
                    history,
                    &owners,
                    global.include_vendored,
                ));
                changes.sort_by_key(|c| c.time);
            }
            handover.changes = changes;
        }
        Ok(Session {
            repo,
            revision,
            config,
            snapshot,
            config_diagnostics,
            as_of,
            history,
            records,
            handover,
            identities,
            mailmap,
            compared,
            walk_options: options,
            cwd: global.cwd.clone(),
            use_cache: global.use_cache,
            decided: std::sync::Mutex::new(decided),
            background,
        })
    }

    /// Waits for the work the run left in the background (the history cache being saved), so
    /// that the process can end without freeing the run (dropping it waits too).
    pub fn settle(&mut self) {
        self.background.wait();
    }

    /// Every file a diagnostic may point into.
    pub fn sources(&self) -> Sources<'_> {
        let mut sources: Sources = self
            .snapshot
            .sources
            .iter()
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        if let Some(config) = &self.config.source {
            sources.insert(config.path.as_str(), config);
        }
        for (path, source) in &self.handover.handovers.sources {
            sources.insert(path.as_str(), source);
        }
        sources
    }

    /// What the session's history shows, joined to the snapshot's areas (unless --no-history).
    pub fn evidence(
        &self,
        resolver: &crate::resolve::Resolver,
    ) -> Option<crate::history::evidence::Evidence> {
        let history = self.history.as_ref()?;
        // The checked revision's areas decide the same paths from run to run until an
        // ownership file changes: their pattern searches are cached (the compared revision's,
        // in `evidence_for`, are not: one file keeps one snapshot's answers).
        let read_already = self.decided.lock().ok().and_then(|mut read| read.take());
        let mut decided = match read_already {
            Some(decided) => decided,
            None if self.use_cache && resolver.has_pattern_systems() => DecidedCache::load(
                DecidedCache::path_in(self.repo.git().commondir()),
                &self.snapshot,
                &self.config,
            ),
            None => DecidedCache::disabled(),
        };
        let evidence = self.build_evidence(history, &self.snapshot, resolver, Some(&mut decided));
        // A cache that cannot be written (read-only repository) only costs the next run time.
        let _ = decided.save();
        Some(evidence)
    }

    /// What the session's history shows, joined to the areas of `snapshot` (the checked
    /// revision's, or the compared one's), unless --no-history.
    pub fn evidence_for(
        &self,
        snapshot: &Snapshot,
        resolver: &crate::resolve::Resolver,
    ) -> Option<crate::history::evidence::Evidence> {
        let history = self.history.as_ref()?;
        Some(self.build_evidence(history, snapshot, resolver, None))
    }

    fn build_evidence(
        &self,
        history: &History,
        snapshot: &Snapshot,
        resolver: &crate::resolve::Resolver,
        decided: Option<&mut crate::history::decided_cache::DecidedCache>,
    ) -> crate::history::evidence::Evidence {
        let declared = declared_pairs(snapshot);
        let sources = crate::history::evidence::Sources {
            index: self.identities.as_ref(),
            mailmap: self.mailmap.as_deref().map(Mailmap::parse),
            declared: &declared,
            records: &self.records,
            decided,
        };
        crate::history::evidence::Evidence::build(
            history,
            sources,
            snapshot,
            resolver,
            &self.config,
        )
    }

    pub fn totals(&self) -> Totals {
        Totals {
            files: self.snapshot.files.len(),
            ownership_files: self.snapshot.ownership_file_count(),
            excluded: self.snapshot.excluded.len(),
            ..Totals::default()
        }
    }

    /// Whether a repository-relative path names something: a checked file, a directory
    /// holding one, an ownership file, or a path in the work tree (untracked, or left out as
    /// vendored).
    pub fn knows_path(&self, path: &str) -> bool {
        let files = &self.snapshot.files;
        let prefix = format!("{path}/");
        let at = files.partition_point(|f| f.as_str() < prefix.as_str());
        let below = files.get(at).is_some_and(|f| f.starts_with(&prefix));
        path.is_empty()
            || below
            || files.binary_search_by(|f| f.as_str().cmp(path)).is_ok()
            || self.snapshot.sources.contains_key(path)
            || self
                .repo
                .workdir()
                .is_some_and(|root| root.join(path).symlink_metadata().is_ok())
    }

    /// Command-line paths as repository-relative paths.
    pub fn relative_paths(&self, paths: &[String]) -> Result<Vec<String>, Error> {
        paths
            .iter()
            .map(|p| self.repo.relative_path(&self.cwd, p))
            .collect()
    }
}

/// Reads the configuration the run uses (see [`walker::load_config`]; `found` is the
/// revision's [`CONFIG_FILE`] entry), merges the rules chosen on the command line
/// (`--select`, `--ignore`) into it, and with `--verbose` says on stderr where it came from.
pub fn configuration(
    repo: &Repo,
    revision: &Revision,
    found: Option<&crate::repo::Entry>,
    global: &Options,
    progress: &mut Progress<'_>,
    out: &mut Vec<Diagnostic>,
) -> Result<Config, Error> {
    let mut config = walker::load_config(repo, revision, found, global.config.as_deref(), out)?;
    config.apply_selection(&global.select, &global.ignore)?;
    if global.verbose {
        progress(Event::Verbose(&format!("configuration: {}", config.origin)));
        let unstaged = matches!(revision, Revision::Index)
            && global.config.is_none()
            && repo
                .workdir()
                .is_some_and(|root| root.join(CONFIG_FILE).symlink_metadata().is_ok());
        if unstaged && config.origin == ConfigOrigin::Defaults {
            progress(Event::Verbose(&format!(
                "{CONFIG_FILE} in the work tree is not staged: --staged reads the index's"
            )));
        }
    }
    Ok(config)
}

/// The configuration of the repository the command line names, for a command that reads
/// nothing else (`ownlint rules`): the defaults outside a repository, unless `--config` names
/// a file (or `--repo` a repository, which must then open).
pub fn configuration_only(global: &Options, progress: &mut Progress<'_>) -> Result<Config, Error> {
    crate::pattern_budget::scope(|| {
        let dir = global.repo.clone().unwrap_or_else(|| global.cwd.clone());
        let repo = match Repo::open(&dir) {
            Ok(repo) => repo,
            Err(e) if global.repo.is_some() => return Err(e),
            Err(_) => {
                let mut config = match &global.config {
                    Some(path) => walker::config_from_command_line(path, &mut Vec::new())?,
                    None => Config::default(),
                };
                config.apply_selection(&global.select, &global.ignore)?;
                if global.verbose {
                    progress(Event::Verbose(&format!("configuration: {}", config.origin)));
                }
                return Ok(config);
            }
        };
        let revision = if global.staged {
            repo.staged()?
        } else {
            repo.revision(global.rev.as_deref())?
        };
        let found = match &revision {
            Revision::Commit { tree, .. } => repo.root_file(*tree, CONFIG_FILE)?,
            Revision::WorkTree | Revision::Index => {
                walker::config_entry(&repo.entries(&revision)?).cloned()
            }
        };
        configuration(
            &repo,
            &revision,
            found.as_ref(),
            global,
            progress,
            &mut Vec::new(),
        )
    })
}

/// The entries (sorted by path) that lie below none of `dirs` (`""`, the root, holds
/// everything): each directory's entries are one range, found by binary search.
fn outside(
    entries: &[crate::repo::Entry],
    dirs: &std::collections::HashSet<String>,
) -> Vec<crate::repo::Entry> {
    if dirs.contains("") {
        return Vec::new();
    }
    let mut ranges: Vec<(usize, usize)> = dirs
        .iter()
        .map(|dir| {
            let prefix = format!("{dir}/");
            let start = entries.partition_point(|e| e.path.as_str() < prefix.as_str());
            let end = start + entries[start..].partition_point(|e| e.path.starts_with(&prefix));
            (start, end)
        })
        .collect();
    ranges.sort_unstable();
    let mut kept = Vec::new();
    let mut at = 0;
    for (start, end) in ranges {
        if start > at {
            kept.extend_from_slice(&entries[at..start]);
        }
        at = at.max(end);
    }
    kept.extend_from_slice(&entries[at.min(entries.len())..]);
    kept
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// What [`history::read_warm`] answers.
type WarmRead = Result<Result<History, String>, Error>;

/// The history of a `--staged` run (a pre-commit hook, which must stay fast): only what the
/// cache holds, from HEAD. When the cache is cold, missing or turned off, history rules are
/// skipped with one note on stderr instead of walking the whole history. `started` is the same
/// read, already under way on a thread of its own, when one could be opened.
fn read_warm_history(
    repo: &Repo,
    window: Window,
    use_cache: bool,
    started: Option<std::thread::ScopedJoinHandle<'_, WarmRead>>,
    progress: &mut Progress<'_>,
) -> Result<Option<History>, Error> {
    let Some(tip) = repo.head_commit() else {
        return Ok(Some(History::empty(window)));
    };
    let note = if use_cache {
        let read = match started {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => history::read_warm(repo.git(), tip, window),
        };
        match read? {
            Ok(history) => return Ok(Some(history)),
            Err(why) => format!("{why}; a plain `ownlint check` fills it"),
        }
    } else {
        "--staged reads history only from the cache, which --no-cache turns off".to_string()
    };
    progress(Event::Note(&format!("history rules skipped: {note}")));
    Ok(None)
}

/// Reads the configuration's activity files, relative to the repository root.
fn read_records(repo: &Repo, config: &Config, cwd: &std::path::Path) -> Result<Vec<Record>, Error> {
    let root = repo
        .workdir()
        .map(|p| p.to_path_buf())
        .unwrap_or_else(|| cwd.to_path_buf());
    let mut all = Vec::new();
    for path in &config.activity {
        let origin = crate::bounded_read::Origin::Repository(&root);
        all.extend(records::read(&root.join(path), origin, path)?);
    }
    Ok(all)
}

/// The checked revision's `.mailmap`, when it has one that can be read; one that cannot is
/// reported (the identities are then joined without it).
fn read_mailmap(
    repo: &Repo,
    revision: &Revision,
    entries: &[crate::repo::Entry],
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    let at = entries
        .binary_search_by(|e| e.path.as_str().cmp(".mailmap"))
        .ok()?;
    match repo.read(revision, &entries[at], crate::bounded_read::MAILMAP) {
        Ok(bytes) => Some(bytes),
        Err(problem) => {
            out.push(
                Diagnostic::new(
                    crate::rules::history_incomplete::RULE.name,
                    format!(".mailmap was not read: {problem}"),
                )
                .in_file(".mailmap")
                .help("identities are joined without it; keep .mailmap a regular file of a reasonable size"),
            );
            None
        }
    }
}

/// Every person the ownership files name (aliases and teams expanded), for the identity index
/// to find.
fn declared_names(snapshot: &Snapshot, config: &Config) -> Vec<String> {
    let resolver = crate::resolve::Resolver::new(snapshot, &config.teams);
    // Each name written once, expanded once: the same few hundred people are named in
    // thousands of ownership files.
    let mut written = rustc_hash::FxHashSet::default();
    for file in &snapshot.owners {
        let filters = file.filters.iter().flat_map(|f| {
            f.approvers
                .iter()
                .chain(&f.reviewers)
                .chain(&f.required_reviewers)
        });
        for name in file
            .owner
            .iter()
            .chain(&file.approvers)
            .chain(&file.reviewers)
            .chain(&file.required_reviewers)
            .chain(&file.cover)
            .chain(filters)
        {
            written.insert(name.name.as_str());
        }
    }
    let mut names = std::collections::BTreeSet::new();
    for name in written {
        names.extend(resolver.expand(name).0);
    }
    names.into_iter().collect()
}

/// The `Name <email>` pairs of MAINTAINERS lines.
fn declared_pairs(snapshot: &Snapshot) -> Vec<(String, String)> {
    let Some(system) = &snapshot.maintainers else {
        return Vec::new();
    };
    let mut pairs: Vec<(String, String)> = system
        .files
        .iter()
        .flat_map(|f| &f.sections)
        .flat_map(|s| s.maintainers.iter().chain(&s.reviewers))
        .filter_map(|p| Some((p.name.clone(), p.email.clone()?)))
        .filter(|(name, _)| !name.trim().is_empty())
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs
}
