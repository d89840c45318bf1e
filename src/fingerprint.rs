//! A finding's identity across edits: what the baseline matches on and what SARIF's
//! `partialFingerprints` carry, so that code scanning and `--baseline` track the same finding
//! after unrelated lines are added or removed above it.
//!
//! The identity is the rule, the file, the owner and the area, and the whitespace-normalised
//! text of the line the finding points at. It never includes a line number, a date or a count:
//! those move when nothing about the finding changed.

use crate::diagnostics::Diagnostic;
use crate::render::Sources;

/// The parts that identify a finding, joined by NUL (which none of them contain).
pub fn identity(diagnostic: &Diagnostic, sources: &Sources) -> String {
    let subject = subject_line(diagnostic, sources).unwrap_or_default();
    [
        diagnostic.rule,
        diagnostic.file.as_deref().unwrap_or(""),
        diagnostic.owner.as_deref().unwrap_or(""),
        diagnostic.area.as_deref().unwrap_or(""),
        &subject,
    ]
    .join("\0")
}

/// A stable 64-bit hash of [`identity`] as 16 hex digits (FNV-1a: the same on every platform
/// and every Rust release, unlike the standard library's hasher).
pub fn fingerprint(diagnostic: &Diagnostic, sources: &Sources) -> String {
    format!("{:016x}", fnv1a(identity(diagnostic, sources).as_bytes()))
}

/// The line the finding's span starts on, with runs of whitespace collapsed to one space.
fn subject_line(diagnostic: &Diagnostic, sources: &Sources) -> Option<String> {
    let span = diagnostic.span?;
    let source = sources.get(diagnostic.file.as_deref()?)?;
    let text = source.text.as_str();
    let start = span.start.min(text.len());
    let line_start = text[..floor_boundary(text, start)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    Some(
        text[line_start..line_end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};

    fn finding(file: &str, start: usize) -> Diagnostic {
        let mut d = Diagnostic::new("stale-owner", "alice was last seen 2025-01-01");
        d.file = Some(file.to_string());
        d.span = Some(Span::new(start, start + 5));
        d.owner = Some("alice".into());
        d
    }

    #[test]
    fn survives_lines_added_above_but_not_a_changed_line() {
        let before = SourceFile::new("OWNERS", "approvers:\n  - alice\n");
        let after = SourceFile::new("OWNERS", "# new comment\n\napprovers:\n  -   alice\n");
        let changed = SourceFile::new("OWNERS", "approvers:\n  - alice # lead\n");
        let sources = |s: &'static SourceFile| -> Sources<'static> {
            [(s.path.as_str(), s)].into_iter().collect()
        };
        let before: &'static SourceFile = Box::leak(Box::new(before));
        let after: &'static SourceFile = Box::leak(Box::new(after));
        let changed: &'static SourceFile = Box::leak(Box::new(changed));
        let a = fingerprint(&finding("OWNERS", 15), &sources(before));
        let b = fingerprint(&finding("OWNERS", 30), &sources(after));
        let c = fingerprint(&finding("OWNERS", 15), &sources(changed));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn owner_and_rule_tell_findings_apart() {
        let src: &'static SourceFile = Box::leak(Box::new(SourceFile::new("OWNERS", "x\n")));
        let sources: Sources = [(src.path.as_str(), src)].into_iter().collect();
        let a = finding("OWNERS", 0);
        let mut b = a.clone();
        b.owner = Some("bob".into());
        let mut c = a.clone();
        c.rule = "absent-from-area";
        let f = |d: &Diagnostic| fingerprint(d, &sources);
        assert_ne!(f(&a), f(&b));
        assert_ne!(f(&a), f(&c));
        // The message (with its date) is not part of the identity.
        let mut d = a.clone();
        d.message = "alice was last seen 2025-02-02".into();
        assert_eq!(f(&a), f(&d));
    }
}
