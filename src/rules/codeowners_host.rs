declare_rule! {
    /// Which platform's CODEOWNERS semantics apply, and the CODEOWNERS files it ignores.
    ///
    /// ## What it does
    ///
    /// GitHub and GitLab each read exactly one CODEOWNERS file: the first that exists of
    /// their locations (GitHub: `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`; GitLab:
    /// `CODEOWNERS`, `docs/CODEOWNERS`, `.gitlab/CODEOWNERS`). ownlint reads the file the
    /// platform reads, with that platform's semantics, and reports each other CODEOWNERS file
    /// as ignored by the platform. The platform is `codeowners.flavor` when it is set, else it
    /// is inferred: GitLab section headers in the root or `docs/` file, a CODEOWNERS in one
    /// platform's own location (`.gitlab/`, `.github/`) and not in the other's, GitLab files
    /// (`.gitlab-ci.yml`, `.gitlab/`) without `.github/`; otherwise GitHub. When the root or
    /// `docs/` file is read as GitLab's by inference, or the evidence conflicts, a finding says
    /// which platform was chosen and why.
    ///
    /// ## Why it matters
    ///
    /// The two platforms read the same lines differently (sections, exclusions, which pattern
    /// matches a directory), and a second CODEOWNERS file is silently ignored by the platform:
    /// its owners are never asked to review, however current it looks.
    ///
    /// ## How to fix
    ///
    /// Keep one CODEOWNERS file, in a location the platform reads first, and delete or merge
    /// the ignored ones. If the inferred platform is wrong, set `codeowners.flavor` (`github` or
    /// `gitlab`) in `.ownlint.yaml`.
    ///
    /// ## Example
    ///
    /// ```text
    /// # CODEOWNERS
    /// # read by GitLab (its first location)
    /// * @org/backend
    /// # .gitlab/CODEOWNERS
    /// # ignored by GitLab: the root file was found first
    /// * @org/platform
    /// ```
    name: "codeowners-host",
    severity: Info,
    category: Syntax,
    check: Check::Reading,
    // Not judged by unused-suppression, as before categories: its findings are about whole
    // files, so no `ownlint: ignore` comment can hide one anyway.
    suppressions_judged: false,
}
