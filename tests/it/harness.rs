//! The in-process harness: `ownlint` run through the library (`cli::Cli` parsed with clap,
//! then `cli::run` with its output captured in buffers) on a real git repository, as the binary
//! would run it, without spawning a process.
//!
//! Rule tests that only read a report use it (see `rule_fixtures`); tests of exit codes seen
//! by a shell, of the environment or of `--output` keep spawning the binary
//! (`support::run_in`). [`the_library_and_the_binary_print_the_same_bytes`] checks that the two
//! agree.

use std::path::Path;
use std::sync::OnceLock;

use clap::Parser;
use ownlint::cli::{Cli, Io};
use serde_json::Value;

/// The instant runs are judged at unless their arguments say otherwise (as
/// `support::AS_OF` does for the binary): results never depend on today.
pub const AS_OF: &str = "2024-03-01";

/// What one in-process run printed and the exit code the binary would have returned.
#[derive(Debug)]
pub struct Run {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Standard output as JSON (`--format json`).
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
}

/// Runs `ownlint ARGS` in process with `dir` as the current directory. `check` and `who` are
/// anchored at [`AS_OF`] unless the arguments give `--as-of` or `--rev`, as `support::run_in`
/// anchors the binary. A usage error is exit 2 with clap's message, an error of the run exit 2
/// with the binary's one line, exactly as `src/main.rs` turns them.
pub fn ownlint_in(dir: &Path, args: &[&str]) -> Run {
    hermetic_git();
    let mut argv: Vec<&str> = vec!["ownlint"];
    argv.extend_from_slice(args);
    let anchored = args
        .iter()
        .any(|a| a.starts_with("--as-of") || a.starts_with("--rev"));
    if matches!(args.first(), Some(&"check") | Some(&"who")) && !anchored {
        argv.extend(["--as-of", AS_OF]);
    }
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
            let (stdout, stderr) = if e.use_stderr() {
                (String::new(), text)
            } else {
                (text, String::new())
            };
            return Run {
                code,
                stdout,
                stderr,
            };
        }
    };
    let mut out: Vec<u8> = Vec::new();
    let mut err: Vec<u8> = Vec::new();
    let result = {
        let mut io = Io {
            out: &mut out,
            err: &mut err,
            out_is_terminal: false,
            err_is_terminal: false,
            no_color: true,
            cwd: dir.to_path_buf(),
        };
        ownlint::cli::run(&cli, &mut io)
    };
    let code = match result {
        Ok(code) => code,
        Err(e) => {
            err.extend_from_slice(
                format!(
                    "ownlint: error: {}\n",
                    ownlint::escape::terminal(&e.to_string())
                )
                .as_bytes(),
            );
            2
        }
    };
    Run {
        code,
        stdout: String::from_utf8(out).expect("ownlint prints UTF-8"),
        stderr: String::from_utf8(err).expect("ownlint prints UTF-8"),
    }
}

/// `check --format json --fail-on never` in process, which must succeed (exit 0).
pub fn check_json(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--format", "json", "--fail-on", "never"];
    args.extend_from_slice(extra);
    let run = ownlint_in(dir, &args);
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    run
}

/// Keeps libgit2 in this process from reading the user's or the system's git configuration,
/// as the binary's tests keep git from it (`GIT_CONFIG_GLOBAL=/dev/null`,
/// `GIT_CONFIG_NOSYSTEM=1`): its global, XDG and system search paths point at an empty
/// directory, once for the whole test process (the setting is process-wide, so it is made
/// before any run and never changed).
fn hermetic_git() {
    static EMPTY: OnceLock<tempfile::TempDir> = OnceLock::new();
    EMPTY.get_or_init(|| {
        let empty = tempfile::tempdir().expect("tempdir");
        for level in [
            git2::ConfigLevel::Global,
            git2::ConfigLevel::XDG,
            git2::ConfigLevel::System,
            git2::ConfigLevel::ProgramData,
        ] {
            // SAFETY: called once (inside `get_or_init`), before this harness opens any
            // repository through the library; `TestRepo` only writes repositories, whose
            // own config it sets itself.
            unsafe { git2::opts::set_search_path(level, empty.path()) }
                .expect("set libgit2's config search path");
        }
        empty
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::{TestRepo, run_in};

    /// A repository on which every output format has something to say: an error with a span,
    /// warnings with owners and history evidence, an info finding and a tracked path without
    /// an owner.
    fn busy_repository() -> TestRepo {
        let repo = TestRepo::new();
        repo.write("OWNERS", "approvers: [alice, bob]\nreviewrs: [carol]\n");
        repo.write("src/OWNERS", "approvers: [bob]\nreviewed: 2022-01-01\n");
        repo.write("src/main.rs", "fn main() {}\n");
        repo.write(".github/CODEOWNERS", "/docs/ @alice\n*.[ch] @bob\n");
        repo.commit_by("Bob", "bob@example.com", "2023-01-10", "start");
        repo.change("src/main.rs", ("Alice", "alice@example.com"), "2024-02-01");
        repo
    }

    #[test]
    fn the_library_and_the_binary_print_the_same_bytes() {
        let repo = busy_repository();
        for format in ["json", "human", "sarif", "github", "gitlab", "markdown"] {
            let args = ["check", "--format", format];
            let library = ownlint_in(repo.path(), &args);
            let binary = run_in(repo.path(), &args);
            assert_eq!(library.stdout, binary.stdout, "--format {format}");
            assert_eq!(library.stderr, binary.stderr, "--format {format}");
            assert_eq!(i32::from(library.code), binary.code, "--format {format}");
        }
        // Not vacuous: the run found something of each severity.
        let run = check_json(repo.path(), &[]);
        let severities: std::collections::BTreeSet<String> = run
            .diagnostics()
            .iter()
            .map(|d| d["severity"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            severities.into_iter().collect::<Vec<_>>(),
            ["error", "info", "warning"],
            "{}",
            run.stdout
        );
    }

    #[test]
    fn errors_and_usage_errors_are_what_the_binary_says() {
        let repo = busy_repository();
        for args in [
            &["check", "--format", "csv"][..],
            &["check", "--no-such-flag"][..],
            &["check", "--config", "missing.yaml"][..],
            &["explain", "no-such-rule"][..],
        ] {
            let library = ownlint_in(repo.path(), args);
            let binary = run_in(repo.path(), args);
            assert_eq!(i32::from(library.code), binary.code, "{args:?}");
            assert_eq!(library.code, 2, "{args:?}: {library:?}");
            assert_eq!(library.stdout, binary.stdout, "{args:?}");
            assert_eq!(library.stderr, binary.stderr, "{args:?}");
        }
    }

    #[test]
    fn runs_are_anchored_at_as_of_not_today() {
        let repo = TestRepo::new();
        repo.write("OWNERS", "approvers: [bob]\n");
        repo.commit_by("Bob", "bob@example.com", "2023-01-10", "start");
        // At the default anchor (2024-03-01) bob has been gone for more than 180 days ...
        assert_eq!(check_json(repo.path(), &[]).of("stale-owner").len(), 1);
        // ... and a month after his commit he was not.
        let early = check_json(repo.path(), &["--as-of", "2023-02-10"]);
        assert!(early.of("stale-owner").is_empty(), "{}", early.stdout);
    }
}
