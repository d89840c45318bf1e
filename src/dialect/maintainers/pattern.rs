//! The patterns of a maintainers file compiled and checked: globs (`F:`/`X:`, Zephyr `files`)
//! through [`crate::dialect::glob`], and path regexes (`N:`, Zephyr `files-regex`) with their
//! leading look-behind.

use regex::{Regex, RegexBuilder};

use super::look_behind::LookBehindRegex;
use super::matcher::literal_key;
use crate::dialect::{Dialect, glob};

/// Patterns and regexes come from repository files: bound their compiled size.
pub(super) const MAX_REGEX_BYTES: usize = 1 << 20;

/// Shortens untrusted text for a message.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// A path regex (`N:`, Zephyr `files-regex`). Linux reads `N:` with Perl's `/x` flag
/// (whitespace and `#` comments ignored), Zephyr with Python's defaults. The `regex` crate has no
/// look-around; a leading look-behind on literal text (`(?<!uni)versal`, as U-Boot writes) is
/// searched by [`LookBehindRegex`], in one pass over the path. Other look-arounds do not compile
/// and are reported.
#[derive(Debug)]
pub(super) struct PathRegex {
    /// The expression without its leading look-behind.
    regex: Regex,
    /// The expression behind its look-behind, when it has one.
    pub(super) behind: Option<LookBehindRegex>,
}

/// `(?<=a|b)` (`negative: false`) or `(?<!a|b)` on literal alternatives.
#[derive(Debug)]
pub(super) struct LookBehind {
    negative: bool,
    alternatives: Vec<String>,
}

impl PathRegex {
    /// The regex source (without the look-behind) and the look-behind, if any.
    pub(super) fn parts(pattern: &str, dialect: Dialect) -> (String, Option<LookBehind>) {
        let linux = dialect == Dialect::Maintainers;
        let flags = if linux { "(?x)" } else { "" };
        let body = if linux { pattern.trim_start() } else { pattern };
        let parsed = [("(?<!", true), ("(?<=", false)]
            .iter()
            .find_map(|&(open, negative)| {
                let inner = body.strip_prefix(open)?;
                let close = inner.find(')')?;
                let alternatives = inner[..close]
                    .split('|')
                    .map(|alt| literal_text(alt, linux))
                    .collect::<Option<Vec<_>>>()?;
                Some((
                    &inner[close + 1..],
                    LookBehind {
                        negative,
                        alternatives,
                    },
                ))
            });
        match parsed {
            Some((rest, behind)) => (format!("{flags}{rest}"), Some(behind)),
            None => (format!("{flags}{pattern}"), None),
        }
    }

    pub(super) fn new(pattern: &str, dialect: Dialect) -> Result<PathRegex, String> {
        let (source, behind) = Self::parts(pattern, dialect);
        let regex = compile(&source)?;
        let behind = match behind {
            Some(behind) => Some(LookBehindRegex::new(
                &source,
                behind.negative,
                &behind.alternatives,
                MAX_REGEX_BYTES,
            )?),
            None => None,
        };
        Ok(PathRegex { regex, behind })
    }

    pub(super) fn is_match(&self, path: &str) -> bool {
        match &self.behind {
            Some(behind) => behind.is_match(path),
            None => self.regex.is_match(path),
        }
    }
}

/// The literal text of a regex fragment without metacharacters (`\` escapes allowed; in `/x`
/// mode whitespace is ignored), or `None`.
fn literal_text(fragment: &str, extended: bool) -> Option<String> {
    let mut out = String::new();
    let mut chars = fragment.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next()?;
                if next.is_alphanumeric() {
                    return None;
                }
                out.push(next);
            }
            c if extended && c.is_whitespace() => {}
            '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '^' | '$' | '#' => {
                return None;
            }
            c => out.push(c),
        }
    }
    Some(out)
}

pub(super) fn compile(source: &str) -> Result<Regex, String> {
    RegexBuilder::new(source)
        .size_limit(MAX_REGEX_BYTES)
        .build()
        .map_err(|e| {
            let text = e.to_string();
            text.lines().last().unwrap_or("invalid").trim().to_string()
        })
}

/// Checks a file pattern; `Err` says why it cannot be used. (The translation escapes every
/// literal and closes every class, so what translates compiles.) A pattern with wildcards is
/// compiled by the matcher and kept for the run: its compiled size is charged to the
/// [pattern budget](crate::pattern_budget) here, where it can be reported.
pub(crate) fn check_glob(pattern: &str, dialect: Dialect) -> Result<(), String> {
    let source = glob::maintainers_regex(pattern, dialect)?;
    if literal_key(pattern).1 {
        crate::pattern_budget::charge(&source, MAX_REGEX_BYTES).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Checks a path regex; `Err` says why it does not compile. The matcher compiles it again and
/// keeps it: its compiled size is charged to the [pattern budget](crate::pattern_budget) here.
pub(crate) fn check_regex(pattern: &str, dialect: Dialect) -> Result<(), String> {
    let (source, _) = PathRegex::parts(pattern, dialect);
    // The budget first: a pattern past it costs only its measurement.
    if let Err(over @ crate::pattern_budget::PatternError::OverBudget(_)) =
        crate::pattern_budget::charge(&source, MAX_REGEX_BYTES)
    {
        return Err(over.to_string());
    }
    PathRegex::new(pattern, dialect).map(|_| ())
}
