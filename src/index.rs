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
                if reader.node("", &mut trees).is_none() {
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
    }))
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
struct TreeReader<'a> {
    data: &'a [u8],
    at: usize,
}

impl TreeReader<'_> {
    fn node(&mut self, parent: &str, out: &mut HashMap<String, Oid>) -> Option<()> {
        let rest = self.data.get(self.at..)?;
        let nul = rest.iter().position(|&b| b == 0)?;
        let name = std::str::from_utf8(&rest[..nul]).ok()?;
        let path = if parent.is_empty() {
            name.to_string()
        } else {
            format!("{parent}/{name}")
        };
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
        for _ in 0..subtrees {
            self.node(&path, out)?;
        }
        Some(())
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
}
