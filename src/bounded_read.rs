//! The one bounded reader: every file ownlint reads from disk goes through [`read`].
//!
//! Everything in a repository may be written by an attacker, and a path may lead anywhere: a
//! committed `act.jsonl -> /dev/zero`, a FIFO where an OWNERS file should be, a directory
//! symlinked out of the work tree. So a read here:
//!
//! - opens regular files only: a FIFO, a device or a socket is refused, and is opened without
//!   blocking (`O_NONBLOCK`) so that a FIFO with no writer cannot hang the run before it is
//!   refused; the check is made on the opened file, so the file cannot be swapped in between;
//! - stays inside the repository for a path the repository names ([`Origin::Repository`]):
//!   the file itself is never a symbolic link, and its directory must resolve inside the
//!   repository's root; a path the user gave on the command line ([`Origin::CommandLine`]) is
//!   followed wherever it leads, as a shell would;
//! - reads at most the cap of its [`Kind`], and refuses a larger file with a message naming the
//!   file and the cap, before reading it when its size is known, and otherwise (a file that grows
//!   while it is read) after one byte more than the cap.
//!
//! Content read from git objects never reaches the disk and is bounded by
//! [`crate::repo::Repo::read_blob`] instead.

use std::io::Read;
use std::path::{Path, PathBuf};

/// A kind of file ownlint reads, with the most it reads of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// What the file is, in messages (`activity file`).
    pub name: &'static str,
    /// The largest file of this kind that is read, in bytes.
    pub limit: u64,
}

const MIB: u64 = 1024 * 1024;

/// YAML ownership files (OWNERS, OWNERS_ALIASES, MAINTAINERS.yml): the YAML parser's own cap.
pub const YAML_OWNERSHIP: Kind = Kind {
    name: "ownership file",
    limit: crate::yaml::MAX_YAML_BYTES as u64,
};
/// Plain-text ownership files (CODEOWNERS, MAINTAINERS, Chromium OWNERS): GitHub's CODEOWNERS
/// limit is 3 MB and Linux's MAINTAINERS is under 1 MB.
pub const TEXT_OWNERSHIP: Kind = Kind {
    name: "ownership file",
    limit: 16 * MIB,
};
/// `.ownlint.yaml`, or the file `--config` names.
pub const CONFIG: Kind = Kind {
    name: "configuration file",
    limit: crate::yaml::MAX_YAML_BYTES as u64,
};
/// JSON Lines activity files named by the configuration's `activity:`.
pub const ACTIVITY: Kind = Kind {
    name: "activity file",
    limit: 256 * MIB,
};
/// The file `--baseline` names (one entry per finding).
pub const BASELINE: Kind = Kind {
    name: "baseline",
    limit: 256 * MIB,
};
/// Handover documents.
pub const HANDOVER: Kind = Kind {
    name: "handover document",
    limit: crate::handover::document::MAX_HANDOVER_BYTES,
};
/// `.gitattributes` files.
pub const ATTRIBUTES: Kind = Kind {
    name: ".gitattributes file",
    limit: MIB,
};
/// `.mailmap` files: read the work tree's with
/// `read(&root.join(".mailmap"), Origin::Repository(&root), MAILMAP)` (a revision's with
/// [`crate::repo::Repo::read_blob_as`]`(id, MAILMAP)`).
pub const MAILMAP: Kind = Kind {
    name: ".mailmap file",
    limit: 16 * MIB,
};
/// JSON sweeps given to `report --merge`.
pub const SWEEP: Kind = Kind {
    name: "report",
    limit: 1024 * MIB,
};
/// The history cache under `.git/ownlint/`.
pub const HISTORY_CACHE: Kind = Kind {
    name: "history cache",
    limit: 1024 * MIB,
};
/// The identity index's cache under `.git/ownlint/`.
pub const IDENTITY_CACHE: Kind = Kind {
    name: "identity cache",
    limit: 64 * MIB,
};
/// The CODEOWNERS coverage cache under `.git/ownlint/`: about 60 bytes a line.
pub const COVERAGE_CACHE: Kind = Kind {
    name: "coverage cache",
    limit: 256 * MIB,
};
/// git's index (`.git/index` or `GIT_INDEX_FILE`): about 100 bytes a tracked file.
pub const GIT_INDEX: Kind = Kind {
    name: "git index",
    limit: 4096 * MIB,
};

/// Where a path to read came from, which decides how far it may lead.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    /// Named by the repository (a tracked file, a path in the configuration), relative to or
    /// below this root: it must not be a symbolic link and must resolve inside the root.
    Repository(&'a Path),
    /// Named by the user on the command line (or the environment): followed where it leads.
    CommandLine,
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadProblem {
    /// A symbolic link where the repository names a file.
    Symlink,
    Directory,
    /// A FIFO, a device or a socket (the words say which).
    Special(&'static str),
    /// The path leads outside the repository (through a symbolic link to a directory).
    Outside,
    TooLarge {
        size: u64,
        kind: Kind,
    },
    Missing,
    Other(String),
}

impl std::fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadProblem::Symlink => f.write_str(
                "is a symbolic link; ownlint reads files of the repository only as regular files",
            ),
            ReadProblem::Directory => f.write_str("is a directory, not a file"),
            ReadProblem::Special(what) => {
                write!(f, "is {what}, not a regular file; ownlint does not open it")
            }
            ReadProblem::Outside => f.write_str(
                "leads outside the repository through a symbolic link; ownlint does not follow it",
            ),
            ReadProblem::TooLarge { size, kind } => write!(
                f,
                "is {}; ownlint reads no {} over {}",
                crate::plural::count(*size, "byte", "bytes"),
                kind.name,
                crate::plural::count(kind.limit, "byte", "bytes")
            ),
            ReadProblem::Missing => f.write_str("does not exist"),
            ReadProblem::Other(message) => write!(f, "cannot be read: {message}"),
        }
    }
}

/// Reads the file at `path` whole, within the rules of `origin` and the cap of `kind`.
pub fn read(path: &Path, origin: Origin<'_>, kind: Kind) -> Result<Vec<u8>, ReadProblem> {
    if let Origin::Repository(root) = origin {
        check_inside(path, root)?;
    }
    let file = open(path, matches!(origin, Origin::Repository(_)))?;
    let metadata = file.metadata().map_err(other)?;
    regular(&metadata)?;
    if metadata.len() > kind.limit {
        return Err(ReadProblem::TooLarge {
            size: metadata.len(),
            kind,
        });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(kind.limit + 1)
        .read_to_end(&mut bytes)
        .map_err(other)?;
    if bytes.len() as u64 > kind.limit {
        return Err(ReadProblem::TooLarge {
            size: bytes.len() as u64,
            kind,
        });
    }
    Ok(bytes)
}

/// Reads a file as UTF-8 text (a byte order mark is kept).
pub fn read_text(path: &Path, origin: Origin<'_>, kind: Kind) -> Result<String, ReadProblem> {
    String::from_utf8(read(path, origin, kind)?)
        .map_err(|_| ReadProblem::Other("it is not valid UTF-8".into()))
}

fn other(error: std::io::Error) -> ReadProblem {
    match error.kind() {
        std::io::ErrorKind::NotFound => ReadProblem::Missing,
        std::io::ErrorKind::PermissionDenied => ReadProblem::Other("permission denied".into()),
        _ => ReadProblem::Other(error.to_string()),
    }
}

/// Refuses anything but a regular file.
fn regular(metadata: &std::fs::Metadata) -> Result<(), ReadProblem> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err(ReadProblem::Directory);
    }
    if kind.is_symlink() {
        return Err(ReadProblem::Symlink);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Err(ReadProblem::Special("a FIFO"));
        }
        if kind.is_socket() {
            return Err(ReadProblem::Special("a socket"));
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Err(ReadProblem::Special("a device"));
        }
    }
    Err(ReadProblem::Special("not a regular file"))
}

/// Opens for reading without blocking on a FIFO, and without following a final symbolic link
/// when `no_follow`.
#[cfg(unix)]
fn open(path: &Path, no_follow: bool) -> Result<std::fs::File, ReadProblem> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
    if no_follow {
        flags |= libc::O_NOFOLLOW;
    }
    match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
    {
        Ok(file) => Ok(file),
        // O_NOFOLLOW on a symbolic link.
        Err(e) if no_follow && e.raw_os_error() == Some(libc::ELOOP) => Err(ReadProblem::Symlink),
        // A FIFO opened for writing by nobody, or a socket, may refuse the open itself.
        Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {
            Err(ReadProblem::Special("a FIFO, a device or a socket"))
        }
        Err(e) => Err(other(e)),
    }
}

/// Without `O_NONBLOCK` and `O_NOFOLLOW`, the kind of file is checked before it is opened.
#[cfg(not(unix))]
fn open(path: &Path, no_follow: bool) -> Result<std::fs::File, ReadProblem> {
    let metadata = if no_follow {
        std::fs::symlink_metadata(path)
    } else {
        std::fs::metadata(path)
    };
    regular(&metadata.map_err(other)?)?;
    std::fs::File::open(path).map_err(other)
}

/// Refuses a path whose directory resolves outside `root` (a committed symbolic link to a
/// directory elsewhere on the machine).
fn check_inside(path: &Path, root: &Path) -> Result<(), ReadProblem> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let parent = parent.canonicalize().map_err(other)?;
    // The root as given is usually canonical already (libgit2's work tree): resolve it only
    // when it does not match as it is.
    if parent.starts_with(root) || parent.starts_with(canonical_root(root)) {
        Ok(())
    } else {
        Err(ReadProblem::Outside)
    }
}

fn canonical_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Whether `path`, a file to be written below `root`, stays inside it: each directory of the
/// path that exists must resolve inside `root`, and the file itself must not be a symbolic link.
/// (Directories still to be made are made below one that resolved inside.)
pub fn write_stays_inside(path: &Path, root: &Path) -> bool {
    let root = canonical_root(root);
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return false;
    }
    let mut dir = path.parent();
    while let Some(d) = dir {
        match d.canonicalize() {
            Ok(real) => return real.starts_with(&root),
            Err(_) => dir = d.parent(),
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Kind = Kind {
        name: "test file",
        limit: 8,
    };

    #[test]
    fn reads_a_regular_file_within_its_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        std::fs::write(&path, "12345678").unwrap();
        let inside = Origin::Repository(dir.path());
        assert_eq!(read(&path, inside, SMALL).unwrap(), b"12345678");
        std::fs::write(&path, "123456789").unwrap();
        let problem = read(&path, inside, SMALL).unwrap_err();
        assert_eq!(
            problem.to_string(),
            "is 9 bytes; ownlint reads no test file over 8 bytes"
        );
        assert_eq!(
            read(&dir.path().join("b"), inside, SMALL),
            Err(ReadProblem::Missing)
        );
        assert_eq!(
            read(dir.path(), CommandLine, SMALL),
            Err(ReadProblem::Directory)
        );
    }

    use Origin::CommandLine;

    #[cfg(unix)]
    #[test]
    fn refuses_devices_fifos_and_links_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir(&root).unwrap();
        let inside = Origin::Repository(&root);
        // A link to a device: refused inside the repository, followed to the device (and
        // refused there) from the command line.
        let zero = root.join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert_eq!(read(&zero, inside, SMALL), Err(ReadProblem::Symlink));
        assert_eq!(
            read(&zero, CommandLine, SMALL),
            Err(ReadProblem::Special("a device"))
        );
        // A FIFO with no writer: refused at once, not waited on.
        let fifo = root.join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        assert_eq!(
            read(&fifo, inside, SMALL),
            Err(ReadProblem::Special("a FIFO"))
        );
        assert_eq!(
            read(&fifo, CommandLine, SMALL),
            Err(ReadProblem::Special("a FIFO"))
        );
        // A directory linked out of the repository.
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("f"), "x").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("out")).unwrap();
        let through = root.join("out/f");
        assert_eq!(read(&through, inside, SMALL), Err(ReadProblem::Outside));
        assert_eq!(read(&through, CommandLine, SMALL).unwrap(), b"x");
        assert!(!write_stays_inside(&root.join("out/new/g"), &root));
        assert!(write_stays_inside(&root.join("new/dir/g"), &root));
        assert!(!write_stays_inside(&zero, &root));
    }
}
