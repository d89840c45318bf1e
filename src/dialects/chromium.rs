//! Plain-text OWNERS (Chromium / Gerrit style) lowered into directory-scoped areas: the emails
//! (and `*`) are approvers, `set noparent` stops inheritance, `per-file` lines become filters,
//! and `file://` / `include` directives are followed inside the repository (at the same
//! revision), memoised, with cycle and depth detection. Names that come from an included file
//! carry the span of the directive that brought them in.

use std::collections::HashMap;
use std::rc::Rc;

use crate::diagnostics::Diagnostic;
use crate::formats::chromium::{ChromiumFile, Include, IncludeKind, IncludeTarget, glob_regex};
use crate::model::{Dialect, Filter, NameRef, OwnersFile, Scope};
use crate::rules::{
    include_cycle, include_missing, include_other_repository, include_outside_repository,
    parse_error,
};

/// Includes nested deeper than this are not followed (reported instead).
pub const MAX_INCLUDE_DEPTH: usize = 32;

/// What loading an included file gives.
pub enum Loaded {
    File(ChromiumFile),
    /// Not a tracked file at this revision.
    Missing,
}

/// An included `per-file` line: its globs, its owners, and whether it sets `noparent`.
type IncludedPerFile = (Vec<(String, crate::source::Span)>, Vec<String>, bool);

/// What an included file contributes: its owners (with those of its own includes), and for an
/// `include` directive its `per-file` lines too.
#[derive(Default)]
struct Expanded {
    owners: Vec<String>,
    per_file: Vec<IncludedPerFile>,
}

/// Lowers Chromium OWNERS files, loading included files through `load`.
pub struct Lowering<'a> {
    load: Box<dyn FnMut(&str) -> Loaded + 'a>,
    files: HashMap<String, Option<Rc<ChromiumFile>>>,
    /// Expansions by target and directive kind (`include` brings `per-file` lines too).
    expanded: HashMap<(String, bool), Rc<Expanded>>,
}

impl<'a> Lowering<'a> {
    pub fn new(load: impl FnMut(&str) -> Loaded + 'a) -> Self {
        Lowering {
            load: Box::new(load),
            files: HashMap::new(),
            expanded: HashMap::new(),
        }
    }

    /// The area an OWNERS file declares, its includes followed.
    pub fn lower(&mut self, file: ChromiumFile, out: &mut Vec<Diagnostic>) -> OwnersFile {
        let mut approvers: Vec<NameRef> = file.owners.clone();
        let mut stack = vec![file.path.clone()];
        for include in &file.includes {
            if let Some(expanded) = self.follow(&file.path, include, &mut stack, out) {
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
                if let Some(expanded) = self.follow(&file.path, include, &mut stack, out) {
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
        for include in file
            .includes
            .iter()
            .filter(|i| i.kind == IncludeKind::IncludeDirective)
        {
            if let Some(expanded) = self.follow(&file.path, include, &mut stack, out) {
                for (globs, owners, no_parent) in &expanded.per_file {
                    let owners = owners
                        .iter()
                        .map(|n| NameRef::new(n, include.span))
                        .collect();
                    filters.push(filter(
                        &file.path,
                        globs,
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
            no_parent_owners: file.no_parent,
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
        let mut expanded = Expanded {
            owners: file.owners.iter().map(|n| n.name.clone()).collect(),
            per_file: Vec::new(),
        };
        for nested in &file.includes {
            if let Some(more) = self.follow(&target, nested, stack, out) {
                expanded.owners.extend(more.owners.iter().cloned());
                if nested.kind == IncludeKind::IncludeDirective {
                    expanded.per_file.extend(more.per_file.iter().cloned());
                }
            }
        }
        if include.kind == IncludeKind::IncludeDirective {
            for per_file in &file.per_file {
                expanded.per_file.push((
                    per_file.globs.clone(),
                    per_file.owners.iter().map(|n| n.name.clone()).collect(),
                    per_file.no_parent,
                ));
            }
        }
        stack.pop();
        expanded.owners.sort();
        expanded.owners.dedup();
        let expanded = Rc::new(expanded);
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
    let regex = (!parts.is_empty())
        .then(|| regex::Regex::new(&parts.join("|")).ok())
        .flatten();
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
