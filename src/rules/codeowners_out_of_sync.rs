declare_rule! {
    /// The committed CODEOWNERS differs from the one the OWNERS files generate.
    ///
    /// ## What it does
    ///
    /// `ownlint export codeowners --check` generates the GitHub CODEOWNERS equivalent to the
    /// repository's OWNERS files and compares it with the committed one (the first of
    /// `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`, or the `--output` path). It reports
    /// the first differing lines, or a missing file.
    ///
    /// ## Why it matters
    ///
    /// GitHub requests reviews from CODEOWNERS while people edit OWNERS files: when the
    /// generated file is stale, reviews go to the old owners and branch protection trusts them.
    ///
    /// ## How to fix
    ///
    /// Regenerate the committed file with `ownlint export codeowners --output PATH` and commit it,
    /// or edit the OWNERS files so that they say what the committed file says.
    ///
    /// ## Example
    ///
    /// ```text
    /// # src/api/OWNERS now says approvers: [bob]; .github/CODEOWNERS still says:
    /// /src/api/ @alice
    /// ```
    name: "codeowners-out-of-sync",
    severity: Error,
    category: Export,
    check: Check::Apart,
}
