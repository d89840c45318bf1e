declare_rule! {
    /// A Chromium OWNERS include of a file in another Gerrit project: noted, not followed.
    ///
    /// ## What it does
    ///
    /// Notes each `file:` or `include` directive that names an OWNERS file of another Gerrit
    /// project on the same host, in any of the forms Gerrit's `code-owners` plugin reads:
    /// `file:PROJECT:PATH`, `file:PROJECT:BRANCH:PATH`, `include PROJECT:PATH`,
    /// `include PROJECT:BRANCH:PATH` (the branch a short name or a full `refs/heads/...` ref;
    /// without one, the branch the including file is on), `per-file GLOB=file:PROJECT:PATH`,
    /// and Chromium's `file://PROJECT:PATH`.
    ///
    /// Such an include is valid: Gerrit follows it. ownlint reads one repository at one
    /// revision and does not fetch the other project, so it cannot know the owners it brings
    /// in: they are not checked, and the file is not called empty for naming nobody itself.
    /// Includes that leave the repository by path (`..` above the root, an absolute path on
    /// disk) are errors instead: `include-outside-repository`.
    ///
    /// ## Why it matters
    ///
    /// Nothing is wrong, and there is nothing to fix: the note says which owners ownlint
    /// could not see, so that its other findings about the area are read with that in mind.
    ///
    /// ## How to fix
    ///
    /// Nothing, if the other project's file is meant: its owners are not checked here. Copy the
    /// owners into this repository if they should be.
    ///
    /// ## Example
    ///
    /// ```text
    /// # OWNERS
    /// include platform/system/core:main:/janitors/OWNERS
    /// file://chromium/src:/build/OWNERS
    /// ```
    name: "include-other-repository",
    severity: Info,
    category: Syntax,
    check: Check::Reading,
}
