//! Hermetic test repositories: real git repositories built with git2 in a temporary directory,
//! with fixed names, emails and dates, and the real `ownlint` binary run against them.
//!
//! Every run of the binary goes through [`run_in`] (or [`TestRepo::ownlint`], [`run_within`],
//! [`run_in_env`]), so that setting `OWNLINT_COMPARE_BIN` to another `ownlint` binary turns the
//! whole suite into a differential test against it: see [`differential`].

mod differential;

use std::path::{Path, PathBuf};
use std::process::Command;

use git2::{IndexAddOption, Repository, Signature, Time};
use serde_json::Value;
use tempfile::TempDir;

/// 2024-01-01T00:00:00Z: every commit is dated from here, one day apart.
pub const T0: i64 = 1_704_067_200;
const DAY: i64 = 86_400;

pub struct TestRepo {
    pub dir: TempDir,
    pub repo: Repository,
    commits: std::cell::Cell<i64>,
}

impl TestRepo {
    /// An empty repository on branch `main`.
    pub fn new() -> TestRepo {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut options = git2::RepositoryInitOptions::new();
        options.initial_head("main");
        let repo = Repository::init_opts(dir.path(), &options).expect("init");
        {
            let mut config = repo.config().expect("config");
            config.set_str("user.name", "Test").unwrap();
            config.set_str("user.email", "test@example.com").unwrap();
        }
        TestRepo {
            dir,
            repo,
            commits: std::cell::Cell::new(0),
        }
    }

    /// A repository with these files committed once.
    pub fn with(files: &[(&str, &str)]) -> TestRepo {
        let repo = TestRepo::new();
        for (path, text) in files {
            repo.write(path, text);
        }
        repo.commit("initial");
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) -> &Self {
        self.write_bytes(path, text.as_bytes())
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) -> &Self {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
        self
    }

    pub fn remove(&self, path: &str) -> &Self {
        std::fs::remove_file(self.path().join(path)).unwrap();
        self
    }

    /// Stages every change of the work tree (additions, edits, deletions).
    pub fn stage_all(&self) {
        let mut index = self.repo.index().unwrap();
        index
            .add_all(["*"].iter(), IndexAddOption::DEFAULT, None)
            .unwrap();
        index.update_all(["*"].iter(), None).unwrap();
        index.write().unwrap();
    }

    /// Stages everything and commits it, dated one day after the previous commit.
    pub fn commit(&self, message: &str) -> git2::Oid {
        self.commit_as(message, "Test", "test@example.com")
    }

    pub fn commit_as(&self, message: &str, name: &str, email: &str) -> git2::Oid {
        let n = self.commits.get();
        self.commits.set(n + 1);
        self.commit_at(message, name, email, T0 + n * DAY)
    }

    /// Stages everything and commits it as `name <email>` at noon (UTC) on `date` (YYYY-MM-DD).
    pub fn commit_by(&self, name: &str, email: &str, date: &str, message: &str) -> git2::Oid {
        let time = ownlint::time::parse_date(date).expect("YYYY-MM-DD") + 12 * 3600;
        self.commit_at(message, name, email, time)
    }

    /// Stages everything and commits it on HEAD as `name <email>` at `time` (seconds).
    fn commit_at(&self, message: &str, name: &str, email: &str, time: i64) -> git2::Oid {
        self.stage_all();
        let mut index = self.repo.index().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let signature = Signature::new(name, email, &Time::new(time, 0)).unwrap();
        let parents: Vec<git2::Commit> = match self.repo.head() {
            Ok(head) => vec![head.peel_to_commit().unwrap()],
            Err(_) => vec![],
        };
        let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(
                Some("HEAD"),
                &signature,
                &signature,
                message,
                &tree,
                &parent_refs,
            )
            .unwrap()
    }

    /// Writes `path` and commits it as `who` on `date`.
    pub fn change(&self, path: &str, who: (&str, &str), date: &str) -> git2::Oid {
        let previous = std::fs::read_to_string(self.path().join(path)).unwrap_or_default();
        self.write(path, &format!("{previous}{date} {}\n", who.0));
        self.commit_by(who.0, who.1, date, &format!("change {path}"))
    }

    /// Runs the git CLI in the repository, hermetically, with author and committer `who` at
    /// noon on `date`.
    pub fn git(&self, args: &[&str], who: (&str, &str), date: &str) -> String {
        let stamp = format!("{date}T12:00:00Z");
        let output = Command::new("git")
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", self.path())
            .env("GIT_AUTHOR_NAME", who.0)
            .env("GIT_AUTHOR_EMAIL", who.1)
            .env("GIT_COMMITTER_NAME", who.0)
            .env("GIT_COMMITTER_EMAIL", who.1)
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp)
            .env_remove("GIT_DIR")
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub fn tag(&self, name: &str) {
        let head = self.repo.head().unwrap().peel_to_commit().unwrap();
        self.repo
            .tag_lightweight(name, head.as_object(), false)
            .unwrap();
    }

    /// Runs `ownlint ARGS` with the repository as the current directory.
    pub fn ownlint(&self, args: &[&str]) -> Output {
        run_in(self.path(), args)
    }
}

/// The instant tests judge at, unless they say otherwise: results never depend on today.
pub const AS_OF: &str = "2024-03-01";

/// Runs the real binary in `dir`, hermetically (no user or system git config, no colour).
/// `check` and `who` are anchored at [`AS_OF`] unless the arguments give `--as-of` or `--rev`
/// (which anchors at the revision's time). With `OWNLINT_COMPARE_BIN` set, the other binary
/// runs too and must answer byte for byte the same (see [`differential`]).
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Invocation::new(dir, args).run()
}

/// Like [`run_in`], with `env` set on top of the hermetic environment.
pub fn run_in_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Invocation {
        env,
        ..Invocation::new(dir, args)
    }
    .run()
}

/// How long [`run_within`] waits for a run that might hang (a FIFO opened, say).
pub const HANG_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// Like [`run_in`], for a run that could hang: one still running after [`HANG_TIMEOUT`] is
/// killed (by its process id) and the test fails, instead of hanging the suite.
pub fn run_within(dir: &Path, args: &[&str]) -> Output {
    Invocation {
        bounded: true,
        ..Invocation::new(dir, args)
    }
    .run()
}

/// Like [`run_within`], but never differential: for the one kind of run that cannot be
/// repeated, whose effect is consumed outside the repository (a report written into a FIFO that
/// the test reads once), so that a second run would wait for a reader forever.
pub fn run_within_once(dir: &Path, args: &[&str]) -> Output {
    Invocation {
        bounded: true,
        compared: false,
        ..Invocation::new(dir, args)
    }
    .run()
}

/// The binary under test.
fn ownlint_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_ownlint"))
}

/// One run of an ownlint binary: where, with which arguments and environment, and how.
struct Invocation<'a> {
    dir: &'a Path,
    args: Vec<&'a str>,
    /// Set on top of the hermetic environment.
    env: &'a [(&'a str, &'a str)],
    /// Killed after [`HANG_TIMEOUT`], with standard input closed.
    bounded: bool,
    /// Also run by `OWNLINT_COMPARE_BIN` when that is set.
    compared: bool,
}

impl<'a> Invocation<'a> {
    fn new(dir: &'a Path, args: &[&'a str]) -> Invocation<'a> {
        let mut args: Vec<&str> = args.to_vec();
        let anchored = args
            .iter()
            .any(|a| a.starts_with("--as-of") || a.starts_with("--rev"));
        if matches!(args.first(), Some(&"check") | Some(&"who")) && !anchored {
            args.extend(["--as-of", AS_OF]);
        }
        Invocation {
            dir,
            args,
            env: &[],
            bounded: false,
            compared: true,
        }
    }

    /// Runs the binary under test, and the one to compare with when there is one.
    fn run(&self) -> Output {
        let output = match differential::compare_binary().filter(|_| self.compared) {
            None => self.run_binary(ownlint_binary()),
            Some(other) => {
                differential::run_both(self.dir, &self.args, ownlint_binary(), &other, |binary| {
                    self.run_binary(binary)
                })
            }
        };
        Output {
            code: output.status.code().expect("exit code, not a signal"),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The command that runs `binary` hermetically in `dir`.
    fn command(&self, binary: &Path) -> Command {
        let mut command = Command::new(binary);
        command
            .args(&self.args)
            .current_dir(self.dir)
            .env("HOME", std::env::temp_dir())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("NO_COLOR", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE");
        for (key, value) in self.env {
            command.env(key, value);
        }
        command
    }

    fn run_binary(&self, binary: &Path) -> std::process::Output {
        let mut command = self.command(binary);
        if !self.bounded {
            return command.output().expect("run ownlint");
        }
        let child = command
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run ownlint");
        let pid = child.id();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = send.send(child.wait_with_output());
        });
        match receive.recv_timeout(HANG_TIMEOUT) {
            Ok(output) => output.expect("wait for ownlint"),
            Err(_) => {
                let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
                panic!(
                    "{} {:?} still running after {HANG_TIMEOUT:?}: it hangs",
                    binary.display(),
                    self.args
                );
            }
        }
    }
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr: {}", self.stdout, self.stderr))
    }

    /// The diagnostics of a `check --format json` run.
    pub fn diagnostics(&self) -> Vec<Value> {
        self.json()["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The diagnostics of one rule.
    pub fn of(&self, rule: &str) -> Vec<Value> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d["rule"] == rule)
            .collect()
    }

    /// One string field (`file`, `message`, `help`, `owner`, ...) of each diagnostic of one
    /// rule, in report order (empty where it is absent).
    pub fn field(&self, rule: &str, key: &str) -> Vec<String> {
        self.of(rule)
            .iter()
            .map(|d| d[key].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// The `file` of each diagnostic of one rule, in report order.
    pub fn files(&self, rule: &str) -> Vec<String> {
        self.field(rule, "file")
    }

    /// Asserts no panic, backtrace or debug dump reached the user.
    pub fn assert_clean_failure(&self) {
        assert_eq!(
            self.code, 2,
            "expected exit 2\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert!(!self.stderr.contains("RUST_BACKTRACE"), "{}", self.stderr);
        assert!(
            !self.stderr.contains("Error {"),
            "debug dump: {}",
            self.stderr
        );
        assert_eq!(
            self.stderr.trim().lines().count(),
            1,
            "one line expected: {}",
            self.stderr
        );
        assert!(
            self.stderr.starts_with("ownlint: error: "),
            "{}",
            self.stderr
        );
    }
}

/// `check --format json`, the most common call of these tests.
pub fn check_json(repo: &TestRepo, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--format", "json", "--fail-on", "never"];
    args.extend_from_slice(extra);
    let out = repo.ownlint(&args);
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    out
}

/// A folder of the shared corpus of real ownership files (`../shared/corpus/SUB`, or below
/// `OWNLINT_CORPUS` when that is set), or `None` (with a note) when the corpus is not there.
/// In CI (`CI` set, as GitHub Actions, GitLab CI and most others set it, to anything but
/// `false` or `0`) a missing corpus fails the test instead: a corpus test there must test
/// something, not pass having read nothing.
pub fn corpus(sub: &str) -> Option<PathBuf> {
    let root = std::env::var_os("OWNLINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("../shared/corpus"));
    let dir = root.join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        !in_ci(),
        "{} is absent, and in CI (CI={:?}) the corpus tests must read it: put the shared corpus \
         there or point OWNLINT_CORPUS at it",
        dir.display(),
        std::env::var("CI").unwrap_or_default()
    );
    eprintln!("note: {} is absent; corpus test skipped", dir.display());
    None
}

/// Whether the tests run in CI: `CI` is set to anything but empty, `false` or `0`.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "false" | "0"))
}

/// The fenced code blocks of a Markdown text whose info string starts with `lang`.
pub fn fenced_blocks(markdown: &str, lang: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    if info.split_whitespace().next() == Some(lang) {
                        current = Some(String::new());
                    } else if !info.is_empty() || line == "```" {
                        // Another language's block: skip to its end.
                        current = None;
                    }
                }
            }
            Some(block) => {
                if line.starts_with("```") {
                    blocks.push(std::mem::take(block));
                    current = None;
                } else {
                    block.push_str(line);
                    block.push('\n');
                }
            }
        }
    }
    blocks
}

/// A project that reviews its ownership (`reviewed:` at the root), as the pre-commit and
/// pull-request tests try it, judged at 2025-06-01:
/// - `.` is approved by alice and bob, both active in May 2025;
/// - `tools/` by alice and carol; carol's last change was on 2024-08-01, so she is a stale
///   owner, and `tools/OWNERS` has not changed since 2024-01-10, so its review is overdue;
/// - dave last committed on 2024-07-01 (stale too), and is named nowhere.
pub fn reviewed_project() -> TestRepo {
    const ALICE: (&str, &str) = ("Alice", "alice@example.com");
    let repo = TestRepo::new();
    repo.write(
        "OWNERS",
        "approvers:\n  - alice\n  - bob\nreviewed: 2025-01-15\n",
    );
    repo.write("tools/OWNERS", "approvers:\n  - alice\n  - carol\n");
    repo.write("tools/build.sh", "make\n");
    repo.write("src/main.rs", "fn main() {}\n");
    repo.commit_by(ALICE.0, ALICE.1, "2024-01-10", "start");
    repo.change("docs/dave.md", ("Dave", "dave@example.com"), "2024-07-01");
    repo.change(
        "tools/build.sh",
        ("Carol", "carol@example.com"),
        "2024-08-01",
    );
    repo.change("src/main.rs", ALICE, "2025-05-01");
    repo.change("src/main.rs", ("Bob", "bob@example.com"), "2025-05-02");
    repo
}

/// The command inside the first backticks of `help` that starts with `ownlint `, as the
/// arguments a shell would pass it (without `ownlint`).
pub fn suggested_command(help: &str) -> Option<Vec<String>> {
    let start = help.find("`ownlint ")? + 1;
    let end = start + help[start..].find('`')?;
    let words = shlex::split(&help[start..end])?;
    Some(words[1..].to_vec())
}
