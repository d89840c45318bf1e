//! Machine formats of `check`: GitHub workflow-command annotations that untrusted text cannot
//! break out of.

mod support;

use support::TestRepo;

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
