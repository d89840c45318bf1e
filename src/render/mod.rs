//! Renderers: each turns the same diagnostics into one output format. They write to a string
//! or writer and never print or exit themselves. Every one of them escapes untrusted text
//! (names, paths, messages) with the function of [`crate::escape`] for its format.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{LineCol, SourceFile};

/// The output formats of `ownlint check`: one emitter module each. Adding one is its module
/// here, a variant and an arm of [`emit`], and the `--format` value that names it
/// (`cli::Format::check_format`); the compiler finds every place that must answer for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    /// Readable reports with the source line, coloured or not.
    Human {
        color: bool,
    },
    Json,
    Github,
    Markdown,
    Sarif,
    Gitlab,
}

/// The findings in `format`; `change` is the pull request's summary with `--base` (only the
/// Markdown summary shows it).
pub fn emit(
    format: CheckFormat,
    diagnostics: &[Diagnostic],
    sources: &Sources,
    totals: &Totals,
    change: Option<&markdown::ChangeSummary>,
) -> String {
    match format {
        CheckFormat::Markdown => markdown::render(diagnostics, sources, totals, change),
        CheckFormat::Json => json::render(diagnostics, sources, totals),
        CheckFormat::Github => github::render(diagnostics, sources, totals),
        CheckFormat::Sarif => sarif::render(diagnostics, sources, totals),
        CheckFormat::Gitlab => gitlab::render(diagnostics, sources, totals),
        CheckFormat::Human { color } => human::render(
            diagnostics,
            sources,
            totals,
            human::Style { color, width: 100 },
        ),
    }
}

/// Counts shown at the end of every report.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    /// Tracked files checked.
    pub files: usize,
    /// Ownership files read.
    pub ownership_files: usize,
    /// Tracked files left out (vendored, generated, excluded).
    pub excluded: usize,
    /// Findings hidden because the baseline (`--baseline`) holds them.
    pub baselined: usize,
    /// Findings hidden by `ownlint: ignore[...]` comments.
    pub suppressed: usize,
}

/// The sources diagnostics may point into, by path.
pub type Sources<'a> = BTreeMap<&'a str, &'a SourceFile>;

/// A generous estimate of the size of a machine-readable document of `findings` findings, to
/// size its buffer once ([`crate::escape::json_sized`]): a JSON finding takes about 600 bytes,
/// a SARIF result about twice that. At most 256 MiB: past that the buffer grows as it must.
pub fn output_estimate(findings: usize) -> usize {
    findings
        .saturating_mul(1536)
        .saturating_add(16 * 1024)
        .min(256 * 1024 * 1024)
}

/// How many findings of each severity.
pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// How many findings one rule has at one severity (`check --statistics`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleCount {
    pub rule: &'static str,
    pub severity: Severity,
    pub count: usize,
}

/// The findings counted by rule and severity: most severe first, then most frequent, then by
/// rule name.
pub fn rule_counts(diagnostics: &[Diagnostic]) -> Vec<RuleCount> {
    let mut counts: std::collections::HashMap<(Severity, &'static str), usize> =
        std::collections::HashMap::new();
    for d in diagnostics {
        *counts.entry((d.severity, d.rule)).or_default() += 1;
    }
    let mut rows: Vec<RuleCount> = counts
        .into_iter()
        .map(|((severity, rule), count)| RuleCount {
            rule,
            severity,
            count,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(b.count.cmp(&a.count))
            .then(a.rule.cmp(b.rule))
    });
    rows
}

/// Where a finding points: the 1-based start and end (exclusive) of its span, when it has one in
/// a known source.
pub fn position(diagnostic: &Diagnostic, sources: &Sources) -> Option<(LineCol, LineCol)> {
    let source = sources.get(diagnostic.file.as_deref()?)?;
    let span = diagnostic.span?;
    Some((source.line_col(span.start), source.line_col(span.end)))
}

#[cfg(test)]
mod tests {
    use super::output_estimate;

    /// However many findings a hostile repository makes, the buffer reserved up front is
    /// bounded (an allocation that large could fail and abort).
    #[test]
    fn the_output_estimate_is_bounded() {
        assert!(output_estimate(0) >= 1024);
        assert!(output_estimate(1000) >= 1000 * 600);
        assert_eq!(output_estimate(usize::MAX), 256 * 1024 * 1024);
        assert_eq!(output_estimate(10_000_000), 256 * 1024 * 1024);
    }
}
