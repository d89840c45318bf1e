use super::Context;
use crate::diagnostics::Diagnostic;
use crate::model::Dialect;

declare_rule! {
    /// An OWNERS file with approvers but no accountable `owner`.
    ///
    /// ## What it does
    ///
    /// Reports an OWNERS file that lists approvers (top-level or in filters) but has no `owner`
    /// field naming the one person accountable for the area.
    ///
    /// ## Why it matters
    ///
    /// Approvers share the work; accountability needs one name. Without it, questions about the
    /// area's direction, risks and handover have nobody to go to. This is `info` by default
    /// because plain Kubernetes-style OWNERS files have no such field.
    ///
    /// ## How to fix
    ///
    /// Add `owner: <handle>` naming the one person accountable for the area.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers: [alice, bob]     # add `owner: alice`
    /// ```
    name: "missing-accountable-owner",
    severity: Info,
    category: Accountability,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    // `owner` is ownlint's own field: only YAML OWNERS files can have it.
    for file in &context.snapshot.owners {
        if file.dialect != Dialect::Owners || !file.owner.is_empty() {
            continue;
        }
        let first = file
            .approvers
            .first()
            .or_else(|| file.filters.iter().find_map(|f| f.approvers.first()));
        let Some(first) = first else {
            continue;
        };
        out.push(
            Diagnostic::new(
                RULE.name,
                format!(
                    "area `{}` has approvers but no accountable `owner`",
                    file.area()
                ),
            )
            .at(&file.path, first.span)
            .label("approvers, but no `owner:`")
            .area(file.area())
            .help("add `owner: <handle>` naming the one person accountable for this area"),
        );
    }
}
