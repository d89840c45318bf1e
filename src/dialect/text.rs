//! What the dialects' parsers share: bytes decoded as text (lossily for the line-based
//! dialects, strictly for YAML) and YAML loaded with its unknown keys reported.

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
) -> Option<T>
where
    T: for<'de> serde::Deserialize<'de>,
{
    match yaml::load_typed::<T>(source) {
        Ok((typed, node)) => {
            // Without a tree, `T` used every key, and the schema (derived from `T`) allows them.
            if let Some(node) = node {
                report_unknown_keys(source, &node, schema, out);
            }
            Some(typed)
        }
        Err(error) => {
            // Unknown keys are still worth reporting when only the types are wrong.
            if let Ok((_, node)) = yaml::load::<Node>(source) {
                report_unknown_keys(source, &node, schema, out);
            }
            out.push(yaml_error(source, error));
            None
        }
    }
}

fn report_unknown_keys(
    source: &SourceFile,
    node: &Sp<Node>,
    schema: &serde_json::Value,
    out: &mut Vec<Diagnostic>,
) {
    for unknown in yaml::unknown_keys(node, schema) {
        out.push(unknown_field::diagnostic(source, &unknown));
    }
}

/// Reads raw bytes as text for a line-based format (CODEOWNERS, plain-text OWNERS,
/// MAINTAINERS): a BOM is dropped, and invalid UTF-8 is replaced (and reported at its place) so
/// that the other lines are still read.
///
/// The diagnostic's span is in the text returned, where the first invalid sequence became
/// U+FFFD (the whole replacement character, so that every output can cut the text there); its
/// message gives the offset of the invalid byte in the file as stored, BOM included.
pub fn decode_lossy(path: &str, bytes: &[u8], out: &mut Vec<Diagnostic>) -> String {
    let without_bom = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let bom = bytes.len() - without_bom.len();
    match std::str::from_utf8(without_bom) {
        Ok(text) => text.to_string(),
        Err(error) => {
            let at = error.valid_up_to();
            let in_file = at + bom;
            let replaced = at + char::REPLACEMENT_CHARACTER.len_utf8();
            out.push(
                Diagnostic::new(
                    parse_error::RULE.name,
                    format!("{path} is not valid UTF-8 (invalid byte at offset {in_file}); invalid bytes are read as U+FFFD"),
                )
                .at(path, crate::source::Span::new(at, replaced))
                .label("invalid UTF-8")
                .help("ownership files must be UTF-8 text"),
            );
            String::from_utf8_lossy(without_bom).into_owned()
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

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use proptest::prelude::*;

    use super::*;
    use crate::config::ConfigDoc;
    use crate::dialect::owners::OwnersDoc;
    use crate::dialect::owners::aliases::AliasesDoc;
    use crate::schema;

    /// What `load_yaml` reported when it always parsed twice (typed, then a generic tree for
    /// the unknown keys): the reference that parsing once must match.
    fn parsed_twice<T>(
        source: &SourceFile,
        schema: &serde_json::Value,
    ) -> (Option<String>, Vec<Diagnostic>)
    where
        T: for<'de> serde::Deserialize<'de> + Debug,
    {
        let mut out = Vec::new();
        match yaml::load::<T>(source) {
            Ok((typed, node)) => {
                report_unknown_keys(source, &node, schema, &mut out);
                (Some(format!("{typed:?}")), out)
            }
            Err(error) => {
                if let Ok((_, node)) = yaml::load::<Node>(source) {
                    report_unknown_keys(source, &node, schema, &mut out);
                }
                out.push(yaml_error(source, error));
                (None, out)
            }
        }
    }

    fn parsed_once<T>(
        source: &SourceFile,
        schema: &serde_json::Value,
    ) -> (Option<String>, Vec<Diagnostic>)
    where
        T: for<'de> serde::Deserialize<'de> + Debug,
    {
        let mut out = Vec::new();
        let typed = load_yaml::<T>(source, schema, &mut out);
        (typed.map(|t| format!("{t:?}")), out)
    }

    fn same_as_parsing_twice(text: &str) {
        let source = SourceFile::new("pkg/OWNERS", text);
        assert_eq!(
            parsed_once::<OwnersDoc>(&source, schema::owners()),
            parsed_twice::<OwnersDoc>(&source, schema::owners()),
            "OWNERS {text:?}"
        );
        assert_eq!(
            parsed_once::<AliasesDoc>(&source, schema::aliases()),
            parsed_twice::<AliasesDoc>(&source, schema::aliases()),
            "OWNERS_ALIASES {text:?}"
        );
        assert_eq!(
            parsed_once::<ConfigDoc>(&source, schema::config()),
            parsed_twice::<ConfigDoc>(&source, schema::config()),
            "config {text:?}"
        );
    }

    #[test]
    fn invalid_utf8_is_located_on_its_replacement_and_by_its_offset_in_the_file() {
        // Found by fuzzing: the span ended one byte into U+FFFD (a span inside a character,
        // shown as an empty range), and with a BOM the offset named the wrong byte.
        for (bytes, offset) in [(&b"\x80* @alice\n"[..], 0), (b"\xef\xbb\xbfa @b\n\xc3(", 8)] {
            let mut out = Vec::new();
            let text = decode_lossy("CODEOWNERS", bytes, &mut out);
            let span = out[0].span.unwrap();
            assert_eq!(&text[span.start..span.end], "\u{fffd}", "{bytes:?}");
            assert!(
                out[0].message.contains(&format!("offset {offset})")),
                "{}",
                out[0].message
            );
        }
    }

    #[test]
    fn known_keys_need_no_generic_tree() {
        let source = SourceFile::new(
            "OWNERS",
            "approvers: [alice]\nreviewers:\n  - bob\noptions: {no_parent_owners: true}\nowner: alice\n",
        );
        let (_, node) = yaml::load_typed::<OwnersDoc>(&source).unwrap();
        assert!(node.is_none());
    }

    #[test]
    fn maps_keyed_by_spans_are_read_as_before() {
        for text in [
            "filters:\n  '.*': {reviewers: [bob]}\n  '\\.go$': {approvers: [carol]}\n",
            "filters:\n  '.*': {reviewers: [bob], bogus: 1}\n",
            "aliases:\n  team: [a, b]\n",
            "approvers: [a]\n__serde_saphyr_private_spanned: 1\n",
        ] {
            same_as_parsing_twice(text);
        }
    }

    #[test]
    fn unknown_keys_at_any_depth_are_found_as_before() {
        for text in [
            "approvers: [alice]\napprover: [bob]\n",
            "options: {no_parent_owner: true}\n",
            "filters:\n  '.*':\n    approvers: [a]\n    aprovers: [b]\n",
            "aliases:\n  team: [a]\nextra: 1\n",
            "\u{feff}approvers: [alice]\nlables: [x]\n",
            "history: {stale_after: 10d, stale_afterr: 1}\n",
            "1: x\ntrue: y\n~: z\n",
        ] {
            let source = SourceFile::new("OWNERS", text);
            let parsed = yaml::load_typed::<OwnersDoc>(&source);
            assert!(!matches!(parsed, Ok((_, None))), "{text:?}");
            same_as_parsing_twice(text);
        }
    }

    #[test]
    fn values_spans_and_errors_are_those_of_parsing_twice() {
        for text in [
            "",
            "  \n",
            "~\n",
            "approvers:\n  - alice\n  - bob # x\nreviewers: [carol]\nowner: [a, b]\n",
            "\u{feff}approvers: [alice]\n",
            "approvers: alice\n",
            "approvers: [alice\n",
            "owner: {a: 1}\nbogus: 2\n",
            "options: {no_parent_owners: maybe}\nother: 1\n",
            "- a\n- b\n",
            "approvers: &x [a]\nreviewers: *x\n",
            "approvers: *missing\n",
            "a: 1\na: 2\n",
            "reviewed: 2024-02-30\n",
        ] {
            same_as_parsing_twice(text);
        }
    }

    fn yaml_doc() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            Just("approvers".to_string()),
            Just("reviewers".to_string()),
            Just("owner".to_string()),
            Just("filters".to_string()),
            Just("options".to_string()),
            Just("no_parent_owners".to_string()),
            Just("aliases".to_string()),
            Just("labels".to_string()),
            Just("history".to_string()),
            "[a-z_]{1,8}",
        ];
        let scalar = prop_oneof![
            "[a-z0-9_@.-]{0,8}",
            Just("true".to_string()),
            Just("~".to_string()),
            Just("&x [a, *x]".to_string()),
            Just("{".to_string()),
        ];
        let value = scalar.prop_recursive(3, 24, 4, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4)
                    .prop_map(|items| format!("[{}]", items.join(", "))),
                prop::collection::vec((key.clone(), inner), 0..4).prop_map(|entries| {
                    let body: Vec<String> = entries
                        .into_iter()
                        .map(|(k, v)| format!("{k}: {v}"))
                        .collect();
                    format!("{{{}}}", body.join(", "))
                }),
            ]
        });
        let top = prop_oneof![
            Just("approvers"),
            Just("reviewers"),
            Just("filters"),
            Just("owner"),
            Just("aliases"),
            Just("options"),
            Just("history"),
            Just("x")
        ];
        prop::collection::vec((top, value), 0..6).prop_map(|entries| {
            entries
                .into_iter()
                .map(|(k, v)| format!("{k}: {v}\n"))
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn parsing_once_reports_what_parsing_twice_did(doc in yaml_doc()) {
            same_as_parsing_twice(&doc);
        }
    }
}
