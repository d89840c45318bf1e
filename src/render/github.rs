//! GitHub Actions workflow commands: one annotation per finding
//! (`::error file=F,line=L,col=C,endLine=…,endColumn=…,title=T::message`), shown on the pull
//! request's changed lines and in the run's summary.
//!
//! Untrusted text (names, paths, messages from a pull request) cannot break out of its
//! annotation: in the message, `%`, CR and LF are escaped (`%25`, `%0D`, `%0A`) as GitHub's
//! toolkit does, so no text can start a line (and so a command) of its own; in properties, `:`
//! and `,` are escaped too (`%3A`, `%2C`), so no text can end a property or add one. The other control
//! characters are shown as `\u{…}` escapes, as in human output.

use super::json::report;
use super::{Sources, Totals, escape_terminal};
use crate::diagnostics::{Diagnostic, Severity};

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
            properties.push(format!("file={}", escape_property(file)));
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
            escape_property(&format!("ownlint {}", d.rule))
        ));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        text.push_str(&format!(
            "::{level} {}::{}\n",
            properties.join(","),
            escape_data(&message)
        ));
    }
    let summary = &report.summary;
    text.push_str(&format!(
        "ownlint: {} errors, {} warnings, {} infos in {} files\n",
        summary.errors, summary.warnings, summary.infos, summary.files
    ));
    text
}

/// Escapes a workflow command's message (GitHub toolkit `escapeData`), after making control
/// characters visible.
pub fn escape_data(text: &str) -> String {
    escape_terminal(
        &text
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

/// Escapes a workflow command's property value (GitHub toolkit `escapeProperty`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_reads_as_syntax() {
        // A carriage return is shown as an escape (as terminals get it); a line feed is encoded.
        assert_eq!(
            escape_data("100% done\r\n::error::x"),
            "100%25 done%0D%0A::error::x"
        );
        assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(escape_data("\u{1b}[31m"), "\\u{1b}[31m");
    }
}
