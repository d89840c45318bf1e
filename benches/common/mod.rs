//! What the benchmarks `benches/check.rs` and `benches/history.rs` share: reading their
//! configuration from the environment, finding the `ownlint` binary, running git hermetically,
//! the deterministic PRNG their repository generators draw from, the Kubernetes-shaped
//! vocabulary both generators use as it is, path helpers, and the timing statistics.
//!
//! Each benchmark includes it with `mod common;`. What only one of them needs, or what differs
//! between them (the seed, the number of runs, the vocabularies that are not the same, the
//! generator itself, the report), stays in the benchmark.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

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
    // Only benches/history.rs draws weighted indices.
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
