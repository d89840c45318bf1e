//! Evidence: who was active when and where, from the window's commits, trailers, merges and
//! activity files, with the people of [`crate::identity`] joined over the whole history (the
//! identity index). Built once per run; the history rules only query it.
//!
//! Area shares (who makes an area's changes) leave out bots and tree-wide changes: a commit
//! that touches more than `history.wide_change` areas at once (a mass rename, a license header,
//! a configuration resync) says nothing about who maintains each of them.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::facts::Ident;
use super::identity_index::{Activity, IdentityIndex};
use super::records::Record;
use super::{History, Window};
use crate::config::Config;
use crate::identity::{Identities, Mailmap, PersonId, Sighting};
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
    /// Changes (non-merge commits, merges' own edits and activity records) that touched the
    /// area, leaving out bots and tree-wide changes.
    pub changes: usize,
    /// Per person: their changes to the area (counted like `changes`).
    pub by_person: HashMap<PersonId, Share>,
    /// Per person: their last activity anywhere below the area's directory (authoring,
    /// committing, trailers, records), tree-wide changes included.
    pub subtree_last: HashMap<PersonId, i64>,
}

impl AreaStats {
    /// The `n` most active people in the area, most changes first (ties by person, so the
    /// order is stable), with their changes and their share of the area's changes (rounded to
    /// 0.001).
    pub fn most_active(&self, n: usize) -> Vec<(PersonId, &Share, f64)> {
        let mut people: Vec<(PersonId, &Share)> =
            self.by_person.iter().map(|(a, s)| (*a, s)).collect();
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
    /// Everyone, joined over the whole history.
    pub ids: Identities,
    /// Per OWNERS file of the snapshot.
    pub areas: Vec<AreaStats>,
    /// Last commit time of each ownership file that changed in the window.
    pub file_changed: HashMap<String, i64>,
}

/// Someone's activity at a time, and what it touched.
struct Event {
    /// The identity's node (see [`Identities`]), made a person once every node is joined.
    node: u32,
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

/// What the areas of a run make of changed paths: shared by the threads that compute touches.
struct AreasOf<'r> {
    resolver: &'r Resolver<'r>,
    ancestors: &'r [Vec<usize>],
    ownership_files: &'r HashSet<&'r str>,
    ownership_names: &'r HashSet<&'r str>,
    with_patterns: bool,
}

/// Computes what sets of changed paths touch, for one thread: the run's areas and the decided
/// cache of earlier runs shared (read only), its memos its own.
struct Toucher<'r, 'h> {
    areas: &'r AreasOf<'r>,
    known: &'r super::decided_cache::DecidedCache,
    /// A file's directory areas follow from its directory: computed once per directory.
    dirs: HashMap<&'h str, DirAreas>,
    /// Pattern-scoped declarations depend on the whole path: the paths the cache did not know,
    /// decided here, to be added to it afterwards.
    decided_here: HashMap<&'h str, Vec<usize>>,
}

impl<'r, 'h> Toucher<'r, 'h> {
    fn new(areas: &'r AreasOf<'r>, known: &'r super::decided_cache::DecidedCache) -> Self {
        Toucher {
            areas,
            known,
            dirs: HashMap::default(),
            decided_here: HashMap::default(),
        }
    }

    fn touch(&mut self, paths: &'h [String]) -> Touch<'h> {
        let AreasOf {
            resolver,
            ancestors,
            ownership_files,
            ownership_names,
            with_patterns,
        } = *self.areas;
        let mut touch = Touch::default();
        for path in paths {
            let dir = dir_of(path);
            let areas = self.dirs.entry(dir).or_insert_with(|| {
                let proper: Vec<usize> = resolver.area_of(dir, true).into_iter().collect();
                let below = sorted_set(above(ancestors, &proper).collect());
                DirAreas { proper, below }
            });
            touch.proper.extend_from_slice(&areas.proper);
            touch.below.extend_from_slice(&areas.below);
            if with_patterns {
                if let Some(known) = self.known.get(path) {
                    let known = known.iter().map(|&a| a as usize);
                    touch.proper.extend(known.clone());
                    touch.below.extend(known.flat_map(|a| &ancestors[a]));
                } else {
                    let decided = self.decided_here.entry(path).or_insert_with(|| {
                        let mut decided = Vec::new();
                        resolver.deciding(path, false, &mut decided);
                        sorted_set(decided)
                    });
                    touch.proper.extend_from_slice(decided);
                    touch.below.extend(above(ancestors, decided));
                }
            }
            if ownership_names.contains(basename(path)) && ownership_files.contains(path.as_str()) {
                touch.ownership.push(path.as_str());
            }
        }
        if paths.len() > 1 || with_patterns {
            touch.proper = sorted_set(std::mem::take(&mut touch.proper));
            touch.below = sorted_set(std::mem::take(&mut touch.below));
        }
        touch
    }
}

/// What each commit's paths touch (`None` for a commit without paths), in commit order: the
/// older and newer halves of the commits side by side on two threads when there are enough of
/// them, each with its own memos (a directory or a path in both halves is looked up in each).
/// The paths decided are added to `cache` afterwards. Looking the areas up was most of building
/// the evidence, on one core: a ninth of a warm `check` of benches/pattern_shapes.rs's
/// `chromium` shape.
fn touches_side_by_side<'h>(
    areas: &AreasOf<'_>,
    commits: &'h [super::facts::CommitFacts],
    cache: &mut super::decided_cache::DecidedCache,
) -> Vec<Option<Touch<'h>>> {
    let run = |commits: &'h [super::facts::CommitFacts],
               known: &super::decided_cache::DecidedCache| {
        let mut toucher = Toucher::new(areas, known);
        let touches: Vec<Option<Touch<'h>>> = commits
            .iter()
            .map(|c| (!c.paths.is_empty()).then(|| toucher.touch(&c.paths)))
            .collect();
        (touches, toucher.decided_here)
    };
    let (older, newer) = commits.split_at(commits.len() / 2);
    let known = &*cache;
    let halves = if commits.len() < SIDE_BY_SIDE_COMMITS {
        vec![run(commits, known)]
    } else {
        let (first, second) = crate::side_by_side::both(
            "ownlint-touches",
            || run(older, known),
            || run(newer, known),
        );
        vec![first, second]
    };
    let mut all = Vec::with_capacity(commits.len());
    for (touches, decided) in halves {
        all.extend(touches);
        for (path, areas) in decided {
            cache.insert(path, &areas);
        }
    }
    all
}

/// The fewest commits whose touches [`touches_side_by_side`] computes on two threads: any two.
/// A thread costs tens of microseconds, and every test with a history then checks that the
/// halves answer as one pass did.
const SIDE_BY_SIDE_COMMITS: usize = 2;

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

/// What evidence is built from, beside the window's history.
pub struct Sources<'a> {
    /// The identity index (the whole history's identities), when one was read.
    pub index: Option<&'a IdentityIndex>,
    /// `.mailmap` of the checked revision.
    pub mailmap: Option<Mailmap>,
    /// `Name <email>` pairs the ownership files declare (MAINTAINERS lines).
    pub declared: &'a [(String, String)],
    /// Records of the activity files.
    pub records: &'a [Record],
    /// The deciding areas of paths known from earlier runs, and where this build's are kept.
    pub decided: Option<&'a mut super::decided_cache::DecidedCache>,
}

impl Evidence {
    pub fn build<'h>(
        history: &'h History,
        sources: Sources<'h>,
        snapshot: &Snapshot,
        resolver: &Resolver,
        config: &Config,
    ) -> Evidence {
        let mut ids = Identities::new(sources.mailmap);
        if let Some(index) = sources.index {
            ids.add_index(index);
        }
        // Each distinct commit identity goes through .mailmap and the identity table once.
        let mut nodes: HashMap<&Ident, u32> = HashMap::default();

        // What a set of changed paths touches: the areas they belong to, every area above
        // them, and the ownership files among them. Computed once per commit, shared by the
        // author's, the committer's and the trailers' events; for the commits, in two halves
        // side by side (see `touches_side_by_side`).
        let ancestors = area_ancestors(snapshot, resolver);
        let ownership_files: HashSet<&str> = snapshot.sources.keys().map(String::as_str).collect();
        let ownership_names: HashSet<&str> = ownership_files.iter().map(|p| basename(p)).collect();
        // Pattern searches are the costly part: read from the cache of earlier runs if given,
        // which also remembers this run's answers.
        let mut this_run = super::decided_cache::DecidedCache::disabled();
        let cache = sources.decided.unwrap_or(&mut this_run);
        let areas_of = AreasOf {
            resolver,
            ancestors: &ancestors,
            ownership_files: &ownership_files,
            ownership_names: &ownership_names,
            with_patterns: resolver.has_pattern_systems(),
        };
        let mut of_commits = touches_side_by_side(&areas_of, &history.commits, cache).into_iter();

        let mut touches: Vec<Touch> = Vec::new();
        let mut events: Vec<Event> = Vec::new();
        let push = |events: &mut Vec<Event>, node, time, touch, change| {
            events.push(Event {
                node,
                time,
                touch,
                change,
            })
        };
        for commit in &history.commits {
            let touch = of_commits.next().flatten().map(|touch| {
                touches.push(touch);
                touches.len() - 1
            });
            let author = *nodes
                .entry(&commit.author)
                .or_insert_with(|| ids.actor(&commit.author));
            ids.see(author, Activity::Authored, commit.author_time);
            // A merge's own edits (its paths) are a change by its author; what it brought in
            // was counted with the commits that made it.
            push(
                &mut events,
                author,
                commit.author_time,
                touch,
                touch.is_some(),
            );
            let committer = *nodes
                .entry(&commit.committer)
                .or_insert_with(|| ids.actor(&commit.committer));
            ids.see(committer, Activity::Committed, commit.commit_time);
            if committer != author {
                push(&mut events, committer, commit.commit_time, touch, false);
            }
            for (kind, ident) in &commit.trailers {
                let node = *nodes.entry(ident).or_insert_with(|| ids.actor(ident));
                ids.see(node, Activity::of_trailer(*kind), commit.commit_time);
                if node != author {
                    push(&mut events, node, commit.commit_time, touch, false);
                }
            }
            if let Some(handle) = &commit.merged_handle {
                let node = ids.handle(handle);
                ids.see(node, Activity::MergedPullRequest, commit.commit_time);
                push(&mut events, node, commit.commit_time, None, false);
            }
        }
        let mut of_records = Toucher::new(&areas_of, cache);
        for record in sources.records {
            let node = ids.handle(&record.who);
            ids.see(node, Activity::Recorded, record.when);
            if record.when < history.window.start || record.when > history.window.end {
                continue;
            }
            let touch = record.path.as_ref().map(|path| {
                touches.push(of_records.touch(std::slice::from_ref(path)));
                touches.len() - 1
            });
            push(&mut events, node, record.when, touch, true);
        }
        let decided = of_records.decided_here;
        for (path, areas) in decided {
            cache.insert(path, &areas);
        }
        for (name, email) in sources.declared {
            ids.declare(name, email);
        }
        ids.finish(&config.people);

        let bots = bot_people(&ids, config);
        let wide = config.history.wide_change;
        let mut areas = vec![AreaStats::default(); snapshot.owners.len()];
        let mut file_changed: HashMap<String, i64> = HashMap::default();
        for event in &events {
            let person = ids.person_of(event.node);
            let Some(touch) = event.touch.map(|t| &touches[t]) else {
                continue;
            };
            for &area in &touch.below {
                let last = areas[area].subtree_last.entry(person).or_insert(event.time);
                *last = (*last).max(event.time);
            }
            if !event.change {
                continue;
            }
            for &path in &touch.ownership {
                match file_changed.get_mut(path) {
                    Some(changed) => *changed = (*changed).max(event.time),
                    None => {
                        file_changed.insert(path.to_string(), event.time);
                    }
                }
            }
            if bots.contains(&person) || touch.proper.len() > wide {
                continue;
            }
            for &area in &touch.proper {
                let stats = &mut areas[area];
                stats.changes += 1;
                let share = stats.by_person.entry(person).or_default();
                share.changes += 1;
                share.last = share.last.max(event.time);
            }
        }
        Evidence {
            window: history.window,
            ids,
            areas,
            file_changed,
        }
    }

    /// When an ownership name was last seen anywhere in the history, as which identity, doing
    /// what.
    pub fn sighting(&self, name: &str) -> Option<&Sighting> {
        self.ids.last_seen(name)
    }

    /// The oldest instant the history read reaches (the identity index's oldest commit, or the
    /// window's start).
    pub fn oldest_read(&self) -> i64 {
        self.ids
            .oldest()
            .map_or(self.window.start, |o| o.min(self.window.start))
    }

    /// Whether the history read shows what happened at `instant`: the window or the identity
    /// index reaches back that far (a repository younger than that cannot show who was gone).
    pub fn reaches_back_to(&self, history: &History, instant: i64) -> bool {
        history.reaches_back_to(instant)
            && (history.covers(history.window.end - instant)
                || self.ids.oldest().is_some_and(|o| o <= instant))
    }

    /// When an ownership name was last active anywhere in the history.
    pub fn last_seen(&self, name: &str) -> Option<i64> {
        self.sighting(name).map(|s| s.time)
    }

    /// When an ownership name was last active below an area's directory.
    pub fn last_seen_below(&self, name: &str, area: usize) -> Option<i64> {
        let stats = &self.areas[area];
        self.ids.lookup_with(name, |people| {
            people
                .iter()
                .filter_map(|p| stats.subtree_last.get(p).copied())
                .max()
        })
    }

    /// Whether a person is one of the people an ownership name stands for.
    pub fn is(&self, name: &str, person: PersonId) -> bool {
        self.ids
            .lookup_with(name, |people| people.contains(&person))
    }
}

/// The people whose name or email matches one of `history.bots`: automation, whose changes say
/// nothing about who maintains an area.
fn bot_people(ids: &Identities, config: &Config) -> HashSet<PersonId> {
    let patterns = &config.history.bots;
    ids.nodes()
        .filter(|(_, node)| {
            let email = node.email.to_lowercase();
            let local = email.split_once('@').map_or(email.as_str(), |(l, _)| l);
            [node.name.to_lowercase(), email.clone(), local.to_string()]
                .iter()
                .any(|text| !text.is_empty() && patterns.is_match(text))
        })
        .map(|(person, _)| person)
        .collect()
}
