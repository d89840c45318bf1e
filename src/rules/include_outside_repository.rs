declare_rule! {
    /// An OWNERS include that points into another repository or outside this one.
    ///
    /// ## What it does
    ///
    /// Reports `file://` and `include` directives that name another repository
    /// (`include other/repo:/OWNERS`), an absolute file system path, or a path that climbs above
    /// the repository root with `..`. ownlint does not follow them.
    ///
    /// ## Why it matters
    ///
    /// The owners they bring in cannot be checked from this repository, and a path outside the
    /// repository resolves differently on every machine.
    ///
    /// ## Example
    ///
    /// ```text
    /// file://../../other-checkout/OWNERS
    /// ```
    name: "include-outside-repository",
    severity: Error,
    check: None,
}
