//! The format-neutral ownership model: who is named where, with the span of every name.

use regex::Regex;

use crate::source::Span;
use crate::yaml::Sp;

/// A name as written in an ownership file (a person's handle, an email, an alias or a team),
/// lower-cased for comparison as Prow does, with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRef {
    pub name: String,
    pub span: Span,
}

impl NameRef {
    pub fn new(name: &str, span: Span) -> Self {
        NameRef {
            name: name.trim().trim_start_matches('@').to_lowercase(),
            span,
        }
    }
}

/// A `filters` entry: a regular expression on paths relative to the OWNERS file's directory,
/// with its own approvers and reviewers.
#[derive(Debug, Clone)]
pub struct Filter {
    pub pattern: String,
    pub span: Span,
    /// `None` when the pattern does not compile (reported as a parse error). Shared with every
    /// filter of the same expression (see [`crate::pattern_memo`]).
    pub regex: Option<std::sync::Arc<Regex>>,
    pub approvers: Vec<NameRef>,
    pub reviewers: Vec<NameRef>,
    pub required_reviewers: Vec<NameRef>,
    /// Labels Prow applies to pull requests touching the paths the filter matches.
    pub labels: Vec<String>,
    /// Chromium `per-file GLOB=set noparent`: for the paths it matches, only this filter's
    /// owners count (not the file's other owners, nor its parents').
    pub no_parent: bool,
}

pub use crate::dialect::Dialect;

/// A family of ownership files that decides a path's owners on its own: OWNERS files (directory
/// inheritance), the CODEOWNERS file in effect (last match), MAINTAINERS files (every match).
/// Each system present is checked on its own; where two disagree, that is a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum System {
    Owners,
    Codeowners,
    Maintainers,
}

impl System {
    pub fn label(self) -> &'static str {
        match self {
            System::Owners => "OWNERS",
            System::Codeowners => "CODEOWNERS",
            System::Maintainers => "MAINTAINERS",
        }
    }
}

/// Which paths an area declaration governs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Scope {
    /// Its directory and everything below, by inheritance (OWNERS files).
    #[default]
    Directory,
    /// The paths its patterns decide (a CODEOWNERS line, a MAINTAINERS section); `title` names
    /// the area (the pattern, or the section's title), `span` is where it is declared, and
    /// `dir` is the directory the patterns name when they name one (`/src/api/` → `src/api`),
    /// where a handover document can sit.
    Patterns {
        title: String,
        span: Span,
        dir: Option<String>,
    },
}

/// One area declaration, the unit the rules judge: a YAML or Chromium OWNERS file (which governs
/// its directory), a CODEOWNERS line or a MAINTAINERS section (which govern the paths their
/// patterns decide). Fields a dialect does not have stay empty.
#[derive(Debug, Clone, Default)]
pub struct OwnersFile {
    /// Repository-relative path of the file.
    pub path: String,
    /// Its directory: `""` for the root.
    pub dir: String,
    pub dialect: Dialect,
    pub scope: Scope,
    /// `owner`: the one accountable person (more than one entry is a finding).
    pub owner: Vec<NameRef>,
    pub owner_span: Option<Span>,
    pub approvers: Vec<NameRef>,
    pub reviewers: Vec<NameRef>,
    pub required_reviewers: Vec<NameRef>,
    pub emeritus_approvers: Vec<NameRef>,
    pub emeritus_reviewers: Vec<NameRef>,
    pub cover: Vec<NameRef>,
    pub labels: Vec<String>,
    pub no_parent_owners: bool,
    /// Prow's `options.auto_approve_unowned_subfolders`.
    pub auto_approve_unowned_subfolders: bool,
    pub filters: Vec<Filter>,
    /// Chromium includes that point outside the repository: the owners they bring are unknown.
    pub external_includes: usize,
    pub handover: Option<Sp<String>>,
    pub reviewed: Option<Sp<String>>,
    pub escalation: Option<Sp<String>>,
}

impl OwnersFile {
    /// The area this declaration names: its directory (`.` for the root), or for a pattern-scoped
    /// declaration the file and the pattern or section title (`CODEOWNERS: /docs/`).
    pub fn area(&self) -> String {
        match &self.scope {
            Scope::Directory => area_name(&self.dir),
            Scope::Patterns { title, .. } => format!("{}: {title}", self.path),
        }
    }

    /// The directory an area's handover document is looked up from: an OWNERS file's directory,
    /// or the directory a pattern-scoped declaration names (none when it names none).
    pub fn handover_dir(&self) -> Option<&str> {
        match &self.scope {
            Scope::Directory => Some(&self.dir),
            Scope::Patterns { dir, .. } => dir.as_deref(),
        }
    }

    /// Whether the declaration governs a directory by inheritance (an OWNERS file).
    pub fn is_directory(&self) -> bool {
        self.scope == Scope::Directory
    }

    /// Where the declaration starts: the pattern or section header, or the file's start.
    pub fn declaration_span(&self) -> Option<Span> {
        match &self.scope {
            Scope::Directory => None,
            Scope::Patterns { span, .. } => Some(*span),
        }
    }

    /// Whether the file names anyone who could own, approve or review anything.
    pub fn declares_anyone(&self) -> bool {
        !self.owner.is_empty()
            || !self.approvers.is_empty()
            || !self.reviewers.is_empty()
            || !self.required_reviewers.is_empty()
            || !self.cover.is_empty()
            || self.filters.iter().any(|f| {
                !f.approvers.is_empty()
                    || !f.reviewers.is_empty()
                    || !f.required_reviewers.is_empty()
            })
    }

    /// Whether the file does something for the tools that read it besides naming people:
    /// labels (its own or a filter's) for pull requests, or an option (`no_parent_owners`,
    /// Chromium's `set noparent`, `auto_approve_unowned_subfolders`) that is on. Such a file is
    /// not empty even when it names nobody: deleting it would lose what it does.
    pub fn carries_labels_or_options(&self) -> bool {
        !self.labels.is_empty()
            || self.filters.iter().any(|f| !f.labels.is_empty())
            || self.no_parent_owners
            || self.auto_approve_unowned_subfolders
    }

    /// Every name the file mentions, in every role (for alias usage).
    pub fn all_names(&self) -> impl Iterator<Item = &NameRef> {
        self.owner
            .iter()
            .chain(&self.approvers)
            .chain(&self.reviewers)
            .chain(&self.required_reviewers)
            .chain(&self.emeritus_approvers)
            .chain(&self.emeritus_reviewers)
            .chain(&self.cover)
            .chain(self.filters.iter().flat_map(|f| {
                f.approvers
                    .iter()
                    .chain(&f.reviewers)
                    .chain(&f.required_reviewers)
            }))
    }
}

/// One alias of OWNERS_ALIASES.
#[derive(Debug, Clone)]
pub struct Alias {
    pub name: String,
    pub span: Span,
    pub members: Vec<NameRef>,
}

/// The repository's OWNERS_ALIASES (Prow reads only the one at the root).
#[derive(Debug, Clone, Default)]
pub struct AliasesFile {
    pub path: String,
    pub aliases: Vec<Alias>,
}

impl AliasesFile {
    pub fn get(&self, name: &str) -> Option<&Alias> {
        self.aliases.iter().find(|a| a.name == name)
    }
}

/// The directory a path pattern names, if it names one without wildcards: `/src/api/`,
/// `src/api/` or `src/api/**` → `src/api`; `*.go`, `docs/*.md` or a file → none.
pub fn pattern_dir(pattern: &str) -> Option<String> {
    let trimmed = pattern.trim_start_matches('/');
    let dir = trimmed
        .strip_suffix("/**")
        .or_else(|| trimmed.strip_suffix('/'))?
        .trim_end_matches('/');
    let literal = !dir.is_empty() && !dir.contains(['*', '?', '[', '\\', '!']);
    literal.then(|| dir.to_string())
}

/// The display name of the area rooted at `dir` (`.` for the root).
pub fn area_name(dir: &str) -> String {
    if dir.is_empty() {
        ".".to_string()
    } else {
        dir.to_string()
    }
}
