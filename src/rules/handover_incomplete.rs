use super::Context;
use crate::diagnostics::Diagnostic;
use crate::handover::match_sections;

declare_rule! {
    /// A handover document that lacks required sections or leaves them empty.
    ///
    /// ## What it does
    ///
    /// Checks every area's handover document for the required sections (configurable under
    /// `handover.sections`; by default context or state of the area, open risks or issues,
    /// contacts and escalation, documentation or runbooks, each matched by its heading with
    /// common synonyms, in any case) and names each one that is missing or holds nothing but
    /// comments.
    ///
    /// ## Why it matters
    ///
    /// A handover that names the new owner but not the open risks or whom to call hands over a
    /// title, not the capability to run the area.
    ///
    /// ## How to fix
    ///
    /// Write each missing section, a heading with content under it, and fill the empty ones.
    ///
    /// ## Example
    ///
    /// ```markdown
    /// ## Context
    /// The parser is being rewritten.
    /// ## Risks
    /// <!-- nothing written here -->
    /// ```
    name: "handover-incomplete",
    severity: Warning,
    category: Handover,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let required = &context.config.handover.sections;
    for (path, doc) in &context.handover.handovers.docs {
        let mut missing = Vec::new();
        let mut empty = Vec::new();
        for (section, found) in match_sections(doc, required) {
            match found {
                None => missing.push(section.name.clone()),
                Some(s) if s.empty => empty.push((section.name.clone(), s.span)),
                Some(_) => {}
            }
        }
        if missing.is_empty() && empty.is_empty() {
            continue;
        }
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("missing {}", missing.join(", ")));
        }
        if !empty.is_empty() {
            let names: Vec<&str> = empty.iter().map(|(n, _)| n.as_str()).collect();
            parts.push(format!("empty {}", names.join(", ")));
        }
        let mut diagnostic = Diagnostic::new(
            RULE.name,
            format!(
                "handover document {path} is incomplete: {}",
                parts.join("; ")
            ),
        )
        .help("write the missing sections (a heading each, with content under it)");
        diagnostic = match empty.first() {
            Some((_, span)) => diagnostic
                .at(path, *span)
                .label("nothing under this heading"),
            None => diagnostic.in_file(path),
        };
        out.push(diagnostic);
    }
}
