use super::Context;
use crate::diagnostics::Diagnostic;

declare_rule! {
    /// An OWNERS file that names nobody.
    ///
    /// ## What it does
    ///
    /// Reports an OWNERS file with no `owner`, `approvers`, `reviewers`, `required_reviewers` or
    /// `cover`, and no filter that names anyone: empty, only comments, only `labels`, or only
    /// emeritus lists.
    ///
    /// ## Why it matters
    ///
    /// An empty OWNERS file looks like ownership but declares none. With
    /// `no_parent_owners: true` it leaves everything below it unowned; without it, it only adds
    /// noise. Commented-out approvers are a sign that the area lost its owners.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers:
    /// # - alice
    /// labels:
    ///   - area/provider/example
    /// ```
    name: "empty-owners-file",
    severity: Warning,
    check: Some(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for file in &context.snapshot.owners {
        // Owners brought in from another repository are unknown, not absent.
        if !file.is_directory() || file.declares_anyone() || file.external_includes > 0 {
            continue;
        }
        let (message, help) = if file.no_parent_owners {
            (
                format!(
                    "{} names nobody and sets no_parent_owners: everything under it is unowned",
                    file.path
                ),
                "add approvers, or remove `no_parent_owners` to inherit the parent directory's owners",
            )
        } else {
            (
                format!("{} names no owner, approver or reviewer", file.path),
                "add approvers, or delete the file to inherit the parent directory's owners",
            )
        };
        out.push(
            Diagnostic::new(RULE.name, message)
                .in_file(&file.path)
                .area(file.area())
                .help(help),
        );
    }
}
