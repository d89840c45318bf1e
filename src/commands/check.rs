//! `ownlint check`: run every rule and report.

use std::path::Path;

use crate::baseline::Baseline;
use crate::cli::{self, FailOn, Format, GlobalArgs, Io, Outcome};
use crate::diagnostics::{Diagnostic, Severity};
use crate::engine::change::ChangeScope;
use crate::error::Error;
use crate::render::markdown::ChangeSummary;
use crate::render::{self, human};
use crate::resolve::in_scope;

/// The baseline files of a run: `--baseline` (read) and `--write-baseline` (written).
#[derive(Debug, Default, Clone, Copy)]
pub struct Baselines<'a> {
    pub read: Option<&'a Path>,
    pub write: Option<&'a Path>,
}

/// How `check` reports.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Exit with 1 when a finding has this severity or a higher one.
    pub fail_on: FailOn,
    /// Print only the summary by rule (`--statistics`).
    pub statistics: bool,
}

/// The `--format` values `check` produces, in the order its usage error lists them: those
/// [`Format::check_format`] maps (a test holds the two together).
const PRODUCED: &[Format] = &[
    Format::Human,
    Format::Json,
    Format::Github,
    Format::Markdown,
    Format::Sarif,
    Format::Gitlab,
];

pub fn run(
    global: &GlobalArgs,
    paths: &[String],
    options: Options,
    baselines: &Baselines,
    io: &mut Io,
) -> Result<Outcome, Error> {
    let fail_on = options.fail_on;
    if options.statistics && !matches!(global.format, Format::Human | Format::Json) {
        return Err(Error::Usage(
            "--statistics prints a table (--format human, the default) or a JSON list \
             (--format json)"
                .into(),
        ));
    }
    cli::require_format(global, "check", PRODUCED)?;
    if baselines.read.is_some() && baselines.write.is_some() && !paths.is_empty() {
        return Err(Error::Usage(
            "--baseline with --write-baseline updates the whole baseline: give no PATH".into(),
        ));
    }
    // Read the baseline first: a missing or malformed one fails before any work is done.
    let old = match baselines.read {
        Some(path) => Some(Baseline::read(&io.cwd.join(path), &shown(path))?),
        None => None,
    };
    let mut session = cli::open(global, io, true)?;
    let scope = session.relative_paths(paths)?;
    for (given, path) in paths.iter().zip(&scope) {
        if !session.knows_path(path) {
            return Err(Error::Usage(format!(
                "{given}: no such file or directory in the repository"
            )));
        }
    }
    let found = session.findings(&scope);
    let suppressed = found.suppressed;
    let mut diagnostics = found.diagnostics;
    let mut change = None;
    // A pull request (--base) and a commit (--staged) answer for what they change.
    let compared = match (&global.base, global.staged) {
        (Some(base), _) => Some(base.as_str()),
        (None, true) => Some("HEAD"),
        (None, false) => None,
    };
    if let Some(base) = compared {
        let change_scope = ChangeScope::new(&session);
        diagnostics = change_scope.introduced(diagnostics, &scope)?;
        change = Some(change_scope.summary(base, &found.resolver));
    }
    let sources = session.sources();
    let mut totals = session.totals();
    totals.suppressed = suppressed;
    if !scope.is_empty() {
        totals.files = session
            .snapshot
            .files
            .iter()
            .filter(|f| in_scope(f, &scope))
            .count();
    }
    let diagnostics = match (old, baselines.write) {
        (None, Some(path)) => {
            let recorded = Baseline::from_findings(&diagnostics, &sources);
            recorded.write(&io.cwd.join(path), &shown(path))?;
            note(
                io,
                &format!(
                    "ownlint: recorded {} in {}",
                    plural(recorded.findings.len(), "finding"),
                    shown(path)
                ),
            );
            return Ok(Outcome::from(0));
        }
        (Some(old), write) => {
            let split = old.split(diagnostics, &sources);
            totals.baselined = split.known.len();
            if let Some(path) = write {
                let kept = Baseline::from_findings(&split.known, &sources);
                kept.write(&io.cwd.join(path), &shown(path))?;
                note(
                    io,
                    &format!(
                        "ownlint: updated {}: kept {}, dropped {} no longer found; {} not added",
                        shown(path),
                        plural(kept.findings.len(), "finding"),
                        old.findings.len() - kept.findings.len(),
                        plural(split.new.len(), "new finding"),
                    ),
                );
            }
            split.new
        }
        (None, None) => diagnostics,
    };
    let text = if options.statistics && global.format == Format::Json {
        serde_json::to_string_pretty(&render::rule_counts(&diagnostics)).expect("JSON") + "\n"
    } else if options.statistics {
        human::by_rule(&diagnostics)
    } else {
        report(global, io, &diagnostics, &sources, &totals, change.as_ref())
    };
    cli::emit(io, &text)?;
    let code = exit_code(&diagnostics, fail_on);
    drop(sources);
    // The run and its findings are handed back whole: the binary leaves them to the exit.
    session.settle();
    Ok(Outcome {
        code,
        leftovers: vec![Box::new(session), Box::new(diagnostics)],
    })
}

/// A path as the user gave it, safe for a terminal.
fn shown(path: &Path) -> String {
    crate::escape::terminal(&path.display().to_string())
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// A one-line note on standard error (a failure to write it is not worth failing the run).
fn note(io: &mut Io, line: &str) {
    let _ = writeln!(io.err, "{line}");
    let _ = io.err.flush();
}

/// Findings in the chosen `--format`; `change` is the pull request's summary with `--base`.
pub fn report(
    global: &GlobalArgs,
    io: &Io,
    diagnostics: &[Diagnostic],
    sources: &render::Sources,
    totals: &render::Totals,
    change: Option<&ChangeSummary>,
) -> String {
    let format = global
        .format
        .check_format(global.use_color(io))
        .unwrap_or(render::CheckFormat::Human { color: false });
    render::emit(format, diagnostics, sources, totals, change)
}

/// 1 when a finding reaches the failing severity, else 0.
pub fn exit_code(diagnostics: &[Diagnostic], fail_on: FailOn) -> u8 {
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
        FailOn::Never => return 0,
    };
    u8::from(diagnostics.iter().any(|d| d.severity >= threshold))
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::*;

    #[test]
    fn check_lists_every_format_it_renders_and_no_other() {
        for format in Format::value_variants() {
            assert_eq!(
                PRODUCED.contains(format),
                format.check_format(false).is_some(),
                "{format:?}"
            );
        }
    }
}
