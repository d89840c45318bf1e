//! Handover: ownership that changes hands must be handed over. This module finds each area's
//! handover document, reads it, and computes the ownership changes that need one.

pub mod changes;
pub mod changes_cache;
pub mod document;
pub mod hands;
pub mod template;

use std::collections::{BTreeMap, HashMap, HashSet};

use globset::GlobBuilder;

use crate::config::HandoverSettings;
use crate::diagnostics::Diagnostic;
use crate::globs::GlobList;
use crate::model::OwnersFile;
use crate::repo::{Entry, Repo, Revision};
use crate::rules::handover_missing;
use crate::source::SourceFile;
use document::{HandoverDoc, Section};

/// A required section and the headings that satisfy it (matched case-insensitively, as whole
/// words of the heading).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredSection {
    pub name: String,
    pub synonyms: Vec<String>,
}

/// The default required sections: context, risks, contacts, documentation.
pub fn default_sections() -> Vec<RequiredSection> {
    let section = |name: &str, synonyms: &[&str]| RequiredSection {
        name: name.to_string(),
        synonyms: synonyms.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        section(
            "context",
            &[
                "context",
                "state",
                "status",
                "overview",
                "background",
                "summary",
            ],
        ),
        section(
            "risks",
            &[
                "risks",
                "risk",
                "open issues",
                "issues",
                "known issues",
                "problems",
                "debt",
            ],
        ),
        section(
            "contacts",
            &[
                "contacts",
                "contact",
                "escalation",
                "people",
                "stakeholders",
                "who to ask",
            ],
        ),
        section(
            "documentation",
            &[
                "documentation",
                "docs",
                "runbooks",
                "runbook",
                "playbooks",
                "references",
            ],
        ),
    ]
}

/// Whether a heading satisfies a required section: one of its synonyms appears in the heading
/// as whole words.
pub fn heading_matches(title: &str, required: &RequiredSection) -> bool {
    let words: Vec<String> = title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    required.synonyms.iter().any(|synonym| {
        let wanted: Vec<&str> = synonym.split_whitespace().collect();
        !wanted.is_empty()
            && words
                .windows(wanted.len())
                .any(|w| w.iter().zip(&wanted).all(|(a, b)| a == b))
    })
}

/// For each required section: the heading that satisfies it, if any.
pub fn match_sections<'d>(
    doc: &'d HandoverDoc,
    required: &'d [RequiredSection],
) -> Vec<(&'d RequiredSection, Option<&'d Section>)> {
    required
        .iter()
        .map(|r| {
            let found = doc
                .sections
                .iter()
                .filter(|s| heading_matches(&s.title, r))
                // Prefer a section with content when several headings match.
                .min_by_key(|s| s.empty);
            (r, found)
        })
        .collect()
}

/// Every area's handover document, read at the checked revision.
#[derive(Debug, Default)]
pub struct Handovers {
    /// Per OWNERS file of the snapshot: the path of its handover document, if it has one.
    pub by_area: Vec<Option<String>>,
    pub docs: BTreeMap<String, HandoverDoc>,
    pub sources: BTreeMap<String, SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Handovers {
    pub fn doc_of(&self, area: usize) -> Option<&HandoverDoc> {
        self.by_area
            .get(area)?
            .as_ref()
            .and_then(|p| self.docs.get(p))
    }
}

/// What the handover rules judge: the documents, the ownership changes, and when each path
/// was updated (for "added or updated within the grace period").
#[derive(Debug, Default)]
pub struct HandoverState {
    pub handovers: Handovers,
    pub changes: Vec<changes::Change>,
    pub updates: std::collections::HashMap<String, Vec<i64>>,
    /// With `--base` or `--staged`: every path the compared change adds, modifies or deletes.
    pub changed: std::collections::HashSet<String>,
    /// With `--base` or `--staged`: the paths the compared change deletes or renames.
    pub removed: Vec<crate::delta::Removal>,
}

/// The command that writes the missing handover document of an OWNERS area, handed to its
/// owner (else its first approver): `handover new` writes to the area's `handover:` path.
fn write_command(file: &OwnersFile) -> Option<String> {
    let to = file.owner.first().or(file.approvers.first())?;
    crate::suggest::command(&["handover", "new", &file.area(), "--to", &to.name])
}

/// Whether a repository-relative path stays inside the repository.
pub fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.split('/').any(|part| part == "..")
}

/// What one `handover.docs` pattern is for one area directory.
enum Configured {
    /// A path without wildcards: the document if it is tracked.
    Plain(String),
    /// A glob (its index among the globs matched): the first tracked file it matches.
    Glob(usize),
    /// A glob that does not compile: nothing.
    Invalid,
}

/// The document the configuration's `handover.docs` patterns give each of `dirs` (area
/// directories, `""` for the root): the first pattern, in order, that names a tracked file,
/// with `{area}` standing for the directory (`.` at the root). A plain path must be tracked;
/// a glob gives its first match in `tracked` (sorted).
///
/// The globs of every directory are matched together, in one pass over the tracked files
/// ([`GlobList`]): scanning the files once per area made a wildcard pattern cost the number of
/// areas times the number of files.
pub fn configured_docs<'d>(
    settings: &HandoverSettings,
    dirs: &[&'d str],
    tracked: &[&str],
) -> HashMap<&'d str, String> {
    let mut globs = Vec::new();
    let mut glob_ids: HashMap<String, usize> = HashMap::new();
    let per_dir: Vec<Vec<Configured>> = dirs
        .iter()
        .map(|dir| {
            let area = if dir.is_empty() { "." } else { dir };
            settings
                .docs
                .iter()
                .map(|pattern| {
                    let pattern = pattern.replace("{area}", area);
                    let pattern = pattern.trim_start_matches("./").replace("/./", "/");
                    if !pattern.contains(['*', '?', '[', '{']) {
                        // The usual `docs/handover/{area}.md`: a lookup, not a scan.
                        return Configured::Plain(pattern);
                    }
                    if let Some(&id) = glob_ids.get(&pattern) {
                        return Configured::Glob(id);
                    }
                    match GlobBuilder::new(&pattern).literal_separator(true).build() {
                        Ok(glob) => {
                            globs.push(glob);
                            glob_ids.insert(pattern, globs.len() - 1);
                            Configured::Glob(globs.len() - 1)
                        }
                        Err(_) => Configured::Invalid,
                    }
                })
                .collect()
        })
        .collect();
    // The first tracked file each glob matches.
    let mut first: Vec<Option<usize>> = vec![None; globs.len()];
    if !globs.is_empty() {
        let list = GlobList::new(&globs);
        let mut found = Vec::new();
        for (i, path) in tracked.iter().enumerate() {
            found.clear();
            list.matches(path, &mut found);
            for &glob in &found {
                first[glob].get_or_insert(i);
            }
        }
    }
    let mut docs = HashMap::new();
    for (dir, candidates) in dirs.iter().zip(per_dir) {
        let doc = candidates
            .into_iter()
            .find_map(|candidate| match candidate {
                Configured::Plain(path) => tracked
                    .binary_search(&path.as_str())
                    .is_ok()
                    .then_some(path),
                Configured::Glob(id) => first[id].map(|i| tracked[i].to_string()),
                Configured::Invalid => None,
            });
        if let Some(doc) = doc {
            docs.insert(*dir, doc);
        }
    }
    docs
}

/// `HANDOVER.md` in an area's directory.
fn beside(dir: &str) -> String {
    if dir.is_empty() {
        "HANDOVER.md".to_string()
    } else {
        format!("{dir}/HANDOVER.md")
    }
}

/// The directory of a `HANDOVER.md` path (`""` for the root's), or `None` for any other path.
fn holding(path: &str) -> Option<&str> {
    match path.strip_suffix("HANDOVER.md")? {
        "" => Some(""),
        dir => dir.strip_suffix('/'),
    }
}

/// Finds and reads each area's handover document: the OWNERS file's `handover:` path, else a
/// `HANDOVER.md` beside it, else the configuration's `handover.docs` patterns.
pub fn load(
    repo: &Repo,
    rev: &Revision,
    entries: &[Entry],
    owners: &[OwnersFile],
    settings: &HandoverSettings,
) -> Handovers {
    // Borrowed, not copied: 40,000 paths copied were 2% of the pre-commit hook.
    let tracked: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    // The directories holding a HANDOVER.md, found in one pass: searching the sorted paths
    // for each area's was 3% of a warm check of benches/pattern_shapes.rs's Chromium shape
    // (thousands of areas, 40,000 paths sharing long prefixes).
    let with_handover: HashSet<&str> = tracked.iter().filter_map(|p| holding(p)).collect();
    // The areas that declare no document and have no HANDOVER.md: the configured patterns
    // decide theirs, for all of them at once.
    let mut wanting: Vec<&str> = owners
        .iter()
        .filter(|file| file.handover.is_none())
        .filter_map(|file| file.handover_dir())
        .filter(|dir| !with_handover.contains(dir))
        .collect();
    wanting.sort_unstable();
    wanting.dedup();
    let configured = configured_docs(settings, &wanting, &tracked);
    let mut handovers = Handovers::default();
    for file in owners {
        let declared = file.handover.as_ref();
        let path =
            match declared {
                Some(declared) => {
                    let path = declared.value.trim().trim_start_matches("./").to_string();
                    if !is_inside(&path) {
                        handovers.diagnostics.push(
                        Diagnostic::new(
                            handover_missing::RULE.name,
                            format!("`handover: {}` points outside the repository", declared.value),
                        )
                        .at(&file.path, declared.span)
                        .label("not a path inside the repository")
                        .area(file.area())
                        .help("write the handover document's path relative to the repository root"),
                    );
                        handovers.by_area.push(None);
                        continue;
                    }
                    Some(path)
                }
                None => file.handover_dir().and_then(|dir| {
                    if with_handover.contains(dir) {
                        Some(beside(dir))
                    } else {
                        configured.get(dir).cloned()
                    }
                }),
            };
        let Some(path) = path else {
            handovers.by_area.push(None);
            continue;
        };
        if !handovers.docs.contains_key(&path) {
            match read(repo, rev, entries, &path) {
                Ok(source) => {
                    let doc = document::parse(&source, &mut handovers.diagnostics);
                    handovers.docs.insert(path.clone(), doc);
                    handovers.sources.insert(path.clone(), source);
                }
                Err(problem) => {
                    let diagnostic = Diagnostic::new(
                        handover_missing::RULE.name,
                        format!("handover document {path} {problem}"),
                    )
                    .area(file.area())
                    .help(
                        match write_command(file).filter(|_| problem == DOES_NOT_EXIST) {
                            Some(command) => format!(
                                "write the handover document there (`{command}`), or fix the path"
                            ),
                            None => {
                                "write the handover document there, or fix the path".to_string()
                            }
                        },
                    );
                    handovers.diagnostics.push(match declared {
                        Some(declared) => diagnostic
                            .at(&file.path, declared.span)
                            .label("no readable document here"),
                        None => diagnostic.in_file(&path),
                    });
                    handovers.by_area.push(None);
                    continue;
                }
            }
        }
        handovers.by_area.push(Some(path));
    }
    handovers
}

/// Reads a handover document at the revision, or says why it cannot be read.
/// Why a document cannot be read when there is nothing at its path (the one case where
/// `ownlint handover new` can write it: it never replaces a file or a directory).
const DOES_NOT_EXIST: &str = "does not exist";

fn read(repo: &Repo, rev: &Revision, entries: &[Entry], path: &str) -> Result<SourceFile, String> {
    let Ok(index) = entries.binary_search_by(|e| e.path.as_str().cmp(path)) else {
        // The entries are sorted: those below `path/` would start where it would be.
        let below = format!("{path}/");
        let first = entries.partition_point(|e| e.path.as_str() < below.as_str());
        if entries
            .get(first)
            .is_some_and(|e| e.path.starts_with(&below))
        {
            return Err("is a directory, not a document".into());
        }
        return Err(DOES_NOT_EXIST.into());
    };
    let bytes = repo
        .read(rev, &entries[index], crate::bounded_read::HANDOVER)
        .map_err(|problem| problem.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| "is not valid UTF-8".to_string())?;
    Ok(SourceFile::new(path, text.trim_start_matches('\u{feff}')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handover_document_is_held_by_its_directory() {
        assert_eq!(holding("HANDOVER.md"), Some(""));
        assert_eq!(holding("pkg/api/HANDOVER.md"), Some("pkg/api"));
        assert_eq!(holding("pkg/OLD-HANDOVER.md"), None);
        assert_eq!(holding("pkg/HANDOVER.md.bak"), None);
        for dir in ["", "pkg/api"] {
            assert_eq!(holding(&beside(dir)), Some(dir));
        }
    }

    #[test]
    fn headings_match_synonyms_as_whole_words() {
        let sections = default_sections();
        assert!(heading_matches("Current state of the area", &sections[0]));
        assert!(heading_matches("Open issues & risks", &sections[1]));
        assert!(heading_matches("Contacts and escalation", &sections[2]));
        assert!(heading_matches("Runbooks", &sections[3]));
        assert!(!heading_matches("Statement", &sections[0]));
        assert!(!heading_matches("Documentary", &sections[3]));
    }

    #[test]
    fn paths_outside_are_refused() {
        assert!(is_inside("docs/handover.md"));
        assert!(!is_inside("/etc/passwd"));
        assert!(!is_inside("../x.md"));
        assert!(!is_inside("docs/../../x.md"));
        assert!(!is_inside(""));
    }
}
