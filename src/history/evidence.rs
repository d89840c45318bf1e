//! Evidence: who was active when and where, from the window's commits, `.mailmap`, trailers,
//! merges and activity files, joined to ownership names through [`crate::identity`]. Built once
//! per run; the history rules only query it.

use std::collections::{BTreeSet, HashMap};

use super::facts::Ident;
use super::records::Record;
use super::{History, Window};
use crate::config::Config;
use crate::identity::Identities;
use crate::resolve::{Resolver, parent_dir};
use crate::walker::Snapshot;

/// One person's changes to an area.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Share {
    /// Non-merge commits (and activity records) that touched the area.
    pub changes: usize,
    pub last: i64,
}

/// What history shows for one area (the files whose nearest OWNERS file is this one).
#[derive(Debug, Clone, Default)]
pub struct AreaStats {
    /// Non-merge commits and activity records that touched the area.
    pub changes: usize,
    /// Per actor: their changes to the area.
    pub by_actor: HashMap<usize, Share>,
    /// Per actor: their last activity anywhere below the area's directory (authoring,
    /// committing, trailers, records).
    pub subtree_last: HashMap<usize, i64>,
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

impl Evidence {
    pub fn build(
        history: &History,
        mailmap: Option<&git2::Mailmap>,
        records: &[Record],
        snapshot: &Snapshot,
        resolver: &Resolver,
        config: &Config,
    ) -> Evidence {
        let mut ids = Identities::default();
        let mut mapped: HashMap<Ident, Ident> = HashMap::new();
        let mut through_mailmap = |ident: &Ident| -> Ident {
            if let Some(known) = mapped.get(ident) {
                return known.clone();
            }
            let resolved = mailmap
                .and_then(|m| {
                    let signature = git2::Signature::now(
                        if ident.name.is_empty() {
                            " "
                        } else {
                            &ident.name
                        },
                        &ident.email,
                    )
                    .ok()?;
                    let resolved = m.resolve_signature(&signature).ok()?;
                    Some(Ident {
                        name: String::from_utf8_lossy(resolved.name_bytes())
                            .trim()
                            .to_string(),
                        email: String::from_utf8_lossy(resolved.email_bytes())
                            .trim()
                            .to_string(),
                    })
                })
                .unwrap_or_else(|| ident.clone());
            mapped.insert(ident.clone(), resolved.clone());
            resolved
        };

        // Events: (actor, time, paths touched, whether it counts as a change).
        struct Event<'a> {
            actor: usize,
            time: i64,
            paths: &'a [String],
            change: bool,
        }
        let mut events: Vec<Event> = Vec::new();
        let single_path: Vec<Vec<String>> = records
            .iter()
            .map(|r| r.path.iter().cloned().collect())
            .collect();
        for commit in &history.commits {
            let author = ids.actor(&through_mailmap(&commit.author));
            let paths: &[String] = if commit.is_merge() {
                &[]
            } else {
                &commit.paths
            };
            events.push(Event {
                actor: author,
                time: commit.author_time,
                paths,
                change: !commit.is_merge(),
            });
            let committer = ids.actor(&through_mailmap(&commit.committer));
            if committer != author {
                events.push(Event {
                    actor: committer,
                    time: commit.commit_time,
                    paths,
                    change: false,
                });
            }
            for (_, ident) in &commit.trailers {
                let actor = ids.actor(&through_mailmap(ident));
                if actor != author {
                    events.push(Event {
                        actor,
                        time: commit.commit_time,
                        paths,
                        change: false,
                    });
                }
            }
            if let Some(handle) = &commit.merged_handle {
                events.push(Event {
                    actor: ids.handle_actor(handle),
                    time: commit.commit_time,
                    paths: &[],
                    change: false,
                });
            }
        }
        for (record, paths) in records.iter().zip(&single_path) {
            if record.when < history.window.start || record.when > history.window.end {
                continue;
            }
            events.push(Event {
                actor: ids.handle_actor(&record.who),
                time: record.when,
                paths,
                change: true,
            });
        }
        ids.finish(&config.people);

        // Every OWNERS file above (or at) each area, for activity below a directory.
        let ancestors: Vec<Vec<usize>> = snapshot
            .owners
            .iter()
            .map(|file| {
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
            .collect();
        let ownership_files: BTreeSet<&str> = snapshot.sources.keys().map(String::as_str).collect();
        let mut last_seen = vec![i64::MIN; ids.actors.len()];
        let mut areas = vec![AreaStats::default(); snapshot.owners.len()];
        let mut file_changed: HashMap<String, i64> = HashMap::new();
        let mut proper = BTreeSet::new();
        let mut below = BTreeSet::new();
        for event in &events {
            let seen = &mut last_seen[event.actor];
            *seen = (*seen).max(event.time);
            proper.clear();
            below.clear();
            for path in event.paths {
                if let Some(area) = resolver.area_of(path, false) {
                    proper.insert(area);
                    below.extend(ancestors[area].iter().copied());
                }
                if event.change && ownership_files.contains(path.as_str()) {
                    let changed = file_changed.entry(path.clone()).or_insert(event.time);
                    *changed = (*changed).max(event.time);
                }
            }
            for &area in &below {
                let last = areas[area]
                    .subtree_last
                    .entry(event.actor)
                    .or_insert(event.time);
                *last = (*last).max(event.time);
            }
            if event.change {
                for &area in &proper {
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
