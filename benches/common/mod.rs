//! What the benchmarks `benches/check.rs` and `benches/history.rs` share: reading their
//! configuration from the environment, finding the `ownlint` binary, running git hermetically,
//! the deterministic PRNG their repository generators draw from, the Kubernetes-shaped
//! vocabulary both generators use as it is, path helpers, and the timing statistics.
//!
//! Each benchmark includes it with `mod common;`. What only one of them needs, or what differs
//! between them (the seed, the number of runs, the vocabularies that are not the same, the
//! generator itself, the report), stays in the benchmark.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

// The items below marked `#[allow(dead_code)]` serve benches/history.rs and
// benches/pattern_shapes.rs; benches/check.rs includes this module without using them.

// ---------------------------------------------------------------------------------------------
// Configuration and processes
// ---------------------------------------------------------------------------------------------

/// A positive number from the environment, or `default`.
pub fn env_number(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(text) if !text.trim().is_empty() => text
            .trim()
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name}={text:?}: expected a number")),
        _ => default,
    }
}

/// The `ownlint` binary to time: `OWNLINT_BENCH_BIN`, else the one Cargo built for this bench,
/// else `target/release/ownlint`.
pub fn ownlint_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("OWNLINT_BENCH_BIN") {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "OWNLINT_BENCH_BIN={}: no such file",
            path.display()
        );
        return path;
    }
    // Cargo sets CARGO_BIN_EXE_<name> when it compiles integration tests and benchmarks.
    if let Some(path) = option_env!("CARGO_BIN_EXE_ownlint") {
        let path = PathBuf::from(path);
        if path.is_file() {
            return path;
        }
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let path = target.join("release").join("ownlint");
    assert!(
        path.is_file(),
        "no ownlint binary at {}: run `cargo build --release` first (or set OWNLINT_BENCH_BIN)",
        path.display()
    );
    path
}

/// Sets the environment that makes git (and libgit2 inside ownlint) ignore the machine's
/// configuration.
pub fn hermetic<'c>(command: &'c mut Command, home: &Path) -> &'c mut Command {
    for name in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_CEILING_DIRECTORIES",
        "GIT_CONFIG",
        "GIT_CONFIG_PARAMETERS",
        "GIT_CONFIG_COUNT",
        "XDG_CONFIG_HOME",
    ] {
        command.env_remove(name);
    }
    command
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", home)
}

/// `git -c init.defaultBranch=main` run in `dir`, hermetically.
pub fn git(dir: &Path, home: &Path) -> Command {
    let mut command = Command::new("git");
    hermetic(&mut command, home).current_dir(dir).args([
        "-c",
        "init.defaultBranch=main",
        "-c",
        "core.autocrlf=false",
    ]);
    command
}

/// A benchmark's temporary directory (deleted on drop) with its `home` (git's `HOME`), `repo`
/// and `scratch` (the ownlint runs' working directory and output files) paths.
#[allow(dead_code)]
pub struct Workspace {
    pub temp: tempfile::TempDir,
    pub home: PathBuf,
    pub repo: PathBuf,
    pub scratch: PathBuf,
}

#[allow(dead_code)]
impl Workspace {
    /// A new temporary directory named `prefix…`, with `home/` and `scratch/` created and the
    /// repository at `repo_name` (not created).
    pub fn new(prefix: &str, repo_name: &str) -> Workspace {
        let temp = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .expect("cannot create a temporary directory");
        let home = temp.path().join("home");
        let repo = temp.path().join(repo_name);
        let scratch = temp.path().join("scratch");
        for dir in [&home, &scratch] {
            std::fs::create_dir_all(dir).expect("cannot create a temporary directory");
        }
        Workspace {
            temp,
            home,
            repo,
            scratch,
        }
    }
}

/// The time of the next commit after `now`, when `left` commits are still to come before
/// [`HISTORY_END`]: the gaps spread them evenly, with jitter, so the last lands near the end.
#[allow(dead_code)]
pub fn next_commit_time(now: i64, left: usize, rng: &mut Rng) -> i64 {
    let gap = (HISTORY_END - now) as f64 / left.max(1) as f64;
    let step = gap * (0.2 + 1.6 * rng.unit());
    now + step.max(1.0) as i64
}

/// Runs `git fast-import --quiet --done` in `repo` on the stream `write` writes (buffered; this
/// adds the final `done`), and returns what `write` returned. Panics with fast-import's stderr
/// when it fails.
#[allow(dead_code)]
pub fn fast_import<T>(repo: &Path, home: &Path, write: impl FnOnce(&mut dyn Write) -> T) -> T {
    use std::io::{Read, Seek};
    // A file, not a pipe: nothing read from it while the stream is written can fill up.
    let mut stderr = tempfile::tempfile().expect("cannot create a temporary file");
    let mut child = git(repo, home)
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(stderr.try_clone().expect("cannot share a file"))
        .spawn()
        .expect("cannot run git fast-import");
    let stdin = child.stdin.take().expect("fast-import's stdin");
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdin);
    let result = write(&mut out);
    let written = writeln!(out, "done").and_then(|()| out.flush());
    drop(out);
    let status = child.wait().expect("git fast-import");
    if !status.success() || written.is_err() {
        let mut text = String::new();
        let _ = stderr.rewind();
        let _ = stderr.read_to_string(&mut text);
        panic!("git fast-import failed ({status}): {text}");
    }
    result
}

/// Writes one commit on `refs/heads/main` holding `files` (path, content) through
/// [`fast_import`], authored and committed by `signature` (`Name <email> SECONDS ZONE`).
#[allow(dead_code)]
pub fn import_one_commit<'f>(
    repo: &Path,
    home: &Path,
    signature: &str,
    message: &str,
    files: impl IntoIterator<Item = (&'f String, &'f String)>,
) {
    fast_import(repo, home, |out| {
        write!(
            out,
            "commit refs/heads/main\nauthor {signature}\ncommitter {signature}\ndata {}\n{message}",
            message.len()
        )?;
        for (path, content) in files {
            write!(out, "M 100644 inline {path}\ndata {}\n", content.len())?;
            out.write_all(content.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Ok::<(), std::io::Error>(())
    })
    .expect("cannot write the fast-import stream");
}

/// Runs a setup command to completion, panicking with its stderr when it fails.
pub fn run_checked(command: &mut Command, what: &str) {
    let output = command
        .stdout(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

// ---------------------------------------------------------------------------------------------
// A small deterministic PRNG (xorshift64*)
// ---------------------------------------------------------------------------------------------

/// The generators' source of randomness: the same seed gives the same repository everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A word of a whitespace-separated list.
    pub fn word(&mut self, list: &'static str) -> &'static str {
        let count = list.split_whitespace().count();
        list.split_whitespace()
            .nth(self.below(count))
            .expect("a word")
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn with probability proportional to its weight (some weight must be > 0).
    // Only benches/history.rs and benches/pattern_shapes.rs draw weighted indices.
    #[allow(dead_code)]
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut target = self.unit() * total;
        for (i, &w) in weights.iter().enumerate() {
            if target < w {
                return i;
            }
            target -= w;
        }
        weights
            .iter()
            .rposition(|&w| w > 0.0)
            .expect("a positive weight")
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary both generators use as it is (the lists they do not share stay in each bench)
// ---------------------------------------------------------------------------------------------

/// Deepest directory the generators create (in path components); files sit one below.
pub const MAX_DIR_DEPTH: usize = 6;

/// Names of Go package directories.
pub const GO_DIRS: &str = "admission apis apiserver apps auth authenticator authorizer batch cache certificates \
    client cloud cluster cm config controller core cri discovery dns endpoint events \
    eviction features flowcontrol framework garbagecollector generic healthz images \
    informers install internal kubelet leaderelection lifecycle listers metrics \
    namespace network node nodeipam plugins pod policy printers probe proxy quota rbac \
    registry replicaset resource rest routes runtime scheduler security server \
    serviceaccount stats status storage strategy token util validation volume watch \
    webhook winstats";
/// Names of documentation directories, and stems of documentation files.
pub const DOC_DIRS: &str = "admin api-reference concepts contributors design devel images proposals reference \
    tasks tutorials user-guide";
pub const DOC_FILES: &str = "architecture getting-started glossary howto install networking overview \
    release-notes roadmap scheduling security troubleshooting upgrade";
/// Names of script directories, and stems of script files.
pub const SCRIPT_DIRS: &str = "addons build-image debian e2e gce images lib local pause release rpms tools update \
    verify";
pub const SCRIPT_FILES: &str = "build cleanup common configure install lint release setup start test update util \
    verify";
/// Names of test-fixture directories.
pub const FIXTURE_DIRS: &str =
    "crds deployments examples fixtures golden manifests pods services testdata";
/// The repositories under `staging/src/k8s.io/`.
pub const STAGING_REPOS: &str = "api apiextensions-apiserver apimachinery apiserver cli-runtime client-go \
    cloud-provider code-generator component-base cri-api kube-aggregator kubectl kubelet \
    metrics";
/// Syllables of generated person handles (valid GitHub logins that do not look like aliases).
pub const SYLLABLES: &str = "ka ri mo ne ta lu si ve do ra pe zu an el or in ba ko mi ju";

/// The words of a whitespace-separated list.
pub fn words(list: &'static str) -> Vec<&'static str> {
    list.split_whitespace().collect()
}

// ---------------------------------------------------------------------------------------------
// Paths and file contents
// ---------------------------------------------------------------------------------------------

/// `dir/name`, or `name` when `dir` is the root (`""`).
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// The directory of a path (`""` for the root), `None` above the root.
pub fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        None
    } else {
        Some(path.rsplit_once('/').map_or("", |(dir, _)| dir))
    }
}

/// The Go package a generated `.go` file declares: its directory's last component with `-`
/// and `.` made `_`, `main` at the root.
pub fn go_package(path: &str) -> String {
    parent(path)
        .and_then(|d| d.rsplit('/').next())
        .filter(|d| !d.is_empty())
        .unwrap_or("main")
        .replace(['-', '.'], "_")
}

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

/// A duration in milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// (min, median, max) of some values (at least one).
pub fn stats(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    (sorted[0], median, sorted[n - 1])
}

// ---------------------------------------------------------------------------------------------
// The generated histories' five years and the window checked
// ---------------------------------------------------------------------------------------------

/// The histories of benches/history.rs and benches/pattern_shapes.rs run from
/// 2021-01-01T00:00:00Z ...
#[allow(dead_code)]
pub const HISTORY_START: i64 = 1_609_459_200;
/// ... to 2026-01-01T00:00:00Z.
#[allow(dead_code)]
pub const HISTORY_END: i64 = 1_767_225_600;
/// `--since` given to ownlint, and the same in seconds for git.
#[allow(dead_code)]
pub const SINCE: &str = "365d";
#[allow(dead_code)]
pub const WINDOW_SECONDS: i64 = 365 * DAY;
#[allow(dead_code)]
pub const DAY: i64 = 86_400;

// ---------------------------------------------------------------------------------------------
// Processes with their resource usage, commit sizes, verdicts
// ---------------------------------------------------------------------------------------------

/// The stdout of a git command that must succeed.
#[allow(dead_code)]
pub fn git_output(dir: &Path, home: &Path, args: &[&str]) -> String {
    let output = git(dir, home)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run git {args:?}: {e}"));
    assert!(
        output.status.success(),
        "git {args:?} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What identifies a version of the cache file: replacing it (write, rename) changes it.
#[allow(dead_code)]
pub fn file_identity(path: &Path) -> Option<(u64, u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.ino(), m.len(), m.mtime(), m.mtime_nsec()))
}

/// One run of a command: wall clock, CPU time and peak resident memory (when known).
#[allow(dead_code)]
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub wall: Duration,
    pub cpu: Option<Duration>,
    pub max_rss_kb: Option<u64>,
}

/// Runs `command` once, named `name` in messages, and measures it: its sample, its stdout
/// when `capture` (else stdout goes to /dev/null) and its stderr. stdout and stderr go to files
/// in `scratch`, so that no pipe can fill up while the benchmark waits. Panics when the
/// command does not exit 0.
#[allow(dead_code)]
pub fn run_measured(
    command: &mut Command,
    name: &str,
    capture: bool,
    scratch: &Path,
) -> (Sample, Vec<u8>, String) {
    use std::fs::File;
    let out_path = scratch.join("stdout");
    let err_path = scratch.join("stderr");
    command
        .stdin(Stdio::null())
        .stdout(if capture {
            Stdio::from(File::create(&out_path).expect("cannot create the stdout file"))
        } else {
            Stdio::null()
        })
        .stderr(File::create(&err_path).expect("cannot create the stderr file"));
    let started = std::time::Instant::now();
    let child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run `{name}`: {e}"));
    let (success, cpu, max_rss_kb) = wait_with_usage(child);
    let wall = started.elapsed();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    assert!(
        success,
        "`{name}` failed (expected exit 0; ownlint runs with --fail-on never, so this is its exit 2, an error): {stderr}"
    );
    let stdout = if capture {
        std::fs::read(&out_path).expect("cannot read the stdout file")
    } else {
        Vec::new()
    };
    let sample = Sample {
        wall,
        cpu,
        max_rss_kb,
    };
    (sample, stdout, stderr)
}

/// Waits for `child` with `wait4(2)`, which also returns the child's own resource usage: its
/// peak resident set (`ru_maxrss`, in KiB on Linux) and CPU time. Unlike
/// `getrusage(RUSAGE_CHILDREN)`, this is per child, not the maximum over every child reaped.
/// Returns whether it exited 0, its CPU time and its peak memory.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
#[allow(dead_code)]
pub fn wait_with_usage(child: std::process::Child) -> (bool, Option<Duration>, Option<u64>) {
    use std::os::raw::{c_int, c_long};

    #[repr(C)]
    struct TimeVal {
        sec: c_long,
        usec: c_long,
    }
    /// `struct rusage` of 64-bit Linux: two `timeval`s, then 14 `long`s, `ru_maxrss` first.
    #[repr(C)]
    struct RUsage {
        utime: TimeVal,
        stime: TimeVal,
        maxrss: c_long,
        rest: [c_long; 13],
    }
    unsafe extern "C" {
        fn wait4(pid: c_int, status: *mut c_int, options: c_int, usage: *mut RUsage) -> c_int;
    }

    let pid = child.id() as c_int;
    // The child is reaped here, not by `Child::wait` (dropping a `Child` does not wait).
    drop(child);
    let mut status: c_int = 0;
    let mut usage = RUsage {
        utime: TimeVal { sec: 0, usec: 0 },
        stime: TimeVal { sec: 0, usec: 0 },
        maxrss: 0,
        rest: [0; 13],
    };
    loop {
        // SAFETY: `status` and `usage` are valid for writes and have the C layout wait4 expects.
        let reaped = unsafe { wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        assert!(
            error.kind() == std::io::ErrorKind::Interrupted,
            "wait4 failed: {error}"
        );
    }
    // WIFEXITED(status) && WEXITSTATUS(status) == 0
    let success = status & 0x7f == 0 && (status >> 8) & 0xff == 0;
    let micros = |t: &TimeVal| t.sec as u64 * 1_000_000 + t.usec as u64;
    let cpu = Duration::from_micros(micros(&usage.utime) + micros(&usage.stime));
    (success, Some(cpu), Some(usage.maxrss as u64))
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
#[allow(dead_code)]
pub fn wait_with_usage(mut child: std::process::Child) -> (bool, Option<Duration>, Option<u64>) {
    let status = child.wait().expect("cannot wait for the child");
    (status.success(), None, None)
}

/// How many files a commit touches: mostly one to three, up to ten.
#[allow(dead_code)]
pub fn files_per_commit(rng: &mut Rng) -> usize {
    const WEIGHTS: [f64; 10] = [34.0, 20.0, 13.0, 9.0, 7.0, 5.0, 4.0, 3.0, 3.0, 2.0];
    rng.weighted(&WEIGHTS) + 1
}

#[allow(dead_code)]
pub fn verdict(ok: bool) -> &'static str {
    if ok { "OK" } else { "MISSED" }
}
