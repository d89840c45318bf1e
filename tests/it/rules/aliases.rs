//! OWNERS_ALIASES: `undefined-alias` and `unused-alias`.

use super::ALIASES;
use crate::support::{TestRepo, check_json};

#[test]
fn undefined_alias_fires_on_alias_like_names_only() {
    let repo = TestRepo::with(&[
        ("OWNERS_ALIASES", ALIASES),
        (
            "OWNERS",
            "approvers:\n  - sig-storage-approver\n  - sig-apps-leads\n  - alice\n  - sig-storage-approvers\nreviewers:\n  - Some_Team\n  - old-team\n",
        ),
        ("a.go", "x"),
    ]);
    let found = check_json(&repo, &[]).of("undefined-alias");
    let lines: Vec<i64> = found.iter().map(|d| d["line"].as_i64().unwrap()).collect();
    assert_eq!(lines, [2, 3, 7], "{found:?}");
    assert!(
        found[0]["help"]
            .as_str()
            .unwrap()
            .contains("sig-storage-approvers")
    );
}

#[test]
fn undefined_alias_silent_for_people_in_the_registry_and_for_teams() {
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "approvers:\n  - sig-lead-person\n  - platform-team\n",
        ),
        (
            ".ownlint.yaml",
            "people:\n  sig-lead-person:\n    emails: [p@example.com]\nteams:\n  platform-team:\n    members: [alice]\n",
        ),
        ("a.go", "x"),
    ]);
    assert!(check_json(&repo, &[]).of("undefined-alias").is_empty());
}

#[test]
fn unused_alias_fires_and_stops_firing_once_used() {
    let repo = TestRepo::with(&[
        ("OWNERS_ALIASES", ALIASES),
        (
            "OWNERS",
            "approvers: [sig-storage-approvers]\nreviewers: [sig-net-reviewers]\n",
        ),
        ("a.go", "x"),
    ]);
    let found = check_json(&repo, &[]).of("unused-alias");
    assert_eq!(found.len(), 1);
    assert!(found[0]["message"].as_str().unwrap().contains("old-team"));
    assert_eq!(found[0]["file"], "OWNERS_ALIASES");
    assert_eq!(found[0]["line"], 7);
    repo.write("OWNERS", "approvers: [sig-storage-approvers]\nreviewers: [sig-net-reviewers]\nemeritus_approvers: [old-team]\n");
    repo.commit("use it");
    assert!(check_json(&repo, &[]).of("unused-alias").is_empty());
}

#[test]
fn unused_alias_reports_an_owners_aliases_file_below_the_root() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("sub/OWNERS_ALIASES", "aliases:\n  sub-team: [bob]\n"),
        ("sub/OWNERS", "approvers: [sub-team]\n"),
        ("sub/x", "x"),
    ]);
    let found = check_json(&repo, &[]).of("unused-alias");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], "sub/OWNERS_ALIASES");
    assert!(found[0]["message"].as_str().unwrap().contains("`sub-team`"));
    // ... and `sub-team` is then taken as a person's name, so sub/ keeps an approver.
    assert!(check_json(&repo, &[]).of("unowned-path").is_empty());
}
