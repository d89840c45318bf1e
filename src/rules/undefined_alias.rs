use super::Context;
use crate::diagnostics::Diagnostic;
use crate::model::Dialect;
use crate::model::{NameRef, OwnersFile};
use crate::resolve::NameKind;
use crate::yaml::did_you_mean;

declare_rule! {
    /// A name that looks like an alias or team but is defined nowhere.
    ///
    /// ## What it does
    ///
    /// Reports a name in `owner`, `approvers`, `reviewers`, `required_reviewers`, `cover` or a
    /// filter that is not an alias of the root OWNERS_ALIASES, not a team or person of
    /// `.ownlint.yaml`, and that cannot be a person: it is one edit or two away from a defined
    /// alias, it follows the alias naming conventions (`sig-…`, `wg-…`, `…-approvers`,
    /// `…-reviewers`, `…-maintainers`, `…-leads`, `…-owners`, `…-admins`, `…-team`), or it is
    /// not a valid GitHub user name.
    ///
    /// ## Why it matters
    ///
    /// Prow treats an unknown name as a user name: a misspelled or deleted alias silently
    /// approves nothing, and the directory may be left with no approver at all.
    ///
    /// ## How to fix
    ///
    /// Define the alias in OWNERS_ALIASES (or the team in the configuration), or correct the name
    /// to one that exists.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # OWNERS_ALIASES defines `sig-storage-approvers`
    /// approvers:
    ///   - sig-storage-approver     # did you mean `sig-storage-approvers`?
    /// ```
    name: "undefined-alias",
    severity: Error,
    category: Accountability,
    check: Check::Snapshot(check),
}

const ALIAS_PREFIXES: &[&str] = &["sig-", "wg-", "team-"];
const ALIAS_SUFFIXES: &[&str] = &[
    "-approvers",
    "-reviewers",
    "-maintainers",
    "-leads",
    "-owners",
    "-admins",
    "-team",
    "-members",
    "-committers",
];

/// The aliases and teams defined: OWNERS_ALIASES and the configuration's `teams`.
fn defined<'c>(context: &'c Context) -> Vec<&'c str> {
    context
        .snapshot
        .aliases
        .iter()
        .flat_map(|a| a.aliases.iter().map(|alias| alias.name.as_str()))
        .chain(context.config.teams.keys().map(String::as_str))
        .collect()
}

/// Whether a name of a YAML OWNERS file is reported as an undefined alias, and the defined name
/// it is nearest to, if any.
fn verdict<'d>(context: &Context, defined: &[&'d str], name: &str) -> Option<Option<&'d str>> {
    if context.resolver.kind(name) != NameKind::Person
        || context.config.people.contains_key(name)
        || name.contains('@')
    {
        return None;
    }
    // Short names are people far more often than misspelled aliases: only longer ones are
    // compared with the defined names.
    let near = if name.len() >= 8 {
        did_you_mean(name, defined.iter().copied())
    } else {
        None
    };
    (near.is_some() || looks_like_alias(name)).then_some(near)
}

/// Whether this rule reports a name of a YAML OWNERS file: other rules leave such a name to it
/// (it names a group, not a person).
pub fn reports(context: &Context, name: &str) -> bool {
    verdict(context, &defined(context), name).is_some()
}

fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let defined = defined(context);
    // Only YAML OWNERS files use OWNERS_ALIASES.
    for file in &context.snapshot.owners {
        if file.dialect != Dialect::Owners {
            continue;
        }
        for name in names_that_grant(file) {
            let Some(near) = verdict(context, &defined, &name.name) else {
                continue;
            };
            let mut diagnostic = Diagnostic::new(
                RULE.name,
                format!(
                    "`{}` looks like an alias but no alias or team has that name",
                    name.name
                ),
            )
            .at(&file.path, name.span)
            .area(file.area());
            diagnostic = match near {
                Some(alias) => diagnostic
                    .label(format!("did you mean `{alias}`?"))
                    .help(format!("use the alias `{alias}`, or define `{}` in OWNERS_ALIASES", name.name)),
                None => diagnostic
                    .label("not defined in OWNERS_ALIASES")
                    .help(format!(
                        "define `{}` in the root OWNERS_ALIASES (or as a team in .ownlint.yaml), or list the people themselves",
                        name.name
                    )),
            };
            out.push(diagnostic);
        }
    }
}

/// The names of a file that grant a role (emeritus lists do not).
fn names_that_grant(file: &OwnersFile) -> impl Iterator<Item = &NameRef> {
    file.owner
        .iter()
        .chain(&file.approvers)
        .chain(&file.reviewers)
        .chain(&file.required_reviewers)
        .chain(&file.cover)
        .chain(file.filters.iter().flat_map(|f| {
            f.approvers
                .iter()
                .chain(&f.reviewers)
                .chain(&f.required_reviewers)
        }))
}

/// Whether a name follows alias conventions or cannot be a GitHub user name.
fn looks_like_alias(name: &str) -> bool {
    if ALIAS_PREFIXES.iter().any(|p| name.starts_with(p))
        || ALIAS_SUFFIXES.iter().any(|s| name.ends_with(s))
    {
        return true;
    }
    let valid_login = !name.is_empty()
        && name.len() <= 39
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--");
    !valid_login
}

#[cfg(test)]
mod tests {
    use super::looks_like_alias;

    #[test]
    fn alias_conventions() {
        assert!(looks_like_alias("sig-node-approvers"));
        assert!(looks_like_alias("storage_team"));
        assert!(looks_like_alias("org/team"));
        assert!(!looks_like_alias("alice"));
        assert!(!looks_like_alias("bob-smith"));
    }
}
