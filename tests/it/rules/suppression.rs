//! Inline `ownlint: ignore[...]` comments in every dialect and in the configuration, with and
//! without history, and the two rules about them: `unknown-suppression` (a marker naming no
//! rule) and `unused-suppression` (a marker that hides nothing).

use crate::baseline::{
    BASELINE, check, found, lines_of, outside, read_json, summary, write_baseline,
};
use crate::support::{Output, TestRepo};

#[test]
fn yaml_owners_suppression_on_the_line_and_the_line_before() {
    let plain = TestRepo::with(&[("a/OWNERS", "approver:\n  - alice\n"), ("a/x.rs", "x\n")]);
    assert_eq!(lines_of(&check(&plain, &[]), "unknown-field"), [1]);

    let repo = TestRepo::with(&[
        (
            "a/OWNERS",
            "approver: # ownlint: ignore[unknown-field]\n  - alice\n",
        ),
        ("a/x.rs", "x\n"),
        (
            "b/OWNERS",
            "# ownlint: ignore[unknown-field]\napprover:\n  - bob\n",
        ),
        ("b/x.rs", "x\n"),
        // The comment names other rules: it hides nothing here.
        (
            "c/OWNERS",
            "approver: # ownlint: ignore[stale-owner, unowned-path]\n  - carol\n",
        ),
        ("c/x.rs", "x\n"),
        // Two lines above is too far.
        (
            "d/OWNERS",
            "# ownlint: ignore[unknown-field]\n\napprover:\n  - dan\n",
        ),
        ("d/x.rs", "x\n"),
        // A marker trailing another entry does not reach the next line.
        (
            "e/OWNERS",
            "owner: eve # ownlint: ignore[unknown-field]\napprover:\n  - eve\n",
        ),
        ("e/x.rs", "x\n"),
    ]);
    let out = check(&repo, &[]);
    assert_eq!(
        out.files("unknown-field"),
        ["c/OWNERS", "d/OWNERS", "e/OWNERS"],
        "{}",
        out.stdout
    );
    assert_eq!(summary(&out, "suppressed"), 2);
    assert!(out.of("unknown-suppression").is_empty());
    let human = repo.ownlint(&["check", "--no-history"]);
    assert!(
        human.stdout.contains("hidden: 2 by ignore comments"),
        "{}",
        human.stdout
    );
}

#[test]
fn codeowners_suppression() {
    let repo = TestRepo::with(&[
        (
            ".github/CODEOWNERS",
            "* @org/all\n\
             /gone-a/ @x # ownlint: ignore[pattern-matches-nothing]\n\
             # ownlint: ignore[pattern-matches-nothing]\n\
             /gone-b/ @x\n\
             # ownlint: ignore[duplicate-pattern]\n\
             /gone-c/ @x\n",
        ),
        ("a.rs", "a\n"),
    ]);
    let out = check(&repo, &[]);
    assert_eq!(
        lines_of(&out, "pattern-matches-nothing"),
        [6],
        "{}",
        out.stdout
    );
    assert_eq!(summary(&out, "suppressed"), 2);
    // The marker naming duplicate-pattern hides nothing: no line repeats a pattern.
    assert_eq!(lines_of(&out, "unused-suppression"), [5]);
}

#[test]
fn chromium_owners_suppression() {
    let repo = TestRepo::with(&[
        (
            "docs/OWNERS",
            "a@example.org\n\
             per-file gone-a*=b@example.org  # ownlint: ignore[pattern-matches-nothing]\n\
             # ownlint: ignore[pattern-matches-nothing]\n\
             per-file gone-b*=b@example.org\n\
             per-file gone-c*=b@example.org  # ownlint: ignore[parse-error]\n",
        ),
        ("docs/x.md", "x\n"),
    ]);
    let out = check(&repo, &[]);
    assert_eq!(
        lines_of(&out, "pattern-matches-nothing"),
        [5],
        "{}",
        out.stdout
    );
    assert_eq!(summary(&out, "suppressed"), 2);
    assert!(out.of("parse-error").is_empty(), "{}", out.stdout);
}

#[test]
fn maintainers_suppression_as_free_text_or_comment() {
    let repo = TestRepo::with(&[
        (
            "MAINTAINERS",
            "ALPHA\n\
             M:\tA <a@example.org>\n\
             S:\tMaintained\n\
             F:\tgone-a/ ownlint: ignore[pattern-matches-nothing]\n\
             ownlint: ignore[pattern-matches-nothing]\n\
             F:\tgone-b/\n\
             # ownlint: ignore[pattern-matches-nothing]\n\
             F:\tgone-c/\n\
             F:\tgone-d/\n\
             F:\tsrc/\n\
             \n\
             ownlint: ignore[maintainers-section]\n\
             BETA\n\
             M:\tB <b@example.org>\n\
             S:\tMaintained\n\
             F:\tgone-e/  # ownlint: ignore[unowned-path]\n",
        ),
        ("src/a.c", "a\n"),
    ]);
    let out = check(&repo, &[]);
    assert_eq!(
        lines_of(&out, "pattern-matches-nothing"),
        [9, 16],
        "{}",
        out.stdout
    );
    assert_eq!(summary(&out, "suppressed"), 3);
    // The marker lines are not section titles or stray text, and the value keeps no marker.
    assert!(out.of("parse-error").is_empty(), "{}", out.stdout);
    let messages: Vec<String> = out
        .of("pattern-matches-nothing")
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        messages[1].contains("`gone-e/`") && messages[1].contains("`BETA`"),
        "{messages:?}"
    );
}

#[test]
fn config_file_suppression() {
    let repo = TestRepo::with(&[
        (
            ".ownlint.yaml",
            "# ownlint: ignore[unknown-field]\nhistroy:\n  since: 30d\n",
        ),
        ("OWNERS", "owner: alice\napprovers:\n  - alice\n"),
        ("a.rs", "a\n"),
    ]);
    let out = check(&repo, &[]);
    assert!(out.of("unknown-field").is_empty(), "{}", out.stdout);
    assert_eq!(summary(&out, "suppressed"), 1);
}

#[test]
fn suppressed_findings_are_not_recorded_in_a_baseline() {
    let repo = TestRepo::with(&[
        (
            "a/OWNERS",
            "approver: # ownlint: ignore[unknown-field]\n  - alice\n",
        ),
        ("a/x.rs", "x\n"),
    ]);
    write_baseline(&repo, BASELINE);
    let recorded = read_json(&repo, BASELINE);
    assert!(
        recorded["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["rule"] != "unknown-field"),
        "{recorded}"
    );
}

#[test]
fn a_marker_naming_an_unknown_rule_is_reported() {
    let text = "approvers:\n  - alice # ownlint: ignore[missing-accountable-ownr, nonsense-rule-name]\n# ownlint: ignore[unknown-field\n";
    let repo = TestRepo::with(&[("a/OWNERS", text), ("a/x.rs", "x\n")]);
    let out = check(&repo, &[]);
    let unknown = out.of("unknown-suppression");
    assert_eq!(unknown.len(), 3, "{}", out.stdout);
    let typo = &unknown[0];
    assert_eq!(typo["severity"], "warning");
    assert_eq!(typo["file"], "a/OWNERS");
    assert_eq!(typo["line"], 2);
    let column = text
        .lines()
        .nth(1)
        .unwrap()
        .find("missing-accountable-ownr")
        .unwrap()
        + 1;
    assert_eq!(typo["column"].as_u64(), Some(column as u64));
    assert_eq!(typo["help"], "write `missing-accountable-owner`");
    assert!(
        unknown[1]["message"]
            .as_str()
            .unwrap()
            .contains("`nonsense-rule-name` is not a rule")
    );
    assert_eq!(unknown[1]["help"], "`ownlint rules` lists the rule names");
    assert_eq!(unknown[2]["line"], 3);
    assert!(
        unknown[2]["message"]
            .as_str()
            .unwrap()
            .contains("closing `]`")
    );
    // The misspelt name hides nothing.
    assert_eq!(lines_of(&out, "missing-accountable-owner"), [2]);
    assert_eq!(summary(&out, "suppressed"), 0);

    // Human output draws the name and suggests the rule.
    let human = repo.ownlint(&["check", "--no-history"]);
    assert!(
        human
            .stdout
            .contains("did you mean `missing-accountable-owner`?"),
        "{}",
        human.stdout
    );
    // Correctly named markers are not reported.
    let fine = TestRepo::with(&[
        (
            "a/OWNERS",
            "approvers:\n  - alice # ownlint: ignore[missing-accountable-owner]\n",
        ),
        ("a/x.rs", "x\n"),
    ]);
    let out = check(&fine, &[]);
    assert!(
        found(&out)
            .iter()
            .all(|(r, _)| r != "unknown-suppression" && r != "missing-accountable-owner"),
        "{}",
        out.stdout
    );
}

/// Two years of history: alice active throughout, bob gone since 2024-08-01.
fn with_history(owners: &str) -> TestRepo {
    const ALICE: (&str, &str) = ("Alice", "alice@example.com");
    const BOB: (&str, &str) = ("Bob", "bob@example.com");
    let repo = TestRepo::new();
    repo.write("OWNERS", owners);
    repo.commit_by(ALICE.0, ALICE.1, "2023-06-01", "start");
    repo.change("src/a.rs", BOB, "2024-08-01");
    repo.change("src/b.rs", ALICE, "2025-05-20");
    repo
}

fn check_history(repo: &TestRepo, as_of: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        as_of,
    ];
    args.extend_from_slice(extra);
    let out = repo.ownlint(&args);
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    out
}

#[test]
fn history_findings_are_suppressed_and_baselined_too() {
    let plain = with_history("owner: alice\napprovers:\n  - alice\n  - bob\ncover:\n  - bob\n");
    let out = check_history(&plain, "2025-06-01", &[]);
    assert_eq!(lines_of(&out, "stale-owner"), [4, 6], "{}", out.stdout);

    let repo = with_history(
        "owner: alice\napprovers:\n  - alice\n  # ownlint: ignore[stale-owner]\n  - bob\n\
         cover:\n  - bob  # ownlint: ignore[stale-owner]\n",
    );
    let out = check_history(&repo, "2025-06-01", &[]);
    assert!(out.of("stale-owner").is_empty(), "{}", out.stdout);
    assert_eq!(summary(&out, "suppressed"), 2);

    // A stale-owner finding's message changes with the date it is judged at ("303 days"); the
    // baseline matches its identity, not its message.
    let (_dir, baseline) = outside();
    let out = plain.ownlint(&[
        "check",
        "--as-of",
        "2025-06-01",
        "--write-baseline",
        &baseline,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let later = check_history(&plain, "2025-07-01", &["--baseline", &baseline]);
    assert!(later.diagnostics().is_empty(), "{}", later.stdout);
    let recorded = read_json(&plain, &baseline)["findings"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(summary(&later, "baselined"), recorded as u64);
    assert!(recorded >= 2, "both stale-owner findings are recorded");
}

#[test]
fn a_suppression_that_hides_nothing_is_reported() {
    let text = "* @org/all\n\
                # ownlint: ignore[pattern-matches-nothing]\n\
                /docs/ @org/writers\n\
                /gone/ @x # ownlint: ignore[pattern-matches-nothing, duplicate-pattern]\n\
                /src/ @x # ownlint: ignore[stale-owner, review-overdue, handover-missing]\n";
    let repo = TestRepo::with(&[
        ("CODEOWNERS", text),
        ("docs/a.md", "a\n"),
        ("src/a.rs", "a\n"),
    ]);
    let out = check(&repo, &[]);
    let unused = out.of("unused-suppression");
    assert_eq!(unused.len(), 2, "{}", out.stdout);
    assert_eq!(unused[0]["severity"], "info");
    assert_eq!(unused[0]["line"], 2);
    assert_eq!(
        unused[0]["column"].as_u64(),
        Some(
            text.lines()
                .nth(1)
                .unwrap()
                .find("pattern-matches-nothing")
                .unwrap() as u64
                + 1
        )
    );
    assert!(
        unused[0]["message"]
            .as_str()
            .unwrap()
            .contains("no `pattern-matches-nothing` finding on this line or the next"),
        "{unused:?}"
    );
    assert_eq!(unused[0]["help"], "remove the comment");
    // Of two names, the one that hides something is used.
    assert_eq!(unused[1]["line"], 4);
    assert_eq!(
        unused[1]["help"],
        "remove `duplicate-pattern` from the comment"
    );
    assert_eq!(summary(&out, "suppressed"), 1);
    // Rules that depend on history, the date or the change are never judged (line 5), with
    // or without history.
    let with_history = repo.ownlint(&["check", "--format", "json", "--fail-on", "never"]);
    assert_eq!(
        with_history.of("unused-suppression").len(),
        2,
        "{}",
        with_history.stdout
    );

    // Limited to PATHs, nothing is judged; a rule that is off is not judged either.
    assert!(check(&repo, &["docs"]).of("unused-suppression").is_empty());
    repo.write(".ownlint.yaml", "rules:\n  pattern-matches-nothing: off\n");
    repo.commit("pattern-matches-nothing off");
    let out = check(&repo, &[]);
    let lines: Vec<u64> = lines_of(&out, "unused-suppression");
    assert_eq!(
        lines,
        [4],
        "only duplicate-pattern is judged now: {}",
        out.stdout
    );
}
