declare_rule! {
    /// An ownership file that cannot be read: invalid YAML, a wrong type, a bad date or regex.
    ///
    /// ## What it does
    ///
    /// Reports an ownership file that is not valid YAML, has a value of the wrong type (a name
    /// where a list is expected), a `reviewed` date that is not `YYYY-MM-DD`, a `filters`
    /// expression that does not compile, or that cannot be read at all (a symbolic link, a
    /// directory, invalid UTF-8, a file over 1 MiB). The finding points at the line and column.
    ///
    /// ## Why it matters
    ///
    /// Prow and other tools skip a file they cannot parse: the owners it declares silently stop
    /// applying, and the directory falls back to its parents' owners or to nobody.
    ///
    /// ## How to fix
    ///
    /// Fix the file where the message points: the YAML syntax, the type of the value, the date
    /// (`YYYY-MM-DD`) or the regular expression.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers: alice        # a list is expected: `approvers: [alice]`
    /// filters:
    ///   "[unclosed": {approvers: [bob]}
    /// ```
    name: "parse-error",
    severity: Error,
    category: Syntax,
    check: Check::Reading,
}
