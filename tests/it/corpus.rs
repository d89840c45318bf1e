//! The real ownership files of the shared corpus (`../shared/corpus`, or below
//! `OWNLINT_CORPUS`), read two ways:
//! - each folder committed into a repository and checked end to end: no parse or syntax finding
//!   on real files, and the findings that are there are genuine;
//! - every plain-text OWNERS and MAINTAINERS file parsed (and MAINTAINERS matched) through the
//!   library without a single diagnostic, except the few genuine findings listed here: a
//!   spurious finding on real files is a parser bug.
//!
//! When the corpus is absent the tests say so and pass, except in CI (`CI=true`), where a
//! missing corpus fails them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ownlint::diagnostics::Diagnostic;
use ownlint::dialect::chromium;
use ownlint::dialect::maintainers::{self, MaintainersFile, MaintainersMatcher};
use ownlint::source::SourceFile;

use crate::support::{TestRepo, check_json, corpus};

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

/// Runs one test of this module again, in a process of its own with `env` set (and `CI` removed
/// unless `env` sets it), the corpus pointed at a folder that does not exist.
fn rerun_without_corpus(test: &str, env: &[(&str, &str)]) -> std::process::Output {
    let missing = tempfile::tempdir().unwrap();
    // The test's full name in this binary: its module path without the crate's name.
    let module = module_path!().split_once("::").map_or("", |(_, path)| path);
    let name = format!("{module}::{test}");
    let mut command = std::process::Command::new(std::env::current_exe().unwrap());
    command
        .args([name.as_str(), "--exact", "--nocapture", "--test-threads=1"])
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

// --- Every plain-text OWNERS and MAINTAINERS file, parsed through the library ---

/// Every file under `dir`, sorted, as (path relative to `dir`, absolute path).
fn files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("readable corpus") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((relative.replace('\\', "/"), path));
            }
        }
    }
    out.sort();
    out
}

fn describe(diagnostics: &[Diagnostic], source: &SourceFile) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let line = d.span.map_or(0, |s| source.line_of(s.start));
            format!("{}:{line}: {}: {}", source.path, d.rule, d.message)
        })
        .collect()
}

#[test]
fn chromium_style_owners_parse_cleanly() {
    let Some(root) = corpus("chromium-style") else {
        return;
    };
    let mut parsed = 0;
    let mut problems = Vec::new();
    for (relative, path) in files(&root) {
        let name = relative.rsplit('/').next().unwrap();
        // OWNERS.github files use CODEOWNERS syntax (their own header says so): another dialect.
        let plain_owners = name == "OWNERS" || name.ends_with("_OWNERS");
        if !plain_owners {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("UTF-8 corpus file");
        let source = SourceFile::new(relative.clone(), text.clone());
        let mut out = Vec::new();
        let file = chromium::parse(&source, &mut out);
        problems.extend(describe(&out, &source));
        let declares =
            !file.owners.is_empty() || !file.per_file.is_empty() || !file.includes.is_empty();
        if declares && !chromium::is_plain_text(&text) {
            problems.push(format!("{relative}: not recognised as plain text"));
        }
        parsed += 1;
    }
    assert!(parsed >= 50, "only {parsed} OWNERS files found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn perfetto_includes_resolve() {
    let Some(root) = corpus("chromium-style/perfetto") else {
        return;
    };
    let read = |relative: &str| {
        let text = std::fs::read_to_string(root.join(relative)).expect("corpus file");
        let mut out = Vec::new();
        let file = chromium::parse(&SourceFile::new(relative, text), &mut out);
        assert!(out.is_empty());
        file
    };
    let top = read("OWNERS");
    assert!(top.owners.len() >= 5);
    assert_eq!(
        top.includes[0].target,
        chromium::IncludeTarget::OtherRepository {
            project: "platform/system/core".into(),
            branch: Some("main".into()),
            path: "/janitors/OWNERS".into(),
        }
    );
    let third_party = read("protos/third_party/OWNERS");
    assert_eq!(
        third_party.per_file[0].includes[0].target,
        chromium::IncludeTarget::InRepo("protos/third_party/CHROMIUM_OWNERS".into())
    );
    let stdlib = read("src/trace_processor/perfetto_sql/stdlib/OWNERS");
    assert_eq!(
        stdlib.per_file[1].includes[0].target,
        chromium::IncludeTarget::InRepo("protos/third_party/CHROMIUM_OWNERS".into())
    );
    let glob = chromium::glob_regex(&stdlib.per_file[0].globs[0].0).unwrap();
    assert!(glob.is_match("chrome/scroll.sql"));
    assert!(!glob.is_match("chrome/scroll_jank/x.sql"));
}

/// Real findings in the corpus, as (file, rule, section title): not parser bugs.
const GENUINE: &[(&str, &str, &str)] = &[
    // FREEBSD has M:, S: and T: lines but no F: or N: pattern.
    ("u-boot/MAINTAINERS", "maintainers-section", "FREEBSD"),
];

#[test]
fn maintainers_parse_cleanly_and_match() {
    let Some(root) = corpus("maintainers") else {
        return;
    };
    let mut parsed: Vec<MaintainersFile> = Vec::new();
    let mut problems = Vec::new();
    let mut genuine = 0;
    for (relative, path) in files(&root) {
        let Some(repo_path) = relative.strip_prefix("u-boot/") else {
            continue;
        };
        assert!(maintainers::is_maintainers_file(repo_path), "{relative}");
        let text = std::fs::read_to_string(&path).expect("UTF-8 corpus file");
        let source = SourceFile::new(relative.clone(), text.clone());
        let mut out = Vec::new();
        let file = maintainers::parse(&source, &mut out);
        for d in &out {
            let at = d.span.map_or("", |s| &text[s.start..s.end]);
            if GENUINE.contains(&(relative.as_str(), d.rule, at)) {
                genuine += 1;
            } else {
                problems.extend(describe(std::slice::from_ref(d), &source));
            }
        }
        assert!(!file.sections.is_empty(), "{relative}: no sections");
        parsed.push(MaintainersFile {
            path: repo_path.to_string(),
            ..file
        });
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        genuine,
        GENUINE.len(),
        "the genuine findings are still found"
    );
    assert_eq!(parsed.len(), 20);
    let top = parsed.iter().find(|f| f.path == "MAINTAINERS").unwrap();
    assert!(top.sections.len() > 150);
    assert_eq!(top.sections[0].title, "ACPI", "the preamble is skipped");
    assert!(top.sections.last().unwrap().is_catch_all());

    // Per-board files name repository-root paths, as the top file does.
    let matcher = MaintainersMatcher::new(&parsed, &HashSet::new());
    let titles = |path: &str| {
        let mut out = Vec::new();
        matcher.sections_for(path, &mut out);
        out.iter()
            .map(|&(f, s)| parsed[f].sections[s].title.clone())
            .collect::<Vec<_>>()
    };
    let sunxi = titles("board/sunxi/board.c");
    assert!(sunxi.contains(&"SUNXI BOARD".to_string()), "{sunxi:?}");
    assert!(sunxi.contains(&"THE REST".to_string()), "{sunxi:?}");
    let rpi = titles("configs/rpi_4_defconfig");
    assert!(rpi.contains(&"RPI BOARD".to_string()), "{rpi:?}");
    assert_eq!(titles("Makefile"), ["THE REST"]);
    // ARM ROCKCHIP: N: px5 would match, X: excludes the defconfig.
    let kmsupx5 = titles("configs/kmsupx5_defconfig");
    assert!(
        !kmsupx5.contains(&"ARM ROCKCHIP".to_string()),
        "{kmsupx5:?}"
    );
    let rk = titles("arch/arm/mach-rockchip/rk3399/rk3399.c");
    assert!(rk.contains(&"ARM ROCKCHIP".to_string()), "{rk:?}");
}
