//! The real ownership files of the shared corpus (`../shared/corpus`), each committed into a
//! repository and checked end to end: no parse or syntax finding on real files, and the
//! findings that are there are genuine. When the corpus is absent the tests say so and pass.

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
