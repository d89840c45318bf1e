//! The binary end to end: commands, options, exit codes, output formats.

mod bad_input;
mod messages;
mod rule_selection;

use crate::support::{TestRepo, check_json, run_in};

fn basic() -> TestRepo {
    TestRepo::with(&[
        (
            "OWNERS_ALIASES",
            "aliases:\n  sig-api-approvers:\n    - alice\n    - bob\n",
        ),
        (
            "OWNERS",
            "owner: alice\napprovers:\n  - alice\nreviewers:\n  - carol\n",
        ),
        (
            "api/OWNERS",
            "approvers:\n  - sig-api-approvers\ncover: [dave]\nfilters:\n  \"types\\\\.go$\":\n    approvers: [erin]\n",
        ),
        ("api/types.go", "x"),
        ("api/server.go", "x"),
        ("README.md", "x"),
    ])
}

#[test]
fn exit_code_0_when_clean() {
    let repo = TestRepo::with(&[
        ("OWNERS", "owner: alice\napprovers: [alice]\n"),
        ("a.go", "x"),
    ]);
    let out = repo.ownlint(&["check", "--no-history"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("ownlint: no findings in 2 files (1 ownership file checked)"),
        "{}",
        out.stdout
    );
}

#[test]
fn exit_code_1_depends_on_fail_on() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("x/OWNERS", "approvers: []\n"),
    ]);
    // A warning (empty-owners-file) and an info (missing-accountable-owner).
    assert_eq!(repo.ownlint(&["check"]).code, 0);
    assert_eq!(repo.ownlint(&["check", "--fail-on", "warning"]).code, 1);
    assert_eq!(repo.ownlint(&["check", "--fail-on", "info"]).code, 1);
    assert_eq!(repo.ownlint(&["check", "--fail-on", "never"]).code, 0);
    let with_error = TestRepo::with(&[("OWNERS", "approvers: alice\n")]);
    assert_eq!(with_error.ownlint(&["check"]).code, 1);
    assert_eq!(with_error.ownlint(&["check", "--fail-on", "never"]).code, 0);
}

#[test]
fn exit_code_2_for_usage_errors() {
    let repo = basic();
    let out = repo.ownlint(&["check", "--fail-on", "sometimes"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("sometimes"));
    let out = repo.ownlint(&["explain", "unowned-paths"]);
    out.assert_clean_failure();
    assert!(
        out.stderr.contains("did you mean `unowned-path`"),
        "{}",
        out.stderr
    );
    let out = repo.ownlint(&["who", "--format", "markdown", "."]);
    out.assert_clean_failure();
    let out = repo.ownlint(&["check", "no/such/path"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("no/such/path"), "{}", out.stderr);
    // An untracked file is a path all the same: nothing to report about it.
    repo.write("scratch.txt", "x");
    assert_eq!(
        repo.ownlint(&["check", "scratch.txt", "--fail-on", "never"])
            .code,
        0
    );
    let out = repo.ownlint(&["who", "../../etc/passwd"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("outside the repository"));
}

#[test]
fn help_explains_and_exits_0() {
    let repo = basic();
    let out = repo.ownlint(&["--help"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("Exit codes"));
    for command in ["check", "who", "rules", "explain"] {
        assert!(
            out.stdout.contains(command),
            "{command} missing from --help"
        );
    }
    let out = repo.ownlint(&["check", "--help"]);
    assert!(out.stdout.contains("--fail-on"));
    assert!(out.stdout.contains("--rev"));
}

#[test]
fn human_output_draws_the_line_and_has_no_colour_without_a_terminal() {
    let repo = TestRepo::with(&[("OWNERS", "approver:\n  - alice\napprovers: [alice]\n")]);
    let out = repo.ownlint(&["check"]);
    assert!(
        out.stdout.contains("unknown field `approver`"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("╭─[OWNERS:1:1]"), "{}", out.stdout);
    assert!(
        out.stdout.contains("did you mean `approvers`?"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains('\u{1b}'),
        "colour codes in piped output"
    );
    let out = repo.ownlint(&["check", "--color", "always"]);
    assert!(out.stdout.contains('\u{1b}'), "--color always gives colour");
}

#[test]
fn human_output_snapshot() {
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "approvers: [alice]\nemeritus_approvers: [alice]\n",
        ),
        ("tools/a.sh", "x"),
        ("tools/OWNERS", "options:\n  no_parent_owners: true\n"),
    ]);
    let out = repo.ownlint(&["check", "--fail-on", "never", "--no-history"]);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn json_output_matches_the_documented_shape() {
    let out = check_json(&basic(), &[]);
    let json = out.json();
    assert_eq!(json["version"], 1);
    let summary = &json["summary"];
    assert_eq!(summary["files"], 6);
    assert_eq!(summary["ownership_files"], 3);
    for d in json["diagnostics"].as_array().unwrap() {
        for key in [
            "rule",
            "severity",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "help",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
}

#[test]
fn untrusted_text_cannot_drive_the_terminal() {
    let repo = TestRepo::with(&[(
        "OWNERS",
        "approvers: [alice]\n\"evil\\e]0;pwned\\a\\e[2J\": 1\n",
    )]);
    let out = repo.ownlint(&["check", "--color", "always"]);
    assert!(out.stdout.contains("unknown field"), "{}", out.stdout);
    assert!(
        !out.stdout.contains("\u{1b}]0;"),
        "OSC sequence reached the terminal"
    );
    assert!(
        !out.stdout.contains("\u{1b}[2J"),
        "clear-screen reached the terminal"
    );
    assert!(out.stdout.contains("\\u{1b}"), "{}", out.stdout);
}

#[test]
fn who_shows_provenance_and_expands_aliases() {
    let repo = basic();
    let out = repo.ownlint(&["who", "api/types.go", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    assert_eq!(json[0]["path"], "api/types.go");
    let owners = json[0]["owners"].as_array().unwrap();
    let summary: Vec<String> = owners
        .iter()
        .map(|o| {
            format!(
                "{} {} {}:{} {}",
                o["role"].as_str().unwrap(),
                o["name"].as_str().unwrap(),
                o["file"].as_str().unwrap(),
                o["line"],
                o["via"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "owner alice OWNERS:1 -",
            "approver alice api/OWNERS:2 sig-api-approvers",
            "approver bob api/OWNERS:2 sig-api-approvers",
            "approver erin api/OWNERS:6 -",
            "reviewer carol OWNERS:5 -",
            "cover dave api/OWNERS:3 -",
        ]
    );
    // A file the filter does not match gets no filter approver.
    let out = repo.ownlint(&["who", "api/server.go", "--format", "json"]);
    let names: Vec<String> = out.json()[0]["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect();
    assert!(!names.contains(&"erin".to_string()));
}

#[test]
fn who_human_output_and_paths_relative_to_the_current_directory() {
    let repo = basic();
    let out = run_in(&repo.path().join("api"), &["who", "server.go"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("api/server.go\n"), "{}", out.stdout);
    assert!(out.stdout.contains("approver  bob"), "{}", out.stdout);
    assert!(
        out.stdout.contains("via sig-api-approvers"),
        "{}",
        out.stdout
    );
    let out = repo.ownlint(&["who", "nowhere/file.txt"]);
    assert!(
        out.stdout.contains("approver  alice"),
        "the root approves new paths too: {}",
        out.stdout
    );
}

#[test]
fn who_says_when_a_path_is_unowned() {
    let repo = TestRepo::with(&[("OWNERS", "reviewers: [bob]\n"), ("a.txt", "x")]);
    let out = repo.ownlint(&["who", "a.txt"]);
    assert!(out.stdout.contains("no approver"), "{}", out.stdout);
}

#[test]
fn rev_reads_files_and_ownership_from_that_commit() {
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice]\n"), ("a.go", "x")]);
    repo.tag("v1");
    repo.write("OWNERS", "reviewers: [alice]\n");
    repo.write("b.go", "x");
    repo.commit("lose the approver");
    // Uncommitted edits are seen without --rev and ignored with it.
    repo.write("OWNERS", "approvers: [bob]\n");
    assert!(check_json(&repo, &[]).of("unowned-path").is_empty());
    let head = check_json(&repo, &["--rev", "HEAD"]);
    assert_eq!(head.of("unowned-path").len(), 1);
    assert_eq!(head.json()["summary"]["files"], 3);
    for rev in ["v1", "HEAD~1", "main~1"] {
        let old = check_json(&repo, &["--rev", rev]);
        assert!(old.of("unowned-path").is_empty(), "{rev}");
        assert_eq!(old.json()["summary"]["files"], 2, "{rev}");
    }
    let id = repo.repo.revparse_single("v1").unwrap().id().to_string();
    let short = &id[..8];
    assert_eq!(
        check_json(&repo, &["--rev", short]).json()["summary"]["files"],
        2
    );
    let who = repo.ownlint(&["who", "--rev", "v1", "a.go", "--format", "json"]);
    assert_eq!(who.json()[0]["owners"][0]["name"], "alice");
}

#[test]
fn unknown_rev_is_a_clean_error() {
    let out = basic().ownlint(&["check", "--rev", "no-such-branch"]);
    out.assert_clean_failure();
    assert!(
        out.stderr.contains("unknown revision `no-such-branch`"),
        "{}",
        out.stderr
    );
}

#[test]
fn vendored_and_generated_paths_are_left_out_by_default() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        (
            "src/OWNERS",
            "options:\n  no_parent_owners: true\nreviewers: [bob]\n",
        ),
        ("src/a.go", "x"),
        ("third_party/lib/OWNERS", "approvers: alice\n"),
        ("third_party/lib/x.go", "x"),
        ("web/node_modules/y.js", "x"),
        ("third_party/z.c", "x"),
        ("gen/out.pb.go", "x"),
        ("gen/OWNERS", "options:\n  no_parent_owners: true\n"),
        (
            ".gitattributes",
            "gen/** linguist-generated\nthird_party/ours/** -linguist-vendored\n",
        ),
        (
            "third_party/ours/OWNERS",
            "options:\n  no_parent_owners: true\n",
        ),
        ("third_party/ours/mine.go", "x"),
    ]);
    let out = check_json(&repo, &[]);
    let unowned: Vec<String> = out.files("unowned-path");
    // third_party/lib is left out, so all of third_party/ that is checked is unowned.
    assert_eq!(unowned, ["src/", "third_party/"]);
    assert!(
        out.of("parse-error").is_empty(),
        "vendored OWNERS are read for resolution, not judged"
    );
    assert_eq!(out.json()["summary"]["excluded"], 6);
    let all = check_json(&repo, &["--include-vendored"]);
    assert_eq!(all.of("parse-error").len(), 1);
    let unowned: Vec<String> = all.files("unowned-path");
    // third_party/lib/OWNERS does not parse, so third_party/lib inherits the root approver.
    assert_eq!(unowned, ["gen/", "src/", "third_party/ours/"]);
}

#[test]
fn config_exclude_globs_leave_paths_out() {
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "options:\n  no_parent_owners: true\napprovers: [alice]\n",
        ),
        ("docs/OWNERS", "options:\n  no_parent_owners: true\n"),
        ("docs/a.md", "x"),
        (".ownlint.yaml", "exclude:\n  - docs/\n"),
    ]);
    let out = check_json(&repo, &[]);
    assert!(out.of("unowned-path").is_empty());
    assert!(out.of("empty-owners-file").is_empty());
}

#[test]
fn check_paths_limit_the_findings() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        (
            "a/OWNERS",
            "approver: [x]\noptions:\n  no_parent_owners: true\n",
        ),
        ("a/x.go", "x"),
        (
            "b/OWNERS",
            "approver: [x]\noptions:\n  no_parent_owners: true\n",
        ),
        ("b/y.go", "x"),
    ]);
    let all = check_json(&repo, &[]);
    assert_eq!(all.of("unknown-field").len(), 2);
    let only_a = check_json(&repo, &["a", "--no-history"]);
    let files: Vec<String> = only_a
        .diagnostics()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert!(
        files.iter().all(|f| f.starts_with("a/") || f == "OWNERS"),
        "{files:?}"
    );
    assert_eq!(only_a.of("unknown-field").len(), 1);
    assert_eq!(only_a.of("unowned-path").len(), 1);
    assert_eq!(only_a.json()["summary"]["files"], 2);
}

#[test]
fn config_unknown_keys_are_findings_and_bad_config_is_exit_2() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        (".ownlint.yaml", "rule:\n  unowned-path: error\n"),
    ]);
    let found = check_json(&repo, &[]).of("unknown-field");
    assert_eq!(found[0]["file"], ".ownlint.yaml");
    assert!(found[0]["help"].as_str().unwrap().contains("rules"));
    repo.write(".ownlint.yaml", "rules: [unowned-path]\n");
    let out = repo.ownlint(&["check"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains(".ownlint.yaml:1:"), "{}", out.stderr);
    let out = repo.ownlint(&["check", "--config", "/no/such/file.yaml"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("/no/such/file.yaml"), "{}", out.stderr);
}

#[test]
fn rules_lists_every_rule_and_explain_prints_docs() {
    let repo = basic();
    let out = repo.ownlint(&["rules"]);
    assert_eq!(out.code, 0);
    for rule in ownlint::rules::REGISTRY {
        assert!(out.stdout.contains(rule.name), "{} missing", rule.name);
    }
    let out = repo.ownlint(&["explain", "unowned-path"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .starts_with("# unowned-path (default severity: warning)")
    );
    assert!(out.stdout.contains("## Why it matters"));
}

#[test]
fn bare_repository_reads_head() {
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice]\n"), ("a.go", "x")]);
    let bare = tempfile::tempdir().unwrap();
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(repo.path().to_str().unwrap(), bare.path())
        .unwrap();
    let out = run_in(bare.path(), &["check", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["summary"]["files"], 2);
}

#[test]
fn detached_head_and_worktrees_work() {
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice]\n"), ("a.go", "x")]);
    let head = repo.repo.head().unwrap().peel_to_commit().unwrap().id();
    repo.repo.set_head_detached(head).unwrap();
    assert_eq!(repo.ownlint(&["check"]).code, 0);
    let place = tempfile::tempdir().unwrap();
    let path = place.path().join("wt");
    repo.repo.worktree("wt", &path, None).unwrap();
    let out = run_in(&path, &["check", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["summary"]["files"], 2);
}

/// Runs ownlint under a pseudo-terminal (util-linux `script`), as a person at a terminal would.
fn run_on_a_terminal(repo: &TestRepo, no_color: &str) -> String {
    let command = format!(
        "NO_COLOR={no_color} GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null {} check --fail-on never --as-of 2024-03-01",
        env!("CARGO_BIN_EXE_ownlint")
    );
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(repo.path())
        .output()
        .expect("util-linux `script` runs ownlint on a pseudo-terminal");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn colour_on_a_terminal_unless_no_color_is_set() {
    let repo = TestRepo::with(&[("OWNERS", "approver: [alice]\napprovers: [alice]\n")]);
    let coloured = run_on_a_terminal(&repo, "");
    assert!(coloured.contains("unknown field"), "{coloured}");
    assert!(coloured.contains('\u{1b}'), "a terminal gets colour");
    let plain = run_on_a_terminal(&repo, "1");
    assert!(plain.contains("unknown field"), "{plain}");
    assert!(
        !plain.contains('\u{1b}'),
        "NO_COLOR turns colour off: {plain}"
    );
}
