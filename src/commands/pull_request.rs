//! `check --base REF`: the pull-request view. Findings are limited to what the change between
//! the merge base and the checked revision touches, and the changed files are grouped by the
//! areas whose approval they need (for the Markdown summary).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::session::Session;
use crate::diagnostics::Diagnostic;
use crate::render::markdown::{Approval, ChangeSummary};
use crate::resolve::{Resolver, within};

/// Rules whose findings come from the compared change itself (an ownership change and its
/// handover): they are about the pull request whatever file they point at.
const CHANGE_RULES: &[&str] = &[
    "handover-missing",
    "handover-incomplete",
    "handover-mismatch",
    "departed-owner-not-moved",
    "pattern-broken-by-rename",
];

/// Rules whose verdict is about a person whatever the change does (gone from the history,
/// unknown to the registry, a de facto maintainer): in a file the change edits, they count only
/// for the people the change adds.
const PERSON_RULES: &[&str] = &[
    "stale-owner",
    "absent-from-area",
    "unmapped-owner",
    "unknown-owner",
    "undeclared-maintainer",
];

/// What a pull request touches: its changed paths, and the people each edited ownership file
/// gains.
pub struct ChangeScope<'s> {
    session: &'s Session,
    /// Per ownership file: the names (lower-cased, as written) the change adds as owner or
    /// approver.
    added: HashMap<&'s str, HashSet<String>>,
    /// The changed paths the checked revision still has.
    present: HashSet<&'s str>,
}

impl<'s> ChangeScope<'s> {
    pub fn new(session: &'s Session) -> Self {
        let mut added: HashMap<&str, HashSet<String>> = HashMap::new();
        for change in &session.handover.changes {
            let names = added.entry(change.file.as_str()).or_default();
            names.extend(change.added.iter().map(|n| n.to_lowercase()));
            names.extend(
                change
                    .owner_after
                    .iter()
                    .filter(|n| !change.owner_before.contains(n))
                    .map(|n| n.to_lowercase()),
            );
        }
        let changed = &session.handover.changed;
        let present = session
            .snapshot
            .files
            .iter()
            .filter(|f| changed.contains(f.as_str()))
            .map(String::as_str)
            .collect();
        ChangeScope {
            session,
            added,
            present,
        }
    }

    fn changed(&self) -> &HashSet<String> {
        &self.session.handover.changed
    }

    /// Whether a finding is about the change: a changed or added file (or a directory holding
    /// one) that has no owner; a finding in a file the change edits, where a verdict on a person
    /// ([`PERSON_RULES`]) counts only when the change adds that person; an ownership change
    /// without its handover, or a rename that breaks a pattern.
    pub fn keeps(&self, d: &Diagnostic) -> bool {
        if CHANGE_RULES.contains(&d.rule) {
            return true;
        }
        let Some(file) = d.file.as_deref() else {
            // A notice about the run itself (history missing, say).
            return true;
        };
        let file = file.trim_end_matches('/');
        if self.is_text_source(file) {
            if !self.changed().contains(file) {
                return false;
            }
            return match &d.owner {
                Some(owner) if PERSON_RULES.contains(&d.rule) => self
                    .added
                    .get(file)
                    .is_some_and(|names| names.contains(&owner.to_lowercase())),
                _ => true,
            };
        }
        let dir = if file == "." { "" } else { file };
        self.changed()
            .iter()
            .any(|path| within(path, dir) && self.is_present(path))
    }

    /// An ownership file, the configuration or a handover document (not a tracked path that
    /// a finding names as unowned).
    fn is_text_source(&self, file: &str) -> bool {
        let session = self.session;
        session.snapshot.sources.contains_key(file)
            || session.handover.handovers.sources.contains_key(file)
            || session
                .config
                .source
                .as_ref()
                .is_some_and(|s| s.path == file)
    }

    fn is_present(&self, path: &str) -> bool {
        self.present.contains(path)
    }

    /// The Markdown summary's view of the change.
    pub fn summary(&self, base: &str, resolver: &Resolver) -> ChangeSummary {
        ChangeSummary {
            base: base.to_string(),
            changed: self.changed().len(),
            approvals: self.approvals(resolver),
        }
    }

    /// The changed files that are still present, grouped by the areas whose approval they
    /// need, in each ownership system the repository uses. Files no area approves form a
    /// group with no approvers.
    pub fn approvals(&self, resolver: &Resolver) -> Vec<Approval> {
        let mut paths: Vec<&String> = self
            .changed()
            .iter()
            .filter(|p| self.is_present(p))
            .collect();
        paths.sort();
        let owners = &self.session.snapshot.owners;
        let mut groups: BTreeMap<(Vec<String>, Vec<String>), Vec<String>> = BTreeMap::new();
        let systems = resolver.present_systems();
        for path in paths {
            let mut approvers = Vec::new();
            let mut areas = Vec::new();
            for &system in &systems {
                let (people, decided_by) = resolver.approvers_in(system, path);
                approvers.extend(people);
                areas.extend(decided_by.iter().map(|&i| match owners[i].is_directory() {
                    true => owners[i].path.clone(),
                    false => owners[i].area(),
                }));
            }
            approvers.sort();
            approvers.dedup();
            areas.sort();
            areas.dedup();
            groups
                .entry((areas, approvers))
                .or_default()
                .push(path.clone());
        }
        groups
            .into_iter()
            .map(|((areas, approvers), files)| Approval {
                areas,
                approvers,
                files,
            })
            .collect()
    }
}
