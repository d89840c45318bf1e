use super::Context;
use super::declared::area_people;
use crate::diagnostics::{Diagnostic, Evidence};
use crate::resolve::Role;
use crate::time::format_date;

declare_rule! {
    /// Someone who makes a large share of an area's changes but is not declared in it.
    ///
    /// ## What it does
    ///
    /// For each area (the files whose nearest OWNERS file is this one) with at least
    /// `history.min_commits` non-merge changes in the window, reports each person with at least
    /// `min_commits` of them and at least `history.min_share` (default 30%) of the area's
    /// changes who is not among its owner, approvers, reviewers or cover. Names the person, the
    /// count and the share.
    ///
    /// ## Why it matters
    ///
    /// The de facto maintainer of an area is whoever actually changes it. When they are not
    /// declared, reviews go to the wrong people and nobody knows whom to ask.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # parser/OWNERS
    /// approvers: [alice]     # carol made 14 of the 20 changes to parser/ this year
    /// ```
    name: "undeclared-maintainer",
    severity: Warning,
    uses_history: true,
    check: Some(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some((history, evidence)) = context.history else {
        return;
    };
    if !history.paths_complete() {
        return;
    }
    let settings = &context.config.history;
    for (index, file) in context.snapshot.owners.iter().enumerate() {
        let stats = &evidence.areas[index];
        if stats.changes < settings.min_commits {
            continue;
        }
        let declared = area_people(
            context,
            index,
            &[Role::Owner, Role::Approver, Role::Reviewer, Role::Cover],
        );
        let mut candidates: Vec<(&usize, &crate::history::evidence::Share)> =
            stats.by_actor.iter().collect();
        candidates.sort_by_key(|(actor, share)| (std::cmp::Reverse(share.changes), **actor));
        for (&actor, share) in candidates {
            let fraction = share.changes as f64 / stats.changes as f64;
            if share.changes < settings.min_commits || fraction < settings.min_share {
                continue;
            }
            if declared.iter().any(|person| evidence.is(person, actor)) {
                continue;
            }
            let who = evidence.ids.actors[actor].display();
            let span = file.approvers.first().map(|n| n.span).or(file.owner_span);
            let mut diagnostic = Diagnostic::new(
                RULE.name,
                format!(
                    "{who} made {} of the {} changes ({:.0}%) to `{}` since {} but is not declared there",
                    share.changes,
                    stats.changes,
                    fraction * 100.0,
                    file.area(),
                    format_date(history.window.start)
                ),
            )
            .owner(who.clone())
            .area(file.area())
            .evidence(Evidence {
                last_seen: Some(format_date(share.last)),
                commits: Some(share.changes),
                share: Some((fraction * 1000.0).round() / 1000.0),
            })
            .help(format!(
                "add them to `approvers` or `reviewers` in {} (if their commit identity differs from their handle, map it under `people` in .ownlint.yaml)",
                file.path
            ));
            diagnostic = match span {
                Some(span) => diagnostic.at(&file.path, span).label("not declared here"),
                None => diagnostic.in_file(&file.path),
            };
            out.push(diagnostic);
        }
    }
}
