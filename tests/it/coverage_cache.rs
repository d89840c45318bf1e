//! The coverage of each CODEOWNERS file kept between runs (`.git/ownlint/coverage-v1.json`): a
//! run with the same ownership files and tracked files reads it and reports exactly what
//! counting reports; a run with other files counts again; a corrupt, foreign or misshapen file
//! is not believed, and is replaced.

use serde_json::Value;

use crate::support::{TestRepo, check_json};

const CACHE: &str = ".git/ownlint/coverage-v1.json";

/// A repository whose CODEOWNERS has a line that matches nothing (`/gone/`).
fn repo() -> TestRepo {
    TestRepo::with(&[
        (
            ".github/CODEOWNERS",
            "* @alice\n/docs/ @bob\n/gone/ @carol\n*.md @dave\n",
        ),
        ("a.go", "package a\n"),
        ("docs/guide.txt", "guide\n"),
        ("README.md", "readme\n"),
    ])
}

fn cache(repo: &TestRepo) -> Option<Vec<u8>> {
    std::fs::read(repo.path().join(CACHE)).ok()
}

/// The lines of the CODEOWNERS file that `pattern-matches-nothing` reports, by message.
fn matching_nothing(repo: &TestRepo) -> Vec<String> {
    check_json(repo, &[]).field("pattern-matches-nothing", "message")
}

#[test]
fn a_second_run_reads_the_coverage_and_reports_the_same() {
    let repo = repo();
    check_json(&repo, &["--no-cache"]);
    assert_eq!(cache(&repo), None, "--no-cache wrote the coverage");
    let first = check_json(&repo, &[]);
    let saved = cache(&repo).expect("the coverage is saved");
    let second = check_json(&repo, &[]);
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(cache(&repo), Some(saved), "a run that read it rewrote it");
    assert_eq!(
        first.field("pattern-matches-nothing", "message"),
        ["`/gone/` in .github/CODEOWNERS matches no tracked file"]
    );
}

/// A run that took the coverage from the cache leaves the file alone: not even written again
/// with the same bytes (a new file, by the atomic replace, would have another inode and time).
#[cfg(unix)]
#[test]
fn a_run_that_counted_nothing_writes_nothing() {
    use std::os::unix::fs::MetadataExt;
    let repo = repo();
    let first = check_json(&repo, &[]);
    let stamp = || {
        let metadata = std::fs::metadata(repo.path().join(CACHE)).unwrap();
        (metadata.ino(), metadata.modified().unwrap())
    };
    let written = stamp();
    let second = check_json(&repo, &[]);
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(stamp(), written, "the cache was written again");
}

#[test]
fn the_coverage_is_believed_only_under_its_key() {
    let repo = repo();
    let truth = matching_nothing(&repo);
    assert_eq!(truth.len(), 1);
    // It is read: a coverage saying every line matches a file hides the finding (what a forged
    // file can do at worst).
    let mut file: Value = serde_json::from_slice(&cache(&repo).unwrap()).unwrap();
    for matched in file["entries"][0]["coverage"]["matched"]
        .as_array_mut()
        .unwrap()
    {
        *matched = Value::from(matched.as_u64().unwrap().max(1));
    }
    std::fs::write(repo.path().join(CACHE), file.to_string()).unwrap();
    assert_eq!(matching_nothing(&repo), Vec::<String>::new());
    // Another tracked file is another key: counted again, truthfully.
    repo.write("b.go", "package a\n");
    repo.commit("b");
    assert_eq!(matching_nothing(&repo), truth);
    // So is another CODEOWNERS: `/gone/` now matches, the new `/lost/` does not.
    repo.write(
        ".github/CODEOWNERS",
        "* @alice\n/docs/ @bob\n/lost/ @carol\n*.md @dave\n/b.go @erin\n",
    );
    repo.commit("codeowners");
    assert_eq!(
        matching_nothing(&repo),
        ["`/lost/` in .github/CODEOWNERS matches no tracked file"]
    );
}

#[test]
fn a_corrupt_or_misshapen_cache_is_not_believed() {
    let repo = repo();
    let truth = check_json(&repo, &[]).stdout;
    let valid: Value = serde_json::from_slice(&cache(&repo).unwrap()).unwrap();
    let misshapen = |change: &dyn Fn(&mut Value)| {
        let mut file = valid.clone();
        change(&mut file["entries"][0]["coverage"]);
        file.to_string()
    };
    let cases = [
        ("not JSON", "{\"version\": 1, \"entr".to_string()),
        ("not an object", "[]".to_string()),
        ("another version", {
            let mut file = valid.clone();
            file["version"] = Value::from(2);
            file.to_string()
        }),
        (
            "a line short",
            misshapen(&|c| {
                c["matched"].as_array_mut().unwrap().pop();
            }),
        ),
        (
            "a line that is not there",
            misshapen(&|c| c["overridden_by"][0] = serde_json::json!([99, "a.go"])),
        ),
        (
            "more files than there are",
            misshapen(&|c| c["decided"][2] = Value::from(1_000_000)),
        ),
    ];
    for (what, text) in cases {
        std::fs::write(repo.path().join(CACHE), &text).unwrap();
        assert_eq!(check_json(&repo, &[]).stdout, truth, "{what}");
        let replaced: Value = serde_json::from_slice(&cache(&repo).unwrap()).unwrap();
        assert_eq!(
            replaced, valid,
            "{what}: not replaced by the counted coverage"
        );
    }
}
