//! The GitHub Action (`action.yml`, `action/*.sh`) and the README's workflow for it: the
//! metadata is well formed, the built binary is cached (keyed by runner OS and action ref) and
//! a cached one is used without building, the run step works against a real repository with
//! the real binary, and the README's copy-paste workflow uses only inputs the action has.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TestRepo, manifest_dir};
use serde_json::Value;

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("not YAML: {e}\n{text}"))
}

fn action() -> Value {
    yaml(&std::fs::read_to_string(manifest_dir().join("action.yml")).unwrap())
}

fn inputs() -> Vec<String> {
    action()["inputs"]
        .as_object()
        .expect("inputs")
        .keys()
        .cloned()
        .collect()
}

#[test]
fn the_action_is_composite_and_passes_inputs_only_through_the_environment() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let mut scripts = 0;
    for step in steps {
        let Some(run) = step["run"].as_str() else {
            continue;
        };
        assert_eq!(step["shell"], "bash", "{step}");
        // An expression spliced into a script is a shell injection (a branch name, a title).
        assert!(!run.contains("${{"), "inputs must arrive as env: {run}");
        let script = run
            .split('"')
            .find(|part| part.starts_with("$ACTION_PATH/"))
            .expect("a script of the action");
        let path = manifest_dir().join(script.trim_start_matches("$ACTION_PATH/"));
        assert!(path.is_file(), "{} is missing", path.display());
        scripts += 1;
    }
    assert_eq!(scripts, 3);
    for input in inputs() {
        let described = &action["inputs"][&input]["description"];
        assert!(described.as_str().is_some_and(|d| !d.is_empty()), "{input}");
    }
}

fn step<'a>(steps: &'a [Value], name: &str) -> &'a Value {
    steps
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no step `{name}`"))
}

#[test]
fn the_built_binary_is_cached_by_runner_os_and_action_ref() {
    let action = action();
    let steps = action["runs"]["steps"].as_array().unwrap();
    let position = |name: &str| steps.iter().position(|s| s["name"] == name).unwrap();
    let key = step(steps, "Cache key for ownlint");
    let cache = step(steps, "Cache ownlint");
    let install = step(steps, "Install ownlint");
    assert!(position("Cache key for ownlint") < position("Cache ownlint"));
    assert!(
        position("Cache ownlint") < position("Install ownlint"),
        "the cache is restored before the install step looks for it"
    );
    assert!(
        cache["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/cache@v")),
        "{cache}"
    );
    assert_eq!(key["id"], "cache-key");
    assert_eq!(key["env"]["OWNLINT_ACTION_REF"], "${{ github.action_ref }}");
    assert_eq!(cache["with"]["key"], "${{ steps.cache-key.outputs.key }}");
    // What is cached is where the install step installs.
    assert_eq!(cache["with"]["path"], "${{ steps.cache-key.outputs.dir }}");
    assert_eq!(install["env"]["OWNLINT_ROOT"], cache["with"]["path"]);
}

/// Runs `action/cache-key.sh` for the action in `action_path` and returns its outputs.
fn cache_key(action_path: &Path, os: &str, reference: &str) -> (String, String) {
    let temp = tempfile::tempdir().unwrap();
    let outputs = temp.path().join("outputs");
    let output = Command::new("bash")
        .arg(manifest_dir().join("action/cache-key.sh"))
        .env("ACTION_PATH", action_path)
        .env("RUNNER_OS", os)
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", temp.path())
        .env("OWNLINT_ACTION_REF", reference)
        .env("GITHUB_OUTPUT", &outputs)
        .output()
        .expect("bash");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let outputs = std::fs::read_to_string(&outputs).unwrap();
    let value = |name: &str| {
        outputs
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name} in {outputs}"))
            .to_string()
    };
    let dir = value("dir");
    assert_eq!(Path::new(&dir), temp.path().join("ownlint"));
    (value("key"), dir)
}

#[test]
fn the_cache_key_names_os_and_ref_and_changes_with_the_sources() {
    // A copy of what the binary is built from, to change one source of.
    let copy = tempfile::tempdir().unwrap();
    for file in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(manifest_dir().join(file), copy.path().join(file)).unwrap();
    }
    std::fs::create_dir_all(copy.path().join("src")).unwrap();
    std::fs::copy(
        manifest_dir().join("src/main.rs"),
        copy.path().join("src/main.rs"),
    )
    .unwrap();
    let (key, _) = cache_key(copy.path(), "Linux", "v1");
    assert!(key.starts_with("ownlint-Linux-X64-v1-"), "{key}");
    assert_eq!(cache_key(copy.path(), "Linux", "v1").0, key, "stable");
    assert_ne!(cache_key(copy.path(), "macOS", "v1").0, key);
    assert_ne!(cache_key(copy.path(), "Linux", "v2").0, key);
    // A ref with characters a cache key cannot hold (a comma) still gives one key.
    let (odd, _) = cache_key(copy.path(), "Linux", "refs/heads/a,b");
    assert!(
        odd.starts_with("ownlint-Linux-X64-refs_heads_a_b-"),
        "{odd}"
    );
    // A branch that moved to other sources does not restore the old binary.
    let main = copy.path().join("src/main.rs");
    let mut text = std::fs::read_to_string(&main).unwrap();
    text.push_str("\n// changed\n");
    std::fs::write(&main, text).unwrap();
    assert_ne!(cache_key(copy.path(), "Linux", "v1").0, key);
}

struct Install {
    code: i32,
    stdout: String,
    stderr: String,
    path_added: String,
}

/// Runs `action/install.sh` with an empty PATH (no `ownlint`, no `cargo`), so that it can
/// succeed only by using what is in `root`.
fn install_step(root: &Path) -> Install {
    let temp = tempfile::tempdir().unwrap();
    let github_path = temp.path().join("github_path");
    let empty = temp.path().join("empty-path");
    std::fs::create_dir(&empty).unwrap();
    let bash = ["/bin/bash", "/usr/bin/bash"]
        .into_iter()
        .find(|b| Path::new(b).exists())
        .expect("bash");
    let output = Command::new(bash)
        .arg(manifest_dir().join("action/install.sh"))
        .env_clear()
        .env("PATH", &empty)
        .env("ACTION_PATH", manifest_dir())
        .env("OWNLINT_ROOT", root)
        .env("RUNNER_TEMP", temp.path())
        .env("GITHUB_PATH", &github_path)
        .output()
        .expect("bash");
    Install {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        path_added: std::fs::read_to_string(&github_path).unwrap_or_default(),
    }
}

#[test]
fn a_cached_binary_is_used_without_building() {
    let root = tempfile::tempdir().unwrap();
    let bin = root.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_ownlint"), bin.join("ownlint")).unwrap();
    let run = install_step(root.path());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("using the cached"), "{}", run.stdout);
    assert!(
        run.stdout.contains(env!("CARGO_PKG_VERSION")),
        "{}",
        run.stdout
    );
    assert_eq!(run.path_added.trim(), bin.display().to_string());
}

#[test]
fn a_damaged_cached_binary_is_rebuilt_not_trusted() {
    let root = tempfile::tempdir().unwrap();
    let bin = root.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let fake = bin.join("ownlint");
    std::fs::write(&fake, "not a program").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // It goes on to build, which needs cargo: not on this PATH, so the step fails loudly.
    let run = install_step(root.path());
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("building from"), "{}", run.stdout);
    assert!(run.stderr.contains("cargo"), "{}", run.stderr);
    assert!(run.path_added.is_empty(), "{}", run.path_added);
}

/// A repository whose branch `feature` adds a file nobody owns.
fn pull_request() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "OWNERS",
        "owner: alice\napprovers: [alice]\nreviewed: 2025-01-01\n",
    );
    repo.write(
        "tools/OWNERS",
        "options:\n  no_parent_owners: true\nreviewers: [bob]\n",
    );
    repo.write("src/lib.rs", "\n");
    repo.commit_by("Alice", "alice@example.com", "2025-01-01", "start");
    repo.git(
        &["checkout", "-q", "-b", "feature"],
        ("Alice", "alice@example.com"),
        "2025-01-02",
    );
    repo.write("tools/new.sh", "\n");
    repo.commit_by("Alice", "alice@example.com", "2025-01-02", "a tool");
    repo
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    summary: String,
    outputs: String,
    temp: PathBuf,
}

/// Runs `action/run.sh` as the action's run step would, with `env` as its inputs and the
/// built binary on PATH.
fn run_step(repo: &Path, env: &[(&str, &str)]) -> Run {
    let temp = tempfile::tempdir().unwrap().keep();
    let summary = temp.join("summary.md");
    let outputs = temp.join("outputs");
    let bin = Path::new(env!("CARGO_BIN_EXE_ownlint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("bash")
        .arg(manifest_dir().join("action/run.sh"))
        .current_dir(repo)
        .env("PATH", path)
        .env("HOME", &temp)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("RUNNER_TEMP", &temp)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .envs(env.iter().copied())
        .output()
        .expect("bash");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        outputs: std::fs::read_to_string(&outputs).unwrap_or_default(),
        temp,
    }
}

const AS_OF: &str = "--as-of 2025-02-01";

#[test]
fn the_run_step_annotates_the_pull_request_and_writes_a_summary() {
    let repo = pull_request();
    let run = run_step(
        repo.path(),
        &[
            ("OWNLINT_FORMAT", "github"),
            ("OWNLINT_BASE", "main"),
            ("OWNLINT_ARGS", AS_OF),
        ],
    );
    assert_eq!(
        run.code, 0,
        "a warning does not fail at fail-on error: {}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("::warning file=tools/,title=ownlint unowned-path::"),
        "{}",
        run.stdout
    );
    assert!(run.summary.starts_with("## ownlint\n"), "{}", run.summary);
    assert!(
        run.summary.contains("### Approvals needed"),
        "{}",
        run.summary
    );
    let failing = run_step(
        repo.path(),
        &[
            ("OWNLINT_BASE", "main"),
            ("OWNLINT_FAIL_ON", "warning"),
            ("OWNLINT_ARGS", AS_OF),
            ("OWNLINT_SUMMARY", "false"),
        ],
    );
    assert_eq!(failing.code, 1, "{}", failing.stderr);
    assert!(failing.summary.is_empty(), "{}", failing.summary);
}

#[test]
fn without_a_base_the_whole_repository_is_checked() {
    let repo = pull_request();
    repo.git(
        &["checkout", "-q", "main"],
        ("Alice", "alice@example.com"),
        "2025-01-03",
    );
    let run = run_step(
        repo.path(),
        &[("OWNLINT_BASE", ""), ("OWNLINT_ARGS", AS_OF)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("unowned-path"), "{}", run.stdout);
    assert!(!run.summary.contains("Approvals needed"), "{}", run.summary);
}

#[test]
fn the_run_step_writes_sarif_and_names_it_as_an_output() {
    let repo = pull_request();
    let run = run_step(
        repo.path(),
        &[
            ("OWNLINT_FORMAT", "sarif"),
            ("OWNLINT_BASE", "main"),
            ("OWNLINT_ARGS", AS_OF),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = run.temp.join("ownlint.sarif");
    assert_eq!(run.outputs.trim(), format!("sarif-file={}", file.display()));
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["ruleId"] == "unowned-path"),
        "{results:?}"
    );
}

#[test]
fn bad_inputs_fail_the_step_clearly() {
    let repo = pull_request();
    let run = run_step(repo.path(), &[("OWNLINT_FORMAT", "xml")]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("::error title=ownlint::"),
        "{}",
        run.stdout
    );
    let run = run_step(repo.path(), &[("OWNLINT_BASE", "no-such-branch")]);
    assert_eq!(run.code, 2, "{} {}", run.stdout, run.stderr);
    assert!(run.stderr.contains("no-such-branch"), "{}", run.stderr);
    assert!(
        run.summary.is_empty(),
        "no summary after an error: {}",
        run.summary
    );
    // Arguments are words, not shell: `;` reaches ownlint as an argument and is refused.
    let run = run_step(repo.path(), &[("OWNLINT_ARGS", "; touch pwned")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!repo.path().join("pwned").exists());
}

/// The README's workflow for the action, as a copy-paste block.
fn readme_workflow() -> Value {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let block = crate::support::fenced_blocks(&readme, "yaml")
        .into_iter()
        .find(|b| b.contains("uses: ownlint/ownlint@"))
        .expect("a workflow using the action in README.md");
    yaml(&block)
}

#[test]
fn the_readme_workflow_uses_the_action_as_it_is() {
    let workflow = readme_workflow();
    let steps = workflow["jobs"]["ownlint"]["steps"]
        .as_array()
        .expect("steps");
    let checkout = &steps[0];
    assert_eq!(
        checkout["with"]["fetch-depth"], 0,
        "history needs a full clone"
    );
    let step = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("ownlint/ownlint@"))
        })
        .unwrap();
    let known = inputs();
    let with = step["with"].as_object().expect("with");
    for key in with.keys() {
        assert!(
            known.contains(key),
            "README passes `{key}`, which action.yml lacks"
        );
    }
    if with.get("format").and_then(Value::as_str) == Some("sarif") {
        assert_eq!(workflow["permissions"]["security-events"], "write");
    }
}

#[test]
fn the_readme_workflow_runs_against_a_repository() {
    let workflow = readme_workflow();
    let steps = workflow["jobs"]["ownlint"]["steps"].as_array().unwrap();
    let with = steps
        .iter()
        .find_map(|s| {
            s["uses"]
                .as_str()?
                .starts_with("ownlint/ownlint@")
                .then(|| &s["with"])
        })
        .unwrap();
    let input = |name: &str| {
        with[name].as_str().map(str::to_string).unwrap_or_else(|| {
            action()["inputs"][name]["default"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
    };
    let repo = pull_request();
    // The workflow's extra arguments name a baseline: adopt one first, as the README says.
    let args = input("args");
    if let Some(baseline) = args
        .split_whitespace()
        .skip_while(|a| *a != "--baseline")
        .nth(1)
    {
        let out = repo.ownlint(&[
            "check",
            "--write-baseline",
            baseline,
            "--as-of",
            "2025-02-01",
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    let run = run_step(
        repo.path(),
        &[
            ("OWNLINT_FORMAT", &input("format")),
            ("OWNLINT_BASE", "main"),
            ("OWNLINT_FAIL_ON", &input("fail-on")),
            ("OWNLINT_ARGS", &format!("{args} {AS_OF}")),
        ],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
}
