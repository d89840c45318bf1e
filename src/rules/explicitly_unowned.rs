use super::Context;
use crate::diagnostics::Diagnostic;

declare_rule! {
    /// A CODEOWNERS line without owners, which leaves the files it decides unowned on purpose.
    ///
    /// ## What it does
    ///
    /// Reports each line of the CODEOWNERS file in effect that names no owner (and, on GitLab,
    /// whose section has no default owners) yet is the deciding line for some tracked files,
    /// with their number and an example. `unowned-path` does not report these files again: it
    /// reports only files that no line matches at all.
    ///
    /// ## Why it matters
    ///
    /// GitHub and GitLab read such a line as "these paths have no code owner": no review is
    /// requested and branch protection requires none. That is sometimes the intent (generated
    /// files), often a mistake left after removing someone.
    ///
    /// ## How to fix
    ///
    /// Add the owners at the end of the line, or keep it if these files are meant to have no owner
    /// (then suppress the finding with an `ownlint: ignore[explicitly-unowned]` comment).
    ///
    /// ## Example
    ///
    /// ```text
    /// # .github/CODEOWNERS
    /// *              @org/maintainers
    /// /docs/                           # docs/ has no owner at all
    /// ```
    name: "explicitly-unowned",
    severity: Info,
    category: Coverage,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for system in context.snapshot.systems() {
        let Some(coverage) = system.coverage(&context.snapshot.files) else {
            continue;
        };
        for (index, line) in system.lines().iter().enumerate() {
            let decided = coverage.decided[index];
            let area = &context.snapshot.owners[line.area];
            if decided == 0 || line.negated || !area.approvers.is_empty() {
                continue;
            }
            let example = coverage.example[index].clone().unwrap_or_default();
            let files = if decided == 1 {
                format!("`{example}`")
            } else {
                format!(
                    "{} (such as `{example}`)",
                    crate::plural::count(decided, "file", "files")
                )
            };
            out.push(
                Diagnostic::new(
                    RULE.name,
                    format!("`{}` names no owner: it leaves {files} without a code owner", line.raw),
                )
                .at(line.file, line.span)
                .label("no owners on this line")
                .area(area.area())
                .help("add the owners at the end of the line, or keep it if these files are meant to have no owner"),
            );
        }
    }
}
