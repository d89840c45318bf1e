declare_rule! {
    /// An OWNERS include that leaves the repository by its path.
    ///
    /// ## What it does
    ///
    /// Reports `file:` and `include` directives whose path climbs above the repository root
    /// with `..`, or is an absolute path on disk (`file:///etc/OWNERS`, `~/OWNERS`,
    /// `C:\OWNERS`, backslash paths). ownlint does not follow them. (An include of a file in
    /// another Gerrit project, `include other/repo:/OWNERS`, is valid there and is only noted:
    /// `include-other-repository`.)
    ///
    /// ## Why it matters
    ///
    /// Gerrit rejects such a path, and a path outside the repository resolves differently on
    /// every machine: the owners it was meant to bring in are not there.
    ///
    /// ## How to fix
    ///
    /// Point the include at a file inside the repository (a path relative to it, without `..` above
    /// the root), or remove it.
    ///
    /// ## Example
    ///
    /// ```text
    /// # OWNERS
    /// file://../../other-checkout/OWNERS
    /// ```
    name: "include-outside-repository",
    severity: Error,
    category: Syntax,
    check: Check::Reading,
}
