//! The ownership changes of the window's commits, kept between runs under the repository's git
//! directory (`<git_dir>/ownlint/changes-v1.cache`), so that a warm run reads them instead of
//! parsing every window version of every ownership file again.
//!
//! What a commit changed in one ownership file ([`super::changes::from_history`]) depends only
//! on the commit, its parents' trees and the file's versions in them (immutable objects), and on
//! how ownlint reads ownership files: an entry, keyed by commit id and path, never goes stale.
//! On u-boot (689 MAINTAINERS files, 347 edits of them in a year) re-parsing those versions was
//! half of a warm `check`. The cache only grows; a change of what ownlint reads from an
//! ownership file (a parser, an area's name) must change [`VERSION`], and with it the file name,
//! so that entries of the old meaning are never read.
//!
//! It is an optimisation and nothing more: a file that is missing, unreadable, too large,
//! truncated, corrupt, foreign or of another version is ignored (everything is computed) and is
//! replaced by the next save ([`crate::output::replace_cache`]: never through a planted link).
//! `.git` can be written by anyone who can write the repository: a forged file with a valid
//! checksum can at worst make the run report changes that were not made (like a forged history
//! cache), never read or write elsewhere, panic, loop or exhaust memory.
//!
//! # File format (version 1)
//!
//! A *varint* is an unsigned LEB128 number of at most 5 bytes (a `u32`). Strings are UTF-8,
//! written once in a string table and referred to by their index in it.
//!
//! ```text
//! magic        16 bytes   "OWNLINT-CHANGES\n"
//! version      u32 LE     1
//! strings      varint n, then n × (varint byte length, bytes)
//! entries      varint m, then m entries, strictly sorted by (commit, path index):
//!   commit       20 bytes
//!   path         varint string index
//!   names        varint k, k × (varint name index, varint email index)
//!   written      varint k, k × varint string index
//!   changes      varint c, c × change:
//!     area         varint string index
//!     dialect      u8 (see DIALECTS)
//!     flags        u8: bit 0 before_exists, bit 1 after_exists, others 0
//!     lists        7 × (varint k, k × varint string index): owner before and after,
//!                  approvers before and after, removed, added, emeritus after
//! checksum     u64 LE     FxHash of every byte before it, then of their count
//! ```
//!
//! An entry's `names` and `written` are those every one of its changes carries
//! ([`Change::names`], [`Change::written_before`]): they are stored once.
//!
//! Loading checks the magic, the version and the checksum, then every count against the bytes
//! left before anything is allocated for it, every string index, dialect and flag, the order of
//! the entries, and that the file is consumed exactly. The text the entries would expand to
//! when read is limited to a multiple of the file's size.

use crate::output::cache_checksum as checksum;
use std::path::{Path, PathBuf};

use git2::Oid;
use rustc_hash::FxHashMap as HashMap;

use super::changes::{Change, Origin};
use crate::bounded_read::{self, Kind, ReadProblem};
use crate::model::Dialect;

const MAGIC: &[u8; 16] = b"OWNLINT-CHANGES\n";
/// The format version, and the meaning of what is stored (see the module documentation).
const VERSION: u32 = 1;
/// The file's name names the version: builds of another version keep their own file.
const FILE_NAME: &str = "changes-v1.cache";
const HEADER_LEN: usize = MAGIC.len() + 4;
const CHECKSUM_LEN: usize = 8;
const OID_LEN: usize = 20;
/// The lists of names of a stored change, in the order of the format.
const LISTS: usize = 7;
/// The largest file read.
const CHANGES_CACHE: Kind = Kind {
    name: "changes cache",
    limit: 256 * 1024 * 1024,
};
/// The text the entries name, counted as often as reading them copies it, may total this many
/// times the file's size, plus [`EXPANSION_SLACK`]; real files stay far below it.
const EXPANSION_FACTOR: u64 = 64;
const EXPANSION_SLACK: u64 = 16 << 20;

/// The dialects by their code in the file.
const DIALECTS: [Dialect; 7] = [
    Dialect::Owners,
    Dialect::Chromium,
    Dialect::GithubCodeowners,
    Dialect::GitlabCodeowners,
    Dialect::Maintainers,
    Dialect::MaintainersYml,
    Dialect::OwnersAliases,
];

const FLAG_BEFORE: u8 = 1;
const FLAG_AFTER: u8 = 2;

type Key = ([u8; OID_LEN], u32);

/// The changes one commit made to one ownership file, by string index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Entry {
    names: Vec<(u32, u32)>,
    written: Vec<u32>,
    changes: Vec<StoredChange>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct StoredChange {
    area: u32,
    dialect: u8,
    flags: u8,
    lists: [Vec<u32>; LISTS],
}

/// The cache of ownership changes by commit and path.
#[derive(Debug, Default)]
pub struct ChangesCache {
    /// Where it is saved; `None` for a disabled cache.
    path: Option<PathBuf>,
    strings: Vec<String>,
    index: HashMap<String, u32>,
    entries: HashMap<Key, Entry>,
    /// Whether something was inserted since loading.
    dirty: bool,
}

impl ChangesCache {
    /// The cache file of a repository's (common) git directory.
    pub fn path_in(git_dir: &Path) -> PathBuf {
        git_dir.join("ownlint").join(FILE_NAME)
    }

    /// A cache that is never read nor written (`--no-cache`); it keeps what is inserted for the
    /// rest of the run.
    pub fn disabled() -> ChangesCache {
        ChangesCache::default()
    }

    /// Loads the cache saved at `path`: empty when there is none or it cannot be used (see the
    /// module documentation). Never fails and never panics.
    pub fn load(path: PathBuf) -> ChangesCache {
        let mut cache =
            match bounded_read::read(&path, bounded_read::Origin::CommandLine, CHANGES_CACHE) {
                Ok(bytes) => decode(&bytes).unwrap_or_default(),
                Err(ReadProblem::Missing) | Err(_) => ChangesCache::default(),
            };
        cache.path = Some(path);
        cache
    }

    /// How many (commit, path) entries the cache holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The changes `commit` (made at `time`) made to the ownership file at `path`, if known.
    pub fn get(&self, commit: Oid, path: &str, time: i64) -> Option<Vec<Change>> {
        let &at = self.index.get(path)?;
        let entry = self.entries.get(&(key_of(commit), at))?;
        let text = |i: u32| self.strings[i as usize].clone();
        let names: std::sync::Arc<Vec<(String, String)>> = std::sync::Arc::new(
            entry
                .names
                .iter()
                .map(|&(n, e)| (text(n), text(e)))
                .collect(),
        );
        let written: Vec<String> = entry.written.iter().map(|&i| text(i)).collect();
        let dir = crate::resolve::dir_of(path).to_string();
        let changes = entry
            .changes
            .iter()
            .map(|c| {
                let list = |k: usize| c.lists[k].iter().map(|&i| text(i)).collect::<Vec<_>>();
                Change {
                    file: path.to_string(),
                    dir: dir.clone(),
                    area: text(c.area),
                    dialect: DIALECTS[c.dialect as usize],
                    origin: Origin::Commit(commit),
                    time,
                    owner_before: list(0),
                    owner_after: list(1),
                    approvers_before: list(2),
                    approvers_after: list(3),
                    removed: list(4),
                    added: list(5),
                    emeritus_after: list(6),
                    before_exists: c.flags & FLAG_BEFORE != 0,
                    after_exists: c.flags & FLAG_AFTER != 0,
                    names: std::sync::Arc::clone(&names),
                    written_before: written.clone(),
                }
            })
            .collect();
        Some(changes)
    }

    /// Keeps the changes `commit` made to the file at `path`. Changes that the format cannot
    /// give back as they are (another commit's, another file's, or whose shared lists differ)
    /// are not kept.
    pub fn insert(&mut self, commit: Oid, path: &str, changes: &[Change]) {
        let first = changes.first();
        let storable = changes.iter().all(|c| {
            c.origin == Origin::Commit(commit)
                && c.file == path
                && c.dir == crate::resolve::dir_of(path)
                && first.is_some_and(|f| f.names == c.names && f.written_before == c.written_before)
        });
        if !storable {
            return;
        }
        let mut entry = Entry::default();
        if let Some(first) = first {
            entry.names = first
                .names
                .iter()
                .map(|(n, e)| (self.intern(n), self.intern(e)))
                .collect();
            entry.written = first
                .written_before
                .iter()
                .map(|n| self.intern(n))
                .collect();
        }
        for change in changes {
            let lists = [
                &change.owner_before,
                &change.owner_after,
                &change.approvers_before,
                &change.approvers_after,
                &change.removed,
                &change.added,
                &change.emeritus_after,
            ]
            .map(|list| list.iter().map(|n| self.intern(n)).collect::<Vec<u32>>());
            let Some(dialect) = DIALECTS.iter().position(|&d| d == change.dialect) else {
                return;
            };
            entry.changes.push(StoredChange {
                area: self.intern(&change.area),
                dialect: dialect as u8,
                flags: u8::from(change.before_exists) * FLAG_BEFORE
                    + u8::from(change.after_exists) * FLAG_AFTER,
                lists,
            });
        }
        let at = self.intern(path);
        self.entries.insert((key_of(commit), at), entry);
        self.dirty = true;
    }

    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&at) = self.index.get(text) {
            return at;
        }
        let at = self.strings.len() as u32;
        self.strings.push(text.to_string());
        self.index.insert(text.to_string(), at);
        at
    }

    /// Saves the cache if something was inserted and it is not disabled. A cache that cannot be
    /// written only costs the next run time.
    pub fn save(&self) -> std::io::Result<()> {
        match &self.path {
            Some(path) if self.dirty => crate::output::replace_cache(path, &self.encode()),
            _ => Ok(()),
        }
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        varint(&mut out, self.strings.len() as u32);
        for text in &self.strings {
            varint(&mut out, text.len() as u32);
            out.extend_from_slice(text.as_bytes());
        }
        let mut keys: Vec<&Key> = self.entries.keys().collect();
        keys.sort();
        varint(&mut out, keys.len() as u32);
        for key in keys {
            let entry = &self.entries[key];
            out.extend_from_slice(&key.0);
            varint(&mut out, key.1);
            varint(&mut out, entry.names.len() as u32);
            for &(name, email) in &entry.names {
                varint(&mut out, name);
                varint(&mut out, email);
            }
            list(&mut out, &entry.written);
            varint(&mut out, entry.changes.len() as u32);
            for change in &entry.changes {
                varint(&mut out, change.area);
                out.push(change.dialect);
                out.push(change.flags);
                for names in &change.lists {
                    list(&mut out, names);
                }
            }
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }
}

fn key_of(commit: Oid) -> [u8; OID_LEN] {
    let mut key = [0; OID_LEN];
    let bytes = commit.as_bytes();
    let n = bytes.len().min(OID_LEN);
    key[..n].copy_from_slice(&bytes[..n]);
    key
}

fn varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn list(out: &mut Vec<u8>, items: &[u32]) {
    varint(out, items.len() as u32);
    for &i in items {
        varint(out, i);
    }
}

/// A bounds-checked reader over a file's body.
struct Reader<'b> {
    rest: &'b [u8],
}

impl<'b> Reader<'b> {
    fn bytes(&mut self, n: usize) -> Option<&'b [u8]> {
        if n > self.rest.len() {
            return None;
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }

    fn varint(&mut self) -> Option<u32> {
        let mut n: u64 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return u32::try_from(n).ok();
            }
        }
        None
    }

    /// A count of items that take at least `min_len` bytes each: refused when the bytes left
    /// cannot hold them.
    fn count(&mut self, min_len: usize) -> Option<usize> {
        let n = self.varint()? as usize;
        (n <= self.rest.len() / min_len.max(1)).then_some(n)
    }

    /// A string index below `strings`.
    fn index(&mut self, strings: usize) -> Option<u32> {
        let i = self.varint()?;
        ((i as usize) < strings).then_some(i)
    }

    fn list(&mut self, strings: usize) -> Option<Vec<u32>> {
        let n = self.count(1)?;
        (0..n).map(|_| self.index(strings)).collect()
    }
}

/// Decodes a cache file, checking everything (see the module documentation): `None` unless it
/// is whole, this version and well formed.
fn decode(bytes: &[u8]) -> Option<ChangesCache> {
    let body_len = bytes.len().checked_sub(CHECKSUM_LEN)?;
    let (body, sum) = bytes.split_at(body_len);
    if body.len() < HEADER_LEN
        || &body[..MAGIC.len()] != MAGIC
        || u32::from_le_bytes(body[MAGIC.len()..HEADER_LEN].try_into().ok()?) != VERSION
        || u64::from_le_bytes(sum.try_into().ok()?) != checksum(body)
    {
        return None;
    }
    let mut reader = Reader {
        rest: &body[HEADER_LEN..],
    };
    let mut cache = ChangesCache::default();
    let n = reader.count(1)?;
    for _ in 0..n {
        let len = reader.varint()? as usize;
        let text = std::str::from_utf8(reader.bytes(len)?).ok()?;
        if cache.index.contains_key(text) {
            return None;
        }
        cache
            .index
            .insert(text.to_string(), cache.strings.len() as u32);
        cache.strings.push(text.to_string());
    }
    let strings = cache.strings.len();
    let length = |i: u32| cache.strings[i as usize].len() as u64;
    let budget = EXPANSION_FACTOR * bytes.len() as u64 + EXPANSION_SLACK;
    let mut expanded: u64 = 0;
    let mut previous: Option<Key> = None;
    // An entry takes at least its id, its path and three counts.
    let m = reader.count(OID_LEN + 4)?;
    let mut entries = HashMap::default();
    entries.reserve(m);
    for _ in 0..m {
        let mut id = [0; OID_LEN];
        id.copy_from_slice(reader.bytes(OID_LEN)?);
        let key = (id, reader.index(strings)?);
        if previous.is_some_and(|p| p >= key) {
            return None;
        }
        previous = Some(key);
        let mut entry = Entry::default();
        let k = reader.count(2)?;
        for _ in 0..k {
            entry
                .names
                .push((reader.index(strings)?, reader.index(strings)?));
        }
        entry.written = reader.list(strings)?;
        // A change takes at least its area, dialect, flags and seven counts.
        let c = reader.count(3 + LISTS)?;
        for _ in 0..c {
            let area = reader.index(strings)?;
            let dialect = reader.byte()?;
            let flags = reader.byte()?;
            if dialect as usize >= DIALECTS.len() || flags & !(FLAG_BEFORE | FLAG_AFTER) != 0 {
                return None;
            }
            let mut lists: [Vec<u32>; LISTS] = Default::default();
            for list in &mut lists {
                *list = reader.list(strings)?;
            }
            entry.changes.push(StoredChange {
                area,
                dialect,
                flags,
                lists,
            });
        }
        // Reading an entry copies its names and written list into every change.
        let shared: u64 = entry
            .names
            .iter()
            .map(|&(n, e)| length(n) + length(e))
            .chain(entry.written.iter().map(|&i| length(i)))
            .sum();
        let own: u64 = entry
            .changes
            .iter()
            .flat_map(|c| c.lists.iter().flatten().chain(std::iter::once(&c.area)))
            .map(|&i| length(i))
            .sum();
        expanded = expanded
            .saturating_add(shared.saturating_mul(entry.changes.len() as u64 + 1))
            .saturating_add(own)
            .saturating_add(length(key.1));
        if expanded > budget {
            return None;
        }
        entries.insert(key, entry);
    }
    if !reader.rest.is_empty() {
        return None;
    }
    cache.entries = entries;
    Some(cache)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(n: u8) -> Oid {
        Oid::from_bytes(&[n; OID_LEN]).unwrap()
    }

    fn change(id: Oid, path: &str, area: &str, dialect: Dialect) -> Change {
        Change {
            file: path.to_string(),
            dir: crate::resolve::dir_of(path).to_string(),
            area: area.to_string(),
            dialect,
            origin: Origin::Commit(id),
            time: 1_700_000_000,
            owner_before: vec!["alice".into()],
            owner_after: vec!["bob".into()],
            approvers_before: vec!["alice".into(), "carol".into()],
            approvers_after: vec!["bob".into(), "carol".into()],
            removed: vec!["alice".into()],
            added: vec!["bob".into()],
            emeritus_after: vec!["alice".into()],
            before_exists: true,
            after_exists: false,
            names: vec![
                ("Alice A".into(), "alice@example.com".into()),
                ("Bob B".into(), "bob@example.com".into()),
            ]
            .into(),
            written_before: vec!["carol".into()],
        }
    }

    /// A cache holding two commits' changes, one of them an empty list.
    fn sample() -> ChangesCache {
        let mut cache = ChangesCache::disabled();
        let (a, b) = (commit(1), commit(2));
        cache.insert(
            a,
            "MAINTAINERS",
            &[
                change(a, "MAINTAINERS", "MAINTAINERS: ARM", Dialect::Maintainers),
                change(a, "MAINTAINERS", "MAINTAINERS: X86", Dialect::Maintainers),
            ],
        );
        cache.insert(
            b,
            "pkg/OWNERS",
            &[change(b, "pkg/OWNERS", "pkg", Dialect::Owners)],
        );
        cache.insert(b, "docs/OWNERS", &[]);
        cache
    }

    #[test]
    fn a_cache_reads_back_what_was_written() {
        let cache = sample();
        let bytes = cache.encode();
        let read = decode(&bytes).expect("decodes");
        assert_eq!(read.len(), 3);
        let (a, b) = (commit(1), commit(2));
        let time = 1_700_000_000;
        for (id, path) in [(a, "MAINTAINERS"), (b, "pkg/OWNERS"), (b, "docs/OWNERS")] {
            assert_eq!(
                read.get(id, path, time),
                cache.get(id, path, time),
                "{path}"
            );
        }
        assert_eq!(
            read.get(a, "MAINTAINERS", time).unwrap(),
            [
                change(a, "MAINTAINERS", "MAINTAINERS: ARM", Dialect::Maintainers),
                change(a, "MAINTAINERS", "MAINTAINERS: X86", Dialect::Maintainers),
            ]
        );
        assert_eq!(read.get(b, "docs/OWNERS", time), Some(Vec::new()));
        assert_eq!(
            read.get(a, "pkg/OWNERS", time),
            None,
            "another commit's file"
        );
        assert_eq!(read.get(commit(3), "MAINTAINERS", time), None);
        // Encoding is canonical: what was read encodes to the same bytes.
        assert_eq!(read.encode(), bytes);
    }

    #[test]
    fn changes_it_cannot_give_back_as_they_are_are_not_kept() {
        let mut cache = ChangesCache::disabled();
        let (a, b) = (commit(1), commit(2));
        cache.insert(a, "OWNERS", &[change(b, "OWNERS", "", Dialect::Owners)]);
        cache.insert(a, "x/OWNERS", &[change(a, "OWNERS", "", Dialect::Owners)]);
        let mut other_names = change(a, "MAINTAINERS", "MAINTAINERS: Y", Dialect::Maintainers);
        std::sync::Arc::make_mut(&mut other_names.names).pop();
        cache.insert(
            a,
            "MAINTAINERS",
            &[
                change(a, "MAINTAINERS", "MAINTAINERS: X", Dialect::Maintainers),
                other_names,
            ],
        );
        assert!(cache.is_empty());
    }

    #[test]
    fn every_truncation_and_every_flipped_byte_is_refused() {
        let bytes = sample().encode();
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len]).is_none(), "truncated at {len}");
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x40;
            assert!(decode(&bad).is_none(), "byte {at} flipped");
        }
    }

    fn reseal(mut body: Vec<u8>) -> Vec<u8> {
        body.truncate(body.len() - CHECKSUM_LEN);
        let sum = checksum(&body);
        body.extend_from_slice(&sum.to_le_bytes());
        body
    }

    /// A forged file with a valid checksum is still checked: counts, indices, codes, order,
    /// text, length, and what it would expand to.
    #[test]
    fn a_forged_file_with_a_good_checksum_is_refused_when_malformed() {
        let header = |out: &mut Vec<u8>| {
            out.extend_from_slice(MAGIC);
            out.extend_from_slice(&VERSION.to_le_bytes());
        };
        let seal = |mut out: Vec<u8>| {
            out.extend_from_slice(&[0; CHECKSUM_LEN]);
            reseal(out)
        };
        // One string "a", then the given entries.
        let file = |entries: &[u8]| {
            let mut out = Vec::new();
            header(&mut out);
            out.extend_from_slice(&[1, 1, b'a']);
            out.extend_from_slice(entries);
            seal(out)
        };
        let entry = |id: u8, path: u8, tail: &[u8]| {
            let mut out = vec![id; OID_LEN];
            out.push(path);
            out.extend_from_slice(tail);
            out
        };
        let empty = [0, 0, 0];
        let good = [vec![1], entry(1, 0, &empty)].concat();
        assert!(decode(&file(&good)).is_some(), "the well-formed control");
        let bad_index = [vec![1], entry(1, 1, &empty)].concat();
        assert!(decode(&file(&bad_index)).is_none(), "string index");
        let unsorted = [vec![2], entry(2, 0, &empty), entry(1, 0, &empty)].concat();
        assert!(decode(&file(&unsorted)).is_none(), "unsorted");
        let duplicate = [vec![2], entry(1, 0, &empty), entry(1, 0, &empty)].concat();
        assert!(decode(&file(&duplicate)).is_none(), "duplicate");
        let a_change = |dialect: u8, flags: u8| {
            let mut c = vec![0, 0, 1, 0, dialect, flags];
            c.extend_from_slice(&[0; LISTS]);
            c
        };
        let control = [vec![1], entry(1, 0, &a_change(4, 3))].concat();
        assert!(decode(&file(&control)).is_some(), "a change's control");
        let dialect = [vec![1], entry(1, 0, &a_change(7, 0))].concat();
        assert!(decode(&file(&dialect)).is_none(), "unknown dialect");
        let flags = [vec![1], entry(1, 0, &a_change(0, 4))].concat();
        assert!(decode(&file(&flags)).is_none(), "unknown flag");
        let huge_count = [vec![0xff, 0xff, 0xff, 0xff, 0x0f], entry(1, 0, &empty)].concat();
        assert!(
            decode(&file(&huge_count)).is_none(),
            "count beyond the file"
        );
        let trailing = [good.clone(), vec![0]].concat();
        assert!(
            decode(&file(&trailing)).is_none(),
            "bytes after the entries"
        );
        let mut not_utf8 = Vec::new();
        header(&mut not_utf8);
        not_utf8.extend_from_slice(&[1, 1, 0xff, 0]);
        assert!(decode(&seal(not_utf8)).is_none(), "not UTF-8");
        let mut long = Vec::new();
        header(&mut long);
        long.extend_from_slice(&[1, 0xff, 0xff, 0x03, b'a', 0]);
        assert!(decode(&seal(long)).is_none(), "length beyond the file");
        let mut other_version = file(&good);
        other_version[MAGIC.len()] = 2;
        assert!(decode(&reseal(other_version)).is_none(), "another version");
    }

    /// A small file whose one change names a long string many times would copy far more than
    /// the file holds: refused before anything is copied.
    #[test]
    fn a_file_that_would_expand_beyond_its_budget_is_refused() {
        let mut cache = ChangesCache::disabled();
        let id = commit(1);
        let mut big = change(id, "OWNERS", "", Dialect::Owners);
        let long = "x".repeat(1 << 16);
        big.names = vec![(long.clone(), long); 200].into();
        let many: Vec<Change> = (0..200).map(|_| big.clone()).collect();
        cache.insert(id, "OWNERS", &many);
        let bytes = cache.encode();
        assert!(bytes.len() < 200_000, "the file itself is small");
        assert!(decode(&bytes).is_none());
    }

    #[test]
    fn loading_ignores_what_it_cannot_use_and_saving_never_follows_a_planted_link() {
        let dir = tempfile::tempdir().unwrap();
        let path = ChangesCache::path_in(dir.path());
        assert!(ChangesCache::load(path.clone()).is_empty(), "missing");
        let mut cache = ChangesCache::load(path.clone());
        let id = commit(1);
        cache.insert(id, "OWNERS", &[change(id, "OWNERS", "", Dialect::Owners)]);
        cache.save().unwrap();
        let loaded = ChangesCache::load(path.clone());
        assert_eq!(loaded.len(), 1);
        assert_eq!(loaded.get(id, "OWNERS", 1), cache.get(id, "OWNERS", 1));
        std::fs::write(&path, b"not a cache").unwrap();
        assert!(ChangesCache::load(path.clone()).is_empty(), "garbage");
        // A link planted where the cache goes is neither followed nor replaced.
        #[cfg(unix)]
        {
            let victim = dir.path().join("victim");
            std::fs::write(&victim, b"keep").unwrap();
            std::fs::remove_file(&path).unwrap();
            std::os::unix::fs::symlink(&victim, &path).unwrap();
            cache.save().unwrap();
            assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
            assert!(
                std::fs::symlink_metadata(&path)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
        }
        // A disabled cache is never written.
        let disabled = ChangesCache::disabled();
        disabled.save().unwrap();
    }
}
