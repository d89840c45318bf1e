use std::collections::HashSet;

use super::declared::area_people;
use super::{Context, HistoryContext};
use crate::diagnostics::{Diagnostic, Evidence};
use crate::history::evidence::Share;
use crate::identity::PersonId;
use crate::resolve::{NameKind, Role};
use crate::time::format_date;

declare_rule! {
    /// Someone who makes a large share of an area's changes but is not declared in it.
    ///
    /// ## What it does
    ///
    /// For each area (the files whose nearest OWNERS file is this one, a CODEOWNERS line, a
    /// MAINTAINERS section) with at least `history.min_commits` changes in the window, reports
    /// each person with at least `min_commits` of them and at least `history.min_share`
    /// (default 30%) of the area's changes who is not among its owner, approvers, reviewers or
    /// cover. Names the person, the count and the share.
    ///
    /// A person is one identity over the whole history: someone declared by handle who commits
    /// under a name and email is the same person (see "How identities are joined" in the
    /// README). Changes by bots (`history.bots`) and tree-wide changes (touching more than
    /// `history.wide_change` areas at once) are not counted. Areas that name nobody (an
    /// owner-less CODEOWNERS line) or are approved by a team of unknown members are not judged.
    ///
    /// ## Why it matters
    ///
    /// The de facto maintainer of an area is whoever actually changes it. When they are not
    /// declared, reviews go to the wrong people and nobody knows whom to ask.
    ///
    /// ## How to fix
    ///
    /// Add the person to the area's `approvers` or `reviewers`, or, if they are declared under
    /// another handle or email, map their commit identity under `people` in `.ownlint.yaml`.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # parser/OWNERS
    /// approvers: [alice]     # carol made 14 of the 20 changes to parser/ this year
    /// ```
    name: "undeclared-maintainer",
    severity: Warning,
    category: History,
    check: Check::History(HistoryNeed::Paths, check),
}

fn check(context: &Context, history: &HistoryContext, out: &mut Vec<Diagnostic>) {
    let HistoryContext {
        history, evidence, ..
    } = *history;
    let settings = &context.config.history;
    for (index, file) in context.snapshot.owners.iter().enumerate() {
        let stats = &evidence.areas[index];
        if stats.changes < settings.min_commits {
            continue;
        }
        let declared = area_people(
            context,
            index,
            &[Role::Owner, Role::Approver, Role::Reviewer, Role::Cover],
        );
        // An area that names nobody (a CODEOWNERS line left without owners on purpose) has
        // no declaration to add anyone to; one approved by a team whose members are not known
        // may well count its maintainer among them.
        if declared.is_empty()
            || declared
                .iter()
                .any(|p| context.resolver.kind(p) == NameKind::Group)
        {
            continue;
        }
        let declared_people: HashSet<PersonId> = declared
            .iter()
            .flat_map(|name| evidence.ids.lookup(name))
            .collect();
        let mut candidates: Vec<(&PersonId, &Share)> = stats.by_person.iter().collect();
        candidates.sort_by_key(|(person, share)| (std::cmp::Reverse(share.changes), **person));
        for (&person, share) in candidates {
            let fraction = share.changes as f64 / stats.changes as f64;
            if share.changes < settings.min_commits || fraction < settings.min_share {
                continue;
            }
            if declared_people.contains(&person) {
                continue;
            }
            let who = evidence.ids.display(person);
            // Where the declaration is: its first approver or owner, else its first reviewer
            // (a MAINTAINERS section of `R:` lines alone), else the section or pattern line.
            let span = file
                .approvers
                .first()
                .map(|n| n.span)
                .or(file.owner_span)
                .or(file.reviewers.first().map(|n| n.span))
                .or(file.declaration_span());
            let mut diagnostic = Diagnostic::new(
                RULE.name,
                format!(
                    "{who} made {} of the {} ({:.0}%) to `{}` since {} but is not declared there",
                    share.changes,
                    crate::plural::count(stats.changes, "change", "changes"),
                    fraction * 100.0,
                    file.area(),
                    format_date(history.window.start)
                ),
            )
            .owner(who.clone())
            .area(file.area())
            .evidence(Evidence {
                last_seen: Some(format_date(share.last)),
                commits: Some(share.changes),
                share: Some((fraction * 1000.0).round() / 1000.0),
            })
            .help(format!(
                "add them to `approvers` or `reviewers` in {} (if they are declared under another handle or email, map their commit identity under `people` in .ownlint.yaml)",
                file.path
            ));
            diagnostic = match span {
                Some(span) => diagnostic.at(&file.path, span).label("not declared here"),
                None => diagnostic.in_file(&file.path),
            };
            out.push(diagnostic);
        }
    }
}
