//! JSON Schemas generated from the Rust types of each YAML format and of the JSON report.
//! They are committed under `schemas/` (a test fails when they drift) and drive the
//! unknown-key check of [`crate::yaml::unknown_keys`], so the two cannot disagree.

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde_json::Value;

use crate::commands::who::WhoOutput;
use crate::config::ConfigDoc;
use crate::formats::aliases::AliasesDoc;
use crate::formats::owners::OwnersDoc;
use crate::render::json::Report;
use crate::report::Sweep;

/// Every schema ownlint publishes: file name under `schemas/` and its content.
pub fn all() -> Vec<(&'static str, Value)> {
    vec![
        ("owners.schema.json", owners().clone()),
        ("owners-aliases.schema.json", aliases().clone()),
        ("ownlint.schema.json", config().clone()),
        ("report.schema.json", report().clone()),
        ("who.schema.json", who().clone()),
        ("sweep.schema.json", sweep().clone()),
    ]
}

fn generate<T: JsonSchema>(id: &str) -> Value {
    let mut value = serde_json::to_value(schemars::schema_for!(T)).expect("a schema is JSON");
    close_objects(&mut value);
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
