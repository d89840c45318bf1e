use super::{Context, HistoryContext};
use crate::diagnostics::Diagnostic;
use crate::model::Dialect;

declare_rule! {
    /// An approver removed without being moved to `emeritus_approvers`.
    ///
    /// ## What it does
    ///
    /// For each change of an OWNERS file (in the window, or in the pull request or staged
    /// commit) that removed approvers, reports each removed person who is not listed in
    /// `emeritus_approvers` of the new version. People are compared as identities: an email
    /// or handle changed for the same person removes nobody, and an OWNERS file moved with its
    /// directory is the same area. Deleting an area outright removes nobody from it, nor does
    /// dropping someone who still approves the area through a parent OWNERS file. Only people
    /// named one by one count (not the members of an alias dropped as a whole), and, with
    /// history, only people the history shows.
    ///
    /// ## Why it matters
    ///
    /// `emeritus_approvers` keeps the record of who knew an area. When someone leaves the
    /// approvers without it, the next person with a question about old decisions has no one to
    /// ask.
    ///
    /// ## How to fix
    ///
    /// Add the person under `emeritus_approvers` in the OWNERS file of the area they left.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers: [bob]          # alice was removed from this list
    /// emeritus_approvers: []    # ... but not added here
    /// ```
    name: "departed-owner-not-moved",
    severity: Info,
    category: Change,
    check: Check::MaybeHistory(check),
}

fn check(context: &Context, history: Option<&HistoryContext>, out: &mut Vec<Diagnostic>) {
    let same = |a: &str, b: &str| match history {
        Some(history) => history.evidence.ids.same_person(a, b),
        None => a.eq_ignore_ascii_case(b),
    };
    // Only YAML OWNERS files have `emeritus_approvers` to move anyone to.
    for hands in context
        .changes_of_hands(history)
        .iter()
        .filter(|h| h.change.dialect == Dialect::Owners)
    {
        let change = hands.change;
        let area = context.area_of_change(change);
        let old = hands.moved_from.unwrap_or(change);
        for person in &hands.approvers_lost {
            if change.emeritus_after.iter().any(|e| same(e, person)) {
                continue;
            }
            // Emeritus lists name people who approved one by one: the members of an alias
            // dropped as a whole are not departures, nor is a name the history never shows
            // (an undefined alias, a typo).
            let written = old
                .written_before
                .iter()
                .any(|w| w.eq_ignore_ascii_case(person));
            let unknown = history.is_some_and(|history| !history.evidence.ids.is_mapped(person));
            if !written || unknown {
                continue;
            }
            // Someone who is back by now, or who has been recorded since, needs nothing more.
            let current = area.map(|i| &context.snapshot.owners[i]);
            let settled = current.is_some_and(|f| {
                f.approvers
                    .iter()
                    .chain(&f.emeritus_approvers)
                    .any(|n| same(&n.name, person))
            });
            if settled {
                continue;
            }
            let area_name = change.area.clone();
            let mut diagnostic = Diagnostic::new(
                RULE.name,
                format!(
                    "`{person}` was removed from the approvers of `{area_name}` {} but not moved to emeritus_approvers",
                    change.when()
                ),
            )
            .owner(person.clone())
            .area(area_name)
            .instance(change.instance())
            .help(format!("add `{person}` under `emeritus_approvers` to keep the record of who knew this area"));
            diagnostic = match current {
                // Where the approvers are: emeritus, top level, else the first filter's (an
                // OWNERS file of `filters` alone, as kubernetes-sigs/cluster-api-provider-aws
                // writes them).
                Some(file) => match file
                    .emeritus_approvers
                    .first()
                    .or(file.approvers.first())
                    .or(file.filters.iter().find_map(|f| f.approvers.first()))
                {
                    Some(name) => diagnostic
                        .at(&file.path, name.span)
                        .label(format!("`{person}` belongs in emeritus_approvers")),
                    None => diagnostic.in_file(&file.path),
                },
                None if context.snapshot.sources.contains_key(&change.file) => {
                    diagnostic.in_file(&change.file)
                }
                None => diagnostic,
            };
            out.push(diagnostic);
        }
    }
}
