//! `check --base REF` and `check --staged`: the pull-request and pre-commit view. Findings are
//! limited to what the change between the compared revision (the merge base, or HEAD) and the
//! checked one introduces, and the changed files are grouped by the areas whose approval they
//! need (for the Markdown summary).
//!
//! A finding in an ownership file (or the configuration, or a handover document) that the
//! change edits is the change's only when it did not already hold at the compared revision:
//! the compared revision is read and judged as the checked one is (same configuration, history
//! and instant), and its findings, moved along with the ownership files the change renames,
//! are matched against the checked revision's (see `HeldBefore`).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::Session;
use crate::diagnostics::Diagnostic;
use crate::dialect::codeowners::Flavor;
use crate::error::Error;
use crate::fingerprint::fingerprint;
use crate::handover::{self, HandoverState, changes};
use crate::model::System;
use crate::render::Sources;
use crate::render::markdown::{Approval, ChangeSummary};
use crate::resolve::{Resolver, dir_of, within};
use crate::rules::{self, Context};
use crate::walker;

/// Whether a rule's findings come from the compared change itself (the rules of
/// [`rules::Category::Change`]: an ownership change and its handover, a rename that breaks a
/// pattern): they are about the change whatever file they point at, and never held before it.
fn is_change_rule(rule: &str) -> bool {
    rules::find(rule).is_some_and(|r| r.category == rules::Category::Change)
}

/// Whether a rule is about handover documents (the rules of [`rules::Category::Handover`]): a
/// document the change does not touch can still stop fitting the ownership files the change
/// edits, so their findings are the change's wherever they point, unless they already held
/// before it.
fn is_document_rule(rule: &str) -> bool {
    rules::find(rule).is_some_and(|r| r.category == rules::Category::Handover)
}

/// What a pull request or a commit touches: its changed paths, and the ownership files it
/// renames.
pub struct ChangeScope<'s> {
    session: &'s Session,
    /// The changed paths the checked revision still has.
    present: HashSet<&'s str>,
    /// Ownership files (and other paths) the change renames: old path → new path.
    renamed: HashMap<&'s str, &'s str>,
}

impl<'s> ChangeScope<'s> {
    pub fn new(session: &'s Session) -> Self {
        // The changed paths looked up in the (sorted) checked files, not every checked file
        // in the changed paths: a commit changes a handful of 40,000.
        let files = &session.snapshot.files;
        let present = session
            .handover
            .changed
            .iter()
            .filter(|p| files.binary_search(p).is_ok())
            .map(String::as_str)
            .collect();
        let renamed = session
            .handover
            .removed
            .iter()
            .filter_map(|r| Some((r.path.as_str(), r.renamed_to.as_deref()?)))
            .collect();
        ChangeScope {
            session,
            present,
            renamed,
        }
    }

    /// The findings that are the change's: [`Self::touches`] keeps those about what it
    /// touches, and of those in the files it edits, the ones that already held at the compared
    /// revision are dropped. The compared revision is read only when such a finding is there.
    pub fn introduced(
        &self,
        diagnostics: Vec<Diagnostic>,
        scope: &[String],
    ) -> Result<Vec<Diagnostic>, Error> {
        let mut kept: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(|d| self.touches(d))
            .collect();
        let Some(base) = &self.session.compared else {
            // Nothing to compare with (a first commit): everything is new.
            return Ok(kept);
        };
        if !kept.iter().any(|d| self.may_have_held(d)) {
            return Ok(kept);
        }
        // Only the rules that found something that may have held need to run again.
        let wanted: HashSet<&str> = kept
            .iter()
            .filter(|d| self.may_have_held(d))
            .map(|d| d.rule)
            .collect();
        let before = HeldBefore::read(self.session, base, scope, &self.renamed, &wanted)?;
        let sources = self.session.sources();
        let held = before.matches(&kept, &sources, |d| self.may_have_held(d));
        let mut held = held.into_iter();
        kept.retain(|_| !held.next().unwrap_or(false));
        Ok(kept)
    }

    /// Whether a finding may have held before the change: not one of the change's own rules,
    /// and in a file the checked revision reads (not about a tracked path that has no owner).
    fn may_have_held(&self, d: &Diagnostic) -> bool {
        !is_change_rule(d.rule)
            && d.file
                .as_deref()
                .is_some_and(|f| self.is_text_source(f.trim_end_matches('/')))
    }

    /// Whether a finding is about what the change touches: a changed or added file (or a
    /// directory holding one) that has no owner; a finding in a file the change edits; a
    /// handover document that may no longer fit; an ownership change without its handover, or
    /// a rename that breaks a pattern.
    pub fn touches(&self, d: &Diagnostic) -> bool {
        if is_change_rule(d.rule) {
            return true;
        }
        let Some(file) = d.file.as_deref() else {
            // A notice about the run itself (history missing, say).
            return true;
        };
        let file = file.trim_end_matches('/');
        if is_document_rule(d.rule) {
            // A document the change leaves alone stops fitting only when an ownership file or
            // the configuration changes.
            return self.changed().iter().any(|path| {
                path == file || self.is_text_source(path) || changes::is_ownership_file(path)
            });
        }
        if self.is_text_source(file) {
            return self.changed().contains(file);
        }
        let dir = if file == "." { "" } else { file };
        self.changed()
            .iter()
            .any(|path| within(path, dir) && self.is_present(path))
    }

    fn changed(&self) -> &HashSet<String> {
        &self.session.handover.changed
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
        type Key = (Vec<String>, Vec<String>, Vec<String>);
        let mut groups: BTreeMap<Key, Vec<String>> = BTreeMap::new();
        let systems = resolver.present_systems();
        for path in paths {
            let mut approvers = Vec::new();
            let mut optional = Vec::new();
            let mut areas = Vec::new();
            for &system in &systems {
                let (people, decided_by) = resolver.approvers_in(system, path);
                if system != System::Codeowners {
                    approvers.extend(people);
                    areas.extend(decided_by.iter().map(|&i| match owners[i].is_directory() {
                        true => owners[i].path.clone(),
                        false => owners[i].area(),
                    }));
                    continue;
                }
                // GitLab: an optional section's owners may approve, but their approval is not
                // required ("not require approval from them"); a section says how many
                // approvals it needs.
                for i in decided_by {
                    let section = self.gitlab_section(i);
                    let people = resolver.area_approvers(i);
                    match &section {
                        Some(s) if s.optional => optional.extend(people),
                        _ => approvers.extend(people),
                    }
                    areas.push(match section {
                        Some(section) => section.area,
                        None => owners[i].area(),
                    });
                }
            }
            approvers.sort();
            approvers.dedup();
            optional.sort();
            optional.dedup();
            optional.retain(|p| approvers.binary_search(p).is_err());
            areas.sort();
            areas.dedup();
            groups
                .entry((areas, approvers, optional))
                .or_default()
                .push(path.clone());
        }
        groups
            .into_iter()
            .map(|((areas, approvers, optional), files)| Approval {
                areas,
                approvers,
                optional,
                files,
            })
            .collect()
    }

    /// For the area of a line in a named GitLab CODEOWNERS section: whether the section is
    /// optional, and the area named with its header as GitLab reads it (`^[Docs]`, or
    /// `[Database][2]` with the number of approvals it requires).
    fn gitlab_section(&self, area: usize) -> Option<GitlabSection> {
        let system = self
            .session
            .snapshot
            .codeowners
            .iter()
            .find(|c| (c.first_area..c.first_area + c.file.lines.len()).contains(&area))?;
        let file = &system.file;
        if file.flavor != Flavor::Gitlab {
            return None;
        }
        let line = &file.lines[area - system.first_area];
        let section = &file.sections[line.section];
        if section.name.is_empty() {
            return None;
        }
        let canonical = file.canonical_section(line.section);
        let optional = file.is_optional(line.section);
        let approvals = file
            .sections
            .iter()
            .filter(|s| s.merged_into == canonical)
            .filter_map(|s| s.approvals)
            .max();
        let header = match (optional, approvals) {
            (true, _) => format!("^[{}]", section.name),
            (false, Some(n)) => format!("[{}][{n}]", section.name),
            (false, None) => format!("[{}]", section.name),
        };
        Some(GitlabSection {
            optional,
            area: format!("{}: {header} {}", file.path, line.raw),
        })
    }
}

/// A GitLab CODEOWNERS section as the pull-request summary shows it.
struct GitlabSection {
    optional: bool,
    area: String,
}

/// The findings the compared revision had, to tell the findings a change introduces from
/// those that already held before it: read at the compared revision with the checked run's
/// configuration, history and instant, and the files the change renames read under their new
/// names (a moved OWNERS file keeps its findings).
struct HeldBefore {
    /// The findings, with files and areas moved along with the renames.
    found: Vec<Diagnostic>,
    /// The compared revision's ownership files and documents, under their new names.
    sources: BTreeMap<String, crate::source::SourceFile>,
}

impl HeldBefore {
    /// Reads the compared revision and runs the `wanted` rules (those whose findings are to be
    /// matched) over it; the history's evidence is built only when one of them needs it.
    fn read(
        session: &Session,
        base: &crate::repo::Revision,
        scope: &[String],
        renamed: &HashMap<&str, &str>,
        wanted: &HashSet<&str>,
    ) -> Result<HeldBefore, Error> {
        let repo = &session.repo;
        let config = &session.config;
        let entries = repo.entries(base)?;
        let snapshot = walker::walk(repo, base, &entries, config, &session.walk_options)?;
        let handovers = handover::load(repo, base, &entries, &snapshot.owners, &config.handover);
        let mut handover = HandoverState {
            handovers,
            updates: session.handover.updates.clone(),
            ..HandoverState::default()
        };
        let resolver = Resolver::new(&snapshot, &config.teams);
        let wants = |reads: fn(&rules::Rule) -> bool| {
            rules::REGISTRY
                .iter()
                .any(|rule| reads(rule) && wanted.contains(rule.name))
        };
        let history = session
            .history
            .as_ref()
            .filter(|_| wants(|rule| rule.uses_history));
        let evidence = history
            .filter(|_| wants(|rule| rule.check.reads_evidence()))
            .and_then(|_| session.evidence_for(&snapshot, &resolver));
        let context = Context {
            snapshot: &snapshot,
            resolver: &resolver,
            config,
            scope,
            history,
            evidence: evidence.as_ref(),
            as_of: session.as_of,
            handover: &handover,
            ownership: None,
            judged: Default::default(),
            declared: Default::default(),
        };
        let found = rules::check_each(&context, |rule| wanted.contains(rule.name));
        let mut parse = snapshot.diagnostics.clone();
        parse.extend(handover.handovers.diagnostics.iter().cloned());
        // The configuration's own findings come from the compared revision's configuration
        // file (not with --config FILE, which no change edits).
        let mut old_config = None;
        if let Some(path) = config.source.as_ref().map(|s| s.path.as_str())
            && let Some(entry) = walker::config_entry(&entries).filter(|e| e.path == path)
            && let Ok(old) = walker::load_config(repo, base, Some(entry), None, &mut parse)
        {
            old_config = old.source;
        }
        let moved = |path: &str| -> String {
            renamed
                .get(path)
                .map_or_else(|| path.to_string(), |new| new.to_string())
        };
        let found: Vec<Diagnostic> = rules::merge(parse, found)
            .into_iter()
            .map(|mut d| {
                let Some(old) = d.file.clone() else {
                    return d;
                };
                let Some(&new) = renamed.get(old.as_str()) else {
                    return d;
                };
                d.file = Some(new.to_string());
                // The area a moved OWNERS file declares moves with it; a pattern-scoped area
                // is named after its file.
                let old_dir = crate::model::area_name(dir_of(&old));
                d.area = d.area.map(|area| {
                    if area == old_dir && crate::walker::basename(&old) == walker::OWNERS {
                        crate::model::area_name(dir_of(new))
                    } else if let Some(title) = area.strip_prefix(&format!("{old}: ")) {
                        format!("{new}: {title}")
                    } else {
                        area
                    }
                });
                d
            })
            .collect();
        let mut sources = BTreeMap::new();
        let documents = std::mem::take(&mut handover.handovers.sources);
        for (path, source) in snapshot.sources.into_iter().chain(documents) {
            sources.insert(moved(&path), source);
        }
        if let Some(source) = old_config {
            sources.insert(source.path.clone(), source);
        }
        Ok(HeldBefore { found, sources })
    }

    /// For each of `findings`, whether it already held before the change: each finding of the
    /// compared revision vouches for one finding that `candidate` accepts, first one with its
    /// identity (rule, file, person, area and the text of its line: [`crate::fingerprint`]),
    /// then, among those left, one of the same rule about the same person in the same file
    /// (its line was edited or reformatted, or its area renamed).
    fn matches(
        &self,
        findings: &[Diagnostic],
        sources: &Sources,
        candidate: impl Fn(&Diagnostic) -> bool,
    ) -> Vec<bool> {
        let old_sources: Sources = self.sources.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let mut exact: HashMap<String, usize> = HashMap::new();
        let mut loose: HashMap<LooseKey, usize> = HashMap::new();
        for d in &self.found {
            *exact.entry(fingerprint(d, &old_sources)).or_default() += 1;
            *loose.entry(loose_key(d)).or_default() += 1;
        }
        let take = |count: Option<&mut usize>| match count {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        };
        let mut held = vec![false; findings.len()];
        for (i, d) in findings.iter().enumerate() {
            if candidate(d) && take(exact.get_mut(&fingerprint(d, sources))) {
                take(loose.get_mut(&loose_key(d)));
                held[i] = true;
            }
        }
        for (i, d) in findings.iter().enumerate() {
            if !held[i] && candidate(d) && take(loose.get_mut(&loose_key(d))) {
                held[i] = true;
            }
        }
        held
    }
}

/// A finding's rule, person (lower-cased) and file.
type LooseKey = (&'static str, Option<String>, Option<String>);

fn loose_key(d: &Diagnostic) -> LooseKey {
    (
        d.rule,
        d.owner.as_ref().map(|o| o.to_lowercase()),
        d.file.clone(),
    )
}
