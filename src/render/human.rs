//! Human output: miette's graphical reports with the source line and a label, then a summary.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

use super::{Sources, Totals, count, escape_terminal, mask_terminal};
use crate::diagnostics::{Diagnostic, Severity};

/// Rendering choices that depend on where the output goes.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// One diagnostic in miette's terms, with its text already made safe for a terminal.
#[derive(Debug)]
struct Report {
    message: String,
    code: &'static str,
    severity: Severity,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

/// Renders diagnostics and the summary line.
pub fn render(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    totals: &Totals,
    style: Style,
) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let report = to_report(diagnostic, sources);
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&report.message);
        }
        out.push('\n');
    }
    out.push_str(&summary(diagnostics, totals));
    out.push('\n');
    out
}

fn to_report(diagnostic: &Diagnostic, sources: &Sources) -> Report {
    let file = diagnostic.file.as_deref().map(escape_terminal);
    let source = diagnostic
        .file
        .as_deref()
        .and_then(|path| sources.get(path))
        .filter(|_| diagnostic.span.is_some());
    let mut message = escape_terminal(&diagnostic.message);
    let (named, labels) = match (source, diagnostic.span) {
        (Some(source), Some(span)) => {
            let text = mask_terminal(&source.text);
            let start = span.start.min(text.len());
            let len = span.len().min(text.len() - start);
            let label = diagnostic.label.as_deref().map(escape_terminal);
            (
                Some(NamedSource::new(file.clone().unwrap_or_default(), text)),
                vec![LabeledSpan::new(label, start, len)],
            )
        }
        _ => {
            // No line to show: say which file the finding is about, unless the message does.
            if let Some(file) = &file
                && file != "."
                && !message.contains(file.trim_end_matches('/'))
            {
                message = format!("{file}: {message}");
            }
            (None, Vec::new())
        }
    };
    Report {
        message,
        code: diagnostic.rule,
        severity: diagnostic.severity,
        help: diagnostic.help.as_deref().map(escape_terminal),
        source: named,
        labels,
    }
}

/// The closing line: counts by severity, files and ownership files checked.
pub fn summary(diagnostics: &[Diagnostic], totals: &Totals) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let findings = if diagnostics.is_empty() {
        "no findings".to_string()
    } else {
        format!(
            "{}, {}, {}",
            plural(count(diagnostics, Severity::Error), "error", "errors"),
            plural(count(diagnostics, Severity::Warning), "warning", "warnings"),
            plural(count(diagnostics, Severity::Info), "info", "infos"),
        )
    };
    let mut line = format!(
        "ownlint: {findings} in {} ({} checked)",
        plural(totals.files, "file", "files"),
        plural(totals.ownership_files, "ownership file", "ownership files"),
    );
    if totals.excluded > 0 {
        line.push_str(&format!(
            "; {} vendored, generated or excluded",
            totals.excluded
        ));
    }
    if totals.baselined > 0 || totals.suppressed > 0 {
        let mut hidden = Vec::new();
        if totals.baselined > 0 {
            hidden.push(format!("{} by the baseline", totals.baselined));
        }
        if totals.suppressed > 0 {
            hidden.push(format!("{} by ignore comments", totals.suppressed));
        }
        line.push_str(&format!("; hidden: {}", hidden.join(", ")));
    }
    line
}
