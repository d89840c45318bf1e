//! Wall-clock and memory benchmark of the history part of `ownlint check`, beside `git log`.
//!
//! # What it measures
//!
//! The benchmark generates, in a temporary directory, a deterministic bare git repository with
//! five years of Kubernetes-shaped history (2021-01-01 to 2026-01-01; by default 55,000
//! commits, about 10% of them merges):
//!
//! * ~17,000 files in the first commit (`pkg/`, `staging/src/k8s.io/*`, `cmd/`, `test/`,
//!   `docs/`, `hack/`, `cluster/`, `vendor/`, ...), growing to ~20,000 as commits add files;
//!   ~500 OWNERS files (`approvers:` / `reviewers:` in block or flow style, some `owner:`,
//!   `labels:`, aliases from a root OWNERS_ALIASES);
//! * ~300 people with a period of activity (some leave, some join late), an activity rate
//!   (a few are prolific), one to three home areas, and an email that ownlint joins to their
//!   handle directly (`handle@domain`, a GitHub noreply address) or only through `.mailmap`
//!   (a corporate address; an address used before a change of email), or not at all; plus a few
//!   people who are declared in OWNERS files but never commit;
//! * commits of 1-10 files, most within the author's home area and its directory, some adding
//!   files, some spilling into another area, some updating OWNERS files (adding reviewers,
//!   promoting them, moving people who left to `emeritus_approvers`), some dependency bumps
//!   under `vendor/`; `Signed-off-by:`, `Co-authored-by:` and `Reviewed-by:` trailers;
//! * pull requests: a side branch of 1-4 commits forked from one of the last few commits of
//!   `main`, merged with a merge commit `Merge pull request #N from handle/branch` authored by a
//!   bot; other commits land on `main` directly (squash merges, committed by `GitHub`).
//!
//! The repository is bare and ownlint reads it with `--rev HEAD`, so no work tree has to be
//! checked out; in a bare repository libgit2 (like git) reads `.mailmap` from `HEAD`.
//!
//! The anchor is the HEAD commit's time (`--as-of @<seconds>`) and the window `--since 365d`,
//! so the window is the last year of the generated history. It then times, interleaved round
//! by round, `N` runs (after one warm-up round) of:
//!
//! * (a)  `git log --no-merges --since=@START --until=@AS_OF --name-only --format='%H %ae %ct'
//!   HEAD` — the baseline: git reading the same commits and diffing the same trees;
//! * (b)  `ownlint check --repo DIR --rev HEAD --as-of @AS_OF --since 365d --format json
//!   --fail-on never --no-cache` — cold, no cache read or written;
//! * (b') the same without `--no-cache`, after deleting `<git dir>/ownlint/` — a true cold
//!   cache: the run also writes the cache;
//! * (c)  the same with the cache that (b') just wrote — warm;
//! * (d)  the same with `--no-history` — everything but history, to show how much of (b) and
//!   (c) is history;
//! * (e)  `git log --format='%an%ae%(trailers)' HEAD` — git reading the headers and trailers of
//!   every commit, which the identity index reads (the repository declares people who never
//!   commit, so the index reads the whole history);
//! * (f)  `ownlint check` with the history cache warm and the identity index's cache deleted:
//!   (f) minus (c) is what building the identity index cold costs, against (e).
//!
//! and prints min / median / max wall-clock milliseconds (process start to exit, output
//! discarded), the median CPU time (user + system; far below the wall clock means the machine
//! was busy) and the peak resident memory (MiB) of each command, the ratios (b)/(a) and (a)/(c)
//! against their targets (and the same ratios paired round by round, which a busy machine
//! disturbs less), the history findings by rule and the cache file's size.
//!
//! Peak memory is the child's own `ru_maxrss`, which the benchmark reaps itself with `wait4(2)`
//! (Linux; elsewhere memory and CPU time are not reported). This measures exactly one process
//! per run, without the `/usr/bin/time` wrapper.
//!
//! In passing it verifies that every `check` exits 0, that the reports of (b), (b') and (c)
//! are byte-for-byte identical (results must not depend on the cache), that (b) and (d) leave
//! the cache alone, that (b') writes it and that (c) does not rewrite it (every commit it
//! needed was in the cache), and that history actually produced findings.
//!
//! # How to run
//!
//! ```text
//! cargo bench --bench history
//! ```
//!
//! Cargo builds the `ownlint` binary with the `bench` profile (which inherits `release`) and
//! passes its path in `CARGO_BIN_EXE_ownlint`; when that is not set, `target/release/ownlint`
//! is used. Environment variables:
//!
//! * `OWNLINT_BENCH_COMMITS` — commits to generate (default 55000);
//! * `OWNLINT_BENCH_RUNS` — timed runs per command (default 9);
//! * `OWNLINT_BENCH_BIN` — another `ownlint` binary to time (e.g. an older build, for A/B);
//! * `OWNLINT_BENCH_NO_REPACK` — set to keep `git fast-import`'s pack as it is instead of
//!   repacking it like a fresh clone's (`git repack -adf`);
//! * `OWNLINT_BENCH_KEEP` — set to keep the generated repository (its path and the commands
//!   are printed), for profiling by hand.
//!
//! git runs hermetically: no system or global configuration, `HOME` in the temporary
//! directory. Every date, name and content comes from the seeded generator, so the repository
//! (and its commit ids) is the same on every machine with the same git.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{
    DAY, DOC_DIRS, DOC_FILES, FIXTURE_DIRS, GO_DIRS, HISTORY_END, HISTORY_START, MAX_DIR_DEPTH,
    Rng, SCRIPT_DIRS, SCRIPT_FILES, SINCE, STAGING_REPOS, SYLLABLES, Sample, WINDOW_SECONDS,
    Workspace, env_number, fast_import, file_identity, files_per_commit, git, git_output,
    go_package, hermetic, join, ms, next_commit_time, ownlint_binary, parent, run_checked,
    run_measured, stats, verdict, words,
};

// `DEFAULT_RUNS`, `WARMUPS` and `SEED` exist in benches/check.rs too, with other values: each
// benchmark keeps its own.

/// Commits generated when `OWNLINT_BENCH_COMMITS` is not set.
const DEFAULT_COMMITS: usize = 55_000;
/// Timed runs per command when `OWNLINT_BENCH_RUNS` is not set.
const DEFAULT_RUNS: usize = 9;
/// Untimed rounds before the timed ones (page cache, binary loading; the cache for (c)).
const WARMUPS: usize = 1;
/// Seed of the generator: change it to get another (still deterministic) repository.
const SEED: u64 = 0x6869_7374_6f72_7921;
/// Files in the first commit (the OWNERS files included); commits add ~3,000 more.
const INITIAL_FILES: usize = 17_000;
/// People who commit, and people who are declared in OWNERS files but never commit.
const PEOPLE: usize = 300;
const GHOSTS: usize = 12;
/// The share of merge commits among all commits.
const MERGE_SHARE: f64 = 0.10;
/// Side-branch commits per pull request: uniform in 1..=4, so 2.5 on average.
const PR_COMMITS: (usize, usize) = (1, 4);
/// The bot that authors merge commits (and the first commit).
const MERGE_BOT: (&str, &str) = (
    "Kubernetes Prow Robot",
    "k8s-ci-robot@users.noreply.github.com",
);
/// The committer of merges and of most commits made straight on `main` (squash merges).
const GITHUB: (&str, &str) = ("GitHub", "noreply@github.com");
/// Targets: (b)/(a) at most 1.3, (a)/(c) at least 5, peak memory under 200 MB (10^6 bytes).
const TARGET_COLD_RATIO: f64 = 1.3;
const TARGET_WARM_SPEEDUP: f64 = 5.0;
const TARGET_PEAK_MB: f64 = 200.0;
/// The history rules: their findings need history (`--no-history` leaves them out).
const HISTORY_RULES: &[&str] = &[
    "stale-owner",
    "undeclared-maintainer",
    "absent-from-area",
    "orphaned-area",
    "single-point-of-failure",
    "review-overdue",
    "unmapped-owner",
    "history-incomplete",
];

fn main() {
    let commits = env_number("OWNLINT_BENCH_COMMITS", DEFAULT_COMMITS);
    let runs = env_number("OWNLINT_BENCH_RUNS", DEFAULT_RUNS).max(1);
    assert!(
        commits >= 2_000,
        "OWNLINT_BENCH_COMMITS={commits}: use at least 2000 commits"
    );
    let ownlint = ownlint_binary();

    // 1. Generate the repository (bare: with `--rev HEAD`, no work tree is needed).
    let Workspace {
        temp,
        home,
        repo,
        scratch,
    } = Workspace::new("ownlint-bench-history-", "repo.git");
    let started = Instant::now();
    let plan = Plan::generate(SEED);
    let mut timings = vec![("generate the tree and people", started.elapsed())];
    let generated = write_repository(plan, commits, &repo, &home, &mut timings);

    // 2. The anchor: HEAD's commit time, and the window's start 365 days before it.
    let as_of: i64 = git_output(&repo, &home, &["log", "-1", "--format=%ct", "HEAD"])
        .trim()
        .parse()
        .expect("HEAD's commit time");
    let start = as_of - WINDOW_SECONDS;
    let git_dir = PathBuf::from(
        git_output(
            &repo,
            &home,
            &["rev-parse", "--path-format=absolute", "--git-common-dir"],
        )
        .trim(),
    );
    let cache_dir = git_dir.join("ownlint");
    let cache_file = cache_dir.join("history-v3.cache");
    let git_log_args: Vec<String> = vec![
        "log".into(),
        "--no-merges".into(),
        format!("--since=@{start}"),
        format!("--until=@{as_of}"),
        "--name-only".into(),
        "--format=%H %ae %ct".into(),
        "HEAD".into(),
    ];
    let window = count_window(&repo, &home, &git_log_args);
    // The identity index reads commit headers and trailers over the whole history (the
    // generated repository declares people who never commit, so it never stops early).
    let identity_log_args: Vec<String> = vec![
        "log".into(),
        "--format=%an%ae%(trailers)".into(),
        "HEAD".into(),
    ];
    let identity_file = cache_dir.join("identities-v1.json");

    // 3. Time the commands, round by round so that any background load hits them alike.
    let as_of_arg = format!("@{as_of}");
    let check = |extra: &[&str]| {
        let mut command = Command::new(&ownlint);
        hermetic(&mut command, &home).current_dir(&scratch);
        command.arg("check").arg("--repo").arg(&repo);
        command.args(["--rev", "HEAD", "--as-of", &as_of_arg, "--since", SINCE]);
        command.args(["--format", "json", "--fail-on", "never"]);
        command.args(extra);
        command
    };
    let benches = [
        Bench::new(
            "(a) git log --no-merges --name-only",
            Mode::Baseline,
            || {
                let mut command = git(&repo, &home);
                command.args(&git_log_args);
                command
            },
        ),
        Bench::new("(b) ownlint --no-cache (cold)", Mode::NoCache, || {
            check(&["--no-cache"])
        }),
        Bench::new(
            "(b') ownlint, cache deleted (writes it)",
            Mode::ColdCache,
            || check(&[]),
        ),
        Bench::new("(c) ownlint, warm cache", Mode::WarmCache, || check(&[])),
        Bench::new("(d) ownlint --no-history", Mode::NoHistory, || {
            check(&["--no-history"])
        }),
        Bench::new(
            "(e) git log --format=%an%ae%(trailers)",
            Mode::Baseline,
            || {
                let mut command = git(&repo, &home);
                command.args(&identity_log_args);
                command
            },
        ),
        Bench::new(
            "(f) ownlint, identity cache deleted",
            Mode::ColdIdentity,
            || check(&[]),
        ),
    ];
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); benches.len()];
    let mut reports: Vec<Option<Vec<u8>>> = vec![None; benches.len()];
    for round in 0..WARMUPS + runs {
        for (i, bench) in benches.iter().enumerate() {
            let before = file_identity(&cache_file);
            match bench.mode {
                Mode::ColdCache => match std::fs::remove_dir_all(&cache_dir) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => panic!("cannot delete {}: {e}", cache_dir.display()),
                },
                Mode::ColdIdentity => std::fs::remove_file(&identity_file)
                    .unwrap_or_else(|e| panic!("cannot delete {}: {e}", identity_file.display())),
                Mode::WarmCache => assert!(
                    before.is_some(),
                    "no cache file at {} before the warm run",
                    cache_file.display()
                ),
                _ => {}
            }
            // The warm-up round keeps the reports, to compare them.
            let capture = round < WARMUPS && bench.mode != Mode::Baseline;
            let (sample, stdout) = bench.run(capture, &scratch);
            let after = file_identity(&cache_file);
            match bench.mode {
                Mode::ColdCache => assert!(
                    after.is_some(),
                    "{}: no cache file at {} afterwards",
                    bench.name,
                    cache_file.display()
                ),
                Mode::WarmCache | Mode::ColdIdentity => assert_eq!(
                    before, after,
                    "{}: the warm run rewrote the cache (it found commits missing from it)",
                    bench.name
                ),
                _ => assert_eq!(before, after, "{}: the cache file changed", bench.name),
            }
            if capture {
                reports[i] = Some(stdout);
            }
            if round >= WARMUPS {
                samples[i].push(sample);
            }
        }
    }
    let cache_size = std::fs::metadata(&cache_file).map_or(0, |m| m.len());

    // 4. Verify: the cache must not change the result; history must show something.
    let mut report = |i: usize| reports[i].take().expect("a captured report");
    let (no_cache, cold, warm, no_history) = (report(1), report(2), report(3), report(4));
    assert!(
        no_cache == cold,
        "the reports of --no-cache and of a cold cache differ"
    );
    assert!(
        cold == warm,
        "the reports with a cold cache and with a warm cache differ: results depend on the cache"
    );
    let parse = |bytes: &[u8], what: &str| -> Value {
        serde_json::from_slice(bytes)
            .unwrap_or_else(|e| panic!("{what} did not print a JSON report: {e}"))
    };
    let with_history = parse(&cold, "ownlint check");
    let without_history = parse(&no_history, "ownlint check --no-history");
    let rules_with = by_rule(&with_history);
    let rules_without = by_rule(&without_history);
    for rule in HISTORY_RULES {
        assert!(
            !rules_without.contains_key(*rule),
            "--no-history reported `{rule}` findings"
        );
    }
    assert!(
        rules_with.get("stale-owner").copied().unwrap_or(0) > 0
            && rules_with
                .get("undeclared-maintainer")
                .copied()
                .unwrap_or(0)
                > 0,
        "history produced no stale-owner or undeclared-maintainer finding: {rules_with:?}"
    );

    print_report(&PrintArgs {
        generated: &generated,
        timings: &timings,
        window: &window,
        ownlint: &ownlint,
        git_version: git_output(&repo, &home, &["version"]).trim().to_string(),
        as_of,
        start,
        runs,
        benches: &benches,
        samples: &samples,
        rules_with: &rules_with,
        rules_without: &rules_without,
        summary: &with_history["summary"],
        cache_size,
    });

    if std::env::var_os("OWNLINT_BENCH_KEEP").is_some() {
        let kept = temp.keep();
        let repo = kept.join("repo.git");
        println!(
            "\nkept the repository (OWNLINT_BENCH_KEEP): {}",
            repo.display()
        );
        println!(
            "  ownlint check --repo {} --rev HEAD --as-of @{as_of} --since {SINCE} --format json --fail-on never",
            repo.display()
        );
        println!(
            "  git -C {} log --no-merges --since=@{start} --until=@{as_of} --name-only --format='%H %ae %ct' HEAD",
            repo.display()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Processes (the shared helpers are in common/mod.rs)
// ---------------------------------------------------------------------------------------------

/// What the baseline `git log` prints, counted once (untimed): the commits of the window and
/// the (commit, path) lines.
struct WindowCounts {
    commits: usize,
    paths: usize,
    authors: usize,
}

fn count_window(repo: &Path, home: &Path, args: &[String]) -> WindowCounts {
    let output = git(repo, home)
        .args(args)
        .output()
        .expect("cannot run git log");
    assert!(output.status.success(), "git log failed");
    let text = String::from_utf8_lossy(&output.stdout);
    let mut counts = WindowCounts {
        commits: 0,
        paths: 0,
        authors: 0,
    };
    let mut authors = HashSet::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        // `%H %ae %ct`: 40 hex digits, an email, a number; anything else is a path.
        let fields: Vec<&str> = line.split(' ').collect();
        let is_header = fields.len() == 3
            && fields[0].len() == 40
            && fields[0].bytes().all(|b| b.is_ascii_hexdigit())
            && fields[2].bytes().all(|b| b.is_ascii_digit());
        if is_header {
            counts.commits += 1;
            authors.insert(fields[1].to_string());
        } else {
            counts.paths += 1;
        }
    }
    counts.authors = authors.len();
    counts
}

/// What a timed command does to the cache, and what the loop checks around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Baseline,
    NoCache,
    ColdCache,
    WarmCache,
    NoHistory,
    /// The history cache warm, the identity index's cache deleted before the run.
    ColdIdentity,
}

/// One timed command: a name, what it does to the cache, and how to build a fresh `Command`
/// for each run.
///
/// benches/check.rs has its own `Bench`, not shared with this one: it has no cache modes and
/// times `Command::output` with pipes, while this one reaps the child with `wait4` for its CPU
/// time and peak memory; sharing it would change what one benchmark or the other measures.
struct Bench<'a> {
    name: &'static str,
    mode: Mode,
    make: Box<dyn Fn() -> Command + 'a>,
}

impl<'a> Bench<'a> {
    fn new(name: &'static str, mode: Mode, make: impl Fn() -> Command + 'a) -> Bench<'a> {
        Bench {
            name,
            mode,
            make: Box::new(make),
        }
    }

    /// Runs the command once: its sample, and its stdout when `capture`. Panics when the
    /// command does not exit 0.
    fn run(&self, capture: bool, scratch: &Path) -> (Sample, Vec<u8>) {
        let (sample, stdout, _) = run_measured(&mut (self.make)(), self.name, capture, scratch);
        (sample, stdout)
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

// The lists both generators use as they are live in common/mod.rs. `SIGS`, `VERSIONS`,
// `GO_FILES` and `VENDOR_HOSTS` have counterparts in benches/check.rs with other words: they
// stay here, since the generator draws from them and any change would change the repository.

const SIGS: &str = "api-machinery apps architecture auth autoscaling cli cloud-provider \
    cluster-lifecycle docs instrumentation network node release scalability scheduling \
    storage testing windows";
const VERSIONS: &str = "v1 v1beta1 v1beta2 v1alpha1 v2";
const GO_FILES: &str = "admission cache client config controller conversion defaults errors expansion \
    factory fake fields handler helpers informer interface labels lister manager metrics \
    options patch plugin queue reconciler scheme selector server storage strategy util \
    validation watcher worker types register doc";
const VENDOR_HOSTS: &str = "github.com/google github.com/prometheus github.com/spf13 github.com/stretchr \
    github.com/opencontainers github.com/containerd golang.org/x google.golang.org \
    go.opentelemetry.io sigs.k8s.io";
const FIRST_NAMES: &str = "Aaron Abby Adrian Aisha Alex Alice Amir Ana Andrea Anil Anna Ben Bo Carla \
    Chen Chris Dana Daniel David Deepak Diego Elena Emma Eric Fatima Felix Gina Hana Hiro \
    Igor Ines Ivan Jana Javier Jin Jordan Julia Kai Karim Kate Kenji Lara Lea Leo Li Lucas \
    Maria Mark Maya Mei Mike Nadia Nina Noah Olga Omar Paul Priya Rahul Rosa Sam Sara Sean \
    Sofia Tara Tom Uma Victor Wei Yara Yuki Zoe";
const LAST_NAMES: &str = "Abbott Alvarez Bauer Brown Chandra Chen Costa Dubois Eriksen Fischer Garcia \
    Gupta Hansen Ito Jensen Kim Kowalski Kumar Larsen Lee Lopez Martin Meyer Moreau Nakamura \
    Novak Okafor Olsen Park Patel Petrov Quinn Rossi Santos Sato Schmidt Singh Silva Smith \
    Tanaka Torres Valdez Wagner Wang Weber Wong Yamada Young Zhang Zhou";
const TIME_ZONES: &str = "+0000 -0700 -0400 +0100 +0200 +0530 +0900";
const DOMAINS: &str = "gmail.com example.com fastmail.com hey.com proton.me";
const CORPS: &str = "bigcloud.example megacorp.example infra.example";
const VERBS: &str = "fix add remove refactor update simplify document deprecate handle \
    rename test clean";
const OBJECTS: &str = "race in informer cache|nil pointer on shutdown|flaky e2e test|\
    metrics for queue depth|validation of new field|error message wording|\
    retry on conflict|unused helper|feature gate|default value|log verbosity|\
    watch cache resync|API docs|conversion functions|timeout handling";

// ---------------------------------------------------------------------------------------------
// The model: areas (OWNERS files), people, files
// ---------------------------------------------------------------------------------------------

/// What kind of files a subtree holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flavor {
    Go,
    Docs,
    Scripts,
    Fixtures,
    /// Third-party Go code under `vendor/`, which ownlint leaves out.
    Vendored,
}

/// One OWNERS file as the generator means it (it changes over the history).
#[derive(Clone, Debug, Default)]
struct OwnersSpec {
    owner: Option<String>,
    approvers: Vec<String>,
    reviewers: Vec<String>,
    emeritus_approvers: Vec<String>,
    labels: Vec<String>,
    /// `approvers: [a, b]` rather than a block list.
    flow: bool,
}

impl OwnersSpec {
    fn render(&self) -> String {
        let mut out = String::from("# See the OWNERS docs at https://go.k8s.io/owners\n\n");
        if let Some(owner) = &self.owner {
            out.push_str(&format!("owner: {owner}\n"));
        }
        for (key, names) in [
            ("approvers", &self.approvers),
            ("reviewers", &self.reviewers),
            ("emeritus_approvers", &self.emeritus_approvers),
            ("labels", &self.labels),
        ] {
            if names.is_empty() {
                continue;
            }
            if self.flow {
                out.push_str(&format!("{key}: [{}]\n", names.join(", ")));
            } else {
                out.push_str(&format!("{key}:\n"));
                for name in names {
                    out.push_str(&format!("  - {name}\n"));
                }
            }
        }
        out
    }
}

/// An OWNERS file and the files it is the nearest OWNERS file of.
struct Area {
    /// Its directory, `""` for the root.
    dir: String,
    sig: &'static str,
    /// Files (not the OWNERS file) whose nearest OWNERS file is this one, sorted.
    files: Vec<String>,
    spec: OwnersSpec,
    vendored: bool,
}

impl Area {
    fn owners_path(&self) -> String {
        join(&self.dir, "OWNERS")
    }

    /// What commit subjects call it: its directory's last component.
    fn scope(&self) -> &str {
        match self.dir.rsplit('/').next() {
            Some("") | None => "build",
            Some(name) => name,
        }
    }
}

/// One person.
struct Person {
    handle: String,
    name: String,
    /// The address they commit with (from `email_since`, if they changed it).
    email: String,
    /// The address they committed with before `email_since`.
    old_email: Option<String>,
    email_since: i64,
    /// Their address after `.mailmap`, when a `.mailmap` entry maps `email` (and `old_email`).
    canonical: Option<String>,
    tz: &'static str,
    /// Active in `[join, leave)`; ghosts never are.
    join: i64,
    leave: i64,
    /// Relative activity (heavy-tailed: a few people make many of the commits).
    rate: f64,
    /// Areas they mostly work in.
    homes: Vec<usize>,
    ghost: bool,
}

impl Person {
    fn active(&self, time: i64) -> bool {
        !self.ghost && self.join <= time && time < self.leave
    }

    fn email_at(&self, time: i64) -> &str {
        match &self.old_email {
            Some(old) if time < self.email_since => old,
            _ => &self.email,
        }
    }
}

/// The repository as generated: areas, people, and every tracked file with its revision.
struct Plan {
    rng: Rng,
    areas: Vec<Area>,
    people: Vec<Person>,
    /// Alias → members (person indices).
    aliases: Vec<(String, Vec<usize>)>,
    /// Every tracked file → how many times it was changed (its content depends on it).
    files: BTreeMap<String, u32>,
    /// Contents that are not fillers: OWNERS_ALIASES, .mailmap.
    fixed: HashMap<String, String>,
    /// The area of each OWNERS file, by path.
    owners_files: HashMap<String, usize>,
}

impl Plan {
    /// The tree of the first commit, the people and the first OWNERS files.
    fn generate(seed: u64) -> Plan {
        let mut plan = Plan {
            rng: Rng::new(seed),
            areas: Vec::new(),
            people: Vec::new(),
            aliases: Vec::new(),
            files: BTreeMap::new(),
            fixed: HashMap::new(),
            owners_files: HashMap::new(),
        };
        plan.tree();
        plan.make_people();
        plan.make_owners();
        plan
    }

    // --- The tree ---

    fn tree(&mut self) {
        let root = self.add_area("", "architecture", false);
        for name in [
            "README.md",
            "LICENSE",
            "Makefile",
            "go.mod",
            "go.sum",
            "CHANGELOG.md",
            "CONTRIBUTING.md",
            "SECURITY_CONTACTS",
            ".gitignore",
        ] {
            self.add_file(name, root);
        }
        // Written once people exist; counted now.
        for name in ["OWNERS_ALIASES", ".mailmap"] {
            self.files.insert(name.to_string(), 0);
        }
        let left = INITIAL_FILES - self.files.len();
        let shares: &[(&str, f64, Flavor, &str)] = &[
            ("vendor", 0.08, Flavor::Vendored, "architecture"),
            ("staging", 0.18, Flavor::Go, "api-machinery"),
            ("test", 0.13, Flavor::Go, "testing"),
            ("cmd", 0.04, Flavor::Go, "cli"),
            ("plugin", 0.02, Flavor::Go, "scheduling"),
            ("docs", 0.03, Flavor::Docs, "docs"),
            ("hack", 0.03, Flavor::Scripts, "testing"),
            ("cluster", 0.04, Flavor::Scripts, "cluster-lifecycle"),
            ("build", 0.02, Flavor::Scripts, "release"),
            ("api", 0.02, Flavor::Fixtures, "api-machinery"),
        ];
        let mut used = 0;
        for &(name, share, flavor, sig) in shares {
            let budget = (left as f64 * share) as usize;
            used += budget;
            match name {
                "vendor" => self.vendor(budget),
                "staging" => self.staging(budget),
                "test" => self.test(budget),
                _ => self.grow(name, 1, budget, flavor, sig, root),
            }
        }
        self.grow("pkg", 1, left - used, Flavor::Go, "architecture", root);
        assert_eq!(self.files.len(), INITIAL_FILES);
    }

    fn vendor(&mut self, budget: usize) {
        let area = self.add_area("vendor", "architecture", true);
        self.add_file("vendor/modules.txt", area);
        let hosts = words(VENDOR_HOSTS);
        let mut left = budget - 2;
        for (i, host) in hosts.iter().enumerate() {
            let share = left / (hosts.len() - i);
            left -= share;
            let depth = host.matches('/').count() + 2;
            self.spread(
                &format!("vendor/{host}"),
                depth,
                share,
                Flavor::Vendored,
                area,
            );
        }
    }

    /// `staging/src/k8s.io/<repo>/...`, one OWNERS file per repository.
    fn staging(&mut self, budget: usize) {
        let staging = self.add_area("staging", "api-machinery", false);
        self.add_file("staging/README.md", staging);
        let repos = words(STAGING_REPOS);
        let sigs = words(SIGS);
        let mut left = budget - 2;
        for (i, repo) in repos.iter().enumerate() {
            let share = left / (repos.len() - i);
            left -= share;
            let dir = format!("staging/src/k8s.io/{repo}");
            let area = self.add_area(&dir, sigs[i % sigs.len()], false);
            self.spread(&dir, 4, share - 1, Flavor::Go, area);
        }
    }

    fn test(&mut self, budget: usize) {
        let test = self.add_area("test", "testing", false);
        let parts: &[(&str, f64, Flavor)] = &[
            ("e2e", 0.45, Flavor::Go),
            ("integration", 0.3, Flavor::Go),
            ("fixtures", 0.1, Flavor::Fixtures),
            ("images", 0.1, Flavor::Scripts),
        ];
        let mut left = budget - 1;
        for &(name, share, flavor) in parts {
            let share = (budget as f64 * share) as usize;
            left -= share;
            self.grow(&format!("test/{name}"), 2, share, flavor, "testing", test);
        }
        self.grow("test/utils", 2, left, Flavor::Go, "testing", test);
    }

    /// A directory holding `budget` files in all, below the area `area` unless it gets its own
    /// OWNERS file (always at the top level, less often deeper).
    fn grow(
        &mut self,
        dir: &str,
        depth: usize,
        budget: usize,
        flavor: Flavor,
        sig: &'static str,
        area: usize,
    ) {
        let mut budget = budget;
        let mut area = area;
        let p = match depth {
            1 => 1.0,
            2 => 0.8,
            3 => 0.55,
            4 => 0.4,
            _ => 0.27,
        };
        if budget >= 3 && self.rng.chance(p) {
            // Second-level Go packages belong to various SIGs, as in Kubernetes.
            let sig = if depth == 2 && flavor == Flavor::Go {
                self.rng.word(SIGS)
            } else {
                sig
            };
            area = self.add_area(dir, sig, false);
            budget -= 1;
        }
        if budget > 0 {
            self.spread(dir, depth, budget, flavor, area);
        }
    }

    /// Puts `budget` files in `dir`: some directly, the rest in new subdirectories.
    fn spread(&mut self, dir: &str, depth: usize, budget: usize, flavor: Flavor, area: usize) {
        let leaf = depth >= MAX_DIR_DEPTH || budget <= self.rng.range(8, 60);
        let here = if leaf {
            budget
        } else {
            self.rng.range(2, 24).min(budget)
        };
        self.fill(dir, here, flavor, area);
        let rest = budget - here;
        if rest == 0 {
            return;
        }
        // Split the rest among 3-30 subdirectories, each getting at least one file.
        let count = self.rng.range(3, 6 + (rest / 150).min(24)).min(rest);
        let weights: Vec<usize> = (0..count).map(|_| self.rng.range(1, 10)).collect();
        let sum: usize = weights.iter().sum();
        let mut shares: Vec<usize> = weights
            .iter()
            .map(|w| 1 + (rest - count) * w / sum)
            .collect();
        shares[0] += rest - shares.iter().sum::<usize>();
        let sig = self.areas[area].sig;
        let mut taken = HashSet::new();
        for share in shares {
            let name = loop {
                let name = match flavor {
                    Flavor::Go | Flavor::Vendored if self.rng.chance(0.15) => {
                        self.rng.word(VERSIONS)
                    }
                    Flavor::Go | Flavor::Vendored => self.rng.word(GO_DIRS),
                    Flavor::Docs => self.rng.word(DOC_DIRS),
                    Flavor::Scripts => self.rng.word(SCRIPT_DIRS),
                    Flavor::Fixtures => self.rng.word(FIXTURE_DIRS),
                };
                let name = if taken.contains(name) {
                    format!("{name}{}", taken.len())
                } else {
                    name.to_string()
                };
                if taken.insert(name.clone()) {
                    break name;
                }
            };
            let child = join(dir, &name);
            if flavor == Flavor::Vendored {
                self.spread(&child, depth + 1, share, flavor, area);
            } else {
                self.grow(&child, depth + 1, share, flavor, sig, area);
            }
        }
    }

    /// Writes `count` new files of `flavor` directly in `dir`.
    fn fill(&mut self, dir: &str, count: usize, flavor: Flavor, area: usize) {
        for _ in 0..count {
            let path = self.new_file_name(dir, flavor);
            self.add_file(&path, area);
        }
    }

    /// A name for a new file in `dir` that no tracked file has.
    fn new_file_name(&mut self, dir: &str, flavor: Flavor) -> String {
        let stem = match flavor {
            Flavor::Go | Flavor::Vendored | Flavor::Fixtures => self.rng.word(GO_FILES),
            Flavor::Docs => self.rng.word(DOC_FILES),
            Flavor::Scripts => self.rng.word(SCRIPT_FILES),
        };
        let extension = match flavor {
            Flavor::Go | Flavor::Vendored if self.rng.chance(0.35) => "_test.go",
            Flavor::Go | Flavor::Vendored => ".go",
            Flavor::Docs => *self.rng.pick(&[".md", ".md", ".md", ".png", ".svg"]),
            Flavor::Scripts => *self.rng.pick(&[".sh", ".sh", ".py", ".yaml", ".mk"]),
            Flavor::Fixtures => *self.rng.pick(&[".yaml", ".yaml", ".json", ".txt"]),
        };
        let mut path = join(dir, &format!("{stem}{extension}"));
        let mut n = 1;
        while self.files.contains_key(&path) {
            n += 1;
            path = join(dir, &format!("{stem}_{n}{extension}"));
        }
        path
    }

    fn add_area(&mut self, dir: &str, sig: &'static str, vendored: bool) -> usize {
        let index = self.areas.len();
        self.areas.push(Area {
            dir: dir.to_string(),
            sig,
            files: Vec::new(),
            spec: OwnersSpec::default(),
            vendored,
        });
        let path = join(dir, "OWNERS");
        self.owners_files.insert(path.clone(), index);
        self.files.insert(path, 0);
        index
    }

    /// Tracks a new file (revision 0) in `area`.
    fn add_file(&mut self, path: &str, area: usize) {
        let previous = self.files.insert(path.to_string(), 0);
        assert!(previous.is_none(), "generated {path} twice");
        let files = &mut self.areas[area].files;
        let at = files
            .binary_search_by(|f| f.as_str().cmp(path))
            .unwrap_err();
        files.insert(at, path.to_string());
    }

    // --- People ---

    fn make_people(&mut self) {
        let firsts = words(FIRST_NAMES);
        let lasts = words(LAST_NAMES);
        // Homes are drawn by area size (vendored code excepted).
        let area_weights: Vec<f64> = self
            .areas
            .iter()
            .map(|a| {
                if a.vendored {
                    0.0
                } else {
                    a.files.len() as f64 + 1.0
                }
            })
            .collect();
        let mut handles = HashSet::new();
        for i in 0..PEOPLE + GHOSTS {
            let first = *self.rng.pick(&firsts);
            let last = *self.rng.pick(&lasts);
            let base = match self.rng.below(10) {
                0..=4 => format!("{}{}", first, &last[..1]),
                5..=7 => {
                    let mut s = String::new();
                    for _ in 0..self.rng.range(2, 3) {
                        s.push_str(self.rng.word(SYLLABLES));
                    }
                    s
                }
                _ => format!("{}{}", &first[..1], last),
            }
            .to_lowercase();
            let mut handle = base.clone();
            let mut n = 1;
            while !handles.insert(handle.clone()) {
                n += 1;
                handle = format!("{base}{n}");
            }
            let name = format!("{first} {last}");
            let corp = format!(
                "{}.{}@{}",
                first.to_lowercase(),
                last.to_lowercase(),
                self.rng.word(CORPS)
            );
            let own = format!("{handle}@{}", self.rng.word(DOMAINS));
            // How ownlint can join their commits to their handle.
            let (email, canonical) = match self.rng.below(100) {
                // The email's local part is the handle.
                0..=44 => (own, None),
                // GitHub's noreply address names the handle.
                45..=69 => (
                    format!("{}+{handle}@users.noreply.github.com", 10_000 + i * 37),
                    None,
                ),
                // A corporate address, mapped to the handle by .mailmap.
                70..=89 => (corp, Some(own)),
                // A corporate address nothing maps: their commits are not theirs to ownlint.
                _ => (corp, None),
            };
            let ghost = i >= PEOPLE;
            let span = HISTORY_END - HISTORY_START;
            let join = if self.rng.chance(0.45) {
                HISTORY_START - DAY
            } else {
                HISTORY_START + (self.rng.unit() * (span - 60 * DAY) as f64) as i64
            };
            let leave = if self.rng.chance(0.4) {
                join + 120 * DAY + (-700.0 * (1.0 - self.rng.unit()).ln()) as i64 * DAY
            } else {
                i64::MAX
            };
            // Some changed address half way through (.mailmap maps the old one).
            let (old_email, email_since) = if self.rng.chance(0.15) {
                let old = format!(
                    "{}{}@{}",
                    first.to_lowercase(),
                    last.to_lowercase(),
                    self.rng.word(CORPS)
                );
                let end = leave.min(HISTORY_END).max(join.max(HISTORY_START));
                (Some(old), join.max(HISTORY_START) / 2 + end / 2)
            } else {
                (None, i64::MIN)
            };
            let canonical = match (&canonical, &old_email) {
                (None, Some(_)) => Some(email.clone()),
                _ => canonical,
            };
            let rate = (1.0 / (1.0 - self.rng.unit()).powf(1.0 / 1.3)).min(60.0);
            let homes = (0..self.rng.range(1, 3))
                .map(|_| self.rng.weighted(&area_weights))
                .collect();
            self.people.push(Person {
                handle,
                name,
                email,
                old_email,
                email_since,
                canonical,
                tz: self.rng.word(TIME_ZONES),
                join,
                leave,
                rate,
                homes,
                ghost,
            });
        }
        // `.mailmap`: `Proper Name <proper@email> <commit@email>`.
        let mut mailmap = String::from("# Maps commit addresses to canonical ones.\n");
        for person in &self.people {
            let Some(canonical) = &person.canonical else {
                continue;
            };
            for email in std::iter::once(&person.email).chain(&person.old_email) {
                if email != canonical {
                    mailmap.push_str(&format!("{} <{canonical}> <{email}>\n", person.name));
                }
            }
        }
        self.fixed.insert(".mailmap".into(), mailmap);
    }

    // --- OWNERS ---

    /// The first OWNERS files and OWNERS_ALIASES: approvers and reviewers among the people
    /// who work in the area, mostly early ones; a few ghosts.
    fn make_owners(&mut self) {
        // sig-<name>-approvers aliases, for the top-level OWNERS files.
        let mut sigs: Vec<&'static str> = self.areas.iter().map(|a| a.sig).collect();
        sigs.sort_unstable();
        sigs.dedup();
        for sig in sigs {
            let candidates: Vec<usize> = (0..PEOPLE)
                .filter(|&p| {
                    self.people[p]
                        .homes
                        .iter()
                        .any(|&h| self.areas[h].sig == sig)
                })
                .collect();
            let count = self.rng.range(3, 6);
            let members = self.choose(&candidates, count, |_| true);
            self.aliases.push((format!("sig-{sig}-approvers"), members));
        }
        for area in 0..self.areas.len() {
            let spec = self.first_spec(area);
            self.areas[area].spec = spec;
        }
        let mut text = String::from(
            "# See the OWNERS docs at https://go.k8s.io/owners#owners_aliases\n\naliases:\n",
        );
        for (name, members) in &self.aliases {
            text.push_str(&format!("  {name}:\n"));
            for &m in members {
                text.push_str(&format!("    - {}\n", self.people[m].handle));
            }
        }
        self.fixed.insert("OWNERS_ALIASES".into(), text);
    }

    fn first_spec(&mut self, area: usize) -> OwnersSpec {
        let sig = self.areas[area].sig;
        let early = |p: &Person| p.join <= HISTORY_START + 90 * DAY;
        let homed: Vec<usize> = (0..PEOPLE)
            .filter(|&p| self.people[p].homes.contains(&area))
            .collect();
        let same_sig: Vec<usize> = (0..PEOPLE)
            .filter(|&p| {
                self.people[p]
                    .homes
                    .iter()
                    .any(|&h| self.areas[h].sig == sig)
            })
            .collect();
        let pool = if homed.iter().any(|&p| early(&self.people[p])) {
            homed
        } else {
            same_sig
        };
        let count = self.rng.range(1, 3);
        let chosen = self.choose(&pool, count, |p| early(p));
        let mut approvers: Vec<String> = chosen
            .iter()
            .map(|&p| self.people[p].handle.clone())
            .collect();
        let depth = self.areas[area].dir.split('/').count();
        if self.areas[area].dir.is_empty() || depth == 1 || self.rng.chance(0.1) {
            approvers.insert(0, format!("sig-{sig}-approvers"));
        }
        if self.rng.chance(0.08) {
            let ghost = PEOPLE + self.rng.below(GHOSTS);
            approvers.push(self.people[ghost].handle.clone());
        }
        let count = self.rng.range(1, 3);
        let reviewers = self
            .choose(&pool, count, |_| true)
            .iter()
            .map(|&p| self.people[p].handle.clone())
            .filter(|h| !approvers.contains(h))
            .collect();
        OwnersSpec {
            owner: (self.rng.chance(0.2) && !chosen.is_empty())
                .then(|| self.people[chosen[0]].handle.clone()),
            approvers,
            reviewers,
            emeritus_approvers: Vec::new(),
            labels: if self.rng.chance(0.7) {
                vec![format!("sig/{sig}")]
            } else {
                Vec::new()
            },
            flow: self.rng.chance(0.4),
        }
    }

    /// Up to `count` distinct people of `pool`, preferring those `prefer` accepts; random people
    /// when the pool is empty.
    fn choose(
        &mut self,
        pool: &[usize],
        count: usize,
        prefer: impl Fn(&Person) -> bool,
    ) -> Vec<usize> {
        let preferred: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|&p| prefer(&self.people[p]))
            .collect();
        let pool: Vec<usize> = match (preferred.is_empty(), pool.is_empty()) {
            (false, _) => preferred,
            (true, false) => pool.to_vec(),
            (true, true) => (0..PEOPLE).collect(),
        };
        let mut chosen = Vec::new();
        for _ in 0..count * 4 {
            let p = *self.rng.pick(&pool);
            if !chosen.contains(&p) {
                chosen.push(p);
            }
            if chosen.len() == count {
                break;
            }
        }
        chosen
    }

    /// The content of a tracked file at its current revision.
    fn content(&self, path: &str) -> String {
        if let Some(&area) = self.owners_files.get(path) {
            return self.areas[area].spec.render();
        }
        if let Some(text) = self.fixed.get(path) {
            return text.clone();
        }
        let revision = self.files.get(path).copied().unwrap_or(0);
        filler(path, revision)
    }
}

/// Content of a generated file: small, unique, plausible for its extension, and different for
/// every revision.
///
/// Not shared with benches/check.rs's `filler`, whose contents have no revision (and a `.sh`
/// form): one function for both would change the files (and commit ids) of one benchmark or the
/// other.
fn filler(path: &str, revision: u32) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.ends_with(".go") {
        let package = go_package(path);
        format!(
            "// Benchmark fixture {path}.\n\npackage {package}\n\n// Revision is a placeholder.\nfunc Revision() int {{ return {revision} }}\n"
        )
    } else if name.ends_with(".md") {
        format!("# {name}\n\nBenchmark fixture {path}, revision {revision}.\n")
    } else if name.ends_with(".json") {
        format!("{{\"fixture\": \"{path}\", \"revision\": {revision}}}\n")
    } else {
        format!("# Benchmark fixture {path}, revision {revision}.\n")
    }
}

// ---------------------------------------------------------------------------------------------
// The history: a stream for `git fast-import`
// ---------------------------------------------------------------------------------------------

/// A name, an email, an instant and a time zone, as in a commit header.
struct Signature {
    name: String,
    email: String,
    time: i64,
    tz: &'static str,
}

impl Signature {
    fn of(person: &Person, time: i64) -> Signature {
        Signature {
            name: person.name.clone(),
            email: person.email_at(time).to_string(),
            time,
            tz: person.tz,
        }
    }

    fn fixed((name, email): (&str, &str), time: i64) -> Signature {
        Signature {
            name: name.to_string(),
            email: email.to_string(),
            time,
            tz: "+0000",
        }
    }
}

/// What the generator wrote, for the report.
#[derive(Default)]
struct Generated {
    commits: usize,
    merges: usize,
    side_commits: usize,
    direct: usize,
    vendor_bumps: usize,
    owners_updates: usize,
    files_added: usize,
    files_deleted: usize,
    files_at_head: usize,
    owners_files: usize,
    people: usize,
    ghosts: usize,
    author_emails: usize,
    mailmap_entries: usize,
    trailers: BTreeMap<&'static str, usize>,
    pack_bytes: u64,
}

/// Writes commits to `git fast-import`, keeping the plan's files and OWNERS files up to date.
struct Simulation<W: Write> {
    plan: Plan,
    out: W,
    /// The last mark used (marks are commit numbers, from 1).
    mark: usize,
    /// The time of the last commit.
    now: i64,
    /// How many commits to write.
    target: usize,
    /// Marks of the last few commits of `main` (pull requests fork from one of them).
    main_tips: Vec<usize>,
    pull_requests: usize,
    generated: Generated,
    author_emails: HashSet<String>,
}

impl<W: Write> Simulation<W> {
    /// The next commit time: increasing, spreading the commits still to write evenly (with
    /// jitter) over what is left of the five years, so that the last one lands near the end.
    fn tick(&mut self) -> i64 {
        let left = self.target.saturating_sub(self.generated.commits);
        self.now = next_commit_time(self.now, left, &mut self.plan.rng);
        self.now
    }

    /// Someone active at `time`, drawn by activity rate.
    fn author(&mut self, time: i64) -> usize {
        let weights: Vec<f64> = self
            .plan
            .people
            .iter()
            .map(|p| if p.active(time) { p.rate } else { 0.0 })
            .collect();
        if weights.iter().all(|&w| w == 0.0) {
            return self.plan.rng.below(PEOPLE);
        }
        self.plan.rng.weighted(&weights)
    }

    /// The area a change by `author` is about: mostly one of their homes.
    fn area_for(&mut self, author: usize) -> usize {
        let homes = &self.plan.people[author].homes;
        if self.plan.rng.chance(0.8) {
            let area = homes[self.plan.rng.below(homes.len())];
            if !self.plan.areas[area].files.is_empty() {
                return area;
            }
        }
        self.random_area()
    }

    /// An area drawn by size (vendored code excepted).
    fn random_area(&mut self) -> usize {
        let weights: Vec<f64> = self
            .plan
            .areas
            .iter()
            .map(|a| {
                if a.vendored {
                    0.0
                } else {
                    a.files.len() as f64
                }
            })
            .collect();
        self.plan.rng.weighted(&weights)
    }

    /// `count` files of an area that sit close together (neighbours in path order: the same
    /// directory, a file and its test), now and then with a new file beside them.
    fn pick_files(&mut self, area: usize, count: usize, out: &mut Vec<String>) {
        let files = &self.plan.areas[area].files;
        if files.is_empty() {
            return;
        }
        let start = self.plan.rng.below(files.len());
        let end = (start + 2 * count + 3).min(files.len());
        let window: Vec<String> = files[start..end].to_vec();
        for _ in 0..count * 3 {
            if out.len() >= count {
                break;
            }
            let path = self.plan.rng.pick(&window).clone();
            if !out.contains(&path) {
                out.push(path);
            }
        }
        if self.plan.rng.chance(0.06) {
            let dir = parent(&window[0]).unwrap_or("").to_string();
            let flavor = if self.plan.areas[area].vendored {
                Flavor::Vendored
            } else if window[0].ends_with(".go") {
                Flavor::Go
            } else if window[0].ends_with(".md") {
                Flavor::Docs
            } else {
                Flavor::Scripts
            };
            let path = self.plan.new_file_name(&dir, flavor);
            self.plan.add_file(&path, area);
            self.generated.files_added += 1;
            out.push(path);
        }
    }

    /// The changes of an ordinary commit: files of one area, sometimes of another too.
    fn ordinary_change(&mut self, area: usize) -> Vec<String> {
        let mut paths = Vec::new();
        let count = files_per_commit(&mut self.plan.rng);
        self.pick_files(area, count, &mut paths);
        if self.plan.rng.chance(0.15) {
            let other = self.random_area();
            let count = self.plan.rng.range(1, 3);
            self.pick_files(other, count, &mut paths);
        }
        paths
    }

    /// A dependency bump: go.mod, go.sum, vendor/modules.txt and a few vendored files, one of
    /// them sometimes removed.
    fn vendor_bump(&mut self) -> (Vec<String>, Vec<String>) {
        let vendor = self
            .plan
            .areas
            .iter()
            .position(|a| a.vendored)
            .expect("vendor/");
        let mut paths: Vec<String> = vec!["go.mod".into(), "go.sum".into()];
        let count = self.plan.rng.range(2, 6);
        self.pick_files(vendor, count, &mut paths);
        let mut deleted = Vec::new();
        if self.plan.rng.chance(0.3) {
            let files = &mut self.plan.areas[vendor].files;
            let at = self.plan.rng.below(files.len());
            if files[at] != "vendor/modules.txt" && !paths.contains(&files[at]) {
                let path = files.remove(at);
                self.plan.files.remove(&path);
                self.generated.files_deleted += 1;
                deleted.push(path);
            }
        }
        if !paths.iter().any(|p| p == "vendor/modules.txt") {
            paths.push("vendor/modules.txt".into());
        }
        (paths, deleted)
    }

    /// An OWNERS change in one of the author's homes: add them as a reviewer, promote them to
    /// approver, and now and then move approvers who left long ago to `emeritus_approvers`
    /// (not always: some stay listed, which `stale-owner` reports).
    fn owners_update(&mut self, author: usize, time: i64) -> (String, String) {
        let homes = self.plan.people[author].homes.clone();
        let area = homes[self.plan.rng.below(homes.len())];
        let handle = self.plan.people[author].handle.clone();
        let retire = self.plan.rng.chance(0.35);
        let gone: HashSet<String> = self
            .plan
            .people
            .iter()
            .filter(|p| !p.ghost && p.leave < time - 90 * DAY)
            .map(|p| p.handle.clone())
            .collect();
        let spec = &mut self.plan.areas[area].spec;
        let subject = if let Some(at) = spec.reviewers.iter().position(|r| *r == handle) {
            spec.reviewers.remove(at);
            spec.approvers.push(handle.clone());
            format!("promote {handle} to approver")
        } else if !spec.approvers.contains(&handle) {
            spec.reviewers.push(handle.clone());
            format!("add {handle} as reviewer")
        } else {
            "tidy up".to_string()
        };
        if retire {
            let owner = spec.owner.clone();
            let (left, stay): (Vec<String>, Vec<String>) = spec
                .approvers
                .drain(..)
                .partition(|a| gone.contains(a) && Some(a) != owner.as_ref());
            spec.approvers = stay;
            spec.emeritus_approvers.extend(left);
            spec.reviewers.retain(|r| !gone.contains(r));
        }
        self.generated.owners_updates += 1;
        (self.plan.areas[area].owners_path(), subject)
    }

    /// A commit message: a subject, often a body, and trailers.
    fn message(&mut self, subject: &str, author: usize, time: i64) -> String {
        let mut message = subject.to_string();
        message.push('\n');
        if self.plan.rng.chance(0.6) {
            message.push_str(
                "\nThis keeps the behaviour the same for existing users and adds a test.\n",
            );
        }
        let mut trailers = Vec::new();
        if self.plan.rng.chance(0.1) {
            let other = self.author(time);
            if other != author {
                let p = &self.plan.people[other];
                trailers.push((
                    "Co-authored-by",
                    p.name.clone(),
                    p.email_at(time).to_string(),
                ));
            }
        }
        if self.plan.rng.chance(0.08) {
            let other = self.author(time);
            if other != author {
                let p = &self.plan.people[other];
                trailers.push(("Reviewed-by", p.name.clone(), p.email_at(time).to_string()));
            }
        }
        if self.plan.rng.chance(0.4) {
            let p = &self.plan.people[author];
            trailers.push((
                "Signed-off-by",
                p.name.clone(),
                p.email_at(time).to_string(),
            ));
        }
        if !trailers.is_empty() {
            message.push('\n');
            for (key, name, email) in trailers {
                message.push_str(&format!("{key}: {name} <{email}>\n"));
                *self.generated.trailers.entry(key).or_default() += 1;
            }
        }
        message
    }

    fn subject(&mut self, area: usize) -> String {
        let objects: Vec<&str> = OBJECTS.split('|').collect();
        format!(
            "{}: {} {}",
            self.plan.areas[area].scope(),
            self.plan.rng.word(VERBS),
            self.plan.rng.pick(&objects).trim()
        )
    }

    /// Writes one commit. `modified` files get a new revision; `carried` files are written at
    /// their current revision (a merge taking a branch's version); `deleted` files go.
    #[allow(clippy::too_many_arguments)]
    fn commit(
        &mut self,
        branch: &str,
        author: Signature,
        committer: Signature,
        message: &str,
        from: Option<usize>,
        merge: Option<usize>,
        modified: &[String],
        carried: &[String],
        deleted: &[String],
    ) -> usize {
        self.mark += 1;
        let mark = self.mark;
        let out = &mut self.out;
        writeln!(out, "commit {branch}\nmark :{mark}").unwrap();
        for (key, s) in [("author", &author), ("committer", &committer)] {
            writeln!(out, "{key} {} <{}> {} {}", s.name, s.email, s.time, s.tz).unwrap();
        }
        writeln!(out, "data {}\n{message}", message.len()).unwrap();
        if let Some(from) = from {
            writeln!(out, "from :{from}").unwrap();
        }
        if let Some(merge) = merge {
            writeln!(out, "merge :{merge}").unwrap();
        }
        for path in modified {
            *self.plan.files.entry(path.clone()).or_default() += 1;
        }
        for path in modified.iter().chain(carried) {
            let content = self.plan.content(path);
            let out = &mut self.out;
            writeln!(
                out,
                "M 100644 inline {path}\ndata {}\n{content}",
                content.len()
            )
            .unwrap();
        }
        for path in deleted {
            writeln!(self.out, "D {path}").unwrap();
        }
        writeln!(self.out).unwrap();
        self.author_emails.insert(author.email);
        self.generated.commits += 1;
        mark
    }

    /// The first commit: the whole tree.
    fn initial_commit(&mut self) {
        let time = HISTORY_START - DAY;
        let all: Vec<String> = self.plan.files.keys().cloned().collect();
        let bot = Signature::fixed(MERGE_BOT, time);
        let committer = Signature::fixed(MERGE_BOT, time);
        let mark = self.commit(
            "refs/heads/main",
            bot,
            committer,
            "Initial import of the benchmark repository\n",
            None,
            None,
            &[],
            &all,
            &[],
        );
        self.main_tips.push(mark);
        self.now = time;
    }

    /// A commit straight on `main` (a squash merge, mostly committed by GitHub).
    fn direct_commit(&mut self) {
        let time = self.tick();
        let author = self.author(time);
        let kind = self.plan.rng.below(100);
        let (modified, deleted, subject) = if kind < 2 {
            self.generated.vendor_bumps += 1;
            let (paths, deleted) = self.vendor_bump();
            (paths, deleted, "build: bump dependencies".to_string())
        } else if kind < 3 {
            let (path, subject) = self.owners_update(author, time);
            let area = self.plan.owners_files[&path];
            let scope = self.plan.areas[area].scope().to_string();
            (
                vec![path],
                Vec::new(),
                format!("OWNERS({scope}): {subject}"),
            )
        } else {
            let area = self.area_for(author);
            let paths = self.ordinary_change(area);
            (paths, Vec::new(), self.subject(area))
        };
        let message = self.message(&subject, author, time);
        // Squash merges are authored a little earlier and committed by GitHub; some people
        // push directly.
        let person = &self.plan.people[author];
        let authored = time - self.plan.rng.below(3 * DAY as usize) as i64;
        let (author_sig, committer) = if self.plan.rng.chance(0.85) {
            (
                Signature::of(person, authored),
                Signature::fixed(GITHUB, time),
            )
        } else {
            (Signature::of(person, time), Signature::of(person, time))
        };
        let mark = self.commit(
            "refs/heads/main",
            author_sig,
            committer,
            &message,
            None,
            None,
            &modified,
            &[],
            &deleted,
        );
        self.main_tips.push(mark);
        self.generated.direct += 1;
    }

    /// A pull request: 1-4 commits on a side branch forked from one of the last few commits of
    /// `main`, then a merge commit on `main` that takes the branch's version of its files.
    fn pull_request(&mut self) {
        let back = self.plan.rng.below(self.main_tips.len().min(4));
        let fork = self.main_tips[self.main_tips.len() - 1 - back];
        let first = self.tick();
        let author = self.author(first);
        let area = self.area_for(author);
        let handle = self.plan.people[author].handle.clone();
        let commits = self.plan.rng.range(PR_COMMITS.0, PR_COMMITS.1);
        let mut changed: BTreeSet<String> = BTreeSet::new();
        let mut tip = fork;
        let mut title = String::new();
        for i in 0..commits {
            let time = if i == 0 { first } else { self.tick() };
            let paths = self.ordinary_change(area);
            let subject = self.subject(area);
            if i == 0 {
                title = subject.clone();
            }
            let message = self.message(&subject, author, time);
            let person = &self.plan.people[author];
            let (a, c) = (Signature::of(person, time), Signature::of(person, time));
            let from = (i == 0).then_some(fork);
            tip = self.commit(
                "refs/heads/pr",
                a,
                c,
                &message,
                from,
                None,
                &paths,
                &[],
                &[],
            );
            changed.extend(paths);
            self.generated.side_commits += 1;
        }
        self.pull_requests += 1;
        let time = self.tick();
        let branch = title
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(4)
            .collect::<Vec<_>>()
            .join("-")
            .to_lowercase();
        let message = format!(
            "Merge pull request #{} from {handle}/{branch}\n\n{title}\n",
            90_000 + self.pull_requests
        );
        let carried: Vec<String> = changed.into_iter().collect();
        let mark = self.commit(
            "refs/heads/main",
            Signature::fixed(MERGE_BOT, time),
            Signature::fixed(GITHUB, time),
            &message,
            None,
            Some(tip),
            &[],
            &carried,
            &[],
        );
        self.main_tips.push(mark);
        self.generated.merges += 1;
    }
}

/// Creates the bare repository at `repo`: `git init --bare`, the history through
/// `git fast-import`, then (unless `OWNLINT_BENCH_NO_REPACK`) `git repack -adf` so that the pack
/// looks like a fresh clone's. Records how long each step took.
fn write_repository(
    plan: Plan,
    commits: usize,
    repo: &Path,
    home: &Path,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Generated {
    std::fs::create_dir_all(repo).expect("cannot create the repository directory");
    run_checked(git(repo, home).args(["init", "-q", "--bare"]), "git init");

    let started = Instant::now();
    // Commits spread evenly over the five years; merges are MERGE_SHARE of them. A pull
    // request makes PR_COMMITS side commits and a merge; other changes are direct commits.
    let per_pr = (PR_COMMITS.0 + PR_COMMITS.1) as f64 / 2.0 + 1.0;
    let pr_chance = MERGE_SHARE / (1.0 - MERGE_SHARE * per_pr + MERGE_SHARE);
    let (plan, mut generated, author_emails) = fast_import(repo, home, |out| {
        let mut sim = Simulation {
            plan,
            out,
            mark: 0,
            now: HISTORY_START,
            target: commits,
            main_tips: Vec::new(),
            pull_requests: 0,
            generated: Generated::default(),
            author_emails: HashSet::new(),
        };
        sim.initial_commit();
        while sim.generated.commits < commits {
            if sim.plan.rng.chance(pr_chance) {
                sim.pull_request();
            } else {
                sim.direct_commit();
            }
            if sim.main_tips.len() > 8 {
                sim.main_tips.drain(..4);
            }
        }
        (sim.plan, sim.generated, sim.author_emails)
    });
    timings.push(("git fast-import", started.elapsed()));
    run_checked(
        git(repo, home).args(["update-ref", "-d", "refs/heads/pr"]),
        "git update-ref -d refs/heads/pr",
    );

    if std::env::var_os("OWNLINT_BENCH_NO_REPACK").is_none() {
        let started = Instant::now();
        run_checked(
            git(repo, home).args(["repack", "-q", "-a", "-d", "-f"]),
            "git repack",
        );
        timings.push(("git repack -adf", started.elapsed()));
    }
    generated.pack_bytes = std::fs::read_dir(repo.join("objects/pack"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);

    generated.files_at_head = plan.files.len();
    generated.owners_files = plan.areas.len();
    generated.people = PEOPLE;
    generated.ghosts = GHOSTS;
    generated.author_emails = author_emails.len();
    generated.mailmap_entries = plan.fixed[".mailmap"]
        .lines()
        .filter(|l| !l.starts_with('#'))
        .count();
    generated
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

/// Findings of a report, by rule.
fn by_rule(report: &Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for d in report["diagnostics"]
        .as_array()
        .expect("`diagnostics` is a list")
    {
        *counts
            .entry(d["rule"].as_str().unwrap_or("?").to_string())
            .or_default() += 1;
    }
    counts
}

struct PrintArgs<'a> {
    generated: &'a Generated,
    timings: &'a [(&'static str, Duration)],
    window: &'a WindowCounts,
    ownlint: &'a Path,
    git_version: String,
    as_of: i64,
    start: i64,
    runs: usize,
    benches: &'a [Bench<'a>],
    samples: &'a [Vec<Sample>],
    rules_with: &'a BTreeMap<String, usize>,
    rules_without: &'a BTreeMap<String, usize>,
    summary: &'a Value,
    cache_size: u64,
}

/// `YYYY-MM-DDTHH:MM:SSZ` of an instant (after Howard Hinnant's `civil_from_days`).
fn format_utc(seconds: i64) -> String {
    let days = seconds.div_euclid(DAY);
    let secs = seconds.rem_euclid(DAY);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn print_report(args: &PrintArgs) {
    let g = args.generated;
    println!();
    println!(
        "ownlint history benchmark ({} timed runs after {WARMUPS} warm-up round)",
        args.runs
    );
    println!("binary: {}", args.ownlint.display());
    println!("git: {}", args.git_version);
    println!();
    println!("repository (seed {SEED:#x}, bare, read with --rev HEAD)");
    let row = |label: &str, value: String| println!("  {label:<34} {value}");
    row(
        "commits",
        format!(
            "{} ({} merges = {:.1}%, {} on pull-request branches, {} straight on main, 1 root), {} to {}",
            g.commits,
            g.merges,
            100.0 * g.merges as f64 / g.commits as f64,
            g.side_commits,
            g.direct,
            format_utc(HISTORY_START - DAY),
            format_utc(args.as_of)
        ),
    );
    row(
        "  of which",
        format!(
            "{} dependency bumps, {} OWNERS updates",
            g.vendor_bumps, g.owners_updates
        ),
    );
    row(
        "trailers",
        g.trailers
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    row(
        "files at HEAD",
        format!(
            "{} ({INITIAL_FILES} in the first commit, {} added, {} deleted)",
            g.files_at_head, g.files_added, g.files_deleted
        ),
    );
    row("OWNERS files", g.owners_files.to_string());
    row(
        "people",
        format!(
            "{} who commit ({} author addresses), {} declared who never do; {} .mailmap entries",
            g.people, g.author_emails, g.ghosts, g.mailmap_entries
        ),
    );
    row(
        "pack",
        format!("{:.1} MiB", g.pack_bytes as f64 / 1_048_576.0),
    );
    let setup: Vec<String> = args
        .timings
        .iter()
        .map(|(what, d)| format!("{what} {:.1} s", d.as_secs_f64()))
        .collect();
    row("setup", setup.join(", "));
    println!();
    println!(
        "window: --as-of @{} ({}) --since {SINCE} → from @{} ({})",
        args.as_of,
        format_utc(args.as_of),
        args.start,
        format_utc(args.start)
    );
    println!(
        "  git log: {} non-merge commits in the window, {} (commit, path) lines, {} author addresses",
        args.window.commits, args.window.paths, args.window.authors
    );

    println!();
    println!(
        "  {:<42} {:>8} {:>10} {:>8} {:>8} {:>10} {:>9}",
        "command (wall clock)", "min ms", "median ms", "max ms", "/ (a)", "cpu ms", "peak MiB"
    );
    println!("  {}", "-".repeat(101));
    let walls: Vec<Vec<f64>> = args
        .samples
        .iter()
        .map(|s| s.iter().map(|x| ms(x.wall)).collect())
        .collect();
    let median = |i: usize| stats(&walls[i]).1;
    let peak_mb = |i: usize| {
        args.samples[i]
            .iter()
            .filter_map(|s| s.max_rss_kb)
            .max()
            .map(|kb| kb as f64 / 1024.0)
    };
    for (i, bench) in args.benches.iter().enumerate() {
        let (min, med, max) = stats(&walls[i]);
        let cpus: Vec<f64> = args.samples[i]
            .iter()
            .filter_map(|s| s.cpu.map(ms))
            .collect();
        let cpu = if cpus.is_empty() {
            "-".to_string()
        } else {
            format!("{:.1}", stats(&cpus).1)
        };
        let peak = peak_mb(i).map_or("-".to_string(), |mb| format!("{mb:.1}"));
        println!(
            "  {:<42} {min:>8.1} {med:>10.1} {max:>8.1} {:>7.2}x {cpu:>10} {peak:>9}",
            bench.name,
            med / median(0)
        );
    }
    println!(
        "  (cpu ms: median user + system time; peak MiB: largest ru_maxrss over the runs, from wait4)"
    );

    println!();
    let cold = median(1) / median(0);
    let cold_cache = median(2) / median(0);
    let warm = median(0) / median(3);
    println!(
        "  (b)/(a)  cold --no-cache vs git log:      {cold:>6.2}x   target <= {TARGET_COLD_RATIO:.1}x   {}",
        verdict(cold <= TARGET_COLD_RATIO)
    );
    println!(
        "  (b')/(a) cold, writing the cache:         {cold_cache:>6.2}x   (same target)  {}",
        verdict(cold_cache <= TARGET_COLD_RATIO)
    );
    println!(
        "  (a)/(c)  git log vs warm cache:           {warm:>6.2}x   target >= {TARGET_WARM_SPEEDUP:.0}x     {}",
        verdict(warm >= TARGET_WARM_SPEEDUP)
    );
    // The same ratios taken round by round (each round times every command once, back to
    // back) and then their median: a busy spell of the machine slows a whole round, so paired
    // ratios move less than ratios of medians. Given for reading the figures; the targets
    // above are judged on the medians.
    let paired = |num: usize, den: usize| {
        let ratios: Vec<f64> = walls[num]
            .iter()
            .zip(&walls[den])
            .map(|(n, d)| n / d)
            .collect();
        stats(&ratios).1
    };
    println!(
        "  paired by round (median of per-round ratios): (b)/(a) {:.2}x, (b')/(a) {:.2}x, \
         (a)/(c) {:.2}x",
        paired(1, 0),
        paired(2, 0),
        paired(0, 3)
    );
    // The identity index built cold: (f) reads the window from the warm cache and builds the
    // identity index from nothing, so (f) minus (c) is what the index costs cold, against git
    // reading the same commits' headers and trailers (e).
    let identity_cold = median(6) - median(3);
    println!(
        "  identity index cold ((f) minus (c)):      {identity_cold:>6.1} ms   vs (e) git log headers+trailers {:.1} ms = {:.2}x   target <= 1.0x   {}",
        median(5),
        identity_cold / median(5),
        verdict(identity_cold <= median(5))
    );
    let both = median(0) + median(5);
    println!(
        "  (b)/((a)+(e)) cold check vs git's equivalent work: {:.2}x   (pattern-scale target <= 1.0x)",
        median(1) / both
    );
    println!(
        "  paired by round: identity cold/(e) {:.2}x, (b)/((a)+(e)) {:.2}x",
        {
            let ratios: Vec<f64> = (0..walls[6].len())
                .map(|r| (walls[6][r] - walls[3][r]) / walls[5][r])
                .collect();
            stats(&ratios).1
        },
        {
            let ratios: Vec<f64> = (0..walls[1].len())
                .map(|r| walls[1][r] / (walls[0][r] + walls[5][r]))
                .collect();
            stats(&ratios).1
        }
    );
    let history_cost = |i: usize| median(i) - median(4);
    println!(
        "  history's own share (median minus (d)):   (b) {:.1} ms, (b') {:.1} ms, (c) {:.1} ms",
        history_cost(1),
        history_cost(2),
        history_cost(3)
    );
    let peaks: Vec<String> = (1..args.benches.len())
        .filter(|&i| args.benches[i].mode != Mode::Baseline)
        .map(|i| {
            let label = args.benches[i].name.split(' ').next().unwrap_or("?");
            match peak_mb(i) {
                Some(mb) => format!(
                    "{label} {mb:.1} MiB {}",
                    verdict(mb * 1_048_576.0 < TARGET_PEAK_MB * 1e6)
                ),
                None => format!("{label} unknown"),
            }
        })
        .collect();
    println!(
        "  peak memory (target < {TARGET_PEAK_MB:.0} MB = {:.1} MiB): {}",
        TARGET_PEAK_MB * 1e6 / 1_048_576.0,
        peaks.join(", ")
    );
    println!(
        "  cache file: {:.2} MiB ({} bytes)",
        args.cache_size as f64 / 1_048_576.0,
        args.cache_size
    );

    println!();
    let summary = args.summary;
    println!(
        "findings with history: {} (errors {}, warnings {}, infos {}); summary.files {}, \
         summary.ownership_files {}, summary.excluded {}",
        args.rules_with.values().sum::<usize>(),
        summary["errors"],
        summary["warnings"],
        summary["infos"],
        summary["files"],
        summary["ownership_files"],
        summary["excluded"]
    );
    println!(
        "  {:<32} {:>8} {:>13} {:>8}",
        "rule", "(b)", "--no-history", "history"
    );
    let rules: BTreeSet<&String> = args
        .rules_with
        .keys()
        .chain(args.rules_without.keys())
        .collect();
    for rule in rules {
        let with = args.rules_with.get(rule).copied().unwrap_or(0);
        let without = args.rules_without.get(rule).copied().unwrap_or(0);
        println!(
            "  {rule:<32} {with:>8} {without:>13} {:>8}",
            with as i64 - without as i64
        );
    }
    println!(
        "verified: every check exited 0; (b), (b') and (c) printed identical reports; (b), (d) \
         left the cache alone, (b') wrote it, (c) did not rewrite it; --no-history reported no \
         history rule"
    );
}
