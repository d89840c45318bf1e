//! A regular expression behind a leading look-behind on literal text, `(?<=a|b)rest` or
//! `(?<!a|b)rest`, as U-Boot writes `N:` patterns (`(?<!uni)versal`), searched in time linear in
//! the haystack.
//!
//! The `regex` crate has no look-around. The expression matches where `rest` matches starting
//! at a position whose text before it ends (`(?<=`) or does not end (`(?<!`) with one of the
//! alternatives. Trying `rest` from each such position in turn costs up to the whole haystack
//! per position, so the square of a path's length: a 4-line MAINTAINERS file kept a run busy
//! for minutes on long paths. Here the positions are found in one pass (an Aho-Corasick search
//! for the alternatives), and `rest` runs once over the haystack as a Thompson NFA simulation
//! that starts a thread at every allowed position ([`LookBehindRegex::is_match`]): the work is
//! the haystack's length times the expression's size, whatever the number of positions.

use aho_corasick::AhoCorasick;
use regex_automata::nfa::thompson::{self, NFA, State, WhichCaptures};
use regex_automata::util::look::LookMatcher;
use regex_automata::util::primitives::StateID;

/// `rest` behind a look-behind on literal alternatives.
#[derive(Debug)]
pub struct LookBehindRegex {
    /// `(?<!` rather than `(?<=`.
    negative: bool,
    /// The alternatives, unless one of them is empty (then every position has one behind it).
    alternatives: Option<AhoCorasick>,
    /// `rest`, run from chosen positions.
    nfa: NFA,
    look: LookMatcher,
}

impl LookBehindRegex {
    /// `source` is `rest` as the `regex` crate reads it (flags included); `size_limit` is the
    /// compiled size allowed, as for a [`regex::Regex`]. `Err` says why it cannot be used.
    pub fn new(
        source: &str,
        negative: bool,
        alternatives: &[String],
        size_limit: usize,
    ) -> Result<LookBehindRegex, String> {
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(size_limit))
                    .which_captures(WhichCaptures::None),
            )
            .build(source)
            .map_err(|e| e.to_string())?;
        let alternatives = if alternatives.iter().any(String::is_empty) {
            None
        } else {
            Some(AhoCorasick::new(alternatives).map_err(|e| e.to_string())?)
        };
        Ok(LookBehindRegex {
            negative,
            alternatives,
            nfa,
            look: LookMatcher::new(),
        })
    }

    /// Whether `rest` matches `haystack` starting at a character boundary where the
    /// look-behind holds.
    pub fn is_match(&self, haystack: &str) -> bool {
        let bytes = haystack.as_bytes();
        // `behind[p]`: the text before `p` ends with an alternative.
        let mut behind = vec![self.alternatives.is_none(); bytes.len() + 1];
        if let Some(alternatives) = &self.alternatives {
            for found in alternatives.find_overlapping_iter(bytes) {
                behind[found.end()] = true;
            }
        }
        let mut run = Run::new(&self.nfa);
        for (at, &behind) in behind.iter().enumerate() {
            if behind != self.negative
                && haystack.is_char_boundary(at)
                && run.add(self.nfa.start_anchored(), bytes, at, &self.look)
            {
                return true;
            }
            if at == bytes.len() {
                break;
            }
            if run.step(bytes, at, &self.look) {
                return true;
            }
        }
        false
    }
}

/// The states an NFA simulation is in at one position, and those it reaches at the next.
struct Run<'n> {
    nfa: &'n NFA,
    current: StateSet,
    next: StateSet,
    stack: Vec<StateID>,
}

impl<'n> Run<'n> {
    fn new(nfa: &'n NFA) -> Run<'n> {
        Run {
            nfa,
            current: StateSet::new(nfa.states().len()),
            next: StateSet::new(nfa.states().len()),
            stack: Vec::new(),
        }
    }

    /// Adds `start` and what it reaches without reading a byte at `at` to the current states;
    /// `true` when that reaches a match.
    fn add(&mut self, start: StateID, haystack: &[u8], at: usize, look: &LookMatcher) -> bool {
        closure(
            self.nfa,
            start,
            haystack,
            at,
            look,
            &mut self.current,
            &mut self.stack,
        )
    }

    /// Reads the byte at `at`: the states it leads to become the current ones; `true` when
    /// they reach a match.
    fn step(&mut self, haystack: &[u8], at: usize, look: &LookMatcher) -> bool {
        let byte = haystack[at];
        self.next.clear();
        for i in 0..self.current.len() {
            let target = match self.nfa.state(self.current.get(i)) {
                State::ByteRange { trans } => trans.matches_byte(byte).then_some(trans.next),
                State::Sparse(sparse) => sparse.matches_byte(byte),
                State::Dense(dense) => dense.matches_byte(byte),
                _ => None,
            };
            if let Some(target) = target
                && closure(
                    self.nfa,
                    target,
                    haystack,
                    at + 1,
                    look,
                    &mut self.next,
                    &mut self.stack,
                )
            {
                return true;
            }
        }
        std::mem::swap(&mut self.current, &mut self.next);
        false
    }
}

/// Adds to `set` the states reachable from `start` at `at` without reading a byte (following
/// alternations, and look-arounds that hold at `at`); `true` when a match state is among them.
fn closure(
    nfa: &NFA,
    start: StateID,
    haystack: &[u8],
    at: usize,
    look: &LookMatcher,
    set: &mut StateSet,
    stack: &mut Vec<StateID>,
) -> bool {
    stack.clear();
    stack.push(start);
    while let Some(id) = stack.pop() {
        if !set.insert(id) {
            continue;
        }
        match nfa.state(id) {
            State::Match { .. } => return true,
            State::Union { alternates } => stack.extend(alternates.iter().rev()),
            State::BinaryUnion { alt1, alt2 } => {
                stack.push(*alt2);
                stack.push(*alt1);
            }
            State::Look { look: which, next } => {
                if look.matches(*which, haystack, at) {
                    stack.push(*next);
                }
            }
            State::Capture { next, .. } => stack.push(*next),
            State::ByteRange { .. } | State::Sparse(_) | State::Dense(_) | State::Fail => {}
        }
    }
    false
}

/// A set of NFA states with constant-time insertion, membership and clearing.
struct StateSet {
    /// The members, in insertion order.
    dense: Vec<StateID>,
    /// For each state, its index in `dense` when it is a member.
    sparse: Vec<u32>,
}

impl StateSet {
    fn new(capacity: usize) -> StateSet {
        StateSet {
            dense: Vec::with_capacity(capacity),
            sparse: vec![0; capacity],
        }
    }

    fn contains(&self, id: StateID) -> bool {
        let i = self.sparse[id.as_usize()] as usize;
        i < self.dense.len() && self.dense[i] == id
    }

    /// Adds `id`; `false` when it was already there.
    fn insert(&mut self, id: StateID) -> bool {
        if self.contains(id) {
            return false;
        }
        self.sparse[id.as_usize()] = self.dense.len() as u32;
        self.dense.push(id);
        true
    }

    fn len(&self) -> usize {
        self.dense.len()
    }

    fn get(&self, i: usize) -> StateID {
        self.dense[i]
    }

    fn clear(&mut self) {
        self.dense.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search this module replaces: `rest` tried from each position where it matches.
    fn by_positions(rest: &str, negative: bool, alternatives: &[&str], haystack: &str) -> bool {
        let regex = regex::Regex::new(rest).unwrap();
        let mut at = 0;
        while let Some(found) = regex.find_at(haystack, at) {
            let before = &haystack[..found.start()];
            let seen = alternatives.iter().any(|alt| before.ends_with(alt));
            if seen != negative {
                return true;
            }
            match haystack[found.start()..].chars().next() {
                Some(c) => at = found.start() + c.len_utf8(),
                None => return false,
            }
        }
        false
    }

    #[test]
    fn answers_as_trying_each_position() {
        let rests = [
            "versal",
            "x",
            "a*c",
            r"[a/]*c",
            "^a",
            "a$",
            r"\bfoo",
            r"foo\b",
            "",
            "(?x) a b # comment",
            "é",
            ".",
            r"\d+/",
            "(?i)VERSAL",
        ];
        let alternatives: [&[&str]; 6] = [
            &["uni"],
            &["a/", "b/"],
            &[""],
            &["é", "x"],
            &["aa"],
            &["c", "ac"],
        ];
        let haystacks = [
            "",
            "arch/versal.c",
            "arch/universal.c",
            "universal/versal.c",
            "b/x.c",
            "c/x.c",
            "aaaac",
            "ba/aa/c",
            "a",
            "éa/xé/é.c",
            "foo/barfoo",
            "12/ab34/",
            "xab",
            "aac",
        ];
        let mut matched = 0;
        for rest in rests {
            for alts in alternatives {
                let owned: Vec<String> = alts.iter().map(|s| s.to_string()).collect();
                for negative in [false, true] {
                    let fast = LookBehindRegex::new(rest, negative, &owned, 1 << 20).unwrap();
                    for haystack in haystacks {
                        let expected = by_positions(rest, negative, alts, haystack);
                        assert_eq!(
                            fast.is_match(haystack),
                            expected,
                            "{rest:?} negative={negative} {alts:?} on {haystack:?}"
                        );
                        matched += usize::from(expected);
                    }
                }
            }
        }
        // Both answers occur often enough for the comparison to mean something.
        assert!(matched > 300, "{matched}");
    }

    /// The shape that took minutes: `rest` matches from every position of a long path, and
    /// the look-behind holds at none of them but the last.
    #[test]
    fn long_paths_are_one_pass() {
        let fast = LookBehindRegex::new(r"[a/0-9]*c", false, &["b".to_string()], 1 << 20).unwrap();
        let path = format!("{}c", "a/".repeat(50_000));
        assert!(!fast.is_match(&path));
        let path = format!("{}bc", "a/".repeat(50_000));
        assert!(fast.is_match(&path));
    }
}
