use super::Context;
use crate::diagnostics::Diagnostic;
use crate::dialect::maintainers::Status;

declare_rule! {
    /// A MAINTAINERS section marked Orphan or Obsolete that still covers files.
    ///
    /// ## What it does
    ///
    /// Reports each MAINTAINERS (or MAINTAINERS.yml) section whose status is `Orphan` (a
    /// warning: nobody maintains code that is still there) or `Obsolete` (info: the code is
    /// slated for removal but still present), when its patterns still cover tracked files; the
    /// message gives their number and an example.
    ///
    /// ## Why it matters
    ///
    /// Orphaned code gets no review and no fixes; obsolete code that lingers keeps costing. Both
    /// are decisions to take: find a maintainer, or remove the code.
    ///
    /// ## How to fix
    ///
    /// Find a maintainer for an `Orphan` section and set its status, or remove the code of an
    /// `Obsolete` one (and the section with it).
    ///
    /// ## Example
    ///
    /// ```text
    /// # MAINTAINERS
    /// OLD FRAMEBUFFER DRIVER
    /// S:	Orphan
    /// F:	drivers/video/oldfb/
    /// ```
    name: "maintainers-status",
    severity: Warning,
    category: Accountability,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(system) = &context.snapshot.maintainers else {
        return;
    };
    for (f, file) in system.files.iter().enumerate() {
        for (s, section) in file.sections.iter().enumerate() {
            let Some((status, span)) = &section.status else {
                continue;
            };
            let (word, milder) = match status {
                Status::Orphan => ("Orphan", false),
                Status::Obsolete => ("Obsolete", true),
                _ => continue,
            };
            let area = system.area_of(f, s);
            // Only the paths this section's patterns can match are resolved, for this section.
            let (files, example) = &system
                .matcher
                .section_coverage(f, s, &context.snapshot.files);
            if *files == 0 {
                continue;
            }
            let covered = match example {
                Some(example) if *files > 1 => {
                    format!(
                        "{} (such as `{example}`)",
                        crate::plural::count(*files, "file", "files")
                    )
                }
                Some(example) => format!("`{example}`"),
                None => crate::plural::count(*files, "file", "files"),
            };
            let mut d = Diagnostic::new(
                RULE.name,
                format!(
                    "section `{}` is {word} but still covers {covered}",
                    section.title
                ),
            )
            .at(&file.path, *span)
            .label(format!("status: {word}"))
            .area(context.snapshot.owners[area].area())
            .help(if milder {
                "remove the obsolete code, or change the status if it is still maintained"
            } else {
                "find a maintainer for this code (and set `S:` accordingly), or remove it"
            });
            if milder {
                d = d.milder();
            }
            out.push(d);
        }
    }
}
