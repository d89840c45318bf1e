//! The history rules on repositories whose history spans years: authors, dates, .mailmap,
//! trailers, merges, activity files, shallow clones and the cache. Every run is anchored with
//! --as-of, so nothing depends on today's date.

use crate::support::{Output, TestRepo, check_json, run_in};

const ALICE: (&str, &str) = ("Alice Liddell", "alice@example.com");
const BOB: (&str, &str) = ("Bob", "bob@example.com");
const CAROL: (&str, &str) = ("Carol", "carol@example.com");
const AS_OF: &str = "2025-06-01";

/// `check --format json` anchored at [`AS_OF`] unless `extra` says otherwise.
fn check(repo: &TestRepo, extra: &[&str]) -> Output {
    let mut args = Vec::new();
    if !extra.contains(&"--as-of") {
        args.extend(["--as-of", AS_OF]);
    }
    args.extend_from_slice(extra);
    check_json(repo, &args)
}

fn owners_of(out: &Output, rule: &str) -> Vec<String> {
    out.field(rule, "owner")
}

/// A repository with two years of history: alice active throughout, bob gone since 2024-08.
fn two_years() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "OWNERS",
        "owner: alice\napprovers: [alice, bob]\ncover: [bob]\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2023-06-01", "start");
    repo.change("src/a.rs", BOB, "2023-09-01");
    repo.change("src/b.rs", BOB, "2024-08-01");
    for (i, date) in ["2024-10-01", "2025-01-15", "2025-05-20"]
        .iter()
        .enumerate()
    {
        repo.change(&format!("src/c{i}.rs"), ALICE, date);
    }
    repo
}

#[test]
fn stale_owner_names_the_last_activity() {
    let repo = two_years();
    let out = check(&repo, &[]);
    let stale = out.of("stale-owner");
    assert_eq!(owners_of(&out, "stale-owner"), ["bob", "bob"], "{stale:?}");
    let message = stale[0]["message"].as_str().unwrap();
    assert!(message.contains("last seen 2024-08-01"), "{message}");
    assert!(message.contains("303 days"), "{message}");
    assert_eq!(stale[0]["evidence"]["last_seen"], "2024-08-01");
    assert_eq!(stale[0]["line"], 2);
    assert!(out.of("history-incomplete").is_empty());
}

/// The identity index reads newest commit first, by commit date, and stops once it has what it
/// looks for. A commit applied long after it was written (kubernetes/kops has one committed in
/// 2023-08 and written in 2022-12) shows its author at the old date: meeting her there is not
/// her last activity, which a commit made later than that date, read further on, shows.
#[test]
fn a_rebased_commit_does_not_end_the_search_for_a_later_activity() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice, bob]\n");
    repo.commit_by(BOB.0, BOB.1, "2020-01-01", "start");
    repo.change("src/a.rs", ALICE, "2025-03-01");
    repo.change("src/b.rs", BOB, "2025-04-01");
    // Written by alice in 2021, committed by bob in 2025-07.
    repo.write("src/old.rs", "old\n");
    repo.git(&["add", "-A"], BOB, "2025-07-01");
    repo.git(
        &[
            "commit",
            "-q",
            "-m",
            "apply an old patch",
            "--author",
            "Alice Liddell <alice@example.com>",
            "--date",
            "2021-06-01T12:00:00Z",
        ],
        BOB,
        "2025-07-01",
    );
    for date in ["2026-04-01", "2026-05-01"] {
        repo.change("src/c.rs", BOB, date);
    }
    // The window (since 2026-03-03) holds none of alice's commits: her last activity comes
    // from the identity index.
    let out = check(&repo, &["--as-of", "2026-06-01", "--since", "90d"]);
    let stale = out.of("stale-owner");
    assert_eq!(owners_of(&out, "stale-owner"), ["alice"], "{stale:?}");
    assert_eq!(stale[0]["evidence"]["last_seen"], "2025-03-01", "{stale:?}");
}

#[test]
fn stale_owner_depends_on_as_of_not_on_today() {
    let repo = two_years();
    let out = repo.ownlint(&["check", "--format", "json", "--as-of", "2024-12-01"]);
    assert!(
        out.of("stale-owner").is_empty(),
        "{:?}",
        out.of("stale-owner")
    );
}

#[test]
fn a_registered_person_never_seen_is_stale_and_an_unknown_one_is_unmapped() {
    let repo = two_years();
    repo.write(
        "OWNERS",
        "owner: alice\napprovers: [alice, carol, zed-nobody]\ncover: [carol]\n",
    );
    repo.write(
        ".ownlint.yaml",
        "people:\n  carol:\n    emails: [carol@corp.example]\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-25", "carol and zed");
    let out = check(&repo, &[]);
    let stale = out.of("stale-owner");
    assert!(stale.iter().all(|d| d["owner"] == "carol"), "{stale:?}");
    assert!(
        stale[0]["message"]
            .as_str()
            .unwrap()
            .contains("was never seen in this repository's history")
    );
    assert_eq!(owners_of(&out, "unmapped-owner"), ["zed-nobody"]);
    assert!(!owners_of(&out, "stale-owner").contains(&"zed-nobody".to_string()));
}

#[test]
fn mailmap_joins_an_old_email_to_the_registered_person() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice, robert]\n");
    repo.write(
        ".ownlint.yaml",
        "people:\n  robert:\n    emails: [robert@new.example]\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2024-01-01", "start");
    repo.change("x.rs", ("Bob", "bob@old.example"), "2025-05-01");
    repo.change("y.rs", ALICE, "2025-05-02");
    let before = check(&repo, &[]);
    assert!(owners_of(&before, "stale-owner").contains(&"robert".to_string()));
    repo.write(
        ".mailmap",
        "Robert <robert@new.example> <bob@old.example>\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-03", "mailmap");
    let after = check(&repo, &[]);
    assert!(
        owners_of(&after, "stale-owner").is_empty(),
        "{:?}",
        after.of("stale-owner")
    );
}

#[test]
fn trailers_merges_and_activity_records_count_as_activity() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice, tina, mergie, rita]\n");
    repo.write(".ownlint.yaml", "activity: [review-activity.jsonl]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2024-01-01", "start");
    // The activity file is read from the work tree, tracked or not.
    repo.write("a.rs", "x");
    repo.commit_by(
        ALICE.0,
        ALICE.1,
        "2025-05-01",
        "work\n\nReviewed-by: Tina <tina@example.com>\n",
    );
    // A GitHub-style merge: the only place the handle `mergie` appears.
    let base = repo.git(&["rev-parse", "HEAD"], ALICE, "2025-05-02");
    repo.git(&["checkout", "-q", "-b", "side"], ALICE, "2025-05-02");
    repo.write("b.rs", "y");
    repo.git(&["add", "b.rs"], ALICE, "2025-05-02");
    repo.git(&["commit", "-q", "-m", "side work"], ALICE, "2025-05-02");
    repo.git(&["checkout", "-q", "main"], ALICE, "2025-05-03");
    repo.git(
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge pull request #7 from mergie/side",
            "side",
        ],
        ("GitHub", "noreply@github.com"),
        "2025-05-03",
    );
    assert_ne!(
        base.trim(),
        repo.git(&["rev-parse", "HEAD"], ALICE, "2025-05-03").trim()
    );
    repo.write(
        "review-activity.jsonl",
        "{\"who\": \"rita\", \"when\": \"2025-05-10\", \"path\": \"a.rs\"}\n",
    );
    let out = check(&repo, &[]);
    assert!(
        out.of("stale-owner").is_empty(),
        "{:?}",
        out.of("stale-owner")
    );
    assert!(
        out.of("unmapped-owner").is_empty(),
        "{:?}",
        out.of("unmapped-owner")
    );
}

#[test]
fn a_bad_activity_file_is_exit_2_with_its_line() {
    let repo = two_years();
    repo.write(".ownlint.yaml", "activity: [act.jsonl]\n");
    repo.write(
        "act.jsonl",
        "{\"who\": \"rita\", \"when\": \"2025-05-10\"}\nnot json\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-25", "activity");
    let out = repo.ownlint(&["check", "--as-of", AS_OF]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("act.jsonl:2"), "{}", out.stderr);
}

#[test]
fn absent_from_area_for_an_approver_who_works_elsewhere() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice, bob]\n");
    repo.write("storage/OWNERS", "approvers: [bob]\n");
    repo.write("storage/s.rs", "x");
    repo.commit_by(ALICE.0, ALICE.1, "2024-01-01", "start");
    repo.change("net/n.rs", BOB, "2025-05-01");
    repo.change("storage/s.rs", ALICE, "2025-05-02");
    let out = check(&repo, &[]);
    let absent = out.of("absent-from-area");
    assert_eq!(absent.len(), 1, "{absent:?}");
    assert_eq!(absent[0]["owner"], "bob");
    assert_eq!(absent[0]["area"], "storage");
    // Once bob works in storage/, nothing is reported.
    repo.change("storage/s.rs", BOB, "2025-05-03");
    assert!(check(&repo, &[]).of("absent-from-area").is_empty());
    // An area nobody touched in the window says nothing about its approvers.
    repo.write("quiet/OWNERS", "approvers: [bob]\n");
    repo.write("quiet/q.rs", "q");
    repo.commit_by(ALICE.0, ALICE.1, "2023-01-01", "a quiet area, long ago");
    assert!(check(&repo, &[]).of("absent-from-area").is_empty());
}

#[test]
fn orphaned_area_when_every_approver_is_gone() {
    let repo = two_years();
    repo.write(
        "legacy/OWNERS",
        "options:\n  no_parent_owners: true\napprovers: [bob, ghost-person]\n",
    );
    repo.write("legacy/l.rs", "x");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-25", "legacy");
    // Someone who appears nowhere in the history may well be active: not known to be gone.
    let out = check(&repo, &[]);
    assert!(
        out.of("orphaned-area").is_empty(),
        "{:?}",
        out.of("orphaned-area")
    );
    assert_eq!(owners_of(&out, "unmapped-owner"), ["ghost-person"]);
    // Once every approver is known and gone, the area is orphaned.
    repo.write(
        "legacy/OWNERS",
        "options:\n  no_parent_owners: true\napprovers: [bob, carol]\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-26", "legacy");
    repo.write(
        ".mailmap",
        "Carol <carol@example.com> <carol@old.example>\n",
    );
    repo.commit_by(
        CAROL.0,
        "carol@old.example",
        "2023-07-01",
        "carol, long ago",
    );
    let out = check(&repo, &[]);
    let orphaned = out.of("orphaned-area");
    assert_eq!(orphaned.len(), 1, "{orphaned:?}");
    assert_eq!(orphaned[0]["area"], "legacy");
    let message = orphaned[0]["message"].as_str().unwrap();
    assert!(message.contains("`bob` (last seen 2024-08-01"), "{message}");
    assert!(
        message.contains("`carol` (last seen 2023-07-01"),
        "{message}"
    );
    assert_eq!(orphaned[0]["severity"], "error");
    // The root area still has alice.
    assert!(orphaned.iter().all(|d| d["area"] != "."));
}

#[test]
fn undeclared_maintainer_gives_the_share() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice]\n");
    repo.write("parser/OWNERS", "approvers: [alice]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2024-01-01", "start");
    for day in 1..=6 {
        repo.change("parser/p.rs", CAROL, &format!("2025-03-{day:02}"));
    }
    repo.change("parser/q.rs", ALICE, "2025-03-10");
    repo.change("parser/q.rs", ALICE, "2025-03-11");
    let out = check(&repo, &[]);
    let found = out.of("undeclared-maintainer");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("Carol <carol@example.com> made 6 of the 8 changes (75%) to `parser`"),
        "{message}"
    );
    assert_eq!(found[0]["evidence"]["commits"], 6);
    assert_eq!(found[0]["evidence"]["share"], 0.75);
    // Declaring carol as a reviewer settles it.
    repo.write("parser/OWNERS", "approvers: [alice]\nreviewers: [carol]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-12", "declare carol");
    assert!(check(&repo, &[]).of("undeclared-maintainer").is_empty());
}

#[test]
fn single_point_of_failure_until_a_cover_is_named() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [carol]\n");
    repo.write(
        "billing/OWNERS",
        "options:\n  no_parent_owners: true\nowner: alice\napprovers: [alice]\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2024-01-01", "start");
    for day in 1..=10 {
        repo.change("billing/b.rs", ALICE, &format!("2025-04-{day:02}"));
    }
    repo.change("x.rs", CAROL, "2025-04-20");
    let out = check(&repo, &[]);
    let found = out.of("single-point-of-failure");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["area"], "billing");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("10 of the 10 changes (100%)")
    );
    repo.write(
        "billing/OWNERS",
        "options:\n  no_parent_owners: true\nowner: alice\napprovers: [alice]\ncover: [carol]\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-04-21", "cover");
    assert!(check(&repo, &[]).of("single-point-of-failure").is_empty());
}

#[test]
fn review_overdue_by_date_and_by_last_change() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice]\nreviewed: 2024-01-15\n");
    repo.write("fresh/OWNERS", "approvers: [alice]\nreviewed: 2025-01-15\n");
    repo.write("old/OWNERS", "approvers: [alice]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2024-02-01", "start");
    repo.write("new/OWNERS", "approvers: [alice]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-01", "new area");
    let out = check(&repo, &["--since", "2y"]);
    let files: Vec<String> = out.files("review-overdue");
    assert_eq!(
        files,
        ["OWNERS", "old/OWNERS"],
        "{:?}",
        out.of("review-overdue")
    );
    let found = out.of("review-overdue");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("503 days ago")
    );
    assert!(
        found[1]["message"]
            .as_str()
            .unwrap()
            .contains("last changed 2024-02-01")
    );
}

/// A project that never adopted a review cadence: OWNERS files untouched for more than a
/// year, none with `reviewed:`, no `review_every` in the configuration.
fn no_review_cadence() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice]\n");
    repo.write("api/OWNERS", "approvers: [alice]\nlabels: [area/api]\n");
    repo.write("api/server.go", "package api\n");
    repo.commit_by(ALICE.0, ALICE.1, "2023-03-01", "start");
    repo.change("api/server.go", ALICE, "2025-05-01");
    repo
}

#[test]
fn review_overdue_stays_quiet_where_the_project_never_adopted_reviews() {
    let repo = no_review_cadence();
    let out = check(&repo, &["--since", "3y"]);
    assert!(
        out.of("review-overdue").is_empty(),
        "{:?}",
        out.of("review-overdue")
    );
    // The report still shows when each file was last looked at.
    let report = repo.ownlint(&[
        "report", "--format", "json", "--as-of", AS_OF, "--since", "3y",
    ]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let json = report.json();
    let areas = json["repositories"][0]["areas"].as_array().unwrap();
    let api = areas.iter().find(|a| a["area"] == "api").unwrap();
    assert_eq!(api["review"]["date"], "2023-03-01", "{api}");
    assert_eq!(api["review"]["source"], "last-change");
}

#[test]
fn one_reviewed_date_adopts_reviews_for_every_ownership_file() {
    let repo = no_review_cadence();
    repo.write("OWNERS", "approvers: [alice]\nreviewed: 2025-04-01\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-04-01", "review the root");
    let out = check(&repo, &["--since", "3y"]);
    assert_eq!(out.files("review-overdue"), ["api/OWNERS"]);
    assert!(
        out.field("review-overdue", "message")[0].contains("last changed 2023-03-01"),
        "{:?}",
        out.of("review-overdue")
    );
}

#[test]
fn review_every_or_the_rules_level_in_the_configuration_adopts_reviews() {
    for config in [
        "history:\n  review_every: 365d\n",
        "rules:\n  review-overdue: warning\n",
    ] {
        let repo = no_review_cadence();
        repo.write(".ownlint.yaml", config);
        repo.commit_by(BOB.0, BOB.1, "2025-05-02", "configure ownlint");
        let out = check(&repo, &["--since", "3y"]);
        assert_eq!(
            out.files("review-overdue"),
            ["OWNERS", "api/OWNERS"],
            "{config}: {:?}",
            out.of("review-overdue")
        );
    }
}

const DAVE: (&str, &str) = ("Dave", "dave@example.com");

/// `tools/` is dave's area; bob works on a branch that adds `tools/lint.sh`, and dave merges it
/// on 2025-05-20 with `git merge --no-ff`. With `own_edit`, dave also writes
/// `tools/check.sh` in the merge commit itself (staged between `--no-commit` and the commit).
fn merged_by_dave(own_edit: bool) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice]\n");
    repo.write("tools/OWNERS", "approvers: [dave]\n");
    repo.write("tools/build.sh", "make\n");
    repo.write("src/main.rs", "fn main() {}\n");
    repo.commit_by(ALICE.0, ALICE.1, "2024-01-10", "start");
    repo.git(&["checkout", "-q", "-b", "lint"], BOB, "2025-05-01");
    repo.change("tools/lint.sh", BOB, "2025-05-02");
    repo.git(&["checkout", "-q", "main"], ALICE, "2025-05-03");
    repo.change("src/main.rs", ALICE, "2025-05-04");
    repo.git(
        &["merge", "--no-ff", "--no-commit", "-q", "lint"],
        DAVE,
        "2025-05-20",
    );
    if own_edit {
        repo.write("tools/check.sh", "shellcheck tools/*.sh\n");
        repo.git(&["add", "tools/check.sh"], DAVE, "2025-05-20");
    }
    repo.git(
        &["commit", "-q", "-m", "Merge branch 'lint'"],
        DAVE,
        "2025-05-20",
    );
    repo
}

/// The (who, changes) of an area's most active people in `ownlint report --format json`.
fn most_active(repo: &TestRepo, area: &str) -> Vec<(String, u64)> {
    let out = repo.ownlint(&["report", "--format", "json", "--as-of", AS_OF]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    let areas = json["repositories"][0]["areas"].as_array().unwrap().clone();
    let found = areas.iter().find(|a| a["area"] == area).unwrap().clone();
    found["most_active"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["who"].as_str().unwrap().to_string(),
                p["changes"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_file_created_in_a_merge_commit_is_a_change_by_the_merges_author() {
    let repo = merged_by_dave(true);
    let out = check(&repo, &[]);
    assert!(
        out.of("absent-from-area").is_empty(),
        "dave changed tools/ in his merge: {:?}",
        out.of("absent-from-area")
    );
    assert_eq!(
        most_active(&repo, "tools"),
        [
            ("Dave <dave@example.com>".to_string(), 1),
            ("Bob <bob@example.com>".to_string(), 1)
        ]
    );
    // The cache records the merge's own edit: a second, warm run says the same.
    assert_eq!(check(&repo, &[]).stdout, out.stdout);
    assert!(
        repo.path().join(".git/ownlint/history-v3.cache").is_file(),
        "the first run wrote the cache"
    );
}

#[test]
fn a_merge_that_only_brings_in_its_branch_counts_nothing_new() {
    let repo = merged_by_dave(false);
    let out = check(&repo, &[]);
    // Merging is activity, but not a change to tools/: bob's commit is the change, counted once.
    assert_eq!(
        owners_of(&out, "absent-from-area"),
        ["dave"],
        "{:?}",
        out.of("absent-from-area")
    );
    assert_eq!(
        most_active(&repo, "tools"),
        [("Bob <bob@example.com>".to_string(), 1)]
    );
}

/// `tools/CHANGELOG`: twenty entries, with `edits` (line index, text) made to them.
fn changelog(edits: &[(usize, &str)]) -> String {
    let mut lines: Vec<String> = (1..=20).map(|i| format!("- change {i}")).collect();
    for &(at, text) in edits {
        lines[at] = text.to_string();
    }
    lines.join("\n") + "\n"
}

/// `tools/` is approved by alice and bob; dave, who is declared nowhere, merges bob's branch
/// on 2025-05-20. Bob's branch edited the top of `tools/CHANGELOG` while alice edited its end on
/// `main`: git merges the file cleanly, and the merged file equals neither side's (`git log -c`
/// lists it). With `own_line`, dave also rewrites a line of the middle in the merge commit.
/// The configuration makes one change in three enough for `undeclared-maintainer`.
fn clean_merge_of_one_file_by_dave(own_line: bool) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        ".ownlint.yaml",
        "history:\n  min_commits: 1\n  min_share: 0.3\n",
    );
    repo.write("OWNERS", "approvers: [alice]\n");
    repo.write("tools/OWNERS", "approvers: [alice, bob]\n");
    repo.write("tools/CHANGELOG", &changelog(&[]));
    repo.commit_by(ALICE.0, ALICE.1, "2024-01-10", "start");
    repo.git(&["checkout", "-q", "-b", "notes"], BOB, "2025-05-01");
    repo.write("tools/CHANGELOG", &changelog(&[(1, "- bob's entry")]));
    repo.commit_by(BOB.0, BOB.1, "2025-05-02", "bob's entry");
    repo.git(&["checkout", "-q", "main"], ALICE, "2025-05-03");
    repo.write("tools/CHANGELOG", &changelog(&[(18, "- alice's entry")]));
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-04", "alice's entry");
    repo.git(
        &["merge", "--no-ff", "--no-commit", "-q", "notes"],
        DAVE,
        "2025-05-20",
    );
    if own_line {
        let merged = changelog(&[(1, "- bob's entry"), (18, "- alice's entry")]);
        assert_eq!(
            std::fs::read_to_string(repo.path().join("tools/CHANGELOG")).unwrap(),
            merged,
            "git merged the file cleanly"
        );
        repo.write(
            "tools/CHANGELOG",
            &changelog(&[
                (1, "- bob's entry"),
                (9, "- dave's edit"),
                (18, "- alice's entry"),
            ]),
        );
        repo.git(&["add", "tools/CHANGELOG"], DAVE, "2025-05-20");
    }
    repo.git(
        &["commit", "-q", "-m", "Merge branch 'notes'"],
        DAVE,
        "2025-05-20",
    );
    repo
}

#[test]
fn merging_a_clean_branch_that_edited_a_file_main_edited_too_is_no_change() {
    let repo = clean_merge_of_one_file_by_dave(false);
    let names = repo.git(
        &["show", "-c", "--name-only", "--format=", "HEAD"],
        DAVE,
        "2025-05-20",
    );
    assert_eq!(names.trim(), "tools/CHANGELOG", "git log -c lists the file");
    let out = check(&repo, &[]);
    assert!(
        out.of("undeclared-maintainer").is_empty(),
        "dave only merged: {:?}",
        out.of("undeclared-maintainer")
    );
    assert_eq!(
        most_active(&repo, "tools"),
        [
            ("Alice Liddell <alice@example.com>".to_string(), 1),
            ("Bob <bob@example.com>".to_string(), 1)
        ]
    );
}

#[test]
fn a_line_of_the_merges_own_in_a_cleanly_merged_file_is_a_change() {
    let repo = clean_merge_of_one_file_by_dave(true);
    let out = check(&repo, &[]);
    let found = out.of("undeclared-maintainer");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("Dave <dave@example.com> made 1 of the 3 changes"),
        "{message}"
    );
    assert!(
        most_active(&repo, "tools").contains(&("Dave <dave@example.com>".to_string(), 1)),
        "{:?}",
        most_active(&repo, "tools")
    );
}

#[test]
fn an_owner_changed_in_a_merge_commit_is_an_ownership_change() {
    // A conflict on tools/OWNERS: the branch adds bob, main adds carol, and dave resolves it by
    // making himself the owner, with both of them as approvers and alice dropped.
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice]\n");
    repo.write(
        "tools/OWNERS",
        "owner: alice\napprovers:\n  - alice\n  - dave\n",
    );
    repo.write("tools/build.sh", "make\n");
    repo.commit_by(ALICE.0, ALICE.1, "2024-01-10", "start");
    repo.git(&["checkout", "-q", "-b", "more"], BOB, "2025-05-01");
    repo.write(
        "tools/OWNERS",
        "owner: alice\napprovers:\n  - alice\n  - dave\n  - bob\n",
    );
    repo.commit_by(BOB.0, BOB.1, "2025-05-02", "add bob");
    repo.git(&["checkout", "-q", "main"], ALICE, "2025-05-03");
    repo.write(
        "tools/OWNERS",
        "owner: alice\napprovers:\n  - alice\n  - dave\n  - carol\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-04", "add carol");
    repo.git(
        &[
            "merge",
            "--no-ff",
            "--no-commit",
            "-q",
            "-X",
            "ours",
            "more",
        ],
        DAVE,
        "2025-05-10",
    );
    repo.write(
        "tools/OWNERS",
        "owner: dave\napprovers:\n  - dave\n  - bob\n  - carol\n",
    );
    repo.git(&["add", "tools/OWNERS"], DAVE, "2025-05-10");
    repo.git(
        &["commit", "-q", "-m", "Merge branch 'more'"],
        DAVE,
        "2025-05-10",
    );
    let out = check(&repo, &[]);
    let found = out.field("handover-missing", "message");
    assert_eq!(found.len(), 1, "{found:?}");
    // The merge's own change: the owner (alice, who still approves from the root, left
    // nothing else); not bob (the branch's commit added him) nor carol (main's commit did).
    assert!(found[0].contains("owner alice → dave"), "{}", found[0]);
    assert!(!found[0].contains("bob"), "{}", found[0]);
    assert!(!found[0].contains("carol"), "{}", found[0]);
    assert!(found[0].contains("(2025-05-10)"), "{}", found[0]);
}

#[test]
fn a_young_repository_is_one_notice_not_everyone_stale() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice, carol]\n");
    repo.write(
        ".ownlint.yaml",
        "people:\n  carol:\n    emails: [carol@example.com]\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-01", "start");
    // Three months of history cannot show that carol has been gone for six.
    let out = check(&repo, &["--as-of", "2025-08-01"]);
    assert!(
        out.of("stale-owner").is_empty(),
        "{:?}",
        out.of("stale-owner")
    );
    let notice = out.of("history-incomplete");
    assert_eq!(notice.len(), 1);
    assert!(
        notice[0]["message"]
            .as_str()
            .unwrap()
            .contains("starts 2025-05-01")
    );
    // Seven months of history can.
    repo.change("a.rs", ALICE, "2025-11-20");
    let later = check(&repo, &["--as-of", "2025-12-01"]);
    assert_eq!(owners_of(&later, "stale-owner"), ["carol"]);
    assert!(later.of("history-incomplete").is_empty());
}

#[test]
fn a_shallow_clone_is_one_notice_with_the_fetch_to_run() {
    let repo = two_years();
    let place = tempfile::tempdir().unwrap();
    let clone = place.path().join("clone");
    let url = format!("file://{}", repo.path().display());
    repo.git(
        &["clone", "-q", "--depth", "2", &url, clone.to_str().unwrap()],
        ALICE,
        "2025-06-01",
    );
    let out = run_in(
        &clone,
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--as-of",
            AS_OF,
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.of("stale-owner").is_empty(),
        "{:?}",
        out.of("stale-owner")
    );
    let notice = out.of("history-incomplete");
    assert_eq!(notice.len(), 1, "{notice:?}");
    let message = notice[0]["message"].as_str().unwrap();
    assert!(message.contains("shallow"), "{message}");
    assert!(message.contains("--shallow-since=2024-12-03"), "{message}");
}

#[test]
fn no_history_skips_the_history_rules() {
    let repo = two_years();
    let out = check(&repo, &["--no-history"]);
    assert!(out.of("stale-owner").is_empty());
    assert!(out.of("history-incomplete").is_empty());
}

#[test]
fn rev_reads_history_up_to_that_revision_and_anchors_there() {
    let repo = two_years();
    let out = repo.ownlint(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--rev",
        "HEAD~3",
    ]);
    // HEAD~3 is bob's 2024-08-01 commit: bob was active then; alice's last commit by then was
    // her first one, 427 days before (however far behind the window that is).
    assert_eq!(owners_of(&out, "stale-owner"), ["alice", "alice"]);
    assert!(
        out.of("stale-owner")[0]["message"]
            .as_str()
            .unwrap()
            .contains("427 days")
    );
    let later = repo.ownlint(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--rev",
        "HEAD~3",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(
        owners_of(&later, "stale-owner"),
        ["alice", "alice", "bob", "bob"]
    );
}

#[test]
fn unknown_owner_with_a_closed_registry() {
    let repo = two_years();
    repo.write(
        ".ownlint.yaml",
        "identity:\n  closed: true\npeople:\n  alice:\n    emails: [alice@example.com]\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-25", "close the registry");
    let out = check(&repo, &[]);
    assert_eq!(owners_of(&out, "unknown-owner"), ["bob", "bob"]);
    assert_eq!(out.of("unknown-owner")[0]["severity"], "error");
    repo.write(
        ".ownlint.yaml",
        "people:\n  alice:\n    emails: [alice@example.com]\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-26", "open it");
    assert!(check(&repo, &[]).of("unknown-owner").is_empty());
}

#[test]
fn the_cache_changes_nothing_and_survives_corruption_and_concurrency() {
    let repo = two_years();
    let cache = repo.path().join(".git/ownlint/history-v3.cache");
    let cold = check(&repo, &["--no-cache"]).stdout;
    assert!(!cache.exists(), "--no-cache writes nothing");
    let first = check(&repo, &[]).stdout;
    // The cache is saved on a thread of its own: the run must still end only once it is
    // written in full, leaving no temporary file.
    assert!(cache.exists(), "a run writes the cache");
    let identities = repo.path().join(".git/ownlint/identities-v1.json");
    assert!(identities.exists(), "a run writes the identity cache");
    assert_eq!(
        std::fs::read_dir(cache.parent().unwrap()).unwrap().count(),
        2,
        "only the two cache files are left"
    );
    let identities_written = std::fs::read(&identities).unwrap();
    let written = std::fs::read(&cache).unwrap();
    let warm = check(&repo, &[]).stdout;
    assert_eq!(cold, first);
    assert_eq!(cold, warm);
    assert_eq!(
        std::fs::read(&cache).unwrap(),
        written,
        "a warm run rewrote the cache"
    );
    assert_eq!(
        std::fs::read(&identities).unwrap(),
        identities_written,
        "a warm run rewrote the identity cache"
    );
    std::fs::write(&identities, b"{\"version\": 1, \"idents\": [{").unwrap();
    assert_eq!(check(&repo, &[]).stdout, cold);
    std::fs::write(
        &identities,
        br#"{"version":1,"idents":[],"merges":[{"commit":"x","handle":"h","time":0,"authors":[[7,1]]}],"tips":[],"frontier":[],"mainline_next":null,"oldest":null,"commits":0,"shallow":false}"#,
    )
    .unwrap();
    assert_eq!(check(&repo, &[]).stdout, cold);
    std::fs::write(&cache, b"OWNLINT-HISTORY\ncorrupted beyond repair").unwrap();
    assert_eq!(check(&repo, &[]).stdout, cold);
    let bytes = std::fs::read(&cache).unwrap();
    std::fs::write(&cache, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(check(&repo, &[]).stdout, cold);
    // Several processes at once: every one succeeds with the same answer, and the cache stays
    // readable.
    std::fs::remove_file(&cache).unwrap();
    let runs: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_ownlint"))
                .args([
                    "check",
                    "--format",
                    "json",
                    "--fail-on",
                    "never",
                    "--as-of",
                    AS_OF,
                ])
                .current_dir(repo.path())
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let output = run.wait_with_output().unwrap();
        assert!(output.status.success());
        assert_eq!(String::from_utf8_lossy(&output.stdout), cold);
    }
    assert_eq!(check(&repo, &[]).stdout, cold);
    let leftovers: Vec<_> = std::fs::read_dir(cache.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .filter(|n| n != "history-v3.cache" && n != "identities-v1.json")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn who_shows_activity_and_whether_each_owner_is_active() {
    let repo = two_years();
    let out = repo.ownlint(&["who", "src/a.rs", "--format", "json", "--as-of", AS_OF]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let answer = &out.json()[0];
    let owners = answer["owners"].as_array().unwrap();
    let alice = owners
        .iter()
        .find(|o| o["name"] == "alice" && o["role"] == "approver")
        .unwrap();
    assert_eq!(alice["active"], true);
    assert_eq!(alice["last_seen"], "2025-05-20");
    let bob = owners
        .iter()
        .find(|o| o["name"] == "bob" && o["role"] == "approver")
        .unwrap();
    assert_eq!(bob["active"], false);
    assert_eq!(bob["last_seen"], "2024-08-01");
    assert_eq!(answer["area"], ".");
    let activity = answer["activity"].as_array().unwrap();
    assert_eq!(activity[0]["who"], "Alice Liddell <alice@example.com>");
    assert_eq!(activity[0]["changes"], 3);
    assert_eq!(activity[1]["who"], "Bob <bob@example.com>");
    assert_eq!(activity[1]["last"], "2024-08-01");
    let human = repo.ownlint(&["who", "src/a.rs", "--as-of", AS_OF]);
    assert!(
        human.stdout.contains("inactive, last seen 2024-08-01"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("most active in `.`"),
        "{}",
        human.stdout
    );
    let without = repo.ownlint(&["who", "src/a.rs", "--format", "json", "--no-history"]);
    assert!(without.json()[0].get("activity").is_none());
}

#[test]
fn a_partial_clone_with_missing_trees_is_one_notice() {
    let repo = two_years();
    repo.git(
        &["config", "uploadpack.allowFilter", "true"],
        ALICE,
        "2025-06-01",
    );
    let place = tempfile::tempdir().unwrap();
    let clone = place.path().join("treeless");
    let url = format!("file://{}", repo.path().display());
    repo.git(
        &[
            "clone",
            "-q",
            "--filter=tree:0",
            &url,
            clone.to_str().unwrap(),
        ],
        ALICE,
        "2025-06-01",
    );
    let out = run_in(
        &clone,
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--as-of",
            AS_OF,
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let notices: Vec<String> = out
        .of("history-incomplete")
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        notices.iter().any(|m| m.contains("trees missing")),
        "{notices:?}"
    );
    assert!(out.of("undeclared-maintainer").is_empty());
    assert!(out.of("absent-from-area").is_empty());
    // Identities and dates are still there: stale-owner still judges.
    assert_eq!(owners_of(&out, "stale-owner"), ["bob", "bob"]);
}

#[test]
fn an_unmapped_person_is_reported_once_with_the_count_of_other_mentions() {
    let repo = two_years();
    repo.write(
        "OWNERS",
        "owner: alice\napprovers: [alice, zed-nobody]\ncover: [zed-nobody]\n",
    );
    repo.write("sub/OWNERS", "approvers: [zed-nobody]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-25", "zed everywhere");
    let found = check(&repo, &[]).of("unmapped-owner");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["line"], 2);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("also named in 2 other places")
    );
}

/// Issue 15: a category's level (`history: ...`) sets review-overdue's severity but does not
/// adopt reviews on its own; naming the rule does, as before categories.
#[test]
fn a_category_level_does_not_adopt_reviews_but_the_rules_own_level_does() {
    for (config, expected) in [
        ("rules:\n  history: error\n", None),
        (
            "rules:\n  history: error\n  review-overdue: info\n",
            Some("info"),
        ),
        (
            "history:\n  review_every: 365d\nrules:\n  history: error\n",
            Some("error"),
        ),
    ] {
        let repo = no_review_cadence();
        repo.write(".ownlint.yaml", config);
        repo.commit_by(BOB.0, BOB.1, "2025-05-02", "configure ownlint");
        let out = check(&repo, &["--since", "3y"]);
        let severities = out.field("review-overdue", "severity");
        match expected {
            Some(severity) => assert_eq!(severities, [severity, severity], "{config}"),
            None => assert!(severities.is_empty(), "{config}: {severities:?}"),
        }
    }
}

/// Issue 15: what each history rule needs of the history is declared with the rule and
/// checked once (`HistoryNeed`); without it the rule stays silent, as each rule's own opening
/// lines made it before. Here the full history makes `undeclared-maintainer`,
/// `single-point-of-failure` (which need every commit's paths) and `orphaned-area` (which needs
/// history back to the cutoff) fire; a treeless clone silences the first two, a shallow clone
/// cut after the cutoff the third.
#[test]
fn each_history_rule_is_silent_without_the_history_it_needs() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice]\n");
    repo.write("lib/OWNERS", "approvers: [carol]\n");
    repo.write("lib/x.rs", "x");
    repo.commit_by(ALICE.0, ALICE.1, "2023-06-01", "start");
    repo.change("lib/x.rs", ("Carol", "carol@example.com"), "2023-07-01");
    for day in 1..=8 {
        repo.change(
            &format!("src/z{day}.rs"),
            DAVE,
            &format!("2025-04-{day:02}"),
        );
    }
    repo.git(
        &["config", "uploadpack.allowFilter", "true"],
        ALICE,
        "2025-06-01",
    );
    let full = check(&repo, &[]);
    let fired = |out: &Output, rule: &str| !out.of(rule).is_empty();
    for rule in [
        "undeclared-maintainer",
        "single-point-of-failure",
        "orphaned-area",
    ] {
        assert!(fired(&full, rule), "{rule}: {:?}", full.diagnostics());
    }
    let place = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let clone = |name: &str, how: &[&str]| {
        let path = place.path().join(name);
        let mut args = vec!["clone", "-q"];
        args.extend_from_slice(how);
        args.extend([url.as_str(), path.to_str().unwrap()]);
        repo.git(&args, ALICE, "2025-06-01");
        let out = run_in(
            &path,
            &[
                "check",
                "--format",
                "json",
                "--fail-on",
                "never",
                "--as-of",
                AS_OF,
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        out
    };
    let treeless = clone("treeless", &["--filter=tree:0"]);
    assert!(fired(&treeless, "history-incomplete"));
    assert!(!fired(&treeless, "undeclared-maintainer"));
    assert!(!fired(&treeless, "single-point-of-failure"));
    assert!(
        fired(&treeless, "orphaned-area"),
        "{:?}",
        treeless.diagnostics()
    );
    let shallow = clone("shallow", &["--depth", "2"]);
    assert!(fired(&shallow, "history-incomplete"));
    assert!(
        !fired(&shallow, "orphaned-area"),
        "{:?}",
        shallow.of("orphaned-area")
    );
}
