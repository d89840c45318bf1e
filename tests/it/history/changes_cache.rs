//! The cache of the window's ownership changes (`.git/ownlint/changes-v1.cache`): a warm run
//! answers as a cold one does, reads the changes from the cache rather than from the objects,
//! and ignores a cache it cannot use.

use crate::support::TestRepo;

const ALICE: (&str, &str) = ("Alice", "alice@example.com");
const BOB: (&str, &str) = ("Bob", "bob@example.com");
const AS_OF: &str = "2025-06-01";

/// A year of changes of hands in every dialect: a YAML OWNERS owner, a GitHub CODEOWNERS line,
/// MAINTAINERS sections, a Chromium OWNERS file, an OWNERS_ALIASES edit alone, and a merge
/// that edits MAINTAINERS itself on top of what it merges.
fn changes_in_every_dialect() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("OWNERS_ALIASES", "aliases:\n  board-team: [alice, bob]\n");
    repo.write("OWNERS", "approvers: [alice]\n");
    repo.write("board/x/OWNERS", "approvers: [board-team]\n");
    repo.write("pkg/OWNERS", "owner: alice\napprovers: [alice, carol]\n");
    repo.write(".github/CODEOWNERS", "* @alice\n/x/ @alice @bob\n");
    repo.write(
        "MAINTAINERS",
        "NET DRIVERS\nM:\tAlice A <alice@example.com>\nM:\tBob B <bob@example.com>\nS:\tMaintained\nF:\tnet/\n\nUSB\nM:\tCarol C <carol@example.com>\nS:\tMaintained\nF:\tusb/\n",
    );
    repo.write(
        "chrome/OWNERS",
        "set noparent\nalice@example.com\nbob@example.com\n",
    );
    for file in [
        "x/a.c",
        "net/n.c",
        "usb/u.c",
        "chrome/c.cc",
        "board/x/main.c",
        "pkg/code.rs",
    ] {
        repo.write(file, "start\n");
    }
    repo.commit_by(ALICE.0, ALICE.1, "2024-06-01", "start");
    for file in [
        "x/a.c",
        "net/n.c",
        "chrome/c.cc",
        "board/x/main.c",
        "pkg/code.rs",
    ] {
        repo.change(file, BOB, "2025-01-15");
    }
    repo.write("pkg/OWNERS", "owner: bob\napprovers: [bob, carol]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-01", "pkg to bob");
    repo.write(".github/CODEOWNERS", "* @alice\n/x/ @alice @carol\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-02", "x: bob to carol");
    repo.write(
        "MAINTAINERS",
        "NET DRIVERS\nM:\tAlice A <alice@example.com>\nM:\tDave D <dave@example.com>\nS:\tMaintained\nF:\tnet/\n\nUSB\nM:\tCarol C <carol@example.com>\nS:\tMaintained\nF:\tusb/\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-03", "net: bob to dave");
    repo.write(
        "chrome/OWNERS",
        "set noparent\nalice@example.com\ndave@example.com\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-04", "chrome: bob to dave");
    repo.write(
        "OWNERS_ALIASES",
        "aliases:\n  board-team: [alice, carol, dave]\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-05", "board-team: bob to dave");
    // A side branch hands USB to erin; the merge adds frank to NET itself.
    repo.git(&["checkout", "-q", "-b", "side"], ALICE, "2025-03-06");
    repo.write(
        "MAINTAINERS",
        "NET DRIVERS\nM:\tAlice A <alice@example.com>\nM:\tDave D <dave@example.com>\nS:\tMaintained\nF:\tnet/\n\nUSB\nM:\tErin E <erin@example.com>\nS:\tMaintained\nF:\tusb/\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-06", "usb: carol to erin");
    repo.git(&["checkout", "-q", "main"], ALICE, "2025-03-07");
    repo.change("usb/u.c", BOB, "2025-03-07");
    repo.git(
        &["merge", "-q", "--no-ff", "--no-commit", "side"],
        ALICE,
        "2025-03-08",
    );
    repo.write(
        "MAINTAINERS",
        "NET DRIVERS\nM:\tAlice A <alice@example.com>\nM:\tDave D <dave@example.com>\nM:\tFrank F <frank@example.com>\nS:\tMaintained\nF:\tnet/\n\nUSB\nM:\tErin E <erin@example.com>\nS:\tMaintained\nF:\tusb/\n",
    );
    repo.git(&["add", "-A"], ALICE, "2025-03-08");
    repo.git(
        &["commit", "-q", "-m", "merge side, frank joins net"],
        ALICE,
        "2025-03-08",
    );
    repo
}

fn check(repo: &TestRepo, extra: &[&str]) -> String {
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
        "--since",
        "365d",
    ];
    args.extend_from_slice(extra);
    let out = repo.ownlint(&args);
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    out.stdout
}

fn cache_file(repo: &TestRepo) -> std::path::PathBuf {
    repo.path().join(".git/ownlint/changes-v1.cache")
}

/// The files the run reports a change of hands in.
fn handed_over(json: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut files: Vec<String> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "handover-missing")
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    files.sort();
    files.dedup();
    files
}

#[test]
fn a_warm_run_answers_as_a_cold_one_in_every_dialect() {
    let repo = changes_in_every_dialect();
    let cold = check(&repo, &["--no-cache"]);
    assert!(!cache_file(&repo).exists(), "--no-cache writes no cache");
    assert_eq!(
        handed_over(&cold),
        [
            ".github/CODEOWNERS",
            "MAINTAINERS",
            "board/x/OWNERS",
            "chrome/OWNERS",
            "pkg/OWNERS"
        ],
        "the history has changes of hands in every dialect: {cold}"
    );
    let filling = check(&repo, &[]);
    assert!(cache_file(&repo).is_file(), "the first run saves the cache");
    let warm = check(&repo, &[]);
    assert_eq!(filling, cold);
    assert_eq!(warm, cold);
}

/// Loose objects of the repository: `<objects>/<2 hex>/<38 hex>`.
fn loose_object(repo: &TestRepo, id: &str) -> std::path::PathBuf {
    repo.path()
        .join(".git/objects")
        .join(&id[..2])
        .join(&id[2..])
}

#[test]
fn a_warm_run_reads_the_changes_from_the_cache_not_from_the_objects() {
    let repo = changes_in_every_dialect();
    let before = check(&repo, &[]);
    // The versions the changes of hands were made from, which nothing else of a warm run reads.
    let mut removed = 0;
    for (commit, path) in [("2025-03-01", "pkg/OWNERS"), ("2025-03-03", "MAINTAINERS")] {
        // The version just before the commit of that date.
        let parent = repo.git(
            &[
                "rev-list",
                "-1",
                &format!("--before={commit}T00:00:00Z"),
                "main",
            ],
            ALICE,
            AS_OF,
        );
        let id = repo.git(
            &["rev-parse", &format!("{}:{path}", parent.trim())],
            ALICE,
            AS_OF,
        );
        let object = loose_object(&repo, id.trim());
        std::fs::remove_file(&object).unwrap_or_else(|e| panic!("{}: {e}", object.display()));
        removed += 1;
    }
    assert_eq!(removed, 2);
    // Computed again, the changes miss those versions: the answer differs...
    let recomputed = check(&repo, &["--no-cache"]);
    assert_ne!(
        recomputed, before,
        "the removed versions matter to the answer"
    );
    // ...while the warm run, which reads them from the cache, answers as before.
    assert_eq!(check(&repo, &[]), before);
}

#[test]
fn a_cache_that_cannot_be_used_is_ignored_and_replaced() {
    let repo = changes_in_every_dialect();
    let cold = check(&repo, &["--no-cache"]);
    let path = cache_file(&repo);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        b"OWNLINT-CHANGES\n\x01\0\0\0garbage that is no cache",
    )
    .unwrap();
    assert_eq!(check(&repo, &[]), cold);
    let saved = std::fs::read(&path).unwrap();
    assert!(saved.starts_with(b"OWNLINT-CHANGES\n"));
    assert!(saved.len() > 100, "replaced by this run's changes");
    assert_eq!(check(&repo, &[]), cold);
    // Cut short, it is ignored too.
    std::fs::write(&path, &saved[..saved.len() / 2]).unwrap();
    assert_eq!(check(&repo, &[]), cold);
}

/// The areas that decide each changed path are cached too (`decided-v1.cache`), under the
/// ownership files they were searched in: a commit that moves paths between MAINTAINERS
/// sections and CODEOWNERS lines makes the next warm run search again, and it still answers as
/// a cold one.
#[test]
fn an_ownership_file_edited_since_the_cache_was_saved_is_searched_again() {
    let repo = changes_in_every_dialect();
    check(&repo, &[]);
    check(&repo, &[]);
    assert!(repo.path().join(".git/ownlint/decided-v1.cache").is_file());
    // net/ moves from NET DRIVERS (alice, dave, frank) to USB (erin); x/ to bob alone.
    repo.write(
        "MAINTAINERS",
        "NET DRIVERS\nM:\tAlice A <alice@example.com>\nM:\tDave D <dave@example.com>\nM:\tFrank F <frank@example.com>\nS:\tMaintained\nF:\tdrivers/\n\nUSB\nM:\tErin E <erin@example.com>\nS:\tMaintained\nF:\tusb/\nF:\tnet/\n",
    );
    repo.write(".github/CODEOWNERS", "* @alice\n/x/ @bob\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-01", "net to usb, x to bob");
    let cold = check(&repo, &["--no-cache"]);
    assert_eq!(check(&repo, &[]), cold);
    assert_eq!(check(&repo, &[]), cold);
    // Who made the changes of each area, as the report and `who` show it.
    for command in [
        &["report", "--format", "json"][..],
        &["who", "--format", "json", "net/n.c", "x/a.c", "usb/u.c"][..],
    ] {
        let run = |extra: &[&str]| {
            let mut args = command.to_vec();
            args.extend_from_slice(&["--as-of", AS_OF, "--since", "365d"]);
            args.extend_from_slice(extra);
            let out = repo.ownlint(&args);
            assert_eq!(out.code, 0, "{command:?}: {}", out.stderr);
            out.stdout
        };
        let cold = run(&["--no-cache"]);
        assert_eq!(run(&[]), cold, "{command:?}");
        assert_eq!(run(&[]), cold, "{command:?}");
    }
}

/// Which CODEOWNERS host's rules apply follows from other paths too: a `.gitlab-ci.yml`
/// committed alone makes `!*.lock` an exclusion (GitLab) where it was an unsupported line
/// (GitHub), so the lock file's changes leave the `*` area and the lock file is unowned. The
/// cached deciding areas of the lock file and its cached ownership (the resolution cache), both
/// found as GitHub reads the file, must not be read then.
#[test]
fn a_codeowners_host_changed_by_another_path_is_searched_again() {
    let repo = TestRepo::new();
    repo.write("CODEOWNERS", "* @alice\n!*.lock\n");
    repo.write("a.rs", "start\n");
    repo.write("Cargo.lock", "start\n");
    repo.commit_by(ALICE.0, ALICE.1, "2024-06-01", "start");
    for date in ["2025-01-10", "2025-01-20", "2025-02-10"] {
        repo.change("Cargo.lock", BOB, date);
    }
    repo.change("a.rs", ALICE, "2025-02-20");
    let report = |extra: &[&str]| {
        let mut args = vec![
            "report", "--format", "json", "--as-of", AS_OF, "--since", "365d",
        ];
        args.extend_from_slice(extra);
        let out = repo.ownlint(&args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let github = report(&["--no-cache"]);
    assert_eq!(report(&[]), github);
    assert_eq!(report(&[]), github);
    repo.write(".gitlab-ci.yml", "test:\n  script: [make]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-01", "ci");
    let gitlab = report(&["--no-cache"]);
    assert_ne!(
        gitlab, github,
        "the host changes who made the area's changes"
    );
    assert_eq!(report(&[]), gitlab);
}
