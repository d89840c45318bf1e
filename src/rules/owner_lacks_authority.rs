use std::collections::HashMap;

use super::Context;
use crate::diagnostics::Diagnostic;

declare_rule! {
    /// The accountable `owner` cannot approve changes in the area they own.
    ///
    /// ## What it does
    ///
    /// For each OWNERS file with an `owner`, resolves every tracked file of its area (the files
    /// for which it is the nearest OWNERS file) and reports the owner when they are not among
    /// the effective approvers of some of them, saying how many.
    ///
    /// ## Why it matters
    ///
    /// Ownership includes authority: an owner who cannot approve changes to their area is
    /// accountable for decisions other people make, and cannot act when it matters.
    ///
    /// ## How to fix
    ///
    /// Add the `owner` to the area's `approvers`, or name as `owner` someone who approves.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// owner: alice
    /// approvers: [bob]      # alice is not an approver here, nor in a parent OWNERS file
    /// ```
    name: "owner-lacks-authority",
    severity: Warning,
    category: Accountability,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let resolver = context.resolver;
    let owned: Vec<usize> = (0..context.snapshot.owners.len())
        .filter(|&i| !context.snapshot.owners[i].owner.is_empty())
        .collect();
    if owned.is_empty() {
        return;
    }
    let mut area_files: HashMap<usize, Vec<&str>> = HashMap::new();
    for path in &context.snapshot.files {
        if let Some(area) = resolver.area_of(path, false)
            && !context.snapshot.owners[area].owner.is_empty()
        {
            area_files.entry(area).or_default().push(path);
        }
    }
    for i in owned {
        let file = &context.snapshot.owners[i];
        let paths = area_files.get(&i).cloned().unwrap_or_default();
        for name in &file.owner {
            let (people, _) = resolver.expand(&name.name);
            for person in people {
                let (lacking, total) = if paths.is_empty() {
                    let approves = resolver.approves(&file.dir, true, &person);
                    (usize::from(!approves), 1)
                } else {
                    let lacking = paths
                        .iter()
                        .filter(|p| !resolver.approves(p, false, &person))
                        .count();
                    (lacking, paths.len())
                };
                if lacking == 0 {
                    continue;
                }
                let scope = if paths.is_empty() {
                    format!("`{}`", file.area())
                } else if total == 1 {
                    format!("the only file in `{}`", file.area())
                } else if lacking == total {
                    format!(
                        "any of the {} in `{}`",
                        crate::plural::count(total, "file", "files"),
                        file.area()
                    )
                } else {
                    format!(
                        "{lacking} of the {} in `{}`",
                        crate::plural::count(total, "file", "files"),
                        file.area()
                    )
                };
                out.push(
                    Diagnostic::new(
                        RULE.name,
                        format!("owner `{person}` cannot approve changes to {scope}"),
                    )
                    .at(&file.path, name.span)
                    .label("not an approver here")
                    .owner(person.clone())
                    .area(file.area())
                    .help(format!("add `{person}` to `approvers` in {}", file.path)),
                );
            }
        }
    }
}
