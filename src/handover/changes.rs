//! Ownership changes: who was removed, who was added, and whether the accountable owner changed,
//! per area between two versions of an ownership file (an OWNERS file of either style, a
//! CODEOWNERS file line by line, a MAINTAINERS file section by section). One computation serves the history window (each
//! commit against its first parent); the same comparison of two versions will serve other
//! pairs of revisions.

use std::collections::HashMap;
use std::sync::Arc;

use git2::{ObjectType, Oid, Repository};

use super::changes_cache::ChangesCache;
use crate::attributes::in_vendored_dir;
use crate::dialect::{self, Parsed, codeowners, maintainers};
use crate::history::History;
use crate::history::facts::CommitFacts;
use crate::history::objects::{TreeIter, parse_commit};
use crate::model::{AliasesFile, Dialect, NameRef, OwnersFile};
use crate::source::SourceFile;

/// Which two versions a change is between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A commit of the history window, against its first parent.
    Commit(Oid),
    /// The staged index against HEAD (`--staged`).
    Staged,
    /// The checked revision against its merge base with `--base` (whose id this is).
    Base(Oid),
}

/// How one area's declared people changed between two versions of its ownership file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The ownership file's path, and its directory (`""` at the root).
    pub file: String,
    pub dir: String,
    /// The area, named as [`OwnersFile::area`] names it (the directory of an OWNERS file,
    /// `CODEOWNERS: /src/` for a CODEOWNERS line).
    pub area: String,
    /// The dialect of the ownership file.
    pub dialect: Dialect,
    /// Where the change comes from.
    pub origin: Origin,
    pub time: i64,
    pub owner_before: Vec<String>,
    pub owner_after: Vec<String>,
    pub approvers_before: Vec<String>,
    pub approvers_after: Vec<String>,
    /// Approvers removed and added (names as written, lower-cased).
    pub removed: Vec<String>,
    pub added: Vec<String>,
    /// `emeritus_approvers` of the new version.
    pub emeritus_after: Vec<String>,
    /// Whether the area is declared in the old version, and in the new one (an area that is in
    /// neither is no change).
    pub before_exists: bool,
    pub after_exists: bool,
    /// The `Name <email>` pairs the file declares in either version (MAINTAINERS), each once,
    /// sorted: shared by the changes of one comparison, as a MAINTAINERS file's thousands of pairs were copied
    /// into each of them.
    pub names: Arc<Vec<(String, String)>>,
    /// The approvers the old version names one by one (not through an alias).
    pub written_before: Vec<String>,
}

impl Change {
    /// Whether the area is an OWNERS file's directory (else a CODEOWNERS line or a MAINTAINERS
    /// section).
    pub fn is_directory(&self) -> bool {
        matches!(self.dialect, Dialect::Owners | Dialect::Chromium)
    }

    /// Where and when, for messages: `in 1a2b3c4 (2025-03-01)`, `in the staged changes`.
    pub fn when(&self) -> String {
        let date = crate::time::format_date(self.time);
        match self.origin {
            Origin::Commit(id) => format!("in {} ({date})", short(id)),
            Origin::Staged => "in the staged changes".to_string(),
            Origin::Base(id) => format!("since the merge base {}", short(id)),
        }
    }

    /// What tells this change apart from other changes of the same area, the same from run to
    /// run, for [`crate::diagnostics::Diagnostic::instance`]: the commit of a change of the
    /// history; the change under check (staged, or since the merge base, which moves as the
    /// base branch does) is one per area.
    pub fn instance(&self) -> String {
        match self.origin {
            Origin::Commit(id) => id.to_string(),
            Origin::Staged | Origin::Base(_) => "the change under check".to_string(),
        }
    }
}

fn short(id: Oid) -> String {
    id.to_string()[..7].to_string()
}

/// One area of a version as comparisons read it: its name and the people it names, as
/// written (aliases expanded by [`expand_aliases`]). An [`OwnersFile`] keeps much more (paths,
/// spans, patterns, every list of names): parsed versions of a 5,000-line CODEOWNERS held as
/// areas were 30 MB of a cold check's peak on benches/pattern_shapes.rs's GitLab shape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    /// The area, named as [`OwnersFile::area`] names it.
    pub area: String,
    pub dialect: Dialect,
    pub owner: Vec<String>,
    pub approvers: Vec<String>,
    /// Each filter's approvers (YAML OWNERS `filters:`), in order.
    pub filter_approvers: Vec<Vec<String>>,
    pub emeritus_approvers: Vec<String>,
}

impl From<&OwnersFile> for Declared {
    fn from(file: &OwnersFile) -> Self {
        let names = |list: &[NameRef]| list.iter().map(|n| n.name.clone()).collect();
        Declared {
            area: file.area(),
            dialect: file.dialect,
            owner: names(&file.owner),
            approvers: names(&file.approvers),
            filter_approvers: file.filters.iter().map(|f| names(&f.approvers)).collect(),
            emeritus_approvers: names(&file.emeritus_approvers),
        }
    }
}

impl Declared {
    /// The approvers of the area and of its filters, as written.
    fn approving(&self) -> impl Iterator<Item = &String> {
        self.approvers
            .iter()
            .chain(self.filter_approvers.iter().flatten())
    }

    /// Everyone who approves, in the area or one of its filters: sorted, each once.
    fn all_approvers(&self) -> Vec<String> {
        let mut names: Vec<String> = self.approving().cloned().collect();
        names.sort();
        names.dedup();
        names
    }

    /// The names an alias could stand for (YAML OWNERS areas alone have aliases).
    fn alias_candidates(&self) -> impl Iterator<Item = &String> {
        let owners = self.dialect == Dialect::Owners;
        self.owner
            .iter()
            .chain(self.approving())
            .filter(move |_| owners)
    }
}

/// Compares two versions of an area (`None`: absent). `None` when no one changed.
pub fn compare(
    path: &str,
    old: Option<&Declared>,
    new: Option<&Declared>,
    origin: Origin,
    time: i64,
) -> Option<Change> {
    let names =
        |f: Option<&Declared>, pick: fn(&Declared) -> Vec<String>| f.map(pick).unwrap_or_default();
    let approvers = Declared::all_approvers;
    let owner_of = |f: &Declared| f.owner.clone();
    let emeritus_of = |f: &Declared| f.emeritus_approvers.clone();
    let approvers_before = names(old, approvers);
    let approvers_after = names(new, approvers);
    let owner_before = names(old, owner_of);
    let owner_after = names(new, owner_of);
    let removed: Vec<String> = approvers_before
        .iter()
        .filter(|a| !approvers_after.contains(a))
        .cloned()
        .collect();
    let added: Vec<String> = approvers_after
        .iter()
        .filter(|a| !approvers_before.contains(a))
        .cloned()
        .collect();
    if removed.is_empty() && added.is_empty() && owner_before == owner_after {
        return None;
    }
    let either = new.or(old)?;
    Some(Change {
        before_exists: old.is_some(),
        after_exists: new.is_some(),
        names: Arc::default(),
        written_before: Vec::new(),
        file: path.to_string(),
        dir: crate::resolve::dir_of(path).to_string(),
        area: either.area.clone(),
        dialect: either.dialect,
        origin,
        time,
        owner_before,
        owner_after,
        approvers_before,
        approvers_after,
        removed,
        added,
        emeritus_after: names(new, emeritus_of),
    })
}

/// Whether a path is an ownership file whose versions are compared (aliases files are not:
/// they name no area).
pub fn is_ownership_file(path: &str) -> bool {
    kind_of(path).is_some()
}

/// The kind of ownership file at `path`, as the walker reads it (CODEOWNERS by its location).
fn kind_of(path: &str) -> Option<Dialect> {
    Dialect::of(path, None).filter(|d| *d != Dialect::OwnersAliases)
}

/// One version of an ownership file: the areas it declares (problems are ignored: `check`
/// reports the current version's, and an old version that does not parse declares nobody;
/// Chromium includes are not followed here: a change is what the file itself says), and the
/// `Name <email>` pairs it declares (MAINTAINERS), which tell that an email changed for the
/// same person.
#[derive(Debug, Default, Clone)]
pub struct Version {
    pub areas: Vec<Declared>,
    pub names: Vec<(String, String)>,
    /// The approvers the version names one by one, not through an alias (YAML OWNERS).
    pub written: Vec<String>,
    /// Each area's name and the index of its last declaration, computed once: a version is
    /// compared twice, as a commit's new version and as the next one's old.
    by_area: std::sync::OnceLock<rustc_hash::FxHashMap<String, usize>>,
}

impl Version {
    /// Each area's name and the index of its last declaration (the one that counts: a
    /// repeated CODEOWNERS pattern).
    fn by_area(&self) -> &rustc_hash::FxHashMap<String, usize> {
        self.by_area.get_or_init(|| {
            self.areas
                .iter()
                .enumerate()
                .map(|(i, f)| (f.area.clone(), i))
                .collect()
        })
    }
}

/// The distinct `Name <email>` pairs of a MAINTAINERS file's sections, sorted. A person is
/// listed in many sections (4,490 `M:`/`R:` lines name 727 pairs in the benchmark's file), and
/// the pairs are only ever asked which full names an address goes by, so each is kept once.
fn maintainer_names(file: &maintainers::MaintainersFile) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = file
        .sections
        .iter()
        .flat_map(|s| s.maintainers.iter().chain(&s.reviewers))
        .filter_map(|p| Some((p.name.clone(), p.email.clone()?.to_lowercase())))
        .filter(|(name, _)| !name.trim().is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The aliases of an OWNERS_ALIASES file's bytes (none when it does not parse).
fn aliases_of(bytes: &[u8]) -> Option<AliasesFile> {
    if bytes.len() as u64 > MAX_COMPARED_BYTES {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let source = SourceFile::new(ALIASES_FILE, text.as_ref());
    dialect::owners::aliases::parse(&source, &mut Vec::new())
}

/// The root aliases file, which Prow reads with the OWNERS files of the same tree.
const ALIASES_FILE: &str = "OWNERS_ALIASES";

/// Replaces alias names by their members in the YAML OWNERS areas of a version, with the
/// aliases of the same tree: an approver list rewritten as an alias of the same people is no
/// change of people.
fn expand_aliases(version: &mut Version, aliases: Option<&AliasesFile>) {
    let is_alias = |name: &str| aliases.is_some_and(|a| a.get(name).is_some());
    version.written = version
        .areas
        .iter()
        .filter(|a| a.dialect == Dialect::Owners)
        .flat_map(Declared::approving)
        .filter(|n| !is_alias(n))
        .cloned()
        .collect();
    let Some(aliases) = aliases else {
        return;
    };
    let expand = |names: &mut Vec<String>| {
        let mut out = Vec::with_capacity(names.len());
        for name in names.drain(..) {
            match aliases.get(&name) {
                Some(alias) => out.extend(alias.members.iter().map(|m| m.name.clone())),
                None => out.push(name),
            }
        }
        *names = out;
    };
    for area in version
        .areas
        .iter_mut()
        .filter(|a| a.dialect == Dialect::Owners)
    {
        expand(&mut area.owner);
        expand(&mut area.approvers);
        expand(&mut area.emeritus_approvers);
        for approvers in &mut area.filter_approvers {
            expand(approvers);
        }
    }
}

/// A shared version with its aliases expanded ([`expand_aliases`]): copied only when it has
/// YAML OWNERS areas, the only ones aliases change.
fn expanded(mut version: Arc<Version>, aliases: Option<&AliasesFile>) -> Arc<Version> {
    if version.areas.iter().any(|a| a.dialect == Dialect::Owners) {
        expand_aliases(Arc::make_mut(&mut version), aliases);
    }
    version
}

/// Reads one version of an ownership file.
pub fn version_of(path: &str, bytes: &[u8]) -> Version {
    version_with(path, bytes, None)
}

/// [`version_of`], reading a MAINTAINERS file's sections through `memo` when given.
fn version_with(path: &str, bytes: &[u8], memo: Option<&mut maintainers::SectionMemo>) -> Version {
    // Each version is read on its own: its patterns have a pattern budget of their own.
    crate::pattern_budget::scope(|| version_in_budget(path, bytes, memo))
}

fn version_in_budget(
    path: &str,
    bytes: &[u8],
    memo: Option<&mut maintainers::SectionMemo>,
) -> Version {
    if bytes.len() as u64 > MAX_COMPARED_BYTES {
        return Version::default();
    }
    let Some(dialect) = kind_of(path) else {
        return Version::default();
    };
    let text = String::from_utf8_lossy(bytes);
    let mut dialect = dialect.in_text(&text);
    if let Some(flavor) = dialect.codeowners_flavor() {
        // A root or `docs/` file with GitLab section headers is read as GitLab's, as the
        // walker reads it (`codeowners_host`): its areas are then named alike.
        if codeowners::GITLAB_LOCATIONS.contains(&path)
            && codeowners::host::has_section_header(&text)
        {
            dialect = Dialect::GitlabCodeowners;
        } else {
            dialect = Dialect::codeowners(flavor);
        }
    }
    let source = SourceFile::new(path, text.as_ref());
    let mut ignored = Vec::new();
    let parsed = match (dialect, memo) {
        (Dialect::Maintainers, Some(memo)) => {
            Parsed::Maintainers(maintainers::parse_sections_with(&source, memo))
        }
        _ => dialect::parse(dialect, &source, &mut ignored),
    };
    let names = match &parsed {
        Parsed::Maintainers(file) => maintainer_names(file),
        _ => Vec::new(),
    };
    Version {
        names,
        areas: parsed
            .into_areas(&mut ignored)
            .iter()
            .map(Declared::from)
            .collect(),
        ..Version::default()
    }
}

/// Ownership files over this size are not compared between versions.
const MAX_COMPARED_BYTES: u64 = 16 * 1024 * 1024;

/// The changes between two versions of one ownership file, area by area.
pub fn compare_versions(
    path: &str,
    old: &Version,
    new: &Version,
    origin: Origin,
    time: i64,
) -> Vec<Change> {
    // Both versions' pairs, each once (most are in both).
    let pairs = || -> Arc<Vec<(String, String)>> {
        let mut names: Vec<(String, String)> =
            old.names.iter().chain(&new.names).cloned().collect();
        names.sort_unstable();
        names.dedup();
        Arc::new(names)
    };
    let mut names: Option<Arc<Vec<(String, String)>>> = None;
    let written_before = &old.written;
    let (old_areas, new_areas) = (old.by_area(), new.by_area());
    let (old, new) = (old.areas.as_slice(), new.areas.as_slice());
    // Every area of either version, once, with its declaration in each (one look-up per
    // area and version: a 5,000-line CODEOWNERS has 5,000 areas in each of tens of versions);
    // in the order of their names.
    let both = old_areas
        .iter()
        .map(|(key, &i)| (key, Some(i), new_areas.get(key).copied()))
        .chain(
            new_areas
                .iter()
                .filter(|(key, _)| !old_areas.contains_key(*key))
                .map(|(key, &i)| (key, None, Some(i))),
        );
    let mut found: Vec<(&String, Change)> = both
        .filter_map(|(key, before, after)| {
            let before = before.map(|i| &old[i]);
            let after = after.map(|i| &new[i]);
            if let (Some(before), Some(after)) = (before, after)
                && same_people(before, after)
            {
                // Most areas of a version are those of the version before it.
                return None;
            }
            let mut change = compare(path, before, after, origin, time)?;
            change.names = Arc::clone(names.get_or_insert_with(pairs));
            change.written_before = written_before.clone();
            Some((key, change))
        })
        .collect();
    found.sort_unstable_by(|a, b| a.0.cmp(b.0));
    found.into_iter().map(|(_, change)| change).collect()
}

/// Whether two declarations of an area name the same owner and approvers in the same order:
/// [`compare`] then finds no change, and need not copy their names to see it.
fn same_people(before: &Declared, after: &Declared) -> bool {
    before.owner == after.owner
        && before.approvers == after.approvers
        && before.filter_approvers == after.filter_approvers
}

/// The versions of ownership files read for the history window, parsed once per blob: a
/// commit's new version is usually the next change's old one, and most of the window's commits
/// that touch ownership files touch a few of them. Trees and commits are read as raw objects,
/// like the history walk does, rather than as libgit2 objects.
struct Versions<'r> {
    odb: &'r git2::Odb<'r>,
    /// The most recent versions read of each path, newest last, by blob: the same contents at
    /// two paths (copied OWNERS files) are two areas. A version is needed again only as the
    /// next change's old version (or a merge's other parent's), so a few per path are kept,
    /// not every version of the window (a large MAINTAINERS file parsed a hundred times).
    /// Shared, not copied: a MAINTAINERS version holds thousands of areas.
    parsed: HashMap<String, Vec<(Oid, Arc<Version>)>>,
    /// Trees read on the way to ownership files: consecutive commits share most of them (the
    /// root, the directories above each OWNERS file), which were read again for every commit.
    /// Bounded by [`TREE_CACHE_BYTES`]: when full, it starts again empty.
    trees: HashMap<Oid, Vec<u8>>,
    /// The bytes `trees` holds.
    tree_bytes: usize,
    /// Parsed OWNERS_ALIASES files, by blob.
    aliases: HashMap<Oid, Option<AliasesFile>>,
    /// The MAINTAINERS sections parsed so far, by their text: a version differs from the
    /// previous one in a few of them.
    sections: maintainers::SectionMemo,
    /// Whether an object was missing or unreadable: what was compared since may be wrong for
    /// lack of it (a partial clone fetches it later), so it is not cached.
    incomplete: bool,
}

impl<'r> Versions<'r> {
    fn new(odb: &'r git2::Odb<'r>) -> Self {
        Versions {
            odb,
            parsed: HashMap::new(),
            trees: HashMap::new(),
            tree_bytes: 0,
            aliases: HashMap::new(),
            sections: maintainers::SectionMemo::default(),
            incomplete: false,
        }
    }

    /// The tree of a commit and those of its parents, first parent first: one `None` for a
    /// root commit, and `None` for a parent that is missing.
    fn trees(&mut self, commit: Oid) -> Option<(Vec<Option<Oid>>, Oid)> {
        let Some(raw) = self
            .odb
            .read(commit)
            .ok()
            .and_then(|object| parse_commit(object.data()))
        else {
            self.incomplete = true;
            return None;
        };
        let mut parents: Vec<Option<Oid>> = raw
            .parents
            .iter()
            .map(|&p| {
                let tree = self
                    .odb
                    .read(p)
                    .ok()
                    .and_then(|object| parse_commit(object.data()).map(|c| c.tree));
                self.incomplete |= tree.is_none();
                tree
            })
            .collect();
        if parents.is_empty() {
            parents.push(None);
        }
        Some((parents, raw.tree))
    }

    /// The version of the blob at `path` in `tree` (an empty one for an absent file), parsed
    /// once while it is among the path's [`RECENT_VERSIONS`] most recent.
    fn version(&mut self, tree: Option<Oid>, path: &str) -> Arc<Version> {
        let Some(id) = tree.and_then(|tree| self.blob_at(tree, path)) else {
            return Arc::default();
        };
        if let Some(recent) = self.parsed.get_mut(path)
            && let Some(at) = recent.iter().position(|(known, _)| *known == id)
        {
            // Most recently used last.
            let entry = recent.remove(at);
            let version = entry.1.clone();
            recent.push(entry);
            return version;
        }
        let version = Arc::new(self.parse(id, path));
        let recent = self.parsed.entry(path.to_string()).or_default();
        if recent.len() >= RECENT_VERSIONS {
            recent.remove(0);
        }
        recent.push((id, Arc::clone(&version)));
        version
    }

    /// The root OWNERS_ALIASES of a tree, parsed once per blob.
    fn aliases(&mut self, tree: Option<Oid>) -> Option<AliasesFile> {
        let id = self.blob_at(tree?, ALIASES_FILE)?;
        if !self.aliases.contains_key(&id) {
            let parsed = match self.odb.read(id) {
                Ok(object) => aliases_of(object.data()),
                Err(_) => {
                    self.incomplete = true;
                    None
                }
            };
            self.aliases.insert(id, parsed);
        }
        self.aliases.get(&id).cloned().flatten()
    }

    fn parse(&mut self, id: Oid, path: &str) -> Version {
        let Ok((size, kind)) = self.odb.read_header(id) else {
            self.incomplete = true;
            return Version::default();
        };
        if kind != ObjectType::Blob || size as u64 > MAX_COMPARED_BYTES {
            return Version::default();
        }
        match self.odb.read(id) {
            Ok(object) => version_with(path, object.data(), Some(&mut self.sections)),
            Err(_) => {
                self.incomplete = true;
                Version::default()
            }
        }
    }

    /// The id of the entry at `path` below the tree `tree` (not a directory, not a submodule).
    fn blob_at(&mut self, mut tree: Oid, path: &str) -> Option<Oid> {
        let mut names = path.split('/').peekable();
        while let Some(name) = names.next() {
            if self.tree_bytes > TREE_CACHE_BYTES {
                self.trees.clear();
                self.tree_bytes = 0;
            }
            let object = match self.trees.entry(tree) {
                std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
                std::collections::hash_map::Entry::Vacant(new) => match self.odb.read(tree) {
                    Ok(object) => {
                        self.tree_bytes += object.len();
                        new.insert(object.data().to_vec())
                    }
                    Err(_) => {
                        self.incomplete = true;
                        return None;
                    }
                },
            };
            let entry = TreeIter::new(object).find(|e| e.name == name.as_bytes())?;
            match (names.peek().is_some(), entry.is_tree()) {
                (true, true) => tree = entry.oid(),
                (false, false) if entry.mode != MODE_GITLINK => return Some(entry.oid()),
                _ => return None,
            }
        }
        None
    }
}

/// How many versions of each path [`Versions`] keeps parsed: a commit's old version is the
/// previous change's new one, a merge's other parents' are recent too.
const RECENT_VERSIONS: usize = 4;

/// The bytes of trees [`Versions`] keeps read.
const TREE_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// Git's file mode for a submodule (gitlink), which names a commit of another repository.
const MODE_GITLINK: u32 = 0o160000;

/// The ownership changes of the history window: every commit that changed an OWNERS file
/// (outside vendored directories, unless `include_vendored`), oldest first. A merge's paths are
/// the edits it made itself; of those, it changed what differs from every parent's version
/// (see [`own_changes`]). What `cache` knows is read from it; what it does not is computed and
/// added to it, in two halves of the window side by side when there are enough of them (see
/// [`compute_side_by_side`]).
pub fn from_history(
    repo: &Repository,
    history: &History,
    include_vendored: bool,
    cache: &mut ChangesCache,
) -> Vec<Change> {
    from_history_split(repo, history, include_vendored, cache, SIDE_BY_SIDE_EDITS)
}

/// The fewest edits the cache does not know for [`from_history`] to compare in two halves: a
/// thread and a second set of parsed versions cost less than comparing a few edits.
const SIDE_BY_SIDE_EDITS: usize = 8;

/// [`from_history`], comparing the unknown edits in two halves side by side from `side_by_side`
/// of them on.
fn from_history_split(
    repo: &Repository,
    history: &History,
    include_vendored: bool,
    cache: &mut ChangesCache,
    side_by_side: usize,
) -> Vec<Change> {
    // Each commit's edits of ownership files, oldest first: known from the cache, or to compare.
    let mut edits: Vec<(&CommitFacts, Vec<Edit<'_>>)> = Vec::new();
    let mut unknown: Vec<Edits<'_>> = Vec::new();
    for commit in history.commits.iter().rev() {
        let touched: Vec<Edit<'_>> = commit
            .paths
            .iter()
            .filter(|p| is_ownership_file(p) && (include_vendored || !in_vendored_dir(p)))
            .map(|p| (p.as_str(), cache.get(commit.id, p, commit.commit_time)))
            .collect();
        let to_compare: Vec<&str> = touched
            .iter()
            .filter(|(_, known)| known.is_none())
            .map(|(p, _)| *p)
            .collect();
        if !to_compare.is_empty() {
            unknown.push(Edits {
                commit,
                paths: to_compare,
            });
        }
        if !touched.is_empty() {
            edits.push((commit, touched));
        }
    }
    let mut compared = compute_side_by_side(repo, &unknown, side_by_side).into_iter();
    let mut changes = Vec::new();
    for (commit, touched) in edits {
        let mut found_here = None;
        for (path, known) in touched {
            if let Some(known) = known {
                changes.extend(known);
                continue;
            }
            // The commit's unknown edits were compared in order, path by path.
            let found = found_here.get_or_insert_with(|| compared.next().unwrap_or_default());
            let Some((found, complete)) = found.pop_front() else {
                continue;
            };
            if complete {
                cache.insert(commit.id, path, &found);
            }
            changes.extend(found);
        }
    }
    changes
}

/// An edit of an ownership file: its path, and its changes where the cache knows them.
type Edit<'h> = (&'h str, Option<Vec<Change>>);

/// A commit's edits of ownership files to compare.
struct Edits<'h> {
    commit: &'h CommitFacts,
    paths: Vec<&'h str>,
}

/// What each path of an [`Edits`] changed, in its order, and whether every object it needed
/// was read (only a complete answer is cached). Empty where the commit's trees cannot be read.
type Compared = std::collections::VecDeque<(Vec<Change>, bool)>;

/// Compares every edit of `unknown`, in order: from `side_by_side` edits on, the older half on
/// this thread and the newer half on a thread of its own, each with its own parsed versions
/// (one version at the boundary is parsed twice). Parsing the versions is most of the work (a
/// year of a 1,500-section MAINTAINERS is tens of versions, each a few milliseconds), and it
/// used to run alone after the walk, one core idle: on benches/pattern_shapes.rs's
/// `maintainers` shape it was a third of a cold run.
fn compute_side_by_side(
    repo: &Repository,
    unknown: &[Edits<'_>],
    side_by_side: usize,
) -> Vec<Compared> {
    let total: usize = unknown.iter().map(|e| e.paths.len()).sum();
    let Ok(odb) = repo.odb() else {
        return Vec::new();
    };
    if total < side_by_side {
        return compute(&odb, unknown);
    }
    let Ok(second) = repo.odb() else {
        return compute(&odb, unknown);
    };
    // The older half: commits until half the edits.
    let mut seen = 0;
    let middle = unknown
        .iter()
        .position(|e| {
            seen += e.paths.len();
            seen * 2 >= total
        })
        .map_or(unknown.len(), |i| i + 1);
    let (older, newer) = unknown.split_at(middle);
    let (mut compared, more) = crate::side_by_side::both(
        "ownlint-changes",
        || compute(&odb, older),
        || compute(&second, newer),
    );
    compared.extend(more);
    compared
}

/// Compares the edits of `unknown`, in order, reading through `odb`.
fn compute(odb: &git2::Odb<'_>, unknown: &[Edits<'_>]) -> Vec<Compared> {
    let mut versions = Versions::new(odb);
    unknown
        .iter()
        .map(|edits| {
            let Some(trees) = CommitTrees::read(&mut versions, edits.commit) else {
                return Compared::new();
            };
            edits
                .paths
                .iter()
                .map(|path| {
                    let new = versions.version(Some(trees.new), path);
                    let found = trees.compare(&mut versions, path, new);
                    (found, !versions.incomplete)
                })
                .collect()
        })
        .collect()
}

/// A commit's tree and its parents' (first parent first), each with its OWNERS_ALIASES.
struct CommitTrees {
    id: Oid,
    time: i64,
    new: Oid,
    new_aliases: Option<AliasesFile>,
    old: Vec<Option<Oid>>,
    old_aliases: Vec<Option<AliasesFile>>,
}

impl CommitTrees {
    fn read(versions: &mut Versions<'_>, commit: &CommitFacts) -> Option<Self> {
        let (old, new) = versions.trees(commit.id)?;
        let new_aliases = versions.aliases(Some(new));
        let old_aliases = old.iter().map(|&tree| versions.aliases(tree)).collect();
        Some(CommitTrees {
            id: commit.id,
            time: commit.commit_time,
            new,
            new_aliases,
            old,
            old_aliases,
        })
    }

    /// The changes the commit made itself to `path`, whose new version (as written, aliases not
    /// yet expanded) is `new`: each version is read with its own tree's aliases.
    fn compare(&self, versions: &mut Versions<'_>, path: &str, new: Arc<Version>) -> Vec<Change> {
        let new = expanded(new, self.new_aliases.as_ref());
        let against_each: Vec<Vec<Change>> = self
            .old
            .iter()
            .zip(&self.old_aliases)
            .map(|(&old_tree, aliases)| {
                let old = expanded(versions.version(old_tree, path), aliases.as_ref());
                compare_versions(path, &old, &new, Origin::Commit(self.id), self.time)
            })
            .collect();
        own_changes(against_each)
    }
}

/// The changes of hands that edits of OWNERS_ALIASES alone made: a commit of the window that
/// changed the members of an alias changed the people of every YAML OWNERS file that names it
/// (`owners`: the YAML OWNERS files of the checked revision), though none of those files
/// changed. Files the commit edited too are left to [`from_history`], which compares them with
/// each tree's aliases already.
pub fn from_alias_edits(
    repo: &Repository,
    history: &History,
    owners: &[&str],
    include_vendored: bool,
) -> Vec<Change> {
    let mut changes = Vec::new();
    let edits_aliases = |c: &&CommitFacts| c.paths.iter().any(|p| p == ALIASES_FILE);
    if owners.is_empty() || !history.commits.iter().any(|c| edits_aliases(&c)) {
        return changes;
    }
    let Ok(odb) = repo.odb() else {
        return changes;
    };
    let mut versions = Versions::new(&odb);
    for commit in history.commits.iter().rev().filter(edits_aliases) {
        let Some(trees) = CommitTrees::read(&mut versions, commit) else {
            continue;
        };
        let changed = changed_aliases(&trees.old_aliases, trees.new_aliases.as_ref());
        if changed.is_empty() {
            continue;
        }
        for &path in owners {
            let vendored = !include_vendored && in_vendored_dir(path);
            if vendored || commit.paths.iter().any(|p| p == path) {
                continue;
            }
            let written = versions.version(Some(trees.new), path);
            if names_any(&written, &changed) {
                changes.extend(trees.compare(&mut versions, path, written));
            }
        }
    }
    changes
}

/// The names of the aliases whose members (compared lower-cased) differ between the new aliases
/// and any of the old ones (one per parent), added and removed aliases included.
fn changed_aliases(old: &[Option<AliasesFile>], new: Option<&AliasesFile>) -> Vec<String> {
    let members = |file: Option<&AliasesFile>, name: &str| -> Option<Vec<String>> {
        let mut names: Vec<String> = file?
            .get(name)?
            .members
            .iter()
            .map(|m| m.name.to_lowercase())
            .collect();
        names.sort();
        names.dedup();
        Some(names)
    };
    let mut all: Vec<String> = old
        .iter()
        .flatten()
        .chain(new)
        .flat_map(|f| f.aliases.iter().map(|a| a.name.clone()))
        .collect();
    all.sort();
    all.dedup();
    all.into_iter()
        .filter(|name| {
            let after = members(new, name);
            old.iter().any(|o| members(o.as_ref(), name) != after)
        })
        .collect()
}

/// Whether a version's YAML OWNERS areas name any of `aliases`, as [`expand_aliases`] matches
/// them.
fn names_any(version: &Version, aliases: &[String]) -> bool {
    version
        .areas
        .iter()
        .flat_map(Declared::alias_candidates)
        .any(|n| aliases.contains(n))
}

/// The changes a commit made itself, from its changes against each parent (first parent
/// first): for a merge, the approvers it added or removed against every parent, and its owner
/// when it differs from every parent's. What the merge took from one parent is that parent's
/// commits' change, not the merge's.
fn own_changes(against_each: Vec<Vec<Change>>) -> Vec<Change> {
    let mut parents = against_each.into_iter();
    let first = parents.next().unwrap_or_default();
    let others: Vec<Vec<Change>> = parents.collect();
    first
        .into_iter()
        .filter_map(|mut change| {
            for other in &others {
                // Unchanged against this parent: the merge took its version of the area.
                let same_area = other.iter().find(|o| o.area == change.area)?;
                change.added.retain(|n| same_area.added.contains(n));
                change.removed.retain(|n| same_area.removed.contains(n));
                if same_area.owner_before == same_area.owner_after {
                    change.owner_before = change.owner_after.clone();
                }
            }
            let changed = !change.added.is_empty()
                || !change.removed.is_empty()
                || change.owner_before != change.owner_after;
            // The merge's own "before": what it kept, and what it removed itself, so that
            // judging it sees only its own edits.
            if !others.is_empty() {
                let mut before: Vec<String> = change
                    .approvers_after
                    .iter()
                    .filter(|n| !change.added.contains(n))
                    .chain(&change.removed)
                    .cloned()
                    .collect();
                before.sort();
                before.dedup();
                change.approvers_before = before;
            }
            changed.then_some(change)
        })
        .collect()
}

/// The ownership changes between two sets of tracked files (the merge base and the tip, or
/// HEAD and the index), both sorted by path, whose differences `delta` lists.
pub fn between(
    repo: &crate::repo::Repo,
    old: &[crate::repo::Entry],
    new: &[crate::repo::Entry],
    delta: &crate::delta::Delta,
    origin: Origin,
    time: i64,
    include_vendored: bool,
) -> Vec<Change> {
    let id_in = |list: &[crate::repo::Entry], path: &str| -> Option<Oid> {
        list.binary_search_by(|e| e.path.as_str().cmp(path))
            .ok()
            .map(|i| list[i].id)
    };
    let read = |id: Option<Oid>, path: &str| -> Version {
        id.and_then(|id| repo.read_blob(id, MAX_COMPARED_BYTES).ok())
            .map(|bytes| version_of(path, &bytes))
            .unwrap_or_default()
    };
    let aliases = |list: &[crate::repo::Entry]| {
        id_in(list, ALIASES_FILE)
            .and_then(|id| repo.read_blob(id, MAX_COMPARED_BYTES).ok())
            .and_then(|bytes| aliases_of(&bytes))
    };
    let (old_aliases, new_aliases) = (aliases(old), aliases(new));
    let compared = |path: &str, before: Version, after: Version| {
        let (mut before, mut after) = (before, after);
        expand_aliases(&mut before, old_aliases.as_ref());
        expand_aliases(&mut after, new_aliases.as_ref());
        compare_versions(path, &before, &after, origin, time)
    };
    let mut changes: Vec<Change> = delta
        .changed
        .iter()
        .filter(|p| is_ownership_file(p) && (include_vendored || !in_vendored_dir(p)))
        .flat_map(|path| {
            compared(
                path,
                read(id_in(old, path), path),
                read(id_in(new, path), path),
            )
        })
        .collect();
    // An edit of OWNERS_ALIASES alone changes the people of the OWNERS files naming the
    // aliases it edits (see `from_alias_edits`).
    if delta.changed.iter().any(|p| p == ALIASES_FILE) {
        let edited = changed_aliases(std::slice::from_ref(&old_aliases), new_aliases.as_ref());
        for entry in new.iter().filter(|e| {
            kind_of(&e.path) == Some(Dialect::Owners)
                && (include_vendored || !in_vendored_dir(&e.path))
                && !delta.changed.contains(&e.path)
        }) {
            if edited.is_empty() {
                break;
            }
            let after = read(Some(entry.id), &entry.path);
            if names_any(&after, &edited) {
                let before = read(id_in(old, &entry.path), &entry.path);
                changes.extend(compared(&entry.path, before, after));
            }
        }
    }
    changes
}

/// When each of `paths` was changed (added, modified or deleted) by a commit of the window: a
/// non-merge commit, or a merge that edited it itself.
pub fn update_times<'p>(
    history: &History,
    paths: impl IntoIterator<Item = &'p String>,
) -> HashMap<String, Vec<i64>> {
    let mut times: HashMap<String, Vec<i64>> =
        paths.into_iter().map(|p| (p.clone(), Vec::new())).collect();
    for commit in &history.commits {
        for path in &commit.paths {
            if let Some(list) = times.get_mut(path) {
                list.push(commit.commit_time);
            }
        }
    }
    times
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Declared {
        let file =
            dialect::owners::parse(&SourceFile::new("pkg/OWNERS", text), &mut Vec::new()).unwrap();
        Declared::from(&file)
    }

    #[test]
    fn removals_additions_and_the_emeritus_list() {
        let old = file("owner: alice\napprovers: [alice, bob, carol]\n");
        let new = file("owner: bob\napprovers: [bob, carol]\nemeritus_approvers: [alice]\n");
        let change = compare("pkg/OWNERS", Some(&old), Some(&new), Origin::Staged, 0).unwrap();
        assert_eq!(change.owner_before, ["alice"]);
        assert_eq!(change.owner_after, ["bob"]);
        assert_eq!(change.removed, ["alice"]);
        assert_eq!(change.emeritus_after, ["alice"]);
        assert!(change.before_exists && change.after_exists);
        assert!(compare("pkg/OWNERS", Some(&old), Some(&old), Origin::Staged, 0).is_none());
    }

    #[test]
    fn identical_files_in_two_directories_are_two_areas() {
        // The same blob at two paths: each version is named after its own directory.
        let text = b"approvers: [alice]\n";
        assert_eq!(version_of("auth/OWNERS", text).areas[0].area, "auth");
        assert_eq!(version_of("pay/OWNERS", text).areas[0].area, "pay");
    }

    #[test]
    fn a_root_codeowners_with_sections_is_versioned_as_gitlabs() {
        // Issue 14, item 13: the walker reads such a file as GitLab's; its versions in history
        // must name the same areas (`[Docs] *.md`), or changes would not meet their areas.
        let text = b"* @all\n[Docs] @docs\n*.md\n";
        let areas: Vec<String> = version_of("CODEOWNERS", text)
            .areas
            .iter()
            .map(|a| a.area.clone())
            .collect();
        assert_eq!(areas, ["CODEOWNERS: *", "CODEOWNERS: [Docs] *.md"]);
        let plain: Vec<String> = version_of("CODEOWNERS", b"* @all\n*.md @docs\n")
            .areas
            .iter()
            .map(|a| a.area.clone())
            .collect();
        assert_eq!(plain, ["CODEOWNERS: *", "CODEOWNERS: *.md"]);
    }

    #[test]
    fn a_merge_changes_only_what_differs_from_every_parent() {
        let main = file("owner: alice\napprovers: [alice, bob, carol]\n");
        let branch = file("owner: alice\napprovers: [alice, bob, dave]\n");
        let against = |merged: &Declared| -> Vec<Vec<Change>> {
            [&main, &branch]
                .iter()
                .map(|parent| {
                    compare("pkg/OWNERS", Some(parent), Some(merged), Origin::Staged, 0)
                        .into_iter()
                        .collect()
                })
                .collect()
        };
        // Taking the branch's version whole: the branch's commit made that change, not the merge.
        assert!(own_changes(against(&branch)).is_empty());
        // Both sides' additions kept, bob dropped and erin added by the merge itself.
        let merged = file("owner: alice\napprovers: [alice, carol, dave, erin]\n");
        let own = own_changes(against(&merged));
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].added, ["erin"]);
        assert_eq!(own[0].removed, ["bob"]);
        assert_eq!(own[0].owner_before, own[0].owner_after);
        // Judged on its own edits: before it, the area had what it kept and what it removed.
        assert_eq!(own[0].approvers_before, ["alice", "bob", "carol", "dave"]);
        // A new owner that one parent already had is that parent's change.
        let branch_owner = file("owner: dave\napprovers: [alice, bob, dave]\n");
        let merged = file("owner: dave\napprovers: [alice, bob, carol, dave]\n");
        let against_owner: Vec<Vec<Change>> = [&main, &branch_owner]
            .iter()
            .map(|parent| {
                compare("pkg/OWNERS", Some(parent), Some(&merged), Origin::Staged, 0)
                    .into_iter()
                    .collect()
            })
            .collect();
        assert!(own_changes(against_owner).is_empty());
    }

    #[test]
    fn a_maintainers_comparison_keeps_each_name_once() {
        // Alice is listed in both sections of both versions; Bob joins one section: the
        // comparison's pairs are each pair once, whichever version and section named it.
        let old = b"ONE\nM:\tAlice Doe <alice@example.org>\nF:\ta/\n\nTWO\nM:\tAlice Doe <ALICE@example.org>\nF:\tb/\n";
        let new = b"ONE\nM:\tAlice Doe <alice@example.org>\nF:\ta/\n\nTWO\nM:\tAlice Doe <alice@example.org>\nM:\tBob Roe <bob@example.org>\nF:\tb/\n";
        let (old, new) = (
            version_of("MAINTAINERS", old),
            version_of("MAINTAINERS", new),
        );
        assert_eq!(
            old.names,
            [("Alice Doe".to_string(), "alice@example.org".to_string())]
        );
        let changes = compare_versions("MAINTAINERS", &old, &new, Origin::Staged, 0);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(
            *changes[0].names,
            [
                ("Alice Doe".to_string(), "alice@example.org".to_string()),
                ("Bob Roe".to_string(), "bob@example.org".to_string()),
            ]
        );
    }

    /// A repository whose history edits a MAINTAINERS file, a YAML OWNERS file and a CODEOWNERS
    /// file in turn, with a side branch merged back that edits them too; its tip.
    fn edited_repository(dir: &std::path::Path) -> (Repository, Oid) {
        let repo = Repository::init(dir).unwrap();
        let write = |path: &str, text: &str| {
            let full = dir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        };
        let commit = |repo: &Repository, n: i64, parents: &[Oid]| -> Oid {
            let mut index = repo.index().unwrap();
            index
                .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
                .unwrap();
            index.write().unwrap();
            let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
            let when = git2::Time::new(1_700_000_000 + n * 3600, 0);
            let who = git2::Signature::new("Ann", "ann@example.org", &when).unwrap();
            let parents: Vec<git2::Commit> = parents
                .iter()
                .map(|p| repo.find_commit(*p).unwrap())
                .collect();
            let parents: Vec<&git2::Commit> = parents.iter().collect();
            repo.commit(None, &who, &who, &format!("edit {n}"), &tree, &parents)
                .unwrap()
        };
        let maintainers = |people: &[&str]| -> String {
            let mut text = String::new();
            for (i, person) in people.iter().enumerate() {
                text.push_str(&format!(
                    "AREA {i}\nM:\t{person} <{person}@example.org>\nS:\tMaintained\nF:\tsrc/{i}/\n\n"
                ));
            }
            text
        };
        let names = ["ann", "bob", "cat", "dan", "eve", "fay", "gus", "hal"];
        let mut tip = None;
        for n in 0..24usize {
            // Each commit moves one area to another person, or edits the other files.
            let mut people: Vec<&str> = names.to_vec();
            people.rotate_left(n % names.len());
            write("MAINTAINERS", &maintainers(&people[..4 + n % 3]));
            write(
                "pkg/OWNERS",
                &format!("approvers:\n- {}\n- {}\n", people[0], people[1]),
            );
            if n % 4 == 0 {
                write(".github/CODEOWNERS", &format!("* @{}\n", people[2]));
            }
            tip = Some(commit(&repo, n as i64, tip.as_slice()));
        }
        let main = tip.unwrap();
        // A side branch from an older commit, merged with a resolution of its own.
        let base = repo.find_commit(main).unwrap().parent_id(0).unwrap();
        let base = repo.find_commit(base).unwrap().parent_id(0).unwrap();
        repo.checkout_tree(
            repo.find_commit(base).unwrap().as_object(),
            Some(git2::build::CheckoutBuilder::new().force()),
        )
        .unwrap();
        write("pkg/OWNERS", "approvers:\n- zed\n");
        let side = commit(&repo, 30, &[base]);
        write("pkg/OWNERS", "approvers:\n- zed\n- ann\n");
        write("MAINTAINERS", &maintainers(&["zed", "bob"]));
        let merge = commit(&repo, 31, &[main, side]);
        (repo, merge)
    }

    #[test]
    fn the_window_compared_in_two_halves_is_the_window_compared_in_one() {
        let dir = tempfile::tempdir().unwrap();
        let (repo, tip) = edited_repository(dir.path());
        let window = crate::history::Window {
            start: 1_700_000_000 - 1,
            end: 1_800_000_000,
        };
        let (history, _) = crate::history::read(
            &repo,
            tip,
            window,
            false,
            &crate::side_by_side::SecondCore::free(),
            &mut |_| {},
        )
        .unwrap();
        let edits: usize = history
            .commits
            .iter()
            .flat_map(|c| &c.paths)
            .filter(|p| is_ownership_file(p))
            .count();
        assert!(edits > 40, "{edits} edits");
        let whole = from_history_split(
            &repo,
            &history,
            false,
            &mut ChangesCache::disabled(),
            usize::MAX,
        );
        assert!(whole.len() > 20, "{} changes", whole.len());
        for side_by_side in [1, 2, edits / 2, edits] {
            let halves = from_history_split(
                &repo,
                &history,
                false,
                &mut ChangesCache::disabled(),
                side_by_side,
            );
            assert_eq!(
                halves, whole,
                "compared side by side from {side_by_side} edits"
            );
        }
        // What the halves put in a cache is read back as the whole window computes it, and a
        // cache that knows some of the edits leaves the rest to the halves.
        let path = dir.path().join("changes.cache");
        let mut cache = ChangesCache::load(path.clone());
        let filled = from_history_split(&repo, &history, false, &mut cache, 1);
        assert_eq!(filled, whole);
        assert!(!cache.is_empty());
        cache.save().unwrap();
        let mut cache = ChangesCache::load(path);
        let read = from_history_split(&repo, &history, false, &mut cache, usize::MAX);
        assert_eq!(read, whole);
    }
}
