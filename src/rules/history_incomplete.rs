use super::Context;
use crate::diagnostics::Diagnostic;
use crate::history::History;
use crate::time::{days_between, format_date};

declare_rule! {
    /// The history available is too short or incomplete for the history rules to judge.
    ///
    /// ## What it does
    ///
    /// Says once, when history rules are on, that the history read does not cover what they
    /// need: a shallow clone cut before the staleness period, a repository younger than it, a
    /// window (`--since`) shorter than it, or a partial clone whose trees are missing. It says
    /// how much history there is, how much is needed, and how to get it; the rules that would
    /// judge on missing evidence are skipped.
    ///
    /// ## Why it matters
    ///
    /// Without enough history everyone looks inactive. ownlint reports the gap instead of
    /// reporting every owner as stale, and never returns a silently empty result.
    ///
    /// ## How to fix
    ///
    /// Give the check the history it needs: clone with `fetch-depth: 0` (or `git fetch
    /// --unshallow`), fetch the missing trees of a partial clone, or widen `--since`.
    ///
    /// ## Example
    ///
    /// ```text
    /// git clone --depth 1 ...   # then `ownlint check`: history is shallow
    /// ```
    name: "history-incomplete",
    severity: Warning,
    category: History,
    check: Check::Coverage(check),
}

fn check(context: &Context, history: &History, out: &mut Vec<Diagnostic>) {
    let settings = &context.config.history;
    let lookback = settings.stale_after;
    let end = history.window.end;
    let needed = end - lookback;
    let skipped = "stale-owner, orphaned-area and review-overdue report nobody";
    let mut message = None;
    if history.window.start > needed {
        message = Some(format!(
            "the window starts {} ({} before {}), but staleness is judged over {}; {skipped}",
            format_date(history.window.start),
            crate::plural::count(days_between(history.window.start, end), "day", "days"),
            format_date(end),
            crate::plural::count(lookback / crate::time::DAY, "day", "days")
        ));
    } else if let Some(boundary) = history.coverage.shallow_boundary.filter(|&b| b > needed) {
        message = Some(format!(
            "the repository is a shallow clone: history stops at {}, but staleness needs history back to {}; fetch it with `git fetch --shallow-since={}`; {skipped}",
            format_date(boundary),
            format_date(needed),
            format_date(needed)
        ));
    } else if !history.covers(lookback) {
        let start = match history.coverage.root_time {
            Some(root) => format!("starts {}", format_date(root)),
            None => "has no commits".to_string(),
        };
        message = Some(format!(
            "the repository's history {start}, less than the {} staleness is judged over; {skipped}",
            crate::plural::count(lookback / crate::time::DAY, "day", "days")
        ));
    }
    if let Some(message) = message {
        out.push(
            Diagnostic::new(RULE.name, message).help(
                "fetch more history, shorten `history.stale_after`, or run with --no-history",
            ),
        );
    }
    if history.coverage.missing_trees > 0 {
        out.push(
            Diagnostic::new(
                RULE.name,
                format!(
                    "{} of the window {} trees missing (a partial clone): absent-from-area, undeclared-maintainer and single-point-of-failure report nobody",
                    crate::plural::count(history.coverage.missing_trees, "commit", "commits"),
                    crate::plural::noun(history.coverage.missing_trees, "has", "have")
                ),
            )
            .help("fetch the missing trees (a blobless clone keeps them; a treeless one does not)"),
        );
    }
}
