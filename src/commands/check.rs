//! `ownlint check`: run every rule and report.

use std::path::Path;

use crate::engine::change::ChangeScope;
use crate::engine::Session;
use crate::baseline::Baseline;
use crate::cli::{self, FailOn, Format, GlobalArgs, Io};
use crate::diagnostics::{Diagnostic, Severity};
use crate::error::Error;
use crate::history::evidence::Evidence;
use crate::render::markdown::ChangeSummary;
use crate::render::{self, human};
use crate::resolve::{Resolver, dir_of, in_scope, within};
use crate::rules::{self, Context, unused_suppression};
use crate::suppress::Suppressions;

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

pub fn run(
    global: &GlobalArgs,
    paths: &[String],
    options: Options,
    baselines: &Baselines,
    io: &mut Io,
) -> Result<u8, Error> {
    let fail_on = options.fail_on;
    if options.statistics && !matches!(global.format, Format::Human | Format::Json) {
        return Err(Error::Usage(
            "--statistics prints a table (--format human, the default) or a JSON list \
             (--format json)"
                .into(),
        ));
    }
    cli::require_format(
        global,
        "check",
        &[
            Format::Human,
            Format::Json,
            Format::Github,
            Format::Markdown,
            Format::Sarif,
            Format::Gitlab,
        ],
    )?;
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
    let (mut diagnostics, suppressed) = findings_counted(&session, &scope);
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
        let resolver = Resolver::new(&session.snapshot, &session.config.teams);
        change = Some(change_scope.summary(base, &resolver));
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
            return Ok(0);
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
    // The process ends here: freeing the session's many small allocations one by one took
    // about 5% of a warm run on benches/history.rs, for memory the exit returns anyway.
    drop(sources);
    if let Some(history) = session.history.as_mut() {
        std::mem::take(&mut history.saving).wait();
    }
    std::mem::forget((session, diagnostics));
    Ok(code)
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
    match global.format {
        Format::Markdown => render::markdown::render(diagnostics, sources, totals, change),
        Format::Json => render::json::render(diagnostics, sources, totals),
        Format::Github => render::github::render(diagnostics, sources, totals),
        Format::Sarif => render::sarif::render(diagnostics, sources, totals),
        Format::Gitlab => render::gitlab::render(diagnostics, sources, totals),
        _ => human::render(
            diagnostics,
            sources,
            totals,
            human::Style {
                color: global.use_color(io),
                width: 100,
            },
        ),
    }
}

/// Every finding of the session that no `ownlint: ignore[...]` comment hides, limited to
/// `scope` when it is not empty.
pub fn findings(session: &Session, scope: &[String]) -> Vec<Diagnostic> {
    findings_counted(session, scope).0
}

/// [`findings`], and how many findings in the scope suppression comments hid.
pub fn findings_counted(session: &Session, scope: &[String]) -> (Vec<Diagnostic>, usize) {
    let resolver = Resolver::new(&session.snapshot, &session.config.teams);
    if session.history.is_none() {
        return findings_with(session, scope, &resolver, None);
    }
    let (snapshot, config, handover, as_of) = (
        &session.snapshot,
        &session.config,
        &session.handover,
        session.as_of,
    );
    // The rules that need no history run on a second thread while the evidence is built (on
    // benches/history.rs, the evidence and the rules were most of a warm run after the history
    // was read, all on one core).
    let (evidence, plain) = std::thread::scope(|threads| {
        let plain = threads.spawn(move || {
            let resolver = Resolver::new(snapshot, &config.teams);
            let context = Context {
                snapshot,
                resolver: &resolver,
                config,
                scope,
                history: None,
                as_of,
                handover,
            };
            rules::check_each(&context, |rule| !rule.uses_history)
        });
        let evidence = session.evidence(&resolver);
        let plain = plain
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (evidence, plain)
    });
    let context = context(session, scope, &resolver, evidence.as_ref());
    let mut found = rules::check_each(&context, |rule| rule.uses_history);
    // Each rule ran on one side only: the other side's list is empty.
    for (mine, theirs) in found.iter_mut().zip(plain) {
        mine.extend(theirs);
    }
    kept_and_hidden(session, scope, found)
}

/// Like [`findings_counted`], with the resolver and the evidence given (all on this thread).
pub fn findings_with(
    session: &Session,
    scope: &[String],
    resolver: &Resolver,
    evidence: Option<&Evidence>,
) -> (Vec<Diagnostic>, usize) {
    let context = context(session, scope, resolver, evidence);
    let found = rules::check_each(&context, |_| true);
    kept_and_hidden(session, scope, found)
}

/// What the rules see of a session.
fn context<'a>(
    session: &'a Session,
    scope: &'a [String],
    resolver: &'a Resolver<'a>,
    evidence: Option<&'a Evidence>,
) -> Context<'a> {
    Context {
        snapshot: &session.snapshot,
        resolver,
        config: &session.config,
        scope,
        history: session.history.as_ref().zip(evidence),
        as_of: session.as_of,
        handover: &session.handover,
    }
}

/// The findings (the parse diagnostics, then each rule's, as [`rules::check_each`] gives
/// them) that no `ownlint: ignore[...]` comment hides, limited to `scope`, and how many such
/// comments hid there.
fn kept_and_hidden(
    session: &Session,
    scope: &[String],
    found: Vec<Vec<Diagnostic>>,
) -> (Vec<Diagnostic>, usize) {
    let snapshot = &session.snapshot;
    let mut parse = snapshot.diagnostics.clone();
    parse.extend(session.config_diagnostics.iter().cloned());
    parse.extend(session.handover.handovers.diagnostics.iter().cloned());
    let config_path = session.config.source.as_ref().map(|s| s.path.as_str());
    let ownership_files = snapshot
        .sources
        .values()
        .chain(session.config.source.as_ref());
    let suppressions = Suppressions::collect(ownership_files);
    let all = rules::finish(&session.config, rules::merge(parse, found));
    let (mut kept, hidden) = suppressions.split(all);
    if scope.is_empty() {
        // Whether a suppression hides anything is judged on the whole repository only.
        let unused = unused_suppression::findings(&suppressions, &hidden, &session.config);
        if !unused.is_empty() {
            kept.extend(unused);
            kept = rules::finish(&session.config, kept);
        }
        return (kept, hidden.len());
    }
    let about = |d: &Diagnostic| concerns(d, scope, config_path, session);
    let suppressed = hidden.iter().filter(|d| about(d)).count();
    kept.retain(about);
    (kept, suppressed)
}

/// Whether a finding is about the scope: it is about a path inside it, or about an ownership
/// file that governs a path inside it (one in an ancestor directory).
fn concerns(
    d: &Diagnostic,
    scope: &[String],
    config_path: Option<&str>,
    session: &Session,
) -> bool {
    let Some(file) = d.file.as_deref() else {
        return true;
    };
    if Some(file) == config_path {
        return true;
    }
    let file = file.trim_end_matches('/');
    if in_scope(file, scope) {
        return true;
    }
    if !session.snapshot.sources.contains_key(file) {
        // A tracked path or directory: keep it when it contains a scope path.
        let file = if file == "." { "" } else { file };
        return scope.iter().any(|s| within(s, file));
    }
    // CODEOWNERS and MAINTAINERS files govern paths anywhere in the repository.
    let pattern_scoped = session
        .snapshot
        .owners
        .iter()
        .any(|o| o.path == file && !o.is_directory());
    let governs = if pattern_scoped { "" } else { dir_of(file) };
    scope.iter().any(|s| within(s, governs))
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
