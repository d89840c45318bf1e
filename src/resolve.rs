//! The resolver: for any path, its effective owner, approvers, reviewers and cover under
//! Kubernetes / Prow inheritance, each with provenance (file, span, and the alias or team it
//! came through).
//!
//! Approvers and reviewers are the union of the OWNERS files in the path's directory and every
//! ancestor, up to and including the first with `options.no_parent_owners`; `filters` add the
//! owners of the expressions that match the path relative to their file's directory. `owner` and
//! `cover` are the nearest declared ones along the same chain. Aliases (root OWNERS_ALIASES) and
//! config teams expand to people; emeritus approvers never count.
//!
//! Pattern-scoped systems (the CODEOWNERS file in effect, MAINTAINERS files) answer through
//! [`PatternSystem`]: each says which of its area declarations decide a path, by its own
//! dialect's semantics (last match, per section, every match), and those areas' people are
//! added to the resolution. Every grant names the declaration it comes from, and so its dialect.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use indexmap::IndexMap;
use serde::Serialize;

use crate::config::Team;
use crate::model::{AliasesFile, NameRef, OwnersFile, System};
use crate::source::Span;
use crate::walker::Snapshot;

/// A pattern-scoped ownership system: which of its area declarations decide a path, and, for a
/// system whose lines compete (the last matching line decides, as in CODEOWNERS), its lines and
/// what the tracked files make of each, so that the pattern rules judge any such dialect without
/// naming it.
pub trait PatternSystem: std::fmt::Debug + Sync {
    /// The system it is (so that each system present can be checked on its own).
    fn system(&self) -> System;
    /// Appends the indices (into the snapshot's declarations) of the areas that decide `path`
    /// (a file, or with `is_dir` a directory), in declaration order.
    fn deciding(&self, path: &str, is_dir: bool, out: &mut Vec<usize>);
    /// The competing lines, in declaration order (a line's index is its id in
    /// [`PatternSystem::matching`] and [`LineCoverage`]); empty for a system whose patterns do
    /// not compete (MAINTAINERS: every matching section applies).
    fn lines(&self) -> Vec<PatternLine<'_>> {
        (0..self.line_count())
            .filter_map(|id| self.line(id))
            .collect()
    }
    /// How many competing lines there are (see [`PatternSystem::lines`]).
    fn line_count(&self) -> usize {
        0
    }
    /// The competing line `id` (`None` past [`PatternSystem::line_count`]).
    fn line(&self, _id: usize) -> Option<PatternLine<'_>> {
        None
    }
    /// Sets `out` to the ids of the lines that match `path`, in order.
    fn matching(&self, _path: &str, _out: &mut Vec<usize>) {}
    /// What the tracked `files` make of each line (computed once), for a system with lines.
    fn coverage(&self, _files: &[String]) -> Option<&LineCoverage> {
        None
    }
    /// The name of a group of competing lines (a GitLab section; empty for the default one).
    fn group_name(&self, _group: usize) -> &str {
        ""
    }
    /// Whether the file was written by `ownlint export codeowners` (it restates the OWNERS
    /// files, which are judged instead).
    fn generated(&self) -> bool {
        false
    }
}

/// One line of a pattern system whose lines compete.
#[derive(Debug, Clone, Copy)]
pub struct PatternLine<'a> {
    /// The file that declares it.
    pub file: &'a str,
    /// As written.
    pub raw: &'a str,
    /// The pattern as the platform reads it (unescaped).
    pub pattern: &'a str,
    /// Where it is written.
    pub span: Span,
    /// Index of its area among the snapshot's declarations.
    pub area: usize,
    /// The group the line competes in (lines only compete within one; GitLab sections).
    pub group: usize,
    /// An exclusion (`!pattern`, GitLab): it takes the paths it matches out of its group.
    pub negated: bool,
    /// A line the platform does not read (reported as unsupported syntax).
    pub skipped: bool,
}

/// What the tracked files make of each line of a pattern system: how many files it matches,
/// how many it decides, and for one of the files it matches but does not decide, the line that
/// decides it.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LineCoverage {
    pub matched: Vec<usize>,
    pub decided: Vec<usize>,
    pub overridden_by: Vec<Option<(usize, String)>>,
    /// For a line that matches a file an exclusion of its group takes out (a matching `!` line
    /// of the same GitLab section): that exclusion line, and one such file.
    pub excluded_by: Vec<Option<(usize, String)>>,
    /// One file each line decides.
    pub example: Vec<Option<String>>,
}

impl LineCoverage {
    /// The coverage of `lines` lines before any file is counted.
    pub fn of_lines(lines: usize) -> Self {
        LineCoverage {
            matched: vec![0; lines],
            decided: vec![0; lines],
            overridden_by: vec![None; lines],
            excluded_by: vec![None; lines],
            example: vec![None; lines],
        }
    }

    /// Whether this can be the coverage of `lines` lines over `files` files: every list one
    /// entry a line, no count above the files, every line it names among the lines. What a
    /// cache file says is checked so before it is believed.
    pub fn fits(&self, lines: usize, files: usize) -> bool {
        let names_a_line = |entries: &[Option<(usize, String)>]| {
            entries.iter().flatten().all(|&(line, _)| line < lines)
        };
        self.matched.len() == lines
            && self.decided.len() == lines
            && self.overridden_by.len() == lines
            && self.excluded_by.len() == lines
            && self.example.len() == lines
            && self
                .matched
                .iter()
                .chain(&self.decided)
                .all(|&n| n <= files)
            && names_a_line(&self.overridden_by)
            && names_a_line(&self.excluded_by)
    }

    /// The coverage of the files counted in `self` followed by those counted in `later`:
    /// counts add up, and each example (the first file in order that shows it) is `self`'s
    /// when it has one.
    pub fn then(mut self, later: LineCoverage) -> LineCoverage {
        let add = |counts: &mut Vec<usize>, more: Vec<usize>| {
            for (count, more) in counts.iter_mut().zip(more) {
                *count += more;
            }
        };
        add(&mut self.matched, later.matched);
        add(&mut self.decided, later.decided);
        fn first_of<T>(examples: &mut [Option<T>], later: Vec<Option<T>>) {
            for (example, later) in examples.iter_mut().zip(later) {
                if example.is_none() {
                    *example = later;
                }
            }
        }
        first_of(&mut self.overridden_by, later.overridden_by);
        first_of(&mut self.excluded_by, later.excluded_by);
        first_of(&mut self.example, later.example);
        self
    }
}

/// The role a person holds for a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Approver,
    Reviewer,
    Cover,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Approver => "approver",
            Role::Reviewer => "reviewer",
            Role::Cover => "cover",
        }
    }
}

/// What a name in an ownership file stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Person,
    Alias,
    /// A team of the config (whose members are known).
    Team,
    /// A group whose members ownlint cannot know: a hosting platform's team (`@org/team`) that
    /// the config does not list, a GitLab role (`@@maintainer`), or Chromium's `*` (everyone).
    /// It can approve, but it names nobody whose activity could be checked.
    Group,
}

/// Whether a name stands for a group of unknown members (see [`NameKind::Group`]).
pub fn is_opaque_group(name: &str) -> bool {
    name == "*" || name.starts_with('@') || name.contains('/')
}

/// One person holding one role for a path, and where that comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub person: String,
    pub role: Role,
    /// The alias or team the person came through.
    pub via: Option<String>,
    /// Index of the OWNERS file in the snapshot.
    pub file: usize,
    /// Span of the name in that file.
    pub span: Span,
}

/// Everyone who holds a role for one path.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub grants: Vec<Grant>,
}

impl Resolution {
    pub fn people(&self, role: Role) -> impl Iterator<Item = &str> {
        self.grants
            .iter()
            .filter(move |g| g.role == role)
            .map(|g| g.person.as_str())
    }

    pub fn has(&self, role: Role, person: &str) -> bool {
        self.people(role).any(|p| p == person)
    }
}

/// The people an OWNERS file's top-level approvers stand for, and those of each filter.
type Approving = (HashSet<String>, Vec<HashSet<String>>);

pub struct Resolver<'a> {
    pub owners: &'a [OwnersFile],
    systems: Vec<&'a dyn PatternSystem>,
    aliases: HashMap<&'a str, &'a [NameRef]>,
    teams: &'a IndexMap<String, Team>,
    by_dir: HashMap<&'a str, usize>,
    /// Per OWNERS file: the people its top-level approvers stand for, and those of each filter,
    /// once aliases and teams are expanded (computed the first time a path asks, used per
    /// path: a run that only expands names never needs them).
    approving: OnceLock<Vec<Approving>>,
    /// Per directory: the chain of OWNERS files that govern it, nearest first. Behind a lock,
    /// as the resolver is shared by the rules' two threads (see `rules::check_each`).
    chains: Mutex<HashMap<String, Arc<Vec<usize>>>>,
    /// Per OWNERS file: its area's resolution, computed the first time a rule asks.
    areas: Vec<OnceLock<Resolution>>,
}

impl<'a> Resolver<'a> {
    /// The resolver over a snapshot's declarations, with the config's teams.
    pub fn new(snapshot: &'a Snapshot, teams: &'a IndexMap<String, Team>) -> Self {
        Self::over(
            &snapshot.owners,
            snapshot.systems(),
            snapshot.aliases.as_ref(),
            teams,
        )
    }

    fn over(
        owners: &'a [OwnersFile],
        systems: Vec<&'a dyn PatternSystem>,
        aliases: Option<&'a AliasesFile>,
        teams: &'a IndexMap<String, Team>,
    ) -> Self {
        Resolver {
            owners,
            systems,
            approving: OnceLock::new(),
            aliases: aliases
                .map(|a| {
                    a.aliases
                        .iter()
                        .map(|alias| (alias.name.as_str(), alias.members.as_slice()))
                        .collect()
                })
                .unwrap_or_default(),
            teams,
            by_dir: owners
                .iter()
                .enumerate()
                .filter(|(_, f)| f.is_directory())
                .map(|(i, f)| (f.dir.as_str(), i))
                .collect(),
            chains: Mutex::default(),
            areas: std::iter::repeat_with(Default::default)
                .take(owners.len())
                .collect(),
        }
    }

    /// Who approves through each OWNERS file (see [`Resolver::approving`]).
    fn approving(&self) -> &[Approving] {
        self.approving.get_or_init(|| {
            self.owners
                .iter()
                .map(|f| {
                    (
                        self.people_of(&f.approvers),
                        f.filters
                            .iter()
                            .map(|x| self.people_of(&x.approvers))
                            .collect(),
                    )
                })
                .collect()
        })
    }

    /// What a name stands for.
    pub fn kind(&self, name: &str) -> NameKind {
        if self.aliases.contains_key(name) {
            NameKind::Alias
        } else if self.teams.contains_key(name) {
            NameKind::Team
        } else if is_opaque_group(name) {
            NameKind::Group
        } else {
            NameKind::Person
        }
    }

    /// The people a name stands for, and the alias or team it went through.
    pub fn expand(&self, name: &str) -> (Vec<String>, Option<String>) {
        if let Some(members) = self.aliases.get(name) {
            (
                members.iter().map(|m| m.name.clone()).collect(),
                Some(name.to_string()),
            )
        } else if let Some(team) = self.teams.get(name) {
            (
                team.members.iter().map(|m| m.name.clone()).collect(),
                Some(name.to_string()),
            )
        } else if is_opaque_group(name) {
            (Vec::new(), Some(name.to_string()))
        } else {
            (vec![name.to_string()], None)
        }
    }

    /// The OWNERS file of exactly this directory.
    pub fn file_in(&self, dir: &str) -> Option<usize> {
        self.by_dir.get(dir).copied()
    }

    /// The OWNERS files that govern a directory, nearest first, up to `no_parent_owners`.
    pub fn chain(&self, dir: &str) -> Arc<Vec<usize>> {
        if let Some(chain) = self.known_chains().get(dir) {
            return chain.clone();
        }
        let mut chain = Vec::new();
        let mut current = Some(dir);
        while let Some(d) = current {
            if let Some(&i) = self.by_dir.get(d) {
                chain.push(i);
                if self.owners[i].no_parent_owners {
                    break;
                }
            }
            current = parent_dir(d);
        }
        let chain = Arc::new(chain);
        self.known_chains().insert(dir.to_string(), chain.clone());
        chain
    }

    /// The chains computed so far. A thread that panicked while holding them left them whole
    /// (each insertion is one call), so a poisoned lock is taken as it is.
    fn known_chains(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Vec<usize>>>> {
        self.chains.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The area a path belongs to: the nearest OWNERS file at or above it.
    pub fn area_of(&self, path: &str, is_dir: bool) -> Option<usize> {
        let dir = if is_dir { path } else { dir_of(path) };
        let mut current = Some(dir);
        while let Some(d) = current {
            if let Some(&i) = self.by_dir.get(d) {
                return Some(i);
            }
            current = parent_dir(d);
        }
        None
    }

    /// Every area a path belongs to: the nearest OWNERS file at or above it, and in each
    /// pattern-scoped system the declarations that decide it.
    pub fn areas_of(&self, path: &str, is_dir: bool, out: &mut Vec<usize>) {
        out.extend(self.area_of(path, is_dir));
        self.deciding(path, is_dir, out);
    }

    /// The declarations of the pattern-scoped systems that decide a path.
    pub fn deciding(&self, path: &str, is_dir: bool, out: &mut Vec<usize>) {
        for system in &self.systems {
            system.deciding(path, is_dir, out);
        }
    }

    /// Whether a pattern-scoped system is present: without one, a file's areas follow from its
    /// directory alone.
    pub fn has_pattern_systems(&self) -> bool {
        !self.systems.is_empty()
    }

    /// Everyone holding a role for `path` (a file, or with `is_dir` a directory, where only
    /// filters matching the directory path itself apply), in every system present.
    pub fn resolve(&self, path: &str, is_dir: bool) -> Resolution {
        let mut resolution = self.resolve_owners(path, is_dir);
        let mut deciding = Vec::new();
        self.deciding(path, is_dir, &mut deciding);
        for i in deciding {
            self.push_declared(&mut resolution.grants, i);
        }
        resolution
    }

    /// Everyone holding a role for the area declared by `snapshot.owners[i]`: for an OWNERS
    /// file, the effective grants of its directory (inherited ones included); for a
    /// pattern-scoped declaration, the people it names.
    pub fn resolve_area(&self, i: usize) -> &Resolution {
        self.areas[i].get_or_init(|| {
            let file = &self.owners[i];
            if file.is_directory() {
                self.resolve_owners(&file.dir, true)
            } else {
                let mut grants = Vec::new();
                self.push_declared(&mut grants, i);
                Resolution { grants }
            }
        })
    }

    /// The people of a pattern-scoped declaration, as grants.
    fn push_declared(&self, grants: &mut Vec<Grant>, i: usize) {
        let file = &self.owners[i];
        self.push(grants, Role::Owner, i, &file.owner);
        self.push(grants, Role::Approver, i, &file.approvers);
        self.push(grants, Role::Reviewer, i, &file.reviewers);
        self.push(grants, Role::Reviewer, i, &file.required_reviewers);
        self.push(grants, Role::Cover, i, &file.cover);
    }

    /// Everyone holding a role for `path` under the OWNERS files (directory inheritance).
    fn resolve_owners(&self, path: &str, is_dir: bool) -> Resolution {
        let dir = if is_dir { path } else { dir_of(path) };
        let chain = self.chain(dir);
        let mut grants = Vec::new();
        let mut owner_done = false;
        let mut cover_done = false;
        for &i in chain.iter() {
            let file = &self.owners[i];
            if !owner_done && !file.owner.is_empty() {
                self.push(&mut grants, Role::Owner, i, &file.owner);
                owner_done = true;
            }
            if !cover_done && !file.cover.is_empty() {
                self.push(&mut grants, Role::Cover, i, &file.cover);
                cover_done = true;
            }
            let relative = relative_to(path, &file.dir);
            let exclusive = exclusive_filter(file, relative);
            if !exclusive {
                self.push(&mut grants, Role::Approver, i, &file.approvers);
                self.push(&mut grants, Role::Reviewer, i, &file.reviewers);
                self.push(&mut grants, Role::Reviewer, i, &file.required_reviewers);
            }
            for filter in &file.filters {
                if filter_matches(filter, relative) {
                    self.push(&mut grants, Role::Approver, i, &filter.approvers);
                    self.push(&mut grants, Role::Reviewer, i, &filter.reviewers);
                    self.push(&mut grants, Role::Reviewer, i, &filter.required_reviewers);
                }
            }
            if exclusive {
                break;
            }
        }
        Resolution { grants }
    }

    /// Whether the file `path` is owned in `system`: under OWNERS files, whether anyone can
    /// approve it; in a pattern-scoped system, whether any declaration decides it at all (a
    /// CODEOWNERS line without owners deliberately leaves its paths unowned, and says so
    /// itself). `None` when the system is not present in the repository.
    pub fn is_owned_in(&self, system: System, path: &str) -> Option<bool> {
        if system == System::Owners {
            return (!self.by_dir.is_empty())
                .then(|| self.any_approver_set(path, false, |people| !people.is_empty()));
        }
        let mut present = false;
        let mut deciding = Vec::new();
        for s in self.systems.iter().filter(|s| s.system() == system) {
            present = true;
            s.deciding(path, false, &mut deciding);
            if !deciding.is_empty() {
                return Some(true);
            }
        }
        present.then_some(false)
    }

    /// Who can approve the file `path` in `system` (people, and groups as themselves, sorted),
    /// and the areas of that system that decide it.
    pub fn approvers_in(&self, system: System, path: &str) -> (Vec<String>, Vec<usize>) {
        let mut people = Vec::new();
        let mut areas = Vec::new();
        if system == System::Owners {
            people.extend(
                self.resolve_owners(path, false)
                    .grants
                    .into_iter()
                    .filter(|g| matches!(g.role, Role::Owner | Role::Approver))
                    .map(|g| g.person),
            );
            areas.extend(self.area_of(path, false));
        } else {
            self.deciding_in(system, path, &mut areas);
            for &i in &areas {
                people.extend(self.area_approvers(i));
            }
        }
        people.sort();
        people.dedup();
        (people, areas)
    }

    /// The declarations of `system` (a pattern-scoped one) that decide the file `path`: what
    /// [`Self::approvers_in`] answers for it depends on them alone.
    pub fn deciding_in(&self, system: System, path: &str, out: &mut Vec<usize>) {
        for s in self.systems.iter().filter(|s| s.system() == system) {
            s.deciding(path, false, out);
        }
    }

    /// Whether what the OWNERS files answer for a file in `dir` ([`Self::approvers_in`] of
    /// [`System::Owners`]) depends on the directory alone: no OWNERS file governing it has a
    /// filter (a per-file rule, which looks at the file's name).
    pub fn owners_answer_by_dir(&self, dir: &str) -> bool {
        self.chain(dir)
            .iter()
            .all(|&i| self.owners[i].filters.is_empty())
    }

    /// Who approves for a pattern-scoped declaration (a CODEOWNERS line, a MAINTAINERS
    /// section): its approvers and its accountable owner, teams and aliases expanded.
    pub fn area_approvers(&self, i: usize) -> Vec<String> {
        let mut people: Vec<String> = self.approving()[i].0.iter().cloned().collect();
        people.extend(
            self.owners[i]
                .owner
                .iter()
                .flat_map(|n| self.people_or_group(&n.name).0),
        );
        people
    }

    /// The systems present in the repository, OWNERS first.
    pub fn present_systems(&self) -> Vec<System> {
        let mut systems: Vec<System> = self.systems.iter().map(|s| s.system()).collect();
        if !self.by_dir.is_empty() {
            systems.push(System::Owners);
        }
        systems.sort();
        systems.dedup();
        systems
    }

    /// Whether `person` can approve changes to `path` (faster than [`Self::resolve`]).
    pub fn approves(&self, path: &str, is_dir: bool, person: &str) -> bool {
        self.any_approver_set(path, is_dir, |people| people.contains(person)) || {
            let mut deciding = Vec::new();
            for system in &self.systems {
                system.deciding(path, is_dir, &mut deciding);
            }
            deciding
                .iter()
                .any(|&i| self.approving()[i].0.contains(person))
        }
    }

    /// Whether an approver set of the OWNERS files governing `path` (top-level, or a filter
    /// matching it) satisfies `test`.
    fn any_approver_set(
        &self,
        path: &str,
        is_dir: bool,
        test: impl Fn(&HashSet<String>) -> bool,
    ) -> bool {
        let dir = if is_dir { path } else { dir_of(path) };
        for &i in self.chain(dir).iter() {
            let file = &self.owners[i];
            let (top_level, filters) = &self.approving()[i];
            let relative = relative_to(path, &file.dir);
            let exclusive = exclusive_filter(file, relative);
            if !exclusive && test(top_level) {
                return true;
            }
            let by_filter = file
                .filters
                .iter()
                .zip(filters)
                .any(|(f, people)| test(people) && filter_matches(f, relative));
            if by_filter {
                return true;
            }
            if exclusive {
                break;
            }
        }
        false
    }

    /// The people names stand for; a group of unknown members stands for itself, so that a
    /// declaration naming only `@org/team` still has an approver.
    fn people_of(&self, names: &[NameRef]) -> HashSet<String> {
        names
            .iter()
            .flat_map(|n| self.people_or_group(&n.name).0)
            .collect()
    }

    /// [`Self::expand`], except that a group of unknown members stands for itself.
    pub fn people_or_group(&self, name: &str) -> (Vec<String>, Option<String>) {
        let (people, via) = self.expand(name);
        if people.is_empty() && self.kind(name) == NameKind::Group {
            (vec![name.to_string()], None)
        } else {
            (people, via)
        }
    }

    fn push(&self, grants: &mut Vec<Grant>, role: Role, file: usize, names: &[NameRef]) {
        for name in names {
            let (people, via) = self.people_or_group(&name.name);
            for person in people {
                let duplicate = grants
                    .iter()
                    .any(|g: &Grant| g.role == role && g.person == person);
                if !duplicate {
                    grants.push(Grant {
                        person,
                        role,
                        via: via.clone(),
                        file,
                        span: name.span,
                    });
                }
            }
        }
    }
}

/// Whether a filter applies to a path relative to its file's directory.
fn filter_matches(filter: &crate::model::Filter, relative: &str) -> bool {
    filter.regex.as_ref().is_some_and(|r| r.is_match(relative))
}

/// Whether a matching filter of `file` says `set noparent` for the path (Chromium `per-file`):
/// then only the matching filters of this file count.
fn exclusive_filter(file: &OwnersFile, relative: &str) -> bool {
    file.filters
        .iter()
        .any(|f| f.no_parent && filter_matches(f, relative))
}

/// Whether a repository path lies within one of the scope paths.
pub fn in_scope(path: &str, scope: &[String]) -> bool {
    scope.is_empty() || scope.iter().any(|s| within(path, s))
}

/// Whether `path` is `dir` or lies below it (every path lies below the root, `""`).
pub fn within(path: &str, dir: &str) -> bool {
    dir.is_empty() || path == dir || path.starts_with(&format!("{dir}/"))
}

/// The directory of a file path, `""` at the root.
pub fn dir_of(path: &str) -> &str {
    // memchr: faster than `rsplit_once('/')` on the many short paths this sees.
    memchr::memrchr(b'/', path.as_bytes()).map_or("", |at| &path[..at])
}

/// The parent of a directory, `None` above the root.
pub fn parent_dir(dir: &str) -> Option<&str> {
    if dir.is_empty() {
        None
    } else {
        Some(dir_of(dir))
    }
}

/// `path` relative to directory `dir` (which contains it).
pub fn relative_to<'p>(path: &'p str, dir: &str) -> &'p str {
    if dir.is_empty() {
        path
    } else if path == dir {
        ""
    } else {
        path.strip_prefix(dir)
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(path)
    }
}

#[cfg(test)]
mod tests {
    use super::{dir_of, parent_dir};
    use crate::walker::basename;

    /// The memchr-based splits agree with splitting at the last `/`.
    #[test]
    fn paths_split_at_the_last_slash() {
        for path in [
            "",
            "a",
            "/",
            "a/",
            "/a",
            "a/b",
            "a/b/c.go",
            "pkg/é/OWNERS",
            "a//b",
        ] {
            let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
            assert_eq!(dir_of(path), dir, "{path:?}");
            assert_eq!(basename(path), name, "{path:?}");
        }
        assert_eq!(parent_dir(""), None);
        assert_eq!(parent_dir("a"), Some(""));
        assert_eq!(parent_dir("a/b/c"), Some("a/b"));
    }
}

/// Which ownership systems own each of a snapshot's files, as one byte a file: what the
/// resolver answers for every tracked path, kept so that it can be read back (the engine's
/// resolution cache fills it) instead of resolved again.
pub mod ownership {
    use git2::{ObjectType, Oid};

    use crate::config::Config;
    use crate::model::System;
    use crate::walker::Snapshot;

    /// The length of [`key`]'s keys.
    pub const KEY_LEN: usize = 20;

    /// The key of answers that depend on what every resolution depends on: the matchers'
    /// semantics ([`RESOLUTION_SEMANTICS`](crate::dialect::RESOLUTION_SEMANTICS), bumped
    /// whenever an answer changes; not the package version, which names a release, not the
    /// matchers), the blob id of every ownership file the snapshot read (by path), the dialect
    /// each declaration was read in, and the configuration's blob id. `purpose` tells the keys
    /// of different caches apart. The resolution cache (`engine::resolution_cache`) and the
    /// decided-areas cache (`history::decided_cache`) are keyed by it.
    pub fn key(purpose: &str, snapshot: &Snapshot, config: &Config) -> [u8; KEY_LEN] {
        let files = snapshot
            .sources
            .iter()
            .map(|(path, source)| (path.as_str(), source.blob_id()));
        let dialects = snapshot
            .owners
            .iter()
            .map(|file| (file.path.as_str(), file.dialect.label()));
        let config = config
            .source
            .as_ref()
            .map(|c| (c.path.as_str(), c.text.as_str()));
        key_of(
            purpose,
            crate::dialect::RESOLUTION_SEMANTICS,
            files,
            dialects,
            config,
        )
    }

    /// [`key`] of matchers of version `semantics` over the ownership `files` (path and the
    /// text's blob id, in path order), read as `dialects` (each declaration's file and
    /// dialect), and the configuration (path and text).
    pub fn key_of<'t>(
        purpose: &str,
        semantics: u32,
        files: impl Iterator<Item = (&'t str, Oid)>,
        dialects: impl Iterator<Item = (&'t str, &'t str)>,
        config: Option<(&str, &str)>,
    ) -> [u8; KEY_LEN] {
        let mut text = format!("ownlint resolution semantics {semantics}{purpose}\n").into_bytes();
        for (path, blob_id) in files {
            text.extend_from_slice(path.as_bytes());
            text.push(0);
            text.extend_from_slice(blob_id.as_bytes());
            text.push(b'\n');
        }
        // How each file was read: which CODEOWNERS host's rules apply follows from other
        // tracked paths too (`.gitlab-ci.yml`, `.github/`), not only from the files' text.
        for (path, dialect) in dialects {
            text.extend_from_slice(path.as_bytes());
            text.push(0);
            text.extend_from_slice(dialect.as_bytes());
            text.push(b'\n');
        }
        text.extend_from_slice(b"config\0");
        if let Some((path, source)) = config {
            text.extend_from_slice(path.as_bytes());
            text.push(0);
            text.extend_from_slice(crate::source::blob_id_of(source).as_bytes());
        }
        let id = Oid::hash_object(ObjectType::Blob, &text).unwrap_or(Oid::ZERO_SHA1);
        let mut key = [0; KEY_LEN];
        key.copy_from_slice(&id.as_bytes()[..KEY_LEN]);
        key
    }

    /// One bit per ownership system: set when the system owns the file.
    pub fn bit(system: System) -> u8 {
        match system {
            System::Owners => 1,
            System::Codeowners => 2,
            System::Maintainers => 4,
        }
    }

    /// Every bit [`bit`] sets.
    pub const ALL_BITS: u8 = 1 | 2 | 4;

    /// Which systems own each of the snapshot's files (in the snapshot's order).
    #[derive(Debug, Default)]
    pub struct Ownership {
        bits: Vec<u8>,
    }

    impl Ownership {
        /// From one byte of [`bit`]s per file, in the snapshot's order.
        pub fn from_bits(bits: Vec<u8>) -> Ownership {
            Ownership { bits }
        }

        /// Whether `system` owns the snapshot's file number `file` (what
        /// [`super::Resolver::is_owned_in`] answers with `Some(true)`).
        pub fn is_owned(&self, system: System, file: usize) -> bool {
            self.bits.get(file).is_some_and(|b| b & bit(system) != 0)
        }
    }
}
