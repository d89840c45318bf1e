//! The identity index's main line read ahead on an idle core: the index holds the same as a
//! walk that read every commit itself, and a core never freed costs nothing but the wait.

use git2::{Oid, Repository};
use ownlint::history::identity_index::{Everything, IdentityIndex, Reach};
use ownlint::side_by_side::SecondCore;

use crate::support::TestRepo;

/// A history of pull-request merges: a main line of `merges` merges, each bringing in a
/// branch of one or two commits forked a few commits back (so that the walk reaches a branch's
/// base before the main line does), with some plain commits on the main line between them,
/// a few of whose messages run to 100 KB (more than the reader keeps).
fn pull_request_history(merges: usize) -> (TestRepo, Oid) {
    let repo = TestRepo::new();
    let git = Repository::open(repo.path()).expect("open");
    let tree = super::one_file_tree(&git);
    let mut time = 1_600_000_000i64;
    let mut commit = |message: &str, who: usize, parents: &[Oid]| {
        time += 3600;
        super::commit_as_person(&git, &tree, message, who, time, parents)
    };
    let mut line = vec![commit("root", 0, &[])];
    for n in 0..merges {
        if n % 3 == 0 {
            let message = match n % 90 {
                0 => format!(
                    "plain\n\n{}\nSigned-off-by: Big <big@example.com>\n",
                    "x".repeat(100_000)
                ),
                _ => "plain".to_string(),
            };
            let plain = commit(&message, n % 7, &[*line.last().unwrap()]);
            line.push(plain);
        }
        let base = line[line.len().saturating_sub(1 + n % 4)];
        let mut head = commit("branch", 10 + n % 5, &[base]);
        if n % 2 == 0 {
            head = commit("branch, more", 20 + n % 3, &[head]);
        }
        let message = format!("Merge pull request #{n} from person{}/topic", n % 9);
        let merge = commit(&message, 30, &[*line.last().unwrap(), head]);
        line.push(merge);
    }
    let tip = *line.last().unwrap();
    git.reference("refs/heads/main", tip, true, "test").unwrap();
    git.set_head("refs/heads/main").unwrap();
    (repo, tip)
}

fn index(repo: &TestRepo, tip: Oid, idle: Option<&SecondCore>) -> (String, usize, usize) {
    let git = Repository::open(repo.path()).expect("open");
    let mut index = IdentityIndex::disabled();
    let update = index
        .update(&git, tip, &mut Everything, Reach::AsNeeded, idle)
        .expect("update");
    let json = serde_json::to_string(&index).expect("serialize");
    (json, update.read, update.read_ahead)
}

#[test]
fn the_main_line_read_ahead_gives_the_same_index() {
    let (repo, tip) = pull_request_history(1000);
    let (alone, read, ahead) = index(&repo, tip, None);
    assert_eq!(ahead, 0);
    // Free from the start: the reader reads the main line while the walk goes on.
    let (with_reader, read_with, ahead_with) = index(&repo, tip, Some(&SecondCore::free()));
    assert_eq!(with_reader, alone);
    assert_eq!(read_with, read);
    // The main line is 1,335 commits of the 2,835: most come from the reader (the walk reads
    // those before the reader has started and each branch base it reaches first itself; about
    // 900 here, the exact count varies with the threads' timing).
    assert!(ahead_with > 0, "nothing of {read} read ahead");
    assert!(
        ahead_with <= 1335,
        "{ahead_with} read ahead of a main line of 1,335"
    );
}

#[test]
fn a_core_never_freed_reads_nothing_ahead_and_does_not_hang() {
    let (repo, tip) = pull_request_history(40);
    let (alone, read, _) = index(&repo, tip, None);
    let held = SecondCore::held();
    let (with_reader, read_with, ahead_with) = index(&repo, tip, Some(&held));
    assert_eq!((with_reader, read_with, ahead_with), (alone, read, 0));
}
