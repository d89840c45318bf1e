declare_rule! {
    /// CODEOWNERS syntax that the platform reading the file rejects or silently ignores.
    ///
    /// ## What it does
    ///
    /// Reports CODEOWNERS syntax the file's flavour does not support. On GitHub: `!` negation,
    /// `[ ]` character ranges, `\#` escapes and GitLab `[Section]` headers; GitHub skips such a
    /// line (listing it as an error on the file's page), so the owners on it are lost. On GitLab:
    /// inline comments (GitLab reads the words after `#` as owners), owners on a `!` exclusion
    /// line (ignored), approval counts that are not a positive number or that sit on an optional
    /// `^[Section]`, and text glued to a section header. The finding names the flavour and what the
    /// platform does with the line.
    ///
    /// ## Why it matters
    ///
    /// The platform does not fail loudly: a skipped line quietly leaves its paths to an earlier
    /// pattern or to nobody, and a misread line gives review rights to people nobody chose.
    /// Generated or copied CODEOWNERS files often mix GitHub and GitLab syntax.
    ///
    /// ## How to fix
    ///
    /// Rewrite the line in syntax the platform reading the file supports (the help names it), or
    /// set `codeowners.flavor` if the file is read by another platform.
    ///
    /// ## Example
    ///
    /// ```text
    /// # .github/CODEOWNERS
    /// *           @org/everyone
    /// !vendor/    @org/everyone    # GitHub skips this line: `!` does not work there
    /// *.[ch]      @org/c-team      # skipped too: no character ranges on GitHub
    /// ```
    name: "unsupported-syntax",
    severity: Error,
    category: Syntax,
    check: Check::Reading,
}
