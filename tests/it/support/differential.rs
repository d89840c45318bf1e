//! Differential mode: the whole suite as a comparison of two `ownlint` binaries.
//!
//! When the environment variable `OWNLINT_COMPARE_BIN` names another `ownlint` binary (a
//! release build of main before a redesign, say), every run of the binary through
//! [`super::run_in`] and its siblings also runs that binary, with the same arguments, working
//! directory, environment and standard input, and the test fails unless both wrote the same
//! bytes to standard output, the same bytes to standard error and exited the same way. Nothing
//! is normalised, except that where the other binary names its own path in standard error that
//! path is read as the path of the binary under test. Unset or empty, nothing changes.
//!
//! ```sh
//! OWNLINT_COMPARE_BIN=/path/to/old/ownlint cargo test --test it
//! ```
//!
//! A run can change what the next run sees (a history cache written into `.git/ownlint/`,
//! `--write-baseline`, `handover new`, `--output` inside the repository). So that the binary
//! under test sees exactly what the test set up, the other binary runs first, and the test's
//! own temporary directory (the directory directly below the system's temporary directory that
//! holds the working directory) is then put back as it was before that run, from a copy
//! (`cp -a`: links, FIFOs, modes and times kept); only then does the binary under test run.
//! A working directory outside the temporary directory (the source tree) is not copied: the
//! runs made there only read. Effects outside the test's directory (an `--output` file in a
//! second temporary directory) are simply written twice, the second time by the binary under
//! test. The one run that cannot be repeated, a report written into a FIFO that the test reads
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
pub fn run_both(dir: &Path, ours: &Path, theirs: &Path, run: impl Fn(&Path) -> Output) -> Output {
    assert!(
        theirs.is_file(),
        "OWNLINT_COMPARE_BIN={} is not a file",
        theirs.display()
    );
    let saved = SavedState::save(dir);
    let their_output = run(theirs);
    if let Some(saved) = saved {
        saved.restore();
    }
    let our_output = run(ours);
    assert_same(dir, ours, theirs, &our_output, &their_output);
    our_output
}

/// Fails the test, showing where, unless both runs wrote the same bytes and exited the same way.
fn assert_same(dir: &Path, ours: &Path, theirs: &Path, our: &Output, their: &Output) {
    let their_stderr = replace(
        &their.stderr,
        theirs.as_os_str().as_encoded_bytes(),
        ours.as_os_str().as_encoded_bytes(),
    );
    let mut differences = Vec::new();
    if our.status.code() != their.status.code() {
        differences.push(format!(
            "exit status: {:?} here, {:?} there",
            our.status, their.status
        ));
    }
    for (stream, ours, theirs) in [
        ("stdout", &our.stdout, &their.stdout),
        ("stderr", &our.stderr, &their_stderr),
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

/// A copy of the test's temporary directory, to put it back as it was.
struct SavedState {
    /// The test's directory.
    root: PathBuf,
    /// Holds the copy, beside `root` (so that putting it back is a rename).
    holder: tempfile::TempDir,
}

impl SavedState {
    /// Copies the test's directory holding `dir`, or `None` when `dir` is not inside the
    /// system's temporary directory.
    fn save(dir: &Path) -> Option<SavedState> {
        let temp = std::env::temp_dir().canonicalize().ok()?;
        let dir = dir.canonicalize().ok()?;
        let first = dir.strip_prefix(&temp).ok()?.components().next()?;
        let root = temp.join(first);
        let holder = tempfile::Builder::new()
            .prefix(".ownlint-compare-")
            .tempdir_in(&temp)
            .expect("a directory for the copy");
        let status = Command::new("cp")
            .arg("-a")
            .arg(&root)
            .arg(holder.path().join("state"))
            .status()
            .expect("run cp");
        assert!(status.success(), "cp -a {} failed", root.display());
        Some(SavedState { root, holder })
    }

    /// Replaces the test's directory by the copy.
    fn restore(self) {
        std::fs::remove_dir_all(&self.root)
            .unwrap_or_else(|e| panic!("remove {}: {e}", self.root.display()));
        std::fs::rename(self.holder.path().join("state"), &self.root)
            .unwrap_or_else(|e| panic!("put back {}: {e}", self.root.display()));
    }
}
