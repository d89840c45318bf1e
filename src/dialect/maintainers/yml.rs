//! Zephyr's `MAINTAINERS.yml`: areas (top-level keys) with their maintainers and file patterns,
//! read into the same [`MaintainersFile`] shape as Linux-style MAINTAINERS so that one
//! [`super::MaintainersMatcher`] serves both.
//!
//! The fields are those `scripts/get_maintainer.py` accepts (`_check_maintainers`): `status`
//! (`maintained`, `odd fixes`, `unmaintained`, `obsolete`), `maintainers` and `collaborators`
//! (GitHub handles), `inform`, `files`, `files-exclude`, `files-regex`, `files-regex-exclude`,
//! `labels`, `description`, `tests` and `tags`. Mapping: `maintainers` → [`Section::maintainers`],
//! `collaborators` → [`Section::reviewers`], `files` → [`Section::files`], `files-exclude` →
//! [`Section::excludes`], `files-regex` → [`Section::regexes`], `files-regex-exclude` →
//! [`Section::regex_excludes`], and the rest → [`Section::metadata`] under lower-case letters.
//! People are handles: [`Person::email`] is always `None`.
//!
//! `files` are globs matched from the repository root: `*` and `?` do not cross `/` (`**` is
//! the same as `*`), a trailing `/` covers everything below, otherwise the whole path must match.
//! `files-regex` are Python regular expressions searched anywhere in the path. An area applies
//! to a path that `files` or `files-regex` match, unless `files-exclude` or
//! `files-regex-exclude` do.

use std::sync::OnceLock;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::model::{
    MaintainersFile, Person, Section, Status, ZEPHYR_DESCRIPTION, ZEPHYR_INFORM, ZEPHYR_LABEL,
    ZEPHYR_TAG, ZEPHYR_TEST,
};
use super::parse::section_finding;
use super::pattern::{check_glob, check_regex, excerpt};
use crate::diagnostics::Diagnostic;
use crate::dialect::Dialect;
use crate::rules::{parse_error, unknown_field};
use crate::source::{SourceFile, Span};
use crate::yaml::{self, Node, Sp};

/// One area of `MAINTAINERS.yml` (the schema behind the unknown-key check; the parser reads
/// the document as a node tree so that one malformed area does not hide the others).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct AreaDoc {
    /// `maintained`, `odd fixes`, `unmaintained` or `obsolete`.
    pub status: Option<String>,
    /// GitHub handles of the area's maintainers.
    pub maintainers: Option<Vec<String>>,
    /// GitHub handles of the area's collaborators (reviewers).
    pub collaborators: Option<Vec<String>>,
    /// GitHub handles to notify of changes.
    pub inform: Option<Vec<String>>,
    /// Globs of the files in the area.
    pub files: Option<Vec<String>>,
    /// Globs of files left out of the area.
    pub files_exclude: Option<Vec<String>>,
    /// Regular expressions searched in paths of the area.
    pub files_regex: Option<Vec<String>>,
    /// Regular expressions of paths left out of the area.
    pub files_regex_exclude: Option<Vec<String>>,
    /// GitHub labels for pull requests touching the area.
    pub labels: Option<Vec<String>>,
    pub description: Option<String>,
    /// Test identifiers run for the area.
    pub tests: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
}

/// The statuses Zephyr's `get_maintainer.py` accepts.
const STATUSES: [&str; 4] = ["maintained", "odd fixes", "unmaintained", "obsolete"];

/// The JSON Schema of the file: area name → [`AreaDoc`], with unknown area keys closed.
pub fn schema() -> &'static Value {
    static CELL: OnceLock<Value> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut value = serde_json::to_value(schemars::schema_for!(IndexMap<String, AreaDoc>))
            .expect("a schema is JSON");
        close_objects(&mut value);
        value
    })
}

fn close_objects(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(close_objects);
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

/// Whether `path` is Zephyr's maintainers file (`get_maintainer.py` reads only the one at the
/// top of the repository).
pub fn is_maintainers_yml(path: &str) -> bool {
    path == "MAINTAINERS.yml"
}

struct Reader<'a> {
    source: &'a SourceFile,
    out: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, span: Span, message: String, label: &'static str) {
        self.out.push(
            Diagnostic::new(parse_error::RULE.name, message)
                .at(&self.source.path, span)
                .label(label),
        );
    }

    /// A list of strings, or a reported error (and nothing) for anything else.
    fn strings(&mut self, area: &str, key: &str, node: &Sp<Node>) -> Vec<(String, Span)> {
        match &node.value {
            Node::Seq(items) => {
                let mut out = Vec::new();
                for item in items {
                    match &item.value {
                        Node::Scalar(text) => out.push((text.clone(), item.span)),
                        other => self.error(
                            item.span,
                            format!(
                                "`{key}` of area `{area}` holds {} where a string is expected",
                                other.kind()
                            ),
                            "not a string",
                        ),
                    }
                }
                out
            }
            Node::Null => Vec::new(),
            other => {
                self.error(
                    node.span,
                    format!(
                        "`{key}` of area `{area}` must be a list of strings, not {}",
                        other.kind()
                    ),
                    "not a list",
                );
                Vec::new()
            }
        }
    }

    fn scalar(&mut self, area: &str, key: &str, node: &Sp<Node>) -> Option<String> {
        match &node.value {
            Node::Scalar(text) => Some(text.clone()),
            Node::Null => None,
            other => {
                self.error(
                    node.span,
                    format!(
                        "`{key}` of area `{area}` must be a string, not {}",
                        other.kind()
                    ),
                    "not a string",
                );
                None
            }
        }
    }

    fn area(&mut self, name: &Sp<String>, fields: &[(Sp<String>, Sp<Node>)]) -> Section {
        // Names and values are untrusted and may be long: messages show an excerpt.
        let area = excerpt(&name.value);
        let mut section = Section {
            title: name.value.clone(),
            span: name.span,
            ..Section::default()
        };
        for (key, value) in fields {
            let key = key.value.as_str();
            match key {
                "status" => {
                    if let Some(text) = self.scalar(&area, key, value) {
                        if !STATUSES.contains(&text.as_str()) {
                            self.error(
                                value.span,
                                format!(
                                    "status `{}` of area `{area}` is not one of {}",
                                    excerpt(&text),
                                    STATUSES.map(|s| format!("`{s}`")).join(", ")
                                ),
                                "unknown status",
                            );
                        }
                        section.status = Some((Status::parse(&text), value.span));
                    }
                }
                "maintainers" | "collaborators" => {
                    let people = self
                        .strings(&area, key, value)
                        .into_iter()
                        .filter(|(handle, _)| !handle.trim().is_empty())
                        .map(|(handle, span)| Person {
                            name: handle.trim().trim_start_matches('@').to_string(),
                            text: handle,
                            email: None,
                            span,
                        });
                    if key == "maintainers" {
                        section.maintainers.extend(people);
                    } else {
                        section.reviewers.extend(people);
                    }
                }
                "files" | "files-exclude" => {
                    for (glob, span) in self.strings(&area, key, value) {
                        match check_glob(&glob, Dialect::MaintainersYml) {
                            Ok(()) if key == "files" => section.files.push((glob, span)),
                            Ok(()) => section.excludes.push((glob, span)),
                            Err(reason) => self.error(
                                span,
                                format!(
                                    "`{key}` glob `{}` of area `{area}` is invalid: {reason}",
                                    excerpt(&glob)
                                ),
                                "invalid glob",
                            ),
                        }
                    }
                }
                "files-regex" | "files-regex-exclude" => {
                    for (regex, span) in self.strings(&area, key, value) {
                        match check_regex(&regex, Dialect::MaintainersYml) {
                            Ok(()) if key == "files-regex" => section.regexes.push((regex, span)),
                            Ok(()) => section.regex_excludes.push((regex, span)),
                            Err(reason) => self.error(
                                span,
                                format!(
                                    "`{key}` regex `{}` of area `{area}` does not compile: {reason}",
                                    excerpt(&regex)
                                ),
                                "does not compile",
                            ),
                        }
                    }
                }
                "labels" | "inform" | "tests" | "tags" => {
                    let letter = match key {
                        "labels" => ZEPHYR_LABEL,
                        "inform" => ZEPHYR_INFORM,
                        "tests" => ZEPHYR_TEST,
                        _ => ZEPHYR_TAG,
                    };
                    for (text, span) in self.strings(&area, key, value) {
                        section.metadata.push((letter, text, span));
                    }
                }
                "description" => {
                    if let Some(text) = self.scalar(&area, key, value) {
                        section
                            .metadata
                            .push((ZEPHYR_DESCRIPTION, text, value.span));
                    }
                }
                // Unknown keys are reported by the schema check.
                _ => {}
            }
        }
        let path = self.source.path.clone();
        if section.files.is_empty() && section.regexes.is_empty() {
            self.out.push(section_finding(
                &path,
                section.span,
                format!("area `{area}` has neither `files` nor `files-regex`: it covers no files"),
                "no files",
                "add `files:` globs (or `files-regex:`) for what the area covers",
            ));
        }
        if section.maintainers.is_empty()
            && section
                .status
                .as_ref()
                .is_some_and(|(s, _)| *s == Status::Maintained)
        {
            self.out.push(section_finding(
                &path,
                section.span,
                format!("maintained area `{area}` has no maintainers"),
                "no maintainers",
                "add `maintainers:`, or set `status: odd fixes` or `unmaintained`",
            ));
        }
        section
    }
}

/// Parses a `MAINTAINERS.yml`. A document that is not YAML yields no areas (and a
/// `parse-error`); an area or field of the wrong shape is reported and skipped, the rest kept.
pub fn parse(source: &SourceFile, out: &mut Vec<Diagnostic>) -> MaintainersFile {
    let mut file = MaintainersFile {
        path: source.path.clone(),
        dialect: Dialect::MaintainersYml,
        sections: Vec::new(),
    };
    let node = match yaml::load::<serde::de::IgnoredAny>(source) {
        Ok((_, node)) => node,
        Err(error) => {
            out.push(crate::dialect::text::yaml_error(source, error));
            return file;
        }
    };
    for unknown in yaml::unknown_keys(&node, schema()) {
        out.push(unknown_field::diagnostic(source, &unknown));
    }
    let mut reader = Reader { source, out };
    let entries = match &node.value {
        Node::Map(entries) => entries,
        Node::Null => return file,
        other => {
            reader.error(
                node.span,
                format!(
                    "MAINTAINERS.yml must map area names to areas, not be {}",
                    other.kind()
                ),
                "not a mapping",
            );
            return file;
        }
    };
    for (name, value) in entries {
        match &value.value {
            Node::Map(fields) => {
                let section = reader.area(name, fields);
                file.sections.push(section);
            }
            other => reader.error(
                value.span,
                format!(
                    "area `{}` must be a mapping, not {}",
                    excerpt(&name.value),
                    other.kind()
                ),
                "not a mapping",
            ),
        }
    }
    file
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::dialect::maintainers::MaintainersMatcher;

    fn parse_text(text: &str) -> (MaintainersFile, Vec<Diagnostic>) {
        let source = SourceFile::new("MAINTAINERS.yml", text);
        let mut out = Vec::new();
        (parse(&source, &mut out), out)
    }

    const ZEPHYR: &str = "\
# Comment at the top
Bluetooth:
  status: maintained
  maintainers:
    - jhedberg
  collaborators:
    - alwa-nordic
  files:
    - doc/connectivity/bluetooth/
    - include/zephyr/bluetooth/
    - samples/bluetooth/*.c
    - subsys/bluetooth/**
    - Kconfig.bt
  files-exclude:
    - include/zephyr/bluetooth/mesh/
  files-regex:
    - ^drivers/.*bt_
  files-regex-exclude:
    - _test\\.c$
  labels:
    - \"area: Bluetooth\"
  inform:
    - someone
  description: >-
    Bluetooth stack
  tests:
    - bluetooth

Mesh:
  status: odd fixes
  files:
    - include/zephyr/bluetooth/mesh/
";

    #[test]
    fn reads_areas_with_spans() {
        let (file, diags) = parse_text(ZEPHYR);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(file.dialect, Dialect::MaintainersYml);
        let bt = &file.sections[0];
        assert_eq!(bt.title, "Bluetooth");
        assert_eq!(&ZEPHYR[bt.span.start..bt.span.end], "Bluetooth");
        assert_eq!(bt.maintainers[0].name, "jhedberg");
        assert_eq!(bt.maintainers[0].email, None);
        let span = bt.maintainers[0].span;
        assert_eq!(&ZEPHYR[span.start..span.end], "jhedberg");
        assert_eq!(bt.reviewers[0].name, "alwa-nordic");
        assert_eq!(bt.status.as_ref().unwrap().0, Status::Maintained);
        assert_eq!(bt.files.len(), 5);
        assert_eq!(bt.excludes.len(), 1);
        assert_eq!(bt.regexes.len(), 1);
        assert_eq!(bt.regex_excludes.len(), 1);
        let letters: Vec<char> = bt.metadata.iter().map(|m| m.0).collect();
        assert_eq!(letters, ['l', 'i', 'd', 't']);
        assert_eq!(bt.metadata[0].1, "area: Bluetooth");
        assert_eq!(
            file.sections[1].status.as_ref().unwrap().0,
            Status::OddFixes
        );
    }

    #[test]
    fn zephyr_globs_and_exclusions() {
        let (file, _) = parse_text(ZEPHYR);
        let matcher = MaintainersMatcher::new(
            std::slice::from_ref(&file),
            &HashSet::from(["subsys".to_string(), "subsys/bluetooth".to_string()]),
        );
        let areas = |path: &str| {
            let mut out = Vec::new();
            matcher.sections_for(path, &mut out);
            out.iter()
                .map(|&(_, s)| file.sections[s].title.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(areas("doc/connectivity/bluetooth/a/b.rst"), ["Bluetooth"]);
        assert_eq!(areas("samples/bluetooth/main.c"), ["Bluetooth"]);
        assert!(areas("samples/bluetooth/sub/main.c").is_empty());
        // `**` does not cross `/` in get_maintainer.py.
        assert_eq!(areas("subsys/bluetooth/host.c"), ["Bluetooth"]);
        assert!(areas("subsys/bluetooth/host/hci.c").is_empty());
        // A whole-path match: no prefix, no implicit directory.
        assert_eq!(areas("Kconfig.bt"), ["Bluetooth"]);
        assert!(areas("Kconfig.btx").is_empty());
        assert_eq!(areas("include/zephyr/bluetooth/mesh/main.h"), ["Mesh"]);
        assert_eq!(areas("drivers/serial/uart_bt_x.c"), ["Bluetooth"]);
        assert!(areas("drivers/serial/uart_bt_test.c").is_empty());
    }

    #[test]
    fn bad_areas_are_reported_and_the_rest_kept() {
        let text = "\
A:
  status: maintained
  files: src/a.c
  files-regex: ['(unclosed', 'ok']
  maintainers: [{x: 1}, bob]
  fles: [x]
B: just text
C:
  status: sleeping
  maintainers: [c]
  files: ['x/[']
";
        let (file, diags) = parse_text(text);
        let summary: Vec<(&str, &str)> = diags
            .iter()
            .map(|d| {
                let s = d.span.unwrap();
                (d.rule, &text[s.start..s.end])
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("unknown-field", "fles"),
                ("parse-error", "src/a.c"),
                // Quoted scalars are located with their quotes, collections by their start.
                ("parse-error", "'(unclosed'"),
                ("parse-error", "{"),
                ("parse-error", "just text"),
                ("parse-error", "sleeping"),
                ("parse-error", "'x/['"),
                ("maintainers-section", "C"),
            ]
        );
        assert_eq!(file.sections.len(), 2);
        assert_eq!(file.sections[0].maintainers[0].name, "bob");
        assert_eq!(file.sections[0].regexes[0].0, "ok");
    }

    #[test]
    fn maintained_area_needs_maintainers() {
        let (_, diags) = parse_text("A:\n  status: maintained\n  files: [a/]\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].rule, "maintainers-section");
        assert!(diags[0].message.contains("no maintainers"));
    }

    #[test]
    fn invalid_yaml_and_bom() {
        let (file, diags) = parse_text("A: [unclosed\n");
        assert!(file.sections.is_empty());
        assert_eq!(diags[0].rule, "parse-error");
        let text = "\u{feff}A:\r\n  files: [a/]\r\n";
        let (file, diags) = parse_text(text);
        assert!(diags.is_empty(), "{diags:?}");
        let span = file.sections[0].files[0].1;
        assert_eq!(&text[span.start..span.end], "a/");
    }

    #[test]
    fn file_names() {
        assert!(is_maintainers_yml("MAINTAINERS.yml"));
        assert!(!is_maintainers_yml("sub/MAINTAINERS.yml"));
    }
}
