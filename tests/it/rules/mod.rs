//! Every rule, firing and not firing, on real repositories.

mod support;

use support::{TestRepo, check_json};

const ALIASES: &str = "aliases:\n  sig-storage-approvers:\n    - alice\n    - bob\n  sig-net-reviewers:\n    - carol\n  old-team:\n    - dave\n";

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

#[test]
fn unowned_path_reports_topmost_directories_and_single_files() {
    let repo = TestRepo::with(&[
        ("OWNERS", "reviewers: [alice]\n"),
        ("owned/OWNERS", "approvers: [alice]\n"),
        ("owned/a.go", "x"),
        ("owned/deep/b.go", "x"),
        ("tools/a.sh", "x"),
        ("tools/sub/b.sh", "x"),
        ("tools/sub/c.sh", "x"),
        ("README.md", "x"),
    ]);
    let found = check_json(&repo, &[]).of("unowned-path");
    let files: Vec<&str> = found.iter().map(|d| d["file"].as_str().unwrap()).collect();
    // The root has owned files, so it is not wholly unowned: its unowned files are listed singly,
    // and tools/ is reported once for its three files.
    assert_eq!(files, ["OWNERS", "README.md", "tools/"], "{found:?}");
    let tools = &found[2];
    assert!(
        tools["message"].as_str().unwrap().contains("3 files"),
        "{tools}"
    );
    assert_eq!(tools["line"], serde_json::Value::Null);
}

#[test]
fn unowned_path_reports_the_whole_repository_once() {
    let files: Vec<(String, String)> = (0..50)
        .map(|i| (format!("d{}/f{i}.txt", i % 5), "x".to_string()))
        .collect();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let repo = TestRepo::with(&borrowed);
    let found = check_json(&repo, &[]).of("unowned-path");
    assert_eq!(found.len(), 1);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("the repository")
    );
    assert!(found[0]["message"].as_str().unwrap().contains("50 files"));
}

#[test]
fn unowned_path_silent_when_everything_has_an_approver() {
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice]\n"), ("a/b/c.go", "x")]);
    assert!(check_json(&repo, &[]).of("unowned-path").is_empty());
}

#[test]
fn no_parent_owners_stops_inheritance() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        (
            "api/OWNERS",
            "options:\n  no_parent_owners: true\nreviewers: [bob]\n",
        ),
        ("api/types.go", "x"),
        ("lib/x.go", "x"),
    ]);
    let out = check_json(&repo, &[]);
    let files: Vec<String> = out.files("unowned-path");
    assert_eq!(files, ["api/"]);
    // Without the option, the root's approver covers api/.
    repo.write("api/OWNERS", "reviewers: [bob]\n");
    repo.commit("inherit");
    assert!(check_json(&repo, &[]).of("unowned-path").is_empty());
}

#[test]
fn filters_grant_owners_to_matching_paths_only() {
    let repo = TestRepo::with(&[
        (
            "api/OWNERS",
            "options:\n  no_parent_owners: true\nfilters:\n  \"(types|register)\\\\.go$\":\n    approvers: [alice]\n",
        ),
        ("api/types.go", "x"),
        ("api/v1/register.go", "x"),
        ("api/handler.go", "x"),
    ]);
    let found = check_json(&repo, &[]).of("unowned-path");
    let files: Vec<&str> = found.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["api/OWNERS", "api/handler.go"]);
}

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
fn empty_owners_file_fires_for_files_that_name_nobody_and_do_nothing_else() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("a/OWNERS", "approvers:\n# - gone\n"),
        ("b/OWNERS", ""),
        ("c/OWNERS", "reviewers: [bob]\n"),
        (
            "e/OWNERS",
            "emeritus_approvers: [erin]\noptions:\n  no_parent_owners: false\n",
        ),
        ("a/x", "x"),
        ("b/x", "x"),
        ("c/x", "x"),
        ("e/x", "x"),
    ]);
    let found = check_json(&repo, &[]).of("empty-owners-file");
    let files: Vec<&str> = found.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["a/OWNERS", "b/OWNERS", "e/OWNERS"]);
    assert!(
        found[0]["help"]
            .as_str()
            .unwrap()
            .contains("delete the file")
    );
}

/// The Prow pattern of kubernetes/autoscaler's cloud providers: the providers' OWNERS files
/// carry only the label their pull requests get, and inherit their approvers. Deleting them,
/// as the rule's help says for empty files, would lose the labels.
#[test]
fn labels_only_and_options_only_owners_files_are_not_empty() {
    let repo = TestRepo::with(&[
        (
            "cluster-autoscaler/OWNERS",
            "approvers:\n- alice\nreviewers:\n- bob\nlabels:\n- area/cluster-autoscaler\n",
        ),
        (
            "cluster-autoscaler/cloudprovider/linode/OWNERS",
            "\nlabels:\n- area/provider/linode\n",
        ),
        (
            "cluster-autoscaler/cloudprovider/linode/linode.go",
            "package linode\n",
        ),
        (
            "cluster-autoscaler/cloudprovider/ovhcloud/OWNERS",
            "# labels for the provider's pull requests\nlabels:\n  - area/provider/ovhcloud\n",
        ),
        (
            "cluster-autoscaler/cloudprovider/ovhcloud/ovh.go",
            "package ovhcloud\n",
        ),
        ("vertical-pod-autoscaler/OWNERS", "approvers: [carol]\n"),
        (
            "vertical-pod-autoscaler/pkg/OWNERS",
            "filters:\n  \"\\\\.go$\":\n    labels:\n      - kind/api-change\n",
        ),
        ("vertical-pod-autoscaler/pkg/types.go", "package pkg\n"),
        (
            "vertical-pod-autoscaler/e2e/OWNERS",
            "options:\n  auto_approve_unowned_subfolders: true\n",
        ),
        ("vertical-pod-autoscaler/e2e/run.sh", "\n"),
        ("legacy/OWNERS", "options:\n  no_parent_owners: true\n"),
        ("legacy/old.sh", "\n"),
    ]);
    let out = check_json(&repo, &[]);
    assert!(
        out.of("empty-owners-file").is_empty(),
        "{:#?}",
        out.of("empty-owners-file")
    );
    // An options-only file that cuts inheritance still leaves its paths unowned: that is
    // unowned-path's finding, which names the file.
    assert_eq!(out.files("unowned-path"), ["legacy/"]);
    assert!(
        out.field("unowned-path", "help")[0].contains("legacy/OWNERS"),
        "{:?}",
        out.field("unowned-path", "help")
    );
    // Once the labels are gone and nobody is named, the file is empty.
    repo.write(
        "cluster-autoscaler/cloudprovider/linode/OWNERS",
        "# labels moved to the parent\n",
    );
    repo.commit("drop the label");
    assert_eq!(
        check_json(&repo, &[]).files("empty-owners-file"),
        ["cluster-autoscaler/cloudprovider/linode/OWNERS"]
    );
}

#[test]
fn emeritus_still_listed_directly_and_through_an_alias() {
    let repo = TestRepo::with(&[
        ("OWNERS_ALIASES", ALIASES),
        (
            "OWNERS",
            "approvers: [alice, erin]\nemeritus_approvers: [erin]\n",
        ),
        (
            "x/OWNERS",
            "approvers: [sig-storage-approvers]\nemeritus_approvers: [bob]\n",
        ),
        (
            "y/OWNERS",
            "approvers: [alice]\nemeritus_approvers: [frank]\n",
        ),
        ("x/a", "x"),
        ("y/a", "x"),
    ]);
    let found = check_json(&repo, &[]).of("emeritus-still-listed");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0]["owner"], "erin");
    assert_eq!(found[1]["owner"], "bob");
    assert!(
        found[1]["message"]
            .as_str()
            .unwrap()
            .contains("sig-storage-approvers")
    );
}

#[test]
fn multiple_accountable_owners_for_lists_strings_and_aliases() {
    let repo = TestRepo::with(&[
        ("OWNERS_ALIASES", ALIASES),
        ("OWNERS", "owner: alice\napprovers: [alice, bob]\n"),
        ("a/OWNERS", "owner: [alice, bob]\napprovers: [alice, bob]\n"),
        ("b/OWNERS", "owner: alice, bob\napprovers: [alice, bob]\n"),
        (
            "c/OWNERS",
            "owner: sig-storage-approvers\napprovers: [alice, bob]\n",
        ),
        ("d/OWNERS", "owner: [bob]\napprovers: [bob]\n"),
        ("a/x", "x"),
        ("b/x", "x"),
        ("c/x", "x"),
        ("d/x", "x"),
    ]);
    let found = check_json(&repo, &[]).of("multiple-accountable-owners");
    let files: Vec<&str> = found.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["a/OWNERS", "b/OWNERS", "c/OWNERS"]);
    assert!(found[2]["message"].as_str().unwrap().contains("2 people"));
}

#[test]
fn owner_lacks_authority_counts_the_files() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [root-person]\n"),
        ("a/OWNERS", "owner: alice\napprovers: [bob]\n"),
        ("a/one.go", "x"),
        ("a/two.go", "x"),
        (
            "b/OWNERS",
            "owner: alice\nfilters:\n  \"\\\\.go$\":\n    approvers: [alice]\n",
        ),
        ("b/one.go", "x"),
        ("b/two.md", "x"),
        ("c/OWNERS", "owner: carol\napprovers: [carol]\n"),
        ("c/x.go", "x"),
        ("d/OWNERS", "owner: dave\n"),
        ("d/sub/OWNERS", "approvers: [dave]\n"),
    ]);
    let found = check_json(&repo, &[]).of("owner-lacks-authority");
    let messages: Vec<&str> = found
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(found.len(), 3, "{messages:?}");
    assert!(
        messages[0].contains("any of the 3 files in `a`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("2 of the 3 files in `b`"),
        "{messages:?}"
    );
    assert!(messages[2].contains("the only file in `d`"), "{messages:?}");
    assert_eq!(found[0]["owner"], "alice");
}

#[test]
fn owner_lacks_authority_silent_when_inherited_approval_covers_it() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("a/OWNERS", "owner: alice\nreviewers: [bob]\n"),
        ("a/x.go", "x"),
    ]);
    assert!(
        check_json(&repo, &[])
            .of("owner-lacks-authority")
            .is_empty()
    );
}

#[test]
fn team_only_ownership_and_missing_accountable_owner() {
    let repo = TestRepo::with(&[
        ("OWNERS_ALIASES", ALIASES),
        ("OWNERS", "approvers: [sig-storage-approvers]\n"),
        ("a/OWNERS", "approvers: [sig-storage-approvers, alice]\n"),
        (
            "b/OWNERS",
            "owner: alice\napprovers: [sig-storage-approvers]\n",
        ),
        ("c/OWNERS", "reviewers: [bob]\n"),
        ("a/x", "x"),
        ("b/x", "x"),
        ("c/x", "x"),
    ]);
    let out = check_json(&repo, &[]);
    let team_only: Vec<String> = out.files("team-only-ownership");
    assert_eq!(team_only, ["OWNERS"]);
    let missing: Vec<String> = out.files("missing-accountable-owner");
    assert_eq!(missing, ["OWNERS", "a/OWNERS"]);
}

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
