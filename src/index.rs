//! The index file (`.git/index`, or the one `GIT_INDEX_FILE` names) read directly: its entries
//! and its cache tree, the tree ids git keeps for the directories whose entries have not changed
//! since the index was last written as a tree.
//!
//! libgit2 reads the index too, but it verifies the file's checksum, builds a hash map of every
//! entry and copies each path twice on the way out, which costs tens of milliseconds on a large
//! repository (the pre-commit hook's budget), and it does not expose the cache tree. With the
//! cache tree, the staged change is found by reading only the trees of HEAD below directories
//! whose cached id differs from HEAD's, as `git diff --cached` does.
//!
//! Versions 2, 3 and 4 are read. A split index (`link` extension) or a sparse index (`sdir`
//! extension, or directory entries) is not: [`read`] returns `Ok(None)` and the caller uses
//! libgit2 instead.

use std::collections::HashMap;

use git2::Oid;

use crate::repo::Entry;

/// What the index holds.
#[derive(Debug, Default)]
pub struct IndexFile {
    /// The entries, in the index's order (sorted by path), one per path: of a conflicted path,
    /// its first stage only.
    pub entries: Vec<Entry>,
    /// The cache tree's valid directories (`""` for the root) and their tree ids.
    pub trees: HashMap<String, Oid>,
    /// The paths that are not valid UTF-8, by the lossy text their entries carry: the work
    /// tree is read at the real bytes.
    pub raw_paths: HashMap<String, Vec<u8>>,
    /// Whether an entry is only intended to be added (`git add -N`): it is in no tree, and git
    /// before 2.11 could leave its directory's cache tree valid.
    pub intent_to_add: bool,
}

/// Reads an index file. `Ok(None)` for a layout this reader leaves to libgit2; `Err` for a
/// malformed file.
pub fn read(bytes: &[u8]) -> Result<Option<IndexFile>, String> {
    if bytes.len() < 12 + 20 || &bytes[..4] != b"DIRC" {
        return Err("not an index file".into());
    }
    let version = be32(bytes, 4).ok_or("truncated header")?;
    if !(2..=4).contains(&version) {
        return Ok(None);
    }
    let count = be32(bytes, 8).ok_or("truncated header")? as usize;
    let end = bytes.len() - 20;
    let mut entries: Vec<Entry> = Vec::with_capacity(count.min(end / 62));
    let mut at = 12;
    let mut previous: Vec<u8> = Vec::new();
    let mut raw_paths = HashMap::new();
    let mut intent_to_add = false;
    for _ in 0..count {
        let header = bytes.get(at..at + 62).ok_or("truncated entry")?;
        let mode = be32(header, 24).ok_or("truncated entry")?;
        if mode == 0o040000 {
            return Ok(None); // A sparse index's directory entry.
        }
        let id = Oid::from_bytes(&header[40..60]).map_err(|e| e.message().to_string())?;
        let flags = u16::from_be_bytes([header[60], header[61]]);
        let mut name_at = at + 62;
        if version >= 3 && flags & 0x4000 != 0 {
            let extended = header_u16(bytes, name_at).ok_or("truncated entry")?;
            intent_to_add |= extended & INTENT_TO_ADD != 0;
            name_at += 2;
        }
        let path: &[u8] = if version == 4 {
            let (strip, used) = varint(bytes.get(name_at..end).ok_or("truncated entry")?)
                .ok_or("malformed path prefix")?;
            name_at += used;
            let nul = find_nul(bytes, name_at, end)?;
            let keep = previous
                .len()
                .checked_sub(strip)
                .ok_or("malformed path prefix")?;
            previous.truncate(keep);
            previous.extend_from_slice(&bytes[name_at..nul]);
            at = nul + 1;
            &previous
        } else {
            let nul = find_nul(bytes, name_at, end)?;
            // Entries are padded with NULs to a multiple of 8 bytes.
            at += (name_at - at + (nul - name_at) + 8) & !7;
            &bytes[name_at..nul]
        };
        let stage = (flags >> 12) & 0x3;
        if stage > 1 {
            continue;
        }
        let raw = path;
        let path = String::from_utf8_lossy(raw).into_owned();
        if entries.last().is_some_and(|e: &Entry| e.path == path) {
            continue;
        }
        if std::str::from_utf8(raw).is_err() {
            raw_paths.insert(path.clone(), raw.to_vec());
        }
        entries.push(Entry { path, mode, id });
    }
    if at > end {
        return Err("truncated entries".into());
    }
    let mut trees = HashMap::new();
    while at + 8 <= end {
        let signature = &bytes[at..at + 4];
        let size = be32(bytes, at + 4).ok_or("truncated extension")? as usize;
        let data = bytes
            .get(at + 8..at + 8 + size)
            .filter(|_| at + 8 + size <= end)
            .ok_or("truncated extension")?;
        match signature {
            b"TREE" => {
                let mut reader = TreeReader { data, at: 0 };
                // A malformed cache tree only loses the shortcut it offers.
                if reader.read(&mut trees).is_none() {
                    trees.clear();
                }
            }
            b"link" | b"sdir" => return Ok(None),
            _ => {}
        }
        at += 8 + size;
    }
    Ok(Some(IndexFile {
        entries,
        trees,
        raw_paths,
        intent_to_add,
    }))
}

/// The extended flag of an entry added with `git add -N`.
const INTENT_TO_ADD: u16 = 0x2000;

fn header_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn find_nul(bytes: &[u8], from: usize, end: usize) -> Result<usize, String> {
    bytes
        .get(from..end)
        .and_then(|rest| rest.iter().position(|&b| b == 0))
        .map(|i| from + i)
        .ok_or_else(|| "unterminated path".to_string())
}

/// Git's offset varint (index v4 path prefixes): each continuation adds one before shifting.
fn varint(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut used = 0;
    let mut byte = *bytes.first()?;
    let mut value = usize::from(byte & 0x7f);
    while byte & 0x80 != 0 {
        used += 1;
        byte = *bytes.get(used)?;
        value = value
            .checked_add(1)?
            .checked_mul(128)?
            .checked_add(usize::from(byte & 0x7f))?;
    }
    Some((value, used + 1))
}

/// Reads the cache tree: each node is `name NUL entry-count SP subtree-count LF [id]`, its
/// subtrees following it; an entry count of -1 marks a directory changed since (no id).
///
/// The index is input like any other: the nodes are read with an explicit stack rather than
/// by recursion (a crafted file of a million nested nodes would overflow the thread's stack),
/// and a directory path longer than [`MAX_TREE_PATH`] or more path text in all than
/// [`TreeReader::path_budget`] allows makes the cache tree malformed, so that nested nodes
/// cannot make the paths' total size grow with the square of the file's.
struct TreeReader<'a> {
    data: &'a [u8],
    at: usize,
}

/// The longest directory path the cache tree may name (Linux's `PATH_MAX`: git cannot check
/// out a longer one).
const MAX_TREE_PATH: usize = 4096;

impl TreeReader<'_> {
    /// How many bytes of paths the nodes may add up to: a real cache tree's paths repeat each
    /// name once per directory level below it.
    fn path_budget(&self) -> usize {
        self.data.len().saturating_mul(64).saturating_add(1 << 20)
    }

    /// Reads every node into `out` (the valid ones, by path); `None` when malformed.
    fn read(&mut self, out: &mut HashMap<String, Oid>) -> Option<()> {
        let mut budget = self.path_budget();
        // The open nodes: each one's path and how many of its subtrees are still to read.
        let mut open: Vec<(String, usize)> = Vec::new();
        open.push(self.node("", out, &mut budget)?);
        while let Some((path, left)) = open.last_mut() {
            if *left == 0 {
                open.pop();
                continue;
            }
            *left -= 1;
            let parent = std::mem::take(path);
            let child = self.node(&parent, out, &mut budget);
            if let Some((path, _)) = open.last_mut() {
                *path = parent;
            }
            open.push(child?);
        }
        Some(())
    }

    /// Reads one node below `parent`: its path and how many subtrees follow it.
    fn node(
        &mut self,
        parent: &str,
        out: &mut HashMap<String, Oid>,
        budget: &mut usize,
    ) -> Option<(String, usize)> {
        let rest = self.data.get(self.at..)?;
        let nul = rest.iter().position(|&b| b == 0)?;
        let name = std::str::from_utf8(&rest[..nul]).ok()?;
        let path = if parent.is_empty() {
            name.to_string()
        } else {
            format!("{parent}/{name}")
        };
        if path.len() > MAX_TREE_PATH {
            return None;
        }
        *budget = budget.checked_sub(path.len())?;
        let line_end = rest[nul..].iter().position(|&b| b == b'\n')? + nul;
        let counts = std::str::from_utf8(&rest[nul + 1..line_end]).ok()?;
        let (entries, subtrees) = counts.split_once(' ')?;
        let entries: i64 = entries.parse().ok()?;
        let subtrees: usize = subtrees.parse().ok()?;
        self.at += line_end + 1;
        if entries >= 0 {
            let id = Oid::from_bytes(self.data.get(self.at..self.at + 20)?).ok()?;
            self.at += 20;
            out.insert(path.clone(), id);
        }
        Some((path, subtrees))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_varints_add_one_per_continuation() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        // 0x80 0x00 is 128 in git's encoding (not 0 as in LEB128).
        assert_eq!(varint(&[0x80, 0x00]), Some((128, 2)));
        assert_eq!(varint(&[0x80]), None);
    }

    #[test]
    fn cache_trees_are_read_in_order() {
        // The root (2 entries, 2 subtrees): `a` (1 entry, 1 subtree `a/b`), then `c`, invalid.
        let id = |n: u8| [n; 20];
        let mut data = b"\x002 2\n".to_vec();
        data.extend(id(1));
        data.extend(b"a\x001 1\n");
        data.extend(id(2));
        data.extend(b"b\x001 0\n");
        data.extend(id(3));
        data.extend(b"c\x00-1 0\n");
        let mut trees = HashMap::new();
        TreeReader { data: &data, at: 0 }.read(&mut trees).unwrap();
        let oid = |n: u8| Oid::from_bytes(&id(n)).unwrap();
        let want = HashMap::from([
            (String::new(), oid(1)),
            ("a".to_string(), oid(2)),
            ("a/b".to_string(), oid(3)),
        ]);
        assert_eq!(trees, want);
        // A subtree announced but missing is malformed.
        let mut short = TreeReader {
            data: &data[..data.len() - 8],
            at: 0,
        };
        assert!(short.read(&mut HashMap::new()).is_none());
    }

    #[test]
    fn a_deeply_nested_cache_tree_is_refused_without_recursion() {
        // A million nested directories, each `x NUL -1 1 LF`: recursion would overflow the
        // stack; the paths would add up to a terabyte.
        let data = b"x\x00-1 1\n".repeat(1_000_000);
        let mut trees = HashMap::new();
        assert!(TreeReader { data: &data, at: 0 }.read(&mut trees).is_none());
        // Nested within the path limit, and a wide tree under the budget, are read.
        let mut deep = b"x\x00-1 1\n".repeat(1000);
        deep.extend(b"x\x00-1 0\n");
        assert!(
            TreeReader { data: &deep, at: 0 }
                .read(&mut HashMap::new())
                .is_some()
        );
    }

    #[test]
    fn malformed_files_are_errors_not_panics() {
        assert!(read(b"").is_err());
        assert!(read(&[b'D'; 40]).is_err());
        let mut header = b"DIRC\0\0\0\x02\0\0\0\x09".to_vec();
        header.extend([0u8; 20]);
        assert!(read(&header).is_err(), "9 entries announced, none there");
        let mut v5 = b"DIRC\0\0\0\x05\0\0\0\0".to_vec();
        v5.extend([0u8; 20]);
        assert!(read(&v5).unwrap().is_none());
    }

    /// `git add -N` marks its entry in the extended flags (index version 3).
    #[test]
    fn an_entry_added_with_intent_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let git = |args: &[&str]| {
            let status = std::process::Command::new("git")
                .args(args)
                .current_dir(dir.path())
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .status()
                .unwrap();
            assert!(status.success(), "git {args:?}");
        };
        git(&["init", "-q"]);
        std::fs::write(dir.path().join("a"), "a").unwrap();
        std::fs::write(dir.path().join("b"), "b").unwrap();
        git(&["add", "a"]);
        let index = || read(&std::fs::read(dir.path().join(".git/index")).unwrap()).unwrap();
        assert!(!index().unwrap().intent_to_add);
        git(&["add", "-N", "b"]);
        let file = index().unwrap();
        assert!(file.intent_to_add);
        assert_eq!(file.entries.len(), 2);
    }
}
