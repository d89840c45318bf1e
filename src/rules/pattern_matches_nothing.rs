use super::Context;
use crate::diagnostics::Diagnostic;
use crate::dialect::maintainers::PatternKind;
use crate::model::{Dialect, OwnersFile};
use crate::resolve::relative_to;
use std::collections::HashSet;

declare_rule! {
    /// An ownership pattern that matches no tracked file.
    ///
    /// ## What it does
    ///
    /// Matches every pattern of every ownership file against the tracked files: CODEOWNERS
    /// lines, Chromium `per-file` globs, MAINTAINERS `F:`, `X:` and `N:` patterns, and OWNERS
    /// `filters`. Reports each pattern that matches nothing, at its line (one that a staged
    /// rename or deletion emptied is reported as `pattern-broken-by-rename` instead). Files that
    /// ownlint leaves out of its checks (`vendor/`, `third_party/`, `linguist-vendored` or
    /// `linguist-generated` paths, the configuration's `exclude:`) still exist: a pattern that
    /// matches only them matches something. On GitLab, a pattern without a trailing `/` matches
    /// files only: when it names a directory (`/docs-locale/ja-jp`), the help says to add the
    /// `/`.
    ///
    /// ## Why it matters
    ///
    /// A pattern that matches nothing is usually a path that was renamed or deleted: the owners
    /// it names no longer own what everyone believes they own, and the files that moved are
    /// owned by whoever the fallback names.
    ///
    /// ## How to fix
    ///
    /// Fix the pattern to match the files it should (they may have been renamed or deleted), or
    /// remove the line.
    ///
    /// ## Example
    ///
    /// ```text
    /// # .github/CODEOWNERS
    /// /src/legacy-api/   @alice     # src/legacy-api/ was renamed to src/api/
    /// ```
    name: "pattern-matches-nothing",
    severity: Warning,
    category: Coverage,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    for file in &context.snapshot.owners {
        if file.is_directory() {
            filters(context, file, &mut found);
        }
    }
    codeowners(context, &mut found);
    maintainers(context, &mut found);
    // Patterns a staged rename or deletion emptied are `pattern-broken-by-rename`'s, which
    // names the rename and the rewritten pattern.
    if !context.handover.removed.is_empty() {
        let emptied = super::pattern_broken_by_rename::emptied(context);
        found.retain(|d| {
            !emptied
                .iter()
                .any(|(file, span)| d.file.as_deref() == Some(file) && d.span == Some(*span))
        });
    }
    out.extend(found);
}

/// Lines of the CODEOWNERS files in effect that match no tracked file, checked or left out
/// (lines the platform skips are `unsupported-syntax` findings instead).
fn codeowners(context: &Context, out: &mut Vec<Diagnostic>) {
    for system in context.snapshot.codeowners.iter().filter(|c| c.in_effect) {
        let coverage = system.coverage(&context.snapshot.files);
        let mut unmatched: HashSet<usize> = (0..system.file.lines.len())
            .filter(|&i| coverage.matched[i] == 0 && !system.file.lines[i].skipped)
            .collect();
        let mut matching = Vec::new();
        for path in &context.snapshot.excluded {
            if unmatched.is_empty() {
                break;
            }
            system.matcher.matching_lines(path, &mut matching);
            for line in &matching {
                unmatched.remove(line);
            }
        }
        let directories = gitlab_directories(context, &system.file, &unmatched);
        for (index, line) in system.file.lines.iter().enumerate() {
            if !unmatched.contains(&index) {
                continue;
            }
            let help = if directories.contains(&index) {
                format!(
                    "GitLab matches a pattern without a trailing `/` against file paths only, and `{}` is a directory: write `{}/` to cover the files in it",
                    line.pattern, line.raw
                )
            } else {
                "fix the pattern (the files may have been renamed or deleted), or remove the line"
                    .to_string()
            };
            out.push(
                Diagnostic::new(
                    RULE.name,
                    format!(
                        "`{}` in {} matches no tracked file",
                        line.raw, system.file.path
                    ),
                )
                .at(&system.file.path, line.span)
                .label("matches nothing")
                .area(context.snapshot.owners[system.first_area + index].area())
                .help(help),
            );
        }
    }
}

/// Among the `unmatched` lines of a GitLab file, those whose pattern names a directory without
/// the trailing `/` GitLab needs to match the files in it (`/docs-locale/ja-jp`): the same
/// patterns with a `/` added, compiled into one matcher and run once over the tracked files.
fn gitlab_directories(
    context: &Context,
    file: &crate::dialect::codeowners::Codeowners,
    unmatched: &HashSet<usize>,
) -> HashSet<usize> {
    use crate::dialect::codeowners::Flavor;
    let mut found = HashSet::new();
    if file.flavor != Flavor::Gitlab {
        return found;
    }
    let mut candidates: Vec<usize> = unmatched
        .iter()
        .copied()
        .filter(|&i| {
            let pattern = &file.lines[i].pattern;
            !pattern.is_empty() && !pattern.ends_with(['/', '*'])
        })
        .collect();
    if candidates.is_empty() {
        return found;
    }
    candidates.sort_unstable();
    let mut as_directories = crate::dialect::codeowners::Codeowners {
        path: file.path.clone(),
        flavor: Flavor::Gitlab,
        sections: file.sections[..1].to_vec(),
        lines: Vec::with_capacity(candidates.len()),
    };
    for &i in &candidates {
        let mut line = file.lines[i].clone();
        line.pattern.push('/');
        line.section = 0;
        line.negated = false;
        as_directories.lines.push(line);
    }
    let matcher = crate::dialect::codeowners::matcher::Matcher::new(&as_directories);
    let mut matching = Vec::new();
    for path in context
        .snapshot
        .files
        .iter()
        .chain(&context.snapshot.excluded)
    {
        if found.len() == candidates.len() {
            break;
        }
        matcher.matching_lines(path, &mut matching);
        found.extend(matching.iter().map(|&m| candidates[m]));
    }
    found
}

/// MAINTAINERS `F:`, `X:` and `N:` patterns (and Zephyr's lists) that match no tracked file,
/// checked or left out.
fn maintainers(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(system) = &context.snapshot.maintainers else {
        return;
    };
    // Whether some path matches each pattern, not every pattern matching every path.
    let matched = system
        .matcher
        .matches_any(&[&context.snapshot.files, &context.snapshot.excluded]);
    for (pattern, matched) in system.matcher.patterns().zip(matched) {
        if matched {
            continue;
        }
        let file = &system.files[pattern.file];
        let section = &file.sections[pattern.section];
        let (list, tag) = match pattern.kind {
            PatternKind::File => (&section.files, "F:"),
            PatternKind::Exclude => (&section.excludes, "X:"),
            PatternKind::Regex => (&section.regexes, "N:"),
            PatternKind::RegexExclude => (&section.regex_excludes, "files-regex-exclude"),
        };
        let Some((text, span)) = list.get(pattern.index) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                RULE.name,
                format!(
                    "the {tag} pattern `{text}` of section `{}` matches no tracked file",
                    section.title
                ),
            )
            .at(&file.path, *span)
            .label("matches nothing")
            .area(context.snapshot.owners[system.area_of(pattern.file, pattern.section)].area())
            .help("fix the pattern (the files may have been renamed or deleted), or remove it"),
        );
    }
}

/// The tracked files at or below `dir` (the snapshot's files are sorted).
pub fn files_below<'a>(files: &'a [String], dir: &str) -> &'a [String] {
    if dir.is_empty() {
        return files;
    }
    let prefix = format!("{dir}/");
    let start = files.partition_point(|f| f.as_str() < prefix.as_str());
    let end = start + files[start..].partition_point(|f| f.starts_with(&prefix));
    &files[start..end]
}

/// OWNERS `filters` and Chromium `per-file` globs that match no tracked file below their
/// directory, checked or left out.
fn filters(context: &Context, file: &OwnersFile, out: &mut Vec<Diagnostic>) {
    if file.filters.is_empty() || !context.in_scope(&file.path) {
        return;
    }
    let below = files_below(&context.snapshot.files, &file.dir);
    let excluded_below = files_below(&context.snapshot.excluded, &file.dir);
    for filter in &file.filters {
        let Some(regex) = &filter.regex else {
            continue;
        };
        if below
            .iter()
            .chain(excluded_below)
            .any(|f| regex.is_match(relative_to(f, &file.dir)))
        {
            continue;
        }
        let what = if file.dialect == Dialect::Chromium {
            "per-file glob"
        } else {
            "filter"
        };
        out.push(
            Diagnostic::new(
                RULE.name,
                format!(
                    "the {what} `{}` in {} matches no tracked file",
                    filter.pattern, file.path
                ),
            )
            .at(&file.path, filter.span)
            .label("matches nothing")
            .area(file.area())
            .help("fix the pattern to match the files it should (they may have been renamed), or remove it"),
        );
    }
}
