use super::Context;
use super::declared::{ALL_ROLES, declared};
use crate::diagnostics::Diagnostic;
use crate::resolve::NameKind;

declare_rule! {
    /// With a closed registry, a person named in an ownership file who is not in it.
    ///
    /// ## What it does
    ///
    /// When `.ownlint.yaml` sets `identity.closed: true`, reports every person named in an OWNERS
    /// file (as owner, approver, reviewer or cover, directly or as an alias member) who is not a
    /// handle of `people`, and every name that is neither a person of the registry, a team nor
    /// an alias.
    ///
    /// ## Why it matters
    ///
    /// A closed registry is owner validation without a network or a token: a typo, a person who
    /// left and was removed from the registry, or an account that never existed is caught in the
    /// pre-commit hook instead of by a bot after the merge.
    ///
    /// ## How to fix
    ///
    /// Add the person to the `people` registry of `.ownlint.yaml`, or correct the name to a known
    /// handle, alias or team.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # .ownlint.yaml: identity: {closed: true}; people: {alice: ...}
    /// approvers: [alice, alcie]    # `alcie` is not in the registry
    /// ```
    name: "unknown-owner",
    severity: Error,
    category: Accountability,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    if !context.config.identity_closed {
        return;
    }
    let people = &context.config.people;
    for (index, file) in context.snapshot.owners.iter().enumerate() {
        for entry in declared(context, index, &ALL_ROLES) {
            if people.contains_key(&entry.person) {
                continue;
            }
            let is_group =
                entry.via.is_none() && context.resolver.kind(&entry.person) != NameKind::Person;
            if is_group {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RULE.name,
                    format!(
                        "`{}`{} is not in the people registry of .ownlint.yaml",
                        entry.person,
                        entry.through()
                    ),
                )
                .at(&file.path, entry.span)
                .label("unknown person")
                .owner(entry.person.clone())
                .area(file.area())
                .help(format!(
                    "add `{}` under `people:` in .ownlint.yaml, or fix the name",
                    entry.person
                )),
            );
        }
    }
}
