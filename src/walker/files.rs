//! The ownership files of a revision read and parsed, each on its own: its bytes (bounded as
//! its dialect allows), decoded, and parsed by its dialect, with what went wrong as findings.
//!
//! A revision's blobs are read and parsed on two threads, the second reading through a handle
//! on the object database of its own: reading and parsing 2,762 OWNERS files one after
//! the other was a third of a warm `check` on benches/pattern_shapes.rs's `chromium` shape, on
//! one core while the other waited. Files in the work tree are read here, in order.

use crate::bounded_read::Kind;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::dialect::{self, Dialect, Parsed, codeowners};
use crate::repo::{Entry, ReadProblem, Repo, Revision, read_entry_in};
use crate::source::SourceFile;

/// One ownership file read: its parse and its source (none when it could not be read, or is
/// not read at all), and what went wrong, in order.
pub(super) struct ReadFile {
    pub parsed: Option<(Parsed, SourceFile)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses `files` (each with the dialect its path says), answering in their order.
pub(super) fn read_all(
    repo: &Repo,
    rev: &Revision,
    files: &[(&Entry, Dialect)],
    config: &Config,
) -> Vec<ReadFile> {
    let here = |&(entry, dialect): &(&Entry, Dialect)| {
        read_one(|kind| repo.read(rev, entry, kind), entry, dialect, config)
    };
    if files.len() < SIDE_BY_SIDE_FILES || !repo.reads_blobs(rev) {
        return files.iter().map(here).collect();
    }
    let Ok(odb) = crate::history::objects::unshared_odb(repo.git()) else {
        return files.iter().map(here).collect();
    };
    // Each thread takes the next file: one large MAINTAINERS among hundreds of small ones
    // does not hold the others back.
    crate::side_by_side::take_turns(
        "ownlint-walk",
        files.len(),
        |i| here(&files[i]),
        |i| {
            let (entry, dialect) = files[i];
            read_one(
                |kind| read_entry_in(&odb, entry, kind),
                entry,
                dialect,
                config,
            )
        },
    )
}

/// The fewest ownership files [`read_all`] reads on two threads: any two (a thread
/// costs tens of microseconds, and every test that reads a revision's blobs then checks that
/// the two threads read as one did).
const SIDE_BY_SIDE_FILES: usize = 2;

/// Reads `entry` (through `read`, given the size limit) and parses it as `dialect`, or as the
/// dialect its bytes show.
fn read_one(
    read: impl FnOnce(Kind) -> Result<Vec<u8>, ReadProblem>,
    entry: &Entry,
    dialect: Dialect,
    config: &Config,
) -> ReadFile {
    let mut diagnostics = Vec::new();
    let flavor = dialect.codeowners_flavor();
    let unread = |diagnostics| ReadFile {
        parsed: None,
        diagnostics,
    };
    let Some(bytes) =
        super::bytes_or_report(read, entry, dialect.read_limit(), flavor, &mut diagnostics)
    else {
        return unread(diagnostics);
    };
    if let Some(flavor) = flavor
        && let Some(too_large) = codeowners::too_large(&entry.path, flavor, bytes.len() as u64)
    {
        diagnostics.push(too_large);
        return unread(diagnostics);
    }
    let dialect = dialect.in_bytes(&bytes);
    if dialect == Dialect::Owners && config.prow_denies(crate::resolve::dir_of(&entry.path)) {
        // Prow's `owners_dir_denylist`: Prow does not read it, so neither does ownlint.
        return unread(diagnostics);
    }
    let Some(source) = dialect.source(&entry.path, &bytes, &mut diagnostics) else {
        return unread(diagnostics);
    };
    let parsed = dialect::parse(dialect, &source, &mut diagnostics);
    ReadFile {
        parsed: Some((parsed, source)),
        diagnostics,
    }
}
