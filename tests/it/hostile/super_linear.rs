//! Inputs shaped to make ownlint's work grow faster than the input (issue 13, defect 10): many
//! findings in one file, many distinct CODEOWNERS patterns, many wildcard globs, look-behind
//! over long paths, many GitLab sections and wildcard lines, a handover wildcard over many areas.
//!
//! Each test builds such an input at a moderate size (tens of thousands of lines or files: a
//! fraction of a second in a debug build once the work is linear, minutes before) and checks
//! that the output is still exactly right. How the time grows with the size is measured by
//! `cargo bench --bench super_linear`, not here: tests never time anything.

use crate::support::{Output, T0, TestRepo};
use git2::{IndexEntry, IndexTime, Oid, Signature, Time};

/// A repository whose one commit holds `files` (in any order), written through the index
/// without a work tree: tens of thousands of files take a fraction of a second. Check it with
/// `--rev HEAD`.
fn committed(files: &[(String, String)]) -> TestRepo {
    let repo = TestRepo::new();
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    write_commit(&repo.repo, &sorted);
    repo
}

fn write_commit(repo: &git2::Repository, files: &[&(String, String)]) {
    let mut index = repo.index().unwrap();
    for (path, text) in files {
        let entry = IndexEntry {
            ctime: IndexTime::new(0, 0),
            mtime: IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o100644,
            uid: 0,
            gid: 0,
            file_size: text.len() as u32,
            id: Oid::ZERO_SHA1,
            flags: 0,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        };
        index.add_frombuffer(&entry, text.as_bytes()).unwrap();
    }
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let signature = Signature::new("Test", "test@example.com", &Time::new(T0, 0)).unwrap();
    repo.commit(Some("HEAD"), &signature, &signature, "initial", &tree, &[])
        .unwrap();
}

/// `check --rev HEAD --no-history` with more arguments; exit 0 or 1 (findings) expected.
fn check(repo: &TestRepo, extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "--rev",
        "HEAD",
        "--no-history",
        "--fail-on",
        "never",
    ];
    args.extend_from_slice(extra);
    let out = repo.ownlint(&args);
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    out
}

fn file(path: impl Into<String>, text: impl Into<String>) -> (String, String) {
    (path.into(), text.into())
}

// ---------------------------------------------------------------- duplicate and shadowed lines

/// 20,000 distinct patterns, each shadowed by the last line, and every 1,000th repeated: each
/// line used to be compared with every earlier one (`duplicate-pattern`) and every later one
/// (`shadowed-pattern`), 4·10⁸ comparisons.
#[test]
fn many_distinct_codeowners_patterns() {
    const N: usize = 20_000;
    let mut files: Vec<(String, String)> =
        (0..N).map(|i| file(format!("d/f{i}.txt"), "x\n")).collect();
    let mut codeowners = String::new();
    for i in 0..N {
        codeowners.push_str(&format!("/d/f{i}.txt @org/team\n"));
    }
    for i in (0..N).step_by(1000) {
        codeowners.push_str(&format!("/d/f{i}.txt @org/other\n"));
    }
    codeowners.push_str("/d/ @org/all\n");
    files.push(file(".github/CODEOWNERS", codeowners));
    let repo = committed(&files);
    let out = check(&repo, &["--format", "json"]);

    let duplicates = out.of("duplicate-pattern");
    assert_eq!(duplicates.len(), N / 1000);
    for (k, d) in duplicates.iter().enumerate() {
        assert_eq!(d["line"], N + k + 1, "{d}");
        let earlier = format!("line {} (`/d/f{}.txt`)", k * 1000 + 1, k * 1000);
        assert!(d["message"].as_str().unwrap().contains(&earlier), "{d}");
    }
    // Every line but the last is overridden by `/d/`; a line whose pattern comes again later
    // is left to `duplicate-pattern`, and its later copy is shadowed in its place.
    let shadowed: Vec<u64> = out
        .of("shadowed-pattern")
        .iter()
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    let expected: Vec<u64> = (1..=N + N / 1000)
        .filter(|line| line > &N || (line - 1) % 1000 != 0)
        .map(|line| line as u64)
        .collect();
    assert_eq!(shadowed, expected);
}

// ---------------------------------------------------------------- MAINTAINERS over long paths

/// A 4-line MAINTAINERS whose `N:` look-behind regex can start at every position of a path of
/// 20,000 characters but holds at none (the regex used to be tried from each of them: the
/// square of the path's length per path), a Linux literal file that starts a file name of
/// 20,000 characters (each prefix of the name used to be hashed again), and paths 1,000
/// directories deep.
#[test]
fn maintainers_over_long_and_deep_paths() {
    let component = format!("{}/", "a".repeat(199));
    let long = component.repeat(100);
    let deep = "a/".repeat(1_000);
    let mut files = Vec::new();
    for i in 0..10 {
        files.push(file(format!("none{i}/{long}{i}c"), "x\n"));
        files.push(file(format!("behind{i}/{long}b{i}c"), "x\n"));
        files.push(file(format!("deep{i}/{deep}x{i}c"), "x\n"));
        files.push(file(format!("deepb{i}/{deep}b{i}c"), "x\n"));
        files.push(file(format!("lit/file{i}{}", "z".repeat(20_000)), "x\n"));
    }
    files.push(file(
        "MAINTAINERS",
        "X\nM: Ann <ann@example.com>\nS: Maintained\nN: (?<=b)[a/0-9]*c\nF: lit/file\n",
    ));
    let repo = committed(&files);
    let out = check(&repo, &["--format", "json"]);
    let mut unowned = out.files("unowned-path");
    unowned.sort();
    let mut expected: Vec<String> = (0..10)
        .flat_map(|i| [format!("deep{i}/"), format!("none{i}/")])
        .collect();
    expected.push("MAINTAINERS".into());
    expected.sort();
    assert_eq!(unowned, expected, "{:?}", out.diagnostics());
    assert!(out.of("pattern-matches-nothing").is_empty());
}

/// CODEOWNERS over paths 2,000 directories deep: a floating pattern (`**/deep/x`) used to be
/// searched from every directory of the path, and an anchored literal (`/a/a/a/`) looked up
/// at every directory, each rehashing the prefix: the square of the path's length per path.
#[test]
fn codeowners_over_deep_paths() {
    let deep = "a/".repeat(2_000);
    let mut files = Vec::new();
    for i in 0..20 {
        files.push(file(format!("{deep}deep/x/f{i}"), "x\n"));
        files.push(file(format!("{deep}other/f{i}"), "x\n"));
    }
    files.push(file(
        ".github/CODEOWNERS",
        "* @org/all\n/a/a/a/ @org/literal\n**/deep/x @org/floating\n",
    ));
    let repo = committed(&files);
    let out = check(&repo, &["--format", "json"]);
    assert!(out.diagnostics().is_empty(), "{:?}", out.diagnostics());
    let floating = format!("{deep}deep/x/f3");
    let literal = format!("{deep}other/f3");
    let who = repo.ownlint(&[
        "who",
        "--rev",
        "HEAD",
        "--no-history",
        "--format",
        "json",
        &floating,
        &literal,
    ]);
    let answers = who.json();
    let owner = |i: usize| {
        answers[i]["owners"][0]["name"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(owner(0), "org/floating", "{answers}");
    assert_eq!(owner(1), "org/literal", "{answers}");
}

// ---------------------------------------------------------------- GitLab sections and wildcards

/// A GitLab CODEOWNERS with 1,000 wildcard lines (`*17*.rb`: every one alive at every byte of a
/// file name, which thrashed the one set of all patterns) and 500 sections that every file
/// matches (each file's sections used to be looked up in a list, and its deciding lines in
/// another), 100 of them repeated under a name that differs in case, over 3,000 files.
#[test]
fn gitlab_wildcard_lines_and_many_sections() {
    const LINES: usize = 1_000;
    const SECTIONS: usize = 500;
    const FILES: usize = 3_000;
    let mut files: Vec<(String, String)> = (0..FILES)
        .map(|i| file(format!("src/m{}/file{i}.rb", i % 30), "x\n"))
        .collect();
    // Lines from `*999*.rb` down to `*0*.rb`: the last matching line is the smallest number.
    let order: Vec<usize> = (0..LINES).rev().collect();
    let mut codeowners = String::from("* @org/all\n");
    for &k in &order {
        codeowners.push_str(&format!("*{k}*.rb @org/t{}\n", k % 10));
    }
    for s in 0..SECTIONS {
        codeowners.push_str(&format!("[Section {s}]\n*.rb @org/s{s}\n"));
    }
    for s in 0..100 {
        codeowners.push_str(&format!("[SECTION {s}]\n*.rb @org/x{s}\n"));
    }
    files.push(file(".gitlab/CODEOWNERS", codeowners));
    let repo = committed(&files);
    let out = check(&repo, &["--format", "json"]);

    // The repeated sections combine with the first ones: their `*.rb` repeats a pattern.
    let duplicates = out.of("duplicate-pattern");
    assert_eq!(duplicates.len(), 100);
    let first_section_line = 2 + LINES;
    for (s, d) in duplicates.iter().enumerate() {
        let earlier = format!("line {} (`*.rb`)", first_section_line + 2 * s + 1);
        assert!(d["message"].as_str().unwrap().contains(&earlier), "{d}");
    }
    // In the first section the last matching line decides: `*K*.rb` for the smallest K
    // written in the file's number. A line matches files but decides none when every file
    // that has its K has a smaller one too; `*` decides only the CODEOWNERS file.
    let mut matched = vec![false; LINES];
    let mut decided = vec![false; LINES];
    for i in 0..FILES {
        let name = i.to_string();
        let keys: Vec<usize> = (0..LINES)
            .filter(|k| name.contains(&k.to_string()))
            .collect();
        for &k in &keys {
            matched[k] = true;
        }
        decided[keys[0]] = true;
    }
    let line_of = |k: usize| (LINES - 1 - k + 2) as u64;
    let mut expected: Vec<u64> = (0..LINES)
        .filter(|&k| matched[k] && !decided[k])
        .map(line_of)
        .collect();
    expected.sort_unstable();
    assert!(expected.len() > 100, "{}", expected.len());
    let shadowed: Vec<u64> = out
        .of("shadowed-pattern")
        .iter()
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(shadowed, expected);
    let nothing: Vec<u64> = out
        .of("pattern-matches-nothing")
        .iter()
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    let mut expected: Vec<u64> = (0..LINES).filter(|&k| !matched[k]).map(line_of).collect();
    expected.sort_unstable();
    assert_eq!(nothing, expected);
    assert!(out.of("unowned-path").is_empty());
}

// ---------------------------------------------------------------- many wildcard globs

/// The files `f*i*l*e*{i}?.go` excludes for `i` in `0..globs`: names whose number ends with
/// `i` and one more digit.
fn excluded_by_globs(n: usize, globs: usize) -> bool {
    let name = n.to_string();
    let stem = &name[..name.len() - 1];
    (0..globs).any(|i| stem.ends_with(&i.to_string()))
}

fn numbered_go_files(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| file(format!("src/m{}/file{i}.go", i % 50), "x\n"))
        .collect()
}

/// 300 `exclude:` globs with wildcards all through them: one regex of them all thrashed its
/// DFA (20 s and 600 MB on a larger repository).
#[test]
fn many_wildcard_exclude_globs() {
    const FILES: usize = 5_000;
    const GLOBS: usize = 300;
    let mut files = numbered_go_files(FILES);
    let mut config = String::from("exclude:\n");
    for i in 0..GLOBS {
        config.push_str(&format!("  - '**/f*i*l*e*{i}?.go'\n"));
    }
    files.push(file(".ownlint.yaml", config));
    files.push(file("OWNERS", "approvers: [alice]\n"));
    let repo = committed(&files);
    let out = check(&repo, &["--format", "json"]);
    let excluded = (0..FILES).filter(|&n| excluded_by_globs(n, GLOBS)).count();
    assert!(excluded > 1000, "{excluded}");
    let summary = &out.json()["summary"];
    assert_eq!(summary["excluded"], excluded, "{summary}");
    assert_eq!(summary["files"], FILES + 2 - excluded, "{summary}");
}

/// The same 300 globs in `.gitattributes` as `linguist-generated`, and a last line taking
/// back the files whose number ends in 7: the last matching line decides.
#[test]
fn many_wildcard_gitattributes_globs() {
    const FILES: usize = 5_000;
    const GLOBS: usize = 300;
    let mut files = numbered_go_files(FILES);
    let mut attributes = String::new();
    for i in 0..GLOBS {
        attributes.push_str(&format!("f*i*l*e*{i}?.go linguist-generated\n"));
    }
    attributes.push_str("*7.go -linguist-generated\n");
    files.push(file(".gitattributes", attributes));
    files.push(file("OWNERS", "approvers: [alice]\n"));
    let repo = committed(&files);
    let out = check(&repo, &["--format", "json"]);
    let excluded = (0..FILES)
        .filter(|&n| excluded_by_globs(n, GLOBS) && n % 10 != 7)
        .count();
    assert!(excluded > 1000, "{excluded}");
    assert_eq!(out.json()["summary"]["excluded"], excluded);
}

// ---------------------------------------------------------------- handover documents by glob

/// A `handover.docs` glob over 1,000 areas and 6,000 files: each area used to scan every
/// file. Every third area has a document (every ninth two, of which the first in path order
/// counts), and documents of areas that do not exist are never chosen.
#[test]
fn handover_docs_glob_over_many_areas() {
    const AREAS: usize = 1_000;
    let mut files = vec![
        file(
            ".ownlint.yaml",
            "handover:\n  docs: ['docs/**/{area}-*.md']\n",
        ),
        file("OWNERS", "approvers: [alice]\n"),
    ];
    let mut expected = Vec::new();
    for i in 0..AREAS {
        files.push(file(
            format!("pkg/a{i}/OWNERS"),
            "owner: alice\napprovers: [alice]\n",
        ));
        for j in 0..3 {
            files.push(file(format!("pkg/a{i}/f{j}.go"), "x\n"));
        }
        if i % 3 == 0 {
            files.push(file(format!("docs/handover/pkg/a{i}-b.md"), "# Handover\n"));
            if i % 9 == 0 {
                files.push(file(format!("docs/handover/pkg/a{i}-a.md"), "# Handover\n"));
                expected.push(format!("docs/handover/pkg/a{i}-a.md"));
            } else {
                expected.push(format!("docs/handover/pkg/a{i}-b.md"));
            }
        }
        files.push(file(format!("docs/handover/pkg/b{i}-a.md"), "# Handover\n"));
    }
    let repo = committed(&files);
    let out = check(&repo, &["--format", "json"]);
    let mut found = out.files("handover-incomplete");
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
}
