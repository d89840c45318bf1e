//! JSON Schemas generated from the Rust types of each YAML format and of the JSON report.
//! They are committed under `schemas/` (a test fails when they drift); the closed variants of
//! the same types drive the unknown-key check of [`crate::yaml::unknown_keys`], so the two
//! cannot disagree on what a key means.

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde_json::Value;

use crate::config::ConfigDoc;
use crate::dialect::owners::OwnersDoc;
use crate::dialect::owners::aliases::AliasesDoc;
use crate::render::json::Report;
use crate::report::Sweep;
use crate::who::WhoOutput;

/// Every schema ownlint publishes: file name under `schemas/` and its content.
pub fn all() -> Vec<(&'static str, Value)> {
    vec![
        ("owners.schema.json", owners_for_editors().clone()),
        ("owners-aliases.schema.json", aliases_for_editors().clone()),
        ("ownlint.schema.json", config().clone()),
        ("report.schema.json", report().clone()),
        ("who.schema.json", who().clone()),
        ("sweep.schema.json", sweep().clone()),
    ]
}

fn generate<T: JsonSchema>(id: &str) -> Value {
    let mut value = raw::<T>(id);
    close_objects(&mut value);
    value
}

/// The schema of a Prow file as editors get it: it accepts every file Prow accepts. Prow reads
/// OWNERS and OWNERS_ALIASES with `sigs.k8s.io/yaml`, which ignores keys it does not know (a
/// `maintainers:` list, say) and reads an empty file as an empty document; so objects stay open
/// and the document may be `null`. Unknown keys are ownlint's `unknown-field` warnings, found
/// with the closed schemas ([`owners`], [`aliases`]), not schema errors.
fn generate_for_editors<T: JsonSchema>(id: &str) -> Value {
    let mut value = raw::<T>(id);
    if let Value::Object(map) = &mut value {
        map.insert("type".into(), serde_json::json!(["object", "null"]));
    }
    value
}

fn raw<T: JsonSchema>(id: &str) -> Value {
    let mut value = serde_json::to_value(schemars::schema_for!(T)).expect("a schema is JSON");
    if let Value::Object(map) = &mut value {
        map.insert(
            "$id".into(),
            Value::String(format!("https://ownlint.dev/schemas/{id}")),
        );
    }
    value
}

/// Marks every object schema with named properties and no other rule for extra keys as
/// closed (`additionalProperties: false`), so editors flag unknown keys as ownlint does.
fn close_objects(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for child in map.values_mut() {
                close_objects(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

macro_rules! cached_schema {
    ($name:ident, $ty:ty, $id:literal) => {
        pub fn $name() -> &'static Value {
            static CELL: OnceLock<Value> = OnceLock::new();
            CELL.get_or_init(|| generate::<$ty>($id))
        }
    };
}

cached_schema!(owners, OwnersDoc, "owners.schema.json");
cached_schema!(aliases, AliasesDoc, "owners-aliases.schema.json");

/// The published `owners.schema.json` (see [`generate_for_editors`]).
pub fn owners_for_editors() -> &'static Value {
    static CELL: OnceLock<Value> = OnceLock::new();
    CELL.get_or_init(|| generate_for_editors::<OwnersDoc>("owners.schema.json"))
}

/// The published `owners-aliases.schema.json` (see [`generate_for_editors`]).
pub fn aliases_for_editors() -> &'static Value {
    static CELL: OnceLock<Value> = OnceLock::new();
    CELL.get_or_init(|| generate_for_editors::<AliasesDoc>("owners-aliases.schema.json"))
}
cached_schema!(config, ConfigDoc, "ownlint.schema.json");
cached_schema!(report, Report, "report.schema.json");
cached_schema!(who, WhoOutput, "who.schema.json");
cached_schema!(sweep, Sweep, "sweep.schema.json");

/// The schema as committed: pretty JSON with a final newline.
pub fn to_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a schema is JSON");
    text.push('\n');
    text
}
