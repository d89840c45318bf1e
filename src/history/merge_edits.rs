//! A merge's own edits: which of the paths a merge's tree join found (those whose entry differs
//! from every parent's, what `git log -c` lists) the merge edited itself, as git's dense
//! combined diff shows them (`git log --cc`, `git show`).
//!
//! `git log -c` lists a file that both sides of a clean merge edited, in different places: the
//! merged file equals neither side's. Counting it would credit whoever merged (on GitHub,
//! whoever clicked the button) with a change they did not make. So a candidate counts when
//! git's dense combined diff shows it, that is when:
//!
//! - the merge deleted it, or its mode differs from a parent's (a parent without the file
//!   included): git always shows these;
//! - it is binary (a NUL in its first 8000 bytes, in the merge or a parent), as git reads it
//!   when no `.gitattributes` says otherwise: git always shows "Binary files differ";
//! - or its line diff keeps a hunk ([`dense_diff`]): a conflict resolution that is not simply
//!   one side's version, a line of the merge's own. A conflict resolved by taking one side's
//!   hunk is not the merge's, as `git show` does not show it.
//!
//! Octopus merges are judged the same way, with the same rule (git's rule is written for any
//! number of parents). A submodule is compared as git compares it, by the commit it names.
//!
//! # Bounds
//!
//! What a merge asks of this is bounded, so that a crafted repository cannot make a walk
//! diff gigabytes: a file over [`MAX_BLOB_BYTES`] in the merge or a parent, files past
//! [`MERGE_BYTES`] read for one merge, lost lines past [`MERGE_LCS_CELLS`] to coalesce, a
//! merge of more than [`MAX_PARENTS`] parents, and a blob that cannot be read (a partial
//! clone without blobs) all leave the path counted, as `git log -c` counts it. The limits
//! are per merge, so the answer for a commit does not depend on what else a run read (and
//! the cache, which keeps it by commit id, stays right).
//!
//! Not followed: `.gitattributes` (`-diff`, `binary`, `textconv`) and a repository's
//! `diff.context` or diff algorithm settings; ownlint reads the history as git does by default.

use std::path::Path;

use git2::{ObjectType, Odb, OdbObject};

use super::dense_diff::{self, MAX_PARENTS};
use super::objects;
use super::treediff::{FileEntry, MergeCandidate};

/// The largest file (in the merge or a parent) whose lines are compared.
pub const MAX_BLOB_BYTES: usize = 8 << 20;
/// The bytes of files read to judge one merge's candidates.
pub const MERGE_BYTES: usize = 64 << 20;
/// The cells of the tables that coalesce lost lines, for one merge (five bytes each).
pub const MERGE_LCS_CELLS: usize = 1 << 22;

const MODE_TYPE: u32 = 0o170000;
const MODE_FILE: u32 = 0o100000;
const MODE_SYMLINK: u32 = 0o120000;
const MODE_DIRECTORY: u32 = 0o040000;
const MODE_GITLINK: u32 = 0o160000;

/// What is left of one merge's bounds.
#[derive(Debug, Clone)]
pub struct Budget {
    bytes: usize,
    lcs_cells: usize,
}

impl Budget {
    /// The bounds of one merge.
    pub fn per_merge() -> Budget {
        Budget {
            bytes: MERGE_BYTES,
            lcs_cells: MERGE_LCS_CELLS,
        }
    }
}

/// Judges merges' candidate paths, reading files from the object database.
pub struct MergeEdits<'o> {
    odb: Handle<'o>,
}

/// The handle a judge reads through.
enum Handle<'o> {
    /// One of its own ([`objects::handle_of_its_own`]): the walk's thread reads trees
    /// through the walk's handle meanwhile.
    Own(Odb<'static>),
    /// The walk's, where one of its own cannot be opened.
    Shared(&'o Odb<'o>),
}

/// A file's content as git's combined diff compares it.
enum Content<'o> {
    Blob(OdbObject<'o>),
    /// A submodule: `Subproject commit <id>`.
    Text(Vec<u8>),
}

impl Content<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Content::Blob(object) => object.data(),
            Content::Text(text) => text,
        }
    }
}

impl<'o> MergeEdits<'o> {
    /// A judge reading through a handle of its own on the object database at `objects`
    /// ([`objects::objects_dir`]), or through `shared` (the walk's) where one cannot be opened.
    pub fn new(objects: &Path, shared: &'o Odb<'o>) -> Self {
        let odb = match objects::handle_of_its_own(objects) {
            Ok(own) => Handle::Own(own),
            Err(_) => Handle::Shared(shared),
        };
        MergeEdits { odb }
    }

    fn odb(&self) -> &Odb<'_> {
        match &self.odb {
            Handle::Own(own) => own,
            Handle::Shared(shared) => shared,
        }
    }

    /// Whether `candidate` is an edit of the merge's own (see the module documentation);
    /// `budget` is the merge's, spent by reading and comparing.
    pub fn is_own(&self, candidate: &MergeCandidate, budget: &mut Budget) -> bool {
        self.judge(candidate, budget).unwrap_or(true)
    }

    /// `None` when the candidate cannot be judged within the bounds.
    fn judge(&self, candidate: &MergeCandidate, budget: &mut Budget) -> Option<bool> {
        let Some(merged) = candidate.merged else {
            // Deleted in the merge, from every parent (the tree join keeps nothing else).
            return Some(true);
        };
        let mode = canonical_mode(merged.mode);
        let same_mode = |p: &FileEntry| canonical_mode(p.mode) == mode;
        // git compares modes as it reads them from trees, canonical (an old `100664` is
        // `100644`): a file equal to a parent's that way is not even listed by `git log -c`.
        if candidate
            .parents
            .iter()
            .flatten()
            .any(|p| same_mode(p) && p.id == merged.id)
        {
            return Some(false);
        }
        // Added beside a parent without it, or a mode of its own: git always shows it.
        let Some(parents) = candidate
            .parents
            .iter()
            .map(|p| p.filter(same_mode))
            .collect::<Option<Vec<FileEntry>>>()
        else {
            return Some(true);
        };
        if parents.len() > MAX_PARENTS {
            return None;
        }
        let result = self.content(merged, budget)?;
        let sides = parents
            .iter()
            .map(|&p| self.content(p, budget))
            .collect::<Option<Vec<_>>>()?;
        if dense_diff::is_binary(result.bytes())
            || sides.iter().any(|s| dense_diff::is_binary(s.bytes()))
        {
            return Some(true);
        }
        let sides: Vec<&[u8]> = sides.iter().map(Content::bytes).collect();
        dense_diff::shows_hunk(result.bytes(), &sides, &mut budget.lcs_cells)
    }

    /// A file's content, within the bounds.
    fn content(&self, entry: FileEntry, budget: &mut Budget) -> Option<Content<'_>> {
        if canonical_mode(entry.mode) == MODE_GITLINK {
            return Some(Content::Text(
                format!("Subproject commit {}\n", entry.id).into_bytes(),
            ));
        }
        let (size, kind) = self.odb().read_header(entry.id).ok()?;
        if kind != ObjectType::Blob || size > MAX_BLOB_BYTES {
            return None;
        }
        budget.bytes = budget.bytes.checked_sub(size)?;
        let object = self.odb().read(entry.id).ok()?;
        (object.kind() == ObjectType::Blob).then_some(Content::Blob(object))
    }
}

/// A mode as git reads it from a tree (`canon_mode`): a regular file is 100644 or 100755 by
/// its owner's execute bit; anything that is not a file, a link or a directory is a gitlink.
fn canonical_mode(mode: u32) -> u32 {
    match mode & MODE_TYPE {
        MODE_FILE => MODE_FILE | if mode & 0o100 != 0 { 0o755 } else { 0o644 },
        MODE_SYMLINK => MODE_SYMLINK,
        MODE_DIRECTORY => MODE_DIRECTORY,
        _ => MODE_GITLINK,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same candidates judged through a handle of its own and, where none can be opened
    /// (a path that is not UTF-8), through the walk's: the same answers.
    #[test]
    fn a_judge_reads_through_its_own_handle_or_the_walks() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let blob = |text: &str| FileEntry {
            mode: 0o100644,
            id: repo.blob(text.as_bytes()).unwrap(),
        };
        let lines = |edit: &[(usize, &str)]| {
            let mut lines: Vec<String> = (0..30).map(|i| format!("line {i}")).collect();
            for &(at, text) in edit {
                lines[at] = text.to_string();
            }
            lines.join("\n") + "\n"
        };
        let ours = blob(&lines(&[(2, "ours")]));
        let theirs = blob(&lines(&[(25, "theirs")]));
        let candidate = |merged: &str| MergeCandidate {
            path: "f".to_string(),
            merged: Some(blob(merged)),
            parents: vec![Some(ours), Some(theirs)],
        };
        // A clean merge of edits far apart, and one with a line of the merge's own.
        let clean = candidate(&lines(&[(2, "ours"), (25, "theirs")]));
        let own = candidate(&lines(&[(2, "ours"), (14, "mine"), (25, "theirs")]));
        let shared = repo.odb().unwrap();
        #[cfg(unix)]
        let elsewhere = {
            use std::os::unix::ffi::OsStrExt;
            std::path::PathBuf::from(std::ffi::OsStr::from_bytes(b"/nowhere/\xff"))
        };
        #[cfg(not(unix))]
        let elsewhere = objects::objects_dir(&repo);
        for path in [objects::objects_dir(&repo), elsewhere] {
            let judge = MergeEdits::new(&path, &shared);
            assert!(!judge.is_own(&clean, &mut Budget::per_merge()), "{path:?}");
            assert!(judge.is_own(&own, &mut Budget::per_merge()), "{path:?}");
        }
    }

    #[test]
    fn modes_are_read_as_git_reads_them() {
        assert_eq!(canonical_mode(0o100664), 0o100644);
        assert_eq!(canonical_mode(0o100775), 0o100755);
        assert_eq!(canonical_mode(0o100644), 0o100644);
        assert_eq!(canonical_mode(0o120000), 0o120000);
        assert_eq!(canonical_mode(0o160000), 0o160000);
        assert_eq!(canonical_mode(0o040000), 0o040000);
    }
}
