//! Every dialect end to end: CODEOWNERS (GitHub, GitLab), plain-text OWNERS (Chromium) and
//! MAINTAINERS, checked through the real binary on real repositories, with the dialect rules
//! firing and not firing, and the shared rules (unowned paths, history) working on each.

mod codeowners_matching;
mod hosts;

use crate::support::{TestRepo, check_json};

fn messages(found: &[serde_json::Value]) -> Vec<String> {
    found
        .iter()
        .map(|d| d["message"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The names of one `who --format json` answer's owners, sorted.
fn owner_names(answer: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = answer["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------- CODEOWNERS (GitHub)

#[test]
fn codeowners_unowned_path_only_for_files_no_line_matches() {
    let repo = TestRepo::with(&[
        (".github/CODEOWNERS", "/src/ @alice\n/gen/\n"),
        ("src/a.rs", "x"),
        ("gen/out.rs", "x"),
        ("tools/run.sh", "x"),
    ]);
    let out = check_json(&repo, &[]);
    // The CODEOWNERS file itself is a tracked file that no line matches.
    assert_eq!(
        out.files("unowned-path"),
        [".github/", "tools/"],
        "{:?}",
        out.diagnostics()
    );
    let cleared = out.of("explicitly-unowned");
    assert_eq!(cleared.len(), 1, "{cleared:?}");
    assert_eq!(cleared[0]["file"], ".github/CODEOWNERS");
    assert_eq!(cleared[0]["line"], 2);
    assert!(messages(&cleared)[0].contains("gen/out.rs"));
}

#[test]
fn codeowners_catch_all_owns_everything() {
    let repo = TestRepo::with(&[
        (
            ".github/CODEOWNERS",
            "* @org/maintainers\n/src/ @alice @bob\n",
        ),
        ("src/a.rs", "x"),
        ("README.md", "x"),
    ]);
    let out = check_json(&repo, &[]);
    for rule in [
        "unowned-path",
        "explicitly-unowned",
        "shadowed-pattern",
        "duplicate-pattern",
        "pattern-matches-nothing",
        "invalid-owner",
        "unsupported-syntax",
    ] {
        assert!(out.of(rule).is_empty(), "{rule}: {:?}", out.diagnostics());
    }
}

#[test]
fn shadowed_pattern_names_the_overriding_line() {
    let repo = TestRepo::with(&[
        (
            "CODEOWNERS",
            "/src/api/ @alice\n/src/ @bob\n/docs/ @carol\n",
        ),
        ("src/api/a.rs", "x"),
        ("src/b.rs", "x"),
        ("docs/index.md", "x"),
    ]);
    let out = check_json(&repo, &[]);
    let shadowed = out.of("shadowed-pattern");
    assert_eq!(shadowed.len(), 1, "{shadowed:?}");
    assert_eq!(shadowed[0]["line"], 1);
    assert!(
        messages(&shadowed)[0].contains("line 2 (`/src/`)"),
        "{shadowed:?}"
    );
}

#[test]
fn duplicate_pattern_is_reported_at_the_later_line() {
    let repo = TestRepo::with(&[
        ("CODEOWNERS", "/docs/ @alice\n*.md @bob\n/docs/ @carol\n"),
        ("docs/index.md", "x"),
        ("README.md", "x"),
    ]);
    let out = check_json(&repo, &[]);
    let duplicates = out.of("duplicate-pattern");
    assert_eq!(duplicates.len(), 1, "{duplicates:?}");
    assert_eq!(duplicates[0]["line"], 3);
    assert!(out.of("shadowed-pattern").iter().all(|d| d["line"] != 1));
}

#[test]
fn pattern_matches_nothing_for_a_renamed_directory() {
    let repo = TestRepo::with(&[
        (
            "CODEOWNERS",
            "* @alice\n/src/legacy-api/ @bob\n*.go @carol\n",
        ),
        ("src/api/a.rs", "x"),
    ]);
    let out = check_json(&repo, &[]);
    let nothing = out.of("pattern-matches-nothing");
    let lines: Vec<i64> = nothing
        .iter()
        .map(|d| d["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3], "{nothing:?}");
}

/// Patterns that match only files ownlint leaves out of its checks (vendored, generated or
/// excluded by the configuration) match something: those files exist, and their owners review
/// changes to them. A pattern matching nothing at all is still reported, in every dialect.
#[test]
fn pattern_matches_nothing_counts_files_left_out_as_matches() {
    let repo = TestRepo::with(&[
        (
            ".github/CODEOWNERS",
            "* @alice\n/vendor/ @deps\n/third_party/zlib/ @deps\n/web/dist/ @web\n\
             /docs/generated/ @docs\n/src/legacy-api/ @bob\n",
        ),
        (
            "MAINTAINERS",
            "ZLIB\nM:\tDee <dee@example.com>\nS:\tMaintained\nF:\tthird_party/zlib\n\n\
             GONE\nM:\tGus <gus@example.com>\nS:\tMaintained\nF:\tdrivers/gone/\n",
        ),
        (
            "OWNERS",
            "approvers: [alice]\nfilters:\n  \"^vendor/.*\\\\.go$\":\n    approvers: [deps]\n  \"\\\\.rb$\":\n    approvers: [ruby]\n",
        ),
        (".gitattributes", "web/dist/** linguist-generated\n"),
        (".ownlint.yaml", "exclude:\n  - docs/generated/\n"),
        ("src/main.rs", "fn main() {}\n"),
        ("vendor/github.com/x/y.go", "package y\n"),
        ("third_party/zlib/inflate.c", "int x;\n"),
        ("web/dist/app.js", "x\n"),
        ("docs/generated/api.md", "x\n"),
    ]);
    let out = check_json(&repo, &["--no-history"]);
    let nothing: Vec<(String, i64)> = out
        .of("pattern-matches-nothing")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        nothing,
        [
            (".github/CODEOWNERS".to_string(), 6),
            ("MAINTAINERS".to_string(), 9),
            ("OWNERS".to_string(), 5),
        ],
        "{:#?}",
        out.of("pattern-matches-nothing")
    );
    assert_eq!(out.json()["summary"]["excluded"], 4);
}

#[test]
fn only_the_first_github_location_is_in_effect() {
    // GitHub reads .github/CODEOWNERS first; the root file is ignored, so its lines decide
    // nothing and are not judged.
    let repo = TestRepo::with(&[
        (".github/CODEOWNERS", "* @alice\n"),
        ("CODEOWNERS", "/nothing-here/ @bob\n"),
        ("a.rs", "x"),
    ]);
    let out = check_json(&repo, &[]);
    assert!(
        out.of("pattern-matches-nothing").is_empty(),
        "{:?}",
        out.diagnostics()
    );
    assert!(out.of("unowned-path").is_empty());
    let who = repo.ownlint(&["who", "--format", "json", "a.rs"]);
    let json: serde_json::Value = serde_json::from_str(&who.stdout).unwrap();
    let owners = json[0]["owners"].as_array().unwrap();
    assert_eq!(owners.len(), 1, "{owners:?}");
    assert_eq!(owners[0]["name"], "alice");
    assert_eq!(owners[0]["file"], ".github/CODEOWNERS");
    assert_eq!(owners[0]["dialect"], "CODEOWNERS (GitHub)");
    assert_eq!(owners[0]["declaration"], "*");
    assert_eq!(owners[0]["line"], 1);
}

#[test]
fn codeowners_over_three_megabytes_is_reported_and_not_read() {
    let mut big = String::from("* @alice\n");
    while big.len() <= 3 * 1024 * 1024 {
        big.push_str("/some/rather/long/path/that/matches/nothing/at/all/ @bob\n");
    }
    let repo = TestRepo::with(&[(".github/CODEOWNERS", &big), ("a.rs", "x")]);
    let out = check_json(&repo, &[]);
    assert_eq!(
        out.of("codeowners-too-large").len(),
        1,
        "{:?}",
        out.diagnostics()
    );
    assert!(out.of("pattern-matches-nothing").is_empty());
    let small = TestRepo::with(&[(".github/CODEOWNERS", "* @alice\n"), ("a.rs", "x")]);
    assert!(
        check_json(&small, &[])
            .of("codeowners-too-large")
            .is_empty()
    );
}

#[test]
fn invalid_owner_and_unsupported_syntax_on_github() {
    let repo = TestRepo::with(&[
        (
            ".github/CODEOWNERS",
            "* @alice\n/docs/ not-an-owner\n!/src/gen/ @bob\n/src/ @carol\n",
        ),
        ("docs/a.md", "x"),
        ("src/gen/b.rs", "x"),
    ]);
    let out = check_json(&repo, &[]);
    let invalid = out.of("invalid-owner");
    assert_eq!(invalid.len(), 1, "{:?}", out.diagnostics());
    assert_eq!(invalid[0]["line"], 2);
    let unsupported = out.of("unsupported-syntax");
    assert_eq!(unsupported.len(), 1, "{unsupported:?}");
    assert_eq!(unsupported[0]["line"], 3);
    assert!(messages(&unsupported)[0].contains("GitHub"));
}

#[test]
fn gitlab_sections_resolve_separately() {
    let repo = TestRepo::with(&[
        (
            ".gitlab/CODEOWNERS",
            "[Docs] @docs-lead\n*.md\n\n[Backend]\n/src/ @alice\n!/src/generated/\n",
        ),
        ("src/a.rb", "x"),
        ("src/README.md", "x"),
        ("src/generated/g.rb", "x"),
        ("README.md", "x"),
    ]);
    let who = repo.ownlint(&[
        "who",
        "--format",
        "json",
        "src/README.md",
        "src/generated/g.rb",
    ]);
    let json: serde_json::Value = serde_json::from_str(&who.stdout).unwrap();
    let names = |i: usize| owner_names(&json[i]);
    // Both sections apply to src/README.md: the docs section's default owner and alice.
    assert_eq!(names(0), ["alice", "docs-lead"], "{}", who.stdout);
    // The exclusion takes src/generated/ out of the Backend section: nobody owns it there.
    assert!(names(1).is_empty(), "{}", who.stdout);
    assert_eq!(json[0]["owners"][0]["dialect"], "CODEOWNERS (GitLab)");
    let out = check_json(&repo, &[]);
    assert_eq!(
        out.files("unowned-path"),
        [".gitlab/", "src/generated/"],
        "{:?}",
        out.diagnostics()
    );
}

// ---------------------------------------------------------------- history on CODEOWNERS

#[test]
fn stale_owner_and_undeclared_maintainer_on_codeowners_lines() {
    let repo = TestRepo::new();
    repo.write(".github/CODEOWNERS", "* @alice\n/lib/ @bob\n/app/ @bob\n");
    repo.write("lib/a.rs", "x");
    repo.write("app/b.rs", "x");
    // The history covers the whole window (it starts before 2023-03-02).
    repo.commit_by("Init", "init@example.com", "2023-01-10", "start");
    repo.change("app/b.rs", ("Bob", "bob@example.com"), "2023-05-10");
    for (i, date) in [
        "2023-10-01",
        "2023-11-01",
        "2023-12-01",
        "2024-01-05",
        "2024-02-01",
    ]
    .iter()
    .enumerate()
    {
        repo.change("lib/a.rs", ("Carol", "carol@example.com"), date);
        if i < 2 {
            repo.change("app/b.rs", ("Alice", "alice@example.com"), date);
        }
    }
    let out = check_json(&repo, &[]);
    let stale = out.of("stale-owner");
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0]["owner"], "bob");
    assert_eq!(stale[0]["line"], 2);
    assert!(
        messages(&stale)[0].contains("also named on 1 other line"),
        "{stale:?}"
    );
    let undeclared = out.of("undeclared-maintainer");
    assert!(
        undeclared
            .iter()
            .any(|d| d["owner"].as_str().unwrap().contains("carol")
                && d["area"] == ".github/CODEOWNERS: /lib/"),
        "{undeclared:?}"
    );
    assert!(
        undeclared
            .iter()
            .all(|d| !d["owner"].as_str().unwrap().contains("alice")),
        "{undeclared:?}"
    );
    // A team of unknown members is never judged as a person, nor makes an area orphaned.
    let teams = TestRepo::new();
    teams.write(".github/CODEOWNERS", "* @org/everyone\n");
    teams.write("a.rs", "x");
    teams.commit_by("Bob", "bob@example.com", "2022-01-10", "start");
    teams.change("a.rs", ("Bob", "bob@example.com"), "2024-02-01");
    let out = check_json(&teams, &[]);
    for rule in [
        "stale-owner",
        "unmapped-owner",
        "orphaned-area",
        "single-point-of-failure",
    ] {
        assert!(out.of(rule).is_empty(), "{rule}: {:?}", out.diagnostics());
    }
}

// ---------------------------------------------------------------- Chromium OWNERS

#[test]
fn chromium_owners_inherit_and_stop_at_set_noparent() {
    let repo = TestRepo::with(&[
        ("OWNERS", "root@example.com\n"),
        (
            "net/OWNERS",
            "# network\nnet@example.com\nper-file *.gn=build@example.com\n",
        ),
        ("net/a.cc", "x"),
        ("net/BUILD.gn", "x"),
        ("secret/OWNERS", "set noparent\n"),
        ("secret/key.cc", "x"),
    ]);
    let who = repo.ownlint(&["who", "--format", "json", "net/a.cc", "net/BUILD.gn"]);
    let json: serde_json::Value = serde_json::from_str(&who.stdout).unwrap();
    let names = |i: usize| owner_names(&json[i]);
    assert_eq!(
        names(0),
        ["net@example.com", "root@example.com"],
        "{}",
        who.stdout
    );
    assert_eq!(
        names(1),
        ["build@example.com", "net@example.com", "root@example.com"]
    );
    assert_eq!(json[0]["owners"][0]["dialect"], "OWNERS (Chromium)");
    let out = check_json(&repo, &[]);
    assert_eq!(
        out.files("unowned-path"),
        ["secret/"],
        "{:?}",
        out.diagnostics()
    );
    // `set noparent` is an option: the file is not empty, and unowned-path reports the paths
    // it leaves without an owner.
    assert!(out.of("empty-owners-file").is_empty());
    for rule in [
        "parse-error",
        "unknown-field",
        "missing-accountable-owner",
        "undefined-alias",
    ] {
        assert!(out.of(rule).is_empty(), "{rule}: {:?}", out.diagnostics());
    }
}

/// Includes of OWNERS files in other Gerrit projects, in every form the code-owners plugin
/// reads, are valid there: ownlint notes them (info) as not followed, and `check` passes at
/// its default `--fail-on error`. An include that leaves the repository by path stays an error.
#[test]
fn chromium_includes_of_other_repositories_are_noted_not_errors() {
    let repo = TestRepo::with(&[
        ("OWNERS", "root@example.com\n"),
        ("a/OWNERS", "file://other/repo:/OWNERS\na@example.com\n"),
        ("b/OWNERS", "file:other/repo:/path/OWNERS\n"),
        (
            "c/OWNERS",
            "include platform/system/core:main:/janitors/OWNERS\nc@example.com\n",
        ),
        (
            "d/OWNERS",
            "file:tools/build:refs/heads/release-1:/OWNERS\nper-file *.gn=file:build/config:/GN_OWNERS\n",
        ),
        ("a/x.cc", "x"),
        ("b/x.cc", "x"),
        ("c/x.cc", "x"),
        ("d/BUILD.gn", "x"),
    ]);
    let out = check_json(&repo, &[]);
    let noted = out.of("include-other-repository");
    let places: Vec<(String, i64)> = noted
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("a/OWNERS".to_string(), 1),
            ("b/OWNERS".to_string(), 1),
            ("c/OWNERS".to_string(), 1),
            ("d/OWNERS".to_string(), 1),
            ("d/OWNERS".to_string(), 2),
        ],
        "{:#?}",
        out.diagnostics()
    );
    assert!(noted.iter().all(|d| d["severity"] == "info"));
    let messages = messages(&noted);
    assert!(
        messages[0]
            .contains("from the Gerrit project `other/repo` (the same branch): not followed"),
        "{}",
        messages[0]
    );
    assert!(
        messages[2].contains("`platform/system/core` (branch `main`)"),
        "{}",
        messages[2]
    );
    assert!(
        messages[3].contains("`tools/build` (branch `refs/heads/release-1`)"),
        "{}",
        messages[3]
    );
    for rule in [
        "include-outside-repository",
        "include-missing",
        "parse-error",
        "empty-owners-file",
    ] {
        assert!(out.of(rule).is_empty(), "{rule}: {:#?}", out.of(rule));
    }
    // Nothing for the user to fix: the default check passes.
    let check = repo.ownlint(&["check", "--no-history"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    // Escaping the repository by path is still an error, and fails the check.
    repo.write("e/OWNERS", "file://../../elsewhere/OWNERS\ne@example.com\n");
    repo.write("f/OWNERS", "include ///etc/OWNERS\nf@example.com\n");
    repo.write("e/x.cc", "x");
    repo.write("f/x.cc", "x");
    repo.commit("escape");
    let out = check_json(&repo, &[]);
    assert_eq!(
        out.files("include-outside-repository"),
        ["e/OWNERS", "f/OWNERS"]
    );
    assert!(
        out.of("include-outside-repository")
            .iter()
            .all(|d| d["severity"] == "error")
    );
    assert_eq!(repo.ownlint(&["check", "--no-history"]).code, 1);
}

#[test]
fn chromium_includes_are_followed_and_their_problems_reported() {
    let repo = TestRepo::with(&[
        ("OWNERS", "file://build/OWNERS.build\n"),
        ("build/OWNERS.build", "builder@example.com\n"),
        ("a/OWNERS", "file://b/OWNERS\n"),
        ("b/OWNERS", "file://a/OWNERS\nb@example.com\n"),
        ("c/OWNERS", "file://missing/OWNERS\nc@example.com\n"),
        ("d/OWNERS", "file://../../elsewhere/OWNERS\nd@example.com\n"),
        ("x.cc", "x"),
        ("a/x.cc", "x"),
        ("c/x.cc", "x"),
        ("d/x.cc", "x"),
    ]);
    let who = repo.ownlint(&["who", "--format", "json", "x.cc"]);
    let json: serde_json::Value = serde_json::from_str(&who.stdout).unwrap();
    assert_eq!(
        json[0]["owners"][0]["name"], "builder@example.com",
        "{}",
        who.stdout
    );
    assert_eq!(json[0]["owners"][0]["file"], "OWNERS");
    let out = check_json(&repo, &[]);
    let cycles = out.of("include-cycle");
    assert!(!cycles.is_empty(), "{:?}", out.diagnostics());
    assert!(messages(&cycles)[0].contains("a/OWNERS"));
    assert_eq!(
        out.files("include-missing"),
        ["c/OWNERS"],
        "{:?}",
        out.diagnostics()
    );
    assert_eq!(out.files("include-outside-repository"), ["d/OWNERS"]);
    // The good include is not reported.
    for rule in [
        "include-cycle",
        "include-missing",
        "include-outside-repository",
        "parse-error",
    ] {
        assert!(
            out.of(rule).iter().all(|d| d["file"] != "OWNERS"),
            "{:?}",
            out.diagnostics()
        );
    }
}

#[test]
fn chromium_per_file_glob_that_matches_nothing() {
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "root@example.com\nper-file *.gn=build@example.com\nper-file *.mm=mac@example.com\n",
        ),
        ("BUILD.gn", "x"),
    ]);
    let out = check_json(&repo, &[]);
    let nothing = out.of("pattern-matches-nothing");
    assert_eq!(nothing.len(), 1, "{nothing:?}");
    assert_eq!(nothing[0]["line"], 3);
}

// ---------------------------------------------------------------- MAINTAINERS

const LINUX_STYLE: &str = "\
List of maintainers
-------------------

Descriptions of section entries and preferred order
	M: *Mail* patches to: FullName <address@domain>

Maintainers List
----------------

ACTIVE DRIVER
M:	Alice Able <alice@example.com>
S:	Maintained
F:	drivers/active/

OLD DRIVER
S:	Orphan
F:	drivers/old/

DEAD DRIVER
M:	Dan Dead <dan@example.com>
S:	Obsolete
F:	drivers/dead/

GONE DRIVER
M:	Gus Gone <gus@example.com>
S:	Orphan
F:	drivers/gone/
";

/// The obsolete section's finding is a notch milder than the rule's default, until a level is
/// configured for the rule: by its name, or (issue 15) by its category.
#[test]
fn a_configured_level_applies_to_every_status_finding() {
    let repo = TestRepo::with(&[
        ("MAINTAINERS", LINUX_STYLE),
        ("drivers/old/b.c", "x"),
        ("drivers/dead/c.c", "x"),
    ]);
    let severities = |repo: &TestRepo| {
        let mut found = check_json(repo, &["--no-history"]).field("maintainers-status", "severity");
        found.sort();
        found
    };
    assert_eq!(severities(&repo), ["info", "warning"]);
    for config in [
        "rules:\n  maintainers-status: error\n",
        "rules:\n  accountability: error\n",
    ] {
        repo.write(".ownlint.yaml", config);
        repo.commit("configure");
        assert_eq!(severities(&repo), ["error", "error"], "{config}");
    }
}

#[test]
fn maintainers_sections_own_their_files_and_status_is_judged() {
    let repo = TestRepo::with(&[
        ("MAINTAINERS", LINUX_STYLE),
        ("drivers/active/a.c", "x"),
        ("drivers/old/b.c", "x"),
        ("drivers/dead/c.c", "x"),
        ("Makefile", "x"),
    ]);
    let out = check_json(&repo, &["--no-history"]);
    let status = out.of("maintainers-status");
    assert_eq!(status.len(), 2, "{status:?}");
    let orphan = status
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("OLD DRIVER"))
        .unwrap();
    assert_eq!(orphan["severity"], "warning");
    let obsolete = status
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("DEAD DRIVER"))
        .unwrap();
    assert_eq!(obsolete["severity"], "info");
    // The orphan section covering nothing (drivers/gone/) is not a status finding but a
    // pattern that matches nothing.
    assert!(
        status
            .iter()
            .all(|d| !d["message"].as_str().unwrap().contains("GONE"))
    );
    assert_eq!(
        out.files("unowned-path"),
        ["MAINTAINERS", "Makefile"],
        "{:?}",
        out.diagnostics()
    );
    let who = repo.ownlint(&[
        "who",
        "--format",
        "json",
        "--no-history",
        "drivers/active/a.c",
    ]);
    let json: serde_json::Value = serde_json::from_str(&who.stdout).unwrap();
    assert_eq!(
        json[0]["owners"][0]["name"], "alice@example.com",
        "{}",
        who.stdout
    );
    assert_eq!(json[0]["owners"][0]["dialect"], "MAINTAINERS");
    assert_eq!(json[0]["owners"][0]["declaration"], "ACTIVE DRIVER");
}

#[test]
fn maintainers_section_without_status_is_reported() {
    let repo = TestRepo::with(&[
        (
            "MAINTAINERS",
            "FOO DRIVER\nM:\tAlice Able <alice@example.com>\nF:\tfoo/\n\nBAR DRIVER\nM:\tBob <bob@example.com>\nS:\tMaintained\nF:\tbar/\n",
        ),
        ("foo/a.c", "x"),
        ("bar/b.c", "x"),
    ]);
    let out = check_json(&repo, &["--no-history"]);
    let sections = out.of("maintainers-section");
    assert_eq!(sections.len(), 1, "{:?}", out.diagnostics());
    assert!(
        messages(&sections)[0].contains("FOO DRIVER"),
        "{sections:?}"
    );
    assert!(out.of("maintainers-status").is_empty());
}

/// Xen's MAINTAINERS writes `F: xen/common/{kexec,kimage}.c`, which its get_maintainer.pl
/// expands: the section owns both files and the pattern matches something.
#[test]
fn maintainers_brace_groups_cover_each_alternative() {
    let repo = TestRepo::with(&[
        (
            "MAINTAINERS",
            "KEXEC\nM:\tAndy <andy@example.com>\nS:\tSupported\nF:\tcommon/{kexec,kimage}.c\nF:\tinclude/{kexec,gone}.h\nF:\tinclude/{old,gone}.h\n",
        ),
        ("common/kexec.c", "x"),
        ("common/kimage.c", "x"),
        ("include/kexec.h", "x"),
    ]);
    let out = check_json(&repo, &["--no-history"]);
    let nothing = out.of("pattern-matches-nothing");
    assert_eq!(nothing.len(), 1, "{:?}", out.diagnostics());
    assert_eq!(nothing[0]["line"], 6, "{nothing:?}");
    assert!(
        out.of("unowned-path")
            .iter()
            .all(|d| d["file"] == "MAINTAINERS")
    );
    let who = repo.ownlint(&["who", "--format", "json", "--no-history", "common/kimage.c"]);
    let json: serde_json::Value = serde_json::from_str(&who.stdout).unwrap();
    assert_eq!(
        json[0]["owners"][0]["declaration"], "KEXEC",
        "{}",
        who.stdout
    );
}

/// A section of reviewers alone (Xen's ARGO and PPC64 have no `M:`): its undeclared
/// maintainer is reported at the first `R:` line, where a name would be added, not file-wide.
#[test]
fn undeclared_maintainer_of_a_reviewers_only_section_is_located() {
    let repo = TestRepo::new();
    repo.write(
        "MAINTAINERS",
        "ARGO\nR:\tRita Reviewer <rita@example.com>\nS:\tMaintained\nF:\targo/\n",
    );
    repo.write("argo/a.c", "x");
    repo.commit_by("Rita Reviewer", "rita@example.com", "2023-01-10", "start");
    for date in [
        "2023-10-01",
        "2023-11-01",
        "2023-12-01",
        "2024-01-05",
        "2024-02-01",
    ] {
        repo.change("argo/a.c", ("Carol", "carol@example.com"), date);
    }
    let out = check_json(&repo, &[]);
    let undeclared = out.of("undeclared-maintainer");
    assert_eq!(undeclared.len(), 1, "{:?}", out.diagnostics());
    assert_eq!(undeclared[0]["area"], "MAINTAINERS: ARGO");
    assert_eq!(undeclared[0]["line"], 2, "{undeclared:?}");
    assert_eq!(undeclared[0]["column"], 4, "{undeclared:?}");
}

// ---------------------------------------------------------------- several systems

#[test]
fn sources_disagree_once_per_area_and_not_when_they_agree() {
    let agree = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("src/OWNERS", "approvers: [bob]\n"),
        (".github/CODEOWNERS", "* @alice\n/src/ @alice @bob\n"),
        ("a.rs", "x"),
        ("src/b.rs", "x"),
        ("src/c.rs", "x"),
    ]);
    assert!(check_json(&agree, &[]).of("sources-disagree").is_empty());
    let disagree = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("src/OWNERS", "approvers: [bob]\n"),
        (".github/CODEOWNERS", "* @alice\n/src/ @carol\n"),
        ("a.rs", "x"),
        ("src/b.rs", "x"),
        ("src/c.rs", "x"),
    ]);
    let found = check_json(&disagree, &[]).of("sources-disagree");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], ".github/CODEOWNERS");
    assert_eq!(found[0]["line"], 2);
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("2 other files"), "{message}");
    assert!(message.contains("`carol`"), "{message}");
}

/// Loki's shape: OWNERS files beside a CODEOWNERS whose lines for generated and vendored
/// paths name no owner on purpose. Those lines are `explicitly-unowned`; they are not a
/// disagreement with the OWNERS files, while a line naming someone else still is.
#[test]
fn sources_disagree_leaves_codeowners_lines_without_owners_to_explicitly_unowned() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        ("pkg/OWNERS", "approvers: [bob]\n"),
        (
            ".github/CODEOWNERS",
            "* @alice\n/pkg/ @alice @bob\n# generated: nobody reviews these\n/pkg/gen/\n/docs/sources/\n",
        ),
        ("a.go", "x"),
        ("pkg/b.go", "x"),
        ("pkg/gen/zz_generated.go", "x"),
        ("pkg/gen/zz_other.go", "x"),
        ("docs/sources/index.md", "x"),
    ]);
    let out = check_json(&repo, &["--no-history"]);
    assert!(
        out.of("sources-disagree").is_empty(),
        "{:#?}",
        out.of("sources-disagree")
    );
    assert_eq!(
        out.field("explicitly-unowned", "message").len(),
        2,
        "{:#?}",
        out.diagnostics()
    );
    // A line that names someone other than the OWNERS files still disagrees.
    repo.write(
        ".github/CODEOWNERS",
        "* @alice\n/pkg/ @alice @bob\n/pkg/gen/ @carol\n/docs/sources/\n",
    );
    repo.commit("give the generated code to carol");
    let found = check_json(&repo, &["--no-history"]).of("sources-disagree");
    assert_eq!(found.len(), 1, "{found:#?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("`carol`"), "{message}");
    assert!(message.contains("pkg/gen/zz_generated.go"), "{message}");
}

/// The OWNERS files' answer depends on the directory, except where a filter looks at file
/// names: files of one directory can then disagree with CODEOWNERS one by one.
#[test]
fn sources_disagree_reads_owners_filters_file_by_file() {
    let repo = TestRepo::with(&[
        (
            "OWNERS",
            "approvers: [alice]\nfilters:\n  \"\\\\.md$\":\n    approvers: [erin]\n",
        ),
        (".github/CODEOWNERS", "* @alice\n"),
        ("a.rs", "x"),
        ("b.rs", "x"),
        ("guide.md", "x"),
        ("src/c.rs", "x"),
        ("src/notes.md", "x"),
    ]);
    let found = check_json(&repo, &["--no-history"]).of("sources-disagree");
    assert_eq!(found.len(), 1, "{found:#?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("`guide.md` and 1 other file"), "{message}");
    assert!(message.contains("OWNERS says `alice`, `erin`"), "{message}");
    // Without the filter, the two systems agree everywhere.
    repo.write("OWNERS", "approvers: [alice]\n");
    repo.commit("no filter");
    assert!(
        check_json(&repo, &["--no-history"])
            .of("sources-disagree")
            .is_empty()
    );
}

#[test]
fn sources_disagree_points_at_the_line_that_gives_the_answer() {
    // CODEOWNERS names nobody for these files (no line to point at there); the OWNERS file's
    // approvers line is what says otherwise.
    let repo = TestRepo::with(&[
        (
            ".github/CODEOWNERS",
            "/docs/ @org/docs
",
        ),
        (
            "OWNERS",
            "reviewers: [bob]
approvers: [alice]
",
        ),
        ("docs/a.md", "x"),
        ("src/b.rs", "x"),
    ]);
    let found = check_json(&repo, &["--no-history"]).of("sources-disagree");
    let nobody = found
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("CODEOWNERS says nobody")
        })
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(nobody["file"], "OWNERS");
    assert_eq!(nobody["line"], 2, "{nobody:#}");
}

/// kubernetes/kops's shape: Go libraries vendored with a `MAINTAINERS` of their own convention
/// (cobra's is YAML, go-digest's a list of people). Neither has a section, so neither governs
/// anything: no "MAINTAINERS says nobody" for every file, no repository unowned "in
/// MAINTAINERS". A file of the format beside them is still a system that disagrees.
#[test]
fn maintainers_files_without_sections_are_no_ownership_system() {
    let people = "Derek McGowan <derek@example.com> (@dmcgowan)\nStephen Day <stephen@example.com> (@stevvooe)\n";
    let repo = TestRepo::with(&[
        ("OWNERS", "owner: alice\napprovers: [alice]\n"),
        (
            "vendor/github.com/spf13/cobra/MAINTAINERS",
            "maintainers:\n- spf13\n- jpmcb\ninactive:\n- bep\n",
        ),
        ("vendor/github.com/spf13/cobra/cobra.go", "x"),
        ("MAINTAINERS", people),
        ("src/a.rs", "x"),
    ]);
    let out = check_json(&repo, &["--no-history"]);
    assert!(
        out.of("sources-disagree").is_empty(),
        "{:#?}",
        out.diagnostics()
    );
    assert!(
        out.of("unowned-path").is_empty(),
        "{:#?}",
        out.diagnostics()
    );
    // The repository's own file is named (a note), the vendored one is left out.
    let notes = out.of("maintainers-section");
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert_eq!(notes[0]["file"], "MAINTAINERS");
    assert_eq!(notes[0]["severity"], "info");
    assert!(
        notes[0]["message"].as_str().unwrap().contains("no section"),
        "{notes:#?}"
    );

    repo.write(
        "MAINTAINERS",
        &format!("{people}\nSRC\nM:\tBob Roe <bob@example.com>\nS:\tMaintained\nF:\tsrc/\n"),
    );
    repo.commit("a section for src/");
    let out = check_json(&repo, &["--no-history"]);
    let found = out.of("sources-disagree");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("OWNERS and MAINTAINERS disagree"),
        "{found:#?}"
    );
    assert!(
        out.of("maintainers-section")
            .iter()
            .all(|d| { !d["message"].as_str().unwrap().contains("no section") })
    );
}

#[test]
fn zephyr_maintainers_yml_areas_own_their_files() {
    let repo = TestRepo::with(&[
        (
            "MAINTAINERS.yml",
            "Bluetooth:\n  status: maintained\n  maintainers:\n    - alice\n  collaborators:\n    - bob\n  files:\n    - subsys/bluetooth/\n  files-exclude:\n    - subsys/bluetooth/legacy/\n  labels:\n    - \"area: Bluetooth\"\n\nLegacy:\n  status: unmaintained\n  files:\n    - subsys/bluetooth/legacy/\n",
        ),
        ("subsys/bluetooth/host.c", "x"),
        ("subsys/bluetooth/legacy/old.c", "x"),
    ]);
    let who = repo.ownlint(&[
        "who",
        "--format",
        "json",
        "--no-history",
        "subsys/bluetooth/host.c",
    ]);
    let json: serde_json::Value = serde_json::from_str(&who.stdout).unwrap();
    let owners = json[0]["owners"].as_array().unwrap();
    assert_eq!(owners[0]["name"], "alice", "{}", who.stdout);
    assert_eq!(owners[0]["role"], "approver");
    assert_eq!(owners[0]["dialect"], "MAINTAINERS.yml");
    assert_eq!(owners[1]["name"], "bob");
    assert_eq!(owners[1]["role"], "reviewer");
    let out = check_json(&repo, &["--no-history"]);
    let status = out.of("maintainers-status");
    assert_eq!(status.len(), 1, "{:?}", out.diagnostics());
    assert!(messages(&status)[0].contains("Legacy"));
    assert!(out.of("parse-error").is_empty() && out.of("unknown-field").is_empty());
}

#[test]
fn maintainers_m_without_an_address_is_an_invalid_owner() {
    let repo = TestRepo::with(&[
        (
            "MAINTAINERS",
            "FOO DRIVER\nM:\tAlice Able\nS:\tMaintained\nF:\tfoo/\n\nBAR DRIVER\nM:\tBob <bob@example.com>\nS:\tMaintained\nF:\tbar/\n",
        ),
        ("foo/a.c", "x"),
        ("bar/b.c", "x"),
    ]);
    let found = check_json(&repo, &["--no-history"]).of("invalid-owner");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["line"], 2);
}

#[test]
fn a_deep_include_chain_is_cut_and_reported() {
    // 40 files each including the next: deeper than ownlint follows, never a crash.
    let mut files: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("chain/OWNERS.{i}"),
                format!("file://chain/OWNERS.{}\n", i + 1),
            )
        })
        .collect();
    files.push(("chain/OWNERS.40".into(), "deep@example.com\n".into()));
    files.push((
        "OWNERS".into(),
        "file://chain/OWNERS.0\nroot@example.com\n".into(),
    ));
    files.push(("a.cc".into(), "x".into()));
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let repo = TestRepo::with(&borrowed);
    let out = check_json(&repo, &["--no-history"]);
    let deep = out.of("parse-error");
    assert_eq!(deep.len(), 1, "{:?}", out.diagnostics());
    assert!(
        messages(&deep)[0].contains("more than 32 includes deep"),
        "{deep:?}"
    );
    assert!(out.of("include-cycle").is_empty() && out.of("include-missing").is_empty());
    assert!(out.of("unowned-path").iter().all(|d| d["file"] != "a.cc"));
}

#[test]
fn codeowners_with_bom_crlf_and_invalid_utf8_is_read_around_the_bad_byte() {
    let mut bytes = b"\xef\xbb\xbf* @alice\r\n/docs/ @b\xffob\r\n/src/ @carol\r\n".to_vec();
    bytes.extend_from_slice(b"/tools/ @dave\r\n");
    let repo = TestRepo::new();
    repo.write_bytes(".github/CODEOWNERS", &bytes);
    repo.write("src/a.rs", "x");
    repo.write("tools/t.sh", "x");
    repo.write("docs/d.md", "x");
    repo.commit("odd bytes");
    let out = check_json(&repo, &["--no-history"]);
    let bad = out.of("parse-error");
    assert_eq!(bad.len(), 1, "{:?}", out.diagnostics());
    assert_eq!(bad[0]["line"], 2);
    assert!(messages(&bad)[0].contains("not valid UTF-8"));
    // The other lines are read: carol owns src/, and nothing is unowned.
    let who = repo.ownlint(&["who", "--format", "json", "--no-history", "src/a.rs"]);
    let json: serde_json::Value = serde_json::from_str(&who.stdout).unwrap();
    assert_eq!(owner_names(&json[0]), ["carol"], "{}", who.stdout);
    assert!(out.of("unowned-path").is_empty(), "{:?}", out.diagnostics());
}

#[test]
fn codeowners_findings_stay_when_the_check_is_limited_to_a_path() {
    let repo = TestRepo::with(&[
        (".github/CODEOWNERS", "/src/api/ @alice\n/src/ @bob\n"),
        ("src/api/a.rs", "x"),
        ("src/b.rs", "x"),
    ]);
    let out = check_json(&repo, &["src/"]);
    assert_eq!(
        out.of("shadowed-pattern").len(),
        1,
        "{:?}",
        out.diagnostics()
    );
}
