//! MAINTAINERS files, Linux / U-Boot style, and the matcher that maps paths to their sections
//! (shared with Zephyr's `MAINTAINERS.yml`, see [`super::yml`]).
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

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use rustc_hash::FxHashMap;

use super::look_behind::LookBehindRegex;
use crate::diagnostics::Diagnostic;
use crate::dialect::{Dialect, glob};
use crate::prefix_index::PrefixIndex;
use crate::rules::{maintainers_section, parse_error};
use crate::source::{SourceFile, Span};

/// A maintainers file: its sections (Zephyr: areas) in file order.
#[derive(Debug, Clone)]
pub struct MaintainersFile {
    pub path: String,
    pub dialect: Dialect,
    pub sections: Vec<Section>,
}

/// One section (Linux) or area (Zephyr).
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The title line (Zephyr: the area name).
    pub title: String,
    /// The span of the title (empty title: the first tag line).
    pub span: Span,
    /// `M:` (Zephyr: `maintainers`, GitHub handles in `name` with no email).
    pub maintainers: Vec<Person>,
    /// `R:` (Zephyr: `collaborators`).
    pub reviewers: Vec<Person>,
    /// `L:` mailing lists, as written (`list@example.org (moderated for non-subscribers)`).
    pub lists: Vec<(String, Span)>,
    /// `S:` (Zephyr: `status`); the first one when there are several.
    pub status: Option<(Status, Span)>,
    /// `F:` patterns (Zephyr: `files`); patterns that do not compile are reported and left out.
    pub files: Vec<(String, Span)>,
    /// `X:` patterns (Zephyr: `files-exclude`).
    pub excludes: Vec<(String, Span)>,
    /// `N:` regular expressions (Zephyr: `files-regex`), searched anywhere in the path.
    pub regexes: Vec<(String, Span)>,
    /// Zephyr's `files-regex-exclude`; always empty for Linux.
    pub regex_excludes: Vec<(String, Span)>,
    /// Every other tag with its letter: `W:`, `T:`, `K:`, `B:`, `C:`, `P:`, `Q:`, ... For
    /// Zephyr, the lower-case letters of [`ZEPHYR_LABEL`], [`ZEPHYR_INFORM`],
    /// [`ZEPHYR_DESCRIPTION`], [`ZEPHYR_TEST`] and [`ZEPHYR_TAG`].
    pub metadata: Vec<(char, String, Span)>,
}

/// Zephyr `labels` in [`Section::metadata`].
pub const ZEPHYR_LABEL: char = 'l';
/// Zephyr `inform` (GitHub handles notified of changes) in [`Section::metadata`].
pub const ZEPHYR_INFORM: char = 'i';
/// Zephyr `description` in [`Section::metadata`].
pub const ZEPHYR_DESCRIPTION: char = 'd';
/// Zephyr `tests` in [`Section::metadata`].
pub const ZEPHYR_TEST: char = 't';
/// Zephyr `tags` in [`Section::metadata`].
pub const ZEPHYR_TAG: char = 'g';

impl Section {
    /// Whether the section is a catch-all that covers every path (Linux's and U-Boot's
    /// `THE REST`, with `F: *` and `F: */`): owning everything, it says little about any path.
    pub fn is_catch_all(&self) -> bool {
        self.title.trim().eq_ignore_ascii_case("THE REST")
            || self.files.iter().any(|(p, _)| p == "*/" || p == "**/")
    }

    /// Whether the section names anyone to send changes to (`M:`, `R:` or `L:`).
    pub fn has_contact(&self) -> bool {
        !self.maintainers.is_empty() || !self.reviewers.is_empty() || !self.lists.is_empty()
    }

    /// Whether its status says nobody looks after it (Orphan, Obsolete, and any status text
    /// containing either word, as `get_maintainer.pl --self-test` reads it).
    pub fn is_orphan_or_obsolete(&self) -> bool {
        self.status
            .as_ref()
            .is_some_and(|(s, _)| s.is_orphan_or_obsolete())
    }
}

/// A person of an `M:` or `R:` line: `Full Name <address@example.org>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The value as written.
    pub text: String,
    /// The name without quotes (`""` when only an address is given; Zephyr: the handle).
    pub name: String,
    /// The address, when there is one.
    pub email: Option<String>,
    pub span: Span,
}

impl Person {
    /// Reads `Name <address>`, `<address>` or a bare `address` (get_maintainer.pl's
    /// `parse_email`).
    pub fn parse(text: &str, span: Span) -> Person {
        let text = text.trim();
        let unquote = |s: &str| s.trim().trim_matches('"').trim().to_string();
        if let Some(lt) = text.find('<')
            && let Some(len) = text[lt + 1..].find('>')
        {
            let inner = text[lt + 1..lt + 1 + len].trim();
            return Person {
                text: text.to_string(),
                name: unquote(&text[..lt]),
                email: is_address(inner).then(|| inner.to_string()),
                span,
            };
        }
        let token = text.split_whitespace().find(|t| t.contains('@'));
        let address = token
            .map(|t| t.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | '"')))
            .filter(|t| is_address(t));
        let name = match (token, address) {
            (Some(token), Some(_)) => {
                let at = text.find(token).unwrap_or(0);
                unquote(&text[..at])
            }
            _ => unquote(text),
        };
        Person {
            text: text.to_string(),
            name,
            email: address.map(str::to_string),
            span,
        }
    }
}

fn is_address(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !text.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>'))
        }
        None => false,
    }
}

/// The `S:` status of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Someone is paid to look after it.
    Supported,
    /// Someone looks after it.
    Maintained,
    /// It has a maintainer without time for more than fixes.
    OddFixes,
    /// No current maintainer (U-Boot's `Orphaned`, `Orphan (Since ...)`; Zephyr's
    /// `unmaintained`).
    Orphan,
    /// Old code, replaced by something better.
    Obsolete,
    /// Anything else, as written (`Orphan / Obsolete`, `Buried alive in reporters`).
    Other(String),
}

impl Status {
    /// Reads a status, case-insensitively; a trailing parenthetical remark is ignored.
    pub fn parse(text: &str) -> Status {
        let trimmed = text.trim();
        let mut key = trimmed.to_ascii_lowercase();
        if let Some(paren) = key.find('(') {
            key.truncate(paren);
        }
        let key: Vec<&str> = key.split_whitespace().collect();
        match key.as_slice() {
            ["supported"] => Status::Supported,
            ["maintained"] => Status::Maintained,
            ["odd", "fixes"] | ["odd", "fix"] => Status::OddFixes,
            ["orphan"] | ["orphaned"] | ["unmaintained"] => Status::Orphan,
            ["obsolete"] => Status::Obsolete,
            _ => Status::Other(trimmed.to_string()),
        }
    }

    /// Whether nobody looks after the area: Orphan, Obsolete, or a status text containing
    /// either word (as `get_maintainer.pl --self-test=sections` reads it).
    pub fn is_orphan_or_obsolete(&self) -> bool {
        match self {
            Status::Orphan | Status::Obsolete => true,
            Status::Other(text) => {
                let lower = text.to_ascii_lowercase();
                lower.contains("orphan") || lower.contains("obsolete")
            }
            _ => false,
        }
    }
}

/// Whether `path` is a Linux-style MAINTAINERS file: the basename `MAINTAINERS`, at the root
/// or in any subdirectory (U-Boot keeps one per board).
pub fn is_maintainers_file(path: &str) -> bool {
    crate::walker::basename(path) == MAINTAINERS
}

/// The name of a MAINTAINERS file.
pub const MAINTAINERS: &str = "MAINTAINERS";

/// Patterns and regexes come from repository files: bound their compiled size.
const MAX_REGEX_BYTES: usize = 1 << 20;

/// Shortens untrusted text for a message.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// A path regex (`N:`, Zephyr `files-regex`). Linux reads `N:` with Perl's `/x` flag
/// (whitespace and `#` comments ignored), Zephyr with Python's defaults. The `regex` crate has no
/// look-around; a leading look-behind on literal text (`(?<!uni)versal`, as U-Boot writes) is
/// searched by [`LookBehindRegex`], in one pass over the path. Other look-arounds do not compile
/// and are reported.
#[derive(Debug)]
struct PathRegex {
    /// The expression without its leading look-behind.
    regex: Regex,
    /// The expression behind its look-behind, when it has one.
    behind: Option<LookBehindRegex>,
}

/// `(?<=a|b)` (`negative: false`) or `(?<!a|b)` on literal alternatives.
#[derive(Debug)]
struct LookBehind {
    negative: bool,
    alternatives: Vec<String>,
}

impl PathRegex {
    /// The regex source (without the look-behind) and the look-behind, if any.
    fn parts(pattern: &str, dialect: Dialect) -> (String, Option<LookBehind>) {
        let linux = dialect == Dialect::Maintainers;
        let flags = if linux { "(?x)" } else { "" };
        let body = if linux { pattern.trim_start() } else { pattern };
        let parsed = [("(?<!", true), ("(?<=", false)]
            .iter()
            .find_map(|&(open, negative)| {
                let inner = body.strip_prefix(open)?;
                let close = inner.find(')')?;
                let alternatives = inner[..close]
                    .split('|')
                    .map(|alt| literal_text(alt, linux))
                    .collect::<Option<Vec<_>>>()?;
                Some((
                    &inner[close + 1..],
                    LookBehind {
                        negative,
                        alternatives,
                    },
                ))
            });
        match parsed {
            Some((rest, behind)) => (format!("{flags}{rest}"), Some(behind)),
            None => (format!("{flags}{pattern}"), None),
        }
    }

    fn new(pattern: &str, dialect: Dialect) -> Result<PathRegex, String> {
        let (source, behind) = Self::parts(pattern, dialect);
        let regex = compile(&source)?;
        let behind = match behind {
            Some(behind) => Some(LookBehindRegex::new(
                &source,
                behind.negative,
                &behind.alternatives,
                MAX_REGEX_BYTES,
            )?),
            None => None,
        };
        Ok(PathRegex { regex, behind })
    }

    fn is_match(&self, path: &str) -> bool {
        match &self.behind {
            Some(behind) => behind.is_match(path),
            None => self.regex.is_match(path),
        }
    }
}

/// The literal text of a regex fragment without metacharacters (`\` escapes allowed; in `/x`
/// mode whitespace is ignored), or `None`.
fn literal_text(fragment: &str, extended: bool) -> Option<String> {
    let mut out = String::new();
    let mut chars = fragment.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next()?;
                if next.is_alphanumeric() {
                    return None;
                }
                out.push(next);
            }
            c if extended && c.is_whitespace() => {}
            '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '^' | '$' | '#' => {
                return None;
            }
            c => out.push(c),
        }
    }
    Some(out)
}

fn compile(source: &str) -> Result<Regex, String> {
    RegexBuilder::new(source)
        .size_limit(MAX_REGEX_BYTES)
        .build()
        .map_err(|e| {
            let text = e.to_string();
            text.lines().last().unwrap_or("invalid").trim().to_string()
        })
}

/// Checks a file pattern; `Err` says why it cannot be used. (The translation escapes every
/// literal and closes every class, so what translates compiles.) A pattern with wildcards is
/// compiled by the matcher and kept for the run: its compiled size is charged to the
/// [pattern budget](crate::pattern_budget) here, where it can be reported.
pub(crate) fn check_glob(pattern: &str, dialect: Dialect) -> Result<(), String> {
    let source = glob::maintainers_regex(pattern, dialect)?;
    if literal_key(pattern).1 {
        crate::pattern_budget::charge(&source, MAX_REGEX_BYTES).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Checks a path regex; `Err` says why it does not compile. The matcher compiles it again and
/// keeps it: its compiled size is charged to the [pattern budget](crate::pattern_budget) here.
pub(crate) fn check_regex(pattern: &str, dialect: Dialect) -> Result<(), String> {
    let (source, _) = PathRegex::parts(pattern, dialect);
    // The budget first: a pattern past it costs only its measurement.
    if let Err(over @ crate::pattern_budget::PatternError::OverBudget(_)) =
        crate::pattern_budget::charge(&source, MAX_REGEX_BYTES)
    {
        return Err(over.to_string());
    }
    PathRegex::new(pattern, dialect).map(|_| ())
}

/// A `maintainers-section` finding at a section's title.
pub(crate) fn section_finding(
    path: &str,
    span: Span,
    message: String,
    label: &str,
    help: &str,
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
    fn error(&mut self, span: Span, message: String, label: &str, help: &str) {
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

/// Parses a Linux-style MAINTAINERS file. Problems are reported (`parse-error`,
/// `invalid-owner`, `maintainers-section`) and parsing goes on with the next line.
pub fn parse(source: &SourceFile, out: &mut Vec<Diagnostic>) -> MaintainersFile {
    let text = source.text.as_str();
    let skip = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut parser = Parser {
        source,
        out,
        sections: Vec::new(),
        titles: FxHashMap::default(),
    };
    let mut pending: Option<(String, Span)> = None;
    let mut current: Option<Section> = None;
    let mut started = false;
    let stray = |parser: &mut Parser, (title, span): (String, Span)| {
        parser.error(
            span,
            format!("`{}` is not followed by tag lines", excerpt(&title)),
            "not a section",
            "a section is a title line followed by tag lines such as `M:`, `S:` and `F:`",
        );
    };
    let mut offset = skip;
    for raw in text[skip..].split_inclusive('\n') {
        let base = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some((i, c)) = line
            .char_indices()
            .find(|&(_, c)| c.is_control() && c != '\t')
        {
            let at = base + i;
            parser.error(
                Span::new(at, at + c.len_utf8()),
                format!(
                    "line contains the control character U+{:04X}; the line is ignored",
                    c as u32
                ),
                "control character",
                "MAINTAINERS is plain text: remove the character",
            );
            continue;
        }
        // An `ownlint: ignore[...]` marker is not part of the line (see crate::suppress).
        let line = crate::suppress::strip_free_text_marker(line);
        let content = line.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let line_span = Span::new(base + lead, base + lead + content.len());
        if let Some((tag, value, value_start)) = tag_line(line) {
            let value_span = Span::new(base + value_start, base + value_start + value.len());
            let mut section = match current.take() {
                Some(section) => section,
                None => {
                    let (title, span) = match pending.take() {
                        Some(title) => title,
                        None => {
                            parser.error(
                                line_span,
                                "tag line before any section title".into(),
                                "no title above",
                                "start each section with its title on a line of its own",
                            );
                            (String::new(), line_span)
                        }
                    };
                    started = true;
                    Section {
                        title,
                        span,
                        ..Section::default()
                    }
                }
            };
            parser.tag(&mut section, tag, value, value_span, line_span);
            current = Some(section);
        } else if started && lead > 0 {
            parser.error(
                line_span,
                format!("indented line `{}` among the sections", excerpt(content)),
                "not a tag line",
                "MAINTAINERS has no continuation lines: put each value on its own tag line",
            );
        } else {
            if let Some(section) = current.take() {
                parser.finish(section);
            }
            if let Some(previous) = pending.replace((content.to_string(), line_span))
                && started
            {
                stray(&mut parser, previous);
            }
        }
    }
    if let Some(section) = current.take() {
        parser.finish(section);
    }
    if let Some(previous) = pending.take()
        && started
    {
        stray(&mut parser, previous);
    }
    MaintainersFile {
        path: source.path.clone(),
        dialect: Dialect::Maintainers,
        sections: parser.sections,
    }
}

/// Which list of a section a pattern is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PatternKind {
    /// `F:` / `files`
    File,
    /// `X:` / `files-exclude`
    Exclude,
    /// `N:` / `files-regex`
    Regex,
    /// `files-regex-exclude`
    RegexExclude,
}

/// One pattern of one section: `index` is its position in the section's list of `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PatternRef {
    pub file: usize,
    pub section: usize,
    pub kind: PatternKind,
    pub index: usize,
}

/// How one pattern is tested.
#[derive(Debug)]
enum Compiled {
    /// A pattern without wildcards naming a file: the path equals it, or (Linux) starts with it
    /// and continues within the last component.
    LiteralFile { literal: String, suffix: bool },
    /// A directory (trailing `/`, or Linux's implicit directory): the path starts with it.
    LiteralDir(String),
    /// A wildcard pattern, compiled on first use (a pre-commit run tests few directories).
    Wildcard {
        source: String,
        regex: OnceLock<Option<Regex>>,
    },
    /// A regex searched in the path.
    Search(PathRegex),
    /// Does not compile (already reported by the parser): matches nothing.
    Invalid,
}

impl Compiled {
    fn is_match(&self, path: &str) -> bool {
        match self {
            Compiled::LiteralFile { literal, suffix } => {
                path == literal
                    || (*suffix
                        && path
                            .strip_prefix(literal.as_str())
                            .is_some_and(|rest| !rest.contains('/')))
            }
            Compiled::LiteralDir(dir) => path.starts_with(dir.as_str()),
            Compiled::Wildcard { source, regex } => regex
                .get_or_init(|| compile(source).ok())
                .as_ref()
                .is_some_and(|regex| regex.is_match(path)),
            Compiled::Search(regex) => regex.is_match(path),
            Compiled::Invalid => false,
        }
    }
}

/// Maps paths to the sections that apply to them, over every section of every maintainers file.
///
/// A section applies to a path when one of its `F:` patterns or `N:` regexes matches and none
/// of its `X:` patterns (nor Zephyr `files-regex-exclude`) does: exclusions win over both, as in
/// get_maintainer.pl (`X:` is tested first and skips the whole section) and get_maintainer.py.
/// Every applying section counts, not just the most specific.
///
/// Patterns are indexed rather than tried one by one: literal directories, wildcard patterns
/// (by the literal directory they start with) and Linux literal files (which match the paths
/// they start) in one [`PrefixIndex`] walked once along the path, literal files by one hash
/// lookup of the path, and all regexes in one [`RegexSet`]. A path costs a few lookups per
/// character, whatever the number of patterns and however deep the path.
#[derive(Debug)]
pub struct MaintainersMatcher {
    patterns: Vec<(PatternRef, Compiled)>,
    ids: FxHashMap<PatternRef, u32>,
    literal_files: FxHashMap<String, Vec<u32>>,
    prefixes: PrefixIndex<Prefixed>,
    regex_set: Option<RegexSet>,
    regex_ids: Vec<u32>,
}

/// A pattern found by a prefix of the path.
#[derive(Debug, Clone, Copy)]
enum Prefixed {
    /// A literal directory (ending in `/`): it matches.
    Dir(u32),
    /// A wildcard pattern starting with this directory (or `""`): it may match.
    Wildcard(u32),
    /// A Linux literal file: it matches when the prefix ends within the path's last component.
    FileStart(u32),
}

/// Whether a file pattern has wildcards (else it names a file or directory literally).
pub fn has_wildcard(pattern: &str) -> bool {
    literal_key(pattern).1
}

/// The literal directory a wildcard pattern starts with (up to and including the last `/`
/// before its first wildcard), and whether the pattern has wildcards at all.
fn literal_key(pattern: &str) -> (&str, bool) {
    match pattern.find(['*', '?', '[', '\\']) {
        Some(meta) => {
            let literal = &pattern[..meta];
            (&literal[..literal.rfind('/').map_or(0, |i| i + 1)], true)
        }
        None => (pattern, false),
    }
}

impl MaintainersMatcher {
    /// Compiles the patterns of every section of `files`. `tracked_dirs` are the repository's
    /// directories (repository-relative, without a trailing `/`): a Linux `F:`/`X:` pattern
    /// without wildcards that names one of them covers everything below it, as get_maintainer.pl
    /// does when the directory exists (Zephyr does not do this: its script rejects such
    /// patterns).
    pub fn new(files: &[MaintainersFile], tracked_dirs: &HashSet<String>) -> Self {
        let mut matcher = MaintainersMatcher {
            patterns: Vec::new(),
            ids: FxHashMap::default(),
            literal_files: FxHashMap::default(),
            prefixes: PrefixIndex::default(),
            regex_set: None,
            regex_ids: Vec::new(),
        };
        let mut regex_sources = Vec::new();
        for (f, file) in files.iter().enumerate() {
            let dialect = file.dialect;
            for (s, section) in file.sections.iter().enumerate() {
                let globs = [
                    (PatternKind::File, &section.files),
                    (PatternKind::Exclude, &section.excludes),
                ];
                for (kind, list) in globs {
                    for (index, (pattern, _)) in list.iter().enumerate() {
                        let reference = PatternRef {
                            file: f,
                            section: s,
                            kind,
                            index,
                        };
                        let id = matcher.patterns.len() as u32;
                        let compiled = matcher.add_glob(id, pattern, dialect, tracked_dirs);
                        matcher.ids.insert(reference, id);
                        matcher.patterns.push((reference, compiled));
                    }
                }
                let regexes = [
                    (PatternKind::Regex, &section.regexes),
                    (PatternKind::RegexExclude, &section.regex_excludes),
                ];
                for (kind, list) in regexes {
                    for (index, (pattern, _)) in list.iter().enumerate() {
                        let reference = PatternRef {
                            file: f,
                            section: s,
                            kind,
                            index,
                        };
                        let id = matcher.patterns.len() as u32;
                        let compiled = match PathRegex::new(pattern, dialect) {
                            Ok(regex) => {
                                // The set holds the expression without its look-behind: a
                                // superset, narrowed by `PathRegex::is_match`.
                                regex_sources.push(PathRegex::parts(pattern, dialect).0);
                                matcher.regex_ids.push(id);
                                Compiled::Search(regex)
                            }
                            Err(_) => Compiled::Invalid,
                        };
                        matcher.ids.insert(reference, id);
                        matcher.patterns.push((reference, compiled));
                    }
                }
            }
        }
        if !regex_sources.is_empty() {
            // When the set is too large to build, or the pattern budget cannot pay for it
            // (its regexes were charged when they were read), each regex is searched on its own.
            let sources: Vec<&str> = regex_sources.iter().map(String::as_str).collect();
            matcher.regex_set = crate::pattern_budget::charge_many(&sources, MAX_REGEX_BYTES)
                .ok()
                .and_then(|()| {
                    RegexSetBuilder::new(&regex_sources)
                        .size_limit(64 * MAX_REGEX_BYTES)
                        .build()
                        .ok()
                });
        }
        matcher
    }

    fn add_glob(
        &mut self,
        id: u32,
        pattern: &str,
        dialect: Dialect,
        tracked_dirs: &HashSet<String>,
    ) -> Compiled {
        let (key, wildcard) = literal_key(pattern);
        if wildcard {
            let Ok(source) = glob::maintainers_regex(pattern, dialect) else {
                return Compiled::Invalid;
            };
            self.prefixes.insert(key, Prefixed::Wildcard(id));
            return Compiled::Wildcard {
                source,
                regex: OnceLock::new(),
            };
        }
        let linux = dialect == Dialect::Maintainers;
        let implicit_dir = linux && tracked_dirs.contains(pattern.trim_end_matches('/'));
        if pattern.ends_with('/') || implicit_dir {
            let dir = format!("{}/", pattern.trim_end_matches('/'));
            self.prefixes.insert(&dir, Prefixed::Dir(id));
            Compiled::LiteralDir(dir)
        } else {
            self.literal_files
                .entry(pattern.to_string())
                .or_default()
                .push(id);
            if linux {
                self.prefixes.insert(pattern, Prefixed::FileStart(id));
            }
            Compiled::LiteralFile {
                literal: pattern.to_string(),
                suffix: linux,
            }
        }
    }

    /// Every pattern (of every kind) that matches `path`, before exclusions are applied,
    /// appended to `out` in no particular order. For a `pattern-matches-nothing` check: run it
    /// over every tracked path and see which of [`Self::patterns`] never showed up.
    pub fn patterns_for(&self, path: &str, out: &mut Vec<PatternRef>) {
        let mut ids = Vec::new();
        self.ids_for(path, &mut ids);
        out.extend(ids.into_iter().map(|id| self.patterns[id as usize].0));
    }

    fn ids_for(&self, path: &str, out: &mut Vec<u32>) {
        // Where the last component starts: a literal file matches the paths it starts when it
        // ends within their last component.
        let last = path.rfind('/').map_or(0, |i| i + 1);
        self.prefixes.prefixes_of(path, |len, found| {
            for entry in found {
                match *entry {
                    Prefixed::Dir(id) => out.push(id),
                    Prefixed::Wildcard(id) => {
                        if self.patterns[id as usize].1.is_match(path) {
                            out.push(id);
                        }
                    }
                    Prefixed::FileStart(id) => {
                        if len > last && len < path.len() && path.is_char_boundary(len) {
                            out.push(id);
                        }
                    }
                }
            }
        });
        if let Some(ids) = self.literal_files.get(path) {
            out.extend(ids);
        }
        match &self.regex_set {
            Some(set) => {
                for i in set.matches(path).iter() {
                    let id = self.regex_ids[i];
                    let exact = match &self.patterns[id as usize].1 {
                        Compiled::Search(regex) if regex.behind.is_some() => regex.is_match(path),
                        _ => true,
                    };
                    if exact {
                        out.push(id);
                    }
                }
            }
            None => {
                for &id in &self.regex_ids {
                    if let Compiled::Search(regex) = &self.patterns[id as usize].1
                        && regex.is_match(path)
                    {
                        out.push(id);
                    }
                }
            }
        }
    }

    /// The sections that apply to `path`, as `(file index, section index)` pairs in order;
    /// `out` is cleared first.
    pub fn sections_for(&self, path: &str, out: &mut Vec<(usize, usize)>) {
        out.clear();
        let mut ids = Vec::new();
        self.ids_for(path, &mut ids);
        let mut excluded = Vec::new();
        for id in ids {
            let reference = self.patterns[id as usize].0;
            let key = (reference.file, reference.section);
            match reference.kind {
                PatternKind::File | PatternKind::Regex => out.push(key),
                PatternKind::Exclude | PatternKind::RegexExclude => excluded.push(key),
            }
        }
        out.sort_unstable();
        out.dedup();
        if !excluded.is_empty() {
            out.retain(|key| !excluded.contains(key));
        }
    }

    /// Whether one pattern matches `path` on its own (exclusions not applied). `false` for a
    /// pattern that does not exist or does not compile.
    pub fn pattern_matches(&self, pattern: PatternRef, path: &str) -> bool {
        let Some(&id) = self.ids.get(&pattern) else {
            return false;
        };
        self.patterns[id as usize].1.is_match(path)
    }

    /// Whether the `index`-th `F:` pattern of a section matches `path`.
    pub fn file_pattern_matches(
        &self,
        file: usize,
        section: usize,
        index: usize,
        path: &str,
    ) -> bool {
        self.pattern_matches(
            PatternRef {
                file,
                section,
                kind: PatternKind::File,
                index,
            },
            path,
        )
    }

    /// Every pattern the matcher knows, in file, section and list order.
    pub fn patterns(&self) -> impl Iterator<Item = PatternRef> + '_ {
        self.patterns.iter().map(|(reference, _)| *reference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn many_paths_stay_fast() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&format!(
                "S{i}\nM: a <a@b.c>\nS: Maintained\nF: configs/board{i}_defconfig\nF: board/v{i}/\nF: drivers/d{i}/*.c\n{}\n",
                if i % 10 == 0 { format!("N: chip{i}x\n") } else { String::new() }
            ));
        }
        let (file, m) = matcher_for(&text, &[]);
        assert_eq!(file.sections.len(), 3000);
        let start = std::time::Instant::now();
        let mut out = Vec::new();
        for i in 0..100_000 {
            m.sections_for(&format!("drivers/d{}/f{i}.c", i % 4000), &mut out);
        }
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
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
