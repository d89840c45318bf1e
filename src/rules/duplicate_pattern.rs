use rustc_hash::FxHashMap;

use super::Context;
use super::shadowed_pattern::describe;
use crate::diagnostics::Diagnostic;

declare_rule! {
    /// The same CODEOWNERS pattern on two lines (of the same GitLab section).
    ///
    /// ## What it does
    ///
    /// Reports each line of a CODEOWNERS file whose pattern, as written, already appears on an
    /// earlier line (within the same section on GitLab), naming the earlier line. Only the later
    /// one counts: the earlier line's owners are silently ignored.
    ///
    /// ## Why it matters
    ///
    /// Two lines for one pattern usually come from two people adding owners independently;
    /// the first person's owners are lost without anyone noticing.
    ///
    /// ## How to fix
    ///
    /// Merge the owners of both lines into one line, and remove the other.
    ///
    /// ## Example
    ///
    /// ```text
    /// # .github/CODEOWNERS
    /// /docs/   @alice
    /// /docs/   @bob       # alice no longer owns docs/
    /// ```
    name: "duplicate-pattern",
    severity: Warning,
    category: Coverage,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for system in context.snapshot.every_system() {
        let lines = system.lines();
        // The latest line of each (group, pattern, exclusion) seen so far: one lookup per line,
        // so a file of many distinct patterns costs no more than one of few.
        let mut latest: FxHashMap<(usize, &str, bool), usize> = FxHashMap::default();
        for (index, line) in lines.iter().enumerate() {
            let key = (line.group, line.pattern, line.negated);
            let Some(earlier) = latest.insert(key, index).map(|i| &lines[i]) else {
                continue;
            };
            let source = context.snapshot.sources.get(line.file);
            out.push(
                Diagnostic::new(
                    RULE.name,
                    format!(
                        "`{}` repeats the pattern of {}, whose owners it replaces",
                        line.raw,
                        describe(source, earlier)
                    ),
                )
                .at(line.file, line.span)
                .label("duplicate pattern")
                .area(context.snapshot.owners[line.area].area())
                .help("merge the owners of both lines into one line, and remove the other"),
            );
        }
    }
}
