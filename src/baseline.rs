//! The baseline: today's findings recorded in a file (`check --write-baseline FILE`), so that
//! `check --baseline FILE` reports only findings that are not in it. This is how ownlint is
//! adopted on a repository that already has hundreds of findings: record them, fail only on
//! new ones, and work the recorded ones down.
//!
//! Findings are matched by their identity ([`crate::fingerprint`]): rule, file, owner, area and
//! the text of the line pointed at, never the line number, so lines added above a finding or
//! reformatting elsewhere do not bring it back, while a finding about a new owner or a changed
//! line does show. The baseline is a multiset: two identical findings recorded and three found
//! leaves one reported.
//!
//! The file is versioned JSON, one entry per finding with its rule, file, owner, area,
//! fingerprint and message (the message is for the reader; only the fingerprint is matched),
//! sorted so that it diffs well in review, and written atomically (a temporary file in the same
//! directory, renamed over the old one).

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::fingerprint::fingerprint;
use crate::render::Sources;

/// The version of the baseline file's shape; it changes only with incompatible changes.
pub const BASELINE_VERSION: u32 = 1;

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Version of this file's shape (currently 1).
    pub version: u32,
    /// The recorded findings, sorted by file, rule, owner, area and fingerprint.
    pub findings: Vec<Entry>,
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The finding's identity ([`crate::fingerprint::fingerprint`]): what is matched.
    pub fingerprint: String,
    /// The finding's message when it was recorded, for the reader.
    pub message: String,
}

impl Entry {
    fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.file,
            &self.rule,
            &self.owner,
            &self.area,
            &self.fingerprint,
            &self.message,
        )
    }
}

/// The findings a baseline lets through, and the ones it holds.
#[derive(Debug, Default)]
pub struct Split {
    /// Findings the baseline does not hold: these are reported.
    pub new: Vec<Diagnostic>,
    /// Findings the baseline holds: these are hidden.
    pub known: Vec<Diagnostic>,
}

impl Baseline {
    /// A baseline holding these findings.
    pub fn from_findings(diagnostics: &[Diagnostic], sources: &Sources) -> Baseline {
        let mut findings: Vec<Entry> = diagnostics
            .iter()
            .map(|d| Entry {
                rule: d.rule.to_string(),
                file: d.file.clone(),
                owner: d.owner.clone(),
                area: d.area.clone(),
                fingerprint: fingerprint(d, sources),
                message: d.message.clone(),
            })
            .collect();
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Baseline {
            version: BASELINE_VERSION,
            findings,
        }
    }

    /// Splits findings into those the baseline holds and the others. Each entry holds one
    /// finding: an entry recorded twice hides two identical findings, not a third.
    pub fn split(&self, diagnostics: Vec<Diagnostic>, sources: &Sources) -> Split {
        let mut left: HashMap<&str, usize> = HashMap::new();
        for entry in &self.findings {
            *left.entry(entry.fingerprint.as_str()).or_default() += 1;
        }
        let mut split = Split::default();
        for diagnostic in diagnostics {
            let print = fingerprint(&diagnostic, sources);
            match left.get_mut(print.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    split.known.push(diagnostic);
                }
                _ => split.new.push(diagnostic),
            }
        }
        split
    }

    /// The file's text: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a baseline is JSON");
        text.push('\n');
        text
    }

    /// Reads a baseline from its text; `shown` names the file in errors.
    pub fn parse(text: &str, shown: &str) -> Result<Baseline, Error> {
        #[derive(Deserialize)]
        struct Versioned {
            version: Option<serde_json::Value>,
        }
        let malformed =
            |e: serde_json::Error| Error::Config(format!("{shown}: not an ownlint baseline: {e}"));
        let versioned: Versioned = serde_json::from_str(text).map_err(malformed)?;
        match versioned.version {
            Some(serde_json::Value::Number(n)) if n.as_u64() == Some(BASELINE_VERSION.into()) => {}
            Some(other) => {
                return Err(Error::Config(format!(
                    "{shown}: baseline version {other} is not supported (this ownlint reads \
                     version {BASELINE_VERSION}); write it again with --write-baseline"
                )));
            }
            None => {
                return Err(Error::Config(format!(
                    "{shown}: not an ownlint baseline: it has no `version`"
                )));
            }
        }
        serde_json::from_str(text).map_err(malformed)
    }

    /// Reads the baseline file at `path` (`shown` names it in errors).
    pub fn read(path: &Path, shown: &str) -> Result<Baseline, Error> {
        use crate::bounded_read::{self, Origin};
        let bytes = bounded_read::read(path, Origin::CommandLine, bounded_read::BASELINE).map_err(
            |problem| Error::Io(format!("{shown}: cannot read the baseline: it {problem}")),
        )?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::Config(format!(
                "{shown}: not an ownlint baseline: it is not UTF-8 text"
            ))
        })?;
        Baseline::parse(&text, shown)
    }

    /// Writes the baseline to `path` atomically: a temporary file in the same directory is
    /// written and then renamed over `path`, so a reader never sees half a file.
    pub fn write(&self, path: &Path, shown: &str) -> Result<(), Error> {
        crate::output::replace(path, self.to_json().as_bytes())
            .map_err(|e| Error::Io(format!("{shown}: cannot write the baseline: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};

    fn sources(source: &SourceFile) -> Sources<'_> {
        [(source.path.as_str(), source)].into_iter().collect()
    }

    fn finding(rule: &'static str, owner: &str, start: usize) -> Diagnostic {
        Diagnostic::new(rule, format!("{owner} is gone"))
            .at("OWNERS", Span::new(start, start + 1))
            .owner(owner)
    }

    #[test]
    fn a_multiset_matched_by_identity() {
        let source = SourceFile::new("OWNERS", "approvers:\n  - alice\n  - bob\n");
        let sources = sources(&source);
        let alice = finding("stale-owner", "alice", 15);
        let baseline = Baseline::from_findings(&[alice.clone(), alice.clone()], &sources);
        let split = baseline.split(
            vec![
                alice.clone(),
                alice.clone(),
                alice.clone(),
                finding("stale-owner", "bob", 25),
            ],
            &sources,
        );
        assert_eq!(split.known.len(), 2);
        assert_eq!(split.new.len(), 2);
        assert_eq!(split.new[1].owner.as_deref(), Some("bob"));
    }

    #[test]
    fn entries_are_sorted_and_round_trip() {
        let source = SourceFile::new("OWNERS", "approvers:\n  - alice\n  - bob\n");
        let sources = sources(&source);
        let baseline = Baseline::from_findings(
            &[
                finding("unknown-owner", "bob", 25),
                finding("stale-owner", "bob", 25),
                Diagnostic::new("unowned-path", "src/a has no owner").in_file("src/a"),
            ],
            &sources,
        );
        let rules: Vec<&str> = baseline.findings.iter().map(|e| e.rule.as_str()).collect();
        assert_eq!(rules, ["stale-owner", "unknown-owner", "unowned-path"]);
        let text = baseline.to_json();
        assert!(text.starts_with("{\n  \"version\": 1,\n"));
        assert_eq!(Baseline::parse(&text, "b.json").unwrap(), baseline);
    }

    #[test]
    fn malformed_files_name_the_path() {
        for (text, expected) in [
            ("", "b.json: not an ownlint baseline"),
            ("[1, 2]", "b.json: not an ownlint baseline"),
            ("{\"findings\": []}", "has no `version`"),
            (
                "{\"version\": 7, \"findings\": []}",
                "baseline version 7 is not supported",
            ),
            (
                "{\"version\": 1, \"findings\": [{\"rule\": 3}]}",
                "b.json: not an ownlint",
            ),
            ("{\"version\": 1}", "missing field `findings`"),
        ] {
            let error = Baseline::parse(text, "b.json").unwrap_err().to_string();
            assert!(error.contains(expected), "{text:?}: {error}");
            assert!(error.starts_with("b.json: "), "{error}");
        }
    }
}
