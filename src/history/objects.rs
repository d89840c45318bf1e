//! Raw git objects read straight from the object database: commit headers and tree entries
//! parsed from their bytes. This avoids libgit2's object caches and its tree diff, whose cost
//! grows with the whole tree rather than with the change (see the history issue's figures).

use std::path::{Path, PathBuf};

use git2::{Odb, Oid, Repository};

use super::facts::Ident;

/// The objects directory of `repo`, spelt so that a handle opened on it
/// ([`handle_of_its_own`]) finds the packs the repository's own handle opened: libgit2 keeps
/// one open pack per pack path for the whole process, whatever handle opened it.
pub fn objects_dir(repo: &Repository) -> PathBuf {
    repo.commondir().join("objects")
}

/// A handle of its own on the object database at `objects` ([`objects_dir`]), for a thread
/// that reads objects beside another one: with its own lock, and the same packs.
///
/// libgit2 holds a handle's lock through the whole of every read (finding the object,
/// inflating it, applying its deltas), so two threads reading through one handle take turns.
/// Judging merges on a second thread through the walk's handle, a cold `check` of
/// kubernetes/kops spent most of its context switches waiting there; through a handle of its
/// own, 0.36 -> 0.31 s, at the same peak memory (the packs, their mapped pages and caches are
/// the process's, not the handle's). Fails where the path is not UTF-8.
pub fn handle_of_its_own(objects: &Path) -> Result<Odb<'static>, git2::Error> {
    let dir = objects
        .to_str()
        .ok_or_else(|| git2::Error::from_str("the objects directory's path is not UTF-8"))?;
    let odb = Odb::new()?;
    odb.add_disk_alternate(dir)?;
    Ok(odb)
}

/// A handle on `repo`'s object database that shares no pack state with any other handle, for a
/// thread that reads objects beside another one, most of them different objects.
///
/// Besides a handle's lock ([`handle_of_its_own`]), every read takes its pack's locks (its
/// windows, its index, its delta-base cache) several times. The identity index reads every
/// commit on one thread while the window's walk reads commits and trees on another: through
/// shared packs the two threads spent most of their time waiting on each other (27,000 context
/// switches in one cold run of benches/pattern_shapes.rs's `maintainers` shape, which took as
/// long as the two passes one after the other). Opening the objects directory again under
/// another spelling of its path (`objects/.`) gives this handle packs of its own: the same cold
/// run 1.83 s -> 1.26 s (a handle of its own on the shared packs, [`handle_of_its_own`], is
/// not enough here: 1.3-1.6x slower than this on kops and on the maintainers and Chromium
/// shapes). It costs the second mapping of the pages both threads read. Falls
/// back to the repository's own handle where the path cannot be spelt so (not UTF-8).
pub fn unshared_odb(repo: &Repository) -> Result<Odb<'_>, git2::Error> {
    let dir = unshared_dir(repo);
    if dir.to_str().is_none() {
        return repo.odb();
    }
    handle_of_its_own(&dir)
}

/// Objects each read once, through packs of its own ([`unshared_odb`]) that are closed and
/// opened again every `reopen_every` reads, so that the pages read do not stay mapped.
///
/// A cold identity index reads every commit of the history, once each, beside the window's
/// walk. Through one handle held to the end, every page of the pack it had read stayed mapped
/// (on benches/pattern_shapes.rs's 100,000-commit shapes, 18 MiB more resident at the walk's
/// end, where the run's peak is). With the last handle on them gone, libgit2 frees the packs
/// and unmaps them; the pack index's pages are mapped again as they are read (minor faults on
/// pages still in the page cache). Cold checks of the maintainers shape, medians of 5 runs,
/// twice: peak 177-189 -> 157-159 MiB; codeowners 197 -> 179, Chromium 181 -> 164; cold time
/// the same (0.885x and 0.878x of git's equivalent work, 15 interleaved rounds).
pub struct ReleasingReader<'r> {
    repo: &'r Repository,
    odb: Option<Odb<'r>>,
    reads: usize,
    reopen_every: usize,
}

/// The reads after which a [`ReleasingReader`] opens its packs again: about 1.5 MiB of a
/// pack's commits.
pub const REOPEN_EVERY: usize = 8192;

impl<'r> ReleasingReader<'r> {
    pub fn new(repo: &'r Repository, reopen_every: usize) -> Result<Self, git2::Error> {
        Ok(ReleasingReader {
            repo,
            odb: Some(unshared_odb(repo)?),
            reads: 0,
            reopen_every: reopen_every.max(1),
        })
    }

    /// The bytes of object `id`; `None` where it is missing or cannot be read.
    pub fn read(&mut self, id: Oid) -> Option<Vec<u8>> {
        if self.reads >= self.reopen_every {
            // The old handle goes first: opened while it is still open, the new one would
            // find its packs in libgit2's cache and keep them.
            self.odb = None;
            self.odb = unshared_odb(self.repo).or_else(|_| self.repo.odb()).ok();
            self.reads = 0;
        }
        self.reads += 1;
        Some(self.odb.as_ref()?.read(id).ok()?.data().to_vec())
    }
}

/// The objects directory as [`unshared_odb`] spells it: a handle of its own opened on it
/// ([`handle_of_its_own`]) reads through the unshared handle's packs.
pub fn unshared_dir(repo: &Repository) -> PathBuf {
    objects_dir(repo).join(".")
}

/// The parts of a commit object the history needs.
#[derive(Debug, Clone)]
pub struct RawCommit {
    pub tree: Oid,
    pub parents: Vec<Oid>,
    pub author: Ident,
    pub author_time: i64,
    pub committer: Ident,
    pub commit_time: i64,
    pub message: String,
}

/// Parses a commit object's bytes. Names, emails and the message are read lossily: real
/// repositories have authors that are not valid UTF-8.
pub fn parse_commit(data: &[u8]) -> Option<RawCommit> {
    let (header, message) = split_commit(data);
    let mut tree = None;
    let mut parents = Vec::new();
    let mut author = None;
    let mut committer = None;
    for line in header.split(|&b| b == b'\n') {
        if let Some(hex) = line.strip_prefix(b"tree ") {
            tree = oid_from_hex(hex);
        } else if let Some(hex) = line.strip_prefix(b"parent ") {
            parents.push(oid_from_hex(hex)?);
        } else if let Some(rest) = line.strip_prefix(b"author ") {
            author = parse_signature(rest);
        } else if let Some(rest) = line.strip_prefix(b"committer ") {
            committer = parse_signature(rest);
        }
    }
    let (author, author_time) = author?;
    let (committer, commit_time) = committer.unwrap_or_else(|| (author.clone(), author_time));
    Some(RawCommit {
        tree: tree?,
        parents,
        author,
        author_time,
        committer,
        commit_time,
        message: String::from_utf8_lossy(message).into_owned(),
    })
}

/// A commit's first parent, read from its header alone (what [`parse_commit`] gives first in
/// `parents`).
pub fn first_parent(data: &[u8]) -> Option<Oid> {
    header_lines(data)
        .find_map(|line| line.strip_prefix(b"parent "))
        .and_then(oid_from_hex)
}

/// The lines of a commit object's header (`tree`, `parent`, `author`, ...), for a reader that
/// needs one of them without parsing the commit.
pub fn header_lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    split_commit(data).0.split(|&b| b == b'\n')
}

/// A commit object's header and message, apart at the first blank line.
fn split_commit(data: &[u8]) -> (&[u8], &[u8]) {
    let header_end = memchr::memmem::find(data, b"\n\n").unwrap_or(data.len());
    (
        &data[..header_end],
        data.get(header_end + 2..).unwrap_or_default(),
    )
}

/// `Name <email> 1700000000 +0100` → the identity and the time in seconds. Malformed lines
/// that git itself still shows (no `<email>`, as some old imports have) are read leniently: a
/// commit is never dropped for its signature.
fn parse_signature(text: &[u8]) -> Option<(Ident, i64)> {
    let bracket = text
        .iter()
        .position(|&b| b == b'<')
        .and_then(|open| Some((open, open + text[open..].iter().position(|&b| b == b'>')?)));
    let (name, email, rest): (&[u8], &[u8], &[u8]) = match bracket {
        Some((open, close)) => (&text[..open], &text[open + 1..close], &text[close + 1..]),
        None => {
            // `Name 1700000000 +0000`: the time is the second-to-last word.
            let words: Vec<&[u8]> = text
                .split(|&b| b == b' ')
                .filter(|w| !w.is_empty())
                .collect();
            let time_at = words.len().saturating_sub(2);
            let name_end = words[..time_at]
                .iter()
                .map(|w| w.len() + 1)
                .sum::<usize>()
                .min(text.len());
            (&text[..name_end], b"", &text[name_end..])
        }
    };
    let name = String::from_utf8_lossy(name).trim().to_string();
    let email = String::from_utf8_lossy(email).trim().to_string();
    let rest = std::str::from_utf8(rest).unwrap_or("");
    let time = rest
        .split_whitespace()
        .next()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    Some((Ident { name, email }, time))
}

fn oid_from_hex(hex: &[u8]) -> Option<Oid> {
    std::str::from_utf8(hex.get(..40)?)
        .ok()
        .and_then(|h| Oid::from_str(h).ok())
}

/// A tree entry: mode, name and object id, borrowed from the tree's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeEntry<'a> {
    pub mode: u32,
    pub name: &'a [u8],
    pub id: &'a [u8],
}

impl TreeEntry<'_> {
    pub fn is_tree(&self) -> bool {
        self.mode == 0o40000
    }

    pub fn oid(&self) -> Oid {
        Oid::from_bytes(self.id).expect("20 bytes")
    }

    /// Compares entries in git's tree order: a directory sorts as if its name ended in `/`.
    pub fn git_cmp(&self, other: &TreeEntry) -> std::cmp::Ordering {
        let common = self.name.len().min(other.name.len());
        match self.name[..common].cmp(&other.name[..common]) {
            std::cmp::Ordering::Equal => {
                let a = self
                    .name
                    .get(common)
                    .copied()
                    .or(self.is_tree().then_some(b'/'));
                let b = other
                    .name
                    .get(common)
                    .copied()
                    .or(other.is_tree().then_some(b'/'));
                a.cmp(&b)
            }
            other => other,
        }
    }
}

/// Streams a tree object's `mode SP name NUL id` records without allocating. A malformed record
/// ends the stream (and sets `malformed`).
#[derive(Debug, Default, Clone)]
pub struct TreeIter<'a> {
    rest: &'a [u8],
    pub malformed: bool,
}

impl<'a> TreeIter<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        TreeIter {
            rest: data,
            malformed: false,
        }
    }

    fn fail(&mut self) -> Option<TreeEntry<'a>> {
        self.rest = &[];
        self.malformed = true;
        None
    }

    /// The length of the record the rest starts with, if it is well formed (what `next` would
    /// return an entry for).
    fn record_len(&self) -> Option<usize> {
        Record::parse(self.rest).map(|record| record.len)
    }

    /// Passes over the records that `iters` all start with, byte for byte the same: entries
    /// of the same mode, name and id, which a comparison of the trees passes over anyway. A
    /// record is found by its NUL and compared whole, without parsing its name or id, so a
    /// long run of unchanged entries costs about one `memchr` and one `memcmp` each.
    pub fn skip_same(iters: &mut [TreeIter<'a>]) {
        let Some((first, others)) = iters.split_first_mut() else {
            return;
        };
        while let Some(len) = first.record_len() {
            let record = &first.rest[..len];
            if !others.iter().all(|other| other.rest.starts_with(record)) {
                return;
            }
            first.rest = &first.rest[len..];
            for other in others.iter_mut() {
                other.rest = &other.rest[len..];
            }
        }
    }
}

/// Where the parts of a tree record lie: `mode SP name NUL id`, the id 20 bytes.
struct Record {
    mode: u32,
    /// Where the name starts, past the space.
    name: usize,
    /// Where the name's NUL is.
    nul: usize,
    /// The whole record's length.
    len: usize,
}

impl Record {
    /// The record `data` starts with; `None` when it is malformed.
    fn parse(data: &[u8]) -> Option<Record> {
        // The mode, in octal digits (at most 7 of them), parsed by hand: this runs for every
        // entry of every tree the walk reads.
        let mut mode = 0u32;
        let mut at = 0;
        while at < data.len() && data[at] != b' ' {
            let digit = data[at].wrapping_sub(b'0');
            if digit > 7 || at >= 7 {
                return None;
            }
            mode = mode * 8 + u32::from(digit);
            at += 1;
        }
        if at == 0 || at >= data.len() {
            return None;
        }
        let name = at + 1;
        let nul = name + memchr::memchr(0, &data[name..])?;
        let len = nul + 21;
        (len <= data.len()).then_some(Record {
            mode,
            name,
            nul,
            len,
        })
    }
}

impl<'a> Iterator for TreeIter<'a> {
    type Item = TreeEntry<'a>;

    fn next(&mut self) -> Option<TreeEntry<'a>> {
        let data = self.rest;
        if data.is_empty() {
            return None;
        }
        let Some(record) = Record::parse(data) else {
            return self.fail();
        };
        self.rest = &data[record.len..];
        Some(TreeEntry {
            mode: record.mode,
            name: &data[record.name..record.nul],
            id: &data[record.nul + 1..record.len],
        })
    }
}

/// Parses a tree object's records. `None` when the bytes are malformed.
pub fn tree_entries(data: &[u8]) -> Option<Vec<TreeEntry<'_>>> {
    let mut iter = TreeIter::new(data);
    // An entry takes about 40 bytes (mode, a short name, the id).
    let mut entries = Vec::with_capacity(data.len() / 32 + 1);
    entries.extend(&mut iter);
    (!iter.malformed).then_some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository with a line of `count` commits of the empty tree, those up to the
    /// `packed`-th (counted from 0) repacked and the rest loose; and their ids, oldest first.
    fn line_of_commits(count: usize, packed: usize) -> (tempfile::TempDir, Repository, Vec<Oid>) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let who = git2::Signature::new("Ann", "ann@example.org", &git2::Time::new(1, 0)).unwrap();
        let tree = repo.treebuilder(None).unwrap().write().unwrap();
        let mut ids: Vec<Oid> = Vec::new();
        for i in 0..count {
            let tree = repo.find_tree(tree).unwrap();
            let parent = ids.last().map(|&id| repo.find_commit(id).unwrap());
            let parents: Vec<&git2::Commit> = parent.iter().collect();
            let message = format!("commit {i}");
            ids.push(
                repo.commit(Some("HEAD"), &who, &who, &message, &tree, &parents)
                    .unwrap(),
            );
            if i == packed {
                let status = std::process::Command::new("git")
                    .args(["repack", "-adq"])
                    .current_dir(dir.path())
                    .status()
                    .unwrap();
                assert!(status.success(), "git repack");
            }
        }
        (dir, repo, ids)
    }

    #[test]
    fn handles_of_their_own_read_packed_and_loose_objects_alike() {
        let (_dir, repo, ids) = line_of_commits(2, 0);
        let (first, second) = (ids[0], ids[1]);
        let tree = repo.find_commit(first).unwrap().tree_id();
        let shared = repo.odb().unwrap();
        let own = handle_of_its_own(&objects_dir(&repo)).unwrap();
        let unshared = unshared_odb(&repo).unwrap();
        for other in [&own, &unshared] {
            for id in [first, second, tree] {
                let a = shared.read(id).unwrap();
                let b = other.read(id).unwrap();
                assert_eq!((a.kind(), a.data()), (b.kind(), b.data()), "{id}");
            }
            assert!(other.exists(first) && !other.exists(Oid::ZERO_SHA1));
        }
    }

    /// Reads go on across reopening, each answer the repository's own, missing ones `None`.
    #[test]
    fn a_releasing_reader_reads_the_same_across_reopening() {
        let (_dir, repo, ids) = line_of_commits(7, 3);
        let shared = repo.odb().unwrap();
        let mut reader = ReleasingReader::new(&repo, 2).unwrap();
        for round in 0..2 {
            for &id in &ids {
                let own = shared.read(id).unwrap();
                assert_eq!(
                    reader.read(id).as_deref(),
                    Some(own.data()),
                    "{id}, round {round}"
                );
            }
            assert_eq!(reader.read(Oid::ZERO_SHA1), None);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_handle_of_its_own_needs_a_utf8_path() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/\xff/objects"));
        assert!(handle_of_its_own(path).is_err());
    }

    #[test]
    fn parses_commit_headers_lossily() {
        let data = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\
parent 0000000000000000000000000000000000000001\n\
author Al\xffce <a@example.com> 1700000000 +0100\n\
committer Bob <b@example.com> 1700000100 +0000\n\nsubject\n\nbody\n";
        let commit = parse_commit(data).unwrap();
        assert_eq!(commit.parents.len(), 1);
        assert_eq!(commit.author.name, "Al\u{fffd}ce");
        assert_eq!(commit.author_time, 1_700_000_000);
        assert_eq!(commit.commit_time, 1_700_000_100);
        assert_eq!(commit.message, "subject\n\nbody\n");
    }

    #[test]
    fn a_signature_without_email_is_read_not_dropped() {
        let data = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor Foo Bar 1700100000 +0000\ncommitter Foo Bar 1700100001 +0000\n\nx\n";
        let commit = parse_commit(data).unwrap();
        assert_eq!(commit.author.name, "Foo Bar");
        assert_eq!(commit.author.email, "");
        assert_eq!(commit.author_time, 1_700_100_000);
        assert_eq!(commit.commit_time, 1_700_100_001);
    }

    /// Records the same in every tree are passed over, up to the first that differs anywhere;
    /// a malformed record is never passed over, so iterating stops there as it did.
    #[test]
    fn same_records_are_skipped_up_to_the_first_difference() {
        let record = |mode: &str, name: &str, id: u8| {
            let mut bytes = format!("{mode} {name}\0").into_bytes();
            bytes.extend([id; 20]);
            bytes
        };
        let tree = |records: &[Vec<u8>]| records.concat();
        let (a, b, c) = (
            record("100644", "a", 1),
            record("40000", "b", 2),
            record("100644", "c", 3),
        );
        let ours = tree(&[a.clone(), b.clone(), c.clone()]);
        let theirs = tree(&[a.clone(), b.clone(), record("100644", "c", 4)]);
        let mut iters = [TreeIter::new(&ours), TreeIter::new(&theirs)];
        TreeIter::skip_same(&mut iters);
        let next: Vec<_> = iters.iter_mut().map(|i| i.next().unwrap().id[0]).collect();
        assert_eq!(next, [3, 4]);

        // A third tree that differs earlier stops the skip there for all.
        let third = tree(&[a.clone(), record("40000", "b", 9), c.clone()]);
        let mut iters = [
            TreeIter::new(&ours),
            TreeIter::new(&theirs),
            TreeIter::new(&third),
        ];
        TreeIter::skip_same(&mut iters);
        let next: Vec<_> = iters.iter_mut().map(|i| i.next().unwrap().name).collect();
        assert_eq!(next, [b"b", b"b", b"b"]);

        // Identical trees are passed over whole; a shorter one ends the skip at its end.
        let mut iters = [TreeIter::new(&ours), TreeIter::new(&ours)];
        TreeIter::skip_same(&mut iters);
        assert!(iters.iter_mut().all(|i| i.next().is_none()));
        let short = tree(std::slice::from_ref(&a));
        let mut iters = [TreeIter::new(&ours), TreeIter::new(&short)];
        TreeIter::skip_same(&mut iters);
        assert_eq!(iters[0].next().unwrap().name, b"b");
        assert!(iters[1].next().is_none());

        // A malformed record (a mode of eight digits), the same in both, is not skipped.
        let bad = tree(&[a.clone(), record("10064400", "x", 5), c.clone()]);
        let mut iters = [TreeIter::new(&bad), TreeIter::new(&bad)];
        TreeIter::skip_same(&mut iters);
        assert!(iters[0].next().is_none());
        assert!(iters[0].malformed);
    }

    #[test]
    fn git_order_puts_directories_after_same_prefix_files() {
        let id = [0u8; 20];
        let file = TreeEntry {
            mode: 0o100644,
            name: b"a.c",
            id: &id,
        };
        let dir = TreeEntry {
            mode: 0o40000,
            name: b"a",
            id: &id,
        };
        // "a/" > "a.c" because '/' (0x2f) > '.' (0x2e).
        assert_eq!(dir.git_cmp(&file), std::cmp::Ordering::Greater);
        assert!(tree_entries(b"100644 x\0short").is_none());
    }
}
