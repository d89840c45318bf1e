//! Which of many keys are prefixes of a path, found in one walk along the path.
//!
//! Looking each of a path's prefixes up in a hash map hashes the path again for every prefix:
//! the work grows with the square of the path's length, and a repository can hold paths of
//! thousands of components. A [`PrefixIndex`] is a radix tree of its keys, walked once: the
//! work is the path's length, plus the values found.
//!
//! Each edge carries the run of bytes the keys below it share (`app/assets/javascripts/`
//! is one edge, not 23), so a walk does one hash lookup per branching point instead of one per
//! byte: with thousands of keys the edges do not fit in the cache, and a lookup per byte was
//! one cache miss per byte of every path.

use rustc_hash::FxHashMap;

/// Keys with values, looked up by the prefixes of a text.
#[derive(Debug)]
pub struct PrefixIndex<T> {
    /// `(node, first byte of the child's label) → child`; node 0 is the root (the empty key).
    edges: FxHashMap<(u32, u8), u32>,
    /// Per node: where its label (the bytes of the edge into it) sits in `labels`.
    label: Vec<(u32, u32)>,
    /// The labels' bytes (each inserted key's new bytes, appended once; split edges share them).
    labels: Vec<u8>,
    /// The values of the keys, by the node they end at (empty: no key ends there).
    values: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for PrefixIndex<T> {
    fn default() -> Self {
        PrefixIndex {
            edges: FxHashMap::default(),
            label: vec![(0, 0)],
            labels: Vec::new(),
            values: vec![Vec::new()],
            len: 0,
        }
    }
}

impl<T> PrefixIndex<T> {
    /// Adds `value` under `key` (a key may have several values).
    pub fn insert(&mut self, key: &str, value: T) {
        let key = key.as_bytes();
        let mut node = 0u32;
        let mut pos = 0;
        while pos < key.len() {
            let rest = &key[pos..];
            let Some(&child) = self.edges.get(&(node, rest[0])) else {
                let start = self.labels.len() as u32;
                self.labels.extend_from_slice(rest);
                let child = self.push_node((start, rest.len() as u32));
                self.edges.insert((node, rest[0]), child);
                node = child;
                break;
            };
            let (start, len) = self.label[child as usize];
            let label = &self.labels[start as usize..(start + len) as usize];
            let common = label.iter().zip(rest).take_while(|(a, b)| a == b).count() as u32;
            if common < len {
                // The key leaves the edge part way: a node where it does takes the shared
                // bytes, and the old child keeps the rest.
                let middle = self.push_node((start, common));
                self.edges.insert((node, rest[0]), middle);
                self.label[child as usize] = (start + common, len - common);
                let next = self.labels[(start + common) as usize];
                self.edges.insert((middle, next), child);
                node = middle;
            } else {
                node = child;
            }
            pos += common as usize;
        }
        self.values[node as usize].push(value);
        self.len += 1;
    }

    fn push_node(&mut self, label: (u32, u32)) -> u32 {
        self.label.push(label);
        self.values.push(Vec::new());
        (self.label.len() - 1) as u32
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Calls `found(len, values)` for every key that is a prefix of `text` (`text[..len]`,
    /// the empty key and `text` itself included), shortest first.
    pub fn prefixes_of<'a>(&'a self, text: &str, mut found: impl FnMut(usize, &'a [T])) {
        let text = text.as_bytes();
        let mut node = 0u32;
        let mut pos = 0;
        loop {
            let values = &self.values[node as usize];
            if !values.is_empty() {
                found(pos, values);
            }
            let Some(&next) = text.get(pos) else {
                return;
            };
            let Some(&child) = self.edges.get(&(node, next)) else {
                return;
            };
            let (start, len) = self.label[child as usize];
            let label = &self.labels[start as usize..(start + len) as usize];
            // Keys end at nodes only: a text leaving the edge part way has no longer prefix.
            if !text[pos..].starts_with(label) {
                return;
            }
            pos += label.len();
            node = child;
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

    proptest::proptest! {
        /// Whatever keys are inserted, in whatever order (splitting edges at any byte), a text
        /// gets the keys that are its prefixes, shortest first, each with its values in the
        /// order they were added.
        #[test]
        fn agrees_with_testing_every_key(
            keys in proptest::collection::vec("[ab/é]{0,6}", 0..24),
            texts in proptest::collection::vec("[ab/é]{0,8}", 1..16),
        ) {
            let mut index = PrefixIndex::default();
            for (i, key) in keys.iter().enumerate() {
                index.insert(key, i);
            }
            proptest::prop_assert_eq!(index.is_empty(), keys.is_empty());
            for text in &texts {
                let mut found = Vec::new();
                index.prefixes_of(text, |len, values| found.push((len, values.to_vec())));
                let mut expected: Vec<(usize, Vec<usize>)> = Vec::new();
                for len in 0..=text.len() {
                    let values: Vec<usize> = (0..keys.len())
                        .filter(|&i| keys[i].len() == len && text.as_bytes().starts_with(keys[i].as_bytes()))
                        .collect();
                    if !values.is_empty() {
                        expected.push((len, values));
                    }
                }
                proptest::prop_assert_eq!(&found, &expected, "{}", text);
            }
        }
    }
}
