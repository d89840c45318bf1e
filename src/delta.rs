//! What changed between two lists of tracked files (HEAD and the index for `--staged`, a merge
//! base and a tip for `--base`), by object ids alone: no content is read and no diff computed.
//!
//! Both lists are sorted by path ([`crate::repo::Repo::entries`] sorts them), so one merge-join
//! finds every added, deleted and modified path. A deleted file whose blob reappears at an added
//! path is a rename, as `git diff -M100%` pairs exact renames; empty files are never paired
//! (every empty file has the same blob), nor are symbolic links and submodules.

use std::collections::HashMap;

use git2::Oid;

use crate::repo::Entry;

/// A path the newer list no longer has: deleted, or renamed to `renamed_to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub path: String,
    pub renamed_to: Option<String>,
}

/// The difference between two lists of tracked files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delta {
    /// Every path added, modified (another id or mode) or deleted, sorted.
    pub changed: Vec<String>,
    /// Paths deleted or renamed, sorted by their old path.
    pub removed: Vec<Removal>,
}

/// The id of the empty blob, which renames never pair.
const EMPTY_BLOB: &str = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";

/// Whether a mode is a regular file's (executable or not).
fn is_regular(mode: u32) -> bool {
    mode & 0o170000 == 0o100000
}

impl Delta {
    /// Compares `old` with `new`, both sorted by path with one entry per path.
    pub fn between(old: &[Entry], new: &[Entry]) -> Delta {
        let mut changed = Vec::new();
        let mut deleted: Vec<&Entry> = Vec::new();
        let mut added: Vec<&Entry> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            let order = match (old.get(i), new.get(j)) {
                (Some(a), Some(b)) => a.path.cmp(&b.path),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, _) => std::cmp::Ordering::Greater,
            };
            match order {
                std::cmp::Ordering::Less => {
                    deleted.push(&old[i]);
                    changed.push(old[i].path.clone());
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    added.push(&new[j]);
                    changed.push(new[j].path.clone());
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    if old[i].id != new[j].id || old[i].mode != new[j].mode {
                        changed.push(new[j].path.clone());
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        changed.sort();
        Delta {
            changed,
            removed: pair_renames(&deleted, &added),
        }
    }
}

/// Pairs each deleted regular file with an added one of the same blob: the one with the same
/// file name first, else the first in path order. Each added file is paired at most once.
fn pair_renames(deleted: &[&Entry], added: &[&Entry]) -> Vec<Removal> {
    let empty = Oid::from_str(EMPTY_BLOB).ok();
    let mut by_id: HashMap<Oid, Vec<(&str, bool)>> = HashMap::new();
    for entry in added.iter().filter(|e| is_regular(e.mode)) {
        if Some(entry.id) != empty {
            by_id
                .entry(entry.id)
                .or_default()
                .push((entry.path.as_str(), false));
        }
    }
    deleted
        .iter()
        .map(|entry| {
            let renamed_to = (is_regular(entry.mode) && Some(entry.id) != empty)
                .then(|| by_id.get_mut(&entry.id))
                .flatten()
                .and_then(|candidates| {
                    let name = crate::walker::basename(&entry.path);
                    let pick = candidates
                        .iter()
                        .position(|c| !c.1 && crate::walker::basename(c.0) == name)
                        .or_else(|| candidates.iter().position(|c| !c.1))?;
                    candidates[pick].1 = true;
                    Some(candidates[pick].0.to_string())
                });
            Removal {
                path: entry.path.clone(),
                renamed_to,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, id: u8) -> Entry {
        Entry {
            path: path.to_string(),
            mode: 0o100644,
            id: Oid::from_bytes(&[id; 20]).unwrap(),
        }
    }

    #[test]
    fn additions_deletions_modifications_and_renames() {
        let old = [
            entry("a.txt", 1),
            entry("keep.txt", 2),
            entry("src/old/x.rs", 3),
            entry("z.txt", 4),
        ];
        let new = [
            entry("b.txt", 9),
            entry("keep.txt", 2),
            entry("src/new/x.rs", 3),
            entry("z.txt", 5),
        ];
        let delta = Delta::between(&old, &new);
        assert_eq!(
            delta.changed,
            ["a.txt", "b.txt", "src/new/x.rs", "src/old/x.rs", "z.txt"]
        );
        assert_eq!(
            delta.removed,
            [
                Removal {
                    path: "a.txt".into(),
                    renamed_to: None
                },
                Removal {
                    path: "src/old/x.rs".into(),
                    renamed_to: Some("src/new/x.rs".into())
                },
            ]
        );
    }

    #[test]
    fn the_same_file_name_is_preferred_and_each_addition_pairs_once() {
        let old = [entry("a/lib.rs", 7), entry("b/lib.rs", 7)];
        let new = [entry("c/copy.rs", 7), entry("d/lib.rs", 7)];
        let delta = Delta::between(&old, &new);
        let targets: Vec<_> = delta.removed.iter().map(|r| r.renamed_to.clone()).collect();
        assert_eq!(
            targets,
            [Some("d/lib.rs".to_string()), Some("c/copy.rs".to_string())]
        );
    }

    #[test]
    fn empty_files_links_and_unchanged_lists_pair_nothing() {
        let empty = Entry {
            path: "a/__init__.py".into(),
            mode: 0o100644,
            id: Oid::from_str(EMPTY_BLOB).unwrap(),
        };
        let moved_empty = Entry {
            path: "b/__init__.py".into(),
            ..empty.clone()
        };
        let link = Entry {
            mode: 0o120000,
            ..entry("link", 3)
        };
        let delta = Delta::between(
            &[empty, link.clone()],
            &[
                moved_empty,
                Entry {
                    path: "link2".into(),
                    ..link
                },
            ],
        );
        assert!(delta.removed.iter().all(|r| r.renamed_to.is_none()));
        let same = [entry("x", 1)];
        assert_eq!(Delta::between(&same, &same), Delta::default());
    }
}
