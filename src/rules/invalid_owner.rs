declare_rule! {
    /// A CODEOWNERS owner that is not `@user`, `@org/team`, an email (or a GitLab `@@role`).
    ///
    /// ## What it does
    ///
    /// Reports every owner token of a CODEOWNERS line or GitLab section header that is neither a
    /// `@username`, a `@org/team-name` (GitLab: `@group/subgroup`), an email address nor, on
    /// GitLab, one of the roles `@@developer`, `@@maintainer` or `@@owner`. A name without its `@`
    /// is the usual cause.
    ///
    /// ## Why it matters
    ///
    /// GitHub treats a line with an invalid owner as invalid syntax and skips the whole line, so
    /// even the valid owners on it stop being requested for review. GitLab ignores the malformed
    /// owner; if it was the only one, the rule has nobody to approve it and GitLab approves it
    /// automatically.
    ///
    /// ## How to fix
    ///
    /// Write the owner as the platform reads it: `@username`, `@org/team-name` or an email address
    /// (GitLab also reads `@@role`).
    ///
    /// ## Example
    ///
    /// ```text
    /// # .github/CODEOWNERS
    /// /api/    @org/api-team  alice       # `alice` lacks its `@`: GitHub skips the line
    /// ```
    name: "invalid-owner",
    severity: Error,
    category: Syntax,
    check: Check::Reading,
}
