use super::Context;
use crate::diagnostics::Diagnostic;

declare_rule! {
    /// `owner` names more than one person.
    ///
    /// ## What it does
    ///
    /// Reports an OWNERS file whose `owner` field names several people: a list of more than
    /// one name, a string such as `alice, bob`, or an alias or team with several members.
    ///
    /// ## Why it matters
    ///
    /// Many approvers can share the work, but accountability belongs to one named individual per
    /// area: when several people own something, nobody does. Put the others in `approvers` or
    /// `cover`.
    ///
    /// ## How to fix
    ///
    /// Name one person as `owner`, and keep the others as approvers.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// owner: [alice, bob]     # one accountable person: `owner: alice`, `cover: [bob]`
    /// ```
    name: "multiple-accountable-owners",
    severity: Error,
    category: Accountability,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for file in &context.snapshot.owners {
        let Some(span) = file.owner_span else {
            continue;
        };
        let message = if file.owner.len() > 1 {
            let names: Vec<String> = file.owner.iter().map(|n| format!("`{}`", n.name)).collect();
            format!(
                "`owner` names {}: {}",
                crate::plural::count(file.owner.len(), "person", "people"),
                names.join(", ")
            )
        } else if let Some(only) = file.owner.first() {
            let (people, via) = context.resolver.expand(&only.name);
            match via {
                Some(group) if people.len() > 1 => format!(
                    "`owner` is `{group}`, which stands for {}: {}",
                    crate::plural::count(people.len(), "person", "people"),
                    people.join(", ")
                ),
                _ => continue,
            }
        } else {
            continue;
        };
        out.push(
            Diagnostic::new(RULE.name, message)
                .at(&file.path, span)
                .label("one accountable person expected")
                .area(file.area())
                .help("name one person as `owner`; list the others under `approvers` or `cover`"),
        );
    }
}
