//! `ownlint who PATH...`: who owns each path, and who has been active there. The answer
//! itself is [`crate::who`] (its JSON model) and `engine::who` (how it is found); this command adds the
//! notes on standard error and the human rendering.

use crate::cli::{self, Format, GlobalArgs, Io};
use crate::engine;
use crate::error::Error;
use crate::escape;
use crate::resolve::Resolver;
use crate::who;

pub fn run(global: &GlobalArgs, paths: &[String], io: &mut Io) -> Result<u8, Error> {
    cli::require_format(global, "who", &[Format::Human, Format::Json])?;
    let session = cli::open(global, io, true)?;
    let relative = session.relative_paths(paths)?;
    let snapshot = &session.snapshot;
    let resolver = Resolver::new(snapshot, &session.config.teams);
    let evidence = session.evidence(&resolver);
    let mut answers = Vec::new();
    for (given, path) in paths.iter().zip(&relative) {
        if !engine::who::is_tracked(snapshot, path) {
            let _ = writeln!(
                io.err,
                "ownlint: note: {} is not tracked{}: shown is who would own it once added",
                shown(given),
                match (&session.revision, &global.rev) {
                    (crate::repo::Revision::Commit { .. }, Some(rev)) =>
                        format!(" at `{}`", shown(rev)),
                    (crate::repo::Revision::Index, _) => " in the index".to_string(),
                    _ => " in the repository".to_string(),
                }
            );
        }
        answers.push(engine::who::answer(
            &session,
            &resolver,
            evidence.as_ref(),
            path,
        ));
    }
    let text = match global.format {
        Format::Json => crate::escape::json(&who::WhoOutput(answers)),
        _ => human(&answers),
    };
    cli::emit(io, &text)?;
    // Only what kept part of a file from being read: findings about what was read (a
    // MAINTAINERS section without `F:`, an unknown field, an invalid owner) are `check`'s.
    let mut broken: Vec<&str> = snapshot
        .diagnostics
        .iter()
        .filter(|d| is_read_failure(d))
        .filter_map(|d| d.file.as_deref())
        .collect();
    broken.sort_unstable();
    broken.dedup();
    if !broken.is_empty() {
        let _ = writeln!(
            io.err,
            "ownlint: note: {} could not be read completely ({}); run `ownlint check`",
            crate::plural::count(broken.len(), "ownership file", "ownership files"),
            escape::terminal(&escape::clip(&broken.join(", "), MAX_SHOWN_CHARS))
        );
    }
    Ok(0)
}

/// Whether a diagnostic of reading the ownership files says part of a file could not be read
/// (so `who` may answer from less than the file says): a file too large, not decodable, or a
/// line that does not parse.
fn is_read_failure(d: &crate::diagnostics::Diagnostic) -> bool {
    d.rule == crate::rules::parse_error::RULE.name
        || d.rule == crate::rules::codeowners_too_large::RULE.name
}

/// How much of a name `who` shows in its column: a longer one is cut and ends with `…`, so the
/// column stays narrow (and within what a formatter can pad).
const MAX_NAME_CHARS: usize = 100;

/// How much of any other untrusted field (a path, a pattern, an alias) `who` shows.
const MAX_SHOWN_CHARS: usize = 1000;

/// An untrusted field, clipped and made safe for a terminal.
fn shown(text: &str) -> String {
    escape::terminal(&escape::clip(text, MAX_SHOWN_CHARS))
}

fn human(answers: &[who::PathOwners]) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    for answer in answers {
        line(shown(&answer.path));
        if !answer.owners.iter().any(|o| o.role == "approver") {
            line("  (no approver: this path is unowned)".to_string());
        }
        let mut dialects: Vec<&str> = answer.owners.iter().map(|o| o.dialect.as_str()).collect();
        dialects.dedup();
        let several = dialects.len() > 1 || dialects.iter().any(|d| *d != "OWNERS");
        let names: Vec<String> = answer
            .owners
            .iter()
            .map(|o| escape::clip(&escape::terminal(&o.name), MAX_NAME_CHARS).into_owned())
            .collect();
        let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        for (owner, name) in answer.owners.iter().zip(&names) {
            let via = owner
                .via
                .as_ref()
                .map(|v| format!("  via {}", shown(v)))
                .unwrap_or_default();
            let state = match (owner.active, &owner.last_seen) {
                (Some(true), Some(last)) => format!("  active, last seen {last}"),
                (Some(false), Some(last)) => format!("  inactive, last seen {last}"),
                (Some(false), None) => match &owner.unseen_since {
                    None => "  never seen in history".to_string(),
                    Some(since) => format!("  not seen in the history read (since {since})"),
                },
                _ => String::new(),
            };
            let source = match (&owner.declaration, several) {
                (Some(title), _) => format!("  ({}: {})", owner.dialect, shown(title)),
                (None, true) => format!("  ({})", owner.dialect),
                (None, false) => String::new(),
            };
            line(format!(
                "  {:<8}  {name:<width$}  {}:{}{source}{via}{state}",
                owner.role,
                shown(&owner.file),
                owner.line
            ));
        }
        if let Some(handover) = &answer.handover {
            let date = handover
                .date
                .as_ref()
                .map(|d| format!(" ({})", shown(d)))
                .unwrap_or_default();
            line(format!("  handover  {}{date}", shown(&handover.path)));
        }
        if let (Some(area), Some(activity)) = (&answer.area, &answer.activity) {
            if activity.is_empty() {
                line(format!("  no changes to `{}` in the window", shown(area)));
            } else {
                line(format!("  most active in `{}`:", shown(area)));
                for entry in activity {
                    line(format!(
                        "    {}  {} ({:.0}%), last {}",
                        shown(&entry.who),
                        crate::plural::count(entry.changes, "change", "changes"),
                        entry.share * 100.0,
                        entry.last
                    ));
                }
            }
        }
    }
    out
}
