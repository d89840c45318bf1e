//! The one diagnostic type that every rule produces and every renderer reads.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::source::Span;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A label or help text: most are the same words in every finding of a rule, written once in
/// the program, and a report holds tens of thousands of findings.
pub type Text = std::borrow::Cow<'static, str>;

/// One finding. Rules fill in what they know; the severity is set afterwards from the rule's
/// default and the configuration (rules never choose their own severity).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable kebab-case name.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The file the finding is about: an ownership file, or a tracked path or directory.
    pub file: Option<String>,
    /// Where in `file` (an ownership file) the finding points.
    pub span: Option<Span>,
    /// A short label drawn under the span in human output.
    pub label: Option<Text>,
    pub help: Option<Text>,
    /// The person the finding concerns.
    pub owner: Option<String>,
    /// The area (an ownership file's directory, `.` for the root) the finding concerns.
    pub area: Option<String>,
    /// What history shows, for the history rules.
    pub evidence: Option<Evidence>,
    /// The finding is a notch milder than its rule's default severity (a warning rule's finding
    /// reported as info), unless the configuration sets the rule's level.
    pub milder: bool,
    /// What tells this finding apart from other findings of its rule about the same file,
    /// owner, area and line, when a rule can report several there (for a change of hands: the
    /// change's commit). Stable from run to run; it keeps the fingerprints of SARIF and GitLab
    /// output distinct ([`crate::fingerprint::distinct`]).
    pub instance: Option<String>,
}

/// The history behind a finding.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct Evidence {
    /// The person's last activity (`YYYY-MM-DD`), when they were seen in the window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// Changes counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commits: Option<usize>,
    /// The person's share of the area's changes, between 0 and 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
}

impl Eq for Evidence {}

impl Diagnostic {
    pub fn new(rule: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: Severity::Warning,
            message: message.into(),
            file: None,
            span: None,
            label: None,
            help: None,
            owner: None,
            area: None,
            evidence: None,
            milder: false,
            instance: None,
        }
    }

    /// Marks the finding a notch milder than its rule's default (see [`Diagnostic::milder`]).
    pub fn milder(mut self) -> Self {
        self.milder = true;
        self
    }

    pub fn at(mut self, file: impl Into<String>, span: Span) -> Self {
        self.file = Some(file.into());
        self.span = Some(span);
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn label(mut self, label: impl Into<Text>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn owner(mut self, owner: impl Into<String>) -> Self {
        self.owner = Some(owner.into());
        self
    }

    pub fn area(mut self, area: impl Into<String>) -> Self {
        self.area = Some(area.into());
        self
    }

    /// Sets [`Diagnostic::instance`].
    pub fn instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    pub fn evidence(mut self, evidence: Evidence) -> Self {
        self.evidence = Some(evidence);
        self
    }
}
