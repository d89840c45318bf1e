//! History: the walk and its tree diff against git itself, and the history rules on
//! repositories whose history spans years.

mod changes_cache;
mod identity_stop;
mod read_ahead;
mod rules;
mod walk;

/// A tree of one file, for generated histories whose commits differ only in who and when.
fn one_file_tree(git: &git2::Repository) -> git2::Tree<'_> {
    let mut builder = git.treebuilder(None).expect("tree builder");
    let blob = git.blob(b"x\n").expect("blob");
    builder.insert("file", blob, 0o100644).expect("insert");
    git.find_tree(builder.write().expect("write tree"))
        .expect("tree")
}

/// Commits `tree` with `parents` as `Person {who} <p{who}@example.com>` at `time` (seconds),
/// on no branch: generated histories name their tip themselves.
fn commit_as_person(
    git: &git2::Repository,
    tree: &git2::Tree<'_>,
    message: &str,
    who: usize,
    time: i64,
    parents: &[git2::Oid],
) -> git2::Oid {
    let signature = git2::Signature::new(
        &format!("Person {who}"),
        &format!("p{who}@example.com"),
        &git2::Time::new(time, 0),
    )
    .unwrap();
    let parents: Vec<_> = parents
        .iter()
        .map(|&p| git.find_commit(p).unwrap())
        .collect();
    let parents: Vec<_> = parents.iter().collect();
    git.commit(None, &signature, &signature, message, tree, &parents)
        .expect("commit")
}
