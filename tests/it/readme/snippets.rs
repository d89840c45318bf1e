//! The README's copy-paste snippets work: every `ownlint` command in its `sh` blocks, and every
//! `ownlint` command in the `run:` and `script:` steps of its YAML blocks (CI jobs), is run with
//! the real binary against real repositories, in the order the README gives them, and must not
//! fail as unusable (exit code 2). The `.pre-commit-config.yaml` snippet is exercised through
//! the real pre-commit framework by `.ci/run`; the GitHub Action workflow by `tests/it/action.rs`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TestRepo, fenced_blocks, manifest_dir};
use serde_json::Value;

fn readme() -> String {
    std::fs::read_to_string(manifest_dir().join("README.md")).unwrap()
}

/// Shell lines of a block: comments dropped, `\` continuations joined.
fn shell_lines(block: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut pending = String::new();
    for line in block.lines() {
        let line = line.trim();
        if pending.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(head) => {
                pending.push_str(head);
                pending.push(' ');
            }
            None => {
                pending.push_str(line);
                lines.push(std::mem::take(&mut pending));
            }
        }
    }
    lines
}

/// The shell commands of a YAML block's `run:` (GitHub) and `script:` (GitLab) keys.
fn ci_commands(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("run", Value::String(script)) => out.extend(shell_lines(script)),
                    ("script", Value::Array(lines)) => {
                        out.extend(lines.iter().filter_map(Value::as_str).flat_map(shell_lines))
                    }
                    _ => ci_commands(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| ci_commands(v, out)),
        _ => {}
    }
}

/// Every `ownlint` command of the README, in order.
fn commands() -> Vec<String> {
    let readme = readme();
    let mut commands = Vec::new();
    for block in fenced_blocks(&readme, "sh") {
        commands.extend(shell_lines(&block));
    }
    for block in fenced_blocks(&readme, "yaml") {
        if let Ok(value) = serde_saphyr::from_str::<Value>(&block) {
            ci_commands(&value, &mut commands);
        }
    }
    commands.retain(|c| c.starts_with("ownlint "));
    commands
}

/// A workspace of three repositories side by side in `~/src` (`HOME` is the workspace):
/// `app` (the current directory; branch `feature` checked out with a change against
/// `origin/main`), `service-a` and `service-b`.
struct Workspace {
    _dir: tempfile::TempDir,
    root: PathBuf,
    _repos: Vec<TestRepo>,
}

fn repository(owner: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "OWNERS",
        &format!("owner: {owner}\napprovers: [{owner}, bob]\nreviewed: 2025-01-01\n"),
    );
    repo.write(
        "tools/OWNERS",
        "options:\n  no_parent_owners: true\nreviewers: [bob]\n",
    );
    repo.write("src/lib.rs", "\n");
    repo.commit_by("Alice", "alice@example.com", "2025-01-01", "start");
    repo.change("src/lib.rs", ("Bob", "bob@example.com"), "2025-01-05");
    repo
}

fn workspace() -> Workspace {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    std::fs::create_dir(root.join("src")).unwrap();
    let mut repos = Vec::new();
    for name in ["app", "service-a", "service-b"] {
        let repo = repository("alice");
        std::fs::rename(repo.path(), root.join("src").join(name)).unwrap();
        // Keep the TempDir alive (it now names a missing path) so nothing is deleted twice.
        repos.push(repo);
    }
    let app = root.join("src/app");
    git(&app, &["update-ref", "refs/remotes/origin/main", "main"]);
    git(&app, &["checkout", "-q", "-b", "feature"]);
    std::fs::write(app.join("tools/new.sh"), "\n").unwrap();
    git(&app, &["add", "."]);
    git(&app, &["commit", "-q", "-m", "a tool"]);
    Workspace {
        _dir: dir,
        root,
        _repos: repos,
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Alice",
            "-c",
            "user.email=alice@example.com",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", "2025-01-10T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2025-01-10T12:00:00Z")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn every_ownlint_command_in_the_readme_runs() {
    let commands = commands();
    assert!(
        commands.len() >= 3,
        "the README's snippets were not found: {commands:?}"
    );
    eprintln!("{} README commands: {commands:#?}", commands.len());
    let workspace = workspace();
    let app = workspace.root.join("src/app");
    let bin = Path::new(env!("CARGO_BIN_EXE_ownlint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let summary = workspace.root.join("step-summary.md");
    for command in &commands {
        if command.contains("reports/*/report.json") {
            // The merge job of the README's CI matrix: its download-artifact step puts each
            // repository job's report.json in reports/NAME/ (jobs are not run in order here:
            // the YAML is read into sorted maps).
            for (i, repo) in ["app", "service-a"].iter().enumerate() {
                let reports = app.join(format!("reports/report-{i}"));
                std::fs::create_dir_all(&reports).unwrap();
                let out = crate::support::run_in(
                    &workspace.root.join("src").join(repo),
                    &["report", "--format", "json"],
                );
                assert_eq!(out.code, 0, "{}", out.stderr);
                std::fs::write(reports.join("report.json"), out.stdout).unwrap();
            }
        }
        let output = Command::new("bash")
            .args(["-c", command])
            .current_dir(&app)
            .env("PATH", &path)
            .env("HOME", &workspace.root)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("NO_COLOR", "1")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("CI_PROJECT_DIR", &app)
            .output()
            .unwrap();
        let code = output.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            code == 0 || code == 1,
            "README command failed with {code}: {command}\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{command}\n{stderr}");
    }
    let summary = std::fs::read_to_string(&summary).unwrap_or_default();
    assert!(
        summary.contains("## ownlint"),
        "the step summary snippet wrote nothing: {summary}"
    );
}
