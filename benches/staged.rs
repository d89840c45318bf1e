//! Wall-clock benchmark of the pre-commit hook, `ownlint check --staged`, with a warm history
//! cache, on a large repository.
//!
//! # What it measures
//!
//! The benchmark writes, with `git fast-import`, a deterministic repository of (by default)
//! 40,000 tracked files and 700 ownership files, Kubernetes style: a root OWNERS, OWNERS files
//! in 10 top directories, 100 directories below them and 588 leaf directories below those (some
//! with `filters:`). With `OWNLINT_BENCH_CODEOWNERS` set, a `.github/CODEOWNERS` with a line per
//! top directory is added (two ownership systems over every path: the whole-repository rules
//! that compare them cost more). Its history is an import older than the window, then 400
//! commits over the year before the instant checked, by 50 people the OWNERS files name. It then
//! checks the work tree out, runs `ownlint check` once (which fills the history cache), and
//! stages a change the way a developer would before committing:
//!
//! * `git mv` of a directory that an OWNERS `filters` pattern names (`pattern-broken-by-rename`);
//! * a change of accountable owner in one OWNERS file, with no handover (`handover-missing`);
//! * a new file.
//!
//! It times, interleaved round by round, `N` runs (after 2 warm-ups) of:
//!
//! * (a) `git diff --cached --name-status` — the baseline: git comparing the index with HEAD;
//! * (b) `git status --porcelain` — what every commit already pays for;
//! * (c) `ownlint check --staged` — the hook, warm cache;
//! * (d) `ownlint check --staged --no-history` — the same without the history rules;
//!
//! and prints min / median / max wall-clock milliseconds and the ratios of the medians to (a).
//! The target is a median under 100 ms for (c).
//!
//! In passing it checks the result: (c) reports the broken filter with its rewrite and the
//! missing handover, and says nothing on stderr (the cache was warm: no note that history was
//! skipped).
//!
//! # How to run
//!
//! ```text
//! cargo bench --bench staged
//! ```
//!
//! Environment variables: `OWNLINT_BENCH_FILES` (tracked files, default 40000),
//! `OWNLINT_BENCH_RUNS` (timed runs per command, default 15), `OWNLINT_BENCH_CODEOWNERS` (add
//! the CODEOWNERS), `OWNLINT_BENCH_BIN` (another binary to time), `OWNLINT_BENCH_KEEP` (keep the
//! repository and print its path).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[allow(dead_code)]
mod common;
use common::{env_number, git, hermetic, ms, ownlint_binary, run_checked, stats};

const DEFAULT_FILES: usize = 40_000;
const DEFAULT_RUNS: usize = 15;
const WARMUPS: usize = 2;
/// Top directories, directories below each, and leaf directories below each of those: with the
/// root OWNERS and CODEOWNERS, 1 + 10 + 100 + 588 + 1 = 700 ownership files (589 leaf OWNERS
/// without the CODEOWNERS).
const TOP: usize = 10;
const MID: usize = 10;
const LEAF_OWNERS: usize = 588;
const LEAVES_PER_MID: usize = 6;
const PEOPLE: usize = 50;
const COMMITS: usize = 400;
/// 2025-01-01T00:00:00Z; history runs through 2025, checked as of 2026-01-01.
const START: i64 = 1_735_689_600;
const AS_OF: &str = "2026-01-01";
const DAY: i64 = 86_400;

fn person(n: usize) -> String {
    format!("dev{:02}", n % PEOPLE)
}

fn leaf_dirs() -> Vec<String> {
    let mut dirs = Vec::new();
    for t in 0..TOP {
        for m in 0..MID {
            for l in 0..LEAVES_PER_MID {
                dirs.push(format!("pkg{t}/mod{m}/part{l}"));
            }
        }
    }
    dirs
}

/// The OWNERS file of a directory, numbered `n`.
fn owners(n: usize, with_filter: bool) -> String {
    let mut text = format!(
        "owner: {}\napprovers:\n  - {}\n  - {}\nreviewers:\n  - {}\n",
        person(n),
        person(n),
        person(n + 1),
        person(n + 2)
    );
    if with_filter {
        text.push_str(&format!(
            "filters:\n  \"^gen/.*\":\n    approvers:\n      - {}\n",
            person(n + 3)
        ));
    }
    text
}

fn data(out: &mut impl Write, text: &str) {
    write!(out, "data {}\n{text}\n", text.len()).unwrap();
}

/// The fast-import stream: one commit with every file, then [`COMMITS`] small ones.
fn stream(files: usize, with_codeowners: bool, out: &mut impl Write) -> usize {
    let leaves = leaf_dirs();
    let mut paths: Vec<(String, String)> = Vec::new();
    paths.push(("OWNERS".into(), owners(0, false)));
    let mut codeowners = String::from("*  @dev00\n");
    for t in 0..TOP {
        paths.push((format!("pkg{t}/OWNERS"), owners(t + 1, false)));
        codeowners.push_str(&format!("/pkg{t}/  @{}\n", person(t + 1)));
        for m in 0..MID {
            paths.push((format!("pkg{t}/mod{m}/OWNERS"), owners(t * MID + m, false)));
        }
    }
    if with_codeowners {
        paths.push((".github/CODEOWNERS".into(), codeowners));
    }
    // 700 ownership files either way.
    let leaf_owners = LEAF_OWNERS + usize::from(!with_codeowners);
    for (i, dir) in leaves.iter().enumerate().take(leaf_owners) {
        paths.push((format!("{dir}/OWNERS"), owners(i, i % 7 == 0)));
    }
    let ownership = paths.len();
    let mut n = 0;
    while paths.len() < files {
        let dir = &leaves[n % leaves.len()];
        let k = n / leaves.len();
        // Every seventh leaf has a `gen/` directory its filter names.
        let path = if (n % leaves.len()).is_multiple_of(7) && k.is_multiple_of(4) {
            format!("{dir}/gen/zz_generated_{k}.go")
        } else {
            format!("{dir}/file_{k}.go")
        };
        paths.push((path, format!("package p\n\n// {n}\n")));
        n += 1;
    }
    // The import is older than the window, as a large repository's first commit is: the
    // window holds the 400 commits that follow.
    let mut time = START - 400 * DAY;
    writeln!(out, "commit refs/heads/main").unwrap();
    writeln!(out, "author dev00 <dev00@example.com> {time} +0000").unwrap();
    writeln!(out, "committer dev00 <dev00@example.com> {time} +0000").unwrap();
    data(out, "initial import");
    for (path, text) in &paths {
        writeln!(out, "M 100644 inline {path}").unwrap();
        data(out, text);
    }
    time = START;
    for c in 0..COMMITS {
        time += 365 * DAY / (COMMITS as i64 + 1);
        let who = person(c * 7);
        writeln!(out, "commit refs/heads/main").unwrap();
        writeln!(out, "author {who} <{who}@example.com> {time} +0000").unwrap();
        writeln!(out, "committer {who} <{who}@example.com> {time} +0000").unwrap();
        data(out, &format!("change {c}"));
        for k in 0..3 {
            let (path, _) = &paths[ownership + (c * 97 + k * 13_331) % (paths.len() - ownership)];
            writeln!(out, "M 100644 inline {path}").unwrap();
            data(out, &format!("package p\n\n// change {c}\n"));
        }
    }
    ownership
}

fn write_repository(repo: &Path, home: &Path, files: usize, with_codeowners: bool) -> usize {
    std::fs::create_dir_all(repo).unwrap();
    run_checked(git(repo, home).args(["init", "--quiet"]), "git init");
    let mut child = git(repo, home)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let ownership = {
        let mut input = std::io::BufWriter::new(child.stdin.take().unwrap());
        let ownership = stream(files, with_codeowners, &mut input);
        input.flush().unwrap();
        ownership
    };
    assert!(child.wait().unwrap().success(), "git fast-import failed");
    run_checked(git(repo, home).args(["repack", "-adq"]), "git repack");
    run_checked(
        git(repo, home).args(["reset", "--hard", "--quiet"]),
        "git reset",
    );
    ownership
}

/// Stages the change the hook then checks.
fn stage(repo: &Path, home: &Path) {
    run_checked(
        git(repo, home).args(["mv", "pkg0/mod0/part0/gen", "pkg0/mod0/part0/generated"]),
        "git mv",
    );
    let path = repo.join("pkg1/mod0/OWNERS");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("owner: dev10", "owner: dev11", 1)).unwrap();
    std::fs::write(repo.join("pkg2/mod3/part1/new.go"), "package p\n").unwrap();
    run_checked(
        git(repo, home).args(["add", "pkg1/mod0/OWNERS", "pkg2/mod3/part1/new.go"]),
        "git add",
    );
}

fn ownlint(bin: &Path, repo: &Path, home: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(bin);
    hermetic(&mut command, home)
        .current_dir(repo)
        .env("NO_COLOR", "1")
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--as-of",
            AS_OF,
        ])
        .args(extra);
    command
}

/// Builds one of the timed commands afresh for each run.
type MakeCommand<'a> = Box<dyn Fn() -> Command + 'a>;

fn timed(command: &mut Command) -> (Duration, std::process::Output) {
    let started = Instant::now();
    let output = command.stdin(Stdio::null()).output().expect("runs");
    (started.elapsed(), output)
}

fn main() {
    let files = env_number("OWNLINT_BENCH_FILES", DEFAULT_FILES);
    let runs = env_number("OWNLINT_BENCH_RUNS", DEFAULT_RUNS).max(1);
    assert!(
        files >= 2_000,
        "OWNLINT_BENCH_FILES={files}: use at least 2000"
    );
    let bin = ownlint_binary();
    let temp = tempfile::Builder::new()
        .prefix("ownlint-bench-staged-")
        .tempdir()
        .unwrap();
    let home = temp.path().join("home");
    let repo = temp.path().join("repo");
    std::fs::create_dir_all(&home).unwrap();
    let started = Instant::now();
    let with_codeowners = std::env::var_os("OWNLINT_BENCH_CODEOWNERS").is_some();
    let ownership = write_repository(&repo, &home, files, with_codeowners);
    let setup = started.elapsed();

    // Fill the history cache with a plain check, then stage the change.
    let (fill, output) = timed(&mut ownlint(&bin, &repo, &home, &[]));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stage(&repo, &home);

    let make: Vec<(&str, MakeCommand)> = vec![
        (
            "(a) git diff --cached --name-status",
            Box::new(|| {
                let mut c = git(&repo, &home);
                c.args(["diff", "--cached", "--name-status"]);
                c
            }),
        ),
        (
            "(b) git status --porcelain",
            Box::new(|| {
                let mut c = git(&repo, &home);
                c.args(["status", "--porcelain"]);
                c
            }),
        ),
        (
            "(c) ownlint check --staged (warm cache)",
            Box::new(|| ownlint(&bin, &repo, &home, &["--staged"])),
        ),
        (
            "(d) ownlint check --staged --no-history",
            Box::new(|| ownlint(&bin, &repo, &home, &["--staged", "--no-history"])),
        ),
    ];
    let mut samples = vec![Vec::new(); make.len()];
    for round in 0..WARMUPS + runs {
        for (i, (_, command)) in make.iter().enumerate() {
            let (elapsed, output) = timed(&mut command());
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            if round == 0 && i == 2 {
                verify(&output);
            }
            if round >= WARMUPS {
                samples[i].push(ms(elapsed));
            }
        }
    }

    println!(
        "ownlint check --staged on {files} tracked files, {ownership} ownership files ({}), {COMMITS} commits in the window",
        if with_codeowners {
            "OWNERS and a CODEOWNERS"
        } else {
            "OWNERS"
        }
    );
    println!(
        "setup {:.1} s; first `ownlint check` (fills the cache) {:.0} ms; binary {}",
        setup.as_secs_f64(),
        ms(fill),
        bin.display()
    );
    println!("{runs} runs each, after {WARMUPS} warm-ups (wall-clock ms):");
    let baseline = stats(&samples[0]).1;
    for ((name, _), values) in make.iter().zip(&samples) {
        let (min, median, max) = stats(values);
        println!(
            "  {name:<44} min {min:7.1}  median {median:7.1}  max {max:7.1}  ({:.2}x (a))",
            median / baseline
        );
    }
    let hook = stats(&samples[2]).1;
    println!(
        "target: (c) under 100 ms: {}",
        if hook < 100.0 { "met" } else { "MISSED" }
    );
    if std::env::var_os("OWNLINT_BENCH_KEEP").is_some() {
        let kept = temp.keep();
        println!("repository kept at {}", kept.join("repo").display());
    }
}

/// The hook found what was staged, from a warm cache.
fn verify(output: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.trim().is_empty(),
        "the cache should be warm: {stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let found = |rule: &str| -> Vec<serde_json::Value> {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == rule)
            .cloned()
            .collect()
    };
    let broken = found("pattern-broken-by-rename");
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0]["file"], "pkg0/mod0/part0/OWNERS");
    assert_eq!(
        broken[0]["help"],
        "rewrite the pattern: `^gen/.*` → `^generated/.*`"
    );
    let handover = found("handover-missing");
    assert!(
        handover.iter().any(|d| d["file"] == "pkg1/mod0/OWNERS"),
        "{handover:?}"
    );
}
