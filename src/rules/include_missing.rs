declare_rule! {
    /// A Chromium OWNERS `file://` or `include` directive naming a file that does not exist.
    ///
    /// ## What it does
    ///
    /// Follows every `file://` and `include` directive of plain-text OWNERS files inside the
    /// repository, at the checked revision, and reports those whose target is not a tracked
    /// file.
    ///
    /// ## Why it matters
    ///
    /// The owners the included file should bring in are silently missing: the directory may
    /// end up with no approver, or with only its parents' owners.
    ///
    /// ## How to fix
    ///
    /// Fix the path of the directive, restore the file it names, or remove the directive.
    ///
    /// ## Example
    ///
    /// ```text
    /// # src/net/OWNERS
    /// file://src/net/NET_OWNERS      # NET_OWNERS was deleted
    /// ```
    name: "include-missing",
    severity: Error,
    category: Syntax,
    check: Check::Reading,
}
