//! Every rule, firing and not firing, on real repositories: one module per rule or family of
//! rules. Rules about a concept with a module of its own are tested there: the history rules in
//! `history::rules` and `identity`, the handover rules in `handover`, the dialect rules in
//! `dialects`, the pull-request rules in `pull_request`.

mod aliases;
mod coverage;
mod owners_files;
mod pattern_broken_by_rename;
mod suppression;
mod syntax;

use crate::support::{TestRepo, check_json};

/// An OWNERS_ALIASES registry shared by the alias and owners-file tests.
const ALIASES: &str = "aliases:\n  sig-storage-approvers:\n    - alice\n    - bob\n  sig-net-reviewers:\n    - carol\n  old-team:\n    - dave\n";

#[test]
fn configured_severity_and_off() {
    let repo = TestRepo::with(&[
        (
            ".ownlint.yaml",
            "rules:\n  missing-accountable-owner: off\n  empty-owners-file: error\n",
        ),
        ("OWNERS", "approvers: [alice]\n"),
        ("a/OWNERS", "# nobody yet\n"),
        ("a/x", "x"),
    ]);
    let out = check_json(&repo, &[]);
    assert!(out.of("missing-accountable-owner").is_empty());
    assert_eq!(out.of("empty-owners-file")[0]["severity"], "error");
    assert_eq!(repo.ownlint(&["check"]).code, 1);
}
