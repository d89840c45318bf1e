//! Changes of hands: which ownership changes move an area to other people. Ownership files
//! change for many reasons; only some hand an area over, and those are judged by identity, not
//! by text:
//!
//! - an area's accountable people (its `owner` and approvers) **lose someone who was active and
//!   gain someone else**, or its accountable `owner` is replaced by another person: a change of
//!   hands;
//! - an area renamed or moved (an OWNERS file moved with its directory, a CODEOWNERS pattern
//!   rewritten, a MAINTAINERS section retitled or merged into another) is matched to its new
//!   declaration by its people, and judged as one area;
//! - an email or handle changed for the same person (`.mailmap`, the registry, the same full
//!   name in a MAINTAINERS line) loses nobody;
//! - an area deleted outright, or a new one, hands nothing over;
//! - removing people who were already gone at the time (no activity for `stale_after`) is the
//!   cure for `stale-owner`, not a handover.

use std::sync::Arc;

use super::changes::{Change, Origin};
use crate::history::evidence::Evidence;

/// Who is who, and who was active when: what changes are judged against.
pub struct People<'e> {
    /// The history's evidence; without it (`--no-history`) names are compared as written and
    /// everyone counts as active.
    pub evidence: Option<&'e Evidence>,
    pub stale_after: i64,
    /// Whether someone removed from a declaration still approves its area at the checked
    /// revision (through a parent OWNERS file, say): they left nothing.
    pub still_approves: &'e dyn Fn(&Change, &str) -> bool,
}

/// For [`People::still_approves`] where the checked revision is not consulted.
pub fn nobody(_: &Change, _: &str) -> bool {
    false
}

impl People<'_> {
    /// Whether two declared names stand for the same person (the MAINTAINERS lines of the change
    /// may tell, by the full name they give both addresses).
    fn same(&self, names: &FullNames, a: &str, b: &str) -> bool {
        if a.eq_ignore_ascii_case(b) {
            return true;
        }
        if let Some(evidence) = self.evidence
            && evidence.ids.same_person(a, b)
        {
            return true;
        }
        let (a, b) = (names.of(a), names.of(b));
        a.iter().any(|n| b.contains(n))
    }

    /// Whether a declared person was active at `time`: seen within `stale_after` before it, or
    /// since. Someone who appears nowhere in the history had nothing to hand over.
    fn active_at(&self, name: &str, time: i64) -> bool {
        match self.evidence {
            None => true,
            Some(evidence) => evidence
                .last_seen(name)
                .is_some_and(|t| t >= time - self.stale_after),
        }
    }
}

/// The `Name <email>` pairs of one or two changes, read in place: judging copied a
/// MAINTAINERS file's thousands of pairs for each judged change and each successor candidate.
/// (An index by email cost more to build than the few look-ups a change makes.)
struct FullNames<'c> {
    lists: [&'c [(String, String)]; 2],
}

impl<'c> FullNames<'c> {
    /// The names of a change's two versions (of an old and a new declaration for a move).
    fn of_changes(old: &'c Change, new: &'c Change) -> Self {
        // The same shared list twice gives the same full names as once.
        let second: &[(String, String)] = if Arc::ptr_eq(&old.names, &new.names) {
            &[]
        } else {
            &new.names
        };
        FullNames::new([&old.names, second])
    }

    fn new(lists: [&'c [(String, String)]; 2]) -> Self {
        FullNames { lists }
    }

    /// The full names given to `email` (compared ASCII case-insensitively).
    fn of(&self, email: &str) -> Vec<String> {
        self.lists
            .iter()
            .copied()
            .flatten()
            .filter(|(_, e)| e.eq_ignore_ascii_case(email))
            .filter_map(|(name, _)| full_name_key(name))
            .collect()
    }
}

/// A full name as two MAINTAINERS lines are compared: lower-cased words, two or more.
fn full_name_key(name: &str) -> Option<String> {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    (words.len() >= 2).then(|| words.join(" "))
}

/// One area's ownership change, judged.
#[derive(Debug, Clone)]
pub struct Hands<'c> {
    /// The change as the area's new declaration shows it (for a move, the new area).
    pub change: &'c Change,
    /// For an area moved, renamed or merged into another in the same change: its old
    /// declaration.
    pub moved_from: Option<&'c Change>,
    /// Accountable people (owner, approvers) no longer declared, and those newly declared, as
    /// people (a changed email of the same person is neither).
    pub lost: Vec<String>,
    pub gained: Vec<String>,
    /// Approvers no longer declared (as people).
    pub approvers_lost: Vec<String>,
    /// Of `lost`, those who were active at the time of the change.
    pub lost_active: Vec<String>,
    /// The accountable `owner` was replaced by another person who was active.
    pub owner_replaced: bool,
}

impl Hands<'_> {
    /// Whether the change hands the area over: the owner was replaced, or someone active left
    /// the area's accountable people and someone else joined them. A team of unknown members
    /// that joins or leaves may hold the very people who left or joined: such a change is not
    /// judged.
    pub fn needs_handover(&self) -> bool {
        let groups = self
            .lost
            .iter()
            .chain(&self.gained)
            .any(|n| crate::resolve::is_opaque_group(n));
        !groups
            && (self.owner_replaced || (!self.lost_active.is_empty() && !self.gained.is_empty()))
    }

    /// The old declaration: the moved-from area's, else the change's own.
    fn before(&self) -> &Change {
        self.moved_from.unwrap_or(self.change)
    }

    /// `owner alice → bob; left: carol; joined: dave` (for messages).
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(from) = self.moved_from
            && from.area != self.change.area
        {
            parts.push(format!("moved from `{}`", from.area));
        }
        if self.owner_replaced {
            parts.push(format!(
                "owner {} → {}",
                self.before().owner_before.join(", "),
                self.change.owner_after.join(", ")
            ));
        }
        if !self.lost.is_empty() {
            parts.push(format!("left: {}", self.lost.join(", ")));
        }
        if !self.gained.is_empty() {
            parts.push(format!("joined: {}", self.gained.join(", ")));
        }
        parts.join("; ")
    }
}

/// The accountable people of a version: its owner and approvers, each name once.
fn accountable(owner: &[String], approvers: &[String]) -> Vec<String> {
    let mut names: Vec<String> = owner.iter().chain(approvers).cloned().collect();
    names.sort();
    names.dedup();
    names
}

/// Judges the ownership changes: each area changed in place, and each area moved or renamed
/// (matched to its new declaration), once. Areas deleted outright and new areas are left out:
/// they hand nothing over.
pub fn judge<'c>(changes: &'c [Change], people: &People) -> Vec<Hands<'c>> {
    let mut judged = Vec::new();
    let mut origins: Vec<Origin> = Vec::new();
    for change in changes {
        if !origins.contains(&change.origin) {
            origins.push(change.origin);
        }
    }
    for origin in origins {
        let group: Vec<&Change> = changes.iter().filter(|c| c.origin == origin).collect();
        let added: Vec<&Change> = group
            .iter()
            .copied()
            .filter(|c| !c.before_exists && c.after_exists)
            .collect();
        for &change in &group {
            match (change.before_exists, change.after_exists) {
                (true, true) => judged.push(hands(change, None, people)),
                (true, false) => {
                    if let Some(to) = successor(change, &added, people) {
                        judged.push(hands(to, Some(change), people));
                    }
                }
                _ => {}
            }
        }
    }
    judged
}

/// The new declaration a removed one moved to: the added area of the same change that keeps
/// most of its accountable people (at least half), if any.
fn successor<'c>(removed: &Change, added: &[&'c Change], people: &People) -> Option<&'c Change> {
    let before = accountable(&removed.owner_before, &removed.approvers_before);
    if before.is_empty() {
        return None;
    }
    added
        .iter()
        .map(|&candidate| {
            let after = accountable(&candidate.owner_after, &candidate.approvers_after);
            let names = FullNames::of_changes(removed, candidate);
            let kept = before
                .iter()
                .filter(|b| after.iter().any(|a| people.same(&names, b, a)))
                .count();
            (kept, candidate)
        })
        .filter(|&(kept, _)| kept > 0 && kept * 2 >= before.len())
        .max_by_key(|&(kept, c)| (kept, std::cmp::Reverse(c.area.clone())))
        .map(|(_, c)| c)
}

fn hands<'c>(change: &'c Change, moved_from: Option<&'c Change>, people: &People) -> Hands<'c> {
    let old = moved_from.unwrap_or(change);
    // Every name either version declares.
    let names = FullNames::of_changes(old, change);
    let same = |a: &str, b: &str| people.same(&names, a, b);
    let before = accountable(&old.owner_before, &old.approvers_before);
    let after = accountable(&change.owner_after, &change.approvers_after);
    let missing = |from: &[String], to: &[String]| -> Vec<String> {
        from.iter()
            .filter(|f| !to.iter().any(|t| same(f, t)))
            .cloned()
            .collect()
    };
    let stays = |name: &String| (people.still_approves)(change, name);
    let lost: Vec<String> = missing(&before, &after)
        .into_iter()
        .filter(|n| !stays(n))
        .collect();
    let gained = missing(&after, &before);
    let approvers_lost: Vec<String> = missing(&old.approvers_before, &change.approvers_after)
        .into_iter()
        .filter(|n| !stays(n))
        .collect();
    let lost_active: Vec<String> = lost
        .iter()
        .filter(|p| people.active_at(p, change.time))
        .cloned()
        .collect();
    let owner_replaced = !old.owner_before.is_empty()
        && !change.owner_after.is_empty()
        && !old
            .owner_before
            .iter()
            .any(|b| change.owner_after.iter().any(|a| same(b, a)))
        && old
            .owner_before
            .iter()
            .any(|b| people.active_at(b, change.time));
    Hands {
        change,
        moved_from,
        lost,
        gained,
        approvers_lost,
        lost_active,
        owner_replaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handover::changes::{Version, compare_versions, version_of};

    /// A version of the file; `""` for a file that is absent.
    fn version(path: &str, text: &str) -> Version {
        match text {
            "" => Version::default(),
            text => version_of(path, text.as_bytes()),
        }
    }

    #[test]
    fn full_names_are_found_by_email_in_any_ascii_case() {
        let old = [("Alice Adams".to_string(), "alice@old.org".to_string())];
        let new = [
            ("Alice  ADAMS".to_string(), "alice@new.org".to_string()),
            ("Mononym".to_string(), "mono@new.org".to_string()),
        ];
        let names = FullNames::new([&old, &new]);
        assert_eq!(names.of("Alice@OLD.org"), ["alice adams"]);
        assert_eq!(names.of("alice@new.org"), ["alice adams"]);
        // One word is no full name; an address no line gives has none.
        assert!(names.of("mono@new.org").is_empty());
        assert!(names.of("bob@new.org").is_empty());
        let people = People {
            evidence: None,
            stale_after: 0,
            still_approves: &nobody,
        };
        assert!(people.same(&names, "alice@old.org", "ALICE@new.org"));
        assert!(!people.same(&names, "alice@old.org", "mono@new.org"));
    }

    fn changes(files: &[(&str, &str, &str)]) -> Vec<Change> {
        files
            .iter()
            .flat_map(|(path, old, new)| {
                compare_versions(
                    path,
                    &version(path, old),
                    &version(path, new),
                    Origin::Staged,
                    0,
                )
            })
            .collect()
    }

    const AS_WRITTEN: People = People {
        evidence: None,
        stale_after: 0,
        still_approves: &nobody,
    };

    fn needing(changes: &[Change]) -> Vec<String> {
        judge(changes, &AS_WRITTEN)
            .into_iter()
            .filter(|h| h.needs_handover())
            .map(|h| format!("{}: {}", h.change.area, h.describe()))
            .collect()
    }

    #[test]
    fn a_swap_of_people_hands_over_and_a_removal_alone_does_not() {
        let swap = changes(&[(
            "pkg/OWNERS",
            "approvers: [alice, bob]\n",
            "approvers: [alice, carol]\n",
        )]);
        assert_eq!(needing(&swap), ["pkg: left: bob; joined: carol"]);
        let removal = changes(&[(
            "pkg/OWNERS",
            "approvers: [alice, bob]\n",
            "approvers: [alice]\n",
        )]);
        assert!(needing(&removal).is_empty());
        let owner = changes(&[(
            "pkg/OWNERS",
            "owner: alice\napprovers: [alice, bob]\n",
            "owner: bob\napprovers: [alice, bob]\n",
        )]);
        assert_eq!(needing(&owner), ["pkg: owner alice → bob"]);
    }

    #[test]
    fn a_moved_directory_is_one_area() {
        let moved = changes(&[
            ("old/a/OWNERS", "approvers: [alice, bob]\n", ""),
            ("new/a/OWNERS", "", "approvers: [alice, bob]\n"),
        ]);
        assert!(needing(&moved).is_empty());
        let judged = judge(&moved, &AS_WRITTEN);
        assert_eq!(judged.len(), 1);
        assert_eq!(judged[0].change.area, "new/a");
        assert!(judged[0].lost.is_empty());
        // Moved and handed over at once.
        let both = changes(&[
            ("old/a/OWNERS", "approvers: [alice, bob, carol]\n", ""),
            ("new/a/OWNERS", "", "approvers: [alice, bob, dave]\n"),
        ]);
        assert_eq!(
            needing(&both),
            ["new/a: moved from `old/a`; left: carol; joined: dave"]
        );
    }

    #[test]
    fn a_rewritten_pattern_and_a_retitled_section_keep_their_people() {
        let pattern = changes(&[(
            ".github/CODEOWNERS",
            "/x/**/* @alice @bob\n",
            "/x/ @alice @bob\n",
        )]);
        assert!(needing(&pattern).is_empty(), "{:?}", needing(&pattern));
        let section = changes(&[(
            "MAINTAINERS",
            "OLD TITLE\nM:\tAlice A <alice@example.com>\nF:\tx/\n",
            "NEW TITLE\nM:\tAlice A <alice@example.com>\nF:\tx/\n",
        )]);
        assert!(needing(&section).is_empty());
    }

    #[test]
    fn an_email_changed_for_the_same_name_loses_nobody() {
        let email = changes(&[(
            "MAINTAINERS",
            "NET\nM:\tAlice Hacker <alice@old.example>\nM:\tBob B <bob@example.com>\nF:\tnet/\n",
            "NET\nM:\tAlice Hacker <alice@new.example>\nM:\tBob B <bob@example.com>\nF:\tnet/\n",
        )]);
        let judged = judge(&email, &AS_WRITTEN);
        assert_eq!(judged.len(), 1);
        assert!(judged[0].lost.is_empty(), "{:?}", judged[0].lost);
        assert!(!judged[0].needs_handover());
    }

    #[test]
    fn a_team_of_unknown_members_is_not_judged() {
        let team = changes(&[(
            ".github/CODEOWNERS",
            "/docs/ @alice @bob\n",
            "/docs/ @org/docs-team\n",
        )]);
        assert!(needing(&team).is_empty());
    }

    #[test]
    fn a_deleted_area_hands_nothing_over() {
        let deleted = changes(&[("pkg/OWNERS", "approvers: [alice]\n", "")]);
        assert!(judge(&deleted, &AS_WRITTEN).is_empty());
    }
}
