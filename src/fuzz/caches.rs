//! Fuzz targets for the two caches ownlint keeps under `.git/ownlint/`: files anyone who can
//! write the git directory (or a restored CI cache) controls. A cache that cannot be used is
//! ignored; one that is accepted must hold exactly what it says, and read back what it
//! writes.

use crate::history::cache::{Cache, seal};
use crate::history::identity_index::IdentityIndex;
use crate::identity::Identities;

/// The binary history cache: the bytes both as a whole file and as the payload of a file
/// sealed with a valid checksum (so that mutations reach the decoder). Every record of a file
/// accepted decodes to the commit it is filed under, and saving it reads back the same.
pub fn history_cache(data: &[u8]) {
    for bytes in [data.to_vec(), seal(data)] {
        let len = bytes.len();
        let (cache, _reason) = Cache::from_bytes(bytes);
        assert!(
            cache.len() <= len / 20,
            "{} in {}",
            crate::plural::count(cache.len(), "commit", "commits"),
            crate::plural::count(len, "byte", "bytes")
        );
        assert_holds_what_it_says(&cache);
        let (again, reason) = Cache::from_bytes(cache.encode());
        assert_eq!(reason, None, "a saved cache is refused");
        assert_eq!(again.len(), cache.len(), "a saved cache lost commits");
        for id in cache.ids() {
            assert_eq!(again.get(&id), cache.get(&id), "a saved commit changed");
        }
    }
}

fn assert_holds_what_it_says(cache: &Cache) {
    for id in cache.ids() {
        let facts = cache
            .get(&id)
            .unwrap_or_else(|| panic!("an accepted record of {id} does not decode"));
        assert_eq!(facts.id, id, "a record filed under another commit");
        assert_eq!(cache.commit_time(&id), Some(facts.commit_time));
        assert_eq!(cache.fetch(&id).as_ref(), Some(facts));
    }
}

/// The JSON identity cache: an index accepted is consistent (every reference inside it points
/// at something), the identity model built from it answers every lookup, and saving it reads
/// back the same.
pub fn identity_cache(data: &[u8]) {
    let (index, _reason) = IdentityIndex::from_json(data);
    let saved = serde_json::to_vec(&index).expect("an index is JSON");
    let (again, reason) = IdentityIndex::from_json(&saved);
    assert_eq!(reason, None, "a saved index is refused");
    assert_eq!(
        serde_json::to_vec(&again).expect("an index is JSON"),
        saved,
        "a saved index changed"
    );

    let mut identities = Identities::new(None);
    identities.add_index(&index);
    identities.finish(&indexmap::IndexMap::new());
    let _ = identities.history_complete();
    let _ = identities.oldest();
    let names = index
        .idents
        .iter()
        .flat_map(|s| [s.name.as_str(), s.email.as_str()])
        .chain(index.merges.iter().map(|m| m.handle.as_str()))
        .take(64);
    for name in names {
        for person in identities.lookup(name) {
            let _ = identities.display(person);
            let _ = identities.last_seen_of(person);
        }
        let _ = identities.last_seen(name);
        let _ = identities.is_mapped(name);
    }
}
