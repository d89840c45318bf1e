use super::{Context, HistoryContext};
use crate::diagnostics::Diagnostic;
use crate::time::{DAY, days_between, format_date, parse_date};

declare_rule! {
    /// An ownership file not reviewed within `review_every`, where the repository reviews them.
    ///
    /// ## What it does
    ///
    /// In a repository that has adopted ownership reviews, reports an ownership file whose
    /// `reviewed:` date is older than `history.review_every` (default 365 days), or, without
    /// one, whose last change in history is; a file not changed in the whole window is
    /// reported when the window covers the review period.
    ///
    /// A repository adopts reviews by saying so: a `reviewed:` date in any of its ownership
    /// files, or `history.review_every` (or this rule's level under `rules:`) set in
    /// `.ownlint.yaml`. Elsewhere the rule reports nothing: a project that never chose a review
    /// cadence would get one finding for every ownership file left alone for a year, and none
    /// of them would be actionable. `ownlint report` shows every area's last review date
    /// (`reviewed:`, else the file's last change) either way.
    ///
    /// With `--staged` or `--base`, an ownership file the change adds or edits has just been
    /// reviewed by whoever changes it: it is not overdue.
    ///
    /// ## Why it matters
    ///
    /// Ownership is revisited, not declared once. People move, areas grow and split; a yearly
    /// look at each OWNERS file (and a `reviewed:` date to show it happened) keeps it true.
    ///
    /// ## How to fix
    ///
    /// Review who owns the area, update the file if needed, and set `reviewed:` to the date of the
    /// review (YYYY-MM-DD).
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers: [alice]
    /// reviewed: 2023-04-01     # more than a year ago
    /// ```
    name: "review-overdue",
    severity: Warning,
    category: History,
    check: Check::MaybeHistory(check),
}

/// Whether the repository has adopted ownership reviews: `review_every` or the rule's level
/// set in the configuration, or a `reviewed:` date in any ownership file of the snapshot.
fn reviews_adopted(context: &Context) -> bool {
    let config = context.config;
    config.history.review_every_set
        || config.names_rule(RULE.name)
        || context.snapshot.owners.iter().any(|f| f.reviewed.is_some())
}

fn check(context: &Context, history: Option<&HistoryContext>, out: &mut Vec<Diagnostic>) {
    if !reviews_adopted(context) {
        return;
    }
    let review_every = context.config.history.review_every;
    let days = review_every / DAY;
    // A file of pattern-scoped declarations (CODEOWNERS, MAINTAINERS) is judged once.
    let mut seen = std::collections::HashSet::new();
    for file in &context.snapshot.owners {
        // A file the compared change (--staged, --base) adds or edits has just been reviewed.
        if !seen.insert(file.path.as_str()) || context.handover.changed.contains(&file.path) {
            continue;
        }
        let diagnostic = if let Some(reviewed) = &file.reviewed {
            let Some(at) = parse_date(&reviewed.value) else {
                continue;
            };
            if context.as_of - at <= review_every {
                continue;
            }
            Diagnostic::new(
                RULE.name,
                format!(
                    "{} was last reviewed {}, {} ago (reviews are due every {})",
                    file.path,
                    reviewed.value,
                    crate::plural::count(days_between(at, context.as_of), "day", "days"),
                    crate::plural::count(days, "day", "days")
                ),
            )
            .at(&file.path, reviewed.span)
            .label("review overdue")
        } else {
            let Some(&HistoryContext {
                history, evidence, ..
            }) = history
            else {
                continue;
            };
            match evidence.file_changed.get(&file.path) {
                Some(&changed) if context.as_of - changed <= review_every => continue,
                Some(&changed) => Diagnostic::new(
                    RULE.name,
                    format!(
                        "{} has no `reviewed:` date and was last changed {}, {} ago (reviews are due every {})",
                        file.path,
                        format_date(changed),
                        crate::plural::count(days_between(changed, context.as_of), "day", "days"),
                        crate::plural::count(days, "day", "days")
                    ),
                )
                .in_file(&file.path),
                None if history.covers(review_every) => Diagnostic::new(
                    RULE.name,
                    format!(
                        "{} has no `reviewed:` date and has not changed since before {} (reviews are due every {})",
                        file.path,
                        format_date(history.window.start),
                        crate::plural::count(days, "day", "days")
                    ),
                )
                .in_file(&file.path),
                None => continue,
            }
        };
        out.push(
            diagnostic
                .area(file.area())
                .help("review who owns this area, update the file, and set `reviewed:` to today's date (YYYY-MM-DD)"),
        );
    }
}
