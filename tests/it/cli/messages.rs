//! Words of messages a new user reads: `who` on a path that is not tracked says so, `who` says
//! "never seen in history" for someone history does not know, and counts agree with their
//! nouns ("1 change", "1 warning") in every output that counts.

use crate::support::TestRepo;

const AS_OF: &str = "2025-06-01";

/// alice owns everything; `ghost` is declared and never committed; alice made one change.
fn repository() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice, ghost]\n");
    repo.write("src/lib.rs", "x");
    repo.write("vendor/dep/lib.rs", "x");
    repo.commit_by("alice", "alice@example.com", "2025-05-01", "start");
    repo
}

#[test]
fn who_on_a_path_that_is_not_tracked_answers_and_says_so() {
    let repo = repository();
    let out = repo.ownlint(&["who", "src/new.rs", "--as-of", AS_OF]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("alice"), "{}", out.stdout);
    assert!(
        out.stderr
            .contains("ownlint: note: src/new.rs is not tracked in the repository"),
        "{}",
        out.stderr
    );
    // Tracked files, directories holding them (vendored ones too) and the root: no note.
    for path in ["src/lib.rs", "src", ".", "vendor/dep/lib.rs", "vendor"] {
        let out = repo.ownlint(&["who", path, "--as-of", AS_OF]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            !out.stderr.contains("not tracked"),
            "{path}: {}",
            out.stderr
        );
    }
    // Untracked in the work tree is not tracked either, and at a revision it is about that
    // revision.
    repo.write("scratch.txt", "x");
    let out = repo.ownlint(&["who", "scratch.txt", "src/lib.rs", "--as-of", AS_OF]);
    assert_eq!(
        out.stderr.matches("is not tracked").count(),
        1,
        "{}",
        out.stderr
    );
    let out = repo.ownlint(&["who", "src/new.rs", "--rev", "HEAD"]);
    assert!(
        out.stderr.contains("src/new.rs is not tracked at `HEAD`"),
        "{}",
        out.stderr
    );
}

#[test]
fn who_says_never_seen_for_someone_history_does_not_know() {
    let repo = repository();
    let out = repo.ownlint(&["who", "src/lib.rs", "--as-of", AS_OF]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line = |name: &str| {
        out.stdout
            .lines()
            .find(|l| l.contains(&format!(" {name} ")))
            .unwrap_or_else(|| panic!("{name}:\n{}", out.stdout))
            .to_string()
    };
    assert!(
        line("ghost").ends_with("never seen in history"),
        "{}",
        out.stdout
    );
    assert!(
        line("alice").contains("active, last seen 2025-05-01"),
        "{}",
        out.stdout
    );
    let json = repo.ownlint(&["who", "src/lib.rs", "--as-of", AS_OF, "--format", "json"]);
    let owners = json.json()[0]["owners"].clone();
    let ghost = owners
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "ghost")
        .unwrap()
        .clone();
    assert_eq!(ghost["active"], false, "{ghost}");
    assert!(ghost.get("last_seen").is_none(), "{ghost}");
    // Without history nothing is said about anyone.
    let off = repo.ownlint(&["who", "src/lib.rs", "--as-of", AS_OF, "--no-history"]);
    assert!(!off.stdout.contains("never seen"), "{}", off.stdout);
}

#[test]
fn counts_agree_with_their_nouns() {
    let repo = repository();
    let who = repo.ownlint(&["who", "src/lib.rs", "--as-of", AS_OF]);
    assert!(who.stdout.contains(">  1 change (100%)"), "{}", who.stdout);
    assert!(!who.stdout.contains("1 changes"), "{}", who.stdout);

    // One file, one warning.
    let one = TestRepo::with(&[("OWNERS", "approver:\n  - alice\napprovers: [alice]\n")]);
    let github = one.ownlint(&["check", "--no-history", "--format", "github"]);
    assert!(
        github
            .stdout
            .contains("ownlint: 0 errors, 1 warning, 1 info in 1 file\n"),
        "{}",
        github.stdout
    );
    let human = one.ownlint(&["check", "--no-history"]);
    assert!(
        human
            .stdout
            .contains("0 errors, 1 warning, 1 info in 1 file (1 ownership file checked)"),
        "{}",
        human.stdout
    );
    let markdown = one.ownlint(&["check", "--no-history", "--format", "markdown"]);
    assert!(
        markdown.stdout.contains(" in 1 file (1 ownership file)."),
        "{}",
        markdown.stdout
    );
}
