//! Adoption on an existing repository: `check --write-baseline` / `--baseline`, on real
//! repositories with the real binary. Inline `ownlint: ignore[...]` comments are tested in
//! `rules::suppression`, with the helpers here.

use crate::support::{Output, TestRepo};
use serde_json::Value;

pub(crate) const BASELINE: &str = ".ownlint-baseline.json";

/// `check` without history (these rules need none), in JSON, never failing on findings.
pub(crate) fn check(repo: &TestRepo, extra: &[&str]) -> Output {
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
pub(crate) fn found(out: &Output) -> Vec<(String, Option<u64>)> {
    out.diagnostics()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["line"].as_u64()))
        .collect()
}

pub(crate) fn lines_of(out: &Output, rule: &str) -> Vec<u64> {
    out.of(rule)
        .iter()
        .filter_map(|d| d["line"].as_u64())
        .collect()
}

pub(crate) fn summary(out: &Output, key: &str) -> u64 {
    out.json()["summary"][key].as_u64().unwrap()
}

pub(crate) fn write_baseline(repo: &TestRepo, file: &str) -> Output {
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
pub(crate) fn outside() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir
        .path()
        .join("baseline.json")
        .to_string_lossy()
        .into_owned();
    (dir, file)
}

pub(crate) fn read_json(repo: &TestRepo, file: &str) -> Value {
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

#[test]
fn the_readme_shows_the_commands_these_tests_run() {
    let readme = std::fs::read_to_string(crate::support::manifest_dir().join("README.md")).unwrap();
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
