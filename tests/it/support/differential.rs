//! Differential mode: the whole suite as a comparison of two `ownlint` binaries.
//!
//! When the environment variable `OWNLINT_COMPARE_BIN` names another `ownlint` binary (a
//! release build of main before a redesign, say), every run of the binary through
//! [`super::run_in`] and its siblings also runs that binary, with the same arguments, working
//! directory, environment and standard input, and the test fails unless both wrote the same
//! bytes to standard output, the same bytes to standard error and exited the same way. Unset or
//! empty, nothing changes.
//!
//! Two things are normalised in standard error, and nothing else anywhere: where the other
//! binary names its own path, that path is read as the path of the binary under test; and the
//! random part of the name of a temporary file that the atomic writer creates beside its target
//! (`.NAME.` + 6 random characters + `.tmp`, which an error writing a file names) is read as
//! `XXXXXX`, because it differs between any two runs, even of one binary.
//!
//! ```sh
//! OWNLINT_COMPARE_BIN=/path/to/old/ownlint cargo test --test it
//! ```
//!
//! A run can change what the next run sees (a history cache written into `.git/ownlint/`,
//! `--write-baseline`, `--baseline` updated in place, `handover new`, `--output`). So that the
//! binary under test sees exactly what the test set up, the other binary runs first, and the
//! test's temporary directories are then put back as they were before that run, from a copy
//! (`cp -a`: links, FIFOs, modes and times kept); only then does the binary under test run.
//! The directories put back are the directory directly below the system's temporary directory
//! that holds the working directory, and the one that holds each absolute path in the
//! arguments (`--baseline /tmp/.tmpX/b.json`, `--output=/tmp/.tmpY/out`). A working directory
//! outside the temporary directory (the source tree) is not copied: the runs made there only
//! read. The one run that cannot be repeated, a report written into a FIFO that the test reads
//! once, uses [`super::run_within_once`].
//!
//! Not covered, because they do not run the binary through this harness: the README's shell
//! snippets, the sharding recipe and the Action's scripts (run by `bash` with the binary on
//! `PATH`), the terminal run under `script(1)` in `cli`, and the four concurrent runs of the
//! cache test in `history::rules`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary to compare with: `OWNLINT_COMPARE_BIN`, when it is set and not empty.
pub fn compare_binary() -> Option<PathBuf> {
    std::env::var_os("OWNLINT_COMPARE_BIN")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
}

/// Runs `theirs`, puts the test's directory back, runs `ours`, and returns what `ours` did
/// after asserting that both did the same.
pub fn run_both(
    dir: &Path,
    args: &[&str],
    ours: &Path,
    theirs: &Path,
    run: impl Fn(&Path) -> Output,
) -> Output {
    assert!(
        theirs.is_file(),
        "OWNLINT_COMPARE_BIN={} is not a file",
        theirs.display()
    );
    let saved: Vec<SavedState> = test_directories(dir, args)
        .into_iter()
        .map(SavedState::save)
        .collect();
    let their_output = run(theirs);
    for state in saved {
        state.restore();
    }
    let our_output = run(ours);
    assert_same(dir, ours, theirs, &our_output, &their_output);
    our_output
}

/// Fails the test, showing where, unless both runs wrote the same bytes and exited the same way.
fn assert_same(dir: &Path, ours: &Path, theirs: &Path, our: &Output, their: &Output) {
    let our_stderr = temporary_names(&our.stderr);
    let their_stderr = temporary_names(&replace(
        &their.stderr,
        theirs.as_os_str().as_encoded_bytes(),
        ours.as_os_str().as_encoded_bytes(),
    ));
    let mut differences = Vec::new();
    if our.status.code() != their.status.code() {
        differences.push(format!(
            "exit status: {:?} here, {:?} there",
            our.status, their.status
        ));
    }
    for (stream, ours, theirs) in [
        ("stdout", &our.stdout, &their.stdout),
        ("stderr", &our_stderr, &their_stderr),
    ] {
        if ours != theirs {
            differences.push(first_difference(stream, ours, theirs));
        }
    }
    assert!(
        differences.is_empty(),
        "OWNLINT_COMPARE_BIN={} answers differently in {}:\n{}",
        theirs.display(),
        dir.display(),
        differences.join("\n")
    );
}

/// The first line where two outputs differ, both ways, with its number.
fn first_difference(stream: &str, ours: &[u8], theirs: &[u8]) -> String {
    let ours_lines: Vec<&[u8]> = ours.split(|&b| b == b'\n').collect();
    let theirs_lines: Vec<&[u8]> = theirs.split(|&b| b == b'\n').collect();
    let line = (0..ours_lines.len().max(theirs_lines.len()))
        .find(|&i| ours_lines.get(i) != theirs_lines.get(i))
        .unwrap_or(0);
    let show = |lines: &[&[u8]]| {
        lines.get(line).map_or("(no such line)".to_string(), |l| {
            format!("{:?}", String::from_utf8_lossy(l))
        })
    };
    format!(
        "{stream} ({} bytes here, {} there), first at line {}:\n  here:  {}\n  there: {}",
        ours.len(),
        theirs.len(),
        line + 1,
        show(&ours_lines),
        show(&theirs_lines)
    )
}

/// `text` with every occurrence of `from` replaced by `to`.
fn replace(text: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() {
        return text.to_vec();
    }
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// `text` with the random part of the atomic writer's temporary file names (`/.NAME.` + 6
/// random characters + `.tmp`, made by `tempfile`) replaced by `XXXXXX`.
fn temporary_names(text: &[u8]) -> Vec<u8> {
    static NAME: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(r"(/\.[^/]*\.)[A-Za-z0-9]{6}(\.tmp)").unwrap()
    });
    NAME.replace_all(text, &b"${1}XXXXXX${2}"[..]).into_owned()
}

/// The test's directories a run in `dir` with `args` may change: each directory directly
/// below the system's temporary directory that holds `dir` or an absolute path in `args`
/// (alone or after `=`), without repeats.
fn test_directories(dir: &Path, args: &[&str]) -> Vec<PathBuf> {
    let Ok(temp) = std::env::temp_dir().canonicalize() else {
        return Vec::new();
    };
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let named = args
        .iter()
        .flat_map(|arg| [Some(*arg), arg.split_once('=').map(|(_, value)| value)])
        .flatten()
        .map(Path::new)
        .filter(|path| path.is_absolute());
    let mut roots: Vec<PathBuf> = Vec::new();
    for path in std::iter::once(dir.as_path()).chain(named) {
        let Some(first) = path
            .strip_prefix(&temp)
            .or_else(|_| path.strip_prefix(std::env::temp_dir()))
            .ok()
            .and_then(|relative| relative.components().next())
        else {
            continue;
        };
        let root = temp.join(first);
        if root.is_dir() && !roots.contains(&root) {
            roots.push(root);
        }
    }
    roots
}

/// A copy of one of the test's temporary directories, to put it back as it was.
struct SavedState {
    /// The test's directory.
    root: PathBuf,
    /// Holds the copy, beside `root` (so that putting it back is a rename).
    holder: tempfile::TempDir,
}

impl SavedState {
    /// Copies `root`, a directory directly below the system's temporary directory.
    fn save(root: PathBuf) -> SavedState {
        let holder = tempfile::Builder::new()
            .prefix(".ownlint-compare-")
            .tempdir_in(root.parent().expect("below the temporary directory"))
            .expect("a directory for the copy");
        let status = Command::new("cp")
            .arg("-a")
            .arg(&root)
            .arg(holder.path().join("state"))
            .status()
            .expect("run cp");
        assert!(status.success(), "cp -a {} failed", root.display());
        SavedState { root, holder }
    }

    /// Replaces the test's directory by the copy.
    fn restore(self) {
        std::fs::remove_dir_all(&self.root)
            .unwrap_or_else(|e| panic!("remove {}: {e}", self.root.display()));
        std::fs::rename(self.holder.path().join("state"), &self.root)
            .unwrap_or_else(|e| panic!("put back {}: {e}", self.root.display()));
    }
}
