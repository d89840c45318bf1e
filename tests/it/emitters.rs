//! Machine formats of `check` (SARIF, GitLab Code Quality, GitHub annotations, JSON) and
//! `--output`: each validated against its consumer's rules, and none of them breakable by text
//! from the repository.

use std::collections::BTreeSet;

use crate::support::{Output, TestRepo, manifest_dir};
use serde_json::Value;

#[test]
fn github_annotations_escape_untrusted_names_and_paths() {
    // A key that tries to start a command of its own, and a directory whose name holds the
    // property separators.
    let repo = TestRepo::with(&[
        (
            "we,ird:dir/OWNERS",
            "approvers: [alice]\n\"evil\\n::error file=x::pwned 100%\": 1\n",
        ),
        ("OWNERS", "approvers: [alice]\n"),
        ("we,ird:dir/a.go", "x"),
    ]);
    let out = repo.ownlint(&[
        "check",
        "--format",
        "github",
        "--no-history",
        "--fail-on",
        "never",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    // One line per annotation and the summary: nothing else starts a line.
    let annotations: Vec<&&str> = lines.iter().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len() + 1, lines.len(), "{}", out.stdout);
    assert!(lines.last().unwrap().starts_with("ownlint: "));
    let unknown = annotations
        .iter()
        .find(|l| l.contains("title=ownlint unknown-field"))
        .expect("the unknown key is reported");
    assert!(
        unknown.starts_with("::warning file=we%2Cird%3Adir/OWNERS,line=2,col=1,"),
        "{unknown}"
    );
    assert!(
        unknown.contains("evil%0A::error file=x::pwned 100%25"),
        "{unknown}"
    );
    assert!(!lines.iter().any(|l| l.starts_with("::error file=x")));
}

#[test]
fn github_format_maps_severities_and_is_refused_where_it_makes_no_sense() {
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice\n"), ("a.go", "x")]);
    let out = repo.ownlint(&["check", "--format", "github", "--no-history"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("\n::error file=OWNERS,line=1,col=12,"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("title=ownlint parse-error::"));
    assert!(
        out.stdout
            .contains("::warning file=.,title=ownlint unowned-path::")
    );
    let who = repo.ownlint(&["who", "--format", "github", "a.go"]);
    assert_eq!(who.code, 2);
    who.assert_clean_failure();
}

/// Text a pull request controls, in every place it reaches a report: an owner name with an
/// escape sequence, CR/LF and a workflow command; a YAML key with a newline, `::`, `%`, `,` and
/// HTML; a CODEOWNERS owner and pattern with the same; a directory name with control characters
/// and the property separators.
const NASTY_KEY: &str = "evil\n::error file=x::pwned 100%, <script>alert(1)</script>";
const NASTY_DIR: &str = "we,ird:dir\u{1b}[2J\r\n::error file=y::%25,<b>";

/// A repository whose findings come from many rules (parse, CODEOWNERS syntax, aliases,
/// ownership, history) and carry the nasty text above, with and without spans and files.
fn nasty_repo() -> TestRepo {
    let owners = format!(
        "approvers: [alice, \"\\e[31mmallory\\r\\n::error::x<script>\"]\n{:?}: 1\n",
        NASTY_KEY
    );
    let nasty_owners = format!("{NASTY_DIR}/OWNERS");
    let nasty_file = format!("{NASTY_DIR}/a\u{1b}]8;;x\u{7}.go");
    TestRepo::with(&[
        ("OWNERS", owners.as_str()),
        (
            nasty_owners.as_str(),
            "options:\n  no_parent_owners: true\n",
        ),
        (nasty_file.as_str(), "x"),
        (
            ".github/CODEOWNERS",
            "* @alice\n/docs/\u{1b}[0m::warning::%0A,<i>/ @org/docs \u{1b}[31m::notice::x%0A,<script> bob\n",
        ),
        ("src/main.rs", "x"),
        ("broken/OWNERS", "approvers: [carol\n"),
        ("broken/b.go", "x"),
    ])
}

/// The same run in several formats (history on: `history-incomplete` has no file).
fn run_formats(repo: &TestRepo, formats: &[&str]) -> Vec<Output> {
    formats
        .iter()
        .map(|format| {
            let out = repo.ownlint(&["check", "--format", format, "--fail-on", "never"]);
            assert_eq!(out.code, 0, "{format}: {}", out.stderr);
            out
        })
        .collect()
}

/// The official OASIS SARIF 2.1.0 schema, vendored (see tests/schemas/README.md).
fn sarif_validator() -> jsonschema::Validator {
    let path = manifest_dir().join("tests/schemas/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(
        schema["id"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let repo = nasty_repo();
    let [json, sarif] = run_formats(&repo, &["json", "sarif"]).try_into().unwrap();
    let log = sarif.json();
    let validator = sarif_validator();
    let errors = schema_errors(&validator, &log);
    assert!(errors.is_empty(), "{errors:#?}\n{}", sarif.stdout);

    // The run covers findings with spans, without spans, and without a file.
    let diagnostics = json.diagnostics();
    assert!(diagnostics.iter().any(|d| d["file"].is_null()));
    assert!(
        diagnostics
            .iter()
            .any(|d| d["line"].is_null() && !d["file"].is_null())
    );
    assert!(diagnostics.iter().any(|d| !d["line"].is_null()));
    let rules: BTreeSet<&str> = diagnostics
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.len() >= 8, "{rules:?}");

    // The validator is not vacuous: a wrong level or a missing version is refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema_errors(&validator, &broken).is_empty());
    let mut broken = log.clone();
    broken.as_object_mut().unwrap().remove("version");
    assert!(!schema_errors(&validator, &broken).is_empty());
    let with_region = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| !r["locations"][0]["physicalLocation"]["region"].is_null())
        .unwrap();
    let mut broken = log.clone();
    broken["runs"][0]["results"][with_region]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!schema_errors(&validator, &broken).is_empty());
}

#[test]
fn sarif_lists_every_rule_once_with_its_documentation() {
    let repo = nasty_repo();
    let sarif = &run_formats(&repo, &["sarif"])[0];
    let log = sarif.json();
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "ownlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let unique: BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "a rule is listed twice");

    let listed = repo.ownlint(&["rules", "--format", "json"]).json();
    let listed = listed.as_array().unwrap();
    assert_eq!(ids.len(), listed.len());
    for (rule, info) in rules.iter().zip(listed) {
        assert_eq!(rule["id"], info["name"]);
        assert_eq!(rule["shortDescription"]["text"], info["summary"]);
        let level = match info["default_severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level);
    }
    // `ownlint explain` prints the whole documentation; SARIF carries what the rule does as
    // its full description, and a short help: what, why, how to fix.
    let explain = repo.ownlint(&["explain", "stale-owner"]).stdout;
    let section = |title: &str| -> String {
        let start = explain.find(&format!("## {title}\n")).unwrap() + title.len() + 4;
        let rest = &explain[start..];
        rest[..rest.find("\n## ").unwrap_or(rest.len())]
            .trim()
            .to_string()
    };
    let paragraph = |text: String| -> String {
        text.split("\n\n")
            .next()
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let stale = rules.iter().find(|r| r["id"] == "stale-owner").unwrap();
    assert_eq!(stale["fullDescription"]["text"], section("What it does"));
    let help = stale["help"]["text"].as_str().unwrap();
    let markdown = stale["help"]["markdown"].as_str().unwrap();
    assert!(help.starts_with("What: A declared owner"), "{help}");
    assert!(help.contains(&format!(
        "Why it matters: {}",
        paragraph(section("Why it matters"))
    )));
    assert!(markdown.contains(&format!(
        "**How to fix:** {}",
        paragraph(section("How to fix"))
    )));
    assert!(
        markdown.contains("`ownlint explain stale-owner`"),
        "{markdown}"
    );
    // Short: a few sentences, not the documentation with its example.
    assert!(markdown.len() * 2 < explain.len(), "{markdown}");
    assert!(!markdown.contains("## Example") && !markdown.contains("```"));
    for rule in rules {
        for part in ["What: ", "Why it matters: ", "How to fix: "] {
            assert!(
                rule["help"]["text"].as_str().unwrap().contains(part),
                "{} lacks {part}",
                rule["id"]
            );
        }
    }
}

/// A repository where one area changed hands twice without a handover, both findings about
/// the same file, owner, area and line: one identity, two findings.
fn handed_over_twice() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "OWNERS",
        "owner: alice
approvers: [alice]
",
    );
    repo.write(
        "pkg/OWNERS",
        "owner: alice
approvers: [alice, carol]
",
    );
    repo.write("pkg/code.rs", "0");
    repo.commit_by("Alice", "alice@example.com", "2024-06-01", "start");
    repo.change("pkg/code.rs", ("Carol", "carol@example.com"), "2024-08-01");
    repo.write(
        "pkg/OWNERS",
        "owner: alice
approvers: [alice, bob]
",
    );
    repo.commit_by("Alice", "alice@example.com", "2024-09-01", "carol to bob");
    repo.change("pkg/code.rs", ("Bob", "bob@example.com"), "2024-11-01");
    repo.write(
        "pkg/OWNERS",
        "owner: alice
approvers: [alice, dave]
",
    );
    repo.commit_by("Alice", "alice@example.com", "2025-01-01", "bob to dave");
    repo.change("pkg/code.rs", ("Dave", "dave@example.com"), "2025-02-01");
    repo
}

#[test]
fn sarif_fingerprints_are_unique_in_a_run_and_stable_across_runs() {
    let repo = handed_over_twice();
    let args = [
        "check",
        "--fail-on",
        "never",
        "--as-of",
        "2025-06-01",
        "--format",
    ];
    let run = |format: &str| {
        let mut args = args.to_vec();
        args.push(format);
        let out = repo.ownlint(&args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out
    };
    let fingerprints = |log: &Value| -> Vec<(String, String)> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["ownlint/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect()
    };
    let first = run("sarif").json();
    let prints = fingerprints(&first);
    let missing: Vec<&Value> = first["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "handover-missing")
        .collect();
    assert_eq!(missing.len(), 2, "{missing:#?}");
    for result in &missing {
        let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uri"], "pkg/OWNERS");
    }
    // The two are one identity as far as the baseline goes (the case that merged them).
    let baseline = repo.path().join("baseline.json");
    let mut write = args.to_vec();
    write.extend(["json", "--write-baseline", baseline.to_str().unwrap()]);
    assert_eq!(repo.ownlint(&write).code, 0);
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    let plain: Vec<&Value> = recorded["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "handover-missing")
        .map(|f| &f["fingerprint"])
        .collect();
    assert_eq!(plain.len(), 2);
    assert_eq!(
        plain[0], plain[1],
        "the test needs two findings of one identity"
    );
    // Every result's fingerprint is its own, and the next run gives the same ones.
    let unique: BTreeSet<&String> = prints.iter().map(|(_, f)| f).collect();
    assert_eq!(unique.len(), prints.len(), "{prints:#?}");
    assert_eq!(fingerprints(&run("sarif").json()), prints);
    // GitLab's fingerprints are the same ones.
    let gitlab = run("gitlab").json();
    let gitlab: Vec<String> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect();
    let sarif: Vec<String> = prints.into_iter().map(|(_, f)| f).collect();
    assert_eq!(gitlab, sarif);
}

#[test]
fn sarif_results_carry_level_message_location_and_fingerprint() {
    let repo = nasty_repo();
    let [json, sarif] = run_formats(&repo, &["json", "sarif"]).try_into().unwrap();
    let log = sarif.json();
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    let diagnostics = json.diagnostics();
    assert_eq!(results.len(), diagnostics.len());
    for (result, d) in results.iter().zip(&diagnostics) {
        assert_eq!(result["ruleId"], d["rule"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], d["rule"]);
        let level = match d["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(result["level"], level);
        // The text round-trips exactly, control characters and all.
        let text = result["message"]["text"].as_str().unwrap();
        assert!(text.starts_with(d["message"].as_str().unwrap()), "{text}");
        if let Some(help) = d["help"].as_str() {
            assert!(text.ends_with(&format!("\nhelp: {help}")), "{text}");
        }
        let fingerprint = result["partialFingerprints"]["ownlint/v1"]
            .as_str()
            .unwrap();
        assert_eq!(fingerprint.len(), 16);
        assert!(fingerprint.chars().all(|c| c.is_ascii_hexdigit()));
        // Every result has exactly one location (GitHub refuses a log with a result that has
        // none): a finding about no file is located at the repository's root.
        assert_eq!(result["locations"].as_array().unwrap().len(), 1);
        let file = d["file"].as_str().unwrap_or(".");
        let physical = &result["locations"][0]["physicalLocation"];
        let artifact = &physical["artifactLocation"];
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
        let uri = artifact["uri"].as_str().unwrap();
        assert!(uri.bytes().all(|b| b.is_ascii_graphic()), "{uri}");
        let decoded = percent_encoding::percent_decode_str(uri)
            .decode_utf8()
            .unwrap();
        assert_eq!(decoded, file);
        let region = &physical["region"];
        if d["line"].is_null() {
            // Code scanning shows a result only at a line: a finding about a whole file,
            // directory or the repository is shown at line 1, and says so.
            assert_eq!(region, &serde_json::json!({"startLine": 1}), "{result}");
            let what = if file == "." {
                "the repository"
            } else if file.ends_with('/') {
                "the directory"
            } else {
                "the file"
            };
            assert!(
                text.contains(&format!("\n(about {what} as a whole: shown at line 1)")),
                "{text}"
            );
        } else {
            assert_eq!(region["startLine"], d["line"]);
            assert_eq!(region["startColumn"], d["column"]);
            assert_eq!(region["endLine"], d["end_line"]);
            assert_eq!(region["endColumn"], d["end_column"]);
        }
        if let Some(owner) = d.get("owner") {
            assert_eq!(&result["properties"]["owner"], owner);
        }
    }
    let nasty = results
        .iter()
        .find(|r| {
            r["ruleId"] == "unowned-path"
                && r["message"]["text"].as_str().unwrap().contains("we,ird")
        })
        .expect("the nasty directory is unowned");
    assert_eq!(
        nasty["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "we%2Cird%3Adir%1B%5B2J%0D%0A%3A%3Aerror%20file%3Dy%3A%3A%2525%2C%3Cb%3E/"
    );
}

#[test]
fn sarif_fingerprints_survive_lines_added_above() {
    let repo = TestRepo::with(&[
        (
            ".github/CODEOWNERS",
            "/docs/ @org/docs bob\n/missing/ @alice\n",
        ),
        ("docs/a.md", "x"),
    ]);
    let fingerprints = |repo: &TestRepo| -> Vec<(String, u64)> {
        let log = repo
            .ownlint(&[
                "check",
                "--format",
                "sarif",
                "--no-history",
                "--fail-on",
                "never",
            ])
            .json();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            // The findings that point at a place (others are shown at line 1).
            .filter(|r| !r["locations"][0]["physicalLocation"]["region"]["startColumn"].is_null())
            .map(|r| {
                (
                    r["partialFingerprints"]["ownlint/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let before = fingerprints(&repo);
    assert!(before.len() >= 2, "{before:?}");
    repo.write(
        ".github/CODEOWNERS",
        "# Owners of this repository.\n\n/docs/   @org/docs   bob\n/missing/ @alice\n",
    );
    repo.commit("comment");
    let after = fingerprints(&repo);
    assert_eq!(before.len(), after.len());
    for ((a, line_a), (b, line_b)) in before.iter().zip(&after) {
        assert_eq!(a, b, "the fingerprint moved with the line");
        assert_eq!(line_a + 2, *line_b);
    }
    // Findings on different lines are told apart.
    let distinct: BTreeSet<&String> = before.iter().map(|(f, _)| f).collect();
    assert_eq!(distinct.len(), before.len());
}

#[test]
fn gitlab_code_quality_report() {
    let repo = nasty_repo();
    let [json, gitlab] = run_formats(&repo, &["json", "gitlab"]).try_into().unwrap();
    let issues = gitlab.json();
    let issues = issues.as_array().expect("an array of issues");
    let diagnostics = json.diagnostics();
    assert_eq!(issues.len(), diagnostics.len());
    let mut fingerprints = BTreeSet::new();
    for (issue, d) in issues.iter().zip(&diagnostics) {
        let keys: BTreeSet<&str> = issue
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "description",
                "check_name",
                "fingerprint",
                "severity",
                "location"
            ])
        );
        assert_eq!(issue["check_name"], d["rule"]);
        let severity = match d["severity"].as_str().unwrap() {
            "error" => "major",
            "warning" => "minor",
            _ => "info",
        };
        assert_eq!(issue["severity"], severity);
        let description = issue["description"].as_str().unwrap();
        assert!(description.starts_with(d["message"].as_str().unwrap()));
        assert_eq!(issue["location"]["path"], d["file"].as_str().unwrap_or("."));
        let begin = issue["location"]["lines"]["begin"].as_u64().unwrap();
        assert_eq!(begin, d["line"].as_u64().unwrap_or(1));
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()));
    }
}

#[test]
fn no_format_can_be_broken_out_of_by_repository_text() {
    let repo = nasty_repo();
    let [json, human, github, sarif, gitlab] =
        run_formats(&repo, &["json", "human", "github", "sarif", "gitlab"])
            .try_into()
            .unwrap();
    let diagnostics = json.diagnostics();
    let raw_owner = "\u{1b}[31mmallory\r\n::error::x<script>";
    // The JSON formats carry the text exactly (escaped by JSON, never raw).
    let messages = |values: Vec<&Value>| -> Vec<String> {
        values
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let sarif_log = sarif.json();
    let gitlab_log = gitlab.json();
    let texts = [
        messages(diagnostics.iter().map(|d| &d["message"]).collect()),
        messages(
            sarif_log["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| &r["message"]["text"])
                .collect(),
        ),
        messages(
            gitlab_log
                .as_array()
                .unwrap()
                .iter()
                .map(|i| &i["description"])
                .collect(),
        ),
    ];
    for texts in &texts {
        assert!(texts.iter().any(|t| t.contains(NASTY_KEY)), "{texts:#?}");
        assert!(texts.iter().any(|t| t.contains(raw_owner)), "{texts:#?}");
        assert!(texts.iter().any(|t| t.contains(NASTY_DIR)), "{texts:#?}");
    }
    for out in [&json, &sarif, &gitlab] {
        assert!(
            !out.stdout.chars().any(|c| c.is_control() && c != '\n'),
            "a raw control character in JSON"
        );
    }

    // Human: control characters are shown as escapes, never sent to the terminal.
    assert!(!human.stdout.chars().any(|c| c.is_control() && c != '\n'));
    assert!(
        human.stdout.contains("\\u{1b}[31mmallory\\u{d}"),
        "{}",
        human.stdout
    );

    // GitHub: one line per finding, each one of our commands; nothing else starts a line.
    let lines: Vec<&str> = github.stdout.lines().collect();
    assert_eq!(lines.len(), diagnostics.len() + 1, "{}", github.stdout);
    for line in &lines[..lines.len() - 1] {
        // `::COMMAND PROPERTIES::MESSAGE`: the properties end at the first `::`, and split at
        // `,` into our own keys only: no name or path can end them early or add one.
        let rest = line.strip_prefix("::").expect(line);
        let (command, rest) = rest.split_once(' ').expect(line);
        assert!(["error", "warning", "notice"].contains(&command), "{line}");
        let (properties, _message) = rest.split_once("::").expect(line);
        let keys: Vec<&str> = properties
            .split(',')
            .map(|p| p.split_once('=').expect(line).0)
            .collect();
        let allowed = ["file", "line", "col", "endLine", "endColumn", "title"];
        assert!(keys.iter().all(|k| allowed.contains(k)), "{line}");
        let unique: BTreeSet<&&str> = keys.iter().collect();
        assert_eq!(unique.len(), keys.len(), "{line}");
        assert!(keys.contains(&"title"), "{line}");
    }
    assert!(lines.last().unwrap().starts_with("ownlint: "));
    assert!(!github.stdout.chars().any(|c| c.is_control() && c != '\n'));
    assert!(
        github
            .stdout
            .contains("file=we%2Cird%3Adir\\u{1b}[2J%0D%0A%3A%3Aerror file=y%3A%3A%2525%2C<b>/"),
        "{}",
        github.stdout
    );
}

/// The command of a README snippet line (`run: ownlint …` or `- ownlint …`), as arguments.
fn readme_command(readme: &str, marker: &str) -> Vec<String> {
    let line = readme
        .lines()
        .find(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("the README has `{marker}`"));
    let command = &line[line.find("ownlint ").unwrap() + "ownlint ".len()..];
    command.split_whitespace().map(str::to_string).collect()
}

/// The value of a `key: value` line of a README snippet.
fn readme_value<'a>(readme: &'a str, key: &str) -> &'a str {
    readme
        .lines()
        .find_map(|l| l.trim().strip_prefix(key))
        .unwrap_or_else(|| panic!("the README has `{key}`"))
        .trim()
}

#[test]
fn the_readme_snippets_write_what_their_consumers_read() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let repo = nasty_repo();

    let sarif = readme_command(&readme, "run: ownlint check --format sarif");
    let args: Vec<&str> = sarif.iter().map(String::as_str).collect();
    let out = repo.ownlint(&args);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    let file = readme_value(&readme, "sarif_file:");
    let log: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join(file)).unwrap()).unwrap();
    let errors = schema_errors(&sarif_validator(), &log);
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
    assert!(readme.contains("uses: github/codeql-action/upload-sarif@"));

    let gitlab = readme_command(&readme, "- ownlint check --format gitlab");
    let args: Vec<&str> = gitlab.iter().map(String::as_str).collect();
    let out = repo.ownlint(&args);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    let file = readme_value(&readme, "codequality:");
    let issues: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join(file)).unwrap()).unwrap();
    let issues = issues.as_array().unwrap();
    assert!(!issues.is_empty());
    let fingerprints: BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), issues.len());
}

#[test]
fn machine_formats_are_refused_where_they_make_no_sense() {
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice]\n"), ("a.go", "x")]);
    for args in [
        &["who", "--format", "sarif", "a.go"][..],
        &["rules", "--format", "gitlab"][..],
        &["explain", "stale-owner", "--format", "sarif"][..],
    ] {
        let out = repo.ownlint(args);
        out.assert_clean_failure();
        assert!(
            out.stderr.contains("does not produce --format"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn sarif_and_gitlab_snapshots() {
    let repo = TestRepo::with(&[
        (".github/CODEOWNERS", "/docs/ @org/docs bob\n"),
        ("OWNERS", "approvers: [alice]\napprover: [bob]\n"),
        ("docs/a.md", "x"),
    ]);
    let run = |format: &str| {
        repo.ownlint(&[
            "check",
            "--format",
            format,
            "--no-history",
            "--fail-on",
            "never",
        ])
    };
    let mut log = run("sarif").json();
    // The version and the rule list (checked above) would change with every release.
    let driver = &mut log["runs"][0]["tool"]["driver"];
    driver["version"] = "[version]".into();
    driver["semanticVersion"] = "[version]".into();
    driver["rules"] = "[every rule]".into();
    for result in log["runs"][0]["results"].as_array_mut().unwrap() {
        result["ruleIndex"] = "[index]".into();
    }
    insta::assert_snapshot!("sarif", serde_json::to_string_pretty(&log).unwrap());
    insta::assert_snapshot!("gitlab", run("gitlab").stdout);
}
