//! Paths changed between two trees: a merge-join of the trees' entries in git's order that
//! descends only into subtrees whose ids differ, so the cost follows the change, not the tree.

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use git2::{Odb, Oid};

use super::objects::{TreeEntry, TreeIter};

/// Trees kept for re-use: walking newest first, a commit's old tree is its parent's new one, so
/// almost half of all tree reads repeat a recent one.
const RECENT_TREES: usize = 4096;

/// Reads trees from the object database and lists changed paths.
pub struct TreeDiff<'r> {
    odb: Odb<'r>,
    recent: HashMap<Oid, Rc<[u8]>>,
    /// Whether a tree could not be read (a partial clone): the answer may be incomplete.
    pub missing: bool,
}

impl<'r> TreeDiff<'r> {
    pub fn new(odb: Odb<'r>) -> Self {
        TreeDiff {
            odb,
            recent: HashMap::default(),
            missing: false,
        }
    }

    fn read(&mut self, id: Oid) -> Option<Rc<[u8]>> {
        if let Some(data) = self.recent.get(&id) {
            return Some(data.clone());
        }
        match self.odb.read(id) {
            Ok(object) => {
                let data: Rc<[u8]> = Rc::from(object.data());
                if self.recent.len() >= RECENT_TREES {
                    // Dropping everything is cheaper than tracking age, and the trees that
                    // repeat are the ones read just before.
                    self.recent.clear();
                }
                self.recent.insert(id, data.clone());
                Some(data)
            }
            Err(_) => {
                self.missing = true;
                None
            }
        }
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
            old_data.as_deref(),
            new_data.as_deref(),
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
        let mut olds = old.map(TreeIter::new).unwrap_or_default().peekable();
        let mut news = new.map(TreeIter::new).unwrap_or_default().peekable();
        loop {
            let order = match (olds.peek(), news.peek()) {
                (Some(a), Some(b)) => a.git_cmp(b),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => break,
            };
            match order {
                std::cmp::Ordering::Less => {
                    let a = olds.next().expect("peeked");
                    self.all_paths(prefix, &a, out);
                }
                std::cmp::Ordering::Greater => {
                    let b = news.next().expect("peeked");
                    self.all_paths(prefix, &b, out);
                }
                std::cmp::Ordering::Equal => {
                    let (a, b) = (olds.next().expect("peeked"), news.next().expect("peeked"));
                    if a.id != b.id || a.mode != b.mode {
                        if a.is_tree() && b.is_tree() {
                            let (old_sub, new_sub) = (self.read(a.oid()), self.read(b.oid()));
                            let len = prefix.len();
                            push_name(prefix, a.name);
                            prefix.push('/');
                            self.diff(prefix, old_sub.as_deref(), new_sub.as_deref(), out);
                            prefix.truncate(len);
                        } else {
                            out.push(join(prefix, a.name));
                        }
                    }
                }
            }
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
        for child in TreeIter::new(&data) {
            self.all_paths(prefix, &child, out);
        }
        prefix.truncate(len);
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
