use super::Context;
use crate::diagnostics::Diagnostic;

declare_rule! {
    /// An OWNERS file that names nobody and does nothing else.
    ///
    /// ## What it does
    ///
    /// Reports an OWNERS file with no `owner`, `approvers`, `reviewers`, `required_reviewers` or
    /// `cover`, no filter that names anyone, no `labels` and no option turned on: empty, only
    /// comments, or only emeritus lists.
    ///
    /// A file that carries labels or options is not empty, even when it names nobody: Prow
    /// applies its `labels` to every pull request touching the directory (a labels-only OWNERS
    /// file is a common Prow pattern), and `no_parent_owners` (Chromium's `set noparent`) or
    /// `auto_approve_unowned_subfolders` change who approves. Where such a file leaves paths
    /// without an approver, `unowned-path` says so.
    ///
    /// ## Why it matters
    ///
    /// An empty OWNERS file looks like ownership but declares none and changes nothing: it only
    /// adds noise. Commented-out approvers are a sign that the area lost its owners.
    ///
    /// ## How to fix
    ///
    /// Add approvers to the file, or delete it so that the directory inherits its parent's owners.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers:
    /// # - alice
    /// emeritus_approvers:
    ///   - bob
    /// ```
    name: "empty-owners-file",
    severity: Warning,
    category: Accountability,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for file in &context.snapshot.owners {
        // Owners brought in from another repository are unknown, not absent; labels and
        // options are something, and deleting the file would lose them.
        if !file.is_directory()
            || file.declares_anyone()
            || file.carries_labels_or_options()
            || file.external_includes > 0
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                RULE.name,
                format!("{} names no owner, approver or reviewer", file.path),
            )
            .in_file(&file.path)
            .area(file.area())
            .help("add approvers, or delete the file to inherit the parent directory's owners"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::owners;
    use crate::source::SourceFile;

    fn carries(text: &str) -> bool {
        let source = SourceFile::new("pkg/OWNERS", text);
        owners::parse(&source, &mut Vec::new())
            .unwrap()
            .carries_labels_or_options()
    }

    #[test]
    fn labels_and_options_that_are_on_count_and_blank_ones_do_not() {
        assert!(carries("labels:\n  - sig/storage\n"));
        assert!(carries(
            "filters:\n  \"\\\\.go$\":\n    labels: [lang/go]\n"
        ));
        assert!(carries("options:\n  no_parent_owners: true\n"));
        assert!(carries(
            "options:\n  auto_approve_unowned_subfolders: true\n"
        ));
        assert!(!carries("options:\n  no_parent_owners: false\n"));
        assert!(!carries("labels: []\nemeritus_approvers: [bob]\n"));
        assert!(!carries("labels: [\"\"]\n"));
    }
}
