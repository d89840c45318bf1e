//! `check --rev` lists the revision's files from the index below every directory whose tree id
//! the index's cache tree records as the revision's (the same files, modes and blobs), and reads
//! only the other trees. Its answers must be exactly those of a listing of every tree: the
//! same run with `GIT_INDEX_FILE` naming a missing index (an empty one: no shortcut) is the
//! reference, over random staged changes (which leave the cache tree valid in some directories
//! and not in others).

use crate::incremental_hook::{AS_OF, apply, generated, op, stage_all};
use crate::support::{Output, TestRepo, run_in, run_in_env};
use proptest::prelude::*;

/// `check --rev HEAD --no-history --format json` at [`AS_OF`], with `GIT_INDEX_FILE` set when
/// given. Without the history: its pass reads the trees of the window's commits (when its cache
/// is cold), which the listing does not need.
fn check_head(repo: &TestRepo, index_file: Option<&str>) -> Output {
    let args = [
        "check",
        "--rev",
        "HEAD",
        "--no-history",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        AS_OF,
    ];
    match index_file {
        Some(file) => run_in_env(repo.path(), &args, &[("GIT_INDEX_FILE", file)]),
        None => run_in(repo.path(), &args),
    }
}

/// The standard output of a run that succeeded.
fn stdout(output: Output) -> String {
    assert_eq!(output.code, 0, "stderr: {}", output.stderr);
    output.stdout
}

/// A path where no index is: an empty index for ownlint, so every tree of HEAD is read.
fn no_index(repo: &TestRepo) -> String {
    repo.path()
        .join(".git/no-such-index")
        .to_string_lossy()
        .into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 16,
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    /// Whatever is staged, HEAD's findings are the same read through the index or not.
    #[test]
    fn a_revision_reads_the_same_through_the_index_as_from_its_trees(
        ops in proptest::collection::vec(op(), 0..5),
    ) {
        let repo = generated();
        for op in &ops {
            apply(&repo, op);
        }
        stage_all(&repo);
        let through_index = stdout(check_head(&repo, None));
        let from_trees = stdout(check_head(&repo, Some(&no_index(&repo))));
        prop_assert_eq!(through_index, from_trees, "ops: {:?}", ops);
    }
}

/// The shortcut is taken: with the tree object of a directory the index vouches for deleted,
/// the run still lists its files (from the index), where the run without the index cannot read
/// it. A staged file elsewhere keeps the root's cache tree invalid, so the rest is read.
#[test]
fn the_trees_the_index_vouches_for_are_not_read() {
    let repo = generated();
    let expected = stdout(check_head(&repo, None));
    repo.write("e/brand-new.c", "x\n");
    stage_all(&repo);
    let with_staged = stdout(check_head(&repo, None));
    assert_eq!(with_staged, expected, "a staged file is not HEAD's");
    let who = crate::incremental_hook::ALICE;
    let tree = repo.git(&["rev-parse", "HEAD:c/x"], who, AS_OF);
    let tree = tree.trim();
    let loose = repo
        .path()
        .join(".git/objects")
        .join(&tree[..2])
        .join(&tree[2..]);
    std::fs::remove_file(&loose).expect("the tree is a loose object");
    assert_eq!(stdout(check_head(&repo, None)), expected);
    let without_index = check_head(&repo, Some(&no_index(&repo)));
    assert_eq!(
        without_index.code, 2,
        "HEAD's c/x cannot be listed from its trees: {}",
        without_index.stderr
    );
}
