//! Doubling benchmark of the input shapes that made `ownlint check` super-linear (issue 13,
//! defect 10): for each, a repository is generated at a base size and at twice that size,
//! `ownlint check` runs on both, and the ratios of time and peak memory are reported. Linear
//! work doubles; work that grows with the square of the input quadruples.
//!
//! # The shapes
//!
//! * `human` — N findings in one CODEOWNERS (`/missing/dirI/` lines matching nothing), in human
//!   output: each finding used to copy and scan the whole file.
//! * `duplicate` — N distinct CODEOWNERS patterns over N files, each shadowed by the last line
//!   (`duplicate-pattern` and `shadowed-pattern` compared every pair of lines).
//! * `exclude` — 15·N wildcard globs (`**/*?*I?*?*/**`) in `exclude:` over 1,000·N files (one
//!   regex of them all thrashed its DFA).
//! * `gitattributes` — the same in `.gitattributes` (`*?*I?*?*.go linguist-generated`).
//! * `lookbehind` — a 4-line MAINTAINERS with `N: (?<=b)[a/0-9]*c` over 1,000 paths of 400·N
//!   characters (the regex was retried from every position).
//! * `gitlab` — a GitLab CODEOWNERS of 200·N wildcard lines (`*-I-*.rb`) over 1,500·N files
//!   (one regex of all the patterns thrashed its DFA).
//! * `sections` — a GitLab CODEOWNERS of 25·N sections that every one of 5,000 files matches
//!   (each path's sections and deciding lines were looked up in lists).
//! * `handover` — a `handover.docs` glob (`docs/**/{area}-*.md`) over 100·N areas of 5 files
//!   (each area scanned every file).
//! * `mailmap` — a committed `.mailmap` of 2,500·N entries in every form git reads (about
//!   3 MB at N = 20), and OWNERS files declaring some of those people by their old emails, so
//!   that the identity index applies it to commits and to declared emails alike (a 37–50 MB
//!   `.mailmap` took 10–146 s; files over 16 MiB are not read, with a note).
//!
//! Each runs at N = `OWNLINT_BENCH_SCALE` (default 20) and at twice that.
//!
//! # How to run
//!
//! ```text
//! cargo bench --bench super_linear
//! OWNLINT_BENCH_CASES=gitlab,handover OWNLINT_BENCH_SCALE=10 cargo bench --bench super_linear
//! ```
//!
//! Environment: `OWNLINT_BENCH_CASES` (comma-separated shapes; default all),
//! `OWNLINT_BENCH_SCALE` (N), `OWNLINT_BENCH_RUNS` (runs per size, median reported; default 3),
//! `OWNLINT_BENCH_TIMEOUT` (seconds before a run is stopped and reported as over the limit;
//! default 120), `OWNLINT_BENCH_BIN` (another binary to time, e.g. an older build),
//! `OWNLINT_BENCH_KEEP` (keep the repositories and print their paths).
//!
//! A ratio near 2.0 for time and no more than 2.0 for memory is linear; the bench prints
//! `SUPER-LINEAR` next to a time ratio over 3.0 (noise on a shared machine stays well under
//! that). Peak memory is the child's maximum resident set (`wait4`), as `/usr/bin/time -v`
//! reports it.

#[allow(dead_code)]
mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{
    env_number, git, hermetic, import_one_commit, ms, ownlint_binary, run_checked, stats,
};

/// Author and committer of the one commit.
const SIGNATURE: &str = "Bench <bench@example.com> 1700000000 +0000";

/// A generated repository: its files, and the `check` arguments besides the common ones.
struct Input {
    files: Vec<(String, String)>,
    args: Vec<&'static str>,
    /// What the size means, for the report.
    size: String,
}

/// One shape: its name and its generator for a scale N.
struct Case {
    name: &'static str,
    generate: fn(usize) -> Input,
}

const CASES: &[Case] = &[
    Case {
        name: "human",
        generate: human,
    },
    Case {
        name: "duplicate",
        generate: duplicate,
    },
    Case {
        name: "exclude",
        generate: exclude,
    },
    Case {
        name: "gitattributes",
        generate: gitattributes,
    },
    Case {
        name: "lookbehind",
        generate: lookbehind,
    },
    Case {
        name: "gitlab",
        generate: gitlab,
    },
    Case {
        name: "sections",
        generate: sections,
    },
    Case {
        name: "handover",
        generate: handover,
    },
    Case {
        name: "mailmap",
        generate: mailmap,
    },
];

fn human(n: usize) -> Input {
    let lines = 1_000 * n;
    let codeowners: String = (0..lines)
        .map(|i| format!("/missing/dir{i}/ @org/team\n"))
        .collect();
    Input {
        files: vec![
            (".github/CODEOWNERS".into(), codeowners),
            ("src/a.txt".into(), "a\n".into()),
        ],
        args: vec!["--no-history", "--format", "human", "--color", "never"],
        size: format!("{lines} findings in one file"),
    }
}

fn duplicate(n: usize) -> Input {
    let lines = 2_500 * n;
    let mut files: Vec<(String, String)> = (0..lines)
        .map(|i| (format!("d/f{i}.txt"), "x\n".to_string()))
        .collect();
    let mut codeowners: String = (0..lines)
        .map(|i| format!("/d/f{i}.txt @org/team\n"))
        .collect();
    codeowners.push_str("/d/ @org/all\n");
    files.push((".github/CODEOWNERS".into(), codeowners));
    Input {
        files,
        args: vec!["--no-history", "--format", "json"],
        size: format!("{lines} CODEOWNERS lines and files"),
    }
}

/// `count` Go files spread over 100 directories.
fn go_files(count: usize) -> Vec<(String, String)> {
    (0..count)
        .map(|i| (format!("src/m{}/file{i}.go", i % 100), "x\n".to_string()))
        .collect()
}

fn exclude(n: usize) -> Input {
    let (globs, count) = (15 * n, 1_000 * n);
    let mut files = go_files(count);
    let mut config = String::from("exclude:\n");
    for i in 0..globs {
        config.push_str(&format!("  - '**/*?*{i}?*?*/**'\n"));
    }
    files.push((".ownlint.yaml".into(), config));
    files.push(("OWNERS".into(), "approvers: [alice]\n".into()));
    Input {
        files,
        args: vec!["--no-history", "--format", "json"],
        size: format!("{globs} globs, {count} files"),
    }
}

fn gitattributes(n: usize) -> Input {
    let (globs, count) = (15 * n, 1_000 * n);
    let mut files = go_files(count);
    let attributes: String = (0..globs)
        .map(|i| format!("*?*{i}?*?*.go linguist-generated\n"))
        .collect();
    files.push((".gitattributes".into(), attributes));
    files.push(("OWNERS".into(), "approvers: [alice]\n".into()));
    Input {
        files,
        args: vec!["--no-history", "--format", "json"],
        size: format!("{globs} globs, {count} files"),
    }
}

fn lookbehind(n: usize) -> Input {
    let length = 400 * n;
    let component = format!("{}/", "a".repeat(199));
    let long = component.repeat(length / 200);
    let mut files: Vec<(String, String)> = (0..1_000)
        .map(|i| (format!("{long}{i}c"), "x\n".to_string()))
        .collect();
    files.push((
        "MAINTAINERS".into(),
        "X\nM: a <a@example.com>\nS: Maintained\nN: (?<=b)[a/0-9]*c\n".into(),
    ));
    Input {
        files,
        args: vec!["--no-history", "--format", "json"],
        size: format!("1000 paths of {length} characters"),
    }
}

/// `count` Ruby files spread over 100 directories.
fn ruby_files(count: usize) -> Vec<(String, String)> {
    (0..count)
        .map(|i| (format!("src/m{}/f-{i}-.rb", i % 100), "x\n".to_string()))
        .collect()
}

fn gitlab(n: usize) -> Input {
    let (lines, count) = (200 * n, 1_500 * n);
    let mut files = ruby_files(count);
    // `*-17-*.rb` matches `f-17-.rb` only, so the matches grow with the files (with `*17*.rb`,
    // every file would match every number written in its name: more and more of them).
    let mut codeowners = String::from("* @org/all\n");
    for k in 0..lines {
        codeowners.push_str(&format!("*-{k}-*.rb @org/t{}\n", k % 10));
    }
    files.push((".gitlab/CODEOWNERS".into(), codeowners));
    Input {
        files,
        args: vec!["--no-history", "--format", "json"],
        size: format!("{lines} wildcard lines, {count} files"),
    }
}

fn sections(n: usize) -> Input {
    // The files stay: every file matches a line of every section, so the matches (what the
    // coverage rules must count) grow with the sections alone.
    let (sections, count) = (25 * n, 5_000);
    let mut files = ruby_files(count);
    let mut codeowners = String::from("* @org/all\n");
    for s in 0..sections {
        codeowners.push_str(&format!("[Section {s}]\n*.rb @org/s{s}\n"));
    }
    files.push((".gitlab/CODEOWNERS".into(), codeowners));
    Input {
        files,
        args: vec!["--no-history", "--format", "json"],
        size: format!("{sections} sections, {count} files"),
    }
}

fn handover(n: usize) -> Input {
    let areas = 100 * n;
    let mut files = vec![
        (
            ".ownlint.yaml".to_string(),
            "handover:\n  docs: ['docs/**/{area}-*.md']\n".to_string(),
        ),
        ("OWNERS".into(), "approvers: [alice]\n".into()),
    ];
    for i in 0..areas {
        files.push((
            format!("pkg/a{i}/OWNERS"),
            "owner: alice\napprovers: [alice]\n".into(),
        ));
        for j in 0..3 {
            files.push((format!("pkg/a{i}/f{j}.go"), "x\n".into()));
        }
        if i % 3 == 0 {
            files.push((
                format!("docs/handover/pkg/a{i}-notes.md"),
                "# Notes\n".into(),
            ));
        }
    }
    Input {
        files,
        args: vec!["--no-history", "--format", "json"],
        size: format!("{areas} areas, {} files", areas * 5),
    }
}

/// One measured run: wall time, peak resident memory (KiB), and whether it finished in time.
struct Sample {
    elapsed: Duration,
    max_rss_kib: Option<u64>,
    finished: bool,
}

fn mailmap(n: usize) -> Input {
    let entries = 2_500 * n;
    let mut text = String::with_capacity(entries * 60);
    for i in 0..entries {
        // The four forms of a .mailmap line, in turn.
        let line = match i % 4 {
            0 => format!("Person {i} <p{i}@new.example>\n"),
            1 => format!("<p{i}@new.example> <p{i}@old.example>\n"),
            2 => format!("Person {i} <p{i}@new.example> <p{i}@old.example>\n"),
            _ => format!("Person {i} <p{i}@new.example> Old {i} <p{i}@old.example>\n"),
        };
        text.push_str(&line);
    }
    let mut files = vec![(".mailmap".to_string(), text)];
    for area in 0..100 {
        let people: Vec<String> = (0..5)
            .map(|k| format!("p{}@old.example", (area * 5 + k) * entries / 500))
            .collect();
        files.push((
            format!("pkg/a{area}/OWNERS"),
            format!("approvers: [{}]\n", people.join(", ")),
        ));
        files.push((format!("pkg/a{area}/f.go"), "x\n".into()));
    }
    Input {
        files,
        args: vec!["--format", "json", "--no-cache"],
        size: format!("{entries} .mailmap entries"),
    }
}

fn main() {
    let scale = env_number("OWNLINT_BENCH_SCALE", 20).max(1);
    let runs = env_number("OWNLINT_BENCH_RUNS", 3).max(1);
    let timeout = Duration::from_secs(env_number("OWNLINT_BENCH_TIMEOUT", 120) as u64);
    let chosen: Option<Vec<String>> = std::env::var("OWNLINT_BENCH_CASES")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.split(',').map(|c| c.trim().to_string()).collect());
    if let Some(chosen) = &chosen {
        for name in chosen {
            assert!(
                CASES.iter().any(|c| c.name == name),
                "OWNLINT_BENCH_CASES: no shape `{name}` (shapes: {})",
                CASES.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
            );
        }
    }
    let ownlint = ownlint_binary();
    let temp = tempfile::Builder::new()
        .prefix("ownlint-super-linear-")
        .tempdir()
        .expect("cannot create a temporary directory");
    let home = temp.path().join("home");
    std::fs::create_dir_all(&home).expect("cannot create the temporary HOME");
    println!(
        "{} at N = {scale} and 2N = {}, median of {runs} runs, {} s limit per run",
        ownlint.display(),
        2 * scale,
        timeout.as_secs()
    );
    println!(
        "{:<14} {:>44} {:>9} {:>9} {:>6} {:>9} {:>9} {:>6}",
        "shape", "input at 2N", "s at N", "s at 2N", "ratio", "MiB at N", "MiB 2N", "ratio"
    );
    for case in CASES {
        if chosen
            .as_ref()
            .is_some_and(|c| !c.iter().any(|n| n == case.name))
        {
            continue;
        }
        let mut results = Vec::new();
        for n in [scale, 2 * scale] {
            let input = (case.generate)(n);
            let repo = temp.path().join(format!("{}-{n}", case.name));
            write_repository(&repo, &home, &input.files);
            let samples: Vec<Sample> = (0..runs)
                .map(|_| run(&ownlint, &repo, &home, &input.args, timeout))
                .collect();
            results.push((input.size, samples));
        }
        print_case(case.name, &results, timeout);
    }
    if std::env::var_os("OWNLINT_BENCH_KEEP").is_some() {
        let kept = temp.keep();
        println!(
            "\nkept the repositories (OWNLINT_BENCH_KEEP): {}",
            kept.display()
        );
    }
}

fn print_case(name: &str, results: &[(String, Vec<Sample>)], timeout: Duration) {
    let seconds = |samples: &[Sample]| {
        if samples.iter().any(|s| !s.finished) {
            return None;
        }
        let times: Vec<f64> = samples.iter().map(|s| ms(s.elapsed) / 1000.0).collect();
        Some(stats(&times).1)
    };
    let memory = |samples: &[Sample]| {
        samples
            .iter()
            .filter_map(|s| s.max_rss_kib)
            .max()
            .map(|kib| kib as f64 / 1024.0)
    };
    let (small, large) = (&results[0].1, &results[1].1);
    let show = |v: Option<f64>, digits: usize| match v {
        Some(v) => format!("{v:.digits$}"),
        None => format!(">{}", timeout.as_secs()),
    };
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if a > 0.0 => format!("{:.2}", b / a),
        _ => "-".to_string(),
    };
    let (t1, t2) = (seconds(small), seconds(large));
    let (m1, m2) = (memory(small), memory(large));
    let flag = match (t1, t2) {
        (Some(a), Some(b)) if a > 0.05 && b / a > 3.0 => "  SUPER-LINEAR",
        (Some(_), None) => "  SUPER-LINEAR (over the limit)",
        _ => "",
    };
    println!(
        "{name:<14} {:>44} {:>9} {:>9} {:>6} {:>9} {:>9} {:>6}{flag}",
        results[1].0,
        show(t1, 2),
        show(t2, 2),
        ratio(t1, t2),
        show(m1, 0),
        show(m2, 0),
        ratio(m1, m2),
    );
}

/// `ownlint check --rev HEAD` and the shape's arguments on `repo`, output discarded; stopped at `timeout`.
// The child is reaped by `wait4`, which also gives its peak memory; `Child::wait` cannot.
#[allow(clippy::zombie_processes)]
fn run(ownlint: &Path, repo: &Path, home: &Path, args: &[&str], timeout: Duration) -> Sample {
    let stderr_path = repo.with_extension("stderr");
    let stderr = std::fs::File::create(&stderr_path).expect("cannot create the stderr file");
    let mut command = Command::new(ownlint);
    hermetic(&mut command, home)
        .args(["check", "--repo"])
        .arg(repo)
        .args(["--rev", "HEAD", "--fail-on", "never"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(stderr);
    let started = Instant::now();
    let child = command.spawn().expect("cannot run ownlint");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it in for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut finished = true;
    loop {
        // SAFETY: `pid` is our child, not reaped yet (this loop reaps it).
        let waited = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if waited == pid {
            break;
        }
        assert_eq!(waited, 0, "wait4 failed");
        if started.elapsed() > timeout {
            // An old build on the larger input may take many minutes: stop it.
            // SAFETY: as above; the child is killed, then reaped.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::wait4(pid, &mut status, 0, &mut usage);
            }
            finished = false;
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let elapsed = started.elapsed();
    if finished {
        let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
        assert!(
            matches!(code, Some(0) | Some(1)),
            "ownlint check on {} exited with {code:?}: {}",
            repo.display(),
            std::fs::read_to_string(&stderr_path).unwrap_or_default()
        );
    }
    Sample {
        elapsed,
        // Linux reports ru_maxrss in KiB.
        max_rss_kib: Some(usage.ru_maxrss as u64),
        finished,
    }
}

/// Writes `files` as the one commit of a new repository at `repo`.
fn write_repository(repo: &Path, home: &Path, files: &[(String, String)]) {
    std::fs::create_dir_all(repo).expect("cannot create the repository directory");
    run_checked(git(repo, home).args(["init", "-q"]), "git init");
    import_one_commit(
        repo,
        home,
        SIGNATURE,
        "benches/super_linear.rs\n",
        files.iter().map(|(p, c)| (p, c)),
    );
}
