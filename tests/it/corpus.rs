//! The real ownership files of the shared corpus (`../shared/corpus`), each committed into a
//! repository and checked end to end: no parse or syntax finding on real files, and the
//! findings that are there are genuine. When the corpus is absent the tests say so and pass,
//! except in CI (`CI=true`), where a missing corpus fails them.

mod support;

use std::path::Path;

use support::{TestRepo, check_json, corpus};

/// Rules that, on real files the platforms accept, can only be parser bugs.
const SPURIOUS_ON_REAL_FILES: [&str; 7] = [
    "parse-error",
    "unknown-field",
    "unsupported-syntax",
    "invalid-owner",
    "include-missing",
    "include-cycle",
    "codeowners-too-large",
];

/// A repository holding every file of the corpus folder at its path.
fn repository(dir: &Path) -> TestRepo {
    let repo = TestRepo::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                repo.write_bytes(&relative, &std::fs::read(&path).unwrap());
            }
        }
    }
    repo.commit("corpus");
    repo
}

/// Checks one corpus folder; returns the findings of the rules in `SPURIOUS_ON_REAL_FILES`.
fn spurious(sub: &str) -> Option<Vec<serde_json::Value>> {
    let dir = corpus(sub)?;
    let repo = repository(&dir);
    let out = check_json(&repo, &["--no-history"]);
    let found = SPURIOUS_ON_REAL_FILES
        .iter()
        .flat_map(|rule| out.of(rule))
        .collect();
    Some(found)
}

#[test]
fn github_codeowners_corpus_has_no_syntax_findings() {
    for sub in ["codeowners/terraform", "codeowners/opentelemetry-collector"] {
        if let Some(found) = spurious(sub) {
            assert!(found.is_empty(), "{sub}: {found:#?}");
        }
    }
}

#[test]
fn gitlab_codeowners_corpus_has_no_syntax_findings() {
    if let Some(found) = spurious("codeowners/gitlab-sections") {
        assert!(found.is_empty(), "{found:#?}");
    }
}

#[test]
fn chromium_corpus_reports_only_its_includes_of_other_repositories() {
    let Some(dir) = corpus("chromium-style/perfetto") else {
        return;
    };
    let repo = repository(&dir);
    let out = check_json(&repo, &["--no-history"]);
    for rule in SPURIOUS_ON_REAL_FILES {
        assert!(out.of(rule).is_empty(), "{rule}: {:#?}", out.of(rule));
    }
    // Perfetto includes OWNERS files of other Android projects (`trusty:main:/OWNERS`): those
    // are valid on Gerrit, noted as not followed (info, nothing to fix), and the files naming
    // only them are not called empty.
    assert!(out.of("include-outside-repository").is_empty());
    let elsewhere = out.of("include-other-repository");
    assert!(!elsewhere.is_empty());
    for finding in &elsewhere {
        assert_eq!(finding["severity"], "info", "{finding:?}");
        assert!(
            finding["message"]
                .as_str()
                .unwrap()
                .contains("not followed"),
            "{finding:?}"
        );
    }
    assert!(
        out.of("empty-owners-file")
            .iter()
            .all(|d| !d["file"].as_str().unwrap().contains("TrustyTee")),
        "{:?}",
        out.of("empty-owners-file")
    );
}

#[test]
fn maintainers_corpus_reports_only_genuine_section_problems() {
    let Some(found) = spurious("maintainers/u-boot") else {
        return;
    };
    assert!(found.is_empty(), "{found:#?}");
    let dir = corpus("maintainers/u-boot").unwrap();
    let repo = repository(&dir);
    let sections = check_json(&repo, &["--no-history"]).of("maintainers-section");
    // U-Boot's FREEBSD section has no F: or N: line: a real finding, and the only one.
    assert_eq!(sections.len(), 1, "{sections:#?}");
    assert!(sections[0]["message"].as_str().unwrap().contains("FREEBSD"));
}

/// Runs one test of this binary again, in a process of its own with `env` set (and `CI` removed
/// unless `env` sets it), the corpus pointed at a folder that does not exist.
fn rerun_without_corpus(test: &str, env: &[(&str, &str)]) -> std::process::Output {
    let missing = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(std::env::current_exe().unwrap());
    command
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env_remove("CI")
        .env("OWNLINT_CORPUS", missing.path().join("no-corpus-here"));
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

/// Without the corpus, a corpus test passes with a note on a developer's machine, and fails in
/// CI: there it must have tested something (a test that passes by skipping is a defect).
#[test]
fn a_missing_corpus_fails_the_corpus_tests_in_ci_only() {
    for test in [
        "github_codeowners_corpus_has_no_syntax_findings",
        "chromium_corpus_reports_only_its_includes_of_other_repositories",
    ] {
        let local = rerun_without_corpus(test, &[]);
        let text = String::from_utf8_lossy(&local.stderr).into_owned()
            + &String::from_utf8_lossy(&local.stdout);
        assert!(local.status.success(), "{test} outside CI:\n{text}");
        assert!(text.contains("corpus test skipped"), "{test}:\n{text}");
        assert!(text.contains("1 passed"), "{test} did not run:\n{text}");
        for ci in ["true", "1"] {
            let out = rerun_without_corpus(test, &[("CI", ci)]);
            let text = String::from_utf8_lossy(&out.stderr).into_owned()
                + &String::from_utf8_lossy(&out.stdout);
            assert!(!out.status.success(), "{test} passed in CI={ci}:\n{text}");
            assert!(
                text.contains("is absent, and in CI"),
                "{test} failed for another reason:\n{text}"
            );
        }
    }
}
