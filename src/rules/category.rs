//! The categories of rules, like clippy's lint groups and ruff's linters: what a rule is about.
//! A category name stands for all its rules in the configuration's `rules:` and in
//! `--select`/`--ignore`, and it decides what is derived about its rules elsewhere (see
//! [`Category::is_deterministic`] and `commands/pull_request.rs`).

/// What a rule is about. Every rule has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// The ownership files read as their host reads them: parse errors, unknown keys and
    /// syntax, includes, size limits, which CODEOWNERS file the host reads.
    Syntax,
    /// ownlint's own `ownlint: ignore[...]` comments.
    Suppression,
    /// Which files have owners, and which patterns decide it.
    Coverage,
    /// Who is declared: accountable owners, approvers, aliases, teams, statuses.
    Accountability,
    /// The declarations against what the history shows people doing.
    History,
    /// Handover documents against the ownership files.
    Handover,
    /// What a change (a commit of the history, a pull request, a staged change) does to
    /// ownership: a change of hands, a rename that breaks a pattern.
    Change,
    /// The CODEOWNERS generated from OWNERS files (`ownlint export codeowners`).
    Export,
}

impl Category {
    /// Every category, in the order `ownlint rules` and the README list them.
    pub const ALL: &[Category] = &[
        Category::Syntax,
        Category::Suppression,
        Category::Coverage,
        Category::Accountability,
        Category::History,
        Category::Handover,
        Category::Change,
        Category::Export,
    ];

    /// The name written in the configuration and on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Suppression => "suppression",
            Category::Coverage => "coverage",
            Category::Accountability => "accountability",
            Category::History => "history",
            Category::Handover => "handover",
            Category::Change => "change",
            Category::Export => "export",
        }
    }

    /// One line on what the category's rules report.
    pub const fn summary(self) -> &'static str {
        match self {
            Category::Syntax => {
                "ownership files read as their host reads them: syntax, keys, includes, limits"
            }
            Category::Suppression => "ownlint's own `ownlint: ignore[...]` comments",
            Category::Coverage => "which files have owners, and which patterns decide it",
            Category::Accountability => "who is declared: accountable owners, approvers, aliases",
            Category::History => "declarations against the activity the history shows",
            Category::Handover => "handover documents against the ownership files",
            Category::Change => "what a change does to ownership: changes of hands, renames",
            Category::Export => "the CODEOWNERS generated from OWNERS files",
        }
    }

    /// Whether the category's findings follow from the checked revision alone (its ownership
    /// files, configuration and file list), not from the history, the date or the change
    /// being checked: a suppression of such a rule that hides nothing is unused.
    pub const fn is_deterministic(self) -> bool {
        match self {
            Category::Syntax
            | Category::Suppression
            | Category::Coverage
            | Category::Accountability
            | Category::Export => true,
            Category::History | Category::Handover | Category::Change => false,
        }
    }

    /// The category with this name.
    pub fn find(name: &str) -> Option<Category> {
        Category::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
