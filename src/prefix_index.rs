//! Which of many keys are prefixes of a path, found in one walk along the path.
//!
//! Looking each of a path's prefixes up in a hash map hashes the path again for every prefix:
//! the work grows with the square of the path's length, and a repository can hold paths of
//! thousands of components. A [`PrefixIndex`] is a trie of its keys, one edge per byte, walked
//! once: the work is the path's length, plus the values found.

use rustc_hash::FxHashMap;

/// Keys with values, looked up by the prefixes of a text.
#[derive(Debug)]
pub struct PrefixIndex<T> {
    /// `(node, byte) → child`; node 0 is the root (the empty key).
    edges: FxHashMap<(u32, u8), u32>,
    /// Per node: whether a key ends there.
    ends: Vec<bool>,
    /// The values of the keys, by the node they end at.
    values: FxHashMap<u32, Vec<T>>,
}

impl<T> Default for PrefixIndex<T> {
    fn default() -> Self {
        PrefixIndex {
            edges: FxHashMap::default(),
            ends: vec![false],
            values: FxHashMap::default(),
        }
    }
}

impl<T> PrefixIndex<T> {
    /// Adds `value` under `key` (a key may have several values).
    pub fn insert(&mut self, key: &str, value: T) {
        let mut node = 0u32;
        for &byte in key.as_bytes() {
            let next = self.ends.len() as u32;
            node = *self.edges.entry((node, byte)).or_insert(next);
            if node == next {
                self.ends.push(false);
            }
        }
        self.ends[node as usize] = true;
        self.values.entry(node).or_default().push(value);
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Calls `found(len, values)` for every key that is a prefix of `text` (`text[..len]`,
    /// the empty key and `text` itself included), shortest first.
    pub fn prefixes_of<'a>(&'a self, text: &str, mut found: impl FnMut(usize, &'a [T])) {
        let mut node = 0u32;
        let mut report = |node: u32, len: usize| {
            if self.ends[node as usize]
                && let Some(values) = self.values.get(&node)
            {
                found(len, values);
            }
        };
        report(0, 0);
        for (i, &byte) in text.as_bytes().iter().enumerate() {
            match self.edges.get(&(node, byte)) {
                Some(&next) => node = next,
                None => return,
            }
            report(node, i + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_that_is_a_prefix() {
        let mut index = PrefixIndex::default();
        for (i, key) in ["", "a/", "a/b/", "a/bc", "b/", "a/b/c.rs", "é/"]
            .iter()
            .enumerate()
        {
            index.insert(key, i);
        }
        index.insert("a/", 9);
        let found = |text: &str| {
            let mut out = Vec::new();
            index.prefixes_of(text, |len, values| out.push((len, values.to_vec())));
            out
        };
        assert_eq!(
            found("a/b/c.rs"),
            [(0, vec![0]), (2, vec![1, 9]), (4, vec![2]), (8, vec![5])]
        );
        assert_eq!(
            found("a/bcd"),
            [(0, vec![0]), (2, vec![1, 9]), (4, vec![3])]
        );
        assert_eq!(found("é/x"), [(0, vec![0]), (3, vec![6])]);
        assert_eq!(found("c"), [(0, vec![0])]);
        assert!(!index.is_empty());
        assert!(PrefixIndex::<u8>::default().is_empty());
    }
}
