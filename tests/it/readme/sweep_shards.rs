//! The README's recipe for sharding a sweep of many repositories: its `sweep-shard.sh` block is
//! run as written, shard by shard in either order, over real repositories cloned from a list;
//! the shards' JSON reports merged in either order give the same report byte for byte, in every
//! format, and the same as one `report --repos` over every repository. Its block that runs
//! shards side by side on one machine is run as written too.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TestRepo, fenced_blocks, manifest_dir, run_in};

const AS_OF: &str = "2025-06-01";

/// The README's `sweep-shard.sh` block.
fn shard_script() -> String {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    fenced_blocks(&readme, "bash")
        .into_iter()
        .find(|b| b.starts_with("# sweep-shard.sh"))
        .expect("README.md has the sweep-shard.sh block")
}

/// A small repository: its own owner, an unowned directory in some, changes by two people.
fn repository(i: usize) -> TestRepo {
    let owner = ["alice", "bob", "carol"][i % 3];
    let repo = TestRepo::new();
    repo.write(
        "OWNERS",
        &format!("owner: {owner}\napprovers: [{owner}, dave]\n"),
    );
    repo.write(&format!("pkg{i}/code.rs"), "x");
    if i.is_multiple_of(2) {
        repo.write(
            "tools/OWNERS",
            "options:\n  no_parent_owners: true\nreviewers: [dave]\n",
        );
        repo.write("tools/run.sh", "x");
    }
    repo.commit_by("Alice", "alice@example.com", "2025-01-01", "start");
    repo.change(
        &format!("pkg{i}/code.rs"),
        ("Bob", "bob@example.com"),
        "2025-02-01",
    );
    repo
}

/// A workspace: repositories under `src/` (two named `api`, in different folders), the list of
/// them (with one that cannot be cloned) and the README's script.
struct Workspace {
    _dir: tempfile::TempDir,
    root: PathBuf,
    _repos: Vec<TestRepo>,
}

fn workspace() -> Workspace {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let names = ["src/api", "src/web", "src/infra", "src/docs", "other/api"];
    let mut repos = Vec::new();
    let mut list = String::new();
    for (i, name) in names.iter().enumerate() {
        let repo = repository(i);
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::rename(repo.path(), &path).unwrap();
        // Keep the TempDir alive (it now names a missing path) so nothing is deleted twice.
        repos.push(repo);
        list.push_str(&format!("{}\n", path.display()));
    }
    list.push_str(&format!("{}\n", root.join("src/gone").display()));
    std::fs::write(root.join("repos.txt"), list).unwrap();
    std::fs::write(root.join("sweep-shard.sh"), shard_script()).unwrap();
    Workspace {
        _dir: dir,
        root,
        _repos: repos,
    }
}

/// The README's block that runs the shards side by side on one machine.
fn local_block() -> String {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    fenced_blocks(&readme, "bash")
        .into_iter()
        .find(|b| b.contains("sweep-shard.sh {}"))
        .expect("README.md has the block running shards on one machine")
}

/// `bash -c SCRIPT` in `root`, with the built ownlint first on PATH.
fn bash(root: &Path, script: &str, args: &[&str]) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_ownlint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg("bash")
        .args(args)
        .current_dir(root)
        .env("PATH", path)
        .env("HOME", root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Runs the README's script for one shard, as `bash sweep-shard.sh SHARD SHARDS repos.txt OUT`.
fn run_shard(root: &Path, shard: usize, shards: usize) -> String {
    let out_file = format!("report-{shard}.json");
    let (shard, shards) = (shard.to_string(), shards.to_string());
    let args = [
        "sweep-shard.sh",
        &shard,
        &shards,
        "repos.txt",
        &out_file,
        "--as-of",
        AS_OF,
    ];
    let output = bash(root, "bash \"$@\"", &args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "shard {shard}: {stderr}");
    out_file
}

fn merged(root: &Path, files: &[&str], format: &str) -> String {
    let mut args = vec!["report", "--format", format, "--merge"];
    args.extend_from_slice(files);
    let out = run_in(root, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn shards_merged_in_any_order_give_the_one_machine_report() {
    let workspace = workspace();
    let root = &workspace.root;
    // Shards run in reverse order: the result must not care.
    let second = run_shard(root, 1, 2);
    let first = run_shard(root, 0, 2);
    for (file, expected) in [(&first, 3), (&second, 3)] {
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root.join(file)).unwrap()).unwrap();
        assert_eq!(
            report["repositories"].as_array().unwrap().len(),
            expected,
            "{file}: {report}"
        );
    }
    for format in ["json", "markdown", "html", "csv"] {
        let one = merged(root, &[&first, &second], format);
        let other = merged(root, &[&second, &first], format);
        assert!(
            one == other,
            "--format {format} depends on the order of the shards"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&merged(root, &[&second, &first], "json")).unwrap();
    let names: Vec<&str> = json["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["api", "api", "docs", "gone", "infra", "web"]);
    let failed: Vec<&serde_json::Value> = json["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("error").is_some())
        .collect();
    assert_eq!(failed.len(), 1, "the repository that could not be cloned");

    // The same repositories swept on one machine, in the list's order.
    let clones: Vec<String> = ["1/api", "2/web", "3/infra", "4/docs", "5/api", "6/gone"]
        .iter()
        .map(|c| format!("clones/{c}"))
        .collect();
    let mut args = vec!["report", "--format", "json", "--as-of", AS_OF, "--repos"];
    args.extend(clones.iter().map(String::as_str));
    let one_machine = run_in(root, &args);
    assert_eq!(one_machine.code, 0, "{}", one_machine.stderr);
    assert!(
        one_machine.stdout == merged(root, &[&first, &second], "json"),
        "sharded and one-machine sweeps differ"
    );
}

#[test]
fn the_one_machine_block_runs_every_shard_and_merges_them() {
    let workspace = workspace();
    let root = &workspace.root;
    let output = bash(root, &local_block(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let shards: Vec<String> = (0..4).map(|i| format!("report-{i}.json")).collect();
    for shard in &shards {
        assert!(root.join(shard).is_file(), "{shard} missing: {stderr}");
    }
    let html = std::fs::read_to_string(root.join("ownership.html")).unwrap();
    for name in ["api", "web", "infra", "docs", "gone"] {
        assert!(html.contains(name), "{name} missing from the merged report");
    }
    let shards: Vec<&str> = shards.iter().map(String::as_str).collect();
    let mut reversed = shards.clone();
    reversed.reverse();
    assert!(merged(root, &shards, "json") == merged(root, &reversed, "json"));
}
