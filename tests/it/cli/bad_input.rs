//! Bad input: each case gives a diagnostic with its location or a one-line error with exit
//! code 2, and never a panic.

use crate::support::{TestRepo, check_json, run_in};

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
fn invalid_utf8_in_a_line_format_is_located_on_the_character_it_became() {
    // Found by fuzzing: the range ended inside the U+FFFD that replaces the invalid byte, so
    // every output showed an empty range (column 3 to column 3).
    let repo = TestRepo::new();
    repo.write_bytes(".github/CODEOWNERS", b"* @alice\nab\x80 @bob\n");
    repo.write("a.go", "x");
    repo.commit("latin-1");
    let found = parse_errors(&repo, &["--no-history"]);
    assert_eq!(found.len(), 1, "{found:?}");
    let at = |key: &str| found[0][key].as_u64().unwrap();
    assert_eq!((at("line"), at("column")), (2, 3), "{:?}", found[0]);
    assert_eq!((at("end_line"), at("end_column")), (2, 4), "{:?}", found[0]);
    assert!(
        found[0]["message"].as_str().unwrap().contains("offset 11)"),
        "{:?}",
        found[0]
    );
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

/// Issue 13, item 2: a date or duration with a multi-byte character where the old parser cut
/// the text at a fixed byte offset crashed every command (exit 101). Each is now exit 2 with
/// a one-line message that names the file, line and column in the configuration.
#[test]
fn multi_byte_dates_and_durations_are_located_errors() {
    for (config, line, column) in [
        ("history:\n  stale_after: \"1é\"\n", 2, 16),
        ("history:\n  review_every: \"é\"\n", 2, 17),
        ("history:\n  since: \"2024-01-0é\"\n", 2, 10),
        ("handover:\n  grace: \"14日\"\n", 2, 10),
    ] {
        let repo = TestRepo::with(&[
            (".ownlint.yaml", config),
            ("OWNERS", "approvers: [alice]\n"),
        ]);
        for command in [&["check"][..], &["who", "OWNERS"], &["report"]] {
            let out = repo.ownlint(command);
            out.assert_clean_failure();
            assert!(
                out.stderr
                    .contains(&format!(".ownlint.yaml:{line}:{column}: ")),
                "{config}: {}",
                out.stderr
            );
        }
    }
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice]\n")]);
    for args in [
        &["check", "--as-of", "2024-01-0é"][..],
        &["check", "--as-of", "2024-01-01T0é:00:00Z"],
        &["check", "--since", "1é"],
        &["check", "--as-of", "@99999999999999999"],
    ] {
        let out = repo.ownlint(args);
        out.assert_clean_failure();
        assert!(out.stderr.contains(args[1]), "{args:?}: {}", out.stderr);
    }
}

/// The same for the dates ownlint reads from files of the repository: an activity record's
/// `when` is a located error, and a `reviewed:` date in an OWNERS file a located finding.
#[test]
fn multi_byte_dates_in_repository_files() {
    let repo = TestRepo::with(&[
        (".ownlint.yaml", "activity: [act.jsonl]\n"),
        (
            "act.jsonl",
            "{\"who\": \"alice\", \"when\": \"2024-01-01\"}\n{\"who\": \"alice\", \"when\": \"2024-01-01T00:00:0éZ\"}\n",
        ),
        ("OWNERS", "approvers: [alice]\n"),
    ]);
    let out = repo.ownlint(&["check"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("act.jsonl:2: "), "{}", out.stderr);

    let repo = TestRepo::with(&[(
        "OWNERS",
        "approvers: [alice]\nowner: alice\nreviewed: \"199é-01-01\"\n",
    )]);
    let out = repo.ownlint(&["check", "--format", "json", "--fail-on", "never"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}
