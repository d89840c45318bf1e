//! The syntax rules of YAML OWNERS files: `parse-error` (located at line and column) and
//! `unknown-field` (with the known field it suggests).

use crate::support::{TestRepo, check_json};

#[test]
fn parse_error_points_at_line_and_column() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("pkg/OWNERS", "approvers:\n  - alice\nreviewers: bob\n"),
        ("pkg/a.go", "x"),
    ]);
    let found = check_json(&repo, &[]).of("parse-error");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], "pkg/OWNERS");
    assert_eq!(found[0]["line"], 3);
    assert_eq!(found[0]["column"], 12);
    assert_eq!(found[0]["severity"], "error");
}

#[test]
fn parse_error_for_invalid_yaml_and_not_for_valid() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice\n"),
        ("ok/OWNERS", "approvers: [alice]\n"),
        ("a.go", "x"),
    ]);
    let found = check_json(&repo, &[]).of("parse-error");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["file"], "OWNERS");
    assert_eq!(found[0]["line"], 1);
}

#[test]
fn unknown_field_suggests_the_known_one() {
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "approver:\n  - alice\napprovers: [alice]\noptions:\n  no_parents_owners: true\n",
        ),
        ("a.go", "x"),
    ]);
    let found = check_json(&repo, &[]).of("unknown-field");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0]["message"].as_str().unwrap().contains("`approver`"));
    assert!(found[0]["help"].as_str().unwrap().contains("`approvers`"));
    assert_eq!(found[1]["line"], 5);
    assert!(
        found[1]["help"]
            .as_str()
            .unwrap()
            .contains("`no_parent_owners`")
    );
}

#[test]
fn unknown_field_silent_on_every_known_field() {
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "approvers: [alice]\nreviewers: [bob]\nrequired_reviewers: [bob]\nemeritus_approvers: [zed]\n\
             emeritus_reviewers: [zed]\nlabels: [area/x]\noptions:\n  no_parent_owners: false\n  auto_approve_unowned_subfolders: true\n\
             filters:\n  \".*\":\n    approvers: [alice]\n    reviewers: [bob]\n    required_reviewers: [bob]\n    labels: [x]\n\
             owner: alice\ncover: [bob]\nhandover: docs/HANDOVER.md\nreviewed: 2024-01-01\nescalation: https://example.com/oncall\n",
        ),
        ("a.go", "x"),
    ]);
    let out = check_json(&repo, &[]);
    assert!(
        out.of("unknown-field").is_empty(),
        "{:?}",
        out.of("unknown-field")
    );
    assert!(
        out.of("parse-error").is_empty(),
        "{:?}",
        out.of("parse-error")
    );
}
