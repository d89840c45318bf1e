//! Which `.ownlint.yaml` a run reads: the work tree's by default, tracked or not; the index's
//! with `--staged`; the revision's with `--rev`; `--verbose` says which. A configuration that
//! cannot be used is exit 2 with its location in every mode, and it is read bounded and never
//! through a symbolic link.

use crate::support::{TestRepo, check_json};

/// `git add PATH`.
fn stage(repo: &TestRepo, path: &str) {
    repo.git(&["add", path], ("Alice", "alice@example.com"), "2024-01-02");
}

/// `sub/` is owned; `a.go` at the root is not (`unowned-path`, a warning by default).
fn repository() -> TestRepo {
    TestRepo::with(&[("sub/OWNERS", "approvers: [alice]\n"), ("a.go", "x")])
}

const ERROR_LEVEL: &str = "rules:\n  unowned-path: error\n";
const BROKEN: &str = "rules: [unowned-path\n";

/// The severity `check` gives `unowned-path` findings (`a.go`, and any new unowned file).
fn unowned_severity(repo: &TestRepo, extra: &[&str]) -> String {
    let out = check_json(repo, extra);
    let mut severities: Vec<String> = out.field("unowned-path", "severity");
    severities.dedup();
    assert_eq!(severities.len(), 1, "{}", out.stdout);
    severities.remove(0)
}

#[test]
fn an_untracked_configuration_in_the_work_tree_is_read() {
    let repo = repository();
    assert_eq!(unowned_severity(&repo, &[]), "warning");
    repo.write(".ownlint.yaml", ERROR_LEVEL);
    assert_eq!(unowned_severity(&repo, &[]), "error");
    let out = repo.ownlint(&["check", "--verbose", "--fail-on", "never"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "ownlint: configuration: .ownlint.yaml in the work tree (not tracked by git)"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn an_untracked_broken_configuration_is_exit_2_with_its_location_for_every_command() {
    let repo = repository();
    repo.write(".ownlint.yaml", BROKEN);
    for args in [
        &["check"][..],
        &["who", "a.go"],
        &["rules"],
        &["report", "--no-history"],
        &["export", "codeowners"],
    ] {
        let out = repo.ownlint(args);
        out.assert_clean_failure();
        assert!(
            out.stderr.contains(".ownlint.yaml:"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn staged_reads_the_index_and_rev_the_revision() {
    let repo = repository();
    repo.write(".ownlint.yaml", ERROR_LEVEL);
    stage(&repo, ".ownlint.yaml");
    // A new unowned file: what `--staged` reports (a.go was unowned before the change).
    repo.write("b.go", "x");
    stage(&repo, "b.go");
    // The work tree's copy is broken now; the staged one is not.
    repo.write(".ownlint.yaml", BROKEN);
    repo.ownlint(&["check"]).assert_clean_failure();
    assert_eq!(unowned_severity(&repo, &["--staged"]), "error");
    let out = repo.ownlint(&["check", "--staged", "-v", "--fail-on", "never"]);
    assert!(
        out.stderr
            .contains("configuration: .ownlint.yaml as staged in the index"),
        "{}",
        out.stderr
    );
    // HEAD has no configuration at all: the defaults.
    assert_eq!(unowned_severity(&repo, &["--rev", "HEAD"]), "warning");
    let out = repo.ownlint(&["check", "--rev", "HEAD", "-v", "--fail-on", "never"]);
    assert!(
        out.stderr
            .contains("configuration: none found: the defaults"),
        "{}",
        out.stderr
    );
    // Staged broken, committed broken: exit 2 with the location in those modes too.
    repo.write(".ownlint.yaml", BROKEN);
    stage(&repo, ".ownlint.yaml");
    let staged = repo.ownlint(&["check", "--staged"]);
    staged.assert_clean_failure();
    assert!(
        staged.stderr.contains(".ownlint.yaml:"),
        "{}",
        staged.stderr
    );
    repo.commit("broken configuration");
    let committed = repo.ownlint(&["check", "--rev", "HEAD"]);
    committed.assert_clean_failure();
    assert!(
        committed.stderr.contains(".ownlint.yaml:"),
        "{}",
        committed.stderr
    );
    // A configuration fixed in the work tree is in effect before it is committed.
    repo.write(".ownlint.yaml", ERROR_LEVEL);
    assert_eq!(unowned_severity(&repo, &[]), "error");
    let out = repo.ownlint(&["check", "-v", "--fail-on", "never"]);
    assert!(
        out.stderr
            .contains("configuration: .ownlint.yaml in the work tree\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_unstaged_configuration_is_named_with_staged_and_verbose() {
    let repo = repository();
    repo.write(".ownlint.yaml", ERROR_LEVEL);
    let out = repo.ownlint(&["check", "--staged", "-v", "--fail-on", "never"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(".ownlint.yaml in the work tree is not staged"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
fn an_untracked_configuration_is_never_read_through_a_link_nor_unbounded() {
    let repo = repository();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("config.yaml");
    std::fs::write(&target, ERROR_LEVEL).unwrap();
    std::os::unix::fs::symlink(&target, repo.path().join(".ownlint.yaml")).unwrap();
    let out = repo.ownlint(&["check"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("symbolic link"), "{}", out.stderr);
    std::fs::remove_file(repo.path().join(".ownlint.yaml")).unwrap();
    // Over the cap: refused before it is parsed, with the cap in the message.
    let huge = format!("# {}\n", "x".repeat(2 * 1024 * 1024));
    repo.write(".ownlint.yaml", &huge);
    let out = repo.ownlint(&["check"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("bytes"), "{}", out.stderr);
}
