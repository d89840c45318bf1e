//! `--output FILE`: every command's output goes to the file, written whole through a temporary
//! file and a rename, never coloured; an unwritable path is exit 2 naming it.

use crate::support::TestRepo;

fn repo() -> TestRepo {
    TestRepo::with(&[("OWNERS", "approvers: [alice\n"), ("a.go", "x")])
}

#[test]
fn check_writes_its_report_to_the_file_instead_of_standard_output() {
    let repo = repo();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ownlint.sarif");
    let to_stdout = repo.ownlint(&["check", "--format", "sarif", "--no-history"]);
    let out = repo.ownlint(&[
        "check",
        "--format",
        "sarif",
        "--no-history",
        "--output",
        path.to_str().unwrap(),
    ]);
    // The exit code still says there are findings; only the destination changed.
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), to_stdout.stdout);
    // Nothing but the report is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_relative_path_is_taken_from_the_current_directory_and_replaced_whole() {
    let repo = repo();
    std::fs::write(
        repo.path().join("report.json"),
        "old and much longer ".repeat(1000),
    )
    .unwrap();
    let out = repo.ownlint(&[
        "check",
        "--format",
        "json",
        "--no-history",
        "--output",
        "report.json",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let text = std::fs::read_to_string(repo.path().join("report.json")).unwrap();
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["version"], 1);
}

#[test]
fn colour_is_off_in_a_file() {
    let repo = repo();
    let out = repo.ownlint(&[
        "check",
        "--no-history",
        "--color",
        "always",
        "--output",
        "out.txt",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let text = std::fs::read_to_string(repo.path().join("out.txt")).unwrap();
    assert!(text.contains("parse-error"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
    // The same options on standard output do colour: the file is what turned it off.
    let coloured = repo.ownlint(&["check", "--no-history", "--color", "always"]);
    assert!(coloured.stdout.contains('\u{1b}'));
}

#[test]
fn every_command_that_prints_writes_to_the_file() {
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice]\n"), ("a.go", "x")]);
    for (args, expect) in [
        (&["who", "a.go"][..], "alice"),
        (&["rules"][..], "stale-owner"),
        (&["explain", "stale-owner"][..], "# stale-owner"),
        (&["schema", "owners"][..], "\"$schema\""),
        (&["export", "codeowners"][..], "@alice"),
    ] {
        let mut args = args.to_vec();
        args.extend(["--output", "out.txt"]);
        let out = repo.ownlint(&args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{args:?}");
        let text = std::fs::read_to_string(repo.path().join("out.txt")).unwrap();
        assert!(text.contains(expect), "{args:?}: {text}");
        std::fs::remove_file(repo.path().join("out.txt")).unwrap();
    }
}

#[test]
fn an_unwritable_path_is_exit_2_naming_it_and_a_failed_run_leaves_the_file() {
    let repo = repo();
    std::fs::write(repo.path().join("blocker"), "a file, not a directory\n").unwrap();
    let out = repo.ownlint(&["check", "--no-history", "--output", "blocker/out.txt"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("blocker/out.txt"), "{}", out.stderr);
    // A missing directory is made, as the file is.
    let out = repo.ownlint(&[
        "check",
        "--no-history",
        "--fail-on",
        "never",
        "--output",
        "new/dir/out.txt",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(repo.path().join("new/dir/out.txt").is_file());

    let out = repo.ownlint(&["check", "--no-history", "--output", "."]);
    out.assert_clean_failure();

    std::fs::write(repo.path().join("kept.txt"), "previous report\n").unwrap();
    let out = repo.ownlint(&["check", "--rev", "no-such-rev", "--output", "kept.txt"]);
    out.assert_clean_failure();
    assert_eq!(
        std::fs::read_to_string(repo.path().join("kept.txt")).unwrap(),
        "previous report\n"
    );
}

#[test]
fn export_check_still_compares_with_the_output_file() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("a.go", "x"),
        ("CODEOWNERS.mine", "* @bob\n"),
    ]);
    let out = repo.ownlint(&[
        "export",
        "codeowners",
        "--check",
        "--output",
        "CODEOWNERS.mine",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("codeowners-out-of-sync"),
        "{}",
        out.stdout
    );
    // The file compared with is never overwritten by the report.
    assert_eq!(
        std::fs::read_to_string(repo.path().join("CODEOWNERS.mine")).unwrap(),
        "* @bob\n"
    );
}
