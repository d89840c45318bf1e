//! The pre-commit case, `ownlint check --staged`, through the real binary on real repositories:
//! what is staged (not what is in the work tree) is checked, history comes only from a warm
//! cache, and the hook manifest runs what the README documents. Staged renames and deletions
//! that break patterns (`pattern-broken-by-rename`) are tested in
//! `rules::pattern_broken_by_rename`, with the helpers here.

use crate::support::{Output, TestRepo, check_json};

pub(crate) const ALICE: (&str, &str) = ("Alice", "alice@example.com");
const BOB: (&str, &str) = ("Bob", "bob@example.com");
pub(crate) const AS_OF: &str = "2025-06-01";

/// `check --staged --format json` at [`AS_OF`], never failing on findings.
pub(crate) fn staged(repo: &TestRepo) -> Output {
    check_json(repo, &["--staged", "--as-of", AS_OF])
}

pub(crate) fn messages(out: &Output, rule: &str) -> Vec<String> {
    out.field(rule, "message")
}

pub(crate) fn helps(out: &Output, rule: &str) -> Vec<String> {
    out.field(rule, "help")
}

/// CODEOWNERS giving `src/old/` to alice and the rest to the platform team.
pub(crate) fn codeowners_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        ".github/CODEOWNERS",
        "*            @org/platform\n/src/old/    @alice\n/docs/guide.md @bob\n",
    );
    repo.write("src/old/a.rs", "fn a() {}\n");
    repo.write("src/old/b.rs", "fn b() {}\n");
    repo.write("src/main.rs", "fn main() {}\n");
    repo.write("docs/guide.md", "# Guide\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-01", "start");
    repo
}

pub(crate) fn git(repo: &TestRepo, args: &[&str]) {
    repo.git(args, ALICE, AS_OF);
}

// ---------------------------------------------------------------------------------------------
// What is staged
// ---------------------------------------------------------------------------------------------

#[test]
fn a_commit_answers_for_what_it_stages_not_for_older_findings() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice]\n");
    repo.write(
        "legacy/OWNERS",
        "options:\n  no_parent_owners: true\nreviewers: [bob]\n",
    );
    repo.write("legacy/old.sh", "\n");
    repo.write("src/lib.rs", "\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-01", "start");
    // legacy/ has been unowned for a while: the whole-repository check says so ...
    let everything = check_json(&repo, &["--as-of", AS_OF, "--no-history"]);
    assert_eq!(everything.files("unowned-path"), ["legacy/"]);
    // ... but a commit that only touches owned code passes the hook (at --fail-on=warning).
    repo.write("src/lib.rs", "fn f() {}\n");
    git(&repo, &["add", "src/lib.rs"]);
    let hook = repo.ownlint(&["check", "--staged", "--fail-on=warning", "--as-of", AS_OF]);
    assert_eq!(hook.code, 0, "{}{}", hook.stdout, hook.stderr);
    // A commit that adds a file there answers for it.
    repo.write("legacy/new.sh", "\n");
    git(&repo, &["add", "legacy/new.sh"]);
    let hook = repo.ownlint(&["check", "--staged", "--fail-on=warning", "--as-of", AS_OF]);
    assert_eq!(hook.code, 1, "{}{}", hook.stdout, hook.stderr);
    assert!(hook.stdout.contains("unowned-path"), "{}", hook.stdout);
}

#[test]
fn a_staged_file_nobody_owns_is_caught_and_an_untracked_one_is_not() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice]\n");
    repo.write(
        "src/OWNERS",
        "options:\n  no_parent_owners: true\napprovers: [bob]\n",
    );
    repo.write("src/lib.rs", "x\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-01", "start");
    // src/OWNERS stops inheritance; a new directory below it with an empty OWNERS is unowned.
    repo.write("src/gen/OWNERS", "options:\n  no_parent_owners: true\n");
    repo.write("src/gen/new.rs", "x\n");
    assert!(
        staged(&repo).files("unowned-path").is_empty(),
        "untracked files are not part of the commit"
    );
    git(&repo, &["add", "src/gen/new.rs", "src/gen/OWNERS"]);
    let out = staged(&repo);
    assert_eq!(out.files("unowned-path"), ["src/gen/"], "{}", out.stdout);
    // The hook's own arguments fail the commit on it.
    let hook = repo.ownlint(&["check", "--staged", "--fail-on=warning", "--as-of", AS_OF]);
    assert_eq!(hook.code, 1, "{}{}", hook.stdout, hook.stderr);
    assert!(hook.stdout.contains("unowned-path"), "{}", hook.stdout);
}

#[test]
fn the_index_git_commit_a_stages_into_is_read_through_git_index_file() {
    let repo = codeowners_repo();
    repo.write(
        ".github/CODEOWNERS",
        "/src/  @alice\n/docs/  @bob\n/.github/ @alice\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-02", "no catch-all");
    // `git commit -a` (or `git commit PATH`) stages into a temporary index and names it in
    // GIT_INDEX_FILE for the hooks; the repository's own index does not have the new file.
    let temporary = repo.path().join(".git/next-index.lock");
    std::fs::copy(repo.path().join(".git/index"), &temporary).unwrap();
    repo.write("build.sh", "echo\n");
    let status = std::process::Command::new("git")
        .args(["add", "build.sh"])
        .current_dir(repo.path())
        .env("GIT_INDEX_FILE", &temporary)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(status.success());
    assert!(staged(&repo).files("unowned-path").is_empty());
    let home = repo.path().to_str().unwrap();
    let out = crate::support::run_in_env(
        repo.path(),
        &[
            "check",
            "--staged",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--as-of",
            AS_OF,
        ],
        &[("GIT_INDEX_FILE", ".git/next-index.lock"), ("HOME", home)],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.files("unowned-path"), ["build.sh"], "{}", out.stdout);
}

#[test]
fn the_staged_version_of_an_ownership_file_is_read_not_the_work_tree() {
    let repo = codeowners_repo();
    // Staged: a line with an invalid owner. Work tree: fixed, but not staged.
    repo.write(
        ".github/CODEOWNERS",
        "*            @org/platform\n/src/old/    @alice not-an-owner\n",
    );
    git(&repo, &["add", ".github/CODEOWNERS"]);
    repo.write(
        ".github/CODEOWNERS",
        "*            @org/platform\n/src/old/    @alice\n",
    );
    assert_eq!(staged(&repo).of("invalid-owner").len(), 1);
    let work_tree = repo.ownlint(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
        "--no-history",
    ]);
    assert!(
        work_tree.of("invalid-owner").is_empty(),
        "{}",
        work_tree.stdout
    );
}

#[test]
fn a_staged_change_of_owner_without_a_handover_is_caught() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "owner: alice\napprovers: [alice, bob]\n");
    repo.write("pkg/OWNERS", "owner: alice\napprovers: [alice, carol]\n");
    repo.write("pkg/code.rs", "x\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-01", "start");
    repo.write("pkg/OWNERS", "owner: carol\napprovers: [carol]\n");
    assert!(
        staged(&repo).of("handover-missing").is_empty(),
        "not staged yet"
    );
    git(&repo, &["add", "pkg/OWNERS"]);
    let found = messages(&staged(&repo), "handover-missing");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("in the staged changes"), "{}", found[0]);
    assert!(found[0].contains("alice → carol"), "{}", found[0]);
    // An approver removed with nobody in their place hands nothing over.
    repo.write("pkg/OWNERS", "owner: alice\napprovers: [alice]\n");
    git(&repo, &["add", "pkg/OWNERS"]);
    assert!(staged(&repo).of("handover-missing").is_empty());
}

/// The index as git writes it, in each version, read directly: the same entries as libgit2
/// reads, and a cache tree that vouches for HEAD's trees until something is staged.
#[test]
fn the_index_is_read_directly_in_every_version_git_writes() {
    let repo = codeowners_repo();
    repo.write("src/deep/er/x.rs", "x\n");
    repo.write("src/new.rs", "new\n");
    git(&repo, &["add", "src/deep/er/x.rs"]);
    // An intent-to-add entry carries extended flags (version 3).
    git(&repo, &["add", "--intent-to-add", "src/new.rs"]);
    for version in ["2", "3", "4"] {
        git(&repo, &["update-index", "--index-version", version]);
        let bytes = std::fs::read(repo.path().join(".git/index")).unwrap();
        let file = ownlint::index::read(&bytes)
            .unwrap()
            .expect("a supported layout");
        let mut index = repo.repo.index().unwrap();
        index.read(true).unwrap();
        let expected: Vec<(String, u32, git2::Oid)> = index
            .iter()
            .map(|e| (String::from_utf8(e.path).unwrap(), e.mode, e.id))
            .collect();
        let read: Vec<(String, u32, git2::Oid)> = file
            .entries
            .iter()
            .map(|e| (e.path.clone(), e.mode, e.id))
            .collect();
        assert_eq!(read, expected, "index version {version}");
    }
    // After a commit the cache tree names HEAD's tree; staging invalidates the directories up
    // from the change only.
    git(&repo, &["reset", "-q", "src/new.rs"]);
    git(&repo, &["commit", "-q", "-m", "deep"]);
    git(&repo, &["update-index", "--index-version", "2"]);
    let read = |repo: &TestRepo| {
        ownlint::index::read(&std::fs::read(repo.path().join(".git/index")).unwrap())
            .unwrap()
            .unwrap()
    };
    let head = repo.repo.head().unwrap().peel_to_tree().unwrap();
    assert_eq!(read(&repo).trees.get(""), Some(&head.id()));
    repo.write("docs/guide.md", "# Changed\n");
    git(&repo, &["add", "docs/guide.md"]);
    let trees = read(&repo).trees;
    assert!(!trees.contains_key("") && !trees.contains_key("docs"));
    let src = head.get_path(std::path::Path::new("src")).unwrap().id();
    assert_eq!(trees.get("src"), Some(&src));
    // With the cache tree vouching for `.github` and `src/deep`, the hook still sees the staged
    // edit and a rename beside them.
    git(&repo, &["mv", "src/old", "src/new"]);
    let trees = read(&repo).trees;
    assert!(trees.contains_key(".github") && trees.contains_key("src/deep"));
    let out = staged(&repo);
    assert_eq!(
        out.of("pattern-broken-by-rename").len(),
        1,
        "{}",
        out.stdout
    );
    let dogfood = repo.ownlint(&["check", "--staged", "--no-history", "--format", "json"]);
    assert!(
        dogfood.stdout.contains("src/new/a.rs"),
        "{}",
        dogfood.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// History only from a warm cache
// ---------------------------------------------------------------------------------------------

/// alice approves `pkg/` but last committed in September 2024 (staleness: 180 days); bob keeps
/// committing.
fn stale_alice() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice, bob]\n");
    repo.write("pkg/code.rs", "x\n");
    repo.commit_by(ALICE.0, ALICE.1, "2024-09-10", "start");
    repo.change("pkg/code.rs", BOB, "2025-05-01");
    repo
}

/// Stages a new `DIR/OWNERS` naming alice: the commit adds her as an approver, so the hook
/// judges her (an owner the commit does not touch is not its business).
fn stage_alice_in(repo: &TestRepo, dir: &str) {
    repo.write(&format!("{dir}/OWNERS"), "approvers: [alice]\n");
    git(repo, &["add", &format!("{dir}/OWNERS")]);
}

fn stale_owners(out: &Output) -> Vec<String> {
    out.of("stale-owner")
        .iter()
        .map(|d| d["owner"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn history_rules_use_a_warm_cache_and_are_skipped_without_one() {
    let repo = stale_alice();
    let cache = repo.path().join(".git/ownlint/history-v3.cache");
    stage_alice_in(&repo, "a");
    let cold = staged(&repo);
    assert!(stale_owners(&cold).is_empty(), "{}", cold.stdout);
    assert_eq!(
        cold.stderr.matches("history rules skipped").count(),
        1,
        "{}",
        cold.stderr
    );
    assert!(cold.stderr.contains("no history cache"), "{}", cold.stderr);
    assert!(
        !cache.exists(),
        "a cold --staged run walks nothing and writes nothing"
    );

    // A full run fills the cache; the hook then judges from it.
    let full = repo.ownlint(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(stale_owners(&full), ["alice", "alice"], "{}", full.stdout);
    assert!(cache.exists());
    let warm = staged(&repo);
    assert_eq!(stale_owners(&warm), ["alice"], "{}", warm.stdout);
    assert!(warm.stderr.is_empty(), "{}", warm.stderr);

    // A few commits since the cache was filled are read and added to it.
    let before = std::fs::metadata(&cache).unwrap().len();
    for day in 2..5 {
        repo.change("pkg/code.rs", BOB, &format!("2025-05-0{day}"));
    }
    stage_alice_in(&repo, "b");
    let topped = staged(&repo);
    assert_eq!(stale_owners(&topped), ["alice"]);
    assert!(topped.stderr.is_empty(), "{}", topped.stderr);
    assert!(std::fs::metadata(&cache).unwrap().len() > before);

    // --no-cache leaves the hook no history at all.
    let off = repo.ownlint(&[
        "check",
        "--staged",
        "--no-cache",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
    ]);
    assert!(stale_owners(&off).is_empty());
    assert!(off.stderr.contains("--no-cache"), "{}", off.stderr);
}

#[test]
fn a_cache_far_behind_head_is_cold_and_nothing_is_walked() {
    let repo = stale_alice();
    let full = repo.ownlint(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(stale_owners(&full), ["alice"]);
    let cache = repo.path().join(".git/ownlint/history-v3.cache");
    let before = std::fs::read(&cache).unwrap();
    // More commits than a warm read tops up.
    let tree = repo.repo.head().unwrap().peel_to_tree().unwrap();
    let signature = git2::Signature::new(
        BOB.0,
        BOB.1,
        &git2::Time::new(crate::support::T0 + 86_400 * 400, 0),
    )
    .unwrap();
    for n in 0..=ownlint::history::WARM_TOP_UP {
        let parent = repo.repo.head().unwrap().peel_to_commit().unwrap();
        repo.repo
            .commit(
                Some("HEAD"),
                &signature,
                &signature,
                &format!("empty {n}"),
                &tree,
                &[&parent],
            )
            .unwrap();
    }
    let out = staged(&repo);
    assert!(stale_owners(&out).is_empty(), "{}", out.stdout);
    assert!(
        out.stderr.contains("lacks more than 64 commits"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read(&cache).unwrap(),
        before,
        "a cold cache is not filled by the hook"
    );
}

// ---------------------------------------------------------------------------------------------
// The hook manifest and the README
// ---------------------------------------------------------------------------------------------

#[test]
fn the_hook_manifest_runs_check_staged_on_every_commit() {
    let text =
        std::fs::read_to_string(crate::support::manifest_dir().join(".pre-commit-hooks.yaml"))
            .expect(".pre-commit-hooks.yaml at the top level");
    let hooks: serde_json::Value = serde_saphyr::from_str(&text).expect("valid YAML");
    let hooks = hooks.as_array().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["ownlint", "ownlint-system"]);
    for (hook, language) in hooks.iter().zip(["rust", "system"]) {
        assert_eq!(hook["language"], language, "{hook}");
        assert_eq!(hook["entry"], "ownlint check --staged", "{hook}");
        assert_eq!(hook["pass_filenames"], false, "{hook}");
        assert_eq!(hook["always_run"], true, "{hook}");
        assert_eq!(
            hook["args"],
            serde_json::json!(["--fail-on=warning"]),
            "{hook}"
        );
    }
    // The README's snippet names the same hooks.
    let readme = std::fs::read_to_string(crate::support::manifest_dir().join("README.md")).unwrap();
    for id in ids {
        assert!(
            readme.contains(&format!("- id: {id}")),
            "README lacks hook {id}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// What the commit introduces, tried as a new user would: a warm cache, then the hook
// ---------------------------------------------------------------------------------------------

/// The hook as the README configures it (`check --staged --fail-on=warning`), in JSON.
fn hook(repo: &TestRepo) -> Output {
    repo.ownlint(&[
        "check",
        "--staged",
        "--fail-on=warning",
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ])
}

/// The rule and file of every finding, for readable failures.
fn found(out: &Output) -> Vec<(String, String, String)> {
    out.diagnostics()
        .iter()
        .map(|d| {
            let field = |k: &str| d[k].as_str().unwrap_or("").to_string();
            (field("rule"), field("file"), field("owner"))
        })
        .collect()
}

/// [`crate::support::reviewed_project`], with the history cache filled by a plain `check`, which
/// reports what the project already has: carol stale in tools/OWNERS, its review overdue.
fn warm_project() -> TestRepo {
    let repo = crate::support::reviewed_project();
    let plain = check_json(&repo, &["--as-of", AS_OF]);
    assert_eq!(stale_owners(&plain), ["carol"], "{:?}", found(&plain));
    assert_eq!(plain.files("review-overdue"), ["tools/OWNERS"]);
    repo
}

#[test]
fn a_commit_adding_a_new_area_is_not_blocked_by_its_own_new_owners_file() {
    let repo = warm_project();
    repo.write("web/OWNERS", "approvers:\n  - alice\n");
    repo.write("web/app.js", "main()\n");
    git(&repo, &["add", "web"]);
    let out = hook(&repo);
    assert_eq!(out.code, 0, "{:?}\n{}", found(&out), out.stderr);
    assert!(out.of("review-overdue").is_empty(), "just reviewed");
    // A new area naming someone who is gone is the commit's doing.
    repo.write("web/OWNERS", "approvers:\n  - alice\n  - dave\n");
    git(&repo, &["add", "web/OWNERS"]);
    let out = hook(&repo);
    assert_eq!(out.code, 1, "{:?}", found(&out));
    assert_eq!(stale_owners(&out), ["dave"], "{:?}", found(&out));
    assert_eq!(out.files("stale-owner"), ["web/OWNERS"]);
}

#[test]
fn a_commit_adding_an_approver_answers_for_the_approver_not_for_the_file() {
    let repo = warm_project();
    repo.write(
        "tools/OWNERS",
        "approvers:\n  - alice\n  - carol\n  - bob\n",
    );
    git(&repo, &["add", "tools/OWNERS"]);
    let out = hook(&repo);
    // carol was stale before the commit, and the file it edits has just been reviewed.
    assert_eq!(out.code, 0, "{:?}\n{}", found(&out), out.stderr);
    // Adding someone stale is new, and only that is reported, even with the list rewritten.
    repo.write("tools/OWNERS", "approvers: [alice, carol, dave]\n");
    git(&repo, &["add", "tools/OWNERS"]);
    let out = hook(&repo);
    assert_eq!(out.code, 1, "{:?}", found(&out));
    assert_eq!(stale_owners(&out), ["dave"], "{:?}", found(&out));
    assert!(out.of("review-overdue").is_empty());
}

#[test]
fn a_moved_area_keeps_its_old_findings_and_its_suggested_command_works() {
    let repo = warm_project();
    git(&repo, &["mv", "tools", "build-tools"]);
    let out = hook(&repo);
    // carol was stale in tools/OWNERS before the move: the move did not make her so; and a move
    // with the same people hands nothing over.
    assert_eq!(out.code, 0, "{:?}\n{}", found(&out), out.stderr);
    assert!(stale_owners(&out).is_empty(), "{:?}", found(&out));
    assert!(out.of("review-overdue").is_empty(), "{:?}", found(&out));
    assert!(out.of("handover-missing").is_empty(), "{:?}", found(&out));
    // Moved and handed from alice to bob at once: that needs a handover, and the command its
    // help suggests works when pasted, naming the area where it now is.
    repo.write(
        "build-tools/OWNERS",
        "options:\n  no_parent_owners: true\napprovers:\n  - bob\n  - carol\n",
    );
    git(&repo, &["add", "build-tools/OWNERS"]);
    let out = hook(&repo);
    assert_eq!(
        out.files("handover-missing"),
        ["build-tools/OWNERS"],
        "{:?}",
        found(&out)
    );
    let mut tried = 0;
    for d in out.diagnostics() {
        let Some(args) = d["help"]
            .as_str()
            .and_then(crate::support::suggested_command)
        else {
            continue;
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(args[..3], ["handover", "new", "build-tools"], "{args:?}");
        let pasted = repo.ownlint(&args);
        assert_eq!(pasted.code, 0, "{args:?}: {}", pasted.stderr);
        assert!(repo.path().join("build-tools/HANDOVER.md").is_file());
        std::fs::remove_file(repo.path().join("build-tools/HANDOVER.md")).unwrap();
        tried += 1;
    }
    assert!(tried > 0, "{:?}", out.field("handover-missing", "help"));
    repo.write("build-tools/OWNERS", "approvers:\n  - alice\n  - carol\n");
    git(&repo, &["add", "build-tools/OWNERS"]);
    // Once the move is committed, the next edit of the moved file answers for what it adds.
    repo.commit_by(
        ALICE.0,
        ALICE.1,
        "2025-05-20",
        "move tools/ to build-tools/",
    );
    repo.write(
        "build-tools/OWNERS",
        "approvers:\n  - alice\n  - carol\n  - dave\n",
    );
    git(&repo, &["add", "build-tools/OWNERS"]);
    let out = hook(&repo);
    assert_eq!(stale_owners(&out), ["dave"], "{:?}", found(&out));
}

#[test]
fn an_incomplete_handover_document_elsewhere_does_not_block_every_commit() {
    let repo = warm_project();
    repo.write(
        "tools/HANDOVER.md",
        "---\nfrom: carol\nto: alice\n---\n## Context\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-20", "start a handover");
    let plain = check_json(&repo, &["--as-of", AS_OF]);
    assert_eq!(plain.files("handover-incomplete"), ["tools/HANDOVER.md"]);
    // A commit that touches neither the document nor any ownership file is not its cause.
    repo.write("src/main.rs", "fn main() { run() }\n");
    git(&repo, &["add", "src/main.rs"]);
    let out = hook(&repo);
    assert_eq!(out.code, 0, "{:?}", found(&out));
    // One that edits the document (and leaves it incomplete) is not its cause either; one that
    // makes it worse is.
    repo.write(
        "tools/HANDOVER.md",
        "---\nfrom: carol\nto: alice\n---\n## Context\nThe build is make.\n",
    );
    git(&repo, &["add", "tools/HANDOVER.md"]);
    assert!(hook(&repo).of("handover-incomplete").is_empty());
    repo.write(
        "tools/HANDOVER.md",
        "---\nfrom: carol\nto: mallory\n---\n## Context\n",
    );
    git(&repo, &["add", "tools/HANDOVER.md"]);
    let out = hook(&repo);
    assert_eq!(
        out.files("handover-mismatch"),
        ["tools/HANDOVER.md"],
        "{:?}",
        found(&out)
    );
}
