//! Adoption on an existing repository: `check --write-baseline` / `--baseline`, and inline
//! `ownlint: ignore[...]` comments in every dialect, on real repositories with the real binary.

mod support;

use serde_json::Value;
use support::{Output, TestRepo};

const BASELINE: &str = ".ownlint-baseline.json";

/// `check` without history (these rules need none), in JSON, never failing on findings.
fn check(repo: &TestRepo, extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "--no-history",
        "--format",
        "json",
        "--fail-on",
        "never",
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

/// `(rule, line)` of every finding.
fn found(out: &Output) -> Vec<(String, Option<u64>)> {
    out.diagnostics()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["line"].as_u64()))
        .collect()
}

fn lines_of(out: &Output, rule: &str) -> Vec<u64> {
    out.of(rule)
        .iter()
        .filter_map(|d| d["line"].as_u64())
        .collect()
}

fn summary(out: &Output, key: &str) -> u64 {
    out.json()["summary"][key].as_u64().unwrap()
}

fn write_baseline(repo: &TestRepo, file: &str) -> Output {
    let out = repo.ownlint(&["check", "--no-history", "--write-baseline", file]);
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    out
}

/// A baseline path outside the repository (so later commits do not track it), and its
/// directory, which must outlive the test's runs.
fn outside() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir
        .path()
        .join("baseline.json")
        .to_string_lossy()
        .into_owned();
    (dir, file)
}

fn read_json(repo: &TestRepo, file: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(repo.path().join(file)).unwrap()).unwrap()
}

/// An area with approvers but no accountable owner (line 2), and a file nobody owns.
fn adopted() -> TestRepo {
    TestRepo::with(&[
        ("src/OWNERS", "approvers:\n  - alice\n"),
        ("src/a.rs", "a\n"),
        ("top.rs", "t\n"),
    ])
}

#[test]
fn a_written_baseline_makes_the_next_check_clean() {
    let repo = adopted();
    let before = check(&repo, &[]);
    assert_eq!(before.diagnostics().len(), 2, "{}", before.stdout);

    let out = write_baseline(&repo, BASELINE);
    assert_eq!(out.stdout, "", "the findings are recorded, not reported");
    assert_eq!(
        out.stderr.trim(),
        format!("ownlint: recorded 2 findings in {BASELINE}")
    );
    let recorded = read_json(&repo, BASELINE);
    assert_eq!(recorded["version"], 1);
    let entries = recorded["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    // Sorted by file, each entry readable: rule, file, area, fingerprint and message.
    assert_eq!(entries[0]["file"], "src/OWNERS");
    assert_eq!(entries[0]["rule"], "missing-accountable-owner");
    assert_eq!(entries[0]["area"], "src");
    assert!(entries[0]["message"].as_str().unwrap().contains("`src`"));
    assert_eq!(entries[0]["fingerprint"].as_str().unwrap().len(), 16);
    assert_eq!(entries[1]["file"], "top.rs");
    assert!(entries[0].get("line").is_none(), "no line numbers");

    // Human: exit 0 even at --fail-on info, and the summary says what was hidden.
    let human = repo.ownlint(&[
        "check",
        "--no-history",
        "--fail-on",
        "info",
        "--baseline",
        BASELINE,
    ]);
    assert_eq!(human.code, 0, "{}{}", human.stdout, human.stderr);
    assert!(
        human.stdout.contains("no findings") && human.stdout.contains("hidden: 2 by the baseline"),
        "{}",
        human.stdout
    );
    let json = check(&repo, &["--baseline", BASELINE]);
    assert!(json.diagnostics().is_empty());
    assert_eq!(summary(&json, "baselined"), 2);
    assert_eq!(summary(&json, "suppressed"), 0);
    let github = repo.ownlint(&[
        "check",
        "--no-history",
        "--format",
        "github",
        "--fail-on",
        "info",
        "--baseline",
        BASELINE,
    ]);
    assert_eq!(github.code, 0);
    assert!(!github.stdout.contains("::"), "{}", github.stdout);
    // Without the baseline, the same run fails.
    let plain = repo.ownlint(&["check", "--no-history", "--fail-on", "info"]);
    assert_eq!(plain.code, 1);
}

#[test]
fn writing_the_same_findings_twice_gives_the_same_file() {
    let repo = adopted();
    write_baseline(&repo, BASELINE);
    let first = std::fs::read_to_string(repo.path().join(BASELINE)).unwrap();
    write_baseline(&repo, BASELINE);
    assert_eq!(
        first,
        std::fs::read_to_string(repo.path().join(BASELINE)).unwrap()
    );
    assert!(first.ends_with("}\n"));
    // The baseline may live in a subdirectory, named relative to the current directory.
    std::fs::create_dir_all(repo.path().join("ci")).unwrap();
    write_baseline(&repo, "ci/baseline.json");
    assert_eq!(
        first,
        std::fs::read_to_string(repo.path().join("ci/baseline.json")).unwrap()
    );
    // Nothing but the baseline is left behind (no temporary file).
    let names: Vec<String> = std::fs::read_dir(repo.path().join("ci"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["baseline.json"]);
}

#[test]
fn lines_added_above_and_reformatting_do_not_bring_findings_back() {
    let repo = adopted();
    let (_dir, baseline) = outside();
    write_baseline(&repo, &baseline);
    repo.write(
        "src/OWNERS",
        "# Owners of src.\n# Reviewed by the team.\n\napprovers:\n  -    alice\n",
    );
    repo.write("src/b.rs", "b\n");
    repo.write("top.rs", "changed\n");
    repo.commit("reformat OWNERS, add a file");
    let out = check(&repo, &["--baseline", &baseline]);
    assert!(out.diagnostics().is_empty(), "{}", out.stdout);
    assert_eq!(summary(&out, "baselined"), 2);
}

#[test]
fn new_findings_and_changed_lines_are_reported() {
    let repo = adopted();
    let (_dir, baseline) = outside();
    write_baseline(&repo, &baseline);
    repo.write("lib/OWNERS", "approvers:\n  - bob\n");
    repo.write("lib/x.rs", "x\n");
    repo.write("other.rs", "o\n");
    repo.commit("a new area and a new unowned file");
    let out = check(&repo, &["--baseline", &baseline]);
    let files: Vec<String> = out
        .diagnostics()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, ["lib/OWNERS", "other.rs"], "{}", out.stdout);
    assert_eq!(summary(&out, "baselined"), 2);
    let failing = repo.ownlint(&[
        "check",
        "--no-history",
        "--fail-on",
        "info",
        "--baseline",
        &baseline,
    ]);
    assert_eq!(failing.code, 1, "{}", failing.stdout);
    assert!(
        failing.stdout.contains("hidden: 2 by the baseline"),
        "{}",
        failing.stdout
    );

    // The line the recorded finding points at changes: it is a different finding now.
    repo.write("src/OWNERS", "approvers:\n  - carol\n");
    repo.commit("new approver");
    let out = check(&repo, &["--baseline", &baseline]);
    assert_eq!(
        out.of("missing-accountable-owner").len(),
        2,
        "{}",
        out.stdout
    );
    assert_eq!(summary(&out, "baselined"), 1);
}

#[test]
fn the_baseline_is_a_multiset() {
    let (_dir, baseline) = outside();
    let repo = TestRepo::with(&[
        ("CODEOWNERS", "* @org/all\n/gone/ @x\n/gone/ @x\n"),
        ("a.rs", "a\n"),
    ]);
    write_baseline(&repo, &baseline);
    let recorded = read_json(&repo, &baseline);
    let nothing: Vec<&Value> = recorded["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["rule"] == "pattern-matches-nothing")
        .collect();
    assert_eq!(nothing.len(), 2);
    assert_eq!(nothing[0]["fingerprint"], nothing[1]["fingerprint"]);

    repo.write(
        "CODEOWNERS",
        "* @org/all\n/gone/ @x\n/gone/ @x\n/gone/ @x\n",
    );
    repo.commit("a third identical line");
    let out = check(&repo, &["--baseline", &baseline]);
    assert_eq!(
        out.of("pattern-matches-nothing").len(),
        1,
        "two recorded, three found: one is new\n{}",
        out.stdout
    );
}

#[test]
fn updating_a_baseline_drops_fixed_findings_and_adds_no_new_ones() {
    let repo = adopted();
    let (_dir, baseline) = outside();
    write_baseline(&repo, &baseline);
    repo.write("src/OWNERS", "owner: alice\napprovers:\n  - alice\n");
    repo.write("other.rs", "o\n");
    repo.commit("an owner for src; a new unowned file");
    let out = repo.ownlint(&[
        "check",
        "--no-history",
        "--fail-on",
        "info",
        "--format",
        "json",
        "--baseline",
        &baseline,
        "--write-baseline",
        &baseline,
    ]);
    assert_eq!(out.code, 1, "the new finding still fails: {}", out.stderr);
    assert_eq!(out.files("unowned-path"), ["other.rs"]);
    assert_eq!(
        out.stderr.trim(),
        format!(
            "ownlint: updated {baseline}: kept 1 finding, dropped 1 no longer found; 1 new finding not added"
        )
    );
    let entries = read_json(&repo, &baseline)["findings"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["file"], "top.rs");

    let scoped = repo.ownlint(&[
        "check",
        "--no-history",
        "--baseline",
        &baseline,
        "--write-baseline",
        &baseline,
        "src",
    ]);
    scoped.assert_clean_failure();
    assert!(scoped.stderr.contains("give no PATH"), "{}", scoped.stderr);
}

#[test]
fn a_scoped_baseline_records_only_the_scope() {
    let repo = adopted();
    write_baseline(&repo, "scoped.json");
    let out = repo.ownlint(&[
        "check",
        "--no-history",
        "--write-baseline",
        "scoped.json",
        "top.rs",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let entries = read_json(&repo, "scoped.json")["findings"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["file"], "top.rs");
}

#[test]
fn an_unusable_baseline_is_an_error_naming_the_file() {
    let repo = adopted();
    repo.write("bad/broken.json", "{\"version\": 1, \"findings\": [");
    repo.write("bad/future.json", "{\"version\": 2, \"findings\": []}");
    repo.write("bad/other.json", "{\"diagnostics\": []}");
    repo.write(
        "bad/wrong.json",
        "{\"version\": 1, \"findings\": [{\"rule\": \"x\"}]}",
    );
    repo.write_bytes("bad/binary.json", b"\xff\xfe\x00garbage");
    std::fs::create_dir_all(repo.path().join("bad/dir.json")).unwrap();
    for (file, says) in [
        ("bad/missing.json", "cannot read the baseline"),
        ("bad/dir.json", "cannot read the baseline"),
        ("bad/broken.json", "not an ownlint baseline"),
        ("bad/future.json", "baseline version 2 is not supported"),
        ("bad/other.json", "no `version`"),
        ("bad/wrong.json", "not an ownlint baseline"),
        ("bad/binary.json", "not UTF-8"),
    ] {
        let out = repo.ownlint(&["check", "--no-history", "--baseline", file]);
        out.assert_clean_failure();
        assert!(
            out.stderr.contains(&format!("{file}: ")) && out.stderr.contains(says),
            "{file}: {}",
            out.stderr
        );
    }
    // A baseline that cannot be written is an error too, and nothing is half-written.
    let out = repo.ownlint(&[
        "check",
        "--no-history",
        "--write-baseline",
        "no/such/dir/b.json",
    ]);
    out.assert_clean_failure();
    assert!(
        out.stderr
            .contains("no/such/dir/b.json: cannot write the baseline"),
        "{}",
        out.stderr
    );
}

// ---- Inline suppression ----

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

#[test]
fn the_readme_shows_the_commands_these_tests_run() {
    let readme = std::fs::read_to_string(support::manifest_dir().join("README.md")).unwrap();
    for snippet in [
        "ownlint check --write-baseline .ownlint-baseline.json",
        "ownlint check --baseline .ownlint-baseline.json",
        "ownlint check --baseline .ownlint-baseline.json --write-baseline .ownlint-baseline.json",
        "# ownlint: ignore[stale-owner]",
        "# ownlint: ignore[unknown-owner, unmapped-owner]",
    ] {
        assert!(readme.contains(snippet), "README lacks `{snippet}`");
    }
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
