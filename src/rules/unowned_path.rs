use std::collections::{BTreeSet, HashMap};

use super::Context;
use crate::diagnostics::Diagnostic;
use crate::model::{System, area_name};
use crate::resolve::{dir_of, parent_dir};

declare_rule! {
    /// Tracked files that resolve to no approver.
    ///
    /// ## What it does
    ///
    /// Resolves every tracked file (vendored, generated and excluded paths aside) and reports the
    /// ones with no approver after inheritance, aliases and filters. A directory whose files are
    /// all unowned is reported once, at the topmost such directory, with the number of files it
    /// covers; other unowned files are reported one by one.
    ///
    /// ## Why it matters
    ///
    /// An unowned file is the alert nobody triages and the change nobody can approve. Every
    /// tracked path should have someone accountable for it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # tools/OWNERS
    /// options:
    ///   no_parent_owners: true
    /// reviewers: [alice]     # reviewers, but nobody who can approve: tools/ is unowned
    /// ```
    name: "unowned-path",
    severity: Warning,
    check: Some(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let mut systems = context.resolver.present_systems();
    let several = systems.len() > 1;
    if systems.is_empty() {
        // No ownership file at all: everything is unowned, as OWNERS files would see it.
        systems.push(System::Owners);
    }
    for system in systems {
        check_system(context, system, several, out);
    }
}

/// Reports the files that `system` leaves unowned (naming the system when several are present).
fn check_system(context: &Context, system: System, several: bool, out: &mut Vec<Diagnostic>) {
    // Directories are counted over every checked file, so that a directory is "wholly
    // unowned" for what it really holds; only unowned files within the scope are reported.
    let files: Vec<&String> = context.snapshot.files.iter().collect();
    let unowned: Vec<bool> = files
        .iter()
        .map(|f| context.resolver.is_owned_in(system, f) != Some(true))
        .collect();
    if !unowned.contains(&true) {
        return;
    }
    let finding = |path: &str, is_dir: bool, files: usize| {
        let mut d = finding(context, system, path, is_dir, files);
        if several {
            d.message.push_str(&format!(" in {}", system.label()));
        }
        d
    };
    // Files and unowned files below each directory.
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (file, &is_unowned) in files.iter().copied().zip(&unowned) {
        let mut dir = Some(dir_of(file));
        while let Some(d) = dir {
            let entry = counts.entry(d).or_default();
            entry.0 += 1;
            entry.1 += usize::from(is_unowned);
            dir = parent_dir(d);
        }
    }
    let wholly_unowned = |d: &str| counts.get(d).is_some_and(|(all, none)| all == none);
    let mut directories = BTreeSet::new();
    for (file, _) in files
        .iter()
        .copied()
        .zip(&unowned)
        .filter(|(f, u)| **u && context.in_scope(f))
    {
        let mut ancestors = Vec::new();
        let mut dir = Some(dir_of(file));
        while let Some(d) = dir {
            ancestors.push(d);
            dir = parent_dir(d);
        }
        match ancestors.iter().rev().find(|d| wholly_unowned(d)) {
            Some(d) => {
                directories.insert(*d);
            }
            None => out.push(finding(file, false, 1)),
        }
    }
    for dir in directories {
        out.push(finding(dir, true, counts[dir].0));
    }
}

fn finding(
    context: &Context,
    system: System,
    path: &str,
    is_dir: bool,
    files: usize,
) -> Diagnostic {
    let shown = if is_dir && path.is_empty() {
        "the repository".to_string()
    } else if is_dir {
        format!("`{path}/`")
    } else {
        format!("`{path}`")
    };
    let message = if is_dir {
        let plural = if files == 1 { "file" } else { "files" };
        format!("{shown} has no approver ({files} {plural} unowned)")
    } else {
        format!("{shown} has no approver")
    };
    let nearest = context.resolver.area_of(path, is_dir);
    let help = match (system, nearest) {
        (System::Codeowners, _) => "no line of the CODEOWNERS file matches it: add a pattern with owners that covers it (a catch-all `*` line at the top sets a default)".to_string(),
        (System::Maintainers, _) => "no MAINTAINERS section covers it: add an `F:` pattern to the section that maintains it (Linux keeps a catch-all `THE REST` section)".to_string(),
        (System::Owners, nearest) => match nearest {
        Some(i) => {
            let file = &context.snapshot.owners[i];
            let why = if file.no_parent_owners {
                " and sets no_parent_owners"
            } else {
                ""
            };
            format!(
                "the nearest OWNERS file, {}, gives it no approver{why}; add `approvers` there or in an OWNERS file closer to the path",
                file.path
            )
        }
        None => "no OWNERS file governs it: add one with `approvers` in its directory or an ancestor, or exclude the path in .ownlint.yaml".to_string(),
        },
    };
    let shown_path = if is_dir && !path.is_empty() {
        format!("{path}/")
    } else if is_dir {
        ".".to_string()
    } else {
        path.to_string()
    };
    let area_dir = if is_dir { path } else { dir_of(path) };
    Diagnostic::new(RULE.name, message)
        .in_file(shown_path)
        .area(area_name(area_dir))
        .help(help)
}
