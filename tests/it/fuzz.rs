//! The fuzz targets of `ownlint::fuzz` as property tests, each for a bounded time: first every
//! seed input (`fuzz/seeds/TARGET/`, the corpus `cargo fuzz` grew in `fuzz/corpus/TARGET/` when
//! there is one, and the real ownership files of `../shared/corpus` for the format targets),
//! then random bytes and mutations of the seeds until the time is up.
//!
//! `OWNLINT_FUZZ_SECS` sets the time per target (default 3 seconds, what CI runs);
//! `OWNLINT_FUZZ_SEED` replays the random inputs of an earlier run, whose seed every run
//! prints (`cargo test --test it fuzz:: -- --nocapture`). A failure shows the smallest input that
//! still fails, as a byte string to paste into a regression test.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

/// Seconds each target runs for when `OWNLINT_FUZZ_SECS` is not set.
const DEFAULT_SECS: f64 = 3.0;
/// Inputs run between two looks at the clock.
const BATCH: u32 = 32;
/// The longest seed kept whole; longer ones are cut there.
const MAX_SEED_LEN: usize = 64 * 1024;
/// The most seeds read from a directory.
const MAX_SEEDS: usize = 400;

/// An input, shown as a Rust byte string.
#[derive(Clone)]
struct Bytes(Vec<u8>);

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("b\"")?;
        for &b in &self.0 {
            write!(f, "{}", std::ascii::escape_default(b))?;
        }
        f.write_str("\"")
    }
}

/// Tokens that matter to some format, inserted by mutations.
const DICTIONARY: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    ":",
    ": ",
    "- ",
    "-",
    "&a ",
    "*a",
    "!!str ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "#",
    "@",
    "@@",
    "*",
    "**",
    "/",
    "../",
    "\\",
    "\u{feff}",
    "\0",
    "é",
    "\u{202e}",
    "\u{1b}[31m",
    "::",
    "##[",
    "`",
    "|",
    "<",
    ">",
    "%",
    "=",
    ",",
    "~",
    "---\n",
    "...\n",
    "approvers:",
    "reviewers:",
    "owner:",
    "aliases:",
    "filters:",
    "options:",
    "reviewed:",
    "no_parent_owners: true",
    "per-file ",
    "file://",
    "include ",
    "set noparent",
    "noparent",
    "#{LAST_RESORT_SUGGESTION}",
    "M:\t",
    "R:\t",
    "S:\t",
    "F:\t",
    "X:\t",
    "N:\t",
    "files:",
    "files-regex:",
    "status:",
    "maintainers:",
    "[Section]",
    "^[Optional]",
    "[2]",
    "from:",
    "to:",
    "date:",
    "area:",
    "## ",
    "2024-02-29",
    "@1700000000",
    "180d",
    "1y",
    "P2W",
    "\u{ff}",
    "version",
    "\"idents\"",
    "\"merges\"",
    "\"repositories\"",
];

/// One edit of a seed.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, Vec<u8>),
    Token(usize, usize),
    Remove(usize, usize),
    Set(usize, u8),
    Repeat(usize, usize, u8),
    Splice(usize, usize),
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit], seeds: &[Vec<u8>]) -> Vec<u8> {
    for edit in edits {
        let at = |i: usize, bytes: &Vec<u8>| i % (bytes.len() + 1);
        match edit {
            Edit::Insert(i, new) => {
                let i = at(*i, &bytes);
                bytes.splice(i..i, new.iter().copied());
            }
            Edit::Token(i, t) => {
                let i = at(*i, &bytes);
                let token = DICTIONARY[t % DICTIONARY.len()].as_bytes();
                bytes.splice(i..i, token.iter().copied());
            }
            Edit::Remove(i, len) => {
                let i = at(*i, &bytes);
                let end = (i + len).min(bytes.len());
                bytes.drain(i..end);
            }
            Edit::Set(i, b) => {
                if !bytes.is_empty() {
                    let i = i % bytes.len();
                    bytes[i] = *b;
                }
            }
            Edit::Repeat(i, len, times) => {
                let i = at(*i, &bytes);
                let end = (i + len).min(bytes.len());
                let part = bytes[i..end].to_vec();
                for _ in 0..*times {
                    bytes.splice(end..end, part.iter().copied());
                }
            }
            Edit::Splice(i, other) => {
                if !seeds.is_empty() {
                    let i = at(*i, &bytes);
                    let other = &seeds[other % seeds.len()];
                    let half = other.len() / 2;
                    bytes.truncate(i);
                    bytes.extend_from_slice(&other[half..]);
                }
            }
        }
    }
    bytes
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, t)| Edit::Token(i, t)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Edit::Remove(i, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<usize>(), 1usize..32, 1u8..16).prop_map(|(i, n, t)| Edit::Repeat(i, n, t)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, o)| Edit::Splice(i, o)),
    ]
}

/// Random bytes, random tokens, and seeds with a few edits.
fn inputs(seeds: Vec<Vec<u8>>) -> BoxedStrategy<Bytes> {
    let random = prop::collection::vec(any::<u8>(), 0..1024).prop_map(Bytes);
    let tokens = prop::collection::vec(any::<usize>(), 0..48).prop_map(|picks| {
        Bytes(
            picks
                .iter()
                .flat_map(|t| DICTIONARY[t % DICTIONARY.len()].bytes())
                .collect(),
        )
    });
    if seeds.is_empty() {
        return prop_oneof![random, tokens].boxed();
    }
    let seeds = std::sync::Arc::new(seeds);
    let pick = seeds.clone();
    let mutated =
        (any::<usize>(), prop::collection::vec(edit(), 1..8)).prop_map(move |(seed, edits)| {
            let start = pick[seed % pick.len()].clone();
            Bytes(apply(start, &edits, &pick))
        });
    prop_oneof![1 => random, 1 => tokens, 4 => mutated].boxed()
}

/// The files of a directory (not below it), each cut at [`MAX_SEED_LEN`], in name order.
fn files_in(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths.truncate(MAX_SEEDS);
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|mut bytes| {
            bytes.truncate(MAX_SEED_LEN);
            bytes
        })
        .collect()
}

/// The real ownership files of `../shared/corpus` a format target starts from.
fn shared_corpus(target: &str) -> Vec<Vec<u8>> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let wanted: fn(&str) -> bool = match target {
        "owners" => |name| name.contains("OWNERS"),
        "chromium" => |name| name.contains("OWNERS") && !name.contains("ALIASES"),
        "codeowners" => |name| name.contains("CODEOWNERS"),
        "maintainers" => |name| name.contains("MAINTAINERS"),
        _ => return Vec::new(),
    };
    let mut found = Vec::new();
    let mut dirs = vec![corpus];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if path.is_dir() {
                dirs.push(path);
            } else if wanted(&name)
                && found.len() < MAX_SEEDS
                && let Ok(mut bytes) = std::fs::read(&path)
            {
                bytes.truncate(MAX_SEED_LEN);
                found.push(bytes);
            }
        }
    }
    found
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut seeds = files_in(&fuzz.join("seeds").join(target));
    seeds.extend(files_in(&fuzz.join("corpus").join(target)));
    seeds.extend(shared_corpus(target));
    seeds
}

fn budget() -> Duration {
    let secs = std::env::var("OWNLINT_FUZZ_SECS")
        .ok()
        .map(|s| {
            s.parse::<f64>()
                .unwrap_or_else(|_| panic!("OWNLINT_FUZZ_SECS={s:?} is not a number of seconds"))
        })
        .unwrap_or(DEFAULT_SECS);
    Duration::from_secs_f64(secs.max(0.0))
}

fn rng_seed() -> u64 {
    match std::env::var("OWNLINT_FUZZ_SEED") {
        Ok(s) => s
            .parse()
            .unwrap_or_else(|_| panic!("OWNLINT_FUZZ_SEED={s:?} is not a number")),
        Err(_) => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            now.as_nanos() as u64 ^ u64::from(std::process::id())
        }
    }
}

/// Runs a target on its seeds, then on generated inputs until its time is up.
fn fuzz(name: &str) {
    let target = ownlint::fuzz::target(name).unwrap_or_else(|| panic!("no target {name}"));
    let seeds = seeds(name);
    for seed in &seeds {
        target(seed);
    }
    let seed = rng_seed();
    let config = Config {
        cases: BATCH,
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..Config::default()
    };
    let strategy = inputs(seeds.clone());
    let slowest = RefCell::new((Duration::ZERO, 0usize));
    let start = Instant::now();
    let deadline = start + budget();
    let mut cases = seeds.len();
    for batch in 0u64.. {
        if Instant::now() >= deadline {
            break;
        }
        // A runner counts its cases over its life: one per batch, each with its own stream.
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        key[8..16].copy_from_slice(&batch.to_le_bytes());
        let named = name.len().min(16);
        key[16..16 + named].copy_from_slice(&name.as_bytes()[..named]);
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &key);
        let mut runner = TestRunner::new_with_rng(config.clone(), rng);
        let result = runner.run(&strategy, |input| {
            let began = Instant::now();
            let outcome = std::panic::catch_unwind(|| target(&input.0));
            let took = began.elapsed();
            let mut slowest = slowest.borrow_mut();
            if took > slowest.0 {
                *slowest = (took, input.0.len());
            }
            outcome.map_err(|panic| {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                TestCaseError::fail(message)
            })
        });
        if let Err(error) = result {
            panic!("fuzz target {name} failed (OWNLINT_FUZZ_SEED={seed}): {error}");
        }
        cases += BATCH as usize;
    }
    let (took, len) = *slowest.borrow();
    eprintln!(
        "fuzz {name}: {cases} inputs in {:.1} s (OWNLINT_FUZZ_SEED={seed}); slowest {:.1} ms, on {len} bytes",
        start.elapsed().as_secs_f64(),
        took.as_secs_f64() * 1000.0
    );
}

/// Inputs with which fuzzing found a defect, minimised; each failed before its fix.
#[test]
fn regressions() {
    let report_counts = [&b"\x01"[..], &b"\x10a\xff"[..], &[0xff; 72], b"\x00\x00"].concat();
    let report_counts = [report_counts.clone(), report_counts[1..].to_vec()].concat();
    let cases: &[(&str, &str, &[u8])] = &[
        (
            "the span of invalid UTF-8 ended inside the U+FFFD it became",
            "chromium",
            b"\xff\x80",
        ),
        ("the same, in CODEOWNERS", "codeowners", b"\x80"),
        ("the same, in MAINTAINERS", "maintainers", b"\x80"),
        (
            "the HTML chart multiplied a merged report's counts past usize",
            "report",
            &report_counts,
        ),
    ];
    for (what, target, input) in cases {
        let run = ownlint::fuzz::target(target).unwrap();
        if std::panic::catch_unwind(|| run(input)).is_err() {
            panic!("{target}: {what}");
        }
    }
}

macro_rules! fuzz_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                fuzz(stringify!($name));
            }
        )*

        /// Every target of `ownlint::fuzz` is run here and has a `cargo fuzz` binary.
        #[test]
        fn every_target_is_run_here_and_by_cargo_fuzz() {
            let here = [$(stringify!($name)),*];
            let targets: Vec<&str> = ownlint::fuzz::TARGETS.iter().map(|(n, _)| *n).collect();
            assert_eq!(here.as_slice(), targets.as_slice());
            let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
            let manifest = std::fs::read_to_string(fuzz.join("Cargo.toml")).unwrap();
            for name in targets {
                assert!(manifest.contains(&format!("name = \"{name}\"")), "{name}");
                let binary = std::fs::read_to_string(fuzz.join(format!("fuzz_targets/{name}.rs")))
                    .unwrap_or_else(|_| panic!("no fuzz/fuzz_targets/{name}.rs"));
                assert!(binary.contains(&format!("::{name}(data)")), "{name}");
                assert!(fuzz.join("seeds").join(name).is_dir(), "no fuzz/seeds/{name}/");
            }
        }
    };
}

fuzz_tests!(
    owners,
    chromium,
    codeowners,
    maintainers,
    config,
    handover,
    mailmap,
    time,
    history_cache,
    identity_cache,
    render,
    report,
);
