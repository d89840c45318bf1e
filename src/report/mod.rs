//! Hygiene sweeps: what `ownlint report` says about every area of one or more repositories.
//!
//! [`build`] turns an opened repository into a [`RepositoryReport`]; a [`Sweep`] holds the
//! reports of every repository of a run (or of several JSON reports combined by [`merge`]), and
//! one module per format renders it. The model is plain data, so the JSON report (`--format
//! json`, shape `schemas/sweep.schema.json`) can be read back and merged.

pub mod build;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod merge;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostics::Severity;

/// The version of the JSON sweep's shape; it changes only with incompatible changes.
pub const SWEEP_VERSION: u32 = 1;

/// The result of `ownlint report --format json`: one entry per repository swept.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ownlint report (hygiene sweep)")]
pub struct Sweep {
    /// Version of this document's shape (currently 1).
    pub version: u32,
    /// The repositories, sorted by name.
    pub repositories: Vec<RepositoryReport>,
}

/// One repository: its summary and areas, or why it could not be read.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepositoryReport {
    /// The repository's name: the name of its top directory.
    pub name: String,
    /// Why the repository could not be read (then it has no summary and no areas).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The commit read (full id), when a commit was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The instant findings are judged at (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// The first day of the history window (`YYYY-MM-DD`); absent when history was not read
    /// (`--no-history`), and then activity, shares and bus factors are absent too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history_since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<RepositorySummary>,
    #[serde(default)]
    pub areas: Vec<AreaReport>,
    /// Findings about no single area (unowned paths, the configuration, aliases).
    #[serde(default)]
    pub other_findings: Vec<Finding>,
}

/// Counts for one repository.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepositorySummary {
    /// Areas (ownership declarations).
    pub areas: usize,
    /// Areas by health.
    pub health: HealthCounts,
    /// Every finding of the repository (areas' and others), by severity.
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Tracked files checked.
    pub files: usize,
    /// Tracked files that no ownership system present gives an owner.
    pub unowned_files: usize,
}

/// How many areas have each health grade.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HealthCounts {
    pub ok: usize,
    pub warning: usize,
    pub error: usize,
}

impl HealthCounts {
    pub fn add(&mut self, health: Health) {
        match health {
            Health::Ok => self.ok += 1,
            Health::Warning => self.warning += 1,
            Health::Error => self.error += 1,
        }
    }
}

/// An area's grade, from the worst severity of its findings: `error` with an error, else
/// `warning` with a warning, else `ok` (informational findings leave an area `ok`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    Ok,
    Warning,
    Error,
}

impl Health {
    pub const ALL: [Health; 3] = [Health::Ok, Health::Warning, Health::Error];

    /// The grade of an area with findings of these severities.
    pub fn of(severities: impl IntoIterator<Item = Severity>) -> Health {
        match severities.into_iter().max() {
            Some(Severity::Error) => Health::Error,
            Some(Severity::Warning) => Health::Warning,
            _ => Health::Ok,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Health::Ok => "ok",
            Health::Warning => "warning",
            Health::Error => "error",
        }
    }
}

/// One area (an OWNERS file, a CODEOWNERS line, a MAINTAINERS section).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaReport {
    /// The area: a directory (`.` for the root), or `FILE: PATTERN` for a CODEOWNERS line or
    /// a MAINTAINERS section.
    pub area: String,
    /// The ownership file that declares it.
    pub file: String,
    /// Its dialect: `OWNERS`, `OWNERS (Chromium)`, `CODEOWNERS (GitHub)`, `CODEOWNERS (GitLab)`,
    /// `MAINTAINERS` or `MAINTAINERS.yml`.
    pub dialect: String,
    /// The accountable owner(s) in effect (more than one is itself a finding).
    pub owner: Vec<String>,
    /// Who can approve changes to the area (aliases and teams expanded, inherited ones
    /// included).
    pub approvers: Vec<String>,
    pub reviewers: Vec<String>,
    /// Who stands in for the owner.
    pub cover: Vec<String>,
    /// Each person above with their last activity in the window.
    pub people: Vec<PersonActivity>,
    /// Changes to the area in the window (absent when history was not read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<usize>,
    /// The most active people in the area in the window, most changes first.
    #[serde(default)]
    pub most_active: Vec<Contributor>,
    /// The fewest people who together made at least half of the area's changes in the window
    /// (0 when it had none); absent when history was not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bus_factor: Option<usize>,
    /// When the area's ownership was last reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// The area's handover document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handover: Option<HandoverRef>,
    /// The area's findings.
    #[serde(default)]
    pub findings: Vec<Finding>,
    pub health: Health,
}

/// A person named by an area, and when they were last active.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonActivity {
    pub name: String,
    /// Their roles in the area: `owner`, `approver`, `reviewer`, `cover`.
    pub roles: Vec<String>,
    /// Last activity anywhere in the repository's history (`YYYY-MM-DD`), however long ago;
    /// absent when they were never seen or history was not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
}

/// One person's changes to an area in the window.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contributor {
    /// `Name <email>` (after .mailmap), or a handle.
    pub who: String,
    pub changes: usize,
    /// Share of the area's changes, between 0 and 1 (three decimals).
    pub share: f64,
    /// Their last change to the area (`YYYY-MM-DD`).
    pub last: String,
}

/// When an area was last reviewed, and how that is known.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `reviewed` (the file's `reviewed:` field) or `last-change` (the ownership file's last
    /// change in the window).
    pub source: String,
}

/// An area's handover document.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverRef {
    /// Repository-relative path of the document.
    pub path: String,
    /// Its `date` front matter, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// One finding, as a report lists it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The rule's kebab-case name (see `ownlint explain RULE`).
    pub rule: String,
    pub severity: Severity,
    pub message: String,
}

impl RepositoryReport {
    /// A repository that could not be read.
    pub fn failed(name: String, error: String) -> RepositoryReport {
        RepositoryReport {
            name,
            error: Some(error),
            commit: None,
            as_of: None,
            history_since: None,
            summary: None,
            areas: Vec::new(),
            other_findings: Vec::new(),
        }
    }
}

impl Sweep {
    /// A sweep of these repositories, sorted by name (then by content, so that repositories of
    /// the same name still come in one order whatever the order they were given in).
    pub fn new(mut repositories: Vec<RepositoryReport>) -> Sweep {
        repositories.sort_by_cached_key(|r| {
            (
                r.name.clone(),
                serde_json::to_string(r).expect("a report is JSON"),
            )
        });
        Sweep {
            version: SWEEP_VERSION,
            repositories,
        }
    }

    /// Areas by health over every repository.
    pub fn health(&self) -> HealthCounts {
        let mut counts = HealthCounts::default();
        for area in self.repositories.iter().flat_map(|r| &r.areas) {
            counts.add(area.health);
        }
        counts
    }
}

/// `alice: 2024-01-02` or `bob: never seen in history`, as the text formats show a person.
pub fn activity_text(person: &PersonActivity, history: bool) -> String {
    match (&person.last_seen, history) {
        (Some(date), _) => format!("{}: {date}", person.name),
        (None, true) => format!("{}: never seen in history", person.name),
        (None, false) => person.name.clone(),
    }
}

/// `alice <a@x> 3 (60%)`, as the text formats show a contributor.
pub fn contributor_text(c: &Contributor) -> String {
    format!("{} {} ({:.0}%)", c.who, c.changes, c.share * 100.0)
}
