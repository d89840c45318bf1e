//! Bad input: each case gives a diagnostic with its location or a one-line error with exit
//! code 2, and never a panic.

mod support;

use support::{TestRepo, check_json, run_in};

fn parse_errors(repo: &TestRepo, extra: &[&str]) -> Vec<serde_json::Value> {
    let out = check_json(repo, extra);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    out.of("parse-error")
}

#[test]
fn yaml_alias_bomb_is_refused() {
    let mut bomb = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    bomb.push_str("approvers: *a9\n");
    let repo = TestRepo::with(&[("OWNERS", &bomb), ("a.go", "x")]);
    let found = parse_errors(&repo, &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], "OWNERS");
}

#[test]
fn a_50_mb_owners_file_is_refused_without_being_parsed() {
    let repo = TestRepo::new();
    let line = "# padding padding padding padding padding padding padding padding padding\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    repo.write("OWNERS", &big);
    repo.write("a.go", "x");
    repo.commit("big");
    for extra in [&[][..], &["--rev", "HEAD"][..]] {
        let found = parse_errors(&repo, extra);
        assert_eq!(found.len(), 1, "{extra:?}");
        assert!(
            found[0]["message"].as_str().unwrap().contains("bytes"),
            "{:?}",
            found[0]
        );
    }
}

#[test]
fn invalid_utf8_is_a_parse_error() {
    let repo = TestRepo::new();
    repo.write_bytes("OWNERS", b"approvers:\n  - al\xffice\n");
    repo.write("a.go", "x");
    repo.commit("latin-1");
    let found = parse_errors(&repo, &[]);
    assert_eq!(found.len(), 1);
    assert!(found[0]["message"].as_str().unwrap().contains("UTF-8"));
}

#[test]
fn a_symlinked_owners_file_is_not_followed() {
    let repo = TestRepo::new();
    repo.write("real/OWNERS", "approvers: [alice]\n");
    std::os::unix::fs::symlink("real/OWNERS", repo.path().join("OWNERS")).unwrap();
    repo.commit("symlink");
    for extra in [&[][..], &["--rev", "HEAD"][..]] {
        let found = parse_errors(&repo, extra);
        assert_eq!(found.len(), 1, "{extra:?}: {found:?}");
        assert_eq!(found[0]["file"], "OWNERS");
        assert!(
            found[0]["message"]
                .as_str()
                .unwrap()
                .contains("symbolic link")
        );
    }
}

#[test]
fn an_owners_path_that_is_a_directory_in_the_work_tree() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("x/OWNERS", "approvers: [bob]\n"),
    ]);
    std::fs::remove_file(repo.path().join("x/OWNERS")).unwrap();
    std::fs::create_dir(repo.path().join("x/OWNERS")).unwrap();
    let found = parse_errors(&repo, &[]);
    assert_eq!(found.len(), 1);
    assert!(found[0]["message"].as_str().unwrap().contains("directory"));
}

#[test]
fn a_filter_regex_that_does_not_compile_is_located() {
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "filters:\n  \"(unclosed\":\n    approvers: [alice]\n",
        ),
        ("a.go", "x"),
    ]);
    let found = parse_errors(&repo, &[]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["line"], 2);
    assert!(found[0]["message"].as_str().unwrap().contains("(unclosed"));
}

#[test]
fn a_huge_filter_regex_is_refused() {
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "filters:\n  \"((a|b|c){1000}){1000}\":\n    approvers: [alice]\n",
        ),
        ("a.go", "x"),
    ]);
    assert_eq!(parse_errors(&repo, &[]).len(), 1);
}

#[test]
fn an_empty_repository_is_exit_2_and_a_staged_one_works() {
    let repo = TestRepo::new();
    let out = repo.ownlint(&["check"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("no commits"), "{}", out.stderr);
    let out = repo.ownlint(&["check", "--rev", "HEAD"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("no commits"), "{}", out.stderr);
    // Before the first commit, staged files are checked (the pre-commit case).
    repo.write("OWNERS", "approvers: [alice]\n");
    repo.stage_all();
    let out = repo.ownlint(&["check", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["summary"]["files"], 1);
}

#[test]
fn not_a_repository_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["check"]);
    out.assert_clean_failure();
    assert!(
        out.stderr.contains("not a git repository"),
        "{}",
        out.stderr
    );
    let out = run_in(dir.path(), &["check", "--repo", "/no/such/dir"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("/no/such/dir"), "{}", out.stderr);
}

#[test]
fn a_revision_that_is_not_a_commit_is_exit_2() {
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice]\n")]);
    let blob = repo
        .repo
        .revparse_single("HEAD:OWNERS")
        .unwrap()
        .id()
        .to_string();
    let out = repo.ownlint(&["check", "--rev", &blob]);
    out.assert_clean_failure();
}

#[test]
fn owners_aliases_problems_are_reported_too() {
    let repo = TestRepo::with(&[
        ("OWNERS_ALIASES", "aliases:\n  team: [a, b\n"),
        ("OWNERS", "approvers: [alice]\n"),
    ]);
    let found = parse_errors(&repo, &[]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["file"], "OWNERS_ALIASES");
}

#[test]
fn crlf_line_ends_and_a_bom_parse() {
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "\u{feff}approvers:\r\n  - alice\r\nowner: alice\r\n",
        ),
        ("a.go", "x"),
    ]);
    let out = check_json(&repo, &[]);
    assert!(
        out.of("parse-error").is_empty(),
        "{:?}",
        out.of("parse-error")
    );
    assert!(out.of("unowned-path").is_empty());
}
