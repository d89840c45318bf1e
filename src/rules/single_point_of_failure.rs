use super::{Context, HistoryContext};
use crate::diagnostics::{Diagnostic, Evidence};
use crate::model::Dialect;
use crate::resolve::{NameKind, Role};
use crate::time::format_date;

declare_rule! {
    /// An active area that depends on one person, with no cover and no other active approver.
    ///
    /// ## What it does
    ///
    /// For each area with at least `history.min_commits` changes in the window, reports it when
    /// one person made at least `history.single_owner_share` (default 90%) of them, the area has
    /// no `cover`, and no approver other than that person was active within `stale_after`.
    ///
    /// ## Why it matters
    ///
    /// A bus factor of one: when that person is away, changes to the area stall or are approved
    /// by people who do not know it. Naming a cover spreads the knowledge before it is needed.
    ///
    /// ## How to fix
    ///
    /// Name a backup under `cover:` (or a second active approver) and involve them in the area's
    /// reviews.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # billing/OWNERS
    /// owner: alice
    /// approvers: [alice]    # alice made 48 of the 50 changes; add `cover: [bob]`
    /// ```
    name: "single-point-of-failure",
    severity: Warning,
    category: History,
    check: Check::History(HistoryNeed::Paths, check),
}

fn check(context: &Context, history: &HistoryContext, out: &mut Vec<Diagnostic>) {
    let HistoryContext {
        history,
        evidence,
        cutoff,
    } = *history;
    let settings = &context.config.history;
    for (index, file) in context.snapshot.owners.iter().enumerate() {
        let stats = &evidence.areas[index];
        if stats.changes < settings.min_commits {
            continue;
        }
        let Some((&top, share)) = stats
            .by_person
            .iter()
            .max_by_key(|(actor, share)| (share.changes, std::cmp::Reverse(**actor)))
        else {
            continue;
        };
        let fraction = share.changes as f64 / stats.changes as f64;
        if fraction < settings.single_owner_share {
            continue;
        }
        let resolution = context.resolver.resolve_area(index);
        let group_approves = resolution
            .people(Role::Approver)
            .any(|p| context.resolver.kind(p) == NameKind::Group);
        if resolution.people(Role::Cover).next().is_some() || group_approves {
            continue;
        }
        let other_active = resolution
            .people(Role::Approver)
            .filter(|person| !evidence.is(person, top))
            .any(|person| evidence.last_seen(person).is_some_and(|t| t >= cutoff));
        if other_active {
            continue;
        }
        let who = evidence.ids.display(top);
        let mut diagnostic = Diagnostic::new(
            RULE.name,
            format!(
                "`{}` depends on one person: {who} made {} of the {} ({:.0}%) since {}, and there is no cover and no other active approver",
                file.area(),
                share.changes,
                crate::plural::count(stats.changes, "change", "changes"),
                fraction * 100.0,
                format_date(history.window.start)
            ),
        )
        .owner(who)
        .area(file.area())
        .evidence(Evidence {
            last_seen: Some(format_date(share.last)),
            commits: Some(share.changes),
            share: Some((fraction * 1000.0).round() / 1000.0),
        })
        .help(if file.dialect == Dialect::Owners {
            format!("name a backup under `cover:` in {} and involve them in reviews", file.path)
        } else {
            format!("name a second, active owner for this area in {} and involve them in reviews", file.path)
        });
        let span = file.owner_span.or(file.declaration_span());
        diagnostic = match span.or(file.approvers.first().map(|n| n.span)) {
            Some(span) => diagnostic
                .at(&file.path, span)
                .label("one person does the work"),
            None => diagnostic.in_file(&file.path),
        };
        out.push(diagnostic);
    }
}
