//! CODEOWNERS lowered into areas: each line is a pattern-scoped declaration, and the file in
//! effect decides a path through its compiled matcher (GitHub: the last matching line; GitLab:
//! the last matching line of each section).

use rustc_hash::FxHashMap;

use crate::dialect::codeowners::matcher::Matcher;
use crate::dialect::codeowners::{Codeowners, Flavor, Owner, OwnerKind};
use crate::model::{Dialect, NameRef, OwnersFile, Scope, System, pattern_dir};
use crate::resolve::{LineCoverage, PatternLine, PatternSystem};

/// What the tracked files make of each line (the pattern systems' shared [`LineCoverage`]).
pub type Coverage = LineCoverage;

/// A CODEOWNERS file, its matcher, and where its lines sit among the snapshot's areas.
#[derive(Debug)]
pub struct CodeownersSystem {
    pub file: Codeowners,
    pub matcher: Matcher,
    coverage: std::sync::OnceLock<Coverage>,
    /// Index, among the snapshot's declarations, of the area of the file's first line; line `n`
    /// is area `first_area + n`.
    pub first_area: usize,
    /// Whether the platform reads this file (GitHub reads only the first of its locations).
    pub in_effect: bool,
    /// Whether the file was written by `ownlint export codeowners` (it starts with
    /// [`crate::export::HEADER`]): its lines restate the OWNERS files, which are judged instead.
    pub generated: bool,
}

impl CodeownersSystem {
    /// The system for a parsed file whose lines become areas from `first_area` on.
    pub fn new(file: Codeowners, first_area: usize, in_effect: bool) -> Self {
        let matcher = Matcher::new(&file);
        CodeownersSystem {
            file,
            matcher,
            coverage: std::sync::OnceLock::new(),
            first_area,
            in_effect,
            generated: false,
        }
    }

    /// The coverage of every line over the tracked `files` (computed once).
    ///
    /// The files are counted in two halves side by side: matching every tracked file against
    /// 5,000 lines was the longest single piece of a warm `check` on benches/pattern_shapes.rs's
    /// CODEOWNERS shapes, on one core while the other waited.
    pub fn coverage(&self, files: &[String]) -> &Coverage {
        self.coverage.get_or_init(|| {
            if files.len() < SIDE_BY_SIDE_FILES {
                return self.coverage_of(files);
            }
            let (first, second) = files.split_at(files.len() / 2);
            let (first, second) = crate::side_by_side::both(
                "ownlint-coverage",
                || self.coverage_of(first),
                || self.coverage_of(second),
            );
            first.then(second)
        })
    }

    /// Takes `coverage` (read from a cache) as the coverage over the tracked files, when none
    /// is there yet and it fits the file's lines and `files` ([`Coverage::fits`]).
    pub fn preset_coverage(&self, coverage: Coverage, files: &[String]) -> bool {
        coverage.fits(self.file.lines.len(), files.len()) && self.coverage.set(coverage).is_ok()
    }

    /// The coverage counted so far, if any.
    pub fn counted_coverage(&self) -> Option<&Coverage> {
        self.coverage.get()
    }

    /// The coverage of every line over `files`, a run of the tracked files in order.
    fn coverage_of(&self, files: &[String]) -> Coverage {
        let n = self.file.lines.len();
        let mut coverage = Coverage::of_lines(n);
        // Only GitLab excludes; without a `!` line no exclusion is looked for.
        let has_exclusions =
            self.file.flavor == Flavor::Gitlab && self.file.lines.iter().any(|l| l.negated);
        // Neighbouring files (a directory's) mostly match the same lines: a file whose lines
        // are those of the previous file that matched any adds to the same counts, and
        // everything else a file can set is set by the first file of such a run already.
        let mut matching = Vec::new();
        let mut run = Run::default();
        for path in files {
            matching.clear();
            self.matcher.matching_lines(path, &mut matching);
            if matching.is_empty() {
                continue;
            }
            if matching == run.matching {
                run.repeats += 1;
                continue;
            }
            run.flush(&mut coverage);
            let mut deciding = self.matcher.decide_among(&matching);
            deciding.sort_unstable();
            // Per section, its deciding line and its last matching line: built for the
            // first line that needs them, then one lookup per line (a path can match lines
            // of thousands of GitLab sections).
            let mut by_section: Option<Winners> = None;
            for &line in &matching {
                coverage.matched[line] += 1;
                if deciding.binary_search(&line).is_ok() {
                    coverage.decided[line] += 1;
                    run.decided.push(line);
                    if coverage.example[line].is_none() {
                        coverage.example[line] = Some(path.clone());
                    }
                } else if coverage.overridden_by[line].is_none()
                    || (has_exclusions && coverage.excluded_by[line].is_none())
                {
                    let winners = by_section
                        .get_or_insert_with(|| Winners::new(&self.file, &deciding, &matching));
                    if coverage.overridden_by[line].is_none() {
                        let winner = winners.of(&self.file, line);
                        coverage.overridden_by[line] = winner.map(|w| (w, path.clone()));
                    }
                    if has_exclusions
                        && coverage.excluded_by[line].is_none()
                        && !self.file.lines[line].negated
                    {
                        let exclusion = winners.exclusion(&self.file, line);
                        coverage.excluded_by[line] = exclusion.map(|w| (w, path.clone()));
                    }
                }
            }
            std::mem::swap(&mut run.matching, &mut matching);
        }
        run.flush(&mut coverage);
        coverage
    }

    /// One area per line, in line order.
    pub fn areas(&self) -> Vec<OwnersFile> {
        areas(&self.file)
    }
}

/// The fewest tracked files whose coverage [`CodeownersSystem::coverage`] counts in two halves
/// side by side: any two (a thread costs tens of microseconds, and every test of coverage then
/// checks that the halves answer as one pass did).
const SIDE_BY_SIDE_FILES: usize = 2;

/// Files in a row that match the same lines: the first one is counted (and sets examples,
/// overriding and excluding lines: the same for all of them, as they depend on the lines
/// alone); the others are counted by [`Run::flush`].
#[derive(Default)]
struct Run {
    /// The lines the files match.
    matching: Vec<usize>,
    /// Those of them that decide the files.
    decided: Vec<usize>,
    /// Files after the first, not counted yet.
    repeats: usize,
}

impl Run {
    /// Counts the repeated files and empties the run.
    fn flush(&mut self, coverage: &mut Coverage) {
        if self.repeats > 0 {
            for &line in &self.matching {
                coverage.matched[line] += self.repeats;
            }
            for &line in &self.decided {
                coverage.decided[line] += self.repeats;
            }
        }
        self.matching.clear();
        self.decided.clear();
        self.repeats = 0;
    }
}

/// For one path, per combined section: the line that decides the path, and the last line that
/// matches it.
struct Winners {
    deciding: FxHashMap<usize, usize>,
    last_matching: FxHashMap<usize, usize>,
    /// Per combined section, a matching `!` exclusion line (GitLab).
    excluding: FxHashMap<usize, usize>,
}

impl Winners {
    fn new(file: &Codeowners, deciding: &[usize], matching: &[usize]) -> Winners {
        let section_of = |l: usize| file.canonical_section(file.lines[l].section);
        let mut winners = Winners {
            deciding: FxHashMap::default(),
            last_matching: FxHashMap::default(),
            excluding: FxHashMap::default(),
        };
        for &line in deciding {
            winners.deciding.entry(section_of(line)).or_insert(line);
        }
        for &line in matching {
            if file.lines[line].negated && file.flavor == Flavor::Gitlab {
                winners.excluding.entry(section_of(line)).or_insert(line);
            }
        }
        for &line in matching {
            let last = winners
                .last_matching
                .entry(section_of(line))
                .or_insert(line);
            *last = (*last).max(line);
        }
        winners
    }

    /// The `!` line that excludes the path from `line`'s section, if one does.
    fn exclusion(&self, file: &Codeowners, line: usize) -> Option<usize> {
        let section = file.canonical_section(file.lines[line].section);
        self.excluding.get(&section).copied()
    }

    /// The line that overrides `line` for the path: its section's deciding line, else the
    /// section's last matching line when it comes after `line`.
    fn of(&self, file: &Codeowners, line: usize) -> Option<usize> {
        let section = file.canonical_section(file.lines[line].section);
        self.deciding.get(&section).copied().or_else(|| {
            self.last_matching
                .get(&section)
                .copied()
                .filter(|&last| last > line)
        })
    }
}

/// The dialect of a CODEOWNERS file.
pub fn dialect(file: &Codeowners) -> Dialect {
    Dialect::codeowners(file.flavor)
}

/// One area per line of a CODEOWNERS file, in line order.
pub fn areas(file: &Codeowners) -> Vec<OwnersFile> {
    let dialect = dialect(file);
    file.lines
        .iter()
        .map(|line| {
            let section = &file.sections[line.section];
            let title = if section.name.is_empty() {
                line.raw.clone()
            } else {
                format!("[{}] {}", section.name, line.raw)
            };
            OwnersFile {
                path: file.path.clone(),
                dir: String::new(),
                dialect,
                scope: Scope::Patterns {
                    title,
                    span: line.span,
                    dir: pattern_dir(&line.pattern),
                },
                approvers: if line.negated {
                    Vec::new()
                } else {
                    line.effective_owners(file)
                        .into_iter()
                        .filter_map(owner_name)
                        .collect()
                },
                ..OwnersFile::default()
            }
        })
        .collect()
}

/// The model's name for a CODEOWNERS owner: `@alice` → `alice`, `@org/team` → `org/team` (a
/// group), an email as written (lower-cased), a GitLab role `@@maintainer` as is. Invalid
/// tokens name nobody (`invalid-owner` reports them).
pub fn owner_name(owner: &Owner) -> Option<NameRef> {
    match owner.kind {
        OwnerKind::Invalid => None,
        OwnerKind::Role => Some(NameRef {
            name: owner.text.to_lowercase(),
            span: owner.span,
        }),
        OwnerKind::User | OwnerKind::Team | OwnerKind::Email => {
            Some(NameRef::new(&owner.text, owner.span))
        }
    }
}

impl PatternSystem for CodeownersSystem {
    fn system(&self) -> System {
        System::Codeowners
    }

    fn deciding(&self, path: &str, _is_dir: bool, out: &mut Vec<usize>) {
        out.extend(
            self.matcher
                .decide(path)
                .into_iter()
                .map(|line| self.first_area + line),
        );
    }

    fn line_count(&self) -> usize {
        self.file.lines.len()
    }

    fn line(&self, id: usize) -> Option<PatternLine<'_>> {
        let line = self.file.lines.get(id)?;
        Some(PatternLine {
            file: &self.file.path,
            raw: &line.raw,
            pattern: &line.pattern,
            span: line.span,
            area: self.first_area + id,
            group: self.file.canonical_section(line.section),
            negated: line.negated,
            skipped: line.skipped,
        })
    }

    fn matching(&self, path: &str, out: &mut Vec<usize>) {
        self.matcher.matching_lines(path, out);
    }

    fn coverage(&self, files: &[String]) -> Option<&LineCoverage> {
        Some(CodeownersSystem::coverage(self, files))
    }

    fn group_name(&self, group: usize) -> &str {
        &self.file.sections[group].name
    }

    fn generated(&self) -> bool {
        self.generated
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::codeowners::parse;
    use crate::source::SourceFile;

    /// The coverage as defined, file by file: nothing shared between files.
    fn coverage_file_by_file(system: &CodeownersSystem, files: &[String]) -> Coverage {
        let file = &system.file;
        let n = file.lines.len();
        let mut coverage = Coverage::of_lines(n);
        let has_exclusions = file.flavor == Flavor::Gitlab && file.lines.iter().any(|l| l.negated);
        for path in files {
            let mut matching = Vec::new();
            system.matcher.matching_lines(path, &mut matching);
            let deciding = system.matcher.decide(path);
            let winners = Winners::new(file, &deciding, &matching);
            for &line in &matching {
                coverage.matched[line] += 1;
                if deciding.contains(&line) {
                    coverage.decided[line] += 1;
                    coverage.example[line].get_or_insert_with(|| path.clone());
                    continue;
                }
                if coverage.overridden_by[line].is_none() {
                    coverage.overridden_by[line] =
                        winners.of(file, line).map(|w| (w, path.clone()));
                }
                if has_exclusions
                    && coverage.excluded_by[line].is_none()
                    && !file.lines[line].negated
                {
                    coverage.excluded_by[line] =
                        winners.exclusion(file, line).map(|w| (w, path.clone()));
                }
            }
        }
        coverage
    }

    proptest::proptest! {
        /// However the files fall into runs that match the same lines (a directory's files,
        /// interrupted by files matching other lines or none), every count, example and
        /// overriding or excluding line is the one the files give one by one, in both flavours.
        #[test]
        fn coverage_agrees_with_the_files_one_by_one(
            lines in proptest::collection::vec(
                proptest::sample::select(vec![
                    "*", "a", "/a", "a/", "/a/b", "*.rs", "a/*", "**/b", "/b/", "b/c.rs", "!a/b",
                    "!/b/", "[S]", "^[T][2] @t", "[s]", "c.rs", "/x", "/a/",
                ]),
                1..12,
            ),
            paths in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec!["a", "b", "c.rs", "x", "y"]),
                    1..4,
                ),
                1..24,
            ),
            gitlab in proptest::bool::ANY,
        ) {
            let flavor = if gitlab { Flavor::Gitlab } else { Flavor::Github };
            let text = crate::dialect::codeowners::text_of_lines(&lines);
            let source = SourceFile::new("CODEOWNERS", text.as_str());
            let file = parse(&source, flavor, &mut Vec::new());
            let system = CodeownersSystem::new(file, 0, true);
            let mut files: Vec<String> = paths.iter().map(|p| p.join("/")).collect();
            files.sort();
            files.dedup();
            let expected = coverage_file_by_file(&system, &files);
            let got = system.coverage(&files);
            proptest::prop_assert_eq!(&got.matched, &expected.matched);
            proptest::prop_assert_eq!(&got.decided, &expected.decided);
            proptest::prop_assert_eq!(&got.example, &expected.example);
            proptest::prop_assert_eq!(&got.overridden_by, &expected.overridden_by);
            proptest::prop_assert_eq!(&got.excluded_by, &expected.excluded_by);
        }
    }
}
