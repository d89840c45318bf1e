//! Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a headline with the counts,
//! a table of findings, and (with `--base`) whose approval the changed files need.
//!
//! Untrusted text cannot change the document's structure ([`crate::escape::markdown_code`],
//! [`crate::escape::markdown_text`]): line breaks and other hidden characters are shown as
//! `\u{…}`, so no text leaves its table row; `|` is escaped, so none leaves its cell; Markdown
//! punctuation is backslash-escaped and `&`, `<`, `>` become entities, so no text becomes an
//! image or HTML. Names and paths are shown as code spans (with a fence longer than any run of
//! backticks inside), and so is every word of a message that GitHub would read as a mention or
//! a link, so a comment never mentions (and notifies) a person or a team, nor links anywhere.

use super::json::report;
use super::{Sources, Totals};
use crate::diagnostics::{Diagnostic, Severity};
use crate::escape::{markdown_code as code, markdown_text as text};

/// The pull request's changed files, grouped by the approval they need.
#[derive(Debug, Clone, Default)]
pub struct ChangeSummary {
    /// The `--base` reference as given.
    pub base: String,
    /// Paths the change adds, modifies or deletes.
    pub changed: usize,
    pub approvals: Vec<Approval>,
}

/// Changed files that need the same approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The deciding areas: an OWNERS file's path, or a pattern's area (`CODEOWNERS: /src/`);
    /// empty when no ownership file decides the files.
    pub areas: Vec<String>,
    /// Whose approval is required (people and groups); empty when nobody's is.
    pub approvers: Vec<String>,
    /// Who may approve without their approval being required: the owners of GitLab's
    /// optional (`^[Section]`) sections that are not required approvers too.
    pub optional: Vec<String>,
    pub files: Vec<String>,
}

/// How many changed files an approval row names before it says "and N more".
const FILES_SHOWN: usize = 5;

pub fn render(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    totals: &Totals,
    change: Option<&ChangeSummary>,
) -> String {
    let report = report(diagnostics, sources, totals);
    let summary = &report.summary;
    let mut out = String::from("## ownlint\n\n");
    if report.diagnostics.is_empty() {
        out.push_str("No findings");
    } else {
        out.push_str(&format!(
            "**{} {}, {} {}, {} {}**",
            summary.errors,
            plural(summary.errors, "error", "errors"),
            summary.warnings,
            plural(summary.warnings, "warning", "warnings"),
            summary.infos,
            plural(summary.infos, "info", "infos"),
        ));
    }
    match change {
        Some(change) => out.push_str(&format!(
            " in the change against {} ({} {} changed).\n",
            code(&change.base),
            change.changed,
            plural(change.changed, "file", "files")
        )),
        None => out.push_str(&format!(
            " in {} ({}).\n",
            crate::plural::count(summary.files, "file", "files"),
            crate::plural::count(summary.ownership_files, "ownership file", "ownership files")
        )),
    }
    if !report.diagnostics.is_empty() {
        out.push_str("\n| Severity | Rule | Where | Finding |\n|---|---|---|---|\n");
        for d in &report.diagnostics {
            let icon = match d.severity {
                Severity::Error => "🔴 error",
                Severity::Warning => "🟠 warning",
                Severity::Info => "🔵 info",
            };
            let place = match (&d.file, d.line) {
                (Some(file), Some(line)) => code(&format!("{file}:{line}")),
                (Some(file), None) => code(file),
                (None, _) => String::new(),
            };
            let mut finding = text(d.message);
            if let Some(help) = &d.help {
                finding.push_str("<br>");
                finding.push_str(&text(help));
            }
            out.push_str(&format!(
                "| {icon} | {} | {place} | {finding} |\n",
                code(d.rule)
            ));
        }
    }
    if let Some(change) = change {
        approvals(&mut out, change);
    }
    out
}

fn approvals(out: &mut String, change: &ChangeSummary) {
    if change.approvals.is_empty() {
        return;
    }
    out.push_str("\n### Approvals needed\n\n| Area | Approvers | Changed files |\n|---|---|---|\n");
    for approval in &change.approvals {
        let areas = if approval.areas.is_empty() {
            "*no ownership file*".to_string()
        } else {
            list(&approval.areas)
        };
        let optional = if approval.optional.is_empty() {
            String::new()
        } else {
            format!(" (optional: {})", list(&approval.optional))
        };
        let approvers = match (approval.approvers.is_empty(), optional.is_empty()) {
            (false, _) => format!("{}{optional}", list(&approval.approvers)),
            (true, false) => format!("*none required*{optional}"),
            (true, true) => "**nobody**".to_string(),
        };
        let mut files = list(&approval.files[..approval.files.len().min(FILES_SHOWN)]);
        if approval.files.len() > FILES_SHOWN {
            files.push_str(&format!(" and {} more", approval.files.len() - FILES_SHOWN));
        }
        out.push_str(&format!("| {areas} | {approvers} | {files} |\n"));
    }
}

fn list(items: &[String]) -> String {
    items.iter().map(|i| code(i)).collect::<Vec<_>>().join(", ")
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
