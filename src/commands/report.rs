//! `ownlint report`: the hygiene sweep. For one repository (`--repo`, or the current one),
//! several (`--repos`), or JSON reports made elsewhere (`--merge`), writes every area with its
//! people, activity, bus factor, review date, handover document, findings and health.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{self, Format, GlobalArgs, Io};
use crate::engine::Session;
use crate::error::Error;
use crate::escape;
use crate::report::{self, RepositoryReport, Sweep, build, merge};

/// Runs `ownlint report`; 0 when a report was written, 2 (after writing it) when `--repos`
/// could read none of its repositories.
pub fn run(
    global: &GlobalArgs,
    repos: &[PathBuf],
    merge_files: &[PathBuf],
    io: &mut Io,
) -> Result<u8, Error> {
    cli::require_format(
        global,
        "report",
        &[
            Format::Human,
            Format::Markdown,
            Format::Json,
            Format::Csv,
            Format::Html,
        ],
    )?;
    if global.repo.is_some() && !repos.is_empty() {
        return Err(Error::Usage(
            "--repo and --repos cannot be used together: list every repository after --repos"
                .into(),
        ));
    }
    let (sweep, failed) = if !merge_files.is_empty() {
        let sweeps = merge_files
            .iter()
            .map(|path| merge::read(&io.cwd.join(path)))
            .collect::<Result<Vec<_>, _>>()?;
        (merge::merge(sweeps), 0)
    } else if !repos.is_empty() {
        sweep(global, repos, io)
    } else {
        let session = cli::open(global, io, true)?;
        let name = repository_name(session.repo.workdir().unwrap_or(session.repo.git().path()));
        (Sweep::new(vec![one(name, &session)]), 0)
    };
    cli::emit(io, &render(global.format, &sweep))?;
    if failed > 0 {
        let total = sweep.repositories.len();
        let all = failed == total;
        let _ = writeln!(
            io.err,
            "ownlint: {}: {failed} of {} could not be read (the report says why)",
            if all { "error" } else { "note" },
            crate::plural::count(total, "repository", "repositories")
        );
        if all {
            return Ok(2);
        }
    }
    Ok(0)
}

/// The sweep in the chosen format (markdown for `human`, the default).
pub fn render(format: Format, sweep: &Sweep) -> String {
    match format {
        Format::Json => report::json::render(sweep),
        Format::Csv => report::csv::render(sweep),
        Format::Html => report::html::render(sweep),
        _ => report::markdown::render(sweep),
    }
}

fn one(name: String, session: &Session) -> RepositoryReport {
    build::repository(name, session)
}

/// Reads each repository in turn; one that cannot be opened is reported with its error and
/// the sweep goes on. Returns the sweep and how many repositories failed.
fn sweep(global: &GlobalArgs, repos: &[PathBuf], io: &mut Io) -> (Sweep, usize) {
    let mut reports = Vec::new();
    let mut failed = 0;
    let show = io.err_is_terminal;
    for (n, dir) in repos.iter().enumerate() {
        let dir = io.cwd.join(dir);
        let name = repository_name(&dir);
        if show {
            progress(&mut *io.err, n, repos.len(), &name);
        }
        let mut options = global.clone();
        options.repo = Some(dir);
        // The bar is the only progress shown: sessions do not draw their own.
        let mut quiet = Io {
            out: &mut *io.out,
            err: &mut *io.err,
            out_is_terminal: io.out_is_terminal,
            err_is_terminal: false,
            no_color: io.no_color,
            cwd: io.cwd.clone(),
        };
        match cli::open(&options, &mut quiet, true) {
            Ok(session) => reports.push(one(name, &session)),
            Err(e) => {
                failed += 1;
                reports.push(RepositoryReport::failed(name, e.to_string()));
            }
        }
    }
    if show {
        progress(&mut *io.err, repos.len(), repos.len(), "done");
        let _ = write!(io.err, "\r\x1b[2K");
        let _ = io.err.flush();
    }
    (Sweep::new(reports), failed)
}

/// Width of the progress bar, in cells.
const BAR: usize = 24;

/// How much of a repository's name the progress line shows.
const PROGRESS_NAME_CHARS: usize = 60;

/// Draws `[#####-----] done/total name` over the current terminal line.
fn progress(err: &mut dyn Write, done: usize, total: usize, name: &str) {
    let filled = (done * BAR).checked_div(total).unwrap_or(BAR);
    let _ = write!(
        err,
        "\r\x1b[2K[{}{}] {done}/{total} {}",
        "#".repeat(filled),
        "-".repeat(BAR - filled),
        escape::terminal(&escape::clip(name, PROGRESS_NAME_CHARS))
    );
    let _ = err.flush();
}

/// A repository's name: the last component of its directory as given (so a link keeps the
/// name it was given), without `.git`; for `.` or `..`, that of the directory they stand for.
fn repository_name(dir: &Path) -> String {
    let named = |dir: &Path| {
        let dir = if dir.file_name().is_some_and(|n| n == ".git") {
            dir.parent().unwrap_or(dir)
        } else {
            dir
        };
        dir.file_name()
            .map(|n| n.to_string_lossy().trim_end_matches(".git").to_string())
            .filter(|n| !n.is_empty())
    };
    named(dir)
        .or_else(|| dir.canonicalize().ok().as_deref().and_then(named))
        .unwrap_or_else(|| dir.display().to_string())
}
