//! Handover documents: Markdown with optional YAML front matter (`from`, `to`, `date`, `area`)
//! and sections (headings). Read with spans so findings point at the right line.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

use crate::diagnostics::Diagnostic;
use crate::rules::parse_error;
use crate::source::{SourceFile, Span};
use crate::yaml::Sp;

/// The front matter of a handover document.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct FrontMatter {
    /// Who hands the area over (a handle, or several).
    pub from: Option<Sp<Names>>,
    /// Who takes it over.
    pub to: Option<Sp<Names>>,
    /// When the handover happened, `YYYY-MM-DD`.
    pub date: Option<Sp<String>>,
    /// The area (directory) handed over.
    pub area: Option<Sp<String>>,
}

/// One name or a list of names.
#[derive(Debug, Clone, Default, PartialEq, Eq, JsonSchema)]
pub struct Names(pub Vec<String>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NamesVisitor;
        impl<'de> Visitor<'de> for NamesVisitor {
            type Value = Names;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name or a list of names")
            }
            fn visit_str<E>(self, v: &str) -> Result<Names, E> {
                Ok(Names(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Names, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = access.next_element::<String>()? {
                    names.push(name);
                }
                Ok(Names(names))
            }
        }
        deserializer.deserialize_any(NamesVisitor)
    }
}

impl Names {
    /// The names, lower-cased and without `@`, as ownership files compare them.
    pub fn normalized(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|n| n.trim().trim_start_matches('@').to_lowercase())
            .filter(|n| !n.is_empty())
            .collect()
    }
}

/// A heading and whether anything but comments and blank lines stands under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub level: usize,
    /// The heading line.
    pub span: Span,
    pub empty: bool,
}

/// A parsed handover document.
#[derive(Debug)]
pub struct HandoverDoc {
    pub path: String,
    pub front: FrontMatter,
    /// Whether the document has front matter at all.
    pub has_front_matter: bool,
    pub sections: Vec<Section>,
}

/// Handover documents larger than this are not read.
pub const MAX_HANDOVER_BYTES: u64 = 1024 * 1024;

/// Parses a handover document; problems with its front matter are reported in `out`, and the
/// rest of the document is still read.
pub fn parse(source: &SourceFile, out: &mut Vec<Diagnostic>) -> HandoverDoc {
    let text = source.text.as_str();
    let (front, has_front_matter, body_start) = match front_matter(text) {
        Some((yaml_start, yaml_end, body_start)) => {
            let yaml = &text[yaml_start..yaml_end];
            let front = match parse_front(source, yaml, yaml_start) {
                Ok(front) => front,
                Err(diagnostic) => {
                    out.push(*diagnostic);
                    FrontMatter::default()
                }
            };
            (front, true, body_start)
        }
        None => (FrontMatter::default(), false, 0),
    };
    HandoverDoc {
        path: source.path.clone(),
        front,
        has_front_matter,
        sections: sections(text, body_start),
    }
}

/// `(yaml start, yaml end, body start)` when the text opens with a `---` front matter block.
fn front_matter(text: &str) -> Option<(usize, usize, usize)> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_line_end + 1;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((yaml_start, offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

fn parse_front(source: &SourceFile, yaml: &str, at: usize) -> Result<FrontMatter, Box<Diagnostic>> {
    let shifted = SourceFile::new(&source.path, yaml);
    match crate::yaml::load::<FrontMatter>(&shifted) {
        Ok((front, _)) => Ok(shift(front, at)),
        Err(error) => {
            let message = format!("front matter is not valid YAML: {}", error.message);
            let diagnostic = Diagnostic::new(parse_error::RULE.name, message);
            Err(Box::new(match error.span {
                Some(span) => diagnostic
                    .at(&source.path, Span::new(span.start + at, span.end + at))
                    .label("invalid front matter"),
                None => diagnostic.in_file(&source.path),
            }))
        }
    }
}

fn shift(front: FrontMatter, at: usize) -> FrontMatter {
    fn by<T>(value: Option<Sp<T>>, at: usize) -> Option<Sp<T>> {
        value.map(|v| Sp {
            span: Span::new(v.span.start + at, v.span.end + at),
            value: v.value,
        })
    }
    FrontMatter {
        from: by(front.from, at),
        to: by(front.to, at),
        date: by(front.date, at),
        area: by(front.area, at),
    }
}

/// The ATX headings (`#` to `######`) outside fenced code blocks, with whether each section
/// (up to the next heading of the same or a higher level) has content.
fn sections(text: &str, start: usize) -> Vec<Section> {
    struct Line<'a> {
        offset: usize,
        text: &'a str,
        heading: Option<(usize, String)>,
    }
    let mut lines = Vec::new();
    let mut offset = start;
    let mut fence: Option<&str> = None;
    for raw in text[start..].split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        let mut heading = None;
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
        } else if line.len() - trimmed.len() < 4 {
            let level = trimmed.chars().take_while(|&c| c == '#').count();
            let rest = &trimmed[level..];
            if (1..=6).contains(&level) && (rest.is_empty() || rest.starts_with(' ')) {
                let title = rest.trim().trim_end_matches('#').trim().to_string();
                heading = Some((level, title));
            }
        }
        lines.push(Line {
            offset,
            text: line,
            heading,
        });
        offset += raw.len();
    }
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((level, title)) = &line.heading else {
            continue;
        };
        let mut body = String::new();
        for next in &lines[i + 1..] {
            if next.heading.as_ref().is_some_and(|(l, _)| l <= level) {
                break;
            }
            body.push_str(next.text);
            body.push('\n');
        }
        out.push(Section {
            title: title.clone(),
            level: *level,
            span: Span::new(line.offset, line.offset + line.text.len()),
            empty: strip_comments(&body).trim().is_empty(),
        });
    }
    out
}

/// Removes HTML comments (the template's prompts are comments).
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        match rest[open..].find("-->") {
            Some(close) => rest = &rest[open + close + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> (HandoverDoc, Vec<Diagnostic>) {
        let mut out = Vec::new();
        let parsed = parse(&SourceFile::new("HANDOVER.md", text), &mut out);
        (parsed, out)
    }

    #[test]
    fn reads_front_matter_and_sections() {
        let text = "---\nfrom: alice\nto: [Bob]\ndate: 2025-01-02\narea: pkg\n---\n# Handover\n\n## Context\nAll good.\n\n## Risks\n<!-- prompt -->\n\n```\n# not a heading\n```\n## Contacts\n### Escalation\npage bob\n";
        let (parsed, diags) = doc(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            parsed.front.from.as_ref().unwrap().value.normalized(),
            ["alice"]
        );
        assert_eq!(
            parsed.front.to.as_ref().unwrap().value.normalized(),
            ["bob"]
        );
        let date = parsed.front.date.as_ref().unwrap();
        assert_eq!(&text[date.span.start..date.span.end], "2025-01-02");
        let titles: Vec<(&str, bool)> = parsed
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.empty))
            .collect();
        assert_eq!(
            titles,
            [
                ("Handover", false),
                ("Context", false),
                ("Risks", false),
                ("Contacts", false),
                ("Escalation", false)
            ]
        );
    }

    #[test]
    fn comment_only_sections_are_empty() {
        let (parsed, _) = doc("## Risks\n<!-- list them -->\n\n## Contacts\nbob\n");
        assert!(parsed.sections[0].empty);
        assert!(!parsed.sections[1].empty);
    }

    #[test]
    fn bad_front_matter_is_located_and_the_body_still_read() {
        let (parsed, diags) = doc("---\nfrom: [alice\n---\n## Context\nx\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].rule, "parse-error");
        assert!(diags[0].span.unwrap().start >= 4);
        assert_eq!(parsed.sections.len(), 1);
    }
}
