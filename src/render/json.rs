//! `--format json`: a versioned document whose shape is `schemas/report.schema.json`.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Sources, Totals, count};
use crate::diagnostics::{Diagnostic, Severity};

/// The version of the JSON report's shape; it changes only with incompatible changes.
pub const REPORT_VERSION: u32 = 1;

/// The result of `ownlint check --format json`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "ownlint report")]
pub struct Report<'a> {
    /// Version of this document's shape (currently 1).
    pub version: u32,
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    pub summary: Summary,
}

/// One finding.
// Borrowed from its diagnostic: a report holds tens of thousands.
#[derive(Debug, Serialize, JsonSchema)]
pub struct JsonDiagnostic<'a> {
    /// The rule's stable kebab-case name (see `ownlint rules`).
    pub rule: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    /// Repository-relative path the finding is about (an ownership file, or an unowned path;
    /// directories end with `/`).
    pub file: Option<&'a str>,
    /// 1-based position of the finding in `file`, when it points at a place in it.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    /// What to do about it.
    pub help: Option<&'a str>,
    /// The person the finding concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<&'a str>,
    /// The area (directory of an ownership file, `.` for the root) the finding concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<&'a str>,
    /// What history shows (history rules only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<&'a crate::diagnostics::Evidence>,
}

/// Counts for the whole run.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Tracked files checked.
    pub files: usize,
    /// Ownership files read.
    pub ownership_files: usize,
    /// Tracked files left out (vendored, generated, excluded).
    pub excluded: usize,
    /// Findings not reported because the baseline (`--baseline`) holds them.
    pub baselined: usize,
    /// Findings not reported because an `ownlint: ignore[...]` comment hides them.
    pub suppressed: usize,
}

pub fn report<'a>(diagnostics: &'a [Diagnostic], sources: &Sources, totals: &Totals) -> Report<'a> {
    Report {
        version: REPORT_VERSION,
        diagnostics: diagnostics
            .iter()
            .map(|d| {
                let source = d.file.as_deref().and_then(|f| sources.get(f));
                let (start, end) = match (source, d.span) {
                    (Some(source), Some(span)) => (
                        Some(source.line_col(span.start)),
                        Some(source.line_col(span.end)),
                    ),
                    _ => (None, None),
                };
                JsonDiagnostic {
                    rule: d.rule,
                    severity: d.severity,
                    message: &d.message,
                    file: d.file.as_deref(),
                    line: start.map(|p| p.line),
                    column: start.map(|p| p.column),
                    end_line: end.map(|p| p.line),
                    end_column: end.map(|p| p.column),
                    help: d.help.as_deref(),
                    owner: d.owner.as_deref(),
                    area: d.area.as_deref(),
                    evidence: d.evidence.as_ref(),
                }
            })
            .collect(),
        summary: Summary {
            errors: count(diagnostics, Severity::Error),
            warnings: count(diagnostics, Severity::Warning),
            infos: count(diagnostics, Severity::Info),
            files: totals.files,
            ownership_files: totals.ownership_files,
            excluded: totals.excluded,
            baselined: totals.baselined,
            suppressed: totals.suppressed,
        },
    }
}

pub fn render(diagnostics: &[Diagnostic], sources: &Sources, totals: &Totals) -> String {
    crate::escape::json_sized(
        &report(diagnostics, sources, totals),
        super::output_estimate(diagnostics.len()),
    )
}
