use super::Context;
use crate::diagnostics::Diagnostic;
use crate::model::Dialect;
use crate::model::NameRef;
use crate::resolve::NameKind;

declare_rule! {
    /// An area approved only by aliases or teams, with no accountable `owner`.
    ///
    /// ## What it does
    ///
    /// Reports an OWNERS file whose approvers (top-level and in filters) are all aliases of
    /// OWNERS_ALIASES or teams of `.ownlint.yaml`, and which names no `owner`.
    ///
    /// ## Why it matters
    ///
    /// A team alone is not a person. When an area belongs only to a group, everyone assumes
    /// someone else in it is responsible; naming one accountable `owner` from the group fixes
    /// that without removing the group's approval rights.
    ///
    /// ## How to fix
    ///
    /// Add `owner: <one person from the group>` to the OWNERS file.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers:
    ///   - sig-storage-approvers     # only an alias, and no `owner:`
    /// ```
    name: "team-only-ownership",
    severity: Info,
    category: Accountability,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    // Only YAML OWNERS files can name the accountable person (`owner`) besides teams.
    for file in &context.snapshot.owners {
        if file.dialect != Dialect::Owners || !file.owner.is_empty() {
            continue;
        }
        let approvers: Vec<&NameRef> = file
            .approvers
            .iter()
            .chain(file.filters.iter().flat_map(|f| &f.approvers))
            .collect();
        let Some(first) = approvers.first() else {
            continue;
        };
        if approvers
            .iter()
            .any(|n| context.resolver.kind(&n.name) == NameKind::Person)
        {
            continue;
        }
        let groups: Vec<String> = approvers.iter().map(|n| format!("`{}`", n.name)).collect();
        out.push(
            Diagnostic::new(
                RULE.name,
                format!(
                    "area `{}` is approved only by {} and has no accountable owner",
                    file.area(),
                    groups.join(", ")
                ),
            )
            .at(&file.path, first.span)
            .label("a group, not a person")
            .area(file.area())
            .help("add `owner: <one person from the group>` to this OWNERS file"),
        );
    }
}
