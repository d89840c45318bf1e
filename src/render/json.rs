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
            .map(|d| json_diagnostic(d, sources))
            .collect(),
        summary: summary(diagnostics, totals),
    }
}

/// One finding as the report writes it.
fn json_diagnostic<'a>(d: &'a Diagnostic, sources: &Sources) -> JsonDiagnostic<'a> {
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
}

fn summary(diagnostics: &[Diagnostic], totals: &Totals) -> Summary {
    Summary {
        errors: count(diagnostics, Severity::Error),
        warnings: count(diagnostics, Severity::Warning),
        infos: count(diagnostics, Severity::Info),
        files: totals.files,
        ownership_files: totals.ownership_files,
        excluded: totals.excluded,
        baselined: totals.baselined,
        suppressed: totals.suppressed,
    }
}

/// The fewest findings whose report is written in two halves side by side. Writing the
/// report is the last step of a run and has the machine to itself: on
/// benches/pattern_shapes.rs's Chromium shape (about 17,000 findings, 11 MB) it took 15% of a
/// warm check on one core.
const SIDE_BY_SIDE_FINDINGS: usize = 4096;

pub fn render(diagnostics: &[Diagnostic], sources: &Sources, totals: &Totals) -> String {
    let capacity = super::output_estimate(diagnostics.len());
    if diagnostics.len() >= SIDE_BY_SIDE_FINDINGS
        && let Some(text) = in_halves(diagnostics, sources, totals)
    {
        return text;
    }
    crate::escape::json_sized(&report(diagnostics, sources, totals), capacity)
}

/// The report's JSON (as [`crate::escape::json`] writes it), its findings written in two
/// halves, the second on another thread: byte for byte what serde_json writes for the whole
/// [`Report`]. Each finding is written pretty-printed on its own and indented to its depth in
/// the report (two levels: JSON strings hold no line breaks, so every line break is
/// serde_json's); the first half is written after the report's head and the second appended
/// to it. `None` if serde_json fails.
fn in_halves(diagnostics: &[Diagnostic], sources: &Sources, totals: &Totals) -> Option<String> {
    /// The findings' place in the report without any.
    const EMPTY: &str = "\"diagnostics\": []";
    let skeleton = Report {
        version: REPORT_VERSION,
        diagnostics: Vec::new(),
        summary: summary(diagnostics, totals),
    };
    let skeleton = serde_json::to_string_pretty(&skeleton).ok()?;
    let at = skeleton.find(EMPTY)?;
    let (head, tail) = (&skeleton[..at], &skeleton[at + EMPTY.len()..]);
    let write = |part: &[Diagnostic], out: &mut Vec<u8>| -> Option<()> {
        let mut finding = Vec::new();
        for (i, d) in part.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"    " } else { b",\n    " });
            finding.clear();
            serde_json::to_writer_pretty(&mut finding, &json_diagnostic(d, sources)).ok()?;
            let mut from = 0;
            for at in memchr::memchr_iter(b'\n', &finding) {
                out.extend_from_slice(&finding[from..at]);
                out.extend_from_slice(b"\n    ");
                from = at + 1;
            }
            out.extend_from_slice(&finding[from..]);
        }
        Some(())
    };
    // Each half is checked as UTF-8, and for what the escapes would change, on its thread.
    let half = |mut out: Vec<u8>, part: &[Diagnostic]| -> Option<(String, bool)> {
        write(part, &mut out)?;
        let text = String::from_utf8(out).ok()?;
        let plain = crate::escape::json_is_plain(&text);
        Some((text, plain))
    };
    let (first, second) = diagnostics.split_at(diagnostics.len() / 2);
    let (one, two) = crate::side_by_side::both(
        "ownlint-json",
        || {
            let mut out = Vec::with_capacity(super::output_estimate(diagnostics.len()));
            out.extend_from_slice(head.as_bytes());
            out.extend_from_slice(b"\"diagnostics\": [\n");
            half(out, first)
        },
        || {
            half(
                Vec::with_capacity(super::output_estimate(second.len())),
                second,
            )
        },
    );
    let ((mut text, plain_one), (two, plain_two)) = (one?, two?);
    text.push_str(",\n");
    text.push_str(&two);
    text.push_str("\n  ]");
    text.push_str(tail);
    let plain = plain_one && plain_two && crate::escape::json_is_plain(tail);
    Some(if plain {
        text.push('\n');
        text
    } else {
        crate::escape::json_text(text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// The report written in halves is byte for byte the report written whole, for any
    /// number of findings from two, with every optional field present or not.
    #[test]
    fn halves_make_the_same_document_as_the_whole() {
        let source = SourceFile::new("OWNERS", "approvers:\n- alice\n# caf\u{e9} \u{202e}\n");
        let mut sources = Sources::new();
        sources.insert("OWNERS", &source);
        let finding = |i: usize| {
            let mut d = Diagnostic::new("stale-owner", format!("finding {i} \"quoted\""));
            if i.is_multiple_of(2) {
                d = d
                    .at("OWNERS", crate::source::Span::new(11, 18))
                    .help("say \\ why");
            }
            if i.is_multiple_of(3) {
                d.owner = Some("alice".to_string());
                d.area = Some(".".to_string());
                d.evidence = Some(crate::diagnostics::Evidence::default());
            }
            d
        };
        let totals = Totals {
            files: 3,
            ..Totals::default()
        };
        for (n, hidden) in [(2, false), (3, false), (4, true), (7, true)] {
            let mut diagnostics: Vec<Diagnostic> = (0..n).map(finding).collect();
            if hidden {
                // A character the escapes change, in the first half or the second only.
                let at = if n == 4 { 0 } else { n - 1 };
                diagnostics[at].message.push_str(" \u{202e}##[x]");
            }
            let whole =
                serde_json::to_string_pretty(&report(&diagnostics, &sources, &totals)).unwrap();
            let halves = in_halves(&diagnostics, &sources, &totals).unwrap();
            assert_eq!(
                halves,
                crate::escape::json(&report(&diagnostics, &sources, &totals)),
                "{n} findings"
            );
            assert_eq!(halves, crate::escape::json_text(whole));
        }
    }
}
