use std::collections::{HashMap, HashSet};

use super::Context;
use super::declared::declared;
use crate::diagnostics::{Diagnostic, Evidence};
use crate::resolve::Role;
use crate::time::{DAY, days_between, format_date};

declare_rule! {
    /// A declared owner, approver or cover with no activity for `stale_after` (default 180 days).
    ///
    /// ## What it does
    ///
    /// Joins each person named as `owner`, approver or `cover` (directly or through an alias) to
    /// their commits, trailers, merges and activity records, and reports those with no activity
    /// anywhere in the repository for `history.stale_after`, saying when they were last seen or
    /// that they were not seen in the window. People who cannot be joined are left to
    /// `unmapped-owner`; when the history is too short to judge, nobody is reported.
    ///
    /// ## Why it matters
    ///
    /// A declared owner who has been gone for months is likely gone for good: reviews wait on
    /// them, escalations reach nobody, and the area is less owned than it looks.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers: [alice, bob]     # bob's last commit was 14 months ago
    /// ```
    name: "stale-owner",
    severity: Warning,
    uses_history: true,
    check: Some(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Some((history, evidence)) = context.history else {
        return;
    };
    let stale_after = context.config.history.stale_after;
    if !history.covers(stale_after) {
        return;
    }
    let cutoff = context.as_of - stale_after;
    // A person gone through an alias is reported once, at the alias's member line.
    let mut reported_in_alias = HashSet::new();
    // In a pattern-scoped file (CODEOWNERS, MAINTAINERS) a person is reported once per file,
    // at their first line, with the number of other lines naming them.
    let mut per_file: HashMap<(String, String), (usize, usize)> = HashMap::new();
    let start = out.len();
    for file in &context.snapshot.owners {
        for entry in declared(context, file, &[Role::Owner, Role::Approver, Role::Cover]) {
            if !evidence.ids.is_mapped(&entry.person) {
                continue;
            }
            let last = evidence.last_seen(&entry.person);
            if last.is_some_and(|t| t >= cutoff) {
                continue;
            }
            let key = (file.path.clone(), entry.person.clone());
            if !file.is_directory()
                && let Some((_, others)) = per_file.get_mut(&key)
            {
                *others += 1;
                continue;
            }
            let seen = match last {
                Some(t) => format!(
                    "has not been active for {} days (last seen {})",
                    days_between(t, context.as_of),
                    format_date(t)
                ),
                None => format!("was not seen since {}", format_date(history.window.start)),
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
                    diagnostic.at(path, span).label(format!("inactive for over {stale_days} days")).help(format!(
                        "remove `{}` from the alias `{via}` (and move them to emeritus_approvers where they approved), or confirm they are active",
                        entry.person
                    ))
                }
                None => diagnostic
                    .at(&file.path, entry.span)
                    .label(format!("inactive for over {stale_days} days"))
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
