//! Which CODEOWNERS lines own a path: every pattern of a file compiled into one
//! `RegexSet`, with each flavour's own semantics.
//!
//! **GitHub** ("About code owners": patterns follow "most of the same rules used in gitignore
//! files"; the rules below are those of gitignore and of the documented examples, as
//! hmarr/codeowners implements them):
//!
//! - "Order is important; the last matching pattern takes the most precedence": one deciding line.
//! - A leading `/`, or a `/` anywhere but at the end, anchors the pattern at the root; otherwise
//!   it matches at any depth (`apps/` "owns any file in an apps directory anywhere").
//! - A pattern matching a file or a directory also matches everything below that directory
//!   (`/apps/github` with no owners leaves "the `/apps/github` subdirectory" unowned); `foo`
//!   never matches `foobar`.
//! - A trailing `/` matches only a directory, and everything below it (`/build/logs/` covers "the
//!   build/logs directory ... and any of its subdirectories").
//! - `*` does not cross `/`; a last segment that is exactly `*` does not reach further down ("The
//!   `docs/*` pattern will match files like `docs/getting-started.md` but not further nested
//!   files"); `**` crosses `/` (`**/logs` matches `/build/logs`, `/deeply/nested/logs`); other runs
//!   of asterisks (`**.ext`) are plain asterisks, as in gitignore. `?` is one character; `\x` is a
//!   literal `x`.
//! - "CODEOWNERS paths are case sensitive"; `*` matches dotfiles.
//!
//! **GitLab** ("Syntax of CODEOWNERS file", "Advanced CODEOWNERS configuration" and
//! `ee/lib/gitlab/code_owners/file.rb`): "GitLab uses `File::fnmatch` with the
//! `File::FNM_DOTMATCH` and `File::FNM_PATHNAME` flags", after normalising the pattern: `*` alone
//! becomes `/**/*`; "Paths without a leading `/` are treated as globstar paths" (`/**/` is put in
//! front, whatever slashes follow); a trailing `/` becomes `/**/*`. So `**/` matches any number of
//! directories, any other `*` (and a final `**`) stays within one name, `[a-z]` classes work, and a
//! pattern without a trailing `/` matches the file of that name only, not a directory's contents.
//! Each section has its own deciding line ("Only one Code Owner pattern per section is matched to
//! a file path"); a matching `!` exclusion removes the path from its section ("After a pattern is
//! excluded, it cannot be included again in the same section"); entries of the same pattern in a
//! section are one entry, the last one: "If an entry is duplicated in a section, the last entry
//! is used. Rules defined later in the file take precedence over earlier rules" (`CODEOWNERS`
//! syntax reference), so `* @a` / `*.rb @b` / `* @c` gives `x.rb` to `@c`.
//!
//! The patterns of a file are compiled into a [`RegexIndex`] per way of running them (small
//! sets of patterns, chosen for each haystack by literal text the patterns need: thousands of
//! wildcard lines cost a path no more than a few). Most unanchored patterns (`foo`, `*.js`,
//! `apps/`, GitLab's `README.md`) are names, run against each path component; `**/a/b` is run
//! against the path from each component on; the rest against the whole path. A name is thus
//! never kept alive across a whole path. (Each pattern also starts with a tag of its kind, as
//! each haystack does.)

use rustc_hash::FxHashMap;

use crate::dialect::codeowners::{Codeowners, Flavor};
use crate::dialect::path_memo::PathMemo;
use crate::prefix_index::PrefixIndex;
use crate::regex_index::{RegexIndex, Syntax};

/// Patterns longer than this (in bytes) are not compiled: no repository path is that long.
pub const MAX_PATTERN_LEN: usize = 4096;

/// Compile-time budget of each set of patterns (see [`RegexIndex`]).
const SIZE_LIMIT: usize = 64 * 1024 * 1024;

/// A CODEOWNERS file compiled for matching paths. Build it once per file.
#[derive(Debug)]
pub struct Matcher {
    flavor: Flavor,
    /// The compiled patterns, one index per way of running them ([`Kind::slot`]): a haystack
    /// is searched only by the patterns that can match it.
    sets: [KindSet; 3],
    /// For each compiled pattern, its line and how it is run.
    set_lines: Vec<usize>,
    kinds: Vec<Kind>,
    /// Whether any pattern is run per component / from each component.
    has_component: bool,
    /// Whether any component pattern can match a directory's component (not only the last
    /// one) / the last component: the components no pattern can match are not searched.
    component_dirs: bool,
    component_leaves: bool,
    has_floating: bool,
    /// Per line: its combined section.
    group: Vec<usize>,
    /// Per line: a GitLab exclusion.
    negated: Vec<bool>,
    /// Per line (GitLab): the id of its (section, normalised pattern) entry.
    key: Vec<usize>,
    /// Per entry id: the last line of that entry, which stands for all of them.
    key_last: Vec<usize>,
    errors: Vec<(usize, String)>,
    /// The lines matching each path already asked about (see [`PathMemo`]).
    memo: PathMemo,
    /// Lines whose pattern the [pattern budget](crate::pattern_budget) could not pay for, with
    /// the reason (among `errors` too).
    over_budget: Vec<(usize, String)>,
    /// Patterns of literal kinds (see [`Literals`]), looked up rather than matched.
    literals: Literals,
}

/// Patterns with nothing to match but literal text (and, on GitLab, a final `*suffix` name),
/// found by hash lookups on a path's prefixes and components: most lines of a large CODEOWNERS
/// are of this kind, and keeping them out of the [`RegexSet`] keeps it small, and spares
/// compiling them. Each lookup gives the same answer the pattern's regex would.
#[derive(Debug, Default)]
struct Literals {
    /// Anchored paths (`/a/b`, `a/b/`, GitLab's `/a/b/*.rb`), with what must follow them in a
    /// path: found among a path's prefixes in one walk, however deep the path.
    paths: PrefixIndex<(usize, Tail)>,
    /// Names matched at any depth (`foo`, `foo/`), with whether only a directory's contents
    /// match (a trailing `/`).
    names: FxHashMap<String, Vec<(usize, bool)>>,
    /// `*.ext` at any depth, by extension (GitHub: any component).
    extensions: FxHashMap<String, Vec<usize>>,
    /// `/a/b/*`: the entries directly in a directory (GitHub).
    children: FxHashMap<String, Vec<usize>>,
    /// GitLab names (`README.md`), which `fnmatch` matches against the last component only.
    leaf_names: FxHashMap<String, Vec<usize>>,
    /// GitLab `*.ext`, by extension: the last component only.
    leaf_extensions: FxHashMap<String, Vec<usize>>,
    any: bool,
}

/// What must follow an anchored literal path in a path that its line matches.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tail {
    /// Nothing, or anything below it (GitHub `/a/b`: a file, or a directory and its contents).
    ExactOrBelow,
    /// Anything below it (`/a/b/`: a directory's contents).
    Below,
    /// Nothing (GitLab `/a/b`: `fnmatch` matches the whole path).
    Exact,
    /// One more component, ending with the text (GitLab `/a/b/*.rb`).
    ChildEndingWith(String),
    /// Components below it, the last ending with the text (GitLab `/a/b/**/*.rb`).
    DeepEndingWith(String),
    /// A component below it ending with the text, and anything below that (GitHub
    /// `/a/b/*.rb`: a name matches a file, or a directory and its contents).
    ChildOrBelowEndingWith(String),
    /// Any component below it ending with the text, and anything below that (GitHub
    /// `/a/b/**/*.rb`).
    SomeBelowEndingWith(String),
}

impl Tail {
    /// Whether `rest`, what a path has after the literal path, is what the line needs.
    fn admits(&self, rest: &str) -> bool {
        let below = rest.strip_prefix('/');
        match self {
            Tail::ExactOrBelow => rest.is_empty() || below.is_some(),
            Tail::Below => below.is_some(),
            Tail::Exact => rest.is_empty(),
            Tail::ChildEndingWith(suffix) => {
                below.is_some_and(|name| !name.contains('/') && name.ends_with(suffix.as_str()))
            }
            Tail::DeepEndingWith(suffix) => below.is_some_and(|below| {
                below
                    .rsplit('/')
                    .next()
                    .is_some_and(|name| name.ends_with(suffix.as_str()))
            }),
            Tail::ChildOrBelowEndingWith(suffix) => below.is_some_and(|below| {
                below
                    .split('/')
                    .next()
                    .is_some_and(|name| name.ends_with(suffix.as_str()))
            }),
            Tail::SomeBelowEndingWith(suffix) => below
                .is_some_and(|below| below.split('/').any(|name| name.ends_with(suffix.as_str()))),
        }
    }
}

/// The extension `*.ext` names (`ext` has neither `.` nor `*`), if the text after the `*` is
/// `.ext`.
fn extension_of(after_star: &str) -> Option<&str> {
    after_star
        .strip_prefix('.')
        .filter(|ext| !ext.is_empty() && !ext.contains(['.', '*']))
}

impl Literals {
    /// Takes the `pattern` of `line` if it is one of the literal kinds of its flavour.
    fn add(&mut self, line: usize, pattern: &str, flavor: Flavor) -> bool {
        if pattern.contains(['?', '[', ']', '\\', '!']) || pattern.len() > MAX_PATTERN_LEN {
            return false;
        }
        let added = match flavor {
            Flavor::Github => self.add_github(line, pattern),
            Flavor::Gitlab => self.add_gitlab(line, pattern),
        };
        self.any |= added;
        added
    }

    fn add_github(&mut self, line: usize, pattern: &str) -> bool {
        let dir_only = pattern.ends_with('/');
        let body = pattern.trim_start_matches('/').trim_end_matches('/');
        if body.is_empty() || body.contains("//") {
            return false;
        }
        let anchored = pattern.starts_with('/') || body.contains('/');
        let stars = body.matches('*').count();
        if stars == 0 {
            if anchored {
                let tail = if dir_only {
                    Tail::Below
                } else {
                    Tail::ExactOrBelow
                };
                self.paths.insert(body, (line, tail));
            } else {
                self.names
                    .entry(body.to_string())
                    .or_default()
                    .push((line, dir_only));
            }
            true
        } else if stars == 1 && !anchored && !dir_only {
            match body.strip_prefix('*').and_then(extension_of) {
                Some(ext) => {
                    self.extensions
                        .entry(ext.to_string())
                        .or_default()
                        .push(line);
                    true
                }
                None => false,
            }
        } else if stars == 1 && anchored && !dir_only && body.ends_with("/*") {
            match body.strip_suffix("/*") {
                Some(dir) if !dir.is_empty() && !dir.contains('*') => {
                    self.children.entry(dir.to_string()).or_default().push(line);
                    true
                }
                _ => false,
            }
        } else if anchored && !dir_only {
            // `/a/b/*.rb` (a name below `a/b` ending so, and what is below it) and
            // `/a/b/**/*.rb` (any component below `a/b` ending so, and what is below it).
            let (dir, tail) = if let Some((dir, suffix)) = body.split_once("/**/*") {
                (dir, Tail::SomeBelowEndingWith(suffix.to_string()))
            } else if let Some((dir, suffix)) = body.rsplit_once("/*") {
                (dir, Tail::ChildOrBelowEndingWith(suffix.to_string()))
            } else {
                return false;
            };
            self.add_suffix(dir, (line, tail))
        } else {
            false
        }
    }

    /// Adds an anchored `dir` with a tail that ends with a suffix, if `dir` and the suffix are
    /// literal (a GitHub suffix also not empty: `/a/*` and `/a/**/*` are other kinds).
    fn add_suffix(&mut self, dir: &str, (line, tail): (usize, Tail)) -> bool {
        let suffix = match &tail {
            Tail::ChildEndingWith(s) | Tail::DeepEndingWith(s) => s,
            Tail::ChildOrBelowEndingWith(s) | Tail::SomeBelowEndingWith(s) if !s.is_empty() => s,
            _ => return false,
        };
        if dir.is_empty() || dir.contains('*') || suffix.contains(['*', '/']) {
            return false;
        }
        self.paths.insert(dir, (line, tail));
        true
    }

    /// GitLab's literal kinds (see [`gitlab_normalize`]): `/a/b` (the file only), `/a/b/`
    /// (everything below), `/a/b/*suffix` and `/a/b/**/*suffix`; unanchored, `name` (a last
    /// component), `name/` (a directory at any depth) and `*.ext` (a last component).
    fn add_gitlab(&mut self, line: usize, pattern: &str) -> bool {
        if pattern.contains("//") {
            return false;
        }
        let anchored = pattern.starts_with('/');
        let dir_only = pattern.ends_with('/');
        let body = pattern.strip_prefix('/').unwrap_or(pattern);
        let body = body.strip_suffix('/').unwrap_or(body);
        if body.is_empty() {
            return false;
        }
        if !body.contains('*') {
            if anchored {
                let tail = if dir_only { Tail::Below } else { Tail::Exact };
                self.paths.insert(body, (line, tail));
                return true;
            }
            if body.contains('/') {
                return false;
            }
            if dir_only {
                self.names
                    .entry(body.to_string())
                    .or_default()
                    .push((line, true));
            } else {
                self.leaf_names
                    .entry(body.to_string())
                    .or_default()
                    .push(line);
            }
            return true;
        }
        if dir_only {
            return false;
        }
        if !anchored {
            return match body.strip_prefix('*').and_then(extension_of) {
                Some(ext) => {
                    self.leaf_extensions
                        .entry(ext.to_string())
                        .or_default()
                        .push(line);
                    true
                }
                None => false,
            };
        }
        let (dir, tail) = if let Some((dir, suffix)) = body.split_once("/**/*") {
            (dir, Tail::DeepEndingWith(suffix.to_string()))
        } else if let Some((dir, suffix)) = body.rsplit_once("/*") {
            (dir, Tail::ChildEndingWith(suffix.to_string()))
        } else {
            return false;
        };
        self.add_suffix(dir, (line, tail))
    }

    /// Appends the lines whose literal pattern matches `path`.
    fn hits(&self, path: &str, out: &mut Vec<usize>) {
        self.paths.prefixes_of(path, |len, lines| {
            let rest = &path[len..];
            out.extend(
                lines
                    .iter()
                    .filter(|(_, tail)| tail.admits(rest))
                    .map(|(l, _)| *l),
            );
        });
        let leaf = path.rsplit('/').next().unwrap_or(path);
        if !self.names.is_empty() || !self.extensions.is_empty() {
            let mut components = path.split('/').peekable();
            while let Some(component) = components.next() {
                let is_dir = components.peek().is_some();
                if let Some(lines) = self.names.get(component) {
                    out.extend(lines.iter().filter(|(_, d)| is_dir || !d).map(|(l, _)| *l));
                }
                if let Some((_, ext)) = component.rsplit_once('.')
                    && let Some(lines) = self.extensions.get(ext)
                {
                    out.extend(lines.iter().copied());
                }
            }
        }
        if let Some(lines) = self.leaf_names.get(leaf) {
            out.extend(lines.iter().copied());
        }
        if let Some((_, ext)) = leaf.rsplit_once('.')
            && let Some(lines) = self.leaf_extensions.get(ext)
        {
            out.extend(lines.iter().copied());
        }
        if leaf.len() < path.len() && !leaf.is_empty() {
            let dir = &path[..path.len() - leaf.len() - 1];
            if let Some(lines) = self.children.get(dir) {
                out.extend(lines.iter().copied());
            }
        }
    }
}

impl Matcher {
    /// Compiles every line the platform reads. Patterns that do not compile are left out and
    /// reported by [`Matcher::compile_errors`].
    pub fn new(file: &Codeowners) -> Matcher {
        Self::build_with(file, true)
    }

    /// [`Matcher::new`], with the literal lookups on or off (off: every pattern in the set, as
    /// a test compares).
    fn build_with(file: &Codeowners, literals: bool) -> Matcher {
        let flavor = file.flavor;
        let mut matcher = Matcher {
            flavor,
            sets: Default::default(),
            set_lines: Vec::new(),
            kinds: Vec::new(),
            has_component: false,
            component_dirs: false,
            component_leaves: false,
            has_floating: false,
            group: Vec::with_capacity(file.lines.len()),
            negated: Vec::with_capacity(file.lines.len()),
            key: Vec::with_capacity(file.lines.len()),
            key_last: Vec::new(),
            errors: Vec::new(),
            over_budget: Vec::new(),
            literals: Literals::default(),
            memo: PathMemo::default(),
        };
        let mut keys: FxHashMap<(usize, String), usize> = FxHashMap::default();
        let mut candidates: Vec<(usize, Kind, String)> = Vec::new();
        for (index, line) in file.lines.iter().enumerate() {
            let group = file.canonical_section(line.section);
            matcher.group.push(group);
            matcher
                .negated
                .push(line.negated && flavor == Flavor::Gitlab);
            matcher.key.push(usize::MAX);
            if line.skipped || (line.negated && flavor == Flavor::Github) {
                continue;
            }
            let normalized = match flavor {
                Flavor::Github => None,
                Flavor::Gitlab => {
                    let normalized = gitlab_normalize(&line.pattern);
                    let next = matcher.key_last.len();
                    let id = *keys.entry((group, normalized.clone())).or_insert(next);
                    if id == next {
                        matcher.key_last.push(index);
                    } else {
                        matcher.key_last[id] = index;
                    }
                    matcher.key[index] = id;
                    Some(normalized)
                }
            };
            // A GitLab pattern is measured as normalised: one too long to compile is not
            // looked up either.
            let fits = normalized
                .as_ref()
                .is_none_or(|n| n.len() <= MAX_PATTERN_LEN);
            if literals && fits && matcher.literals.add(index, &line.pattern, flavor) {
                continue;
            }
            let compiled = match &normalized {
                None => github_compile(&line.pattern),
                Some(normalized) => gitlab_compile(normalized),
            };
            match compiled {
                Ok((kind, body)) => candidates.push((index, kind, kind.regex(&body))),
                Err(message) => matcher.errors.push((index, message)),
            }
        }
        matcher.build(candidates);
        matcher.errors.sort();
        matcher
    }

    fn build(&mut self, mut candidates: Vec<(usize, Kind, String)>) {
        // The set is kept for the run: each pattern is charged to the pattern budget, and one
        // it cannot pay for is left out (and reported by the walker).
        candidates.retain(|(line, _, regex)| {
            match crate::pattern_budget::charge_bytes(regex, SIZE_LIMIT) {
                Err(crate::pattern_budget::PatternError::OverBudget(reason)) => {
                    self.errors.push((*line, reason.clone()));
                    self.over_budget.push((*line, reason));
                    false
                }
                // An invalid pattern is found below, as before.
                _ => true,
            }
        });
        let syntax = Syntax {
            dot_matches_new_line: false,
            size_limit: SIZE_LIMIT,
        };
        for (slot, set) in self.sets.iter_mut().enumerate() {
            set.patterns = (0..candidates.len())
                .filter(|&i| candidates[i].1.slot() == slot)
                .collect();
            let regexes: Vec<&str> = set
                .patterns
                .iter()
                .map(|&i| candidates[i].2.as_str())
                .collect();
            set.index = RegexIndex::new(&regexes, syntax);
            self.errors.extend(
                set.index
                    .errors()
                    .iter()
                    .map(|(i, message)| (candidates[set.patterns[*i]].0, message.clone())),
            );
        }
        self.set_lines = candidates.iter().map(|(line, ..)| *line).collect();
        self.kinds = candidates.iter().map(|(_, kind, _)| *kind).collect();
        self.has_component = self.kinds.iter().any(|k| matches!(k, Kind::Component(_)));
        self.component_dirs = self
            .kinds
            .iter()
            .any(|k| matches!(k, Kind::Component(Depth::Any) | Kind::Component(Depth::Dir)));
        self.component_leaves = self.kinds.iter().any(|k| {
            matches!(
                k,
                Kind::Component(Depth::Any) | Kind::Component(Depth::Leaf)
            )
        });
        self.has_floating = self.kinds.contains(&Kind::Floating);
    }

    /// Lines whose pattern could not be compiled (and so never match), with the reason.
    pub fn compile_errors(&self) -> &[(usize, String)] {
        &self.errors
    }

    /// Lines whose pattern was left out because the pattern budget could not pay for it.
    pub fn over_budget(&self) -> &[(usize, String)] {
        &self.over_budget
    }

    /// Clears `out` and fills it with every line index, ascending, whose pattern matches the
    /// repository-relative `path` (lines the platform skips are never included).
    pub fn matching_lines(&self, path: &str, out: &mut Vec<usize>) {
        out.clear();
        let path = path.strip_prefix('/').unwrap_or(path);
        let mut lines = Vec::new();
        self.memo.get_or_compute(path, &mut lines, |lines| {
            let mut computed = Vec::new();
            self.compute_matching_lines(path, &mut computed);
            lines.extend(computed.into_iter().map(|line| line as u32));
        });
        out.extend(lines.into_iter().map(|line| line as usize));
    }

    /// [`Self::matching_lines`] computed, for a path without a leading `/`.
    fn compute_matching_lines(&self, path: &str, out: &mut Vec<usize>) {
        if self.literals.any && !path.is_empty() {
            self.literals.hits(path, out);
        }
        if self.sets.iter().all(|set| set.index.is_empty()) {
            out.sort_unstable();
            out.dedup();
            return;
        }
        let path = path.as_bytes();
        let mut hits = Vec::new();
        let mut found = Vec::new();
        let mut haystack = Vec::with_capacity(path.len() + 1);
        let mut run = |kind: Kind, text: &[u8], found: &mut Vec<usize>| {
            haystack.clear();
            haystack.push(kind.tag() as u8);
            haystack.extend_from_slice(text);
            found.clear();
            let set = &self.sets[kind.slot()];
            set.index.matches(&haystack, found);
            for i in found.iter_mut() {
                *i = set.patterns[*i];
            }
        };
        run(Kind::Anchored, path, &mut found);
        hits.append(&mut found);
        if self.has_component {
            let count = path.split(|&b| b == b'/').count();
            for (i, component) in path.split(|&b| b == b'/').enumerate() {
                let last = i + 1 == count;
                if !(if last {
                    self.component_leaves
                } else {
                    self.component_dirs
                }) {
                    continue;
                }
                run(Kind::Component(Depth::Any), component, &mut found);
                hits.extend(found.iter().copied().filter(|&p| match self.kinds[p] {
                    Kind::Component(Depth::Any) => true,
                    Kind::Component(Depth::Dir) => !last,
                    Kind::Component(Depth::Leaf) => last,
                    _ => false,
                }));
            }
        }
        if self.has_floating {
            // One search: a floating pattern's regex tries every component start itself.
            run(Kind::Floating, path, &mut found);
            hits.append(&mut found);
        }
        out.extend(hits.into_iter().map(|i| self.set_lines[i]));
        out.sort_unstable();
        out.dedup();
    }

    /// The line that decides `path` in each section, by section: on GitHub the last matching
    /// line (at most one); on GitLab, per combined section, the last matching entry, unless a
    /// matching `!` exclusion removes the path from that section. A deciding line with no owners
    /// leaves the path without owners (in that section).
    pub fn decide(&self, path: &str) -> Vec<usize> {
        let mut matching = Vec::new();
        self.matching_lines(path, &mut matching);
        self.decide_among(&matching)
    }

    /// [`Self::decide`] for a path whose matching lines (from [`Self::matching_lines`]) are
    /// `matching`.
    pub fn decide_among(&self, matching: &[usize]) -> Vec<usize> {
        match self.flavor {
            Flavor::Github => matching.last().copied().into_iter().collect(),
            Flavor::Gitlab => {
                // (section, excluded, the deciding line: the last line of the latest entry),
                // and where each section is in that list: a path matching lines of thousands of
                // sections costs one lookup per line.
                let mut sections: Vec<(usize, bool, usize)> = Vec::new();
                let mut position: FxHashMap<usize, usize> = FxHashMap::default();
                for &line in matching {
                    let last = self.key_last[self.key[line]];
                    let group = self.group[line];
                    match position.get(&group) {
                        Some(&at) => {
                            let section = &mut sections[at];
                            section.1 |= self.negated[last];
                            section.2 = section.2.max(last);
                        }
                        None => {
                            position.insert(group, sections.len());
                            sections.push((group, self.negated[last], last));
                        }
                    }
                }
                sections.sort_unstable();
                sections.into_iter().filter(|s| !s.1).map(|s| s.2).collect()
            }
        }
    }
}

/// How a compiled pattern is run against a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Against the whole path.
    Anchored,
    /// Against each component of the path.
    Component(Depth),
    /// Against the path from the start of any of its components on.
    Floating,
}

/// Which component a name must match for its line to match the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Depth {
    /// Any: a GitHub name matches a file or a directory, and everything below it.
    Any,
    /// A directory: a name with a trailing `/`.
    Dir,
    /// The last: a GitLab name (`fnmatch` matches the whole path).
    Leaf,
}

/// Patterns of one [`Kind`] compiled together, and each one's place among all the compiled
/// patterns.
#[derive(Debug, Default)]
struct KindSet {
    index: RegexIndex,
    patterns: Vec<usize>,
}

impl Kind {
    /// Which of [`Matcher`]'s sets holds this kind of pattern.
    fn slot(self) -> usize {
        match self {
            Kind::Anchored => 0,
            Kind::Component(_) => 1,
            Kind::Floating => 2,
        }
    }

    /// The regex of a pattern of this kind, from the regex of its body: the tag, then the
    /// body over the whole haystack; a floating body from the start of any component (trying
    /// each component's start in the one search, rather than searching each suffix of the
    /// path, which costs the square of a deep path's length).
    fn regex(self, body: &str) -> String {
        match self {
            Kind::Floating => format!(r"\A{}(?s-u:(?:.*/)?){body}\z", self.tag()),
            _ => format!(r"\A{}{body}\z", self.tag()),
        }
    }

    /// The first byte of the haystacks this kind of pattern is run on.
    fn tag(self) -> char {
        match self {
            Kind::Anchored => 'a',
            Kind::Component(_) => 'c',
            Kind::Floating => 'f',
        }
    }
}

/// A pattern's pieces.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Lit(char),
    Star,
    Quest,
    Slash,
    /// A character class, already in regex syntax (GitLab).
    Class(String),
}

fn tokenize(pattern: &str, classes: bool) -> Result<Vec<Tok>, String> {
    let mut toks = Vec::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        toks.push(match c {
            '\\' => Tok::Lit(chars.next().unwrap_or('\\')),
            '*' => Tok::Star,
            '?' => Tok::Quest,
            '/' => Tok::Slash,
            '[' if classes => Tok::Class(class(&mut chars)?),
            c => Tok::Lit(c),
        });
    }
    Ok(toks)
}

/// A `[...]` class of Ruby's `fnmatch` (after its `[`), as a regex class that never matches `/`
/// (`FNM_PATHNAME`).
fn class(chars: &mut std::iter::Peekable<std::str::Chars>) -> Result<String, String> {
    let negated = chars.next_if(|&c| c == '!' || c == '^').is_some();
    let mut items = String::new();
    loop {
        let c = match chars.next() {
            None => {
                return Err("unterminated `[` character class: GitLab never matches it".into());
            }
            Some(']') => break,
            Some('\\') => chars
                .next()
                .ok_or("unterminated `[` character class: GitLab never matches it")?,
            Some(c) => c,
        };
        let mut high = c;
        if chars.peek() == Some(&'-') {
            let mut ahead = chars.clone();
            ahead.next();
            match ahead.next() {
                Some(']') | None => {}
                Some(h) => {
                    chars.next();
                    chars.next();
                    high = if h == '\\' {
                        chars
                            .next()
                            .ok_or("unterminated `[` character class: GitLab never matches it")?
                    } else {
                        h
                    };
                }
            }
        }
        if high < c {
            return Err(format!(
                "the character range `{c}-{high}` is reversed: GitLab never matches it"
            ));
        }
        items.push_str(&format!("\\x{{{:X}}}-\\x{{{:X}}}", c as u32, high as u32));
    }
    if negated {
        Ok(format!("[^/{items}]"))
    } else if items.is_empty() {
        Err("an empty `[]` character class never matches".into())
    } else {
        Ok(format!("[{items}&&[^/]]"))
    }
}

/// The regex of one path component's tokens.
fn component(toks: &[Tok], out: &mut String) {
    for tok in toks {
        match tok {
            Tok::Lit(c) => crate::dialect::glob::push_literal(out, *c),
            Tok::Star => out.push_str("(?-u:[^/]*)"),
            Tok::Quest => out.push_str("[^/]"),
            Tok::Class(class) => out.push_str(class),
            Tok::Slash => out.push('/'),
        }
    }
}

fn check_length(pattern: &str) -> Result<(), String> {
    if pattern.len() > MAX_PATTERN_LEN {
        Err(format!(
            "the pattern is {} long, over {MAX_PATTERN_LEN}: it is not compiled",
            crate::plural::count(pattern.len(), "byte", "bytes")
        ))
    } else {
        Ok(())
    }
}

/// A path component of a GitHub pattern, after its leading and trailing slashes are read.
enum Seg<'a> {
    /// `**`
    Globstar,
    /// A component that is only `*` (or `***`...).
    Lone,
    /// Any other component; `true` when it ends the pattern (it then covers what is below it).
    Name(&'a [Tok], bool),
}

/// How a GitHub pattern is run, and its regex (without the tag and anchors); see the module docs
/// for the rules.
fn github_compile(pattern: &str) -> Result<(Kind, String), String> {
    check_length(pattern)?;
    if pattern.is_empty() {
        return Err("an empty pattern never matches".into());
    }
    let toks = tokenize(pattern, false)?;
    let anchored = toks.first() == Some(&Tok::Slash);
    let body = if anchored { &toks[1..] } else { &toks[..] };
    if body.is_empty() {
        return Err("the pattern `/` never matches anything (`*` matches every file)".into());
    }
    let stars = |s: &[Tok]| !s.is_empty() && s.iter().all(|t| *t == Tok::Star);
    let parts: Vec<&[Tok]> = body.split(|t| *t == Tok::Slash).collect();
    let trailing = parts.len() > 1 && parts.last().is_some_and(|p| p.is_empty());
    let names = if trailing {
        &parts[..parts.len() - 1]
    } else {
        &parts[..]
    };
    let mut segs: Vec<Seg> = Vec::with_capacity(names.len() + 2);
    // One name, no leading slash: it matches at any depth ("a leading **/").
    if !anchored && names.len() == 1 && !(names[0].len() == 2 && stars(names[0])) {
        segs.push(Seg::Globstar);
    }
    for name in names {
        let seg = if name.len() == 2 && stars(name) {
            Seg::Globstar
        } else if stars(name) {
            Seg::Lone
        } else {
            Seg::Name(name, false)
        };
        // `**/**` is one `**`.
        if matches!(seg, Seg::Globstar) && matches!(segs.last(), Some(Seg::Globstar)) {
            continue;
        }
        segs.push(seg);
    }
    if trailing && !matches!(segs.last(), Some(Seg::Globstar)) {
        segs.push(Seg::Globstar);
    }
    if let Some(Seg::Name(_, last)) = segs.last_mut() {
        *last = true;
    }
    let mut re = String::new();
    let kind = match &segs[..] {
        [Seg::Globstar, name] | [Seg::Globstar, name, Seg::Globstar] => {
            // `**/name` and `**/name/`: a component named so, anywhere (and what is below it).
            match name {
                Seg::Name(toks, _) => component(toks, &mut re),
                // `*` (`**/**` is collapsed before).
                _ => re.push_str("(?-u:[^/]+)"),
            }
            Kind::Component(if segs.len() == 2 {
                Depth::Any
            } else {
                Depth::Dir
            })
        }
        [Seg::Globstar, rest @ ..] if !rest.is_empty() => {
            github_emit(rest, &mut re);
            Kind::Floating
        }
        _ => {
            github_emit(&segs, &mut re);
            Kind::Anchored
        }
    };
    Ok((kind, re))
}

/// The regex of GitHub segments matched from the start of a path (after hmarr/codeowners).
fn github_emit(segs: &[Seg], re: &mut String) {
    let count = segs.len();
    let mut need_slash = false;
    for (i, seg) in segs.iter().enumerate() {
        match seg {
            Seg::Globstar if count == 1 => re.push_str("(?s-u:.+)"),
            Seg::Globstar if i == 0 => {
                re.push_str("(?s-u:(?:.+/)?)");
                need_slash = false;
            }
            Seg::Globstar if i == count - 1 => re.push_str("/(?s-u:.*)"),
            Seg::Globstar => {
                re.push_str("(?s-u:(?:/.+)?)");
                need_slash = true;
            }
            Seg::Lone => {
                if need_slash {
                    re.push('/');
                }
                re.push_str("(?-u:[^/]+)");
                need_slash = true;
            }
            Seg::Name(toks, last) => {
                if need_slash {
                    re.push('/');
                }
                component(toks, re);
                if *last {
                    // A name also matches everything below a directory of that name.
                    re.push_str("(?s-u:(?:/.*)?)");
                }
                need_slash = true;
            }
        }
    }
}

/// GitLab's normalisation of a pattern (`normalize_pattern` in `code_owners/file.rb`), applied
/// to [`crate::dialect::codeowners::Line::pattern`] (already unescaped).
pub fn gitlab_normalize(pattern: &str) -> String {
    if pattern == "*" {
        return "/**/*".to_string();
    }
    let mut normalized = if pattern.starts_with('/') {
        pattern.to_string()
    } else {
        format!("/**/{pattern}")
    };
    if normalized.ends_with('/') {
        normalized.push_str("**/*");
    }
    normalized
}

/// How a normalised GitLab pattern is run under `fnmatch(FNM_PATHNAME | FNM_DOTMATCH)`, and its
/// regex (without the tag and anchors), for paths without their leading `/`.
fn gitlab_compile(normalized: &str) -> Result<(Kind, String), String> {
    check_length(normalized)?;
    let toks = tokenize(normalized.strip_prefix('/').unwrap_or(normalized), true)?;
    let globstar = |part: &[Tok]| part == [Tok::Star, Tok::Star];
    let parts: Vec<&[Tok]> = toks.split(|t| *t == Tok::Slash).collect();
    let mut re = String::new();
    if parts.len() > 1 && globstar(parts[0]) {
        // `/**/rest`: `**/` is zero or more directories, `**/**/` the same.
        let mut rest = &parts[1..];
        while rest.len() > 1 && globstar(rest[0]) {
            rest = &rest[1..];
        }
        return Ok(match rest {
            // `name`: the last component.
            [name] => {
                component(name, &mut re);
                (Kind::Component(Depth::Leaf), re)
            }
            // `name/` (normalised to `name/**/*`): a directory component, and all below it.
            [name, any, last] if globstar(any) && *last == [Tok::Star] => {
                component(name, &mut re);
                (Kind::Component(Depth::Dir), re)
            }
            _ => {
                gitlab_emit(rest, &mut re);
                (Kind::Floating, re)
            }
        });
    }
    gitlab_emit(&parts, &mut re);
    Ok((Kind::Anchored, re))
}

/// The regex of `fnmatch` components matched from the start of a path.
fn gitlab_emit(parts: &[&[Tok]], re: &mut String) {
    for (i, part) in parts.iter().enumerate() {
        let last = i == parts.len() - 1;
        if !last && *part == [Tok::Star, Tok::Star] {
            // `**/`: zero or more directories.
            re.push_str("(?-u:(?:[^/]*/)*)");
            continue;
        }
        component(part, re);
        if !last {
            re.push('/');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::codeowners::parse;
    use crate::source::SourceFile;

    fn matcher(text: &str, flavor: Flavor) -> (Codeowners, Matcher) {
        let mut out = Vec::new();
        let file = parse(&SourceFile::new("CODEOWNERS", text), flavor, &mut out);
        let m = Matcher::new(&file);
        (file, m)
    }

    fn matches(pattern: &str, path: &str, flavor: Flavor) -> bool {
        let (_, m) = matcher(&format!("{pattern} @o\n"), flavor);
        let mut lines = Vec::new();
        m.matching_lines(path, &mut lines);
        lines == [0]
    }

    fn github(pattern: &str, path: &str) -> bool {
        matches(pattern, path, Flavor::Github)
    }

    fn gitlab(pattern: &str, path: &str) -> bool {
        matches(pattern, path, Flavor::Gitlab)
    }

    #[test]
    fn github_patterns() {
        assert!(github("foo", "foo"));
        assert!(github("foo", "a/foo/b"));
        assert!(!github("foo", "foobar"));
        assert!(github("foo/bar", "foo/bar/baz"));
        assert!(!github("foo/bar", "x/foo/bar"));
        assert!(github("docs/*", "docs/a.md"));
        assert!(!github("docs/*", "docs/sub/b.md"));
        assert!(github("foo/*/baz", "foo/bar/baz/qux"));
        assert!(github("**", "a/b"));
        assert!(github("**/", "a/b"));
        assert!(github("**.rs", "src/main.rs"));
        assert!(github("/**/x", "x"));
        assert!(github("a/**/b", "a/b"));
        assert!(github("a/**/b", "a/x/y/b"));
        assert!(!github("foo/", "foo"));
        assert!(github("f?o", "f\u{e9}o"));
        assert!(github("f\\*o", "f*o"));
        assert!(!github("f\\*o", "foo"));
        assert!(github("**/foo/bar", "x/foo/bar/baz"));
        assert!(github("**/foo/bar", "foo/bar"));
        assert!(!github("**/foo/bar", "xfoo/bar"));
        assert!(github("foo/", "a/foo/b"));
        assert!(github("*/", "a/b"));
        assert!(!github("*/", "a"));
        assert!(github_compile("/").is_err());
    }

    #[test]
    fn gitlab_patterns() {
        assert!(gitlab("*", "a/b/.c"));
        assert!(gitlab("README.md", "a/b/README.md"));
        assert!(gitlab("internal/README.md", "docs/internal/README.md"));
        assert!(!gitlab("docs", "docs/a.md"), "fnmatch needs the whole path");
        assert!(gitlab("docs/", "x/docs/a/b.md"));
        assert!(gitlab("/docs/*", "docs/a"));
        assert!(!gitlab("/docs/*", "docs/a/b"));
        assert!(!gitlab("/docs/**", "docs/a/b"), "a final ** is a *");
        assert!(gitlab("/docs/**/index.md", "docs/index.md"));
        assert!(gitlab("/db/*migrate/", "db/post_migrate/x.rb"));
        assert!(gitlab("*.[ch]", "src/x.h"));
        assert!(!gitlab("*.[!ch]", "src/x.h"));
        assert!(gitlab("*.[!ch]", "src/x.o"));
        assert!(gitlab("/", "anything/at/all"));
        assert!(gitlab("a/b", "x/a/b"));
        assert!(!gitlab("a/b", "x/a/b/c"));
        assert!(!gitlab("a/b", "xa/b"));
        assert!(gitlab("docs/**/*.md", "x/docs/a/b.md"));
        assert!(gitlab_compile(&gitlab_normalize("a[b")).is_err());
        assert!(gitlab_compile(&gitlab_normalize("[z-a]")).is_err());
    }

    #[test]
    fn patterns_are_run_the_cheapest_way_that_keeps_their_meaning() {
        let gh = |p: &str| github_compile(p).unwrap().0;
        assert_eq!(gh("*.js"), Kind::Component(Depth::Any));
        assert_eq!(gh("**/logs"), Kind::Component(Depth::Any));
        assert_eq!(gh("apps/"), Kind::Component(Depth::Dir));
        assert_eq!(gh("**/a/b"), Kind::Floating);
        assert_eq!(gh("a/b"), Kind::Anchored);
        assert_eq!(gh("/a"), Kind::Anchored);
        let gl = |p: &str| gitlab_compile(&gitlab_normalize(p)).unwrap().0;
        assert_eq!(gl("*"), Kind::Component(Depth::Leaf));
        assert_eq!(gl("README.md"), Kind::Component(Depth::Leaf));
        assert_eq!(gl("lib/"), Kind::Component(Depth::Dir));
        assert_eq!(gl("internal/README.md"), Kind::Floating);
        assert_eq!(gl("/docs/*"), Kind::Anchored);
    }

    #[test]
    fn github_last_match_wins_and_skipped_lines_never_match() {
        let text = "* @all\n!*.md @nobody\n*.rs @rust\n/apps/ @octocat\n/apps/github\n";
        let (_, m) = matcher(text, Flavor::Github);
        let mut lines = Vec::new();
        m.matching_lines("apps/x.rs", &mut lines);
        assert_eq!(lines, [0, 2, 3]);
        assert_eq!(m.decide("apps/x.rs"), [3]);
        assert_eq!(m.decide("apps/github/x"), [4]);
        assert_eq!(m.decide("README.md"), [0], "the `!` line is skipped");
    }

    #[test]
    fn gitlab_sections_exclusions_and_duplicates() {
        let text = "* @all\n!pom.xml\n[Ruby] @ruby\n*.rb\n!/config/**/*.rb\n/config/routes.rb @ops\n[Docs]\ndocs/ @a\ndocs/x.md @b\ndocs/ @c\n[ruby]\n/lib/ @lib\n";
        let (file, m) = matcher(text, Flavor::Gitlab);
        assert!(m.compile_errors().is_empty(), "{:?}", m.compile_errors());
        assert_eq!(m.decide("pom.xml"), Vec::<usize>::new());
        assert_eq!(m.decide("app/x.rb"), [0, 2]);
        assert_eq!(m.decide("config/routes.rb"), [0], "excluded from [Ruby]");
        // `docs/` twice: one entry, the last line, which comes after `docs/x.md`.
        assert_eq!(m.decide("docs/x.md"), [0, 7]);
        assert_eq!(m.decide("docs/y.md"), [0, 7]);
        assert_eq!(file.lines[7].owners[0].text, "@c");
        // [ruby] is [Ruby]: /lib/ comes later in the combined section.
        assert_eq!(m.decide("lib/a.rb"), [0, 8]);
    }

    #[test]
    fn bad_patterns_are_reported_not_compiled() {
        let long = format!("/{} @a\n", "x".repeat(MAX_PATTERN_LEN + 1));
        let text = format!("/ @a\n{long}ok @b\n");
        let (_, m) = matcher(&text, Flavor::Github);
        let lines: Vec<usize> = m.compile_errors().iter().map(|e| e.0).collect();
        assert_eq!(lines, [0, 1]);
        assert_eq!(m.decide("x/ok"), [2]);
    }

    #[test]
    fn literal_lookups_answer_as_the_patterns_do() {
        let patterns = [
            "a",
            "/a",
            "a/",
            "/a/",
            "a/b",
            "/a/b",
            "/a/b/",
            "a/b/",
            "b",
            "b/",
            "*.rs",
            "*.b",
            "/a/*",
            "a/b/*",
            "c.rs",
            "/c.rs",
            "a/b/c.rs",
            ".hidden",
            "x/a/",
            "/a/*.rs",
            "a/*b",
            "/a/**/*.rs",
            "a/b/**/*c.rs",
            "/x/*a",
        ];
        // Every pattern of the list is of a literal kind: the lookups were really compared.
        assert_eq!(
            lookups_agree_with_regexes(Flavor::Github, &patterns),
            patterns.len()
        );
    }

    /// GitLab's literal kinds answer as `fnmatch` does: `/a/b` is the file only, `name` a last
    /// component, `/a/*.rb` one level down, `/a/**/*.rb` any level down.
    #[test]
    fn gitlab_literal_lookups_answer_as_the_patterns_do() {
        let patterns = [
            "/a",
            "/a/",
            "/a/b",
            "/a/b/",
            "a/",
            "b/",
            "c.rs",
            ".hidden",
            "*.rs",
            "*.b",
            "/a/*",
            "/a/*.rs",
            "/a/b/*",
            "/a/*b",
            "/a/**/*",
            "/a/**/*.rs",
            "/a/b/**/*c.rs",
            "/x/a/",
        ];
        assert_eq!(
            lookups_agree_with_regexes(Flavor::Gitlab, &patterns),
            patterns.len()
        );
        // The kinds that are not literal stay with the regexes.
        for pattern in [
            "a/b", "*", "/*.rs", "/a/*/b", "/a/**/", "/a/b*/c", "/a//b", "/[ab]",
        ] {
            let text = format!("{pattern} @owner\n");
            let source = SourceFile::new("CODEOWNERS", text.as_str());
            let file = crate::dialect::codeowners::parse(&source, Flavor::Gitlab, &mut Vec::new());
            assert!(!Matcher::new(&file).literals.any, "{pattern}");
        }
    }

    /// Asserts that each of `patterns`, alone in a file, gives every path of [`LITERAL_PATHS`]
    /// the same lines looked up as matched by its regex; returns how many were looked up.
    fn lookups_agree_with_regexes(flavor: Flavor, patterns: &[&str]) -> usize {
        let mut looked_up = 0;
        for pattern in patterns {
            let text = format!("{pattern} @owner\n");
            let source = SourceFile::new("CODEOWNERS", text.as_str());
            let file = crate::dialect::codeowners::parse(&source, flavor, &mut Vec::new());
            let fast = Matcher::build_with(&file, true);
            let slow = Matcher::build_with(&file, false);
            looked_up += usize::from(fast.literals.any);
            assert!(!slow.literals.any);
            for path in LITERAL_PATHS {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                fast.matching_lines(path, &mut a);
                slow.matching_lines(path, &mut b);
                assert_eq!(a, b, "`{pattern}` on `{path}`");
            }
        }
        looked_up
    }

    const LITERAL_PATHS: [&str; 24] = [
        "a",
        "a/b",
        "a/b/c.rs",
        "x/a/y",
        "b.rs",
        "a.rs",
        "x/a",
        "a/b.rs",
        "b/a",
        "c.rs",
        "x/c.rs",
        "a/b/c/d.rs",
        "ab",
        "a/bb",
        "x.b/y",
        ".hidden",
        "d/.hidden/e",
        "x/a/z/w",
        "a/.rs",
        "a/b/xc.rs",
        "a/b/c/c.rs/e",
        "a/b/x/yc.rs",
        "a/xb/y",
        "x/ya/z",
    ];

    proptest::proptest! {
        /// Whichever patterns are looked up rather than matched, every path gets the lines the
        /// regexes alone give it, in both flavours (sections, exclusions and duplicates
        /// included).
        #[test]
        fn literal_lookups_agree_with_the_regexes(
            lines in proptest::collection::vec(
                proptest::sample::select(vec![
                    "*", "a", "/a", "a/", "/a/", "/a/b", "/a/b/", "a/b", "*.rs", "/a/*", "a/*",
                    "/a/*.rs", "/a/**/*.rs", "/a/**/*", "**/b", "b/**", "a/**/c.rs", "[ab]/x",
                    "!/a/b", "!a/", "[S]", "^[T][2] @t", "c.rs", "?.rs", "/b/*c.rs", "b/",
                ]),
                1..14,
            ),
            paths in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec!["a", "b", "c.rs", "x", "a.rs", ".rs"]),
                    1..5,
                ),
                1..12,
            ),
            gitlab in proptest::bool::ANY,
        ) {
            let flavor = if gitlab { Flavor::Gitlab } else { Flavor::Github };
            let text = crate::dialect::codeowners::text_of_lines(&lines);
            let source = SourceFile::new("CODEOWNERS", text.as_str());
            let file = crate::dialect::codeowners::parse(&source, flavor, &mut Vec::new());
            let fast = Matcher::build_with(&file, true);
            let slow = Matcher::build_with(&file, false);
            for parts in &paths {
                let path = parts.join("/");
                let (mut a, mut b) = (Vec::new(), Vec::new());
                fast.matching_lines(&path, &mut a);
                slow.matching_lines(&path, &mut b);
                proptest::prop_assert_eq!(&a, &b, "{}", path);
                proptest::prop_assert_eq!(fast.decide(&path), slow.decide(&path), "{}", path);
            }
        }
    }

    proptest::proptest! {
        /// The memoised lines of a path, asked twice (with and without a leading `/`), are
        /// the computed ones, in both flavours.
        #[test]
        fn memoised_lines_agree_with_computed_ones(
            lines in proptest::collection::vec(
                proptest::sample::select(vec![
                    "*", "a", "/a", "a/", "/a/b", "*.rs", "a/*", "**/b", "b/**", "a/**/c.rs",
                    "[ab]/x", "!a/b", "[S]", "^[T][2] @t", "c.rs", "?.rs",
                ]),
                1..12,
            ),
            paths in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec!["a", "b", "c.rs", "x", "a.rs"]),
                    1..5,
                ),
                1..12,
            ),
            gitlab in proptest::bool::ANY,
        ) {
            let flavor = if gitlab { Flavor::Gitlab } else { Flavor::Github };
            let text = crate::dialect::codeowners::text_of_lines(&lines);
            let (_, m) = matcher(&text, flavor);
            for round in 0..2 {
                for parts in &paths {
                    let path = parts.join("/");
                    let asked = if round == 0 { path.clone() } else { format!("/{path}") };
                    let mut computed = Vec::new();
                    m.compute_matching_lines(&path, &mut computed);
                    let mut memoised = vec![usize::MAX];
                    m.matching_lines(&asked, &mut memoised);
                    proptest::prop_assert_eq!(&memoised, &computed, "{}", asked);
                }
            }
        }
    }
}
