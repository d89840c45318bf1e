use super::declared::declared;
use super::{Context, HistoryContext};
use crate::diagnostics::{Diagnostic, Evidence};
use crate::resolve::Role;
use crate::time::format_date;

declare_rule! {
    /// An owner or approver active in the repository but not in the area they own.
    ///
    /// ## What it does
    ///
    /// Reports a person declared as `owner` or approver of an area who was active in the
    /// repository within `stale_after` but made no change, review or trailer anywhere below the
    /// area's directory within the window, while others did (an area nobody touched in the
    /// window is not judged).
    ///
    /// ## Why it matters
    ///
    /// Ownership drifts when people move on inside the same repository: they still approve
    /// by name, but the knowledge of the area is fading. This is `info`: it is a prompt to
    /// check, not proof of a problem.
    ///
    /// ## How to fix
    ///
    /// Ask whether they still own the area: if they do, involve them in its reviews; if they have
    /// moved on, move them to `emeritus_approvers` (or remove them) and name someone who works on
    /// it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # storage/OWNERS
    /// approvers: [alice]    # alice commits every week, but only under network/
    /// ```
    name: "absent-from-area",
    severity: Info,
    category: History,
    check: Check::History(HistoryNeed::Paths, check),
}

fn check(context: &Context, history: &HistoryContext, out: &mut Vec<Diagnostic>) {
    let HistoryContext {
        history,
        evidence,
        cutoff,
    } = *history;
    // The same for each finding: an area holds tens of declared people, a report thousands.
    let since = format_date(history.window.start);
    // Who is absent where, found first: a repository can have tens of thousands of such
    // findings (benches/pattern_shapes.rs's chromium shape: 17,771), and growing the findings
    // a few hundred bytes each by doubling, copies and fresh pages, was a third of this rule.
    let mut absent = Vec::new();
    for index in 0..context.snapshot.owners.len() {
        // Nobody worked below an area nobody changed: their absence says nothing.
        if evidence.areas[index].subtree_last.is_empty() {
            continue;
        }
        for entry in declared(context, index, &[Role::Owner, Role::Approver]) {
            let Some(last) = evidence.last_seen(&entry.person) else {
                continue;
            };
            if last < cutoff || evidence.last_seen_below(&entry.person, index).is_some() {
                continue;
            }
            absent.push((index, entry, last));
        }
    }
    out.reserve(absent.len());
    // An area's name, made once for its findings (they come area by area).
    let mut named: Option<(usize, String)> = None;
    for (index, entry, last) in absent {
        let file = &context.snapshot.owners[index];
        let area = match &named {
            Some((at, area)) if *at == index => area,
            _ => &named.insert((index, file.area())).1,
        };
        let last = format_date(last);
        out.push(
            Diagnostic::new(
                RULE.name,
                format!(
                    "{} `{}`{} is active (last seen {last}) but made no change under `{area}` since {since}",
                    entry.role.as_str(),
                    entry.person,
                    entry.through(),
                ),
            )
            .at(&file.path, entry.span)
            .label("no activity in this area")
            .owner(entry.person.clone())
            .area(area.clone())
            .evidence(Evidence {
                last_seen: Some(last),
                ..Evidence::default()
            })
            .help("confirm they still own this area, or hand it over to someone who works in it"),
        );
    }
}
