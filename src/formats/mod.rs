//! One parser per ownership dialect; each produces the model with spans and parse diagnostics,
//! and no rule logic.

pub mod aliases;
pub mod chromium;
pub mod codeowners;
pub mod codeowners_match;
pub mod maintainers;
pub mod maintainers_yml;
pub mod owners;

use crate::diagnostics::Diagnostic;
use crate::rules::{parse_error, unknown_field};
use crate::source::SourceFile;
use crate::yaml::{self, Node, Sp, YamlError};

/// The parse diagnostic for a YAML document that could not be read.
pub fn yaml_error(source: &SourceFile, error: YamlError) -> Diagnostic {
    let diagnostic = Diagnostic::new(parse_error::RULE.name, error.message.clone());
    match error.span {
        Some(span) => diagnostic.at(&source.path, span).label(error.message),
        None => diagnostic.in_file(&source.path),
    }
}

/// Reads a YAML document of a format described by `schema`, reporting every unknown key.
pub fn load_yaml<T>(
    source: &SourceFile,
    schema: &serde_json::Value,
    out: &mut Vec<Diagnostic>,
) -> Option<(T, Sp<Node>)>
where
    T: for<'de> serde::Deserialize<'de>,
{
    match yaml::load::<T>(source) {
        Ok((typed, node)) => {
            for unknown in yaml::unknown_keys(&node, schema) {
                out.push(unknown_field::diagnostic(source, &unknown));
            }
            Some((typed, node))
        }
        Err(error) => {
            // Unknown keys are still worth reporting when only the types are wrong.
            if let Ok((_, node)) = yaml::load::<Node>(source) {
                for unknown in yaml::unknown_keys(&node, schema) {
                    out.push(unknown_field::diagnostic(source, &unknown));
                }
            }
            out.push(yaml_error(source, error));
            None
        }
    }
}

/// Reads raw bytes as text for a line-based format (CODEOWNERS, plain-text OWNERS,
/// MAINTAINERS): a BOM is dropped, and invalid UTF-8 is replaced (and reported at its place) so
/// that the other lines are still read.
pub fn decode_lossy(path: &str, bytes: &[u8], out: &mut Vec<Diagnostic>) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(error) => {
            let at = error.valid_up_to();
            out.push(
                Diagnostic::new(
                    parse_error::RULE.name,
                    format!("{path} is not valid UTF-8 (invalid byte at offset {at}); invalid bytes are read as U+FFFD"),
                )
                .at(path, crate::source::Span::new(at, at + 1))
                .label("invalid UTF-8")
                .help("ownership files must be UTF-8 text"),
            );
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

/// Reads raw bytes as text for a YAML format, or reports why they cannot be.
pub fn decode<'a>(path: &str, bytes: &'a [u8], out: &mut Vec<Diagnostic>) -> Option<&'a str> {
    match yaml::decode(bytes) {
        Ok(text) => Some(text),
        Err(error) => {
            let mut d = Diagnostic::new(parse_error::RULE.name, error.message).in_file(path);
            if error.span.is_some() {
                d.help = Some("ownership files must be UTF-8 text".into());
            }
            out.push(d);
            None
        }
    }
}
