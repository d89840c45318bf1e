//! Which pattern-scoped areas decide each path the window's commits changed, kept between runs
//! under the repository's git directory (`<git_dir>/ownlint/decided-v1.cache`).
//!
//! Evidence ([`super::evidence`]) counts each change to the areas that decide its paths; with a
//! MAINTAINERS file or a CODEOWNERS file, that is a search of the patterns for every path the
//! window changed (about 20,000 on u-boot), which was a quarter of a warm `check` there once the
//! ownership changes were cached. The answer for a path depends only on the path and on the
//! ownership files and configuration the run read (and on ownlint), as the resolution cache's
//! answers do ([`crate::engine::resolution_cache`]): the file is keyed by the blob ids of all of
//! them and by the dialect each file was read in (a CODEOWNERS file's host follows from other
//! paths too), and a run whose key differs (an ownership file edited) searches again and
//! replaces it.
//! An area is named by its index among the snapshot's declarations, which the same ownership
//! files and configuration give in the same order.
//!
//! It is an optimisation and nothing more: a file that is missing, unreadable, too large,
//! foreign, of another version or key, or malformed is ignored, and replaced by the next save
//! ([`crate::output::replace_cache`]: never through a planted link). A forged file with a valid
//! checksum can at worst count changes to the wrong areas, never read or write elsewhere, panic,
//! loop or exhaust memory.
//!
//! # File format (version 1)
//!
//! ```text
//! magic      16 bytes   "OWNLINT-DECIDED\n"
//! version    u32 LE     1
//! key        20 bytes
//! areas      u32 LE     how many declarations the snapshot has (every index is below it)
//! count      u32 LE     the number of paths
//! paths      count × (u32 LE path length, path bytes, u32 LE k, k × u32 LE area index),
//!            strictly sorted by path, each path non-empty UTF-8, each list strictly increasing
//! checksum   u64 LE     FxHash of every byte before it, then of their count
//! ```

use crate::output::cache_checksum as checksum;
use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

use crate::bounded_read::{self, Kind, ReadProblem};
use crate::config::Config;
use crate::walker::Snapshot;

const MAGIC: &[u8; 16] = b"OWNLINT-DECIDED\n";
const VERSION: u32 = 1;
const FILE_NAME: &str = "decided-v1.cache";
const KEY_LEN: usize = crate::resolve::ownership::KEY_LEN;
const HEADER_LEN: usize = MAGIC.len() + 4 + KEY_LEN + 4 + 4;
const CHECKSUM_LEN: usize = 8;
/// A path takes at least its length and its count.
const MIN_ENTRY_LEN: usize = 8;
const DECIDED_CACHE: Kind = Kind {
    name: "decided areas cache",
    limit: 256 * 1024 * 1024,
};

/// The deciding areas of paths, under the key of one set of ownership files.
#[derive(Debug, Default)]
pub struct DecidedCache {
    /// Where it is saved; `None` for a disabled cache.
    file: Option<PathBuf>,
    key: [u8; KEY_LEN],
    /// How many declarations the snapshot has.
    areas: u32,
    /// By path: looked up once per path of every window commit, so hashed, not ordered (the
    /// file is written sorted).
    paths: HashMap<String, Vec<u32>>,
    /// Whether a path was inserted since loading.
    dirty: bool,
}

impl DecidedCache {
    /// The cache file of a repository's (common) git directory.
    pub fn path_in(git_dir: &Path) -> PathBuf {
        git_dir.join("ownlint").join(FILE_NAME)
    }

    /// A cache that is never read nor written; it keeps what is inserted for the run.
    pub fn disabled() -> DecidedCache {
        DecidedCache::default()
    }

    /// Loads the cache saved at `file` for the ownership files and configuration of `snapshot`
    /// and `config`: empty when there is none, it cannot be used, or it was saved for other
    /// ownership files. Never fails and never panics.
    pub fn load(file: PathBuf, snapshot: &Snapshot, config: &Config) -> DecidedCache {
        let key = key(snapshot, config);
        let areas = snapshot.owners.len() as u32;
        let paths =
            match bounded_read::read(&file, bounded_read::Origin::CommandLine, DECIDED_CACHE) {
                Ok(bytes) => decode(&bytes, &key, areas).unwrap_or_default(),
                Err(ReadProblem::Missing) | Err(_) => HashMap::default(),
            };
        DecidedCache {
            file: Some(file),
            key,
            areas,
            paths,
            dirty: false,
        }
    }

    /// The areas that decide `path`, if known.
    pub fn get(&self, path: &str) -> Option<&[u32]> {
        self.paths.get(path).map(Vec::as_slice)
    }

    /// Keeps the areas (sorted, without repeats) that decide `path`.
    pub fn insert(&mut self, path: &str, areas: &[usize]) {
        let Ok(list) = areas.iter().map(|&a| u32::try_from(a)).collect() else {
            return;
        };
        self.paths.insert(path.to_string(), list);
        self.dirty = true;
    }

    /// Saves the cache if a path was inserted and it is not disabled.
    pub fn save(&self) -> std::io::Result<()> {
        match &self.file {
            Some(file) if self.dirty => crate::output::replace_cache(file, &self.encode()),
            _ => Ok(()),
        }
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.key);
        out.extend_from_slice(&self.areas.to_le_bytes());
        out.extend_from_slice(&(self.paths.len() as u32).to_le_bytes());
        let mut sorted: Vec<(&String, &Vec<u32>)> = self.paths.iter().collect();
        sorted.sort_unstable_by_key(|&(path, _)| path);
        for (path, areas) in sorted {
            out.extend_from_slice(&(path.len() as u32).to_le_bytes());
            out.extend_from_slice(path.as_bytes());
            out.extend_from_slice(&(areas.len() as u32).to_le_bytes());
            for area in areas {
                out.extend_from_slice(&area.to_le_bytes());
            }
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }
}

/// What the answers depend on: the same inputs as the resolution cache's (see
/// [`crate::resolve::ownership::key`]), under a key of their own.
fn key(snapshot: &Snapshot, config: &Config) -> [u8; KEY_LEN] {
    crate::resolve::ownership::key(" decided", snapshot, config)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// Decodes a cache file, checking everything (see the module documentation): `None` unless it
/// is whole, this version, under `key` for a snapshot of `areas` declarations, and well formed.
fn decode(bytes: &[u8], key: &[u8; KEY_LEN], areas: u32) -> Option<HashMap<String, Vec<u32>>> {
    let body_len = bytes.len().checked_sub(CHECKSUM_LEN)?;
    let (body, sum) = bytes.split_at(body_len);
    if body.len() < HEADER_LEN
        || &body[..MAGIC.len()] != MAGIC
        || u32_at(body, MAGIC.len())? != VERSION
        || &body[MAGIC.len() + 4..MAGIC.len() + 4 + KEY_LEN] != key
        || u32_at(body, MAGIC.len() + 4 + KEY_LEN)? != areas
        || u64::from_le_bytes(sum.try_into().ok()?) != checksum(body)
    {
        return None;
    }
    let count = u32_at(body, HEADER_LEN - 4)? as usize;
    let mut at = HEADER_LEN;
    if count > (body.len() - at) / MIN_ENTRY_LEN {
        return None;
    }
    let mut paths = HashMap::with_capacity_and_hasher(count, Default::default());
    let mut previous: Option<&str> = None;
    for _ in 0..count {
        let len = u32_at(body, at)? as usize;
        let path = std::str::from_utf8(body.get(at + 4..(at + 4).checked_add(len)?)?).ok()?;
        at += 4 + len;
        if path.is_empty() || previous.is_some_and(|p| p >= path) {
            return None;
        }
        previous = Some(path);
        let k = u32_at(body, at)? as usize;
        at += 4;
        if k > (body.len() - at) / 4 {
            return None;
        }
        let mut list = Vec::with_capacity(k);
        for _ in 0..k {
            let area = u32_at(body, at)?;
            at += 4;
            if area >= areas || list.last().is_some_and(|&last| last >= area) {
                return None;
            }
            list.push(area);
        }
        paths.insert(path.to_string(), list);
    }
    (at == body.len()).then_some(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; KEY_LEN] = [7; KEY_LEN];

    fn sample() -> DecidedCache {
        let mut cache = DecidedCache {
            key: KEY,
            areas: 5,
            ..DecidedCache::default()
        };
        cache.insert("drivers/net/a.c", &[0, 3]);
        cache.insert("Makefile", &[]);
        cache.insert("usb/u.c", &[4]);
        cache
    }

    #[test]
    fn a_cache_reads_back_what_was_written_under_its_key_only() {
        let cache = sample();
        let bytes = cache.encode();
        let read = decode(&bytes, &KEY, 5).expect("decodes");
        assert_eq!(read, cache.paths);
        assert_eq!(read["drivers/net/a.c"], [0, 3]);
        assert!(decode(&bytes, &[8; KEY_LEN], 5).is_none(), "another key");
        assert!(decode(&bytes, &KEY, 4).is_none(), "another count of areas");
    }

    #[test]
    fn every_truncation_and_every_flipped_byte_is_refused() {
        let bytes = sample().encode();
        for len in 0..bytes.len() {
            assert!(
                decode(&bytes[..len], &KEY, 5).is_none(),
                "truncated at {len}"
            );
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x40;
            assert!(decode(&bad, &KEY, 5).is_none(), "byte {at} flipped");
        }
    }

    /// A forged file with a valid checksum is still checked: counts, lengths, order, text and
    /// area indices.
    #[test]
    fn a_forged_file_with_a_good_checksum_is_refused_when_malformed() {
        let forged = |paths: &[(&str, &[u32])], areas: u32| {
            let cache = DecidedCache {
                key: KEY,
                areas,
                ..DecidedCache::default()
            };
            let mut bytes = cache.encode();
            bytes.truncate(bytes.len() - CHECKSUM_LEN);
            bytes.truncate(HEADER_LEN - 4);
            bytes.extend_from_slice(&(paths.len() as u32).to_le_bytes());
            for (path, list) in paths {
                bytes.extend_from_slice(&(path.len() as u32).to_le_bytes());
                bytes.extend_from_slice(path.as_bytes());
                bytes.extend_from_slice(&(list.len() as u32).to_le_bytes());
                for a in *list {
                    bytes.extend_from_slice(&a.to_le_bytes());
                }
            }
            let sum = checksum(&bytes);
            bytes.extend_from_slice(&sum.to_le_bytes());
            bytes
        };
        assert!(
            decode(&forged(&[("a", &[1])], 2), &KEY, 2).is_some(),
            "control"
        );
        assert!(
            decode(&forged(&[("a", &[2])], 2), &KEY, 2).is_none(),
            "area beyond"
        );
        assert!(
            decode(&forged(&[("a", &[1, 0])], 2), &KEY, 2).is_none(),
            "unsorted areas"
        );
        assert!(
            decode(&forged(&[("a", &[1, 1])], 2), &KEY, 2).is_none(),
            "repeated area"
        );
        assert!(
            decode(&forged(&[("b", &[]), ("a", &[])], 2), &KEY, 2).is_none(),
            "unsorted"
        );
        assert!(
            decode(&forged(&[("a", &[]), ("a", &[])], 2), &KEY, 2).is_none(),
            "duplicate"
        );
        assert!(
            decode(&forged(&[("", &[])], 2), &KEY, 2).is_none(),
            "empty path"
        );
        let mut huge = forged(&[("a", &[])], 2);
        huge[HEADER_LEN - 4..HEADER_LEN].copy_from_slice(&u32::MAX.to_le_bytes());
        let n = huge.len() - CHECKSUM_LEN;
        let sum = checksum(&huge[..n]);
        huge[n..].copy_from_slice(&sum.to_le_bytes());
        assert!(decode(&huge, &KEY, 2).is_none(), "count beyond the file");
        let mut long = forged(&[("a", &[])], 2);
        long[HEADER_LEN..HEADER_LEN + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        let sum = checksum(&long[..n]);
        long[n..].copy_from_slice(&sum.to_le_bytes());
        assert!(decode(&long, &KEY, 2).is_none(), "length beyond the file");
        let mut not_utf8 = forged(&[("ab", &[])], 2);
        not_utf8[HEADER_LEN + 4] = 0xff;
        let n = not_utf8.len() - CHECKSUM_LEN;
        let sum = checksum(&not_utf8[..n]);
        not_utf8[n..].copy_from_slice(&sum.to_le_bytes());
        assert!(decode(&not_utf8, &KEY, 2).is_none(), "not UTF-8");
    }

    #[test]
    fn saving_never_follows_a_planted_link_and_a_disabled_cache_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = DecidedCache::path_in(dir.path());
        let mut cache = sample();
        cache.file = Some(file.clone());
        cache.save().unwrap();
        assert_eq!(
            decode(&std::fs::read(&file).unwrap(), &KEY, 5).unwrap(),
            cache.paths
        );
        #[cfg(unix)]
        {
            let victim = dir.path().join("victim");
            std::fs::write(&victim, b"keep").unwrap();
            std::fs::remove_file(&file).unwrap();
            std::os::unix::fs::symlink(&victim, &file).unwrap();
            cache.save().unwrap();
            assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        }
        let mut disabled = DecidedCache::disabled();
        disabled.insert("a", &[0]);
        disabled.save().unwrap();
        assert!(!dir.path().join("decided-v1.cache").exists());
    }
}
