//! `--format gitlab`: a GitLab Code Quality report (the subset of the Code Climate format that
//! GitLab reads from `artifacts: reports: codequality:`), shown in the merge request widget and
//! on the changed lines of its diff.
//!
//! Each finding is `{description, check_name, fingerprint, severity, location: {path, lines:
//! {begin}}}`. GitLab shows only the first issue of each fingerprint, so the fingerprint is
//! [`crate::fingerprint::distinct`] (stable across unrelated edits, and never shared by two
//! findings of one run), as in SARIF. Findings about no file are reported at `.`, line 1.

use serde::Serialize;

use super::{Sources, Totals, position};
use crate::diagnostics::{Diagnostic, Severity};
use crate::fingerprint::distinct;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// GitLab's name for a severity (its scale is info, minor, major, critical, blocker).
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

pub fn render(diagnostics: &[Diagnostic], sources: &Sources, _totals: &Totals) -> String {
    let issues: Vec<Issue> = diagnostics
        .iter()
        .zip(distinct(diagnostics, sources))
        .map(|(d, fingerprint)| {
            let mut description = d.message.clone();
            if let Some(help) = &d.help {
                description.push_str("\nhelp: ");
                description.push_str(help);
            }
            Issue {
                description,
                check_name: d.rule,
                fingerprint,
                severity: severity(d.severity),
                location: Location {
                    path: d.file.clone().unwrap_or_else(|| ".".to_string()),
                    lines: Lines {
                        begin: position(d, sources).map_or(1, |(start, _)| start.line),
                    },
                },
            }
        })
        .collect();
    crate::escape::json_sized(&issues, super::output_estimate(issues.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};

    #[test]
    fn repeated_findings_get_distinct_fingerprints() {
        let source = SourceFile::new("CODEOWNERS", "/a/ bob bob\n");
        let sources: Sources = [(source.path.as_str(), &source)].into_iter().collect();
        let finding = Diagnostic::new("invalid-owner", "`bob` is not an owner")
            .at("CODEOWNERS", Span::new(4, 7))
            .owner("bob");
        let twice = vec![finding.clone(), finding.clone(), finding];
        let issues: Vec<serde_json::Value> =
            serde_json::from_str(&render(&twice, &sources, &Totals::default())).unwrap();
        let fingerprints: Vec<&str> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        let first = crate::fingerprint::fingerprint(&twice[0], &sources);
        assert_eq!(fingerprints[0], first);
        let unique: std::collections::HashSet<&&str> = fingerprints.iter().collect();
        assert_eq!(unique.len(), 3, "{fingerprints:?}");
        assert_eq!(issues[0]["location"]["lines"]["begin"], 1);
        assert_eq!(issues[0]["severity"], "minor");
    }
}
