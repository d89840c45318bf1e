use super::Context;
use crate::delta::Removal;
use crate::diagnostics::Diagnostic;
use crate::dialect::maintainers::PatternKind;
use crate::model::{Dialect, OwnersFile};
use crate::resolve::{relative_to, within};
use crate::source::Span;

declare_rule! {
    /// A staged rename or deletion breaks an ownership pattern.
    ///
    /// ## What it does
    ///
    /// With `--staged` (or `--base`), looks at the files the change deletes or renames (a
    /// deleted file whose content reappears at an added path is a rename). For each ownership
    /// pattern that matched an old path (a CODEOWNERS line, a MAINTAINERS `F:` or `N:` pattern,
    /// an OWNERS `filters` pattern or a Chromium `per-file` glob) it reports, at the pattern's
    /// line:
    ///
    /// - a pattern that now matches no file at all, naming the rename or deletion that emptied
    ///   it;
    /// - a pattern that no longer covers a renamed file, when the file's new location has
    ///   other owners (unless the change edits the ownership file holding the pattern too: its
    ///   owners are then being tended to).
    ///
    /// The help proposes the rewritten pattern when the rename moves a directory or a file the
    /// pattern names (`/src/old/` → `/src/new/`).
    ///
    /// ## Why it matters
    ///
    /// Renames are where ownership silently breaks: the pattern still reads as if it owned the
    /// code, the moved files fall to a catch-all owner, and nobody notices until a review goes
    /// to the wrong person. The commit that renames the files is the cheapest place to fix the
    /// pattern.
    ///
    /// ## How to fix
    ///
    /// Update the pattern to the files' new path in the same change, or remove it if the files are
    /// gone.
    ///
    /// ## Example
    ///
    /// ```text
    /// # .github/CODEOWNERS
    /// *            @platform
    /// /src/old/    @alice     # git mv src/old src/new: should become /src/new/
    /// ```
    name: "pattern-broken-by-rename",
    severity: Warning,
    category: Change,
    check: Check::Snapshot(check),
}

/// What a removal did to a pattern.
enum Breakage {
    /// The pattern matches no file any more.
    Empty,
    /// A renamed file left the pattern for a location with these other owners.
    Moved { owners: Vec<String> },
}

/// One pattern a deletion or rename broke.
struct Broken<'a> {
    file: String,
    span: Span,
    /// What the pattern is called: `pattern`, `F: pattern`, `filter`, `per-file glob`.
    kind: &'static str,
    /// The pattern as written.
    pattern: String,
    /// The directory the pattern's paths are relative to (`""` for the root).
    base: String,
    area: String,
    owners: Vec<String>,
    breakage: Breakage,
    /// The removals that broke it, the first one named in the message.
    removals: Vec<&'a Removal>,
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for broken in broken(context) {
        out.push(diagnostic(&broken));
    }
}

/// Where each pattern the change broke sits (`pattern-matches-nothing` leaves these to this
/// rule, which says why they match nothing).
pub fn emptied(context: &Context) -> Vec<(String, Span)> {
    broken(context)
        .into_iter()
        .filter(|b| matches!(b.breakage, Breakage::Empty))
        .map(|b| (b.file, b.span))
        .collect()
}

/// Every pattern broken by the change's deletions and renames, in the order found.
fn broken<'a>(context: &Context<'a>) -> Vec<Broken<'a>> {
    let removed = &context.handover.removed;
    let mut found: Vec<Broken> = Vec::new();
    if removed.is_empty() {
        return found;
    }
    codeowners(context, removed, &mut found);
    maintainers(context, removed, &mut found);
    for file in context.snapshot.owners.iter().filter(|f| f.is_directory()) {
        filters(context, file, removed, &mut found);
    }
    found
}

/// Adds a removal to the finding for the same pattern and breakage, or a new finding.
fn record<'a>(found: &mut Vec<Broken<'a>>, broken: Broken<'a>) {
    let same = found.iter_mut().find(|b| {
        b.file == broken.file
            && b.span == broken.span
            && std::mem::discriminant(&b.breakage) == std::mem::discriminant(&broken.breakage)
    });
    match same {
        Some(existing) => existing.removals.extend(broken.removals),
        None => found.push(broken),
    }
}

fn names(file: &OwnersFile) -> Vec<String> {
    sorted(file.approvers.iter().map(|n| n.name.clone()))
}

/// Names sorted and without repeats, so that two owner lists compare as sets.
fn sorted(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = names.collect();
    names.sort();
    names.dedup();
    names
}

impl Breakage {
    /// How a removal broke a pattern held by `owners`: it matches nothing any more, or the
    /// renamed file's new place has other owners. `moved_to` gives the owners of the new place,
    /// or `None` when the removal is no rename that counts (a deletion, an edited ownership
    /// file) or the pattern still covers the new place. `None`: the pattern is not broken.
    fn judge(
        matches_nothing: bool,
        owners: &[String],
        moved_to: impl FnOnce() -> Option<Vec<String>>,
    ) -> Option<Breakage> {
        if matches_nothing {
            return Some(Breakage::Empty);
        }
        let after = moved_to()?;
        (after != owners).then_some(Breakage::Moved { owners: after })
    }
}

/// CODEOWNERS lines in effect that matched a removed path.
fn codeowners<'a>(context: &Context, removed: &'a [Removal], found: &mut Vec<Broken<'a>>) {
    let owners = &context.snapshot.owners;
    let changed = &context.handover.changed;
    for system in context.snapshot.codeowners.iter().filter(|c| c.in_effect) {
        let coverage = system.coverage(&context.snapshot.files);
        let mut matching = Vec::new();
        for removal in removed {
            matching.clear();
            system.matcher.matching_lines(&removal.path, &mut matching);
            let deciding_old = system.matcher.decide(&removal.path);
            for &line in &matching {
                let area = &owners[system.first_area + line];
                let before = names(area);
                let moved_to = || {
                    let to = removal.renamed_to.as_ref()?;
                    if !deciding_old.contains(&line) || changed.contains(&system.file.path) {
                        return None;
                    }
                    let deciding_new = system.matcher.decide(to);
                    if deciding_new.contains(&line) {
                        return None;
                    }
                    Some(sorted(
                        deciding_new
                            .iter()
                            .flat_map(|&l| names(&owners[system.first_area + l])),
                    ))
                };
                let Some(breakage) =
                    Breakage::judge(coverage.matched[line] == 0, &before, moved_to)
                else {
                    continue;
                };
                let text = &system.file.lines[line];
                record(
                    found,
                    Broken {
                        file: system.file.path.clone(),
                        span: text.span,
                        kind: "pattern",
                        pattern: text.raw.clone(),
                        base: String::new(),
                        area: area.area(),
                        owners: before,
                        breakage,
                        removals: vec![removal],
                    },
                );
            }
        }
    }
}

/// MAINTAINERS `F:` and `N:` patterns that matched a removed path.
fn maintainers<'a>(context: &Context, removed: &'a [Removal], found: &mut Vec<Broken<'a>>) {
    let Some(system) = &context.snapshot.maintainers else {
        return;
    };
    let files = &context.snapshot.files;
    let edited = system
        .files
        .iter()
        .any(|f| context.handover.changed.contains(&f.path));
    let mut patterns = Vec::new();
    let mut sections = Vec::new();
    for removal in removed {
        patterns.clear();
        system.matcher.patterns_for(&removal.path, &mut patterns);
        for pattern in patterns.iter().copied() {
            let file = &system.files[pattern.file];
            let section = &file.sections[pattern.section];
            let list = match pattern.kind {
                PatternKind::File => &section.files,
                PatternKind::Regex => &section.regexes,
                PatternKind::Exclude | PatternKind::RegexExclude => continue,
            };
            let Some((text, span)) = list.get(pattern.index) else {
                continue;
            };
            let area = &context.snapshot.owners[system.area_of(pattern.file, pattern.section)];
            let before = names(area);
            let matches_nothing = !files
                .iter()
                .any(|f| system.matcher.pattern_matches(pattern, f));
            let moved_to = || {
                let to = removal.renamed_to.as_ref().filter(|_| !edited)?;
                sections.clear();
                system.matcher.sections_for(to, &mut sections);
                if sections.contains(&(pattern.file, pattern.section)) {
                    return None;
                }
                Some(sorted(sections.iter().flat_map(|&(f, s)| {
                    names(&context.snapshot.owners[system.area_of(f, s)])
                })))
            };
            let Some(breakage) = Breakage::judge(matches_nothing, &before, moved_to) else {
                continue;
            };
            record(
                found,
                Broken {
                    file: file.path.clone(),
                    span: *span,
                    kind: if pattern.kind == PatternKind::File {
                        "F: pattern"
                    } else {
                        "N: pattern"
                    },
                    pattern: text.clone(),
                    base: String::new(),
                    area: area.area(),
                    owners: before,
                    breakage,
                    removals: vec![removal],
                },
            );
        }
    }
}

/// OWNERS `filters` and Chromium `per-file` globs that matched a removed path below their
/// directory.
fn filters<'a>(
    context: &Context,
    file: &OwnersFile,
    removed: &'a [Removal],
    found: &mut Vec<Broken<'a>>,
) {
    if file.filters.is_empty() {
        return;
    }
    let below = super::pattern_matches_nothing::files_below(&context.snapshot.files, &file.dir);
    let filter_owners = |path: &str| -> Vec<String> {
        sorted(
            file.filters
                .iter()
                .filter(|f| f.regex.as_ref().is_some_and(|r| r.is_match(path)))
                .flat_map(|f| f.approvers.iter().map(|n| n.name.clone())),
        )
    };
    let edited = context.handover.changed.contains(&file.path);
    for removal in removed.iter().filter(|r| within(&r.path, &file.dir)) {
        let old = relative_to(&removal.path, &file.dir);
        for filter in &file.filters {
            let Some(regex) = filter.regex.as_ref().filter(|r| r.is_match(old)) else {
                continue;
            };
            let owners = sorted(filter.approvers.iter().map(|n| n.name.clone()));
            let matches_nothing = !below
                .iter()
                .any(|f| regex.is_match(relative_to(f, &file.dir)));
            let moved_to = || {
                let to = removal.renamed_to.as_ref().filter(|_| !edited)?;
                if !within(to, &file.dir) {
                    return Some(Vec::new());
                }
                let new = relative_to(to, &file.dir);
                (!regex.is_match(new)).then(|| filter_owners(new))
            };
            let Some(breakage) = Breakage::judge(matches_nothing, &owners, moved_to) else {
                continue;
            };
            record(
                found,
                Broken {
                    file: file.path.clone(),
                    span: filter.span,
                    kind: if file.dialect == Dialect::Chromium {
                        "per-file glob"
                    } else {
                        "filter"
                    },
                    pattern: filter.pattern.clone(),
                    base: file.dir.clone(),
                    area: file.area(),
                    owners,
                    breakage,
                    removals: vec![removal],
                },
            );
        }
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "nobody".to_string()
    } else {
        names.join(", ")
    }
}

/// `` `a` renamed to `b` `` or `` `a` deleted ``.
fn describe(removal: &Removal) -> String {
    match &removal.renamed_to {
        Some(to) => format!("`{}` is renamed to `{to}`", removal.path),
        None => format!("`{}` is deleted", removal.path),
    }
}

fn diagnostic(broken: &Broken) -> Diagnostic {
    let first = broken.removals[0];
    let more = match broken.removals.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let what = broken.kind;
    let rewrite = broken
        .removals
        .iter()
        .find_map(|r| rewrite(&broken.pattern, &broken.base, r));
    let (message, label, help) = match &broken.breakage {
        Breakage::Empty => (
            format!(
                "the {what} `{}` in {} matches no file once {}{more}",
                broken.pattern,
                broken.file,
                describe(first)
            ),
            "matches nothing after this change".to_string(),
            match &rewrite {
                Some(new) => format!("rewrite the pattern: `{}` → `{new}`", broken.pattern),
                None if first.renamed_to.is_none() => format!(
                    "the files `{}` matched are deleted: remove the pattern, or point it at where they went",
                    broken.pattern
                ),
                None => "point the pattern at the files' new location, or remove it".to_string(),
            },
        ),
        Breakage::Moved { owners } => {
            let to = first.renamed_to.as_deref().unwrap_or_default();
            (
                format!(
                    "the {what} `{}` in {} no longer covers `{to}`, renamed from `{}`{more}: its owners change from {} to {}",
                    broken.pattern,
                    broken.file,
                    first.path,
                    list(&broken.owners),
                    list(owners)
                ),
                format!("no longer covers `{to}`"),
                // The pattern still matches other files and keeps its text: the moved file needs
                // its own.
                format!(
                    "to keep the owners, add a pattern for `{to}` with the same owners as `{}` (or confirm that the new owners take it over)",
                    broken.pattern
                ),
            )
        }
    };
    let mut diagnostic = Diagnostic::new(RULE.name, message)
        .at(&broken.file, broken.span)
        .label(label)
        .area(&broken.area)
        .help(help);
    if let Some(owner) = broken.owners.first() {
        diagnostic = diagnostic.owner(owner);
    }
    diagnostic
}

/// The pattern rewritten for a rename: the renamed directory (or file) the pattern names,
/// replaced by its new name. `None` when the pattern does not name it literally (a glob like
/// `*.go`), or for a deletion.
pub fn rewrite(pattern: &str, base: &str, removal: &Removal) -> Option<String> {
    let to = removal.renamed_to.as_deref()?;
    if !within(&removal.path, base) || !within(to, base) {
        return None;
    }
    let (from, to) = moved_prefix(relative_to(&removal.path, base), relative_to(to, base));
    if from.is_empty() {
        return None;
    }
    // The literal form, then the form a regular expression spells it in (`a\.go`).
    for (old, new) in [
        (from.to_string(), to.to_string()),
        (regex::escape(from), regex::escape(to)),
    ] {
        if let Some(at) = find_component(pattern, &old) {
            let mut rewritten = String::with_capacity(pattern.len() + new.len());
            rewritten.push_str(&pattern[..at]);
            rewritten.push_str(&new);
            rewritten.push_str(&pattern[at + old.len()..]);
            return Some(rewritten);
        }
    }
    None
}

/// The part of a path that a rename changes: `src/old/a.rs` → `src/new/a.rs` gives
/// (`src/old`, `src/new`); a file renamed in place gives the two paths.
fn moved_prefix<'p>(from: &'p str, to: &'p str) -> (&'p str, &'p str) {
    let (mut from, mut to) = (from, to);
    while let (Some((f_dir, f_name)), Some((t_dir, t_name))) =
        (from.rsplit_once('/'), to.rsplit_once('/'))
    {
        if f_name != t_name {
            break;
        }
        from = f_dir;
        to = t_dir;
    }
    (from, to)
}

/// Where `needle` occurs in `pattern` as whole path components: not preceded or followed by a
/// character that could continue a file name.
fn find_component(pattern: &str, needle: &str) -> Option<usize> {
    let continues = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    pattern.match_indices(needle).map(|(at, _)| at).find(|&at| {
        let before = pattern[..at].chars().next_back();
        let after = pattern[at + needle.len()..].chars().next();
        // A `\.` before the needle is an escaped dot, part of a name.
        !before.is_some_and(continues)
            && !after.is_some_and(continues)
            && !pattern[at + needle.len()..].starts_with("\\.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renamed(from: &str, to: &str) -> Removal {
        Removal {
            path: from.to_string(),
            renamed_to: Some(to.to_string()),
        }
    }

    #[test]
    fn rewrites_the_directory_or_file_the_pattern_names() {
        let dir = renamed("src/old/a.rs", "src/new/a.rs");
        assert_eq!(rewrite("/src/old/", "", &dir).as_deref(), Some("/src/new/"));
        assert_eq!(
            rewrite("src/old/**", "", &dir).as_deref(),
            Some("src/new/**")
        );
        assert_eq!(
            rewrite("/src/old/a.rs", "", &dir).as_deref(),
            Some("/src/new/a.rs")
        );
        let file = renamed("docs/readme.md", "docs/guide.md");
        assert_eq!(
            rewrite("/docs/readme.md", "", &file).as_deref(),
            Some("/docs/guide.md")
        );
        // Filters are relative to their OWNERS file's directory, and may be regexes.
        let inner = renamed("pkg/legacy/x.go", "pkg/modern/x.go");
        assert_eq!(
            rewrite("^legacy/.*", "pkg", &inner).as_deref(),
            Some("^modern/.*")
        );
        let dotted = renamed("pkg/old.go", "pkg/new.go");
        assert_eq!(
            rewrite("^old\\.go$", "pkg", &dotted).as_deref(),
            Some("^new\\.go$")
        );
    }

    #[test]
    fn names_that_only_contain_the_old_one_are_not_rewritten() {
        let dir = renamed("src/old/a.rs", "src/new/a.rs");
        assert_eq!(rewrite("/src/older/", "", &dir), None);
        assert_eq!(rewrite("*.rs", "", &dir), None);
        let deleted = Removal {
            path: "src/old/a.rs".into(),
            renamed_to: None,
        };
        assert_eq!(rewrite("/src/old/", "", &deleted), None);
        // Moved out of the OWNERS file's directory: its filters cannot name the new place.
        let out = renamed("pkg/a/x.go", "lib/a/x.go");
        assert_eq!(rewrite("^a/.*", "pkg", &out), None);
    }
}
