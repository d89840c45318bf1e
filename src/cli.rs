//! The command line: clap definitions, dispatch, and the exit code of each outcome.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands;
use crate::engine::{self, Event, Session};
use crate::error::Error;

/// ownlint checks ownership-as-code in a git repository: OWNERS (YAML or Chromium style),
/// OWNERS_ALIASES, CODEOWNERS (GitHub, GitLab) and MAINTAINERS files are read at a revision,
/// every tracked file is resolved to its owners, and rules report unowned paths, owners gone from
/// the history, undeclared maintainers, ownership changes without a handover and more.
///
/// Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage, configuration or
/// repository errors.
#[derive(Debug, Parser)]
#[command(name = "ownlint", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The repository to read (default: the one containing the current directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// Read the file list and ownership files from this revision (a branch, tag, `HEAD~3`, an
    /// id) instead of the index and work tree.
    #[arg(long, global = true, value_name = "REV")]
    pub rev: Option<String>,
    /// The pre-commit case: read the staged index (its file list and staged contents) instead
    /// of the work tree, take ownership changes, renames and deletions from what is staged
    /// against HEAD, read history only from the cache, and (for `check`) report only what the
    /// staged change touches.
    #[arg(long, global = true, conflicts_with = "rev")]
    pub staged: bool,
    /// The pull-request case: take ownership changes from the difference between the merge
    /// base of REF and the checked revision instead of the history window, and (for `check`)
    /// report only what that change touches: changed or added files without an owner,
    /// findings in the ownership files it edits (about a person only when the change adds
    /// them), and owner changes without a handover.
    #[arg(long, global = true, value_name = "REF", conflicts_with = "staged")]
    pub base: Option<String>,
    /// Configuration file (default: `.ownlint.yaml` at the repository root, at the revision read).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also check vendored and generated paths (`vendor/`, `third_party/`, `node_modules/`, and
    /// `.gitattributes` `linguist-vendored` / `linguist-generated`).
    #[arg(long, global = true)]
    pub include_vendored: bool,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the command's output to FILE instead of standard output: whole or not at all
    /// (through a temporary file beside it, renamed over it), and never coloured. With
    /// `export codeowners --check`, FILE is the committed file to compare with instead.
    #[arg(long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The instant findings are judged at: YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or @SECONDS
    /// (default: now, or with --rev the revision's commit time).
    #[arg(long, global = true, value_name = "WHEN")]
    pub as_of: Option<String>,
    /// How far back history is read before --as-of: a duration (365d, 52w, 1y) or a date
    /// (default: `history.since` of the config, else 365d).
    #[arg(long, global = true, value_name = "WHEN")]
    pub since: Option<String>,
    /// Do not read history: the history rules (stale-owner and the like) are skipped.
    #[arg(long, global = true)]
    pub no_history: bool,
    /// Do not read or write the history cache (`.git/ownlint/`).
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// Run only these rules (rule or category names, comma-separated or repeated), at the
    /// level the configuration gives them, else their default; a rule the configuration turns
    /// off runs at its default severity. `ownlint rules` shows the resulting levels.
    #[arg(long, global = true, value_name = "RULE,...", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Turn these rules off (rule or category names, comma-separated or repeated), whatever
    /// the configuration says, and --select unless it names the rule itself while this names
    /// its category.
    #[arg(long, global = true, value_name = "RULE,...", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Say on standard error what the run reads: where the configuration comes from.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
    /// When to colour human output (`auto`: on a terminal, unless NO_COLOR is set).
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable reports with the source line (default).
    Human,
    /// A versioned JSON document (schemas/report.schema.json).
    Json,
    /// Markdown: a pull-request comment or `$GITHUB_STEP_SUMMARY` for `check` (with --base,
    /// also whose approval the changed files need), a rule table for `rules`, a
    /// sweep for `report`.
    Markdown,
    /// GitHub Actions workflow commands: one annotation per finding (`check` only).
    Github,
    /// SARIF 2.1.0 for code scanning, e.g. GitHub's upload-sarif (`check` only).
    Sarif,
    /// GitLab Code Quality report JSON, for `artifacts: reports: codequality:` (`check` only).
    Gitlab,
    /// Comma-separated values, one row per area (`report` only).
    Csv,
    /// One self-contained HTML page (`report` only).
    Html,
}

impl Format {
    /// The `check` output this value names, if `check` produces it.
    pub fn check_format(self, color: bool) -> Option<crate::render::CheckFormat> {
        use crate::render::CheckFormat;
        match self {
            Format::Human => Some(CheckFormat::Human { color }),
            Format::Json => Some(CheckFormat::Json),
            Format::Markdown => Some(CheckFormat::Markdown),
            Format::Github => Some(CheckFormat::Github),
            Format::Sarif => Some(CheckFormat::Sarif),
            Format::Gitlab => Some(CheckFormat::Gitlab),
            Format::Csv | Format::Html => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the repository's ownership files and report findings.
    Check {
        /// Report only findings about these paths (files or directories) and the ownership
        /// files that govern them.
        #[arg(value_name = "PATH")]
        paths: Vec<String>,
        /// Exit with 1 when a finding has this severity or a higher one.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Report only findings that are not in this baseline file (written by
        /// --write-baseline). Findings are matched by rule, file, owner, area and the text of the
        /// line they point at, never by line number, so lines added above a recorded finding do
        /// not bring it back. The summary says how many findings the baseline hid.
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Record the findings in FILE (sorted JSON, to commit and review) instead of reporting
        /// them, and exit 0. Findings hidden by `ownlint: ignore[...]` comments are not
        /// recorded; with PATHs, only findings about them are. Together with --baseline, update
        /// that baseline: recorded findings that are gone are dropped, findings that are new
        /// are reported as usual and not added.
        #[arg(long, value_name = "FILE")]
        write_baseline: Option<PathBuf>,
        /// Print only the summary by rule (each rule and severity with its count, most severe
        /// first), like ruff's `--statistics`: a table, or with --format json a list of
        /// `{"rule", "severity", "count"}`. The exit code is the same as without it.
        #[arg(long)]
        statistics: bool,
    },
    /// Show who owns, approves, reviews and covers each path, and where that is declared.
    Who {
        /// Files or directories (relative to the current directory inside the work tree).
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<String>,
    },
    /// List every rule with its default severity and summary.
    Rules,
    /// Print a rule's documentation.
    Explain {
        /// The rule's name, e.g. `unowned-path`.
        rule: String,
    },
    /// Handover documents: `ownlint handover new AREA --to NAME`.
    Handover {
        #[command(subcommand)]
        action: HandoverCommand,
    },
    /// Write ownership in another dialect: `ownlint export codeowners`.
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// Write a hygiene report of every area: people, activity, bus factor, review, handover,
    /// findings and health.
    ///
    /// For each area (an OWNERS file, a CODEOWNERS line, a MAINTAINERS section): its dialect and
    /// file; the accountable owner, approvers, reviewers and cover in effect; each of those
    /// people's last activity in the history, however long ago (or "never seen in history"); the most active
    /// people with their changes and shares; the bus factor (the fewest people who together made
    /// at least half of the area's changes in the window, 0 when it had none); the review date
    /// (`reviewed:`, else the file's last change); the handover document; the area's findings
    /// (those of `ownlint check`); and its health: `error` when a finding is an error, else
    /// `warning` when one is a warning, else `ok`. A summary per repository (areas, areas by
    /// health, findings by severity, unowned files) comes first.
    ///
    /// Formats (--format): `markdown` (the default; `human` means the same here), `json` (a
    /// versioned document, `ownlint schema sweep`, that --merge reads back), `csv` (one row per
    /// area, RFC 4180, formula-like cells prefixed with `'`) and `html` (one self-contained page
    /// with a sortable table and a chart of areas by health; no network needed).
    ///
    /// Exit codes: 0 when the report was written; 2 on a usage error, a repository that cannot
    /// be read (without --repos), an unusable --merge file, or when --repos could read none of
    /// its repositories (the report, listing each error, is still written). With --repos, a
    /// repository that cannot be read is listed with its error and the sweep goes on.
    Report {
        /// Sweep these repositories in one run (each read as with --repo; history too, unless
        /// --no-history). A progress bar is drawn on standard error when it is a terminal.
        #[arg(long, value_name = "DIR", num_args = 1.., conflicts_with = "merge")]
        repos: Vec<PathBuf>,
        /// Combine JSON reports (`ownlint report --format json`, one per repository or CI job)
        /// into one report in the chosen format, sorted by repository name.
        #[arg(long, value_name = "FILE", num_args = 1..)]
        merge: Vec<PathBuf>,
    },
    /// Print the JSON Schema of a file format or of the JSON report.
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        name: SchemaName,
    },
}

#[derive(Debug, Subcommand)]
pub enum HandoverCommand {
    /// Write a handover document for an area from the template: front matter filled in (from
    /// the current owner, to NAME, today) and the required sections as headings with prompts.
    /// The document goes to the area's `handover:` path, else the first `handover.docs`
    /// pattern of the configuration, else `AREA/HANDOVER.md`. An existing file is never
    /// overwritten.
    New {
        /// The area: a directory with an OWNERS file (relative to the current directory).
        area: String,
        /// Who takes the area over.
        #[arg(long, value_name = "NAME")]
        to: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write a GitHub CODEOWNERS equivalent to the repository's OWNERS files (YAML or Chromium
    /// style): for every tracked file, GitHub's resolution of it names the same approvers as
    /// the OWNERS files. Written to standard output, or to --output; the file starts with a
    /// header saying it is generated. A name or path that GitHub would not read as written
    /// (a blank or a line break in a name, say) is refused: nothing is written, exit 2.
    Codeowners {
        /// Compare with the committed CODEOWNERS (the first of .github/CODEOWNERS, CODEOWNERS,
        /// docs/CODEOWNERS) instead of writing; exit 1 and report `codeowners-out-of-sync` at
        /// the first differences. With --output FILE, compare with FILE.
        #[arg(long)]
        check: bool,
        /// With --check: exit with 1 when a finding has this severity or a higher one (the
        /// level of `codeowners-out-of-sync` is configurable, as every rule's is).
        #[arg(long, value_enum, default_value_t = FailOn::Error, requires = "check")]
        fail_on: FailOn,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaName {
    /// OWNERS files.
    Owners,
    /// OWNERS_ALIASES files.
    OwnersAliases,
    /// `.ownlint.yaml`.
    Config,
    /// The `--format json` report of `check`.
    Report,
    /// The `--format json` output of `who`.
    Who,
    /// The `--format json` output of `report` (hygiene sweeps).
    Sweep,
}

/// Where output goes, and what the environment says about colour and width.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// Whether standard output is a terminal.
    pub out_is_terminal: bool,
    /// Whether standard error is a terminal (for the history progress line).
    pub err_is_terminal: bool,
    /// Whether `NO_COLOR` is set (to anything non-empty).
    pub no_color: bool,
    /// The directory relative paths are taken from.
    pub cwd: PathBuf,
}

impl GlobalArgs {
    /// The engine's options for this command line, run from `cwd`; `history` is false for a
    /// command that needs none.
    pub fn engine_options(&self, cwd: &Path, history: bool) -> engine::Options {
        engine::Options {
            cwd: cwd.to_path_buf(),
            repo: self.repo.clone(),
            rev: self.rev.clone(),
            staged: self.staged,
            base: self.base.clone(),
            config: self.config.clone(),
            include_vendored: self.include_vendored,
            as_of: self.as_of.clone(),
            since: self.since.clone(),
            history: history && !self.no_history,
            use_cache: !self.no_cache,
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            verbose: self.verbose,
        }
    }

    /// Whether human output is coloured (never in an `--output` file).
    pub fn use_color(&self, io: &Io) -> bool {
        if self.output.is_some() {
            return false;
        }
        match self.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => io.out_is_terminal && !io.no_color,
        }
    }
}

/// What a command leaves when it is done: its exit code (0 or 1), and what it allocated that a
/// process about to exit need not free piece by piece (the binary leaves it to the exit; a
/// caller that goes on drops it).
#[derive(Default)]
pub struct Outcome {
    pub code: u8,
    pub leftovers: Vec<Box<dyn std::any::Any>>,
}

impl From<u8> for Outcome {
    fn from(code: u8) -> Self {
        Outcome {
            code,
            leftovers: Vec::new(),
        }
    }
}

/// Runs a parsed command line; returns the process exit code (0 or 1), or an error (exit 2).
/// With `--output FILE`, the command's output is collected and written to FILE when the command
/// succeeds (with findings or without).
pub fn run(cli: &Cli, io: &mut Io) -> Result<u8, Error> {
    run_to_outcome(cli, io).map(|outcome| outcome.code)
}

/// [`run`], with what the command leaves (see [`Outcome`]).
pub fn run_to_outcome(cli: &Cli, io: &mut Io) -> Result<Outcome, Error> {
    let compares_with_output = matches!(
        cli.command,
        Command::Export {
            what: ExportCommand::Codeowners { check: true, .. },
        }
    );
    let Some(path) = cli.global.output.as_ref().filter(|_| !compares_with_output) else {
        return dispatch(cli, io);
    };
    let mut buffer = Vec::new();
    let outcome = {
        let mut to_file = Io {
            out: &mut buffer,
            err: &mut *io.err,
            out_is_terminal: false,
            err_is_terminal: io.err_is_terminal,
            no_color: io.no_color,
            cwd: io.cwd.clone(),
        };
        dispatch(cli, &mut to_file)?
    };
    crate::output::write_atomically(&io.cwd.join(path), &buffer)?;
    Ok(outcome)
}

fn dispatch(cli: &Cli, io: &mut Io) -> Result<Outcome, Error> {
    let global = &cli.global;
    let code = match &cli.command {
        Command::Check {
            paths,
            fail_on,
            baseline,
            write_baseline,
            statistics,
        } => {
            let baselines = commands::check::Baselines {
                read: baseline.as_deref(),
                write: write_baseline.as_deref(),
            };
            let options = commands::check::Options {
                fail_on: *fail_on,
                statistics: *statistics,
            };
            return commands::check::run(global, paths, options, &baselines, io);
        }
        Command::Who { paths } => commands::who::run(global, paths, io),
        Command::Rules => commands::rules::list(global, io),
        Command::Explain { rule } => commands::rules::explain(global, rule, io),
        Command::Report { repos, merge } => commands::report::run(global, repos, merge, io),
        Command::Schema { name } => commands::rules::schema(*name, io),
        Command::Handover {
            action: HandoverCommand::New { area, to },
        } => commands::handover::new(global, area, to, io),
        Command::Export {
            what: ExportCommand::Codeowners { check, fail_on },
        } => commands::export::codeowners(global, *check, *fail_on, io),
    };
    code.map(Outcome::from)
}

/// Opens the engine's run for a command (`history`: whether the command reads history),
/// showing its progress on standard error.
pub fn open(global: &GlobalArgs, io: &mut Io, history: bool) -> Result<Session, Error> {
    let options = global.engine_options(&io.cwd, history);
    Session::open(&options, &mut progress_on(io))
}

/// Shows the engine's [`Event`]s on standard error: `--verbose` lines and notes always, the
/// history pass's progress line only on a terminal (erased when the pass is over).
pub fn progress_on<'a>(io: &'a mut Io) -> impl FnMut(Event<'_>) + 'a {
    let terminal = io.err_is_terminal;
    let err = &mut *io.err;
    move |event| {
        let _ = match event {
            Event::Verbose(line) => writeln!(err, "ownlint: {}", crate::escape::terminal(line)),
            Event::Note(line) => {
                writeln!(err, "ownlint: note: {}", crate::escape::terminal(line))
            }
            Event::ReadingHistory(commits) if terminal => write!(
                err,
                "\rownlint: reading history: {}",
                crate::plural::count(commits, "commit", "commits")
            )
            .and_then(|_| err.flush()),
            Event::HistoryRead if terminal => write!(err, "\r\x1b[2K"),
            Event::ReadingHistory(_) | Event::HistoryRead => Ok(()),
        };
    }
}

/// Writes command output, mapping failures to an error.
pub fn emit(io: &mut Io, text: &str) -> Result<(), Error> {
    io.out
        .write_all(text.as_bytes())
        .and_then(|_| io.out.flush())
        .map_err(|e| Error::Io(format!("cannot write output: {e}")))
}

/// Rejects a `--format` a command does not produce.
pub fn require_format(global: &GlobalArgs, command: &str, allowed: &[Format]) -> Result<(), Error> {
    if allowed.contains(&global.format) {
        return Ok(());
    }
    let names: Vec<String> = allowed
        .iter()
        .map(|f| {
            f.to_possible_value()
                .map(|v| v.get_name().to_string())
                .unwrap_or_default()
        })
        .collect();
    let given = global
        .format
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "`ownlint {command}` does not produce --format {given}; use {}",
        names.join(" or ")
    )))
}
