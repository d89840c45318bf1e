//! Many globs matched together, with globset's syntax and meaning, in time and memory that grow
//! with their number no faster than the globs themselves.
//!
//! A [`globset::GlobSet`] matches the globs it cannot answer by lookups (any with a wildcard in
//! the middle) through one regex of all of them; a few hundred globs full of `*` and `?` make
//! that regex's DFA thrash and fall back to stepping through every glob at every byte, with
//! caches growing to gigabytes (700 globs in `.gitattributes`: a minute and 3 GB). A
//! [`GlobList`] compiles each glob to the very regex globset uses ([`globset::Glob::regex`])
//! and matches them through a [`RegexIndex`], which searches for each path only the few small
//! sets of globs whose literal text the path contains.

use globset::Glob;

use crate::regex_index::{RegexIndex, Syntax};

/// Compiled size allowed for each set of globs (globset allows 10 MiB for its one regex).
const SIZE_LIMIT: usize = 10 * (1 << 20);

/// Globs matched together; indices are the globs' positions in the list given.
#[derive(Debug, Default)]
pub struct GlobList {
    index: RegexIndex,
}

impl GlobList {
    /// The globs, each matched as globset matches it. A glob whose regex does not compile
    /// (which globset reports when building a set) never matches: see [`GlobList::errors`].
    pub fn new(globs: &[Glob]) -> GlobList {
        let regexes: Vec<&str> = globs.iter().map(Glob::regex).collect();
        let syntax = Syntax {
            // As globset compiles them.
            dot_matches_new_line: true,
            size_limit: SIZE_LIMIT,
        };
        GlobList {
            index: RegexIndex::new(&regexes, syntax),
        }
    }

    /// The globs (by index) whose regex does not compile (too large), with the reason: they
    /// never match.
    pub fn errors(&self) -> &[(usize, String)] {
        self.index.errors()
    }

    /// Whether any glob matches `path`.
    pub fn is_match(&self, path: &str) -> bool {
        self.index.is_match(&candidate(path))
    }

    /// Appends the index of every glob that matches `path`, each once, in no particular order.
    pub fn matches(&self, path: &str, out: &mut Vec<usize>) {
        self.index.matches(&candidate(path), out);
    }

    /// The last glob (the highest index) that matches `path`.
    pub fn last_match(&self, path: &str) -> Option<usize> {
        let mut found = Vec::new();
        self.matches(path, &mut found);
        found.into_iter().max()
    }
}

/// The bytes globset matches a path as (`Candidate::new`): on Windows, with `\` read as `/`.
fn candidate(path: &str) -> std::borrow::Cow<'_, [u8]> {
    if cfg!(windows) && path.contains('\\') {
        std::borrow::Cow::Owned(path.replace('\\', "/").into_bytes())
    } else {
        std::borrow::Cow::Borrowed(path.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use globset::{GlobBuilder, GlobSetBuilder};

    /// The list answers as a `GlobSet` of the same globs, for globs of every strategy globset
    /// has (literals, base names, extensions, prefixes, suffixes, regexes), more than a set of
    /// the index holds.
    #[test]
    fn answers_as_a_globset() {
        let mut patterns: Vec<String> = [
            "README.md",
            "**/README.md",
            "*.rs",
            "**/*.rs",
            "docs/**",
            "**/gen/**",
            "*.min.js",
            "src/*/mod.rs",
            "a?c",
            "[ab]*",
            "{x,y}/*.go",
            "**",
            "*",
            "**/*?*1?*?*/**",
            "**/[a-z]*?1*/**",
            "vendor/ours/**",
            "é/*",
            "*\n*",
        ]
        .map(String::from)
        .to_vec();
        for i in 0..60 {
            patterns.push(format!("**/*{i}*.rb"));
            patterns.push(format!("src/m{i}/**"));
        }
        let globs: Vec<Glob> = patterns
            .iter()
            .map(|p| GlobBuilder::new(p).literal_separator(true).build().unwrap())
            .collect();
        let mut builder = GlobSetBuilder::new();
        for glob in &globs {
            builder.add(glob.clone());
        }
        let set = builder.build().unwrap();
        let list = GlobList::new(&globs);
        let paths = [
            "README.md",
            "docs/README.md",
            "src/main.rs",
            "lib.rs",
            "docs/a/b.txt",
            "x/gen/y.c",
            "app.min.js",
            "src/core/mod.rs",
            "abc",
            "bzz",
            "x/a.go",
            "y/b/c.go",
            "q/w1e/r",
            "vendor/ours/x.go",
            "é/ü",
            "a\nb",
            "src/m12/file13.rb",
            "file44.rb",
            "",
        ];
        let mut matched = 0;
        for path in paths {
            let mut expected = set.matches(path);
            expected.sort_unstable();
            let mut found = Vec::new();
            list.matches(path, &mut found);
            found.sort_unstable();
            assert_eq!(found, expected, "{path:?}");
            assert_eq!(list.is_match(path), set.is_match(path), "{path:?}");
            assert_eq!(list.last_match(path), expected.last().copied(), "{path:?}");
            matched += found.len();
        }
        assert!(matched > 40, "{matched}");
    }
}
