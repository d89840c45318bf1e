//! Hostile names and paths through every output: whatever a repository holds, no output line is
//! started, split or taken over by it, nothing in it runs as a workflow command in a CI log,
//! mentions anyone or links anywhere in Markdown, nothing long makes a renderer fail, and the
//! findings about sizes cite the platform that reads the file.

use crate::support::{Output, TestRepo};

/// Whether GitHub's runner would read a line as a workflow command: after leading blanks it
/// starts with `::` (`ActionCommand.TryParseV2`), or it holds `##[` anywhere (the older syntax
/// of `ActionCommand.TryParse`).
fn forges_command(line: &str) -> bool {
    line.trim_start().starts_with("::") || line.contains("##[")
}

/// Names an attacker puts in an OWNERS file: a line break followed by a command (with and
/// without leading blanks), the older command syntax, a terminal escape, a bidirectional
/// override, mentions GitHub notifies despite punctuation, and a bare link.
const HOSTILE_NAMES: [&str; 8] = [
    "bob\n::error file=x::pwned",
    "eve\r\n  ::warning::indented",
    "##[stop-commands]tok",
    "\u{1b}]8;;https://evil.example\u{7}red\u{1b}[0m",
    "mal\u{202e}lory",
    "\\@carol",
    "(@dave)",
    "https://evil.example/x",
];

fn hostile_repo() -> TestRepo {
    let names: Vec<String> = HOSTILE_NAMES
        .iter()
        .map(|n| serde_json::to_string(n).unwrap())
        .collect();
    TestRepo::with(&[
        ("OWNERS", &format!("approvers: [{}]\n", names.join(", "))),
        // A directory whose name is a command once it starts a line, and an unowned file in it.
        (
            "  ::notice::dir/OWNERS",
            "approvers: []\noptions:\n  no_parent_owners: true\n",
        ),
        ("  ::notice::dir/a.go", "x"),
        ("a.go", "x"),
    ])
}

/// Asserts that no line of an output is a forged command, a mention or a link (for Markdown).
fn assert_inert(what: &str, out: &Output) {
    assert!(!out.stderr.contains("panicked"), "{what}: {}", out.stderr);
    assert_ne!(out.code, 2, "{what}: {}", out.stderr);
    for text in [&out.stdout, &out.stderr] {
        for line in text.lines() {
            assert!(!forges_command(line), "{what}: {line:?}\n{text}");
            assert!(!line.contains('\u{1b}'), "{what}: {line:?}");
            assert!(!line.contains('\u{202e}'), "{what}: {line:?}");
            assert!(!line.contains('\r'), "{what}: {line:?}");
        }
    }
}

#[test]
fn hostile_names_stay_on_their_line_in_every_human_and_data_format() {
    let repo = hostile_repo();
    let run = |args: &[&str]| repo.ownlint(args);
    for (what, args) in [
        (
            "check",
            &["check", "--no-history", "--fail-on", "never"][..],
        ),
        (
            "check json",
            &[
                "check",
                "--no-history",
                "--fail-on",
                "never",
                "--format",
                "json",
            ],
        ),
        (
            "check sarif",
            &[
                "check",
                "--no-history",
                "--fail-on",
                "never",
                "--format",
                "sarif",
            ],
        ),
        (
            "check gitlab",
            &[
                "check",
                "--no-history",
                "--fail-on",
                "never",
                "--format",
                "gitlab",
            ],
        ),
        (
            "who",
            &["who", "--no-history", "a.go", "  ::notice::dir/a.go"],
        ),
        (
            "who json",
            &["who", "--no-history", "--format", "json", "a.go"],
        ),
        (
            "report json",
            &["report", "--no-history", "--format", "json"],
        ),
        ("report csv", &["report", "--no-history", "--format", "csv"]),
        (
            "report html",
            &["report", "--no-history", "--format", "html"],
        ),
    ] {
        let out = run(args);
        assert_inert(what, &out);
        // The names are there, made visible rather than dropped.
        if ["who", "report csv", "report html"].contains(&what) {
            assert!(
                out.stdout.contains("bob\\u{a}:\\u{3a}error"),
                "{what}: {}",
                out.stdout
            );
        }
    }
    // JSON reads back exactly what the file says.
    let who = run(&["who", "--no-history", "--format", "json", "a.go"]).json();
    let names: Vec<&str> = who[0]["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"##[stop-commands]tok"), "{names:?}");
    assert!(names.contains(&"bob\n::error file=x::pwned"), "{names:?}");
}

/// Text outside the code spans of a Markdown line.
fn outside_code(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let fence = rest[start..].chars().take_while(|&c| c == '`').count();
        let after = &rest[start + fence..];
        let close = (0..after.len()).find(|&i| {
            after[i..].starts_with(&"`".repeat(fence))
                && !after[i + fence..].starts_with('`')
                && (i == 0 || !after[..i].ends_with('`'))
        });
        match close {
            Some(at) => rest = &after[at + fence..],
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn markdown_neither_mentions_nor_links_nor_breaks_its_table() {
    let repo = hostile_repo();
    for (what, args) in [
        (
            "check markdown",
            &[
                "check",
                "--no-history",
                "--fail-on",
                "never",
                "--format",
                "markdown",
            ][..],
        ),
        ("report markdown", &["report", "--no-history"][..]),
    ] {
        let out = repo.ownlint(args);
        assert_inert(what, &out);
        for line in out.stdout.lines() {
            let prose = outside_code(line);
            // GitHub mentions `@name` after anything but a word character, `\@` included.
            let mentions = prose.char_indices().any(|(i, c)| {
                c == '@'
                    && prose[i + 1..].starts_with(|n: char| n.is_ascii_alphanumeric())
                    && !prose[..i].ends_with(|p: char| p.is_alphanumeric() || p == '_')
            });
            assert!(!mentions, "{what}: {line}");
            assert!(
                !prose.contains("://") && !prose.contains("www."),
                "{what}: {line}"
            );
            if line.starts_with('|') {
                // A table row keeps its columns: the header's count of unescaped pipes.
                let cells = prose.matches('|').count() - prose.matches("\\|").count();
                assert!(cells >= 4, "{what}: {line}");
            }
        }
    }
    let out = repo.ownlint(&["report", "--no-history"]);
    // The names are shown, as code.
    assert!(out.stdout.contains("`(@dave)"), "{}", out.stdout);
    assert!(out.stdout.contains("`\\@carol"), "{}", out.stdout);
}

#[test]
fn github_annotations_are_the_only_commands() {
    let repo = hostile_repo();
    let out = repo.ownlint(&[
        "check",
        "--no-history",
        "--fail-on",
        "never",
        "--format",
        "github",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let (summary, annotations) = lines.split_last().unwrap();
    assert!(summary.starts_with("ownlint: "), "{summary}");
    assert!(!annotations.is_empty());
    for line in annotations {
        let level = ["::error ", "::warning ", "::notice "]
            .iter()
            .find(|l| line.starts_with(*l))
            .unwrap_or_else(|| panic!("not an annotation: {line}"));
        // The properties end at the first `::`; they are ours only.
        let info = &line[level.len()..line[2..].find("::").unwrap() + 2];
        for property in info.split(',') {
            let key = property.split('=').next().unwrap();
            assert!(
                ["file", "line", "col", "endLine", "endColumn", "title"].contains(&key),
                "{line}"
            );
        }
        assert!(!line.contains('\u{1b}') && !line.contains('\r'), "{line}");
    }
}

#[test]
fn an_exit_2_message_stays_on_one_line() {
    // The handover path is quoted in the error: it must not add a line of its own.
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "approvers: [alice]\nhandover: \"../x\\n::error::pwned\\n##[stop-commands]t\"\n",
        ),
        ("a.go", "x"),
    ]);
    let out = repo.ownlint(&["handover", "new", ".", "--to", "bob"]);
    out.assert_clean_failure();
    assert!(!forges_command(&out.stderr), "{}", out.stderr);
    assert!(
        out.stderr.contains("../x\\u{a}:\\u{3a}error"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_name_longer_than_any_column_is_clipped_in_who() {
    let long = "a".repeat(70_000);
    let repo = TestRepo::with(&[
        ("OWNERS", &format!("approvers: [{long}, bob]\n")),
        ("a.go", "x"),
    ]);
    let out = repo.ownlint(&["who", "--no-history", "a.go"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line = out.stdout.lines().find(|l| l.contains("aaaa")).unwrap();
    assert!(line.contains('…'), "{}", &line[..200]);
    assert!(line.chars().count() < 300, "{}", line.len());
    // The JSON answer is data: the whole name.
    let json = repo
        .ownlint(&["who", "--no-history", "--format", "json", "a.go"])
        .json();
    assert_eq!(json[0]["owners"][0]["name"].as_str().unwrap().len(), 70_000);
}

#[test]
fn a_finding_past_column_65535_is_located_without_drawing_its_line() {
    // The invalid owner sits 70,000 columns into its line.
    let line = format!("/docs/{} @ok bad_owner\n", "x".repeat(70_000));
    let repo = TestRepo::with(&[(".github/CODEOWNERS", &line), ("a.go", "x")]);
    let out = repo.ownlint(&["check", "--no-history", "--fail-on", "never"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("invalid-owner"), "{}", out.stdout);
    // A line too long to draw is listed with the finding's place instead.
    assert!(
        out.stdout.contains(".github/CODEOWNERS:1:700"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.lines().all(|l| l.chars().count() < 3000));
}

#[test]
fn a_large_gitlab_codeowners_is_read_and_not_held_to_githubs_limit() {
    // Over GitHub's 3 MB, which GitLab does not document for its file.
    let padding = "# padding padding padding padding padding padding padding padding\n";
    let mut text = padding.repeat(3 * 1024 * 1024 / padding.len() + 1);
    text.push_str("/docs/ @gitlab-owner\n");
    let repo = TestRepo::with(&[(".gitlab/CODEOWNERS", &text), ("docs/a.md", "x")]);
    let out = crate::support::check_json(&repo, &["--no-history"]);
    assert!(out.of("codeowners-too-large").is_empty(), "{}", out.stdout);
    // The file is read: its owner owns the path.
    let who = repo.ownlint(&["who", "--no-history", "--format", "json", "docs/a.md"]);
    assert_eq!(
        who.json()[0]["owners"][0]["name"],
        "gitlab-owner",
        "{}",
        who.stdout
    );

    // The same file where GitHub reads it is over GitHub's limit, and said so.
    let repo = TestRepo::with(&[(".github/CODEOWNERS", &text), ("docs/a.md", "x")]);
    let out = crate::support::check_json(&repo, &["--no-history"]);
    let found = out.field("codeowners-too-large", "message");
    assert_eq!(found.len(), 1, "{}", out.stdout);
    assert!(found[0].contains("GitHub's 3 MB limit"), "{found:?}");
}

/// The export's header, then `lines`.
fn generated(lines: &str) -> String {
    format!(
        "# Generated by `ownlint export codeowners` from the repository's OWNERS files.\n\
         # Do not edit by hand: change the OWNERS files and run the export again.\n{lines}"
    )
}

#[test]
fn export_refuses_a_name_that_would_add_a_line_of_its_own() {
    // What the export used to write for this name: a line that gives every path to @attacker,
    // committed along with it so that `--check` found the files in sync.
    let taken_over = generated("* @alice bob\n* @attacker\n");
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "approvers:\n  - \"bob\\n* @attacker\"\n  - alice\n",
        ),
        (".github/CODEOWNERS", &taken_over),
        ("a.go", "x"),
    ]);
    let out = repo.ownlint(&["export", "codeowners"]);
    out.assert_clean_failure();
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .starts_with("ownlint: error: OWNERS:2:5: `bob\\u{a}* @attacker` is not a GitHub"),
        "{}",
        out.stderr
    );
    // Written to a file, the file is left as it was.
    let out = repo.ownlint(&["export", "codeowners", "--output", ".github/CODEOWNERS"]);
    out.assert_clean_failure();
    let kept = std::fs::read_to_string(repo.path().join(".github/CODEOWNERS")).unwrap();
    assert_eq!(kept, taken_over);

    // `--check` no longer finds the files in sync: it reports the name where it is written.
    let out = repo.ownlint(&["export", "codeowners", "--check", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    let found = out.of("codeowners-unexportable");
    assert_eq!(found.len(), 1, "{}", out.stdout);
    assert_eq!(found[0]["file"], "OWNERS");
    assert_eq!(found[0]["line"], 2);
    assert_eq!(found[0]["owner"], "bob\n* @attacker");

    // And so does `check`, since this repository exports its OWNERS files.
    let out = crate::support::check_json(&repo, &["--no-history"]);
    let found = out.of("codeowners-unexportable");
    assert_eq!(found.len(), 1, "{}", out.stdout);
    assert_eq!(
        (found[0]["file"].as_str(), found[0]["line"].as_u64()),
        (Some("OWNERS"), Some(2))
    );
    assert_eq!(found[0]["severity"], "error");
}

#[test]
fn names_from_aliases_and_teams_are_refused_where_they_are_listed() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice, sig-docs, platform]\n"),
        (
            "OWNERS_ALIASES",
            "aliases:\n  sig-docs:\n    - carol\n    - Dan Smith\n",
        ),
        (
            ".ownlint.yaml",
            "teams:\n  platform:\n    members: [erin, \"frank\\r\\n@x\"]\n",
        ),
        (".github/CODEOWNERS", &generated("* @alice\n")),
        ("a.go", "x"),
    ]);
    let out = repo.ownlint(&["export", "codeowners", "--check", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    let places: Vec<(String, u64, String)> = out
        .of("codeowners-unexportable")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["owner"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (".ownlint.yaml".to_string(), 3, "frank\r\n@x".to_string()),
            ("OWNERS_ALIASES".to_string(), 4, "dan smith".to_string()),
        ]
    );
    // A repository that does not export its OWNERS files hears nothing of it from `check`.
    repo.remove(".github/CODEOWNERS");
    repo.commit("no generated file");
    let out = crate::support::check_json(&repo, &["--no-history"]);
    assert!(
        out.of("codeowners-unexportable").is_empty(),
        "{}",
        out.stdout
    );
}

#[test]
fn paths_are_written_as_github_reads_them_or_refused() {
    // A directory name that is a CODEOWNERS line of its own, one with a space, one with `#`.
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("x\n* @attacker/OWNERS", "approvers: [bob]\n"),
        ("x\n* @attacker/a.go", "x"),
        ("my docs/OWNERS", "approvers: [carol]\n"),
        ("my docs/b.md", "x"),
        ("c#/OWNERS", "approvers: [dave]\n"),
        ("c#/c.cs", "x"),
    ]);
    let out = repo.ownlint(&["export", "codeowners"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        lines,
        [
            "* @alice",
            "/c?/ @alice @dave",
            "/my\\ docs/ @alice @carol",
            "/x??\\ @attacker/ @alice @bob"
        ],
        "{}",
        out.stdout
    );
    // Another directory the `?` would match too: the export refuses rather than give it away.
    repo.write("cx/d.cs", "x");
    repo.commit("cx");
    let out = repo.ownlint(&["export", "codeowners"]);
    out.assert_clean_failure();
    assert!(
        out.stderr.contains("c#/OWNERS: the directory `c#/`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("`cx`"), "{}", out.stderr);
}

#[test]
fn check_refuses_what_export_refuses_for_a_file_of_its_own() {
    // `x#y` has approvers of its own (a filter), and its pattern `/x?y` would match `xzy` too.
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "approvers: [alice]\nfilters:\n  \"^x#y$\":\n    approvers: [zed]\n",
        ),
        ("x#y", "x"),
        ("xzy", "x"),
        (".github/CODEOWNERS", &generated("* @alice\n")),
    ]);
    let export = repo.ownlint(&["export", "codeowners", "--check", "--format", "json"]);
    assert_eq!(export.code, 1, "{}", export.stdout);
    let check = crate::support::check_json(&repo, &["--no-history"]);
    for out in [&export, &check] {
        let found = out.of("codeowners-unexportable");
        assert_eq!(found.len(), 1, "{}", out.stdout);
        assert_eq!(found[0]["file"], "x#y");
        assert!(
            found[0]["message"].as_str().unwrap().contains("`xzy`"),
            "{found:?}"
        );
    }
    // Without `xzy` the file is written with its `?`, and nothing is refused.
    repo.remove("xzy");
    repo.commit("no xzy");
    let out = repo.ownlint(&["export", "codeowners"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.ends_with("/x?y @alice @zed\n"), "{}", out.stdout);
}
