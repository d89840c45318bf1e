declare_rule! {
    /// A MAINTAINERS section without status, file pattern or contact, or with a repeated header.
    ///
    /// ## What it does
    ///
    /// Checks every section of a Linux-style `MAINTAINERS` file (and every area of a Zephyr
    /// `MAINTAINERS.yml`) as `scripts/get_maintainer.pl --self-test=sections` does. It reports a
    /// section without an `S:` status; a section without an `F:` or `N:` pattern, which covers no
    /// file; a section without an `M:` maintainer, `R:` reviewer or `L:` list while its status is
    /// not Orphan or Obsolete; and a section header used twice in the same file. In Zephyr it
    /// reports an area with neither `files` nor `files-regex`, and a `maintained` area without
    /// `maintainers`.
    ///
    /// A file named `MAINTAINERS` with no section at all follows another convention (a list of
    /// people, a YAML or TOML file, often vendored with a library): get_maintainer.pl reads
    /// nothing from it, so ownlint does not read it as an ownership system, and says so with a
    /// milder finding (left out, like every finding, when the file is vendored or excluded).
    ///
    /// ## Why it matters
    ///
    /// get_maintainer.pl and the tools built on it (patch mailing, CI routing) skip what they
    /// cannot use: a section without patterns owns nothing, one without people routes changes to
    /// nobody, and two sections with one header make readers and scripts pick the wrong one.
    /// Each looks declared while the area is in fact unowned.
    ///
    /// ## How to fix
    ///
    /// Give the section its `S:` status, at least one `F:` pattern and a contact (`M:`, `R:` or
    /// `L:`), and give repeated headers distinct names or merge the sections.
    ///
    /// ## Example
    ///
    /// ```text
    /// # MAINTAINERS
    /// FOO DRIVER
    /// M:	Jane Doe <jane@example.org>
    /// F:	drivers/foo/          # no `S:` line
    ///
    /// BAR DRIVER                # no `F:` or `N:`: covers no file
    /// M:	John Roe <john@example.org>
    /// S:	Maintained
    /// ```
    name: "maintainers-section",
    severity: Warning,
    category: Syntax,
    check: Check::Reading,
}
