//! GitHub Actions workflow commands: one annotation per finding
//! (`::error file=F,line=L,col=C,endLine=…,endColumn=…,title=T::message`), shown on the pull
//! request's changed lines and in the run's summary.
//!
//! Untrusted text (names, paths, messages from a pull request) cannot break out of its
//! annotation: in the message, `%`, CR and LF are escaped (`%25`, `%0D`, `%0A`) as GitHub's
//! toolkit does, so no text can start a line (and so a command) of its own; in properties, `:`
//! and `,` are escaped too (`%3A`, `%2C`), so no text can end a property or add one. The other
//! hidden characters are shown as `\u{…}` escapes, as in human output
//! ([`crate::escape::github_data`], [`crate::escape::github_property`]).

use super::json::report;
use super::{Sources, Totals};
use crate::diagnostics::{Diagnostic, Severity};
use crate::escape::{github_data, github_property};
use crate::plural::count;

pub fn render(diagnostics: &[Diagnostic], sources: &Sources, totals: &Totals) -> String {
    let report = report(diagnostics, sources, totals);
    let mut text = String::new();
    for d in &report.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = Vec::new();
        if let Some(file) = &d.file {
            properties.push(format!("file={}", github_property(file)));
        }
        let numbers = [
            ("line", d.line),
            ("col", d.column),
            ("endLine", d.end_line),
            ("endColumn", d.end_column),
        ];
        for (name, value) in numbers {
            if let Some(value) = value {
                properties.push(format!("{name}={value}"));
            }
        }
        properties.push(format!(
            "title={}",
            github_property(&format!("ownlint {}", d.rule))
        ));
        let mut message = d.message.to_string();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        text.push_str(&format!(
            "::{level} {}::{}\n",
            properties.join(","),
            github_data(&message)
        ));
    }
    let summary = &report.summary;
    text.push_str(&format!(
        "ownlint: {}, {}, {} in {}\n",
        count(summary.errors, "error", "errors"),
        count(summary.warnings, "warning", "warnings"),
        count(summary.infos, "info", "infos"),
        count(summary.files, "file", "files")
    ));
    text
}
