//! Wall-clock benchmark of `ownlint check` on a large, Kubernetes-shaped repository.
//!
//! # What it measures
//!
//! The benchmark generates, in a temporary directory, a deterministic git repository shaped like
//! a large Kubernetes checkout (by default 40,000 tracked files: `pkg/`, `staging/`, `cmd/`,
//! `test/`, `docs/`, `hack/`, `api/`, a few thousand files under `vendor/`), with about 500
//! OWNERS files at various depths and a root OWNERS_ALIASES. The OWNERS files use the features
//! that make resolution expensive or interesting: `filters:` (`".*"`,
//! `"(register|types)\\.go$"`, ...), `options: {no_parent_owners: true}`, ownlint's `owner:` and
//! `cover:`, `emeritus_approvers`, aliases, and a few subtrees that end up with no approver so
//! that `unowned-path` has something to report.
//!
//! It then times, interleaved round by round, `N` runs (after 2 warm-ups) of:
//!
//! * (a) `git ls-files` — the baseline: the cheapest possible walk of the index;
//! * (b) `ownlint check --repo DIR --format json --fail-on never` — index and work tree;
//! * (c) `ownlint check --repo DIR --rev HEAD --format json --fail-on never` — a commit.
//!
//! and prints min / median / max wall-clock milliseconds (process start to exit, output
//! discarded) and the ratios of the medians to `git ls-files`.
//!
//! In passing it checks the result: `check` exits 0, its summary counts exactly the
//! non-vendored, non-generated tracked files the generator wrote, and its `unowned-path`
//! findings are exactly those the generator predicts from the OWNERS files it wrote (computed
//! here, independently of ownlint's resolver). (b) and (c) must report the same thing.
//!
//! # How to run
//!
//! ```text
//! cargo bench --bench check
//! ```
//!
//! Cargo builds the `ownlint` binary with the `bench` profile (which inherits `release`) and
//! passes its path in `CARGO_BIN_EXE_ownlint`; when that is not set, `target/release/ownlint`
//! is used (build it first with `cargo build --release`). Environment variables:
//!
//! * `OWNLINT_BENCH_FILES` — number of tracked files to generate (default 40000);
//! * `OWNLINT_BENCH_RUNS` — timed runs per command (default 10);
//! * `OWNLINT_BENCH_BIN` — another `ownlint` binary to time (e.g. an older build, for A/B);
//! * `OWNLINT_BENCH_KEEP` — set to keep the generated repository (its path is printed), for
//!   profiling by hand.
//!
//! The repository is created under `TMPDIR` (the system's temporary directory by default);
//! its setup time, dominated by creating the files of the work tree, is printed but not part of
//! the measurements.
//!
//! git runs hermetically: no system or global configuration, `HOME` in the temporary directory,
//! a fixed author, committer and date, so the repository (and the commit id) is the same on
//! every machine.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{
    DOC_DIRS, DOC_FILES, FIXTURE_DIRS, GO_DIRS, MAX_DIR_DEPTH, Rng, SCRIPT_DIRS, SCRIPT_FILES,
    STAGING_REPOS, SYLLABLES, env_number, git, go_package, hermetic, import_one_commit, join, ms,
    ownlint_binary, parent, run_checked, stats, words,
};

// `DEFAULT_RUNS`, `WARMUPS` and `SEED` exist in benches/history.rs too, with other values:
// each benchmark keeps its own.

/// Tracked files generated when `OWNLINT_BENCH_FILES` is not set.
const DEFAULT_FILES: usize = 40_000;
/// Timed runs per command when `OWNLINT_BENCH_RUNS` is not set.
const DEFAULT_RUNS: usize = 10;
/// Untimed runs per command before the timed ones (page cache, binary loading).
const WARMUPS: usize = 2;
/// Seed of the generator: change it to get another (still deterministic) repository.
const SEED: u64 = 0x6f77_6e6c_696e_7421;
/// Author and committer of the one commit.
const SIGNATURE: &str = "Bench <bench@example.com> 1700000000 +0000";

fn main() {
    let files = env_number("OWNLINT_BENCH_FILES", DEFAULT_FILES);
    let runs = env_number("OWNLINT_BENCH_RUNS", DEFAULT_RUNS).max(1);
    assert!(
        files >= 2_000,
        "OWNLINT_BENCH_FILES={files}: use at least 2000 files"
    );
    let ownlint = ownlint_binary();

    // 1. Generate the repository.
    let temp = tempfile::Builder::new()
        .prefix("ownlint-bench-")
        .tempdir()
        .expect("cannot create a temporary directory");
    let home = temp.path().join("home");
    let repo = temp.path().join("repo");
    std::fs::create_dir_all(&home).expect("cannot create the temporary HOME");
    let started = Instant::now();
    let plan = Plan::generate(files, SEED);
    let generated = started.elapsed();
    let expected = plan.expectations();
    let timings = plan.write_repository(&repo, &home);

    // 2. Time the three commands, round by round so that any background load hits them alike.
    let commands = [
        Bench::new("(a) git ls-files", || {
            let mut command = git(&repo, &home);
            command.arg("ls-files");
            command
        }),
        Bench::new("(b) ownlint check (index + work tree)", || {
            ownlint_command(&ownlint, &repo, &home, false)
        }),
        Bench::new("(c) ownlint check --rev HEAD", || {
            ownlint_command(&ownlint, &repo, &home, true)
        }),
    ];
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); commands.len()];
    let mut reports: Vec<Option<Value>> = vec![None; commands.len()];
    for round in 0..WARMUPS + runs {
        for (i, bench) in commands.iter().enumerate() {
            // The first warm-up of each `check` keeps its output, to verify it.
            let capture = round == 0 && i > 0;
            let (elapsed, stdout) = bench.run(capture);
            if capture {
                reports[i] = Some(serde_json::from_slice(&stdout).unwrap_or_else(|e| {
                    panic!("`{}` did not print a JSON report: {e}", bench.name)
                }));
            }
            if round >= WARMUPS {
                samples[i].push(elapsed);
            }
        }
    }

    // 3. Verify, then report.
    let work_tree = reports[1].take().expect("the work-tree report");
    let at_head = reports[2].take().expect("the --rev HEAD report");
    verify(&work_tree, &expected, "ownlint check");
    verify(&at_head, &expected, "ownlint check --rev HEAD");
    assert!(
        work_tree == at_head,
        "ownlint check and ownlint check --rev HEAD disagree on a repository whose work tree is HEAD"
    );

    print_report(&PrintArgs {
        plan: &plan,
        expected: &expected,
        generated,
        timings: &timings,
        ownlint: &ownlint,
        git_version: git_version(&repo, &home),
        runs,
        names: commands.iter().map(|b| b.name).collect(),
        samples: &samples,
        report: &work_tree,
    });

    if std::env::var_os("OWNLINT_BENCH_KEEP").is_some() {
        let kept = temp.keep();
        println!(
            "\nkept the repository (OWNLINT_BENCH_KEEP): {}",
            kept.join("repo").display()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Processes (the shared helpers are in common/mod.rs)
// ---------------------------------------------------------------------------------------------

/// `git version`, for the report.
fn git_version(dir: &Path, home: &Path) -> String {
    git(dir, home)
        .arg("version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|e| format!("unknown ({e})"))
}

fn ownlint_command(ownlint: &Path, repo: &Path, home: &Path, at_head: bool) -> Command {
    let mut command = Command::new(ownlint);
    hermetic(&mut command, home).current_dir(repo).arg("check");
    command.arg("--repo").arg(repo);
    if at_head {
        command.args(["--rev", "HEAD"]);
    }
    // Both runs are judged at the commit's own instant, so that the work tree and --rev HEAD
    // (which anchors there by default) give the same report.
    command.args(["--as-of", "@1700000000"]);
    command.args(["--format", "json", "--fail-on", "never"]);
    command
}

/// One timed command: a name, and how to build a fresh `Command` for each run.
///
/// benches/history.rs has its own `Bench`, not shared with this one: it also measures CPU time
/// and peak memory (reaping the child with `wait4`) and sends output to files, while this one
/// times `Command::output` with pipes; sharing it would change what this benchmark measures.
struct Bench<'a> {
    name: &'static str,
    make: Box<dyn Fn() -> Command + 'a>,
}

impl<'a> Bench<'a> {
    fn new(name: &'static str, make: impl Fn() -> Command + 'a) -> Bench<'a> {
        Bench {
            name,
            make: Box::new(make),
        }
    }

    /// Runs the command once: its wall-clock time, and its stdout when `capture` (else stdout
    /// goes to /dev/null). Panics when it does not exit 0.
    fn run(&self, capture: bool) -> (Duration, Vec<u8>) {
        let mut command = (self.make)();
        command
            .stdin(Stdio::null())
            .stdout(if capture {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stderr(Stdio::piped());
        let started = Instant::now();
        let output = command
            .output()
            .unwrap_or_else(|e| panic!("cannot run `{}`: {e}", self.name));
        let elapsed = started.elapsed();
        assert!(
            output.status.success(),
            "`{}` exited with {} (expected 0 with --fail-on never): {}",
            self.name,
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        (elapsed, output.stdout)
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

// The lists both generators use as they are live in common/mod.rs. `SIGS`, `VERSIONS`,
// `GO_FILES` and `VENDOR_HOSTS` have counterparts in benches/history.rs with other words: they
// stay here, since the generator draws from them and any change would change the repository.

/// SIGs: each has `sig-<name>-approvers` and `sig-<name>-reviewers` aliases.
const SIGS: &str = "api-machinery apps architecture auth autoscaling cli cloud-provider \
    cluster-lifecycle contributor-experience docs etcd instrumentation k8s-infra network \
    node release scalability scheduling security storage testing windows";

/// Aliases besides the SIG ones (the last one has no members: approving through it grants
/// nobody, which makes its area unowned).
const EXTRA_ALIASES: &str = "api-approvers api-reviewers dep-approvers feature-approvers \
    code-organization-approvers";
const EMPTY_ALIAS: &str = "legacy-approvers";

const VERSIONS: &str = "v1 v1beta1 v1beta2 v1beta3 v1alpha1 v1alpha2 v2 v2beta1";
const GO_FILES: &str = "admission cache client config controller conversion defaults errors expansion \
    factory fake fields handler helpers informer interface labels lister manager metrics \
    options patch plugin queue reconciler scheme selector server storage strategy util \
    validation watcher worker";
const VENDOR_HOSTS: &str = "github.com/google github.com/prometheus github.com/spf13 github.com/stretchr \
    github.com/opencontainers github.com/containerd github.com/coreos github.com/go-logr \
    golang.org/x google.golang.org go.opentelemetry.io sigs.k8s.io";

/// Person handles: syllable combinations — valid GitHub logins that do not look like aliases.
fn people(rng: &mut Rng, count: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    while out.len() < count {
        let mut name = String::new();
        for _ in 0..rng.range(2, 4) {
            name.push_str(rng.word(SYLLABLES));
        }
        if rng.chance(0.2) {
            name.push_str(&rng.range(1, 99).to_string());
        }
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The generator's model of OWNERS files
// ---------------------------------------------------------------------------------------------

/// A `filters:` expression the generator writes, with its meaning evaluated without a regex
/// engine (Prow searches the expression, unanchored, in the path relative to the OWNERS file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pattern {
    /// `".*"`
    All,
    /// `"(register|types)\\.go$"`
    RegisterOrTypes,
    /// `"_test\\.go$"`
    Tests,
    /// `"\\.go$"`
    Go,
}

impl Pattern {
    /// The key as written in YAML (double-quoted, so `\\.` is the regex `\.`).
    fn yaml(self) -> &'static str {
        match self {
            Pattern::All => r#"".*""#,
            Pattern::RegisterOrTypes => r#""(register|types)\\.go$""#,
            Pattern::Tests => r#""_test\\.go$""#,
            Pattern::Go => r#""\\.go$""#,
        }
    }

    fn matches(self, relative: &str) -> bool {
        match self {
            Pattern::All => true,
            Pattern::RegisterOrTypes => {
                relative.ends_with("register.go") || relative.ends_with("types.go")
            }
            Pattern::Tests => relative.ends_with("_test.go"),
            Pattern::Go => relative.ends_with(".go"),
        }
    }
}

#[derive(Clone, Debug)]
struct FilterSpec {
    pattern: Pattern,
    approvers: Vec<String>,
    reviewers: Vec<String>,
    labels: Vec<String>,
}

/// One OWNERS file as the generator means it.
#[derive(Clone, Debug, Default)]
struct OwnersSpec {
    approvers: Vec<String>,
    reviewers: Vec<String>,
    emeritus_approvers: Vec<String>,
    owner: Option<String>,
    cover: Vec<String>,
    labels: Vec<String>,
    filters: Vec<FilterSpec>,
    no_parent_owners: bool,
    /// Written to make its subtree unowned (for the expectations and the report only).
    unowned_by_design: bool,
}

impl OwnersSpec {
    fn render(&self) -> String {
        fn list(out: &mut String, indent: &str, key: &str, names: &[String]) {
            if names.is_empty() {
                return;
            }
            out.push_str(&format!("{indent}{key}:\n"));
            for name in names {
                out.push_str(&format!("{indent}  - {name}\n"));
            }
        }
        let mut out = String::from("# See the OWNERS docs at https://go.k8s.io/owners\n\n");
        if self.no_parent_owners {
            out.push_str("options:\n  no_parent_owners: true\n");
        }
        if let Some(owner) = &self.owner {
            out.push_str(&format!("owner: {owner}\n"));
        }
        if !self.cover.is_empty() {
            out.push_str(&format!("cover: [{}]\n", self.cover.join(", ")));
        }
        list(&mut out, "", "approvers", &self.approvers);
        list(&mut out, "", "reviewers", &self.reviewers);
        if !self.filters.is_empty() {
            out.push_str("filters:\n");
            for filter in &self.filters {
                out.push_str(&format!("  {}:\n", filter.pattern.yaml()));
                list(&mut out, "    ", "approvers", &filter.approvers);
                list(&mut out, "    ", "reviewers", &filter.reviewers);
                list(&mut out, "    ", "labels", &filter.labels);
            }
        }
        list(&mut out, "", "emeritus_approvers", &self.emeritus_approvers);
        list(&mut out, "", "labels", &self.labels);
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

/// What kind of files a subtree holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flavor {
    Go,
    Docs,
    Scripts,
    Fixtures,
    /// Generated JSON (api/openapi-spec), left out through `.gitattributes`.
    OpenApi,
    /// Third-party Go code under `vendor/` or `third_party/`.
    Vendored,
}

/// The whole repository, in memory: every tracked file with its content, and the meaning of
/// every OWNERS file.
struct Plan {
    /// Path → content, for every tracked file.
    files: BTreeMap<String, String>,
    /// Directory (`""` for the root) → its OWNERS file.
    owners: BTreeMap<String, OwnersSpec>,
    /// Alias → members, in file order.
    aliases: Vec<(String, Vec<String>)>,
    /// Every directory holding files (or directories), `""` for the root.
    dirs: BTreeSet<String>,
    people: Vec<String>,
    rng: Rng,
}

/// What `ownlint check` must report on the plan.
struct Expectations {
    tracked: usize,
    /// Tracked files ownlint checks (not vendored, not generated).
    checked: usize,
    /// Ownership files ownlint reads (OWNERS outside vendored directories, OWNERS_ALIASES).
    ownership_files: usize,
    /// The `file` of every `unowned-path` finding: `dir/` for a wholly unowned directory,
    /// else the unowned file itself.
    unowned: BTreeSet<String>,
    unowned_files: usize,
}

impl Plan {
    fn generate(total: usize, seed: u64) -> Plan {
        let mut rng = Rng::new(seed);
        let people = people(&mut rng, 420);
        let mut plan = Plan {
            files: BTreeMap::new(),
            owners: BTreeMap::new(),
            aliases: Vec::new(),
            dirs: BTreeSet::new(),
            people,
            rng,
        };
        plan.dirs.insert(String::new());
        plan.make_aliases();
        plan.root_files();
        // What is left once the root files exist, shared among the top-level directories.
        let left = total - plan.files.len();
        let shares: &[(&str, f64)] = &[
            ("vendor", 0.075),
            ("staging", 0.17),
            ("test", 0.12),
            ("cmd", 0.04),
            ("docs", 0.03),
            ("hack", 0.025),
            ("cluster", 0.04),
            ("build", 0.012),
            ("plugin", 0.02),
            ("api", 0.02),
            ("third_party", 0.005),
        ];
        let mut budgets: Vec<(&str, usize)> = shares
            .iter()
            .map(|&(name, share)| (name, (left as f64 * share) as usize))
            .collect();
        let pkg = left - budgets.iter().map(|(_, n)| n).sum::<usize>();
        budgets.insert(0, ("pkg", pkg));
        for (name, budget) in budgets {
            match name {
                "pkg" => plan.top(name, budget, Flavor::Go, "architecture"),
                "cmd" => plan.top(name, budget, Flavor::Go, "cli"),
                "plugin" => plan.top(name, budget, Flavor::Go, "scheduling"),
                "docs" => plan.top(name, budget, Flavor::Docs, "docs"),
                "hack" => plan.top(name, budget, Flavor::Scripts, "testing"),
                "cluster" => plan.top(name, budget, Flavor::Scripts, "cluster-lifecycle"),
                "build" => plan.top(name, budget, Flavor::Scripts, "release"),
                "third_party" => plan.top(name, budget, Flavor::Vendored, "architecture"),
                "vendor" => plan.vendor(budget),
                "staging" => plan.staging(budget),
                "test" => plan.test(budget),
                "api" => plan.api(budget),
                _ => unreachable!(),
            }
        }
        plan.unowned_subtrees();
        for (dir, spec) in &plan.owners {
            plan.files.insert(join(dir, "OWNERS"), spec.render());
        }
        assert_eq!(
            plan.files.len(),
            total,
            "the generator must write exactly the requested number of files"
        );
        plan
    }

    /// ~50 aliases of 2-8 people: two per SIG, a few cross-cutting ones, one empty.
    fn make_aliases(&mut self) {
        let mut names: Vec<String> = words(SIGS)
            .iter()
            .flat_map(|sig| {
                [
                    format!("sig-{sig}-approvers"),
                    format!("sig-{sig}-reviewers"),
                ]
            })
            .collect();
        names.extend(words(EXTRA_ALIASES).iter().map(|s| s.to_string()));
        for name in names {
            let count = self.rng.range(2, 8);
            let members = self.distinct_people(count);
            self.aliases.push((name, members));
        }
        self.aliases.push((EMPTY_ALIAS.to_string(), Vec::new()));
    }

    fn distinct_people(&mut self, count: usize) -> Vec<String> {
        let mut chosen: Vec<String> = Vec::new();
        while chosen.len() < count {
            let person = self.rng.pick(&self.people).clone();
            if !chosen.contains(&person) {
                chosen.push(person);
            }
        }
        chosen
    }

    fn members(&self, alias: &str) -> Option<&[String]> {
        self.aliases
            .iter()
            .find(|(name, _)| name == alias)
            .map(|(_, members)| members.as_slice())
    }

    fn root_files(&mut self) {
        for name in [
            "README.md",
            "LICENSE",
            "Makefile",
            "go.mod",
            "go.sum",
            "go.work",
            ".gitignore",
            "CHANGELOG.md",
            "CONTRIBUTING.md",
            "SECURITY_CONTACTS",
            "SUPPORT.md",
            "code-of-conduct.md",
        ] {
            let content = filler(name);
            self.files.insert(name.to_string(), content);
        }
        // As in Kubernetes: generated files are marked for linguist (and so left out by ownlint).
        self.files.insert(
            ".gitattributes".to_string(),
            "hack/verify-flags/known-flags.txt merge=union\n\
             test/test_owners.csv merge=union\n\n\
             **/zz_generated.*.go linguist-generated=true\n\
             **/types.generated.go linguist-generated=true\n\
             **/generated.pb.go linguist-generated=true\n\
             **/generated.proto\n\
             api/openapi-spec/*.json linguist-generated=true\n\
             api/openapi-spec/**/*.json linguist-generated=true\n"
                .to_string(),
        );
        let mut aliases = String::from(
            "# See the OWNERS docs at https://go.k8s.io/owners#owners_aliases\n\naliases:\n",
        );
        for (name, members) in &self.aliases {
            if members.is_empty() {
                aliases.push_str(&format!("  {name}: []\n"));
                continue;
            }
            aliases.push_str(&format!("  {name}:\n"));
            for member in members {
                aliases.push_str(&format!("    - {member}\n"));
            }
        }
        self.files.insert("OWNERS_ALIASES".to_string(), aliases);
        // The root OWNERS (counted now; written with the others at the end).
        let mut root = OwnersSpec {
            approvers: vec!["sig-architecture-approvers".into(), "dep-approvers".into()],
            reviewers: vec!["sig-architecture-reviewers".into()],
            labels: vec!["sig/architecture".into()],
            ..OwnersSpec::default()
        };
        root.approvers.extend(self.distinct_people(2));
        root.emeritus_approvers = self.distinct_people(3);
        self.owners.insert(String::new(), root);
        self.files.insert("OWNERS".into(), String::new());
    }

    /// A top-level directory: always an OWNERS file, then a generated subtree.
    fn top(&mut self, name: &str, budget: usize, flavor: Flavor, sig: &str) {
        self.grow(name, 1, budget, flavor, sig, MAX_DIR_DEPTH);
    }

    /// `vendor/<host>/<org or repo>/...` with `vendor/modules.txt` and `vendor/OWNERS` (which
    /// ownlint leaves out, like everything vendored).
    fn vendor(&mut self, budget: usize) {
        self.add_dir("vendor");
        self.add_file("vendor/modules.txt");
        self.add_owners("vendor", 1, "architecture");
        let mut left = budget - 2;
        let hosts = words(VENDOR_HOSTS);
        for (i, host) in hosts.iter().enumerate() {
            let share = if i + 1 == hosts.len() {
                left
            } else {
                (budget / hosts.len()).min(left)
            };
            left -= share;
            if share == 0 {
                continue;
            }
            let mut dir = "vendor".to_string();
            for part in host.split('/') {
                dir = join(&dir, part);
                self.add_dir(&dir);
            }
            let depth = dir.matches('/').count() + 1;
            self.spread(
                &dir,
                depth,
                share,
                Flavor::Vendored,
                "architecture",
                MAX_DIR_DEPTH,
            );
        }
    }

    /// `staging/src/k8s.io/<repo>/...`, one OWNERS file per repository.
    fn staging(&mut self, budget: usize) {
        for dir in ["staging", "staging/src", "staging/src/k8s.io"] {
            self.add_dir(dir);
        }
        self.add_file("staging/README.md");
        self.add_owners("staging", 1, "architecture");
        let mut left = budget - 2;
        let repos = words(STAGING_REPOS);
        let sigs = words(SIGS);
        for (i, repo) in repos.iter().enumerate() {
            let share = if i + 1 == repos.len() {
                left
            } else {
                (left / (repos.len() - i)).max(1)
            };
            left -= share;
            // Every staging repository has its own OWNERS file.
            let sig = sigs[i % sigs.len()];
            let dir = format!("staging/src/k8s.io/{repo}");
            self.add_dir(&dir);
            self.add_owners(&dir, 4, sig);
            if share > 1 {
                self.spread(&dir, 4, share - 1, Flavor::Go, sig, MAX_DIR_DEPTH);
            }
        }
    }

    /// `test/e2e`, `test/integration`, `test/fixtures`, `test/images`, `test/utils`.
    fn test(&mut self, budget: usize) {
        self.add_dir("test");
        self.add_owners("test", 1, "testing");
        let mut left = budget - 1;
        let parts: &[(&str, f64, Flavor, &str)] = &[
            ("e2e", 0.45, Flavor::Go, "testing"),
            ("integration", 0.3, Flavor::Go, "testing"),
            ("fixtures", 0.1, Flavor::Fixtures, "testing"),
            ("images", 0.1, Flavor::Scripts, "node"),
            ("utils", 0.05, Flavor::Go, "testing"),
        ];
        for (i, &(name, share, flavor, sig)) in parts.iter().enumerate() {
            let share = if i + 1 == parts.len() {
                left
            } else {
                ((budget as f64 * share) as usize).min(left)
            };
            left -= share;
            self.grow(
                &format!("test/{name}"),
                2,
                share,
                flavor,
                sig,
                MAX_DIR_DEPTH,
            );
        }
    }

    /// `api/`: rule lists, and generated OpenAPI documents.
    fn api(&mut self, budget: usize) {
        self.add_dir("api");
        self.add_owners("api", 1, "api-machinery");
        let rules = (budget / 20).max(1);
        self.grow(
            "api/api-rules",
            2,
            rules,
            Flavor::Fixtures,
            "api-machinery",
            2,
        );
        self.grow(
            "api/openapi-spec",
            2,
            budget - 1 - rules,
            Flavor::OpenApi,
            "api-machinery",
            3,
        );
    }

    /// A directory holding `budget` files in all (its OWNERS file, files of its own and its
    /// subdirectories'), going no deeper than `max_depth` components.
    fn grow(
        &mut self,
        dir: &str,
        depth: usize,
        budget: usize,
        flavor: Flavor,
        sig: &str,
        max_depth: usize,
    ) {
        assert!(budget > 0);
        self.add_dir(dir);
        let mut budget = budget;
        if self.wants_owners(depth, budget, flavor) {
            self.add_owners(dir, depth, sig);
            budget -= 1;
        }
        if budget > 0 {
            self.spread(dir, depth, budget, flavor, sig, max_depth);
        }
    }

    /// Puts `budget` files in `dir`: some directly, the rest in new subdirectories.
    fn spread(
        &mut self,
        dir: &str,
        depth: usize,
        budget: usize,
        flavor: Flavor,
        sig: &str,
        max_depth: usize,
    ) {
        let leaf = depth >= max_depth || budget <= self.rng.range(8, 60);
        let here = if leaf {
            budget
        } else {
            self.rng.range(2, 24).min(budget)
        };
        self.fill(dir, here, flavor);
        let rest = budget - here;
        if rest == 0 {
            return;
        }
        let wanted = self.rng.range(3, 6 + (rest / 150).min(24));
        let count = wanted.min(rest);
        let weights: Vec<usize> = (0..count).map(|_| self.rng.range(1, 10)).collect();
        let sum: usize = weights.iter().sum();
        let mut shares: Vec<usize> = weights.iter().map(|w| (rest * w / sum).max(1)).collect();
        // Fix rounding so the shares add up to `rest` exactly (each stays at least 1).
        let mut total: usize = shares.iter().sum();
        let mut i = 0;
        while total != rest {
            if total < rest {
                shares[i % count] += 1;
                total += 1;
            } else if shares[i % count] > 1 {
                shares[i % count] -= 1;
                total -= 1;
            }
            i += 1;
        }
        let mut taken = HashSet::new();
        for share in shares {
            let name = self.subdir_name(flavor, &mut taken);
            let child = join(dir, &name);
            self.grow(&child, depth + 1, share, flavor, sig, max_depth);
        }
    }

    fn subdir_name(&mut self, flavor: Flavor, taken: &mut HashSet<String>) -> String {
        loop {
            let name = match flavor {
                Flavor::Go | Flavor::Vendored if self.rng.chance(0.15) => {
                    self.rng.word(VERSIONS).to_string()
                }
                Flavor::Go | Flavor::Vendored => self.rng.word(GO_DIRS).to_string(),
                Flavor::Docs => self.rng.word(DOC_DIRS).to_string(),
                Flavor::Scripts => self.rng.word(SCRIPT_DIRS).to_string(),
                Flavor::Fixtures => self.rng.word(FIXTURE_DIRS).to_string(),
                Flavor::OpenApi => self.rng.word(VERSIONS).to_string(),
            };
            let name = if taken.contains(&name) {
                format!("{name}{}", taken.len())
            } else {
                name
            };
            if taken.insert(name.clone()) {
                return name;
            }
        }
    }

    /// Writes `count` files of `flavor` directly in `dir`.
    fn fill(&mut self, dir: &str, count: usize, flavor: Flavor) {
        let base = dir.rsplit('/').next().unwrap_or(dir);
        // API version packages start with the files `filters:` single out, and a generated one.
        let mut names: Vec<String> = Vec::new();
        if matches!(flavor, Flavor::Go | Flavor::Vendored) && words(VERSIONS).contains(&base) {
            for name in [
                "types.go",
                "register.go",
                "doc.go",
                "zz_generated.deepcopy.go",
            ] {
                names.push(name.to_string());
            }
        }
        let mut taken: HashSet<String> = names.iter().cloned().collect();
        while names.len() < count {
            let stem = match flavor {
                Flavor::Go | Flavor::Vendored => self.rng.word(GO_FILES),
                Flavor::Docs => self.rng.word(DOC_FILES),
                Flavor::Scripts => self.rng.word(SCRIPT_FILES),
                Flavor::Fixtures => self.rng.word(GO_FILES),
                Flavor::OpenApi => self.rng.word(GO_DIRS),
            };
            let extension = match flavor {
                Flavor::Go | Flavor::Vendored => {
                    if self.rng.chance(0.35) {
                        "_test.go"
                    } else if self.rng.chance(0.04) {
                        ".md"
                    } else {
                        ".go"
                    }
                }
                Flavor::Docs => *self.rng.pick(&[".md", ".md", ".md", ".png", ".svg"]),
                Flavor::Scripts => *self.rng.pick(&[".sh", ".sh", ".py", ".yaml", ".mk"]),
                Flavor::Fixtures => *self.rng.pick(&[".yaml", ".yaml", ".json", ".txt"]),
                Flavor::OpenApi => "_openapi.json",
            };
            let mut name = format!("{stem}{extension}");
            if !taken.insert(name.clone()) {
                name = format!("{stem}_{}{extension}", names.len());
                taken.insert(name.clone());
            }
            names.push(name);
        }
        names.truncate(count);
        for name in names {
            self.add_file(&join(dir, &name));
        }
    }

    fn add_dir(&mut self, dir: &str) {
        self.dirs.insert(dir.to_string());
    }

    fn add_file(&mut self, path: &str) {
        let content = filler(path);
        let previous = self.files.insert(path.to_string(), content);
        assert!(previous.is_none(), "generated {path} twice");
    }

    /// Whether a new directory gets an OWNERS file: always at the top, less often deeper, never
    /// inside vendored code (Kubernetes has only `vendor/OWNERS`).
    fn wants_owners(&mut self, depth: usize, budget: usize, flavor: Flavor) -> bool {
        if depth == 1 {
            return true;
        }
        if flavor == Flavor::Vendored || budget < 3 {
            return false;
        }
        let p = match depth {
            2 => 0.5,
            3 => 0.3,
            4 => 0.2,
            _ => 0.12,
        };
        self.rng.chance(p)
    }

    /// A typical OWNERS file for `dir`, with the occasional filter, no_parent_owners, owner and
    /// cover, emeritus approvers.
    fn add_owners(&mut self, dir: &str, depth: usize, sig: &str) {
        let approvers_alias = format!("sig-{sig}-approvers");
        let reviewers_alias = format!("sig-{sig}-reviewers");
        let mut approvers = Vec::new();
        if self.rng.chance(0.6) {
            approvers.push(approvers_alias.clone());
        }
        let people = self.rng.range(usize::from(approvers.is_empty()), 3);
        approvers.extend(self.distinct_people(people));
        let mut reviewers = Vec::new();
        if self.rng.chance(0.6) {
            reviewers.push(reviewers_alias.clone());
        }
        let people = self.rng.range(usize::from(reviewers.is_empty()), 4);
        reviewers.extend(self.distinct_people(people));
        let mut spec = OwnersSpec::default();
        if self.rng.chance(0.7) {
            spec.labels.push(format!("sig/{sig}"));
        }
        if depth >= 2 && self.rng.chance(0.1) {
            // Prow's filters form: everything through `".*"`, API types to API reviewers.
            spec.filters.push(FilterSpec {
                pattern: Pattern::All,
                approvers: approvers.clone(),
                reviewers: reviewers.clone(),
                labels: Vec::new(),
            });
            if self.rng.chance(0.7) {
                spec.filters.push(FilterSpec {
                    pattern: Pattern::RegisterOrTypes,
                    approvers: vec!["api-approvers".into()],
                    reviewers: vec!["api-reviewers".into()],
                    labels: vec!["kind/api-change".into()],
                });
            }
            if self.rng.chance(0.3) {
                spec.filters.push(FilterSpec {
                    pattern: Pattern::Tests,
                    approvers: Vec::new(),
                    reviewers: vec!["sig-testing-reviewers".into()],
                    labels: Vec::new(),
                });
            }
        } else {
            spec.approvers = approvers.clone();
            spec.reviewers = reviewers;
        }
        if depth >= 2 && self.rng.chance(0.07) {
            spec.no_parent_owners = true;
        }
        if self.rng.chance(0.2) {
            // Mostly someone who approves here (directly or through the alias); sometimes not,
            // which `owner-lacks-authority` reports.
            let mut candidates: Vec<String> = Vec::new();
            for name in &approvers {
                match self.members(name) {
                    Some(members) => candidates.extend(members.iter().cloned()),
                    None => candidates.push(name.clone()),
                }
            }
            let owner = if !candidates.is_empty() && self.rng.chance(0.85) {
                self.rng.pick(&candidates).clone()
            } else {
                self.rng.pick(&self.people).clone()
            };
            spec.owner = Some(owner);
            let count = self.rng.range(1, 2);
            spec.cover = self.distinct_people(count);
        }
        if self.rng.chance(0.12) {
            let count = self.rng.range(1, 2);
            spec.emeritus_approvers = self.distinct_people(count);
            // Now and then a former approver is still listed (`emeritus-still-listed`).
            if let Some(direct) = spec.approvers.iter().find(|n| self.members(n).is_none())
                && self.rng.chance(0.3)
            {
                spec.emeritus_approvers.push(direct.clone());
            }
        }
        let previous = self.owners.insert(dir.to_string(), spec);
        assert!(previous.is_none(), "two OWNERS files in {dir}");
        // Counted now so that the file budget stays exact; the content is rendered at the end.
        self.files.insert(join(dir, "OWNERS"), String::new());
    }

    /// Turns a few OWNERS files (3 to 12, one per 8,000 files) into `no_parent_owners` files
    /// that leave their subtree without approvers: with reviewers only, approved only through
    /// the empty alias, or (one of them) owned only through a `"\\.go$"` filter, so that its
    /// other files are unowned one by one.
    fn unowned_subtrees(&mut self) {
        let wanted = (self.files.len() / 8_000).clamp(3, 12);
        // Candidates: OWNERS at depth 2-4 outside vendored code, with 10-400 files below and
        // no other OWNERS file below (so the whole subtree follows this one file).
        let subtree_files: HashMap<String, usize> = {
            let mut counts: HashMap<String, usize> = HashMap::new();
            for path in self.files.keys() {
                let mut dir = parent(path);
                while let Some(d) = dir {
                    *counts.entry(d.to_string()).or_default() += 1;
                    dir = parent(d);
                }
            }
            counts
        };
        let owners_dirs: Vec<String> = self.owners.keys().cloned().collect();
        let mut candidates: Vec<String> = owners_dirs
            .iter()
            .filter(|dir| {
                let depth = if dir.is_empty() {
                    0
                } else {
                    dir.matches('/').count() + 1
                };
                let files = subtree_files.get(*dir).copied().unwrap_or(0);
                (2..=4).contains(&depth)
                    && (10..=400).contains(&files)
                    && !is_vendored(&join(dir, "x"))
                    && !owners_dirs
                        .iter()
                        .any(|other| other != *dir && other.starts_with(&format!("{dir}/")))
            })
            .cloned()
            .collect();
        let mut chosen: Vec<String> = Vec::new();
        while chosen.len() < wanted && !candidates.is_empty() {
            let dir = candidates.remove(self.rng.below(candidates.len()));
            // Keep them apart: no chosen directory inside another.
            if chosen
                .iter()
                .any(|c| dir.starts_with(&format!("{c}/")) || c.starts_with(&format!("{dir}/")))
            {
                continue;
            }
            chosen.push(dir);
        }
        assert!(
            !chosen.is_empty(),
            "the generator found no directory to leave unowned"
        );
        // One of them (with Go and other files below it) is owned only through a `"\\.go$"`
        // filter, so its other files are unowned one by one; the rest alternate between
        // reviewers only and the empty alias.
        let mixed = |dir: &String| {
            let below: Vec<&String> = self
                .files
                .keys()
                .filter(|p| p.starts_with(&format!("{dir}/")))
                .collect();
            below.iter().any(|p| p.ends_with(".go")) && below.iter().any(|p| !p.ends_with(".go"))
        };
        let go_filtered = chosen.iter().position(mixed);
        for (i, dir) in chosen.iter().enumerate() {
            let reviewers = vec![self.rng.pick(&self.people).clone()];
            let variant = if Some(i) == go_filtered { 2 } else { i % 2 };
            let spec = match variant {
                0 => OwnersSpec {
                    no_parent_owners: true,
                    reviewers,
                    ..OwnersSpec::default()
                },
                1 => OwnersSpec {
                    no_parent_owners: true,
                    approvers: vec![EMPTY_ALIAS.into()],
                    reviewers,
                    ..OwnersSpec::default()
                },
                _ => OwnersSpec {
                    no_parent_owners: true,
                    filters: vec![FilterSpec {
                        pattern: Pattern::Go,
                        approvers: vec![self.rng.pick(&self.people).clone()],
                        reviewers,
                        labels: Vec::new(),
                    }],
                    ..OwnersSpec::default()
                },
            };
            self.owners.insert(
                dir.clone(),
                OwnersSpec {
                    unowned_by_design: true,
                    ..spec
                },
            );
        }
    }

    /// Whether a person can approve through these names (aliases expand to their members).
    fn names_people(&self, names: &[String]) -> bool {
        names
            .iter()
            .any(|name| self.members(name).is_none_or(|members| !members.is_empty()))
    }

    /// Whether `path` has an approver: the OWNERS files from its directory up, stopping after
    /// one with `no_parent_owners`; top-level approvers count, and filters' approvers when the
    /// filter matches the path relative to the file's directory.
    fn has_approver(&self, path: &str) -> bool {
        let mut dir = parent(path);
        while let Some(d) = dir {
            if let Some(spec) = self.owners.get(d) {
                if self.names_people(&spec.approvers) {
                    return true;
                }
                let relative = if d.is_empty() {
                    path
                } else {
                    &path[d.len() + 1..]
                };
                if spec
                    .filters
                    .iter()
                    .any(|f| f.pattern.matches(relative) && self.names_people(&f.approvers))
                {
                    return true;
                }
                if spec.no_parent_owners {
                    return false;
                }
            }
            dir = parent(d);
        }
        false
    }

    /// What `ownlint check` must find, derived from the plan alone.
    fn expectations(&self) -> Expectations {
        let checked: Vec<&str> = self
            .files
            .keys()
            .map(String::as_str)
            .filter(|p| !is_vendored(p) && !is_generated(p))
            .collect();
        // Every ownership file Prow reads takes part, vendored or generated trees included,
        // except under the directories of `owners.dir_denylist` (by default `vendor/`).
        let ownership_files = self
            .files
            .keys()
            .filter(|p| !p.starts_with("vendor/"))
            .filter(|p| p.ends_with("/OWNERS") || *p == "OWNERS" || *p == "OWNERS_ALIASES")
            .count();
        // unowned-path reports the topmost directory whose checked files are all unowned,
        // once, and any other unowned file by itself.
        let unowned: Vec<&str> = checked
            .iter()
            .copied()
            .filter(|p| !self.has_approver(p))
            .collect();
        let mut below: HashMap<&str, (usize, usize)> = HashMap::new();
        for path in &checked {
            let is_unowned = unowned.binary_search(path).is_ok();
            let mut dir = parent(path);
            while let Some(d) = dir {
                let entry = below.entry(d).or_default();
                entry.0 += 1;
                entry.1 += usize::from(is_unowned);
                dir = parent(d);
            }
        }
        let mut findings = BTreeSet::new();
        for path in &unowned {
            let mut ancestors = Vec::new();
            let mut dir = parent(path);
            while let Some(d) = dir {
                ancestors.push(d);
                dir = parent(d);
            }
            let topmost = ancestors.iter().rev().find(|d| {
                let (all, none) = below[**d];
                all == none
            });
            findings.insert(match topmost {
                Some(&"") => ".".to_string(),
                Some(d) => format!("{d}/"),
                None => path.to_string(),
            });
        }
        Expectations {
            tracked: self.files.len(),
            checked: checked.len(),
            ownership_files,
            unowned: findings,
            unowned_files: unowned.len(),
        }
    }

    /// Creates the git repository at `repo`: `git init`, one commit through `git fast-import`,
    /// then `git reset --hard` for the index and the work tree. Returns how long each step took.
    fn write_repository(&self, repo: &Path, home: &Path) -> Vec<(&'static str, Duration)> {
        let mut timings = Vec::new();
        std::fs::create_dir_all(repo).expect("cannot create the repository directory");

        let started = Instant::now();
        run_checked(git(repo, home).args(["init", "-q"]), "git init");
        timings.push(("git init", started.elapsed()));

        let started = Instant::now();
        import_one_commit(
            repo,
            home,
            SIGNATURE,
            "Kubernetes-shaped repository for benches/check.rs\n",
            &self.files,
        );
        timings.push(("git fast-import", started.elapsed()));

        let started = Instant::now();
        run_checked(
            // Creating 40,000 files is the slowest step of the setup: let git use every core.
            git(repo, home).args(["-c", "checkout.workers=0", "reset", "-q", "--hard", "main"]),
            "git reset --hard",
        );
        timings.push(("git reset --hard (index + work tree)", started.elapsed()));
        timings
    }
}

/// Content of a generated file: small, unique, and plausible for its extension.
///
/// Not shared with benches/history.rs's `filler`, whose contents carry a revision number and
/// differ in every branch: one function for both would change the files (and commit ids) of one
/// benchmark or the other.
fn filler(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.ends_with(".go") {
        let package = go_package(path);
        format!(
            "// Benchmark fixture {path}.\n\npackage {package}\n\n// Value is a placeholder.\nfunc Value() int {{ return {} }}\n",
            path.len()
        )
    } else if name.ends_with(".md") {
        format!("# {name}\n\nBenchmark fixture {path}.\n")
    } else if name.ends_with(".json") {
        format!("{{\"fixture\": \"{path}\"}}\n")
    } else if name.ends_with(".sh") {
        format!("#!/usr/bin/env bash\n# Benchmark fixture {path}.\nexit 0\n")
    } else {
        format!("# Benchmark fixture {path}.\n")
    }
}

/// Vendored by convention: a directory named `vendor`, `third_party` or `node_modules`.
fn is_vendored(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    parts
        .iter()
        .any(|p| matches!(*p, "vendor" | "third_party" | "node_modules"))
}

/// Generated according to the `.gitattributes` the generator writes.
fn is_generated(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    (name.starts_with("zz_generated.") && name.ends_with(".go"))
        || name == "types.generated.go"
        || name == "generated.pb.go"
        || (path.starts_with("api/openapi-spec/") && name.ends_with(".json"))
}

// ---------------------------------------------------------------------------------------------
// Verification and report
// ---------------------------------------------------------------------------------------------

/// The `unowned-path` findings of a report, by `file`.
fn unowned_findings(report: &Value) -> BTreeSet<String> {
    report["diagnostics"]
        .as_array()
        .expect("`diagnostics` is a list")
        .iter()
        .filter(|d| d["rule"] == "unowned-path")
        .map(|d| d["file"].as_str().unwrap_or("<no file>").to_string())
        .collect()
}

/// Panics with a clear message when the report does not match what the generator wrote.
fn verify(report: &Value, expected: &Expectations, what: &str) {
    let summary = &report["summary"];
    let number = |key: &str| {
        summary[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{what}: summary.{key} missing")) as usize
    };
    assert_eq!(
        number("files"),
        expected.checked,
        "{what}: summary.files should be the {} non-vendored, non-generated tracked files",
        expected.checked
    );
    assert_eq!(
        number("excluded"),
        expected.tracked - expected.checked,
        "{what}: summary.excluded should be the vendored and generated files"
    );
    assert_eq!(
        number("ownership_files"),
        expected.ownership_files,
        "{what}: summary.ownership_files should count the OWNERS files outside vendor/ (the default dir_denylist) and OWNERS_ALIASES"
    );
    let broken: Vec<&Value> = report["diagnostics"]
        .as_array()
        .expect("`diagnostics` is a list")
        .iter()
        .filter(|d| matches!(d["rule"].as_str(), Some("parse-error" | "unknown-field")))
        .collect();
    assert!(
        broken.is_empty(),
        "{what}: the generated ownership files should all parse, but: {broken:#?}"
    );
    let found = unowned_findings(report);
    if found != expected.unowned {
        let missing: Vec<_> = expected.unowned.difference(&found).take(10).collect();
        let extra: Vec<_> = found.difference(&expected.unowned).take(10).collect();
        panic!(
            "{what}: {} unowned-path findings, expected {}\n  expected but not reported: {missing:?}\n  reported but not expected: {extra:?}",
            found.len(),
            expected.unowned.len()
        );
    }
}

struct PrintArgs<'a> {
    plan: &'a Plan,
    expected: &'a Expectations,
    generated: Duration,
    timings: &'a [(&'static str, Duration)],
    ownlint: &'a Path,
    git_version: String,
    runs: usize,
    names: Vec<&'static str>,
    samples: &'a [Vec<Duration>],
    report: &'a Value,
}

/// `depth: count` pairs and the mean, e.g. `1:13 2:402 3:2510 (mean 4.9)`.
fn histogram(depths: &[usize]) -> String {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for &d in depths {
        *counts.entry(d).or_default() += 1;
    }
    let pairs: Vec<String> = counts.iter().map(|(d, n)| format!("{d}:{n}")).collect();
    let mean = depths.iter().sum::<usize>() as f64 / depths.len().max(1) as f64;
    format!("{} (mean {mean:.1})", pairs.join(" "))
}

fn print_report(args: &PrintArgs) {
    let plan = args.plan;
    let expected = args.expected;
    let owners = &plan.owners;
    let checked_owners = owners.keys().filter(|d| !is_vendored(&join(d, "OWNERS")));
    let depth = |path: &str| path.matches('/').count() + 1;
    let depths: Vec<usize> = plan.files.keys().map(|p| depth(p)).collect();
    let owners_depths: Vec<usize> = owners.keys().map(|d| depth(&join(d, "OWNERS"))).collect();
    let filters: usize = owners.values().map(|s| s.filters.len()).sum();
    let count = |f: &dyn Fn(&OwnersSpec) -> bool| owners.values().filter(|s| f(s)).count();
    let real_aliases = plan.aliases.iter().filter(|(_, m)| !m.is_empty()).count();
    let unowned_dirs = expected.unowned.iter().filter(|f| f.ends_with('/')).count();

    println!();
    println!(
        "ownlint check benchmark ({} timed runs after {WARMUPS} warm-ups)",
        args.runs
    );
    println!("binary: {}", args.ownlint.display());
    println!("git: {}", args.git_version);
    println!();
    println!("repository (seed {SEED:#x})");
    let row = |label: &str, value: String| println!("  {label:<38} {value}");
    row("tracked files", expected.tracked.to_string());
    row(
        "  checked by ownlint",
        format!(
            "{} (vendored/generated left out: {})",
            expected.checked,
            expected.tracked - expected.checked
        ),
    );
    row("directories", plan.dirs.len().to_string());
    row("files by depth (path components)", histogram(&depths));
    row("OWNERS files by depth", histogram(&owners_depths));
    row(
        "OWNERS files",
        format!(
            "{} ({} read by ownlint, the rest under vendor/)",
            owners.len(),
            checked_owners.count()
        ),
    );
    row(
        "OWNERS_ALIASES aliases",
        format!(
            "{} ({} of 2-8 people, {} empty)",
            plan.aliases.len(),
            real_aliases,
            plan.aliases.len() - real_aliases
        ),
    );
    row(
        "OWNERS with filters",
        format!(
            "{} ({filters} expressions)",
            count(&|s| !s.filters.is_empty())
        ),
    );
    row(
        "OWNERS with no_parent_owners",
        count(&|s| s.no_parent_owners).to_string(),
    );
    row(
        "OWNERS with owner: + cover:",
        count(&|s| s.owner.is_some()).to_string(),
    );
    row(
        "OWNERS with emeritus_approvers",
        count(&|s| !s.emeritus_approvers.is_empty()).to_string(),
    );
    row(
        "OWNERS leaving their subtree unowned",
        count(&|s| s.unowned_by_design).to_string(),
    );
    row(
        "expected unowned-path findings",
        format!(
            "{} ({unowned_dirs} directories, {} individual files; {} unowned files in all)",
            expected.unowned.len(),
            expected.unowned.len() - unowned_dirs,
            expected.unowned_files
        ),
    );
    let setup: Vec<String> = std::iter::once(("generate", args.generated))
        .chain(args.timings.iter().copied())
        .map(|(what, d)| format!("{what} {:.0} ms", ms(d)))
        .collect();
    row("setup", setup.join(", "));

    println!();
    println!(
        "  {:<40} {:>9} {:>11} {:>9} {:>14}",
        "command (wall clock)", "min ms", "median ms", "max ms", "median / (a)"
    );
    println!("  {}", "-".repeat(87));
    let walls: Vec<Vec<f64>> = args
        .samples
        .iter()
        .map(|s| s.iter().copied().map(ms).collect())
        .collect();
    let baseline = stats(&walls[0]).1;
    for (name, walls) in args.names.iter().zip(&walls) {
        let (min, median, max) = stats(walls);
        println!(
            "  {name:<40} {min:>9.1} {median:>11.1} {max:>9.1} {:>13.1}x",
            median / baseline
        );
    }
    let median = |i: usize| stats(&walls[i]).1;
    println!(
        "  ratios of medians: (b)/(a) check / ls-files = {:.1}x, (c)/(a) check --rev HEAD / ls-files = {:.1}x",
        median(1) / median(0),
        median(2) / median(0)
    );

    let summary = &args.report["summary"];
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for d in args.report["diagnostics"].as_array().into_iter().flatten() {
        *by_rule
            .entry(d["rule"].as_str().unwrap_or("?").to_string())
            .or_default() += 1;
    }
    println!();
    println!(
        "findings reported by check: {} (errors {}, warnings {}, infos {}); summary.files {}, \
         summary.ownership_files {}, summary.excluded {}",
        by_rule.values().sum::<usize>(),
        summary["errors"],
        summary["warnings"],
        summary["infos"],
        summary["files"],
        summary["ownership_files"],
        summary["excluded"]
    );
    for (rule, n) in &by_rule {
        println!("  {rule:<36} {n:>6}");
    }
    println!(
        "verified: exit status 0, summary counts, {} unowned-path findings as predicted, \
         identical reports for the work tree and --rev HEAD",
        expected.unowned.len()
    );
}
