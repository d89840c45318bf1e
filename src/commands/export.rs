//! `ownlint export codeowners`: write the CODEOWNERS equivalent of the OWNERS files, or with
//! `--check` compare it with the committed one.

use super::session::Session;
use crate::cli::{self, Format, GlobalArgs, Io};
use crate::diagnostics::{Diagnostic, Severity};
use crate::dialect::codeowners::GITHUB_LOCATIONS;
use crate::error::Error;
use crate::export;
use crate::resolve::Resolver;
use crate::rules::codeowners_out_of_sync;
use crate::source::Span;

/// How many differing lines `--check` reports.
const MAX_DIFFERENCES: usize = 5;

/// Writes the CODEOWNERS to the output (standard output or `--output`, see [`cli::run`]), or
/// with `check` compares it with the committed file (`--output`, else the first GitHub location).
pub fn codeowners(global: &GlobalArgs, check: bool, io: &mut Io) -> Result<u8, Error> {
    let session = Session::open_with(global, io, false)?;
    let snapshot = &session.snapshot;
    if !snapshot.owners.iter().any(|f| f.is_directory()) {
        return Err(Error::Usage(
            "the repository has no OWNERS files to export a CODEOWNERS from".into(),
        ));
    }
    let resolver = Resolver::new(snapshot, &session.config.teams);
    let generated = export::codeowners(snapshot, &resolver, &session.config);
    if !check {
        return match generated {
            Ok(text) => {
                cli::emit(io, &text)?;
                Ok(0)
            }
            Err(refused) => Err(refusal(&session, &refused)),
        };
    }
    cli::require_format(
        global,
        "export codeowners --check",
        &[Format::Human, Format::Json],
    )?;
    let committed_path = match global.output.as_deref() {
        Some(path) => session
            .repo
            .relative_path(&io.cwd, &path.display().to_string())?,
        None => GITHUB_LOCATIONS
            .iter()
            .find(|p| {
                snapshot
                    .files
                    .binary_search_by(|f| f.as_str().cmp(p))
                    .is_ok()
            })
            .map_or_else(|| GITHUB_LOCATIONS[0].to_string(), |p| p.to_string()),
    };
    let committed = snapshot
        .sources
        .get(&committed_path)
        .map(|s| s.text.as_str());
    let diagnostics: Vec<Diagnostic> = match generated {
        Ok(text) => compare(&committed_path, committed, &text)
            .into_iter()
            .filter_map(|mut d| {
                d.severity = session.config.severity_of(d.rule)?;
                Some(d)
            })
            .collect(),
        // Nothing can be compared: the file cannot be generated, whatever the rule's level.
        Err(refused) => refused
            .into_iter()
            .map(|mut d| {
                d.severity = Severity::Error;
                d
            })
            .collect(),
    };
    let sources = session.sources();
    let totals = session.totals();
    let rendered = super::check::report(global, io, &diagnostics, &sources, &totals, None);
    cli::emit(io, &rendered)?;
    Ok(u8::from(
        diagnostics.iter().any(|d| d.severity == Severity::Error),
    ))
}

/// The error of an export that cannot be written: the first name or path refused, where it is
/// declared, on one line.
fn refusal(session: &Session, refused: &[Diagnostic]) -> Error {
    let sources = session.sources();
    let located = refused.first().map_or_else(String::new, |first| {
        let at = first
            .file
            .as_deref()
            .and_then(|file| Some((file, sources.get(file)?, first.span?)));
        match (at, first.file.as_deref()) {
            (Some((file, source, span)), _) => {
                let at = source.line_col(span.start);
                format!("{file}:{}:{}: {}", at.line, at.column, first.message)
            }
            (None, Some(file)) => format!("{file}: {}", first.message),
            (None, None) => first.message.clone(),
        }
    });
    let more = match refused.len() {
        0 | 1 => String::new(),
        n => format!(
            " ({} more; `ownlint export codeowners --check` lists them all)",
            n - 1
        ),
    };
    Error::Config(format!("{located}{more}; nothing was written"))
}

/// The help of an out-of-sync finding: the command that writes `path` again (quoted for a
/// shell), then `then`.
fn regenerate(path: &str, then: &str) -> String {
    match crate::suggest::command(&["export", "codeowners", "--output", path]) {
        Some(command) => format!("run `{command}` and {then}"),
        None => format!("write {path} again with `ownlint export codeowners --output` and {then}"),
    }
}

/// The first differences between the committed file and the generated text.
fn compare(path: &str, committed: Option<&str>, generated: &str) -> Vec<Diagnostic> {
    let Some(committed) = committed else {
        return vec![
            Diagnostic::new(
                codeowners_out_of_sync::RULE.name,
                format!("{path} is not committed, but the OWNERS files call for one"),
            )
            .in_file(path)
            .help(regenerate(path, "commit it")),
        ];
    };
    // Each committed line with its byte length including its end of line.
    let old_full: Vec<&str> = committed.split_inclusive('\n').collect();
    let old: Vec<&str> = old_full
        .iter()
        .map(|l| l.trim_end_matches('\n').trim_end_matches('\r'))
        .collect();
    let new: Vec<&str> = generated.lines().collect();
    let mut out = Vec::new();
    let mut offset = 0;
    for i in 0..old.len().max(new.len()) {
        let (was, should) = (old.get(i), new.get(i));
        if was != should {
            let span = Span::new(offset, offset + was.map_or(0, |l| l.len()));
            let message = match (was, should) {
                (Some(_), Some(should)) => format!("line {} should read `{should}`", i + 1),
                (Some(_), None) => format!("line {} should not be there", i + 1),
                (None, Some(should)) => format!("a line `{should}` is missing at the end",),
                (None, None) => unreachable!("one side has the line"),
            };
            let mut d = Diagnostic::new(codeowners_out_of_sync::RULE.name, message)
                .help(regenerate(path, "commit the result"));
            d = if was.is_some() {
                d.at(path, span).label("differs from the OWNERS files")
            } else {
                d.in_file(path)
            };
            out.push(d);
            if out.len() == MAX_DIFFERENCES {
                break;
            }
        }
        offset += old_full.get(i).map_or(0, |l| l.len());
    }
    out
}
