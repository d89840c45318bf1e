//! Identity: joining the names of ownership files (handles, emails) to the people who appear in
//! history (commit authors and committers after `.mailmap`, trailers, GitHub merge subjects,
//! activity files), through the config's `people` registry, GitHub noreply addresses and, as a
//! last resort, a handle equal to an email's local part or to the author's name.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

use indexmap::IndexMap;

use crate::config::Person;
use crate::history::facts::Ident;

/// One person as history shows them.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The name and email shown in messages (after `.mailmap`); a bare handle has no email.
    pub name: String,
    pub email: String,
    /// Every lower-cased name this actor answers to.
    pub handles: BTreeSet<String>,
}

impl Actor {
    /// How the actor is shown: `Name <email>`, or the handle.
    pub fn display(&self) -> String {
        match (self.name.is_empty(), self.email.is_empty()) {
            (false, false) => format!("{} <{}>", self.name, self.email),
            (true, false) => self.email.clone(),
            _ => self.name.clone(),
        }
    }
}

/// Every actor of a run, and the index from handles to actors.
#[derive(Debug, Default)]
pub struct Identities {
    pub actors: Vec<Actor>,
    by_key: HashMap<String, usize>,
    by_handle: HashMap<String, Vec<usize>>,
    /// Handles of the registry, lower-cased.
    registry: BTreeSet<String>,
}

/// The handle of a GitHub noreply address: `12345+alice@users.noreply.github.com` or
/// `alice@users.noreply.github.com`.
pub fn noreply_handle(email: &str) -> Option<String> {
    let local = email
        .to_lowercase()
        .strip_suffix("@users.noreply.github.com")?
        .to_string();
    let handle = local
        .split_once('+')
        .map_or(local.as_str(), |(_, h)| h)
        .to_string();
    (!handle.is_empty()).then_some(handle)
}

impl Identities {
    /// The actor of a commit identity (already mapped through `.mailmap`).
    pub fn actor(&mut self, ident: &Ident) -> usize {
        let email = ident.email.trim().to_lowercase();
        let key = if email.is_empty() {
            format!("name:{}", ident.name.trim().to_lowercase())
        } else {
            email.clone()
        };
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        let mut handles = BTreeSet::new();
        if !email.is_empty() {
            handles.insert(email.clone());
            if let Some((local, _)) = email.split_once('@') {
                handles.insert(local.to_string());
            }
            if let Some(handle) = noreply_handle(&email) {
                handles.insert(handle);
            }
        }
        let name = ident.name.trim();
        if !name.is_empty() {
            handles.insert(name.to_lowercase());
        }
        self.push(key, ident.name.trim(), ident.email.trim(), handles)
    }

    /// The actor of a bare handle (a GitHub merge subject, an activity record).
    pub fn handle_actor(&mut self, handle: &str) -> usize {
        let handle = handle.trim().trim_start_matches('@').to_lowercase();
        if handle.contains('@') {
            return self.actor(&Ident {
                name: String::new(),
                email: handle,
            });
        }
        let key = format!("handle:{handle}");
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        self.push(key, &handle.clone(), "", BTreeSet::from([handle]))
    }

    fn push(&mut self, key: String, name: &str, email: &str, handles: BTreeSet<String>) -> usize {
        let i = self.actors.len();
        self.actors.push(Actor {
            name: name.to_string(),
            email: email.to_string(),
            handles,
        });
        self.by_key.insert(key, i);
        i
    }

    /// Adds the registry's handles to the actors whose email or name it lists, and builds the
    /// handle index. Call once, after every actor is known.
    pub fn finish(&mut self, people: &IndexMap<String, Person>) {
        self.registry = people.keys().cloned().collect();
        for actor in &mut self.actors {
            let email = actor.email.to_lowercase();
            let name = actor.name.to_lowercase();
            for (handle, person) in people {
                let by_email = !email.is_empty() && person.emails.contains(&email);
                let by_name =
                    !name.is_empty() && person.names.iter().any(|n| n.to_lowercase() == name);
                if by_email || by_name {
                    actor.handles.insert(handle.clone());
                }
            }
        }
        self.by_handle.clear();
        for (i, actor) in self.actors.iter().enumerate() {
            for handle in &actor.handles {
                self.by_handle.entry(handle.clone()).or_default().push(i);
            }
        }
    }

    /// The actors an ownership name stands for (empty when it joins to nobody).
    pub fn join(&self, name: &str) -> &[usize] {
        let name = name.trim().trim_start_matches('@').to_lowercase();
        self.by_handle.get(&name).map_or(&[], Vec::as_slice)
    }

    /// Whether the registry lists this handle.
    pub fn in_registry(&self, name: &str) -> bool {
        self.registry
            .contains(&name.trim().trim_start_matches('@').to_lowercase())
    }

    /// Whether a name can be joined at all: to an actor, or through the registry (a registered
    /// person with no activity is known, and can be stale).
    pub fn is_mapped(&self, name: &str) -> bool {
        !self.join(name).is_empty() || self.in_registry(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Person;

    fn ident(name: &str, email: &str) -> Ident {
        Ident {
            name: name.into(),
            email: email.into(),
        }
    }

    #[test]
    fn joins_by_email_local_part_name_noreply_and_registry() {
        let mut ids = Identities::default();
        let a = ids.actor(&ident("Alice Liddell", "alice@example.com"));
        let b = ids.actor(&ident("Bob", "12345+bobby@users.noreply.github.com"));
        let c = ids.actor(&ident("Carol C", "cc@corp.example"));
        let d = ids.handle_actor("Dave");
        let mut people = IndexMap::new();
        people.insert(
            "carol".to_string(),
            Person {
                emails: vec!["cc@corp.example".into()],
                names: vec![],
            },
        );
        people.insert("ghost".to_string(), Person::default());
        ids.finish(&people);
        assert_eq!(ids.join("alice"), [a]);
        assert_eq!(ids.join("ALICE@example.com"), [a]);
        assert_eq!(ids.join("alice liddell"), [a]);
        assert_eq!(ids.join("@bobby"), [b]);
        assert_eq!(ids.join("carol"), [c]);
        assert_eq!(ids.join("dave"), [d]);
        assert!(ids.join("erin").is_empty());
        assert!(
            ids.is_mapped("ghost"),
            "registered people are known even without activity"
        );
        assert!(!ids.is_mapped("erin"));
    }
}
