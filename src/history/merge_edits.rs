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

use git2::{ObjectType, Odb, OdbObject};

use super::dense_diff::{self, MAX_PARENTS};
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
    odb: &'o Odb<'o>,
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
    pub fn new(odb: &'o Odb<'o>) -> Self {
        MergeEdits { odb }
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
    fn content(&self, entry: FileEntry, budget: &mut Budget) -> Option<Content<'o>> {
        if canonical_mode(entry.mode) == MODE_GITLINK {
            return Some(Content::Text(
                format!("Subproject commit {}\n", entry.id).into_bytes(),
            ));
        }
        let (size, kind) = self.odb.read_header(entry.id).ok()?;
        if kind != ObjectType::Blob || size > MAX_BLOB_BYTES {
            return None;
        }
        budget.bytes = budget.bytes.checked_sub(size)?;
        let object = self.odb.read(entry.id).ok()?;
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
