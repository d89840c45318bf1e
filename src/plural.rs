//! Counted nouns in messages: `1 change`, `2 changes`, never `1 changes`.
//!
//! Every message that writes a number before a noun writes both with [`count`] (or the noun
//! alone with [`noun`], when the number is formatted apart), so the noun agrees with the number
//! wherever the message is built. The singular and plural are both written out by the caller
//! rather than derived from the singular: a handful of fixed English nouns do not need a
//! pluralisation crate's rules, and `person`/`people` would defeat a suffix rule. The unit test
//! below scans ownlint's own sources for a number placeholder written straight before a plural
//! noun, so that a new message cannot bring the mistake back.

use std::fmt::Display;

/// A number a message may count with.
pub trait Number: Copy + Display {
    /// Whether the number is exactly one (the only count English writes in the singular).
    fn is_one(self) -> bool;
}

macro_rules! number {
    ($($t:ty),*) => {
        $(impl Number for $t {
            fn is_one(self) -> bool {
                self == 1
            }
        })*
    };
}

number!(u8, u16, u32, u64, usize, i32, i64);

/// `n` followed by `one` when it is 1, else by `many`: `count(1, "day", "days")` is `1 day`.
pub fn count(n: impl Number, one: &str, many: &str) -> String {
    format!("{n} {}", noun(n, one, many))
}

/// The form of a noun that agrees with `n`: `one` when it is 1, else `many`.
pub fn noun<'a>(n: impl Number, one: &'a str, many: &'a str) -> &'a str {
    if n.is_one() { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1usize, "change", "changes"), "1 change");
        assert_eq!(count(2usize, "change", "changes"), "2 changes");
        assert_eq!(count(0u64, "warning", "warnings"), "0 warnings");
        assert_eq!(count(1i64, "person", "people"), "1 person");
        assert_eq!(count(-1i64, "day", "days"), "-1 days");
        assert_eq!(noun(1u32, "file", "files"), "file");
    }

    /// Nouns that messages count. A placeholder written straight before one of them (`{} days`,
    /// `{n} other files`) is a message that says "1 days" when the number is 1.
    const COUNTED: &[&str] = &[
        "areas",
        "bytes",
        "changes",
        "commits",
        "days",
        "entries",
        "errors",
        "files",
        "findings",
        "includes",
        "infos",
        "items",
        "lines",
        "owners",
        "patterns",
        "people",
        "places",
        "repositories",
        "rules",
        "sections",
        "warnings",
    ];

    /// Words that may stand between a count and its noun (`{} other files`).
    const QUALIFIERS: &[&str] = &["more", "new", "other", "ownership", "tracked", "unowned"];

    /// A placeholder with an optional qualifier and a counted noun: `{} files`, `{n} other
    /// files`. A placeholder naming a constant (`{MAX_DEPTH}`) is a fixed number, never 1.
    fn plural_after_placeholder(line: &str) -> Option<String> {
        let mut rest = line;
        while let Some(open) = rest.find('{') {
            let after_open = &rest[open + 1..];
            let Some(close) = after_open.find('}') else {
                break;
            };
            let name = &after_open[..close];
            let tail = &after_open[close + 1..];
            rest = tail;
            let is_constant = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
            if name.contains(['{', '"', ' ']) || is_constant {
                continue;
            }
            let Some(words) = tail.strip_prefix(' ') else {
                continue;
            };
            let words: Vec<&str> = words
                .split(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
                .take(2)
                .collect();
            let counted = |w: &str| COUNTED.contains(&w);
            let qualified = words.len() == 2 && QUALIFIERS.contains(&words[0]);
            if words.first().is_some_and(|w| counted(w)) || (qualified && counted(words[1])) {
                return Some(format!("{{{name}}} {}", words.join(" ")));
            }
        }
        None
    }

    #[test]
    fn the_scan_finds_a_count_before_a_plural_and_nothing_else() {
        assert!(plural_after_placeholder(r#"format!("{} days ago", n)"#).is_some());
        assert!(plural_after_placeholder(r#"format!(" and {} other files", n)"#).is_some());
        assert!(plural_after_placeholder(r#"format!("{n} commits")"#).is_some());
        assert!(plural_after_placeholder(r#"format!("{}", count(n, "day", "days"))"#).is_none());
        assert!(plural_after_placeholder(r#"format!("{MAX} bytes")"#).is_none());
        assert!(plural_after_placeholder(r#"format!("`{}` matches nobody", n)"#).is_none());
        assert!(plural_after_placeholder(r#"format!("so {} become owners", l)"#).is_none());
    }

    /// Every message of ownlint (its sources outside test modules) counts through [`count`] or
    /// [`noun`]: none writes a number placeholder straight before a plural noun.
    #[test]
    fn no_message_writes_a_number_before_a_fixed_plural() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut dirs = vec![root];
        let mut found = Vec::new();
        let mut scanned = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") || path.ends_with("plural.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                scanned += 1;
                for (n, line) in code.lines().enumerate() {
                    if line.trim_start().starts_with("//") {
                        continue;
                    }
                    if let Some(hit) = plural_after_placeholder(line) {
                        found.push(format!("{}:{}: {hit}", path.display(), n + 1));
                    }
                }
            }
        }
        assert!(scanned > 50, "only {scanned} source files found");
        assert!(
            found.is_empty(),
            "messages that say \"1 ...s\" when the count is 1 (use plural::count):\n{}",
            found.join("\n")
        );
    }
}
