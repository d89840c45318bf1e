//! Choosing rules on the command line (`--select`, `--ignore`) merged with the configuration,
//! `ownlint rules` showing each rule's level in effect and where it comes from, and the summary
//! by rule at the end of human output (alone with `--statistics`).

use std::collections::BTreeMap;

use crate::support::{Output, TestRepo};

/// Findings of several rules: `unknown-field` (docs/OWNERS), `unowned-path` (tools/).
fn repository() -> TestRepo {
    TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("docs/OWNERS", "approver:\n  - bob\napprovers: [bob]\n"),
        ("docs/guide.md", "x"),
        (
            "tools/OWNERS",
            "options:\n  no_parent_owners: true\nreviewers: [bob]\n",
        ),
        ("tools/build.sh", "x"),
        ("tools/test.sh", "x"),
    ])
}

fn check(repo: &TestRepo, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--no-history", "--fail-on", "never"];
    args.extend_from_slice(extra);
    let out = repo.ownlint(&args);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    out
}

/// Findings by rule name → severity, from `check --format json`.
fn rules_found(repo: &TestRepo, extra: &[&str]) -> BTreeMap<String, Vec<String>> {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in check(repo, &args).diagnostics() {
        found
            .entry(d["rule"].as_str().unwrap().to_string())
            .or_default()
            .push(d["severity"].as_str().unwrap().to_string());
    }
    found
}

#[test]
fn select_runs_only_the_named_rules_and_ignore_turns_rules_off() {
    let repo = repository();
    let all = rules_found(&repo, &[]);
    assert!(all.contains_key("unknown-field"), "{all:?}");
    assert!(all.contains_key("unowned-path"), "{all:?}");
    let selected = rules_found(&repo, &["--select", "unknown-field"]);
    assert_eq!(selected.keys().collect::<Vec<_>>(), ["unknown-field"]);
    let both = rules_found(&repo, &["--select", "unknown-field,unowned-path"]);
    assert_eq!(
        both.keys().collect::<Vec<_>>(),
        ["unknown-field", "unowned-path"]
    );
    let repeated = rules_found(
        &repo,
        &["--select", "unknown-field", "--select", "unowned-path"],
    );
    assert_eq!(repeated, both);
    let ignored = rules_found(&repo, &["--ignore", "unknown-field"]);
    assert!(!ignored.contains_key("unknown-field"), "{ignored:?}");
    assert!(ignored.contains_key("unowned-path"), "{ignored:?}");
    // --ignore wins over --select.
    let neither = rules_found(
        &repo,
        &[
            "--select",
            "unknown-field,unowned-path",
            "--ignore",
            "unowned-path",
        ],
    );
    assert_eq!(neither.keys().collect::<Vec<_>>(), ["unknown-field"]);
}

#[test]
fn unknown_rule_names_are_exit_2_with_a_suggestion() {
    let repo = repository();
    for (option, given) in [("--select", "unowned-paths"), ("--ignore", "unknown-feild")] {
        let out = repo.ownlint(&["check", option, given]);
        out.assert_clean_failure();
        assert!(
            out.stderr
                .contains(&format!("{option}: no rule named `{given}`")),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("did you mean"), "{}", out.stderr);
        repo.ownlint(&["rules", option, given])
            .assert_clean_failure();
    }
    let out = repo.ownlint(&["check", "--select", "unowned-path,nonsense"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("`nonsense`"), "{}", out.stderr);
}

#[test]
fn the_command_line_merges_with_the_configured_levels() {
    let repo = repository();
    repo.write(
        ".ownlint.yaml",
        "rules:\n  unowned-path: error\n  unknown-field: off\n",
    );
    repo.commit("configure");
    let configured = rules_found(&repo, &[]);
    assert!(!configured.contains_key("unknown-field"), "{configured:?}");
    assert!(configured["unowned-path"].iter().all(|s| s == "error"));
    // Selected: the configured level stays; a rule the configuration turns off runs at its
    // default severity.
    let selected = rules_found(&repo, &["--select", "unowned-path,unknown-field"]);
    assert!(selected["unowned-path"].iter().all(|s| s == "error"));
    assert!(
        selected["unknown-field"].iter().all(|s| s == "warning"),
        "{selected:?}"
    );
}

/// `ownlint rules` as rule → (level, where from), from its JSON and its human table.
fn levels(repo: &TestRepo, extra: &[&str]) -> BTreeMap<String, (String, String)> {
    let mut args = vec!["rules", "--format", "json"];
    args.extend_from_slice(extra);
    let out = repo.ownlint(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: BTreeMap<String, (String, String)> = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                (
                    r["level"].as_str().unwrap().to_string(),
                    r["level_from"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect();
    let mut args = vec!["rules"];
    args.extend_from_slice(extra);
    let human = repo.ownlint(&args);
    assert_eq!(human.code, 0, "{}", human.stderr);
    for (name, (level, from)) in &json {
        let line = human
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} missing:\n{}", human.stdout));
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[1], level, "{line}");
        assert!(line.contains(&format!("  {from}  ")), "{line}");
    }
    json
}

#[test]
fn rules_shows_each_level_in_effect_and_where_it_comes_from() {
    let repo = repository();
    let defaults = levels(&repo, &[]);
    assert_eq!(
        defaults["unowned-path"],
        ("warning".into(), "default".into())
    );
    assert!(defaults.values().all(|(_, from)| from == "default"));
    repo.write(
        ".ownlint.yaml",
        "rules:\n  unowned-path: error\n  unknown-field: off\n",
    );
    let configured = levels(&repo, &[]);
    assert_eq!(
        configured["unowned-path"],
        ("error".into(), "config".into())
    );
    assert_eq!(configured["unknown-field"], ("off".into(), "config".into()));
    assert_eq!(
        configured["stale-owner"],
        ("warning".into(), "default".into())
    );
    let chosen = levels(
        &repo,
        &[
            "--select",
            "unowned-path,unknown-field",
            "--ignore",
            "stale-owner",
        ],
    );
    assert_eq!(chosen["unowned-path"], ("error".into(), "config".into()));
    assert_eq!(
        chosen["unknown-field"],
        ("warning".into(), "command line".into())
    );
    assert_eq!(chosen["stale-owner"], ("off".into(), "command line".into()));
    assert_eq!(
        chosen["empty-owners-file"],
        ("off".into(), "command line".into())
    );
    // Outside a repository: the defaults, or the file --config names.
    let outside = tempfile::tempdir().unwrap();
    let out = crate::support::run_in(outside.path(), &["rules"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    std::fs::write(
        outside.path().join("c.yaml"),
        "rules:\n  unowned-path: info\n",
    )
    .unwrap();
    let out = crate::support::run_in(
        outside.path(),
        &["rules", "--config", "c.yaml", "--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let listed = out.json();
    let unowned = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "unowned-path")
        .unwrap();
    assert_eq!(unowned["level"], "info");
    assert_eq!(unowned["level_from"], "config");
}

/// The `findings by rule:` table of human output: (rule, severity, count) per line.
fn summary_rows(text: &str) -> Vec<(String, String, usize)> {
    let Some(at) = text.find("findings by rule:\n") else {
        return Vec::new();
    };
    text[at..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(w.len(), 3, "{l}");
            (w[0].to_string(), w[1].to_string(), w[2].parse().unwrap())
        })
        .collect()
}

#[test]
fn human_output_ends_with_a_summary_by_rule_and_statistics_prints_only_it() {
    let repo = repository();
    repo.write(".ownlint.yaml", "rules:\n  unowned-path: error\n");
    let found = rules_found(&repo, &[]);
    let mut expected: Vec<(String, String, usize)> = Vec::new();
    for (rule, severities) in &found {
        for severity in ["error", "warning", "info"] {
            let n = severities.iter().filter(|s| *s == severity).count();
            if n > 0 {
                expected.push((rule.clone(), severity.to_string(), n));
            }
        }
    }
    let rank = |s: &str| ["error", "warning", "info"].iter().position(|x| *x == s);
    expected.sort_by(|a, b| {
        (rank(&a.1), std::cmp::Reverse(a.2), &a.0).cmp(&(rank(&b.1), std::cmp::Reverse(b.2), &b.0))
    });
    assert!(expected.len() >= 2, "{expected:?}");
    assert_eq!(expected[0].1, "error", "{expected:?}");

    let human = check(&repo, &[]);
    assert_eq!(summary_rows(&human.stdout), expected, "{}", human.stdout);
    // The table comes last, just before the closing line.
    let table_at = human.stdout.find("findings by rule:").unwrap();
    let closing_at = human.stdout.rfind("ownlint: ").unwrap();
    assert!(table_at < closing_at);
    assert!(!human.stdout[table_at..].contains("help:"));

    let statistics = repo.ownlint(&["check", "--no-history", "--statistics"]);
    assert_eq!(
        statistics.code, 1,
        "an error remains: {}",
        statistics.stderr
    );
    assert_eq!(summary_rows(&statistics.stdout), expected);
    assert_eq!(
        statistics.stdout.lines().count(),
        expected.len() + 1,
        "only the table: {}",
        statistics.stdout
    );
    // Without findings, nothing to list.
    let none = repo.ownlint(&[
        "check",
        "--no-history",
        "--statistics",
        "--select",
        "parse-error",
    ]);
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert_eq!(none.stdout, "");
    let json = repo.ownlint(&["check", "--no-history", "--statistics", "--format", "json"]);
    assert_eq!(json.code, 1, "{}", json.stderr);
    let listed: Vec<(String, String, usize)> = json
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rule"].as_str().unwrap().to_string(),
                r["severity"].as_str().unwrap().to_string(),
                r["count"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(listed, expected);
    let wrong = repo.ownlint(&["check", "--statistics", "--format", "sarif"]);
    wrong.assert_clean_failure();
}

/// Issue 15: a category name in `--select`/`--ignore` stands for its rules (`unknown-field` is
/// a syntax rule, `unowned-path` a coverage rule), and a rule named itself beats its category.
#[test]
fn select_and_ignore_take_categories_and_a_rule_name_beats_its_category() {
    let repo = repository();
    let syntax = rules_found(&repo, &["--select", "syntax"]);
    assert_eq!(syntax.keys().collect::<Vec<_>>(), ["unknown-field"]);
    let both = rules_found(&repo, &["--select", "coverage,syntax"]);
    assert_eq!(
        both.keys().collect::<Vec<_>>(),
        ["unknown-field", "unowned-path"]
    );
    let no_coverage = rules_found(&repo, &["--ignore", "coverage"]);
    assert!(no_coverage.contains_key("unknown-field"), "{no_coverage:?}");
    assert!(!no_coverage.contains_key("unowned-path"), "{no_coverage:?}");
    // The rule's own name beats its category's, whichever option names which.
    let kept = rules_found(&repo, &["--ignore", "syntax", "--select", "unknown-field"]);
    assert_eq!(kept.keys().collect::<Vec<_>>(), ["unknown-field"]);
    let dropped = rules_found(
        &repo,
        &["--select", "syntax,coverage", "--ignore", "unknown-field"],
    );
    assert_eq!(dropped.keys().collect::<Vec<_>>(), ["unowned-path"]);
    // Both options naming the same category: --ignore wins, as for rule names.
    let neither = rules_found(&repo, &["--select", "coverage", "--ignore", "coverage"]);
    assert!(neither.is_empty(), "{neither:?}");
    // `rules` says where each level comes from.
    let listed = levels(&repo, &["--ignore", "syntax", "--select", "unknown-field"]);
    assert_eq!(
        listed["unknown-field"],
        ("warning".into(), "default".into())
    );
    assert_eq!(listed["parse-error"], ("off".into(), "command line".into()));
}

#[test]
fn unknown_category_names_are_exit_2_with_a_suggestion() {
    let repo = repository();
    for (option, given, meant) in [
        ("--select", "histroy", "history"),
        ("--ignore", "covrage", "coverage"),
    ] {
        let out = repo.ownlint(&["check", option, given]);
        out.assert_clean_failure();
        assert!(
            out.stderr.contains(&format!(
                "{option}: no rule named `{given}`; did you mean `{meant}`?"
            )),
            "{}",
            out.stderr
        );
    }
}

/// Issue 15: `rules:` takes categories; a rule's own entry beats its category's wherever it is
/// written; an unknown name is an `unknown-field` finding at its line, with a suggestion.
#[test]
fn the_configuration_takes_categories_and_a_rule_level_beats_its_category() {
    for config in [
        "rules:\n  coverage: error\n  syntax: off\n  unknown-field: info\n",
        "rules:\n  unknown-field: info\n  syntax: off\n  coverage: error\n",
    ] {
        let repo = repository();
        repo.write(".ownlint.yaml", config);
        repo.commit("configure");
        let found = rules_found(&repo, &[]);
        assert!(
            found["unowned-path"].iter().all(|s| s == "error"),
            "{found:?}"
        );
        assert!(
            found["unknown-field"].iter().all(|s| s == "info"),
            "{found:?}"
        );
        let listed = levels(&repo, &[]);
        assert_eq!(
            listed["unowned-path"],
            ("error".into(), "config category".into())
        );
        assert_eq!(listed["unknown-field"], ("info".into(), "config".into()));
        assert_eq!(
            listed["parse-error"],
            ("off".into(), "config category".into())
        );
        assert_eq!(listed["stale-owner"], ("warning".into(), "default".into()));
    }
    // Turned off by its category, a selected rule runs at its default severity.
    let repo = repository();
    repo.write(".ownlint.yaml", "rules:\n  syntax: off\n");
    repo.commit("configure");
    assert!(!rules_found(&repo, &[]).contains_key("unknown-field"));
    let selected = rules_found(&repo, &["--select", "unknown-field"]);
    assert!(
        selected["unknown-field"].iter().all(|s| s == "warning"),
        "{selected:?}"
    );
    // A misspelt category is reported where it is written and changes nothing.
    repo.write(".ownlint.yaml", "rules:\n  covrage: off\n");
    repo.commit("misspell");
    let out = crate::support::check_json(&repo, &["--no-history"]);
    let unknown: Vec<_> = out
        .of("unknown-field")
        .into_iter()
        .filter(|d| d["file"] == ".ownlint.yaml")
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(unknown[0]["line"], 2, "{:?}", unknown[0]);
    assert!(
        unknown[0]["help"].as_str().unwrap().contains("`coverage`"),
        "{:?}",
        unknown[0]
    );
    assert!(!out.of("unowned-path").is_empty());
}

/// `ownlint rules` shows each rule's category, in every format.
#[test]
fn rules_shows_each_rules_category() {
    let repo = repository();
    let listed = repo.ownlint(&["rules", "--format", "json"]).json();
    let category = |name: &str| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()["category"]
            .clone()
    };
    assert_eq!(category("unowned-path"), "coverage");
    assert_eq!(category("stale-owner"), "history");
    assert_eq!(category("handover-missing"), "change");
    let human = repo.ownlint(&["rules"]).stdout;
    let line = human
        .lines()
        .find(|l| l.starts_with("handover-incomplete "))
        .unwrap();
    assert!(line.contains("  handover  "), "{line}");
    let markdown = repo.ownlint(&["rules", "--format", "markdown"]).stdout;
    assert!(
        markdown.contains("| `stale-owner` | history | warning |"),
        "{markdown}"
    );
}
