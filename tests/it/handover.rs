//! Handover: histories that hand areas over with and without documents, late documents inside
//! and outside the grace period, incomplete and mismatched documents, bad paths, and
//! `ownlint handover new`.

use crate::support::{Output, TestRepo};

const ALICE: (&str, &str) = ("Alice", "alice@example.com");
const BOB: (&str, &str) = ("Bob", "bob@example.com");
const AS_OF: &str = "2025-06-01";

const COMPLETE: &str = "---\nfrom: alice\nto: bob\ndate: 2025-03-01\narea: pkg\n---\n# Handover\n\n## Context\nStable; a rewrite of the parser is half done.\n\n## Open risks\nThe cache has no eviction.\n\n## Contacts and escalation\nPage the storage on-call.\n\n## Runbooks\nSee docs/runbook.md.\n";

fn check(repo: &TestRepo) -> Output {
    let out = repo.ownlint(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    out
}

/// pkg/ owned by alice since 2024, with a root area for everything else.
fn owned_by_alice() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "OWNERS",
        "owner: alice\napprovers: [alice, bob]\nreviewed: 2025-01-01\n",
    );
    repo.write(
        "pkg/OWNERS",
        "owner: alice\napprovers: [alice, carol]\nreviewed: 2025-01-01\n",
    );
    repo.write("pkg/code.rs", "x");
    repo.commit_by(ALICE.0, ALICE.1, "2024-06-01", "start");
    repo
}

/// Hands pkg/ from alice to bob on 2025-03-01.
fn hand_over(repo: &TestRepo, with_doc: Option<&str>) {
    repo.write(
        "pkg/OWNERS",
        "owner: bob\napprovers: [bob, carol]\nemeritus_approvers: [alice]\nreviewed: 2025-03-01\n",
    );
    if let Some(doc) = with_doc {
        repo.write("pkg/HANDOVER.md", doc);
    }
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-01", "hand pkg over to bob");
}

#[test]
fn an_owner_change_without_a_document_is_missing_a_handover() {
    let repo = owned_by_alice();
    hand_over(&repo, None);
    let out = check(&repo);
    let found = out.of("handover-missing");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("ownership of `pkg` changed in "),
        "{message}"
    );
    assert!(message.contains("(2025-03-01)"), "{message}");
    assert!(message.contains("owner alice → bob"), "{message}");
    assert!(message.contains("no handover document"), "{message}");
    assert_eq!(found[0]["file"], "pkg/OWNERS");
    assert_eq!(found[0]["line"], 1, "points at the changed owner line");
    assert!(
        found[0]["help"]
            .as_str()
            .unwrap()
            .contains("ownlint handover new pkg --to")
    );
}

#[test]
fn a_document_in_the_same_commit_is_a_handover() {
    let repo = owned_by_alice();
    hand_over(&repo, Some(COMPLETE));
    let out = check(&repo);
    for rule in [
        "handover-missing",
        "handover-incomplete",
        "handover-mismatch",
    ] {
        assert!(out.of(rule).is_empty(), "{rule}: {:?}", out.of(rule));
    }
}

#[test]
fn a_late_document_counts_inside_the_grace_period_only() {
    for (written, expected) in [("2025-03-11", 0), ("2025-03-21", 1)] {
        let repo = owned_by_alice();
        hand_over(&repo, None);
        repo.write("pkg/HANDOVER.md", COMPLETE);
        repo.commit_by(BOB.0, BOB.1, written, "handover notes");
        let found = check(&repo).of("handover-missing");
        assert_eq!(found.len(), expected, "written {written}: {found:?}");
        if expected == 1 {
            assert!(
                found[0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("pkg/HANDOVER.md was not added or updated within 14 days")
            );
        }
    }
}

#[test]
fn the_grace_period_is_configurable_and_a_recent_change_is_not_reported_yet() {
    let repo = owned_by_alice();
    hand_over(&repo, None);
    let recent = repo.ownlint(&["check", "--format", "json", "--as-of", "2025-03-10"]);
    assert!(
        recent.of("handover-missing").is_empty(),
        "still inside the grace period"
    );
    repo.write(".ownlint.yaml", "handover:\n  grace: 60d\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-02", "longer grace");
    let out = repo.ownlint(&["check", "--format", "json", "--as-of", "2025-04-15"]);
    assert!(out.of("handover-missing").is_empty());
}

#[test]
fn a_swap_of_an_active_approver_needs_a_handover_and_a_removal_alone_does_not() {
    let repo = owned_by_alice();
    repo.change("pkg/code.rs", ("Carol", "carol@example.com"), "2025-01-20");
    // carol, active, leaves and nobody joins: nobody took the area over.
    repo.write(
        "pkg/OWNERS",
        "owner: alice\napprovers: [alice]\nemeritus_approvers: [carol]\nreviewed: 2025-01-01\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-02-01", "carol leaves");
    assert!(check(&repo).of("handover-missing").is_empty());
    // erin joins; once active, she leaves for dave: the area changes hands.
    repo.write(
        "pkg/OWNERS",
        "owner: alice\napprovers: [alice, erin]\nemeritus_approvers: [carol]\nreviewed: 2025-01-01\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-02-02", "erin joins");
    assert!(
        check(&repo).of("handover-missing").is_empty(),
        "a new approver alone"
    );
    repo.change("pkg/code.rs", ("Erin", "erin@example.com"), "2025-02-03");
    repo.write(
        "pkg/OWNERS",
        "owner: alice\napprovers: [alice, dave]\nemeritus_approvers: [carol, erin]\nreviewed: 2025-01-01\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-02-04", "erin to dave");
    let found = check(&repo).of("handover-missing");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("left: erin; joined: dave"), "{message}");
}

#[test]
fn handover_field_and_configured_patterns_locate_documents() {
    let repo = owned_by_alice();
    repo.write(
        "pkg/OWNERS",
        "owner: bob\napprovers: [bob, carol]\nhandover: docs/pkg-handover.md\n",
    );
    repo.write("docs/pkg-handover.md", COMPLETE);
    repo.commit_by(
        ALICE.0,
        ALICE.1,
        "2025-03-01",
        "hand over, documented elsewhere",
    );
    assert!(check(&repo).of("handover-missing").is_empty());

    let repo = owned_by_alice();
    repo.write(
        ".ownlint.yaml",
        "handover:\n  docs: [\"handovers/{area}.md\"]\n",
    );
    hand_over(&repo, None);
    repo.write("handovers/pkg.md", COMPLETE);
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-02", "the doc");
    assert!(check(&repo).of("handover-missing").is_empty());
}

#[test]
fn an_incomplete_document_names_each_missing_and_empty_section() {
    let repo = owned_by_alice();
    hand_over(
        &repo,
        Some(
            "---\nfrom: alice\nto: bob\ndate: 2025-03-01\n---\n## State of the area\nfine\n\n## Risks\n<!-- to do -->\n",
        ),
    );
    let found = check(&repo).of("handover-incomplete");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("missing contacts, documentation"),
        "{message}"
    );
    assert!(message.contains("empty risks"), "{message}");
    assert_eq!(found[0]["file"], "pkg/HANDOVER.md");
    assert_eq!(found[0]["line"], 9);
}

#[test]
fn custom_required_sections() {
    let repo = owned_by_alice();
    repo.write(
        ".ownlint.yaml",
        "handover:\n  sections:\n    secrets: [secrets, credentials]\n",
    );
    hand_over(&repo, Some("## Credentials\nin the vault\n"));
    assert!(check(&repo).of("handover-incomplete").is_empty());
}

#[test]
fn mismatched_to_from_and_date_are_reported() {
    let repo = owned_by_alice();
    hand_over(
        &repo,
        Some(
            &COMPLETE
                .replace("to: bob", "to: mallory")
                .replace("from: alice", "from: zed")
                .replace("date: 2025-03-01", "date: 2024-12-01"),
        ),
    );
    let found = check(&repo).of("handover-mismatch");
    let messages: Vec<&str> = found
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(found.len(), 3, "{messages:?}");
    assert!(
        messages.iter().any(|m| m.contains("over to mallory")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("from `zed`")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("dated 2024-12-01")),
        "{messages:?}"
    );
    assert!(
        found
            .iter()
            .all(|d| d["file"] == "pkg/HANDOVER.md" && d["line"].is_number())
    );
}

#[test]
fn departed_approvers_belong_in_emeritus() {
    let repo = owned_by_alice();
    repo.change("pkg/code.rs", ("Carol", "carol@example.com"), "2025-01-10");
    repo.write(
        "pkg/OWNERS",
        "owner: alice\napprovers: [alice]\nreviewed: 2025-01-01\n",
    );
    repo.write(
        "pkg/HANDOVER.md",
        &COMPLETE
            .replace("to: bob", "to: alice")
            .replace("from: alice", "from: carol"),
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-01", "carol leaves");
    let found = check(&repo).of("departed-owner-not-moved");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["owner"], "carol");
    repo.write(
        "pkg/OWNERS",
        "owner: alice\napprovers: [alice]\nemeritus_approvers: [carol]\nreviewed: 2025-01-01\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-02", "remember carol");
    // Recording her later settles it.
    let later = check(&repo).of("departed-owner-not-moved");
    assert!(later.is_empty(), "{later:?}");
}

/// An OWNERS file of filters alone (kubernetes-sigs/cluster-api-provider-aws's `controllers/`):
/// an approver dropped from a filter is reported at the filter's approvers, not file-wide.
#[test]
fn an_approver_dropped_from_a_filter_is_located_at_the_filter() {
    let repo = owned_by_alice();
    let filtered =
        |approvers: &str| format!("filters:\n  \"^rosa.*\\\\.go$\":\n    approvers:\n{approvers}");
    repo.write("ctl/OWNERS", &filtered("      - alice\n      - carol\n"));
    repo.write("ctl/rosa_a.go", "x");
    repo.commit_by(ALICE.0, ALICE.1, "2024-07-01", "rosa approvers");
    repo.change(
        "ctl/rosa_a.go",
        ("Carol", "carol@example.com"),
        "2025-01-10",
    );
    repo.write("ctl/OWNERS", &filtered("      - alice\n"));
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-01", "carol leaves rosa");
    let found = check(&repo).of("departed-owner-not-moved");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["owner"], "carol");
    assert_eq!(found[0]["file"], "ctl/OWNERS");
    assert_eq!(found[0]["line"], 4, "{found:?}");
}

#[test]
fn bad_handover_paths_and_documents_are_located_never_followed() {
    let repo = owned_by_alice();
    repo.write(
        "a/OWNERS",
        "approvers: [alice]\nhandover: ../../etc/passwd\n",
    );
    repo.write("b/OWNERS", "approvers: [alice]\nhandover: /etc/passwd\n");
    repo.write(
        "c/OWNERS",
        "approvers: [alice]\nhandover: docs/nothing-here.md\n",
    );
    repo.write("d/OWNERS", "approvers: [alice]\nhandover: d/adir\n");
    repo.write("d/adir/x.md", "x");
    repo.write("e/OWNERS", "approvers: [alice]\n");
    repo.write("e/HANDOVER.md", "---\nfrom: [alice\n---\n## Context\nx\n");
    repo.write("f/OWNERS", "approvers: [alice]\n");
    repo.write("f/HANDOVER.md", &"x".repeat(3 * 1024 * 1024));
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-01", "bad handovers");
    let out = check(&repo);
    let missing = out.of("handover-missing");
    let messages: Vec<String> = missing
        .iter()
        .map(|d| format!("{}: {}", d["file"], d["message"]))
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("a/OWNERS") && m.contains("outside the repository")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("b/OWNERS") && m.contains("outside the repository")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("c/OWNERS") && m.contains("does not exist")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("d/OWNERS") && m.contains("directory")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("f/HANDOVER.md") && m.contains("bytes")),
        "{messages:?}"
    );
    let parse = out.of("parse-error");
    assert_eq!(parse.len(), 1, "{parse:?}");
    assert_eq!(parse[0]["file"], "e/HANDOVER.md");
    assert_eq!(parse[0]["line"], 2);
    // The command a help suggests works when pasted: only where there is nothing at the path
    // (handover new writes there, and never replaces a file or a directory).
    let commands: Vec<(String, Vec<String>)> = missing
        .iter()
        .filter_map(|d| {
            let args = crate::support::suggested_command(d["help"].as_str()?)?;
            Some((d["file"].as_str().unwrap_or("").to_string(), args))
        })
        .collect();
    assert_eq!(
        commands,
        [(
            "c/OWNERS".to_string(),
            ["handover", "new", "c", "--to", "alice"]
                .map(String::from)
                .to_vec()
        )]
    );
    let args: Vec<&str> = commands[0].1.iter().map(String::as_str).collect();
    let pasted = repo.ownlint(&args);
    assert_eq!(pasted.code, 0, "{}", pasted.stderr);
    assert!(repo.path().join("docs/nothing-here.md").is_file());
}

#[test]
fn handover_new_writes_the_template_and_never_overwrites() {
    let repo = owned_by_alice();
    let out = repo.ownlint(&[
        "handover",
        "new",
        "pkg",
        "--to",
        "bob",
        "--as-of",
        "2025-03-01",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("wrote pkg/HANDOVER.md"));
    let text = std::fs::read_to_string(repo.path().join("pkg/HANDOVER.md")).unwrap();
    assert!(
        text.starts_with("---\nfrom: alice\nto: bob\ndate: 2025-03-01\narea: pkg\n---\n"),
        "{text}"
    );
    for heading in ["## Context", "## Risks", "## Contacts", "## Documentation"] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
    let again = repo.ownlint(&["handover", "new", "pkg", "--to", "carol"]);
    again.assert_clean_failure();
    assert!(again.stderr.contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(repo.path().join("pkg/HANDOVER.md")).unwrap(),
        text
    );
    // Left unfilled, the template's sections are empty.
    hand_over(&repo, None);
    let found = check(&repo).of("handover-incomplete");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("empty context, risks, contacts, documentation"),
        "{found:?}"
    );
    let nowhere = repo.ownlint(&["handover", "new", "no/such/area", "--to", "bob"]);
    nowhere.assert_clean_failure();
}

#[test]
fn who_lists_the_handover_document() {
    let repo = owned_by_alice();
    hand_over(&repo, Some(COMPLETE));
    let out = repo.ownlint(&["who", "pkg/code.rs", "--format", "json", "--as-of", AS_OF]);
    assert_eq!(out.json()[0]["handover"]["path"], "pkg/HANDOVER.md");
    assert_eq!(out.json()[0]["handover"]["date"], "2025-03-01");
    let human = repo.ownlint(&["who", "pkg/code.rs", "--as-of", AS_OF]);
    assert!(
        human
            .stdout
            .contains("handover  pkg/HANDOVER.md (2025-03-01)"),
        "{}",
        human.stdout
    );
}

#[test]
fn staged_changes_need_their_handover_staged_too() {
    let repo = owned_by_alice();
    repo.write(
        "pkg/OWNERS",
        "owner: bob\napprovers: [bob, carol]\nemeritus_approvers: [alice]\n",
    );
    repo.git(&["add", "pkg/OWNERS"], ALICE, AS_OF);
    let staged = |repo: &TestRepo| {
        repo.ownlint(&[
            "check",
            "--staged",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--as-of",
            AS_OF,
        ])
    };
    let found = staged(&repo).of("handover-missing");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("in the staged changes")
    );
    // Written but not staged: the commit would not contain it.
    repo.write("pkg/HANDOVER.md", &COMPLETE.replace("2025-03-01", AS_OF));
    assert_eq!(staged(&repo).of("handover-missing").len(), 1);
    repo.git(&["add", "pkg/HANDOVER.md"], ALICE, AS_OF);
    assert!(staged(&repo).of("handover-missing").is_empty());
    // --staged reads the staged version, not the work tree's: an unstaged revert changes nothing.
    repo.write("pkg/OWNERS", "owner: alice\napprovers: [alice, carol]\n");
    let out = staged(&repo);
    assert!(out.of("handover-missing").is_empty());
    assert!(
        out.of("handover-mismatch").is_empty(),
        "{:?}",
        out.of("handover-mismatch")
    );
}

#[test]
fn a_pull_request_against_its_base_needs_the_handover_in_the_branch() {
    let repo = owned_by_alice();
    repo.git(&["checkout", "-q", "-b", "feature"], ALICE, "2025-03-01");
    hand_over(&repo, None);
    let base = |repo: &TestRepo| {
        repo.ownlint(&[
            "check",
            "--base",
            "main",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--as-of",
            AS_OF,
        ])
    };
    let found = base(&repo).of("handover-missing");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("since the merge base"),
        "{found:?}"
    );
    repo.write("pkg/HANDOVER.md", COMPLETE);
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-02", "the handover");
    assert!(base(&repo).of("handover-missing").is_empty());
    // Only the branch's changes count: the history's older hand-overs are not re-judged.
    let unknown = repo.ownlint(&["check", "--base", "no-such-branch"]);
    unknown.assert_clean_failure();
}

#[test]
fn removing_an_approver_who_was_long_gone_needs_no_handover() {
    let repo = owned_by_alice();
    repo.write(
        "pkg/OWNERS",
        "owner: alice\napprovers: [alice, carol, dave]\nreviewed: 2025-01-01\n",
    );
    repo.commit_by("Dave", "dave@example.com", "2024-06-02", "dave joins");
    repo.change("pkg/code.rs", ALICE, "2025-01-10");
    repo.change("pkg/code.rs", ("Carol", "carol@example.com"), "2025-01-11");
    // dave has not been seen since 2024-06-02: removing him keeps every active approver.
    repo.write("pkg/OWNERS", "owner: alice\napprovers: [alice, carol]\nemeritus_approvers: [dave]\nreviewed: 2025-01-01\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-02-01", "dave is gone");
    assert!(
        check(&repo).of("handover-missing").is_empty(),
        "{:?}",
        check(&repo).of("handover-missing")
    );
    // carol is active: handing her place to erin needs a handover.
    repo.write("pkg/OWNERS", "owner: alice\napprovers: [alice, erin]\nemeritus_approvers: [dave, carol]\nreviewed: 2025-01-01\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-02-02", "carol leaves");
    let found = check(&repo).of("handover-missing");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("left: carol; joined: erin"), "{message}");
}

#[test]
fn incomplete_and_mismatched_documents_through_base_and_staged() {
    let repo = owned_by_alice();
    repo.git(&["checkout", "-q", "-b", "feature"], ALICE, "2025-03-01");
    hand_over(
        &repo,
        Some("---\nfrom: alice\nto: mallory\ndate: 2025-03-01\n---\n## Context\nfine\n"),
    );
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
    assert!(out.of("handover-missing").is_empty());
    assert_eq!(out.of("handover-incomplete").len(), 1);
    assert_eq!(out.of("handover-mismatch").len(), 1);
    // The staged edit completes the document and names zed as the one handing over: the
    // mismatch about mallory held before the edit (the commit is not its cause), zed's is new.
    repo.write(
        "pkg/HANDOVER.md",
        &COMPLETE
            .replace("to: bob", "to: mallory")
            .replace("from: alice", "from: zed")
            .replace("2025-03-01", AS_OF),
    );
    repo.git(&["add", "pkg/HANDOVER.md"], ALICE, AS_OF);
    let staged = repo.ownlint(&[
        "check",
        "--staged",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
    ]);
    assert!(staged.of("handover-incomplete").is_empty());
    let mismatch = staged.of("handover-mismatch");
    assert_eq!(mismatch.len(), 1, "{mismatch:?}");
    assert!(mismatch[0]["message"].as_str().unwrap().contains("zed"));
}

/// A CODEOWNERS line handed from alice to bob on 2025-03-01, with or without the document that
/// `handover.docs` points at for the directory the pattern names.
fn codeowners_hand_over(with_doc: bool) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        ".ownlint.yaml",
        "handover:\n  docs: [\"handovers/{area}.md\"]\n",
    );
    repo.write(".github/CODEOWNERS", "* @carol\n/pkg/ @alice @carol\n");
    repo.write("pkg/code.rs", "x");
    repo.commit_by(ALICE.0, ALICE.1, "2024-06-01", "start");
    repo.write(".github/CODEOWNERS", "* @carol\n/pkg/ @bob @carol\n");
    if with_doc {
        repo.write("handovers/pkg.md", COMPLETE);
    }
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-01", "hand pkg over to bob");
    repo
}

#[test]
fn codeowners_owner_changes_need_a_handover_too() {
    let found = check(&codeowners_hand_over(false)).of("handover-missing");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], ".github/CODEOWNERS");
    assert_eq!(found[0]["line"], 2);
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("`.github/CODEOWNERS: /pkg/`"), "{message}");
    assert!(message.contains("left: alice; joined: bob"), "{message}");

    let documented = check(&codeowners_hand_over(true));
    assert!(
        documented.of("handover-missing").is_empty(),
        "{:?}",
        documented.diagnostics()
    );
    // The removed owner has nowhere to be recorded in CODEOWNERS: no emeritus finding.
    assert!(documented.of("departed-owner-not-moved").is_empty());
}

/// Rules that judge ownership changes: none of them may fire on a change of text that keeps the
/// same people.
const CHANGE_RULES: [&str; 2] = ["handover-missing", "departed-owner-not-moved"];

fn assert_no_change_of_hands(out: &Output, what: &str) {
    for rule in CHANGE_RULES {
        assert!(
            out.of(rule).is_empty(),
            "{what}: {rule}: {:?}",
            out.of(rule)
        );
    }
}

/// Two areas with the same people, active on 2025-01-15.
fn two_boards() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("OWNERS", "approvers: [alice]\n");
    for board in ["board/a/x", "board/a/y"] {
        repo.write(&format!("{board}/OWNERS"), "approvers: [alice, bob]\n");
        repo.write(&format!("{board}/main.c"), "x\n");
    }
    repo.commit_by(ALICE.0, ALICE.1, "2024-06-01", "start");
    repo.change("board/a/x/main.c", BOB, "2025-01-15");
    repo
}

#[test]
fn a_directory_of_areas_renamed_is_not_a_change_of_hands() {
    let repo = two_boards();
    repo.git(&["mv", "board/a", "board/b"], ALICE, "2025-03-01");
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-01", "board: rename a to b");
    assert_no_change_of_hands(&check(&repo), "moved");
    // Moved, and handed over in the same commit: one finding, at the new file.
    repo.git(&["mv", "board/b/x", "board/c"], ALICE, "2025-03-02");
    repo.write("board/c/OWNERS", "approvers: [alice, carol]\n");
    repo.commit_by(
        ALICE.0,
        ALICE.1,
        "2025-03-02",
        "board: move x, bob to carol",
    );
    let found = check(&repo).of("handover-missing");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], "board/c/OWNERS");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("moved from `board/b/x`; left: bob; joined: carol"),
        "{message}"
    );
}

#[test]
fn identical_owners_files_in_sibling_directories_keep_their_own_areas() {
    let repo = two_boards();
    for (n, board) in ["board/a/x", "board/a/y"].iter().enumerate() {
        repo.write(&format!("{board}/OWNERS"), "approvers: [alice, carol]\n");
        repo.commit_by(
            ALICE.0,
            ALICE.1,
            &format!("2025-03-0{}", n + 1),
            "bob to carol",
        );
    }
    let out = check(&repo);
    let mut areas = out.field("handover-missing", "area");
    areas.sort();
    assert_eq!(areas, ["board/a/x", "board/a/y"]);
    let mut files = out.files("handover-missing");
    files.sort();
    assert_eq!(files, ["board/a/x/OWNERS", "board/a/y/OWNERS"]);
}

#[test]
fn an_owners_file_renamed_or_deleted_hands_nothing_over() {
    let repo = two_boards();
    repo.git(
        &["mv", "board/a/x/OWNERS", "board/a/x/OWNERS.github"],
        ALICE,
        "2025-03-01",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-01", "rename OWNERS");
    repo.remove("board/a/y/OWNERS");
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-02", "drop an area");
    let out = check(&repo);
    assert_no_change_of_hands(&out, "renamed and deleted");
    for d in out.diagnostics() {
        if let Some(file) = d["file"].as_str() {
            assert!(
                repo.path().join(file).exists() || file == ".",
                "a finding points at a file the revision lacks: {d}"
            );
        }
    }
}

#[test]
fn a_rewritten_pattern_and_a_retitled_section_keep_their_people() {
    let repo = TestRepo::new();
    repo.write(".github/CODEOWNERS", "* @alice\n/x/**/* @alice @bob\n");
    repo.write(
        "MAINTAINERS",
        "NET DRIVERS\nM:\tAlice A <alice@example.com>\nM:\tBob B <bob@example.com>\nS:\tMaintained\nF:\tnet/\n",
    );
    repo.write("x/a.c", "a\n");
    repo.write("net/n.c", "n\n");
    repo.commit_by(ALICE.0, ALICE.1, "2024-06-01", "start");
    repo.change("net/n.c", BOB, "2025-01-15");
    repo.write(".github/CODEOWNERS", "* @alice\n/x/ @alice @bob\n");
    repo.write(
        "MAINTAINERS",
        "NETWORK DRIVERS\nM:\tAlice A <alice@example.com>\nM:\tBob B <bob@new.example>\nS:\tMaintained\nF:\tnet/\n",
    );
    repo.commit_by(
        ALICE.0,
        ALICE.1,
        "2025-03-01",
        "rewrite, retitle, new email",
    );
    assert_no_change_of_hands(&check(&repo), "rewritten");
    // The same kind of edit that does swap people is reported.
    repo.write(".github/CODEOWNERS", "* @alice\n/x/ @alice @carol\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-02", "bob to carol");
    let found = check(&repo).of("handover-missing");
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn approvers_rewritten_as_an_alias_of_the_same_people_hand_nothing_over() {
    let repo = two_boards();
    repo.write("OWNERS", "approvers: [alice, bob]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-02-01", "bob at the root");
    repo.write(
        "OWNERS_ALIASES",
        "aliases:\n  board-maintainers: [alice, bob]\n",
    );
    repo.write("OWNERS", "approvers: [board-maintainers]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-01", "use an alias");
    assert_no_change_of_hands(&check(&repo), "alias");
    // An alias whose members differ from the people it replaces is a change of people.
    repo.write(
        "OWNERS_ALIASES",
        "aliases:\n  board-maintainers: [alice, bob]\n  new-team: [alice, carol]\n",
    );
    repo.write("OWNERS", "approvers: [new-team]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-02", "another team");
    let out = check(&repo);
    let found = out.of("handover-missing");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("left: bob; joined: carol"), "{message}");
    // bob approved through an alias, not by name: there is no emeritus line to write for him.
    assert!(
        out.of("departed-owner-not-moved").is_empty(),
        "{:?}",
        out.of("departed-owner-not-moved")
    );
}

#[test]
fn someone_removed_who_still_approves_through_a_parent_left_nothing() {
    let repo = two_boards();
    // alice approves everything from the root: dropping her from board/a/x changes nothing.
    repo.write("board/a/x/OWNERS", "approvers: [bob]\n");
    repo.commit_by(
        ALICE.0,
        ALICE.1,
        "2025-03-01",
        "alice approves from the root",
    );
    assert_no_change_of_hands(&check(&repo), "inherited");
    // bob, who approves nowhere else, is a departure.
    repo.write("board/a/y/OWNERS", "approvers: [alice]\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-02", "bob leaves y");
    assert_eq!(
        check(&repo).field("departed-owner-not-moved", "owner"),
        ["bob"]
    );
}

/// An alias of two active people named by one area, and another area that does not name it.
fn board_team() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("OWNERS_ALIASES", "aliases:\n  board-team: [alice, bob]\n");
    repo.write("OWNERS", "approvers: [alice]\n");
    repo.write("board/x/OWNERS", "approvers: [board-team]\n");
    repo.write("board/x/main.c", "x\n");
    repo.write("other/OWNERS", "approvers: [alice]\n");
    repo.write("other/o.c", "o\n");
    repo.commit_by(ALICE.0, ALICE.1, "2024-06-01", "start");
    repo.change("board/x/main.c", BOB, "2025-01-15");
    repo
}

#[test]
fn an_alias_edited_alone_changes_the_hands_of_the_areas_that_name_it() {
    let repo = board_team();
    // Someone joining the alias hands nothing over.
    repo.write(
        "OWNERS_ALIASES",
        "aliases:\n  board-team: [alice, bob, carol]\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-02-01", "carol joins");
    assert_no_change_of_hands(&check(&repo), "an alias grown");
    // bob, active, swapped for dave in the alias: board/x changed hands, other/ did not.
    repo.write(
        "OWNERS_ALIASES",
        "aliases:\n  board-team: [alice, carol, dave]\n",
    );
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-01", "bob out, dave in");
    let out = check(&repo);
    let found = out.of("handover-missing");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], "board/x/OWNERS");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("left: bob; joined: dave"), "{message}");
    // bob approved through the alias: there is no emeritus line to write for him.
    assert!(out.of("departed-owner-not-moved").is_empty());
}

#[test]
fn a_staged_alias_edit_is_a_change_of_hands_too() {
    let repo = board_team();
    repo.write("OWNERS_ALIASES", "aliases:\n  board-team: [alice, dave]\n");
    repo.git(&["add", "OWNERS_ALIASES"], ALICE, AS_OF);
    let out = repo.ownlint(&[
        "check",
        "--staged",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
    ]);
    let found = out.of("handover-missing");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], "board/x/OWNERS");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("in the staged changes")
    );
}

/// `from:` is who hands the area over and `to:` who takes it: written before the OWNERS change,
/// the current owner; after it (the OWNERS file already naming the recipient), the owner it
/// replaced, from HEAD for a change not yet committed and from the history once committed.
#[test]
fn handover_new_puts_the_outgoing_owner_in_from_and_the_recipient_in_to() {
    let front = |repo: &TestRepo, as_of: &str| -> String {
        let out = repo.ownlint(&["handover", "new", "pkg", "--to", "bob", "--as-of", as_of]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let path = repo.path().join("pkg/HANDOVER.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_file(path).unwrap();
        text.split("date:").next().unwrap().to_string()
    };
    let expected = "---\nfrom: alice\nto: bob\n";

    let before = owned_by_alice();
    assert_eq!(front(&before, "2025-03-01"), expected);

    let uncommitted = owned_by_alice();
    uncommitted.write(
        "pkg/OWNERS",
        "owner: bob\napprovers: [bob, carol]\nemeritus_approvers: [alice]\n",
    );
    assert_eq!(front(&uncommitted, "2025-03-01"), expected);

    let committed = owned_by_alice();
    hand_over(&committed, None);
    assert_eq!(front(&committed, "2025-03-05"), expected);
    // Written so, the document matches the change: no handover-mismatch about `from`.
    let out = committed.ownlint(&[
        "handover",
        "new",
        "pkg",
        "--to",
        "bob",
        "--as-of",
        "2025-03-05",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let found = check(&committed).of("handover-mismatch");
    assert!(
        found
            .iter()
            .all(|d| !d["message"].as_str().unwrap().contains("over from")),
        "{found:?}"
    );

    // Approvers only: the approver the change replaced.
    let approvers = TestRepo::new();
    approvers.write("pkg/OWNERS", "approvers: [alice, carol]\n");
    approvers.write("pkg/code.rs", "x");
    approvers.commit_by(ALICE.0, ALICE.1, "2024-06-01", "start");
    approvers.write("pkg/OWNERS", "approvers: [bob, carol]\n");
    assert_eq!(front(&approvers, "2025-03-01"), expected);
}
