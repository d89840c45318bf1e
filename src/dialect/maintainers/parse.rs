//! MAINTAINERS files, Linux / U-Boot style, read into the [`super::model`] (which Zephyr's
//! `MAINTAINERS.yml`, see [`super::yml`], shares).
//!
//! Reading follows `scripts/get_maintainer.pl` (`read_maintainer_file`, `find_first_section`):
//! blank lines and lines starting with `#` are skipped; a tag line is a capital letter and a
//! colon at the start of the line (`F:\tpath`, `F: path`), whatever whitespace follows; a
//! section is a run of tag lines, and its title is the text line just before the run. So the
//! preamble of the Linux file (the description of the letters, indented, and the dashes) is every
//! line before the first title that is followed by tag lines; it is skipped. After the first
//! section, a text line that is not followed by tag lines, or an indented one, is a
//! `parse-error` (get_maintainer.pl ignores such lines silently).
//!
//! Per-board files (U-Boot's `board/*/*/MAINTAINERS`, found with `--find-maintainer-files`) have
//! the same syntax and their patterns are relative to the repository root, as in the top file.

use rustc_hash::FxHashMap;

use super::model::*;
use super::pattern::*;
use crate::diagnostics::Diagnostic;
use crate::dialect::Dialect;
use crate::rules::{maintainers_section, parse_error};
use crate::source::{SourceFile, Span};

/// A `maintainers-section` finding at a section's title.
pub(crate) fn section_finding(
    path: &str,
    span: Span,
    message: String,
    label: &'static str,
    help: &'static str,
) -> Diagnostic {
    Diagnostic::new(maintainers_section::RULE.name, message)
        .at(path, span)
        .label(label)
        .help(help)
}

struct Parser<'a> {
    source: &'a SourceFile,
    out: &'a mut Vec<Diagnostic>,
    sections: Vec<Section>,
    /// Section titles seen, with the line of their first use.
    titles: FxHashMap<String, usize>,
}

impl Parser<'_> {
    fn error(&mut self, span: Span, message: String, label: &'static str, help: &'static str) {
        self.out.push(
            Diagnostic::new(parse_error::RULE.name, message)
                .at(&self.source.path, span)
                .label(label)
                .help(help),
        );
    }

    fn tag(&mut self, section: &mut Section, tag: char, value: &str, span: Span, line: Span) {
        if value.is_empty() {
            self.error(
                line,
                format!("empty `{tag}:` entry"),
                "no value",
                "write a value after the tag, or remove the line",
            );
            return;
        }
        let entry = (value.to_string(), span);
        match tag {
            'M' => {
                let person = Person::parse(value, span);
                if person.email.is_none() {
                    self.out.push(
                        Diagnostic::new(
                            "invalid-owner",
                            format!("maintainer `{}` has no email address", excerpt(value)),
                        )
                        .at(&self.source.path, span)
                        .label("no address")
                        .help("write `M:\tFull Name <address@example.org>`: patches are mailed to `M:` addresses"),
                    );
                }
                section.maintainers.push(person);
            }
            'R' => section.reviewers.push(Person::parse(value, span)),
            'L' => section.lists.push(entry),
            'S' => {
                if section.status.is_none() {
                    section.status = Some((Status::parse(value), span));
                }
            }
            'F' | 'X' => match check_glob(value, Dialect::Maintainers) {
                Ok(()) if tag == 'F' => section.files.push(entry),
                Ok(()) => section.excludes.push(entry),
                Err(reason) => self.error(
                    span,
                    format!("`{tag}:` pattern `{}` is invalid: {reason}", excerpt(value)),
                    "invalid pattern",
                    "patterns use `*`, `?`, `[...]` and a trailing `/` for a whole directory",
                ),
            },
            'N' => match check_regex(value, Dialect::Maintainers) {
                Ok(()) => section.regexes.push(entry),
                Err(reason) => self.error(
                    span,
                    format!("`N:` regex `{}` does not compile: {reason}", excerpt(value)),
                    "does not compile",
                    "`N:` is a regular expression searched in the path; the pattern is ignored",
                ),
            },
            other => section.metadata.push((other, value.to_string(), span)),
        }
    }

    fn finish(&mut self, section: Section) {
        let line = self.source.line_of(section.span.start);
        let path = self.source.path.clone();
        let title = excerpt(&section.title);
        if !section.title.is_empty() {
            match self.titles.get(&section.title) {
                Some(first) => self.out.push(section_finding(
                    &path,
                    section.span,
                    format!("duplicate section header `{title}` (first on line {first})"),
                    "duplicate header",
                    "merge the two sections, or give this one a distinct title",
                )),
                None => {
                    self.titles.insert(section.title.clone(), line);
                }
            }
        }
        if section.status.is_none() {
            self.out.push(section_finding(
                &path,
                section.span,
                format!("section `{title}` has no status (`S:`)"),
                "no `S:`",
                "add `S:\tMaintained` (or Supported, Odd Fixes, Orphan, Obsolete)",
            ));
        }
        if section.files.is_empty() && section.regexes.is_empty() {
            self.out.push(section_finding(
                &path,
                section.span,
                format!("section `{title}` has no file pattern (`F:` or `N:`): it covers no files"),
                "no `F:`",
                "add `F:` lines for the files the section covers, or remove the section",
            ));
        }
        if !section.has_contact() && !section.is_orphan_or_obsolete() {
            self.out.push(section_finding(
                &path,
                section.span,
                format!(
                    "section `{title}` names no maintainer, reviewer or list (`M:`, `R:`, `L:`)"
                ),
                "nobody to send changes to",
                "add an `M:` maintainer, or mark the section `S:\tOrphan`",
            ));
        }
        self.sections.push(section);
    }
}

/// Reads `X:` at the start of a line: the tag letter, the value (trimmed) and its offset.
fn tag_line(line: &str) -> Option<(char, &str, usize)> {
    let bytes = line.as_bytes();
    if bytes.len() < 2 || !bytes[0].is_ascii_uppercase() || bytes[1] != b':' {
        return None;
    }
    let rest = &line[2..];
    let value = rest.trim_start();
    let start = 2 + rest.len() - value.len();
    Some((bytes[0] as char, value.trim_end(), start))
}

/// One line of a MAINTAINERS file, as the parser reads it.
enum Line<'a> {
    /// Blank, a comment, or nothing but an `ownlint: ignore[...]` marker.
    Skipped,
    /// A control character (other than a tab) at this span: the line is ignored.
    Control(Span, char),
    /// `X: value`: the tag, the value (trimmed), the value's span and the line's.
    Tag(char, &'a str, Span, Span),
    /// Any other line: its trimmed content, its indentation and its span.
    Text(&'a str, usize, Span),
}

/// Reads one line (`raw`, with its line break) that starts at byte `base` of the file.
fn classify(raw: &str, base: usize) -> Line<'_> {
    let line = raw.strip_suffix('\n').unwrap_or(raw);
    let line = line.strip_suffix('\r').unwrap_or(line);
    if let Some((i, c)) = first_control(line) {
        let at = base + i;
        return Line::Control(Span::new(at, at + c.len_utf8()), c);
    }
    // An `ownlint: ignore[...]` marker is not part of the line (see crate::suppress).
    let line = crate::suppress::strip_free_text_marker(line);
    let content = line.trim();
    if content.is_empty() || content.starts_with('#') {
        return Line::Skipped;
    }
    let lead = line.len() - line.trim_start().len();
    let line_span = Span::new(base + lead, base + lead + content.len());
    match tag_line(line) {
        Some((tag, value, value_start)) => {
            let value_span = Span::new(base + value_start, base + value_start + value.len());
            Line::Tag(tag, value, value_span, line_span)
        }
        None => Line::Text(content, lead, line_span),
    }
}

/// The first control character of `line` other than a tab, where [`char::is_control`] says
/// so (U+0000-U+001F, U+007F-U+009F), and its offset. Read byte by byte, as the characters
/// of these ranges are encoded in UTF-8 (one byte each for the first two, 0xC2 and a byte of
/// 0x80-0x9F for the third): every line of every version of a MAINTAINERS file is scanned,
/// and decoding each character to ask was a fifth of parsing one.
fn first_control(line: &str) -> Option<(usize, char)> {
    let bytes = line.as_bytes();
    let at = bytes.iter().enumerate().position(|(i, &b)| {
        (b < 0x20 && b != b'\t')
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })?;
    line[at..].chars().next().map(|c| (at, c))
}

/// Where the parser is between two lines: the title line waiting for tag lines, the section
/// being read, and whether a section has started (before it, every line is preamble).
#[derive(Default)]
struct Reading {
    pending: Option<(String, Span)>,
    current: Option<Section>,
    started: bool,
}

impl Parser<'_> {
    fn stray(&mut self, (title, span): (String, Span)) {
        self.error(
            span,
            format!("`{}` is not followed by tag lines", excerpt(&title)),
            "not a section",
            "a section is a title line followed by tag lines such as `M:`, `S:` and `F:`",
        );
    }

    /// Reads the whole lines of the file's bytes `from..to`.
    fn read_lines(&mut self, state: &mut Reading, from: usize, to: usize) {
        let text = self.source.text.clone();
        let mut offset = from;
        for raw in text[from..to].split_inclusive('\n') {
            let base = offset;
            offset += raw.len();
            match classify(raw, base) {
                Line::Skipped => {}
                Line::Control(span, c) => self.error(
                    span,
                    format!(
                        "line contains the control character U+{:04X}; the line is ignored",
                        c as u32
                    ),
                    "control character",
                    "MAINTAINERS is plain text: remove the character",
                ),
                Line::Tag(tag, value, value_span, line_span) => {
                    let mut section = match state.current.take() {
                        Some(section) => section,
                        None => {
                            let (title, span) = match state.pending.take() {
                                Some(title) => title,
                                None => {
                                    self.error(
                                        line_span,
                                        "tag line before any section title".into(),
                                        "no title above",
                                        "start each section with its title on a line of its own",
                                    );
                                    (String::new(), line_span)
                                }
                            };
                            state.started = true;
                            Section {
                                title,
                                span,
                                ..Section::default()
                            }
                        }
                    };
                    self.tag(&mut section, tag, value, value_span, line_span);
                    state.current = Some(section);
                }
                Line::Text(content, lead, line_span) if state.started && lead > 0 => self.error(
                    line_span,
                    format!("indented line `{}` among the sections", excerpt(content)),
                    "not a tag line",
                    "MAINTAINERS has no continuation lines: put each value on its own tag line",
                ),
                Line::Text(content, _, line_span) => {
                    if let Some(section) = state.current.take() {
                        self.finish(section);
                    }
                    if let Some(previous) = state.pending.replace((content.to_string(), line_span))
                        && state.started
                    {
                        self.stray(previous);
                    }
                }
            }
        }
    }

    /// Ends the reading: the last section, and a last title with no tag lines.
    fn end(&mut self, state: &mut Reading) {
        if let Some(section) = state.current.take() {
            self.finish(section);
        }
        if let Some(previous) = state.pending.take()
            && state.started
        {
            self.stray(previous);
        }
    }
}

/// Where the file's text starts (after a byte-order mark).
fn text_start(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// Parses a Linux-style MAINTAINERS file. Problems are reported (`parse-error`,
/// `invalid-owner`, `maintainers-section`) and parsing goes on with the next line.
pub fn parse(source: &SourceFile, out: &mut Vec<Diagnostic>) -> MaintainersFile {
    let mut parser = Parser {
        source,
        out,
        sections: Vec::new(),
        titles: FxHashMap::default(),
    };
    let mut state = Reading::default();
    parser.read_lines(&mut state, text_start(&source.text), source.text.len());
    parser.end(&mut state);
    MaintainersFile {
        path: source.path.clone(),
        dialect: Dialect::Maintainers,
        sections: parser.sections,
    }
}

/// Sections parsed before, by the text they were parsed from, for reading many versions of one
/// MAINTAINERS file ([`parse_sections_with`]): a commit changes a few of its thousands of
/// sections, and the versions of a year of Linux's file were each parsed in full.
#[derive(Default)]
pub struct SectionMemo {
    /// The text before and with the first section (read from the parser's first state).
    head: FxHashMap<Box<str>, Memoised>,
    /// The text of each later section: a title line and what follows it up to the next title.
    body: FxHashMap<Box<str>, Memoised>,
    /// The bytes of text the keys hold.
    bytes: usize,
}

/// One piece of text parsed: its sections with spans from the piece's start, and what their
/// patterns charged to the [pattern budget](crate::pattern_budget).
struct Memoised {
    sections: Vec<Section>,
    patterns: usize,
    bytes: usize,
}

/// The most text a [`SectionMemo`] keeps (when full, it starts again empty): a few versions of
/// Linux's MAINTAINERS (800 KB).
const MEMO_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// The sections of a Linux-style MAINTAINERS file, as [`parse`] reads them (spans included),
/// without its diagnostics: each piece of the text from one title line that ends the previous
/// section to the next is parsed once and remembered in `memo`. Every piece starts the parser in
/// the same state (a section has started, none is open, the title is the piece's first line),
/// so what a piece declares depends on its text alone, and on the pattern budget, which each
/// remembered piece is charged again: a piece the budget cannot pay for in full, or that was
/// refused a pattern when parsed, is parsed again.
pub fn parse_sections_with(source: &SourceFile, memo: &mut SectionMemo) -> MaintainersFile {
    let text = source.text.as_str();
    let mut starts = vec![text_start(text)];
    let mut started = false;
    let mut offset = starts[0];
    for raw in text[offset..].split_inclusive('\n') {
        let base = offset;
        offset += raw.len();
        match classify(raw, base) {
            Line::Tag(..) => started = true,
            Line::Text(_, 0, _) if started => starts.push(base),
            _ => {}
        }
    }
    let mut sections = Vec::new();
    for (i, &from) in starts.iter().enumerate() {
        let to = starts.get(i + 1).copied().unwrap_or(text.len());
        let piece = &text[from..to];
        let known = if i == 0 { &memo.head } else { &memo.body };
        if let Some(known) = known.get(piece)
            && crate::pattern_budget::take_all(known.patterns, known.bytes)
        {
            sections.extend(known.sections.iter().map(|s| moved(s, 0, from)));
            continue;
        }
        let mut ignored = Vec::new();
        let mut parser = Parser {
            source,
            out: &mut ignored,
            sections: Vec::new(),
            titles: FxHashMap::default(),
        };
        let mut state = Reading {
            started: i > 0,
            ..Reading::default()
        };
        let before = crate::pattern_budget::used();
        parser.read_lines(&mut state, from, to);
        parser.end(&mut state);
        let after = crate::pattern_budget::used();
        let parsed = std::mem::take(&mut parser.sections);
        // A pattern refused by the budget is refused only where the budget is nearly spent:
        // with room for the largest pattern left, none was.
        if crate::pattern_budget::has_room_for(super::pattern::MAX_REGEX_BYTES) {
            if memo.bytes + piece.len() > MEMO_TEXT_BYTES {
                *memo = SectionMemo::default();
            }
            memo.bytes += piece.len();
            let remembered = Memoised {
                sections: parsed.iter().map(|s| moved(s, from, 0)).collect(),
                patterns: after.0 - before.0,
                bytes: after.1 - before.1,
            };
            let known = if i == 0 {
                &mut memo.head
            } else {
                &mut memo.body
            };
            known.insert(piece.into(), remembered);
        }
        sections.extend(parsed);
    }
    MaintainersFile {
        path: source.path.clone(),
        dialect: Dialect::Maintainers,
        sections,
    }
}

/// A copy of `section` whose spans start at `to` instead of `from`.
fn moved(section: &Section, from: usize, to: usize) -> Section {
    let at = |span: Span| {
        Span::new(
            span.start.saturating_sub(from) + to,
            span.end.saturating_sub(from) + to,
        )
    };
    let mut section = section.clone();
    section.span = at(section.span);
    for person in section.maintainers.iter_mut().chain(&mut section.reviewers) {
        person.span = at(person.span);
    }
    for (_, span) in section
        .lists
        .iter_mut()
        .chain(&mut section.files)
        .chain(&mut section.excludes)
        .chain(&mut section.regexes)
        .chain(&mut section.regex_excludes)
    {
        *span = at(*span);
    }
    if let Some((_, span)) = &mut section.status {
        *span = at(*span);
    }
    for (_, _, span) in &mut section.metadata {
        *span = at(*span);
    }
    section
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_found_byte_by_byte_as_char_is_control_finds_them() {
        let by_char = |line: &str| {
            line.char_indices()
                .find(|&(_, c)| c.is_control() && c != '\t')
        };
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for line in [
                format!("{c}"),
                format!("F:\tx{c}é{c}"),
                format!("é\t{c}\u{a0}"),
            ] {
                assert_eq!(first_control(&line), by_char(&line), "{:?}", c as u32);
            }
        }
    }

    use std::collections::HashSet;

    use super::*;
    use crate::dialect::maintainers::matcher::*;

    fn parse_text(path: &str, text: &str) -> (MaintainersFile, Vec<Diagnostic>) {
        let source = SourceFile::new(path, text);
        let mut out = Vec::new();
        (parse(&source, &mut out), out)
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    const LINUX: &str = "List of maintainers\n\
        ===================\n\
        \n\
        Descriptions of section entries:\n\
        \n\
        \tM: *Mail* patches to: FullName <address@domain>\n\
        \tF: *Files* and directories wildcard patterns.\n\
        \t   F:\tdrivers/net/\tall files in and below drivers/net\n\
        \n\
        Maintainers List\n\
        ----------------\n\
        \n\
        3C59X NETWORK DRIVER\n\
        M:\tSteffen Klassert <klassert@kernel.org>\n\
        L:\tnetdev@vger.kernel.org\n\
        S:\tOdd Fixes\n\
        F:\tDocumentation/networking/device_drivers/ethernet/3com/vortex.rst\n\
        F:\tdrivers/net/ethernet/3com/3c59x.c\n\
        \n\
        ACPI\n\
        M:  \"Rafael J. Wysocki\" <rafael@kernel.org>\n\
        R:  Len Brown <lenb@kernel.org>\n\
        # a comment inside\n\
        S:  Supported\n\
        F:  drivers/acpi/\n\
        X:  drivers/acpi/apei/\n\
        N:  acpi\n\
        K:  \\bacpi_\n\
        \n\
        THE REST\n\
        M:\tLinus Torvalds <torvalds@linux-foundation.org>\n\
        L:\tlinux-kernel@vger.kernel.org\n\
        S:\tBuried alive in reporters\n\
        F:\t*\n\
        F:\t*/\n";

    #[test]
    fn skips_the_preamble_and_reads_sections() {
        let (file, diags) = parse_text("MAINTAINERS", LINUX);
        assert!(diags.is_empty(), "{diags:?}");
        let titles: Vec<_> = file.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["3C59X NETWORK DRIVER", "ACPI", "THE REST"]);
        let acpi = &file.sections[1];
        assert_eq!(slice(LINUX, acpi.span), "ACPI");
        assert_eq!(acpi.maintainers[0].name, "Rafael J. Wysocki");
        assert_eq!(
            acpi.maintainers[0].email.as_deref(),
            Some("rafael@kernel.org")
        );
        assert_eq!(
            slice(LINUX, acpi.maintainers[0].span),
            "\"Rafael J. Wysocki\" <rafael@kernel.org>"
        );
        assert_eq!(acpi.reviewers[0].email.as_deref(), Some("lenb@kernel.org"));
        assert_eq!(acpi.status.as_ref().unwrap().0, Status::Supported);
        assert_eq!(slice(LINUX, acpi.files[0].1), "drivers/acpi/");
        assert_eq!(acpi.excludes[0].0, "drivers/acpi/apei/");
        assert_eq!(acpi.regexes[0].0, "acpi");
        assert_eq!(acpi.metadata[0].0, 'K');
        assert_eq!(
            file.sections[0].status.as_ref().unwrap().0,
            Status::OddFixes
        );
        assert_eq!(
            file.sections[2].status.as_ref().unwrap().0,
            Status::Other("Buried alive in reporters".into())
        );
        assert!(file.sections[2].is_catch_all());
        assert!(!acpi.is_catch_all());
    }

    #[test]
    fn crlf_bom_and_spaces() {
        let text = "\u{feff}FOO\r\nM: A B <a@b.c>\r\nS:Maintained  \r\nF:\t foo/\r\n";
        let (file, diags) = parse_text("MAINTAINERS", text);
        assert!(diags.is_empty(), "{diags:?}");
        let section = &file.sections[0];
        assert_eq!(slice(text, section.span), "FOO");
        assert_eq!(section.files[0].0, "foo/");
        assert_eq!(slice(text, section.files[0].1), "foo/");
        assert_eq!(section.status.as_ref().unwrap().0, Status::Maintained);
    }

    #[test]
    fn statuses() {
        assert_eq!(Status::parse("odd FIXES"), Status::OddFixes);
        assert_eq!(Status::parse("Orphaned (Since 2017-01)"), Status::Orphan);
        assert_eq!(Status::parse("Orphan (Since 2022-10-21)"), Status::Orphan);
        assert_eq!(
            Status::parse("Orphan / Obsolete"),
            Status::Other("Orphan / Obsolete".into())
        );
        assert!(Status::parse("Orphan / Obsolete").is_orphan_or_obsolete());
        assert!(!Status::parse("Buried alive in reporters").is_orphan_or_obsolete());
    }

    #[test]
    fn people() {
        let p = Person::parse("Jane Doe <jane@example.org>", Span::default());
        assert_eq!(
            (p.name.as_str(), p.email.as_deref()),
            ("Jane Doe", Some("jane@example.org"))
        );
        let p = Person::parse("jane@example.org", Span::default());
        assert_eq!(
            (p.name.as_str(), p.email.as_deref()),
            ("", Some("jane@example.org"))
        );
        let p = Person::parse("Jane Doe", Span::default());
        assert_eq!((p.name.as_str(), p.email), ("Jane Doe", None));
        let p = Person::parse("Jane <jane at example.org>", Span::default());
        assert_eq!(p.email, None);
    }

    #[test]
    fn section_problems_and_bad_lines_are_reported() {
        let text = "FOO\nM:\tNo Address\nF:\tfoo/\n\nBAR\nS:\tMaintained\nN:\t(unclosed\nF:\t\n\
                    \tindented\n\nFOO\nS: Orphan\nF: x\nstray line\n\nBAZ\nM: a <a@b.c>\nS: Supported\nF: b[\n";
        let (file, diags) = parse_text("MAINTAINERS", text);
        let summary: Vec<(&str, &str)> = diags
            .iter()
            .map(|d| (d.rule, slice(text, d.span.unwrap())))
            .collect();
        assert_eq!(
            summary,
            [
                ("invalid-owner", "No Address"),
                ("maintainers-section", "FOO"),
                ("parse-error", "(unclosed"),
                ("parse-error", "F:"),
                ("parse-error", "indented"),
                ("maintainers-section", "BAR"),
                ("maintainers-section", "BAR"),
                ("maintainers-section", "FOO"),
                ("parse-error", "stray line"),
                ("parse-error", "b["),
                ("maintainers-section", "BAZ"),
            ]
        );
        assert!(diags[1].message.contains("no status"));
        assert!(diags[5].message.contains("no file pattern"));
        assert!(diags[6].message.contains("names no maintainer"));
        assert!(diags[7].message.contains("duplicate"));
        assert_eq!(file.sections.len(), 4);
        // The orphaned FOO needs nobody; the bad N: and F: are left out.
        assert!(file.sections[1].regexes.is_empty());
        assert!(file.sections[3].files.is_empty());
    }

    #[test]
    fn control_characters_and_tags_before_titles() {
        let text = "M: a <a@b.c>\nS: Maintained\nF: a\0b\nF: ok\n";
        let (file, diags) = parse_text("MAINTAINERS", text);
        let rules: Vec<_> = diags.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["parse-error", "parse-error"]);
        assert_eq!(slice(text, diags[1].span.unwrap()), "\0");
        assert_eq!(file.sections[0].files.len(), 1);
    }

    fn matcher_for(text: &str, dirs: &[&str]) -> (MaintainersFile, MaintainersMatcher) {
        let (file, _) = parse_text("MAINTAINERS", text);
        let dirs: HashSet<String> = dirs.iter().map(|d| d.to_string()).collect();
        let matcher = MaintainersMatcher::new(std::slice::from_ref(&file), &dirs);
        (file, matcher)
    }

    fn titles(file: &MaintainersFile, matcher: &MaintainersMatcher, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        matcher.sections_for(path, &mut out);
        out.iter()
            .map(|&(_, s)| file.sections[s].title.clone())
            .collect()
    }

    #[test]
    fn linux_pattern_semantics() {
        let text = "DIR\nM: a <a@b.c>\nS: Maintained\nF: drivers/net/\nX: drivers/net/wireless/\n\n\
                    STAR\nM: a <a@b.c>\nS: Maintained\nF: drivers/net/*\n\n\
                    ANY\nM: a <a@b.c>\nS: Maintained\nF: */net/*\n\n\
                    IMPLICIT\nM: a <a@b.c>\nS: Maintained\nF: arch/arm\n\n\
                    FILE\nM: a <a@b.c>\nS: Maintained\nF: cmd/acpi.c\nF: tools/rk_spi.[ch]\n\n\
                    REGEX\nM: a <a@b.c>\nS: Maintained\nN: [^a-z]tegra\nX: drivers/net/tegra.c\n\n\
                    CROSS\nM: a <a@b.c>\nS: Maintained\nF: lib/*/util/\n";
        let (file, m) = matcher_for(text, &["arch/arm", "drivers", "drivers/net"]);
        assert_eq!(titles(&file, &m, "drivers/net/a.c"), ["DIR", "STAR", "ANY"]);
        assert_eq!(titles(&file, &m, "drivers/net/x/b.c"), ["DIR"]);
        assert!(titles(&file, &m, "drivers/net/wireless/w.c").is_empty());
        assert_eq!(titles(&file, &m, "fs/net/c.c"), ["ANY"]);
        assert!(titles(&file, &m, "fs/a/net/c.c").is_empty());
        assert_eq!(titles(&file, &m, "arch/arm/boot/x.dts"), ["IMPLICIT"]);
        assert!(titles(&file, &m, "arch/arm64/x.c").is_empty());
        assert_eq!(titles(&file, &m, "cmd/acpi.c"), ["FILE"]);
        // get_maintainer.pl matches a prefix within the last component.
        assert_eq!(titles(&file, &m, "cmd/acpi.cfg"), ["FILE"]);
        assert!(titles(&file, &m, "cmd/acpi.c/x").is_empty());
        assert_eq!(titles(&file, &m, "tools/rk_spi.h"), ["FILE"]);
        assert!(titles(&file, &m, "tools/rk_spi.o").is_empty());
        assert_eq!(
            titles(&file, &m, "arch/arm/mach-tegra/x.c"),
            ["IMPLICIT", "REGEX"]
        );
        assert!(titles(&file, &m, "arch/nvidiategra.c").is_empty());
        // X: excludes the section's N: match.
        assert_eq!(
            titles(&file, &m, "drivers/net/tegra.c"),
            ["DIR", "STAR", "ANY"]
        );
        assert_eq!(titles(&file, &m, "lib/a/b/util/x.c"), ["CROSS"]);

        let dir = file.sections.iter().position(|s| s.title == "DIR").unwrap();
        assert!(m.file_pattern_matches(0, dir, 0, "drivers/net/wireless/w.c"));
        let mut found = Vec::new();
        m.patterns_for("drivers/net/wireless/w.c", &mut found);
        found.sort();
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].kind, PatternKind::Exclude);
        assert_eq!(m.patterns().count(), 10);
    }

    #[test]
    fn leading_look_behind_is_supported() {
        let text = "VERSAL\nM: a <a@b.c>\nS: Maintained\nN: (?<!uni)versal\n\n\
                    POS\nM: a <a@b.c>\nS: Maintained\nN: (?<= a/ | b/ )x\n";
        let (file, diags) = parse_text("MAINTAINERS", text);
        assert!(diags.is_empty(), "{diags:?}");
        let dirs = HashSet::new();
        let m = MaintainersMatcher::new(std::slice::from_ref(&file), &dirs);
        assert_eq!(titles(&file, &m, "arch/versal.c"), ["VERSAL"]);
        assert!(titles(&file, &m, "arch/universal.c").is_empty());
        assert_eq!(titles(&file, &m, "universal/versal.c"), ["VERSAL"]);
        assert_eq!(titles(&file, &m, "b/x.c"), ["POS"]);
        assert!(titles(&file, &m, "c/x.c").is_empty());
        let (_, diags) = parse_text("MAINTAINERS", "A\nM: a <a@b.c>\nS: Maintained\nN: a(?=b)\n");
        assert_eq!(diags[0].rule, "parse-error");
    }

    #[test]
    fn catch_all_covers_every_path() {
        let (file, m) = matcher_for(LINUX, &[]);
        assert_eq!(titles(&file, &m, "Makefile"), ["THE REST"]);
        assert_eq!(
            titles(&file, &m, "drivers/acpi/apei/x.c"),
            ["THE REST"],
            "X: excludes the N: match too"
        );
        assert_eq!(
            titles(&file, &m, "drivers/acpi/bus.c"),
            ["ACPI", "THE REST"]
        );
        assert_eq!(titles(&file, &m, "include/acpi.h"), ["ACPI", "THE REST"]);
    }

    #[test]
    fn many_sections_and_paths_resolve_each_path_to_its_own_section() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&format!(
                "S{i}\nM: a <a@b.c>\nS: Maintained\nF: configs/board{i}_defconfig\nF: board/v{i}/\nF: drivers/d{i}/*.c\n{}\n",
                if i % 10 == 0 { format!("N: chip{i}x\n") } else { String::new() }
            ));
        }
        let (file, m) = matcher_for(&text, &[]);
        assert_eq!(file.sections.len(), 3000);
        // How fast is benches/pattern_shapes.rs's to say; here, that the answers stay right.
        let mut out = Vec::new();
        for i in 0..100_000 {
            let dir = i % 4000;
            m.sections_for(&format!("drivers/d{dir}/f{i}.c"), &mut out);
            let sections: Vec<usize> = out.iter().map(|&(_, section)| section).collect();
            if dir < 3000 {
                assert_eq!(sections, [dir], "drivers/d{dir}/f{i}.c");
            } else {
                assert!(sections.is_empty(), "drivers/d{dir}/f{i}.c: {sections:?}");
            }
        }
        m.sections_for("configs/board7_defconfig", &mut out);
        assert_eq!(out, [(0, 7)]);
    }

    #[test]
    fn maintainers_file_names() {
        assert!(is_maintainers_file("MAINTAINERS"));
        assert!(is_maintainers_file("board/ti/am335x/MAINTAINERS"));
        assert!(!is_maintainers_file("MAINTAINERS.yml"));
        assert!(!is_maintainers_file("docs/MAINTAINERS.md"));
    }
}

/// [`parse_sections_with`] against [`parse`]: the same sections, spans included, whatever the
/// edits between versions and whatever the pattern budget left.
#[cfg(test)]
mod memo_tests {
    use proptest::prelude::*;

    use super::*;
    use crate::pattern_budget::{Budget, scope_with};

    /// Lines of every kind the parser tells apart.
    const LINES: &[&str] = &[
        "ACPI",
        "ACPI",
        "NET DRIVERS",
        "  Indented text",
        "\tF: drivers/net/\tall files",
        "M:\tAda Lovelace <ada@example.org>",
        "M: \"Wysocki, Rafael\" <rafael@kernel.org>",
        "M:\tNo Address",
        "R:\tLen Brown <lenb@kernel.org>",
        "L:\tnetdev@vger.kernel.org",
        "S:\tMaintained",
        "S:\tOrphan",
        "F:\tdrivers/acpi/",
        "F:\tarch/*/boot/",
        "F:\tinclude/[bad",
        "F:",
        "X:\tdrivers/acpi/legacy/",
        "N:\tacpi",
        "N:\t(?<!uni)versal",
        "N:\t(unclosed",
        "W:\thttps://example.org",
        "K:\t\\bacpi\\b",
        "",
        "   ",
        "# a comment",
        "F:\tdocs/ # ownlint: ignore[maintainers-section]",
        "ownlint: ignore[parse-error]",
        "bad\u{7}line",
        "T:\tgit git://example.org/x.git\r",
        "-------",
    ];

    fn text_of(lines: &[usize], bom: bool) -> String {
        let mut text = String::new();
        if bom {
            text.push('\u{feff}');
        }
        for &i in lines {
            text.push_str(LINES[i % LINES.len()]);
            text.push('\n');
        }
        text
    }

    fn sections_of(file: &MaintainersFile) -> String {
        format!("{:?}", file.sections)
    }

    /// Parses each version in full and through one memo, each in a budget of
    /// `max_patterns`, and compares.
    fn check(versions: &[String], max_patterns: usize) {
        let mut memo = SectionMemo::default();
        for text in versions {
            let source = SourceFile::new("MAINTAINERS", text.as_str());
            let budget = || Budget::new(max_patterns, usize::MAX);
            let full = scope_with(budget(), || parse(&source, &mut Vec::new()));
            let memoised = scope_with(budget(), || {
                let file = parse_sections_with(&source, &mut memo);
                (file, crate::pattern_budget::used())
            });
            let full_used = scope_with(budget(), || {
                parse(&source, &mut Vec::new());
                crate::pattern_budget::used()
            });
            assert_eq!(sections_of(&memoised.0), sections_of(&full), "{text:?}");
            assert_eq!(memoised.1, full_used, "budget charged, {text:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn memoised_sections_are_the_full_parse(
            first in proptest::collection::vec(0usize..LINES.len(), 0..40),
            edits in proptest::collection::vec(
                (any::<prop::sample::Index>(), 0usize..3, 0usize..LINES.len()), 0..12),
            bom in any::<bool>(),
            max_patterns in prop_oneof![Just(usize::MAX), 0usize..6],
        ) {
            let mut lines = first;
            let mut versions = vec![text_of(&lines, bom)];
            for (at, kind, line) in edits {
                let at = at.index(lines.len() + 1);
                match kind {
                    0 => lines.insert(at, line),
                    1 if at < lines.len() => {
                        lines.remove(at);
                    }
                    _ if at < lines.len() => lines[at] = line,
                    _ => lines.push(line),
                }
                versions.push(text_of(&lines, bom));
            }
            check(&versions, max_patterns);
        }
    }

    #[test]
    fn a_remembered_section_is_parsed_again_where_the_budget_cannot_pay_for_it() {
        // Parsed first with room to spare, then read where only one pattern is left: the
        // second section's patterns must be refused as a full parse refuses them.
        let text = "A\nM:\ta <a@x.org>\nS:\tMaintained\nF:\ta/*.c\n\
                    B\nM:\tb <b@x.org>\nS:\tMaintained\nF:\tb/*.c\nN:\tb[0-9]\n";
        let versions = [text.to_string(), text.to_string()];
        check(&versions, usize::MAX);
        let mut memo = SectionMemo::default();
        let source = SourceFile::new("MAINTAINERS", text);
        scope_with(Budget::default(), || {
            parse_sections_with(&source, &mut memo)
        });
        let tight = || Budget::new(2, usize::MAX);
        let full = scope_with(tight(), || parse(&source, &mut Vec::new()));
        let memoised = scope_with(tight(), || parse_sections_with(&source, &mut memo));
        assert_eq!(full.sections[1].regexes.len(), 0, "the budget refuses `N:`");
        assert_eq!(sections_of(&memoised), sections_of(&full));
    }

    #[test]
    fn a_real_maintainers_file_reads_the_same_version_after_version() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/maintainers/u-boot/MAINTAINERS"
        ))
        .expect("the U-Boot MAINTAINERS of the corpus");
        // Versions one section edit apart: a maintainer added, a section removed.
        let second = text.replacen(
            "S:\tMaintained\n",
            "M:\tNew One <new@example.org>\nS:\tMaintained\n",
            1,
        );
        let third = second.replacen("\n\n", "\n\nEXTRA SECTION\nS:\tOrphan\nF:\textra/\n\n", 3);
        check(&[text, second, third], usize::MAX);
    }
}
