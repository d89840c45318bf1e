//! Plain-text OWNERS files, Chromium / Gerrit style.
//!
//! The grammar is the one of the Gerrit `code-owners` plugin's `find-owners` backend
//! (`FindOwnersCodeOwnerConfigParser`, documented in `backend-find-owners.md`), which Chromium,
//! Android and most Gerrit hosts run; Chromium's `docs/code_reviews.md` describes the same lines.
//! Every line is one of:
//!
//! - a comment (`# ...`) or an empty line;
//! - `set noparent`: do not inherit owners from parent directories;
//! - an email, or `*` (anyone), optionally followed by a `# comment`; the comment may carry
//!   annotations such as `#{LAST_RESORT_SUGGESTION}` (suggest this owner only when nobody else
//!   fits);
//! - `per-file GLOB[,GLOB...]=OWNERS` where OWNERS is a comma-separated email list, `set noparent`
//!   (only the per-file owners own the matched files) or one `file:` directive;
//! - `file:PATH` (import the owners of another OWNERS file, without its `per-file` lines and its
//!   `set noparent`) and `include PATH` (import everything). PATH is `[PROJECT:[BRANCH:]]FILE`;
//!   FILE is relative to the including file's directory, or to the repository root when it starts
//!   with `/`. Chromium writes root-relative paths as `file://path/to/OWNERS` (`file:` + `//...`).
//!
//! Owners are emails only: Gerrit resolves owners to accounts by email, so a bare handle is an
//! invalid line (Gerrit rejects the whole file on upload). Anything else is a `parse-error` at the
//! line; parsing continues with the next line.

use std::sync::Arc;

use regex::Regex;

use crate::diagnostics::Diagnostic;
use crate::dialect::glob;
use crate::model::NameRef;
use crate::rules::parse_error;
use crate::source::{SourceFile, Span};

/// A plain-text OWNERS file.
#[derive(Debug, Clone, Default)]
pub struct ChromiumFile {
    /// Repository-relative path of the file.
    pub path: String,
    /// Its directory: `""` for the root.
    pub dir: String,
    /// The file-level owners: emails (lower-cased) and `*` (anyone may approve).
    pub owners: Vec<NameRef>,
    /// `set noparent`: owners of parent directories do not apply here.
    pub no_parent: bool,
    pub no_parent_span: Option<Span>,
    pub per_file: Vec<PerFile>,
    /// File-level `file:` and `include` directives.
    pub includes: Vec<Include>,
    /// File-level owners annotated `#{LAST_RESORT_SUGGESTION}` (they are in `owners` too).
    pub last_resort: Vec<NameRef>,
}

/// One `per-file` line.
#[derive(Debug, Clone)]
pub struct PerFile {
    /// The globs, each with its span; see [`glob_regex`] for how they match.
    pub globs: Vec<(String, Span)>,
    pub owners: Vec<NameRef>,
    /// `per-file GLOB=set noparent`: neither the file-level owners nor the parents' own the
    /// matched files.
    pub no_parent: bool,
    /// `per-file GLOB=file:PATH` (Gerrit allows no `include` here).
    pub includes: Vec<Include>,
    /// The whole line.
    pub span: Span,
}

/// A `file:` or `include` directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// The target as written after the keyword (`//build/OWNERS`, `proj:main:/OWNERS`).
    pub raw: String,
    /// The span of `raw`.
    pub span: Span,
    pub kind: IncludeKind,
    pub target: IncludeTarget,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncludeKind {
    /// `file:PATH`: imports the other file's owners only (not its `per-file` lines, nor its
    /// `set noparent`).
    FileDirective,
    /// `include PATH`: imports everything, `per-file` lines and `set noparent` included.
    IncludeDirective,
}

/// Where an include points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeTarget {
    /// A normalized repository-relative path (no `.`, `..` or empty components): resolved
    /// against the including file's directory, or against the root for `/` and `//` prefixes.
    InRepo(String),
    /// A file of another Gerrit project on the same host (`project:path`,
    /// `project:branch:path`; the branch is a short name or a full ref, and without one Gerrit
    /// reads the branch the including file is on): valid there, not followed here.
    OtherRepository {
        /// The project as written, without the `//` of Chromium's `file://project:path` form.
        project: String,
        branch: Option<String>,
        path: String,
    },
    /// A path outside the repository: `..` above the root, or an absolute file-system path
    /// (`///etc/OWNERS`, `~/OWNERS`, `C:\OWNERS`, backslash paths). Reported, never read.
    Outside(String),
}

/// Annotation marking an owner to be suggested only when no one else fits.
pub const LAST_RESORT_SUGGESTION: &str = "LAST_RESORT_SUGGESTION";

/// Per-file globs come from repository files: bound their compiled size.
const MAX_GLOB_REGEX_BYTES: usize = 1 << 20;

/// Whether an OWNERS file is plain text (this dialect) rather than YAML (Kubernetes style),
/// judged by its content: both dialects use the file name `OWNERS`.
///
/// The first line that is decisive wins. Plain text: an email or `*` line, `set noparent`,
/// `per-file ...`, `file:...`, `include ...`. YAML: a `key:` mapping line (such as
/// `approvers:`), a `- item` line, a flow collection (`{`, `[`) or a `---` document marker.
/// Lines that are neither (comments, blank lines, garbage) are skipped.
///
/// An empty or comment-only file is reported as YAML (`false`): the YAML reader takes an empty
/// document as an empty mapping, exactly as Prow does, and ownlint's own OWNERS fields are YAML;
/// in both dialects such a file declares nobody and keeps the parents' owners, so the choice
/// changes no ownership and only decides which parser (and its empty-file checks) sees it.
pub fn is_plain_text(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for line in text.split(['\n', '\r']) {
        let content = line.trim_matches(is_space);
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if looks_plain(content) {
            return true;
        }
        if looks_yaml(content) {
            return false;
        }
    }
    false
}

fn looks_plain(content: &str) -> bool {
    if let Some(len) = match_email_or_star(content) {
        let rest = content[len..].trim_start_matches(is_space);
        if rest.is_empty() || rest.starts_with('#') {
            return true;
        }
    }
    keyword(content, "per-file").is_some()
        || keyword(content, "include").is_some()
        || content.starts_with("file:")
        || is_set_noparent(content.split('#').next().unwrap_or(""))
}

fn looks_yaml(content: &str) -> bool {
    if content.starts_with("---")
        || content == "-"
        || content.starts_with("- ")
        || content.starts_with('{')
        || content.starts_with('[')
    {
        return true;
    }
    // `key:` followed by the end of the line or a space, with a plain or quoted key.
    let key_end = if let Some(rest) = content.strip_prefix('"') {
        rest.find('"').map(|i| i + 2)
    } else if let Some(rest) = content.strip_prefix('\'') {
        rest.find('\'').map(|i| i + 2)
    } else {
        content
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .filter(|&i| i > 0)
    };
    let Some(key_end) = key_end else {
        return false;
    };
    let after = &content[key_end..];
    after
        .strip_prefix(':')
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(is_space))
}

/// Whitespace as Java's `\s` (which the Gerrit grammar uses): space, tab, line breaks, vertical
/// tab and form feed.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}')
}

/// `content` without the leading `word` and the whitespace after it, if it starts with `word`
/// followed by whitespace.
fn keyword<'a>(content: &'a str, word: &str) -> Option<&'a str> {
    let rest = content.strip_prefix(word)?;
    rest.starts_with(is_space)
        .then(|| rest.trim_start_matches(is_space))
}

fn is_set_noparent(text: &str) -> bool {
    let mut words = text.split(is_space).filter(|w| !w.is_empty());
    words.next() == Some("set") && words.next() == Some("noparent") && words.next().is_none()
}

/// The length of an email (`[^\s<>@,]+@[^\s<>@#,]+`) or `*` at the start of `text`.
fn match_email_or_star(text: &str) -> Option<usize> {
    if text.starts_with('*') {
        return Some(1);
    }
    let local_end = text
        .find(|c: char| is_space(c) || matches!(c, '<' | '>' | '@' | ','))
        .unwrap_or(text.len());
    if local_end == 0 || !text[local_end..].starts_with('@') {
        return None;
    }
    let domain_start = local_end + 1;
    let domain_len = text[domain_start..]
        .find(|c: char| is_space(c) || matches!(c, '<' | '>' | '@' | '#' | ','))
        .unwrap_or(text.len() - domain_start);
    (domain_len > 0).then_some(domain_start + domain_len)
}

/// Splits `text` into lines at `\n`, `\r\n` and a lone `\r`, with each line's byte offset.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((start, &text[start..i]));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, &text[start..i]));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

/// Shortens untrusted text for a message.
fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

struct Parser<'a> {
    source: &'a SourceFile,
    out: &'a mut Vec<Diagnostic>,
    file: ChromiumFile,
}

impl Parser<'_> {
    fn error(
        &mut self,
        span: Span,
        message: String,
        label: &'static str,
        help: Option<&'static str>,
    ) {
        let mut d = Diagnostic::new(parse_error::RULE.name, message)
            .at(&self.source.path, span)
            .label(label);
        if let Some(help) = help {
            d = d.help(help);
        }
        self.out.push(d);
    }

    fn line(&mut self, base: usize, line: &str) {
        if let Some((i, c)) = line
            .char_indices()
            .find(|&(_, c)| c.is_control() && !is_space(c))
        {
            let at = base + i;
            self.error(
                Span::new(at, at + c.len_utf8()),
                format!(
                    "line contains the control character U+{:04X}; the line is ignored",
                    c as u32
                ),
                "control character",
                Some("OWNERS files are plain text: remove the character"),
            );
            return;
        }
        let start = line.len() - line.trim_start_matches(is_space).len();
        let content = line.trim_matches(is_space);
        let base = base + start;
        let span = Span::new(base, base + content.len());
        if content.is_empty() || content.starts_with('#') {
            return;
        }
        if is_set_noparent(content.split('#').next().unwrap_or("")) {
            self.file.no_parent = true;
            self.file.no_parent_span.get_or_insert(span);
            return;
        }
        if let Some(len) = match_email_or_star(content) {
            let rest = content[len..].trim_start_matches(is_space);
            if rest.is_empty() || rest.starts_with('#') {
                let owner = NameRef::new(&content[..len], Span::new(base, base + len));
                if has_annotation(rest, LAST_RESORT_SUGGESTION) {
                    self.file.last_resort.push(owner.clone());
                }
                self.file.owners.push(owner);
                return;
            }
        }
        if let Some(rest) = keyword(content, "per-file") {
            let offset = base + (content.len() - rest.len());
            self.per_file(offset, rest, span);
            return;
        }
        let directive = if let Some(rest) = content.strip_prefix("file:") {
            Some((IncludeKind::FileDirective, rest))
        } else {
            keyword(content, "include").map(|rest| (IncludeKind::IncludeDirective, rest))
        };
        if let Some((kind, rest)) = directive {
            let offset = base + (content.len() - rest.len());
            let body = rest.split('#').next().unwrap_or("");
            if let Some(include) = self.include(kind, offset, body) {
                self.file.includes.push(include);
            }
            return;
        }
        self.invalid_line(content, span);
    }

    fn invalid_line(&mut self, content: &str, span: Span) {
        let word = content.split(is_space).next().unwrap_or(content);
        let handle = !word.trim_start_matches('@').contains('@');
        if handle && !word.contains(['=', ':', '/']) && !word.is_empty() {
            let single = content
                .split('#')
                .next()
                .unwrap_or("")
                .trim_matches(is_space)
                == word;
            if single {
                self.error(
                    span,
                    format!("`{}` is not an email address", excerpt(word)),
                    "not an email",
                    Some(
                        "Gerrit OWNERS files name owners by email (or `*` for anyone); \
                         write the person's account email",
                    ),
                );
                return;
            }
        }
        self.error(
            span,
            format!("invalid OWNERS line `{}`", excerpt(content)),
            "not an OWNERS line",
            Some(
                "a line is an email, `*`, `set noparent`, `per-file GLOBS=OWNERS`, \
                 `file:PATH`, `include PATH` or a `#` comment",
            ),
        );
    }

    /// `rest` is what follows `per-file` and its whitespace, starting at byte `offset`.
    fn per_file(&mut self, offset: usize, rest: &str, span: Span) {
        let help = Some(
            "write `per-file GLOB[,GLOB...]=OWNERS`, OWNERS being emails, `set noparent` or `file:PATH`",
        );
        let Some(eq) = rest.find('=').filter(|&eq| !rest[..eq].contains('#')) else {
            self.error(span, "`per-file` line without `=`".into(), "no `=`", help);
            return;
        };
        let globs_text = &rest[..eq];
        if globs_text.trim_matches(is_space).is_empty() {
            self.error(
                span,
                "`per-file` line without globs".into(),
                "no globs",
                help,
            );
            return;
        }
        let after = &rest[eq + 1..];
        let owners_text = after.split('#').next().unwrap_or("");
        let owners_offset = offset + eq + 1;
        if owners_text.trim_matches(is_space).is_empty() {
            self.error(
                span,
                "`per-file` line without owners".into(),
                "nothing after `=`",
                help,
            );
            return;
        }
        // Each comma-separated token must be a glob without whitespace (Gerrit's PAT_GLOBS).
        let mut token_offset = 0;
        for token in globs_text.split(',') {
            let trimmed = token.trim_matches(is_space);
            if trimmed.is_empty() || trimmed.contains(is_space) {
                let at = offset + token_offset;
                self.error(
                    Span::new(at, at + token.len()),
                    format!(
                        "invalid `per-file` glob list `{}`",
                        excerpt(globs_text.trim_matches(is_space))
                    ),
                    "empty glob or glob with spaces",
                    Some("separate globs with commas; globs cannot contain spaces"),
                );
                return;
            }
            token_offset += token.len() + 1;
        }
        let mut per_file = PerFile {
            globs: Vec::new(),
            owners: Vec::new(),
            no_parent: false,
            includes: Vec::new(),
            span,
        };
        for (glob, at) in split_globs(globs_text) {
            let lead = glob.len() - glob.trim_start_matches(is_space).len();
            let glob = glob.trim_matches(is_space);
            let glob_span = Span::new(offset + at + lead, offset + at + lead + glob.len());
            if let Err(reason) = glob_regex(glob) {
                self.error(
                    glob_span,
                    format!("`per-file` glob `{}` is invalid: {reason}", excerpt(glob)),
                    "invalid glob",
                    Some("globs support `*`, `**`, `?`, `[abc]`, `[!a-c]` and `{a,b}`"),
                );
            }
            per_file.globs.push((glob.to_string(), glob_span));
        }
        let lead = owners_text.len() - owners_text.trim_start_matches(is_space).len();
        let directive = owners_text.trim_matches(is_space);
        let directive_offset = owners_offset + lead;
        if is_set_noparent(directive) {
            per_file.no_parent = true;
        } else if let Some(target) = directive.strip_prefix("file:") {
            let at = directive_offset + 5;
            match self.include(IncludeKind::FileDirective, at, target) {
                Some(include) => per_file.includes.push(include),
                None => return,
            }
        } else if keyword(directive, "include").is_some() {
            self.error(
                Span::new(directive_offset, directive_offset + directive.len()),
                "`per-file` cannot use `include`".into(),
                "not allowed in per-file",
                Some("use `per-file GLOB=file:PATH`, which imports the other file's owners"),
            );
            return;
        } else {
            let mut at = 0;
            for item in directive.split(',') {
                let lead = item.len() - item.trim_start_matches(is_space).len();
                let owner = item.trim_matches(is_space);
                let start = directive_offset + at + lead;
                let owner_span = Span::new(start, start + owner.len());
                at += item.len() + 1;
                if match_email_or_star(owner) == Some(owner.len()) {
                    per_file.owners.push(NameRef::new(owner, owner_span));
                } else {
                    self.error(
                        owner_span,
                        format!(
                            "`per-file` owner `{}` is not an email address",
                            excerpt(owner)
                        ),
                        "not an email",
                        Some(
                            "per-file owners are comma-separated emails, `*`, `set noparent` \
                             or one `file:PATH`",
                        ),
                    );
                    return;
                }
            }
        }
        self.file.per_file.push(per_file);
    }

    /// Reads the target of a `file:` / `include` directive; `body` starts at byte `offset`
    /// and ends before any comment.
    fn include(&mut self, kind: IncludeKind, offset: usize, body: &str) -> Option<Include> {
        let lead = body.len() - body.trim_start_matches(is_space).len();
        let raw = body.trim_matches(is_space);
        let start = offset + lead;
        let span = Span::new(start, start + raw.len());
        let parts: Vec<&str> = raw.split(':').map(|p| p.trim_matches(is_space)).collect();
        let well_formed = !raw.is_empty()
            && parts.len() <= 3
            && parts.iter().all(|p| !p.is_empty() && !p.contains(is_space));
        if !well_formed {
            let keyword = match kind {
                IncludeKind::FileDirective => "file:",
                IncludeKind::IncludeDirective => "include",
            };
            let label_span = if raw.is_empty() {
                Span::new(offset.saturating_sub(keyword.len()), offset)
            } else {
                span
            };
            self.error(
                label_span,
                format!("invalid `{keyword}` target `{}`", excerpt(raw)),
                "not a path",
                Some("write a path to an OWNERS file, optionally `PROJECT:PATH` or `PROJECT:BRANCH:PATH`"),
            );
            return None;
        }
        let target = match parts.as_slice() {
            [path] => resolve_path(&self.file.dir, path),
            [drive, path]
                if drive.len() == 1
                    && drive.chars().all(|c| c.is_ascii_alphabetic())
                    && path.starts_with(['\\', '/']) =>
            {
                IncludeTarget::Outside(raw.to_string())
            }
            // `PROJECT:PATH` or `PROJECT:BRANCH:PATH` (a well-formed target has at most three).
            [project, branch @ .., path] => IncludeTarget::OtherRepository {
                project: project.trim_start_matches('/').to_string(),
                branch: branch.first().map(|b| b.to_string()),
                path: path.to_string(),
            },
            [] => return None,
        };
        Some(Include {
            raw: raw.to_string(),
            span,
            kind,
            target,
        })
    }
}

fn has_annotation(comment: &str, name: &str) -> bool {
    let mut rest = comment;
    while let Some(i) = rest.find("#{") {
        let after = &rest[i + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
            .unwrap_or(after.len());
        if end > 0 && after[end..].starts_with('}') && &after[..end] == name {
            return true;
        }
        rest = after;
    }
    false
}

/// Splits a glob list at the commas that are not inside `{...}` or `[...]` (as Gerrit's
/// `splitGlobs`), returning each glob with its byte offset in `text`.
fn split_globs(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let (mut curly, mut square) = (0usize, 0usize);
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            ',' if curly == 0 && square == 0 => {
                out.push((&text[start..i], start));
                start = i + 1;
            }
            '{' => curly += 1,
            '}' => curly = curly.saturating_sub(1),
            '[' => square += 1,
            ']' => square = square.saturating_sub(1),
            _ => {}
        }
    }
    if start < text.len() {
        out.push((&text[start..], start));
    }
    out.retain(|(g, _)| !g.trim_matches(is_space).is_empty());
    out
}

/// Resolves an in-project include path against the including file's directory.
fn resolve_path(dir: &str, path: &str) -> IncludeTarget {
    if path.contains('\\') || path.starts_with('~') || path.starts_with("///") {
        return IncludeTarget::Outside(path.to_string());
    }
    let (base, rest) = if let Some(rest) = path.strip_prefix('/') {
        // `/x` (Gerrit) and `//x` (Chromium's `file://x`) are both root-relative.
        ("", rest.strip_prefix('/').unwrap_or(rest))
    } else {
        (dir, path)
    };
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return IncludeTarget::Outside(path.to_string());
                }
            }
            other => parts.push(other),
        }
    }
    IncludeTarget::InRepo(parts.join("/"))
}

/// Parses a plain-text OWNERS file. Lines that cannot be read are reported as `parse-error`
/// and skipped; everything else is kept.
pub fn parse(source: &SourceFile, out: &mut Vec<Diagnostic>) -> ChromiumFile {
    let dir = match source.path.rsplit_once('/') {
        Some((dir, _)) => dir.to_string(),
        None => String::new(),
    };
    let text = source.text.as_str();
    // A byte-order mark is kept in the text (spans stay true) and skipped here.
    let skip = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut parser = Parser {
        source,
        out,
        file: ChromiumFile {
            path: source.path.clone(),
            dir,
            ..ChromiumFile::default()
        },
    };
    for (offset, line) in lines(&text[skip..]) {
        parser.line(offset + skip, line);
    }
    parser.file
}

/// Compiles a `per-file` glob into a regex anchored at both ends, to be matched against a path
/// relative to the OWNERS file's directory (`a/b.cc` for `dir/a/b.cc` and `dir/OWNERS`).
///
/// Semantics of Gerrit's code-owners `find-owners` backend (`FindOwnersGlobMatcher`), which
/// Chromium and Android use: the glob is a Java NIO glob prefixed with `{**/,}`, so it matches in
/// the directory and in every subdirectory (`*.md` matches `a.md` and `x/y/a.md`;
/// `chrome/*` matches `chrome/a` and `x/chrome/a`, not `chrome/x/a`). In the glob:
///
/// - `*` matches within one path component, `**` across components;
/// - `?` matches one character other than `/`;
/// - `[abc]`, `[a-c]`, `[!a-c]` match one character (never `/`); `[^` is a literal `^`;
/// - `{a,b}` matches either alternative (groups do not nest);
/// - `\` escapes the next character; everything else is literal.
///
/// depot_tools' former `owners.py` used `fnmatch` on the whole path and forbade `/` in per-file
/// globs; files written for it match the same way here except that `*` no longer crosses `/`.
pub fn glob_regex(glob: &str) -> Result<Arc<Regex>, String> {
    let regex = glob::chromium_regex(glob)?;
    // Chromium trees repeat a few globs in thousands of files: each is compiled once.
    crate::pattern_memo::compiled(&regex, MAX_GLOB_REGEX_BYTES).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(path: &str, text: &str) -> (ChromiumFile, Vec<Diagnostic>) {
        let source = SourceFile::new(path, text);
        let mut out = Vec::new();
        (parse(&source, &mut out), out)
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn reads_owners_noparent_and_comments() {
        let text = "# top\nset noparent\n  Alice@Example.com   # lead #{LAST_RESORT_SUGGESTION}\n*\n\nbob@example.com#note\n";
        let (file, diags) = parse_text("a/b/OWNERS", text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(file.dir, "a/b");
        assert!(file.no_parent);
        assert_eq!(slice(text, file.no_parent_span.unwrap()), "set noparent");
        let names: Vec<_> = file.owners.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["alice@example.com", "*", "bob@example.com"]);
        assert_eq!(slice(text, file.owners[0].span), "Alice@Example.com");
        assert_eq!(file.last_resort.len(), 1);
        assert_eq!(file.last_resort[0].name, "alice@example.com");
    }

    #[test]
    fn reads_per_file_lines_with_spans() {
        let text = "per-file a.cc, *.gn ,{x,y}.h=c@d.com, e@f.org # why\n\
                    per-file *.mojom=set noparent\n\
                    per-file *.mojom = file://ipc/SECURITY_OWNERS\n";
        let (file, diags) = parse_text("OWNERS", text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(file.per_file.len(), 3);
        let first = &file.per_file[0];
        let globs: Vec<_> = first.globs.iter().map(|(g, _)| g.as_str()).collect();
        assert_eq!(globs, ["a.cc", "*.gn", "{x,y}.h"]);
        for (glob, span) in &first.globs {
            assert_eq!(slice(text, *span), glob);
        }
        assert_eq!(slice(text, first.owners[1].span), "e@f.org");
        assert!(file.per_file[1].no_parent);
        let include = &file.per_file[2].includes[0];
        assert_eq!(include.kind, IncludeKind::FileDirective);
        assert_eq!(
            include.target,
            IncludeTarget::InRepo("ipc/SECURITY_OWNERS".into())
        );
        assert_eq!(slice(text, include.span), "//ipc/SECURITY_OWNERS");
    }

    #[test]
    fn resolves_includes() {
        let text = "file:../common/OWNERS\nfile://build/OWNERS\ninclude /tools/OWNERS\n\
                    file: ./SUB_OWNERS\ninclude ../../../escape/OWNERS\n\
                    include platform/system/core:main:/janitors/OWNERS #{LAST_RESORT_SUGGESTION}\n\
                    file:other/project:/OWNERS\nfile:///etc/OWNERS\nfile:C:\\OWNERS\n\
                    file://chromium/src:/build/OWNERS\n\
                    include tools/build : refs/heads/release-1 : /OWNERS\n";
        let (file, diags) = parse_text("a/b/OWNERS", text);
        assert!(diags.is_empty(), "{diags:?}");
        let targets: Vec<_> = file.includes.iter().map(|i| i.target.clone()).collect();
        use IncludeTarget::*;
        assert_eq!(
            targets,
            [
                InRepo("a/common/OWNERS".into()),
                InRepo("build/OWNERS".into()),
                InRepo("tools/OWNERS".into()),
                InRepo("a/b/SUB_OWNERS".into()),
                Outside("../../../escape/OWNERS".into()),
                OtherRepository {
                    project: "platform/system/core".into(),
                    branch: Some("main".into()),
                    path: "/janitors/OWNERS".into()
                },
                OtherRepository {
                    project: "other/project".into(),
                    branch: None,
                    path: "/OWNERS".into()
                },
                Outside("///etc/OWNERS".into()),
                Outside("C:\\OWNERS".into()),
                OtherRepository {
                    project: "chromium/src".into(),
                    branch: None,
                    path: "/build/OWNERS".into()
                },
                OtherRepository {
                    project: "tools/build".into(),
                    branch: Some("refs/heads/release-1".into()),
                    path: "/OWNERS".into()
                },
            ]
        );
        assert_eq!(file.includes[2].kind, IncludeKind::IncludeDirective);
        assert_eq!(slice(text, file.includes[0].span), "../common/OWNERS");
    }

    #[test]
    fn bad_lines_are_reported_and_parsing_continues() {
        let text = "alice\nper-file *.cc=bob\nper-file x=include y/OWNERS\nfoo bar baz\n\
                    per-file [a=c@d.com\nfile:\ngood@example.com\n";
        let (file, diags) = parse_text("OWNERS", text);
        assert_eq!(diags.len(), 6, "{diags:?}");
        assert!(diags.iter().all(|d| d.rule == "parse-error"));
        assert!(diags[0].message.contains("not an email"));
        assert_eq!(slice(text, diags[0].span.unwrap()), "alice");
        assert_eq!(slice(text, diags[1].span.unwrap()), "bob");
        assert!(diags[2].message.contains("include"));
        // The bad glob is reported but the line is kept.
        assert_eq!(slice(text, diags[4].span.unwrap()), "[a");
        assert_eq!(file.per_file.len(), 1);
        assert_eq!(file.owners.len(), 1);
        assert_eq!(file.owners[0].name, "good@example.com");
    }

    #[test]
    fn crlf_bom_nul_and_lone_cr() {
        let text = "\u{feff}a@b.com\r\nper-file x=c@d.com\r\nnul\0here@x.com\rlast@x.com";
        let (file, diags) = parse_text("OWNERS", text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(slice(text, diags[0].span.unwrap()), "\0");
        let names: Vec<_> = file.owners.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["a@b.com", "last@x.com"]);
        assert_eq!(slice(text, file.owners[0].span), "a@b.com");
        assert_eq!(file.per_file[0].owners[0].name, "c@d.com");
    }

    #[test]
    fn megabyte_line_is_one_diagnostic() {
        let text = format!("{}\nok@x.com\n", "x".repeat(1 << 20));
        let (file, diags) = parse_text("OWNERS", &text);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.len() < 200);
        assert_eq!(file.owners.len(), 1);
    }

    #[test]
    fn glob_semantics_follow_code_owners() {
        let m = |g: &str, p: &str| glob_regex(g).unwrap().is_match(p);
        assert!(m("*.md", "a.md"));
        assert!(m("*.md", "x/y/a.md"));
        assert!(m("chrome/*", "chrome/a.cc"));
        assert!(m("chrome/*", "x/chrome/a.cc"));
        assert!(!m("chrome/*", "chrome/x/a.cc"));
        assert!(m("chrome/**", "chrome/x/a.cc"));
        assert!(m("BUILD", "sub/BUILD"));
        assert!(!m("BUILD", "BUILD.gn"));
        assert!(m("foo-[0-9].txt", "foo-7.txt"));
        assert!(!m("foo-[!0-9].txt", "foo-7.txt"));
        assert!(m("{a,b}.h", "b.h"));
        assert!(!m("a?c", "a/c"));
        assert!(m("a.b", "a.b") && !m("a.b", "axb"));
        assert!(glob_regex("[unclosed").is_err());
        assert!(glob_regex("{a,{b}}").is_err());
        assert!(glob_regex("[a/b]").is_err());
        assert!(glob_regex("[z-a]").is_err());
        assert!(glob_regex("x\\").is_err());
    }

    #[test]
    fn tells_plain_text_from_yaml() {
        assert!(is_plain_text("# c\nalice@example.com\n"));
        assert!(is_plain_text("*\n"));
        assert!(is_plain_text("set noparent\n"));
        assert!(is_plain_text("per-file *.cc=a@b.c\n"));
        assert!(is_plain_text("file://build/OWNERS\n"));
        assert!(is_plain_text("include trusty:main:/OWNERS\n"));
        assert!(is_plain_text("\u{feff}  a@b.com  # lead\n"));
        assert!(!is_plain_text("approvers:\n- alice\n"));
        assert!(!is_plain_text(
            "# comment\noptions:\n  no_parent_owners: true\n"
        ));
        assert!(!is_plain_text("- alice@example.com\n"));
        assert!(!is_plain_text("{approvers: [a]}\n"));
        assert!(!is_plain_text(""));
        assert!(!is_plain_text("# only a comment\n\n"));
    }
}
