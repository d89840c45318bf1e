//! `ownlint export codeowners`: write the CODEOWNERS equivalent of the OWNERS files, or with
//! `--check` compare it with the committed one.

use crate::cli::{self, FailOn, Format, GlobalArgs, Io};
use crate::diagnostics::{Diagnostic, Severity};
use crate::dialect::codeowners::GITHUB_LOCATIONS;
use crate::engine::Session;
use crate::error::Error;
use crate::export;
use crate::resolve::Resolver;
use crate::rules::{self, codeowners_out_of_sync};

/// Writes the CODEOWNERS to the output (standard output or `--output`, see [`cli::run`]), or
/// with `check` compares it with the committed file (`--output`, else the first GitHub location).
/// With `check`, the exit code is `check`'s: 1 when a finding reaches `fail_on`.
pub fn codeowners(
    global: &GlobalArgs,
    check: bool,
    fail_on: FailOn,
    io: &mut Io,
) -> Result<u8, Error> {
    let session = cli::open(global, io, false)?;
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
        // In the order of the file's lines: only the severity step of `check`, not its sort.
        Ok(text) => rules::apply_levels(
            &session.config,
            codeowners_out_of_sync::compare(&committed_path, committed, &text),
        ),
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
    Ok(super::check::exit_code(&diagnostics, fail_on))
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
