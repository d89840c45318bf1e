//! Inline suppression comments: `ownlint: ignore[rule-a, rule-b]` in an ownership file hides
//! the findings of those rules that point at the comment's line, or, for a comment that stands
//! on a line of its own, at the line after it.
//!
//! The marker sits in a `#` comment in every dialect that has one (YAML and Chromium OWNERS,
//! OWNERS_ALIASES, CODEOWNERS, `.ownlint.yaml`, Zephyr's `MAINTAINERS.yml`). Linux-style
//! MAINTAINERS files have no comment syntax of their own (`get_maintainer.pl` skips lines that
//! start with `#`, nothing more), so there the marker is accepted anywhere in a line, with or
//! without `#`; the MAINTAINERS parser leaves it out of the line it reads
//! ([`strip_free_text_marker`]).

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::dialect::Dialect;
use crate::source::{SourceFile, Span};

/// The words that start a marker (then optional blanks, then `ignore[`).
const PREFIX: &str = "ownlint:";
const IGNORE: &str = "ignore[";

/// How a file holds a marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// In a `#` comment: the marker counts only after a `#` on its line.
    Hash,
    /// Free text (Linux-style MAINTAINERS): the marker counts anywhere in a line.
    FreeText,
}

impl Syntax {
    /// The syntax of the ownership file at `path`.
    pub fn of(path: &str) -> Syntax {
        match Dialect::of(path, None) {
            Some(dialect) if !dialect.has_hash_comments() => Syntax::FreeText,
            _ => Syntax::Hash,
        }
    }
}

/// One `ownlint: ignore[...]` marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The 1-based line the marker is on.
    pub line: usize,
    /// Nothing but the comment is on the line, so the marker also covers the next line.
    pub own_line: bool,
    /// From `ownlint:` to the closing `]` (or the end of the line when it is missing).
    pub span: Span,
    /// The rule names between the brackets, each with its span.
    pub rules: Vec<(String, Span)>,
    /// Whether the closing `]` is there; an unclosed marker suppresses nothing.
    pub closed: bool,
}

impl Marker {
    /// Whether the marker hides a finding of `rule` on `line`.
    pub fn covers(&self, rule: &str, line: usize) -> bool {
        self.closed
            && (self.line == line || (self.own_line && self.line + 1 == line))
            && self.rules.iter().any(|(name, _)| name == rule)
    }
}

/// Every marker in a file, in file order.
pub fn markers(source: &SourceFile) -> Vec<Marker> {
    let text = source.text.as_str();
    if !text.contains(PREFIX) {
        return Vec::new();
    }
    let syntax = Syntax::of(&source.path);
    let mut found = Vec::new();
    let mut offset = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let base = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let mut from = 0;
        while let Some(at) = line[from..].find(PREFIX).map(|i| from + i) {
            from = at + PREFIX.len();
            if let Some(marker) = marker_at(line, at, base, index + 1, syntax) {
                from = marker.span.end - base;
                found.push(marker);
            }
        }
    }
    found
}

/// Reads the marker whose `ownlint:` starts at byte `at` of `line`, if it is one.
fn marker_at(line: &str, at: usize, base: usize, number: usize, syntax: Syntax) -> Option<Marker> {
    let before = &line[..at];
    if syntax == Syntax::Hash && !before.contains('#') {
        return None;
    }
    let after = &line[at + PREFIX.len()..];
    let rest = after.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix(IGNORE)?;
    let list_start = line.len() - rest.len();
    let (list, closed) = match rest.find(']') {
        Some(end) => (&rest[..end], true),
        None => (rest, false),
    };
    let list_end = list_start + list.len();
    let end = if closed { list_end + 1 } else { line.len() };
    let mut rules = Vec::new();
    let mut start = list_start;
    for part in list.split(',') {
        let name = part.trim();
        if !name.is_empty() {
            let lead = part.len() - part.trim_start().len();
            let s = base + start + lead;
            rules.push((name.to_string(), Span::new(s, s + name.len())));
        }
        start += part.len() + 1;
    }
    Some(Marker {
        line: number,
        own_line: before.trim().chars().all(|c| c == '#'),
        span: Span::new(base + at, base + end),
        rules,
        closed,
    })
}

/// A line of a Linux-style MAINTAINERS file without the marker it holds (and a `#` and blanks
/// just before it), so that the parser reads `S: Orphan  ownlint: ignore[...]` as `S: Orphan`
/// and skips a line that holds only a marker.
pub fn strip_free_text_marker(line: &str) -> &str {
    // Called for every line of every version of a MAINTAINERS file a history reads: one
    // searcher built once, not one per line.
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(PREFIX));
    let mut from = 0;
    while let Some(at) = FINDER.find(&line.as_bytes()[from..]).map(|i| from + i) {
        if marker_at(line, at, 0, 0, Syntax::FreeText).is_some() {
            return line[..at].trim_end().trim_end_matches('#').trim_end();
        }
        from = at + PREFIX.len();
    }
    line
}

/// The markers of a set of ownership files, by path.
#[derive(Debug, Default)]
pub struct Suppressions<'a> {
    files: BTreeMap<&'a str, (&'a SourceFile, Vec<Marker>)>,
}

impl<'a> Suppressions<'a> {
    /// Reads the markers of these files.
    pub fn collect(sources: impl IntoIterator<Item = &'a SourceFile>) -> Self {
        let files = sources
            .into_iter()
            .filter_map(|source| {
                let found = markers(source);
                (!found.is_empty()).then_some((source.path.as_str(), (source, found)))
            })
            .collect();
        Suppressions { files }
    }

    /// Whether a marker hides this finding.
    pub fn hides(&self, diagnostic: &Diagnostic) -> bool {
        self.line_of(diagnostic)
            .is_some_and(|(found, line)| found.iter().any(|m| m.covers(diagnostic.rule, line)))
    }

    /// The markers of the finding's file and the line the finding points at.
    fn line_of(&self, diagnostic: &Diagnostic) -> Option<(&[Marker], usize)> {
        let (file, span) = (diagnostic.file.as_deref()?, diagnostic.span?);
        let (source, found) = self.files.get(file)?;
        Some((found, source.line_of(span.start)))
    }

    /// Splits findings into those no marker hides and those a marker hides.
    pub fn split(&self, diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        if self.files.is_empty() {
            return (diagnostics, Vec::new());
        }
        diagnostics.into_iter().partition(|d| !self.hides(d))
    }

    /// Each rule name of each closed marker that hides none of `hidden`: its file, marker and
    /// name with its span.
    pub fn unused(&self, hidden: &[Diagnostic]) -> Vec<(&'a str, &Marker, &(String, Span))> {
        let used: Vec<(&str, usize, &str)> = hidden
            .iter()
            .filter_map(|d| {
                let (_, line) = self.line_of(d)?;
                Some((d.file.as_deref()?, line, d.rule))
            })
            .collect();
        let mut unused = Vec::new();
        for (path, (_, found)) in &self.files {
            for marker in found.iter().filter(|m| m.closed) {
                for name in &marker.rules {
                    let hides_one = used.iter().any(|(file, line, rule)| {
                        file == path && rule == &name.0 && marker.covers(rule, *line)
                    });
                    if !hides_one {
                        unused.push((*path, marker, name));
                    }
                }
            }
        }
        unused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn reads_markers_in_comments_with_spans() {
        let text = "approvers:\n  # ownlint: ignore[stale-owner, unknown-owner]\n  - alice  #ownlint:ignore[x]\n";
        let source = SourceFile::new("a/OWNERS", text);
        let found = markers(&source);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].line, 2);
        assert!(found[0].own_line && found[0].closed);
        let names: Vec<&str> = found[0].rules.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["stale-owner", "unknown-owner"]);
        assert_eq!(slice(text, found[0].rules[1].1), "unknown-owner");
        assert_eq!(
            slice(text, found[0].span),
            "ownlint: ignore[stale-owner, unknown-owner]"
        );
        assert_eq!(found[1].line, 3);
        assert!(!found[1].own_line);
        assert_eq!(slice(text, found[1].rules[0].1), "x");
    }

    #[test]
    fn hash_files_need_a_comment_maintainers_do_not() {
        let text = "approvers: [\"ownlint: ignore[a]\"]\n";
        assert!(markers(&SourceFile::new("OWNERS", text)).is_empty());
        let text = "FOO\nownlint: ignore[maintainers-status]\nS:\tOrphan ownlint: ignore[b]\n";
        let found = markers(&SourceFile::new("MAINTAINERS", text));
        assert_eq!(found.len(), 2);
        assert!(found[0].own_line);
        assert!(!found[1].own_line);
    }

    #[test]
    fn covers_its_line_and_the_next_only_when_alone() {
        let source = SourceFile::new(
            "CODEOWNERS",
            "# ownlint: ignore[a]\n* @x # ownlint: ignore[b]\n/y @z\n# ownlint: ignore[c\n",
        );
        let found = markers(&source);
        assert!(found[0].covers("a", 1) && found[0].covers("a", 2));
        assert!(!found[0].covers("b", 2) && !found[0].covers("a", 3));
        assert!(found[1].covers("b", 2) && !found[1].covers("b", 3));
        assert!(!found[2].closed && !found[2].covers("c", 4));
    }

    #[test]
    fn strips_free_text_markers() {
        assert_eq!(
            strip_free_text_marker("S:\tOrphan  # ownlint: ignore[x]"),
            "S:\tOrphan"
        );
        assert_eq!(strip_free_text_marker("ownlint: ignore[x]"), "");
        assert_eq!(
            strip_free_text_marker("F:\tdocs/ownlint:"),
            "F:\tdocs/ownlint:"
        );
    }

    #[test]
    fn hides_only_named_rules_on_covered_lines() {
        let source = SourceFile::new(
            "OWNERS",
            "approvers:\n  # ownlint: ignore[r]\n  - a\n  - b\n",
        );
        let suppressions = Suppressions::collect([&source]);
        let at = |rule: &'static str, offset: usize| {
            Diagnostic::new(rule, "m").at("OWNERS", Span::new(offset, offset + 1))
        };
        let text = source.text.as_str();
        let a = text.find("- a").unwrap();
        let b = text.find("- b").unwrap();
        let (kept, hidden) = suppressions.split(vec![at("r", a), at("other", a), at("r", b)]);
        assert_eq!(hidden.len(), 1);
        assert_eq!(kept.len(), 2);
        assert!(suppressions.unused(&hidden).is_empty());
        assert_eq!(suppressions.unused(&[]).len(), 1);
        assert!(!suppressions.hides(&Diagnostic::new("r", "no span").in_file("OWNERS")));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_stay_in_the_text(
            text in "(\\PC|\n|\r|#| |ownlint:|ignore\\[|\\]|,|é){0,40}",
            maintainers in proptest::bool::ANY,
        ) {
            let path = if maintainers { "MAINTAINERS" } else { "OWNERS" };
            let source = SourceFile::new(path, text.clone());
            for marker in markers(&source) {
                let _ = &text[marker.span.start..marker.span.end];
                for (name, span) in &marker.rules {
                    proptest::prop_assert_eq!(&text[span.start..span.end], name.as_str());
                }
            }
            for line in text.lines() {
                let kept = strip_free_text_marker(line);
                proptest::prop_assert!(line.starts_with(kept));
            }
        }
    }
}
