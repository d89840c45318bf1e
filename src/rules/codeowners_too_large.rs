declare_rule! {
    /// A GitHub CODEOWNERS file over 3 MB, which GitHub ignores entirely.
    ///
    /// ## What it does
    ///
    /// Reports a CODEOWNERS file read by GitHub whose size is over 3 MB (3 × 1024 × 1024 bytes),
    /// the limit GitHub documents for the file. GitLab documents no size limit for its
    /// CODEOWNERS file, so a file read as GitLab's is never reported (one too large for ownlint
    /// itself to read is a `parse-error`).
    ///
    /// ## Why it matters
    ///
    /// GitHub does not load a CODEOWNERS file over the limit: no code owner is shown and nobody is
    /// requested for review, on every path of the branch, without any error on pull requests.
    /// Generated files that list every path one by one reach the limit as a repository grows.
    ///
    /// ## How to fix
    ///
    /// Shrink the file below 3 MB: replace runs of per-file lines with directory patterns, and
    /// remove lines that later lines override.
    ///
    /// ## Example
    ///
    /// ```text
    /// /src/a/file1.rs  @org/team-a
    /// /src/a/file2.rs  @org/team-a     # ... 80,000 more lines: use `/src/a/` instead
    /// ```
    name: "codeowners-too-large",
    severity: Error,
    category: Syntax,
    check: Check::Reading,
}
