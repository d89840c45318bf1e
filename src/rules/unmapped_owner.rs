use super::declared::{ALL_ROLES, declared};
use super::{Context, HistoryContext};
use crate::diagnostics::Diagnostic;
use crate::time::format_date;

declare_rule! {
    /// A declared person who cannot be joined to anyone in the history.
    ///
    /// ## What it does
    ///
    /// Reports an owner, approver, reviewer or cover whose name matches no identity anywhere in
    /// the history (commit authors and committers after `.mailmap`, trailers, GitHub merge
    /// subjects, activity records) and no person of the `people` registry, once per person (at
    /// their first mention, with how many other places name them). History rules say nothing
    /// about such a person: someone last seen years ago is `stale-owner`, not unmapped.
    ///
    /// ## Why it matters
    ///
    /// ownlint cannot tell whether an unmapped person is active or long gone. Rather than guess
    /// (and call them stale), it asks for the mapping: add them to `people` with their commit
    /// emails, or fix the name.
    ///
    /// ## How to fix
    ///
    /// Correct the name if it is a typo, or map it to the identity the person commits under in the
    /// `people` registry of `.ownlint.yaml` (or in `.mailmap`).
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers: [a-handle-nobody-commits-as]
    /// ```
    name: "unmapped-owner",
    severity: Info,
    category: History,
    check: Check::History(HistoryNeed::Read, check),
}

fn check(context: &Context, history: &HistoryContext, out: &mut Vec<Diagnostic>) {
    let HistoryContext {
        history, evidence, ..
    } = *history;
    // One finding per person, at their first mention, counting the others: the fix (a line
    // under `people:`) is one line however often they are named.
    let mut first: Vec<(String, Diagnostic, usize)> = Vec::new();
    // Mentions in files that are not judged (vendored, or a generated CODEOWNERS restating the
    // OWNERS files) are not counted: the finding would be dropped or say more than is true.
    let judged = context
        .snapshot
        .owners
        .iter()
        .enumerate()
        .filter(|(_, f)| context.snapshot.is_judged_area(f));
    for (index, file) in judged {
        for entry in declared(context, index, &ALL_ROLES) {
            // A name that reads as an undefined alias is that rule's finding, not a person's.
            if evidence.ids.is_mapped(&entry.person)
                || (file.dialect == crate::model::Dialect::Owners
                    && super::undefined_alias::reports(context, &entry.person))
            {
                continue;
            }
            if let Some((_, _, count)) = first.iter_mut().find(|(p, _, _)| *p == entry.person) {
                *count += 1;
                continue;
            }
            let diagnostic = Diagnostic::new(RULE.name, String::new())
                .at(&file.path, entry.span)
                .label("no commit identity")
                .owner(entry.person.clone())
                .area(file.area())
                .help(format!(
                    "if they commit under another name or email, add `{}` to `people` in \
                     .ownlint.yaml with those emails (or join them in .mailmap)",
                    entry.person
                ));
            let message = if evidence.ids.history_complete() {
                format!(
                    "`{}`{} cannot be joined to anyone in this repository's history: no commit, \
                     trailer or merged pull request names them",
                    entry.person,
                    entry.through(),
                )
            } else {
                format!(
                    "`{}`{} cannot be joined to anyone in the history read (since {}): no \
                     commit, trailer or merged pull request names them",
                    entry.person,
                    entry.through(),
                    format_date(history.window.start.min(evidence.oldest_read()))
                )
            };
            first.push((
                entry.person.clone(),
                Diagnostic {
                    message,
                    ..diagnostic
                },
                0,
            ));
        }
    }
    for (_, mut diagnostic, others) in first {
        if others > 0 {
            let places = if others == 1 { "place" } else { "places" };
            diagnostic
                .message
                .push_str(&format!(" (also named in {others} other {places})"));
        }
        out.push(diagnostic);
    }
}
