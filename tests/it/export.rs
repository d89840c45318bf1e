//! `ownlint export codeowners`: the generated CODEOWNERS is equivalent to the OWNERS files
//! (checked file by file on generated repositories), and `--check` reports drift.

use std::collections::BTreeSet;

use crate::support::TestRepo;
use ownlint::dialect::codeowners::matcher::Matcher;
use ownlint::dialect::codeowners::{self, Flavor};
use ownlint::source::SourceFile;

/// A small deterministic generator (the tests never depend on a random seed from outside).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

const PEOPLE: [&str; 6] = ["alice", "bob", "carol", "dave", "erin", "frank"];
const DIRS: [&str; 10] = [
    "",
    "src",
    "src/api",
    "src/api/v1",
    "src/core",
    "docs",
    "docs/guide",
    "tools",
    "tools/ci",
    "vendor-free",
];

/// A repository with OWNERS files (YAML or Chromium style) at random directories, with
/// inheritance stops, filters or per-file lines, and aliases.
fn generated(seed: u64, chromium: bool) -> (TestRepo, Vec<String>) {
    let mut rng = Lcg(seed);
    let repo = TestRepo::new();
    let mut files = Vec::new();
    for dir in DIRS {
        for name in ["a.go", "b.md", "c_test.go"] {
            let path = if dir.is_empty() {
                name.to_string()
            } else {
                format!("{dir}/{name}")
            };
            repo.write(&path, "x\n");
            files.push(path);
        }
    }
    if !chromium {
        repo.write(
            "OWNERS_ALIASES",
            "aliases:\n  core-team:\n    - carol\n    - dave\n",
        );
        files.push("OWNERS_ALIASES".into());
    }
    for dir in DIRS {
        if !dir.is_empty() && rng.next(3) == 0 {
            continue;
        }
        let pick = |rng: &mut Lcg| PEOPLE[rng.next(PEOPLE.len() as u64) as usize];
        let (a, b) = (pick(&mut rng), pick(&mut rng));
        let stop = !dir.is_empty() && rng.next(4) == 0;
        let filter = rng.next(3) == 0;
        let text = if chromium {
            let mut text = format!("{a}@example.com\n{b}@example.com\n");
            if stop {
                text.insert_str(0, "set noparent\n");
            }
            if filter {
                text.push_str(&format!(
                    "per-file *_test.go={}@example.com\n",
                    pick(&mut rng)
                ));
            }
            if rng.next(5) == 0 {
                text.push_str("per-file *.md=set noparent\nper-file *.md=docs@example.com\n");
            }
            text
        } else {
            let approvers = if rng.next(4) == 0 {
                format!("[{a}, core-team]")
            } else {
                format!("[{a}, {b}]")
            };
            let mut text = format!("approvers: {approvers}\nreviewers: [{b}]\n");
            if stop {
                text.push_str("options:\n  no_parent_owners: true\n");
            }
            if filter {
                text.push_str(&format!(
                    "filters:\n  \"_test\\\\.go$\":\n    approvers: [{}]\n",
                    pick(&mut rng)
                ));
            }
            text
        };
        let path = if dir.is_empty() {
            "OWNERS".to_string()
        } else {
            format!("{dir}/OWNERS")
        };
        repo.write(&path, &text);
        files.push(path);
    }
    repo.commit("generated");
    files.sort();
    (repo, files)
}

/// Approvers of every file under the OWNERS resolution, as `who --format json` gives them.
fn owners_resolution(repo: &TestRepo, files: &[String]) -> Vec<BTreeSet<String>> {
    let mut args = vec!["who", "--format", "json", "--no-history"];
    args.extend(files.iter().map(String::as_str));
    let out = repo.ownlint(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|answer| {
            answer["owners"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|o| o["role"] == "approver")
                .map(|o| o["name"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

/// Approvers of every file under GitHub's resolution of `text`.
fn github_resolution(text: &str, files: &[String]) -> Vec<BTreeSet<String>> {
    let source = SourceFile::new(".github/CODEOWNERS", text);
    let mut diagnostics = Vec::new();
    let parsed = codeowners::parse(&source, Flavor::Github, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}\n{text}");
    let matcher = Matcher::new(&parsed);
    files
        .iter()
        .map(|path| {
            matcher
                .decide(path)
                .into_iter()
                .flat_map(|line| &parsed.lines[line].owners)
                .map(|o| o.text.trim_start_matches('@').to_lowercase())
                .collect()
        })
        .collect()
}

fn export(repo: &TestRepo) -> String {
    let out = repo.ownlint(&["export", "codeowners"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("# Generated by `ownlint export codeowners`")
    );
    out.stdout
}

#[test]
fn generated_codeowners_is_equivalent_on_generated_repositories() {
    // The generated repositories must exercise what makes the export hard.
    let (mut exceptions, mut owned, mut unowned) = (0, 0, 0);
    for seed in 1..=8u64 {
        for chromium in [false, true] {
            let (repo, files) = generated(seed, chromium);
            let text = export(&repo);
            let expected = owners_resolution(&repo, &files);
            let actual = github_resolution(&text, &files);
            exceptions += usize::from(text.contains("# Files whose"));
            owned += expected.iter().filter(|s| !s.is_empty()).count();
            unowned += expected.iter().filter(|s| s.is_empty()).count();
            for ((path, want), got) in files.iter().zip(&expected).zip(&actual) {
                assert_eq!(
                    want, got,
                    "seed {seed}, chromium {chromium}: `{path}` differs\n{text}"
                );
            }
        }
    }
    assert!(
        exceptions >= 4 && owned >= 100,
        "{exceptions} {owned} {unowned}"
    );
}

#[test]
fn check_passes_when_in_sync_and_reports_the_first_difference() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("src/OWNERS", "approvers: [bob]\n"),
        ("src/a.rs", "x"),
    ]);
    let text = export(&repo);
    repo.write(".github/CODEOWNERS", &text);
    repo.commit("add the generated file");
    let ok = repo.ownlint(&["export", "codeowners", "--check"]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);

    repo.write("src/OWNERS", "approvers: [carol]\n");
    repo.commit("carol takes over src");
    let stale = repo.ownlint(&["export", "codeowners", "--check", "--format", "json"]);
    assert_eq!(stale.code, 1, "{}{}", stale.stdout, stale.stderr);
    let found = stale.of("codeowners-out-of-sync");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], ".github/CODEOWNERS");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("/src/ @alice @carol"),
        "{found:?}"
    );

    let missing = TestRepo::with(&[("OWNERS", "approvers: [alice]\n"), ("a.rs", "x")]);
    let out = missing.ownlint(&["export", "codeowners", "--check", "--format", "json"]);
    assert_eq!(out.code, 1);
    assert!(
        out.of("codeowners-out-of-sync")[0]["message"]
            .as_str()
            .unwrap()
            .contains("not committed")
    );
}

/// Issue 15: `codeowners-out-of-sync` goes through the one severity step (its configured level)
/// and `--fail-on`, whose default (`error`) gives the exit codes `--check` always had; its
/// findings keep the order of the file's lines.
#[test]
fn check_takes_the_configured_level_and_fail_on() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("src/OWNERS", "approvers: [bob]\n"),
        ("src/a.rs", "x"),
    ]);
    let text = export(&repo);
    let mut lines: Vec<&str> = text.lines().collect();
    let last = lines.pop().unwrap();
    assert!(last.starts_with("/src/"), "{text}");
    let root = lines.iter().position(|l| l.starts_with("* ")).unwrap();
    lines[root] = "* @zed";
    repo.write(".github/CODEOWNERS", &(lines.join("\n") + "\n"));
    repo.commit("a stale CODEOWNERS");
    let check = |extra: &[&str]| {
        let mut args = vec!["export", "codeowners", "--check", "--format", "json"];
        args.extend_from_slice(extra);
        repo.ownlint(&args)
    };
    let out = check(&[]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let messages = out.field("codeowners-out-of-sync", "message");
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("should read `* @alice`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("is missing at the end"),
        "{messages:?}"
    );
    assert_eq!(
        out.field("codeowners-out-of-sync", "severity"),
        ["error", "error"]
    );
    assert_eq!(check(&["--fail-on", "never"]).code, 0);

    repo.write(
        ".ownlint.yaml",
        "rules:\n  codeowners-out-of-sync: warning\n",
    );
    repo.commit("out of sync is a warning here");
    let out = check(&[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        out.field("codeowners-out-of-sync", "severity"),
        ["warning", "warning"]
    );
    assert_eq!(check(&["--fail-on", "warning"]).code, 1);
    assert_eq!(check(&["--fail-on", "error"]).code, 0);

    // Its category turns it off like its name does.
    repo.write(".ownlint.yaml", "rules:\n  export: off\n");
    repo.commit("no export rules");
    let out = check(&["--fail-on", "info"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.of("codeowners-out-of-sync").is_empty());

    // --fail-on means nothing without --check.
    let out = repo.ownlint(&["export", "codeowners", "--fail-on", "never"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("--check"), "{}", out.stderr);
}

#[test]
fn export_without_owners_files_is_a_usage_error() {
    let repo = TestRepo::with(&[("a.rs", "x")]);
    let out = repo.ownlint(&["export", "codeowners"]);
    assert_eq!(out.code, 2);
    out.assert_clean_failure();
}

/// `(rule, file, message)` of every finding of `check --format json` at `as_of`.
fn findings(repo: &TestRepo, as_of: &str) -> Vec<(String, String, String)> {
    let out = repo.ownlint(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        as_of,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut found: Vec<(String, String, String)> = out
        .diagnostics()
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or("").to_string();
            (text("rule"), text("file"), text("message"))
        })
        .collect();
    found.sort();
    found
}

/// Issue 14, item 7: committing the generated CODEOWNERS raised one repository's findings from
/// 119 to 278. What the export writes must pass ownlint: exported, committed, checked, it adds
/// no finding (its lines restate the OWNERS files, which are judged already).
#[test]
fn the_committed_export_adds_no_findings() {
    const AS_OF: &str = "2024-12-01";
    let mut before_total = 0;
    for seed in 1..=4u64 {
        for chromium in [false, true] {
            let (repo, _) = generated(seed, chromium);
            // History, so that the history rules judge the areas: some owners active long
            // ago (stale at AS_OF), one active recently.
            for (i, (name, path)) in [
                ("alice", "src/api/a.go"),
                ("bob", "docs/b.md"),
                ("carol", "tools/ci/a.go"),
                ("dave", "src/core/a.go"),
            ]
            .iter()
            .enumerate()
            {
                let email = if chromium {
                    format!("{name}@example.com")
                } else {
                    format!("{name}@users.example.com")
                };
                let date = format!("2024-0{}-15", i + 2);
                repo.change(path, (name, &email), &date);
            }
            repo.change("src/a.go", ("erin", "erin@example.com"), "2024-11-01");
            let before = findings(&repo, AS_OF);
            before_total += before.len();
            let text = export(&repo);
            repo.write(".github/CODEOWNERS", &text);
            // Committed after the instant judged at: the history the rules see is the same.
            repo.commit_by("Test", "test@example.com", "2025-01-01", "export");
            let after = findings(&repo, AS_OF);
            let new: Vec<_> = after.iter().filter(|f| !before.contains(f)).collect();
            assert!(
                new.is_empty(),
                "seed {seed}, chromium {chromium}: new findings {new:#?}\n{text}"
            );
            let check = repo.ownlint(&["export", "codeowners", "--check"]);
            assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
        }
    }
    // The repositories have findings to compare: the test is not vacuous.
    assert!(before_total >= 8, "{before_total}");
}
