use rustc_hash::FxHashMap;

use super::Context;
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;

declare_rule! {
    /// A CODEOWNERS line that never decides any file's owners: later lines override it for
    /// every file it matches.
    ///
    /// ## What it does
    ///
    /// Resolves every tracked file against the CODEOWNERS file in effect. A line that matches
    /// some files but is the deciding (last matching) line for none of them is reported, with
    /// the line that overrides it. On GitLab, lines only compete within their section, and a
    /// line whose files a `!` exclusion of its section takes out is reported with that
    /// exclusion (the fix is another section: excluded files cannot be included again in the
    /// same one). A line repeated verbatim is reported as `duplicate-pattern` instead.
    ///
    /// ## Why it matters
    ///
    /// The owners on a shadowed line look responsible but are never asked to review: the file
    /// reads one way and the platform acts another. It usually means the order of lines is
    /// wrong (specific patterns must come after general ones).
    ///
    /// ## How to fix
    ///
    /// Move the line below the broader line that overrides it (the last matching line wins), or
    /// remove it.
    ///
    /// ## Example
    ///
    /// ```text
    /// /src/api/   @alice
    /// /src/       @bob        # overrides the line above for every file under src/api/
    /// ```
    name: "shadowed-pattern",
    severity: Warning,
    check: Some(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for system in context.snapshot.codeowners.iter().filter(|c| c.in_effect) {
        let coverage = system.coverage(&context.snapshot.files);
        let source = context.snapshot.sources.get(&system.file.path);
        let last = last_lines(&system.file);
        for (index, line) in system.file.lines.iter().enumerate() {
            if coverage.matched[index] == 0 || coverage.decided[index] > 0 || line.negated {
                continue;
            }
            let key = (
                system.file.canonical_section(line.section),
                line.pattern.as_str(),
            );
            let repeated_later = last.get(&key).is_some_and(|&l| l > index);
            if repeated_later {
                continue;
            }
            if let Some((exclusion, path)) = &coverage.excluded_by[index] {
                // GitLab: "After a pattern is excluded, it cannot be included again in the same
                // section": moving the line changes nothing, another section does.
                let section = &system.file.sections[system.file.canonical_section(line.section)];
                let section = if section.name.is_empty() {
                    "the default section".to_string()
                } else {
                    format!("section `[{}]`", section.name)
                };
                out.push(
                    Diagnostic::new(
                        RULE.name,
                        format!(
                            "`{}` never decides an owner: {} excludes the files it matches (such as `{path}`) from {section}, and excluded files cannot be included again in the same section",
                            line.raw,
                            describe(source, &system.file.lines[*exclusion])
                        ),
                    )
                    .at(&system.file.path, line.span)
                    .label("excluded earlier in its section")
                    .area(context.snapshot.owners[system.first_area + index].area())
                    .help("give these files their owners in another section (a `[Section]` header of their own), or narrow the exclusion"),
                );
                continue;
            }
            let by = coverage.overridden_by[index].as_ref();
            let message = match by {
                Some((winner, path)) => format!(
                    "`{}` never decides an owner: {} overrides it for every file it matches (such as `{path}`)",
                    line.raw,
                    describe(source, &system.file.lines[*winner])
                ),
                None => format!(
                    "`{}` never decides an owner: later lines override it for every file it matches",
                    line.raw
                ),
            };
            out.push(
                Diagnostic::new(RULE.name, message)
                    .at(&system.file.path, line.span)
                    .label("shadowed by a later line")
                    .area(context.snapshot.owners[system.first_area + index].area())
                    .help("the last matching line wins: move this line below the broader one, or remove it"),
            );
        }
    }
}

/// `line N (`pattern`)`.
pub fn describe(source: Option<&SourceFile>, line: &crate::dialect::codeowners::Line) -> String {
    match source {
        Some(source) => format!("line {} (`{}`)", source.line_of(line.span.start), line.raw),
        None => format!("`{}`", line.raw),
    }
}

/// The last line of each (combined section, pattern) among the lines that are not exclusions:
/// whether a line's pattern comes again later is then one lookup, not a scan of the lines after.
fn last_lines(file: &crate::dialect::codeowners::Codeowners) -> FxHashMap<(usize, &str), usize> {
    let mut last = FxHashMap::default();
    for (index, line) in file.lines.iter().enumerate() {
        if !line.negated {
            last.insert(
                (file.canonical_section(line.section), line.pattern.as_str()),
                index,
            );
        }
    }
    last
}
