//! Who covers which path: `unowned-path` (topmost directories and single files), inheritance
//! stopped by `no_parent_owners`, `filters` granting owners to matching paths, and
//! `owner-lacks-authority`.

use crate::support::{TestRepo, check_json};

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
