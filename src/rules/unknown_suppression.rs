use super::{Context, REGISTRY, find};
use crate::diagnostics::Diagnostic;
use crate::suppress::markers;
use crate::yaml::did_you_mean;

declare_rule! {
    /// An `ownlint: ignore[...]` comment that names no rule, or lacks its closing `]`.
    ///
    /// ## What it does
    ///
    /// Reads every suppression comment in the ownership files and `.ownlint.yaml`, and reports
    /// each name between the brackets that is not a rule of `ownlint rules` (with the closest
    /// rule name as a suggestion), and each comment whose `]` is missing.
    ///
    /// A suppression comment `# ownlint: ignore[rule-a, rule-b]` hides the findings of those
    /// rules that point at its line, or at the next line when the comment stands on a line of
    /// its own. In Linux-style MAINTAINERS files, which have no comment syntax, the marker may
    /// stand anywhere in a line, with or without `#`.
    ///
    /// ## Why it matters
    ///
    /// A misspelt rule name suppresses nothing: the finding it was meant for keeps coming
    /// back, or, worse, the comment reads as if the problem had been looked at and accepted
    /// when nothing was hidden at all.
    ///
    /// ## How to fix
    ///
    /// Write the comment as `ownlint: ignore[rule-name]` with a rule name that `ownlint rules`
    /// lists.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approvers:
    ///   # ownlint: ignore[stale-owners]     did you mean `stale-owner`?
    ///   - alice
    /// ```
    name: "unknown-suppression",
    severity: Warning,
    category: Suppression,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let sources = context
        .snapshot
        .sources
        .values()
        .chain(context.config.source.as_ref());
    for source in sources {
        for marker in markers(source) {
            if !marker.closed {
                out.push(
                    Diagnostic::new(
                        RULE.name,
                        "suppression comment without its closing `]` suppresses nothing",
                    )
                    .at(&source.path, marker.span)
                    .label("no closing `]`")
                    .help("write it as `ownlint: ignore[rule-name]`"),
                );
                continue;
            }
            for (name, span) in &marker.rules {
                if find(name).is_some() {
                    continue;
                }
                let suggestion = did_you_mean(name, REGISTRY.iter().map(|r| r.name));
                let diagnostic = Diagnostic::new(
                    RULE.name,
                    format!("`{name}` is not a rule: this suppression hides nothing"),
                )
                .at(&source.path, *span);
                out.push(match suggestion {
                    Some(rule) => diagnostic
                        .label(format!("did you mean `{rule}`?"))
                        .help(format!("write `{rule}`")),
                    None => diagnostic
                        .label("unknown rule")
                        .help("`ownlint rules` lists the rule names"),
                });
            }
        }
    }
}
