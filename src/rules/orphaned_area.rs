use super::Context;
use super::declared::area_people;
use crate::diagnostics::Diagnostic;
use crate::resolve::{NameKind, Role};
use crate::time::{days_between, format_date};

declare_rule! {
    /// Every approver of an area is stale or cannot be joined to anyone.
    ///
    /// ## What it does
    ///
    /// For each OWNERS file that declares approvers, takes the area's effective approvers
    /// (inherited ones included, aliases expanded) and reports the area when none of them was
    /// active within `stale_after`, listing each with their last activity.
    ///
    /// ## Why it matters
    ///
    /// An orphaned area has owners on paper only: nobody who can approve a change there is
    /// around. It is the strongest sign that ownership must be handed over now.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # legacy/OWNERS
    /// approvers: [bob, carol]    # neither has committed, reviewed or merged in a year
    /// ```
    name: "orphaned-area",
    severity: Error,
    uses_history: true,
    check: Some(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some((history, evidence)) = context.history else {
        return;
    };
    let stale_after = context.config.history.stale_after;
    if !history.covers(stale_after) {
        return;
    }
    let cutoff = context.as_of - stale_after;
    for (index, file) in context.snapshot.owners.iter().enumerate() {
        let own = file
            .approvers
            .first()
            .or_else(|| file.filters.iter().find_map(|f| f.approvers.first()));
        let Some(first) = own else {
            continue;
        };
        let approvers = area_people(context, index, &[Role::Approver]);
        // A group of unknown members (a platform team, a role) may well be active.
        if approvers.is_empty()
            || approvers
                .iter()
                .any(|p| context.resolver.kind(p) == NameKind::Group)
        {
            continue;
        }
        let mut states = Vec::new();
        let mut anyone_active = false;
        for person in &approvers {
            let state = if !evidence.ids.is_mapped(person) {
                "unmapped".to_string()
            } else {
                match evidence.last_seen(person) {
                    Some(t) if t >= cutoff => {
                        anyone_active = true;
                        break;
                    }
                    Some(t) => format!(
                        "last seen {}, {} days ago",
                        format_date(t),
                        days_between(t, context.as_of)
                    ),
                    None => format!("not seen since {}", format_date(history.window.start)),
                }
            };
            states.push(format!("`{person}` ({state})"));
        }
        if anyone_active {
            continue;
        }
        out.push(
            Diagnostic::new(
                RULE.name,
                format!(
                    "no approver of `{}` is active: {}",
                    file.area(),
                    states.join(", ")
                ),
            )
            .at(&file.path, first.span)
            .label("every approver is gone")
            .area(file.area())
            .help("name an active approver and owner for this area, with a handover document"),
        );
    }
}
