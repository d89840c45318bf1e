//! `--format sarif`: a SARIF 2.1.0 log with one run, for code scanning (GitHub's
//! `upload-sarif`, Azure DevOps, IDE viewers).
//!
//! Every rule of the registry is listed once in `tool.driver.rules` with its default level, its
//! summary (`shortDescription`), what it does (`fullDescription`) and a short `help` (what, why,
//! how to fix: [`crate::rules::Rule::help`]; `ownlint explain` prints the whole documentation);
//! each result points at its rule by `ruleId` and `ruleIndex`. Locations are
//! repository-relative URI references (percent-encoded) against `%SRCROOT%`; a finding about no
//! file (the repository as a whole) is located at the root, `.`, because GitHub code scanning
//! refuses a whole log when one result has no location. Every location has a region, since code
//! scanning shows a result only at a line: the place the finding points at, else line 1, with
//! the message saying that the finding is about the file (or directory) as a whole. Columns
//! count Unicode code points (`columnKind`), as the other formats do. `partialFingerprints`
//! carries [`crate::fingerprint::distinct`] under `ownlint/v1`, so code scanning keeps tracking
//! a finding when unrelated lines move it, and never merges two findings into one alert.
//!
//! The shape is plain serde structs covering the part of SARIF written here; the tests validate
//! the output against the official OASIS schema.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

use super::{Sources, Totals, position};
use crate::diagnostics::{Diagnostic, Severity};
use crate::fingerprint::distinct;
use crate::rules::REGISTRY;

/// The official schema of the format (OASIS SARIF 2.1.0, errata 01).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of [`crate::fingerprint::fingerprint`] in `partialFingerprints`; the suffix changes
/// only if the fingerprint's definition does.
pub const FINGERPRINT_KEY: &str = "ownlint/v1";

/// Characters kept as they are in a URI path: the unreserved ones and `/` between segments.
/// Everything else (`:` which would read as a scheme, `%`, `#`, `?`, spaces, control and
/// non-ASCII characters) is percent-encoded as UTF-8.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    properties: BTreeMap<&'static str, Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

/// SARIF's name for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A repository-relative path as a relative URI reference (`we,ird:dir/OWNERS` becomes
/// `we%2Cird%3Adir/OWNERS`).
pub fn uri(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

pub fn render(diagnostics: &[Diagnostic], sources: &Sources, _totals: &Totals) -> String {
    let mut rules: Vec<Descriptor> = REGISTRY
        .iter()
        .map(|rule| {
            let help = rule.help();
            Descriptor {
                id: rule.name.to_string(),
                short_description: Text {
                    text: rule.summary().to_string(),
                    markdown: None,
                },
                full_description: Text {
                    text: rule
                        .section("What it does")
                        .unwrap_or_else(|| rule.summary().to_string()),
                    markdown: None,
                },
                help: Text {
                    text: help.text,
                    markdown: Some(help.markdown),
                },
                default_configuration: Configuration {
                    level: level(rule.default_severity),
                },
            }
        })
        .collect();
    let mut results = Vec::with_capacity(diagnostics.len());
    for (d, fingerprint) in diagnostics.iter().zip(distinct(diagnostics, sources)) {
        let rule_index = match rules.iter().position(|r| r.id == d.rule) {
            Some(i) => i,
            None => {
                // A finding of no registered rule still gets a descriptor, so that its index
                // is valid.
                rules.push(unregistered(d.rule));
                rules.len() - 1
            }
        };
        results.push(result(d, rule_index, fingerprint, sources));
    }
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "ownlint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_HOMEPAGE"),
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let findings = log.runs.iter().map(|run| run.results.len()).sum();
    crate::escape::json_sized(&log, super::output_estimate(findings))
}

fn unregistered(name: &str) -> Descriptor {
    let text = |t: &str| Text {
        text: t.to_string(),
        markdown: None,
    };
    Descriptor {
        id: name.to_string(),
        short_description: text(name),
        full_description: text(name),
        help: text(name),
        default_configuration: Configuration { level: "warning" },
    }
}

/// The note added to the message of a finding about a file or directory as a whole, which is
/// shown at line 1.
fn whole_file_note(path: &str) -> String {
    let what = if path == "." {
        "the repository"
    } else if path.ends_with('/') {
        "the directory"
    } else {
        "the file"
    };
    format!("(about {what} as a whole: shown at line 1)")
}

fn result(
    d: &Diagnostic,
    rule_index: usize,
    fingerprint: String,
    sources: &Sources,
) -> SarifResult {
    let path = d.file.as_deref().unwrap_or(".");
    let place = position(d, sources);
    let mut message = d.message.clone();
    if place.is_none() {
        message.push('\n');
        message.push_str(&whole_file_note(path));
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let location = Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri(path),
                uri_base_id: "%SRCROOT%",
            },
            region: Some(match place {
                Some((start, end)) => Region {
                    start_line: start.line,
                    start_column: Some(start.column),
                    end_line: Some(end.line),
                    end_column: Some(end.column),
                },
                None => Region {
                    start_line: 1,
                    start_column: None,
                    end_line: None,
                    end_column: None,
                },
            }),
        },
    };
    let mut properties = BTreeMap::new();
    if let Some(owner) = &d.owner {
        properties.insert("owner", Value::String(owner.clone()));
    }
    if let Some(area) = &d.area {
        properties.insert("area", Value::String(area.clone()));
    }
    if let Some(evidence) = &d.evidence {
        properties.insert(
            "evidence",
            serde_json::to_value(evidence).expect("evidence is JSON"),
        );
    }
    SarifResult {
        rule_id: d.rule.to_string(),
        rule_index,
        level: level(d.severity),
        message: Text {
            text: message,
            markdown: None,
        },
        locations: [location],
        partial_fingerprints: [(FINGERPRINT_KEY, fingerprint)].into_iter().collect(),
        properties,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("a/b-c_d.e~/OWNERS"), "a/b-c_d.e~/OWNERS");
        assert_eq!(uri("we,ird:dir/a b%#?"), "we%2Cird%3Adir/a%20b%25%23%3F");
        assert_eq!(uri("é\n"), "%C3%A9%0A");
    }
}
