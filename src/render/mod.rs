//! Renderers: each turns the same diagnostics into one output format. They write to a string
//! or writer and never print or exit themselves.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{LineCol, SourceFile};

/// Counts shown at the end of every report.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    /// Tracked files checked.
    pub files: usize,
    /// Ownership files read.
    pub ownership_files: usize,
    /// Tracked files left out (vendored, generated, excluded).
    pub excluded: usize,
    /// Findings hidden because the baseline (`--baseline`) holds them.
    pub baselined: usize,
    /// Findings hidden by `ownlint: ignore[...]` comments.
    pub suppressed: usize,
}

/// The sources diagnostics may point into, by path.
pub type Sources<'a> = BTreeMap<&'a str, &'a SourceFile>;

/// How many findings of each severity.
pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// Where a finding points: the 1-based start and end (exclusive) of its span, when it has one in
/// a known source.
pub fn position(diagnostic: &Diagnostic, sources: &Sources) -> Option<(LineCol, LineCol)> {
    let source = sources.get(diagnostic.file.as_deref()?)?;
    let span = diagnostic.span?;
    Some((source.line_col(span.start), source.line_col(span.end)))
}

/// Makes untrusted text safe for a terminal: control characters (escape sequences, carriage
/// returns, bidirectional overrides) are shown as `\u{…}` escapes instead of being interpreted.
pub fn escape_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_dangerous(c) && c != '\n' && c != '\t' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Like [`escape_terminal`] for a whole file shown as context, but keeping every byte offset:
/// each dangerous character becomes printable characters of the same UTF-8 length.
pub fn mask_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_dangerous(c) && c != '\n' && c != '\t' {
            match c.len_utf8() {
                1 => out.push('?'),
                2 => out.push('¿'),
                3 => out.push('\u{fffd}'),
                n => out.extend(std::iter::repeat_n('?', n)),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_sequences() {
        assert_eq!(escape_terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape_terminal("x\u{202e}y"), "x\\u{202e}y");
        let masked = mask_terminal("a\u{1b}b\u{85}c\u{202e}d\n");
        assert_eq!(masked.len(), "a\u{1b}b\u{85}c\u{202e}d\n".len());
        assert!(!masked.chars().any(is_dangerous_but_newline));
    }

    fn is_dangerous_but_newline(c: char) -> bool {
        c != '\n' && is_dangerous(c)
    }
}
