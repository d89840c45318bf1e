//! `report --format csv`: one row per area (RFC 4180: comma-separated, quoted where needed,
//! CRLF line ends), for spreadsheets. A repository that could not be read gets one row with
//! an empty area and its `error`.
//!
//! Cells are untrusted text ([`crate::escape::csv_cell`]): hidden characters (line breaks
//! among them) are shown as `\u{…}`, so each record is one line, and spreadsheet programs run
//! a cell starting with `=`, `+`, `-` or `@` as a formula: such a cell gets a leading `'`, which
//! spreadsheets show as text.

use super::{AreaReport, Sweep, activity_text, contributor_text};
use crate::escape::csv_cell;

/// The header row.
pub const COLUMNS: [&str; 23] = [
    "repository",
    "area",
    "file",
    "dialect",
    "owner",
    "approvers",
    "reviewers",
    "cover",
    "last_activity",
    "most_active",
    "changes",
    "bus_factor",
    "review_date",
    "review_source",
    "handover",
    "handover_date",
    "health",
    "errors",
    "warnings",
    "infos",
    "findings",
    "as_of",
    "error",
];

pub fn render(sweep: &Sweep) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut write = |row: Vec<String>| {
        let row: Vec<String> = row.iter().map(|cell| csv_cell(cell)).collect();
        writer.write_record(&row).expect("writing to memory");
    };
    write(COLUMNS.iter().map(|c| c.to_string()).collect());
    for repo in &sweep.repositories {
        let as_of = repo.as_of.clone().unwrap_or_default();
        if let Some(error) = &repo.error {
            let mut row = vec![String::new(); COLUMNS.len()];
            row[0] = repo.name.clone();
            row[COLUMNS.len() - 1] = error.clone();
            write(row);
            continue;
        }
        let history = repo.history_since.is_some();
        for area in &repo.areas {
            write(area_row(&repo.name, area, history, &as_of));
        }
    }
    let bytes = writer.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("cells are UTF-8")
}

fn area_row(repository: &str, area: &AreaReport, history: bool, as_of: &str) -> Vec<String> {
    let count = |severity| {
        area.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
            .to_string()
    };
    let optional = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
    vec![
        repository.to_string(),
        area.area.clone(),
        area.file.clone(),
        area.dialect.clone(),
        area.owner.join("; "),
        area.approvers.join("; "),
        area.reviewers.join("; "),
        area.cover.join("; "),
        area.people
            .iter()
            .map(|p| activity_text(p, history))
            .collect::<Vec<_>>()
            .join("; "),
        area.most_active
            .iter()
            .map(contributor_text)
            .collect::<Vec<_>>()
            .join("; "),
        optional(area.changes),
        optional(area.bus_factor),
        area.review
            .as_ref()
            .map(|r| r.date.clone())
            .unwrap_or_default(),
        area.review
            .as_ref()
            .map(|r| r.source.clone())
            .unwrap_or_default(),
        area.handover
            .as_ref()
            .map(|h| h.path.clone())
            .unwrap_or_default(),
        area.handover
            .as_ref()
            .and_then(|h| h.date.clone())
            .unwrap_or_default(),
        area.health.as_str().to_string(),
        count(crate::diagnostics::Severity::Error),
        count(crate::diagnostics::Severity::Warning),
        count(crate::diagnostics::Severity::Info),
        area.findings
            .iter()
            .map(|f| format!("{} ({}): {}", f.rule, f.severity, f.message))
            .collect::<Vec<_>>()
            .join("; "),
        as_of.to_string(),
        String::new(),
    ]
}
