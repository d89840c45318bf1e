//! Paths changed between two trees: a merge-join of the trees' entries in git's order that
//! descends only into subtrees whose ids differ, so the cost follows the change, not the tree.
//! For a merge, the candidates for its own edits: the paths whose entry differs from the entry of
//! every parent (what `git log -c` lists), found by the same join over all the trees at once,
//! each with its entries so that [`super::merge_edits`] can judge them.

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use git2::{Odb, OdbObject, Oid};

use super::objects::{TreeEntry, TreeIter};

/// Trees kept for re-use: walking newest first, a commit's old tree is its parent's new one, so
/// almost half of all tree reads repeat a recent one. Two generations of this many each: a
/// tree read again moves to the newer one, and the older one is dropped when the newer is full,
/// so the trees still in use survive a turnover (clearing a single map when full re-read some
/// of them: on benches/history.rs, 61.8k reads where an unbounded map needs 54.5k). What is
/// re-read is recent: 1,024 a generation made a cold run of benches/pattern_shapes.rs's
/// `maintainers` shape 5% faster than 4,096 (fewer cache misses on a smaller map, 27 MB less
/// held at the peak of the heap), and 256 no faster again.
const RECENT_TREES: usize = 1024;

/// A tree's bytes as the object database returned them (kept as they are: copying every tree
/// read cost an allocation and a copy each).
type Tree<'o> = Rc<OdbObject<'o>>;

/// A file entry of a tree: its mode and object id (a blob, or a commit for a submodule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileEntry {
    pub mode: u32,
    pub id: Oid,
}

impl FileEntry {
    fn of(entry: &TreeEntry) -> FileEntry {
        FileEntry {
            mode: entry.mode,
            id: entry.oid(),
        }
    }
}

/// A path whose entry in a merge differs from its entry in every parent: a candidate for an
/// edit of the merge's own. `None` where a tree has no file at the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeCandidate {
    pub path: String,
    pub merged: Option<FileEntry>,
    /// First parent first.
    pub parents: Vec<Option<FileEntry>>,
}

/// Reads trees from the object database and lists changed paths.
pub struct TreeDiff<'o> {
    odb: &'o Odb<'o>,
    recent: HashMap<Oid, Tree<'o>>,
    older: HashMap<Oid, Tree<'o>>,
    /// Whether a tree could not be read (a partial clone): the answer may be incomplete.
    pub missing: bool,
}

impl<'o> TreeDiff<'o> {
    pub fn new(odb: &'o Odb<'o>) -> Self {
        TreeDiff {
            odb,
            recent: HashMap::default(),
            older: HashMap::default(),
            missing: false,
        }
    }

    fn read(&mut self, id: Oid) -> Option<Tree<'o>> {
        if let Some(tree) = self.recent.get(&id) {
            return Some(tree.clone());
        }
        let tree = match self.older.remove(&id) {
            Some(tree) => tree,
            None => match self.odb.read(id) {
                Ok(object) => Rc::new(object),
                Err(_) => {
                    self.missing = true;
                    return None;
                }
            },
        };
        if self.recent.len() >= RECENT_TREES {
            self.older = std::mem::take(&mut self.recent);
        }
        self.recent.insert(id, tree.clone());
        Some(tree)
    }

    /// Appends to `out` every path that differs between `old` (none for a root commit) and
    /// `new`, in git's order.
    pub fn changed_paths(&mut self, old: Option<Oid>, new: Oid, out: &mut Vec<String>) {
        if old == Some(new) {
            return;
        }
        let old_data = old.and_then(|id| self.read(id));
        let new_data = self.read(new);
        self.diff(
            &mut String::new(),
            old_data.as_ref().map(|t| t.data()),
            new_data.as_ref().map(|t| t.data()),
            out,
        );
    }

    fn diff(
        &mut self,
        prefix: &mut String,
        old: Option<&[u8]>,
        new: Option<&[u8]>,
        out: &mut Vec<String>,
    ) {
        // The old tree's entries and the new one's, each with the entry read ahead and not
        // consumed yet.
        let mut trees = [old, new].map(|t| t.map(TreeIter::new).unwrap_or_default());
        let mut ahead: [Option<TreeEntry>; 2] = [None, None];
        loop {
            if ahead == [None, None] {
                TreeIter::skip_same(&mut trees);
            }
            for (entry, tree) in ahead.iter_mut().zip(&mut trees) {
                if entry.is_none() {
                    *entry = tree.next();
                }
            }
            let order = match &ahead {
                [Some(a), Some(b)] => a.git_cmp(b),
                [Some(_), None] => std::cmp::Ordering::Less,
                [None, Some(_)] => std::cmp::Ordering::Greater,
                [None, None] => break,
            };
            match order {
                std::cmp::Ordering::Less => {
                    let a = ahead[0].take().expect("compared");
                    self.all_paths(prefix, &a, out);
                }
                std::cmp::Ordering::Greater => {
                    let b = ahead[1].take().expect("compared");
                    self.all_paths(prefix, &b, out);
                }
                std::cmp::Ordering::Equal => {
                    let a = ahead[0].take().expect("compared");
                    let b = ahead[1].take().expect("compared");
                    if a.id != b.id || a.mode != b.mode {
                        if a.is_tree() && b.is_tree() {
                            let (old_sub, new_sub) = (self.read(a.oid()), self.read(b.oid()));
                            let len = prefix.len();
                            push_name(prefix, a.name);
                            prefix.push('/');
                            let (old_sub, new_sub) = (
                                old_sub.as_ref().map(|t| t.data()),
                                new_sub.as_ref().map(|t| t.data()),
                            );
                            self.diff(prefix, old_sub, new_sub, out);
                            prefix.truncate(len);
                        } else {
                            out.push(join(prefix, a.name));
                        }
                    }
                }
            }
        }
    }

    /// Appends to `out`, in git's order, every path whose entry in `new` differs from its entry
    /// in each of `parents` (an absent entry counts as an entry), with those entries: what
    /// `git log -c` lists for a merge, the candidates for its own edits. A path the merge takes
    /// from one of its parents, changed there or not, is left out, and so is everything below a
    /// directory the merge takes whole from one parent: the cost follows the merge's own edits.
    pub fn changed_from_all(&mut self, parents: &[Oid], new: Oid, out: &mut Vec<MergeCandidate>) {
        if parents.contains(&new) {
            return;
        }
        let new_data = self.read(new);
        let parent_data: Vec<Option<Tree<'o>>> = parents.iter().map(|&p| self.read(p)).collect();
        let parent_bytes: Vec<Option<&[u8]>> = parent_data
            .iter()
            .map(|t| t.as_ref().map(|t| t.data()))
            .collect();
        self.diff_all(
            &mut String::new(),
            new_data.as_ref().map(|t| t.data()),
            &parent_bytes,
            out,
        );
    }

    fn diff_all(
        &mut self,
        prefix: &mut String,
        new: Option<&[u8]>,
        parents: &[Option<&[u8]>],
        out: &mut Vec<MergeCandidate>,
    ) {
        // The new tree's entries, then each parent's, each with the entry read ahead and not
        // consumed yet.
        let mut trees: Vec<TreeIter> = std::iter::once(new)
            .chain(parents.iter().copied())
            .map(|t| t.map(TreeIter::new).unwrap_or_default())
            .collect();
        let mut ahead: Vec<Option<TreeEntry>> = vec![None; trees.len()];
        let mut theirs: Vec<Option<TreeEntry>> = Vec::with_capacity(parents.len());
        loop {
            if ahead.iter().all(Option::is_none) {
                TreeIter::skip_same(&mut trees);
            }
            for (entry, tree) in ahead.iter_mut().zip(&mut trees) {
                if entry.is_none() {
                    *entry = tree.next();
                }
            }
            // The next name in git's order among all the trees: a file and a directory of the
            // same name are different entries (a directory sorts as `name/`).
            let Some(least) = ahead.iter().flatten().copied().reduce(|least, entry| {
                if entry.git_cmp(&least) == std::cmp::Ordering::Less {
                    entry
                } else {
                    least
                }
            }) else {
                break;
            };
            let here = take_if_at(&mut ahead[0], &least);
            theirs.clear();
            theirs.extend(ahead[1..].iter_mut().map(|entry| take_if_at(entry, &least)));
            let same = |parent: &Option<TreeEntry>| match (&here, parent) {
                (None, None) => true,
                (Some(a), Some(b)) => a.id == b.id && a.mode == b.mode,
                _ => false,
            };
            if theirs.iter().any(same) {
                continue;
            }
            if !least.is_tree() {
                out.push(MergeCandidate {
                    path: join(prefix, least.name),
                    merged: here.as_ref().map(FileEntry::of),
                    parents: theirs
                        .iter()
                        .map(|e| e.as_ref().map(FileEntry::of))
                        .collect(),
                });
                continue;
            }
            let new_sub = here.and_then(|e| self.read(e.oid()));
            let parent_subs: Vec<Option<Tree<'o>>> = theirs
                .iter()
                .map(|e| e.and_then(|e| self.read(e.oid())))
                .collect();
            let parent_bytes: Vec<Option<&[u8]>> = parent_subs
                .iter()
                .map(|t| t.as_ref().map(|t| t.data()))
                .collect();
            let len = prefix.len();
            push_name(prefix, least.name);
            prefix.push('/');
            self.diff_all(
                prefix,
                new_sub.as_ref().map(|t| t.data()),
                &parent_bytes,
                out,
            );
            prefix.truncate(len);
        }
    }

    /// Every file path at or below one entry (an added or removed file or subtree).
    fn all_paths(&mut self, prefix: &mut String, entry: &TreeEntry, out: &mut Vec<String>) {
        if !entry.is_tree() {
            out.push(join(prefix, entry.name));
            return;
        }
        let Some(data) = self.read(entry.oid()) else {
            return;
        };
        let len = prefix.len();
        push_name(prefix, entry.name);
        prefix.push('/');
        for child in TreeIter::new(data.data()) {
            self.all_paths(prefix, &child, out);
        }
        prefix.truncate(len);
    }
}

/// The entry read ahead, taken when it is at `least`'s place in git's order.
fn take_if_at<'a>(entry: &mut Option<TreeEntry<'a>>, least: &TreeEntry) -> Option<TreeEntry<'a>> {
    if entry
        .as_ref()
        .is_some_and(|e| e.git_cmp(least) == std::cmp::Ordering::Equal)
    {
        entry.take()
    } else {
        None
    }
}

fn push_name(prefix: &mut String, name: &[u8]) {
    prefix.push_str(&String::from_utf8_lossy(name));
}

fn join(prefix: &str, name: &[u8]) -> String {
    let mut path = String::with_capacity(prefix.len() + name.len());
    path.push_str(prefix);
    push_name(&mut path, name);
    path
}
