//! `ownlint who`: the owners of each path, with provenance.

use schemars::JsonSchema;
use serde::Serialize;

use super::session::Session;
use crate::cli::{self, Format, GlobalArgs, Io};
use crate::error::Error;
use crate::render::escape_terminal;
use crate::resolve::{Resolution, Resolver, Role};

/// One path's owners, as `who --format json` lists them.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "ownlint who")]
pub struct PathOwners {
    /// Repository-relative path.
    pub path: String,
    pub owners: Vec<OwnerEntry>,
}

/// One person in one role for a path.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OwnerEntry {
    /// The person (aliases and teams are expanded).
    pub name: String,
    /// `owner`, `approver`, `reviewer` or `cover`.
    pub role: String,
    /// The alias or team the person came through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The OWNERS file that declares it.
    pub file: String,
    /// The line of the name in that file.
    pub line: usize,
}

/// The `who --format json` document: one entry per path asked about.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "ownlint who", transparent)]
pub struct WhoOutput(pub Vec<PathOwners>);

pub fn run(global: &GlobalArgs, paths: &[String], io: &mut Io) -> Result<u8, Error> {
    cli::require_format(global, "who", &[Format::Human, Format::Json])?;
    let session = Session::open(global, io)?;
    let relative = session.relative_paths(paths, io)?;
    let snapshot = &session.snapshot;
    let resolver = Resolver::new(
        &snapshot.owners,
        snapshot.aliases.as_ref(),
        &session.config.teams,
    );
    let mut answers = Vec::new();
    for path in &relative {
        let is_dir = path.is_empty()
            || (snapshot.files.binary_search(path).is_err()
                && snapshot
                    .files
                    .iter()
                    .any(|f| f.starts_with(&format!("{path}/"))));
        let resolution = resolver.resolve(path, is_dir);
        answers.push(describe(path, is_dir, &resolution, &session));
    }
    let text = match global.format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&WhoOutput(answers)).expect("JSON");
            text.push('\n');
            text
        }
        _ => human(&answers),
    };
    cli::emit(io, &text)?;
    let broken: Vec<&str> = snapshot
        .diagnostics
        .iter()
        .filter_map(|d| d.file.as_deref())
        .collect();
    if !broken.is_empty() {
        let _ = writeln!(
            io.err,
            "ownlint: note: {} ownership file(s) could not be read completely ({}); run `ownlint check`",
            broken.len(),
            escape_terminal(&broken.join(", "))
        );
    }
    Ok(0)
}

fn describe(path: &str, is_dir: bool, resolution: &Resolution, session: &Session) -> PathOwners {
    let snapshot = &session.snapshot;
    let mut owners: Vec<OwnerEntry> = resolution
        .grants
        .iter()
        .map(|g| {
            let file = &snapshot.owners[g.file];
            let line = snapshot
                .sources
                .get(&file.path)
                .map_or(0, |s| s.line_of(g.span.start));
            OwnerEntry {
                name: g.person.clone(),
                role: g.role.as_str().to_string(),
                via: g.via.clone(),
                file: file.path.clone(),
                line,
            }
        })
        .collect();
    owners.sort_by_key(|o| role_order(&o.role));
    let shown = if path.is_empty() {
        ".".to_string()
    } else if is_dir {
        format!("{path}/")
    } else {
        path.to_string()
    };
    PathOwners {
        path: shown,
        owners,
    }
}

fn role_order(role: &str) -> usize {
    [Role::Owner, Role::Approver, Role::Reviewer, Role::Cover]
        .iter()
        .position(|r| r.as_str() == role)
        .unwrap_or(usize::MAX)
}

fn human(answers: &[PathOwners]) -> String {
    let mut out = String::new();
    for answer in answers {
        out.push_str(&escape_terminal(&answer.path));
        out.push('\n');
        if !answer.owners.iter().any(|o| o.role == "approver") {
            out.push_str("  (no approver: this path is unowned)\n");
        }
        let width = answer
            .owners
            .iter()
            .map(|o| o.name.len())
            .max()
            .unwrap_or(0);
        for owner in &answer.owners {
            let via = owner
                .via
                .as_ref()
                .map(|v| format!("  via {v}"))
                .unwrap_or_default();
            out.push_str(&escape_terminal(&format!(
                "  {:<8}  {:<width$}  {}:{}{via}\n",
                owner.role, owner.name, owner.file, owner.line
            )));
        }
    }
    out
}
