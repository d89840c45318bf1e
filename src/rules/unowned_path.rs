use std::collections::BTreeMap;

use super::Context;
use crate::diagnostics::Diagnostic;
use crate::model::{System, area_name};
use crate::resolve::dir_of;

declare_rule! {
    /// Tracked files that resolve to no approver.
    ///
    /// ## What it does
    ///
    /// Resolves every tracked file (vendored, generated and excluded paths aside) and reports the
    /// ones with no approver after inheritance, aliases and filters. A directory whose files are
    /// all unowned is reported once, at the topmost such directory, with the number of files it
    /// covers; other unowned files are reported one by one. A file a GitLab `!` exclusion takes
    /// out of its section is named with that exclusion in the help.
    ///
    /// ## Why it matters
    ///
    /// An unowned file is the alert nobody triages and the change nobody can approve. Every
    /// tracked path should have someone accountable for it.
    ///
    /// ## How to fix
    ///
    /// Give the files an approver: an OWNERS file with `approvers` in their directory or an
    /// ancestor, or a CODEOWNERS line with owners that matches them; or exclude the paths in
    /// `.ownlint.yaml` if nobody needs to own them.
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
    category: Coverage,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let mut systems = context.resolver.present_systems();
    // A CODEOWNERS written by `ownlint export codeowners` restates the OWNERS files: their
    // unowned paths are its unowned paths, reported once, for the OWNERS files.
    let pattern_systems = context.snapshot.systems();
    let restates_owners = |system: System| {
        let of_system = || pattern_systems.iter().filter(|s| s.system() == system);
        of_system().next().is_some() && of_system().all(|s| s.generated())
    };
    if systems.contains(&System::Owners) {
        systems.retain(|s| !restates_owners(*s));
    }
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
    let unowned: Vec<bool> = match context.ownership {
        Some(ownership) => (0..files.len())
            .map(|i| !ownership.is_owned(system, i))
            .collect(),
        None => files
            .iter()
            .map(|f| context.resolver.is_owned_in(system, f) != Some(true))
            .collect(),
    };
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
    let tree = Directories::of(&files, &unowned);
    let mut directories: BTreeMap<&str, usize> = BTreeMap::new();
    let mut chain = Vec::new();
    for (i, file) in files.iter().enumerate() {
        if !unowned[i] || !context.in_scope(file) {
            continue;
        }
        // The topmost directory of the file that holds only unowned files, if any.
        chain.clear();
        let mut dir = Some(tree.innermost[i]);
        while let Some(d) = dir {
            chain.push(d);
            dir = tree.parent[d];
        }
        match chain.iter().rev().find(|&&d| tree.wholly_unowned(d)) {
            Some(&d) => {
                directories.insert(tree.path(d, &files), tree.counts[d].0);
            }
            None => out.push(finding(file, false, 1)),
        }
    }
    for (dir, files) in directories {
        out.push(finding(dir, true, files));
    }
}

/// The directories of the checked files, found in one pass over the sorted files: a file's
/// directories are those of the file before it down to where their paths part, then new ones.
/// Keying directories by their path instead, and walking up each file's parents to count,
/// cost the square of a path's length for paths thousands of directories deep.
struct Directories {
    /// Per directory: its parent (`None` for the root).
    parent: Vec<Option<usize>>,
    /// Per directory: the length of its path (`0` for the root), and a file below it.
    len: Vec<usize>,
    example: Vec<usize>,
    /// Per directory: the files below it, and how many of them are unowned.
    counts: Vec<(usize, usize)>,
    /// Per file: the directory it is in.
    innermost: Vec<usize>,
}

impl Directories {
    /// The directories of `files`, which are sorted (as the snapshot's are), with `unowned`
    /// saying which files are.
    fn of(files: &[&String], unowned: &[bool]) -> Directories {
        debug_assert!(files.windows(2).all(|pair| pair[0] <= pair[1]));
        let mut tree = Directories {
            parent: vec![None],
            len: vec![0],
            example: vec![0],
            counts: vec![(0, 0)],
            innermost: Vec::with_capacity(files.len()),
        };
        // The directories of the previous file, the root first.
        let mut open: Vec<usize> = vec![0];
        let mut previous: &str = "";
        for (i, file) in files.iter().enumerate() {
            let file = file.as_str();
            // A directory of the previous file (its path ends before a `/` of that file) is
            // one of this file's too when both paths agree up to and including that `/`.
            let common = common_prefix(previous, file);
            while open.len() > 1 && tree.len[*open.last().unwrap()] >= common {
                open.pop();
            }
            let from = tree.len[*open.last().unwrap()];
            let start = if from == 0 { 0 } else { from + 1 };
            for at in memchr::memchr_iter(b'/', &file.as_bytes()[start..]) {
                let id = tree.parent.len();
                tree.parent.push(open.last().copied());
                tree.len.push(start + at);
                tree.example.push(i);
                tree.counts.push((0, 0));
                open.push(id);
            }
            for &d in &open {
                tree.counts[d].0 += 1;
                tree.counts[d].1 += usize::from(unowned[i]);
            }
            tree.innermost.push(*open.last().unwrap());
            previous = file;
        }
        tree
    }

    fn wholly_unowned(&self, dir: usize) -> bool {
        let (all, none) = self.counts[dir];
        all == none
    }

    /// The directory's path (`""` for the root).
    fn path<'f>(&self, dir: usize, files: &[&'f String]) -> &'f str {
        &files[self.example[dir]][..self.len[dir]]
    }
}

/// The length of the longest common prefix of two texts, in bytes.
fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
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
        (System::Codeowners, _) => match exclusion_of(context, path, is_dir) {
            Some(exclusion) => format!(
                "{exclusion} removes it from its section, and no other section gives it an owner: add a line with owners for it in another section (excluded files cannot be included again in the same section), or narrow the exclusion"
            ),
            None => "no line of the CODEOWNERS file matches it: add a pattern with owners that covers it (a catch-all `*` line at the top sets a default)".to_string(),
        },
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

/// The GitLab `!` line of the CODEOWNERS file in effect that matches `path` (for a directory,
/// its first checked file), as `the exclusion `!pattern` (FILE, line N)`.
fn exclusion_of(context: &Context, path: &str, is_dir: bool) -> Option<String> {
    let example = if is_dir {
        super::pattern_matches_nothing::files_below(&context.snapshot.files, path)
            .first()?
            .as_str()
    } else {
        path
    };
    let mut matching = Vec::new();
    for system in context.snapshot.systems() {
        system.matching(example, &mut matching);
        let Some(line) = matching
            .iter()
            .filter_map(|&i| system.line(i))
            .find(|l| l.negated)
        else {
            continue;
        };
        let at = context
            .snapshot
            .sources
            .get(line.file)
            .map(|s| format!(", line {}", s.line_of(line.span.start)))
            .unwrap_or_default();
        return Some(format!("the exclusion `{}` ({}{at})", line.raw, line.file));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// For each file, its topmost wholly unowned directory, as computed by walking up each
    /// file's parent directories with counts keyed by path (what `Directories` replaces).
    fn by_paths<'f>(files: &[&'f String], unowned: &[bool]) -> Vec<Option<(&'f str, usize)>> {
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
        for (file, &u) in files.iter().zip(unowned) {
            let mut dir = Some(dir_of(file));
            while let Some(d) = dir {
                let entry = counts.entry(d).or_default();
                entry.0 += 1;
                entry.1 += usize::from(u);
                dir = crate::resolve::parent_dir(d);
            }
        }
        files
            .iter()
            .map(|file| {
                let mut ancestors = Vec::new();
                let mut dir = Some(dir_of(file));
                while let Some(d) = dir {
                    ancestors.push(d);
                    dir = crate::resolve::parent_dir(d);
                }
                ancestors
                    .iter()
                    .rev()
                    .find(|d| counts[*d].0 == counts[*d].1)
                    .map(|d| (*d, counts[*d].0))
            })
            .collect()
    }

    #[test]
    fn directories_count_as_parent_walks_do() {
        let mut paths: Vec<String> = [
            "a-b/x",
            "a.txt",
            "a/b",
            "a/b/c",
            "a/bc/d",
            "a/c/d/e/f",
            "a/c/d/g",
            "b",
            "b/é/x",
            "c/c/c/c",
            "c/c/d",
            "d//e",
            "zz",
        ]
        .map(String::from)
        .to_vec();
        paths.sort();
        let files: Vec<&String> = paths.iter().collect();
        let mut compared = 0;
        // Every subset of the files unowned.
        for mask in 0u32..(1 << files.len()) {
            let unowned: Vec<bool> = (0..files.len()).map(|i| mask & (1 << i) != 0).collect();
            let tree = Directories::of(&files, &unowned);
            let expected = by_paths(&files, &unowned);
            for (i, expected) in expected.into_iter().enumerate() {
                let mut chain = Vec::new();
                let mut dir = Some(tree.innermost[i]);
                while let Some(d) = dir {
                    chain.push(d);
                    dir = tree.parent[d];
                }
                let found = chain
                    .iter()
                    .rev()
                    .find(|&&d| tree.wholly_unowned(d))
                    .map(|&d| (tree.path(d, &files), tree.counts[d].0));
                assert_eq!(found, expected, "{} with {unowned:?}", files[i]);
                compared += 1;
            }
        }
        assert_eq!(compared, files.len() << files.len());
    }
}
