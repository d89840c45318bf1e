//! What an OWNERS file says about its people: `empty-owners-file`, `emeritus-still-listed`,
//! `multiple-accountable-owners`, `team-only-ownership` and `missing-accountable-owner`.

use super::ALIASES;
use crate::support::{TestRepo, check_json};

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
