use super::Context;
use super::declared::declared;
use crate::diagnostics::Diagnostic;
use crate::resolve::Role;
use crate::time::format_date;

declare_rule! {
    /// A declared person who cannot be joined to anyone in the history.
    ///
    /// ## What it does
    ///
    /// Reports an owner, approver, reviewer or cover whose name matches no commit identity of
    /// the window (after `.mailmap`), no trailer, no GitHub merge subject, no activity record and
    /// no person of the `people` registry. History rules say nothing about such a person.
    ///
    /// ## Why it matters
    ///
    /// ownlint cannot tell whether an unmapped person is active or long gone. Rather than guess
    /// (and call them stale), it asks for the mapping: add them to `people` with their commit
    /// emails, or fix the name.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers: [a-handle-nobody-commits-as]
    /// ```
    name: "unmapped-owner",
    severity: Info,
    check: Some(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some((history, evidence)) = context.history else {
        return;
    };
    for file in &context.snapshot.owners {
        let roles = [Role::Owner, Role::Approver, Role::Reviewer, Role::Cover];
        for entry in declared(context, file, &roles) {
            if evidence.ids.is_mapped(&entry.person) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RULE.name,
                    format!(
                        "`{}`{} matches nobody in the history since {}",
                        entry.person,
                        entry.through(),
                        format_date(history.window.start)
                    ),
                )
                .at(&file.path, entry.span)
                .label("no commit identity")
                .owner(entry.person.clone())
                .area(file.area())
                .help(format!(
                    "add `{}` to `people` in .ownlint.yaml with the emails they commit with",
                    entry.person
                )),
            );
        }
    }
}
