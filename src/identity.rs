//! Identity: one person per human, over the whole history, that every rule, `who` and `report`
//! ask "who is this declared name, and when was each of their identities last seen doing what".
//!
//! The people are built from *nodes*: commit identities (authors, committers, trailers) after
//! `.mailmap`, one per email; bare handles (GitHub merge subjects, activity files, the
//! registry); and the `Name <email>` pairs ownership files declare (MAINTAINERS). Nodes are
//! joined into one person, strongest evidence first:
//!
//! 1. `.mailmap`, applied to commits and to declared emails alike (one node per mapped email);
//! 2. the `people` registry of the configuration (a handle, its emails and names);
//! 3. GitHub noreply addresses (`12345+alice@users.noreply.github.com` is `alice`);
//! 4. the same full name under several emails (names of two words or more, bots and
//!    placeholder names left out);
//! 5. GitHub merge subjects: `Merge pull request #N from alice/…` joins `alice` to the person who
//!    wrote most of the commits those merges brought in, when the merges agree;
//!
//! and a declared name finds its person by email, by handle (registry, noreply, merge subjects,
//! a commit name equal to the handle or its words run together) or, as a last resort only, by
//! an email's local part.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

use indexmap::IndexMap;

use crate::config::Person;
use crate::history::facts::Ident;
use crate::history::identity_index::{Activity, IdentityIndex, Seek};

/// A person: the index of the node that stands for a joined group of nodes.
pub type PersonId = u32;

/// `.mailmap` of the checked revision.
pub struct Mailmap(gix_mailmap::Snapshot);

impl Mailmap {
    /// Parses a `.mailmap` file; lines git would skip are skipped. Entries are sorted in bulk,
    /// so a file of n lines costs n log n.
    pub fn parse(bytes: &[u8]) -> Mailmap {
        Mailmap(gix_mailmap::Snapshot::from_bytes(bytes))
    }

    /// An identity as the mailmap maps it (or unchanged), trimmed.
    pub fn map(&self, ident: &Ident) -> Ident {
        let signature = gix_actor::SignatureRef {
            name: bstr::BStr::new(ident.name.trim()),
            email: bstr::BStr::new(ident.email.trim()),
            time: "",
        };
        match self.0.try_resolve_ref(signature) {
            Some(resolved) => Ident {
                name: resolved
                    .name
                    .map_or_else(|| ident.name.trim().to_string(), |n| n.to_string()),
                email: resolved
                    .email
                    .map_or_else(|| ident.email.trim().to_string(), |e| e.to_string()),
            },
            None => Ident {
                name: ident.name.trim().to_string(),
                email: ident.email.trim().to_string(),
            },
        }
    }
}

fn mapped(mailmap: Option<&Mailmap>, ident: &Ident) -> Ident {
    match mailmap {
        Some(mailmap) => mailmap.map(ident),
        None => Ident {
            name: ident.name.trim().to_string(),
            email: ident.email.trim().to_string(),
        },
    }
}

/// The keys a declared email is found by: the address `.mailmap` maps it to, and the handle of
/// a GitHub noreply address.
fn email_keys(mailmap: Option<&Mailmap>, email: &str) -> Vec<String> {
    let ident = Ident {
        name: String::new(),
        email: email.to_string(),
    };
    let mut keys = vec![format!(
        "e:{}",
        mapped(mailmap, &ident).email.to_lowercase()
    )];
    if let Some(handle) = noreply_handle(email) {
        keys.push(format!("h:{handle}"));
    }
    keys
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

/// A declared name as ownership files are compared: trimmed, without `@`, lower-cased.
fn normalize(name: &str) -> String {
    name.trim().trim_start_matches('@').to_lowercase()
}

/// A full name as the same-name join compares it: lower-cased, single spaces. `None` for names
/// that do not tell people apart: one word, placeholders, bots.
fn full_name_key(name: &str) -> Option<String> {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    if words.len() < 2 {
        return None;
    }
    let key = words.join(" ");
    const PLACEHOLDERS: &[&str] = &[
        "your name",
        "unknown author",
        "github actions",
        "github action",
        "git user",
        "the author",
    ];
    let bot = key.ends_with(" bot") || key.ends_with(" robot") || key.contains("[bot]");
    (!bot && !PLACEHOLDERS.contains(&key.as_str())).then_some(key)
}

/// The handles a commit name stands for: the name itself (`aojea`, lower-cased), and for a
/// full name its words run together (`Sean Malloy` is `seanmalloy`), a common way to pick a
/// GitHub handle.
fn name_handles(name: &str) -> impl Iterator<Item = String> {
    let name = name.trim().to_lowercase();
    let words: Vec<&str> = name.split_whitespace().collect();
    let joined = (words.len() >= 2).then(|| words.concat());
    std::iter::once(name.clone()).chain(joined)
}

/// When a person was last seen, as which of their identities, doing what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    pub time: i64,
    pub activity: Activity,
    /// The identity seen: `Name <email>`, or a handle.
    pub seen_as: String,
}

/// One identity: a commit identity after `.mailmap` (one per email), or a bare handle.
#[derive(Debug, Clone)]
pub struct Node {
    /// The name shown (the first one seen).
    pub name: String,
    pub email: String,
    /// Every other name seen with this email (a `Signed-off-by: handle <email>` beside the
    /// author's full name).
    pub other_names: Vec<String>,
    /// For a bare handle (merge subject, activity file, registry), the handle.
    pub handle: Option<String>,
    /// The last time of each activity seen.
    seen: Vec<(Activity, i64)>,
}

impl Node {
    /// How the identity is shown: `Name <email>`, the email, or the handle.
    pub fn display(&self) -> String {
        match (self.name.is_empty(), self.email.is_empty()) {
            (false, false) => format!("{} <{}>", self.name, self.email),
            (true, false) => self.email.clone(),
            _ => self.name.clone(),
        }
    }

    fn see(&mut self, activity: Activity, time: i64) {
        match self.seen.iter_mut().find(|(a, _)| *a == activity) {
            Some((_, last)) => *last = (*last).max(time),
            None => self.seen.push((activity, time)),
        }
    }

    /// Every name of a commit identity (none for a handle).
    fn names(&self) -> impl Iterator<Item = &str> {
        let own = (self.handle.is_none() && !self.name.is_empty()).then_some(self.name.as_str());
        own.into_iter()
            .chain(self.other_names.iter().map(String::as_str))
    }

    fn last(&self) -> Option<(i64, Activity)> {
        self.seen
            .iter()
            .map(|&(a, t)| (t, a))
            .max_by_key(|&(t, a)| (t, std::cmp::Reverse(a)))
    }
}

/// What is known of one person once every node is joined.
#[derive(Debug, Clone, Default)]
struct PersonInfo {
    last: Option<Sighting>,
    /// The node shown for the person: the most recently seen commit identity.
    shown: u32,
}

/// Every person of a run.
#[derive(Default)]
pub struct Identities {
    nodes: Vec<Node>,
    parent: Vec<u32>,
    /// Node by key: `e:<email>` for identities with an email, `n:<name>` for those without,
    /// `h:<handle>` for handles.
    by_key: HashMap<String, u32>,
    mailmap: Option<Mailmap>,
    /// Per merge: the handle's node and the nodes of the authors it brought in, with counts.
    merges: Vec<(u32, Vec<(u32, u32)>)>,
    /// Lookup keys of declared names → people: `e:` emails, `h:` handles and names.
    strong: HashMap<String, Vec<PersonId>>,
    /// Email local parts → people (the last resort).
    weak: HashMap<String, Vec<PersonId>>,
    people: HashMap<PersonId, PersonInfo>,
    registry: BTreeSet<String>,
    /// Whether the history was read to its end when looking for names.
    complete: bool,
    /// The oldest commit time the identity index read.
    oldest: Option<i64>,
    /// [`Self::lookup`]'s answers by declared name as written: the same few hundred people are
    /// named in thousands of ownership files, and each lookup builds its keys through the
    /// mailmap. Emptied when [`Self::build_lookups`] rebuilds what the answers come from;
    /// bounded by [`MAX_REMEMBERED_LOOKUPS`].
    /// Read under a shared lock: the rules ask on two threads at once, thousands of times.
    looked_up: std::sync::RwLock<HashMap<String, Vec<PersonId>>>,
}

/// The most lookup answers [`Identities`] remembers (past it, lookups are computed each time).
const MAX_REMEMBERED_LOOKUPS: usize = 1 << 16;

impl std::fmt::Debug for Identities {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identities")
            .field("nodes", &self.nodes.len())
            .field("people", &self.people.len())
            .finish()
    }
}

impl Identities {
    pub fn new(mailmap: Option<Mailmap>) -> Identities {
        Identities {
            mailmap,
            ..Identities::default()
        }
    }

    fn push(&mut self, key: String, node: Node) -> u32 {
        let at = self.nodes.len() as u32;
        self.nodes.push(node);
        self.parent.push(at);
        self.by_key.insert(key, at);
        at
    }

    /// The node of a commit identity (as recorded: `.mailmap` is applied here).
    pub fn actor(&mut self, ident: &Ident) -> u32 {
        let ident = mapped(self.mailmap.as_ref(), ident);
        let key = if ident.email.is_empty() {
            format!("n:{}", ident.name.to_lowercase())
        } else {
            format!("e:{}", ident.email.to_lowercase())
        };
        if let Some(&at) = self.by_key.get(&key) {
            let node = &mut self.nodes[at as usize];
            if node.name.is_empty() {
                node.name = ident.name;
            } else if !ident.name.is_empty()
                && !node.name.eq_ignore_ascii_case(&ident.name)
                && !node
                    .other_names
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(&ident.name))
            {
                node.other_names.push(ident.name);
            }
            return at;
        }
        let node = Node {
            name: ident.name,
            email: ident.email,
            other_names: Vec::new(),
            handle: None,
            seen: Vec::new(),
        };
        self.push(key, node)
    }

    /// The node of a bare handle (a merge subject, an activity record); an email is an actor.
    pub fn handle(&mut self, handle: &str) -> u32 {
        let handle = normalize(handle);
        if handle.contains('@') {
            return self.actor(&Ident {
                name: String::new(),
                email: handle,
            });
        }
        let key = format!("h:{handle}");
        if let Some(&at) = self.by_key.get(&key) {
            return at;
        }
        let node = Node {
            name: handle.clone(),
            email: String::new(),
            other_names: Vec::new(),
            handle: Some(handle),
            seen: Vec::new(),
        };
        self.push(key, node)
    }

    /// Records that a node did something at a time.
    pub fn see(&mut self, node: u32, activity: Activity, time: i64) {
        self.nodes[node as usize].see(activity, time);
    }

    /// Adds every identity and merge of the identity index.
    pub fn add_index(&mut self, index: &IdentityIndex) {
        let nodes: Vec<u32> = index
            .idents
            .iter()
            .map(|sighted| {
                let node = self.actor(&sighted.ident());
                for &(activity, time) in &sighted.seen {
                    self.see(node, activity, time);
                }
                node
            })
            .collect();
        for merge in &index.merges {
            let handle = self.handle(&merge.handle);
            self.see(handle, Activity::MergedPullRequest, merge.time);
            let authors = merge
                .authors
                .iter()
                .filter_map(|&(i, n)| Some((*nodes.get(i as usize)?, n)))
                .collect();
            self.merges.push((handle, authors));
        }
        self.complete = index.complete();
        self.oldest = index.oldest;
    }

    /// A `Name <email>` pair an ownership file declares (a MAINTAINERS line): evidence that the
    /// name and the email are one person, though nobody was seen doing anything.
    pub fn declare(&mut self, name: &str, email: &str) {
        if email.trim().is_empty() {
            return;
        }
        self.actor(&Ident {
            name: name.trim().to_string(),
            email: email.trim().to_string(),
        });
    }

    fn find(&mut self, mut node: u32) -> u32 {
        while self.parent[node as usize] != node {
            let grand = self.parent[self.parent[node as usize] as usize];
            self.parent[node as usize] = grand;
            node = grand;
        }
        node
    }

    fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // The older node (the lower index) stands for the person.
            let (keep, join) = if a < b { (a, b) } else { (b, a) };
            self.parent[join as usize] = keep;
        }
    }

    /// Joins nodes into people (registry, noreply addresses, full names, merge subjects) and
    /// builds the lookups. Call once, after every node is known.
    pub fn finish(&mut self, people: &IndexMap<String, Person>) {
        self.registry = people.keys().map(|h| normalize(h)).collect();
        // The registry: a handle, its emails and its names are one person.
        let mut by_name: HashMap<String, Vec<u32>> = HashMap::default();
        for (i, node) in self.nodes.iter().enumerate() {
            for name in node.names() {
                by_name
                    .entry(name.trim().to_lowercase())
                    .or_default()
                    .push(i as u32);
            }
        }
        for (handle, person) in people {
            let at = self.handle(handle);
            for email in &person.emails {
                let node = self.actor(&Ident {
                    name: String::new(),
                    email: email.clone(),
                });
                self.union(at, node);
            }
            for name in &person.names {
                let named = by_name
                    .get(&name.trim().to_lowercase())
                    .cloned()
                    .unwrap_or_default();
                for node in named {
                    self.union(at, node);
                }
            }
        }
        // Noreply addresses are their handle.
        for i in 0..self.nodes.len() {
            if let Some(handle) = noreply_handle(&self.nodes[i].email) {
                let at = self.handle(&handle);
                self.union(at, i as u32);
            }
        }
        // The same full name under several emails.
        let mut by_full_name: HashMap<String, u32> = HashMap::default();
        for i in 0..self.nodes.len() {
            let keys: Vec<String> = self.nodes[i].names().filter_map(full_name_key).collect();
            for key in keys {
                match by_full_name.get(&key) {
                    Some(&first) => self.union(first, i as u32),
                    None => {
                        by_full_name.insert(key, i as u32);
                    }
                }
            }
        }
        self.join_merge_handles();
        self.build_lookups();
    }

    /// Joins each merge-subject handle that no stronger evidence has joined to an identity, to
    /// the person who wrote most of the commits its merges brought in, when the merges agree:
    /// in each merge one person wrote over half of the commits, and over half of the merges name
    /// the same person.
    fn join_merge_handles(&mut self) {
        let mut votes: HashMap<u32, HashMap<u32, u32>> = HashMap::default();
        let merges = std::mem::take(&mut self.merges);
        for (handle, authors) in &merges {
            let total: u32 = authors.iter().map(|&(_, n)| n).sum();
            let mut by_person: HashMap<u32, u32> = HashMap::default();
            for &(node, n) in authors {
                let person = self.find(node);
                *by_person.entry(person).or_default() += n;
            }
            if let Some((&person, &n)) = by_person.iter().max_by_key(|&(p, n)| (*n, *p))
                && n * 2 > total
            {
                let handle = self.find(*handle);
                *votes.entry(handle).or_default().entry(person).or_default() += 1;
            }
        }
        self.merges = merges;
        let mut handles: Vec<u32> = votes.keys().copied().collect();
        handles.sort_unstable();
        // A handle the registry defines keeps the identities the registry gives it. (One joined
        // to its own noreply address is the same GitHub account, which the merges may join to
        // the name and email its commits carry.)
        let registered: Vec<u32> = self
            .registry
            .clone()
            .iter()
            .filter_map(|h| self.by_key.get(&format!("h:{h}")).copied())
            .collect();
        let with_identity: std::collections::HashSet<u32> =
            registered.into_iter().map(|i| self.find(i)).collect();
        for handle in handles {
            let tally = &votes[&handle];
            let total: u32 = tally.values().sum();
            let Some((&person, &n)) = tally.iter().max_by_key(|&(p, n)| (*n, *p)) else {
                continue;
            };
            if n * 2 > total && !with_identity.contains(&handle) {
                self.union(handle, person);
            }
        }
    }

    fn build_lookups(&mut self) {
        for i in 0..self.nodes.len() as u32 {
            let root = self.find(i);
            self.parent[i as usize] = root;
        }
        self.strong.clear();
        self.weak.clear();
        if let Ok(memo) = self.looked_up.get_mut() {
            memo.clear();
        }
        self.people.clear();
        for i in 0..self.nodes.len() as u32 {
            let person = self.find(i);
            let node = &self.nodes[i as usize];
            let mut strong = Vec::new();
            let mut weak = Vec::new();
            match &node.handle {
                Some(handle) => strong.push(format!("h:{handle}")),
                None => {
                    let email = node.email.to_lowercase();
                    if !email.is_empty() {
                        strong.push(format!("e:{email}"));
                        if let Some(handle) = noreply_handle(&email) {
                            strong.push(format!("h:{handle}"));
                        }
                        if let Some((local, _)) = email.split_once('@') {
                            weak.push(format!("h:{local}"));
                        }
                    }
                    for name in node.names() {
                        strong.extend(name_handles(name).map(|h| format!("h:{h}")));
                    }
                }
            }
            for key in strong {
                let list = self.strong.entry(key).or_default();
                if !list.contains(&person) {
                    list.push(person);
                }
            }
            for key in weak {
                let list = self.weak.entry(key).or_default();
                if !list.contains(&person) {
                    list.push(person);
                }
            }
            let last = node.last();
            let info = self.people.entry(person).or_insert(PersonInfo {
                last: None,
                shown: i,
            });
            if let Some((time, activity)) = last {
                let newer = info.last.as_ref().is_none_or(|l| time > l.time);
                if newer {
                    info.last = Some(Sighting {
                        time,
                        activity,
                        seen_as: node.display(),
                    });
                    if node.handle.is_none() {
                        info.shown = i;
                    }
                }
            }
        }
    }

    /// The people a declared name stands for: by email (after `.mailmap`), by handle or name,
    /// and only when neither finds anyone, by an email's local part. Empty when it joins to
    /// nobody.
    pub fn lookup(&self, name: &str) -> Vec<PersonId> {
        self.lookup_with(name, <[PersonId]>::to_vec)
    }

    /// What `answer` makes of [`Self::lookup`]'s people, without copying them.
    pub fn lookup_with<R>(&self, name: &str, answer: impl FnOnce(&[PersonId]) -> R) -> R {
        // A poisoned lock (a panic elsewhere while it was held) only loses the memo.
        if let Ok(memo) = self.looked_up.read()
            && let Some(found) = memo.get(name)
        {
            return answer(found);
        }
        let found = self.look_up(name);
        let answered = answer(&found);
        if let Ok(mut memo) = self.looked_up.write()
            && memo.len() < MAX_REMEMBERED_LOOKUPS
        {
            memo.insert(name.to_string(), found);
        }
        answered
    }

    /// [`Self::lookup`], computed.
    fn look_up(&self, name: &str) -> Vec<PersonId> {
        let name = normalize(name);
        if name.is_empty() {
            return Vec::new();
        }
        let mut keys = Vec::new();
        if name.contains('@') {
            keys = email_keys(self.mailmap.as_ref(), &name);
            keys.push(format!("e:{name}"));
        } else {
            keys.push(format!("h:{name}"));
        }
        let mut found: Vec<PersonId> = Vec::new();
        for key in &keys {
            for &p in self.strong.get(key).into_iter().flatten() {
                if !found.contains(&p) {
                    found.push(p);
                }
            }
        }
        if found.is_empty() && !name.contains('@') {
            found.extend(self.weak.get(&keys[0]).into_iter().flatten());
        }
        found
    }

    /// The person a node belongs to (after [`Self::finish`], which points every node at its
    /// person directly).
    pub fn person_of(&self, node: u32) -> PersonId {
        self.parent[node as usize]
    }

    /// The last time a person was seen, as which identity, doing what.
    pub fn last_seen_of(&self, person: PersonId) -> Option<&Sighting> {
        self.people.get(&person)?.last.as_ref()
    }

    /// How a person is shown: their most recently seen commit identity.
    pub fn display(&self, person: PersonId) -> String {
        let shown = self.people.get(&person).map_or(person, |p| p.shown);
        self.nodes[shown as usize].display()
    }

    /// Every node (identity or handle) with the person it belongs to.
    pub fn nodes(&self) -> impl Iterator<Item = (PersonId, &Node)> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, node)| (self.parent[i], node))
    }

    /// Whether the registry lists this handle.
    pub fn in_registry(&self, name: &str) -> bool {
        self.registry.contains(&normalize(name))
    }

    /// The last time a declared name was seen anywhere in the history, and as what.
    pub fn last_seen(&self, name: &str) -> Option<&Sighting> {
        self.lookup_with(name, |people| {
            people
                .iter()
                .filter_map(|&p| self.last_seen_of(p))
                .max_by_key(|s| s.time)
        })
    }

    /// Whether a declared name can be judged: someone it joins to was seen in the history, or
    /// the registry lists them (a registered person never seen is known, and can be stale).
    pub fn is_mapped(&self, name: &str) -> bool {
        self.last_seen(name).is_some() || self.in_registry(name)
    }

    /// Whether two declared names stand for the same person (an email changed for a handle,
    /// an old address `.mailmap` maps to the new one). Names that join to nobody are the same
    /// only when written the same.
    pub fn same_person(&self, a: &str, b: &str) -> bool {
        if normalize(a) == normalize(b) {
            return true;
        }
        let (a, b) = (self.lookup(a), self.lookup(b));
        a.iter().any(|p| b.contains(p))
    }

    /// Whether the history was read to its end (so that a name never seen is in none of it).
    pub fn history_complete(&self) -> bool {
        self.complete
    }

    /// The oldest commit time the identity index read, if it read any.
    pub fn oldest(&self) -> Option<i64> {
        self.oldest
    }
}

/// The names a run looks for in the history (every declared person), and the latest time the
/// identities read so far show each: the identity index stops reading once no unread commit
/// can show one of them later.
pub struct Wanted {
    /// Lookup keys (as [`Identities`] builds them) → the wanted names they find.
    keys: HashMap<String, Vec<u32>>,
    /// Per name, the latest time it was seen.
    last: Vec<Option<i64>>,
    /// Names never seen.
    unseen: usize,
    /// The earliest of `last` once every name is seen.
    earliest: i64,
    mailmap: Option<Mailmap>,
}

impl Wanted {
    /// `names`: declared names (handles, emails); `declared`: declared `Name <email>` pairs,
    /// whose names also find them; `people`: the registry.
    pub fn new(
        names: impl IntoIterator<Item = String>,
        declared: &[(String, String)],
        people: &IndexMap<String, Person>,
        mailmap: Option<Mailmap>,
    ) -> Wanted {
        let mut wanted = Wanted {
            keys: HashMap::default(),
            last: Vec::new(),
            unseen: 0,
            earliest: i64::MIN,
            mailmap,
        };
        // The full names declared with each email, in declaration order: normalised once
        // here, not once per declared name (with 2,000 MAINTAINERS people, 4.5% of the hook).
        let mut full_names: HashMap<String, Vec<&str>> = HashMap::default();
        for (full, email) in declared {
            full_names.entry(normalize(email)).or_default().push(full);
        }
        let mut seen = BTreeSet::new();
        for name in names {
            let name = normalize(&name);
            if name.is_empty() || !seen.insert(name.clone()) {
                continue;
            }
            let at = wanted.last.len() as u32;
            wanted.last.push(None);
            wanted.unseen += 1;
            let mut keys = Vec::new();
            if name.contains('@') {
                keys = email_keys(wanted.mailmap.as_ref(), &name);
                let declared_with = full_names.get(&name).into_iter().flatten();
                keys.extend(
                    declared_with
                        .filter_map(|full| full_name_key(full))
                        .map(|full| format!("f:{full}")),
                );
            } else {
                keys.push(format!("h:{name}"));
                if let Some((_, person)) = people.iter().find(|(h, _)| normalize(h) == name) {
                    keys.extend(
                        person
                            .emails
                            .iter()
                            .map(|e| format!("e:{}", e.to_lowercase())),
                    );
                    keys.extend(
                        person
                            .names
                            .iter()
                            .map(|n| format!("h:{}", n.trim().to_lowercase())),
                    );
                }
            }
            for key in keys {
                wanted.keys.entry(key).or_default().push(at);
            }
        }
        // With nothing to look for, nothing is left to find.
        if wanted.last.is_empty() {
            wanted.earliest = i64::MAX;
        }
        wanted
    }

    /// Adds the names `key` finds to `names`.
    fn hit(&self, key: &str, names: &mut Vec<u32>) {
        if let Some(found) = self.keys.get(key) {
            names.extend(found);
        }
    }
}

impl Seek for Wanted {
    fn names_of(&mut self, ident: &Ident) -> Vec<u32> {
        let mut names = Vec::new();
        if self.keys.is_empty() {
            return names;
        }
        let ident = mapped(self.mailmap.as_ref(), ident);
        let email = ident.email.to_lowercase();
        if !email.is_empty() {
            self.hit(&format!("e:{email}"), &mut names);
            if let Some(handle) = noreply_handle(&email) {
                self.hit(&format!("h:{handle}"), &mut names);
            }
            if let Some((local, _)) = email.split_once('@') {
                self.hit(&format!("h:{local}"), &mut names);
            }
        }
        if !ident.name.is_empty() {
            for handle in name_handles(&ident.name) {
                self.hit(&format!("h:{handle}"), &mut names);
            }
            if let Some(full) = full_name_key(&ident.name) {
                self.hit(&format!("f:{full}"), &mut names);
            }
        }
        names.sort_unstable();
        names.dedup();
        names
    }

    fn names_of_handle(&mut self, handle: &str) -> Vec<u32> {
        let mut names = Vec::new();
        if !self.keys.is_empty() {
            self.hit(&format!("h:{}", normalize(handle)), &mut names);
        }
        names
    }

    fn seen(&mut self, names: &[u32], time: i64) {
        for &name in names {
            let last = &mut self.last[name as usize];
            let was = *last;
            if was.is_some_and(|was| was >= time) {
                continue;
            }
            *last = Some(time);
            match was {
                None => {
                    self.unseen -= 1;
                    if self.unseen == 0 {
                        self.earliest = self.last.iter().flatten().copied().min().unwrap_or(time);
                    }
                }
                // Only the name that held the earliest time can move it.
                Some(was) if self.unseen == 0 && was == self.earliest => {
                    self.earliest = self.last.iter().flatten().copied().min().unwrap_or(time);
                }
                Some(_) => {}
            }
        }
    }

    fn found_all(&self, position: i64) -> bool {
        self.unseen == 0 && self.earliest >= position
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

    fn seen(ids: &mut Identities, name: &str, email: &str, time: i64) -> u32 {
        let node = ids.actor(&ident(name, email));
        ids.see(node, Activity::Authored, time);
        node
    }

    #[test]
    fn joins_by_email_local_part_name_noreply_and_registry() {
        let mut ids = Identities::new(None);
        let a = seen(&mut ids, "Alice Liddell", "alice@example.com", 1);
        let b = seen(&mut ids, "Bob", "12345+bobby@users.noreply.github.com", 2);
        let c = seen(&mut ids, "Carol C", "cc@corp.example", 3);
        let d = ids.handle("Dave");
        ids.see(d, Activity::Recorded, 4);
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
        let person = |n| ids.person_of(n);
        assert_eq!(ids.lookup("alice"), [person(a)]);
        assert_eq!(ids.lookup("ALICE@example.com"), [person(a)]);
        assert_eq!(ids.lookup("alice liddell"), [person(a)]);
        assert_eq!(ids.lookup("@bobby"), [person(b)]);
        assert_eq!(ids.lookup("carol"), [person(c)]);
        assert_eq!(ids.lookup("dave"), [person(d)]);
        assert!(ids.lookup("erin").is_empty());
        assert!(
            ids.is_mapped("ghost"),
            "registered people are known even without activity"
        );
        assert!(ids.last_seen("ghost").is_none());
        assert!(!ids.is_mapped("erin"));
    }

    #[test]
    fn the_same_full_name_under_two_emails_is_one_person() {
        let mut ids = Identities::new(None);
        let old = seen(&mut ids, "Alice Hacker", "alice@old.example", 10);
        let new = seen(&mut ids, "Alice  hacker", "alice@new.example", 20);
        let other = seen(&mut ids, "Alice", "alice@third.example", 30);
        ids.finish(&IndexMap::new());
        assert_eq!(ids.person_of(old), ids.person_of(new));
        assert_ne!(
            ids.person_of(old),
            ids.person_of(other),
            "one word is no join"
        );
        let last = ids.last_seen("alice@old.example").unwrap();
        assert_eq!(last.time, 20);
        assert_eq!(last.seen_as, "Alice  hacker <alice@new.example>");
        assert!(ids.same_person("alice@old.example", "alice@new.example"));
        assert!(!ids.same_person("alice@old.example", "alice@third.example"));
    }

    #[test]
    fn remembered_lookups_are_forgotten_when_the_lookups_are_rebuilt() {
        let mut ids = Identities::new(None);
        let alice = seen(&mut ids, "Alice", "alice@example.com", 1);
        // Asked before the lookups exist: nobody, and remembered as nobody.
        assert!(ids.lookup("alice@example.com").is_empty());
        assert!(ids.lookup("alice@example.com").is_empty());
        ids.finish(&IndexMap::new());
        assert_eq!(ids.lookup("alice@example.com"), [ids.person_of(alice)]);
        assert_eq!(ids.lookup("alice@example.com"), [ids.person_of(alice)]);
        assert_eq!(ids.lookup(" @Alice@Example.com"), [ids.person_of(alice)]);
    }

    #[test]
    fn mailmap_applies_to_declared_emails_too() {
        let mailmap = Mailmap::parse(b"Alice <alice@new.example> <alice@old.example>\n");
        let mut ids = Identities::new(Some(mailmap));
        let node = seen(&mut ids, "Alice", "alice@new.example", 5);
        ids.finish(&IndexMap::new());
        assert_eq!(ids.lookup("alice@old.example"), [ids.person_of(node)]);
        assert_eq!(ids.last_seen("alice@old.example").unwrap().time, 5);
    }

    #[test]
    fn merge_subjects_join_a_handle_when_the_merges_agree() {
        let mut ids = Identities::new(None);
        let alice = seen(&mut ids, "Alice Hacker", "alice@hacker.dev", 1);
        let bob = seen(&mut ids, "Bob Builder", "bob@example.com", 1);
        let handle = ids.handle("alice-h");
        ids.see(handle, Activity::MergedPullRequest, 9);
        ids.merges.push((handle, vec![(alice, 3)]));
        ids.merges.push((handle, vec![(alice, 1), (bob, 1)]));
        ids.merges.push((handle, vec![(alice, 2)]));
        let split = ids.handle("split");
        ids.merges.push((split, vec![(alice, 1)]));
        ids.merges.push((split, vec![(bob, 1)]));
        ids.finish(&IndexMap::new());
        assert_eq!(ids.lookup("alice-h"), [ids.person_of(alice)]);
        assert!(ids.same_person("alice-h", "alice@hacker.dev"));
        assert_eq!(ids.last_seen("alice@hacker.dev").unwrap().time, 9);
        assert!(!ids.same_person("split", "alice@hacker.dev"));
        assert!(!ids.same_person("split", "bob@example.com"));
    }

    #[test]
    fn a_full_name_run_together_is_a_handle() {
        let mut ids = Identities::new(None);
        let sean = seen(&mut ids, "Sean Malloy", "sean.malloy@corp.example", 1);
        ids.finish(&IndexMap::new());
        assert_eq!(ids.lookup("seanmalloy"), [ids.person_of(sean)]);
        assert!(ids.lookup("smalloy").is_empty());
        let mut wanted = Wanted::new(["seanmalloy".to_string()], &[], &IndexMap::new(), None);
        let names = wanted.names_of(&ident("Sean Malloy", "sean.malloy@corp.example"));
        wanted.seen(&names, 5);
        assert!(wanted.found_all(5));
    }

    #[test]
    fn a_handle_with_a_noreply_address_is_still_joined_by_its_merges() {
        let mut ids = Identities::new(None);
        let web = seen(&mut ids, "hakman", "123+hakman@users.noreply.github.com", 1);
        let cli = seen(&mut ids, "Ciprian Hacman", "ciprian@hakman.dev", 2);
        let handle = ids.handle("hakman");
        ids.merges.push((handle, vec![(cli, 4)]));
        ids.finish(&IndexMap::new());
        assert_eq!(ids.person_of(web), ids.person_of(cli));
        assert_eq!(ids.lookup("hakman"), [ids.person_of(cli)]);
        // A registered handle keeps what the registry says.
        let mut ids = Identities::new(None);
        let alice = seen(&mut ids, "Alice", "alice@example.com", 1);
        let bob = seen(&mut ids, "Bob Builder", "bob@example.com", 2);
        let handle = ids.handle("alice-h");
        ids.merges.push((handle, vec![(bob, 4)]));
        let people = IndexMap::from([(
            "alice-h".to_string(),
            Person {
                emails: vec!["alice@example.com".into()],
                names: vec![],
            },
        )]);
        ids.finish(&people);
        assert_eq!(ids.lookup("alice-h"), [ids.person_of(alice)]);
        assert_ne!(ids.person_of(alice), ids.person_of(bob));
    }

    #[test]
    fn local_parts_are_a_last_resort() {
        let mut ids = Identities::new(None);
        let by_local = seen(&mut ids, "Robert", "bob@one.example", 1);
        let by_name = seen(&mut ids, "bob", "rob@two.example", 2);
        ids.finish(&IndexMap::new());
        assert_eq!(ids.lookup("bob"), [ids.person_of(by_name)]);
        assert_eq!(ids.lookup("robert"), [ids.person_of(by_local)]);
        assert_eq!(ids.lookup("rob"), [ids.person_of(by_name)]);
    }

    #[test]
    fn wanted_names_are_found_by_any_of_their_keys() {
        let people = IndexMap::from([(
            "carol".to_string(),
            Person {
                emails: vec!["cc@corp.example".into()],
                names: vec![],
            },
        )]);
        // A declared email is compared as a wanted name is: trimmed, lower-cased.
        let declared = vec![
            ("Erin Jones".to_string(), "erin@old.example".to_string()),
            ("Dave Smith".to_string(), " Dave@OLD.example".to_string()),
        ];
        let mut wanted = Wanted::new(
            ["alice", "carol", "dave@old.example"].map(String::from),
            &declared,
            &people,
            None,
        );
        let see = |wanted: &mut Wanted, name: &str, email: &str, time: i64| {
            let names = wanted.names_of(&ident(name, email));
            wanted.seen(&names, time);
        };
        see(&mut wanted, "Alice", "a@x.example", 30);
        assert!(!wanted.found_all(0));
        see(&mut wanted, "C", "CC@corp.example", 20);
        assert!(!wanted.found_all(0));
        see(&mut wanted, "Dave Smith", "dave@new.example", 10);
        assert!(wanted.found_all(10));
        // A commit made after 10 could still show Dave later than he was seen.
        assert!(!wanted.found_all(11));
        see(&mut wanted, "Dave Smith", "dave@new.example", 25);
        assert!(wanted.found_all(20));
        assert!(!wanted.found_all(21));
        // Nothing wanted: nothing to read.
        let nobody = Wanted::new(Vec::<String>::new(), &[], &IndexMap::new(), None);
        assert!(nobody.found_all(i64::MAX));
    }
}
