//! `pattern-broken-by-rename`: staged renames and deletions (and a branch's, with `--base`)
//! that leave a pattern matching nothing or matching files of other owners, in every dialect;
//! the rule is listed and explained.

use crate::precommit::{ALICE, AS_OF, codeowners_repo, git, helps, messages, staged};
use crate::support::TestRepo;

#[test]
fn a_staged_directory_rename_that_empties_a_codeowners_pattern_proposes_the_new_one() {
    let repo = codeowners_repo();
    git(&repo, &["mv", "src/old", "src/new"]);
    let out = staged(&repo);
    let found = out.of("pattern-broken-by-rename");
    assert_eq!(found.len(), 1, "{}", out.stdout);
    let finding = &found[0];
    assert_eq!(finding["file"], ".github/CODEOWNERS");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["line"], 2, "{finding}");
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("`/src/old/`"), "{message}");
    assert!(
        message.contains("`src/old/a.rs` is renamed to `src/new/a.rs` (and 1 more)"),
        "{message}"
    );
    assert_eq!(
        finding["help"],
        "rewrite the pattern: `/src/old/` → `/src/new/`"
    );
    // The same pattern is not reported twice.
    assert!(
        out.of("pattern-matches-nothing").is_empty(),
        "{}",
        out.stdout
    );

    // Once the pattern follows the rename, nothing is left to say.
    repo.write(
        ".github/CODEOWNERS",
        "*            @org/platform\n/src/new/    @alice\n/docs/guide.md @bob\n",
    );
    git(&repo, &["add", ".github/CODEOWNERS"]);
    assert!(staged(&repo).of("pattern-broken-by-rename").is_empty());
}

#[test]
fn a_renamed_file_that_leaves_its_pattern_for_other_owners_is_reported() {
    let repo = codeowners_repo();
    // b.rs stays, so /src/old/ still matches; a.rs moves to the platform team.
    git(&repo, &["mv", "src/old/a.rs", "src/a.rs"]);
    let out = staged(&repo);
    let found = messages(&out, "pattern-broken-by-rename");
    assert_eq!(found.len(), 1, "{}", out.stdout);
    assert!(
        found[0].contains("no longer covers `src/a.rs`, renamed from `src/old/a.rs`"),
        "{}",
        found[0]
    );
    assert!(
        found[0].contains("from alice to org/platform"),
        "{}",
        found[0]
    );
    let help = &helps(&out, "pattern-broken-by-rename")[0];
    assert!(help.contains("add a pattern for `src/a.rs`"), "{help}");
}

#[test]
fn renames_that_keep_their_owners_and_unstaged_renames_are_not_reported() {
    let repo = codeowners_repo();
    // Within the pattern: same owner.
    git(&repo, &["mv", "src/old/a.rs", "src/old/c.rs"]);
    assert!(staged(&repo).of("pattern-broken-by-rename").is_empty());
    git(&repo, &["reset", "-q", "--hard"]);
    // A rename only in the work tree is not part of the commit.
    std::fs::rename(repo.path().join("src/old"), repo.path().join("src/new")).unwrap();
    assert!(staged(&repo).of("pattern-broken-by-rename").is_empty());
    git(&repo, &["reset", "-q", "--hard"]);
    // A catch-all keeps matching; a file moved from one platform path to another changes nothing.
    git(&repo, &["mv", "src/main.rs", "src/app.rs"]);
    assert!(staged(&repo).of("pattern-broken-by-rename").is_empty());
}

#[test]
fn a_staged_deletion_that_empties_a_pattern_is_reported_without_a_rewrite() {
    let repo = codeowners_repo();
    git(&repo, &["rm", "-q", "docs/guide.md"]);
    let out = staged(&repo);
    let found = messages(&out, "pattern-broken-by-rename");
    assert_eq!(found.len(), 1, "{}", out.stdout);
    assert!(
        found[0].contains("`docs/guide.md` is deleted"),
        "{}",
        found[0]
    );
    let help = &helps(&out, "pattern-broken-by-rename")[0];
    assert!(help.contains("remove the pattern"), "{help}");
    // Without --staged nothing is compared: the work tree's index has the deletion too, but the
    // pattern is then simply a pattern that matches nothing.
    let plain = repo.ownlint(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
        "--no-history",
    ]);
    assert!(plain.of("pattern-broken-by-rename").is_empty());
    assert_eq!(plain.of("pattern-matches-nothing").len(), 1);
}

#[test]
fn yaml_filters_chromium_per_file_and_maintainers_patterns_are_checked_too() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [root]\n");
    repo.write(
        "pkg/OWNERS",
        "approvers: [alice]\nfilters:\n  \"^legacy/.*\":\n    approvers: [bob]\n",
    );
    repo.write("pkg/legacy/x.go", "package legacy\n");
    repo.write("pkg/main.go", "package main\n");
    repo.write(
        "web/OWNERS",
        "carol@example.com\nper-file old_page.html=dave@example.com\n",
    );
    repo.write("web/old_page.html", "<p>old</p>\n");
    repo.write("web/index.html", "<p>index</p>\n");
    repo.write(
        "MAINTAINERS",
        "TOOLS\nM:\tErin <erin@example.com>\nS:\tMaintained\nF:\ttools/legacy/\n\nTHE REST\nM:\tFrank <frank@example.com>\nS:\tMaintained\nF:\t*\n",
    );
    repo.write("tools/legacy/run.sh", "echo run\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-01", "start");
    git(&repo, &["mv", "pkg/legacy", "pkg/modern"]);
    git(&repo, &["mv", "web/old_page.html", "web/new_page.html"]);
    git(&repo, &["mv", "tools/legacy", "tools/modern"]);
    let out = staged(&repo);
    let found = out.of("pattern-broken-by-rename");
    let by_file = |file: &str| -> Vec<String> {
        found
            .iter()
            .filter(|d| d["file"] == file)
            .map(|d| d["help"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        by_file("pkg/OWNERS"),
        ["rewrite the pattern: `^legacy/.*` → `^modern/.*`"],
        "{}",
        out.stdout
    );
    assert_eq!(
        by_file("web/OWNERS"),
        ["rewrite the pattern: `old_page.html` → `new_page.html`"],
        "{}",
        out.stdout
    );
    assert_eq!(
        by_file("MAINTAINERS"),
        ["rewrite the pattern: `tools/legacy/` → `tools/modern/`"],
        "{}",
        out.stdout
    );
    assert_eq!(found.len(), 3, "{}", out.stdout);
    assert!(
        out.of("pattern-matches-nothing").is_empty(),
        "{}",
        out.stdout
    );
}

#[test]
fn a_branch_that_renames_under_a_pattern_is_reported_by_base_too() {
    let repo = codeowners_repo();
    git(&repo, &["checkout", "-q", "-b", "topic"]);
    git(&repo, &["mv", "src/old", "src/new"]);
    repo.git(&["commit", "-q", "-m", "rename"], ALICE, AS_OF);
    let out = repo.ownlint(&[
        "check",
        "--base",
        "main",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
    ]);
    let found = helps(&out, "pattern-broken-by-rename");
    assert_eq!(
        found,
        ["rewrite the pattern: `/src/old/` → `/src/new/`"],
        "{}",
        out.stdout
    );
    // Against itself, the branch renames nothing.
    let same = repo.ownlint(&[
        "check",
        "--base",
        "topic",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
    ]);
    assert!(same.of("pattern-broken-by-rename").is_empty());
    // The pattern that matches nothing is old news on main, not the branch's doing.
    assert!(
        same.of("pattern-matches-nothing").is_empty(),
        "{}",
        same.stdout
    );
    let everything = repo.ownlint(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(
        everything.of("pattern-matches-nothing").len(),
        1,
        "{}",
        everything.stdout
    );
}

#[test]
fn the_rule_is_listed_and_explained() {
    let repo = codeowners_repo();
    let out = repo.ownlint(&["explain", "pattern-broken-by-rename"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("## What it does"), "{}", out.stdout);
    assert!(
        repo.ownlint(&["rules"])
            .stdout
            .contains("pattern-broken-by-rename")
    );
}
