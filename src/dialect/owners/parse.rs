//! YAML OWNERS files, Kubernetes / Prow style, plus ownlint's own optional fields
//! (`owner`, `cover`, `handover`, `reviewed`, `escalation`).

use crate::pattern_budget::{self, PatternError};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

use crate::diagnostics::Diagnostic;
use crate::model::{Dialect, Filter, NameRef, OwnersFile, Scope};
use crate::rules::parse_error;
use crate::schema;
use crate::source::SourceFile;
use crate::yaml::Sp;

/// A person's handle, an email, an alias from OWNERS_ALIASES or a team from the config.
pub type Name = Sp<String>;

/// An OWNERS file: who approves and reviews changes under its directory.
///
/// See <https://www.kubernetes.dev/docs/guide/owners/>. The fields `owner`, `cover`,
/// `handover`, `reviewed` and `escalation` are ownlint's own.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(title = "OWNERS", extend("$id" = "https://ownlint.dev/schemas/owners.schema.json"))]
pub struct OwnersDoc {
    /// People (or aliases) who can approve changes under this directory.
    pub approvers: Option<Vec<Name>>,
    /// People (or aliases) suggested to review changes under this directory.
    pub reviewers: Option<Vec<Name>>,
    /// People (or aliases) whose review is always requested.
    pub required_reviewers: Option<Vec<Name>>,
    /// Former approvers, kept for the record; they never count as owners.
    pub emeritus_approvers: Option<Vec<Name>>,
    /// Former reviewers, kept for the record.
    pub emeritus_reviewers: Option<Vec<Name>>,
    /// Labels applied to pull requests touching this directory.
    pub labels: Option<Vec<Sp<String>>>,
    /// Options of this OWNERS file.
    pub options: Option<OwnersOptions>,
    /// Regular expressions (searched, not anchored, in the path relative to this directory),
    /// each with its own approvers and reviewers.
    pub filters: Option<IndexMap<Sp<String>, FilterDoc>>,
    /// ownlint: the one accountable person for this area.
    pub owner: Option<Sp<OwnerField>>,
    /// ownlint: the people who cover for the owner when they are away.
    pub cover: Option<Vec<Name>>,
    /// ownlint: repository-relative path of the area's handover document.
    pub handover: Option<Sp<String>>,
    /// ownlint: date of the last review of this file's ownership, `YYYY-MM-DD`.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub reviewed: Option<Sp<String>>,
    /// ownlint: where to escalate when the owner and cover do not answer (text or URL).
    pub escalation: Option<Sp<String>>,
}

/// The `options` of an OWNERS file.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct OwnersOptions {
    /// Do not inherit approvers and reviewers from parent directories.
    pub no_parent_owners: Option<Sp<bool>>,
    /// Prow: approve changes in subfolders that have no OWNERS file of their own.
    pub auto_approve_unowned_subfolders: Option<Sp<bool>>,
}

/// The owners of the files a filter matches.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct FilterDoc {
    pub approvers: Option<Vec<Name>>,
    pub reviewers: Option<Vec<Name>>,
    pub required_reviewers: Option<Vec<Name>>,
    pub labels: Option<Vec<Sp<String>>>,
}

/// `owner:` is one name; a list is accepted so that naming several is a finding, not a parse error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnerField {
    One(Name),
    Many(Vec<Name>),
}

impl<'de> Deserialize<'de> for OwnerField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OwnerVisitor;
        impl<'de> Visitor<'de> for OwnerVisitor {
            type Value = OwnerField;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("one name")
            }
            fn visit_str<E>(self, v: &str) -> Result<OwnerField, E> {
                Ok(OwnerField::One(Sp {
                    value: v.to_string(),
                    span: Default::default(),
                }))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<OwnerField, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = access.next_element::<Name>()? {
                    names.push(name);
                }
                Ok(OwnerField::Many(names))
            }
        }
        deserializer.deserialize_any(OwnerVisitor)
    }
}

impl JsonSchema for OwnerField {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OwnerField".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "One person's handle or email. A list is read, and reported when it names more than one person.",
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}}
            ]
        })
    }
}

fn names(list: &Option<Vec<Name>>) -> Vec<NameRef> {
    list.iter()
        .flatten()
        .filter(|n| !n.value.trim().is_empty())
        .map(|n| NameRef::new(&n.value, n.span))
        .collect()
}

/// The labels of a `labels:` list, blank ones left out.
fn labels(list: &Option<Vec<Sp<String>>>) -> Vec<String> {
    list.iter()
        .flatten()
        .filter(|l| !l.value.trim().is_empty())
        .map(|l| l.value.clone())
        .collect()
}

/// Splits an `owner:` string that names several people ("alice, bob", "alice and bob").
fn split_owner(name: &Name) -> Vec<NameRef> {
    name.value
        .split(|c: char| c == ',' || c == ';' || c == '&' || c.is_whitespace())
        .filter(|part| !part.is_empty() && !part.eq_ignore_ascii_case("and"))
        .map(|part| NameRef::new(part, name.span))
        .collect()
}

/// Regexes in filters come from repository files: bound their compiled size.
const MAX_FILTER_REGEX_BYTES: usize = 1 << 20;

/// Parses one YAML OWNERS file. Returns `None` when the file cannot be read at all; problems
/// that leave the rest usable (a bad regex, a malformed date) are reported and parsing goes on.
pub fn parse(source: &SourceFile, out: &mut Vec<Diagnostic>) -> Option<OwnersFile> {
    let doc = crate::dialect::text::load_yaml::<OwnersDoc>(source, schema::owners(), out)?;
    let dir = match source.path.rsplit_once('/') {
        Some((dir, _)) => dir.to_string(),
        None => String::new(),
    };
    let (owner, owner_span) = match &doc.owner {
        None => (Vec::new(), None),
        Some(field) => match &field.value {
            // A scalar's span comes from the wrapper; list items carry their own.
            OwnerField::One(name) => {
                let name = Sp {
                    value: name.value.clone(),
                    span: field.span,
                };
                (split_owner(&name), Some(field.span))
            }
            OwnerField::Many(list) => (
                list.iter().flat_map(split_owner).collect(),
                Some(field.span),
            ),
        },
    };
    let mut filters = Vec::new();
    for (pattern, filter) in doc.filters.iter().flatten() {
        let regex = match pattern_budget::regex(&pattern.value, MAX_FILTER_REGEX_BYTES) {
            Ok(regex) => Some(regex),
            Err(PatternError::OverBudget(reason)) => {
                out.push(
                    Diagnostic::new(
                        parse_error::RULE.name,
                        format!("filter `{}` is not used: {reason}", pattern.value),
                    )
                    .at(&source.path, pattern.span)
                    .label("over the pattern budget")
                    .help("use fewer or simpler filters; this one matches nothing"),
                );
                None
            }
            Err(PatternError::Invalid(reason)) => {
                out.push(
                    Diagnostic::new(
                        parse_error::RULE.name,
                        format!("filter `{}` is not a valid regular expression: {reason}", pattern.value),
                    )
                    .at(&source.path, pattern.span)
                    .label("does not compile")
                    .help("filters use RE2 / Go regular expression syntax; escape `.` as `\\\\.` in YAML double quotes"),
                );
                None
            }
        };
        filters.push(Filter {
            pattern: pattern.value.clone(),
            span: pattern.span,
            regex,
            approvers: names(&filter.approvers),
            reviewers: names(&filter.reviewers),
            required_reviewers: names(&filter.required_reviewers),
            labels: labels(&filter.labels),
            no_parent: false,
        });
    }
    if let Some(reviewed) = &doc.reviewed
        && !is_valid_date(&reviewed.value)
    {
        out.push(
            Diagnostic::new(
                parse_error::RULE.name,
                format!(
                    "`reviewed` must be a date written YYYY-MM-DD, not `{}`",
                    reviewed.value
                ),
            )
            .at(&source.path, reviewed.span)
            .label("not a YYYY-MM-DD date"),
        );
    }
    Some(OwnersFile {
        path: source.path.clone(),
        dir,
        dialect: Dialect::Owners,
        scope: Scope::Directory,
        external_includes: 0,
        owner,
        owner_span,
        approvers: names(&doc.approvers),
        reviewers: names(&doc.reviewers),
        required_reviewers: names(&doc.required_reviewers),
        emeritus_approvers: names(&doc.emeritus_approvers),
        emeritus_reviewers: names(&doc.emeritus_reviewers),
        cover: names(&doc.cover),
        labels: labels(&doc.labels),
        no_parent_owners: doc
            .options
            .as_ref()
            .and_then(|o| o.no_parent_owners.as_ref())
            .is_some_and(|b| b.value),
        auto_approve_unowned_subfolders: doc
            .options
            .as_ref()
            .and_then(|o| o.auto_approve_unowned_subfolders.as_ref())
            .is_some_and(|b| b.value),
        filters,
        handover: doc.handover,
        reviewed: doc.reviewed.filter(|r| is_valid_date(&r.value)),
        escalation: doc.escalation,
    })
}

/// Whether `text` is a real calendar date written `YYYY-MM-DD`.
pub fn is_valid_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Option<OwnersFile>, Vec<Diagnostic>) {
        let source = SourceFile::new("pkg/OWNERS", text);
        let mut out = Vec::new();
        (parse(&source, &mut out), out)
    }

    #[test]
    fn reads_prow_fields_and_ownlint_fields() {
        let (file, diags) = parse_text(
            "approvers:\n- Alice\n- sig-leads\nreviewers: [bob]\nowner: alice\ncover: [carol]\n\
             options:\n  no_parent_owners: true\nreviewed: 2026-01-31\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let file = file.unwrap();
        assert_eq!(file.dir, "pkg");
        assert_eq!(file.approvers[0].name, "alice");
        assert_eq!(file.approvers[1].name, "sig-leads");
        assert_eq!(file.owner.len(), 1);
        assert!(file.no_parent_owners);
        assert_eq!(file.reviewed.unwrap().value, "2026-01-31");
    }

    #[test]
    fn names_keep_their_spans() {
        let text = "approvers:\n  - alice\n";
        let (file, _) = parse_text(text);
        let alice = &file.unwrap().approvers[0];
        assert_eq!(&text[alice.span.start..alice.span.end], "alice");
    }

    #[test]
    fn several_owners_in_one_string_are_split() {
        let (file, _) = parse_text("owner: alice, bob\n");
        let names: Vec<_> = file.unwrap().owner.into_iter().map(|n| n.name).collect();
        assert_eq!(names, ["alice", "bob"]);
    }

    #[test]
    fn a_bad_filter_regex_is_reported_and_the_rest_is_kept() {
        let (file, diags) = parse_text(
            "filters:\n  \"[unclosed\":\n    approvers: [a]\n  \".*\":\n    approvers: [b]\n",
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].rule, "parse-error");
        assert!(diags[0].message.contains("[unclosed"));
        let file = file.unwrap();
        assert!(file.filters[0].regex.is_none());
        assert!(file.filters[1].regex.is_some());
    }

    #[test]
    fn wrong_types_are_parse_errors_with_location() {
        let (file, diags) = parse_text("approvers: alice\n");
        assert!(file.is_none());
        assert_eq!(diags[0].rule, "parse-error");
        assert_eq!(diags[0].span.unwrap().start, 11);
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_valid_date("2024-02-29"));
        assert!(!is_valid_date("2023-02-29"));
        assert!(!is_valid_date("2023-13-01"));
        assert!(!is_valid_date("23-01-01"));
        let (_, diags) = parse_text("reviewed: last week\n");
        assert_eq!(diags[0].rule, "parse-error");
    }
}
