//! The `who` query: the answer for one path of a run, from its resolver and the history's
//! evidence.

use super::Session;
use crate::history::evidence::Evidence;
use crate::model::Scope;
use crate::resolve::{Resolution, Resolver, Role};
use crate::time::format_date;
use crate::who::{ActivityEntry, HandoverEntry, OwnerEntry, PathOwners};

/// The answer for one repository-relative path of `session`: its owners, its area and
/// handover document, and with `evidence` when each owner was last seen and who has been most
/// active there.
pub fn answer(
    session: &Session,
    resolver: &Resolver,
    evidence: Option<&Evidence>,
    path: &str,
) -> PathOwners {
    let snapshot = &session.snapshot;
    let is_dir = path.is_empty()
        || (snapshot
            .files
            .binary_search_by(|f| f.as_str().cmp(path))
            .is_err()
            && snapshot
                .files
                .iter()
                .any(|f| f.starts_with(&format!("{path}/"))));
    let resolution = resolver.resolve(path, is_dir);
    let mut answer = describe(path, is_dir, &resolution, session);
    if let Some(area) = main_area(resolver, path, is_dir) {
        answer.area = Some(snapshot.owners[area].area());
        answer.handover = session
            .handover
            .handovers
            .doc_of(area)
            .map(|doc| HandoverEntry {
                path: doc.path.clone(),
                date: doc.front.date.as_ref().map(|d| d.value.clone()),
            });
    }
    if let Some(evidence) = evidence {
        add_evidence(&mut answer, path, is_dir, evidence, resolver, session);
    }
    answer
}

/// Whether a repository-relative path is tracked at the revision read: a tracked file (checked,
/// or left out as vendored or excluded), or a directory holding one (`""`, the root, always).
pub fn is_tracked(snapshot: &crate::walker::Snapshot, path: &str) -> bool {
    let holds = |files: &[String]| {
        let prefix = format!("{path}/");
        let at = files.partition_point(|f| f.as_str() < prefix.as_str());
        files.binary_search_by(|f| f.as_str().cmp(path)).is_ok()
            || files.get(at).is_some_and(|f| f.starts_with(&prefix))
    };
    path.is_empty() || holds(&snapshot.files) || holds(&snapshot.excluded)
}

fn describe(path: &str, is_dir: bool, resolution: &Resolution, session: &Session) -> PathOwners {
    let snapshot = &session.snapshot;
    let mut owners: Vec<OwnerEntry> = resolution
        .grants
        .iter()
        .map(|g| {
            let file = &snapshot.owners[g.file];
            let line = snapshot
                .sources
                .get(&file.path)
                .map_or(0, |s| s.line_of(g.span.start));
            OwnerEntry {
                name: g.person.clone(),
                role: g.role.as_str().to_string(),
                via: g.via.clone(),
                file: file.path.clone(),
                dialect: file.dialect.label().to_string(),
                declaration: match &file.scope {
                    Scope::Directory => None,
                    Scope::Patterns { title, .. } => Some(title.clone()),
                },
                line,
                last_seen: None,
                active: None,
                unseen_since: None,
            }
        })
        .collect();
    owners.sort_by_key(|o| role_order(&o.role));
    let shown = if path.is_empty() {
        ".".to_string()
    } else if is_dir {
        format!("{path}/")
    } else {
        path.to_string()
    };
    PathOwners {
        path: shown,
        owners,
        area: None,
        handover: None,
        activity: None,
    }
}

/// The area whose activity `who` shows for a path: its OWNERS area, else the first declaration
/// of another system that decides it.
fn main_area(resolver: &Resolver, path: &str, is_dir: bool) -> Option<usize> {
    let mut areas = Vec::new();
    resolver.areas_of(path, is_dir, &mut areas);
    areas.first().copied()
}

/// How many of an area's most active people `who` lists.
const MOST_ACTIVE: usize = 5;

fn add_evidence(
    answer: &mut PathOwners,
    path: &str,
    is_dir: bool,
    evidence: &Evidence,
    resolver: &Resolver,
    session: &Session,
) {
    let cutoff = session.as_of - session.config.history.stale_after;
    for owner in &mut answer.owners {
        if evidence.ids.is_mapped(&owner.name) {
            let last = evidence.last_seen(&owner.name);
            owner.last_seen = last.map(format_date);
            owner.active = Some(last.is_some_and(|t| t >= cutoff));
        } else if !crate::resolve::is_opaque_group(&owner.name) {
            // Joined to nobody: never seen, in the whole history or in what was read of it.
            owner.active = Some(false);
            if !evidence.ids.history_complete() {
                let start = evidence.window.start.min(evidence.oldest_read());
                owner.unseen_since = Some(format_date(start));
            }
        }
    }
    let Some(area) = main_area(resolver, path, is_dir) else {
        return;
    };
    answer.area = Some(session.snapshot.owners[area].area());
    answer.activity = Some(
        evidence.areas[area]
            .most_active(MOST_ACTIVE)
            .into_iter()
            .map(|(actor, share, part)| ActivityEntry {
                who: evidence.ids.display(actor),
                changes: share.changes,
                share: part,
                last: format_date(share.last),
            })
            .collect(),
    );
}

fn role_order(role: &str) -> usize {
    [Role::Owner, Role::Approver, Role::Reviewer, Role::Cover]
        .iter()
        .position(|r| r.as_str() == role)
        .unwrap_or(usize::MAX)
}
