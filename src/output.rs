//! Writing a file whole or not at all: `--output FILE`, an exported CODEOWNERS, a baseline and
//! the history cache all go through [`replace`].
//!
//! The bytes go to a temporary file in the same directory, which is then renamed over the
//! file, so readers never see a half-written file and a failed run leaves the previous one in
//! place. A file that already exists keeps its permissions. A rename replaces what is at the
//! path, so it is only done over a regular file (or where nothing is yet): a FIFO, a device or
//! a socket (`--output /dev/stdout` on a pipe, `--output /dev/null`) is written directly, and a
//! symbolic link to a regular file keeps being a link, its target being replaced.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Writes `bytes` to `path` as [`replace_making_dirs`] does; errors name the path.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    replace_making_dirs(path, bytes)
        .map_err(|e| Error::Io(format!("{}: cannot write: {}", path.display(), reason(&e))))
}

fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => e.to_string(),
    }
}

/// Where `path` is to be written: a special file to write directly, or the regular file (or
/// free place) to rename over.
enum Target {
    Special,
    Regular(PathBuf),
}

fn target(path: &Path) -> std::io::Result<Target> {
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_dir() => Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a directory",
        )),
        Ok(metadata) if !metadata.is_file() => Ok(Target::Special),
        // A link to a regular file: replace the file, and keep the link.
        Ok(_) if std::fs::symlink_metadata(path)?.file_type().is_symlink() => {
            Ok(Target::Regular(path.canonicalize()?))
        }
        _ => Ok(Target::Regular(path.to_path_buf())),
    }
}

/// The checksum the resolution, decided-areas and ownership-changes caches end with (over
/// everything before it, and its length): a file cut short or altered is refused on reading.
pub fn cache_checksum(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    hasher.finish()
}

/// Writes a cache file under `.git` (the history, identity and resolution caches) as
/// [`replace_making_dirs`] does, but only over a regular file (or where nothing is) in a real
/// directory: a symbolic link or a special file planted at the cache's path or as its directory
/// (`.git` content can be written by whoever supplied the repository) is left alone, so that a
/// run never writes through it to somewhere outside the repository. Leaving it alone is not an
/// error: a cache is an optimisation.
pub fn replace_cache(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let planted = |p: &Path, regular: fn(&std::fs::FileType) -> bool| {
        std::fs::symlink_metadata(p).is_ok_and(|m| !regular(&m.file_type()))
    };
    if planted(path, std::fs::FileType::is_file)
        || path
            .parent()
            .is_some_and(|dir| planted(dir, std::fs::FileType::is_dir))
    {
        return Ok(());
    }
    replace_making_dirs(path, bytes)
}

/// [`replace`], making the file's directory first if it is missing (`--output
/// reports/ownlint.sarif` or `.github/CODEOWNERS` in a fresh clone, the history cache).
pub fn replace_making_dirs(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() && !parent.exists() => {
            std::fs::create_dir_all(parent)?;
        }
        _ => {}
    }
    replace(path, bytes)
}

/// Replaces the file at `path` with `bytes`: through a temporary file beside it and a rename
/// for a regular file or a new one, directly for a special file. On failure the previous file
/// is left as it was, and no temporary file behind.
pub fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = match target(path)? {
        Target::Special => {
            let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
            return file.write_all(bytes).and_then(|()| file.flush());
        }
        Target::Regular(path) => path,
    };
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    builder.prefix(&prefix).suffix(".tmp");
    let permissions = match std::fs::metadata(&path) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        builder.permissions(permissions);
    }
    // Dropped on failure, the temporary file is removed.
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(&path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Makes a rename durable where directories can be synced; failing that is harmless.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Read and write for everyone the umask allows, as a file created by a shell redirect.
/// (Elsewhere the platform's default for a new file.)
#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.sarif");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_missing_directory_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/dir/out.json");
        write_atomically(&path, b"x").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x");
    }

    /// Issue 13, item 8: a FIFO (or a device) at the path was replaced by a regular file.
    #[cfg(unix)]
    #[test]
    fn special_files_are_written_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        write_atomically(Path::new("/dev/null"), b"x").unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_atomically(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "still a FIFO");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// A link to a regular file stays a link; the file it points at is replaced.
    #[cfg(unix)]
    #[test]
    fn a_link_to_a_file_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn a_file_in_the_way_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("file"), "").unwrap();
        let path = dir.path().join("file/out.json");
        let error = write_atomically(&path, b"x").unwrap_err().to_string();
        assert!(error.starts_with(&path.display().to_string()), "{error}");
    }
}
