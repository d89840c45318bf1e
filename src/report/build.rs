//! Builds one repository's report from an opened session and its findings.

use std::collections::BTreeMap;

use super::{
    AreaReport, Contributor, Finding, HandoverRef, Health, HealthCounts, PersonActivity,
    RepositoryReport, RepositorySummary, Review,
};
use crate::diagnostics::{Diagnostic, Severity};
use crate::engine::Session;
use crate::history::evidence::{AreaStats, Evidence};
use crate::model::OwnersFile;
use crate::render::count;
use crate::repo::Revision;
use crate::resolve::{Resolver, Role};
use crate::time::format_date;

/// How many of an area's most active people a report lists.
pub const MOST_ACTIVE: usize = 5;

/// The report of one repository read by `session`, with the findings `check` reports for it.
pub fn repository(name: String, session: &Session) -> RepositoryReport {
    let snapshot = &session.snapshot;
    // The resolver and the evidence the rules judged from serve the report too.
    let findings = session.findings(&[]);
    let (resolver, evidence) = (&findings.resolver, findings.evidence.as_ref());
    let diagnostics = &findings.diagnostics[..];
    let mut claimed = vec![false; diagnostics.len()];
    let areas: Vec<AreaReport> = snapshot
        .owners
        .iter()
        .enumerate()
        .filter(|(_, file)| snapshot.is_judged_area(file))
        .map(|(i, file)| {
            let handover = session
                .handover
                .handovers
                .doc_of(i)
                .map(|d| d.path.as_str());
            let findings = findings_of(file, handover, diagnostics, &mut claimed);
            area(i, file, findings, session, resolver, evidence)
        })
        .collect();
    let other_findings = diagnostics
        .iter()
        .zip(&claimed)
        .filter(|(_, claimed)| !**claimed)
        .map(|(d, _)| finding(d))
        .collect();
    let mut health = HealthCounts::default();
    for area in &areas {
        health.add(area.health);
    }
    let summary = RepositorySummary {
        areas: areas.len(),
        health,
        errors: count(diagnostics, Severity::Error),
        warnings: count(diagnostics, Severity::Warning),
        infos: count(diagnostics, Severity::Info),
        files: snapshot.files.len(),
        unowned_files: unowned_files(session, resolver),
    };
    let commit = match &session.revision {
        Revision::Commit { id, .. } => Some(*id),
        Revision::WorkTree | Revision::Index => session.repo.head_commit(),
    };
    RepositoryReport {
        name,
        error: None,
        commit: commit.map(|id| id.to_string()),
        as_of: Some(format_date(session.as_of)),
        history_since: session
            .history
            .as_ref()
            .map(|h| format_date(h.window.start)),
        summary: Some(summary),
        areas,
        other_findings,
    }
}

/// The findings that concern one area: those naming it, those without an area in its handover
/// document, and those without an area in its ownership file when the file declares only this
/// area (an OWNERS file). A finding naming an area that several declarations share (a
/// repeated CODEOWNERS pattern) is listed by each.
fn findings_of(
    file: &OwnersFile,
    handover: Option<&str>,
    diagnostics: &[Diagnostic],
    claimed: &mut [bool],
) -> Vec<Finding> {
    let name = file.area();
    let mut out = Vec::new();
    for (d, claimed) in diagnostics.iter().zip(claimed.iter_mut()) {
        let concerns = match &d.area {
            Some(area) => *area == name,
            None => {
                let in_file = d.file.as_deref();
                (file.is_directory() && in_file == Some(file.path.as_str()))
                    || (handover.is_some() && in_file == handover)
            }
        };
        if concerns {
            *claimed = true;
            out.push(finding(d));
        }
    }
    out
}

fn finding(d: &Diagnostic) -> Finding {
    Finding {
        rule: d.rule.to_string(),
        severity: d.severity,
        message: d.message.clone(),
    }
}

fn area(
    i: usize,
    file: &OwnersFile,
    findings: Vec<Finding>,
    session: &Session,
    resolver: &Resolver,
    evidence: Option<&Evidence>,
) -> AreaReport {
    let resolution = resolver.resolve_area(i);
    let mut roles: BTreeMap<Role, Vec<String>> = BTreeMap::new();
    // People in the order they are first named, with their roles.
    let mut people: Vec<(String, Vec<Role>)> = Vec::new();
    for grant in &resolution.grants {
        let list = roles.entry(grant.role).or_default();
        if !list.contains(&grant.person) {
            list.push(grant.person.clone());
        }
        match people.iter_mut().find(|(p, _)| *p == grant.person) {
            Some((_, held)) if !held.contains(&grant.role) => held.push(grant.role),
            Some(_) => {}
            None => people.push((grant.person.clone(), vec![grant.role])),
        }
    }
    let mut take = |role| roles.remove(&role).unwrap_or_default();
    let (owner, approvers, reviewers, cover) = (
        take(Role::Owner),
        take(Role::Approver),
        take(Role::Reviewer),
        take(Role::Cover),
    );
    let people = people
        .into_iter()
        .map(|(name, mut held)| {
            held.sort();
            PersonActivity {
                last_seen: evidence
                    .filter(|e| e.ids.is_mapped(&name))
                    .and_then(|e| e.last_seen(&name))
                    .map(format_date),
                roles: held.iter().map(|r| r.as_str().to_string()).collect(),
                name,
            }
        })
        .collect();
    let stats = evidence.map(|e| &e.areas[i]);
    let review = match &file.reviewed {
        Some(reviewed) => Some(Review {
            date: reviewed.value.clone(),
            source: "reviewed".into(),
        }),
        None => evidence
            .and_then(|e| e.file_changed.get(&file.path))
            .map(|&t| Review {
                date: format_date(t),
                source: "last-change".into(),
            }),
    };
    let handover = session.handover.handovers.doc_of(i).map(|doc| HandoverRef {
        path: doc.path.clone(),
        date: doc.front.date.as_ref().map(|d| d.value.clone()),
    });
    let health = Health::of(findings.iter().map(|f| f.severity));
    AreaReport {
        area: file.area(),
        file: file.path.clone(),
        dialect: file.dialect.label().to_string(),
        owner,
        approvers,
        reviewers,
        cover,
        people,
        changes: stats.map(|s| s.changes),
        most_active: match (stats, evidence) {
            (Some(stats), Some(evidence)) => most_active(stats, evidence),
            _ => Vec::new(),
        },
        bus_factor: stats.map(|s| bus_factor(&counts(s))),
        review,
        handover,
        findings,
        health,
    }
}

/// Each person's changes to an area, most first (ties by first seen).
fn counts(stats: &AreaStats) -> Vec<usize> {
    let mut counts: Vec<usize> = stats.by_person.values().map(|s| s.changes).collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    counts
}

/// The fewest people who together made at least half of the changes, given each person's
/// changes, most first: 0 when there were none.
pub fn bus_factor(counts_desc: &[usize]) -> usize {
    let total: usize = counts_desc.iter().sum();
    if total == 0 {
        return 0;
    }
    let mut sum = 0;
    for (n, changes) in counts_desc.iter().enumerate() {
        sum += changes;
        if 2 * sum >= total {
            return n + 1;
        }
    }
    counts_desc.len()
}

fn most_active(stats: &AreaStats, evidence: &Evidence) -> Vec<Contributor> {
    stats
        .most_active(MOST_ACTIVE)
        .into_iter()
        .map(|(actor, share, part)| Contributor {
            who: evidence.ids.display(actor),
            changes: share.changes,
            share: part,
            last: format_date(share.last),
        })
        .collect()
}

/// Tracked files that no ownership system present gives an owner (every file, when the
/// repository has no ownership file).
fn unowned_files(session: &Session, resolver: &Resolver) -> usize {
    let systems = resolver.present_systems();
    session
        .snapshot
        .files
        .iter()
        .filter(|f| {
            !systems
                .iter()
                .any(|&s| resolver.is_owned_in(s, f) == Some(true))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::bus_factor;

    #[test]
    fn bus_factor_is_the_fewest_people_with_half_the_changes() {
        assert_eq!(bus_factor(&[]), 0);
        assert_eq!(bus_factor(&[0]), 0);
        assert_eq!(bus_factor(&[5]), 1);
        assert_eq!(bus_factor(&[3, 3]), 1);
        assert_eq!(bus_factor(&[2, 2, 2]), 2);
        assert_eq!(bus_factor(&[1, 1, 1, 1]), 2);
        assert_eq!(bus_factor(&[6, 1, 1, 1, 1]), 1);
        assert_eq!(bus_factor(&[1, 1, 1, 1, 1]), 3);
    }
}
