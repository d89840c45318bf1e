//! `ownlint report`: the hygiene sweep, on real repositories with dated history by several
//! authors. Every run passes --as-of, so nothing depends on today's date.

use std::path::{Path, PathBuf};

use crate::support::{Output, TestRepo, run_in};
use serde_json::Value;

const ALICE: (&str, &str) = ("Alice", "alice@example.com");
const BOB: (&str, &str) = ("Bob", "bob@example.com");
const CAROL: (&str, &str) = ("Carol", "carol@example.com");
const DAVE: (&str, &str) = ("Dave", "dave@example.com");
const ZED: (&str, &str) = ("Zed", "zed@example.com");
const AS_OF: &str = "2025-06-01";

/// Four areas with known history in the window (2024-06-01 to 2025-06-01):
/// - `.`: reviewed 2025-01-10; alice made both of its changes (bus factor 1);
/// - `src`: alice, bob and carol made two changes each (bus factor 2); a handover document;
/// - `docs`: its OWNERS file changed once, by dave, on 2024-12-01 (the review date);
/// - `old`: no change in the window (bus factor 0); its only owner, erin, never seen.
fn alpha() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "OWNERS",
        "owner: alice\napprovers: [alice, bob]\nreviewers: [carol]\ncover: [bob]\nreviewed: 2025-01-10\n",
    );
    repo.write("src/OWNERS", "approvers: [dave]\n");
    repo.write("docs/OWNERS", "approvers: [dave]\n");
    repo.write(
        "old/OWNERS",
        "options:\n  no_parent_owners: true\nowner: erin\napprovers: [erin]\n",
    );
    repo.write(
        "src/HANDOVER.md",
        "---\nfrom: [alice]\nto: [dave]\ndate: 2025-02-01\narea: src\n---\n## Context\nx\n",
    );
    repo.write("old/x.txt", "x\n");
    repo.write("docs/a.md", "a\n");
    repo.write("README.md", "r\n");
    repo.write("src/lib.rs", "l\n");
    repo.commit_by(ALICE.0, ALICE.1, "2024-01-01", "initial");
    // erin, old/'s only owner, was last seen long ago: the area is orphaned.
    repo.change("old/x.txt", ("Erin", "erin@example.com"), "2024-01-02");
    for (i, who) in [ALICE, BOB, CAROL, ALICE, BOB, CAROL]
        .into_iter()
        .enumerate()
    {
        repo.change("src/lib.rs", who, &format!("2024-07-0{}", i + 1));
    }
    repo.write("docs/OWNERS", "approvers: [dave]\nreviewers: [alice]\n");
    repo.commit_by(DAVE.0, DAVE.1, "2024-12-01", "docs reviewers");
    repo.change("README.md", ALICE, "2025-05-01");
    repo.change("README.md", ALICE, "2025-05-02");
    repo
}

/// Untrusted names and paths: an HTML tag, a markdown pipe, a spreadsheet formula.
fn beta() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "OWNERS",
        "owner: zed\napprovers: [\"=hyperlink(1)\", \"<script>alert(1)</script>\", zed]\n",
    );
    repo.write("a|b/OWNERS", "approvers: [\"x|y\"]\n");
    repo.write("a|b/f.txt", "f\n");
    repo.commit_by(ZED.0, ZED.1, "2025-05-01", "initial");
    repo
}

fn report(repo: &TestRepo, extra: &[&str]) -> Output {
    let mut args = vec!["report", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    let out = repo.ownlint(&args);
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    out
}

fn areas(json: &Value) -> Vec<Value> {
    json["repositories"][0]["areas"].as_array().unwrap().clone()
}

fn area<'a>(areas: &'a [Value], name: &str) -> &'a Value {
    areas
        .iter()
        .find(|a| a["area"] == name)
        .unwrap_or_else(|| panic!("no area {name}: {areas:?}"))
}

#[test]
fn json_report_lists_every_area_with_its_people_and_history() {
    let repo = alpha();
    let json = report(&repo, &["--format", "json"]).json();
    assert_eq!(json["version"], 1);
    let repository = &json["repositories"][0];
    assert_eq!(repository["as_of"], AS_OF);
    assert_eq!(repository["history_since"], "2024-06-01");
    let areas = areas(&json);
    let names: Vec<&str> = areas.iter().map(|a| a["area"].as_str().unwrap()).collect();
    assert_eq!(names, [".", "docs", "old", "src"]);

    let root = area(&areas, ".");
    assert_eq!(root["file"], "OWNERS");
    assert_eq!(root["dialect"], "OWNERS");
    assert_eq!(root["owner"], serde_json::json!(["alice"]));
    assert_eq!(root["approvers"], serde_json::json!(["alice", "bob"]));
    assert_eq!(root["reviewers"], serde_json::json!(["carol"]));
    assert_eq!(root["cover"], serde_json::json!(["bob"]));
    let seen: Vec<(&str, &str)> = root["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["last_seen"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("alice", "2025-05-02"),
            ("bob", "2024-07-05"),
            ("carol", "2024-07-06")
        ]
    );
    assert_eq!(root["changes"], 2);
    assert_eq!(root["bus_factor"], 1);
    assert_eq!(root["most_active"][0]["who"], "Alice <alice@example.com>");
    assert_eq!(root["most_active"][0]["share"], 1.0);
    assert_eq!(root["review"]["date"], "2025-01-10");
    assert_eq!(root["review"]["source"], "reviewed");
    assert!(root.get("handover").is_none());
}

#[test]
fn bus_factor_counts_the_fewest_people_with_half_the_changes() {
    let repo = alpha();
    let areas = areas(&report(&repo, &["--format", "json"]).json());
    let src = area(&areas, "src");
    assert_eq!(src["changes"], 6);
    assert_eq!(src["bus_factor"], 2, "three people with two changes each");
    let shares: Vec<(&str, u64, f64)> = src["most_active"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["who"].as_str().unwrap(),
                c["changes"].as_u64().unwrap(),
                c["share"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(shares.len(), 3);
    assert!(
        shares
            .iter()
            .all(|(_, n, share)| *n == 2 && *share == 0.333),
        "{shares:?}"
    );
    let old = area(&areas, "old");
    assert_eq!(old["changes"], 0);
    assert_eq!(old["bus_factor"], 0, "no change in the window");
    assert_eq!(old["most_active"], serde_json::json!([]));
}

#[test]
fn last_activity_says_who_was_not_seen() {
    let repo = alpha();
    let areas = areas(&report(&repo, &["--format", "json"]).json());
    // Last activity is over the whole history, however long ago.
    let erin = &area(&areas, "old")["people"][0];
    assert_eq!(erin["name"], "erin");
    assert_eq!(erin["last_seen"], "2024-01-02", "{erin}");
    let markdown = report(&repo, &[]).stdout;
    assert!(markdown.contains("erin: 2024-01-02"), "{markdown}");
    assert!(markdown.contains("alice: 2025-05-02"), "{markdown}");
    // Someone who appears nowhere in the history is said so.
    let ghost = TestRepo::with(&[("OWNERS", "approvers: [test, ghost]\n")]);
    let markdown = report(&ghost, &[]).stdout;
    assert!(
        markdown.contains("ghost: never seen in history"),
        "{markdown}"
    );
}

#[test]
fn review_date_falls_back_to_the_last_change_and_handover_is_listed() {
    let repo = alpha();
    let areas = areas(&report(&repo, &["--format", "json"]).json());
    let docs = area(&areas, "docs");
    assert_eq!(docs["review"]["date"], "2024-12-01");
    assert_eq!(docs["review"]["source"], "last-change");
    assert!(
        area(&areas, "old").get("review").is_none(),
        "not changed in the window"
    );
    let src = area(&areas, "src");
    assert_eq!(src["handover"]["path"], "src/HANDOVER.md");
    assert_eq!(src["handover"]["date"], "2025-02-01");
    // The handover document's own finding belongs to its area.
    assert!(
        src["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "handover-incomplete"),
        "{src}"
    );
}

#[test]
fn health_is_the_worst_severity_of_the_area_findings() {
    let repo = alpha();
    let json = report(&repo, &["--format", "json"]).json();
    let areas = areas(&json);
    for area in &areas {
        let severities: Vec<&str> = area["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["severity"].as_str().unwrap())
            .collect();
        let expected = if severities.contains(&"error") {
            "error"
        } else if severities.contains(&"warning") {
            "warning"
        } else {
            "ok"
        };
        assert_eq!(area["health"], expected, "{area}");
    }
    let old = area(&areas, "old");
    assert_eq!(old["health"], "error", "orphaned: its only owner is gone");
    // An area with nothing worse than info is ok.
    let beta = beta();
    let json = report(&beta, &["--format", "json"]).json();
    let summary = &json["repositories"][0]["summary"];
    let health = &summary["health"];
    let total = health["ok"].as_u64().unwrap()
        + health["warning"].as_u64().unwrap()
        + health["error"].as_u64().unwrap();
    assert_eq!(total, summary["areas"].as_u64().unwrap());
    let summary = &report(&repo, &["--format", "json"]).json()["repositories"][0]["summary"];
    assert_eq!(summary["areas"], 4);
    assert_eq!(summary["health"]["error"], 1);
    assert_eq!(summary["unowned_files"], 0);
}

#[test]
fn an_area_without_findings_is_ok() {
    let repo = TestRepo::new();
    repo.write(
        "OWNERS",
        "owner: alice\napprovers: [alice]\ncover: [alice]\n",
    );
    repo.write("a.txt", "a\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-01", "initial");
    let json = report(&repo, &["--format", "json", "--no-history"]).json();
    let root = &areas(&json)[0];
    assert_eq!(root["findings"], serde_json::json!([]), "{root}");
    assert_eq!(root["health"], "ok");
}

#[test]
fn without_history_there_is_no_activity_and_no_bus_factor() {
    let repo = alpha();
    let json = report(&repo, &["--format", "json", "--no-history"]).json();
    assert!(json["repositories"][0].get("history_since").is_none());
    for area in areas(&json) {
        assert!(area.get("bus_factor").is_none(), "{area}");
        assert!(area.get("changes").is_none(), "{area}");
        assert_eq!(area["most_active"], serde_json::json!([]));
    }
    let markdown = report(&repo, &["--no-history"]).stdout;
    assert!(markdown.contains("history not read"), "{markdown}");
    assert!(!markdown.contains("never seen in history"), "{markdown}");
}

#[test]
fn unowned_files_are_counted_in_the_summary() {
    let repo = TestRepo::new();
    repo.write("a/OWNERS", "owner: alice\napprovers: [alice]\n");
    repo.write("a/x.txt", "x\n");
    repo.write("b/y.txt", "y\n");
    repo.write("b/z.txt", "z\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-05-01", "initial");
    let json = report(&repo, &["--format", "json", "--no-history"]).json();
    let repository = &json["repositories"][0];
    assert_eq!(repository["summary"]["unowned_files"], 2);
    // Unowned paths belong to no area: they are listed beside the areas.
    assert!(
        repository["other_findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "unowned-path"),
        "{repository}"
    );
}

#[test]
fn markdown_is_the_default_and_escapes_untrusted_text() {
    let repo = beta();
    let out = report(&repo, &[]);
    let markdown = &out.stdout;
    assert!(markdown.starts_with("# Ownership report\n"), "{markdown}");
    assert_eq!(out.stdout, report(&repo, &["--format", "markdown"]).stdout);
    assert!(markdown.contains("a\\|b"), "{markdown}");
    assert!(markdown.contains("x\\|y"), "{markdown}");
    assert!(!markdown.contains("<script>"), "{markdown}");
    assert!(markdown.contains("&lt;script&gt;"), "{markdown}");
    // Every table row keeps its column count: no pipe broke out of a cell.
    let rows: Vec<&str> = markdown.lines().filter(|l| l.starts_with("| a")).collect();
    assert!(!rows.is_empty(), "{markdown}");
    for table_line in rows {
        let cells = table_line.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 10, "{table_line}");
    }
}

#[test]
fn csv_has_one_row_per_area_and_reads_back() {
    let repo = alpha();
    let text = report(&repo, &["--format", "csv"]).stdout;
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let src = rows.iter().find(|r| &r[column("area")] == "src").unwrap();
    assert_eq!(&src[column("bus_factor")], "2");
    assert_eq!(&src[column("changes")], "6");
    assert_eq!(&src[column("handover")], "src/HANDOVER.md");
    assert_eq!(&src[column("health")], "warning");
    let old = rows.iter().find(|r| &r[column("area")] == "old").unwrap();
    assert_eq!(&old[column("last_activity")], "erin: 2024-01-02");
    assert_eq!(&old[column("bus_factor")], "0");
    let root = rows.iter().find(|r| &r[column("area")] == ".").unwrap();
    assert_eq!(&root[column("review_date")], "2025-01-10");
    assert_eq!(&root[column("review_source")], "reviewed");
    assert!(root[column("findings")].contains("stale-owner (warning)"));
}

#[test]
fn csv_neutralises_spreadsheet_formulas() {
    let repo = beta();
    let text = report(&repo, &["--format", "csv"]).stdout;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let approvers = headers.iter().position(|h| h == "approvers").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let root = rows.iter().find(|r| &r[1] == ".").unwrap();
    assert!(root[approvers].starts_with("'=hyperlink(1)"), "{root:?}");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
}

#[test]
fn html_is_self_contained_sortable_and_escaped() {
    let repo = beta();
    let html = report(&repo, &["--format", "html"]).stdout;
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    // Nothing is loaded from anywhere: no src or href attribute, no URL at all.
    let lower = html.to_lowercase();
    assert!(!lower.contains("src="), "{html}");
    assert!(!lower.contains("href="), "{html}");
    assert!(!lower.contains("://"), "{html}");
    assert!(!lower.contains("@import"), "{html}");
    assert!(lower.contains("default-src 'none'"), "{html}");
    // The owner named `<script>…` is text, not a script.
    assert_eq!(lower.matches("<script").count(), 1, "only ours: {html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    // The chart and the sortable table, readable without scripting: plain table rows.
    assert!(html.contains("<svg class=\"chart\""), "{html}");
    assert!(
        html.contains("<table class=\"sortable\" id=\"areas\">"),
        "{html}"
    );
    assert!(html.contains("<td>a|b</td>"), "{html}");
    assert!(html.contains("addEventListener(\"click\""), "{html}");
}

#[test]
fn html_findings_show_code_spans_and_the_tables_fit_the_window() {
    let repo = beta();
    let html = report(&repo, &["--format", "html"]).stdout;
    let table = html
        .split("<table class=\"sortable\" id=\"areas\">")
        .nth(1)
        .unwrap();
    let table = &table[..table.find("</table>").unwrap()];
    let findings: Vec<&str> = table
        .split("<td class=\"findings\">")
        .skip(1)
        .map(|cell| &cell[..cell.find("</td>").unwrap()])
        .collect();
    assert!(!findings.is_empty(), "{table}");
    let all = findings.concat();
    // Messages quote names in backticks: shown as code, not as backticks.
    assert!(all.contains("<code>"), "{all}");
    assert!(!all.contains('`'), "raw backticks: {all}");
    assert!(
        all.contains("<code>=hyperlink(1)</code> looks like an alias"),
        "{all}"
    );
    // The layout that keeps every column on screen at 1,400 px: cells wrap anywhere, the
    // header row sticks, the findings column gets room (scripts/html-screenshot shows it).
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    assert!(
        style.contains("table{border-collapse:collapse;width:100%"),
        "{style}"
    );
    assert!(style.contains("overflow-wrap:anywhere"), "{style}");
    assert!(style.contains("position:sticky;top:0"), "{style}");
    assert!(style.contains("th.findings{min-width:"), "{style}");
    assert!(style.contains("code{"), "{style}");
}

#[test]
fn html_code_spans_keep_untrusted_text_inert() {
    // A merged report is anyone's file: markup inside and around backtick quotes, and an
    // unpaired backtick, in a finding's message.
    let repo = beta();
    let dir = named(&[("beta", repo.path())]);
    save_json(dir.path(), "beta", "beta.json");
    let text = std::fs::read_to_string(dir.path().join("beta.json")).unwrap();
    let mut json: Value = serde_json::from_str(&text).unwrap();
    let areas = json["repositories"][0]["areas"].as_array_mut().unwrap();
    let area = areas
        .iter_mut()
        .find(|a| !a["findings"].as_array().unwrap().is_empty())
        .expect("an area with findings");
    area["findings"][0]["message"] =
        "`<script>alert(1)</script>` and <img src=x onerror=alert(2)> `unpaired <b>".into();
    std::fs::write(dir.path().join("evil.json"), json.to_string()).unwrap();
    let out = run_in(
        dir.path(),
        &["report", "--format", "html", "--merge", "evil.json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = &out.stdout;
    assert!(
        html.contains(
            "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code> and &lt;img src=x onerror=alert(2)&gt; `unpaired &lt;b&gt;"
        ),
        "{html}"
    );
    assert_eq!(html.to_lowercase().matches("<script").count(), 1, "{html}");
    assert!(!html.contains("<img") && !html.contains("<b>"), "{html}");
}

#[test]
fn merged_reports_are_untrusted_and_escaped_in_attributes_too() {
    let repo = alpha();
    let dir = named(&[("alpha", repo.path())]);
    save_json(dir.path(), "alpha", "alpha.json");
    let text = std::fs::read_to_string(dir.path().join("alpha.json")).unwrap();
    let mut json: Value = serde_json::from_str(&text).unwrap();
    json["repositories"][0]["areas"][0]["review"]["date"] = "2025\"><b onmouseover='x'>".into();
    json["repositories"][0]["name"] = "<img src=x>|`n`".into();
    std::fs::write(dir.path().join("evil.json"), json.to_string()).unwrap();
    let out = run_in(
        dir.path(),
        &["report", "--format", "html", "--merge", "evil.json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = &out.stdout;
    assert!(!html.contains("<b onmouseover"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("data-sort=\"2025&quot;&gt;&lt;b onmouseover=&#39;x&#39;&gt;\""),
        "{html}"
    );
    let out = run_in(dir.path(), &["report", "--merge", "evil.json"]);
    assert!(
        out.stdout.contains("## &lt;img src=x&gt;\\|`n`\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn merged_reports_with_any_counts_draw_bars_inside_the_chart() {
    // Found by fuzzing: a merged report's counts multiplied past `usize` (a panic, or with
    // overflow checks off, bars of any length), and counts that add up to more than the areas
    // drew bars past the chart's edge.
    let repo = alpha();
    let dir = named(&[("alpha", repo.path())]);
    save_json(dir.path(), "alpha", "alpha.json");
    let text = std::fs::read_to_string(dir.path().join("alpha.json")).unwrap();
    let mut json: Value = serde_json::from_str(&text).unwrap();
    let mut other = json["repositories"][0].clone();
    other["name"] = "beta".into();
    other["summary"]["areas"] = 1.into();
    other["summary"]["health"]["ok"] = u64::MAX.into();
    other["summary"]["health"]["error"] = (u64::MAX / 2).into();
    json["repositories"].as_array_mut().unwrap().push(other);
    std::fs::write(dir.path().join("huge.json"), json.to_string()).unwrap();
    let out = run_in(
        dir.path(),
        &["report", "--format", "html", "--merge", "huge.json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let chart = out.stdout.split("per repository</h2>").nth(1).unwrap();
    let chart = &chart[..chart.find("</svg>").unwrap()];
    assert_eq!(chart.matches("<rect ").count(), 6, "{chart}");
    for rect in chart.split("<rect ").skip(1) {
        let attribute = |name: &str| -> u128 {
            let value = rect.split(&format!(" {name}=\"")).nth(1).unwrap();
            value[..value.find('"').unwrap()].parse().unwrap()
        };
        assert!(attribute("x") + attribute("width") <= 580, "{rect}");
    }
}

/// A directory holding a link per name to a repository, so that names are fixed.
fn named(links: &[(&str, &Path)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, target) in links {
        std::os::unix::fs::symlink(target, dir.path().join(name)).unwrap();
    }
    dir
}

#[test]
fn repos_sweeps_several_repositories_and_goes_on_past_a_broken_one() {
    let (a, b) = (alpha(), beta());
    let broken = tempfile::tempdir().unwrap();
    std::fs::write(broken.path().join("file"), "not a repository").unwrap();
    let dir = named(&[
        ("zeta", b.path()),
        ("alpha", a.path()),
        ("broken", broken.path()),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "report", "--as-of", AS_OF, "--format", "json", "--repos", "zeta", "alpha", "broken",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    let repositories = json["repositories"].as_array().unwrap();
    let names: Vec<&str> = repositories
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alpha", "broken", "zeta"], "sorted by name");
    assert_eq!(repositories[0]["summary"]["areas"], 4);
    assert!(
        repositories[0]["history_since"].is_string(),
        "history is read"
    );
    let error = repositories[1]["error"].as_str().unwrap();
    assert!(
        error.contains("broken"),
        "the error names the path: {error}"
    );
    assert!(repositories[1].get("summary").is_none());
    assert_eq!(repositories[2]["summary"]["areas"], 2);
    // stderr is not a terminal here: no progress bar, only the note about the failure.
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("1 of 3 repositories could not be read"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\r'), "{:?}", out.stderr);

    // The markdown summary lists every repository at the top, the broken one with its error.
    let out = run_in(
        dir.path(),
        &[
            "report", "--as-of", AS_OF, "--repos", "zeta", "alpha", "broken",
        ],
    );
    let summary: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("| "))
        .take(4)
        .collect();
    assert!(summary[1].starts_with("| alpha | 4 | "), "{summary:?}");
    assert!(
        summary[2].starts_with("| broken | not read: "),
        "{summary:?}"
    );
    assert!(summary[3].starts_with("| zeta | 2 | "), "{summary:?}");

    // In CSV, the broken repository is one row with its error.
    let out = run_in(
        dir.path(),
        &[
            "report", "--as-of", AS_OF, "--format", "csv", "--repos", "zeta", "alpha", "broken",
        ],
    );
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let error = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "error")
        .unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4 + 1 + 2);
    let broken: Vec<_> = rows.iter().filter(|r| &r[0] == "broken").collect();
    assert_eq!(broken.len(), 1);
    assert_eq!(&broken[0][1], "", "no area");
    assert!(!broken[0][error].is_empty());
}

#[test]
fn repos_without_failures_writes_nothing_to_stderr() {
    let (a, b) = (alpha(), beta());
    let dir = named(&[("alpha", a.path()), ("beta", b.path())]);
    let out = run_in(
        dir.path(),
        &["report", "--as-of", AS_OF, "--repos", "alpha", "beta"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
}

#[test]
fn repos_exits_2_when_no_repository_can_be_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "report", "--as-of", AS_OF, "--format", "json", "--repos", "empty", "missing",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("ownlint: error: 2 of 2 repositories"),
        "{}",
        out.stderr
    );
    let json = out.json();
    assert!(
        json["repositories"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["error"].is_string())
    );
}

#[test]
fn repos_draws_a_progress_bar_on_a_terminal_only() {
    let (a, b) = (alpha(), beta());
    let dir = named(&[("alpha", a.path()), ("beta", b.path())]);
    let run = |terminal: bool| {
        let cli = <ownlint::cli::Cli as clap::Parser>::try_parse_from([
            "ownlint",
            "report",
            "--as-of",
            AS_OF,
            "--no-cache",
            "--repos",
            "alpha",
            "beta",
        ])
        .unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut io = ownlint::cli::Io {
            out: &mut out,
            err: &mut err,
            out_is_terminal: false,
            err_is_terminal: terminal,
            no_color: true,
            cwd: PathBuf::from(dir.path()),
        };
        let code = ownlint::cli::run(&cli, &mut io).unwrap();
        assert_eq!(code, 0);
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    };
    let (report, bar) = run(true);
    assert!(bar.contains("] 0/2 alpha"), "{bar:?}");
    assert!(bar.contains("] 1/2 beta"), "{bar:?}");
    assert!(bar.contains("[########################] 2/2"), "{bar:?}");
    assert!(bar.ends_with("\r\x1b[2K"), "the bar is cleared: {bar:?}");
    assert!(!report.contains('\r'), "the bar stays off standard output");
    let (quiet_report, nothing) = run(false);
    assert_eq!(nothing, "");
    assert_eq!(quiet_report, report);
}

/// `report --format json` of one repository, saved as `FILE` in `dir`.
fn save_json(dir: &Path, repo: &str, file: &str) {
    let out = run_in(
        dir,
        &[
            "report", "--as-of", AS_OF, "--format", "json", "--repos", repo,
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    std::fs::write(dir.join(file), out.stdout).unwrap();
}

#[test]
fn merge_combines_json_reports_deterministically() {
    let (a, b) = (alpha(), beta());
    let dir = named(&[("alpha", a.path()), ("beta", b.path())]);
    save_json(dir.path(), "beta", "beta.json");
    save_json(dir.path(), "alpha", "alpha.json");
    let merged = |files: &[&str], format: &str| {
        let mut args = vec!["report", "--format", format, "--merge"];
        args.extend_from_slice(files);
        let out = run_in(dir.path(), &args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let one = merged(&["beta.json", "alpha.json"], "json");
    let other = merged(&["alpha.json", "beta.json"], "json");
    assert_eq!(one, other, "the order of the files does not matter");
    let json: Value = serde_json::from_str(&one).unwrap();
    let names: Vec<&str> = json["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alpha", "beta"]);
    // The same as sweeping both in one run.
    let swept = run_in(
        dir.path(),
        &[
            "report", "--as-of", AS_OF, "--format", "json", "--repos", "beta", "alpha",
        ],
    );
    assert_eq!(one, swept.stdout);
    // Merged reports render in every format.
    assert!(merged(&["alpha.json", "beta.json"], "markdown").contains("## beta"));
    let html = merged(&["alpha.json", "beta.json"], "html");
    assert!(html.contains("<td>beta</td>"), "{html}");
    assert!(html.contains("Areas by health, per repository"), "{html}");
    let csv = merged(&["alpha.json", "beta.json"], "csv");
    assert_eq!(
        csv::Reader::from_reader(csv.as_bytes()).records().count(),
        4 + 2
    );
}

#[test]
fn merge_orders_repositories_of_the_same_name_by_content() {
    let repo = alpha();
    let dir = named(&[("alpha", repo.path())]);
    save_json(dir.path(), "alpha", "one.json");
    let text = std::fs::read_to_string(dir.path().join("one.json")).unwrap();
    let mut json: Value = serde_json::from_str(&text).unwrap();
    json["repositories"][0]["as_of"] = "2025-07-01".into();
    std::fs::write(dir.path().join("two.json"), json.to_string()).unwrap();
    let run = |files: [&str; 2]| {
        let out = run_in(
            dir.path(),
            &["report", "--format", "json", "--merge", files[0], files[1]],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    assert_eq!(run(["one.json", "two.json"]), run(["two.json", "one.json"]));
}

#[test]
fn merge_rejects_malformed_and_foreign_reports_naming_the_file() {
    let (a, _) = (alpha(), ());
    let dir = named(&[("alpha", a.path())]);
    save_json(dir.path(), "alpha", "alpha.json");
    let cases = [
        ("truncated.json", "{\"version\": 1, \"repositories\": ["),
        ("version.json", "{\"version\": 99, \"repositories\": []}"),
        (
            "check.json",
            "{\"version\": 1, \"diagnostics\": [], \"summary\": {}}",
        ),
        ("array.json", "[1, 2]"),
    ];
    for (file, text) in cases {
        std::fs::write(dir.path().join(file), text).unwrap();
        let out = run_in(dir.path(), &["report", "--merge", "alpha.json", file]);
        out.assert_clean_failure();
        assert!(out.stderr.contains(file), "{file}: {}", out.stderr);
        assert_eq!(out.stdout, "", "nothing is written");
    }
    let out = run_in(dir.path(), &["report", "--merge", "version.json"]);
    assert!(
        out.stderr.contains("version 99 is not supported"),
        "{}",
        out.stderr
    );
    let out = run_in(dir.path(), &["report", "--merge", "nowhere.json"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("nowhere.json"), "{}", out.stderr);
}

#[test]
fn report_rejects_what_it_cannot_do() {
    let repo = alpha();
    let out = repo.ownlint(&["report", "--as-of", AS_OF, "--format", "github"]);
    out.assert_clean_failure();
    assert!(
        out.stderr.contains("does not produce --format github"),
        "{}",
        out.stderr
    );
    let out = repo.ownlint(&["report", "--repo", ".", "--repos", "."]);
    out.assert_clean_failure();
    let out = repo.ownlint(&["report", "--repos", ".", "--merge", "x.json"]);
    assert_eq!(out.code, 2);
}

#[test]
fn the_sweep_schema_is_published() {
    let repo = alpha();
    let out = repo.ownlint(&["schema", "sweep"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let schema = out.json();
    assert_eq!(schema["properties"]["version"]["type"], "integer");
    assert!(schema["$defs"]["AreaReport"]["properties"]["bus_factor"].is_object());
}
