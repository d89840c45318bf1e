//! A finding's identity across edits: what the baseline matches on and what SARIF's
//! `partialFingerprints` and GitLab's `fingerprint` carry, so that code scanning and
//! `--baseline` track the same finding after unrelated lines are added or removed above it.
//!
//! The identity is the rule, the file, the owner and the area, and the whitespace-normalised
//! text of the line the finding points at. It never includes a line number, a date or a count:
//! those move when nothing about the finding changed.
//!
//! Several findings can share an identity (two changes of hands of one area, each without a
//! handover). The baseline counts them as a multiset; code scanning and GitLab would merge
//! them into one alert, so those formats carry [`distinct`] fingerprints: one per finding,
//! none shared within a run, the same from run to run.

use std::collections::{HashMap, HashSet};

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

/// One fingerprint per finding of a run (in the order given), no two alike, for the formats
/// whose consumers merge findings that share a fingerprint.
///
/// A finding's fingerprint is [`fingerprint`] of its identity, extended with its
/// [`Diagnostic::instance`] when the rule set one (what tells its findings at one place apart,
/// such as a change's commit: stable whatever else the run finds). Findings that still share
/// one are numbered in the order given (the report's stable order): the first keeps it, the
/// n-th gets the hash of it and `n`. A hash that collides with one already given is rehashed
/// until it is free, so the fingerprints of a run are unique whatever the input.
pub fn distinct(diagnostics: &[Diagnostic], sources: &Sources) -> Vec<String> {
    let keys: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            let mut key = identity(d, sources);
            if let Some(instance) = &d.instance {
                key.push('\0');
                key.push_str(instance);
            }
            key
        })
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut given: HashSet<u64> = HashSet::with_capacity(keys.len());
    keys.iter()
        .map(|key| {
            let n = seen.entry(key.as_str()).or_insert(0);
            *n += 1;
            let mut hash = if *n == 1 {
                fnv1a(key.as_bytes())
            } else {
                fnv1a(format!("{key}\0#{n}").as_bytes())
            };
            while !given.insert(hash) {
                hash = fnv1a(&hash.to_le_bytes());
            }
            format!("{hash:016x}")
        })
        .collect()
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
    fn distinct_fingerprints_are_unique_and_keep_the_plain_one_where_unshared() {
        let src: &'static SourceFile = Box::leak(Box::new(SourceFile::new("OWNERS", "x\n")));
        let sources: Sources = [(src.path.as_str(), src)].into_iter().collect();
        let a = finding("OWNERS", 0);
        let mut b = a.clone();
        b.owner = Some("bob".into());
        // Two changes of one area: the same identity, told apart by their commits.
        let first = a.clone().instance("1111");
        let second = a.clone().instance("2222");
        let all = vec![
            b.clone(),
            first.clone(),
            second.clone(),
            a.clone(),
            a.clone(),
            a.clone(),
        ];
        let prints = distinct(&all, &sources);
        let unique: HashSet<&String> = prints.iter().collect();
        assert_eq!(unique.len(), all.len(), "{prints:?}");
        assert!(prints.iter().all(|p| p.len() == 16));
        // A finding nothing else shares keeps its plain fingerprint (as the baseline has it),
        // and the first of identical ones too.
        assert_eq!(prints[0], fingerprint(&b, &sources));
        assert_eq!(prints[3], fingerprint(&a, &sources));
        // An instance's fingerprint does not depend on what else the run holds or its order.
        let alone = distinct(std::slice::from_ref(&second), &sources);
        assert_eq!(alone[0], prints[2]);
        let reversed = distinct(&[second, first], &sources);
        assert_eq!(reversed, [prints[2].clone(), prints[1].clone()]);
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
