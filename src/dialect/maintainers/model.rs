//! The model of a maintainers file (MAINTAINERS, and Zephyr's `MAINTAINERS.yml`): its sections,
//! their people, status and patterns.

use crate::dialect::Dialect;
use crate::source::Span;

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
