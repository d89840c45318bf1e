use super::declared::area_people;
use super::{Context, HistoryContext};
use crate::diagnostics::Diagnostic;
use crate::resolve::Role;
use crate::time::{DAY, format_date, parse_date};

declare_rule! {
    /// A handover document that does not match the ownership files or the history.
    ///
    /// ## What it does
    ///
    /// Compares each area's handover document with the area: its `to` must name the current
    /// owner or an approver; each `from` must have been an owner or approver (now or before a
    /// change in the window); its `date` must not predate the last ownership change it should
    /// describe; its `area`, when given, must be the area's directory.
    ///
    /// ## Why it matters
    ///
    /// A handover to someone who is not the owner, from someone who never was, or written
    /// before the change it describes, is out of date: the people who need it will not trust
    /// it, or will not find it.
    ///
    /// ## How to fix
    ///
    /// Update the document's front matter (`area`, `from`, `to`, `date`) to the latest change of
    /// the area's ownership, or point the area's OWNERS file at the right document.
    ///
    /// ## Example
    ///
    /// ```markdown
    /// ---
    /// from: alice
    /// to: carol          # but OWNERS says `owner: bob`
    /// ---
    /// ```
    name: "handover-mismatch",
    severity: Warning,
    category: Handover,
    check: Check::MaybeHistory(check),
}

fn check(context: &Context, history: Option<&HistoryContext>, out: &mut Vec<Diagnostic>) {
    let state = context.handover;
    let mut done = std::collections::HashSet::new();
    for (index, file) in context.snapshot.owners.iter().enumerate() {
        let Some(doc) = state.handovers.doc_of(index) else {
            continue;
        };
        if !done.insert((doc.path.clone(), index)) {
            continue;
        }
        let current = area_people(context, index, &[Role::Owner, Role::Approver]);
        let changes: Vec<_> = state
            .changes
            .iter()
            .filter(|c| c.file == file.path && c.area == file.area())
            .collect();
        let finding = |message: String, span: Option<crate::source::Span>, label: &str| {
            let d = Diagnostic::new(RULE.name, message).area(file.area());
            match span {
                Some(span) => d.at(&doc.path, span).label(label.to_string()),
                None => d.in_file(&doc.path),
            }
        };
        if let Some(to) = &doc.front.to {
            let names = to.value.normalized();
            let takes_over = names.iter().any(|n| {
                context
                    .resolver
                    .expand(n)
                    .0
                    .iter()
                    .any(|p| current.contains(p))
            });
            if !names.is_empty() && !takes_over {
                out.push(
                    finding(
                        format!(
                            "{} hands `{}` over to {}, who is not its owner or an approver in {}",
                            doc.path,
                            file.area(),
                            names.join(", "),
                            file.path
                        ),
                        Some(to.span),
                        "not an owner or approver",
                    )
                    .help(format!(
                        "make `to` the area's owner, or update {}",
                        file.path
                    )),
                );
            }
        }
        if let Some(from) = &doc.front.from {
            for name in from.value.normalized() {
                let was = current.contains(&name)
                    || changes.iter().any(|c| {
                        c.owner_before.contains(&name) || c.approvers_before.contains(&name)
                    });
                if !was {
                    out.push(
                        finding(
                            format!(
                                "{} hands `{}` over from `{name}`, who was never its owner or an approver",
                                doc.path,
                                file.area()
                            ),
                            Some(from.span),
                            "never an owner or approver here",
                        )
                        .owner(name.clone())
                        .help("`from` names who handed the area over: its previous owner or approvers"),
                    );
                }
            }
        }
        if let Some(date) = &doc.front.date
            && let Some(written) = parse_date(&date.value)
            && let Some(last) = context
                .changes_of_hands(history)
                .iter()
                .filter(|h| h.needs_handover() && changes.contains(&h.change))
                .map(|h| h.change.time)
                .max()
            && written + DAY <= last
        {
            out.push(
                finding(
                    format!(
                        "{} is dated {}, before the ownership change of {} it should describe",
                        doc.path,
                        date.value,
                        format_date(last)
                    ),
                    Some(date.span),
                    "older than the change",
                )
                .help("update the document for the latest change, and its date"),
            );
        }
        if let Some(area) = &doc.front.area {
            let written = area.value.trim().trim_matches('/');
            let written = if written.is_empty() { "." } else { written };
            if written != file.area()
                && state
                    .handovers
                    .by_area
                    .iter()
                    .filter(|p| p.as_deref() == Some(&doc.path))
                    .count()
                    == 1
            {
                out.push(
                    finding(
                        format!(
                            "{} says it is about `{}`, but it is the handover of `{}`",
                            doc.path,
                            area.value,
                            file.area()
                        ),
                        Some(area.span),
                        "another area",
                    )
                    .help("fix `area`, or point the right OWNERS file at this document"),
                );
            }
        }
    }
}
