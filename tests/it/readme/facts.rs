//! What the README states about ownlint itself holds: every revision of this repository it
//! names (the pre-commit `rev:` of this repository, the Action's `uses: ownlint/ownlint@REF`)
//! exists in this repository's git, and the table of formats each command writes is what the
//! real binary accepts.

use std::path::Path;
use std::process::Command;

use crate::support::{TestRepo, fenced_blocks, manifest_dir};

fn readme() -> String {
    std::fs::read_to_string(manifest_dir().join("README.md")).unwrap()
}

/// The revisions of this repository the README names: `rev:` of a pre-commit `repo:` that is
/// ownlint's, and the ref of every `uses: <owner>/ownlint@REF`, anywhere in the README.
fn named_revisions(readme: &str) -> Vec<String> {
    let mut revs = Vec::new();
    for block in fenced_blocks(readme, "yaml") {
        let mut in_ownlint_repo = false;
        for line in block.lines() {
            let item = line.trim_start().trim_start_matches("- ").trim_start();
            if let Some(url) = item.strip_prefix("repo:") {
                let url = url.split('#').next().unwrap_or_default().trim();
                in_ownlint_repo = url.trim_end_matches(".git").ends_with("/ownlint");
            } else if let Some(rev) = item.strip_prefix("rev:")
                && in_ownlint_repo
            {
                let rev = rev.split('#').next().unwrap_or_default().trim();
                revs.push(rev.trim_matches(['"', '\'']).to_string());
            }
        }
    }
    for (at, _) in readme.match_indices("/ownlint@") {
        let rest = &readme[at + "/ownlint@".len()..];
        let rev: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && !"`\"')#,".contains(*c))
            .collect();
        revs.push(rev);
    }
    revs
}

/// Whether `rev` names a commit in the git repository at `dir`: a branch (local, or of any
/// remote, as a CI checkout has them), a tag or a commit id.
fn resolves(dir: &Path, rev: &str) -> bool {
    let candidates = [
        format!("{rev}^{{commit}}"),
        format!("refs/remotes/origin/{rev}^{{commit}}"),
    ];
    candidates.iter().any(|spec| {
        Command::new("git")
            .args(["rev-parse", "--verify", "--quiet", spec])
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .is_ok_and(|out| out.status.success())
    })
}

#[test]
fn the_revision_scan_finds_pre_commit_revs_and_action_refs() {
    let text = "```yaml\nrepos:\n  - repo: https://github.com/ownlint/ownlint # here\n    rev: v9.9.9   # a tag\n  - repo: https://github.com/other/tool\n    rev: v1.0.0\n```\n\
                \n```yaml\nsteps:\n  - uses: ownlint/ownlint@v8 # pinned\n  - uses: actions/checkout@v4\n```\n";
    assert_eq!(named_revisions(text), ["v9.9.9", "v8"]);
    let dir = manifest_dir();
    assert!(!resolves(&dir, "v9.9.9"));
    assert!(resolves(&dir, "HEAD"));
}

#[test]
fn every_revision_the_readme_names_exists_in_this_repository() {
    let readme = readme();
    let revs = named_revisions(&readme);
    assert!(
        revs.len() >= 3,
        "the pre-commit snippets and the Action workflow were not found: {revs:?}"
    );
    let dir = manifest_dir();
    assert!(
        resolves(&dir, "HEAD"),
        "{} is not a git checkout: the README's revisions cannot be checked",
        dir.display()
    );
    let missing: Vec<&String> = revs.iter().filter(|rev| !resolves(&dir, rev)).collect();
    assert!(
        missing.is_empty(),
        "README.md names revisions this repository does not have: {missing:?}"
    );
}

/// The README's formats table: command → the formats it lists.
fn documented_formats(readme: &str) -> Vec<(String, Vec<String>)> {
    const START: &str = "<!-- formats:start";
    const END: &str = "<!-- formats:end -->";
    let start = readme
        .find(START)
        .expect("README has the formats:start marker");
    let end = readme.find(END).expect("README has the formats:end marker");
    readme[start..end]
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let command = cells[1].trim_matches('`').to_string();
            let formats = cells[2]
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            (command, formats)
        })
        .collect()
}

/// Every value of `--format`, as `--help` lists them.
fn every_format() -> Vec<String> {
    let schema = <ownlint::cli::Cli as clap::CommandFactory>::command();
    let arg = schema
        .get_arguments()
        .find(|a| a.get_id() == "format")
        .expect("--format");
    arg.get_possible_values()
        .iter()
        .map(|v| v.get_name().to_string())
        .collect()
}

#[test]
fn the_formats_table_is_what_each_command_accepts() {
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice]\n"), ("a.go", "x")]);
    let table = documented_formats(&readme());
    let commands: Vec<&str> = table.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(commands, ["check", "who", "rules", "explain", "report"]);
    let all = every_format();
    assert!(all.contains(&"markdown".to_string()), "{all:?}");
    for (command, documented) in &table {
        let args: &[&str] = match command.as_str() {
            "who" => &["who", "a.go"],
            "explain" => &["explain", "unowned-path"],
            "check" => &["check", "--no-history"],
            "report" => &["report", "--no-history"],
            other => &[other],
        };
        let mut accepted = Vec::new();
        for format in &all {
            let mut with = args.to_vec();
            with.extend(["--format", format.as_str()]);
            let out = repo.ownlint(&with);
            if out.stderr.contains("does not produce --format") {
                assert_eq!(out.code, 2, "{command} --format {format}");
            } else {
                assert!(
                    out.code == 0 || out.code == 1,
                    "{command} --format {format}: {}",
                    out.stderr
                );
                accepted.push(format.clone());
            }
        }
        let mut documented = documented.clone();
        documented.sort();
        accepted.sort();
        assert_eq!(
            documented, accepted,
            "README's formats for `{command}` differ from what it accepts"
        );
    }
}
