use super::declared::area_people;
use super::{Context, HistoryContext};
use crate::diagnostics::Diagnostic;
use crate::resolve::{NameKind, Role};
use crate::time::{days_between, format_date};

declare_rule! {
    /// Every approver of an area is known to be gone: none active within `stale_after`.
    ///
    /// ## What it does
    ///
    /// For each OWNERS file (or CODEOWNERS line, MAINTAINERS section) that declares approvers,
    /// takes the area's effective approvers (inherited ones included, aliases expanded) and
    /// reports the area when every one of them is known to be gone: seen in the history, but
    /// not within `stale_after` (or a registered person never seen). An area with an approver
    /// who appears nowhere in the history (`unmapped-owner`), or a team of unknown members, is
    /// not judged: they may well be active.
    ///
    /// ## Why it matters
    ///
    /// An orphaned area has owners on paper only: nobody who can approve a change there is
    /// around. It is the strongest sign that ownership must be handed over now.
    ///
    /// ## How to fix
    ///
    /// Name an active owner and approver for the area, with a handover document from those who
    /// left, or archive the code if nobody needs it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # legacy/OWNERS
    /// approvers: [bob, carol]    # neither has committed, reviewed or merged in a year
    /// ```
    name: "orphaned-area",
    severity: Error,
    category: History,
    check: Check::History(HistoryNeed::Cutoff, check),
}

fn check(context: &Context, history: &HistoryContext, out: &mut Vec<Diagnostic>) {
    let HistoryContext {
        history,
        evidence,
        cutoff,
    } = *history;
    for (index, file) in context.snapshot.owners.iter().enumerate() {
        let own = file
            .approvers
            .first()
            .or_else(|| file.filters.iter().find_map(|f| f.approvers.first()));
        let Some(first) = own else {
            continue;
        };
        let approvers = area_people(context, index, &[Role::Approver]);
        // A group of unknown members (a platform team, a role) may well be active; a person
        // who appears nowhere in the history may be too (that is `unmapped-owner`): the area
        // is orphaned only when every approver is known to be gone.
        if approvers.is_empty()
            || approvers
                .iter()
                .any(|p| context.resolver.kind(p) == NameKind::Group || !evidence.ids.is_mapped(p))
        {
            continue;
        }
        let mut states = Vec::new();
        let mut anyone_active = false;
        for person in &approvers {
            let state = match evidence.sighting(person) {
                Some(s) if s.time >= cutoff => {
                    anyone_active = true;
                    break;
                }
                Some(s) => format!(
                    "last seen {}, {} ago",
                    format_date(s.time),
                    crate::plural::count(days_between(s.time, context.as_of), "day", "days")
                ),
                None if evidence.reaches_back_to(history, cutoff) => {
                    "never seen in the history".to_string()
                }
                None => {
                    anyone_active = true;
                    break;
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
