//! The `who` answer: the owners of a path, with provenance, when each was last seen and who has
//! been most active there: its JSON model, from which the `who` schema is generated. The query
//! over a run is the engine's (`engine::who`) and the command (`commands::who`) shows it; the
//! model imports neither, so the schema does not depend on how the answer is found.

use schemars::JsonSchema;
use serde::Serialize;

/// One path's owners, as `who --format json` lists them.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "ownlint who")]
pub struct PathOwners {
    /// Repository-relative path.
    pub path: String,
    pub owners: Vec<OwnerEntry>,
    /// The area (directory of the nearest OWNERS file, `.` for the root), if any governs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The area's handover document, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handover: Option<HandoverEntry>,
    /// The most active people in the area within the history window (most changes first),
    /// unless history is off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity: Option<Vec<ActivityEntry>>,
}

/// An area's handover document.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HandoverEntry {
    /// Repository-relative path of the document.
    pub path: String,
    /// Its `date` front matter, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// One person's changes to an area in the window.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ActivityEntry {
    /// `Name <email>` (after .mailmap), or a handle.
    pub who: String,
    /// Non-merge commits (and activity records) that touched the area.
    pub changes: usize,
    /// Share of the area's changes, between 0 and 1.
    pub share: f64,
    /// Last change to the area, `YYYY-MM-DD`.
    pub last: String,
}

/// One person in one role for a path.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OwnerEntry {
    /// The person (aliases and teams are expanded).
    pub name: String,
    /// `owner`, `approver`, `reviewer` or `cover`.
    pub role: String,
    /// The alias or team the person came through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The ownership file that declares it.
    pub file: String,
    /// Its dialect: `OWNERS`, `OWNERS (Chromium)`, `CODEOWNERS (GitHub)`, `CODEOWNERS (GitLab)`,
    /// `MAINTAINERS` or `MAINTAINERS.yml`.
    pub dialect: String,
    /// For a CODEOWNERS line or a MAINTAINERS section: its pattern or title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declaration: Option<String>,
    /// The line of the name in that file.
    pub line: usize,
    /// The person's last activity in the repository within the window (`YYYY-MM-DD`), when
    /// history is read and they were seen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// Whether the person was active within `history.stale_after`: false for someone never
    /// seen in the history read (then `last_seen` is absent). Absent when history is off, and
    /// for a team or group whose members are unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// For someone never seen: the first day of the history read, when it was not read to its
    /// end (so "never seen" holds only since then).
    #[serde(skip)]
    pub unseen_since: Option<String>,
}

/// The `who --format json` document: one entry per path asked about.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "ownlint who", transparent)]
pub struct WhoOutput(pub Vec<PathOwners>);
