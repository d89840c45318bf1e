//! Human output: miette's graphical reports with the source line and a label, then a summary.
//!
//! Everything shown is untrusted and made safe for a terminal ([`crate::escape::terminal`]),
//! and clipped: a source line longer than [`MAX_LINE_CHARS`] is shown cut around the finding
//! (with `…` where it was cut), so that no finding's column is farther than a formatter can pad
//! to (Rust's formatting panics past 65,535), and long messages end with `…`.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

use super::{Sources, Totals, count};
use crate::diagnostics::{Diagnostic, Severity};
use crate::escape::{CLIPPED, clip, terminal, terminal_source_line};
use crate::source::Span;

/// Source lines longer than this many characters are shown cut to this many around the
/// finding.
pub const MAX_LINE_CHARS: usize = 240;

/// How many characters before the finding a cut line keeps.
const CONTEXT_CHARS: usize = 60;

/// Lines shown around a finding's lines (miette draws one on each side); the others are shown
/// empty, which keeps their numbers and costs nothing to draw.
const CONTEXT_LINES: usize = 2;

/// Messages, labels, help and file names longer than this many characters end with `…`.
pub const MAX_TEXT_CHARS: usize = 2000;

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

/// Untrusted text of a report, clipped and made safe for a terminal.
fn shown(text: &str) -> String {
    terminal(&clip(text, MAX_TEXT_CHARS))
}

fn to_report(diagnostic: &Diagnostic, sources: &Sources) -> Report {
    let file = diagnostic.file.as_deref().map(shown);
    let source = diagnostic
        .file
        .as_deref()
        .and_then(|path| sources.get(path))
        .filter(|_| diagnostic.span.is_some());
    let mut message = shown(&diagnostic.message);
    let (named, labels) = match (source, diagnostic.span) {
        (Some(source), Some(span)) => {
            let (text, span) = excerpt(&source.text, span);
            let label = diagnostic.label.as_deref().map(shown);
            (
                Some(NamedSource::new(file.clone().unwrap_or_default(), text)),
                vec![LabeledSpan::new(label, span.start, span.len())],
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
        help: diagnostic.help.as_deref().map(shown),
        source: named,
        labels,
    }
}

/// What of a source is shown for a finding at `span`, and where the finding is in it. Lines
/// keep their numbers; those near the finding are made safe for a terminal and, when longer
/// than [`MAX_LINE_CHARS`], cut around the finding; the others are left empty.
fn excerpt(text: &str, span: Span) -> (String, Span) {
    let floor = |at: usize| {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let (start, end) = (floor(span.start), floor(span.end.max(span.start)));
    let line_of = |at: usize| memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count();
    let (first, last) = (line_of(start), line_of(end));
    let mut out = String::new();
    let mut placed: [Option<usize>; 2] = [None, None];
    let mut offset = 0;
    for (number, raw) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += raw.len();
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let content = content.strip_suffix('\r').unwrap_or(content);
        if number + CONTEXT_LINES >= first && number <= last + CONTEXT_LINES {
            let marks = [start, end].map(|at| {
                (line_start..offset)
                    .contains(&at)
                    .then(|| (at - line_start).min(content.len()))
            });
            let (shown, at) = cut_line(content, marks);
            for (place, at) in placed.iter_mut().zip(at) {
                if let Some(at) = at {
                    place.get_or_insert(out.len() + at);
                }
            }
            out.push_str(&shown);
        }
        if raw.ends_with('\n') {
            out.push('\n');
        }
    }
    // A span at the very end of the text, after its last line break.
    let [start, end] = placed.map(|p| p.unwrap_or(out.len()));
    (out, Span::new(start, end))
}

/// One line made safe for a terminal and, when long, cut to [`MAX_LINE_CHARS`] around the first
/// of `marks` in it (byte offsets in the line); returns it and where each mark is in it. A mark
/// in a part cut away is placed on the `…` that stands for that part.
fn cut_line(line: &str, marks: [Option<usize>; 2]) -> (String, [Option<usize>; 2]) {
    let long = line.char_indices().nth(MAX_LINE_CHARS).is_some();
    if !long {
        let wanted: Vec<usize> = marks.iter().flatten().copied().collect();
        let (shown, placed) = terminal_source_line(line, &wanted);
        let mut placed = placed.into_iter();
        return (shown, marks.map(|m| m.and_then(|_| placed.next())));
    }
    let anchor = marks.iter().flatten().next().copied().unwrap_or(0);
    let from = line[..anchor]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let to = line[from..]
        .char_indices()
        .nth(MAX_LINE_CHARS)
        .map_or(line.len(), |(i, _)| from + i);
    let inside: Vec<usize> = marks
        .iter()
        .flatten()
        .map(|&m| m.clamp(from, to) - from)
        .collect();
    let (window, placed) = terminal_source_line(&line[from..to], &inside);
    let mut out = String::new();
    if from > 0 {
        out.push_str(CLIPPED);
    }
    let before = out.len();
    out.push_str(&window);
    if to < line.len() {
        out.push_str(CLIPPED);
    }
    let mut placed = placed.into_iter();
    let marks = marks.map(|m| {
        let m = m?;
        let at = placed.next().unwrap_or(0);
        Some(if m < from {
            0
        } else if m > to {
            out.len()
        } else {
            before + at
        })
    });
    (out, marks)
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
