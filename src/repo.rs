//! git2 access: opening the repository, choosing what to read (the work tree and index, or a
//! commit), listing tracked files and reading their contents.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};

use crate::bounded_read::{self, Kind, Origin};
use crate::error::Error;

/// Git's file mode for a symbolic link and for a submodule (gitlink).
const MODE_SYMLINK: u32 = 0o120000;
const MODE_GITLINK: u32 = 0o160000;

/// What a run reads: the index and work tree, or one commit.
#[derive(Debug, Clone)]
pub enum Revision {
    /// The tracked files of the index, with their contents from the work tree.
    WorkTree,
    /// The index alone: its file list and its staged contents (`--staged`, what a commit would
    /// contain).
    Index,
    /// A commit: its tree gives both the file list and the contents.
    Commit { id: Oid, tree: Oid, time: i64 },
}

/// A tracked file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Repository-relative, `/`-separated.
    pub path: String,
    pub mode: u32,
    pub id: Oid,
}

impl Entry {
    pub fn is_submodule(&self) -> bool {
        self.mode == MODE_GITLINK
    }
}

/// Why a tracked file's content could not be read (the bounded reader's answer).
pub use crate::bounded_read::ReadProblem;

pub struct Repo {
    git: Repository,
    /// The index file read directly, once (`None` inside: a layout left to libgit2).
    index: std::cell::OnceCell<Option<crate::index::IndexFile>>,
    /// Tracked paths that are not valid UTF-8 (read through libgit2's index), by the lossy
    /// text their entries carry.
    raw_paths: std::cell::RefCell<std::collections::HashMap<String, Vec<u8>>>,
}

/// [`Repo::read`] of a revision whose files are blobs ([`Repo::reads_blobs`]), through `odb`
/// (a handle of another thread's, say).
pub fn read_entry_in(
    odb: &git2::Odb<'_>,
    entry: &Entry,
    kind: Kind,
) -> Result<Vec<u8>, ReadProblem> {
    if entry.mode == MODE_SYMLINK {
        return Err(ReadProblem::Symlink);
    }
    read_blob_in(odb, entry.id, kind)
}

/// [`Repo::read_blob_as`] through `odb`: the blob's size is checked against `kind`'s limit
/// before it is read.
fn read_blob_in(odb: &git2::Odb<'_>, id: Oid, kind: Kind) -> Result<Vec<u8>, ReadProblem> {
    let (size, object_type) = odb
        .read_header(id)
        .map_err(|e| ReadProblem::Other(e.message().to_string()))?;
    if object_type != ObjectType::Blob {
        return Err(ReadProblem::Directory);
    }
    if size as u64 > kind.limit {
        return Err(ReadProblem::TooLarge {
            size: size as u64,
            kind,
        });
    }
    let object = odb
        .read(id)
        .map_err(|e| ReadProblem::Other(e.message().to_string()))?;
    Ok(object.data().to_vec())
}

impl Repo {
    /// Opens the repository containing `dir` (or `dir` itself, bare or not).
    pub fn open(dir: &Path) -> Result<Repo, Error> {
        // Object ids are not re-hashed on every read: ownlint reads many objects and trusts the
        // repository's own integrity, as git log does. libgit2's object cache keeps every object
        // read; ownlint reads each tree and commit at most a few times and keeps what it
        // re-reads itself, so that cache only costs memory and time (measured on
        // benches/history.rs: peak memory 123 to 70 MiB, and about 15% of a cold pass).
        git2::opts::strict_hash_verification(false);
        git2::opts::enable_caching(false);
        if !dir.exists() {
            return Err(Error::Repo(format!("{}: no such directory", dir.display())));
        }
        let git = Repository::discover(dir).map_err(|e| {
            if e.code() == git2::ErrorCode::NotFound {
                Error::Repo(format!(
                    "{}: not a git repository (or any of its parent directories)",
                    dir.display()
                ))
            } else {
                Error::git(&dir.display().to_string(), e)
            }
        })?;
        Ok(Repo {
            git,
            index: std::cell::OnceCell::new(),
            raw_paths: Default::default(),
        })
    }

    pub fn git(&self) -> &Repository {
        &self.git
    }

    /// Whether HEAD points at a commit (false in a repository with no commits yet).
    pub fn has_commits(&self) -> bool {
        match self.git.head() {
            Ok(head) => head.peel_to_commit().is_ok(),
            Err(e) => !matches!(
                e.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ),
        }
    }

    pub fn workdir(&self) -> Option<&Path> {
        self.git.workdir()
    }

    /// The revision to read: `rev` when given, else the work tree (or HEAD in a bare repository).
    pub fn revision(&self, rev: Option<&str>) -> Result<Revision, Error> {
        let spec = match rev {
            Some(spec) => spec,
            None if self.git.is_bare() => "HEAD",
            None => return Ok(Revision::WorkTree),
        };
        if !self.has_commits() {
            return Err(Error::Repo(format!(
                "cannot read revision `{spec}`: the repository has no commits yet"
            )));
        }
        let object = self
            .git
            .revparse_single(spec)
            .map_err(|_| Error::Repo(format!("unknown revision `{spec}`")))?;
        let commit = object
            .peel_to_commit()
            .map_err(|_| Error::Repo(format!("revision `{spec}` does not name a commit")))?;
        Ok(Revision::Commit {
            id: commit.id(),
            tree: commit.tree_id(),
            time: commit.time().seconds(),
        })
    }

    /// The staged index (`--staged`): needs a work tree's index.
    pub fn staged(&self) -> Result<Revision, Error> {
        if self.git.is_bare() {
            return Err(Error::Usage(
                "--staged needs a repository with a work tree and an index; this one is bare"
                    .into(),
            ));
        }
        Ok(Revision::Index)
    }

    /// The commit HEAD points at, if any.
    pub fn head_commit(&self) -> Option<Oid> {
        self.git.head().ok()?.peel_to_commit().ok().map(|c| c.id())
    }

    /// The best common ancestor of `base` (any revision) and the commit `tip`.
    pub fn merge_base(&self, base: &str, tip: Oid) -> Result<Revision, Error> {
        let Revision::Commit { id: base_id, .. } = self.revision(Some(base))? else {
            unreachable!("a named revision is a commit");
        };
        let id = self.git.merge_base(base_id, tip).map_err(|_| {
            Error::Repo(format!(
                "`{base}` and the checked revision have no common ancestor"
            ))
        })?;
        let commit = self
            .git
            .find_commit(id)
            .map_err(|e| Error::git("cannot read the merge base", e))?;
        Ok(Revision::Commit {
            id,
            tree: commit.tree_id(),
            time: commit.time().seconds(),
        })
    }

    /// Every tracked file at `rev`, sorted by path, as `git ls-files` lists them.
    pub fn entries(&self, rev: &Revision) -> Result<Vec<Entry>, Error> {
        let mut entries = Vec::new();
        match rev {
            Revision::WorkTree | Revision::Index => match self.index_file()? {
                Some(file) => entries.extend(file.entries.iter().cloned()),
                None => {
                    let index = self.index()?;
                    for entry in index.iter() {
                        // Conflicted paths appear once per stage; keep one.
                        let stage = (entry.flags >> 12) & 0x3;
                        if stage > 1 {
                            continue;
                        }
                        let path = String::from_utf8_lossy(&entry.path).into_owned();
                        if std::str::from_utf8(&entry.path).is_err() {
                            self.raw_paths
                                .borrow_mut()
                                .insert(path.clone(), entry.path.clone());
                        }
                        entries.push(Entry {
                            path,
                            mode: entry.mode,
                            id: entry.id,
                        });
                    }
                }
            },
            Revision::Commit { tree, .. } => self.list_tree_beside_index(*tree, &mut entries)?,
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        entries.dedup_by(|a, b| a.path == b.path);
        Ok(entries)
    }

    /// The file or link named `name` at the top of `tree`, found without listing the tree.
    pub fn root_file(&self, tree: Oid, name: &str) -> Result<Option<Entry>, Error> {
        let odb = self
            .git
            .odb()
            .map_err(|e| Error::git("cannot read the object database", e))?;
        let object = odb
            .read(tree)
            .map_err(|e| Error::git("cannot read the top tree", e))?;
        let entries = crate::history::objects::tree_entries(object.data())
            .ok_or_else(|| Error::Repo("the top tree is malformed".to_string()))?;
        Ok(entries
            .iter()
            .find(|e| !e.is_tree() && e.name == name.as_bytes())
            .map(|e| Entry {
                path: name.to_string(),
                mode: e.mode,
                id: e.oid(),
            }))
    }

    /// Where the index is: `GIT_INDEX_FILE` when it is set (see [`Self::index`]), else the
    /// git directory's `index`.
    fn index_path(&self) -> PathBuf {
        match std::env::var_os("GIT_INDEX_FILE").filter(|p| !p.is_empty()) {
            Some(path) => PathBuf::from(path),
            None => self.git.path().join("index"),
        }
    }

    /// The index file read directly (once), or `None` when libgit2 must read it (a split or
    /// sparse index). A missing index is an empty one.
    pub fn index_file(&self) -> Result<Option<&crate::index::IndexFile>, Error> {
        if let Some(file) = self.index.get() {
            return Ok(file.as_ref());
        }
        let path = self.index_path();
        let file = match bounded_read::read(&path, Origin::CommandLine, bounded_read::GIT_INDEX) {
            Ok(bytes) => crate::index::read(&bytes)
                .map_err(|e| Error::Repo(format!("{}: {e}", path.display())))?,
            Err(ReadProblem::Missing) => Some(crate::index::IndexFile::default()),
            Err(e) => return Err(Error::Repo(format!("{}: {e}", path.display()))),
        };
        Ok(self.index.get_or_init(|| file).as_ref())
    }

    /// The files of HEAD's tree `head` that may differ from the index: every file except those
    /// below a directory whose tree id the index's cache tree records unchanged (those are the
    /// same in both). Returns them, sorted, with the directories skipped.
    pub fn head_beside_index(
        &self,
        head: Oid,
    ) -> Result<(Vec<Entry>, std::collections::HashSet<String>), Error> {
        let none = std::collections::HashMap::new();
        let trees = match self.index_file()? {
            Some(file) => &file.trees,
            None => &none,
        };
        self.tree_beside(head, trees)
    }

    /// The files of `tree`, taken from the index below every directory whose tree id the
    /// index's cache tree records as the same (the same files, modes and blobs: those trees
    /// are not read) and read from the object database elsewhere. A checked-out revision with
    /// an up-to-date index, as in CI or a `--rev HEAD` run in a clone, reads few trees or
    /// none; listing every tree of a 53,000-file repository was a sixth of a warm check.
    fn list_tree_beside_index(&self, tree: Oid, out: &mut Vec<Entry>) -> Result<(), Error> {
        // An index this reader cannot use, or a malformed one, only loses the shortcut; so does
        // one with an entry added with `git add -N` (in no tree, and an old git could leave its
        // directory's cache tree valid), or with a path that is not UTF-8 (its lossy text may
        // sort elsewhere than its bytes, and the ranges below rely on the order).
        let index = self.index_file().ok().flatten().filter(|file| {
            !file.trees.is_empty() && !file.intent_to_add && file.raw_paths.is_empty()
        });
        let Some(index) = index else {
            let odb = self
                .git
                .odb()
                .map_err(|e| Error::git("cannot read the object database", e))?;
            return list_tree(&odb, tree, &mut String::new(), out);
        };
        let (listed, skipped) = self.tree_beside(tree, &index.trees)?;
        out.extend(listed);
        let files = &index.entries;
        // The directories in the order of their files (`a/` after `a-b/`), so that what they
        // add is one sorted run for the sort that follows, not one run per directory.
        let mut skipped: Vec<String> = skipped.into_iter().map(|d| d + "/").collect();
        skipped.sort_unstable();
        for prefix in &skipped {
            let dir = &prefix[..prefix.len() - 1];
            if dir.is_empty() {
                out.extend(files.iter().cloned());
                continue;
            }
            let start = files.partition_point(|e| e.path.as_str() < prefix.as_str());
            out.extend(
                files[start..]
                    .iter()
                    .take_while(|e| e.path.starts_with(prefix.as_str()))
                    .cloned(),
            );
        }
        Ok(())
    }

    /// The files of `tree` outside the directories whose tree id `trees` records (a cache
    /// tree's), sorted, and those directories.
    fn tree_beside(
        &self,
        tree: Oid,
        trees: &std::collections::HashMap<String, Oid>,
    ) -> Result<(Vec<Entry>, std::collections::HashSet<String>), Error> {
        let head = tree;
        let odb = self
            .git
            .odb()
            .map_err(|e| Error::git("cannot read the object database", e))?;
        let mut entries = Vec::new();
        let mut skipped = std::collections::HashSet::new();
        if trees.get("") == Some(&head) {
            skipped.insert(String::new());
            return Ok((entries, skipped));
        }
        let mut skip = |dir: &str, id: Oid| {
            let same = trees.get(dir) == Some(&id);
            if same {
                skipped.insert(dir.to_string());
            }
            same
        };
        list_tree_with(&odb, head, &mut String::new(), &mut entries, &mut skip)?;
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok((entries, skipped))
    }

    /// The index: the one `GIT_INDEX_FILE` names when it is set, as git does. git sets it for
    /// the hooks of `git commit -a` and `git commit PATH...`, which stage into a temporary
    /// index: that one holds what the commit will contain.
    fn index(&self) -> Result<git2::Index, Error> {
        match std::env::var_os("GIT_INDEX_FILE").filter(|p| !p.is_empty()) {
            Some(path) => git2::Index::open(Path::new(&path)).map_err(|e| {
                Error::git(
                    &format!(
                        "cannot read the index {} (GIT_INDEX_FILE)",
                        Path::new(&path).display()
                    ),
                    e,
                )
            }),
            None => self
                .git
                .index()
                .map_err(|e| Error::git("cannot read the index", e)),
        }
    }

    /// Reads a tracked file's content at `rev` (from the work tree for [`Revision::WorkTree`],
    /// through the [bounded reader](crate::bounded_read)), refusing symbolic links, anything
    /// but a regular file, paths that lead outside the work tree and files over the cap of
    /// `kind`.
    pub fn read(&self, rev: &Revision, entry: &Entry, kind: Kind) -> Result<Vec<u8>, ReadProblem> {
        if entry.mode == MODE_SYMLINK {
            return Err(ReadProblem::Symlink);
        }
        match (rev, self.git.workdir()) {
            (Revision::WorkTree, Some(workdir)) => bounded_read::read(
                &self.work_tree_path(workdir, &entry.path),
                Origin::Repository(workdir),
                kind,
            ),
            _ => self.read_blob_as(entry.id, kind),
        }
    }

    /// Whether [`Self::read`] reads `rev`'s files from the object database alone (not from the
    /// work tree): then [`read_entry_in`] through any handle on it reads them alike.
    pub fn reads_blobs(&self, rev: &Revision) -> bool {
        !matches!(rev, Revision::WorkTree) || self.git.workdir().is_none()
    }

    /// Where a tracked path is in the work tree `workdir`: at its real bytes when they are not
    /// valid UTF-8 (its entry carries them decoded lossily), so that such a file is read in
    /// the work tree as it is at a revision.
    pub fn work_tree_path(&self, workdir: &Path, path: &str) -> PathBuf {
        let from_index = self
            .index
            .get()
            .and_then(Option::as_ref)
            .and_then(|file| file.raw_paths.get(path).cloned());
        let raw = from_index.or_else(|| self.raw_paths.borrow().get(path).cloned());
        match raw {
            #[cfg(unix)]
            Some(raw) => {
                use std::os::unix::ffi::OsStrExt;
                workdir.join(std::ffi::OsStr::from_bytes(&raw))
            }
            _ => workdir.join(path),
        }
    }

    /// Reads a blob by id, refusing blobs over `limit` bytes before loading them.
    pub fn read_blob(&self, id: Oid, limit: u64) -> Result<Vec<u8>, ReadProblem> {
        self.read_blob_as(
            id,
            Kind {
                name: "file",
                limit,
            },
        )
    }

    /// Reads a blob by id, refusing blobs over the cap of `kind` before loading them.
    pub fn read_blob_as(&self, id: Oid, kind: Kind) -> Result<Vec<u8>, ReadProblem> {
        let odb = self
            .git
            .odb()
            .map_err(|e| ReadProblem::Other(e.message().to_string()))?;
        read_blob_in(&odb, id, kind)
    }

    /// Turns a path given on the command line into a repository-relative one: relative paths
    /// are taken from `cwd` when it is inside the work tree, else from the repository root.
    pub fn relative_path(&self, cwd: &Path, given: &str) -> Result<String, Error> {
        let root = self.workdir().map(normalize_root);
        let joined: PathBuf = match &root {
            Some(root) if Path::new(given).is_absolute() => PathBuf::from(given),
            Some(root) => {
                let cwd = normalize_root(cwd);
                if cwd.starts_with(root) {
                    cwd.join(given)
                } else {
                    root.join(given)
                }
            }
            None => PathBuf::from(given),
        };
        let base = root.clone().unwrap_or_default();
        let mut parts: Vec<String> = Vec::new();
        let relative = joined
            .strip_prefix(&base)
            .map_err(|_| Error::Usage(format!("{given}: outside the repository")))?;
        for component in relative.components() {
            match component {
                std::path::Component::Normal(part) => {
                    parts.push(part.to_string_lossy().into_owned())
                }
                std::path::Component::ParentDir => {
                    if parts.pop().is_none() {
                        return Err(Error::Usage(format!("{given}: outside the repository")));
                    }
                }
                std::path::Component::CurDir => {}
                _ => return Err(Error::Usage(format!("{given}: outside the repository"))),
            }
        }
        Ok(parts.join("/"))
    }
}

/// Appends every file below the tree `id` (paths prefixed with `prefix`), reading tree objects
/// as raw bytes: several times faster than libgit2's tree walk, which builds an object per entry.
fn list_tree(
    odb: &git2::Odb,
    id: Oid,
    prefix: &mut String,
    out: &mut Vec<Entry>,
) -> Result<(), Error> {
    list_tree_with(odb, id, prefix, out, &mut |_, _| false)
}

/// Like [`list_tree`], leaving out the subtrees `skip` accepts (given their directory, without
/// a trailing `/`, and their id).
fn list_tree_with(
    odb: &git2::Odb,
    id: Oid,
    prefix: &mut String,
    out: &mut Vec<Entry>,
    skip: &mut dyn FnMut(&str, Oid) -> bool,
) -> Result<(), Error> {
    let object = odb.read(id).map_err(|e| {
        Error::git(
            &format!("cannot read the tree of `{}`", prefix.trim_end_matches('/')),
            e,
        )
    })?;
    let entries = crate::history::objects::tree_entries(object.data())
        .ok_or_else(|| Error::Repo(format!("the tree of `{prefix}` is malformed")))?;
    for entry in entries {
        let name = String::from_utf8_lossy(entry.name);
        if entry.is_tree() {
            let len = prefix.len();
            prefix.push_str(&name);
            if !skip(prefix, entry.oid()) {
                prefix.push('/');
                list_tree_with(odb, entry.oid(), prefix, out, skip)?;
            }
            prefix.truncate(len);
        } else {
            let mut path = String::with_capacity(prefix.len() + name.len());
            path.push_str(prefix);
            path.push_str(&name);
            out.push(Entry {
                path,
                mode: entry.mode,
                id: entry.oid(),
            });
        }
    }
    Ok(())
}

fn normalize_root(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
