//! Which paths are vendored or generated: `.gitattributes` `linguist-vendored` and
//! `linguist-generated` (as GitHub's linguist reads them), plus the directories that are
//! vendored by convention (`vendor/`, `third_party/`, `node_modules/`).
//!
//! The attributes are read from the same revision as everything else, so `--rev` gives the
//! same answer on any machine; git's global attribute files are not consulted.
//!
//! Each file's patterns are globs (globset's syntax, a pattern without a slash matching at any
//! depth) matched through a [`GlobList`], and the files are found by the path's directories in
//! a [`PrefixIndex`]: hundreds of wildcard patterns, or thousands of `.gitattributes` files,
//! cost a path little more than a few.

use globset::GlobBuilder;

use crate::globs::GlobList;
use crate::prefix_index::PrefixIndex;

/// Directory names whose contents are left out by default, at any depth.
pub const VENDORED_DIRS: &[&str] = &["vendor", "third_party", "node_modules"];

/// One `.gitattributes` file's rules that touch the linguist attributes.
struct AttributesFile {
    /// Directory of the file, `""` for the root, else ending in `/`.
    dir: String,
    globs: GlobList,
    /// Per glob of `globs`: whether it marks paths vendored/generated (`true`) or not (`false`).
    values: Vec<bool>,
}

/// The vendored/generated verdicts of every `.gitattributes` of a revision.
pub struct Attributes {
    files: Vec<AttributesFile>,
    /// Lines left out because the [pattern budget](crate::pattern_budget) could not pay for
    /// their glob: the file, the 1-based line and why.
    pub over_budget: Vec<(String, usize, String)>,
    /// Each file by its directory.
    by_dir: PrefixIndex<usize>,
}

impl Attributes {
    /// Reads `(path, content)` pairs of `.gitattributes` files. Lines that do not compile are
    /// skipped, as git skips them; lines the pattern budget cannot pay for are skipped and
    /// listed in `over_budget`.
    pub fn new(files: &[(String, String)]) -> Attributes {
        let mut over_budget = Vec::new();
        let files: Vec<AttributesFile> = files
            .iter()
            .filter_map(|(path, text)| parse(path, text, &mut over_budget))
            .collect();
        let mut by_dir = PrefixIndex::default();
        for (i, file) in files.iter().enumerate() {
            by_dir.insert(&file.dir, i);
        }
        Attributes {
            files,
            over_budget,
            by_dir,
        }
    }

    /// Whether `path` is vendored or generated: the last matching attribute wins (deeper files
    /// over shallower ones), and without one, the conventional vendored directories decide.
    pub fn is_vendored(&self, path: &str) -> bool {
        let mut verdict = None;
        // The files of the path's directories, shallower first: deeper ones take precedence,
        // as in git.
        self.by_dir.prefixes_of(path, |len, files| {
            for &i in files {
                let file = &self.files[i];
                if let Some(last) = file.globs.last_match(&path[len..]) {
                    verdict = Some(file.values[last]);
                }
            }
        });
        verdict.unwrap_or_else(|| in_vendored_dir(path))
    }
}

/// Whether a path lies under one of [`VENDORED_DIRS`].
pub fn in_vendored_dir(path: &str) -> bool {
    // Runs for every file of the revision: split the directory part as bytes, which is several
    // times faster than `str::split('/')`.
    let Some(end) = memchr::memrchr(b'/', path.as_bytes()) else {
        return false;
    };
    path.as_bytes()[..end]
        .split(|&b| b == b'/')
        .any(|part| VENDORED_DIRS.iter().any(|dir| dir.as_bytes() == part))
}

fn parse(
    path: &str,
    text: &str,
    over_budget: &mut Vec<(String, usize, String)>,
) -> Option<AttributesFile> {
    let dir = match path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => String::new(),
    };
    let mut globs = Vec::new();
    let mut values = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split_whitespace();
        let Some(pattern) = fields.next() else {
            continue;
        };
        let mut value = None;
        for attribute in fields {
            if let Some(v) = linguist_value(attribute) {
                value = Some(v);
            }
        }
        let Some(value) = value else { continue };
        // A pattern with a slash (other than a trailing one) is anchored at the file's
        // directory; one without matches at any depth below it.
        let pattern = pattern.trim_end_matches('/');
        let glob = if pattern.contains('/') {
            pattern.trim_start_matches('/').to_string()
        } else {
            format!("**/{pattern}")
        };
        if let Ok(compiled) = GlobBuilder::new(&glob).literal_separator(true).build() {
            if let Err(problem) = crate::pattern_budget::charge_glob(&compiled) {
                over_budget.push((path.to_string(), number + 1, problem.to_string()));
                continue;
            }
            globs.push(compiled);
            values.push(value);
        }
    }
    if values.is_empty() {
        return None;
    }
    Some(AttributesFile {
        dir,
        globs: GlobList::new(&globs),
        values,
    })
}

/// `Some(true)` when an attribute token marks a path vendored/generated, `Some(false)` when it
/// clears that, `None` when it is about something else.
fn linguist_value(token: &str) -> Option<bool> {
    const NAMES: [&str; 2] = ["linguist-vendored", "linguist-generated"];
    let (negated, token) = match token.strip_prefix('-').or_else(|| token.strip_prefix('!')) {
        Some(rest) => (true, rest),
        None => (false, token),
    };
    let (name, value) = match token.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (token, None),
    };
    if !NAMES.contains(&name) {
        return None;
    }
    if negated {
        return Some(false);
    }
    Some(match value {
        None => true,
        Some(v) => matches!(v.to_ascii_lowercase().as_str(), "true" | "set" | "1"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-wise split agrees with splitting the text at every `/` but the last.
    #[test]
    fn vendored_dirs_are_whole_directory_components() {
        let by_text = |path: &str| {
            let mut parts = path.split('/');
            parts.next_back();
            parts.any(|part| VENDORED_DIRS.contains(&part))
        };
        for path in [
            "",
            "vendor",
            "vendor/",
            "vendor/a.go",
            "a/vendor/b",
            "a/vendored/b",
            "a/xvendor/b",
            "third_party/x",
            "a/node_modules/b/c",
            "a/b/vendor",
            "/vendor/a",
            "a//vendor/b",
            "é/vendor/ü",
            "node_modules",
        ] {
            assert_eq!(in_vendored_dir(path), by_text(path), "{path:?}");
        }
        assert!(in_vendored_dir("a/vendor/b"));
        assert!(!in_vendored_dir("a/b/vendor"));
    }

    fn attrs(files: &[(&str, &str)]) -> Attributes {
        Attributes::new(
            &files
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn conventional_directories_are_vendored_at_any_depth() {
        let a = attrs(&[]);
        assert!(a.is_vendored("vendor/x.go"));
        assert!(a.is_vendored("sub/node_modules/y/z.js"));
        assert!(!a.is_vendored("src/vendor.go"));
        assert!(!a.is_vendored("vendor"));
    }

    #[test]
    fn attributes_mark_and_unmark() {
        let a = attrs(&[
            (
                ".gitattributes",
                "gen/** linguist-generated\n*.pb.go linguist-generated=true\nvendor/ours/** -linguist-vendored\n",
            ),
            ("lib/.gitattributes", "*.min.js linguist-vendored\n"),
        ]);
        assert!(a.is_vendored("gen/a/b.txt"));
        assert!(a.is_vendored("api/x.pb.go"));
        assert!(!a.is_vendored("vendor/ours/code.go"));
        assert!(a.is_vendored("vendor/theirs/code.go"));
        assert!(a.is_vendored("lib/deep/app.min.js"));
        assert!(!a.is_vendored("app.min.js"));
    }

    #[test]
    fn later_lines_win() {
        let a = attrs(&[(
            ".gitattributes",
            "docs/** linguist-generated\ndocs/keep.md linguist-generated=false\n",
        )]);
        assert!(a.is_vendored("docs/x.md"));
        assert!(!a.is_vendored("docs/keep.md"));
    }
}
