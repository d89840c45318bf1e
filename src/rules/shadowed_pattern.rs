use rustc_hash::FxHashMap;

use super::Context;
use crate::diagnostics::Diagnostic;
use crate::resolve::PatternLine;
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
    /// # .github/CODEOWNERS
    /// /src/api/   @alice
    /// /src/       @bob        # overrides the line above for every file under src/api/
    /// ```
    name: "shadowed-pattern",
    severity: Warning,
    category: Coverage,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for system in context.snapshot.systems() {
        let Some(coverage) = system.coverage(&context.snapshot.files) else {
            continue;
        };
        let lines = system.lines();
        let last = last_lines(&lines);
        for (index, line) in lines.iter().enumerate() {
            if coverage.matched[index] == 0 || coverage.decided[index] > 0 || line.negated {
                continue;
            }
            let repeated_later = last
                .get(&(line.group, line.pattern))
                .is_some_and(|&l| l > index);
            if repeated_later {
                continue;
            }
            let source = context.snapshot.sources.get(line.file);
            if let Some((exclusion, path)) = &coverage.excluded_by[index] {
                // GitLab: "After a pattern is excluded, it cannot be included again in the same
                // section": moving the line changes nothing, another section does.
                let name = system.group_name(line.group);
                let section = if name.is_empty() {
                    "the default section".to_string()
                } else {
                    format!("section `[{name}]`")
                };
                out.push(
                    Diagnostic::new(
                        RULE.name,
                        format!(
                            "`{}` never decides an owner: {} excludes the files it matches (such as `{path}`) from {section}, and excluded files cannot be included again in the same section",
                            line.raw,
                            describe(source, &lines[*exclusion])
                        ),
                    )
                    .at(line.file, line.span)
                    .label("excluded earlier in its section")
                    .area(context.snapshot.owners[line.area].area())
                    .help("give these files their owners in another section (a `[Section]` header of their own), or narrow the exclusion"),
                );
                continue;
            }
            let by = coverage.overridden_by[index].as_ref();
            let message = match by {
                Some((winner, path)) => format!(
                    "`{}` never decides an owner: {} overrides it for every file it matches (such as `{path}`)",
                    line.raw,
                    describe(source, &lines[*winner])
                ),
                None => format!(
                    "`{}` never decides an owner: later lines override it for every file it matches",
                    line.raw
                ),
            };
            out.push(
                Diagnostic::new(RULE.name, message)
                    .at(line.file, line.span)
                    .label("shadowed by a later line")
                    .area(context.snapshot.owners[line.area].area())
                    .help("the last matching line wins: move this line below the broader one, or remove it"),
            );
        }
    }
}

/// A line as findings name it: `line N (`raw`)`, or `` `raw` `` without its source.
pub fn describe(source: Option<&SourceFile>, line: &PatternLine) -> String {
    match source {
        Some(source) => format!("line {} (`{}`)", source.line_of(line.span.start), line.raw),
        None => format!("`{}`", line.raw),
    }
}

/// The last line of each (group, pattern), exclusions left out.
fn last_lines<'a>(lines: &[PatternLine<'a>]) -> FxHashMap<(usize, &'a str), usize> {
    let mut last = FxHashMap::default();
    for (index, line) in lines.iter().enumerate() {
        if !line.negated {
            last.insert((line.group, line.pattern), index);
        }
    }
    last
}
