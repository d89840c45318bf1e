//! The model of a CODEOWNERS file: the platform that reads it (its flavour) and where that
//! platform looks for it, its sections, lines and owners.

use crate::source::Span;

/// Which platform reads the file: the syntax and the matching rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Github,
    Gitlab,
}

impl Flavor {
    /// The platform's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Github => "GitHub",
            Flavor::Gitlab => "GitLab",
        }
    }
}

/// Where GitHub looks for the file, in its order: "If `CODEOWNERS` files exist in more than one
/// of those locations, GitHub will search for them in that order and use the first one it finds."
pub const GITHUB_LOCATIONS: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/// Where GitLab looks for the file, in its order: "GitLab checks these locations in your
/// repository in this order. The first `CODEOWNERS` file found is used, and all others are
/// ignored: `./CODEOWNERS`, `./docs/CODEOWNERS`, `./.gitlab/CODEOWNERS`."
pub const GITLAB_LOCATIONS: [&str; 3] = ["CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"];

/// "CODEOWNERS files must be under 3 MB in size. A CODEOWNERS file over this limit will not be
/// loaded" (GitHub). GitLab's documentation of its CODEOWNERS file (syntax, error handling,
/// troubleshooting) gives no size limit, so none is applied to a file read as GitLab's.
pub const GITHUB_MAX_BYTES: usize = 3 * 1024 * 1024;

/// Where a flavour looks for the file, in its order (the first that exists is used).
pub fn locations(flavor: Flavor) -> &'static [&'static str] {
    match flavor {
        Flavor::Github => &GITHUB_LOCATIONS,
        Flavor::Gitlab => &GITLAB_LOCATIONS,
    }
}

/// The flavour a CODEOWNERS file is read in, from its repository path. The root and `docs/`
/// locations are GitHub's and GitLab's alike; they are read as GitHub's, and a caller that knows
/// the repository lives on GitLab passes [`Flavor::Gitlab`] itself.
pub fn flavor_for_path(path: &str) -> Option<Flavor> {
    match path.strip_prefix("./").unwrap_or(path) {
        ".github/CODEOWNERS" | "CODEOWNERS" | "docs/CODEOWNERS" => Some(Flavor::Github),
        ".gitlab/CODEOWNERS" => Some(Flavor::Gitlab),
        _ => None,
    }
}

/// A parsed CODEOWNERS file.
#[derive(Debug, Clone)]
pub struct Codeowners {
    pub path: String,
    pub flavor: Flavor,
    /// Section 0 is the implicit section before the first header (GitHub files have only it).
    /// Every GitLab header has its own entry, in file order; repeated names point at the first
    /// header of that name through [`Section::merged_into`].
    pub sections: Vec<Section>,
    /// The pattern lines, in file order (comments, blank lines and headers are not lines).
    pub lines: Vec<Line>,
}

impl Codeowners {
    /// The section whose rules `section`'s rules are combined with: GitLab combines sections whose
    /// names differ only in case, under the first one's name.
    pub fn canonical_section(&self, section: usize) -> usize {
        self.sections
            .get(section)
            .map_or(section, |s| s.merged_into)
    }

    /// Whether GitLab treats a (combined) section as optional: "If a section is duplicated in the
    /// file, and one of them is marked as optional and the other isn't, the section is required."
    pub fn is_optional(&self, section: usize) -> bool {
        let canonical = self.canonical_section(section);
        let mut headers = self
            .sections
            .iter()
            .filter(|s| s.merged_into == canonical)
            .peekable();
        headers.peek().is_some() && headers.all(|s| s.optional)
    }
}

/// A section header (GitLab), or the implicit section 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The name as written between the brackets; `""` for the implicit section 0.
    pub name: String,
    /// The header from `^` or `[` to its last `]` (empty for section 0).
    pub span: Span,
    /// `^[Name]`.
    pub optional: bool,
    /// `[Name][N]`, as GitLab applies it: `[0]` counts as 1; a count that is not a number is
    /// `None` (GitLab then requires 1).
    pub approvals: Option<u32>,
    /// `[Name] @owner ...`: the owners of this header's lines that name none.
    pub default_owners: Vec<Owner>,
    /// The index of the first header with the same name, case-insensitively (its own index when
    /// it is the first): GitLab combines their rules into one section.
    pub merged_into: usize,
}

/// A pattern line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The pattern, without a leading `!`, with `\ ` and `\#` unescaped (other escapes such as
    /// `\*` are kept: the matcher reads them).
    pub pattern: String,
    /// The pattern as written, `!` included.
    pub raw: String,
    /// The span of `raw`.
    pub span: Span,
    /// The whole line, without its line break.
    pub line_span: Span,
    /// The owner tokens as written, invalid ones included ([`OwnerKind::Invalid`]). On GitLab the
    /// words of an inline comment are owners too: GitLab parses them.
    pub owners: Vec<Owner>,
    /// The index of the header the line is under (0 before any header).
    pub section: usize,
    /// A GitLab `!path` exclusion. On GitHub such a line is unsupported and [`Line::skipped`].
    pub negated: bool,
    /// The platform ignores the line: unsupported syntax, or (GitHub) an invalid owner.
    pub skipped: bool,
}

impl Line {
    /// The valid owners that apply to paths this line decides. On GitLab a line naming no owner
    /// takes its section's default owners ("Default owners are applied when specific owners are
    /// not specified for file paths"), and an exclusion has no owners.
    pub fn effective_owners<'a>(&'a self, file: &'a Codeowners) -> Vec<&'a Owner> {
        if self.negated {
            return Vec::new();
        }
        let owners = if self.owners.is_empty() && file.flavor == Flavor::Gitlab {
            file.sections
                .get(self.section)
                .map_or(&[][..], |s| &s.default_owners[..])
        } else {
            &self.owners[..]
        };
        owners
            .iter()
            .filter(|o| o.kind != OwnerKind::Invalid)
            .collect()
    }
}

/// One owner token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// As written, e.g. `@org/team`.
    pub text: String,
    pub span: Span,
    pub kind: OwnerKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerKind {
    /// `@username` (on GitLab also a top-level group: the two cannot be told apart).
    User,
    /// `@org/team` (GitLab: `@group/subgroup/...`).
    Team,
    Email,
    /// GitLab `@@developer`, `@@maintainer`, `@@owner` (or their plurals).
    Role,
    Invalid,
}
