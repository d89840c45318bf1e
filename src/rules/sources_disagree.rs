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
    let mut answers = Answers::new(context);
    // Keyed by (first system, its area, second system), in a stable order.
    let mut found: BTreeMap<(System, Option<usize>, System), Disagreement> = BTreeMap::new();
    let mut row: Vec<(System, Answer)> = Vec::with_capacity(systems.len());
    for path in context
        .snapshot
        .files
        .iter()
        .filter(|f| context.in_scope(f))
    {
        row.clear();
        row.extend(
            systems
                .iter()
                .filter_map(|&system| answers.of(system, path).map(|a| (system, a))),
        );
        for (i, &(first, first_answer)) in row.iter().enumerate() {
            for &(second, second_answer) in &row[i + 1..] {
                if first_answer.people == second_answer.people {
                    continue;
                }
                found
                    .entry((first, first_answer.area, second))
                    .and_modify(|d| d.files += 1)
                    .or_insert_with(|| Disagreement {
                        answers: (
                            answers.people(first_answer).to_vec(),
                            answers.people(second_answer).to_vec(),
                        ),
                        other_area: second_answer.area,
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

/// A system's answer for a file: who approves it (a number of [`Answers`], the same for the
/// same people) and the area that decides it.
#[derive(Clone, Copy)]
struct Answer {
    people: usize,
    area: Option<usize>,
}

/// What each system answers for the files, remembered by what the answer depends on: for the
/// OWNERS files the directory (unless a filter, which looks at file names, governs it), for a
/// pattern-scoped system the declarations that decide the file. Each people list is resolved,
/// joined to the registry's handles and sorted once, not once per file.
struct Answers<'a> {
    resolver: &'a crate::resolve::Resolver<'a>,
    /// Emails of the registry, lower-cased, to their handles.
    handles: HashMap<String, &'a str>,
    lists: Vec<Vec<String>>,
    numbers: HashMap<Vec<String>, usize>,
    /// `None`: the OWNERS files' answer in this directory depends on the file.
    by_dir: HashMap<&'a str, Option<Answer>>,
    by_declarations: HashMap<System, HashMap<Vec<usize>, Option<Answer>>>,
    deciding: Vec<usize>,
}

impl<'a> Answers<'a> {
    fn new(context: &Context<'a>) -> Self {
        let handles = context
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
        Answers {
            resolver: context.resolver,
            handles,
            lists: Vec::new(),
            numbers: HashMap::new(),
            by_dir: HashMap::new(),
            by_declarations: HashMap::new(),
            deciding: Vec::new(),
        }
    }

    /// `system`'s answer for the file `path`; `None` when a CODEOWNERS line without owners
    /// decides it: that line leaves its files unowned on purpose, and explicitly-unowned
    /// reports it, so there is no answer of that system to compare.
    fn of(&mut self, system: System, path: &'a str) -> Option<Answer> {
        if system == System::Owners {
            let dir = crate::resolve::dir_of(path);
            let known = match self.by_dir.get(dir) {
                Some(&known) => known,
                None => {
                    let known = self
                        .resolver
                        .owners_answer_by_dir(dir)
                        .then(|| self.resolve(system, path))
                        .flatten();
                    self.by_dir.insert(dir, known);
                    known
                }
            };
            return known.or_else(|| self.resolve(system, path));
        }
        let mut deciding = std::mem::take(&mut self.deciding);
        deciding.clear();
        self.resolver.deciding_in(system, path, &mut deciding);
        let known = self
            .by_declarations
            .get(&system)
            .and_then(|by| by.get(deciding.as_slice()).copied());
        let answer = match known {
            Some(answer) => answer,
            None => {
                let answer = self.resolve(system, path);
                self.by_declarations
                    .entry(system)
                    .or_default()
                    .insert(deciding.clone(), answer);
                answer
            }
        };
        self.deciding = deciding;
        answer
    }

    /// `system`'s answer for `path`, resolved.
    fn resolve(&mut self, system: System, path: &str) -> Option<Answer> {
        let (people, areas) = self.resolver.approvers_in(system, path);
        if system == System::Codeowners && people.is_empty() && !areas.is_empty() {
            return None;
        }
        let mut names: Vec<String> = people
            .into_iter()
            .map(|name| match self.handles.get(&name.to_lowercase()) {
                Some(handle) if name.contains('@') => handle.to_string(),
                _ => name,
            })
            .collect();
        names.sort();
        names.dedup();
        let people = match self.numbers.get(&names) {
            Some(&number) => number,
            None => {
                self.lists.push(names.clone());
                self.numbers.insert(names, self.lists.len() - 1);
                self.lists.len() - 1
            }
        };
        Some(Answer {
            people,
            area: areas.last().copied(),
        })
    }

    fn people(&self, answer: Answer) -> &[String] {
        &self.lists[answer.people]
    }
}
