//! CODEOWNERS files, in GitHub's and GitLab's flavours.
//!
//! The parser keeps a span for every pattern, owner and section header, reads on past bad lines,
//! and marks the lines the platform itself skips ([`Line::skipped`]) so that the matcher
//! ([`crate::dialect::codeowners::matcher`]) sees what the platform sees. Matching and rule logic
//! live elsewhere; the only findings made here are about the syntax.
//!
//! What each flavour accepts, and where it says so:
//!
//! - GitHub ("About code owners"): a pattern is followed by `@username`, `@org/team-name` or an
//!   email; "Escaping a pattern starting with `#` using `\`", "Using `!` to negate a pattern" and
//!   "Using `[ ]` to define a character range" do not work; "If any line in your CODEOWNERS file
//!   contains invalid syntax, that line will be skipped"; the documented example has an inline
//!   comment (`*.js @js-owner #This is an inline comment.`), so `#` after whitespace starts a
//!   comment. Escaped spaces (`\ `) are kept in the pattern, as gitignore does.
//! - GitLab ("Syntax of CODEOWNERS file", "Advanced CODEOWNERS configuration", and the parser in
//!   `ee/lib/gitlab/code_owners/`): lines whose first non-blank character is `#` are comments;
//!   "Inline comments are unsupported. Any Code Owners listed in a comment are parsed.";
//!   `[Section]`, `^[Optional]`, `[Section][N]` and `[Section] @default @owners` headers; "Section
//!   names are case-insensitive, and sections with duplicate names are combined"; `!path`
//!   exclusions; `@@developer`, `@@maintainer`, `@@owner` roles (plurals accepted); `\#` and `\ `
//!   escapes; "Malformed owners are invalid and ignored".

use rustc_hash::FxHashMap;

use crate::diagnostics::Diagnostic;
use crate::rules::{codeowners_too_large, invalid_owner, parse_error, unsupported_syntax};
use crate::source::{SourceFile, Span};

use super::model::*;

/// The kind of an owner token in a flavour.
pub fn classify_owner(token: &str, flavor: Flavor) -> OwnerKind {
    let name_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if let Some(role) = token.strip_prefix("@@") {
        let role = role.to_ascii_lowercase();
        let role = role.strip_suffix('s').unwrap_or(&role);
        return match (flavor, role) {
            (Flavor::Gitlab, "developer" | "maintainer" | "owner") => OwnerKind::Role,
            _ => OwnerKind::Invalid,
        };
    }
    if let Some(name) = token.strip_prefix('@') {
        return match flavor {
            Flavor::Github => match name.split_once('/') {
                None if !name.is_empty() && name.chars().all(name_char) => OwnerKind::User,
                Some((org, team))
                    if !org.is_empty()
                        && !team.is_empty()
                        && org.chars().all(name_char)
                        && team.chars().all(name_char) =>
                {
                    OwnerKind::Team
                }
                _ => OwnerKind::Invalid,
            },
            Flavor::Gitlab => {
                let segment =
                    |s: &str| !s.is_empty() && s.chars().all(|c| name_char(c) || c == '.');
                if !name.split('/').all(segment) {
                    OwnerKind::Invalid
                } else if name.contains('/') {
                    OwnerKind::Team
                } else {
                    OwnerKind::User
                }
            }
        };
    }
    if is_email(token) {
        OwnerKind::Email
    } else {
        OwnerKind::Invalid
    }
}

fn is_email(token: &str) -> bool {
    let Some((local, domain)) = token.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-'".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

/// The finding for a CODEOWNERS file of `size` bytes read in `flavor`, if it is over that
/// platform's limit: GitHub's 3 MB; GitLab documents none. For callers that know only the size;
/// [`parse`] reports it too for a file it is given.
pub fn too_large(path: &str, flavor: Flavor, size: u64) -> Option<Diagnostic> {
    (flavor == Flavor::Github && size > GITHUB_MAX_BYTES as u64).then(|| {
        Diagnostic::new(
            codeowners_too_large::RULE.name,
            format!(
                "{path} is {}, over GitHub's 3 MB limit: GitHub does not load the file, \
                 so no path has code owners and nobody is requested for review",
                crate::plural::count(size, "byte", "bytes")
            ),
        )
        .in_file(path)
        .help("use directory patterns (`/src/a/`) or wildcards instead of listing files one by one")
    })
}

/// Parses a CODEOWNERS file in a flavour, reporting syntax problems to `out` and continuing past
/// every bad line.
pub fn parse(source: &SourceFile, flavor: Flavor, out: &mut Vec<Diagnostic>) -> Codeowners {
    let text: &str = &source.text;
    if let Some(d) = too_large(&source.path, flavor, text.len() as u64) {
        out.push(d);
    }
    let mut parser = Parser {
        path: &source.path,
        text,
        flavor,
        out,
        current: 0,
        file: Codeowners {
            path: source.path.clone(),
            flavor,
            sections: vec![Section {
                name: String::new(),
                span: Span::default(),
                optional: false,
                approvals: None,
                default_owners: Vec::new(),
                merged_into: 0,
            }],
            lines: Vec::new(),
        },
        first_of_name: FxHashMap::default(),
    };
    let mut offset = 0;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let mut content_end = end;
        if text[offset..content_end].ends_with('\r') {
            content_end -= 1;
        }
        let mut start = offset;
        if start == 0 && text.starts_with('\u{feff}') {
            start = '\u{feff}'.len_utf8();
        }
        parser.line(start, content_end);
        offset = end + 1;
    }
    parser.file
}

/// Blanks between a pattern and its owners (ASCII whitespace, as both platforms split on).
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\x0b' | '\x0c')
}

fn is_blank_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
}

/// The end of the pattern starting at `start`: the first blank not escaped by a backslash.
fn pattern_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        match bytes[i] {
            // The escaped byte is skipped; UTF-8 continuation bytes are never blanks or `\`.
            b'\\' => i = (i + 2).min(end),
            b if is_blank_byte(b) => return i,
            _ => i += 1,
        }
    }
    end
}

/// The blank-separated words in `text[start..end]`, as byte ranges.
fn words(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut word_start = None;
    for (i, c) in text[start..end].char_indices() {
        let at = start + i;
        match (is_blank(c), word_start) {
            (true, Some(s)) => {
                found.push((s, at));
                word_start = None;
            }
            (false, None) => word_start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = word_start {
        found.push((s, end));
    }
    found
}

/// The pattern with `\ ` and `\#` unescaped; other escapes are kept for the matcher. GitLab turns
/// any escaped blank into a space (`gsub(/\\\s+/, ' ')`).
fn unescape(raw: &str, flavor: Flavor) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(n) if is_blank(n) => out.push(if flavor == Flavor::Gitlab { ' ' } else { n }),
            Some('#') => out.push('#'),
            Some(n) => {
                out.push('\\');
                out.push(n);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn list(owners: &[Owner]) -> String {
    owners
        .iter()
        .map(|o| o.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a GitLab line (from its first non-blank character) is a section header: `[Name]` or
/// `^[Name]`, then an optional `[count]`, then nothing or a blank (and default owners). Any
/// other line that starts with a bracket, such as `[Mm]akefile @owner` or an unterminated
/// `[Section name`, is an entry: "If a section heading cannot be parsed, the section is: Added
/// as an entry. Added to the previous section." (GitLab's `CODEOWNERS` syntax reference,
/// "Unparsable sections").
pub fn is_gitlab_header(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("^[").or_else(|| line.strip_prefix('[')) else {
        return false;
    };
    let Some(close) = rest.find(']') else {
        return false;
    };
    let mut after = &rest[close + 1..];
    if let Some(count) = after.strip_prefix('[') {
        match count.find(']') {
            Some(end) => after = &count[end + 1..],
            // An unterminated count: a header GitLab reports (see `gitlab_header`).
            None => return true,
        }
    }
    after.chars().next().is_none_or(is_blank)
}

struct Parser<'a> {
    path: &'a str,
    text: &'a str,
    flavor: Flavor,
    out: &'a mut Vec<Diagnostic>,
    /// The header the next lines are under.
    current: usize,
    file: Codeowners,
    /// The first header of each name, lower-cased: what a later header of that name is combined
    /// into, found with one lookup however many sections the file has.
    first_of_name: FxHashMap<String, usize>,
}

impl Parser<'_> {
    fn span_of(&self, start: usize, end: usize) -> Span {
        Span::new(start, end)
    }

    fn unsupported(
        &mut self,
        span: Span,
        message: String,
        label: &'static str,
        help: &'static str,
    ) {
        let d = Diagnostic::new(unsupported_syntax::RULE.name, message)
            .at(self.path, span)
            .label(label)
            .help(help);
        self.out.push(d);
    }

    fn owner(&self, start: usize, end: usize) -> Owner {
        let text = &self.text[start..end];
        Owner {
            text: text.to_string(),
            span: self.span_of(start, end),
            kind: classify_owner(text, self.flavor),
        }
    }

    fn invalid_owner(&mut self, owner: &Owner, github_pattern: Option<&str>) {
        let expected = match self.flavor {
            Flavor::Github => "owners are `@username`, `@org/team-name` or an email address",
            Flavor::Gitlab if owner.text.starts_with("@@") => {
                "the roles are `@@developer`, `@@maintainer` and `@@owner`"
            }
            Flavor::Gitlab => {
                "owners are `@username`, `@group`, `@group/subgroup`, `@@role` or an email address"
            }
        };
        let consequence = match github_pattern {
            Some(pattern) => format!(
                "GitHub treats the line as invalid and skips it, so `{pattern}` loses all its \
                 owners"
            ),
            None => "GitLab ignores it".to_string(),
        };
        let help = if owner.text.starts_with('@') || owner.text.contains('@') {
            "check the spelling of the name".to_string()
        } else {
            format!("did you mean `@{}`?", owner.text)
        };
        let d = Diagnostic::new(
            invalid_owner::RULE.name,
            format!(
                "`{}` is not a valid {} CODEOWNERS owner ({expected}): {consequence}",
                owner.text,
                self.flavor.name()
            ),
        )
        .at(self.path, owner.span)
        .label("not a valid owner")
        .help(help)
        .owner(owner.text.clone());
        self.out.push(d);
    }

    fn line(&mut self, line_start: usize, end: usize) {
        let content = &self.text[line_start..end];
        let Some(first) = content.find(|c: char| !is_blank(c)) else {
            return;
        };
        let start = line_start + first;
        if let Some(nul) = content.find('\0') {
            let at = line_start + nul;
            let d = Diagnostic::new(
                parse_error::RULE.name,
                format!(
                    "{} contains a NUL byte: CODEOWNERS files are text",
                    self.path
                ),
            )
            .at(self.path, self.span_of(at, at + 1))
            .label("NUL byte")
            .help("Git and the platforms may treat the whole file as binary and ignore it");
            self.out.push(d);
            return;
        }
        if self.text[start..end].starts_with('#') {
            return;
        }
        let line_span = self.span_of(line_start, end);
        match self.flavor {
            Flavor::Github => self.github_line(start, end, line_span),
            Flavor::Gitlab => {
                if is_gitlab_header(&self.text[start..end]) {
                    self.gitlab_header(start, end);
                } else {
                    self.gitlab_line(start, end, line_span);
                }
            }
        }
    }

    fn github_line(&mut self, start: usize, end: usize, line_span: Span) {
        let pat_end = pattern_end(self.text, start, end);
        let raw = &self.text[start..pat_end];
        let mut owners = Vec::new();
        for (s, e) in words(self.text, pat_end, end) {
            if self.text[s..e].starts_with('#') {
                break; // An inline comment, as in GitHub's own example.
            }
            owners.push(self.owner(s, e));
        }
        let negated = raw.starts_with('!');
        let mut problems: Vec<(Span, &str, &str, &str)> = Vec::new();
        if is_gitlab_header(&self.text[start..end]) {
            let close = self.text[start..end]
                .find(']')
                .map_or(pat_end, |i| start + i + 1);
            // `./CODEOWNERS` and `./docs/CODEOWNERS` are GitLab's first locations too: the file
            // is read as GitHub's only because nothing said the repository is on GitLab.
            let help = if GITLAB_LOCATIONS.contains(&self.path) {
                "if GitLab reads this repository, set `codeowners: {flavor: gitlab}` in \
                 .ownlint.yaml and ownlint reads the file as GitLab does; on GitHub, turn the \
                 section into plain pattern lines"
            } else {
                "GitHub has no sections and GitLab never reads this file: turn the section into \
                 plain pattern lines, or, if GitLab reads this repository, move the file to \
                 `CODEOWNERS` and set `codeowners: {flavor: gitlab}` in .ownlint.yaml"
            };
            problems.push((
                self.span_of(start, close),
                "GitLab section headers",
                "a GitLab section header",
                help,
            ));
        } else {
            if negated {
                problems.push((
                    self.span_of(start, start + 1),
                    "`!` negation",
                    "negation does not work on GitHub",
                    "give the paths to exclude a later line of their own (with no owners to \
                     leave them unowned)",
                ));
            }
            if let Some(i) = raw.find(['[', ']']) {
                problems.push((
                    self.span_of(start + i, start + i + 1),
                    "`[ ]` character ranges",
                    "character ranges do not work on GitHub",
                    "write one line per alternative, or use `*` or `?`",
                ));
            }
            if let Some(i) = raw.find("\\#") {
                problems.push((
                    self.span_of(start + i, start + i + 2),
                    "escaping `#` with `\\`",
                    "escaping `#` does not work on GitHub",
                    "match the name with a wildcard instead, e.g. `?file` for `#file`",
                ));
            }
        }
        let lost = if owners.is_empty() {
            "the line has no effect".to_string()
        } else {
            format!("the owners on it ({}) are lost", list(&owners))
        };
        for (span, what, label, help) in &problems {
            let message = format!(
                "GitHub CODEOWNERS does not support {what}: GitHub skips this line (and reports \
                 it as an error on the file's page), so {lost}"
            );
            self.unsupported(*span, message, label, help);
        }
        let mut skipped = !problems.is_empty();
        for owner in owners.iter().filter(|o| o.kind == OwnerKind::Invalid) {
            self.invalid_owner(owner, Some(raw));
            skipped = true;
        }
        let pattern = unescape(raw.strip_prefix('!').unwrap_or(raw), self.flavor);
        self.file.lines.push(Line {
            pattern,
            raw: raw.to_string(),
            span: self.span_of(start, pat_end),
            line_span,
            owners,
            section: 0,
            negated,
            skipped,
        });
    }

    fn gitlab_line(&mut self, start: usize, end: usize, line_span: Span) {
        let pat_end = pattern_end(self.text, start, end);
        let raw = &self.text[start..pat_end];
        let negated = raw.starts_with('!');
        let mut owners = Vec::new();
        let mut comment = None;
        for (s, e) in words(self.text, pat_end, end) {
            if comment.is_none() && self.text[s..e].starts_with('#') {
                comment = Some(s);
            }
            owners.push(self.owner(s, e));
        }
        if let Some(at) = comment {
            let parsed: Vec<Owner> = owners
                .iter()
                .filter(|o| o.span.start > at && o.kind != OwnerKind::Invalid)
                .cloned()
                .collect();
            let consequence = if parsed.is_empty() || negated {
                "reports them as malformed owners".to_string()
            } else {
                format!("so {} become owners of the line", list(&parsed))
            };
            self.unsupported(
                self.span_of(at, end),
                format!(
                    "GitLab CODEOWNERS does not support inline comments: GitLab reads the words \
                     after `#` as owners and {consequence}"
                ),
                "read as owners by GitLab",
                "put the comment on a line of its own, starting with `#`",
            );
        }
        let written: Vec<Owner> = owners
            .iter()
            .filter(|o| comment.is_none_or(|at| o.span.start < at))
            .cloned()
            .collect();
        if negated && !written.is_empty() {
            let first = written[0].span.start;
            let last = written[written.len() - 1].span.end;
            self.unsupported(
                self.span_of(first, last),
                format!(
                    "GitLab ignores the owners of an exclusion (`!`) line: {} own nothing here",
                    list(&written)
                ),
                "ignored by GitLab",
                "an exclusion only removes paths from its section; remove the owners",
            );
        } else if !negated {
            for owner in written.iter().filter(|o| o.kind == OwnerKind::Invalid) {
                self.invalid_owner(owner, None);
            }
        }
        let pattern = unescape(raw.strip_prefix('!').unwrap_or(raw), self.flavor);
        self.file.lines.push(Line {
            pattern,
            raw: raw.to_string(),
            span: self.span_of(start, pat_end),
            line_span,
            owners,
            section: self.current,
            negated,
            skipped: false,
        });
    }

    fn gitlab_header(&mut self, start: usize, end: usize) {
        let text = self.text;
        let optional = text[start..end].starts_with('^');
        let open = start + usize::from(optional);
        let trimmed_end = start + text[start..end].trim_end_matches(is_blank).len();
        // `is_gitlab_header` has seen the closing `]`.
        let Some(close) = text[open + 1..end].find(']').map(|i| open + 1 + i) else {
            return;
        };
        let name = &text[open + 1..close];
        let mut header_end = close + 1;
        let mut approvals = None;
        let mut written_count = None;
        if text[header_end..end].starts_with('[') {
            let count_start = header_end;
            match text[count_start + 1..end].find(']') {
                None => {
                    let d = Diagnostic::new(
                        parse_error::RULE.name,
                        format!(
                            "unterminated approval count after section `[{name}]` in {}",
                            self.path
                        ),
                    )
                    .at(self.path, self.span_of(count_start, trimmed_end))
                    .label("no closing `]`")
                    .help("write the number of approvals as `[Section name][2]`");
                    self.out.push(d);
                    header_end = trimmed_end;
                }
                Some(i) => {
                    header_end = count_start + 1 + i + 1;
                    let raw_count = &text[count_start + 1..header_end - 1];
                    let span = self.span_of(count_start, header_end);
                    let digits = !raw_count.trim().is_empty()
                        && raw_count.chars().all(|c| c.is_ascii_digit() || is_blank(c));
                    written_count = raw_count.trim().parse::<u32>().ok().filter(|_| digits);
                    match written_count {
                        Some(0) => {
                            approvals = Some(1);
                            self.unsupported(
                                span,
                                format!(
                                    "GitLab requires at least one approval: it treats \
                                     `[{raw_count}]` on section `[{name}]` as `[1]`"
                                ),
                                "treated as [1]",
                                "write `[1]` (or nothing), or make the section optional with `^`",
                            );
                        }
                        Some(n) => approvals = Some(n),
                        None => self.unsupported(
                            span,
                            format!(
                                "`[{raw_count}]` is not a number of approvals: GitLab reports \
                                 the header of `[{name}]` as invalid and requires 1 approval"
                            ),
                            "not a number",
                            "write a positive number: `[Section name][2]`",
                        ),
                    }
                }
            }
        }
        if optional && written_count.is_some_and(|n| n > 0) {
            self.unsupported(
                self.span_of(start, header_end),
                format!(
                    "GitLab rejects an approval count on the optional section `^[{name}]` and \
                     reports the header as invalid"
                ),
                "optional and counted",
                "drop the `^` to require approvals, or drop the count",
            );
        }
        let rest_start = header_end.min(end);
        let mut default_owners = Vec::new();
        for (s, e) in words(text, rest_start, end) {
            if text[s..e].starts_with('#') {
                self.unsupported(
                    self.span_of(s, trimmed_end),
                    format!(
                        "GitLab CODEOWNERS does not support inline comments: on the header of \
                         `[{name}]` GitLab reports the header as invalid"
                    ),
                    "not a comment on GitLab",
                    "put the comment on a line of its own, starting with `#`",
                );
                break;
            }
            let owner = self.owner(s, e);
            if owner.kind == OwnerKind::Invalid {
                self.invalid_owner(&owner, None);
            }
            default_owners.push(owner);
        }
        let span = self.span_of(start, header_end.min(trimmed_end).max(close + 1));
        if name.trim().is_empty() {
            let d = Diagnostic::new(
                parse_error::RULE.name,
                format!("section header without a name in {}", self.path),
            )
            .at(self.path, span)
            .label("empty section name")
            .help("GitLab requires a name: `[Section name]`");
            self.out.push(d);
        }
        let index = self.file.sections.len();
        let merged_into = if name.trim().is_empty() {
            index
        } else {
            *self
                .first_of_name
                .entry(name.to_lowercase())
                .or_insert(index)
        };
        self.file.sections.push(Section {
            name: name.to_string(),
            span,
            optional,
            approvals,
            default_owners,
            merged_into,
        });
        self.current = index;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str, flavor: Flavor) -> (Codeowners, Vec<Diagnostic>) {
        let source = SourceFile::new("CODEOWNERS", text);
        let mut out = Vec::new();
        let file = parse(&source, flavor, &mut out);
        (file, out)
    }

    fn rules(out: &[Diagnostic]) -> Vec<&'static str> {
        out.iter().map(|d| d.rule).collect()
    }

    #[test]
    fn github_lines_keep_spans_of_patterns_and_owners() {
        let text =
            "# comment\n*.js    @js-owner #This is an inline comment.\n/docs/ @org/docs a@b.io\n";
        let (file, out) = parse_text(text, Flavor::Github);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(file.lines.len(), 2);
        let js = &file.lines[0];
        assert_eq!(&text[js.span.start..js.span.end], "*.js");
        assert_eq!(js.owners.len(), 1, "the inline comment is not an owner");
        assert_eq!(js.owners[0].text, "@js-owner");
        assert_eq!(
            &text[js.owners[0].span.start..js.owners[0].span.end],
            "@js-owner"
        );
        assert_eq!(
            &text[js.line_span.start..js.line_span.end],
            "*.js    @js-owner #This is an inline comment."
        );
        let docs = &file.lines[1];
        let kinds: Vec<OwnerKind> = docs.owners.iter().map(|o| o.kind).collect();
        assert_eq!(kinds, [OwnerKind::Team, OwnerKind::Email]);
        assert!(!docs.skipped);
    }

    #[test]
    fn github_hash_inside_a_word_is_not_a_comment() {
        let (file, _) = parse_text("a#b @x\n   # indented comment\n", Flavor::Github);
        assert_eq!(file.lines.len(), 1);
        assert_eq!(file.lines[0].pattern, "a#b");
    }

    #[test]
    fn github_rejects_gitignore_extras_and_skips_the_line() {
        let text = "!vendor/ @a\n*.[ch] @b\n\\#x @c\n[Section] @d\nok @e\n";
        let (file, out) = parse_text(text, Flavor::Github);
        let skipped: Vec<bool> = file.lines.iter().map(|l| l.skipped).collect();
        assert_eq!(skipped, [true, true, true, true, false]);
        assert_eq!(rules(&out), ["unsupported-syntax"; 4]);
        assert!(out[0].message.contains("GitHub"));
        assert!(out[0].message.contains("@a"), "{}", out[0].message);
        assert!(file.lines[0].negated);
        assert_eq!(file.lines[0].pattern, "vendor/");
        assert!(out[3].message.contains("section"));
        // Issue 14, item 13: `./CODEOWNERS` is GitLab's first location: the help points at the
        // setting, not at moving the file to `.gitlab/`.
        let help = out[3].help.as_deref().unwrap_or("");
        assert!(help.contains("flavor: gitlab"), "{help}");
        assert!(!help.contains(".gitlab/"), "{help}");
        // On GitHub, `[Mm]akefile` is a character range, not a section header.
        let (_, out) = parse_text("[Mm]akefile @x\n", Flavor::Github);
        assert_eq!(rules(&out), ["unsupported-syntax"]);
        assert!(
            out[0].message.contains("character ranges"),
            "{}",
            out[0].message
        );
    }

    #[test]
    fn github_invalid_owner_skips_the_line() {
        let text = "/api/ @org/api alice\n";
        let (file, out) = parse_text(text, Flavor::Github);
        assert_eq!(rules(&out), ["invalid-owner"]);
        let span = out[0].span.unwrap();
        assert_eq!(&text[span.start..span.end], "alice");
        assert!(out[0].message.contains("skips"));
        assert!(file.lines[0].skipped);
    }

    #[test]
    fn owner_kinds() {
        use OwnerKind::*;
        let gh = |t| classify_owner(t, Flavor::Github);
        let gl = |t| classify_owner(t, Flavor::Gitlab);
        assert_eq!(gh("@octocat"), User);
        assert_eq!(gh("@octo-org/octocats"), Team);
        assert_eq!(gh("@a/b/c"), Invalid);
        assert_eq!(gh("@marcel.amirault"), Invalid);
        assert_eq!(gl("@marcel.amirault"), User);
        assert_eq!(gl("@gitlab-org/maintainers/rails-backend"), Team);
        assert_eq!(gh("docs@example.com"), Email);
        assert_eq!(gh("user"), Invalid);
        assert_eq!(gh("@"), Invalid);
        assert_eq!(gh("a@b"), Invalid);
        assert_eq!(gl("@@maintainer"), Role);
        assert_eq!(gl("@@Developers"), Role);
        assert_eq!(gl("@@reporter"), Invalid);
        assert_eq!(gh("@@maintainer"), Invalid);
        assert_eq!(gl("@group/"), Invalid);
    }

    #[test]
    fn escapes_are_unescaped_in_the_pattern_only() {
        let text = "path\\ with\\ spaces/ @a\nf\\*o @b\n";
        let (file, out) = parse_text(text, Flavor::Github);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(file.lines[0].pattern, "path with spaces/");
        assert_eq!(file.lines[0].raw, "path\\ with\\ spaces/");
        assert_eq!(file.lines[0].owners[0].text, "@a");
        assert_eq!(file.lines[1].pattern, "f\\*o");
        let (gitlab, out) = parse_text("\\#file_with_pound.rb @owner\n", Flavor::Gitlab);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(gitlab.lines[0].pattern, "#file_with_pound.rb");
    }

    #[test]
    fn crlf_bom_and_missing_final_newline() {
        let text = "\u{feff}* @a\r\n/b/ @b\r\n/c @c";
        let (file, out) = parse_text(text, Flavor::Github);
        assert!(out.is_empty(), "{out:?}");
        let patterns: Vec<&str> = file.lines.iter().map(|l| l.pattern.as_str()).collect();
        assert_eq!(patterns, ["*", "/b/", "/c"]);
        assert_eq!(file.lines[0].span, Span::new(3, 4));
        assert_eq!(file.lines[1].owners[0].text, "@b");
        let l = file.lines[1].line_span;
        assert_eq!(&text[l.start..l.end], "/b/ @b");
    }

    #[test]
    fn nul_bytes_and_huge_lines_do_not_stop_the_parser() {
        let huge = "a".repeat(2_000_000);
        let text = format!("x\0y @a\n{huge} @b\nlast @c\n");
        let (file, out) = parse_text(&text, Flavor::Gitlab);
        assert_eq!(rules(&out), ["parse-error"]);
        assert_eq!(out[0].span, Some(Span::new(1, 2)));
        assert_eq!(file.lines.len(), 2);
        assert_eq!(file.lines[0].pattern.len(), 2_000_000);
        assert_eq!(file.lines[1].pattern, "last");
    }

    #[test]
    fn gitlab_sections_defaults_and_merging() {
        let text = "* @all\n\n^[Docs] @docs-team\ndocs/\nREADME.md @readme\n[Database][2] @db\nmodel/\n[DOCS]\nee/docs/\n";
        let (file, out) = parse_text(text, Flavor::Gitlab);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(file.sections.len(), 4);
        let docs = &file.sections[1];
        assert_eq!(docs.name, "Docs");
        assert!(docs.optional);
        assert_eq!(docs.approvals, None);
        assert_eq!(&text[docs.span.start..docs.span.end], "^[Docs]");
        assert_eq!(file.sections[2].approvals, Some(2));
        assert_eq!(docs.default_owners[0].text, "@docs-team");
        assert_eq!(file.sections[3].name, "DOCS");
        assert_eq!(file.sections[3].merged_into, 1);
        assert_eq!(file.canonical_section(3), 1);
        assert!(!file.is_optional(1), "the second header is required");
        let section_of: Vec<usize> = file.lines.iter().map(|l| l.section).collect();
        assert_eq!(section_of, [0, 1, 1, 2, 3]);
        let owners = |i: usize| -> Vec<String> {
            file.lines[i]
                .effective_owners(&file)
                .iter()
                .map(|o| o.text.clone())
                .collect()
        };
        assert_eq!(owners(1), ["@docs-team"]);
        assert_eq!(owners(2), ["@readme"]);
        assert_eq!(owners(3), ["@db"]);
        assert!(owners(4).is_empty(), "[DOCS] has no default owners itself");
    }

    #[test]
    fn gitlab_bad_headers_are_reported_and_parsing_continues() {
        let text = "[][x] @ok\n^[Opt][3]\n[Zero][0]\n[Count][2\ndocs/ @docs\n";
        let (file, out) = parse_text(text, Flavor::Gitlab);
        assert_eq!(
            rules(&out),
            [
                "unsupported-syntax",
                "parse-error",
                "unsupported-syntax",
                "unsupported-syntax",
                "parse-error",
            ]
        );
        let span = out[1].span.unwrap();
        assert_eq!(&text[span.start..span.end], "[][x]");
        assert_eq!(file.sections[1].approvals, None);
        assert_eq!(file.sections[2].approvals, Some(3));
        assert_eq!(file.sections[3].approvals, Some(1));
        assert_eq!(file.sections[4].name, "Count");
        assert_eq!(file.lines.len(), 1);
        assert_eq!(file.lines[0].section, 4);
    }

    /// Issue 14, item 15: "If a section heading cannot be parsed, the section is: Added as an
    /// entry. Added to the previous section." A line starting with a bracket expression is a
    /// pattern of the section it is in, not an error.
    #[test]
    fn gitlab_lines_that_are_not_headers_are_entries_of_the_previous_section() {
        let text = "[Build] @build\n[Mm]akefile @x\n[Section name\n[Glued]@y\n[Real] @r\n";
        let (file, out) = parse_text(text, Flavor::Gitlab);
        // `name` is an owner of the entry `[Section`, and not a valid one.
        assert_eq!(rules(&out), ["invalid-owner"], "{out:?}");
        let names: Vec<&str> = file.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["", "Build", "Real"]);
        let patterns: Vec<(&str, usize)> = file
            .lines
            .iter()
            .map(|l| (l.pattern.as_str(), l.section))
            .collect();
        assert_eq!(
            patterns,
            [("[Mm]akefile", 1), ("[Section", 1), ("[Glued]@y", 1)]
        );
        assert_eq!(file.lines[0].owners[0].text, "@x");
        // Before any header, such a line is an entry of the default section.
        let (file, out) = parse_text("[Mm]akefile @x\n", Flavor::Gitlab);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(file.sections.len(), 1);
        assert_eq!(file.lines[0].section, 0);
    }

    #[test]
    fn gitlab_inline_comments_exclusions_and_malformed_owners() {
        let text = "*.rb @a # owned by @b\n!pom.xml @c\n/x/ @group user_without_at\n";
        let (file, out) = parse_text(text, Flavor::Gitlab);
        assert_eq!(
            rules(&out),
            ["unsupported-syntax", "unsupported-syntax", "invalid-owner"]
        );
        assert!(out[0].message.contains("@b"), "{}", out[0].message);
        let owners: Vec<&str> = file.lines[0]
            .effective_owners(&file)
            .iter()
            .map(|o| o.text.as_str())
            .collect();
        assert_eq!(owners, ["@a", "@b"], "GitLab parses owners in comments");
        assert!(file.lines[1].negated);
        assert_eq!(file.lines[1].pattern, "pom.xml");
        assert!(file.lines[1].effective_owners(&file).is_empty());
        assert!(
            !file.lines[2].skipped,
            "GitLab ignores only the malformed owner"
        );
        assert_eq!(file.lines[2].effective_owners(&file).len(), 1);
    }

    #[test]
    fn size_limit_and_locations() {
        let over = GITHUB_MAX_BYTES as u64 + 1;
        assert!(too_large("CODEOWNERS", Flavor::Github, over - 1).is_none());
        let d = too_large("CODEOWNERS", Flavor::Github, over).unwrap();
        assert_eq!(d.rule, "codeowners-too-large");
        assert!(d.message.contains("GitHub"), "{}", d.message);
        // GitLab documents no size limit.
        assert!(too_large(".gitlab/CODEOWNERS", Flavor::Gitlab, over * 4).is_none());
        assert_eq!(flavor_for_path(".github/CODEOWNERS"), Some(Flavor::Github));
        assert_eq!(flavor_for_path("docs/CODEOWNERS"), Some(Flavor::Github));
        assert_eq!(flavor_for_path(".gitlab/CODEOWNERS"), Some(Flavor::Gitlab));
        assert_eq!(flavor_for_path("src/CODEOWNERS"), None);
        let big = "a".repeat(GITHUB_MAX_BYTES + 1);
        let (_, out) = parse_text(&big, Flavor::Github);
        assert_eq!(rules(&out), ["codeowners-too-large"]);
        let (_, out) = parse_text(&big, Flavor::Gitlab);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn real_files_parse_without_findings() {
        for (path, flavor) in [
            ("codeowners/terraform/CODEOWNERS", Flavor::Github),
            (
                "codeowners/opentelemetry-collector/.github/CODEOWNERS",
                Flavor::Github,
            ),
            (
                "codeowners/gitlab-sections/.gitlab/CODEOWNERS",
                Flavor::Gitlab,
            ),
        ] {
            let full = format!("/work/shared/corpus/{path}");
            let Ok(text) = std::fs::read_to_string(&full) else {
                continue; // The corpus is not part of the repository.
            };
            let (file, out) = parse_text(&text, flavor);
            assert!(out.is_empty(), "{path}: {out:?}");
            assert!(file.lines.iter().all(|l| !l.skipped));
        }
    }
}
