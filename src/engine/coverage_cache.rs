//! The coverage of each CODEOWNERS file (what the tracked files make of each of its lines,
//! [`LineCoverage`]), kept between runs.
//!
//! Counting it matches every tracked file against every line: on benches/pattern_shapes.rs's
//! CODEOWNERS shapes (5,000 lines, 40,000 files) about a fifth of a warm `check`, its largest
//! single piece. It depends only on the file's lines, on how they are read and on the tracked
//! files, so it is saved under `.git/ownlint/`, keyed by what the resolution cache is keyed by
//! (the matchers' semantics, every ownership file's blob id and dialect, the configuration) and
//! by a digest of the checked files. A run whose key matches takes the coverage as saved; one
//! whose key differs counts it and saves it before the others, the newest [`MAX_ENTRIES`] kept
//! (so that a revision's run and the index's do not evict each other).
//!
//! The file is read bounded and a coverage believed only when the version, the key and its
//! shape fit ([`LineCoverage::fits`]); it is written atomically, never through a planted link
//! ([`crate::output::replace_cache`]). `.git` content can be written by anyone who can write
//! the repository: a forged file can at worst change which lines the pattern rules report,
//! never make the run panic, loop, or read or write anywhere else.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bounded_read::{self, COVERAGE_CACHE, Origin};
use crate::resolve::LineCoverage;

use super::Session;

const FILE_NAME: &str = "coverage-v1.json";
const VERSION: u32 = 1;
/// The most coverages kept (one per CODEOWNERS file and key): a revision's and the index's
/// (a full `check` and the pre-commit hook) do not evict each other, and every one is parsed
/// when the file is read (about 5 ms for two of a 5,000-line file).
const MAX_ENTRIES: usize = 2;

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// The CODEOWNERS file's path.
    path: String,
    /// The run's [`key`].
    key: String,
    coverage: LineCoverage,
}

/// What [`preset`] read, for [`save`].
pub struct Preset {
    path: PathBuf,
    key: String,
    /// Per CODEOWNERS system: whether its coverage came from the cache.
    taken: Vec<bool>,
    /// The entries read, less those taken.
    older: Vec<Entry>,
}

/// Gives each CODEOWNERS system of the session its coverage from the cache, where the cache
/// holds one under this run's key. `None` when caches are off or there is no CODEOWNERS file.
pub fn preset(session: &Session) -> Option<Preset> {
    let systems = &session.snapshot.codeowners;
    if !session.use_cache || systems.is_empty() {
        return None;
    }
    let key = key(session);
    let path = session
        .repo
        .git()
        .commondir()
        .join("ownlint")
        .join(FILE_NAME);
    let mut older = load(&path).entries;
    let files = &session.snapshot.files;
    let taken = systems
        .iter()
        .map(|system| {
            let found = older
                .iter()
                .position(|e| e.key == key && e.path == system.file.path);
            found.is_some_and(|at| system.preset_coverage(older.remove(at).coverage, files))
        })
        .collect();
    Some(Preset {
        path,
        key,
        taken,
        older,
    })
}

/// Saves the coverages this run counted (with those it took and the older ones), when it
/// counted any (a file the rules never asked about, one not in effect, is not counted). A cache
/// that cannot be written is left as it is: it is an optimisation.
pub fn save(session: &Session, preset: Preset) {
    let systems = &session.snapshot.codeowners;
    let counted = systems
        .iter()
        .zip(&preset.taken)
        .any(|(system, &taken)| !taken && system.counted_coverage().is_some());
    if !counted {
        return;
    }
    let mut entries: Vec<Entry> = systems
        .iter()
        .filter_map(|system| {
            Some(Entry {
                path: system.file.path.clone(),
                key: preset.key.clone(),
                coverage: system.counted_coverage()?.clone(),
            })
        })
        .collect();
    if entries.is_empty() {
        return;
    }
    let newer = |e: &Entry| entries.iter().any(|n| n.key == e.key && n.path == e.path);
    let older: Vec<Entry> = preset.older.into_iter().filter(|e| !newer(e)).collect();
    entries.extend(older);
    entries.truncate(MAX_ENTRIES);
    let file = CacheFile {
        version: VERSION,
        entries,
    };
    if let Ok(bytes) = serde_json::to_vec(&file) {
        let _ = crate::output::replace_cache(&preset.path, &bytes);
    }
}

/// The cache file at `path`, or an empty one when it is missing, unreadable, too large,
/// corrupt or of another version.
fn load(path: &Path) -> CacheFile {
    bounded_read::read(path, Origin::CommandLine, COVERAGE_CACHE)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
        .filter(|file| file.version == VERSION)
        .unwrap_or_default()
}

/// This run's key: the resolution key's (which ownership files, read how, and the
/// configuration) and a digest of the checked files, in hex.
fn key(session: &Session) -> String {
    let resolution = crate::resolve::ownership::key("coverage", &session.snapshot, &session.config);
    // A digest, not a proof: a file list that collides changes counts, as a forged file can.
    // SipHash with fixed keys: the same on every run of one build (a new build may miss once).
    let mut files = std::collections::hash_map::DefaultHasher::new();
    session.snapshot.files.hash(&mut files);
    let hex: String = resolution.iter().map(|b| format!("{b:02x}")).collect();
    format!("{hex}-{:016x}", files.finish())
}
