//! Every real plain-text OWNERS and MAINTAINERS file of the shared corpus parses without a
//! single diagnostic, except the few genuine findings listed here: a spurious finding on real
//! files is a parser bug. The corpus lives next to the repository (`../shared/corpus`); when it
//! is absent the tests say so and pass.

mod support;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ownlint::diagnostics::Diagnostic;
use ownlint::dialect::chromium;
use ownlint::dialect::maintainers::{self, MaintainersFile, MaintainersMatcher};
use ownlint::source::SourceFile;
use support::corpus;

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
