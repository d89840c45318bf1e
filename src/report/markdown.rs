//! `report --format markdown` (the default): a summary table of the repositories, then for
//! each repository a table of its areas and one section per area with every field. Fit for a
//! wiki page, an issue or `$GITHUB_STEP_SUMMARY`.

use std::fmt::Write;

use super::{AreaReport, RepositoryReport, Sweep, activity_text, contributor_text};

pub fn render(sweep: &Sweep) -> String {
    let mut out = String::from("# Ownership report\n\n");
    summary(&mut out, sweep);
    for repo in &sweep.repositories {
        repository(&mut out, repo);
    }
    out
}

fn summary(out: &mut String, sweep: &Sweep) {
    let health = sweep.health();
    let _ = writeln!(
        out,
        "Areas by health: {} ok, {} warning, {} error.\n",
        health.ok, health.warning, health.error
    );
    out.push_str("| Repository | Areas | ok | warning | error | Errors | Warnings | Infos | Unowned files | As of |\n");
    out.push_str("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
    for repo in &sweep.repositories {
        let name = escape(&repo.name);
        match (&repo.error, &repo.summary) {
            (Some(_), _) | (None, None) => {
                let error = repo
                    .error
                    .as_deref()
                    .map_or_else(|| "no summary".to_string(), escape);
                let _ = writeln!(out, "| {name} | not read: {error} | | | | | | | | |");
            }
            (None, Some(s)) => {
                let _ = writeln!(
                    out,
                    "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    s.areas,
                    s.health.ok,
                    s.health.warning,
                    s.health.error,
                    s.errors,
                    s.warnings,
                    s.infos,
                    s.unowned_files,
                    escape(repo.as_of.as_deref().unwrap_or(""))
                );
            }
        }
    }
    out.push('\n');
}

fn repository(out: &mut String, repo: &RepositoryReport) {
    let _ = writeln!(out, "## {}\n", escape(&repo.name));
    if let Some(error) = &repo.error {
        let _ = writeln!(out, "Could not be read: {}\n", escape(error));
        return;
    }
    let mut facts = Vec::new();
    if let Some(as_of) = &repo.as_of {
        facts.push(format!("As of {}", escape(as_of)));
    }
    match &repo.history_since {
        Some(since) => facts.push(format!("history since {}", escape(since))),
        None => facts.push("history not read".into()),
    }
    if let Some(commit) = &repo.commit {
        facts.push(format!("commit {}", escape(commit)));
    }
    let _ = writeln!(out, "{}.\n", facts.join(", "));
    if repo.areas.is_empty() {
        out.push_str("No ownership declarations.\n\n");
    } else {
        out.push_str("| Area | Dialect | Owner | Approvers | Bus factor | Review | Handover | Health | Findings |\n");
        out.push_str("|---|---|---|---|--:|---|---|---|--:|\n");
        for area in &repo.areas {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                escape(&area.area),
                escape(&area.dialect),
                escape(&area.owner.join(", ")),
                escape(&area.approvers.join(", ")),
                area.bus_factor.map(|b| b.to_string()).unwrap_or_default(),
                escape(area.review.as_ref().map_or("", |r| r.date.as_str())),
                escape(area.handover.as_ref().map_or("", |h| h.path.as_str())),
                area.health.as_str(),
                area.findings.len()
            );
        }
        out.push('\n');
    }
    let history = repo.history_since.is_some();
    for area in &repo.areas {
        details(out, area, history);
    }
    if !repo.other_findings.is_empty() {
        out.push_str("### Other findings\n\n");
        for f in &repo.other_findings {
            let _ = writeln!(
                out,
                "- **{}** {}: {}",
                f.severity,
                escape(&f.rule),
                escape(&f.message)
            );
        }
        out.push('\n');
    }
}

fn details(out: &mut String, area: &AreaReport, history: bool) {
    let _ = writeln!(
        out,
        "### {} ({})\n",
        escape(&area.area),
        area.health.as_str()
    );
    let list = |names: &[String]| {
        if names.is_empty() {
            "none".to_string()
        } else {
            escape(&names.join(", "))
        }
    };
    let mut line = |label: &str, value: String| {
        let gap = if value.is_empty() { "" } else { " " };
        let _ = writeln!(out, "- **{label}:**{gap}{value}");
    };
    line(
        "File",
        format!("{} ({})", escape(&area.file), escape(&area.dialect)),
    );
    line("Owner", list(&area.owner));
    line("Approvers", list(&area.approvers));
    line("Reviewers", list(&area.reviewers));
    line("Cover", list(&area.cover));
    if !area.people.is_empty() {
        let people: Vec<String> = area
            .people
            .iter()
            .map(|p| activity_text(p, history))
            .collect();
        line("Last activity", escape(&people.join("; ")));
    }
    if history {
        let active: Vec<String> = area.most_active.iter().map(contributor_text).collect();
        line(
            "Most active",
            if active.is_empty() {
                "nobody changed the area in the window".into()
            } else {
                escape(&active.join("; "))
            },
        );
        line("Bus factor", {
            let changes = area.changes.unwrap_or(0);
            let plural = if changes == 1 { "" } else { "s" };
            format!(
                "{} ({changes} change{plural} in the window)",
                area.bus_factor.unwrap_or(0)
            )
        });
    }
    line(
        "Review",
        match &area.review {
            Some(r) if r.source == "reviewed" => format!("{} (`reviewed:`)", escape(&r.date)),
            Some(r) => format!("{} (last change of the file)", escape(&r.date)),
            None => "unknown".into(),
        },
    );
    line(
        "Handover",
        match &area.handover {
            Some(h) => match &h.date {
                Some(date) => format!("{} ({})", escape(&h.path), escape(date)),
                None => escape(&h.path),
            },
            None => "none".into(),
        },
    );
    if area.findings.is_empty() {
        line("Findings", "none".into());
    } else {
        line("Findings", String::new());
        for f in &area.findings {
            let _ = writeln!(
                out,
                "  - **{}** {}: {}",
                f.severity,
                escape(&f.rule),
                escape(&f.message)
            );
        }
    }
    out.push('\n');
}

/// Makes untrusted text inert in Markdown, inside a table cell or a line: the escaping of
/// `check --format markdown` ([`crate::escape::markdown_text`]).
pub fn escape(text: &str) -> String {
    crate::escape::markdown_text(text)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_what_markdown_would_interpret() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("x\ny"), "x\\\\u{a}y");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(escape("`code`"), "`code`");
        assert_eq!(escape("\u{1b}[31m"), "\\\\u{1b}\\[31m");
        assert_eq!(escape("@org/team"), "`@org/team`");
        assert_eq!(escape("alice"), "alice");
    }
}
