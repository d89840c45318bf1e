//! The on-disk cache of [`CommitFacts`], keyed by commit id, under the repository's git
//! directory (`<git_dir>/ownlint/history-v3.cache`).
//!
//! A commit's facts depend only on its id, so a cached entry never goes stale; the cache only
//! grows. It is an optimisation and nothing more: a file that is missing, unreadable, too large,
//! truncated, corrupt, foreign or of another version is ignored (the cache starts empty) and is
//! replaced by the next [`Cache::save`].
//!
//! # File format (version 3)
//!
//! Integers are little-endian. A *varint* is an unsigned LEB128 number of at most 10 bytes (a
//! `u64`); a time is an `i64` zigzag-encoded as a varint. Strings are UTF-8, written once in a
//! string table and referred to by their varint index in it; object ids are 20 raw bytes.
//!
//! ```text
//! magic        16 bytes   "OWNLINT-HISTORY\n"
//! version      u32        3 (version 1 had no merges' own paths nor `Co-developed-by` trailers;
//!                         version 2 had the paths of `git log -c` as merges' own)
//! strings      varint n, then n varint byte lengths, then the n strings' bytes concatenated
//! commits      varint m, then m records, sorted by id:
//!   id           20 bytes
//!   parents      varint count, count × 20 bytes
//!   author       varint name index, varint email index
//!   author_time  zigzag varint
//!   committer    varint name index, varint email index
//!   commit_time  zigzag varint
//!   trailers     varint count, count × (u8 kind code, varint name index, varint email index)
//!   flags        u8: bit 0 missing_objects, bit 1 merged_handle present, others 0
//!   merged       varint index of merged_handle (only with flag bit 1)
//!   paths        varint count, count × varint index
//! checksum     u64        of every byte before it: see below
//! ```
//!
//! Versions 2 and 3 have version 1's layout; what they store changed. In version 2 a merge's
//! paths are those it changed against every parent (what `git log -c` lists), where version 1
//! stored none; in version 3 they are only those the merge edited itself, as `git log --cc`
//! shows them (see [`super::merge_edits`]): a file both sides edited and the merge combined
//! cleanly is no longer among them. Files of older versions (`history-v1.cache`,
//! `history-v2.cache`) are not read.
//!
//! The checksum follows FNV-1a but works a 64-bit word at a time: the bytes are read as
//! little-endian words (the last one padded with zeros), followed by their length as a word, and
//! each word `w` is mixed in as `h = (h ^ w) * 0x9e3779b97f4a7c15; h ^= h >> 32`, starting from
//! `h = 0xcbf29ce484222325`.
//!
//! # Loading
//!
//! Loading checks the magic, the version and the checksum, then validates the whole payload:
//! every read is checked against the end of the buffer, every count against the bytes left
//! before anything is allocated for it, every string index, trailer kind and flag, and the file
//! must be consumed exactly. Files over 1 GiB are not read, and the strings a file would expand
//! to are limited to a multiple of its size, so that even a crafted file with a valid checksum
//! cannot exhaust memory.
//!
//! A valid file is kept in memory and only indexed by commit id: a commit's [`CommitFacts`] are
//! built the first time [`Cache::get`] asks for them. Loading a large history thus costs little
//! more than reading the file, and a run that looks at recent commits only pays for those.
//!
//! # Saving
//!
//! Saving keeps the loaded string table as the start of the new one, so that loaded records are
//! copied unchanged and only inserted facts are encoded. It writes the complete file under a
//! unique temporary name in the same directory, syncs it and renames it over the cache file: a
//! reader or a concurrent writer only ever sees a complete file, and the last rename wins.

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use git2::Oid;

use super::facts::{CommitFacts, Ident, TrailerKind};

/// The first bytes of a cache file.
const MAGIC: &[u8; 16] = b"OWNLINT-HISTORY\n";
/// The format version written and accepted (see the module documentation).
const VERSION: u32 = 3;
/// The cache file's name under `<git_dir>/ownlint/`: it names the version, so that ownlint
/// builds of another version keep their own file instead of replacing each other's.
const FILE_NAME: &str = "history-v3.cache";
/// Magic and version.
const HEADER_LEN: usize = MAGIC.len() + 4;
/// The trailing checksum.
const CHECKSUM_LEN: usize = 8;
/// The largest cache file read (it must stay below 4 GiB: offsets are kept as `u32`).
const MAX_FILE_LEN: u64 = 1 << 30;
/// The strings a file's commits name may total this many times the file's size, plus
/// [`EXPANSION_SLACK`]; real files stay far below it.
const EXPANSION_FACTOR: u64 = 256;
const EXPANSION_SLACK: u64 = 16 << 20;
/// Bytes of an object id.
const OID_LEN: usize = 20;
/// An object id's bytes: the key of the entries (comparing them is cheaper than comparing
/// [`Oid`]s, which calls into libgit2).
type Key = [u8; OID_LEN];
/// The fewest bytes a commit record takes: id, the one-byte counts and indices, two times, flags.
const MIN_COMMIT_LEN: usize = OID_LEN + 1 + 2 + 1 + 2 + 1 + 1 + 1 + 1;
/// The fewest bytes a trailer takes: kind, name and email indices.
const MIN_TRAILER_LEN: usize = 3;

const FLAG_MISSING_OBJECTS: u8 = 1;
const FLAG_MERGED_HANDLE: u8 = 2;

/// The on-disk cache of commit facts, under the repository's git directory.
pub struct Cache {
    /// Where the cache is saved; `None` for a disabled cache.
    path: Option<PathBuf>,
    /// The loaded file, validated.
    file: Loaded,
    entries: HashMap<Key, Slot>,
    /// Whether something was inserted since loading.
    dirty: bool,
}

/// A commit in the cache.
enum Slot {
    /// A record of the loaded file (`start..end`), decoded on first use.
    Loaded {
        start: u32,
        end: u32,
        /// Read while indexing, so the walk can order commits without decoding them.
        commit_time: i64,
        facts: OnceLock<Box<CommitFacts>>,
    },
    /// Facts inserted since loading.
    Inserted(Box<CommitFacts>),
}

impl fmt::Debug for Cache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cache")
            .field("path", &self.path)
            .field("len", &self.entries.len())
            .field("dirty", &self.dirty)
            .finish()
    }
}

impl Cache {
    /// The cache file of a repository: `<git_dir>/ownlint/history-v3.cache`, where `git_dir` is
    /// the (common) git directory.
    pub fn path_in(git_dir: &Path) -> PathBuf {
        git_dir.join("ownlint").join(FILE_NAME)
    }

    /// Whether a cache file that may hold commits is saved at `path` (without reading it).
    pub fn exists_at(path: &Path) -> bool {
        fs::metadata(path)
            .is_ok_and(|m| m.is_file() && m.len() > (HEADER_LEN + CHECKSUM_LEN) as u64)
    }

    /// Loads the cache saved at `path`. A missing file gives an empty cache; so does a file that
    /// cannot be used (unreadable, too large, truncated, corrupt, foreign, another version), with
    /// a short reason why it was ignored. Never fails and never panics.
    pub fn load(path: PathBuf) -> (Cache, Option<String>) {
        let (mut cache, reason) = match read_capped(&path) {
            Ok(None) => (Cache::disabled(), None),
            Ok(Some(bytes)) => Cache::from_bytes(bytes),
            Err(reason) => (Cache::disabled(), Some(reason)),
        };
        cache.path = Some(path);
        (cache, reason)
    }

    /// A cache read from the bytes of a cache file, as [`Cache::load`] reads them: empty, with
    /// the reason, when they cannot be used. It is not saved anywhere.
    pub(crate) fn from_bytes(bytes: Vec<u8>) -> (Cache, Option<String>) {
        let mut cache = Cache::disabled();
        match decode(bytes) {
            Ok((file, entries)) => {
                cache.file = file;
                cache.entries = entries;
                (cache, None)
            }
            Err(Corrupt(reason)) => (cache, Some(reason.to_owned())),
        }
    }

    /// The ids of every commit in the cache, in no particular order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = Oid> + '_ {
        self.entries
            .keys()
            .filter_map(|key| Oid::from_bytes(key).ok())
    }

    /// An empty cache that is never written (for `--no-cache`). It still keeps what is inserted
    /// for the rest of the run.
    pub fn disabled() -> Cache {
        Cache {
            path: None,
            file: Loaded::default(),
            entries: HashMap::default(),
            dirty: false,
        }
    }

    /// Where the cache is saved, unless it is disabled.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The facts of a commit, decoded from the loaded file on first use.
    pub fn get(&self, id: &Oid) -> Option<&CommitFacts> {
        match self.entries.get(&key(id)?)? {
            Slot::Inserted(facts) => Some(facts),
            Slot::Loaded {
                start, end, facts, ..
            } => {
                if let Some(facts) = facts.get() {
                    return Some(facts);
                }
                // Cannot fail: loading validated the record.
                let decoded = self.file.decode(*start, *end).ok()?;
                Some(facts.get_or_init(|| Box::new(decoded)))
            }
        }
    }

    /// A commit's time, without decoding its record.
    pub fn commit_time(&self, id: &Oid) -> Option<i64> {
        match self.entries.get(&key(id)?)? {
            Slot::Inserted(facts) => Some(facts.commit_time),
            Slot::Loaded { commit_time, .. } => Some(*commit_time),
        }
    }

    /// The facts of a commit as an owned value, decoded from the file without being kept (the
    /// walk needs each commit once; keeping a decoded copy would only cost memory and time).
    pub fn fetch(&self, id: &Oid) -> Option<CommitFacts> {
        match self.entries.get(&key(id)?)? {
            Slot::Inserted(facts) => Some((**facts).clone()),
            Slot::Loaded {
                start, end, facts, ..
            } => match facts.get() {
                Some(facts) => Some((**facts).clone()),
                None => self.file.decode(*start, *end).ok(),
            },
        }
    }

    /// Adds or replaces the facts of a commit; the cache then needs saving unless the same facts
    /// were already there. (Ids that are not 20 bytes long are not cached.)
    pub fn insert(&mut self, facts: CommitFacts) {
        if self.get(&facts.id) == Some(&facts) {
            return;
        }
        let Some(key) = key(&facts.id) else {
            return;
        };
        self.entries.insert(key, Slot::Inserted(Box::new(facts)));
        self.dirty = true;
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the cache holds something its file does not (and has a file to be saved to).
    pub fn needs_saving(&self) -> bool {
        self.path.is_some() && self.dirty
    }

    /// Writes the cache if anything was inserted since loading (never for a disabled cache):
    /// atomically, through a temporary file in the same directory renamed over the cache file,
    /// creating the directory if needed. On failure no temporary file is left behind (as far as
    /// the file system lets us remove it).
    pub fn save(&self) -> io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if !self.dirty {
            return Ok(());
        }
        crate::output::replace_cache(path, &self.encode())
    }

    /// The bytes of a cache file holding every entry.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut slots: Vec<(u64, &Key, &Slot)> = self
            .entries
            .iter()
            .map(|(id, slot)| (prefix(id), id, slot))
            .collect();
        // By id; comparing the first 8 bytes as a number first is much faster.
        slots.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));

        // The loaded strings keep their indices, so that loaded records are copied as they are.
        let mut strings = Interner::default();
        for index in 0..self.file.strings.len() {
            strings.push(self.file.strings.get(index).unwrap_or_default());
        }
        let mut body = Vec::with_capacity(self.file.bytes.len() + slots.len() * 16);
        let mut count = 0u64;
        for (_, _, slot) in slots {
            match slot {
                Slot::Loaded { start, end, .. } => {
                    // Always in range: the ranges were found by reading these bytes.
                    if let Some(record) = self.file.bytes.get(*start as usize..*end as usize) {
                        body.extend_from_slice(record);
                        count += 1;
                    }
                }
                Slot::Inserted(facts) => {
                    encode_commit(&mut body, &mut strings, facts);
                    count += 1;
                }
            }
        }

        let blob_len: usize = strings.strings.iter().map(|s| s.len()).sum();
        let mut out = Vec::with_capacity(
            HEADER_LEN + 20 + strings.strings.len() * 2 + blob_len + body.len() + CHECKSUM_LEN,
        );
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        put_varint(&mut out, strings.strings.len() as u64);
        for s in &strings.strings {
            put_varint(&mut out, s.len() as u64);
        }
        for s in &strings.strings {
            out.extend_from_slice(s.as_bytes());
        }
        put_varint(&mut out, count);
        out.extend_from_slice(&body);
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }
}

fn key(id: &Oid) -> Option<Key> {
    id.as_bytes().try_into().ok()
}

/// The first 8 bytes of a key, ordered as the key.
fn prefix(key: &Key) -> u64 {
    let [a, b, c, d, e, f, g, h, ..] = *key;
    u64::from_be_bytes([a, b, c, d, e, f, g, h])
}

/// Reads the file at `path` through the bounded reader: `None` if it does not exist, a reason
/// if it cannot be read, is not a regular file or is too large.
fn read_capped(path: &Path) -> Result<Option<Vec<u8>>, String> {
    use crate::bounded_read::{self, HISTORY_CACHE, Origin, ReadProblem};
    debug_assert_eq!(HISTORY_CACHE.limit, MAX_FILE_LEN);
    match bounded_read::read(path, Origin::CommandLine, HISTORY_CACHE) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ReadProblem::Missing) => Ok(None),
        Err(problem) => Err(format!("the cache file {problem}")),
    }
}

// --- Encoding ---

/// Assigns string indices in order of first use.
#[derive(Default)]
struct Interner<'a> {
    index: HashMap<&'a str, u64>,
    strings: Vec<&'a str>,
}

impl<'a> Interner<'a> {
    fn intern(&mut self, s: &'a str) -> u64 {
        let next = self.strings.len() as u64;
        *self.index.entry(s).or_insert_with(|| {
            self.strings.push(s);
            next
        })
    }

    /// Appends a string at the next index, even if it is already there.
    fn push(&mut self, s: &'a str) {
        self.index.entry(s).or_insert(self.strings.len() as u64);
        self.strings.push(s);
    }
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn put_time(out: &mut Vec<u8>, time: i64) {
    put_varint(out, ((time << 1) ^ (time >> 63)) as u64);
}

fn put_ident<'a>(out: &mut Vec<u8>, strings: &mut Interner<'a>, ident: &'a Ident) {
    put_varint(out, strings.intern(&ident.name));
    put_varint(out, strings.intern(&ident.email));
}

fn encode_commit<'a>(out: &mut Vec<u8>, strings: &mut Interner<'a>, facts: &'a CommitFacts) {
    out.extend_from_slice(facts.id.as_bytes());
    put_varint(out, facts.parents.len() as u64);
    for parent in &facts.parents {
        out.extend_from_slice(parent.as_bytes());
    }
    put_ident(out, strings, &facts.author);
    put_time(out, facts.author_time);
    put_ident(out, strings, &facts.committer);
    put_time(out, facts.commit_time);
    put_varint(out, facts.trailers.len() as u64);
    for (kind, ident) in &facts.trailers {
        out.push(kind.code());
        put_ident(out, strings, ident);
    }
    let mut flags = 0;
    if facts.missing_objects {
        flags |= FLAG_MISSING_OBJECTS;
    }
    if facts.merged_handle.is_some() {
        flags |= FLAG_MERGED_HANDLE;
    }
    out.push(flags);
    if let Some(handle) = &facts.merged_handle {
        put_varint(out, strings.intern(handle));
    }
    put_varint(out, facts.paths.len() as u64);
    for path in &facts.paths {
        put_varint(out, strings.intern(path));
    }
}

/// The file's checksum (see the module documentation): FNV-1a's scheme a word at a time, several
/// times faster than a byte at a time, with a shift so that high bits also reach low ones. Every
/// step is a bijection of the state, so any change confined to one word (one flipped byte, say)
/// always changes the result.
fn checksum(bytes: &[u8]) -> u64 {
    fn mix(hash: u64, word: u64) -> u64 {
        let hash = (hash ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        hash ^ (hash >> 32)
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(word);
        hash = mix(hash, u64::from_le_bytes(buf));
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    hash = mix(hash, u64::from_le_bytes(last));
    mix(hash, bytes.len() as u64)
}

/// A payload (what follows the header) made a cache file: the header before it, its checksum
/// after it. Fuzzing starts from it, so that inputs get past the checksum to the decoder.
pub(crate) fn seal(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len() + CHECKSUM_LEN);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(payload);
    let sum = checksum(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

// --- Writing ---

// --- Decoding ---

/// Why a file's bytes were not accepted.
#[derive(Debug, PartialEq, Eq)]
struct Corrupt(&'static str);

type Decoded<T> = Result<T, Corrupt>;

const TRUNCATED: Corrupt = Corrupt("the cache file is truncated or corrupt");
const BAD_INDEX: Corrupt = Corrupt("a string index in the cache file is out of range");

/// A bounds-checked cursor over a byte buffer.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take(&mut self, len: usize) -> Decoded<&'a [u8]> {
        let end = self.pos.checked_add(len).ok_or(TRUNCATED)?;
        let taken = self.bytes.get(self.pos..end).ok_or(TRUNCATED)?;
        self.pos = end;
        Ok(taken)
    }

    fn u8(&mut self) -> Decoded<u8> {
        let byte = *self.bytes.get(self.pos).ok_or(TRUNCATED)?;
        self.pos += 1;
        Ok(byte)
    }

    #[inline]
    fn varint(&mut self) -> Decoded<u64> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let mut value = 0u64;
        for (i, &byte) in rest.iter().take(10).enumerate() {
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte < 0x80 {
                if i == 9 && byte > 1 {
                    break;
                }
                self.pos += i + 1;
                return Ok(value);
            }
        }
        // The end of the buffer, ten bytes without an end, or more than 64 bits.
        Err(TRUNCATED)
    }

    /// A varint that fits a `usize`.
    #[inline]
    fn usize(&mut self) -> Decoded<usize> {
        usize::try_from(self.varint()?).map_err(|_| TRUNCATED)
    }

    /// The number of following items that take at least `min_len` bytes each: never more than
    /// the bytes left allow, so that it is safe to allocate for.
    fn count(&mut self, min_len: usize) -> Decoded<usize> {
        let count = self.usize()?;
        if count > self.remaining() / min_len {
            return Err(TRUNCATED);
        }
        Ok(count)
    }

    fn time(&mut self) -> Decoded<i64> {
        let raw = self.varint()?;
        Ok((raw >> 1) as i64 ^ -((raw & 1) as i64))
    }

    fn oid(&mut self) -> Decoded<Oid> {
        let bytes = self.take(OID_LEN)?;
        Oid::from_bytes(bytes).map_err(|_| Corrupt("an object id in the cache file is invalid"))
    }
}

/// The string table of a loaded file.
#[derive(Default)]
struct Strings {
    /// All strings, concatenated.
    blob: String,
    /// Where each string starts in `blob`, and where the last one ends.
    bounds: Vec<u32>,
}

impl Strings {
    fn len(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    fn range(&self, index: usize) -> Option<(usize, usize)> {
        let start = *self.bounds.get(index)?;
        let end = *self.bounds.get(index.checked_add(1)?)?;
        Some((start as usize, end as usize))
    }

    fn get(&self, index: usize) -> Option<&str> {
        let (start, end) = self.range(index)?;
        self.blob.get(start..end)
    }

    /// The length of the string an index names.
    fn read_len(&self, r: &mut Reader<'_>) -> Decoded<u64> {
        let (start, end) = self.range(r.usize()?).ok_or(BAD_INDEX)?;
        Ok((end - start) as u64)
    }

    fn read(&self, r: &mut Reader<'_>) -> Decoded<String> {
        self.get(r.usize()?).map(str::to_owned).ok_or(BAD_INDEX)
    }

    fn read_ident(&self, r: &mut Reader<'_>) -> Decoded<Ident> {
        let name = self.read(r)?;
        let email = self.read(r)?;
        Ok(Ident { name, email })
    }
}

/// A validated cache file.
#[derive(Default)]
struct Loaded {
    bytes: Vec<u8>,
    strings: Strings,
}

impl Loaded {
    /// The facts of the record at `start..end`.
    fn decode(&self, start: u32, end: u32) -> Decoded<CommitFacts> {
        let record = self
            .bytes
            .get(start as usize..end as usize)
            .ok_or(TRUNCATED)?;
        let mut r = Reader {
            bytes: record,
            pos: 0,
        };
        let facts = decode_commit(&mut r, &self.strings)?;
        if r.remaining() != 0 {
            return Err(TRUNCATED);
        }
        Ok(facts)
    }
}

/// Checks the header and the checksum of a file; returns the length of the checksummed part.
fn check_envelope(bytes: &[u8]) -> Decoded<usize> {
    if bytes.is_empty() {
        return Err(Corrupt("the cache file is empty"));
    }
    if bytes.len() < MAGIC.len() && MAGIC.starts_with(bytes) {
        return Err(TRUNCATED);
    }
    if !bytes.starts_with(MAGIC) {
        return Err(Corrupt("not an ownlint history cache"));
    }
    let version = bytes.get(MAGIC.len()..HEADER_LEN).ok_or(TRUNCATED)?;
    if version != VERSION.to_le_bytes() {
        return Err(Corrupt("the cache file has another format version"));
    }
    let checked_len = bytes
        .len()
        .checked_sub(CHECKSUM_LEN)
        .filter(|&len| len >= HEADER_LEN)
        .ok_or(TRUNCATED)?;
    let (checked, stored) = bytes.split_at(checked_len);
    let stored = u64::from_le_bytes(stored.try_into().map_err(|_| TRUNCATED)?);
    if checksum(checked) != stored {
        return Err(Corrupt("the cache file's checksum does not match"));
    }
    Ok(checked_len)
}

/// Validates a whole file and indexes its records by commit id.
fn decode(bytes: Vec<u8>) -> Decoded<(Loaded, HashMap<Key, Slot>)> {
    let checked_len = check_envelope(&bytes)?;
    let mut r = Reader {
        bytes: bytes.get(..checked_len).ok_or(TRUNCATED)?,
        pos: HEADER_LEN,
    };

    let string_count = r.count(1)?;
    let mut bounds = Vec::with_capacity(string_count + 1);
    let mut total = 0u32;
    bounds.push(total);
    for _ in 0..string_count {
        let len = u32::try_from(r.varint()?).map_err(|_| TRUNCATED)?;
        total = total.checked_add(len).ok_or(TRUNCATED)?;
        bounds.push(total);
    }
    let blob = std::str::from_utf8(r.take(total as usize)?)
        .map_err(|_| Corrupt("a string in the cache file is not UTF-8"))?;
    if !bounds.iter().all(|&at| blob.is_char_boundary(at as usize)) {
        return Err(Corrupt("a string in the cache file is not UTF-8"));
    }
    let strings = Strings {
        blob: blob.to_owned(),
        bounds,
    };

    let commit_count = r.count(MIN_COMMIT_LEN)?;
    let mut entries = HashMap::with_capacity_and_hasher(commit_count, Default::default());
    let mut expansion = 0u64;
    for _ in 0..commit_count {
        let start = u32::try_from(r.pos).map_err(|_| TRUNCATED)?;
        let (id, strings_len, commit_time) = scan_commit(&mut r, &strings)?;
        let end = u32::try_from(r.pos).map_err(|_| TRUNCATED)?;
        expansion = expansion.saturating_add(strings_len);
        let facts = OnceLock::new();
        entries.insert(
            id,
            Slot::Loaded {
                start,
                end,
                commit_time,
                facts,
            },
        );
    }
    if r.remaining() != 0 {
        return Err(Corrupt("the cache file has trailing data"));
    }
    let limit = (bytes.len() as u64)
        .saturating_mul(EXPANSION_FACTOR)
        .saturating_add(EXPANSION_SLACK);
    if expansion > limit {
        return Err(Corrupt("the cache file expands to too much data"));
    }
    Ok((Loaded { bytes, strings }, entries))
}

/// Validates a commit record without building it; returns its id and the total length of the
/// strings it names.
fn scan_commit(r: &mut Reader<'_>, strings: &Strings) -> Decoded<(Key, u64, i64)> {
    let id = r.take(OID_LEN)?.try_into().map_err(|_| TRUNCATED)?;
    let parent_count = r.count(OID_LEN)?;
    r.take(parent_count * OID_LEN)?;
    let mut len = strings.read_len(r)? + strings.read_len(r)?;
    r.varint()?;
    len += strings.read_len(r)? + strings.read_len(r)?;
    let commit_time = r.time()?;
    let trailer_count = r.count(MIN_TRAILER_LEN)?;
    for _ in 0..trailer_count {
        trailer_kind(r)?;
        len += strings.read_len(r)? + strings.read_len(r)?;
    }
    if flags(r)? & FLAG_MERGED_HANDLE != 0 {
        len += strings.read_len(r)?;
    }
    let path_count = r.count(1)?;
    for _ in 0..path_count {
        len = len.saturating_add(strings.read_len(r)?);
    }
    Ok((id, len, commit_time))
}

fn trailer_kind(r: &mut Reader<'_>) -> Decoded<TrailerKind> {
    TrailerKind::from_code(r.u8()?).ok_or(Corrupt("a trailer kind in the cache file is unknown"))
}

fn flags(r: &mut Reader<'_>) -> Decoded<u8> {
    let flags = r.u8()?;
    if flags & !(FLAG_MISSING_OBJECTS | FLAG_MERGED_HANDLE) != 0 {
        return Err(Corrupt("a commit in the cache file has unknown flags"));
    }
    Ok(flags)
}

/// Builds the facts of a commit record (already validated by [`scan_commit`]).
fn decode_commit(r: &mut Reader<'_>, strings: &Strings) -> Decoded<CommitFacts> {
    let id = r.oid()?;
    let parent_count = r.count(OID_LEN)?;
    let mut parents = Vec::with_capacity(parent_count);
    for _ in 0..parent_count {
        parents.push(r.oid()?);
    }
    let author = strings.read_ident(r)?;
    let author_time = r.time()?;
    let committer = strings.read_ident(r)?;
    let commit_time = r.time()?;
    let trailer_count = r.count(MIN_TRAILER_LEN)?;
    let mut trailers = Vec::with_capacity(trailer_count);
    for _ in 0..trailer_count {
        let kind = trailer_kind(r)?;
        trailers.push((kind, strings.read_ident(r)?));
    }
    let flags = flags(r)?;
    let merged_handle = if flags & FLAG_MERGED_HANDLE != 0 {
        Some(strings.read(r)?)
    } else {
        None
    };
    let path_count = r.count(1)?;
    let mut paths = Vec::with_capacity(path_count);
    for _ in 0..path_count {
        paths.push(strings.read(r)?);
    }
    Ok(CommitFacts {
        id,
        parents,
        author,
        author_time,
        committer,
        commit_time,
        trailers,
        merged_handle,
        paths,
        missing_objects: flags & FLAG_MISSING_OBJECTS != 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(seed: u64) -> Oid {
        let mut bytes = [0u8; 20];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        bytes[12..].copy_from_slice(&seed.wrapping_mul(0x9e37_79b9_7f4a_7c15).to_be_bytes());
        Oid::from_bytes(&bytes).unwrap()
    }

    fn ident(name: &str, email: &str) -> Ident {
        Ident {
            name: name.to_owned(),
            email: email.to_owned(),
        }
    }

    fn simple(seed: u64) -> CommitFacts {
        CommitFacts {
            id: oid(seed),
            parents: vec![oid(seed + 1_000_000)],
            author: ident("Alice", "alice@example.com"),
            author_time: 1_700_000_000 + seed as i64,
            committer: ident("Bob", "bob@example.com"),
            commit_time: 1_700_000_100 + seed as i64,
            trailers: Vec::new(),
            merged_handle: None,
            paths: vec![format!("src/file{seed}.rs"), "README.md".to_owned()],
            missing_objects: false,
        }
    }

    /// Facts exercising every field and edge of the format.
    fn varied() -> Vec<CommitFacts> {
        let root = CommitFacts {
            id: oid(1),
            parents: Vec::new(),
            author: ident("Zoë Ångström 山田", "zoe@例え.jp"),
            author_time: i64::MIN,
            committer: ident("", ""),
            commit_time: i64::MAX,
            trailers: TrailerKind::ALL
                .iter()
                .enumerate()
                .map(|(i, &kind)| {
                    (
                        kind,
                        ident(&format!("Person {i} 🦀"), &format!("p{i}@x.org")),
                    )
                })
                .collect(),
            merged_handle: None,
            paths: (0..40)
                .map(|i| format!("dir{}/файл-{i}.txt", i % 7))
                .collect(),
            missing_objects: true,
        };
        let merge = CommitFacts {
            id: oid(2),
            parents: vec![oid(1), oid(3), oid(4)],
            author: ident("Alice", "alice@example.com"),
            author_time: -1,
            committer: ident("GitHub", "noreply@github.com"),
            commit_time: 0,
            trailers: Vec::new(),
            merged_handle: Some("alice".to_owned()),
            paths: Vec::new(),
            missing_objects: false,
        };
        let empty_handle = CommitFacts {
            id: oid(3),
            merged_handle: Some(String::new()),
            paths: vec![String::new(), "a".to_owned(), "a".to_owned()],
            trailers: vec![
                (
                    TrailerKind::SignedOffBy,
                    ident("Alice", "alice@example.com"),
                ),
                (
                    TrailerKind::SignedOffBy,
                    ident("Alice", "alice@example.com"),
                ),
            ],
            ..simple(3)
        };
        vec![root, merge, empty_handle, simple(4), simple(5)]
    }

    fn saved_file(dir: &Path, facts: Vec<CommitFacts>) -> (PathBuf, Vec<u8>) {
        let path = Cache::path_in(dir);
        let (mut cache, reason) = Cache::load(path.clone());
        assert_eq!(reason, None);
        for facts in facts {
            cache.insert(facts);
        }
        cache.save().unwrap();
        let bytes = fs::read(&path).unwrap();
        (path, bytes)
    }

    fn assert_ignored(path: &Path) -> String {
        let (cache, reason) = Cache::load(path.to_owned());
        assert!(cache.is_empty(), "{path:?} gave {} entries", cache.len());
        reason.expect("an ignored file gives a reason")
    }

    #[test]
    fn path_is_under_the_git_dir() {
        assert_eq!(
            Cache::path_in(Path::new("/repo/.git")),
            Path::new("/repo/.git/ownlint/history-v3.cache")
        );
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let facts = varied();
        let (path, _) = saved_file(dir.path(), facts.clone());
        let (cache, reason) = Cache::load(path);
        assert_eq!(reason, None);
        assert_eq!(cache.len(), facts.len());
        for facts in &facts {
            assert_eq!(cache.get(&facts.id), Some(facts));
        }
        assert_eq!(cache.get(&oid(99)), None);
    }

    fn cache_of(facts: Vec<CommitFacts>) -> Cache {
        let mut cache = Cache::disabled();
        for facts in facts {
            cache.insert(facts);
        }
        cache
    }

    #[test]
    fn encoding_is_deterministic() {
        let a = cache_of(varied());
        let b = cache_of(varied().into_iter().rev().collect());
        assert_eq!(a.encode(), b.encode());
    }

    #[test]
    fn save_adds_to_a_loaded_cache() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = saved_file(dir.path(), varied());
        let (mut cache, _) = Cache::load(path.clone());
        // Some loaded records decoded, others not: both are saved.
        assert_eq!(cache.get(&oid(2)), Some(&varied()[1]));
        let replaced = CommitFacts {
            paths: vec!["new/path".to_owned()],
            ..simple(5)
        };
        cache.insert(replaced.clone());
        cache.insert(simple(6));
        cache.save().unwrap();

        let (cache, reason) = Cache::load(path);
        assert_eq!(reason, None);
        let mut expected = varied();
        expected[4] = replaced;
        expected.push(simple(6));
        assert_eq!(cache.len(), expected.len());
        for facts in &expected {
            assert_eq!(cache.get(&facts.id), Some(facts));
        }
    }

    #[test]
    fn save_without_changes_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = Cache::path_in(dir.path());
        let (cache, reason) = Cache::load(path.clone());
        assert!(cache.is_empty());
        assert_eq!(reason, None);
        cache.save().unwrap();
        assert!(!path.exists());
        assert!(!dir.path().join("ownlint").exists());

        // Re-inserting what is already there changes nothing either.
        let (path, before) = saved_file(dir.path(), vec![simple(1)]);
        let (mut cache, _) = Cache::load(path.clone());
        cache.insert(simple(1));
        fs::remove_file(&path).unwrap();
        cache.save().unwrap();
        assert!(!path.exists());
        assert!(!before.is_empty());
    }

    #[test]
    fn disabled_cache_is_never_written() {
        let mut cache = Cache::disabled();
        assert!(cache.is_empty());
        assert_eq!(cache.path(), None);
        cache.insert(simple(1));
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.get(&oid(1)), Some(&simple(1)));
        cache.save().unwrap();
    }

    #[test]
    fn save_creates_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/c/history.cache");
        let (mut cache, _) = Cache::load(path.clone());
        cache.insert(simple(1));
        cache.save().unwrap();
        assert_eq!(Cache::load(path).0.len(), 1);
    }

    #[test]
    fn a_planted_directory_or_a_failed_save_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // A directory planted at the cache path is left alone (see `output::replace_cache`):
        // nothing is written, beside it or into it. (A rename that fails after the temporary
        // file was written is `output::replace`'s, tested there and in tests/it/output_file.)
        let path = Cache::path_in(dir.path());
        fs::create_dir_all(path.join("occupied")).unwrap();
        let (mut cache, _) = Cache::load(path.clone());
        cache.insert(simple(1));
        cache.save().unwrap();
        assert_eq!(fs::read_dir(&path).unwrap().count(), 1);
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, [FILE_NAME]);

        // The directory cannot be created: a file is in the way.
        fs::write(dir.path().join("file"), "x").unwrap();
        let (mut cache, _) = Cache::load(dir.path().join("file/ownlint/cache"));
        cache.insert(simple(1));
        assert!(cache.save().is_err());
    }

    #[test]
    fn missing_file_is_empty_without_reason() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, reason) = Cache::load(Cache::path_in(dir.path()));
        assert!(cache.is_empty());
        assert_eq!(reason, None);
    }

    #[test]
    fn truncated_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let (path, bytes) = saved_file(dir.path(), vec![simple(1), simple(2)]);
        for len in 0..bytes.len() {
            fs::write(&path, &bytes[..len]).unwrap();
            assert_ignored(&path);
        }
        // And bytes appended to a good file.
        let mut longer = bytes.clone();
        longer.push(0);
        fs::write(&path, &longer).unwrap();
        assert_ignored(&path);

        // Every prefix of a larger file, in memory (`load` only adds the reading).
        let bytes = cache_of(varied()).encode();
        for len in 0..bytes.len() {
            assert!(
                decode(bytes[..len].to_vec()).is_err(),
                "prefix of {len} bytes"
            );
        }
    }

    #[test]
    fn flipped_bytes_are_detected() {
        let dir = tempfile::tempdir().unwrap();
        let (path, bytes) = saved_file(dir.path(), vec![simple(1), simple(2)]);
        for pos in (0..bytes.len()).step_by(5).chain([bytes.len() - 1]) {
            let mut changed = bytes.clone();
            changed[pos] ^= 0x20;
            fs::write(&path, &changed).unwrap();
            assert_ignored(&path);
        }

        // Every byte of a larger file, in memory.
        let bytes = cache_of(varied()).encode();
        for pos in 0..bytes.len() {
            for mask in [0x01, 0x80, 0xff] {
                let mut changed = bytes.clone();
                changed[pos] ^= mask;
                assert!(decode(changed).is_err(), "byte {pos} ^ {mask:#x}");
            }
        }
    }

    #[test]
    fn foreign_empty_and_other_version_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = Cache::path_in(dir.path());
        fs::create_dir_all(path.parent().unwrap()).unwrap();

        fs::write(&path, "").unwrap();
        assert_ignored(&path);

        fs::write(
            &path,
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n",
        )
        .unwrap();
        assert_eq!(assert_ignored(&path), "not an ownlint history cache");

        let garbage: Vec<u8> = (0..10_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        fs::write(&path, &garbage).unwrap();
        assert_ignored(&path);

        // A well-formed file of another version, checksum included: version 1 (whose merges
        // have no paths), version 2 (whose merges have the paths of `git log -c`) and a future
        // one.
        for version in [1, 2, VERSION + 1] {
            let mut other = cache_of(vec![simple(1)]).encode();
            other[MAGIC.len()..HEADER_LEN].copy_from_slice(&version.to_le_bytes());
            let body_len = other.len() - CHECKSUM_LEN;
            let sum = checksum(&other[..body_len]);
            other[body_len..].copy_from_slice(&sum.to_le_bytes());
            fs::write(&path, &other).unwrap();
            assert!(
                assert_ignored(&path).contains("version"),
                "version {version}"
            );
        }
    }

    #[test]
    fn directory_at_the_cache_path_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = Cache::path_in(dir.path());
        fs::create_dir_all(&path).unwrap();
        assert_ignored(&path);
    }

    /// Re-seals `payload` (everything after the header) with a valid header and checksum.
    fn sealed(payload: &[u8]) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&VERSION.to_le_bytes());
        bytes.extend_from_slice(payload);
        let sum = checksum(&bytes);
        bytes.extend_from_slice(&sum.to_le_bytes());
        bytes
    }

    /// Decodes a file's bytes and builds every commit, as `get` would.
    fn decode_all(bytes: Vec<u8>) -> Decoded<Vec<CommitFacts>> {
        let (file, entries) = decode(bytes)?;
        let facts = entries
            .values()
            .map(|slot| match slot {
                Slot::Loaded { start, end, .. } => file.decode(*start, *end),
                Slot::Inserted(facts) => Ok((**facts).clone()),
            })
            .collect::<Decoded<Vec<_>>>();
        // Whatever loading accepts, building must accept too.
        assert!(facts.is_ok(), "{facts:?}");
        facts
    }

    #[test]
    fn hostile_payloads_with_valid_checksums_do_not_panic_or_exhaust_memory() {
        let mut huge_count = Vec::new();
        put_varint(&mut huge_count, u64::MAX);
        assert!(decode_all(sealed(&huge_count)).is_err());

        let mut overlong = vec![0xff; 11];
        overlong.push(0);
        assert!(decode_all(sealed(&overlong)).is_err());

        // One string of 4 KiB and a commit naming it as its path 100,000 times: 400 MB from a
        // 100 kB file.
        let mut bomb = Vec::new();
        put_varint(&mut bomb, 1);
        put_varint(&mut bomb, 4096);
        bomb.extend(std::iter::repeat_n(b'x', 4096));
        put_varint(&mut bomb, 1);
        bomb.extend_from_slice(oid(1).as_bytes());
        // No parents, author, time, committer, time, no trailers, no flags.
        bomb.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0]);
        put_varint(&mut bomb, 100_000);
        bomb.extend(std::iter::repeat_n(0, 100_000));
        assert_eq!(
            decode_all(sealed(&bomb)),
            Err(Corrupt("the cache file expands to too much data"))
        );

        // Every byte of a real payload replaced by a few values, re-sealed: whatever the
        // decoder makes of it, it must not panic.
        let good = cache_of(varied()).encode();
        let payload = &good[HEADER_LEN..good.len() - CHECKSUM_LEN];
        for pos in 0..payload.len() {
            for value in [0x00, 0x01, 0x7f, 0xff] {
                let mut changed = payload.to_vec();
                changed[pos] = value;
                let _ = decode_all(sealed(&changed));
            }
        }
        for len in 0..payload.len() {
            assert!(decode_all(sealed(&payload[..len])).is_err());
        }
    }

    #[test]
    fn concurrent_writers_never_corrupt_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = Cache::path_in(dir.path());
        std::thread::scope(|scope| {
            for thread in 0..8u64 {
                let path = &path;
                scope.spawn(move || {
                    for round in 0..20u64 {
                        let (mut cache, reason) = Cache::load(path.clone());
                        assert_eq!(reason, None);
                        for i in 0..50 {
                            cache.insert(simple(thread * 1_000_000 + round * 1_000 + i));
                        }
                        let saved = cache.save();
                        // Windows may refuse to replace a file another thread is reading.
                        if cfg!(unix) {
                            saved.unwrap();
                        }
                    }
                });
            }
        });
        let (cache, reason) = Cache::load(path.clone());
        assert_eq!(reason, None);
        // The last writer wins (it saved what it loaded plus its own 50); which entries the
        // losers' saves held depends on scheduling, so only the last 50 are certain.
        assert!(cache.len() >= 50);
        for key in cache.entries.keys() {
            assert!(cache.get(&Oid::from_bytes(key).unwrap()).is_some());
        }
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, [FILE_NAME]);
    }
}
