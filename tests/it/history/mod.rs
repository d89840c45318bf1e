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
