//! The blobs the merge judge compares, read through gitoxide's object database (`gix-odb`)
//! rather than libgit2's.
//!
//! Judging a year of kubernetes/kops's merges reads 1,500 blobs (22 MB) on a thread beside the
//! walk, which reads trees through libgit2 meanwhile. Through libgit2 the two threads took
//! turns on its locks (one for the whole process around every pack window, one per pack around
//! its delta cache), and the system zlib inflated the blobs. gitoxide's store is read without a
//! lock around each read, and inflates with zlib-rs: read one by one, the same blobs took 0.52x
//! of libgit2's time. Trees are not read here: the walk reads each tree once, and for such
//! reads gitoxide was no faster than libgit2 (0.97-1.07x on kops's trees; the whole walk
//! through it 1.4x slower).
//!
//! Each thread reads through a [`Reader`] of its own on the one [`ObjectStore`]: the packs are
//! opened and mapped once, and each reader keeps the delta bases it met last.

use std::path::Path;
use std::sync::Arc;

use git2::Oid;
pub use gix_object::Kind;

/// The largest single allocation a read may make for an object's data, whatever a pack says
/// about its size: a crafted pack cannot make a read allocate more (a blob the judge reads is
/// bounded far lower, and its size is read first: [`super::merge_edits::MAX_BLOB_BYTES`]).
const LARGEST_ALLOCATION: usize = 64 << 20;

/// The delta bases each reader keeps, by bytes: a file's versions in one merge are often
/// deltas of each other. On kubernetes/kops's merges, 1 MiB was as fast as 8 MiB and peaked
/// 12 MiB lower; without a cache, 1.07x slower.
const DELTA_CACHE_BYTES: usize = 1 << 20;

/// A repository's object database, opened once and shared by the threads that read from it.
pub struct ObjectStore(Arc<gix_odb::Store>);

impl ObjectStore {
    /// Opens the object database at `objects` (a repository's `objects` directory, with its
    /// alternates).
    pub fn open(objects: &Path) -> Result<ObjectStore, git2::Error> {
        let options = gix_odb::store::init::Options {
            alloc_limit_bytes: Some(LARGEST_ALLOCATION),
            ..Default::default()
        };
        gix_odb::Store::at_opts(
            objects.to_path_buf(),
            gix_hash::Kind::Sha1,
            &mut std::iter::empty(),
            options,
        )
        .map(|store| ObjectStore(Arc::new(store)))
        .map_err(|e| {
            git2::Error::from_str(&format!(
                "cannot open the object database at {}: {e}",
                objects.display()
            ))
        })
    }

    /// A reader for one thread, with a delta cache of its own.
    pub fn reader(&self) -> Reader {
        let mut handle = self.0.to_cache_arc();
        handle.set_pack_cache(|| {
            Box::new(gix_pack::cache::lru::MemoryCappedHashmap::new(
                DELTA_CACHE_BYTES,
            ))
        });
        // An object missing from a partial clone is missing: the packs are not listed again.
        handle.refresh_never();
        Reader { handle }
    }
}

/// Reads objects for one thread ([`ObjectStore::reader`]).
pub struct Reader {
    handle: gix_odb::Cache<gix_odb::store::Handle<Arc<gix_odb::Store>>>,
}

impl Reader {
    /// An object's kind and bytes. `None` where it is missing (a partial clone), larger than
    /// any read may allocate, or cannot be read.
    pub fn read(&self, id: Oid) -> Option<(Kind, Vec<u8>)> {
        use gix_object::Find;
        let id = gix_hash::oid::try_from_bytes(id.as_bytes()).ok()?;
        let mut buffer = Vec::new();
        let (kind, start, len) = {
            let data = self.handle.try_find(id, &mut buffer).ok()??;
            (data.kind, data.data.as_ptr() as usize, data.data.len())
        };
        if len == 0 {
            return Some((kind, Vec::new()));
        }
        // The data is written into the buffer (at its start, for every object gix-odb reads).
        let offset = start.checked_sub(buffer.as_ptr() as usize)?;
        if offset.checked_add(len)? > buffer.len() {
            return None;
        }
        buffer.truncate(offset + len);
        buffer.drain(..offset);
        Some((kind, buffer))
    }

    /// An object's kind and size, without reading it whole.
    pub fn header(&self, id: Oid) -> Option<(Kind, u64)> {
        use gix_object::FindHeader;
        let id = gix_hash::oid::try_from_bytes(id.as_bytes()).ok()?;
        let header = self.handle.try_header(id).ok()??;
        Some((header.kind, header.size))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_loose_and_packed_objects_and_misses_what_is_not_there() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let loose = repo.blob(b"loose\n").unwrap();
        let store = ObjectStore::open(&repo.path().join("objects")).unwrap();
        let reader = store.reader();
        assert_eq!(reader.read(loose), Some((Kind::Blob, b"loose\n".to_vec())));
        assert_eq!(reader.header(loose), Some((Kind::Blob, 6)));
        let empty = repo.blob(b"").unwrap();
        assert_eq!(reader.read(empty), Some((Kind::Blob, Vec::new())));
        let absent = Oid::from_str("1234567890123456789012345678901234567890").unwrap();
        assert_eq!(reader.read(absent), None);
        assert_eq!(reader.header(absent), None);

        // Packed, one a delta against the other.
        let base: String = (0..200).map(|i| format!("line {i}\n")).collect();
        let edited = base.replace("line 100\n", "line one hundred\n");
        let ids = [
            repo.blob(base.as_bytes()).unwrap(),
            repo.blob(edited.as_bytes()).unwrap(),
        ];
        // Packed by git itself (with deltas as it chooses), the loose copies then removed.
        let git = |args: &[&str], input: &str| {
            let mut child = std::process::Command::new("git")
                .args(args)
                .current_dir(dir.path())
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap();
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
            assert!(child.wait().unwrap().success());
        };
        let listed = format!("{}\n{}\n", ids[0], ids[1]);
        git(&["pack-objects", "-q", ".git/objects/pack/pack"], &listed);
        git(&["prune-packed"], "");
        let loose_path = |id: Oid| {
            let hex = id.to_string();
            repo.path().join("objects").join(&hex[..2]).join(&hex[2..])
        };
        assert!(!loose_path(ids[1]).exists(), "packed");
        let store = ObjectStore::open(&repo.path().join("objects")).unwrap();
        let reader = store.reader();
        assert_eq!(reader.read(ids[0]).unwrap().1, base.as_bytes());
        assert_eq!(reader.read(ids[1]).unwrap().1, edited.as_bytes());
        assert_eq!(
            reader.header(ids[1]),
            Some((Kind::Blob, edited.len() as u64))
        );
    }

    #[test]
    fn an_alternate_that_is_not_there_is_passed_over_as_git_does() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let id = repo.blob(b"here\n").unwrap();
        let objects = repo.path().join("objects");
        std::fs::write(objects.join("info/alternates"), "/nowhere/objects\n").unwrap();
        match ObjectStore::open(&objects) {
            Ok(store) => assert_eq!(store.reader().read(id).unwrap().1, b"here\n"),
            Err(e) => panic!("{}", e.message()),
        }
    }

    #[test]
    fn a_missing_objects_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let error = ObjectStore::open(&dir.path().join("objects"))
            .err()
            .unwrap();
        assert!(error.message().contains("cannot open the object database"));
    }
}
