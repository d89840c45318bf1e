use super::Context;
use crate::diagnostics::Diagnostic;
use crate::model::NameRef;

declare_rule! {
    /// A person listed both as emeritus and as a current approver or reviewer.
    ///
    /// ## What it does
    ///
    /// Reports a name that appears in `emeritus_approvers` (or `emeritus_reviewers`) and also in
    /// `approvers`, `reviewers`, `required_reviewers` or a filter of the same OWNERS file,
    /// directly or through an alias.
    ///
    /// ## Why it matters
    ///
    /// Moving someone to emeritus means they stepped down. Leaving them among the approvers
    /// keeps assigning them reviews they will not do, and hides that the area lost an owner.
    ///
    /// ## How to fix
    ///
    /// Remove the person from `emeritus_approvers` if they are active again, or from `approvers`
    /// and `reviewers` if they left.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers: [alice, bob]
    /// emeritus_approvers: [bob]     # bob is still an approver above
    /// ```
    name: "emeritus-still-listed",
    severity: Warning,
    category: Accountability,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for file in &context.snapshot.owners {
        let emeritus: Vec<&NameRef> = file
            .emeritus_approvers
            .iter()
            .chain(&file.emeritus_reviewers)
            .collect();
        if emeritus.is_empty() {
            continue;
        }
        let current = file
            .approvers
            .iter()
            .chain(&file.reviewers)
            .chain(&file.required_reviewers)
            .chain(file.filters.iter().flat_map(|f| {
                f.approvers
                    .iter()
                    .chain(&f.reviewers)
                    .chain(&f.required_reviewers)
            }));
        for name in current {
            let (people, via) = context.resolver.expand(&name.name);
            for person in people {
                if !emeritus.iter().any(|e| e.name == person) {
                    continue;
                }
                let through = via
                    .as_ref()
                    .map(|alias| format!(" through `{alias}`"))
                    .unwrap_or_default();
                out.push(
                    Diagnostic::new(
                        RULE.name,
                        format!(
                            "`{person}` is emeritus but still listed{through} in {}",
                            file.path
                        ),
                    )
                    .at(&file.path, name.span)
                    .label("also in emeritus_approvers")
                    .owner(person.clone())
                    .area(file.area())
                    .help(match &via {
                        Some(alias) => format!("remove `{person}` from the alias `{alias}`"),
                        None => format!("remove `{person}` from this list"),
                    }),
                );
            }
        }
    }
}
