use std::collections::HashSet;

use super::Context;
use crate::diagnostics::Diagnostic;

declare_rule! {
    /// An alias of OWNERS_ALIASES that no OWNERS file uses.
    ///
    /// ## What it does
    ///
    /// Reports each alias defined in the root OWNERS_ALIASES that no OWNERS file names in any
    /// role (owner, approvers, reviewers, required reviewers, emeritus lists, cover or filters),
    /// and every OWNERS_ALIASES file below the root: Prow reads only the root one, so none of
    /// its aliases expand.
    ///
    /// ## Why it matters
    ///
    /// Unused aliases are ownership that looks declared but grants nothing. They drift: people
    /// are added to an alias believing it gives them review duty, and nothing happens.
    ///
    /// ## How to fix
    ///
    /// Remove the alias, or name it in the OWNERS files it was meant for.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # OWNERS_ALIASES
    /// aliases:
    ///   old-team-approvers:   # not referenced anywhere
    ///     - alice
    /// ```
    name: "unused-alias",
    severity: Info,
    category: Accountability,
    check: Check::Snapshot(check),
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for ignored in &context.snapshot.ignored_aliases {
        let names: Vec<String> = ignored
            .aliases
            .iter()
            .map(|a| format!("`{}`", a.name))
            .collect();
        let mut diagnostic = Diagnostic::new(
            RULE.name,
            format!(
                "{} is not read: only the root OWNERS_ALIASES defines aliases, so {} expand to nobody",
                ignored.path,
                if names.is_empty() { "its aliases".to_string() } else { names.join(", ") }
            ),
        )
        .help("move these aliases to the OWNERS_ALIASES file at the repository root");
        diagnostic = match ignored.aliases.first() {
            Some(first) => diagnostic.at(&ignored.path, first.span).label("never read"),
            None => diagnostic.in_file(&ignored.path),
        };
        out.push(diagnostic);
    }
    let Some(aliases) = &context.snapshot.aliases else {
        return;
    };
    let used: HashSet<&str> = context
        .snapshot
        .owners
        .iter()
        .flat_map(|f| f.all_names())
        .map(|n| n.name.as_str())
        .collect();
    for alias in &aliases.aliases {
        if !used.contains(alias.name.as_str()) {
            out.push(
                Diagnostic::new(
                    RULE.name,
                    format!("alias `{}` is not used by any OWNERS file", alias.name),
                )
                .at(&aliases.path, alias.span)
                .label("never referenced")
                .help("remove the alias, or name it in the OWNERS files it was meant for"),
            );
        }
    }
}
