//! Hostile input, reads (issue 13): every file ownlint reads goes through one bounded reader,
//! which opens regular files only (never waiting on a FIFO), stays inside the repository for
//! paths the repository names, and caps each kind of file. Runs that could hang are bounded
//! by [`crate::support::run_within`].

use crate::support::{TestRepo, run_within};

/// Makes a FIFO at `path` (with no writer: opening it for reading the usual way blocks).
#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.expect("mkfifo runs").success(), "mkfifo {path:?}");
}

fn check_json(repo: &TestRepo, extra: &[&str]) -> crate::support::Output {
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        crate::support::AS_OF,
    ];
    args.extend_from_slice(extra);
    let out = run_within(repo.path(), &args);
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    out
}

/// Item 5: a committed `act.jsonl -> /dev/zero` named in `activity:` was read until memory ran
/// out. The repository names it, so the link is refused, at once, with the file named.
#[cfg(unix)]
#[test]
fn an_activity_file_linked_to_a_device_is_refused() {
    let repo = TestRepo::with(&[
        (".ownlint.yaml", "activity: [act.jsonl]\n"),
        ("OWNERS", "approvers: [alice]\n"),
    ]);
    std::os::unix::fs::symlink("/dev/zero", repo.path().join("act.jsonl")).unwrap();
    repo.commit("link");
    let out = run_within(repo.path(), &["check", "--as-of", crate::support::AS_OF]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("act.jsonl"), "{}", out.stderr);
    assert!(out.stderr.contains("symbolic link"), "{}", out.stderr);
}

/// Item 5: an activity file reached through a committed link to a directory outside the
/// repository is refused too.
#[cfg(unix)]
#[test]
fn an_activity_file_outside_the_repository_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("act.jsonl"),
        "{\"who\": \"alice\", \"when\": \"2024-01-01\"}\n",
    )
    .unwrap();
    let repo = TestRepo::with(&[
        (".ownlint.yaml", "activity: [logs/act.jsonl]\n"),
        ("OWNERS", "approvers: [alice]\n"),
    ]);
    std::os::unix::fs::symlink(outside.path(), repo.path().join("logs")).unwrap();
    repo.commit("link out");
    let out = run_within(repo.path(), &["check", "--as-of", crate::support::AS_OF]);
    out.assert_clean_failure();
    assert!(out.stderr.contains("logs/act.jsonl"), "{}", out.stderr);
    assert!(
        out.stderr.contains("outside the repository"),
        "{}",
        out.stderr
    );
}

/// Item 5: `--baseline` and `--config` name their files on the command line, so links are
/// followed; but what they lead to must be a regular file within the cap of its kind.
#[cfg(unix)]
#[test]
fn command_line_files_that_are_devices_or_fifos_are_refused() {
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice]\n"), ("a.go", "x")]);
    let elsewhere = tempfile::tempdir().unwrap();
    let zero = elsewhere.path().join("zero");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let fifo = elsewhere.path().join("fifo");
    mkfifo(&fifo);
    for path in [&zero, &fifo] {
        let path = path.to_str().unwrap();
        for option in ["--baseline", "--config"] {
            let out = run_within(repo.path(), &["check", option, path]);
            out.assert_clean_failure();
            assert!(out.stderr.contains(path), "{option}: {}", out.stderr);
            assert!(
                out.stderr.contains("not a regular file"),
                "{option}: {}",
                out.stderr
            );
        }
    }
    // A regular file over the cap names the file and the cap.
    let big = elsewhere.path().join("big.yaml");
    std::fs::write(&big, "#".repeat(2 * 1024 * 1024)).unwrap();
    let out = run_within(repo.path(), &["check", "--config", big.to_str().unwrap()]);
    out.assert_clean_failure();
    assert!(
        out.stderr
            .contains("ownlint reads no configuration file over 1048576 bytes"),
        "{}",
        out.stderr
    );
}

/// Item 13: a FIFO where a tracked OWNERS file, handover document, `.gitattributes` or
/// activity file should be made the run hang. Each is now refused without being waited on.
#[cfg(unix)]
#[test]
fn fifos_in_the_work_tree_never_hang_a_run() {
    let repo = TestRepo::with(&[
        ("OWNERS", "approvers: [alice]\n"),
        (
            "pkg/OWNERS",
            "approvers: [bob]\nowner: bob\nhandover: pkg/HANDOVER.md\n",
        ),
        ("pkg/HANDOVER.md", "# Handover\n"),
        ("pkg/.gitattributes", "gen/* linguist-generated\n"),
        ("pkg/a.go", "x"),
    ]);
    for path in ["pkg/OWNERS", "pkg/HANDOVER.md", "pkg/.gitattributes"] {
        repo.remove(path);
        mkfifo(&repo.path().join(path));
    }
    let out = check_json(&repo, &[]);
    let about_fifos: Vec<String> = out
        .diagnostics()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("is a FIFO"))
        .map(|d| d["file"].as_str().unwrap_or("").to_string())
        .collect();
    for path in ["pkg/OWNERS", "pkg/.gitattributes"] {
        assert!(
            about_fifos.iter().any(|f| f == path),
            "{path}: {about_fifos:?}"
        );
    }

    // The activity file, named by the configuration.
    let repo = TestRepo::with(&[
        (".ownlint.yaml", "activity: [act.jsonl]\n"),
        ("act.jsonl", ""),
        ("OWNERS", "approvers: [alice]\n"),
    ]);
    repo.remove("act.jsonl");
    mkfifo(&repo.path().join("act.jsonl"));
    let out = run_within(repo.path(), &["check", "--as-of", crate::support::AS_OF]);
    out.assert_clean_failure();
    assert!(
        out.stderr
            .contains("act.jsonl: the activity file is a FIFO"),
        "{}",
        out.stderr
    );
}

/// Item 13: the handover document's FIFO is reported where the OWNERS file declares it.
#[cfg(unix)]
#[test]
fn a_fifo_handover_document_is_reported() {
    let repo = TestRepo::with(&[
        (
            "pkg/OWNERS",
            "approvers: [bob]\nowner: bob\nhandover: pkg/HANDOVER.md\n",
        ),
        ("pkg/HANDOVER.md", "# Handover\n"),
        ("pkg/a.go", "x"),
    ]);
    repo.remove("pkg/HANDOVER.md");
    mkfifo(&repo.path().join("pkg/HANDOVER.md"));
    let out = check_json(&repo, &[]);
    let messages = out.field("handover-missing", "message");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("pkg/HANDOVER.md") && m.contains("is a FIFO")),
        "{messages:?}"
    );
}

/// Item 12: an OWNERS file in a directory whose name is not valid UTF-8 was skipped in the
/// work tree (its lossily decoded path named no file there) but read with `--rev`. Both read it.
#[cfg(target_os = "linux")]
#[test]
fn a_directory_name_that_is_not_utf8_is_read_in_both_modes() {
    use std::os::unix::ffi::OsStrExt;
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice]\n")]);
    let dir = repo.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("OWNERS"), "approver: [bob]\n").unwrap();
    std::fs::write(dir.join("a.go"), "x").unwrap();
    repo.commit("latin-1 directory");
    let work_tree = check_json(&repo, &[]);
    let at_rev = check_json(&repo, &["--rev", "HEAD"]);
    for out in [&work_tree, &at_rev] {
        assert_eq!(
            out.json()["summary"]["ownership_files"],
            2,
            "{}",
            out.stdout
        );
        let unknown = out.files("unknown-field");
        assert_eq!(unknown, vec!["caf\u{fffd}/OWNERS"], "{}", out.stdout);
    }
    assert_eq!(
        work_tree.files("unowned-path"),
        at_rev.files("unowned-path")
    );
}

/// Item 3: 22 Chromium OWNERS files that each include the next twice (under 1 KB in all) used
/// more than 1 GiB: included `per-file` lines were copied once per include path. Now each file
/// is expanded once, and the deepest file's `per-file` line still decides its files.
#[test]
fn a_doubling_include_chain_is_expanded_once() {
    let mut files: Vec<(String, String)> = (0..22)
        .map(|i| {
            let next = if i < 21 {
                format!("include /d{0}/OWNERS\ninclude /d{0}/OWNERS\n", i + 1)
            } else {
                String::new()
            };
            (
                format!("d{i}/OWNERS"),
                format!("o{i}@example.com\nper-file *.x{i}=p{i}@example.com\n{next}"),
            )
        })
        .collect();
    files.push(("d0/a.x21".into(), "x".into()));
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let repo = TestRepo::with(&borrowed);
    let out = check_json(&repo, &[]);
    assert!(
        out.of("parse-error").is_empty(),
        "{:?}",
        out.of("parse-error")
    );
    let out = run_within(repo.path(), &["who", "--format", "json", "d0/a.x21"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let names: Vec<String> = out.json()[0]["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"p21@example.com".to_string()), "{names:?}");
    assert!(names.contains(&"o21@example.com".to_string()), "{names:?}");
}

/// Item 4: many short OWNERS filters compiled without a total (74 KB used 1.9 GB). 14 KB of
/// filters such as `x1\w{8}` (about 140 KB compiled each) now stop at the run's pattern
/// budget, and each filter past it is reported where it stands.
#[test]
fn filters_past_the_pattern_budget_are_reported_where_they_stand() {
    let mut owners = String::from("approvers: [alice]\nfilters:\n");
    for i in 0..400 {
        owners.push_str(&format!("  'x{i}\\w{{8}}': {{approvers: [bob]}}\n"));
    }
    assert!(owners.len() < 15_000);
    let repo = TestRepo::with(&[("OWNERS", &owners), ("a.go", "x")]);
    let out = check_json(&repo, &["--no-history"]);
    let refused = out.of("parse-error");
    assert!(
        !refused.is_empty() && refused.len() < 400,
        "{}",
        refused.len()
    );
    for diagnostic in &refused {
        let message = diagnostic["message"].as_str().unwrap();
        assert!(
            message.contains("over the budget for compiled patterns"),
            "{message}"
        );
        assert_eq!(diagnostic["file"], "OWNERS");
    }
    // The first refused filter is the one that tipped the budget, on its own line.
    let first = &refused[0];
    let line = first["line"].as_u64().unwrap() as usize;
    let pattern = owners.lines().nth(line - 1).unwrap().trim();
    let quoted = pattern.split('\'').nth(1).unwrap();
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains(&format!("`{quoted}`")),
        "{first}"
    );
}

/// Item 8: `--output` to a FIFO replaced it with a regular file (a temporary file renamed
/// over it). Special files are now written directly: the reader gets the report, the FIFO
/// stays a FIFO, and `--output /dev/stdout` writes to standard output.
#[cfg(unix)]
#[test]
fn output_to_a_fifo_or_dev_stdout_is_written_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let repo = TestRepo::with(&[("OWNERS", "approvers: [alice]\n"), ("a.go", "x")]);
    let elsewhere = tempfile::tempdir().unwrap();
    let fifo = elsewhere.path().join("report.json");
    mkfifo(&fifo);
    let (send, receive) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let _ = send.send(std::fs::read_to_string(fifo));
        });
    }
    // Not differential: the report goes into the FIFO, read once by the thread above.
    let out = crate::support::run_within_once(
        repo.path(),
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            crate::support::AS_OF,
            "--output",
            fifo.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let read = receive
        .recv_timeout(crate::support::HANG_TIMEOUT)
        .expect("the FIFO's reader got nothing: ownlint did not write to it")
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(&read).unwrap();
    assert_eq!(report["version"], 1);
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced: {kind:?}");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 1);

    let out = run_within(
        repo.path(),
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            crate::support::AS_OF,
            "--output",
            "/dev/stdout",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["version"], 1);
    let dev_stdout = std::fs::symlink_metadata("/dev/stdout")
        .unwrap()
        .file_type();
    assert!(!dev_stdout.is_file(), "/dev/stdout became a regular file");
}

/// Item 9: `handover new` followed a committed symbolic link to a directory and wrote the
/// document outside the repository. Any write that resolves outside the work tree is refused.
#[cfg(unix)]
#[test]
fn handover_new_never_writes_through_a_link_out_of_the_repository() {
    let outside = tempfile::tempdir().unwrap();
    for (owners, link, points_to) in [
        // The declared document's directory is a link out.
        (
            "approvers: [alice]\nowner: alice\nhandover: docs/pkg.md\n",
            "docs",
            outside.path().to_path_buf(),
        ),
        // The area's own HANDOVER.md would go below a link out (a directory still to be made).
        (
            "approvers: [alice]\nowner: alice\nhandover: notes/new/pkg.md\n",
            "notes",
            outside.path().to_path_buf(),
        ),
        // The document itself is a dangling link to a file outside.
        (
            "approvers: [alice]\nowner: alice\n",
            "pkg/HANDOVER.md",
            outside.path().join("planted.md"),
        ),
    ] {
        let repo = TestRepo::with(&[("pkg/OWNERS", owners), ("pkg/a.go", "x")]);
        std::os::unix::fs::symlink(&points_to, repo.path().join(link)).unwrap();
        repo.commit("link out");
        let out = run_within(repo.path(), &["handover", "new", "pkg", "--to", "bob"]);
        out.assert_clean_failure();
        assert!(
            out.stderr.contains("outside the repository") || out.stderr.contains("already exists"),
            "{link}: {}",
            out.stderr
        );
        assert_eq!(
            std::fs::read_dir(outside.path()).unwrap().count(),
            0,
            "{link}: something was written outside"
        );
    }
}

#[test]
fn caches_are_never_written_through_a_link_planted_under_git() {
    let cache_files = [
        "history-v3.cache",
        "identities-v1.json",
        "resolution-v1.cache",
        "coverage-v1.json",
    ];
    // Each cache file a link to a file outside (one that exists, one dangling); then the cache
    // directory itself a link to a directory outside.
    for whole_directory in [false, true] {
        let outside = tempfile::tempdir().unwrap();
        let repo = TestRepo::with(&[
            ("OWNERS", "approvers: [alice]\n"),
            (".github/CODEOWNERS", "* @alice\n"),
            ("a.go", "x"),
        ]);
        let dir = repo.path().join(".git/ownlint");
        if whole_directory {
            std::os::unix::fs::symlink(outside.path(), &dir).unwrap();
        } else {
            std::fs::create_dir_all(&dir).unwrap();
            for name in cache_files {
                std::os::unix::fs::symlink(outside.path().join(name), dir.join(name)).unwrap();
            }
            // An existing file outside would be written through by a writer that follows links.
            std::fs::write(outside.path().join(cache_files[0]), "planted").unwrap();
        }
        let out = repo.ownlint(&["check", "--format", "json"]);
        assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
        let written: Vec<_> = std::fs::read_dir(outside.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| std::fs::read_to_string(p).ok().as_deref() != Some("planted"))
            .collect();
        assert!(
            written.is_empty(),
            "whole directory {whole_directory}: written outside: {written:?}"
        );
        if !whole_directory {
            for name in cache_files {
                let meta = std::fs::symlink_metadata(dir.join(name)).unwrap();
                assert!(meta.file_type().is_symlink(), "{name} replaced");
            }
        }
    }
}

/// `.git/index` is read by ownlint's own reader: a crafted cache tree (`TREE` extension) of a
/// million nested directories overflowed the stack (the process aborted) when its nodes were
/// read by recursion. It is now malformed, which only loses the cache tree's shortcut: the
/// staged change is found as without it.
#[test]
fn a_cache_tree_nested_a_million_deep_is_no_crash() {
    let repo = TestRepo::with(&[("src/OWNERS", "approvers: [alice]\n"), ("src/a.go", "a\n")]);
    repo.write("docs/new.md", "unowned\n");
    repo.stage_all();
    let before = staged_json(&repo);

    // The index's entries as git wrote them (version 2, 8-byte padded), then one `TREE`
    // extension, then a checksum (ownlint does not verify it; zeros, as with
    // `index.skipHash`).
    let index = std::fs::read(repo.path().join(".git/index")).unwrap();
    assert_eq!(&index[..8], b"DIRC\0\0\0\x02", "a version 2 index");
    let count = u32::from_be_bytes(index[8..12].try_into().unwrap());
    let mut at = 12;
    for _ in 0..count {
        let flags = u16::from_be_bytes([index[at + 60], index[at + 61]]);
        let name = usize::from(flags & 0xfff);
        at += (62 + name + 8) & !7;
    }
    let tree = b"x\0-1 1\n".repeat(1_000_000);
    let mut crafted = index[..at].to_vec();
    crafted.extend(b"TREE");
    crafted.extend((tree.len() as u32).to_be_bytes());
    crafted.extend(&tree);
    crafted.extend([0u8; 20]);
    std::fs::write(repo.path().join(".git/index"), crafted).unwrap();

    assert_eq!(staged_json(&repo), before);
}

/// `check --staged --no-history --format json` in `repo`, which must exit 0.
fn staged_json(repo: &TestRepo) -> String {
    let out = run_within(
        repo.path(),
        &[
            "check",
            "--staged",
            "--no-history",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    assert!(out.stdout.contains("unowned-path"), "{}", out.stdout);
    out.stdout
}
