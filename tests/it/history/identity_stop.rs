//! Where the identity index stops reading: once every declared name has been seen at a time
//! no unread commit can beat, and the branches of the merges read before then are read.

use git2::{Oid, Repository};
use indexmap::IndexMap;
use ownlint::history::identity_index::{IdentityIndex, Reach};
use ownlint::identity::Wanted;

use crate::support::TestRepo;

/// A main line of `merges` pull-request merges, an hour apart, each bringing in a one-commit
/// branch written just after the main line's commit three merges back: as on GitHub, a branch
/// is older than the merges made while it was open, so a walk newest first reads several
/// merges before each branch.
fn long_lived_branches(merges: usize) -> (TestRepo, Oid) {
    let repo = TestRepo::new();
    let git = Repository::open(repo.path()).expect("open");
    let tree = super::one_file_tree(&git);
    let commit = |message: &str, who: usize, time: i64, parents: &[Oid]| {
        super::commit_as_person(&git, &tree, message, who, time, parents)
    };
    let start = 1_600_000_000i64;
    let mut line = vec![(commit("root", 0, start, &[]), start)];
    for n in 1..=merges {
        let (base, base_time) = line[line.len().saturating_sub(3)];
        let branch = commit("topic", 10 + n % 5, base_time + 60, &[base]);
        let message = format!("Merge pull request #{n} from person{}/topic", n % 9);
        let time = start + n as i64 * 3600;
        let merge = commit(&message, 30, time, &[line.last().unwrap().0, branch]);
        line.push((merge, time));
    }
    let tip = line.last().unwrap().0;
    git.reference("refs/heads/main", tip, true, "test").unwrap();
    git.set_head("refs/heads/main").unwrap();
    (repo, tip)
}

/// Names seen near the top of a history of pull-request merges end the walk there: the merges
/// read after that owe nothing (each used to owe its branch, which kept the walk going to its
/// 10,000-commit cap: all 4,852 commits of kubernetes-sigs/kind, where 290 answer).
#[test]
fn names_found_near_the_top_of_a_pull_request_history_end_the_walk() {
    let (repo, tip) = long_lived_branches(600);
    let git = Repository::open(repo.path()).expect("open");
    let read = |names: &[&str]| {
        let mut wanted = Wanted::new(
            names.iter().map(|n| n.to_string()),
            &[],
            &IndexMap::new(),
            None,
        );
        let mut index = IdentityIndex::disabled();
        index
            .update(&git, tip, &mut wanted, Reach::AsNeeded, None)
            .expect("update")
            .read
    };
    // The merger, a merge handle and a branch author, all within the last merges.
    let found = read(&["p30@example.com", "person3", "p12@example.com"]);
    assert!(found < 100, "{found} of 1,201 commits read");
    // A name nobody has: the whole history.
    assert_eq!(read(&["p30@example.com", "nobody"]), 1201);
}
