//! The people an OWNERS file declares, one entry per person and role, with the span of the name
//! that declares them and the alias or team it went through: what the history rules judge.

use std::collections::HashSet;

use super::Context;
use crate::model::{NameRef, OwnersFile};
use crate::resolve::Role;
use crate::source::Span;

/// One person declared in one role by one OWNERS file.
#[derive(Debug, Clone)]
pub struct Declared {
    pub person: String,
    pub role: Role,
    pub via: Option<String>,
    pub span: Span,
}

impl Declared {
    /// ` (through `alias`)`, or nothing.
    pub fn through(&self) -> String {
        self.via
            .as_ref()
            .map(|v| format!(" (through `{v}`)"))
            .unwrap_or_default()
    }
}

/// The people the ownership file number `index` declares in `roles` (a subset of
/// [`ALL_ROLES`], in that order), each person once per role: owner, approvers with the filters'
/// approvers, reviewers with required and filter reviewers, cover.
///
/// Worked out once per run for every file and role ([`Context::declared`]): five rules ask,
/// and on benches/pattern_shapes.rs's `chromium` shape (2,762 OWNERS files) expanding the same
/// names for each of them was a fifth of the rules' time.
pub fn declared<'c>(
    context: &'c Context,
    index: usize,
    roles: &'c [Role],
) -> impl Iterator<Item = &'c Declared> + 'c {
    debug_assert!(roles.is_sorted(), "roles in the order of ALL_ROLES");
    let all = context.declared.get_or_init(|| {
        context
            .snapshot
            .owners
            .iter()
            .map(|file| declared_by(context, file))
            .collect()
    });
    all[index].iter().filter(move |d| roles.contains(&d.role))
}

/// Every role, in the order [`declared`] lists people in.
pub const ALL_ROLES: [Role; 4] = [Role::Owner, Role::Approver, Role::Reviewer, Role::Cover];

/// The people `file` declares, role by role in the order of [`ALL_ROLES`], each person once
/// per role.
fn declared_by(context: &Context, file: &OwnersFile) -> Vec<Declared> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for role in ALL_ROLES {
        let names: Vec<&NameRef> = match role {
            Role::Owner => file.owner.iter().collect(),
            Role::Approver => file
                .approvers
                .iter()
                .chain(file.filters.iter().flat_map(|f| &f.approvers))
                .collect(),
            Role::Reviewer => file
                .reviewers
                .iter()
                .chain(&file.required_reviewers)
                .chain(
                    file.filters
                        .iter()
                        .flat_map(|f| f.reviewers.iter().chain(&f.required_reviewers)),
                )
                .collect(),
            Role::Cover => file.cover.iter().collect(),
        };
        for name in names {
            let (people, via) = context.resolver.expand(&name.name);
            for person in people {
                if seen.insert((role, person.clone())) {
                    out.push(Declared {
                        person,
                        role,
                        via: via.clone(),
                        span: name.span,
                    });
                }
            }
        }
    }
    out
}

/// Everyone an area holds in `roles`: the effective grants of its directory (inherited ones
/// included, aliases and teams expanded) and the people of its own filters (whose approvers
/// count as approvers, and reviewers as reviewers). Sorted, each person once.
pub fn area_people(context: &Context, index: usize, roles: &[Role]) -> Vec<String> {
    let file = &context.snapshot.owners[index];
    let mut people: Vec<String> = context
        .resolver
        .resolve_area(index)
        .grants
        .iter()
        .filter(|g| roles.contains(&g.role))
        .map(|g| g.person.clone())
        .collect();
    for filter in &file.filters {
        let mut names: Vec<&NameRef> = Vec::new();
        if roles.contains(&Role::Approver) {
            names.extend(&filter.approvers);
        }
        if roles.contains(&Role::Reviewer) {
            names.extend(filter.reviewers.iter().chain(&filter.required_reviewers));
        }
        for name in names {
            people.extend(context.resolver.expand(&name.name).0);
        }
    }
    people.sort();
    people.dedup();
    people
}
