//! One identity per person over the whole history: handles joined through merge subjects,
//! `.mailmap` applied to declared emails, the same name under two emails, owners last seen
//! years before the window, bots and tree-wide changes. Every scenario is checked both ways:
//! the verdict that was wrong before does not come back, and the true one still fires.

use crate::support::{Output, TestRepo, check_json};

const AS_OF: &str = "2025-06-01";
const ALICE_H: (&str, &str) = ("Alice Hacker", "alice@hacker.dev");
const BOB: (&str, &str) = ("Bob Builder", "bob@example.com");
const CAROL: (&str, &str) = ("Carol Jones", "carol@example.com");
const MERGE_BOT: (&str, &str) = ("k8s-ci-robot", "k8s-ci-robot@users.noreply.github.com");

/// `check --format json` anchored at [`AS_OF`] unless `extra` says otherwise.
fn check(repo: &TestRepo, extra: &[&str]) -> Output {
    let mut args = Vec::new();
    if !extra.contains(&"--as-of") {
        args.extend(["--as-of", AS_OF]);
    }
    args.extend_from_slice(extra);
    check_json(repo, &args)
}

fn messages(out: &Output, rule: &str) -> Vec<String> {
    out.field(rule, "message")
}

/// A pull request: a branch with `commits` commits by `who` on `date`, merged into main by a
/// bot with GitHub's subject naming `handle`.
fn pull_request(repo: &TestRepo, n: usize, handle: &str, who: (&str, &str), date: &str) {
    let branch = format!("pr-{n}");
    repo.git(&["checkout", "-q", "-b", &branch], who, date);
    repo.change(&format!("src/f{n}.rs"), who, date);
    repo.git(&["checkout", "-q", "main"], who, date);
    repo.git(
        &[
            "merge",
            "-q",
            "--no-ff",
            &branch,
            "-m",
            &format!("Merge pull request #{n} from {handle}/{branch}"),
        ],
        MERGE_BOT,
        date,
    );
}

/// alice-h is declared by handle and commits as `Alice Hacker <alice@hacker.dev>`; every change
/// reaches main as a pull request merged by a bot.
fn declared_by_handle() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice-h, bob]\n");
    repo.write("src/OWNERS", "approvers: [alice-h]\n");
    repo.write("src/lib.rs", "x\n");
    repo.commit_by(BOB.0, BOB.1, "2025-01-01", "start");
    for n in 1..=6 {
        pull_request(&repo, n, "alice-h", ALICE_H, &format!("2025-03-0{n}"));
    }
    repo.change("README.md", BOB, "2025-05-01");
    repo
}

#[test]
fn a_handle_is_joined_to_its_commits_through_merge_subjects() {
    let repo = declared_by_handle();
    let out = check(&repo, &[]);
    for rule in [
        "undeclared-maintainer",
        "absent-from-area",
        "stale-owner",
        "unmapped-owner",
    ] {
        assert!(out.of(rule).is_empty(), "{rule}: {:?}", out.of(rule));
    }
    // Someone who is not declared still is a de facto maintainer.
    for n in 7..=9 {
        pull_request(&repo, n, "carol-j", CAROL, &format!("2025-04-0{n}"));
    }
    for day in 10..=14 {
        repo.change("src/lib.rs", CAROL, &format!("2025-04-{day}"));
    }
    let found = messages(&check(&repo, &[]), "undeclared-maintainer");
    assert!(
        found
            .iter()
            .any(|m| m.starts_with("Carol Jones <carol@example.com> made 8 of the 15 changes")),
        "{found:?}"
    );
    assert!(found.iter().all(|m| !m.contains("Alice")), "{found:?}");
}

#[test]
fn merges_that_disagree_join_nobody() {
    // The handle's merges bring in commits by two different people: no join, and the handle
    // stays a person of its own, active through its merges.
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [bob]\nreviewers: [shared]\n");
    repo.commit_by(BOB.0, BOB.1, "2025-01-01", "start");
    pull_request(&repo, 1, "shared", ALICE_H, "2025-03-01");
    pull_request(&repo, 2, "shared", CAROL, "2025-03-02");
    let out = repo.ownlint(&["who", "--format", "json", "--as-of", AS_OF, "OWNERS"]);
    let json = out.json();
    let shared = json[0]["owners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "shared")
        .unwrap()
        .clone();
    assert_eq!(shared["last_seen"], "2025-03-02", "{shared}");
}

#[test]
fn mailmap_applies_to_declared_emails() {
    // A MAINTAINERS file declares a maintainer with an address they no longer use; .mailmap
    // maps it to the current one, under which they are active.
    let repo = TestRepo::new();
    repo.write(
        "MAINTAINERS",
        "DRIVERS\nM:\tDana Old <dana@old.example>\nS:\tMaintained\nF:\tdrivers/\n",
    );
    repo.write("drivers/d.c", "d\n");
    repo.commit_by("Dana", "dana@new.example", "2025-01-01", "start");
    repo.change("drivers/d.c", ("Dana", "dana@new.example"), "2025-05-01");
    let before = check(&repo, &[]);
    assert_eq!(
        before.field("unmapped-owner", "owner"),
        ["dana@old.example"],
        "without .mailmap the old address is nobody"
    );
    repo.write(".mailmap", "Dana <dana@new.example> <dana@old.example>\n");
    repo.commit_by("Dana", "dana@new.example", "2025-05-02", "mailmap");
    let out = check(&repo, &[]);
    for rule in ["unmapped-owner", "orphaned-area", "stale-owner"] {
        assert!(out.of(rule).is_empty(), "{rule}: {:?}", out.of(rule));
    }
}

#[test]
fn the_same_full_name_under_two_emails_is_one_person() {
    let repo = TestRepo::new();
    repo.write(
        "MAINTAINERS",
        "NET\nM:\tErin Example <erin@corp.example>\nS:\tMaintained\nF:\tnet/\n",
    );
    repo.write("net/n.c", "n\n");
    repo.commit_by("Erin Example", "erin@corp.example", "2022-01-01", "start");
    for day in 1..=6 {
        repo.change(
            "net/n.c",
            ("Erin Example", "erin@home.example"),
            &format!("2025-04-0{day}"),
        );
    }
    let out = check(&repo, &[]);
    for rule in ["stale-owner", "orphaned-area", "undeclared-maintainer"] {
        assert!(out.of(rule).is_empty(), "{rule}: {:?}", out.of(rule));
    }
    // A one-word name is no join: `erin` under another email is someone else.
    let other = TestRepo::new();
    other.write(
        "MAINTAINERS",
        "NET\nM:\tErin <erin@corp.example>\nS:\tMaintained\nF:\tnet/\n",
    );
    other.write("net/n.c", "n\n");
    other.commit_by("Erin", "erin@corp.example", "2022-01-01", "start");
    for day in 1..=6 {
        other.change(
            "net/n.c",
            ("Erin", "erin@home.example"),
            &format!("2025-04-0{day}"),
        );
    }
    assert_eq!(
        check(&other, &[]).field("stale-owner", "owner"),
        ["erin@corp.example"]
    );
}

#[test]
fn an_owner_last_seen_years_before_the_window_is_stale_not_unmapped() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [bob, carol]\n");
    repo.commit_by(CAROL.0, CAROL.1, "2021-03-01", "carol starts");
    repo.change("x.rs", CAROL, "2022-02-01");
    for month in 1..=4 {
        repo.change("y.rs", BOB, &format!("2025-0{month}-01"));
    }
    let out = check(&repo, &[]);
    assert!(
        out.of("unmapped-owner").is_empty(),
        "{:?}",
        out.of("unmapped-owner")
    );
    let stale = messages(&out, "stale-owner");
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(
        stale[0].contains(
            "last seen 2022-02-01 as Carol Jones <carol@example.com>, authoring a commit"
        ),
        "{}",
        stale[0]
    );
    // Only a name that appears nowhere is unmapped.
    repo.write("OWNERS", "approvers: [bob, carol, nobody-at-all]\n");
    repo.commit_by(BOB.0, BOB.1, "2025-05-01", "add");
    assert_eq!(
        check(&repo, &[]).field("unmapped-owner", "owner"),
        ["nobody-at-all"]
    );
}

#[test]
fn reviews_and_co_developed_by_count_as_activity() {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [bob, carol]\n");
    repo.commit_by(CAROL.0, CAROL.1, "2021-03-01", "start");
    repo.write("y.rs", "y\n");
    repo.commit_by(
        BOB.0,
        BOB.1,
        "2025-05-01",
        "change\n\nCo-developed-by: Carol Jones <carol@example.com>\nSigned-off-by: Bob Builder <bob@example.com>\n",
    );
    let out = check(&repo, &[]);
    assert!(
        out.of("stale-owner").is_empty(),
        "{:?}",
        out.of("stale-owner")
    );
}

#[test]
fn a_handle_in_a_trailer_joins_the_email_it_is_written_with() {
    // The author's full name is their git name; their handle appears once, as the name of a
    // Signed-off-by trailer with the same email.
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [bob, cpanato]\n");
    repo.commit_by(BOB.0, BOB.1, "2025-01-01", "start");
    repo.write("z.rs", "z\n");
    repo.commit_by(
        "Carlos Panato",
        "ctadeu@example.com",
        "2025-05-01",
        "change\n\nSigned-off-by: cpanato <ctadeu@example.com>\n",
    );
    let out = check(&repo, &[]);
    for rule in ["stale-owner", "unmapped-owner"] {
        assert!(out.of(rule).is_empty(), "{rule}: {:?}", out.of(rule));
    }
}

#[test]
fn bots_and_tree_wide_changes_are_not_de_facto_maintainers() {
    let repo = TestRepo::new();
    let mut owners = String::new();
    for n in 0..25 {
        repo.write(&format!("area{n}/OWNERS"), "approvers: [bob]\n");
        repo.write(&format!("area{n}/f.rs"), "x\n");
        owners.push_str(&format!("area{n}/\n"));
    }
    repo.write("OWNERS", "approvers: [bob]\n");
    repo.commit_by(BOB.0, BOB.1, "2025-01-01", "start");
    // A bot bumps area0 six times; a janitor resyncs every area six times.
    for day in 1..=6 {
        repo.change(
            "area0/deps.txt",
            (
                "renovate[bot]",
                "29139614+renovate[bot]@users.noreply.github.com",
            ),
            &format!("2025-02-0{day}"),
        );
        for n in 0..25 {
            repo.write(&format!("area{n}/f.rs"), &format!("resync {day}\n"));
        }
        repo.commit_by(
            CAROL.0,
            CAROL.1,
            &format!("2025-03-0{day}"),
            "configs: resync",
        );
    }
    repo.change("area0/f.rs", BOB, "2025-04-01");
    let out = check(&repo, &[]);
    assert!(
        out.of("undeclared-maintainer").is_empty(),
        "{:?}",
        messages(&out, "undeclared-maintainer")
    );
    // The same changes, counted when the project says so.
    repo.write(
        ".ownlint.yaml",
        "history:\n  bots: [\"*-robot\"]\n  wide_change: 100\n",
    );
    repo.commit_by(BOB.0, BOB.1, "2025-04-02", "count everything");
    let found = messages(&check(&repo, &[]), "undeclared-maintainer");
    assert!(
        found.iter().any(|m| m.starts_with("renovate[bot]")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|m| m.starts_with("Carol Jones")),
        "{found:?}"
    );
}

#[test]
fn a_bad_bot_pattern_is_exit_2_with_its_location() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [bob]\n"),
        (".ownlint.yaml", "history:\n  bots: [\"[unclosed\"]\n"),
    ]);
    let out = repo.ownlint(&["check", "--as-of", AS_OF]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains(".ownlint.yaml:2:"), "{}", out.stderr);
}

#[test]
fn the_identity_cache_changes_nothing_and_grows_with_new_commits() {
    let repo = declared_by_handle();
    let cold = check(&repo, &["--no-cache"]).stdout;
    assert_eq!(check(&repo, &[]).stdout, cold);
    assert_eq!(check(&repo, &[]).stdout, cold);
    // A new commit by someone new, after the cache was filled: seen by the next run.
    repo.write("OWNERS", "approvers: [alice-h, bob, dora]\n");
    repo.commit_by(
        "Dora Explorer",
        "dora@example.com",
        "2025-05-20",
        "add dora",
    );
    let warm = check(&repo, &[]);
    assert!(
        warm.of("unmapped-owner").is_empty(),
        "{:?}",
        warm.of("unmapped-owner")
    );
    assert_eq!(warm.stdout, check(&repo, &["--no-cache"]).stdout);
}

#[cfg(unix)]
#[test]
fn a_mailmap_that_cannot_be_read_is_reported_and_the_run_goes_on() {
    let repo = TestRepo::with(&[("OWNERS", "approvers: [bob]\n")]);
    std::os::unix::fs::symlink("/dev/zero", repo.path().join(".mailmap")).unwrap();
    repo.commit_by(BOB.0, BOB.1, "2025-05-01", "a hostile .mailmap");
    let out = check(&repo, &[]);
    let notes: Vec<String> = out
        .of("history-incomplete")
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        notes.iter().any(|m| m.starts_with(".mailmap was not read")),
        "{notes:?}"
    );
    assert!(
        out.of("unmapped-owner").is_empty(),
        "bob is still joined by his name"
    );
}

#[test]
fn a_mailmap_over_its_size_cap_is_reported_not_read() {
    // A 37-50 MB .mailmap once took minutes: past the cap (16 MiB) it is not read at all.
    let repo = TestRepo::with(&[("OWNERS", "approvers: [bob]\n")]);
    let line = "Bob B <bob@example.com> <bob@old.example>\n";
    repo.write(".mailmap", &line.repeat(17 * 1024 * 1024 / line.len() + 1));
    repo.commit_by(BOB.0, BOB.1, "2025-05-01", "a huge .mailmap");
    let out = check(&repo, &[]);
    let notes: Vec<String> = out
        .of("history-incomplete")
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        notes
            .iter()
            .any(|m| m.starts_with(".mailmap was not read") && m.contains("over 16777216 bytes")),
        "{notes:?}"
    );
}

#[test]
fn an_undefined_alias_is_not_also_an_unmapped_person() {
    let repo = TestRepo::with(&[(
        "OWNERS",
        "approvers: [bob, ghost-person, sig-foo-approvers]\n",
    )]);
    repo.change("x.rs", BOB, "2025-05-01");
    let out = check(&repo, &[]);
    assert_eq!(out.field("undefined-alias", "message").len(), 1);
    assert_eq!(out.field("unmapped-owner", "owner"), ["ghost-person"]);
    // It says what was searched, and how to join someone who commits under another identity.
    let finding = &out.of("unmapped-owner")[0];
    assert_eq!(
        finding["message"],
        "`ghost-person` cannot be joined to anyone in this repository's history: no commit, \
         trailer or merged pull request names them"
    );
    assert!(finding["help"].as_str().unwrap().contains(".mailmap"));
}
