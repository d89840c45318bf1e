use std::collections::{HashMap, HashSet};

use super::declared::declared;
use super::{Context, HistoryContext};
use crate::diagnostics::{Diagnostic, Evidence};
use crate::resolve::Role;
use crate::time::{DAY, days_between, format_date};

declare_rule! {
    /// A declared owner, approver or cover with no activity for `stale_after` (default 180 days).
    ///
    /// ## What it does
    ///
    /// Joins each person named as `owner`, approver or `cover` (directly or through an alias) to
    /// every identity they have in the history (see "How identities are joined" in the README)
    /// and reports those with no activity anywhere in the repository for `history.stale_after`,
    /// however long ago they were last seen: the message gives the date, the identity they
    /// were seen as and what they did (authoring or committing a commit, a `Reviewed-by`,
    /// `Acked-by`, `Signed-off-by`, `Tested-by`, `Co-authored-by` or `Co-developed-by`
    /// trailer, a merged pull request, an activity-file record). Last activity is read over
    /// the whole history, not only the window. People who appear nowhere in the history are
    /// left to `unmapped-owner`; a shallow clone that does not reach back `stale_after` judges
    /// nobody.
    ///
    /// ## Why it matters
    ///
    /// A declared owner who has been gone for months is likely gone for good: reviews wait on
    /// them, escalations reach nobody, and the area is less owned than it looks.
    ///
    /// ## How to fix
    ///
    /// Ask whether the person still owns the area: move them to `emeritus_approvers` (or remove
    /// them) and name someone active, or map the identity they now work under in the `people`
    /// registry of `.ownlint.yaml`.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers: [alice, bob]     # bob's last commit was 14 months ago
    /// ```
    name: "stale-owner",
    severity: Warning,
    category: History,
    check: Check::History(HistoryNeed::Cutoff, check),
}

/// Last activity is read over the whole history; only a shallow clone cut after the cutoff
/// hides whether someone was active since ([`HistoryNeed::Cutoff`](super::HistoryNeed::Cutoff)).
fn check(context: &Context, history: &HistoryContext, out: &mut Vec<Diagnostic>) {
    let HistoryContext {
        history,
        evidence,
        cutoff,
    } = *history;
    let stale_after = context.config.history.stale_after;
    // A person gone through an alias is reported once, at the alias's member line.
    let mut reported_in_alias = HashSet::new();
    // In a pattern-scoped file (CODEOWNERS, MAINTAINERS) a person is reported once per file,
    // at their first line, with the number of other lines naming them.
    let mut per_file: HashMap<(String, String), (usize, usize)> = HashMap::new();
    let start = out.len();
    for (index, file) in context.snapshot.owners.iter().enumerate() {
        for entry in declared(context, index, &[Role::Owner, Role::Approver, Role::Cover]) {
            if !evidence.ids.is_mapped(&entry.person) {
                continue;
            }
            let sighting = evidence.sighting(&entry.person);
            let last = sighting.map(|s| s.time);
            if last.is_some_and(|t| t >= cutoff) {
                continue;
            }
            // A registered person never seen is stale only if the history is old enough to
            // have shown them.
            if last.is_none() && !evidence.reaches_back_to(history, cutoff) {
                continue;
            }
            let key = (file.path.clone(), entry.person.clone());
            if !file.is_directory()
                && let Some((_, others)) = per_file.get_mut(&key)
            {
                *others += 1;
                continue;
            }
            let seen = match sighting {
                Some(s) => format!(
                    "has not been active for {} (last seen {} as {}, {})",
                    crate::plural::count(days_between(s.time, context.as_of), "day", "days"),
                    format_date(s.time),
                    s.seen_as,
                    s.activity.describe()
                ),
                None if evidence.ids.history_complete() => {
                    "was never seen in this repository's history".to_string()
                }
                None => "was not seen in the history read".to_string(),
            };
            let stale_days = stale_after / DAY;
            let mut diagnostic = Diagnostic::new(
                RULE.name,
                format!("{} `{}` {seen}", entry.role.as_str(), entry.person),
            )
            .owner(entry.person.clone())
            .area(file.area())
            .evidence(Evidence {
                last_seen: last.map(format_date),
                ..Evidence::default()
            });
            let alias_member = entry.via.as_ref().and_then(|via| {
                let aliases = context.snapshot.aliases.as_ref()?;
                let member = aliases
                    .get(via)?
                    .members
                    .iter()
                    .find(|m| m.name == entry.person)?;
                Some((aliases.path.clone(), member.span, via.clone()))
            });
            diagnostic = match alias_member {
                Some((path, span, via)) => {
                    if !reported_in_alias.insert((entry.person.clone(), via.clone())) {
                        continue;
                    }
                    diagnostic.at(path, span).label(format!("inactive for over {}", crate::plural::count(stale_days, "day", "days"))).help(format!(
                        "remove `{}` from the alias `{via}` (and move them to emeritus_approvers where they approved), or confirm they are active",
                        entry.person
                    ))
                }
                None => diagnostic
                    .at(&file.path, entry.span)
                    .label(format!("inactive for over {}", crate::plural::count(stale_days, "day", "days")))
                    .help(format!(
                        "hand the role over and move `{}` to emeritus_approvers, or add their current identity to `people` in .ownlint.yaml",
                        entry.person
                    )),
            };
            if !file.is_directory() {
                per_file.insert(key, (out.len(), 0));
            }
            out.push(diagnostic);
        }
    }
    for (at, others) in per_file.into_values() {
        if others > 0 && at >= start {
            let lines = if others == 1 { "line" } else { "lines" };
            out[at]
                .message
                .push_str(&format!(" (also named on {others} other {lines})"));
        }
    }
}
