//! The handover document template that `ownlint handover new` writes.

use crate::handover::RequiredSection;

/// One-line prompts for the default sections (as HTML comments, so that a section holding only
/// its prompt still counts as empty).
fn prompt(section: &RequiredSection) -> &'static str {
    match section.name.as_str() {
        "context" => "What is the area for, what state is it in, what is in flight?",
        "risks" => "Open risks, known issues, debt and deadlines the new owner inherits.",
        "contacts" => "Who to ask about what; how to escalate; on-call and stakeholders.",
        "documentation" => "Runbooks, design documents, dashboards and where they live.",
        _ => "Fill in this section.",
    }
}

/// A heading for a required section: its name, capitalised.
fn heading(section: &RequiredSection) -> String {
    let mut chars = section.name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text of a new handover document.
pub fn render(
    area: &str,
    from: &[String],
    to: &str,
    date: &str,
    sections: &[RequiredSection],
) -> String {
    let yaml_list = |names: &[String]| -> String {
        match names {
            [] => "[]".to_string(),
            [one] => yaml_scalar(one),
            many => format!(
                "[{}]",
                many.iter()
                    .map(|n| yaml_scalar(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    };
    let mut text = format!(
        "---\nfrom: {}\nto: {}\ndate: {date}\narea: {}\n---\n\n# Handover of `{area}`\n",
        yaml_list(from),
        yaml_scalar(to),
        yaml_scalar(area)
    );
    for section in sections {
        text.push_str(&format!(
            "\n## {}\n\n<!-- {} -->\n",
            heading(section),
            prompt(section)
        ));
    }
    text
}

/// A YAML scalar for a name or path: plain when that is safe, else double-quoted.
fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./@".contains(c))
        && !text.starts_with(['@', '-', '.']);
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).expect("a string is JSON")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handover::{default_sections, document, match_sections};
    use crate::source::SourceFile;

    #[test]
    fn a_new_document_has_every_section_empty_and_valid_front_matter() {
        let sections = default_sections();
        let text = render("pkg/x", &["alice".into()], "bob", "2025-01-02", &sections);
        let mut out = Vec::new();
        let doc = document::parse(&SourceFile::new("pkg/x/HANDOVER.md", text), &mut out);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(doc.front.to.as_ref().unwrap().value.normalized(), ["bob"]);
        for (_, found) in match_sections(&doc, &sections) {
            assert!(found.unwrap().empty);
        }
        assert_eq!(yaml_scalar("@odd: name"), "\"@odd: name\"");
    }
}
