//! Every output format of `check`, snapshotted from one shared set of diagnostics (as ruff's
//! `message/*` emitters are): [`shared_diagnostics`] covers each severity, findings with and
//! without a span or a file, a span over several lines, owners, areas, history evidence, help,
//! two findings told apart only by their instance, a hostile string (control characters, a
//! forged GitHub workflow command, Markdown and HTML metacharacters) and a non-ASCII path.
//!
//! A change to a renderer shows here as a snapshot diff in every format at once; the
//! assertions beside the snapshots say what must hold whatever the snapshot (hostile text
//! escaped, SARIF valid against the official schema, JSON that reads back).
//! After an intended change, `INSTA_UPDATE=always` (or `cargo insta review`) rewrites the
//! snapshots under `snapshots/emitters/`; read the diff before committing it.

use ownlint::diagnostics::{Diagnostic, Evidence, Severity};
use ownlint::render::markdown::{Approval, ChangeSummary};
use ownlint::render::{self, Sources, Totals, human};
use ownlint::source::{SourceFile, Span};
use serde_json::Value;

/// A message an attacker could make a rule print: an ANSI escape, a bell, a carriage return,
/// a line break that forges a GitHub workflow command, Markdown table and emphasis
/// characters, a backtick run and HTML.
const HOSTILE: &str = "name\u{1b}[31mred\u{7}\r\n::error file=x::forged | *bold* _x_ \
                       ``` <script>alert(1)</script> [link](javascript:alert(1)) &amp; %0A";

/// The ownership files the shared diagnostics point into.
fn shared_sources() -> Vec<SourceFile> {
    vec![
        SourceFile::new(
            "OWNERS",
            "approvers:\n  - alice\n  - bob\nreviewrs: [carol]\n",
        ),
        SourceFile::new(".github/CODEOWNERS", "/docs/ @alice\n*.[ch] @bob\n"),
        SourceFile::new("docs/指南/OWNERS", "approvers: [zoë]\n"),
    ]
}

/// The one set of diagnostics every renderer is fed, severities already applied (as
/// `rules::finish` leaves them).
fn shared_diagnostics() -> Vec<Diagnostic> {
    let owners_text = "approvers:\n  - alice\n  - bob\nreviewrs: [carol]\n";
    let at = |needle: &str| {
        let start = owners_text.find(needle).expect("in OWNERS");
        Span::new(start, start + needle.len())
    };
    let with = |d: Diagnostic, severity| Diagnostic { severity, ..d };
    vec![
        // An error with a span, a label and help.
        with(
            Diagnostic::new("unknown-field", "unknown field `reviewrs`")
                .at("OWNERS", at("reviewrs"))
                .label("not a field of OWNERS")
                .help("did you mean `reviewers`?"),
            Severity::Error,
        ),
        // A warning whose span covers two lines, about an owner, with history evidence.
        with(
            Diagnostic::new(
                "stale-owner",
                "bob is a stale approver: last seen 2023-01-10 (415 days ago)",
            )
            .at("OWNERS", Span::new(at("alice").start, at("bob").end))
            .label("declared here")
            .owner("bob")
            .area(".")
            .evidence(Evidence {
                last_seen: Some("2023-01-10".into()),
                commits: Some(3),
                share: Some(0.25),
            })
            .help("move bob to `emeritus_approvers`"),
            Severity::Warning,
        ),
        // Info, about a directory: a file but no span.
        with(
            Diagnostic::new("unowned-path", "no owner for 2 files")
                .in_file("tools/")
                .milder(),
            Severity::Info,
        ),
        // No file at all: a finding about the repository.
        with(
            Diagnostic::new(
                "history-incomplete",
                "history starts 2023-01-10, after the window",
            ),
            Severity::Warning,
        ),
        // Two findings of one rule at one place, told apart by their instance.
        with(
            Diagnostic::new(
                "handover-missing",
                "area `.` changed hands without a handover",
            )
            .in_file("OWNERS")
            .area(".")
            .instance("1111111"),
            Severity::Warning,
        ),
        with(
            Diagnostic::new(
                "handover-missing",
                "area `.` changed hands without a handover",
            )
            .in_file("OWNERS")
            .area(".")
            .instance("2222222"),
            Severity::Warning,
        ),
        // Hostile text everywhere it can go, in a CODEOWNERS line.
        with(
            Diagnostic::new("unsupported-syntax", HOSTILE)
                .at(".github/CODEOWNERS", Span::new(14, 20))
                .label(HOSTILE)
                .owner(HOSTILE)
                .help(HOSTILE),
            Severity::Error,
        ),
        // A non-ASCII path and owner, with a span after non-ASCII text.
        with(
            Diagnostic::new("unmapped-owner", "zoë never appears in the history")
                .at("docs/指南/OWNERS", Span::new(12, 16))
                .owner("zoë")
                .area("docs/指南"),
            Severity::Info,
        ),
    ]
}

fn shared_totals() -> Totals {
    Totals {
        files: 12,
        ownership_files: 3,
        excluded: 1,
        baselined: 2,
        suppressed: 1,
    }
}

/// Renders the shared set in one format.
fn rendered(format: &str) -> String {
    let files = shared_sources();
    let sources: Sources = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let diagnostics = shared_diagnostics();
    let totals = shared_totals();
    match format {
        "human" => human::render(
            &diagnostics,
            &sources,
            &totals,
            human::Style {
                color: false,
                width: 100,
            },
        ),
        "json" => render::json::render(&diagnostics, &sources, &totals),
        "sarif" => render::sarif::render(&diagnostics, &sources, &totals),
        "github" => render::github::render(&diagnostics, &sources, &totals),
        "gitlab" => render::gitlab::render(&diagnostics, &sources, &totals),
        "markdown" => render::markdown::render(&diagnostics, &sources, &totals, None),
        "markdown-change" => {
            let change = ChangeSummary {
                base: "origin/main".into(),
                changed: 3,
                approvals: vec![
                    Approval {
                        areas: vec!["OWNERS".into()],
                        approvers: vec!["alice".into(), HOSTILE.into()],
                        optional: vec![],
                        files: vec!["README.md".into(), "docs/指南/index.md".into()],
                    },
                    Approval {
                        areas: vec![],
                        approvers: vec![],
                        optional: vec!["bob".into()],
                        files: vec!["tools/x.sh".into()],
                    },
                ],
            };
            render::markdown::render(&diagnostics, &sources, &totals, Some(&change))
        }
        other => panic!("no format {other}"),
    }
}

/// Snapshots `text` as `emitters/<name>.snap`, under the same name wherever the module lives.
fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "snapshots/emitters",
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

/// No output lets a raw control character of the hostile string through.
fn assert_no_raw_controls(format: &str, text: &str) {
    let raw: Vec<char> = text
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || c == '\u{7}')
        .collect();
    assert!(raw.is_empty(), "--format {format} prints {raw:?}:\n{text}");
}

/// Markdown text with its code spans (a run of backticks up to the next run of the same
/// length, as CommonMark reads them) taken out.
fn without_code_spans(markdown: &str) -> String {
    let chars: Vec<char> = markdown.chars().collect();
    let run_at = |i: usize| chars[i..].iter().take_while(|&&c| c == '`').count();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let n = run_at(i);
        let mut j = i + n;
        let close = loop {
            if j >= chars.len() {
                break None;
            }
            if chars[j] == '`' {
                let m = run_at(j);
                if m == n {
                    break Some(j + m);
                }
                j += m;
            } else {
                j += 1;
            }
        };
        match close {
            Some(end) => i = end,
            None => {
                out.extend(&chars[i..i + n]);
                i += n;
            }
        }
    }
    out
}

#[test]
fn code_spans_are_told_from_prose() {
    assert_eq!(without_code_spans("a `b` c"), "a  c");
    assert_eq!(without_code_spans("a `` b`c `` d"), "a  d");
    assert_eq!(without_code_spans("a ` b"), "a ` b");
    assert_eq!(without_code_spans("<x> ``` `<y>`"), "<x> ``` ");
}

#[test]
fn human_output() {
    let text = rendered("human");
    assert_no_raw_controls("human", &text);
    assert!(!text.contains("\n::error"), "{text}");
    snapshot("human", &text);
}

#[test]
fn json_output() {
    let text = rendered("json");
    assert_no_raw_controls("json", &text);
    let report: Value = serde_json::from_str(&text).expect("JSON");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), shared_diagnostics().len());
    // The hostile message reads back exactly: JSON's escapes lose nothing.
    assert!(
        diagnostics.iter().any(|d| d["message"] == HOSTILE),
        "{text}"
    );
    snapshot("json", &text);
}

#[test]
fn sarif_output() {
    let text = rendered("sarif");
    assert_no_raw_controls("sarif", &text);
    let log: Value = serde_json::from_str(&text).expect("JSON");
    let path = crate::support::manifest_dir().join("tests/schemas/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), shared_diagnostics().len());
    // The two findings told apart by their instance keep distinct fingerprints.
    let fingerprints: std::collections::BTreeSet<String> = results
        .iter()
        .map(|r| r["partialFingerprints"].to_string())
        .collect();
    assert_eq!(fingerprints.len(), results.len(), "{text}");
    // The rules' descriptors are the registry's, not part of this snapshot's subject: the
    // results are snapshotted, and the descriptors counted.
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), ownlint::rules::REGISTRY.len());
    let results = serde_json::to_string_pretty(results).unwrap();
    snapshot("sarif-results", &results);
}

#[test]
fn github_output() {
    let text = rendered("github");
    assert_no_raw_controls("github", &text);
    // One workflow command per line: nothing the hostile text holds starts another.
    for line in text.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice ")
                || !line.starts_with("::"),
            "{line}"
        );
    }
    assert!(!text.contains("\n::error file=x::"), "{text}");
    snapshot("github", &text);
}

#[test]
fn gitlab_output() {
    let text = rendered("gitlab");
    assert_no_raw_controls("gitlab", &text);
    let issues: Value = serde_json::from_str(&text).expect("JSON");
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), shared_diagnostics().len());
    let fingerprints: std::collections::BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), issues.len(), "{text}");
    snapshot("gitlab", &text);
}

#[test]
fn markdown_output() {
    for name in ["markdown", "markdown-change"] {
        let text = rendered(name);
        assert_no_raw_controls(name, &text);
        // Outside code spans (where Markdown shows text as it is), nothing is markup.
        let prose = without_code_spans(&text);
        assert!(!prose.contains("<script>"), "{prose}");
        assert!(!prose.contains("](javascript:"), "{prose}");
        assert!(!prose.contains("*bold*"), "{prose}");
        snapshot(name, &text);
    }
}

/// Every format `check --format` accepts has a snapshot here: a new emitter without one fails.
#[test]
fn every_check_format_is_snapshotted() {
    use clap::ValueEnum;
    let repo = crate::support::TestRepo::with(&[("OWNERS", "approvers: [alice]\n")]);
    let mut accepted = Vec::new();
    for format in ownlint::cli::Format::value_variants() {
        let name = format.to_possible_value().unwrap().get_name().to_string();
        let run = crate::harness::ownlint_in(repo.path(), &["check", "--format", &name]);
        if run.code != 2 {
            accepted.push(name);
        } else {
            assert!(run.stderr.contains("--format"), "{name}: {run:?}");
        }
    }
    accepted.sort();
    let mut snapshotted = ["human", "json", "sarif", "github", "gitlab", "markdown"];
    snapshotted.sort();
    assert_eq!(accepted, snapshotted);
}
