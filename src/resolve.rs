//! The resolver: for any path, its effective owner, approvers, reviewers and cover under
//! Kubernetes / Prow inheritance, each with provenance (file, span, and the alias or team it
//! came through).
//!
//! Approvers and reviewers are the union of the OWNERS files in the path's directory and every
//! ancestor, up to and including the first with `options.no_parent_owners`; `filters` add the
//! owners of the expressions that match the path relative to their file's directory. `owner` and
//! `cover` are the nearest declared ones along the same chain. Aliases (root OWNERS_ALIASES) and
//! config teams expand to people; emeritus approvers never count.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;

use indexmap::IndexMap;
use serde::Serialize;

use crate::config::Team;
use crate::model::{AliasesFile, NameRef, OwnersFile};
use crate::source::Span;

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
    Team,
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

pub struct Resolver<'a> {
    pub owners: &'a [OwnersFile],
    aliases: HashMap<&'a str, &'a [NameRef]>,
    teams: &'a IndexMap<String, Team>,
    by_dir: HashMap<&'a str, usize>,
    /// Per OWNERS file: the people its top-level approvers stand for, and those of each filter,
    /// once aliases and teams are expanded (computed once, used per path).
    approving: Vec<(HashSet<String>, Vec<HashSet<String>>)>,
    /// Per directory: the chain of OWNERS files that govern it, nearest first.
    chains: RefCell<HashMap<String, std::rc::Rc<Vec<usize>>>>,
}

impl<'a> Resolver<'a> {
    pub fn new(
        owners: &'a [OwnersFile],
        aliases: Option<&'a AliasesFile>,
        teams: &'a IndexMap<String, Team>,
    ) -> Self {
        let mut resolver = Resolver {
            owners,
            approving: Vec::new(),
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
                .map(|(i, f)| (f.dir.as_str(), i))
                .collect(),
            chains: RefCell::default(),
        };
        resolver.approving = owners
            .iter()
            .map(|f| {
                (
                    resolver.people_of(&f.approvers),
                    f.filters
                        .iter()
                        .map(|x| resolver.people_of(&x.approvers))
                        .collect(),
                )
            })
            .collect();
        resolver
    }

    /// What a name stands for.
    pub fn kind(&self, name: &str) -> NameKind {
        if self.aliases.contains_key(name) {
            NameKind::Alias
        } else if self.teams.contains_key(name) {
            NameKind::Team
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
        } else {
            (vec![name.to_string()], None)
        }
    }

    /// The OWNERS file of exactly this directory.
    pub fn file_in(&self, dir: &str) -> Option<usize> {
        self.by_dir.get(dir).copied()
    }

    /// The OWNERS files that govern a directory, nearest first, up to `no_parent_owners`.
    pub fn chain(&self, dir: &str) -> std::rc::Rc<Vec<usize>> {
        if let Some(chain) = self.chains.borrow().get(dir) {
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
        let chain = std::rc::Rc::new(chain);
        self.chains
            .borrow_mut()
            .insert(dir.to_string(), chain.clone());
        chain
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

    /// Everyone holding a role for `path` (a file, or with `is_dir` a directory, where only
    /// filters matching the directory path itself apply).
    pub fn resolve(&self, path: &str, is_dir: bool) -> Resolution {
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
            self.push(&mut grants, Role::Approver, i, &file.approvers);
            self.push(&mut grants, Role::Reviewer, i, &file.reviewers);
            self.push(&mut grants, Role::Reviewer, i, &file.required_reviewers);
            let relative = relative_to(path, &file.dir);
            for filter in &file.filters {
                if filter.regex.as_ref().is_some_and(|r| r.is_match(relative)) {
                    self.push(&mut grants, Role::Approver, i, &filter.approvers);
                    self.push(&mut grants, Role::Reviewer, i, &filter.reviewers);
                    self.push(&mut grants, Role::Reviewer, i, &filter.required_reviewers);
                }
            }
        }
        Resolution { grants }
    }

    /// Whether any person can approve changes to the file `path` (faster than [`Self::resolve`]).
    pub fn has_approver(&self, path: &str) -> bool {
        self.any_approver_set(path, false, |people| !people.is_empty())
    }

    /// Whether `person` can approve changes to `path` (faster than [`Self::resolve`]).
    pub fn approves(&self, path: &str, is_dir: bool, person: &str) -> bool {
        self.any_approver_set(path, is_dir, |people| people.contains(person))
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
        self.chain(dir).iter().any(|&i| {
            let file = &self.owners[i];
            let (top_level, filters) = &self.approving[i];
            test(top_level)
                || file.filters.iter().zip(filters).any(|(f, people)| {
                    test(people)
                        && f.regex
                            .as_ref()
                            .is_some_and(|r| r.is_match(relative_to(path, &file.dir)))
                })
        })
    }

    fn people_of(&self, names: &[NameRef]) -> HashSet<String> {
        names.iter().flat_map(|n| self.expand(&n.name).0).collect()
    }

    fn push(&self, grants: &mut Vec<Grant>, role: Role, file: usize, names: &[NameRef]) {
        for name in names {
            let (people, via) = self.expand(&name.name);
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
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The parent of a directory, `None` above the root.
pub fn parent_dir(dir: &str) -> Option<&str> {
    if dir.is_empty() {
        None
    } else {
        Some(dir.rsplit_once('/').map_or("", |(parent, _)| parent))
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
