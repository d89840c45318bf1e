//! `check --base REF`: findings limited to what a pull request touches, and the Markdown
//! summary for a PR comment.

use crate::support::{TestRepo, check_json};

const ALICE: (&str, &str) = ("Alice", "alice@example.com");
const BOB: (&str, &str) = ("Bob", "bob@example.com");
const CAROL: (&str, &str) = ("Carol", "carol@example.com");
const AS_OF: &str = "2025-03-01";

/// `main`: alice and bob own everything, carol (last seen 2024-06) is a stale approver of
/// `docs/`, and `legacy/` has reviewers but no approver. Then a branch `feature` is made.
fn repository() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "OWNERS",
        "owner: alice\napprovers: [alice, bob]\nreviewed: 2025-01-01\n",
    );
    repo.write(
        "docs/OWNERS",
        "approvers: [alice, carol]\nreviewed: 2025-01-01\n",
    );
    repo.write(
        "legacy/OWNERS",
        "options:\n  no_parent_owners: true\nreviewers: [bob]\nreviewed: 2025-01-01\n",
    );
    repo.write("legacy/old.py", "print()\n");
    repo.write("src/lib.rs", "\n");
    repo.write("docs/guide.md", "\n");
    repo.commit_by(ALICE.0, ALICE.1, "2024-05-01", "start");
    repo.change("docs/guide.md", CAROL, "2024-06-01");
    repo.change("src/lib.rs", BOB, "2025-02-01");
    repo.change("docs/guide.md", ALICE, "2025-02-02");
    repo.git(&["checkout", "-q", "-b", "feature"], ALICE, "2025-02-03");
    repo
}

fn pull_request(repo: &TestRepo, extra: &[&str]) -> crate::support::Output {
    let mut args = vec!["--base", "main", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    check_json(repo, &args)
}

fn rules_and_files(out: &crate::support::Output) -> Vec<(String, String)> {
    out.diagnostics()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn an_unrelated_change_reports_nothing_the_branch_did_not_cause() {
    let repo = repository();
    // Without --base the whole repository is judged: carol is stale, legacy/ is unowned.
    let all = check_json(&repo, &["--as-of", AS_OF]);
    assert_eq!(all.of("stale-owner").len(), 1, "{:?}", all.diagnostics());
    assert_eq!(all.files("unowned-path"), ["legacy/"]);
    // A branch that only touches owned code has nothing to answer for.
    repo.change("src/lib.rs", BOB, "2025-02-10");
    let out = pull_request(&repo, &[]);
    assert!(out.diagnostics().is_empty(), "{:?}", out.diagnostics());
}

#[test]
fn an_added_file_without_an_owner_is_reported() {
    let repo = repository();
    repo.write("legacy/new_tool.py", "print()\n");
    repo.commit_by(BOB.0, BOB.1, "2025-02-10", "a tool");
    let out = pull_request(&repo, &[]);
    assert_eq!(
        rules_and_files(&out),
        [("unowned-path".to_string(), "legacy/".to_string())]
    );
}

#[test]
fn an_edited_ownership_file_reports_the_owners_it_adds_but_not_older_ones() {
    let repo = repository();
    // The branch adds dave (never seen) to docs/OWNERS, which already lists stale carol.
    repo.write(
        "docs/OWNERS",
        "approvers: [alice, carol, dave]\nreviewed: 2025-01-01\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-02-10", "dave helps with docs");
    let out = pull_request(&repo, &[]);
    let about: Vec<(String, String)> = out
        .diagnostics()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["owner"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        about.iter().any(|(_, owner)| owner == "dave"),
        "dave is added and never seen: {about:?}"
    );
    assert!(
        !about.iter().any(|(_, owner)| owner == "carol"),
        "carol was stale before the branch: {about:?}"
    );
}

#[test]
fn an_owner_change_without_a_handover_is_reported() {
    let repo = repository();
    repo.write(
        "OWNERS",
        "owner: bob\napprovers: [bob]\nreviewed: 2025-01-01\n",
    );
    repo.commit_by(BOB.0, BOB.1, "2025-02-10", "bob takes over");
    let out = pull_request(&repo, &[]);
    assert_eq!(
        out.of("handover-missing").len(),
        1,
        "{:?}",
        out.diagnostics()
    );
}

#[test]
fn the_markdown_summary_names_whose_approval_the_changed_files_need() {
    let repo = repository();
    repo.write("src/main.rs", "\n");
    repo.write("docs/new.md", "\n");
    repo.write("legacy/new_tool.py", "\n");
    repo.commit_by(BOB.0, BOB.1, "2025-02-10", "three files");
    let out = repo.ownlint(&[
        "check", "--base", "main", "--as-of", AS_OF, "--format", "markdown",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = out.stdout;
    assert!(md.starts_with("## ownlint\n"), "{md}");
    assert!(
        md.contains("in the change against `main` (3 files changed)"),
        "{md}"
    );
    assert!(
        md.contains("| 🟠 warning | `unowned-path` | `legacy/` |"),
        "{md}"
    );
    assert!(md.contains("### Approvals needed"), "{md}");
    let row = |needle: &str| {
        md.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no row with {needle}:\n{md}"))
            .to_string()
    };
    assert!(
        row("`docs/new.md`").contains("`docs/OWNERS` | `alice`, `bob`, `carol`"),
        "{md}"
    );
    assert!(
        row("`src/main.rs`").contains("`OWNERS` | `alice`, `bob` |"),
        "{md}"
    );
    assert!(row("`legacy/new_tool.py`").contains("**nobody**"), "{md}");
}

#[test]
fn markdown_keeps_untrusted_names_and_paths_inside_their_cells() {
    let repo = repository();
    let nasty = "legacy/x|y<script>alert(1)</script>`@org.md";
    repo.write(nasty, "\n");
    repo.write(
        "docs/OWNERS",
        "approvers: [alice, carol, \"@evil/team\", \"x|<img src=x>\", \"dave @evil\"]\nreviewed: 2025-01-01\n",
    );
    repo.commit_by(BOB.0, BOB.1, "2025-02-10", "nasty names");
    let out = repo.ownlint(&[
        "check", "--base", "main", "--as-of", AS_OF, "--format", "markdown",
    ]);
    let md = out.stdout;
    assert!(md.contains("alert(1)"), "the path is shown: {md}");
    assert!(md.contains("@evil"), "the name is shown: {md}");
    for line in md.lines() {
        // `<br>` is the one tag ownlint writes itself (between a finding and its help).
        let outside = outside_code_spans(line).replace("<br>", "");
        assert!(
            !outside.contains('<'),
            "raw HTML outside a code span: {line}"
        );
        assert!(
            !outside.contains("@evil"),
            "a mention outside a code span: {line}"
        );
    }
    // Every table row keeps its column count: no untrusted `|` ends a cell.
    for table in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let cells = |line: &str| line.replace("\\|", "").matches('|').count();
        let header = cells(table.lines().next().unwrap());
        for line in table.lines() {
            assert_eq!(cells(line), header, "{line}\n{md}");
        }
    }
}

/// A line without its code spans, as CommonMark reads them: a run of N backticks opens a span
/// that the next run of exactly N backticks closes.
fn outside_code_spans(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let run_at = |i: usize| chars[i..].iter().take_while(|&&c| c == '`').count();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' && i + 1 < chars.len() {
            i += 2;
            continue;
        }
        if chars[i] != '`' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let n = run_at(i);
        let mut j = i + n;
        let mut closed = None;
        while j < chars.len() {
            if chars[j] == '`' {
                let m = run_at(j);
                if m == n {
                    closed = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match closed {
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
fn markdown_without_base_summarises_the_repository() {
    let repo = repository();
    let out = repo.ownlint(&[
        "check",
        "--as-of",
        AS_OF,
        "--format",
        "markdown",
        "--fail-on",
        "never",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("in 6 files (3 ownership files)"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Approvals needed"), "{}", out.stdout);
}

// ---------------------------------------------------------------------------------------------
// The pre-commit cases through --base: what the branch introduces, not what held before it
// ---------------------------------------------------------------------------------------------

/// [`crate::support::reviewed_project`] with a branch `change` made from `main`, judged at 2025-06-01
/// with `--base main --fail-on=warning`.
fn reviewed_branch() -> TestRepo {
    let repo = crate::support::reviewed_project();
    repo.git(&["checkout", "-q", "-b", "change"], ALICE, "2025-05-10");
    repo
}

fn gate(repo: &TestRepo) -> crate::support::Output {
    repo.ownlint(&[
        "check",
        "--base",
        "main",
        "--fail-on=warning",
        "--format",
        "json",
        "--as-of",
        "2025-06-01",
    ])
}

fn owners(out: &crate::support::Output, rule: &str) -> Vec<String> {
    out.field(rule, "owner")
}

#[test]
fn a_branch_adding_a_new_area_is_not_blocked_by_its_own_new_owners_file() {
    let repo = reviewed_branch();
    repo.write("web/OWNERS", "approvers:\n  - alice\n");
    repo.write("web/app.js", "main()\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-20", "a web area");
    let out = gate(&repo);
    assert_eq!(out.code, 0, "{:?}", rules_and_files(&out));
    repo.write("web/OWNERS", "approvers:\n  - alice\n  - dave\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-21", "dave too");
    let out = gate(&repo);
    assert_eq!(out.code, 1, "{:?}", rules_and_files(&out));
    assert_eq!(owners(&out, "stale-owner"), ["dave"]);
    assert!(out.of("review-overdue").is_empty());
}

#[test]
fn a_branch_adding_an_approver_answers_for_the_approver_not_for_the_file() {
    let repo = reviewed_branch();
    repo.write(
        "tools/OWNERS",
        "approvers:\n  - alice\n  - carol\n  - bob\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-20", "bob helps with tools");
    let out = gate(&repo);
    assert_eq!(out.code, 0, "{:?}", rules_and_files(&out));
    repo.write("tools/OWNERS", "approvers: [alice, carol, bob, dave]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-21", "dave too");
    let out = gate(&repo);
    assert_eq!(out.code, 1, "{:?}", rules_and_files(&out));
    assert_eq!(owners(&out, "stale-owner"), ["dave"]);
    assert!(out.of("review-overdue").is_empty());
}

#[test]
fn a_branch_moving_an_area_keeps_its_old_findings_and_its_suggested_command_works() {
    let repo = reviewed_branch();
    repo.git(&["mv", "tools", "build-tools"], ALICE, "2025-05-20");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-20", "move tools/");
    let out = gate(&repo);
    assert!(
        owners(&out, "stale-owner").is_empty(),
        "{:?}",
        rules_and_files(&out)
    );
    assert!(out.of("review-overdue").is_empty());
    for help in out.field("handover-missing", "help") {
        let args = crate::support::suggested_command(&help).expect("a command to paste");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(args[..3], ["handover", "new", "build-tools"], "{args:?}");
        let pasted = repo.ownlint(&args);
        assert_eq!(pasted.code, 0, "{args:?}: {}", pasted.stderr);
        std::fs::remove_file(repo.path().join("build-tools/HANDOVER.md")).unwrap();
    }
}
