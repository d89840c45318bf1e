//! Evidence: who was active when and where, from the window's commits, `.mailmap`, trailers,
//! merges and activity files, joined to ownership names through [`crate::identity`]. Built once
//! per run; the history rules only query it.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::facts::Ident;
use super::records::Record;
use super::{History, Window};
use crate::config::Config;
use crate::identity::Identities;
use crate::resolve::{Resolver, dir_of, parent_dir};
use crate::walker::Snapshot;
use crate::walker::basename;

/// One person's changes to an area.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Share {
    /// Commits (and activity records) that touched the area: non-merge commits, and merges
    /// that edited it themselves.
    pub changes: usize,
    pub last: i64,
}

/// What history shows for one area (the files whose nearest OWNERS file is this one).
#[derive(Debug, Clone, Default)]
pub struct AreaStats {
    /// Commits and activity records that touched the area: non-merge commits, and merges that
    /// edited it themselves.
    pub changes: usize,
    /// Per actor: their changes to the area.
    pub by_actor: HashMap<usize, Share>,
    /// Per actor: their last activity anywhere below the area's directory (authoring,
    /// committing, trailers, records).
    pub subtree_last: HashMap<usize, i64>,
}

impl AreaStats {
    /// The `n` most active actors in the area, most changes first (ties by actor, so the order
    /// is stable), with their changes and their share of the area's changes (rounded to 0.001).
    pub fn most_active(&self, n: usize) -> Vec<(usize, &Share, f64)> {
        let mut people: Vec<(usize, &Share)> = self.by_actor.iter().map(|(a, s)| (*a, s)).collect();
        people.sort_by_key(|(actor, share)| (std::cmp::Reverse(share.changes), *actor));
        people
            .into_iter()
            .take(n)
            .map(|(actor, share)| {
                let part = share.changes as f64 / self.changes.max(1) as f64;
                (actor, share, (part * 1000.0).round() / 1000.0)
            })
            .collect()
    }
}

/// Who was active when and where, for the history rules.
#[derive(Debug)]
pub struct Evidence {
    pub window: Window,
    pub ids: Identities,
    /// Per actor: last activity anywhere.
    last_seen: Vec<i64>,
    /// Per OWNERS file of the snapshot.
    pub areas: Vec<AreaStats>,
    /// Last commit time of each ownership file that changed in the window.
    pub file_changed: HashMap<String, i64>,
}

/// Someone's activity at a time, and what it touched.
struct Event {
    actor: usize,
    time: i64,
    /// Index into the touches of the build, for events with paths.
    touch: Option<usize>,
    /// Whether it counts as a change (an authored commit or an activity record).
    change: bool,
}

/// What a set of changed paths touches. The area lists are sorted and without repeats.
#[derive(Default)]
struct Touch<'h> {
    proper: Vec<usize>,
    below: Vec<usize>,
    ownership: Vec<&'h str>,
}

/// What the files of one directory touch through the OWNERS files (directory areas), computed
/// once per directory of the window's changes.
struct DirAreas {
    /// The area the directory belongs to, and that area and every area above it.
    proper: Vec<usize>,
    below: Vec<usize>,
}

/// Each of `areas` and every area above it, from [`area_ancestors`] (with repeats).
fn above<'a>(ancestors: &'a [Vec<usize>], areas: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    areas.iter().flat_map(|&a| &ancestors[a]).copied()
}

/// Sorts a list and drops repeats.
fn sorted_set(mut list: Vec<usize>) -> Vec<usize> {
    list.sort_unstable();
    list.dedup();
    list
}

/// An identity as `.mailmap` maps it (or unchanged).
fn through_mailmap(mailmap: Option<&git2::Mailmap>, ident: &Ident) -> Ident {
    let resolved = mailmap.and_then(|m| {
        let name = if ident.name.is_empty() {
            " "
        } else {
            &ident.name
        };
        let signature = git2::Signature::now(name, &ident.email).ok()?;
        let resolved = m.resolve_signature(&signature).ok()?;
        Some(Ident {
            name: String::from_utf8_lossy(resolved.name_bytes())
                .trim()
                .to_string(),
            email: String::from_utf8_lossy(resolved.email_bytes())
                .trim()
                .to_string(),
        })
    });
    resolved.unwrap_or_else(|| ident.clone())
}

/// For each OWNERS file: itself and every OWNERS file above it (for a pattern-scoped
/// declaration, itself: the paths it decides are all it covers).
fn area_ancestors(snapshot: &Snapshot, resolver: &Resolver) -> Vec<Vec<usize>> {
    snapshot
        .owners
        .iter()
        .enumerate()
        .map(|(index, file)| {
            if !file.is_directory() {
                return vec![index];
            }
            let mut list = Vec::new();
            let mut dir = Some(file.dir.as_str());
            while let Some(d) = dir {
                if let Some(i) = resolver.file_in(d) {
                    list.push(i);
                }
                dir = parent_dir(d);
            }
            list
        })
        .collect()
}

impl Evidence {
    pub fn build<'h>(
        history: &'h History,
        mailmap: Option<&git2::Mailmap>,
        records: &'h [Record],
        snapshot: &Snapshot,
        resolver: &Resolver,
        config: &Config,
    ) -> Evidence {
        let mut ids = Identities::default();
        // Each distinct commit identity goes through .mailmap and the identity table once.
        let mut actors: HashMap<&Ident, usize> = HashMap::default();
        let actor_of = |ids: &mut Identities, ident: &'_ Ident| -> usize {
            ids.actor(&through_mailmap(mailmap, ident))
        };

        // What a set of changed paths touches: the areas they belong to, every area above
        // them, and the ownership files among them. Computed once per commit, shared by the
        // author's, the committer's and the trailers' events.
        let ancestors = area_ancestors(snapshot, resolver);
        let ownership_files: HashSet<&str> = snapshot.sources.keys().map(String::as_str).collect();
        let ownership_names: HashSet<&str> = ownership_files.iter().map(|p| basename(p)).collect();
        let with_patterns = resolver.has_pattern_systems();
        // A file's directory areas follow from its directory: computed once per directory.
        // Pattern-scoped declarations depend on the whole path: once per path.
        let mut dir_memo: HashMap<&str, DirAreas> = HashMap::default();
        let mut path_memo: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut touch_of = |paths: &'h [String]| -> Touch<'h> {
            let mut touch = Touch::default();
            for path in paths {
                let dir = dir_of(path);
                let areas = dir_memo.entry(dir).or_insert_with(|| {
                    let proper: Vec<usize> = resolver.area_of(dir, true).into_iter().collect();
                    let below = sorted_set(above(&ancestors, &proper).collect());
                    DirAreas { proper, below }
                });
                touch.proper.extend_from_slice(&areas.proper);
                touch.below.extend_from_slice(&areas.below);
                if with_patterns {
                    let decided = path_memo.entry(path.as_str()).or_insert_with(|| {
                        let mut decided = Vec::new();
                        resolver.deciding(path, false, &mut decided);
                        sorted_set(decided)
                    });
                    touch.proper.extend_from_slice(decided);
                    touch.below.extend(above(&ancestors, decided));
                }
                if ownership_names.contains(basename(path))
                    && ownership_files.contains(path.as_str())
                {
                    touch.ownership.push(path.as_str());
                }
            }
            if paths.len() > 1 || with_patterns {
                touch.proper = sorted_set(std::mem::take(&mut touch.proper));
                touch.below = sorted_set(std::mem::take(&mut touch.below));
            }
            touch
        };

        let mut touches: Vec<Touch> = Vec::new();
        let mut events: Vec<Event> = Vec::new();
        let push = |events: &mut Vec<Event>, actor, time, touch, change| {
            events.push(Event {
                actor,
                time,
                touch,
                change,
            })
        };
        for commit in &history.commits {
            // A merge's paths are the edits it made itself (against every parent): those are
            // a change by its author; a merge that only brings in its parents' commits has
            // none, and counts as activity only (its commits are counted themselves).
            let touch = if commit.paths.is_empty() {
                None
            } else {
                touches.push(touch_of(&commit.paths));
                Some(touches.len() - 1)
            };
            let change = !commit.is_merge() || touch.is_some();
            let author = *actors
                .entry(&commit.author)
                .or_insert_with(|| actor_of(&mut ids, &commit.author));
            push(&mut events, author, commit.author_time, touch, change);
            let committer = *actors
                .entry(&commit.committer)
                .or_insert_with(|| actor_of(&mut ids, &commit.committer));
            if committer != author {
                push(&mut events, committer, commit.commit_time, touch, false);
            }
            for (_, ident) in &commit.trailers {
                let actor = *actors
                    .entry(ident)
                    .or_insert_with(|| actor_of(&mut ids, ident));
                if actor != author {
                    push(&mut events, actor, commit.commit_time, touch, false);
                }
            }
            if let Some(handle) = &commit.merged_handle {
                push(
                    &mut events,
                    ids.handle_actor(handle),
                    commit.commit_time,
                    None,
                    false,
                );
            }
        }
        for record in records {
            if record.when < history.window.start || record.when > history.window.end {
                continue;
            }
            let touch = record.path.as_ref().map(|path| {
                touches.push(touch_of(std::slice::from_ref(path)));
                touches.len() - 1
            });
            push(
                &mut events,
                ids.handle_actor(&record.who),
                record.when,
                touch,
                true,
            );
        }
        ids.finish(&config.people);

        let mut last_seen = vec![i64::MIN; ids.actors.len()];
        let mut areas = vec![AreaStats::default(); snapshot.owners.len()];
        let mut file_changed: HashMap<String, i64> = HashMap::default();
        for event in &events {
            let seen = &mut last_seen[event.actor];
            *seen = (*seen).max(event.time);
            let Some(touch) = event.touch.map(|t| &touches[t]) else {
                continue;
            };
            for &area in &touch.below {
                let last = areas[area]
                    .subtree_last
                    .entry(event.actor)
                    .or_insert(event.time);
                *last = (*last).max(event.time);
            }
            if event.change {
                for &path in &touch.ownership {
                    match file_changed.get_mut(path) {
                        Some(changed) => *changed = (*changed).max(event.time),
                        None => {
                            file_changed.insert(path.to_string(), event.time);
                        }
                    }
                }
                for &area in &touch.proper {
                    let stats = &mut areas[area];
                    stats.changes += 1;
                    let share = stats.by_actor.entry(event.actor).or_default();
                    share.changes += 1;
                    share.last = share.last.max(event.time);
                }
            }
        }
        Evidence {
            window: history.window,
            ids,
            last_seen,
            areas,
            file_changed,
        }
    }

    /// When an ownership name was last active anywhere, if they were in the window.
    pub fn last_seen(&self, name: &str) -> Option<i64> {
        self.ids
            .join(name)
            .iter()
            .map(|&a| self.last_seen[a])
            .filter(|&t| t != i64::MIN)
            .max()
    }

    /// When an ownership name was last active below an area's directory.
    pub fn last_seen_below(&self, name: &str, area: usize) -> Option<i64> {
        let stats = &self.areas[area];
        self.ids
            .join(name)
            .iter()
            .filter_map(|a| stats.subtree_last.get(a).copied())
            .max()
    }

    /// Whether an actor is one of the people an ownership name stands for.
    pub fn is(&self, name: &str, actor: usize) -> bool {
        self.ids.join(name).contains(&actor)
    }
}
