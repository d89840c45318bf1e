//! YAML loading shared by every YAML format ownlint reads (OWNERS, OWNERS_ALIASES, the config).
//!
//! A document is read into the format's typed structs (serde derives, with [`Sp`] leaves that
//! keep byte spans) and, when those left some key unused (or always, with [`load`]), into a
//! generic [`Node`] tree whose keys keep their spans, which [`unknown_keys`] walks against the
//! format's JSON Schema so that every unknown key is reported, not just the first. Both reads run under an input budget, so
//! an alias bomb or a huge document is an error, never an exhausted machine.

use std::borrow::Cow;

use schemars::{JsonSchema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_saphyr::{Budget, Options, Spanned};

use crate::source::{SourceFile, Span};

/// Ownership and configuration files larger than this are not parsed.
pub const MAX_YAML_BYTES: usize = 1024 * 1024;

/// A value with the byte span of the YAML node it came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        let span = spanned.referenced.span();
        let start = span.byte_offset().unwrap_or(0) as usize;
        let len = span.byte_len().unwrap_or(0) as usize;
        Ok(Sp {
            value: spanned.value,
            span: Span::new(start, start + len),
        })
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// A generic YAML node: enough structure to find keys and their spans.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Scalar(String),
    Seq(Vec<Sp<Node>>),
    Map(Vec<(Sp<String>, Sp<Node>)>),
}

impl Node {
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "nothing",
            Node::Scalar(_) => "a scalar",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Node, D2::Error> {
                Node::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
                Ok(Node::Scalar(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = access.next_element()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = access.next_key::<Sp<KeyText>>()? {
                    let value = access.next_value()?;
                    entries.push((
                        Sp {
                            value: key.value.0,
                            span: key.span,
                        },
                        value,
                    ));
                }
                Ok(Node::Map(entries))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// A mapping key read as text whatever its YAML type (`1:`, `true:`, `null:` are keys too).
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(KeyText(match Node::deserialize(deserializer)? {
            Node::Scalar(s) => s,
            Node::Null => String::new(),
            other => format!("<{}>", other.kind()),
        }))
    }
}

/// Why a YAML document could not be read: a message and, where known, the byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub span: Option<Span>,
}

fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_events = 200_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_recorded_anchor_events = 100_000;
    budget.max_recorded_anchor_bytes = 4 * 1024 * 1024;
    budget.max_nodes = 100_000;
    budget.max_depth = 32;
    budget.max_documents = 1;
    let mut options = Options::default();
    options.budget = Some(budget);
    options
}

/// Turns a file's raw bytes into text, or says why it cannot be read as YAML.
pub fn decode(bytes: &[u8]) -> Result<&str, YamlError> {
    if bytes.len() > MAX_YAML_BYTES {
        return Err(YamlError {
            message: format!(
                "file is {}; ownlint does not parse YAML files over {}",
                crate::plural::count(bytes.len(), "byte", "bytes"),
                crate::plural::count(MAX_YAML_BYTES, "byte", "bytes")
            ),
            span: None,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        YamlError {
            message: format!("file is not valid UTF-8 (invalid byte at offset {at})"),
            span: Some(Span::new(at, at)),
        }
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Reads `source` into `T` and into a generic [`Node`] tree.
pub fn load<T>(source: &SourceFile) -> Result<(T, Sp<Node>), YamlError>
where
    T: for<'de> Deserialize<'de>,
{
    let (skip, body) = body_of(source);
    let node: Sp<Node> = parse(source, body, skip).map_err(|e| shift_error(e, skip))?;
    let typed: T = parse(source, body, skip).map_err(|e| shift_error(e, skip))?;
    Ok((typed, shift_node(node, skip)))
}

/// Reads `source` into `T`, and into a generic [`Node`] tree only when `T` left some key
/// unused (the tree is then needed to find every unknown key and its span). Most documents
/// have none, and are parsed once instead of twice. Results and errors are those of [`load`]
/// (with the tree when one was built).
///
/// `serde_ignored` tracks the unused keys. It needs every mapping key as a string, so a
/// mapping keyed by [`Sp`] values (OWNERS `filters`, OWNERS_ALIASES `aliases`) fails that
/// pass at its first key, as does a document that is not valid for `T`: those are read the
/// way [`load`] reads them, with the same errors.
pub fn load_typed<T>(source: &SourceFile) -> Result<(T, Option<Sp<Node>>), YamlError>
where
    T: for<'de> Deserialize<'de>,
{
    let (skip, body) = body_of(source);
    let span_keys = span_keys();
    // A document that uses the span representation's own keys must not have them ignored.
    if !span_keys.iter().any(|key| body.contains(key.as_str()))
        && let Ok(Noting { value, ignored }) = parse::<Noting<T>>(source, body, skip)
    {
        if ignored.iter().any(|key| !span_keys.contains(key)) {
            let node: Sp<Node> = parse(source, body, skip).map_err(|e| shift_error(e, skip))?;
            return Ok((value, Some(shift_node(node, skip))));
        }
        return Ok((value, None));
    }
    load::<T>(source).map(|(typed, node)| (typed, Some(node)))
}

/// The text the parser reads: a byte-order mark is kept in the source (spans stay true) and
/// skipped by the parser; returns the length skipped and the rest.
fn body_of(source: &SourceFile) -> (usize, &str) {
    let text = source.text.as_str();
    match text.strip_prefix('\u{feff}') {
        Some(rest) => (text.len() - rest.len(), rest),
        None => (0, text),
    }
}

fn shift_error(error: YamlError, skip: usize) -> YamlError {
    YamlError {
        span: error.span.map(|s| Span::new(s.start + skip, s.end + skip)),
        ..error
    }
}

/// The keys serde-saphyr's [`Spanned`] reads (and ignores) to recognise its own span
/// representation, which are no keys of the document: learned once, by reading a one-key
/// document into a spanned value and noting what was ignored, so that no private name of the
/// crate is written here (if it renames them, this follows).
fn span_keys() -> &'static [String] {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct Probe {
            #[serde(rename = "probe")]
            _probe: Sp<u8>,
        }
        serde_saphyr::from_str_with_options::<Noting<Probe>>("probe: 1", options())
            .map(|noting| noting.ignored)
            .unwrap_or_default()
    })
}

/// A typed value, and what deserializing it ignored: each ignored mapping key, and `"?"` for
/// anything else ignored (a sequence item, a variant).
struct Noting<T> {
    value: T,
    ignored: Vec<String>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Noting<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut ignored: Vec<String> = Vec::new();
        let value = serde_ignored::deserialize(deserializer, |path| {
            let key = match path {
                serde_ignored::Path::Map { key, .. } => key,
                _ => "?".to_string(),
            };
            if !ignored.contains(&key) {
                ignored.push(key);
            }
        })?;
        Ok(Noting { value, ignored })
    }
}

fn parse<T>(source: &SourceFile, body: &str, skip: usize) -> Result<T, YamlError>
where
    T: for<'de> Deserialize<'de>,
{
    if body.trim().is_empty() {
        // An empty document is an empty mapping, as Prow reads it.
        return serde_saphyr::from_str_with_options("{}", options())
            .map_err(|e| error_from(source, e, 0));
    }
    serde_saphyr::from_str_with_options(body, options()).map_err(|e| error_from(source, e, skip))
}

fn error_from(source: &SourceFile, error: serde_saphyr::Error, skip: usize) -> YamlError {
    let location = error.location();
    let rendered = error.without_snippet().to_string();
    let first = rendered.lines().next().unwrap_or("invalid YAML").trim();
    let mut message = first.strip_prefix("error: ").unwrap_or(first);
    if let Some(rest) = message.strip_prefix("line ")
        && let Some(idx) = rest.find(": ")
        && rest[..idx].contains("column")
    {
        message = &rest[idx + 2..];
    }
    let message = message
        .replace(", set DuplicateKeyPolicy in Options if acceptable", "")
        .replace("expected sequence start", "expected a list")
        .replace("expected mapping start", "expected a mapping");
    let span = location.and_then(|loc| {
        let start = match loc.span().byte_offset() {
            Some(b) => b as usize,
            None => {
                // Locations are relative to the parsed body; map line/column through the file.
                let at = source.offset_of(loc.line() as usize, loc.column() as usize)?;
                at.checked_sub(skip)?
            }
        };
        let len = loc.span().byte_len().unwrap_or(0) as usize;
        Some(Span::new(start, start + len))
    });
    YamlError { message, span }
}

fn shift_node(node: Sp<Node>, by: usize) -> Sp<Node> {
    if by == 0 {
        return node;
    }
    let span = Span::new(node.span.start + by, node.span.end + by);
    let value = match node.value {
        Node::Seq(items) => Node::Seq(items.into_iter().map(|n| shift_node(n, by)).collect()),
        Node::Map(entries) => Node::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    (
                        Sp {
                            span: Span::new(k.span.start + by, k.span.end + by),
                            value: k.value,
                        },
                        shift_node(v, by),
                    )
                })
                .collect(),
        ),
        other => other,
    };
    Sp { value, span }
}

/// A key that the format's schema does not allow where it appears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub key: String,
    pub span: Span,
    /// The keys that are allowed there, for a did-you-mean suggestion.
    pub allowed: Vec<String>,
}

/// Walks `node` against a JSON Schema (as generated by [`crate::schema`]) and returns every
/// mapping key the schema does not allow.
pub fn unknown_keys(node: &Sp<Node>, schema: &Value) -> Vec<UnknownKey> {
    let mut out = Vec::new();
    walk(node, schema, schema, &mut out);
    out
}

fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    let mut current = schema;
    for _ in 0..16 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let Some(name) = reference.strip_prefix("#/$defs/") else {
                    return current;
                };
                match root.get("$defs").and_then(|d| d.get(name)) {
                    Some(target) => current = target,
                    None => return current,
                }
            }
            None => return current,
        }
    }
    current
}

/// Picks, among a schema's alternatives (`anyOf` / `oneOf`), the one that fits the node's kind.
fn fitting<'a>(schema: &'a Value, root: &'a Value, node: &Node) -> &'a Value {
    let schema = resolve(schema, root);
    let alternatives = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array);
    let Some(alternatives) = alternatives else {
        return schema;
    };
    let wanted = match node {
        Node::Map(_) => "object",
        Node::Seq(_) => "array",
        _ => return schema,
    };
    for alternative in alternatives {
        let alternative = resolve(alternative, root);
        let types = alternative.get("type");
        let fits = match types {
            Some(Value::String(t)) => t == wanted,
            Some(Value::Array(ts)) => ts.iter().any(|t| t == wanted),
            None => alternative.get("properties").is_some() && wanted == "object",
            _ => false,
        };
        if fits {
            return fitting(alternative, root, node);
        }
    }
    schema
}

fn walk(node: &Sp<Node>, schema: &Value, root: &Value, out: &mut Vec<UnknownKey>) {
    let schema = fitting(schema, root, &node.value);
    match &node.value {
        Node::Map(entries) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            let additional = schema.get("additionalProperties");
            for (key, value) in entries {
                if let Some(sub) = properties.and_then(|p| p.get(&key.value)) {
                    walk(value, sub, root, out);
                } else if let Some(sub) = additional.filter(|a| a.is_object()) {
                    walk(value, sub, root, out);
                } else if additional == Some(&Value::Bool(false)) {
                    out.push(UnknownKey {
                        key: key.value.clone(),
                        span: key.span,
                        allowed: properties
                            .map(|p| p.keys().cloned().collect())
                            .unwrap_or_default(),
                    });
                }
            }
        }
        Node::Seq(items) => {
            if let Some(item_schema) = schema.get("items") {
                for item in items {
                    walk(item, item_schema, root, out);
                }
            }
        }
        _ => {}
    }
}

/// The closest allowed name to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let chars = lower.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let near = (c.len().max(lower.len()) / 3).max(1);
            let prefix = lower.len() >= 4 && (c.starts_with(&lower) || lower.starts_with(c));
            let c_lower = c.to_lowercase();
            // The distance is at least the difference in length: most candidates are ruled
            // out without computing it (the rules ask this of every undefined name).
            if !prefix && chars.abs_diff(c_lower.chars().count()) > near {
                return None;
            }
            let distance = strsim::levenshtein(&lower, &c_lower);
            (distance <= near || prefix).then_some((distance, c))
        })
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parse-once path of [`load_typed`] (a 3,000-OWNERS-file repository checks in 0.79x
    /// the CPU time of parsing each twice) works only while the span representation's keys are
    /// learned: without them every spanned document would be read twice.
    #[test]
    fn the_span_representation_keys_are_learned() {
        let keys = span_keys();
        assert!(!keys.is_empty());
        let source = SourceFile::new("OWNERS", "approvers: [a]\nreviewrs: [b]\n".to_string());
        #[derive(serde::Deserialize)]
        struct Doc {
            #[allow(dead_code)]
            approvers: Vec<Sp<String>>,
        }
        let (_, node) = load_typed::<Doc>(&source).unwrap();
        assert!(node.is_some(), "an unknown key needs the tree");
        let source = SourceFile::new("OWNERS", "approvers: [a]\n".to_string());
        let (_, node) = load_typed::<Doc>(&source).unwrap();
        assert!(node.is_none(), "a document of known keys is parsed once");
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["approvers", "reviewers", "labels", "options"];
        assert_eq!(did_you_mean("approver", keys), Some("approvers"));
        assert_eq!(did_you_mean("Reviewer", keys), Some("reviewers"));
        assert_eq!(did_you_mean("maintainers", keys), None);
    }

    proptest::proptest! {
        /// Skipping candidates by their length never changes the suggestion.
        #[test]
        fn skipping_by_length_changes_no_answer(
            word in "[a-zA-Z\u{e9}\u{c9}-]{0,12}",
            candidates in proptest::collection::vec("[a-zA-Z\u{e9}\u{c9}-]{0,14}", 0..8),
        ) {
            let lower = word.to_lowercase();
            let plain = candidates
                .iter()
                .map(|c| (strsim::levenshtein(&lower, &c.to_lowercase()), c.as_str()))
                .filter(|(distance, c)| {
                    *distance <= (c.len().max(lower.len()) / 3).max(1)
                        || (lower.len() >= 4 && (c.starts_with(&lower) || lower.starts_with(*c)))
                })
                .min_by_key(|(distance, c)| (*distance, *c))
                .map(|(_, c)| c);
            proptest::prop_assert_eq!(did_you_mean(&word, candidates.iter().map(String::as_str)), plain);
        }
    }

    #[test]
    fn node_keeps_key_spans() {
        let src = SourceFile::new("x", "a: 1\nbb:\n  - c\n");
        let (_, node): (Node, Sp<Node>) = load(&src).unwrap();
        let Node::Map(entries) = node.value else {
            panic!("expected a map")
        };
        assert_eq!(entries[1].0.value, "bb");
        assert_eq!(entries[1].0.span, Span::new(5, 7));
    }

    #[test]
    fn bom_is_skipped_and_spans_stay_true() {
        let src = SourceFile::new("x", "\u{feff}key: v\n");
        let (_, node): (Node, Sp<Node>) = load(&src).unwrap();
        let Node::Map(entries) = node.value else {
            panic!("expected a map")
        };
        assert_eq!(
            &src.text[entries[0].0.span.start..entries[0].0.span.end],
            "key"
        );
    }

    #[test]
    fn alias_bomb_is_an_error_not_a_hang() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            doc.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let src = SourceFile::new("x", doc);
        assert!(load::<Node>(&src).is_err());
    }
}
