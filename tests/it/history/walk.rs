//! The history walk and its tree diff agree exactly with git itself: on a hand-written scenario
//! built with the git CLI, on random histories written with `git fast-import`, in a window, in a
//! shallow clone, through the cache, and with authors that are not valid UTF-8.
//!
//! Every repository lives in its own temporary directory and every git command runs hermetically
//! (no system or global config, `HOME` in the temporary directory, fixed names and dates). Commit
//! dates are distinct and increasing, so that git's `--date-order` and the walk's commit-time
//! order are the same order, and git's `--since` heuristic never stops early.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use git2::{Oid, Repository};
use ownlint::history::cache::Cache;
use ownlint::history::facts::{CommitFacts, Ident, TrailerKind};
use ownlint::history::walk::{Walk, walk};
use ownlint::side_by_side::SecondCore;
use tempfile::TempDir;

/// 2023-11-14T22:13:20Z: the first commit of every scenario.
const T0: i64 = 1_700_000_000;

// --- Running git hermetically ---

/// A temporary directory that is `HOME` for git, holding the repositories of one test.
struct Sandbox {
    tmp: TempDir,
    /// The commit time of the next commit made with [`Sandbox::commit`].
    clock: Cell<i64>,
    /// Commits made so far, to vary the author.
    made: Cell<usize>,
}

const AUTHORS: [(&str, &str); 3] = [
    ("Alice Liddell", "alice@example.com"),
    ("Bob", "bob@example.com"),
    ("Zoë Ünal", "zoe@example.com"),
];

impl Sandbox {
    fn new() -> Sandbox {
        let sandbox = Sandbox {
            tmp: tempfile::tempdir().expect("tempdir"),
            clock: Cell::new(T0),
            made: Cell::new(0),
        };
        std::fs::create_dir(sandbox.repo()).unwrap();
        sandbox.git(&["init", "-q"]);
        sandbox
    }

    fn home(&self) -> &Path {
        self.tmp.path()
    }

    /// The scenario's repository (with a work tree).
    fn repo(&self) -> PathBuf {
        self.tmp.path().join("repo")
    }

    /// Runs git in `dir` with `stdin`, dated at the clock; panics unless it succeeds.
    fn run(&self, dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Vec<u8> {
        let time = self.clock.get();
        let (name, email) = AUTHORS[self.made.get() % AUTHORS.len()];
        let mut command = Command::new("git");
        command
            .args(["-c", "init.defaultBranch=main"])
            .args(["-c", "commit.gpgsign=false"])
            .args(["-c", "core.quotepath=false"])
            .args(["-c", "gc.auto=0"])
            .args(["-c", "maintenance.auto=false"])
            .args(["-c", "advice.detachedHead=false"])
            .args(args)
            .current_dir(dir)
            .env("HOME", self.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .env("TZ", "UTC")
            .env("GIT_AUTHOR_NAME", name)
            .env("GIT_AUTHOR_EMAIL", email)
            // The author date differs from the commit date, in another zone.
            .env("GIT_AUTHOR_DATE", format!("@{} +0100", time - 600))
            .env("GIT_COMMITTER_NAME", "Committer")
            .env("GIT_COMMITTER_EMAIL", "committer@example.com")
            .env("GIT_COMMITTER_DATE", format!("@{time} +0000"))
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for var in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES",
            "GIT_NAMESPACE",
            "GIT_CEILING_DIRECTORIES",
        ] {
            command.env_remove(var);
        }
        let mut child = command.spawn().expect("run git");
        if let Some(input) = stdin {
            use std::io::Write;
            let mut pipe = child.stdin.take().unwrap();
            pipe.write_all(input).unwrap();
        }
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "git {args:?} in {} failed:\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    }

    /// Runs git in the scenario's repository and returns its output as text.
    fn git(&self, args: &[&str]) -> String {
        String::from_utf8(self.run(&self.repo(), args, None)).expect("UTF-8 output")
    }

    fn write(&self, path: &str, text: &str) {
        let full = self.repo().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    fn remove(&self, path: &str) {
        let full = self.repo().join(path);
        if full.is_dir() && !full.is_symlink() {
            std::fs::remove_dir_all(full).unwrap();
        } else {
            std::fs::remove_file(full).unwrap();
        }
    }

    fn chmod(&self, path: &str, mode: u32) {
        let full = self.repo().join(path);
        std::fs::set_permissions(full, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    fn symlink(&self, target: &str, path: &str) {
        std::os::unix::fs::symlink(target, self.repo().join(path)).unwrap();
    }

    /// Moves the clock one step (an hour and a bit) forward.
    fn tick(&self) {
        self.clock
            .set(self.clock.get() + 3_600 + self.made.get() as i64);
        self.made.set(self.made.get() + 1);
    }

    /// Stages everything and commits it at the next instant; returns the new HEAD.
    fn commit(&self, message: &str) -> Oid {
        self.git(&["add", "-A"]);
        self.commit_staged(message, &[])
    }

    /// Commits the index as it is, with extra `git commit` arguments.
    fn commit_staged(&self, message: &str, extra: &[&str]) -> Oid {
        self.tick();
        let mut args = vec!["commit", "-q", "-m", message];
        args.extend_from_slice(extra);
        self.git(&args);
        self.head()
    }

    /// `git merge --no-ff` at the next instant; returns the merge commit.
    fn merge(&self, branch: &str, message: &str, extra: &[&str]) -> Oid {
        self.tick();
        let mut args = vec!["merge", "-q", "--no-ff", "-m", message];
        args.extend_from_slice(extra);
        args.push(branch);
        self.git(&args);
        self.head()
    }

    fn head(&self) -> Oid {
        oid(self.git(&["rev-parse", "HEAD"]).trim())
    }
}

fn oid(hex: &str) -> Oid {
    Oid::from_str(hex).unwrap_or_else(|e| panic!("not an object id {hex:?}: {e}"))
}

// --- What git says ---

/// One commit as `git log` shows it.
#[derive(Debug, Clone)]
struct GitCommit {
    id: Oid,
    parents: Vec<Oid>,
    author: Ident,
    author_time: i64,
    committer: Ident,
    commit_time: i64,
}

/// `git rev-list --date-order <rev> <extra>`: commit ids, newest first.
fn git_rev_list(sandbox: &Sandbox, dir: &Path, rev: &str, extra: &[&str]) -> Vec<Oid> {
    let mut args = vec!["rev-list", "--date-order"];
    args.extend_from_slice(extra);
    args.extend([rev, "--"]);
    let out = String::from_utf8(sandbox.run(dir, &args, None)).unwrap();
    out.lines().map(oid).collect()
}

/// `git log` of every commit reachable from `rev`: parents, identities and times.
fn git_commits(sandbox: &Sandbox, dir: &Path, rev: &str) -> Vec<GitCommit> {
    let format = "--format=%H%x1f%P%x1f%an%x1f%ae%x1f%at%x1f%cn%x1f%ce%x1f%ct";
    let out = sandbox.run(dir, &["log", "-z", "--date-order", format, rev, "--"], None);
    let text = String::from_utf8_lossy(&out);
    text.split('\0')
        .filter(|record| !record.is_empty())
        .map(|record| {
            let fields: Vec<&str> = record.split('\x1f').collect();
            assert_eq!(fields.len(), 8, "{record:?}");
            GitCommit {
                id: oid(fields[0]),
                parents: fields[1].split_whitespace().map(oid).collect(),
                author: Ident {
                    name: fields[2].trim().to_string(),
                    email: fields[3].trim().to_string(),
                },
                author_time: fields[4].parse().unwrap(),
                committer: Ident {
                    name: fields[5].trim().to_string(),
                    email: fields[6].trim().to_string(),
                },
                commit_time: fields[7].parse().unwrap(),
            }
        })
        .collect()
}

/// `git log --no-merges --no-renames --name-only`: the paths each non-merge commit changed
/// against its parent (every path for a root commit). Renames are off: the walk has none.
fn git_paths(sandbox: &Sandbox, dir: &Path, rev: &str) -> BTreeMap<Oid, BTreeSet<String>> {
    git_log_names(sandbox, dir, rev, &["--no-merges"])
}

/// `git log --merges -c --name-only`: for each merge, the paths of its combined diff, "only
/// files which were modified from all parents" (git-diff-tree(1)), the candidates for its own
/// edits.
fn git_combined_paths(sandbox: &Sandbox, dir: &Path, rev: &str) -> BTreeMap<Oid, BTreeSet<String>> {
    git_log_names(sandbox, dir, rev, &["--merges", "-c"])
}

/// `git log --name-only` of the commits (and the diff) that `which` selects, per commit.
fn git_log_names(
    sandbox: &Sandbox,
    dir: &Path,
    rev: &str,
    which: &[&str],
) -> BTreeMap<Oid, BTreeSet<String>> {
    let mut args = vec!["log", "-z"];
    args.extend_from_slice(which);
    args.extend(["--no-renames", "--format=%x01%H", "--name-only", rev, "--"]);
    let out = sandbox.run(dir, &args, None);
    let mut paths: BTreeMap<Oid, BTreeSet<String>> = BTreeMap::new();
    let mut current = None;
    for token in out.split(|&b| b == 0) {
        if let Some(hex) = token.strip_prefix(b"\x01") {
            let id = oid(std::str::from_utf8(hex).unwrap().trim());
            paths.insert(id, BTreeSet::new());
            current = Some(id);
            continue;
        }
        let token = token.strip_prefix(b"\n").unwrap_or(token);
        if token.is_empty() {
            continue;
        }
        let id = current.expect("a path before any commit");
        paths
            .get_mut(&id)
            .unwrap()
            .insert(String::from_utf8_lossy(token).into_owned());
    }
    paths
}

/// For each merge, the files of its dense combined diff: those `git log --cc` shows a
/// `diff --cc` header for (a merge's own edits). Not `git log --cc --name-only`: git lists
/// names without the dense filter, the same paths as `git log -c --name-only` (every path
/// that differs from all parents, the side's clean edits included), so the names are read
/// from the patch.
fn git_merge_paths(sandbox: &Sandbox, dir: &Path, rev: &str) -> BTreeMap<Oid, BTreeSet<String>> {
    let args = [
        "log",
        "--merges",
        "--cc",
        "--no-renames",
        "--format=%x01%H",
        rev,
        "--",
    ];
    let out = sandbox.run(dir, &args, None);
    let mut paths: BTreeMap<Oid, BTreeSet<String>> = BTreeMap::new();
    let mut current = None;
    // A combined diff's lines start with one column per parent: only headers start with
    // `diff --cc ` at the margin.
    for line in out.split(|&b| b == b'\n') {
        if let Some(hex) = line.strip_prefix(b"\x01") {
            let id = oid(std::str::from_utf8(hex).unwrap().trim());
            paths.insert(id, BTreeSet::new());
            current = Some(id);
        } else if let Some(path) = line.strip_prefix(b"diff --cc ") {
            let id = current.expect("a diff before any commit");
            paths.get_mut(&id).unwrap().insert(unquote(path));
        }
    }
    paths
}

/// A path as git writes it in a diff header: as it is, or C-quoted when it has a quote, a
/// backslash or a control character (`core.quotepath=false` leaves other bytes alone).
fn unquote(path: &[u8]) -> String {
    let Some(inner) = path.strip_prefix(b"\"").and_then(|p| p.strip_suffix(b"\"")) else {
        return String::from_utf8_lossy(path).into_owned();
    };
    let mut out = Vec::new();
    let mut bytes = inner.iter().copied();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next().expect("an escape") {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'r' => out.push(b'\r'),
            b'v' => out.push(11),
            digit @ b'0'..=b'3' => {
                let rest: Vec<u8> = bytes.by_ref().take(2).collect();
                let octal = [digit, rest[0], rest[1]];
                out.push(u8::from_str_radix(std::str::from_utf8(&octal).unwrap(), 8).unwrap());
            }
            other => out.push(other),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

// --- What the walk says ---

fn tip_of(dir: &Path, rev: &str) -> (Repository, Oid) {
    let repo = Repository::open(dir).expect("open repository");
    let tip = repo
        .revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .expect("tip commit")
        .id();
    (repo, tip)
}

/// The walk as a cold run reads it, the second core free from the start (a merge's own
/// edits are judged on two threads when there are enough merges).
fn walk_window(dir: &Path, rev: &str, start: i64, end: i64, cache: &mut Cache) -> Walk {
    let (repo, tip) = tip_of(dir, rev);
    walk(
        &repo,
        tip,
        start,
        end,
        cache,
        &SecondCore::free(),
        &mut |_| {},
    )
    .expect("walk")
}

/// The whole history from `rev`, without a cache.
fn walk_all(dir: &Path, rev: &str) -> Walk {
    walk_window(dir, rev, i64::MIN, i64::MAX, &mut Cache::disabled())
}

fn ids(commits: &[CommitFacts]) -> Vec<Oid> {
    commits.iter().map(|c| c.id).collect()
}

/// Names commits by their time for readable failures.
fn describe(commits: &[CommitFacts]) -> String {
    commits
        .iter()
        .map(|c| {
            format!(
                "{} t={} parents={} paths={:?}",
                c.id,
                c.commit_time,
                c.parents.len(),
                c.paths
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts the walk of the whole history from `rev` is what git shows: the same commits in
/// the same order, the same parents, identities and times, for every non-merge commit the same
/// changed paths, and for every merge the files of its dense combined diff (`git log --cc`: its
/// own edits). Returns the walk.
fn assert_agrees_with_git(sandbox: &Sandbox, dir: &Path, rev: &str) -> Walk {
    let walked = walk_all(dir, rev);
    let commits = &walked.commits;
    let expected_order = git_rev_list(sandbox, dir, rev, &[]);
    assert_eq!(
        ids(commits),
        expected_order,
        "commit order differs from `git rev-list --date-order {rev}`:\n{}",
        describe(commits)
    );
    let git = git_commits(sandbox, dir, rev);
    assert_eq!(git.iter().map(|c| c.id).collect::<Vec<_>>(), expected_order);
    let paths = git_paths(sandbox, dir, rev);
    let merge_paths = git_merge_paths(sandbox, dir, rev);
    for (facts, git) in commits.iter().zip(&git) {
        assert_eq!(facts.id, git.id);
        assert_eq!(facts.parents, git.parents, "parents of {}", facts.id);
        assert_eq!(facts.author, git.author, "author of {}", facts.id);
        assert_eq!(
            facts.author_time, git.author_time,
            "author time of {}",
            facts.id
        );
        assert_eq!(facts.committer, git.committer, "committer of {}", facts.id);
        assert_eq!(
            facts.commit_time, git.commit_time,
            "commit time of {}",
            facts.id
        );
        assert!(
            !facts.missing_objects,
            "{} reported missing objects",
            facts.id
        );
        assert!(
            facts.paths.windows(2).all(|w| w[0] < w[1]),
            "paths of {} not sorted and unique: {:?}",
            facts.id,
            facts.paths
        );
        if facts.is_merge() {
            assert!(
                !paths.contains_key(&facts.id),
                "git --no-merges listed merge {}",
                facts.id
            );
            let expected: Vec<&String> = merge_paths
                .get(&facts.id)
                .unwrap_or_else(|| panic!("git log --merges lists no {}", facts.id))
                .iter()
                .collect();
            let actual: Vec<&String> = facts.paths.iter().collect();
            assert_eq!(
                actual, expected,
                "own paths of merge {} (t={}) differ from the files `git log --cc` shows",
                facts.id, facts.commit_time
            );
        } else {
            let expected: Vec<&String> = paths
                .get(&facts.id)
                .unwrap_or_else(|| panic!("git log lists no {}", facts.id))
                .iter()
                .collect();
            let actual: Vec<&String> = facts.paths.iter().collect();
            assert_eq!(
                actual, expected,
                "changed paths of {} (t={}) differ from `git log --name-only`",
                facts.id, facts.commit_time
            );
        }
    }
    assert_eq!(
        paths.len(),
        commits.iter().filter(|c| !c.is_merge()).count(),
        "git log --no-merges lists other commits"
    );
    assert_eq!(
        merge_paths.len(),
        commits.iter().filter(|c| c.is_merge()).count(),
        "git log --merges lists other commits"
    );

    let coverage = &walked.coverage;
    let oldest_root = commits
        .iter()
        .filter(|c| c.parents.is_empty())
        .map(|c| c.commit_time)
        .min();
    assert!(oldest_root.is_some(), "the walk reached no root");
    assert_eq!(coverage.root_time, oldest_root);
    assert!(!coverage.passed_start, "{coverage:?}");
    assert_eq!(coverage.shallow_boundary, None, "{coverage:?}");
    assert_eq!(coverage.missing_trees, 0, "{coverage:?}");
    assert_eq!(coverage.read, commits.len(), "{coverage:?}");
    assert_eq!(coverage.cached, 0, "{coverage:?}");
    walked
}

/// Asserts the walk of `[start, end]` from `rev` returns what `git log --since --until` does,
/// and that its coverage says whether older commits exist and whether a root was reached.
fn assert_window_agrees(
    sandbox: &Sandbox,
    dir: &Path,
    rev: &str,
    all: &[CommitFacts],
    start: i64,
    end: i64,
) {
    let walked = walk_window(dir, rev, start, end, &mut Cache::disabled());
    let since = format!("--since=@{start}");
    let until = format!("--until=@{end}");
    let expected = git_rev_list(sandbox, dir, rev, &[&since, &until]);
    assert_eq!(
        ids(&walked.commits),
        expected,
        "window [{start}, {end}] differs from `git rev-list {since} {until}`:\n{}",
        describe(&walked.commits)
    );
    // The same facts as the whole walk.
    let by_id: HashMap<Oid, &CommitFacts> = all.iter().map(|c| (c.id, c)).collect();
    for facts in &walked.commits {
        assert!(start <= facts.commit_time && facts.commit_time <= end);
        assert_eq!(
            Some(&facts),
            by_id.get(&facts.id),
            "facts of {} in the window",
            facts.id
        );
    }
    let older_exists = all.iter().any(|c| c.commit_time < start);
    let reached_root = all
        .iter()
        .filter(|c| c.parents.is_empty() && c.commit_time >= start)
        .map(|c| c.commit_time)
        .min();
    let coverage = &walked.coverage;
    assert_eq!(
        coverage.passed_start, older_exists,
        "[{start}, {end}]: {coverage:?}"
    );
    assert_eq!(
        coverage.root_time, reached_root,
        "[{start}, {end}]: {coverage:?}"
    );
    assert_eq!(coverage.shallow_boundary, None);
    // Commits newer than the end are read but not returned; older than the start, not read.
    let traversed = all.iter().filter(|c| c.commit_time >= start).count();
    assert_eq!(coverage.read, traversed, "[{start}, {end}]: {coverage:?}");
}

/// Windows around the history's commit times: both ends on commit times (inclusive), just
/// inside and outside them, between commits, empty, and reaching past either end.
fn assert_windows_agree(sandbox: &Sandbox, dir: &Path, rev: &str, all: &[CommitFacts]) {
    let mut times: Vec<i64> = all.iter().map(|c| c.commit_time).collect();
    times.sort();
    let n = times.len();
    let (first, last) = (times[0], times[n - 1]);
    let (a, b) = (times[n / 3], times[2 * n / 3]);
    let windows = [
        (a, b),
        (a + 1, b - 1),
        (a - 1, b + 1),
        (a, a),
        (b + 1, b - 1),
        (a, last),
        (a, last + 10_000),
        (first, b),
        (first - 1, b),
        (first + 1, last),
        (first - 100_000, first),
        (last, last),
        (last + 1, last + 100),
        (times[1], times[n - 2]),
    ];
    for (start, end) in windows {
        assert_window_agrees(sandbox, dir, rev, all, start, end);
    }
}

/// The same facts with a cache as without: cold, saved and loaded again (warm), and warmed by
/// a window only (partly warm).
fn assert_cache_agrees(sandbox: &Sandbox, dir: &Path, rev: &str, tag: &str) {
    let plain = walk_all(dir, rev);
    let path = sandbox.home().join(format!("cache-{tag}"));
    let (mut cold, note) = Cache::load(path.clone());
    assert_eq!(note, None);
    let first = walk_window(dir, rev, i64::MIN, i64::MAX, &mut cold);
    assert_eq!(first.commits, plain.commits, "cold cache");
    assert_eq!(first.coverage, plain.coverage, "cold cache");
    cold.save().unwrap();
    let cacheable = plain.commits.iter().filter(|c| !c.missing_objects).count();
    assert_eq!(cold.len(), cacheable);

    let (mut warm, note) = Cache::load(path.clone());
    assert_eq!(note, None, "the saved cache was not usable");
    assert_eq!(warm.len(), cacheable);
    let second = walk_window(dir, rev, i64::MIN, i64::MAX, &mut warm);
    assert_eq!(second.commits, plain.commits, "warm cache");
    assert_eq!(second.coverage.cached, cacheable, "{:?}", second.coverage);
    assert_eq!(second.coverage.read, plain.commits.len() - cacheable);
    let strip = |c: &ownlint::history::walk::Coverage| {
        let mut c = c.clone();
        c.read = 0;
        c.cached = 0;
        c
    };
    assert_eq!(
        strip(&second.coverage),
        strip(&plain.coverage),
        "warm cache"
    );

    // Partly warm: only a middle window is cached, then the whole history is walked.
    let mut times: Vec<i64> = plain.commits.iter().map(|c| c.commit_time).collect();
    times.sort();
    let (start, end) = (times[times.len() / 3], times[2 * times.len() / 3]);
    let partial_path = sandbox.home().join(format!("cache-{tag}-partial"));
    let (mut partial, _) = Cache::load(partial_path.clone());
    let window = walk_window(dir, rev, start, end, &mut partial);
    let expected_window: Vec<&CommitFacts> = plain
        .commits
        .iter()
        .filter(|c| start <= c.commit_time && c.commit_time <= end)
        .collect();
    assert_eq!(window.commits.iter().collect::<Vec<_>>(), expected_window);
    partial.save().unwrap();
    let (mut partial, _) = Cache::load(partial_path);
    let third = walk_window(dir, rev, i64::MIN, i64::MAX, &mut partial);
    assert_eq!(third.commits, plain.commits, "partly warm cache");
    assert_eq!(
        strip(&third.coverage),
        strip(&plain.coverage),
        "partly warm cache"
    );
    assert!(third.coverage.cached > 0);
}

/// The time of a commit of `all`.
fn time_of(all: &[CommitFacts], id: Oid) -> i64 {
    all.iter()
        .find(|c| c.id == id)
        .map(|c| c.commit_time)
        .expect("a walked commit")
}

// --- 1. The hand-written scenario ---

struct Scenario {
    sandbox: Sandbox,
    root: Oid,
    second_root: Oid,
    replace_file_by_dir: Oid,
    chmod_only: Oid,
    symlink_to_file: Oid,
    empty: Oid,
    with_trailers: Oid,
    pull_request_merge: Oid,
    no_ff_merge: Oid,
    unrelated_merge: Oid,
    conflict_merge: Oid,
    evil_merge: Oid,
    clean_same_file_merge: Oid,
    taken_side_merge: Oid,
    both_sides_merge: Oid,
    evil_same_file_merge: Oid,
}

/// A `go.mod` of 30 `require` lines, with `edits` (line index, text) made to it.
fn go_mod(edits: &[(usize, &str)]) -> String {
    let mut lines: Vec<String> = (0..30)
        .map(|i| format!("require example.com/mod{i} v1.0.{i}"))
        .collect();
    for &(at, text) in edits {
        lines[at] = text.to_string();
    }
    lines.join("\n") + "\n"
}

/// A history that covers what a tree diff can get wrong. Commit by commit, the paths that
/// `git log --name-only` shows are asserted by `assert_agrees_with_git`; the few that matter
/// most are also spelled out in the test.
fn scenario() -> Scenario {
    let s = Sandbox::new();
    // A root commit with nested directories and names that sort trickily in git's tree order:
    // `a-b` < `a.c` < `a/` < `a0`, but the file `a` sorts first.
    s.write("README", "hello\n");
    s.write("src/lib.rs", "pub fn f() {}\n");
    s.write("src/deep/a/b/c.txt", "c\n");
    s.write("src/deep/top.txt", "top\n");
    s.write("docs/guide.md", "guide\n");
    s.write("docs/api.md", "api\n");
    s.write("a", "the file a\n");
    s.write("a.c", "int a;\n");
    s.write("a-b", "a-b\n");
    s.write("a0", "zero\n");
    s.write("tool.sh", "#!/bin/sh\n");
    s.chmod("tool.sh", 0o755);
    let root = s.commit("root");

    // Modify, and add files in new nested directories next to existing ones.
    s.write("src/lib.rs", "pub fn f() { g() }\n");
    s.write("src/deep/a/b/d.txt", "d\n");
    s.write("src/new/mod/x/y.rs", "y\n");
    s.commit("modify and add nested");

    // Delete one file of a directory that stays.
    s.remove("docs/guide.md");
    s.commit("delete a file");

    // Delete a whole directory tree.
    s.remove("src/deep");
    s.commit("delete a directory");

    // The file `a` becomes a directory `a/`, between `a.c` and `a0`; `a.c` changes too.
    s.remove("a");
    s.write("a/x", "x\n");
    s.write("a/y/z", "z\n");
    s.write("a.c", "int a = 1;\n");
    let replace_file_by_dir = s.commit("file a becomes directory a/");

    // A mode change only.
    s.chmod("README", 0o755);
    let chmod_only = s.commit("chmod +x README");

    // A symlink, and a regular file with the same bytes as the link's target (the same blob).
    s.symlink("README", "link");
    s.write("same-as-link", "README");
    s.commit("add a symlink");

    // The symlink becomes a regular file with the same blob: only the mode changes.
    s.remove("link");
    s.write("link", "README");
    let symlink_to_file = s.commit("symlink becomes a file");

    // Names with a space and non-ASCII names, at the top and nested.
    s.write("file with space.txt", "space\n");
    s.write("naïve/é.txt", "accent\n");
    s.write("日本/語 る.md", "nihongo\n");
    s.write("a/y/Ünïcode", "u\n");
    s.tick();
    s.git(&["add", "-A"]);
    s.git(&[
        "commit",
        "-q",
        "-m",
        "Add names\n\nBody.\n\nCo-authored-by: Carol <carol@example.com>\nSigned-off-by: Bob <bob@example.com>",
    ]);
    let with_trailers = s.head();

    // An empty commit.
    let empty = s.commit_staged("nothing", &["--allow-empty"]);

    // A side branch, while main moves on, merged with a merge commit.
    s.git(&["checkout", "-q", "-b", "side"]);
    s.write("a/x", "x on side\n");
    s.write("side/only.txt", "side\n");
    s.commit("side one");
    s.write("a0", "zero on side\n");
    s.remove("a-b");
    s.commit("side two");
    s.git(&["checkout", "-q", "main"]);
    s.write("README", "hello again\n");
    s.commit("main moves on");
    let pull_request_merge = s.merge("side", "Merge pull request #7 from Alice-B/side", &[]);

    // A branch that could be fast-forwarded, merged with --no-ff.
    s.git(&["checkout", "-q", "-b", "ff"]);
    s.write("ff/new.txt", "ff\n");
    s.commit("ff one");
    s.git(&["checkout", "-q", "main"]);
    let no_ff_merge = s.merge("ff", "Merge branch 'ff'", &[]);

    // The directory `a/` becomes the file `a` again, while its neighbours change.
    s.remove("a");
    s.write("a", "the file a again\n");
    s.write("a0", "zero again\n");
    s.write("a-b", "a-b is back\n");
    s.commit("directory a/ becomes file a");

    // Deleting the only file of a directory deletes the directory.
    s.remove("naïve");
    s.commit("delete naïve/");

    // A second root, on an orphan branch, merged with unrelated histories.
    s.git(&["checkout", "-q", "--orphan", "other"]);
    s.git(&["rm", "-rfq", "."]);
    s.write("other/readme", "other\n");
    s.write("a.c", "int other;\n");
    let second_root = s.commit("second root");
    s.write("other/more", "more\n");
    s.commit("other two");
    s.git(&["checkout", "-q", "-f", "main"]);
    let unrelated_merge = s.merge(
        "other",
        "Merge branch 'other'",
        &["--allow-unrelated-histories", "-X", "ours"],
    );

    // Both sides change `docs/api.md` and `src/lib.rs`; the merge resolves the conflict in
    // `docs/api.md`, takes the side's `src/lib.rs`, and also deletes `a.c` (present on both
    // sides, unchanged) and adds `NOTES` of its own. Only what differs from both parents is
    // the merge's own change.
    s.git(&["checkout", "-q", "-b", "conflict"]);
    s.write("docs/api.md", "api on the branch\n");
    s.write("src/lib.rs", "pub fn f() { h() }\n");
    s.write("conflict/only.txt", "branch only\n");
    s.commit("branch edits api.md");
    s.git(&["checkout", "-q", "main"]);
    s.write("docs/api.md", "api on main\n");
    s.write("src/lib.rs", "pub fn f() { main() }\n");
    s.commit("main edits api.md");
    // (`-X theirs` keeps git from stopping at the conflict; the resolution is written below.)
    s.tick();
    s.git(&[
        "merge",
        "-q",
        "--no-ff",
        "--no-commit",
        "-X",
        "theirs",
        "conflict",
    ]);
    s.write("docs/api.md", "api, resolved\n");
    s.write("src/lib.rs", "pub fn f() { h() }\n");
    s.remove("a.c");
    s.write("NOTES", "written in the merge\n");
    let conflict_merge = s.commit("Merge branch 'conflict'");

    // An evil merge of a clean branch: the merge adds a line to a file nobody else touched.
    s.git(&["checkout", "-q", "-b", "clean"]);
    s.write("clean/feature.rs", "fn feature() {}\n");
    s.commit("clean feature");
    s.git(&["checkout", "-q", "main"]);
    s.tick();
    s.git(&["merge", "-q", "--no-ff", "--no-commit", "clean"]);
    s.write("README", "hello again, from the merge\n");
    let evil_merge = s.commit("Merge branch 'clean'");

    // Both sides edit `go.mod`, far apart, and git merges it cleanly: the merged file equals
    // neither side's (`git log -c` lists it), but the merge edited nothing itself.
    s.write("go.mod", &go_mod(&[]));
    s.commit("add go.mod");
    s.git(&["checkout", "-q", "-b", "bump-a"]);
    s.write("go.mod", &go_mod(&[(2, "bump a")]));
    s.commit("bump a");
    s.git(&["checkout", "-q", "main"]);
    s.write("go.mod", &go_mod(&[(27, "bump z")]));
    s.commit("bump z");
    let clean_same_file_merge = s.merge("bump-a", "Merge branch 'bump-a'", &[]);
    let merged = [(2, "bump a"), (27, "bump z")];

    // Both sides change line 15 (a conflict) and a line each elsewhere; the merge takes
    // main's line 15 and the rest cleanly: every hunk is one side's.
    s.git(&["checkout", "-q", "-b", "conflict-ours"]);
    s.write(
        "go.mod",
        &go_mod(&[merged[0], merged[1], (5, "branch 5"), (15, "branch 15")]),
    );
    s.commit("branch edits 5 and 15");
    s.git(&["checkout", "-q", "main"]);
    s.write(
        "go.mod",
        &go_mod(&[merged[0], merged[1], (15, "main 15"), (24, "main 24")]),
    );
    s.commit("main edits 15 and 24");
    let taken_side_merge = s.merge(
        "conflict-ours",
        "Merge branch 'conflict-ours'",
        &["-X", "ours"],
    );
    let merged = [
        (2, "bump a"),
        (27, "bump z"),
        (5, "branch 5"),
        (15, "main 15"),
        (24, "main 24"),
    ];

    // A conflict on line 10 resolved by keeping both sides' lines: the merge's own.
    s.git(&["checkout", "-q", "-b", "both"]);
    let mut branch = merged.to_vec();
    branch.push((10, "branch 10"));
    s.write("go.mod", &go_mod(&branch));
    s.commit("branch edits 10");
    s.git(&["checkout", "-q", "main"]);
    let mut main = merged.to_vec();
    main.push((10, "main 10"));
    s.write("go.mod", &go_mod(&main));
    s.commit("main edits 10");
    s.tick();
    s.git(&[
        "merge",
        "-q",
        "--no-ff",
        "--no-commit",
        "-X",
        "ours",
        "both",
    ]);
    let mut resolved = merged.to_vec();
    resolved.push((10, "main 10\nbranch 10"));
    s.write("go.mod", &go_mod(&resolved));
    let both_sides_merge = s.commit("Merge branch 'both'");

    // A clean merge of edits far apart in which the merge also changes a line of its own.
    s.git(&["checkout", "-q", "-b", "evil"]);
    let mut branch = resolved.clone();
    branch.push((1, "branch 1"));
    s.write("go.mod", &go_mod(&branch));
    s.commit("branch edits 1");
    s.git(&["checkout", "-q", "main"]);
    let mut main = resolved.clone();
    main.push((28, "main 28"));
    s.write("go.mod", &go_mod(&main));
    s.commit("main edits 28");
    s.tick();
    s.git(&["merge", "-q", "--no-ff", "--no-commit", "evil"]);
    let mut evil = resolved.clone();
    evil.extend([
        (1, "branch 1"),
        (28, "main 28"),
        (20, "edited in the merge"),
    ]);
    s.write("go.mod", &go_mod(&evil));
    let evil_same_file_merge = s.commit("Merge branch 'evil'");

    // Executable bits on and off together with content; a new executable file.
    s.write("tool.sh", "#!/bin/sh\nexit 0\n");
    s.chmod("tool.sh", 0o644);
    s.write("bin/run", "#!/bin/sh\n");
    s.chmod("bin/run", 0o755);
    s.commit("modes and content");

    // A submodule entry (a gitlink), added through the index only.
    let gitlink = format!("160000,{root},vendor/sub");
    s.git(&["update-index", "--add", "--cacheinfo", &gitlink]);
    s.commit_staged("add a submodule", &[]);

    // And a last ordinary change that leaves the gitlink alone.
    s.write("src/lib.rs", "pub fn f() {}\n");
    s.git(&["add", "src/lib.rs"]);
    s.commit_staged("last", &[]);

    Scenario {
        sandbox: s,
        root,
        second_root,
        replace_file_by_dir,
        chmod_only,
        symlink_to_file,
        empty,
        with_trailers,
        pull_request_merge,
        no_ff_merge,
        unrelated_merge,
        conflict_merge,
        evil_merge,
        clean_same_file_merge,
        taken_side_merge,
        both_sides_merge,
        evil_same_file_merge,
    }
}

/// `git show -c --name-only` of a merge: the paths that differ from every parent.
fn git_combined_names(sandbox: &Sandbox, dir: &Path, merge: Oid) -> Vec<String> {
    let out = sandbox.run(
        dir,
        &["show", "-c", "--name-only", "--format=", &merge.to_string()],
        None,
    );
    String::from_utf8(out)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn facts_of(all: &[CommitFacts], id: Oid) -> &CommitFacts {
    all.iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id} not walked"))
}

#[test]
fn scenario_walk_matches_git_log() {
    let sc = scenario();
    let s = &sc.sandbox;
    let dir = s.repo();
    let walked = assert_agrees_with_git(s, &dir, "HEAD");
    let all = &walked.commits;
    assert_eq!(all.len(), 42, "{}", describe(all));

    // The cases that matter most, spelled out.
    let paths = |id: Oid| facts_of(all, id).paths.clone();
    assert_eq!(
        paths(sc.root),
        [
            "README",
            "a",
            "a-b",
            "a.c",
            "a0",
            "docs/api.md",
            "docs/guide.md",
            "src/deep/a/b/c.txt",
            "src/deep/top.txt",
            "src/lib.rs",
            "tool.sh"
        ]
    );
    assert_eq!(paths(sc.replace_file_by_dir), ["a", "a.c", "a/x", "a/y/z"]);
    assert_eq!(paths(sc.chmod_only), ["README"]);
    assert_eq!(paths(sc.symlink_to_file), ["link"]);
    assert_eq!(paths(sc.empty), Vec::<String>::new());
    assert_eq!(paths(sc.second_root), ["a.c", "other/readme"]);
    assert_eq!(
        paths(sc.with_trailers),
        [
            "a/y/Ünïcode",
            "file with space.txt",
            "naïve/é.txt",
            "日本/語 る.md"
        ]
    );

    // Merges that only bring in their parents' changes have no paths of their own; both
    // parents, first parent first.
    for merge in [sc.pull_request_merge, sc.no_ff_merge, sc.unrelated_merge] {
        let facts = facts_of(all, merge);
        assert_eq!(facts.parents.len(), 2);
        assert!(facts.paths.is_empty(), "{:?}", facts.paths);
        let parents = s.git(&["rev-parse", &format!("{merge}^1"), &format!("{merge}^2")]);
        assert_eq!(facts.parents, parents.lines().map(oid).collect::<Vec<_>>());
    }
    // A merge's own edits: the conflict it resolved, a file it deleted and one it added; not
    // the file it took from one side, nor the side's other files.
    assert_eq!(paths(sc.conflict_merge), ["NOTES", "a.c", "docs/api.md"]);
    assert_eq!(paths(sc.evil_merge), ["README"]);
    // go.mod differs from both parents of these merges, but each of its hunks is one side's:
    // edits far apart merged cleanly, and a conflict resolved with one side's line.
    for merge in [sc.clean_same_file_merge, sc.taken_side_merge] {
        assert!(facts_of(all, merge).paths.is_empty(), "{merge}");
        assert_eq!(git_combined_names(s, &dir, merge), ["go.mod"], "{merge}");
    }
    // Both sides' lines kept in a conflict, and a line of the merge's own beside a clean merge.
    assert_eq!(paths(sc.both_sides_merge), ["go.mod"]);
    assert_eq!(paths(sc.evil_same_file_merge), ["go.mod"]);
    assert_eq!(
        facts_of(all, sc.pull_request_merge)
            .merged_handle
            .as_deref(),
        Some("alice-b")
    );
    assert_eq!(facts_of(all, sc.no_ff_merge).merged_handle, None);

    // Trailers.
    let ident = |name: &str, email: &str| Ident {
        name: name.to_string(),
        email: email.to_string(),
    };
    assert_eq!(
        facts_of(all, sc.with_trailers).trailers,
        [
            (
                TrailerKind::CoAuthoredBy,
                ident("Carol", "carol@example.com")
            ),
            (TrailerKind::SignedOffBy, ident("Bob", "bob@example.com")),
        ]
    );

    // Two roots: the coverage names the older.
    assert_eq!(walked.coverage.root_time, Some(time_of(all, sc.root)));
    assert!(time_of(all, sc.second_root) > time_of(all, sc.root));

    // The side branches on their own.
    for branch in ["side", "ff", "other"] {
        assert_agrees_with_git(s, &dir, branch);
    }
    let other = walk_all(&dir, "other");
    assert_eq!(other.coverage.root_time, Some(time_of(all, sc.second_root)));
}

// --- 2. Random histories ---

/// xorshift64*: deterministic, good enough to pick histories.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Path components chosen to collide and to sort trickily in git's tree order.
const NAMES: [&str; 12] = [
    "a", "a.c", "a-b", "a0", "a.b", "b", "d", "x y", "é", "日本", "Z", "a_",
];

/// A branch's files as fast-import will write them: path → (mode, content).
#[derive(Clone, Default, Debug)]
struct Files(BTreeMap<String, (u32, String)>);

impl Files {
    /// Every directory that holds a file.
    fn dirs(&self) -> Vec<String> {
        let mut dirs = BTreeSet::new();
        for path in self.0.keys() {
            let mut at = 0;
            while let Some(slash) = path[at..].find('/') {
                dirs.insert(path[..at + slash].to_string());
                at += slash + 1;
            }
        }
        dirs.into_iter().collect()
    }

    fn files(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }

    /// Deletes a file or a directory.
    fn delete(&mut self, path: &str, ops: &mut String) {
        let under = format!("{path}/");
        let before = self.0.len();
        self.0.retain(|p, _| p != path && !p.starts_with(&under));
        if self.0.len() != before {
            ops.push_str(&format!("D {path}\n"));
        }
    }

    /// Writes a file, first deleting what stands in its way: files named like one of its
    /// directories, and a directory of its own name.
    fn set(&mut self, path: &str, mode: u32, content: &str, ops: &mut String) {
        let mut at = 0;
        while let Some(slash) = path[at..].find('/') {
            let prefix = &path[..at + slash];
            if self.0.contains_key(prefix) {
                self.delete(prefix, ops);
            }
            at += slash + 1;
        }
        if self.0.keys().any(|p| p.starts_with(&format!("{path}/"))) {
            self.delete(path, ops);
        }
        self.0.insert(path.to_string(), (mode, content.to_string()));
        ops.push_str(&format!(
            "M {mode:o} inline {path}\ndata {}\n{content}\n",
            content.len()
        ));
    }
}

struct Branch {
    name: String,
    tip: Option<usize>,
    files: Files,
    /// Whether it has commits main does not have.
    ahead: bool,
}

fn random_path(rng: &mut Rng) -> String {
    let depth = rng.range(1, 4);
    (0..depth)
        .map(|_| *rng.pick(&NAMES))
        .collect::<Vec<_>>()
        .join("/")
}

/// One random change to `files`, as fast-import commands.
fn random_change(rng: &mut Rng, files: &mut Files, counter: &mut usize, ops: &mut String) {
    *counter += 1;
    let content = format!("v{counter}");
    let existing = files.files();
    let dirs = files.dirs();
    let full = files.0.len() >= 40;
    let choice = if existing.is_empty() {
        0
    } else {
        rng.below(if full { 3 } else { 10 })
    };
    // When full, the first choices delete.
    let choice = if full { [3, 4, 5][choice] } else { choice };
    match choice {
        // Add a file (a one-liner or lines of text), a script or a symlink.
        0 | 9 => {
            let mode = *rng.pick(&[0o100644, 0o100644, 0o100644, 0o100755, 0o120000]);
            let content = if mode == 0o120000 {
                format!("../{}", rng.pick(&NAMES))
            } else if rng.chance(60) {
                let count = rng.range(4, 24);
                (0..count).map(|i| format!("v{counter}.{i}\n")).collect()
            } else {
                content
            };
            files.set(&random_path(rng), mode, &content, ops);
        }
        // Modify a file: a few lines of a text (texts more often: both sides of a merge then
        // edit the same ones), or the whole file (sometimes to the same bytes: no change).
        1 => {
            let texts: Vec<String> = existing
                .iter()
                .filter(|p| is_text(&files.0[*p].1))
                .cloned()
                .collect();
            let path = if !texts.is_empty() && rng.chance(70) {
                rng.pick(&texts).clone()
            } else {
                rng.pick(&existing).clone()
            };
            let (mode, old) = files.0[&path].clone();
            let content = if rng.chance(15) {
                old
            } else if is_text(&old) && rng.chance(80) {
                edit_lines(rng, &old, *counter)
            } else {
                content
            };
            files.set(&path, mode, &content, ops);
        }
        // Change a mode only: 644 ↔ 755, or a symlink into a file with the same blob.
        2 => {
            let path = rng.pick(&existing).clone();
            let (mode, old) = files.0[&path].clone();
            let mode = match mode {
                0o100644 => 0o100755,
                0o100755 => 0o100644,
                _ => 0o100644,
            };
            files.set(&path, mode, &old, ops);
        }
        // Delete a file.
        3 => {
            let path = rng.pick(&existing).clone();
            files.delete(&path, ops);
        }
        // Delete a directory.
        4 => match dirs.is_empty() {
            true => files.delete(&rng.pick(&existing).clone(), ops),
            false => files.delete(&rng.pick(&dirs).clone(), ops),
        },
        // Rename, as git without rename detection sees it: delete and add.
        5 => {
            let path = rng.pick(&existing).clone();
            let (mode, old) = files.0[&path].clone();
            files.delete(&path, ops);
            files.set(&random_path(rng), mode, &old, ops);
        }
        // A file becomes a directory.
        6 => {
            let path = rng.pick(&existing).clone();
            if path.matches('/').count() < 3 {
                files.set(
                    &format!("{path}/{}", rng.pick(&NAMES)),
                    0o100644,
                    &content,
                    ops,
                );
            }
        }
        // A directory becomes a file.
        7 => {
            if let Some(dir) = (!dirs.is_empty()).then(|| rng.pick(&dirs).clone()) {
                files.set(&dir, 0o100644, &content, ops);
            }
        }
        // Several files of one directory change together.
        _ => {
            let path = rng.pick(&existing).clone();
            let dir = path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
            for sibling in existing
                .iter()
                .filter(|p| p.rsplit_once('/').map_or("", |(d, _)| d) == dir)
            {
                if rng.chance(60) {
                    let (mode, _) = files.0[sibling].clone();
                    files.set(sibling, mode, &format!("{content}-{sibling}"), ops);
                }
            }
        }
    }
}

/// Whether a generated file is lines of text (a one-liner has no newline).
fn is_text(content: &str) -> bool {
    content.contains('\n')
}

/// One to three line edits of a text: a line replaced, inserted or deleted.
fn edit_lines(rng: &mut Rng, old: &str, counter: usize) -> String {
    let mut lines: Vec<String> = old.split_inclusive('\n').map(str::to_string).collect();
    for edit in 0..rng.range(1, 3) {
        let at = rng.below(lines.len() + 1);
        match rng.below(4) {
            0 if at < lines.len() && lines.len() > 1 => {
                lines.remove(at);
            }
            1 => lines.insert(at, format!("v{counter}.new{edit}\n")),
            _ if at < lines.len() => lines[at] = format!("v{counter}.{edit}\n"),
            _ => lines.push(format!("v{counter}.end{edit}\n")),
        }
    }
    lines.concat()
}

/// What a merge makes of a text both sides changed: where the two differ (by a longest common
/// subsequence of lines), one side's lines, now and then both sides' (as a clean merge or a
/// resolution does, in places far apart or close together).
fn mix_lines(rng: &mut Rng, ours: &str, theirs: &str) -> String {
    let ours: Vec<&str> = ours.split_inclusive('\n').collect();
    let theirs: Vec<&str> = theirs.split_inclusive('\n').collect();
    let (n, m) = (ours.len(), theirs.len());
    let mut common = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = if ours[i] == theirs[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let mut mixed = String::new();
    let (mut ours_run, mut theirs_run) = (String::new(), String::new());
    let mut settle = |mixed: &mut String, ours_run: &mut String, theirs_run: &mut String| {
        if ours_run.is_empty() && theirs_run.is_empty() {
            return;
        }
        match rng.below(10) {
            0 => {
                mixed.push_str(ours_run);
                mixed.push_str(theirs_run);
            }
            1..=4 => mixed.push_str(ours_run),
            _ => mixed.push_str(theirs_run),
        }
        ours_run.clear();
        theirs_run.clear();
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && ours[i] == theirs[j] {
            settle(&mut mixed, &mut ours_run, &mut theirs_run);
            mixed.push_str(ours[i]);
            i += 1;
            j += 1;
        } else if j < m && (i == n || common[i][j + 1] >= common[i + 1][j]) {
            theirs_run.push_str(theirs[j]);
            j += 1;
        } else {
            ours_run.push_str(ours[i]);
            i += 1;
        }
    }
    settle(&mut mixed, &mut ours_run, &mut theirs_run);
    mixed
}

/// The text most commits edit a few lines of (written anew where it is missing), so that the
/// two sides of a merge often both edited it.
const SHARED_TEXT: &str = "shared.txt";

fn edit_shared_text(rng: &mut Rng, files: &mut Files, counter: usize, ops: &mut String) {
    let content = match files.0.get(SHARED_TEXT) {
        Some((_, old)) if is_text(old) => edit_lines(rng, old, counter),
        _ => (0..30).map(|i| format!("shared {i}\n")).collect(),
    };
    files.set(SHARED_TEXT, 0o100644, &content, ops);
}

/// A random history of `commits` commits, as a fast-import stream: mostly on `main`, with
/// branches (some orphans: more roots) merged back now and then, sometimes several at once.
fn random_history(seed: u64, commits: usize) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut stream = String::new();
    let mut branches = vec![Branch {
        name: "main".to_string(),
        tip: None,
        files: Files::default(),
        ahead: false,
    }];
    let mut time = T0 + rng.below(1_000) as i64;
    let mut counter = 0;
    let mut made = 0;
    for mark in 1..=commits {
        time += 1 + rng.below(5_000) as i64;
        let mut ops = String::new();
        let mut merges = Vec::new();
        let index;
        let side: Vec<usize> = (1..branches.len()).filter(|&i| branches[i].ahead).collect();
        if mark > 2 && branches.len() < 5 && rng.chance(10) {
            // A new branch from main, or an orphan.
            let orphan = rng.chance(20);
            made += 1;
            branches.push(Branch {
                name: format!("topic{made}"),
                tip: if orphan { None } else { branches[0].tip },
                files: if orphan {
                    Files::default()
                } else {
                    branches[0].files.clone()
                },
                ahead: false,
            });
            index = branches.len() - 1;
        } else if !side.is_empty() && rng.chance(25) {
            // A merge into main, of one branch or (an octopus) of several.
            index = 0;
            let count = if side.len() > 1 && rng.chance(25) {
                2
            } else {
                1
            };
            for &other in side.iter().take(count) {
                merges.push(branches[other].tip.expect("a branch ahead has commits"));
                let theirs = branches[other].files.clone();
                for (path, (mode, content)) in &theirs.0 {
                    let ours = branches[0].files.0.get(path).cloned();
                    match ours {
                        // A text both sides have, in different versions: lines of each.
                        Some((our_mode, ours))
                            if our_mode == *mode
                                && ours != *content
                                && is_text(&ours)
                                && is_text(content)
                                && rng.chance(90) =>
                        {
                            let mixed = mix_lines(&mut rng, &ours, content);
                            branches[0].files.set(path, *mode, &mixed, &mut ops);
                        }
                        _ if rng.chance(70) => {
                            branches[0].files.set(path, *mode, content, &mut ops);
                        }
                        _ => {}
                    }
                }
                branches[other].ahead = false;
            }
            // An evil merge, now and then: a change of its own.
            if rng.chance(30) {
                random_change(&mut rng, &mut branches[0].files, &mut counter, &mut ops);
            }
        } else {
            index = if branches.len() > 1 && rng.chance(35) {
                rng.range(1, branches.len() - 1)
            } else {
                0
            };
        }
        if merges.is_empty() {
            // Zero changes now and then: an empty commit (an empty root tree, too).
            let changes = if rng.chance(6) { 0 } else { rng.range(1, 4) };
            for _ in 0..changes {
                random_change(&mut rng, &mut branches[index].files, &mut counter, &mut ops);
            }
            if changes > 0 && rng.chance(80) {
                edit_shared_text(&mut rng, &mut branches[index].files, counter, &mut ops);
            }
        }
        let branch = &mut branches[index];
        let message = format!("commit {mark} on {}", branch.name);
        let author = AUTHORS[rng.below(AUTHORS.len())];
        let author_time = time - rng.below(100_000) as i64;
        stream.push_str(&format!(
            "commit refs/heads/{}\nmark :{mark}\nauthor {} <{}> {author_time} +0200\n\
             committer Committer <committer@example.com> {time} +0000\ndata {}\n{message}\n",
            branch.name,
            author.0,
            author.1,
            message.len()
        ));
        if let Some(tip) = branch.tip {
            stream.push_str(&format!("from :{tip}\n"));
        }
        for merged in &merges {
            stream.push_str(&format!("merge :{merged}\n"));
        }
        stream.push_str(&ops);
        stream.push('\n');
        branch.tip = Some(mark);
        if index > 0 {
            branch.ahead = true;
        }
    }
    stream.push_str("done\n");
    stream.into_bytes()
}

/// Writes a random history into a new bare repository `name` of the sandbox.
fn random_repo(sandbox: &Sandbox, name: &str, seed: u64, commits: usize) -> PathBuf {
    let dir = sandbox.home().join(name);
    std::fs::create_dir(&dir).unwrap();
    sandbox.run(&dir, &["init", "-q", "--bare"], None);
    let stream = random_history(seed, commits);
    sandbox.run(&dir, &["fast-import", "--quiet", "--done"], Some(&stream));
    dir
}

const SEEDS: [u64; 12] = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 0x5EED];

#[test]
fn random_histories_match_git_log() {
    let sandbox = Sandbox::new();
    let (mut merges, mut octopus, mut roots, mut empty, mut swaps, mut symlinks) =
        (0, 0, 0, 0, 0, 0);
    let (mut own_edits, mut own_text_edits, mut combined_only) = (0, 0, 0);
    for seed in SEEDS {
        let commits = 30 + (seed as usize * 7) % 31;
        let dir = random_repo(&sandbox, &format!("random-{seed}"), seed, commits);
        let walked = assert_agrees_with_git(&sandbox, &dir, "main");
        assert_windows_agree(&sandbox, &dir, "main", &walked.commits);
        assert_cache_agrees(&sandbox, &dir, "main", &format!("random-{seed}"));

        let all = &walked.commits;
        merges += all.iter().filter(|c| c.is_merge()).count();
        octopus += all.iter().filter(|c| c.parents.len() > 2).count();
        roots += all.iter().filter(|c| c.parents.is_empty()).count();
        empty += all
            .iter()
            .filter(|c| !c.is_merge() && c.paths.is_empty())
            .count();
        own_edits += all
            .iter()
            .filter(|c| c.is_merge() && !c.paths.is_empty())
            .count();
        swaps += all
            .iter()
            .filter(|c| {
                c.paths
                    .iter()
                    .any(|p| c.paths.iter().any(|q| q.starts_with(&format!("{p}/"))))
            })
            .count();
        let stream = String::from_utf8(random_history(seed, commits)).unwrap();
        symlinks += stream.matches("M 120000 ").count();
        // What the dense combined diff decides: paths of `git log -c` it leaves out, and
        // texts every parent has that it keeps.
        let combined = git_combined_paths(&sandbox, &dir, "main");
        let repo = Repository::open(&dir).unwrap();
        for merge in all.iter().filter(|c| c.is_merge()) {
            combined_only += combined[&merge.id].len() - merge.paths.len();
            own_text_edits += merge
                .paths
                .iter()
                .filter(|path| {
                    merge.parents.iter().all(|&parent| {
                        let tree = repo.find_commit(parent).unwrap().tree().unwrap();
                        tree.get_path(Path::new(path.as_str())).is_ok_and(|entry| {
                            let blob = entry.to_object(&repo).unwrap();
                            blob.as_blob().is_some_and(|b| b.content().contains(&b'\n'))
                        })
                    })
                })
                .count();
        }
    }
    // The generator does make what the test is about.
    assert!(merges >= 10, "only {merges} merges");
    assert!(
        own_edits >= 3,
        "only {own_edits} merges with edits of their own"
    );
    assert!(
        combined_only >= 10,
        "only {combined_only} paths of `git log -c` that are no merge's own edit ({own_text_edits} texts kept)"
    );
    assert!(
        own_text_edits >= 5,
        "only {own_text_edits} texts of both sides edited in their merge"
    );
    assert!(octopus >= 1, "no octopus merge");
    assert!(roots > SEEDS.len(), "only {roots} roots");
    assert!(empty >= 3, "only {empty} empty commits");
    assert!(swaps >= 5, "only {swaps} file/directory swaps");
    assert!(symlinks >= 5, "only {symlinks} symlinks");
}

// --- 3. The window ---

/// Hundreds of commits with dozens of merges, whose own edits are judged on two threads (the
/// second core is free from the start): what they find is what git shows, and what one thread
/// finds (a core that stays held leaves every merge to the walk's own thread).
#[test]
fn long_random_histories_read_on_two_threads_match_git_log_and_one_thread() {
    let sandbox = Sandbox::new();
    for seed in [7, 0x5EED] {
        let dir = random_repo(&sandbox, &format!("long-{seed}"), seed, 300);
        let two = assert_agrees_with_git(&sandbox, &dir, "main");
        assert!(two.commits.iter().filter(|c| c.is_merge()).count() > 10);
        let (repo, tip) = tip_of(&dir, "main");
        let one = walk(
            &repo,
            tip,
            i64::MIN,
            i64::MAX,
            &mut Cache::disabled(),
            &SecondCore::held(),
            &mut |_| {},
        )
        .expect("walk");
        assert_eq!(one.commits, two.commits);
        assert_eq!(one.coverage, two.coverage);
    }
}

#[test]
fn scenario_window_is_what_git_log_since_until_returns() {
    let sc = scenario();
    let dir = sc.sandbox.repo();
    let all = walk_all(&dir, "HEAD").commits;
    assert_windows_agree(&sc.sandbox, &dir, "HEAD", &all);

    // A window that ends before the second root but starts after the first: older commits
    // exist, and the second root is reached (traversed, though newer than the end).
    let start = time_of(&all, sc.root) + 1;
    let end = time_of(&all, sc.second_root) - 1;
    let window = walk_window(&dir, "HEAD", start, end, &mut Cache::disabled());
    assert!(window.coverage.passed_start);
    assert_eq!(
        window.coverage.root_time,
        Some(time_of(&all, sc.second_root))
    );
    assert!(window.commits.iter().all(|c| c.id != sc.second_root));
    // Starting exactly at the second root reaches it, and passes the start (the first root is
    // older).
    let start = time_of(&all, sc.second_root);
    let window = walk_window(&dir, "HEAD", start, i64::MAX, &mut Cache::disabled());
    assert!(window.coverage.passed_start);
    assert_eq!(window.coverage.root_time, Some(start));
    assert_eq!(window.commits.last().map(|c| c.commit_time), Some(start));
}

// --- 4. Shallow clones ---

/// Clones `src` with `--depth` (through `file://`, so that the depth is honoured).
fn shallow_clone(sandbox: &Sandbox, src: &Path, name: &str, depth: usize) -> PathBuf {
    let dst = sandbox.home().join(name);
    let url = format!("file://{}", src.display());
    let depth = depth.to_string();
    sandbox.run(
        sandbox.home(),
        &[
            "clone",
            "-q",
            "--no-checkout",
            "--depth",
            &depth,
            &url,
            dst.to_str().unwrap(),
        ],
        None,
    );
    assert!(Repository::open(&dst).unwrap().is_shallow());
    dst
}

/// The commits `.git/shallow` names: git treats them as roots.
fn shallow_commits(dir: &Path) -> BTreeSet<Oid> {
    std::fs::read_to_string(dir.join(".git/shallow"))
        .unwrap()
        .lines()
        .map(oid)
        .collect()
}

fn object_exists(repo: &Repository, id: Oid) -> bool {
    repo.odb().unwrap().exists(id)
}

/// Walks a shallow clone whole and asserts: only present commits, git's commits (as git sees
/// the clone) in git's order, the boundary at the newest commit with a missing parent, the
/// boundary commits flagged, and every other commit's paths as in the full repository.
fn assert_shallow_walk(sandbox: &Sandbox, full: &[CommitFacts], clone: &Path) -> Walk {
    let walked = walk_all(clone, "HEAD");
    let repo = Repository::open(clone).unwrap();
    let shallow = shallow_commits(clone);
    let git_view = git_rev_list(sandbox, clone, "HEAD", &[]);
    assert_eq!(
        ids(&walked.commits),
        git_view,
        "the walk of the shallow clone differs from `git rev-list` in it:\n{}\nshallow: {shallow:?}",
        describe(&walked.commits)
    );
    let by_id: HashMap<Oid, &CommitFacts> = full.iter().map(|c| (c.id, c)).collect();
    let mut boundary = None;
    for facts in &walked.commits {
        assert!(object_exists(&repo, facts.id));
        let original = by_id[&facts.id];
        // The commit's own facts are those of the full repository...
        assert_eq!(facts.parents, original.parents);
        assert_eq!(facts.author, original.author);
        assert_eq!(facts.commit_time, original.commit_time);
        let missing_parent = facts.parents.iter().any(|p| !object_exists(&repo, *p));
        if missing_parent {
            assert!(
                shallow.contains(&facts.id),
                "{} lacks a parent but is not shallow",
                facts.id
            );
            boundary = Some(boundary.map_or(facts.commit_time, |b: i64| b.max(facts.commit_time)));
            // ...but a boundary commit's paths cannot be known: it is flagged, without paths.
            if !facts.is_merge() {
                assert!(facts.missing_objects, "boundary {} not flagged", facts.id);
                assert!(
                    facts.paths.is_empty(),
                    "boundary {}: {:?}",
                    facts.id,
                    facts.paths
                );
            }
        } else {
            assert!(!facts.missing_objects, "{} flagged", facts.id);
            assert_eq!(facts.paths, original.paths, "paths of {}", facts.id);
        }
    }
    assert!(
        boundary.is_some(),
        "no boundary found in {}",
        clone.display()
    );
    let coverage = &walked.coverage;
    assert_eq!(coverage.shallow_boundary, boundary, "{coverage:?}");
    // A boundary is not a partial clone: no tree is missing, only parents.
    assert_eq!(coverage.missing_trees, 0, "{coverage:?}");
    assert!(!coverage.passed_start);
    walked
}

#[test]
fn shallow_clone_of_a_linear_history_stops_at_its_boundary() {
    let s = Sandbox::new();
    for i in 0..12 {
        s.write(&format!("dir{}/f{i}.txt", i % 3), &format!("{i}\n"));
        if i % 4 == 3 {
            s.remove(&format!("dir{}/f{}.txt", (i - 1) % 3, i - 1));
        }
        s.commit(&format!("commit {i}"));
    }
    let full = walk_all(&s.repo(), "HEAD").commits;
    let clone = shallow_clone(&s, &s.repo(), "shallow", 5);
    let walked = assert_shallow_walk(&s, &full, &clone);

    // Exactly the five newest commits, the fifth being the boundary.
    assert_eq!(ids(&walked.commits), ids(&full[..5]));
    let boundary = &walked.commits[4];
    assert_eq!(shallow_commits(&clone), BTreeSet::from([boundary.id]));
    assert_eq!(walked.coverage.shallow_boundary, Some(boundary.commit_time));
    assert!(boundary.missing_objects);
    assert_eq!(walked.coverage.missing_trees, 0);
    assert_eq!(walked.coverage.root_time, None);
    assert_eq!(walked.coverage.read, 5);

    // A window inside the clone's history does not reach the boundary.
    let start = walked.commits[2].commit_time;
    let window = walk_window(&clone, "HEAD", start, i64::MAX, &mut Cache::disabled());
    assert_eq!(ids(&window.commits), ids(&full[..3]));
    assert!(window.coverage.passed_start);
    assert_eq!(window.coverage.shallow_boundary, None);

    // Through a cache: the boundary is never cached, so it is flagged every time.
    let path = s.home().join("shallow-cache");
    let (mut cache, _) = Cache::load(path.clone());
    let cold = walk_window(&clone, "HEAD", i64::MIN, i64::MAX, &mut cache);
    cache.save().unwrap();
    let (mut cache, _) = Cache::load(path);
    assert_eq!(cache.len(), 4);
    let warm = walk_window(&clone, "HEAD", i64::MIN, i64::MAX, &mut cache);
    assert_eq!(cold.commits, walked.commits);
    assert_eq!(warm.commits, walked.commits);
    assert_eq!(
        warm.coverage.shallow_boundary,
        walked.coverage.shallow_boundary
    );
    assert_eq!(warm.coverage.missing_trees, 0);
    assert_eq!((warm.coverage.cached, warm.coverage.read), (4, 1));
}

#[test]
fn shallow_clones_of_histories_with_merges() {
    let sc = scenario();
    let s = &sc.sandbox;
    let full = walk_all(&s.repo(), "HEAD").commits;
    for depth in [1, 2, 3, 5, 8] {
        let clone = shallow_clone(s, &s.repo(), &format!("scenario-depth-{depth}"), depth);
        assert_shallow_walk(s, &full, &clone);
    }
    for seed in [3, 21, 144] {
        let dir = random_repo(s, &format!("random-{seed}"), seed, 50);
        let full = walk_all(&dir, "main").commits;
        for depth in [2, 5, 9] {
            let clone = shallow_clone(s, &dir, &format!("random-{seed}-depth-{depth}"), depth);
            assert_shallow_walk(s, &full, &clone);
        }
    }
}

/// Two commits of a shallow clone share a parent that is not there: both are its boundary,
/// and no tree is missing.
#[test]
fn shallow_boundary_shared_by_two_commits_is_not_a_missing_tree() {
    let s = Sandbox::new();
    s.write("base", "0\n");
    s.commit("old");
    s.write("base", "1\n");
    let fork = s.commit("fork point");
    s.git(&["checkout", "-q", "-b", "side"]);
    s.write("side.txt", "side\n");
    let side = s.commit("side");
    s.git(&["checkout", "-q", "main"]);
    s.write("main.txt", "main\n");
    let main = s.commit("main");
    let merge = s.merge("side", "Merge branch 'side'", &[]);
    let full = walk_all(&s.repo(), "HEAD").commits;

    // Depth 2 from the merge: the merge and its two parents; the fork point is cut.
    let clone = shallow_clone(&s, &s.repo(), "shallow", 2);
    assert_eq!(shallow_commits(&clone), BTreeSet::from([side, main]));
    let repo = Repository::open(&clone).unwrap();
    assert!(!object_exists(&repo, fork));
    let walked = walk_all(&clone, "HEAD");
    assert_eq!(ids(&walked.commits), [merge, main, side]);
    // Both children of the missing fork point are boundary commits, flagged alike.
    for id in [main, side] {
        let facts = facts_of(&walked.commits, id);
        assert!(facts.missing_objects, "{id}");
        assert!(facts.paths.is_empty(), "{id}");
    }
    let coverage = &walked.coverage;
    assert_eq!(coverage.shallow_boundary, Some(time_of(&full, main)));
    // No tree is missing: only parents are (a shallow clone is not a partial clone).
    assert_eq!(
        coverage.missing_trees, 0,
        "the second child of a missing parent is taken for a partial clone: {coverage:?}"
    );
    assert_shallow_walk(&s, &full, &clone);
}

// --- 5. The cache ---

#[test]
fn cache_gives_the_same_facts_as_no_cache() {
    let sc = scenario();
    let s = &sc.sandbox;
    assert_cache_agrees(s, &s.repo(), "HEAD", "scenario");
    assert_cache_agrees(s, &s.repo(), "side", "scenario-side");
    // One cache file serves two tips of the same repository.
    let path = s.home().join("cache-shared");
    for rev in ["side", "HEAD", "other"] {
        let (mut cache, note) = Cache::load(path.clone());
        assert_eq!(note, None);
        let cached = walk_window(&s.repo(), rev, i64::MIN, i64::MAX, &mut cache);
        assert_eq!(cached.commits, walk_all(&s.repo(), rev).commits, "{rev}");
        cache.save().unwrap();
    }
}

// --- 6. Identities that are not UTF-8 ---

#[test]
fn non_utf8_identities_are_read_lossily() {
    let s = Sandbox::new();
    s.write("README", "hello\n");
    let parent = s.commit("first");
    s.write("src/é.txt", "latin\n");
    // A file name that is not UTF-8 either (Latin-1 `café.txt`).
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        std::fs::write(s.repo().join("src").join(name), "latin-1 name\n").unwrap();
    }
    s.git(&["add", "-A"]);
    let tree = s.git(&["write-tree"]).trim().to_string();

    // Latin-1 bytes in the author's name and email, the committer's name, the message and a
    // trailer; no `encoding` header (as old tools wrote them).
    let mut raw = Vec::new();
    raw.extend_from_slice(format!("tree {tree}\nparent {parent}\n").as_bytes());
    raw.extend_from_slice(b"author Ren\xe9 Mart\xedn <ren\xe9@example.com> 1700100000 +0100\n");
    raw.extend_from_slice(b"committer J\xf6rg <joerg@example.com> 1700100100 -0500\n\n");
    raw.extend_from_slice(b"Caf\xe9\n\nCo-authored-by: Fran\xe7ois <fr@example.com>\n");
    let id = s.run(
        &s.repo(),
        &[
            "hash-object",
            "-t",
            "commit",
            "-w",
            "--literally",
            "--stdin",
        ],
        Some(&raw),
    );
    let id = oid(std::str::from_utf8(&id).unwrap().trim());
    s.git(&["update-ref", "refs/heads/main", &id.to_string()]);

    let walked = assert_agrees_with_git(&s, &s.repo(), "main");
    let facts = &walked.commits[0];
    assert_eq!(facts.id, id);
    assert_eq!(facts.author.name, "Ren\u{fffd} Mart\u{fffd}n");
    assert_eq!(facts.author.email, "ren\u{fffd}@example.com");
    assert_eq!(facts.author_time, 1_700_100_000);
    assert_eq!(facts.committer.name, "J\u{fffd}rg");
    assert_eq!(facts.commit_time, 1_700_100_100);
    assert_eq!(facts.paths, ["src/caf\u{fffd}.txt", "src/é.txt"]);
    assert_eq!(
        facts.trailers,
        [(
            TrailerKind::CoAuthoredBy,
            Ident {
                name: "Fran\u{fffd}ois".to_string(),
                email: "fr@example.com".to_string()
            }
        )]
    );

    // The replacement characters survive the cache.
    assert_cache_agrees(&s, &s.repo(), "main", "latin1");
}

/// A commit whose author line has no `<email>` (git fsck: missingEmail; old imports have such
/// commits) is shown by `git log`, which walks on to its parents. The walk must not take it
/// for a missing commit: that would cut the history there and call it a shallow boundary.
#[test]
fn commit_with_a_malformed_author_does_not_cut_the_history() {
    let s = Sandbox::new();
    s.write("README", "hello\n");
    let root = s.commit("first");
    s.write("README", "hello again\n");
    s.git(&["add", "-A"]);
    let tree = s.git(&["write-tree"]).trim().to_string();
    let raw = format!(
        "tree {tree}\nparent {root}\nauthor Foo Bar 1700100000 +0000\n\
         committer Foo Bar 1700100000 +0000\n\nno email\n"
    );
    let hash = [
        "hash-object",
        "-t",
        "commit",
        "-w",
        "--literally",
        "--stdin",
    ];
    let malformed = s.run(&s.repo(), &hash, Some(raw.as_bytes()));
    let malformed = oid(std::str::from_utf8(&malformed).unwrap().trim());
    let raw = format!(
        "tree {tree}\nparent {malformed}\nauthor A <a@example.com> 1700200000 +0000\n\
         committer A <a@example.com> 1700200000 +0000\n\nchild\n"
    );
    let child = s.run(&s.repo(), &hash, Some(raw.as_bytes()));
    let child = oid(std::str::from_utf8(&child).unwrap().trim());
    s.git(&["update-ref", "refs/heads/main", &child.to_string()]);
    assert_eq!(
        git_rev_list(&s, &s.repo(), "main", &["--topo-order"]),
        [child, malformed, root]
    );

    let walked = walk_all(&s.repo(), "main");
    let walked_ids = ids(&walked.commits);
    assert_eq!(
        walked.coverage.shallow_boundary, None,
        "{:?}",
        walked.coverage
    );
    assert!(walked_ids.contains(&malformed), "{walked_ids:?}");
    assert!(walked_ids.contains(&root), "{walked_ids:?}");
    assert_eq!(
        walked.coverage.root_time,
        Some(time_of(&walked.commits, root))
    );
}

// --- Progress ---

#[test]
fn progress_is_reported_every_thousand_commits() {
    let s = Sandbox::new();
    let dir = s.home().join("long");
    std::fs::create_dir(&dir).unwrap();
    s.run(&dir, &["init", "-q", "--bare"], None);
    let mut stream = String::new();
    for mark in 1..=2_500 {
        let content = format!("{mark}\n");
        stream.push_str(&format!(
            "commit refs/heads/main\nmark :{mark}\n\
             committer C <c@example.com> {} +0000\ndata 1\nx\n",
            T0 + mark as i64 * 60
        ));
        if mark > 1 {
            stream.push_str(&format!("from :{}\n", mark - 1));
        }
        stream.push_str(&format!(
            "M 100644 inline f/{}\ndata {}\n{content}\n\n",
            mark % 17,
            content.len()
        ));
    }
    s.run(&dir, &["fast-import", "--quiet"], Some(stream.as_bytes()));
    let (repo, tip) = tip_of(&dir, "main");
    let mut calls = Vec::new();
    let walked = walk(
        &repo,
        tip,
        i64::MIN,
        i64::MAX,
        &mut Cache::disabled(),
        &SecondCore::free(),
        &mut |n| calls.push(n),
    )
    .unwrap();
    assert_eq!(walked.commits.len(), 2_500);
    assert_eq!(calls, [1_000, 2_000]);
    // fast-import writes the committer as the author when none is given.
    assert_agrees_with_git(&s, &dir, "main");
}
