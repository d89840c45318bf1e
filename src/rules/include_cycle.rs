declare_rule! {
    /// OWNERS files that include each other in a cycle.
    ///
    /// ## What it does
    ///
    /// Reports a `file://` or `include` directive that leads, directly or through other
    /// included files, back to a file already being included, and names the cycle. The cycle is
    /// cut there; the owners found before it still count.
    ///
    /// ## Why it matters
    ///
    /// Tools disagree on what a cycle means: some reject the file, some stop silently. Either way
    /// the owners are not what the files seem to say.
    ///
    /// ## How to fix
    ///
    /// Remove one of the includes so that the files no longer include each other.
    ///
    /// ## Example
    ///
    /// ```text
    /// # a/OWNERS
    /// file://b/OWNERS
    /// # b/OWNERS
    /// file://a/OWNERS
    /// ```
    name: "include-cycle",
    severity: Error,
    category: Syntax,
    check: Check::Reading,
}
