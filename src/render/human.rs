//! Human output: miette's graphical reports with the source line and a label, then a summary.
//!
//! Drawing a finding costs the size of the lines it shows, never the size of its file: each
//! file is made safe for a terminal once ([`Masked`]), and miette reads from it only the lines
//! around a finding's span ([`Window`]). So that a file with thousands of findings stays
//! readable, and the output proportional to the findings, at most [`SNIPPETS_PER_FILE`] findings
//! of one file are drawn with their lines, and none whose lines exceed [`MAX_SNIPPET_BYTES`];
//! the others are listed with their `file:line:column`, and a note before the summary says how
//! many. A line too long to draw is one of those (no column is farther than a formatter can pad
//! to: Rust's formatting panics past 65,535), and messages, labels and help longer than
//! [`MAX_TEXT_CHARS`] end with `…`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{Sources, Totals, count};
use crate::diagnostics::{Diagnostic, Severity};
use crate::escape::{clip, terminal, terminal_mask};

/// The findings of one file drawn with their lines; the file's other findings are listed with
/// their position only.
pub const SNIPPETS_PER_FILE: usize = 100;
/// A finding whose lines (with the line of context on each side) are longer than this, in
/// bytes, is listed with its position only.
pub const MAX_SNIPPET_BYTES: usize = 16 * 1024;
/// Lines of context drawn before and after a finding's lines.
const CONTEXT_LINES: usize = 1;
/// Messages, labels, help and file names longer than this many characters end with `…`.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Untrusted text of a report, clipped and made safe for a terminal.
fn shown(text: &str) -> String {
    terminal(&clip(text, MAX_TEXT_CHARS))
}

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
    source: Option<Window>,
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

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

/// A source file as a terminal may show it ([`terminal_mask`]: same byte offsets, same line
/// breaks), made once and shared by every finding drawn from it.
#[derive(Debug)]
struct Masked {
    /// The file's path, escaped for a terminal.
    name: String,
    text: String,
    /// The offset of each line's first byte.
    line_starts: Vec<usize>,
}

impl Masked {
    fn new(name: String, text: &str) -> Masked {
        let text = terminal_mask(text);
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Masked {
            name,
            text,
            line_starts,
        }
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// The bytes of lines `first..=last` (0-based, `last` clamped to the text), line breaks
    /// included.
    fn lines(&self, first: usize, last: usize) -> Range<usize> {
        let start = self.line_starts[first.min(self.line_starts.len() - 1)];
        let end = self
            .line_starts
            .get(last.saturating_add(1))
            .copied()
            .unwrap_or(self.text.len());
        start..end.max(start)
    }

    /// The lines a finding spanning `start..end` is drawn with: its own, and [`CONTEXT_LINES`]
    /// on each side.
    fn drawn(&self, start: usize, end: usize) -> Range<usize> {
        let first = self.line_of(start).saturating_sub(CONTEXT_LINES);
        self.lines(first, self.line_of(end) + CONTEXT_LINES)
    }
}

/// What miette reads a finding's lines from: a [`Masked`] file, of which it is handed only the
/// whole lines around the span it asks for, one more on each side than it draws, so that it
/// finds there exactly what it would find in the whole text (its line and column count start
/// from the text's start; they are shifted back here).
#[derive(Debug, Clone)]
struct Window(Arc<Masked>);

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let masked = &*self.0;
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > masked.text.len() {
            // Outside the text: miette's own answer (an error), at whatever cost.
            return masked
                .text
                .read_span(span, context_lines_before, context_lines_after);
        }
        let first_line = masked
            .line_of(start)
            .saturating_sub(context_lines_before + 1);
        let last_line = masked.line_of(end).saturating_add(context_lines_after + 1);
        let window = masked.lines(first_line, last_line);
        let local = SourceSpan::new((start - window.start).into(), span.len());
        let inner = masked.text[window.clone()].read_span(
            &local,
            context_lines_before,
            context_lines_after,
        )?;
        let found = SourceSpan::new(
            (inner.span().offset() + window.start).into(),
            inner.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            masked.name.clone(),
            inner.data(),
            found,
            inner.line() + first_line,
            inner.column(),
            inner.line_count() + first_line,
        )))
    }
}

/// Per source file: its masked text, and how many of its findings were drawn and listed.
struct Drawn {
    masked: Arc<Masked>,
    drawn: usize,
    listed: usize,
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
        .with_links(false)
        .with_context_lines(CONTEXT_LINES);
    let mut out = String::new();
    let mut files: HashMap<&str, Drawn> = HashMap::new();
    for diagnostic in diagnostics {
        let report = to_report(diagnostic, sources, &mut files);
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&report.message);
        }
        out.push('\n');
    }
    let listed: BTreeMap<&str, &Drawn> = files
        .iter()
        .filter(|(_, file)| file.listed > 0)
        .map(|(path, file)| (*path, file))
        .collect();
    for file in listed.values() {
        out.push_str(&listed_note(file));
        out.push('\n');
    }
    out.push_str(&by_rule(diagnostics));
    out.push_str(&summary(diagnostics, totals));
    out.push('\n');
    out
}

/// The note for a file some of whose findings were listed without their lines.
fn listed_note(file: &Drawn) -> String {
    let (findings, are) = if file.listed == 1 {
        ("finding", "is")
    } else {
        ("findings", "are")
    };
    format!(
        "note: {} {findings} in {} {are} listed as file:line:column only: the lines of at most \
         {SNIPPETS_PER_FILE} findings per file are drawn, and none longer than {} KiB \
         (`--format json` gives every finding in full)",
        file.listed,
        file.masked.name,
        MAX_SNIPPET_BYTES / 1024
    )
}

fn to_report<'s>(
    diagnostic: &'s Diagnostic,
    sources: &Sources<'s>,
    files: &mut HashMap<&'s str, Drawn>,
) -> Report {
    let file = diagnostic.file.as_deref().map(shown);
    let mut message = shown(&diagnostic.message);
    let mut report = Report {
        message: String::new(),
        code: diagnostic.rule,
        severity: diagnostic.severity,
        help: diagnostic.help.as_deref().map(shown),
        source: None,
        labels: Vec::new(),
    };
    let located = match (diagnostic.file.as_deref(), diagnostic.span) {
        (Some(path), Some(span)) => sources.get(path).map(|source| (path, *source, span)),
        _ => None,
    };
    match located {
        Some((path, source, span)) => {
            let name = file.clone().unwrap_or_default();
            let state = files.entry(path).or_insert_with(|| Drawn {
                masked: Arc::new(Masked::new(name.clone(), &source.text)),
                drawn: 0,
                listed: 0,
            });
            let text_len = state.masked.text.len();
            let start = span.start.min(text_len);
            let len = span.len().min(text_len - start);
            let lines = state.masked.drawn(start, start + len);
            if state.drawn < SNIPPETS_PER_FILE && lines.len() <= MAX_SNIPPET_BYTES {
                state.drawn += 1;
                let label = diagnostic.label.as_deref().map(shown);
                report.source = Some(Window(state.masked.clone()));
                report.labels = vec![LabeledSpan::new(label, start, len)];
            } else {
                state.listed += 1;
                let at = source.line_col(start);
                message = format!("{name}:{}:{}: {message}", at.line, at.column);
            }
        }
        None => {
            // No line to show: say which file the finding is about, unless the message does.
            if let Some(file) = &file
                && file != "."
                && !message.contains(file.trim_end_matches('/'))
            {
                message = format!("{file}: {message}");
            }
        }
    }
    report.message = message;
    report
}

/// The summary by rule (what `--statistics` prints alone): one line per rule and severity
/// with its count, most severe first, then most frequent, then by name; nothing without
/// findings. Rule names are ownlint's own, so nothing in it needs escaping.
pub fn by_rule(diagnostics: &[Diagnostic]) -> String {
    let rows = super::rule_counts(diagnostics);
    let Some(rule_width) = rows.iter().map(|r| r.rule.len()).max() else {
        return String::new();
    };
    let count_width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::from("findings by rule:\n");
    for super::RuleCount {
        rule,
        severity,
        count: n,
    } in rows
    {
        out.push_str(&format!(
            "  {rule:<rule_width$}  {:<7}  {n:>count_width$}\n",
            severity.as_str()
        ));
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};

    fn contents(c: &dyn SpanContents<'_>) -> (Vec<u8>, usize, usize, usize, usize, usize) {
        (
            c.data().to_vec(),
            c.span().offset(),
            c.span().len(),
            c.line(),
            c.column(),
            c.line_count(),
        )
    }

    /// For every span of several texts and every amount of context, the window answers exactly
    /// what miette reads from the whole text.
    #[test]
    fn a_window_reads_what_the_whole_text_gives() {
        let texts = [
            "",
            "a",
            "one\ntwo\nthree\n",
            "one\ntwo\nthree",
            "\n\n\nx\n\n",
            "approvers:\n  - alice\n  - bob\nreviewers: [carol]\n\nlabels: [x]\n",
            "é\nü x\n\u{1b}[31m\n",
        ];
        let mut compared = 0;
        for text in texts {
            let masked = Arc::new(Masked::new("OWNERS".into(), text));
            let window = Window(masked.clone());
            let whole = masked.text.as_str();
            for start in 0..=whole.len() {
                for end in start..=whole.len() {
                    let span = SourceSpan::new(start.into(), end - start);
                    for (before, after) in [(0, 0), (1, 1), (2, 2), (0, 1), (1, 0), (3, 1)] {
                        let expected = whole.read_span(&span, before, after);
                        let found = window.read_span(&span, before, after);
                        match (expected, found) {
                            (Ok(e), Ok(f)) => {
                                assert_eq!(
                                    contents(&*e),
                                    contents(&*f),
                                    "{text:?} {start}..{end} ({before}, {after})"
                                );
                                assert_eq!(f.name(), Some("OWNERS"));
                                compared += 1;
                            }
                            (Err(_), Err(_)) => {}
                            (e, f) => panic!(
                                "{text:?} {start}..{end}: ok {} vs ok {}",
                                e.is_ok(),
                                f.is_ok()
                            ),
                        }
                    }
                }
            }
        }
        assert!(compared > 1000, "{compared}");
    }

    fn finding(path: &str, span: Span) -> Diagnostic {
        let mut d = Diagnostic::new("pattern-matches-nothing", "`x` matches no tracked file")
            .at(path, span)
            .label("matches nothing")
            .help("fix the pattern");
        d.severity = Severity::Warning;
        d
    }

    fn plain() -> Style {
        Style {
            color: false,
            width: 100,
        }
    }

    /// Drawn through a window, a finding looks exactly as miette draws it from the whole file.
    #[test]
    fn findings_look_as_drawn_from_the_whole_file() {
        let text: String = (0..50).map(|i| format!("/dir{i}/ @org/team\n")).collect();
        let source = SourceFile::new(".github/CODEOWNERS", text.as_str());
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false)
            .with_context_lines(CONTEXT_LINES);
        for line in [1, 2, 25, 49, 50] {
            let start = source.offset_of(line, 1).unwrap();
            let span = Span::new(start, start + format!("/dir{}/", line - 1).len());
            let d = finding(".github/CODEOWNERS", span);
            let sources: Sources = BTreeMap::from([(".github/CODEOWNERS", &source)]);
            let mut files = HashMap::new();
            let report = to_report(&d, &sources, &mut files);
            let mut windowed = String::new();
            handler.render_report(&mut windowed, &report).unwrap();

            let whole = miette::NamedSource::new(".github/CODEOWNERS", terminal_mask(&text));
            let report = miette::Report::new(WholeFile(report, whole));
            let mut drawn = String::new();
            handler.render_report(&mut drawn, report.as_ref()).unwrap();
            assert_eq!(windowed, drawn, "line {line}");
            assert!(windowed.contains(&format!("[.github/CODEOWNERS:{line}:1]")));
        }
    }

    /// A report drawn from the whole masked file, as findings were drawn before windows.
    #[derive(Debug)]
    struct WholeFile(Report, miette::NamedSource<String>);

    impl std::fmt::Display for WholeFile {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            self.0.fmt(f)
        }
    }

    impl std::error::Error for WholeFile {}

    impl miette::Diagnostic for WholeFile {
        fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
            self.0.code()
        }
        fn severity(&self) -> Option<miette::Severity> {
            miette::Diagnostic::severity(&self.0)
        }
        fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
            self.0.help()
        }
        fn source_code(&self) -> Option<&dyn SourceCode> {
            Some(&self.1)
        }
        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            self.0.labels()
        }
    }

    /// 20,000 findings in a file of 20,000 lines (each used to copy, mask and scan the whole
    /// file): the first [`SNIPPETS_PER_FILE`] are drawn, the others listed with their position,
    /// and a note says so.
    #[test]
    fn many_findings_in_one_file_are_drawn_up_to_the_budget() {
        const N: usize = 20_000;
        let text: String = (0..N).map(|i| format!("/dir{i}/ @org/team\n")).collect();
        let source = SourceFile::new(".github/CODEOWNERS", text.as_str());
        let findings: Vec<Diagnostic> = (0..N)
            .map(|i| {
                let start = source.offset_of(i + 1, 1).unwrap();
                finding(
                    ".github/CODEOWNERS",
                    Span::new(start, start + format!("/dir{i}/").len()),
                )
            })
            .collect();
        let sources: Sources = BTreeMap::from([(".github/CODEOWNERS", &source)]);
        let out = render(&findings, &sources, &Totals::default(), plain());
        assert_eq!(
            out.matches("╭─[.github/CODEOWNERS:").count(),
            SNIPPETS_PER_FILE
        );
        assert!(out.contains("╭─[.github/CODEOWNERS:100:1]"));
        assert!(!out.contains("╭─[.github/CODEOWNERS:101:1]"));
        assert!(out.contains("⚠ .github/CODEOWNERS:101:1: `x` matches no tracked file"));
        assert!(out.contains(&format!(
            "⚠ .github/CODEOWNERS:{N}:1: `x` matches no tracked file"
        )));
        let note = format!(
            "note: {} findings in .github/CODEOWNERS are listed as file:line:column only",
            N - SNIPPETS_PER_FILE
        );
        assert!(out.contains(&note), "{}", &out[out.len() - 600..]);
    }

    /// A finding on a line longer than [`MAX_SNIPPET_BYTES`] is listed, not drawn: findings on
    /// one long line would otherwise each repeat it.
    #[test]
    fn findings_on_a_very_long_line_are_listed() {
        let long = format!("/a/ {}\n/b/ @ok\n", "@x ".repeat(MAX_SNIPPET_BYTES));
        let source = SourceFile::new("CODEOWNERS", long.as_str());
        let findings = vec![
            finding("CODEOWNERS", Span::new(4, 6)),
            finding("CODEOWNERS", Span::new(long.len() - 8, long.len() - 5)),
        ];
        let sources: Sources = BTreeMap::from([("CODEOWNERS", &source)]);
        let out = render(&findings, &sources, &Totals::default(), plain());
        assert!(
            out.contains("⚠ CODEOWNERS:1:5: `x` matches no tracked file"),
            "{out}"
        );
        // The second line is drawn alone: its context line is the long one.
        assert!(out.contains("⚠ CODEOWNERS:2:1: `x`"), "{out}");
        assert!(
            out.contains("note: 2 findings in CODEOWNERS are listed"),
            "{out}"
        );
        assert!(out.len() < 2000, "{}", out.len());
    }

    /// The summary by rule: one line per rule and severity, most severe first, then most
    /// frequent, then by name, in aligned columns; nothing without findings.
    #[test]
    fn the_summary_by_rule_orders_and_aligns_its_lines() {
        let with = |rule: &'static str, severity: Severity| {
            let mut d = Diagnostic::new(rule, "m");
            d.severity = severity;
            d
        };
        assert_eq!(by_rule(&[]), "");
        let mut findings = vec![with("unknown-field", Severity::Warning)];
        findings.extend((0..12).map(|_| with("stale-owner", Severity::Warning)));
        findings.push(with("parse-error", Severity::Error));
        findings.push(with("unowned-path", Severity::Info));
        findings.push(with("unowned-path", Severity::Warning));
        assert_eq!(
            by_rule(&findings),
            "findings by rule:\n  \
             parse-error    error     1\n  \
             stale-owner    warning  12\n  \
             unknown-field  warning   1\n  \
             unowned-path   warning   1\n  \
             unowned-path   info      1\n"
        );
    }

    /// The closing line counts in the singular for 1 and the plural otherwise, every noun.
    #[test]
    fn the_closing_line_agrees_with_its_counts() {
        let totals = |n: usize| Totals {
            files: n,
            ownership_files: n,
            ..Totals::default()
        };
        let findings = |n: usize| -> Vec<Diagnostic> {
            [Severity::Error, Severity::Warning, Severity::Info]
                .into_iter()
                .flat_map(|severity| {
                    (0..n).map(move |_| {
                        let mut d = Diagnostic::new("unowned-path", "m");
                        d.severity = severity;
                        d
                    })
                })
                .collect()
        };
        assert_eq!(
            summary(&findings(1), &totals(1)),
            "ownlint: 1 error, 1 warning, 1 info in 1 file (1 ownership file checked)"
        );
        assert_eq!(
            summary(&findings(2), &totals(2)),
            "ownlint: 2 errors, 2 warnings, 2 infos in 2 files (2 ownership files checked)"
        );
    }
}
