//! Per-rule fixtures, run in process (ruff's `test_case` + `assert_diagnostics!`): for every
//! rule of [`ownlint::rules::REGISTRY`], a repository on which it fires, whose findings of that
//! rule are snapshotted (`snapshots/rule_fixtures/<rule>.snap`), and a near twin on which it
//! stays quiet. [`every_registered_rule_has_a_fixture`] fails for a rule without one.
//!
//! Each fixture is a real git repository (`support::TestRepo`) with fixed authors and dates,
//! checked with `--as-of` through [`crate::harness`]: no process is spawned.
//!
//! A new rule gets a line `"rule-name" => rule_name` in [`rule_fixtures!`] and a module
//! `rule_name` with `fires()` and `quiet()`; its snapshot is written by a first run with
//! `INSTA_UPDATE=always` (or `cargo insta review`), and read before it is committed.

use serde_json::Value;

use crate::harness::ownlint_in;
use crate::support::TestRepo;

const ALICE: (&str, &str) = ("Alice", "alice@example.com");
const BOB: (&str, &str) = ("Bob", "bob@example.com");
const CAROL: (&str, &str) = ("Carol", "carol@example.com");
/// The instant the fixtures with two years of history are judged at.
const LATER: &str = "2025-06-01";

/// A repository and the command whose JSON report judges it.
pub struct Scene {
    repo: TestRepo,
    args: Vec<&'static str>,
}

impl Scene {
    /// `check --format json --fail-on never` (anchored at the harness's `AS_OF`).
    fn check(repo: TestRepo) -> Scene {
        Scene {
            repo,
            args: vec!["check", "--format", "json", "--fail-on", "never"],
        }
    }

    /// [`Scene::check`] judged at [`LATER`].
    fn later(repo: TestRepo) -> Scene {
        Scene::check(repo).with(&["--as-of", LATER])
    }

    fn with(mut self, extra: &[&'static str]) -> Scene {
        self.args.extend_from_slice(extra);
        self
    }

    /// Runs the scene's command and returns its findings of `rule`. A fixture that does not
    /// parse would fire or stay quiet for the wrong reason: only `parse-error`'s own may hold
    /// a `parse-error`.
    fn findings(&self, rule: &str) -> Vec<Value> {
        let run = ownlint_in(self.repo.path(), &self.args);
        assert!(
            run.code <= 1,
            "{:?}: exit {}\nstdout: {}\nstderr: {}",
            self.args,
            run.code,
            run.stdout,
            run.stderr
        );
        if rule != "parse-error" {
            let unreadable = run.of("parse-error");
            assert!(unreadable.is_empty(), "{rule}'s fixture: {unreadable:#?}");
        }
        run.of(rule)
    }
}

/// Runs a rule's firing scene and snapshots its findings of that rule.
fn assert_fires(rule: &'static str, scene: fn() -> Scene) {
    let found = scene().findings(rule);
    assert!(!found.is_empty(), "{rule} does not fire on its fixture");
    insta::with_settings!({
        snapshot_path => "snapshots/rule_fixtures",
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(rule, serde_json::to_string_pretty(&found).unwrap());
    });
}

/// Runs a rule's quiet scene: no finding of that rule.
fn assert_quiet(rule: &'static str, scene: fn() -> Scene) {
    let found = scene().findings(rule);
    assert!(
        found.is_empty(),
        "{rule} fires on its quiet fixture: {found:#?}"
    );
}

macro_rules! rule_fixtures {
    ($($rule:literal => $module:ident),* $(,)?) => {
        /// The rules with a fixture: each has a module with `fires` (a scene on which it
        /// fires) and `quiet` (a near twin on which it does not), and a test of each.
        pub const FIXTURES: &[&str] = &[$($rule),*];

        mod tests {
            $(
                mod $module {
                    #[test]
                    fn fires() {
                        super::super::assert_fires($rule, super::super::$module::fires);
                    }

                    #[test]
                    fn quiet() {
                        super::super::assert_quiet($rule, super::super::$module::quiet);
                    }
                }
            )*
        }
    };
}

rule_fixtures! {
    "absent-from-area" => absent_from_area,
    "codeowners-host" => codeowners_host,
    "codeowners-out-of-sync" => codeowners_out_of_sync,
    "codeowners-too-large" => codeowners_too_large,
    "codeowners-unexportable" => codeowners_unexportable,
    "departed-owner-not-moved" => departed_owner_not_moved,
    "duplicate-pattern" => duplicate_pattern,
    "emeritus-still-listed" => emeritus_still_listed,
    "empty-owners-file" => empty_owners_file,
    "explicitly-unowned" => explicitly_unowned,
    "handover-incomplete" => handover_incomplete,
    "handover-mismatch" => handover_mismatch,
    "handover-missing" => handover_missing,
    "history-incomplete" => history_incomplete,
    "include-cycle" => include_cycle,
    "include-missing" => include_missing,
    "include-other-repository" => include_other_repository,
    "include-outside-repository" => include_outside_repository,
    "invalid-owner" => invalid_owner,
    "maintainers-section" => maintainers_section,
    "maintainers-status" => maintainers_status,
    "missing-accountable-owner" => missing_accountable_owner,
    "multiple-accountable-owners" => multiple_accountable_owners,
    "orphaned-area" => orphaned_area,
    "owner-lacks-authority" => owner_lacks_authority,
    "parse-error" => parse_error,
    "pattern-broken-by-rename" => pattern_broken_by_rename,
    "pattern-matches-nothing" => pattern_matches_nothing,
    "review-overdue" => review_overdue,
    "shadowed-pattern" => shadowed_pattern,
    "single-point-of-failure" => single_point_of_failure,
    "sources-disagree" => sources_disagree,
    "stale-owner" => stale_owner,
    "team-only-ownership" => team_only_ownership,
    "undeclared-maintainer" => undeclared_maintainer,
    "undefined-alias" => undefined_alias,
    "unknown-field" => unknown_field,
    "unknown-owner" => unknown_owner,
    "unknown-suppression" => unknown_suppression,
    "unmapped-owner" => unmapped_owner,
    "unowned-path" => unowned_path,
    "unsupported-syntax" => unsupported_syntax,
    "unused-alias" => unused_alias,
    "unused-suppression" => unused_suppression,
}

#[test]
fn every_registered_rule_has_a_fixture() {
    let registered: std::collections::BTreeSet<&str> =
        ownlint::rules::REGISTRY.iter().map(|r| r.name).collect();
    let fixtures: std::collections::BTreeSet<&str> = FIXTURES.iter().copied().collect();
    let without: Vec<&&str> = registered.difference(&fixtures).collect();
    assert!(without.is_empty(), "rules without a fixture: {without:?}");
    let unknown: Vec<&&str> = fixtures.difference(&registered).collect();
    assert!(
        unknown.is_empty(),
        "fixtures of no registered rule: {unknown:?}"
    );
    assert_eq!(fixtures.len(), FIXTURES.len(), "a rule has two fixtures");
}

/// A repository with these files committed once by alice on `date`.
fn committed(files: &[(&str, &str)], date: &str) -> TestRepo {
    let repo = TestRepo::new();
    for (path, text) in files {
        repo.write(path, text);
    }
    repo.commit_by(ALICE.0, ALICE.1, date, "start");
    repo
}

/// The header `ownlint export codeowners` writes, which marks a CODEOWNERS as generated.
fn generated(lines: &str) -> String {
    format!(
        "# Generated by `ownlint export codeowners` from the repository's OWNERS files.\n\
         # Do not edit by hand: change the OWNERS files and run the export again.\n{lines}"
    )
}

mod absent_from_area {
    use super::*;

    /// bob approves storage/ but works only under net/, while alice works in storage/.
    fn repo() -> TestRepo {
        let repo = committed(
            &[
                ("OWNERS", "approvers: [alice, bob]\n"),
                ("storage/OWNERS", "approvers: [bob]\n"),
                ("storage/s.rs", "x"),
            ],
            "2024-01-01",
        );
        repo.change("net/n.rs", BOB, "2025-05-01");
        repo.change("storage/s.rs", ALICE, "2025-05-02");
        repo
    }

    pub fn fires() -> Scene {
        Scene::later(repo())
    }

    pub fn quiet() -> Scene {
        let repo = repo();
        repo.change("storage/s.rs", BOB, "2025-05-03");
        Scene::later(repo)
    }
}

mod codeowners_host {
    use super::*;

    pub fn fires() -> Scene {
        // GitLab reads the root file first and ignores .gitlab/CODEOWNERS.
        Scene::check(TestRepo::with(&[
            ("CODEOWNERS", "* @root-owner\n"),
            (".gitlab/CODEOWNERS", "* @gitlab-owner\n"),
            ("a.rs", "x"),
        ]))
    }

    pub fn quiet() -> Scene {
        Scene::check(TestRepo::with(&[
            (".github/CODEOWNERS", "* @github-owner\n"),
            ("a.rs", "x"),
        ]))
    }
}

mod codeowners_out_of_sync {
    use super::*;

    /// OWNERS files and the CODEOWNERS `export codeowners` generates from them, committed.
    fn exported() -> TestRepo {
        let repo = TestRepo::with(&[
            ("OWNERS", "approvers: [alice]\n"),
            ("src/OWNERS", "approvers: [bob]\n"),
            ("src/a.rs", "x"),
        ]);
        let export = ownlint_in(repo.path(), &["export", "codeowners"]);
        assert_eq!(export.code, 0, "{export:?}");
        repo.write(".github/CODEOWNERS", &export.stdout);
        repo.commit("add the generated file");
        repo
    }

    fn scene(repo: TestRepo) -> Scene {
        Scene {
            repo,
            args: vec!["export", "codeowners", "--check", "--format", "json"],
        }
    }

    pub fn fires() -> Scene {
        let repo = exported();
        repo.write("src/OWNERS", "approvers: [carol]\n");
        repo.commit("carol takes over src");
        scene(repo)
    }

    pub fn quiet() -> Scene {
        scene(exported())
    }
}

mod codeowners_too_large {
    use super::*;

    pub fn fires() -> Scene {
        let mut big = String::from("* @alice\n");
        while big.len() <= 3 * 1024 * 1024 {
            big.push_str("/some/rather/long/path/that/matches/nothing/at/all/ @bob\n");
        }
        Scene::check(TestRepo::with(&[
            (".github/CODEOWNERS", &big),
            ("a.rs", "x"),
        ]))
    }

    pub fn quiet() -> Scene {
        Scene::check(TestRepo::with(&[
            (".github/CODEOWNERS", "* @alice\n"),
            ("a.rs", "x"),
        ]))
    }
}

mod codeowners_unexportable {
    use super::*;

    fn scene(approvers: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            ("OWNERS", approvers),
            (".github/CODEOWNERS", &generated("* @alice\n")),
            ("a.go", "x"),
        ]))
    }

    pub fn fires() -> Scene {
        scene("approvers:\n  - alice\n  - Dan Smith\n")
    }

    pub fn quiet() -> Scene {
        scene("approvers:\n  - alice\n  - dan\n")
    }
}

mod departed_owner_not_moved {
    use super::*;

    /// carol approved pkg/ (and was active) until she was removed on 2025-03-01, with or
    /// without being recorded as emeritus.
    fn scene(new_owners: &str) -> Scene {
        let repo = committed(
            &[
                ("OWNERS", "owner: alice\napprovers: [alice, bob]\n"),
                ("pkg/OWNERS", "owner: alice\napprovers: [alice, carol]\n"),
                ("pkg/code.rs", "x"),
            ],
            "2024-06-01",
        );
        repo.change("pkg/code.rs", CAROL, "2025-01-10");
        repo.write("pkg/OWNERS", new_owners);
        repo.commit_by(ALICE.0, ALICE.1, "2025-03-01", "carol leaves");
        Scene::later(repo)
    }

    pub fn fires() -> Scene {
        scene("owner: alice\napprovers: [alice]\n")
    }

    pub fn quiet() -> Scene {
        scene("owner: alice\napprovers: [alice]\nemeritus_approvers: [carol]\n")
    }
}

mod duplicate_pattern {
    use super::*;

    fn scene(codeowners: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            (".github/CODEOWNERS", codeowners),
            ("docs/a.md", "x"),
        ]))
    }

    pub fn fires() -> Scene {
        scene("/docs/   @alice\n/docs/   @bob\n")
    }

    pub fn quiet() -> Scene {
        scene("/docs/   @bob\n")
    }
}

mod emeritus_still_listed {
    use super::*;

    fn scene(owners: &str) -> Scene {
        Scene::check(TestRepo::with(&[("OWNERS", owners), ("a.rs", "x")]))
    }

    pub fn fires() -> Scene {
        scene("approvers: [alice, bob]\nemeritus_approvers: [bob]\n")
    }

    pub fn quiet() -> Scene {
        scene("approvers: [alice, bob]\nemeritus_approvers: [carol]\n")
    }
}

mod empty_owners_file {
    use super::*;

    fn scene(owners: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            ("OWNERS", "approvers: [alice]\n"),
            ("a/OWNERS", owners),
            ("a/x.rs", "x"),
        ]))
    }

    pub fn fires() -> Scene {
        scene("approvers:\n# - alice\nemeritus_approvers:\n  - bob\n")
    }

    pub fn quiet() -> Scene {
        // Labels only: Prow applies them, so the file does something.
        scene("labels: [area/a]\n")
    }
}

mod explicitly_unowned {
    use super::*;

    fn scene(codeowners: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            (".github/CODEOWNERS", codeowners),
            ("docs/a.md", "x"),
            ("a.rs", "x"),
        ]))
    }

    pub fn fires() -> Scene {
        scene("*        @org/maintainers\n/docs/\n")
    }

    pub fn quiet() -> Scene {
        scene("*        @org/maintainers\n/docs/   @org/writers\n")
    }
}

/// A complete handover document for pkg/, from alice to bob.
const COMPLETE: &str = "---\nfrom: alice\nto: bob\ndate: 2025-03-01\narea: pkg\n---\n# Handover\n\n\
    ## Context\nStable; a rewrite of the parser is half done.\n\n## Open risks\nThe cache has no \
    eviction.\n\n## Contacts and escalation\nPage the storage on-call.\n\n## Runbooks\nSee \
    docs/runbook.md.\n";

/// pkg/ owned by alice since 2024-06-01, handed to bob on 2025-03-01 with `doc` (if any) as
/// its handover document, judged at [`LATER`].
fn handed_over(doc: Option<&str>) -> Scene {
    let repo = committed(
        &[
            (
                "OWNERS",
                "owner: alice\napprovers: [alice, bob]\nreviewed: 2025-01-01\n",
            ),
            (
                "pkg/OWNERS",
                "owner: alice\napprovers: [alice, carol]\nreviewed: 2025-01-01\n",
            ),
            ("pkg/code.rs", "x"),
        ],
        "2024-06-01",
    );
    repo.write(
        "pkg/OWNERS",
        "owner: bob\napprovers: [bob, carol]\nemeritus_approvers: [alice]\nreviewed: 2025-03-01\n",
    );
    if let Some(doc) = doc {
        repo.write("pkg/HANDOVER.md", doc);
    }
    repo.commit_by(ALICE.0, ALICE.1, "2025-03-01", "hand pkg over to bob");
    Scene::later(repo)
}

mod handover_incomplete {
    use super::*;

    pub fn fires() -> Scene {
        handed_over(Some(
            "---\nfrom: alice\nto: bob\ndate: 2025-03-01\n---\n## State of the area\nfine\n\n\
             ## Risks\n<!-- to do -->\n",
        ))
    }

    pub fn quiet() -> Scene {
        handed_over(Some(COMPLETE))
    }
}

mod handover_mismatch {
    use super::*;

    pub fn fires() -> Scene {
        handed_over(Some(&COMPLETE.replace("to: bob", "to: mallory")))
    }

    pub fn quiet() -> Scene {
        handed_over(Some(COMPLETE))
    }
}

mod handover_missing {
    use super::*;

    pub fn fires() -> Scene {
        handed_over(None)
    }

    pub fn quiet() -> Scene {
        handed_over(Some(COMPLETE))
    }
}

mod history_incomplete {
    use super::*;

    /// A repository whose history starts on `start`, judged on 2025-08-01: with the default
    /// `stale_after` of 180 days it needs history from early February 2025.
    fn scene(start: &str) -> Scene {
        let repo = committed(&[("OWNERS", "approvers: [alice]\n")], start);
        Scene::check(repo).with(&["--as-of", "2025-08-01"])
    }

    pub fn fires() -> Scene {
        scene("2025-05-01")
    }

    pub fn quiet() -> Scene {
        scene("2024-05-01")
    }
}

/// Chromium plain-text OWNERS files: a root file and `a/OWNERS`, which includes `b/OWNERS`.
fn chromium(a: &str, b: &str) -> Scene {
    Scene::check(TestRepo::with(&[
        ("OWNERS", "root@example.com\n"),
        ("a/OWNERS", a),
        ("b/OWNERS", b),
        ("a/x.cc", "x"),
        ("b/x.cc", "x"),
    ]))
}

mod include_cycle {
    use super::*;

    pub fn fires() -> Scene {
        chromium("file://b/OWNERS\n", "file://a/OWNERS\nb@example.com\n")
    }

    pub fn quiet() -> Scene {
        chromium("file://b/OWNERS\n", "b@example.com\n")
    }
}

mod include_missing {
    use super::*;

    pub fn fires() -> Scene {
        chromium("file://missing/OWNERS\na@example.com\n", "b@example.com\n")
    }

    pub fn quiet() -> Scene {
        chromium("file://b/OWNERS\na@example.com\n", "b@example.com\n")
    }
}

mod include_other_repository {
    use super::*;

    pub fn fires() -> Scene {
        chromium(
            "include platform/system/core:main:/janitors/OWNERS\na@example.com\n",
            "b@example.com\n",
        )
    }

    pub fn quiet() -> Scene {
        chromium("include /b/OWNERS\na@example.com\n", "b@example.com\n")
    }
}

mod include_outside_repository {
    use super::*;

    pub fn fires() -> Scene {
        chromium(
            "file://../../other-checkout/OWNERS\na@example.com\n",
            "b@example.com\n",
        )
    }

    pub fn quiet() -> Scene {
        chromium("file://b/OWNERS\na@example.com\n", "b@example.com\n")
    }
}

mod invalid_owner {
    use super::*;

    fn scene(codeowners: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            (".github/CODEOWNERS", codeowners),
            ("api/a.go", "x"),
        ]))
    }

    pub fn fires() -> Scene {
        scene("/api/    @org/api-team  alice\n")
    }

    pub fn quiet() -> Scene {
        scene("/api/    @org/api-team  @alice\n")
    }
}

mod maintainers_section {
    use super::*;

    fn scene(maintainers: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            ("MAINTAINERS", maintainers),
            ("drivers/foo/a.c", "x"),
        ]))
        .with(&["--no-history"])
    }

    pub fn fires() -> Scene {
        // No `S:` status.
        scene("FOO DRIVER\nM:\tJane Doe <jane@example.org>\nF:\tdrivers/foo/\n")
    }

    pub fn quiet() -> Scene {
        scene("FOO DRIVER\nM:\tJane Doe <jane@example.org>\nS:\tMaintained\nF:\tdrivers/foo/\n")
    }
}

mod maintainers_status {
    use super::*;

    fn scene(status: &str) -> Scene {
        let maintainers = format!(
            "OLD FRAMEBUFFER DRIVER\nM:\tJane Doe <jane@example.org>\nS:\t{status}\n\
             F:\tdrivers/video/oldfb/\n"
        );
        Scene::check(TestRepo::with(&[
            ("MAINTAINERS", &maintainers),
            ("drivers/video/oldfb/fb.c", "x"),
        ]))
        .with(&["--no-history"])
    }

    pub fn fires() -> Scene {
        scene("Orphan")
    }

    pub fn quiet() -> Scene {
        scene("Maintained")
    }
}

/// One root OWNERS file over one source file.
fn owners(text: &str) -> Scene {
    Scene::check(TestRepo::with(&[("OWNERS", text), ("a.rs", "x")]))
}

mod missing_accountable_owner {
    use super::*;

    pub fn fires() -> Scene {
        owners("approvers: [alice, bob]\n")
    }

    pub fn quiet() -> Scene {
        owners("owner: alice\napprovers: [alice, bob]\n")
    }
}

mod multiple_accountable_owners {
    use super::*;

    pub fn fires() -> Scene {
        owners("owner: [alice, bob]\napprovers: [alice, bob]\n")
    }

    pub fn quiet() -> Scene {
        owners("owner: alice\napprovers: [alice, bob]\ncover: [bob]\n")
    }
}

mod orphaned_area {
    use super::*;

    /// legacy/ approved by bob alone, who was last seen on `bob_last`; alice is active.
    fn scene(bob_last: &str) -> Scene {
        let repo = committed(
            &[
                ("OWNERS", "owner: alice\napprovers: [alice]\n"),
                (
                    "legacy/OWNERS",
                    "options:\n  no_parent_owners: true\napprovers: [bob]\n",
                ),
                ("legacy/l.rs", "x"),
            ],
            "2023-01-01",
        );
        repo.change("legacy/l.rs", BOB, bob_last);
        repo.change("src/a.rs", ALICE, "2025-05-20");
        Scene::later(repo)
    }

    pub fn fires() -> Scene {
        scene("2023-06-01")
    }

    pub fn quiet() -> Scene {
        scene("2025-05-01")
    }
}

mod owner_lacks_authority {
    use super::*;

    pub fn fires() -> Scene {
        owners("owner: alice\napprovers: [bob]\n")
    }

    pub fn quiet() -> Scene {
        owners("owner: alice\napprovers: [alice, bob]\n")
    }
}

mod parse_error {
    use super::*;

    pub fn fires() -> Scene {
        owners("approvers: [alice\nreviewers: [bob]\n")
    }

    pub fn quiet() -> Scene {
        owners("approvers: [alice]\nreviewers: [bob]\n")
    }
}

mod pattern_broken_by_rename {
    use super::*;

    /// CODEOWNERS giving src/old/ to alice, and `git mv src/old src/new` staged (with the
    /// pattern rewritten in the same commit when `follow`).
    fn scene(follow: bool) -> Scene {
        let repo = committed(
            &[
                (
                    ".github/CODEOWNERS",
                    "*            @org/platform\n/src/old/    @alice\n",
                ),
                ("src/old/a.rs", "fn a() {}\n"),
                ("src/old/b.rs", "fn b() {}\n"),
                ("src/main.rs", "fn main() {}\n"),
            ],
            "2024-01-10",
        );
        repo.git(&["mv", "src/old", "src/new"], ALICE, "2024-01-11");
        if follow {
            repo.write(
                ".github/CODEOWNERS",
                "*            @org/platform\n/src/new/    @alice\n",
            );
            repo.git(&["add", ".github/CODEOWNERS"], ALICE, "2024-01-11");
        }
        Scene::check(repo).with(&["--staged"])
    }

    pub fn fires() -> Scene {
        scene(false)
    }

    pub fn quiet() -> Scene {
        scene(true)
    }
}

mod pattern_matches_nothing {
    use super::*;

    fn scene(files: &[(&str, &str)]) -> Scene {
        let mut all = vec![(
            ".github/CODEOWNERS",
            "*                  @org/all\n/src/legacy-api/   @alice\n",
        )];
        all.extend_from_slice(files);
        Scene::check(TestRepo::with(&all))
    }

    pub fn fires() -> Scene {
        scene(&[("src/api/a.rs", "x")])
    }

    pub fn quiet() -> Scene {
        scene(&[("src/legacy-api/a.rs", "x")])
    }
}

mod review_overdue {
    use super::*;

    pub fn fires() -> Scene {
        // Judged at 2024-03-01: reviewed 23 months before.
        owners("approvers: [alice]\nreviewed: 2022-04-01\n")
    }

    pub fn quiet() -> Scene {
        owners("approvers: [alice]\nreviewed: 2024-01-15\n")
    }
}

mod shadowed_pattern {
    use super::*;

    fn scene(codeowners: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            (".github/CODEOWNERS", codeowners),
            ("src/api/a.rs", "x"),
            ("src/b.rs", "x"),
        ]))
    }

    pub fn fires() -> Scene {
        scene("/src/api/   @alice\n/src/       @bob\n")
    }

    pub fn quiet() -> Scene {
        scene("/src/       @bob\n/src/api/   @alice\n")
    }
}

mod single_point_of_failure {
    use super::*;

    /// billing/ changed ten times by alice alone; carol, active elsewhere, may be its cover.
    fn scene(billing: &str) -> Scene {
        let repo = committed(
            &[
                ("OWNERS", "approvers: [carol]\n"),
                ("billing/OWNERS", billing),
            ],
            "2024-01-01",
        );
        for day in 1..=10 {
            repo.change("billing/b.rs", ALICE, &format!("2025-04-{day:02}"));
        }
        repo.change("x.rs", CAROL, "2025-04-20");
        Scene::later(repo)
    }

    pub fn fires() -> Scene {
        scene("options:\n  no_parent_owners: true\nowner: alice\napprovers: [alice]\n")
    }

    pub fn quiet() -> Scene {
        scene(
            "options:\n  no_parent_owners: true\nowner: alice\napprovers: [alice]\ncover: [carol]\n",
        )
    }
}

mod sources_disagree {
    use super::*;

    fn scene(codeowners: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            ("OWNERS", "approvers: [alice]\n"),
            (
                "src/api/OWNERS",
                "options:\n  no_parent_owners: true\napprovers: [alice]\n",
            ),
            (".github/CODEOWNERS", codeowners),
            ("src/api/a.rs", "x"),
        ]))
        .with(&["--no-history"])
    }

    pub fn fires() -> Scene {
        scene("*           @alice\n/src/api/   @bob\n")
    }

    pub fn quiet() -> Scene {
        scene("*           @alice\n")
    }
}

mod stale_owner {
    use super::*;

    /// alice and bob approve; bob last committed on `bob_last`; judged at 2024-03-01.
    fn scene(bob_last: &str) -> Scene {
        let repo = committed(&[("OWNERS", "approvers: [alice, bob]\n")], "2023-01-01");
        repo.change("b.rs", BOB, bob_last);
        repo.change("a.rs", ALICE, "2024-02-01");
        Scene::check(repo)
    }

    pub fn fires() -> Scene {
        scene("2023-01-10")
    }

    pub fn quiet() -> Scene {
        scene("2024-02-02")
    }
}

mod team_only_ownership {
    use super::*;

    fn scene(owners: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            (
                "OWNERS_ALIASES",
                "aliases:\n  sig-storage-approvers:\n    - alice\n    - bob\n",
            ),
            ("OWNERS", owners),
            ("a.rs", "x"),
        ]))
    }

    pub fn fires() -> Scene {
        scene("approvers:\n  - sig-storage-approvers\n")
    }

    pub fn quiet() -> Scene {
        scene("owner: alice\napprovers:\n  - sig-storage-approvers\n")
    }
}

mod undeclared_maintainer {
    use super::*;

    /// carol made 6 of the 8 changes to parser/, approved by alice alone.
    fn scene(parser: &str) -> Scene {
        let repo = committed(
            &[
                ("OWNERS", "approvers: [alice]\n"),
                ("parser/OWNERS", parser),
            ],
            "2024-01-01",
        );
        for day in 1..=6 {
            repo.change("parser/p.rs", CAROL, &format!("2025-03-{day:02}"));
        }
        repo.change("parser/q.rs", ALICE, "2025-03-10");
        repo.change("parser/q.rs", ALICE, "2025-03-11");
        Scene::later(repo)
    }

    pub fn fires() -> Scene {
        scene("approvers: [alice]\n")
    }

    pub fn quiet() -> Scene {
        scene("approvers: [alice]\nreviewers: [carol]\n")
    }
}

mod undefined_alias {
    use super::*;

    fn scene(owners: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            (
                "OWNERS_ALIASES",
                "aliases:\n  sig-storage-approvers:\n    - alice\n",
            ),
            ("OWNERS", owners),
            ("a.rs", "x"),
        ]))
    }

    pub fn fires() -> Scene {
        scene("approvers:\n  - sig-storage-approver\n")
    }

    pub fn quiet() -> Scene {
        scene("approvers:\n  - sig-storage-approvers\n")
    }
}

mod unknown_field {
    use super::*;

    pub fn fires() -> Scene {
        owners("approver:\n  - alice\n")
    }

    pub fn quiet() -> Scene {
        owners("approvers:\n  - alice\n")
    }
}

mod unknown_owner {
    use super::*;

    fn scene(owners: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            (
                ".ownlint.yaml",
                "identity:\n  closed: true\npeople:\n  alice:\n    emails: [alice@example.com]\n",
            ),
            ("OWNERS", owners),
            ("a.rs", "x"),
        ]))
    }

    pub fn fires() -> Scene {
        scene("approvers: [alice, alcie]\n")
    }

    pub fn quiet() -> Scene {
        scene("approvers: [alice]\n")
    }
}

mod unknown_suppression {
    use super::*;

    pub fn fires() -> Scene {
        owners("approvers:\n  # ownlint: ignore[stale-owners]\n  - alice\n")
    }

    pub fn quiet() -> Scene {
        owners("approvers:\n  # ownlint: ignore[stale-owner]\n  - alice\n")
    }
}

mod unmapped_owner {
    use super::*;

    fn scene(owners: &str) -> Scene {
        let repo = committed(&[("OWNERS", owners)], "2024-01-10");
        Scene::check(repo)
    }

    pub fn fires() -> Scene {
        scene("approvers: [alice, a-handle-nobody-commits-as]\n")
    }

    pub fn quiet() -> Scene {
        scene("approvers: [alice]\n")
    }
}

mod unowned_path {
    use super::*;

    fn scene(tools: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            ("OWNERS", "approvers: [alice]\n"),
            ("tools/OWNERS", tools),
            ("tools/build.sh", "make\n"),
        ]))
    }

    pub fn fires() -> Scene {
        scene("options:\n  no_parent_owners: true\nreviewers: [alice]\n")
    }

    pub fn quiet() -> Scene {
        scene("options:\n  no_parent_owners: true\napprovers: [alice]\n")
    }
}

mod unsupported_syntax {
    use super::*;

    fn scene(codeowners: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            (".github/CODEOWNERS", codeowners),
            ("vendor/v.go", "x"),
            ("a.c", "x"),
        ]))
    }

    pub fn fires() -> Scene {
        scene("*           @org/everyone\n!vendor/    @org/everyone\n")
    }

    pub fn quiet() -> Scene {
        scene("*           @org/everyone\n/vendor/    @org/vendoring\n")
    }
}

mod unused_alias {
    use super::*;

    fn scene(owners: &str) -> Scene {
        Scene::check(TestRepo::with(&[
            (
                "OWNERS_ALIASES",
                "aliases:\n  old-team-approvers:\n    - alice\n",
            ),
            ("OWNERS", owners),
            ("a.rs", "x"),
        ]))
    }

    pub fn fires() -> Scene {
        scene("approvers: [alice]\n")
    }

    pub fn quiet() -> Scene {
        scene("approvers: [old-team-approvers]\n")
    }
}

mod unused_suppression {
    use super::*;

    fn scene(files: &[(&str, &str)]) -> Scene {
        let mut all = vec![(
            ".github/CODEOWNERS",
            "* @org/all\n# ownlint: ignore[pattern-matches-nothing]\n/docs/ @org/writers\n",
        )];
        all.extend_from_slice(files);
        Scene::check(TestRepo::with(&all))
    }

    pub fn fires() -> Scene {
        // docs/ exists again: the marker hides nothing.
        scene(&[("a.rs", "x"), ("docs/a.md", "x")])
    }

    pub fn quiet() -> Scene {
        scene(&[("a.rs", "x")])
    }
}
