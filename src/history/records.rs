//! Activity files: review activity that git does not record (pull-request approvals), as JSON
//! Lines `{"who": "alice", "when": "2026-01-31", "path": "pkg/x.go"}`, counted like commits.

use std::path::Path;

use serde::Deserialize;

use crate::bounded_read::{self, Origin};
use crate::error::Error;
use crate::time::parse_instant;

/// One record of an activity file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// A handle or an email.
    pub who: String,
    pub when: i64,
    /// The repository path the activity was about, if any.
    pub path: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    who: String,
    when: When,
    path: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum When {
    Text(String),
    Seconds(i64),
}

/// Reads an activity file through the [bounded reader](crate::bounded_read) (`origin` says
/// whether it must stay inside the repository); `shown` is how its path appears in errors.
pub fn read(path: &Path, origin: Origin<'_>, shown: &str) -> Result<Vec<Record>, Error> {
    let bytes = bounded_read::read(path, origin, bounded_read::ACTIVITY)
        .map_err(|problem| Error::Config(format!("{shown}: the activity file {problem}")))?;
    let mut records = Vec::new();
    for (index, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let at = || format!("{shown}:{}", index + 1);
        let line = std::str::from_utf8(line)
            .map_err(|_| Error::Config(format!("{}: not valid UTF-8", at())))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Line = serde_json::from_str(line).map_err(|e| {
            Error::Config(format!(
                "{}: expected {{\"who\", \"when\", \"path\"?}}: {e}",
                at()
            ))
        })?;
        let when = match parsed.when {
            When::Seconds(s) => s,
            When::Text(text) => {
                parse_instant(&text).map_err(|e| Error::Config(format!("{}: {e}", at())))?
            }
        };
        if parsed.who.trim().is_empty() {
            return Err(Error::Config(format!("{}: `who` is empty", at())));
        }
        records.push(Record {
            who: parsed.who,
            when,
            path: parsed.path.map(|p| p.trim_start_matches("./").to_string()),
        });
    }
    Ok(records)
}
