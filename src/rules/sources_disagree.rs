use std::collections::{BTreeMap, HashMap};

use super::Context;
use crate::diagnostics::Diagnostic;
use crate::model::System;

declare_rule! {
    /// Two ownership systems govern the same files and name different approvers.
    ///
    /// ## What it does
    ///
    /// When a repository holds more than one ownership system (OWNERS files, a CODEOWNERS file,
    /// MAINTAINERS files), resolves every tracked file in each and compares who can approve it.
    /// Where two systems disagree, reports it once per area of the first system, with the
    /// number of files concerned, an example, and both answers. Emails are joined to handles
    /// through the `people` registry of `.ownlint.yaml` before comparing. Files that a
    /// CODEOWNERS line without owners decides are not compared: that line leaves them unowned
    /// on purpose, and `explicitly-unowned` reports it.
    ///
    /// ## Why it matters
    ///
    /// The platform enforces one file (GitHub reads CODEOWNERS, Prow reads OWNERS) while people
    /// read the other: when they drift apart, reviews are requested from the wrong people and the
    /// declared owners are not the ones who approve.
    ///
    /// ## How to fix
    ///
    /// Make both systems name the same approvers: regenerate the one generated from the other
    /// (`ownlint export codeowners` writes a CODEOWNERS from OWNERS files), or keep one system.
    ///
    /// ## Example
    ///
    /// ```text
    /// # src/api/OWNERS
    /// approvers: [alice]
    /// # .github/CODEOWNERS
    /// /src/api/ @bob
    /// ```
    name: "sources-disagree",
    severity: Info,
    category: Coverage,
    check: Check::Snapshot(check),
}

/// One disagreement: the systems, the deciding areas, both answers, and the files concerned.
struct Disagreement {
    answers: (Vec<String>, Vec<String>),
    other_area: Option<usize>,
    example: String,
    files: usize,
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let systems = context.resolver.present_systems();
    if systems.len() < 2 {
        return;
    }
    // Emails of the registry, lower-cased, to their handles (built once, used per file).
    let handles: HashMap<String, &str> = context
        .config
        .people
        .iter()
        .flat_map(|(handle, person)| {
            person
                .emails
                .iter()
                .map(move |e| (e.to_lowercase(), handle.as_str()))
        })
        .collect();
    let canonical = |people: Vec<String>| -> Vec<String> {
        let mut names: Vec<String> = people
            .into_iter()
            .map(|name| match handles.get(&name.to_lowercase()) {
                Some(handle) if name.contains('@') => handle.to_string(),
                _ => name,
            })
            .collect();
        names.sort();
        names.dedup();
        names
    };
    // Keyed by (first system, its area, second system), in a stable order.
    let mut found: BTreeMap<(System, Option<usize>, System), Disagreement> = BTreeMap::new();
    for path in context
        .snapshot
        .files
        .iter()
        .filter(|f| context.in_scope(f))
    {
        let answers: Vec<(System, Vec<String>, Option<usize>)> = systems
            .iter()
            .filter_map(|&system| {
                let (people, areas) = context.resolver.approvers_in(system, path);
                // A CODEOWNERS line without owners leaves its files unowned on purpose, and
                // explicitly-unowned reports it: there is no answer of that system to compare.
                let unowned_on_purpose =
                    system == System::Codeowners && people.is_empty() && !areas.is_empty();
                (!unowned_on_purpose).then(|| (system, canonical(people), areas.last().copied()))
            })
            .collect();
        for (i, (first, first_people, first_area)) in answers.iter().enumerate() {
            for (second, second_people, second_area) in &answers[i + 1..] {
                if first_people == second_people {
                    continue;
                }
                found
                    .entry((*first, *first_area, *second))
                    .and_modify(|d| d.files += 1)
                    .or_insert_with(|| Disagreement {
                        answers: (first_people.clone(), second_people.clone()),
                        other_area: *second_area,
                        example: path.clone(),
                        files: 1,
                    });
            }
        }
    }
    for ((first, area, second), d) in found {
        let list = |people: &[String]| {
            if people.is_empty() {
                "nobody".to_string()
            } else {
                people
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let others = match d.files {
            1 => String::new(),
            2 => " and 1 other file".to_string(),
            n => format!(
                " and {}",
                crate::plural::count(n - 1, "other file", "other files")
            ),
        };
        let message = format!(
            "{} and {} disagree on who approves `{}`{others}: {} says {}, {} says {}",
            first.label(),
            second.label(),
            d.example,
            first.label(),
            list(&d.answers.0),
            second.label(),
            list(&d.answers.1),
        );
        let mut diagnostic = Diagnostic::new(RULE.name, message).help("make both name the same approvers (if one is generated from the other, regenerate it; `ownlint export codeowners` writes a CODEOWNERS from OWNERS files)");
        let shown = area.or(d.other_area).map(|i| &context.snapshot.owners[i]);
        if let Some(file) = area.map(|i| &context.snapshot.owners[i]) {
            diagnostic = diagnostic.area(file.area());
        }
        let at = d
            .other_area
            .map(|i| &context.snapshot.owners[i])
            .and_then(|f| f.declaration_span().map(|s| (f, s)));
        diagnostic = match (at, shown) {
            (Some((file, span)), _) => diagnostic
                .at(&file.path, span)
                .label(format!("{} says otherwise", second.label())),
            // The line that gives the shown file's answer: its pattern or section header, else
            // the approvers of an OWNERS file.
            (None, Some(file)) => match file
                .declaration_span()
                .or(file.approvers.first().map(|n| n.span))
                .or(file.owner_span)
            {
                Some(span) => diagnostic
                    .at(&file.path, span)
                    .label("these approvers differ"),
                None => diagnostic.in_file(&file.path),
            },
            (None, None) => diagnostic.in_file(&d.example),
        };
        out.push(diagnostic);
    }
}
