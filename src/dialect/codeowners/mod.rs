//! CODEOWNERS as GitHub and GitLab read it: the parser, the matcher (each platform's pattern
//! semantics), the pattern system (last match wins) and the choice of the platform and of the
//! one file it reads.

pub mod host;
pub mod matcher;
pub mod model;
pub mod parse;
pub mod system;

pub use model::*;
pub use parse::*;

/// A CODEOWNERS text from pattern lines for property tests: section headers (`[S]`, `^[T]`)
/// as they are, every other line given an owner.
#[cfg(test)]
pub(crate) fn text_of_lines(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|l| {
            if l.starts_with('[') || l.starts_with('^') {
                format!("{l}\n")
            } else {
                format!("{l} @o\n")
            }
        })
        .collect()
}
