//! OWNERS_ALIASES: named groups of people that OWNERS files refer to.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use super::parse::Name;
use crate::diagnostics::Diagnostic;
use crate::model::{Alias, AliasesFile, NameRef};
use crate::schema;
use crate::source::SourceFile;
use crate::yaml::Sp;

/// An OWNERS_ALIASES file.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(title = "OWNERS_ALIASES")]
pub struct AliasesDoc {
    /// Alias name → the people it stands for.
    pub aliases: Option<IndexMap<Sp<String>, Option<Vec<Name>>>>,
}

/// Parses an OWNERS_ALIASES file; `None` when it cannot be read at all.
pub fn parse(source: &SourceFile, out: &mut Vec<Diagnostic>) -> Option<AliasesFile> {
    let doc = crate::dialect::text::load_yaml::<AliasesDoc>(source, schema::aliases(), out)?;
    let aliases = doc
        .aliases
        .into_iter()
        .flatten()
        .map(|(name, members)| Alias {
            name: name.value.trim().to_lowercase(),
            span: name.span,
            members: members
                .iter()
                .flatten()
                .filter(|m| !m.value.trim().is_empty())
                .map(|m| NameRef::new(&m.value, m.span))
                .collect(),
        })
        .collect();
    Some(AliasesFile {
        path: source.path.clone(),
        aliases,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_aliases_with_null_members() {
        let source = SourceFile::new(
            "OWNERS_ALIASES",
            "aliases:\n  Sig-Leads:\n    - Alice\n    - bob\n  empty:\n  # nobody\n",
        );
        let mut out = Vec::new();
        let file = parse(&source, &mut out).unwrap();
        assert!(out.is_empty());
        assert_eq!(file.aliases[0].name, "sig-leads");
        assert_eq!(file.aliases[0].members[0].name, "alice");
        assert!(file.aliases[1].members.is_empty());
    }

    #[test]
    fn unknown_top_level_key_is_reported() {
        let source = SourceFile::new("OWNERS_ALIASES", "alias:\n  a: [b]\n");
        let mut out = Vec::new();
        parse(&source, &mut out);
        assert_eq!(out[0].rule, "unknown-field");
        assert!(out[0].help.as_deref().unwrap().contains("aliases"));
    }
}
