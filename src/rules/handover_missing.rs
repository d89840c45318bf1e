use super::{Context, HistoryContext};
use crate::diagnostics::Diagnostic;
use crate::handover::changes::Origin;
use crate::time::{DAY, format_date};

declare_rule! {
    /// Ownership changed hands with no handover document.
    ///
    /// ## What it does
    ///
    /// For each change of an ownership file (in the window, or in the pull request or staged
    /// commit) that hands an area to other people, looks for
    /// the area's handover document (its `handover:` path, a `HANDOVER.md` beside it, or the
    /// `handover.docs` patterns of the configuration) and reports the change when the document
    /// was not added or updated in the same commit or within `handover.grace` (default 14 days)
    /// after it. Changes still inside the grace period are not reported yet. Also reports a
    /// `handover:` path that points outside the repository or at nothing.
    ///
    /// A change hands an area over when its accountable people (`owner` and approvers; the
    /// people of a CODEOWNERS line or MAINTAINERS section) lose someone who was active at the
    /// time and gain someone else, or when its `owner` is replaced by another person. People
    /// are compared as identities (see "How identities are joined" in the README), so an email
    /// or handle changed for the same person is no change. These are not changes of hands: an
    /// area renamed or moved with its people (a directory moved with its OWNERS file, a
    /// CODEOWNERS pattern rewritten, a MAINTAINERS section retitled or merged), an area deleted
    /// outright, a new area, and the removal of people who had been inactive for
    /// `history.stale_after` already.
    ///
    /// ## Why it matters
    ///
    /// Handover is a capability, not a transfer of fragments: the context, open risks, contacts
    /// and runbooks of an area leave with its owner unless they are written down when it
    /// changes hands.
    ///
    /// ## How to fix
    ///
    /// Write the area's handover document (`ownlint handover new AREA --to NAME` starts one) naming
    /// who handed over to whom, with context, risks, contacts and runbooks, and commit it with the
    /// change or within `handover.grace`.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # pkg/OWNERS
    /// owner: bob        # was `owner: alice` last week; no pkg/HANDOVER.md was written
    /// ```
    name: "handover-missing",
    severity: Warning,
    category: Change,
    check: Check::MaybeHistory(check),
}

fn check(context: &Context, history: Option<&HistoryContext>, out: &mut Vec<Diagnostic>) {
    let state = context.handover;
    let grace = context.config.handover.grace;
    for hands in context
        .changes_of_hands(history)
        .iter()
        .filter(|h| h.needs_handover())
    {
        let change = hands.change;
        let area = context.area_of_change(change);
        let doc = area.and_then(|i| state.handovers.by_area.get(i)?.clone());
        // In a commit of the history, the document may follow within the grace period; in a
        // pull request or a staged change, it must be part of the change itself.
        let in_history = matches!(change.origin, Origin::Commit(_));
        let updated = doc.as_ref().is_some_and(|path| {
            if in_history {
                state.updates.get(path).is_some_and(|times| {
                    times
                        .iter()
                        .any(|&t| t >= change.time && t <= change.time + grace)
                })
            } else {
                state.changed.contains(path)
            }
        });
        if updated || (in_history && context.as_of < change.time + grace) {
            continue;
        }
        let area_name = change.area.clone();
        let why = match &doc {
            Some(path) if in_history => format!(
                "{path} was not added or updated within {}",
                crate::plural::count(grace / DAY, "day", "days")
            ),
            Some(path) => format!("{path} is not part of the change"),
            None => "the area has no handover document".to_string(),
        };
        let mut diagnostic = Diagnostic::new(
            RULE.name,
            format!(
                "ownership of `{area_name}` changed {} ({}) without a handover: {why}",
                change.when(),
                hands.describe()
            ),
        )
        .area(area_name.clone())
        .instance(change.instance())
        .help(match &doc {
            Some(path) => format!("update {path} for this change: who handed over to whom, context, risks, contacts, runbooks"),
            None if change.is_directory() => match handover_new_command(context, change) {
                Some(command) => format!("write one with `{command}` and name it in `handover:`"),
                None => "write a handover document for the area (a HANDOVER.md beside its OWNERS file), naming who hands over to whom".to_string(),
            },
            None => "write a handover document where `handover.docs` of .ownlint.yaml points (`{area}` stands for the directory the pattern names)".to_string(),
        });
        if let Some(owner) = change.owner_after.first() {
            diagnostic = diagnostic.owner(owner.clone());
        }
        // Point at the line of the current file that shows the change, when it still does.
        let current = area.map(|i| &context.snapshot.owners[i]);
        let span = current.and_then(|f| {
            if hands.owner_replaced {
                f.owner_span
            } else {
                f.approvers.first().map(|n| n.span).or(f.declaration_span())
            }
        });
        diagnostic = match (current, span) {
            (Some(file), Some(span)) => diagnostic.at(&file.path, span).label(format!(
                "changed {} without a handover",
                format_date(change.time)
            )),
            // A file the checked revision no longer has is not pointed at.
            _ if context.snapshot.sources.contains_key(&change.file) => {
                diagnostic.in_file(&change.file)
            }
            _ => diagnostic,
        };
        out.push(diagnostic);
    }
}

/// The `ownlint handover new AREA --to NAME` command that writes the document for a change of
/// an OWNERS area, as it works when pasted at the checked revision: AREA is the area that now
/// governs the change's directory (the area itself; where its OWNERS file moved, when the
/// change renamed it; else the nearest area above), NAME who takes it over (the new owner,
/// else an approver the change added, else one who stays, else that area's owner or first
/// approver). `None` when no area or no name is left to name.
fn handover_new_command(
    context: &Context,
    change: &crate::handover::changes::Change,
) -> Option<String> {
    let moved_to = context
        .handover
        .removed
        .iter()
        .find(|r| r.path == change.file)
        .and_then(|r| r.renamed_to.as_deref());
    let area = context
        .area_of_change(change)
        .or_else(|| context.resolver.file_in(crate::resolve::dir_of(moved_to?)))
        .or_else(|| context.resolver.area_of(&change.dir, true))?;
    let file = &context.snapshot.owners[area];
    let to = change
        .owner_after
        .first()
        .or(change.added.first())
        .or(change.approvers_after.first())
        .or(file.owner.first().map(|n| &n.name))
        .or(file.approvers.first().map(|n| &n.name))?;
    crate::suggest::command(&["handover", "new", &file.area(), "--to", to])
}
