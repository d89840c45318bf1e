//! Plain-text OWNERS (Chromium / Gerrit style) lowered into directory-scoped areas: the emails
//! (and `*`) are approvers, `set noparent` stops inheritance, `per-file` lines become filters,
//! and `file://` / `include` directives are followed inside the repository (at the same
//! revision), memoised, with cycle and depth detection. Names that come from an included file
//! carry the span of the directive that brought them in.
//!
//! Includes are hostile input: a chain of files that each include the next twice would copy
//! the last file's lines once per path through the chain (2^n times). So each file is expanded
//! once per directive kind (memoised), an expansion holds each owner and each `per-file` line
//! once, and everything includes bring in over a run is counted against one budget,
//! [`MAX_INCLUDED_ENTRIES`]: past it, a directive is not followed and is reported where it
//! stands.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::diagnostics::Diagnostic;
use crate::dialect::chromium::{ChromiumFile, Include, IncludeKind, IncludeTarget, glob_regex};
use crate::model::{Dialect, Filter, NameRef, OwnersFile, Scope};
use crate::rules::{
    include_cycle, include_missing, include_other_repository, include_outside_repository,
    parse_error,
};

/// Includes nested deeper than this are not followed (reported instead).
pub const MAX_INCLUDE_DEPTH: usize = 32;

/// The most owners and `per-file` lines that includes may bring in over one run, counting each
/// expansion once and each copy into an including file: far above a real tree (Chromium's
/// thousands of OWNERS files bring in tens of thousands), far below what exhausts memory.
pub const MAX_INCLUDED_ENTRIES: usize = 1_000_000;

/// What loading an included file gives.
pub enum Loaded {
    File(ChromiumFile),
    /// Not a tracked file at this revision.
    Missing,
}

/// An included `per-file` line: its globs, its owners, and whether it sets `noparent`. (Its
/// spans are those of the included file; in the including file it is located at the directive.)
type IncludedPerFile = (Vec<String>, Vec<String>, bool);

/// What an included file contributes: its owners (with those of its own includes), and for an
/// `include` directive its `per-file` lines (their own `file:` grants resolved) and its `set
/// noparent` too. Gerrit's find-owners backend: "To also import `per-file` rules and any `set
/// noparent` line use the `include` keyword instead"; the `file:` keyword ignores both "in the
/// directly or indirectly included files", and "recursive imports are being resolved".
#[derive(Default)]
struct Expanded {
    owners: Vec<String>,
    per_file: Vec<IncludedPerFile>,
    /// The included file, or one it `include`s, says `set noparent` (`include` only).
    no_parent: bool,
}

/// Lowers Chromium OWNERS files, loading included files through `load`.
pub struct Lowering<'a> {
    load: Box<dyn FnMut(&str) -> Loaded + 'a>,
    files: HashMap<String, Option<Rc<ChromiumFile>>>,
    /// Expansions by target and directive kind (`include` brings `per-file` lines too).
    expanded: HashMap<(String, bool), Rc<Expanded>>,
    /// What includes may still bring in, of `budget_total` (see [`MAX_INCLUDED_ENTRIES`]).
    budget: usize,
    budget_total: usize,
    /// The directives (file, span) already reported for the budget.
    refused: HashSet<(String, crate::source::Span)>,
}

impl<'a> Lowering<'a> {
    pub fn new(load: impl FnMut(&str) -> Loaded + 'a) -> Self {
        Lowering {
            load: Box::new(load),
            files: HashMap::new(),
            expanded: HashMap::new(),
            budget: MAX_INCLUDED_ENTRIES,
            budget_total: MAX_INCLUDED_ENTRIES,
            refused: HashSet::new(),
        }
    }

    /// A lowering with a smaller include budget (for tests).
    pub fn with_budget(load: impl FnMut(&str) -> Loaded + 'a, budget: usize) -> Self {
        Lowering {
            budget,
            budget_total: budget,
            ..Lowering::new(load)
        }
    }

    /// Takes `cost` entries from the budget for what `include` brings into `from`; when the
    /// budget cannot pay, reports the directive and leaves the budget as it was.
    fn charge(
        &mut self,
        from: &str,
        include: &Include,
        cost: usize,
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        if let Some(left) = self.budget.checked_sub(cost) {
            self.budget = left;
            return true;
        }
        if !self.refused.insert((from.to_string(), include.span)) {
            return false;
        }
        let total = self.budget_total;
        out.push(
            Diagnostic::new(
                parse_error::RULE.name,
                format!(
                    "`{}` is not followed: the includes of this repository bring in more than \
                     {}",
                    include.raw,
                    crate::plural::count(
                        total,
                        "owner or per-file line",
                        "owners and per-file lines"
                    )
                ),
            )
            .at(from, include.span)
            .label("include budget exhausted")
            .help(
                "include fewer or smaller files; the owners this directive names are not checked",
            ),
        );
        false
    }

    /// The area an OWNERS file declares, its includes followed.
    pub fn lower(&mut self, file: ChromiumFile, out: &mut Vec<Diagnostic>) -> OwnersFile {
        let mut approvers: Vec<NameRef> = file.owners.clone();
        let mut no_parent = file.no_parent;
        let mut stack = vec![file.path.clone()];
        for include in &file.includes {
            if let Some(expanded) = self.follow(&file.path, include, &mut stack, out)
                && self.charge(&file.path, include, expanded.owners.len(), out)
            {
                no_parent |= expanded.no_parent;
                approvers.extend(
                    expanded
                        .owners
                        .iter()
                        .map(|n| NameRef::new(n, include.span)),
                );
            }
        }
        let mut filters = Vec::new();
        for per_file in &file.per_file {
            let mut owners = per_file.owners.clone();
            for include in &per_file.includes {
                if let Some(expanded) = self.follow(&file.path, include, &mut stack, out)
                    && self.charge(&file.path, include, expanded.owners.len(), out)
                {
                    owners.extend(
                        expanded
                            .owners
                            .iter()
                            .map(|n| NameRef::new(n, include.span)),
                    );
                }
            }
            filters.push(filter(
                &file.path,
                &per_file.globs,
                per_file.span,
                owners,
                per_file.no_parent,
                out,
            ));
        }
        // Each included `per-file` line once, however many directives bring it in.
        let mut seen: HashSet<IncludedPerFile> = HashSet::new();
        for include in file
            .includes
            .iter()
            .filter(|i| i.kind == IncludeKind::IncludeDirective)
        {
            if let Some(expanded) = self.follow(&file.path, include, &mut stack, out) {
                let new: Vec<&IncludedPerFile> = expanded
                    .per_file
                    .iter()
                    .filter(|line| seen.insert((*line).clone()))
                    .collect();
                if !self.charge(&file.path, include, new.len(), out) {
                    continue;
                }
                for (globs, owners, no_parent) in new {
                    let owners = owners
                        .iter()
                        .map(|n| NameRef::new(n, include.span))
                        .collect();
                    let globs: Vec<_> = globs.iter().map(|g| (g.clone(), include.span)).collect();
                    filters.push(filter(
                        &file.path,
                        &globs,
                        include.span,
                        owners,
                        *no_parent,
                        out,
                    ));
                }
            }
        }
        OwnersFile {
            path: file.path.clone(),
            dir: file.dir.clone(),
            dialect: Dialect::Chromium,
            scope: Scope::Directory,
            approvers,
            no_parent_owners: no_parent,
            filters,
            external_includes: file
                .includes
                .iter()
                .chain(file.per_file.iter().flat_map(|p| &p.includes))
                .filter(|i| !matches!(i.target, IncludeTarget::InRepo(_)))
                .count(),
            ..OwnersFile::default()
        }
    }

    /// Follows one include of the file `from`, reporting what cannot be followed.
    fn follow(
        &mut self,
        from: &str,
        include: &Include,
        stack: &mut Vec<String>,
        out: &mut Vec<Diagnostic>,
    ) -> Option<Rc<Expanded>> {
        let target = match &include.target {
            IncludeTarget::InRepo(path) => path.clone(),
            IncludeTarget::OtherRepository {
                project,
                branch,
                path,
            } => {
                let branch = match branch {
                    Some(branch) => format!("branch `{branch}`"),
                    None => "the same branch".to_string(),
                };
                out.push(
                    Diagnostic::new(
                        include_other_repository::RULE.name,
                        format!(
                            "`{}` imports `{path}` from the Gerrit project `{project}` ({branch}): \
                             not followed, because ownlint reads only this repository",
                            include.raw
                        ),
                    )
                    .at(from, include.span)
                    .label(format!("in the project `{project}`"))
                    .help("nothing to fix: Gerrit follows it; the owners it imports are not checked here"),
                );
                return None;
            }
            IncludeTarget::Outside(what) => {
                out.push(
                    Diagnostic::new(
                        include_outside_repository::RULE.name,
                        format!(
                            "`{}` points outside the repository: ownlint does not follow it",
                            include.raw
                        ),
                    )
                    .at(from, include.span)
                    .label(format!("`{what}` is not in this repository"))
                    .help("point at an OWNERS file inside the repository (a path from its root starts with `/`), or name the owners here"),
                );
                return None;
            }
        };
        if let Some(at) = stack.iter().position(|p| *p == target) {
            let cycle: Vec<&str> = stack[at..]
                .iter()
                .map(String::as_str)
                .chain([target.as_str()])
                .collect();
            out.push(
                Diagnostic::new(
                    include_cycle::RULE.name,
                    format!(
                        "`{}` makes an include cycle: {}",
                        include.raw,
                        cycle.join(" → ")
                    ),
                )
                .at(from, include.span)
                .label("includes a file that includes this one")
                .help("break the cycle: let one of the files name the owners itself"),
            );
            return None;
        }
        if stack.len() > MAX_INCLUDE_DEPTH {
            out.push(
                Diagnostic::new(
                    parse_error::RULE.name,
                    format!(
                        "`{}` is nested more than {MAX_INCLUDE_DEPTH} includes deep; not followed",
                        include.raw
                    ),
                )
                .at(from, include.span)
                .label("too deep"),
            );
            return None;
        }
        let key = (
            target.clone(),
            include.kind == IncludeKind::IncludeDirective,
        );
        if let Some(done) = self.expanded.get(&key) {
            return Some(done.clone());
        }
        let Some(file) = self.file(&target) else {
            out.push(
                Diagnostic::new(
                    include_missing::RULE.name,
                    format!(
                        "`{}` names `{target}`, which is not a tracked file",
                        include.raw
                    ),
                )
                .at(from, include.span)
                .label("no such file")
                .help("fix the path, or restore the file; the owners it should bring are missing"),
            );
            return None;
        };
        stack.push(target.clone());
        let imports_everything = include.kind == IncludeKind::IncludeDirective;
        let mut owners: HashSet<String> = file.owners.iter().map(|n| n.name.clone()).collect();
        let mut per_file: Vec<IncludedPerFile> = Vec::new();
        let mut seen_per_file: HashSet<IncludedPerFile> = HashSet::new();
        let mut no_parent = imports_everything && file.no_parent;
        for nested in &file.includes {
            if let Some(more) = self.follow(&target, nested, stack, out) {
                owners.extend(more.owners.iter().cloned());
                if imports_everything && nested.kind == IncludeKind::IncludeDirective {
                    no_parent |= more.no_parent;
                    for line in &more.per_file {
                        if seen_per_file.insert(line.clone()) {
                            per_file.push(line.clone());
                        }
                    }
                }
            }
        }
        if imports_everything {
            for line in &file.per_file {
                let mut line_owners: Vec<String> =
                    line.owners.iter().map(|n| n.name.clone()).collect();
                // `per-file GLOB=file:PATH` in the included file: its grants are the owners
                // of PATH, resolved from the included file (recursively, memoised).
                for grant in &line.includes {
                    if let Some(more) = self.follow(&target, grant, stack, out) {
                        let mut named: HashSet<&String> = line_owners.iter().collect();
                        let new: Vec<String> = more
                            .owners
                            .iter()
                            .filter(|o| named.insert(*o))
                            .cloned()
                            .collect();
                        line_owners.extend(new);
                    }
                }
                let line = (
                    line.globs.iter().map(|(g, _)| g.clone()).collect(),
                    line_owners,
                    line.no_parent,
                );
                if seen_per_file.insert(Clone::clone(&line)) {
                    per_file.push(line);
                }
            }
        }
        stack.pop();
        let mut owners: Vec<String> = owners.into_iter().collect();
        owners.sort();
        if !self.charge(from, include, owners.len() + per_file.len(), out) {
            return None;
        }
        let expanded = Rc::new(Expanded {
            owners,
            per_file,
            no_parent,
        });
        self.expanded.insert(key, expanded.clone());
        Some(expanded)
    }

    /// The parsed file at `path`, loaded once.
    fn file(&mut self, path: &str) -> Option<Rc<ChromiumFile>> {
        if let Some(known) = self.files.get(path) {
            return known.clone();
        }
        let loaded = match (self.load)(path) {
            Loaded::File(file) => Some(Rc::new(file)),
            Loaded::Missing => None,
        };
        self.files.insert(path.to_string(), loaded.clone());
        loaded
    }
}

/// The compiled-size limit of one `per-file` line's globs together.
const MAX_FILTER_BYTES: usize = 8 << 20;

/// A `per-file` line as a filter: its globs as one anchored expression over the path relative
/// to the file's directory.
fn filter(
    path: &str,
    globs: &[(String, crate::source::Span)],
    span: crate::source::Span,
    approvers: Vec<NameRef>,
    no_parent: bool,
    out: &mut Vec<Diagnostic>,
) -> Filter {
    let mut parts = Vec::new();
    for (glob, glob_span) in globs {
        match glob_regex(glob) {
            Ok(regex) => parts.push(format!("(?:{})", regex.as_str())),
            Err(message) => out.push(
                Diagnostic::new(
                    parse_error::RULE.name,
                    format!("per-file glob `{glob}`: {message}"),
                )
                .at(path, *glob_span)
                .label("does not compile"),
            ),
        }
    }
    // The line's globs as one expression, kept for the run: charged to the pattern budget.
    let regex = if parts.is_empty() {
        None
    } else {
        match crate::pattern_budget::regex(&parts.join("|"), MAX_FILTER_BYTES) {
            Ok(regex) => Some(regex),
            Err(problem) => {
                out.push(
                    Diagnostic::new(
                        parse_error::RULE.name,
                        format!("per-file line is not used: {problem}"),
                    )
                    .at(path, span)
                    .label("over the pattern budget"),
                );
                None
            }
        }
    };
    Filter {
        pattern: globs
            .iter()
            .map(|(g, _)| g.as_str())
            .collect::<Vec<_>>()
            .join(","),
        span: globs.first().map(|(_, s)| *s).unwrap_or(span),
        regex,
        approvers,
        reviewers: Vec::new(),
        required_reviewers: Vec::new(),
        labels: Vec::new(),
        no_parent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::chromium::parse;
    use crate::source::SourceFile;

    /// Lowers `root` with `files` (path → text) as the repository's other files.
    fn lower(
        root: &str,
        files: &[(String, String)],
        budget: usize,
    ) -> (OwnersFile, Vec<Diagnostic>) {
        let mut out = Vec::new();
        let load = |path: &str| match files.iter().find(|(p, _)| p == path) {
            Some((p, text)) => {
                Loaded::File(parse(&SourceFile::new(p, text.as_str()), &mut Vec::new()))
            }
            None => Loaded::Missing,
        };
        let mut lowering = Lowering::with_budget(load, budget);
        let file = parse(&SourceFile::new("OWNERS", root), &mut out);
        let area = lowering.lower(file, &mut out);
        (area, out)
    }

    /// `d0/OWNERS` … `d{n-1}/OWNERS`, each with an owner and a `per-file` line of its own, each
    /// including the next one twice.
    fn doubling_chain(n: usize) -> Vec<(String, String)> {
        (0..n)
            .map(|i| {
                let next = if i + 1 < n {
                    format!("include /d{0}/OWNERS\ninclude /d{0}/OWNERS\n", i + 1)
                } else {
                    String::new()
                };
                (
                    format!("d{i}/OWNERS"),
                    format!("o{i}@example.com\nper-file *.{i}=p{i}@example.com\n{next}"),
                )
            })
            .collect()
    }

    /// Issue 13, item 3: every included `per-file` line was copied once per include path, so
    /// a chain of files that each include the next twice grew as 2^n. Each line now comes in
    /// once, and each owner once.
    #[test]
    fn a_file_included_twice_along_a_chain_is_expanded_once() {
        let files = doubling_chain(16);
        let (area, out) = lower(
            "include /d0/OWNERS\ninclude /d0/OWNERS\n",
            &files,
            MAX_INCLUDED_ENTRIES,
        );
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(area.filters.len(), 16);
        let mut patterns: Vec<&str> = area.filters.iter().map(|f| f.pattern.as_str()).collect();
        patterns.sort();
        patterns.dedup();
        assert_eq!(patterns.len(), 16);
        let mut approvers: Vec<&str> = area.approvers.iter().map(|n| n.name.as_str()).collect();
        approvers.sort();
        approvers.dedup();
        assert_eq!(approvers.len(), 16);
        // Included lines are located at the directive that brought them into this file.
        let directive = area.filters[0].span;
        assert!(area.filters.iter().all(|f| f.span == directive));
    }

    /// Issue 14, item 19: `include` imports `set noparent` (through a chain of `include`s);
    /// `file:` does not.
    #[test]
    fn include_imports_set_noparent() {
        let files = vec![
            (
                "c/OWNERS".to_string(),
                "set noparent\nc@example.com\n".to_string(),
            ),
            ("b/OWNERS".to_string(), "include /c/OWNERS\n".to_string()),
        ];
        let (area, out) = lower("include /b/OWNERS\n", &files, MAX_INCLUDED_ENTRIES);
        assert!(out.is_empty(), "{out:?}");
        assert!(area.no_parent_owners);
        let (area, _) = lower("file://b/OWNERS\n", &files, MAX_INCLUDED_ENTRIES);
        assert!(!area.no_parent_owners);
        assert_eq!(area.approvers[0].name, "c@example.com");
    }

    /// Issue 14, item 20: a `per-file ... = file:...` grant of an included file keeps the
    /// owners of the file it names, at any depth.
    #[test]
    fn included_per_file_grants_keep_their_owners() {
        let files = vec![
            (
                "s/OWNERS".to_string(),
                "s@example.com\nper-file *.gn=file:/b/OWNERS\n".to_string(),
            ),
            ("b/OWNERS".to_string(), "b@example.com\n".to_string()),
            ("m/OWNERS".to_string(), "include /s/OWNERS\n".to_string()),
        ];
        for root in ["include /s/OWNERS\n", "include /m/OWNERS\n"] {
            let (area, out) = lower(root, &files, MAX_INCLUDED_ENTRIES);
            assert!(out.is_empty(), "{out:?}");
            assert_eq!(area.filters.len(), 1, "{root}");
            let owners: Vec<&str> = area.filters[0]
                .approvers
                .iter()
                .map(|n| n.name.as_str())
                .collect();
            assert_eq!(owners, ["b@example.com"], "{root}");
        }
    }

    /// Past the budget, a directive is not followed and is reported where it stands.
    #[test]
    fn the_include_budget_is_reported_at_the_directive() {
        let files = doubling_chain(4);
        // d3: 2 entries, d2: 4, d1: 6, d0: 8; the root's copy of d0 another 4 + 4.
        let (area, out) = lower("include /d0/OWNERS\n", &files, 20);
        assert!(
            area.filters.is_empty() && area.approvers.is_empty(),
            "{area:?}"
        );
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].rule, parse_error::RULE.name);
        assert!(
            out[0].message.contains("`/d0/OWNERS` is not followed"),
            "{}",
            out[0].message
        );
        assert_eq!(out[0].file.as_deref(), Some("OWNERS"));
        let (area, out) = lower("include /d0/OWNERS\n", &files, 28);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(area.filters.len(), 4);
    }
}
