//! The incremental pre-commit hook: `check --staged` reads which systems own the files a
//! commit leaves alone from the resolution cache (`.git/ownlint/resolution-v1.cache`), resolves
//! only the paths the commit changes, and skips the rules whose findings are located in
//! ownership files when the commit changes none. Its output must be exactly the full
//! computation's (`OWNLINT_INCREMENTAL=0`: every file resolved, every rule run), whatever the
//! commit: a property test stages random commits (adds, deletes, renames, edits of OWNERS,
//! OWNERS_ALIASES, CODEOWNERS, MAINTAINERS and an included file) on a generated repository and
//! compares the two; focused tests cover the cache missing, stale, corrupt or planted.

use std::path::Path;
use std::process::Command;

use crate::support::{TestRepo, check_json};
use proptest::prelude::*;

pub(crate) const ALICE: (&str, &str) = ("Alice", "alice@example.com");
pub(crate) const AS_OF: &str = "2025-06-01";
const CACHE: &str = ".git/ownlint/resolution-v1.cache";

/// `check --staged --format json` at [`AS_OF`], incremental (the default) or the full
/// computation; its standard output, after checking that it ran.
fn hook(repo: &TestRepo, incremental: bool) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_ownlint"))
        .args([
            "check",
            "--staged",
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .args(["--as-of", AS_OF])
        .current_dir(repo.path())
        .env("HOME", std::env::temp_dir())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("NO_COLOR", "1")
        .env("OWNLINT_INCREMENTAL", if incremental { "1" } else { "0" })
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("run ownlint");
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Runs the hook both ways and asserts the same output; returns it.
fn same_both_ways(repo: &TestRepo, what: &str) -> String {
    let incremental = hook(repo, true);
    let full = hook(repo, false);
    assert_eq!(
        incremental, full,
        "{what}: incremental and full hooks differ"
    );
    incremental
}

pub(crate) fn stage_all(repo: &TestRepo) {
    repo.git(&["add", "-A"], ALICE, "2025-05-20");
}

fn cache_bytes(repo: &TestRepo) -> Option<Vec<u8>> {
    std::fs::read(repo.path().join(CACHE)).ok()
}

/// The ownership files the generated repository starts with, each of which the property test
/// may rewrite with one of its variants.
const OWNERSHIP: &[(&str, &[&str])] = &[
    (
        "OWNERS_ALIASES",
        &[
            "aliases:\n  core:\n    - alice\n    - bob\n",
            "aliases:\n  core:\n    - carol\n",
            "aliases:\n  core: []\n",
        ],
    ),
    (
        "OWNERS",
        &["approvers:\n  - core\n", "reviewers:\n  - core\n"],
    ),
    (
        "a/OWNERS",
        &[
            "options:\n  no_parent_owners: true\nreviewers:\n  - carol\n",
            "options:\n  no_parent_owners: true\napprovers:\n  - carol\n",
            "approvers:\n  - dave\nfilters:\n  \"\\\\.md$\":\n    approvers:\n      - erin\n",
        ],
    ),
    (
        ".github/CODEOWNERS",
        &[
            "/b/ @bob\n*.md @carol\n/c/x/ @alice\n",
            "* @org/all\n/b/ @bob\n/c/ \n/nowhere/ @bob\n",
            "/b/old/ @carol\n/b/ @bob\n/e/ @erin\n",
        ],
    ),
    (
        "MAINTAINERS",
        &[
            "CORE\nM:\tAlice <alice@example.com>\nS:\tMaintained\nF:\tc/\nF:\tdocs/\n\nBEE\nM:\tBob <bob@example.com>\nS:\tOdd Fixes\nF:\tb/*.c\nN:\tgen\n",
            "CORE\nM:\tAlice <alice@example.com>\nS:\tMaintained\nF:\tc/x/\nX:\tc/x/skip/\n",
            "EVERYTHING\nM:\tCarol <carol@example.com>\nS:\tOrphan\nF:\t*\nF:\t*/\nF:\tnowhere/\n",
        ],
    ),
    (
        "common/OWNERS",
        &["dave@example.com\n", "erin@example.com\n", "\n"],
    ),
    (
        "d/OWNERS",
        &[
            "file://common/OWNERS\n",
            "set noparent\nfile://common/OWNERS\n",
        ],
    ),
];

/// The directories tracked files are added to, renamed into, or live in.
const DIRS: &[&str] = &[
    "", "a", "a/deep", "b", "b/old", "c/x", "c/x/skip", "c/y", "d", "docs", "e", "gen",
];
const NAMES: &[&str] = &["main.c", "util.rs", "README.md", "gen.c", "x.txt"];

/// A configuration under which the generated repository's one month of history covers the
/// staleness period: the history rules that need it (`stale-owner`, `orphaned-area`) judge,
/// where by default `history-incomplete` says the history is too short for them.
const SHORT_STALENESS: &str = "history:\n  stale_after: 20d\n";

/// A generated repository: the ownership files' first variants and a file or two per
/// directory, committed, with the caches filled by a plain `check`.
pub(crate) fn generated() -> TestRepo {
    generated_with(None)
}

/// [`generated`], with `.ownlint.yaml` in its first commit when `config` is given.
fn generated_with(config: Option<&str>) -> TestRepo {
    let repo = TestRepo::new();
    if let Some(config) = config {
        repo.write(".ownlint.yaml", config);
    }
    for (path, variants) in OWNERSHIP {
        repo.write(path, variants[0]);
    }
    for (i, dir) in DIRS.iter().enumerate() {
        for name in &NAMES[i % 3..i % 3 + 2] {
            repo.write(&join(dir, name), &format!("{dir} {name}\n"));
        }
    }
    // Files written a while before they are staged, as in a real work tree: written in the
    // same second as the index, git would take them for racily clean, hash them again when
    // staging anything, and drop the cache tree of every directory.
    backdate(repo.path());
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-01", "start");
    // The index as `git commit` leaves it: with a cache tree of every directory (the commit
    // above is libgit2's, which does not write it to the index file).
    repo.git(&["write-tree"], ALICE, "2025-05-01");
    check_json(&repo, &["--as-of", AS_OF]);
    repo
}

/// Sets the modification time of every file of the work tree an hour back.
fn backdate(dir: &Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_name() == ".git" {
            continue;
        }
        if path.is_dir() {
            backdate(&path);
        } else {
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(past).unwrap();
        }
    }
}

fn join(dir: &str, name: &str) -> String {
    match dir {
        "" => name.to_string(),
        _ => format!("{dir}/{name}"),
    }
}

/// One change a commit may stage.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Add {
        dir: usize,
        name: usize,
    },
    /// Deletes the `n`th tracked file (of those left, in order).
    Delete {
        n: usize,
    },
    /// Moves the `n`th tracked file into a directory (an exact rename).
    Rename {
        n: usize,
        dir: usize,
    },
    /// Moves a whole directory (its tracked files) to a new name.
    RenameDir {
        dir: usize,
    },
    /// Rewrites an ownership file with one of its variants.
    Edit {
        file: usize,
        variant: usize,
    },
    /// Deletes an ownership file.
    DeleteOwnership {
        file: usize,
    },
}

pub(crate) fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..DIRS.len(), 0..NAMES.len()).prop_map(|(dir, name)| Op::Add { dir, name }),
        2 => (0..64usize).prop_map(|n| Op::Delete { n }),
        2 => (0..64usize, 0..DIRS.len()).prop_map(|(n, dir)| Op::Rename { n, dir }),
        1 => (1..DIRS.len()).prop_map(|dir| Op::RenameDir { dir }),
        3 => (0..OWNERSHIP.len(), 0..3usize).prop_map(|(file, variant)| Op::Edit { file, variant }),
        1 => (0..OWNERSHIP.len()).prop_map(|file| Op::DeleteOwnership { file }),
    ]
}

/// The tracked files still in the work tree (earlier operations may have moved or deleted
/// some) that are not ownership files.
fn plain_files(repo: &TestRepo) -> Vec<String> {
    let listed = repo.git(&["ls-files"], ALICE, "2025-05-20");
    listed
        .lines()
        .filter(|p| !OWNERSHIP.iter().any(|(o, _)| o == p))
        .filter(|p| repo.path().join(p).is_file())
        .map(str::to_string)
        .collect()
}

pub(crate) fn apply(repo: &TestRepo, op: &Op) {
    let root = repo.path();
    match *op {
        Op::Add { dir, name } => {
            repo.write(&join(DIRS[dir], &format!("new-{}", NAMES[name])), "new\n");
        }
        Op::Delete { n } => {
            let files = plain_files(repo);
            if !files.is_empty() {
                std::fs::remove_file(root.join(&files[n % files.len()])).unwrap();
            }
        }
        Op::Rename { n, dir } => {
            let files = plain_files(repo);
            if files.is_empty() {
                return;
            }
            let from = &files[n % files.len()];
            let base = Path::new(from).file_name().unwrap().to_str().unwrap();
            let to = join(DIRS[dir], &format!("moved-{base}"));
            if !root.join(&to).exists() {
                std::fs::create_dir_all(root.join(&to).parent().unwrap()).unwrap();
                std::fs::rename(root.join(from), root.join(&to)).unwrap();
            }
        }
        Op::RenameDir { dir } => {
            let from = root.join(DIRS[dir]);
            let to = root.join(format!("{}-moved", DIRS[dir]));
            if from.is_dir() && !to.exists() {
                std::fs::rename(from, to).unwrap();
            }
        }
        Op::Edit { file, variant } => {
            let (path, variants) = OWNERSHIP[file];
            repo.write(path, variants[variant % variants.len()]);
        }
        Op::DeleteOwnership { file } => {
            let _ = std::fs::remove_file(root.join(OWNERSHIP[file].0));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    /// Any staged commit: the incremental hook reports exactly what the full computation does,
    /// with the history rules judging (a staleness period the history covers) or not.
    #[test]
    fn the_incremental_hook_reports_what_the_full_computation_does(
        ops in proptest::collection::vec(op(), 1..5),
        short_staleness in any::<bool>(),
    ) {
        let repo = generated_with(short_staleness.then_some(SHORT_STALENESS));
        prop_assert!(cache_bytes(&repo).is_some(), "a plain check fills the resolution cache");
        for op in &ops {
            apply(&repo, op);
        }
        stage_all(&repo);
        let incremental = hook(&repo, true);
        let full = hook(&repo, false);
        prop_assert_eq!(incremental, full, "ops: {:?}", ops);
    }
}

/// The plain case the hook is for: one new file, nobody owns it. With the cache there, the
/// hook does not rewrite it (the files it read from it are all it needed).
#[test]
fn a_new_unowned_file_is_reported_from_a_warm_cache_without_rewriting_it() {
    let repo = generated();
    let warm = cache_bytes(&repo).expect("filled");
    repo.write("e/brand-new.c", "x\n");
    stage_all(&repo);
    let out = same_both_ways(&repo, "new file");
    assert!(out.contains("e/brand-new.c"), "{out}");
    assert_eq!(
        cache_bytes(&repo).as_ref(),
        Some(&warm),
        "a warm cache is left as it is"
    );
}

/// No cache (deleted, or never written): every file is resolved, the findings are the same,
/// and the cache is written for the next commit.
#[test]
fn without_a_cache_the_hook_resolves_everything_and_fills_it() {
    let repo = generated();
    std::fs::remove_file(repo.path().join(CACHE)).unwrap();
    repo.write("e/brand-new.c", "x\n");
    stage_all(&repo);
    let out = hook(&repo, true);
    assert!(out.contains("e/brand-new.c"), "{out}");
    assert!(cache_bytes(&repo).is_some(), "the hook filled the cache");
    assert_eq!(out, hook(&repo, false));
    assert_eq!(
        out,
        hook(&repo, true),
        "and reads it back to the same answer"
    );
}

/// A commit that edits an ownership file makes the cache stale (its key is the ownership
/// files' blob ids): the hook resolves every file, its answers replace the cache's, and a
/// file the edit leaves unowned is reported.
#[test]
fn an_ownership_edit_makes_the_cache_stale() {
    let repo = generated();
    let before = cache_bytes(&repo).expect("filled");
    // MAINTAINERS becomes one orphaned catch-all section, with a pattern that matches nothing.
    repo.write("MAINTAINERS", OWNERSHIP[4].1[2]);
    stage_all(&repo);
    let out = same_both_ways(&repo, "MAINTAINERS edit");
    let after = cache_bytes(&repo).expect("still there");
    assert_ne!(
        after, before,
        "answers under the new key replace the stale ones"
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    // The rules the hook skips on a commit that edits no ownership file run on this one.
    assert!(rules.contains(&"pattern-matches-nothing"), "{out}");
    assert!(rules.contains(&"maintainers-status"), "{out}");
}

/// Whatever sits where the cache should be, the hook answers as the full computation does,
/// never writes through a planted link, and replaces a corrupt regular file.
#[test]
fn a_corrupt_or_planted_cache_changes_nothing() {
    let repo = generated();
    let path = repo.path().join(CACHE);
    let good = cache_bytes(&repo).expect("filled");
    repo.write("e/brand-new.c", "x\n");
    stage_all(&repo);
    let expected = hook(&repo, false);
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 1;
    let corrupt: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("garbage", b"not a cache at all".to_vec()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("one bit flipped", flipped),
    ];
    for (what, bytes) in corrupt {
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(hook(&repo, true), expected, "{what}");
        let now = std::fs::read(&path).unwrap();
        assert_ne!(now, bytes, "{what}: the corrupt file is replaced");
        assert_eq!(
            hook(&repo, true),
            expected,
            "{what}: and the new one is read"
        );
    }
    // A link to a file outside the repository: followed neither to read nor to write.
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), &good).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(outside.path(), &path).unwrap();
    repo.write("e/other-new.c", "x\n");
    stage_all(&repo);
    let expected = hook(&repo, false);
    assert_eq!(hook(&repo, true), expected, "a link");
    assert_eq!(
        std::fs::read(outside.path()).unwrap(),
        good,
        "nothing written through it"
    );
    // A device: refused as a cache, never written.
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
    assert_eq!(hook(&repo, true), expected, "a device");
    // A directory where the file should be.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    assert_eq!(hook(&repo, true), expected, "a directory");
}

/// An edit of OWNERS_ALIASES alone changes who approves every file of the OWNERS files that
/// name the alias: the cache is stale, and the files the edit leaves without an approver are
/// the commit's.
#[test]
fn an_alias_edit_is_judged_as_the_full_computation_judges_it() {
    let repo = generated();
    repo.write("OWNERS_ALIASES", OWNERSHIP[0].1[2]);
    stage_all(&repo);
    same_both_ways(&repo, "alias emptied");
    repo.write("OWNERS_ALIASES", OWNERSHIP[0].1[1]);
    stage_all(&repo);
    same_both_ways(&repo, "alias passed on");
}

/// An edit of a file that another OWNERS file includes (`file://common/OWNERS`): the
/// including area's approvers change with it.
#[test]
fn an_include_edit_is_judged_as_the_full_computation_judges_it() {
    let repo = generated();
    repo.write("common/OWNERS", OWNERSHIP[5].1[2]);
    repo.write("d/new.c", "x\n");
    stage_all(&repo);
    same_both_ways(&repo, "included file emptied");
}

/// A staged rename that leaves a CODEOWNERS pattern matching nothing is reported with its
/// rewrite, as the full computation reports it (the skipped pattern rules do not hide it).
#[test]
fn a_rename_that_breaks_a_pattern_is_reported() {
    let repo = generated();
    repo.write(".github/CODEOWNERS", OWNERSHIP[3].1[2]);
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-02", "narrow CODEOWNERS");
    check_json(&repo, &["--as-of", AS_OF]);
    std::fs::rename(repo.path().join("b/old"), repo.path().join("b/new")).unwrap();
    stage_all(&repo);
    let out = same_both_ways(&repo, "rename of b/old");
    assert!(out.contains("pattern-broken-by-rename"), "{out}");
    assert!(out.contains("/b/new/"), "the rewrite is suggested: {out}");
}

/// The run's findings, as (rule, file) pairs.
fn rules_and_files(out: &str) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(out).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["file"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// A commit that changes no ownership file: the history rules located in ownership files and
/// the evidence they read are left out, but `history-incomplete`, which names no file and
/// reads only the history, still says the history is too short for them.
#[test]
fn a_commit_that_edits_no_ownership_file_still_says_the_history_is_incomplete() {
    let repo = generated();
    repo.write("e/brand-new.c", "x\n");
    stage_all(&repo);
    let out = same_both_ways(&repo, "new file");
    let found = rules_and_files(&out);
    assert!(
        found.contains(&("history-incomplete".to_string(), String::new())),
        "{out}"
    );
}

/// A commit that edits an OWNERS file, with a staleness period the history covers: the
/// history rules run on it and report the people it adds that the history shows stale
/// (`alice`) or never shows (`dave`), as the full computation does; those of the ownership
/// files it leaves alone (`bob` in OWNERS_ALIASES) are not the commit's.
#[test]
fn history_findings_in_an_edited_ownership_file_are_the_commits() {
    let repo = generated_with(Some(SHORT_STALENESS));
    repo.write("a/OWNERS", "approvers:\n  - alice\n  - dave\n");
    stage_all(&repo);
    let out = same_both_ways(&repo, "a/OWNERS edit");
    let found = rules_and_files(&out);
    for rule in ["stale-owner", "unmapped-owner"] {
        assert!(
            found.contains(&(rule.to_string(), "a/OWNERS".to_string())),
            "{rule}: {out}"
        );
    }
    assert!(
        found.iter().all(|(_, file)| file != "OWNERS_ALIASES"),
        "{out}"
    );
}
