//! Each dialect read as its host reads it (issue 14): GitLab's and GitHub's CODEOWNERS lookup
//! and semantics, Gerrit's `include`, MAINTAINERS sections, through the real binary on real
//! repositories.

use crate::support::{TestRepo, check_json};

/// The names of one `who --format json` answer's owners, sorted.
fn owner_names(answer: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = answer["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `who --format json PATHS`: each path's owner names, and the run's standard error.
fn who(repo: &TestRepo, paths: &[&str]) -> (Vec<Vec<String>>, String) {
    let mut args = vec!["who", "--format", "json", "--no-history"];
    args.extend_from_slice(paths);
    let out = repo.ownlint(&args);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let json = out.json();
    let names = json.as_array().unwrap().iter().map(owner_names).collect();
    (names, out.stderr)
}

// ---------------------------------------------------------------- MAINTAINERS (item 5)

/// A section without `F:` is a `maintainers-section` finding about that section; `who` reads
/// the rest of the file and does not call the file unreadable.
#[test]
fn a_maintainers_section_without_files_is_a_finding_not_a_read_failure() {
    let repo = TestRepo::with(&[
        (
            "MAINTAINERS",
            "FOO DRIVER\nM:\tAlice Able <alice@example.com>\nS:\tMaintained\n\n\
             BAR DRIVER\nM:\tBob Roe <bob@example.com>\nS:\tMaintained\nF:\tbar/\n",
        ),
        ("bar/b.c", "x"),
    ]);
    let (names, stderr) = who(&repo, &["bar/b.c"]);
    assert_eq!(names[0], ["bob@example.com"], "{names:?}");
    assert!(!stderr.contains("could not be read"), "{stderr}");
    let out = check_json(&repo, &["--no-history"]);
    let sections = out.of("maintainers-section");
    assert_eq!(sections.len(), 1, "{:?}", out.diagnostics());
    assert!(
        sections[0]["message"]
            .as_str()
            .unwrap()
            .contains("FOO DRIVER")
    );
    assert!(out.of("parse-error").is_empty(), "{:?}", out.diagnostics());
    // A line that really cannot be read still gets the note.
    repo.write(
        "MAINTAINERS",
        "BAR DRIVER\nM:\tBob Roe <bob@example.com>\nS:\tMaintained\nF:\tbar/\nF:\n",
    );
    repo.commit("empty F:");
    let (_, stderr) = who(&repo, &["bar/b.c"]);
    assert!(
        stderr.contains("1 ownership file could not be read completely (MAINTAINERS)"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------- Chromium OWNERS (items 19, 20)

/// Gerrit: `include` "also imports per-file rules and any set noparent line"; `file:` does not.
#[test]
fn include_imports_set_noparent_and_file_does_not() {
    let repo = TestRepo::with(&[
        ("OWNERS", "root@example.com\n"),
        ("common/OWNERS", "set noparent\ncommon@example.com\n"),
        ("chain/OWNERS", "include /common/OWNERS\n"),
        ("a/OWNERS", "include /chain/OWNERS\na@example.com\n"),
        ("b/OWNERS", "file://common/OWNERS\nb@example.com\n"),
        ("a/x.cc", "x"),
        ("b/y.cc", "x"),
    ]);
    let (names, _) = who(&repo, &["a/x.cc", "b/y.cc"]);
    assert_eq!(names[0], ["a@example.com", "common@example.com"]);
    assert_eq!(
        names[1],
        ["b@example.com", "common@example.com", "root@example.com"]
    );
}

/// A `per-file ... = file:...` grant in an included file keeps its owners, however deep the
/// include chain.
#[test]
fn included_per_file_grants_resolve_their_files() {
    let repo = TestRepo::with(&[
        ("OWNERS", "root@example.com\n"),
        (
            "shared/OWNERS",
            "shared@example.com\nper-file *.gn=file:/build/OWNERS\n",
        ),
        ("build/OWNERS", "build@example.com\n"),
        ("mid/OWNERS", "include /shared/OWNERS\n"),
        ("a/OWNERS", "include /shared/OWNERS\n"),
        ("c/OWNERS", "include /mid/OWNERS\n"),
        ("a/BUILD.gn", "x"),
        ("a/x.cc", "x"),
        ("c/BUILD.gn", "x"),
    ]);
    let (names, _) = who(&repo, &["a/BUILD.gn", "a/x.cc", "c/BUILD.gn"]);
    for i in [0, 2] {
        assert!(
            names[i].contains(&"build@example.com".to_string()),
            "{i}: {names:?}"
        );
    }
    assert!(!names[1].contains(&"build@example.com".to_string()));
}

// ---------------------------------------------------------------- GitLab (item 15)

/// `[Mm]akefile @x` is an entry of the section it is in, not a broken section header.
#[test]
fn a_bracket_expression_line_is_a_gitlab_entry() {
    let repo = TestRepo::with(&[
        (
            ".gitlab/CODEOWNERS",
            "* @all\n[Build] @build\n[Mm]akefile @maker\n",
        ),
        ("Makefile", "x"),
        ("makefile", "x"),
        ("a.rs", "x"),
    ]);
    let (names, _) = who(&repo, &["Makefile", "makefile", "a.rs"]);
    assert_eq!(names[0], ["all", "maker"]);
    assert_eq!(names[1], ["all", "maker"]);
    assert_eq!(names[2], ["all"]);
    let out = check_json(&repo, &["--no-history"]);
    for rule in ["parse-error", "unsupported-syntax", "invalid-owner"] {
        assert!(out.of(rule).is_empty(), "{rule}: {:?}", out.diagnostics());
    }
}

// ---------------------------------------------------------------- which CODEOWNERS (items 12, 13)

/// `(rule, file, message)` of the `codeowners-host` findings.
fn host_findings(out: &crate::support::Output) -> Vec<(String, String)> {
    out.of("codeowners-host")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// GitLab: "The first CODEOWNERS file found is used, and all others are ignored": the root file
/// and `.gitlab/CODEOWNERS` are not combined.
#[test]
fn gitlab_reads_only_the_first_codeowners_it_finds() {
    let repo = TestRepo::with(&[
        ("CODEOWNERS", "* @root-owner\n"),
        (".gitlab/CODEOWNERS", "* @gitlab-owner\n"),
        ("a.rb", "x"),
    ]);
    let (names, _) = who(&repo, &["a.rb"]);
    assert_eq!(names[0], ["root-owner"]);
    let out = check_json(&repo, &["--no-history"]);
    let found = host_findings(&out);
    assert_eq!(found.len(), 2, "{found:?}");
    // Sorted by file: the root file, read as GitLab's because of `.gitlab/`, then the other.
    assert_eq!(found[0].0, ".gitlab/CODEOWNERS");
    assert!(found[0].1.contains("ignored by GitLab"), "{found:?}");
    assert_eq!(found[1].0, "CODEOWNERS");
    assert!(found[1].1.contains("as GitLab reads it"), "{found:?}");
    assert!(
        out.of("codeowners-host")
            .iter()
            .all(|d| d["severity"] == "info")
    );
}

/// GitHub never reads `.gitlab/`; GitLab never reads `.github/`.
#[test]
fn each_platform_ignores_the_other_platforms_location() {
    let repo = TestRepo::with(&[
        (".github/CODEOWNERS", "* @github-owner\n"),
        (".gitlab/CODEOWNERS", "* @gitlab-owner\n"),
        ("a.rb", "x"),
    ]);
    let (names, _) = who(&repo, &["a.rb"]);
    assert_eq!(names[0], ["github-owner"]);
    let out = check_json(&repo, &["--no-history"]);
    let found = host_findings(&out);
    assert!(
        found
            .iter()
            .any(|(f, m)| f == ".gitlab/CODEOWNERS" && m.contains("ignored by GitHub")),
        "{found:?}"
    );
    // Both platforms' files are there: the choice of GitHub is said, with the setting.
    assert!(
        found.iter().any(|(f, _)| f == ".github/CODEOWNERS"),
        "{found:?}"
    );
    repo.write(".ownlint.yaml", "codeowners:\n  flavor: gitlab\n");
    repo.commit("on GitLab");
    let (names, _) = who(&repo, &["a.rb"]);
    assert_eq!(names[0], ["gitlab-owner"]);
    let out = check_json(&repo, &["--no-history"]);
    let found = host_findings(&out);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, ".github/CODEOWNERS");
    assert!(found[0].1.contains("ignored by GitLab"), "{found:?}");
}

/// A root CODEOWNERS with GitLab section headers is read as GitLab reads it, and the choice is
/// said with its reason.
#[test]
fn a_root_codeowners_with_sections_is_read_as_gitlab() {
    let repo = TestRepo::with(&[
        (
            "CODEOWNERS",
            "* @all\n\n[Docs] @docs-team\n*.md\n\n[Backend]\n/src/ @alice\n!/src/generated/\n",
        ),
        ("src/README.md", "x"),
        ("src/a.rb", "x"),
        ("src/generated/g.rb", "x"),
    ]);
    let (names, _) = who(&repo, &["src/README.md", "src/a.rb", "src/generated/g.rb"]);
    assert_eq!(names[0], ["alice", "all", "docs-team"]);
    assert_eq!(names[1], ["alice", "all"]);
    assert_eq!(names[2], ["all"]);
    let out = check_json(&repo, &["--no-history"]);
    assert!(
        out.of("unsupported-syntax").is_empty(),
        "{:?}",
        out.diagnostics()
    );
    let found = host_findings(&out);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("as GitLab reads it"), "{found:?}");
    assert!(found[0].1.contains("section headers"), "{found:?}");
    let help = out.of("codeowners-host")[0]["help"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(help.contains("flavor: github"), "{help}");
}

/// A `.gitlab-ci.yml` says the repository is on GitLab: `!` exclusions work there.
#[test]
fn gitlab_ci_makes_the_root_codeowners_gitlabs() {
    let repo = TestRepo::with(&[
        ("CODEOWNERS", "* @all\n!*.lock\n"),
        (".gitlab-ci.yml", "test:\n  script: [make]\n"),
        ("Cargo.lock", "x"),
        ("a.rs", "x"),
    ]);
    let (names, _) = who(&repo, &["Cargo.lock", "a.rs"]);
    assert!(names[0].is_empty(), "{names:?}");
    assert_eq!(names[1], ["all"]);
    let out = check_json(&repo, &["--no-history"]);
    assert!(
        out.of("unsupported-syntax").is_empty(),
        "{:?}",
        out.diagnostics()
    );
    let found = host_findings(&out);
    assert!(found[0].1.contains(".gitlab-ci.yml"), "{found:?}");
    // Told it is GitHub, ownlint reads the `!` line as GitHub does, and the help names the
    // setting rather than a move to `.gitlab/`.
    repo.write(".ownlint.yaml", "codeowners:\n  flavor: github\n");
    repo.write("CODEOWNERS", "* @all\n[Docs]\n*.md @docs\n");
    repo.commit("github");
    let out = check_json(&repo, &["--no-history"]);
    let unsupported = out.of("unsupported-syntax");
    assert_eq!(unsupported.len(), 1, "{:?}", out.diagnostics());
    let help = unsupported[0]["help"].as_str().unwrap();
    assert!(help.contains("flavor: gitlab"), "{help}");
    assert!(!help.contains("move GitLab syntax"), "{help}");
    assert!(host_findings(&out).is_empty());
}

// ---------------------------------------------------------------- pull-request summary (item 16)

/// Owners of an optional section are not required approvers; approval counts are shown.
#[test]
fn the_summary_keeps_optional_sections_apart_and_shows_approval_counts() {
    const ALICE: (&str, &str) = ("Alice", "alice@example.com");
    let repo = TestRepo::new();
    repo.write(
        ".gitlab/CODEOWNERS",
        "* @all\n\n^[Docs] @docs-team\n*.md\n\n[Database][2] @db-team\n/db/\n",
    );
    repo.write("README.md", "x\n");
    repo.write("db/schema.sql", "x\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-01-01", "start");
    repo.git(&["checkout", "-q", "-b", "feature"], ALICE, "2025-01-02");
    repo.write("README.md", "y\n");
    repo.write("db/schema.sql", "y\n");
    repo.commit_by(ALICE.0, ALICE.1, "2025-01-03", "change");
    let out = repo.ownlint(&[
        "check",
        "--base",
        "main",
        "--no-history",
        "--format",
        "markdown",
        "--fail-on",
        "never",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = out.stdout;
    let row = |needle: &str| {
        md.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no row with {needle}:\n{md}"))
            .to_string()
    };
    let readme = row("`README.md`");
    assert!(
        readme.contains("`.gitlab/CODEOWNERS: ^[Docs] *.md`"),
        "{readme}"
    );
    assert!(
        readme.contains("| `all` (optional: `docs-team`) |"),
        "{readme}"
    );
    let db = row("`db/schema.sql`");
    assert!(
        db.contains("`.gitlab/CODEOWNERS: [Database][2] /db/`"),
        "{db}"
    );
    assert!(db.contains("`all`, `db-team`"), "{db}");
}

// ---------------------------------------------------------------- help after exclusions (item 17)

#[test]
fn help_texts_name_the_exclusion_and_the_missing_slash() {
    let repo = TestRepo::with(&[
        (
            ".gitlab/CODEOWNERS",
            "* @all\n!/generated/\n/generated/keep.rs @keeper\n/docs-locale/ja-jp @translators\n",
        ),
        ("generated/a.rs", "x"),
        ("generated/keep.rs", "x"),
        ("docs-locale/ja-jp/index.md", "x"),
        ("src/a.rs", "x"),
    ]);
    let out = check_json(&repo, &["--no-history"]);
    let unowned = out.of("unowned-path");
    assert_eq!(out.files("unowned-path"), ["generated/"], "{unowned:?}");
    let help = unowned[0]["help"].as_str().unwrap();
    assert!(help.contains("`!/generated/`"), "{help}");
    assert!(help.contains("line 2"), "{help}");
    assert!(
        !help.contains("no line of the CODEOWNERS file matches it"),
        "{help}"
    );
    let shadowed = out.of("shadowed-pattern");
    assert_eq!(shadowed.len(), 1, "{:?}", out.diagnostics());
    let message = shadowed[0]["message"].as_str().unwrap();
    assert!(message.contains("`!/generated/`"), "{message}");
    assert!(message.contains("cannot be included again"), "{message}");
    let help = shadowed[0]["help"].as_str().unwrap();
    assert!(!help.contains("move this line below"), "{help}");
    assert!(help.contains("another section"), "{help}");
    let nothing = out.of("pattern-matches-nothing");
    assert_eq!(nothing.len(), 1, "{:?}", out.diagnostics());
    let help = nothing[0]["help"].as_str().unwrap();
    assert!(help.contains("`/docs-locale/ja-jp/`"), "{help}");
}

// ---------------------------------------------------------------- vendored ownership (item 18)

/// Third-party code governed by its own OWNERS: Gerrit reads them everywhere, so `who` answers
/// with them; findings about vendored files stay out of `check`.
#[test]
fn vendored_ownership_files_take_part_in_resolution() {
    let repo = TestRepo::with(&[
        ("OWNERS", "root@example.com\n"),
        (
            "third_party/foo/OWNERS",
            "set noparent\nfoo@example.com\nnot an owner line\n",
        ),
        ("third_party/foo/x.c", "x"),
        ("src/a.c", "x"),
    ]);
    let (names, _) = who(&repo, &["third_party/foo/x.c", "src/a.c"]);
    assert_eq!(names[0], ["foo@example.com"]);
    assert_eq!(names[1], ["root@example.com"]);
    let out = check_json(&repo, &["--no-history"]);
    assert!(
        out.diagnostics()
            .iter()
            .all(|d| !d["file"].as_str().unwrap_or("").starts_with("third_party/")),
        "{:?}",
        out.diagnostics()
    );
    let all = check_json(&repo, &["--no-history", "--include-vendored"]);
    assert_eq!(all.of("parse-error").len(), 1, "{:?}", all.diagnostics());
}

/// Prow reads YAML OWNERS everywhere but its `dir_denylist`; by default ownlint denies the Go
/// `vendor/` tree, as Kubernetes' Prow configuration does, and the setting changes that.
#[test]
fn prow_owners_follow_the_dir_denylist() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("vendor/github.com/x/OWNERS", "approvers: [bob]\n"),
        ("vendor/github.com/x/a.go", "x"),
        ("third_party/y/OWNERS", "approvers: [carol]\n"),
        ("third_party/y/b.c", "x"),
    ]);
    let (names, _) = who(&repo, &["vendor/github.com/x/a.go", "third_party/y/b.c"]);
    assert_eq!(names[0], ["alice"]);
    assert_eq!(names[1], ["alice", "carol"]);
    repo.write(
        ".ownlint.yaml",
        "owners:\n  dir_denylist: ['^third_party/']\n",
    );
    repo.commit("deny third_party");
    let (names, _) = who(&repo, &["vendor/github.com/x/a.go", "third_party/y/b.c"]);
    assert_eq!(names[0], ["alice", "bob"]);
    assert_eq!(names[1], ["alice"]);
    repo.write(".ownlint.yaml", "owners:\n  dir_denylist: ['(']\n");
    repo.commit("broken");
    let out = repo.ownlint(&["who", "a.go"]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("dir_denylist"), "{}", out.stderr);
}
