//! Which ownership systems own each tracked file, kept between runs so that the pre-commit
//! hook resolves only the paths a commit changes.
//!
//! `unowned-path` needs every tracked file's answer (a directory is reported once when all of
//! its files are unowned), and resolving 40,000 paths against a MAINTAINERS of 1,500 sections
//! was the largest share of `check --staged`. A file's answer depends only on its path and on
//! the ownership files and configuration (aliases, teams), not on the other tracked files. So
//! the answers are saved under `.git/ownlint/`, keyed by the blob ids of every ownership file
//! the run read and of the configuration: a run whose key matches reads the answers of the
//! files it did not change and resolves the rest; a run whose key differs (an ownership file
//! edited, added, deleted) resolves every file and saves the new answers.
//!
//! The file is written atomically ([`crate::output::replace`]) and read like the history cache:
//! bounded, and checked (magic, version, key, sorted UTF-8 paths, known bits, exact length,
//! checksum) before it is believed; a file that fails any check is ignored (everything is
//! resolved) and replaced. `.git` content can be written by anyone who can write the
//! repository's directory: a forged file can at worst change which files are reported unowned,
//! never make the run read or write anywhere else, panic or loop.

use crate::output::cache_checksum as checksum;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::bounded_read::{self, Kind, Origin, ReadProblem};
use crate::model::System;
use crate::resolve::Resolver;

use super::Session;

const MAGIC: &[u8; 16] = b"OWNLINT-RESOLVE\n";
const VERSION: u32 = 1;
const FILE_NAME: &str = "resolution-v1.cache";
const KEY_LEN: usize = crate::resolve::ownership::KEY_LEN;
const HEADER_LEN: usize = MAGIC.len() + 4 + KEY_LEN + 4;
const CHECKSUM_LEN: usize = 8;
/// Per path: its bits and the length of its path.
const ENTRY_HEADER_LEN: usize = 1 + 4;

/// The most of a cache file that is read: about 40 bytes a tracked file, so room for millions.
const RESOLUTION_CACHE: Kind = Kind {
    name: "resolution cache",
    limit: 256 * 1024 * 1024,
};

use crate::resolve::ownership::{ALL_BITS, Ownership, bit};

/// How the answers of a run were found, for tests and `--verbose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reuse {
    /// Files whose answer came from the cache.
    pub cached: usize,
    /// Files resolved in this run.
    pub resolved: usize,
}

/// The answers a resolver gives for `path` in every system, as bits.
fn resolve_bits(resolver: &Resolver, systems: &[System], path: &str) -> u8 {
    systems
        .iter()
        .filter(|&&s| resolver.is_owned_in(s, path) == Some(true))
        .fold(0, |bits, &s| bits | bit(s))
}

/// The ownership of every file of the session's snapshot: with `read`, from the cache for the
/// files the change (`changed`) leaves alone when the cache's key matches; resolved otherwise.
/// Unless the session's caches are off, a cache that was missing or stale is replaced by this
/// run's answers, and so is one that lacked files a full run (`save_new_files`) resolved.
pub fn ownership(
    session: &Session,
    resolver: &Resolver,
    changed: &HashSet<String>,
    read: bool,
    save_new_files: bool,
) -> (Ownership, Reuse) {
    let systems = [System::Owners, System::Codeowners, System::Maintainers];
    let files = &session.snapshot.files;
    let key = key(session);
    let path = cache_path(session.repo.git().commondir());
    let bytes = (session.use_cache && read)
        .then(|| load(&path))
        .flatten()
        .unwrap_or_default();
    let cached = decode(&bytes, &key).unwrap_or_default();
    let mut reuse = Reuse {
        cached: 0,
        resolved: 0,
    };
    let mut at = 0;
    let bits: Vec<u8> = files
        .iter()
        .map(|file| {
            // Both lists are sorted: one forward cursor finds each file's cached answer, in
            // one pass over both (a binary search per file cost 6% of the hook).
            while cached.paths.get(at).is_some_and(|&p| p < file.as_str()) {
                at += 1;
            }
            let hit = cached.paths.get(at).is_some_and(|p| p == file) && !changed.contains(file);
            if hit {
                reuse.cached += 1;
                cached.bits[at]
            } else {
                reuse.resolved += 1;
                resolve_bits(resolver, &systems, file)
            }
        })
        .collect();
    let stale = cached.paths.is_empty();
    // The full computation forced for comparison (`read` off) leaves the cache alone.
    if session.use_cache && read && reuse.resolved > 0 && (stale || save_new_files) {
        // A cache that cannot be written (a read-only repository) only costs the next run time.
        let _ = save(&path, &key, files, &bits);
    }
    (Ownership::from_bits(bits), reuse)
}

/// The cache file of a repository's (common) git directory.
pub fn cache_path(git_dir: &Path) -> PathBuf {
    git_dir.join("ownlint").join(FILE_NAME)
}

/// What the answers depend on: see [`crate::resolve::ownership::key`].
fn key(session: &Session) -> [u8; KEY_LEN] {
    crate::resolve::ownership::key("", &session.snapshot, &session.config)
}

/// A cache file's answers: sorted paths (borrowed from the file's bytes: 40,000 paths
/// copied out were 2.5% of the pre-commit hook) and their bits.
#[derive(Debug, Default, PartialEq, Eq)]
struct Cached<'b> {
    paths: Vec<&'b str>,
    bits: Vec<u8>,
}

/// The bytes of the cache file at `path`; `None` when there is no such file or it cannot be
/// read (too large, not a regular file). [`decode`] says whether they can be used.
fn load(path: &Path) -> Option<Vec<u8>> {
    match bounded_read::read(path, Origin::CommandLine, RESOLUTION_CACHE) {
        Ok(bytes) => Some(bytes),
        Err(ReadProblem::Missing) => None,
        Err(_) => None,
    }
}

/// Encodes the answers `bits` of `files` (sorted) under `key`.
fn encode(key: &[u8; KEY_LEN], files: &[String], bits: &[u8]) -> Vec<u8> {
    let size: usize = files.iter().map(|f| f.len() + ENTRY_HEADER_LEN).sum();
    let mut out = Vec::with_capacity(HEADER_LEN + size + CHECKSUM_LEN);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(key);
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    for (file, &b) in files.iter().zip(bits) {
        out.push(b);
        out.extend_from_slice(&(file.len() as u32).to_le_bytes());
        out.extend_from_slice(file.as_bytes());
    }
    let sum = checksum(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Decodes a cache file, checking everything: `None` unless it is whole, this version, under
/// `key`, with strictly sorted UTF-8 paths and known bits.
fn decode<'b>(bytes: &'b [u8], key: &[u8; KEY_LEN]) -> Option<Cached<'b>> {
    let body_len = bytes.len().checked_sub(CHECKSUM_LEN)?;
    let (body, sum) = bytes.split_at(body_len);
    if body.len() < HEADER_LEN
        || &body[..MAGIC.len()] != MAGIC
        || u32::from_le_bytes(body[16..20].try_into().ok()?) != VERSION
        || &body[20..20 + KEY_LEN] != key
        || u64::from_le_bytes(sum.try_into().ok()?) != checksum(body)
    {
        return None;
    }
    let count = u32::from_le_bytes(body[20 + KEY_LEN..HEADER_LEN].try_into().ok()?) as usize;
    let mut rest = &body[HEADER_LEN..];
    // Every entry takes at least its header: a count beyond that is a lie, not an allocation.
    if count > rest.len() / ENTRY_HEADER_LEN {
        return None;
    }
    let mut cached = Cached {
        paths: Vec::with_capacity(count),
        bits: Vec::with_capacity(count),
    };
    for _ in 0..count {
        let (&b, after) = rest.split_first()?;
        let len = u32::from_le_bytes(after.get(..4)?.try_into().ok()?) as usize;
        let path = std::str::from_utf8(after.get(4..4 + len)?).ok()?;
        if b & !ALL_BITS != 0 || path.is_empty() || cached.paths.last().is_some_and(|&p| p >= path)
        {
            return None;
        }
        cached.paths.push(path);
        cached.bits.push(b);
        rest = &after[4 + len..];
    }
    rest.is_empty().then_some(cached)
}

/// Saves the answers ([`crate::output::replace_cache`]: never through a planted link).
fn save(path: &Path, key: &[u8; KEY_LEN], files: &[String], bits: &[u8]) -> std::io::Result<()> {
    crate::output::replace_cache(path, &encode(key, files, bits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Vec<String>, Vec<u8>) {
        (
            vec!["a/b.c".into(), "a/c".into(), "z".into()],
            vec![1, 0, 6],
        )
    }

    #[test]
    fn a_cache_reads_back_what_was_written_under_its_key_only() {
        let (files, bits) = sample();
        let key = [7; KEY_LEN];
        let bytes = encode(&key, &files, &bits);
        let cached = decode(&bytes, &key).expect("decodes");
        assert_eq!(cached.paths, files);
        assert_eq!(cached.bits, bits);
        assert_eq!(decode(&bytes, &[8; KEY_LEN]), None, "another key is a miss");
    }

    /// Answers saved by matchers of another semantics version are never read back, and the
    /// key changes with any ownership file's or the configuration's text or path; the same
    /// inputs give the same key (a rebuild of the same matchers keeps the cache warm).
    #[test]
    fn the_key_names_the_matchers_semantics_and_every_input() {
        use crate::source::blob_id_of;
        let files = [
            ("MAINTAINERS", "X\nF:\ta/\n"),
            ("a/OWNERS", "approvers: [x]\n"),
        ];
        let config = Some((".ownlint.yaml", "history:\n  since: 90d\n"));
        let dialects = [("MAINTAINERS", "MAINTAINERS"), ("a/OWNERS", "OWNERS")];
        let key = |semantics, files: &[(&'static str, &'static str)], config| {
            crate::resolve::ownership::key_of(
                "",
                semantics,
                files.iter().map(|&(path, text)| (path, blob_id_of(text))),
                dialects.iter().copied(),
                config,
            )
        };
        let base = key(1, &files, config);
        assert_eq!(base, key(1, &files, config), "deterministic");
        assert_ne!(base, key(2, &files, config), "a semantics bump");
        assert_ne!(base, key(1, &files[..1], config), "a file fewer");
        let edited = [files[0], ("a/OWNERS", "approvers: [y]\n")];
        assert_ne!(base, key(1, &edited, config), "a file edited");
        let moved = [files[0], ("b/OWNERS", files[1].1)];
        assert_ne!(base, key(1, &moved, config), "a file moved");
        assert_ne!(base, key(1, &files, None), "the configuration removed");
        let other_purpose = crate::resolve::ownership::key_of(
            " decided",
            1,
            files.iter().map(|&(path, text)| (path, blob_id_of(text))),
            dialects.iter().copied(),
            config,
        );
        assert_ne!(base, other_purpose, "another cache's key");
        let gitlab = [
            ("MAINTAINERS", "MAINTAINERS"),
            ("a/OWNERS", "CODEOWNERS (GitLab)"),
        ];
        let read_otherwise = crate::resolve::ownership::key_of(
            "",
            1,
            files.iter().map(|&(path, text)| (path, blob_id_of(text))),
            gitlab.iter().copied(),
            config,
        );
        assert_ne!(base, read_otherwise, "a file read in another dialect");
        let other = Some((".ownlint.yaml", "history:\n  since: 30d\n"));
        assert_ne!(base, key(1, &files, other), "the configuration edited");
    }

    #[test]
    fn every_truncation_and_every_flipped_byte_is_refused() {
        let (files, bits) = sample();
        let key = [7; KEY_LEN];
        let bytes = encode(&key, &files, &bits);
        for len in 0..bytes.len() {
            assert_eq!(decode(&bytes[..len], &key), None, "truncated at {len}");
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x40;
            assert_eq!(decode(&bad, &key), None, "byte {at} flipped");
        }
    }

    /// A forged file with a valid checksum is still checked: its count, its lengths, its
    /// order, its text and its bits.
    #[test]
    fn a_forged_file_with_a_good_checksum_is_refused_when_malformed() {
        let key = [1; KEY_LEN];
        let reseal = |mut body: Vec<u8>| {
            body.truncate(body.len() - CHECKSUM_LEN);
            let sum = checksum(&body);
            body.extend_from_slice(&sum.to_le_bytes());
            body
        };
        let unsorted = encode(&key, &["b".into(), "a".into()], &[1, 1]);
        assert_eq!(decode(&unsorted, &key), None, "unsorted");
        let duplicate = encode(&key, &["a".into(), "a".into()], &[1, 1]);
        assert_eq!(decode(&duplicate, &key), None, "duplicate");
        let unknown_bit = encode(&key, &["a".into()], &[8]);
        assert_eq!(decode(&unknown_bit, &key), None, "unknown bit");
        let empty = encode(&key, &["".into()], &[1]);
        assert_eq!(decode(&empty, &key), None, "empty path");
        let mut huge_count = encode(&key, &["a".into()], &[1]);
        huge_count[20 + KEY_LEN..HEADER_LEN].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            decode(&reseal(huge_count), &key),
            None,
            "count beyond the file"
        );
        let mut long_path = encode(&key, &["a".into()], &[1]);
        long_path[HEADER_LEN + 1..HEADER_LEN + 5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            decode(&reseal(long_path), &key),
            None,
            "length beyond the file"
        );
        let mut not_utf8 = encode(&key, &["ab".into()], &[1]);
        not_utf8[HEADER_LEN + 5] = 0xff;
        assert_eq!(decode(&reseal(not_utf8), &key), None, "not UTF-8");
        let mut trailing = encode(&key, &["a".into()], &[1]);
        trailing.insert(trailing.len() - CHECKSUM_LEN, b'x');
        assert_eq!(
            decode(&reseal(trailing), &key),
            None,
            "bytes after the entries"
        );
    }
}
