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
    /// `None` when the pattern does not compile (reported as a parse error).
    pub regex: Option<Regex>,
    pub approvers: Vec<NameRef>,
    pub reviewers: Vec<NameRef>,
    pub required_reviewers: Vec<NameRef>,
}

/// A YAML OWNERS file (Kubernetes / Prow style, with ownlint's own fields).
#[derive(Debug, Clone, Default)]
pub struct OwnersFile {
    /// Repository-relative path of the file.
    pub path: String,
    /// Its directory: `""` for the root.
    pub dir: String,
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
    pub filters: Vec<Filter>,
    pub handover: Option<Sp<String>>,
    pub reviewed: Option<Sp<String>>,
    pub escalation: Option<Sp<String>>,
}

impl OwnersFile {
    /// The area this file declares: its directory, `.` for the root.
    pub fn area(&self) -> String {
        area_name(&self.dir)
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

/// The display name of the area rooted at `dir` (`.` for the root).
pub fn area_name(dir: &str) -> String {
    if dir.is_empty() {
        ".".to_string()
    } else {
        dir.to_string()
    }
}
