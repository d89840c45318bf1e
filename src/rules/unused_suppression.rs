use super::{
    codeowners_too_large, codeowners_unexportable, duplicate_pattern, emeritus_still_listed,
    empty_owners_file, explicitly_unowned, include_cycle, include_missing,
    include_other_repository, include_outside_repository, invalid_owner, maintainers_section,
    maintainers_status, missing_accountable_owner, multiple_accountable_owners,
    owner_lacks_authority, parse_error, pattern_matches_nothing, shadowed_pattern,
    sources_disagree, team_only_ownership, undefined_alias, unknown_field, unknown_owner,
    unknown_suppression, unowned_path, unsupported_syntax, unused_alias,
};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::suppress::Suppressions;

declare_rule! {
    /// An `ownlint: ignore[rule]` comment that hides no finding of that rule.
    ///
    /// ## What it does
    ///
    /// After a whole-repository `ownlint check`, reports each rule name of a suppression
    /// comment that hid nothing: no finding of that rule points at the comment's line (or, for
    /// a comment on a line of its own, at the next line).
    ///
    /// Only rules whose findings follow from the ownership files, the configuration and the
    /// list of files are judged. Markers for rules that depend on history, on the date or on
    /// the change being checked (`stale-owner`, `review-overdue`, `handover-missing`, ...) are
    /// never reported: their findings come and go while the comment is still wanted. Nothing
    /// is judged when `check` is limited to PATHs, or for a rule that is `off`.
    ///
    /// ## Why it matters
    ///
    /// Suppressions outlive the problems they were written for. A stale one says a problem is
    /// known and accepted where there is none, and silently hides the next finding of that rule
    /// on that line, which nobody has looked at.
    ///
    /// ## How to fix
    ///
    /// Remove the comment, or the rule name from it, since the finding it hid is gone.
    ///
    /// ## Example
    ///
    /// ```text
    /// # .github/CODEOWNERS
    /// # ownlint: ignore[pattern-matches-nothing]     the directory exists again
    /// /docs/ @org/writers
    /// ```
    name: "unused-suppression",
    severity: Info,
    check: None,
}

/// Rules whose findings depend only on the ownership files, the configuration and the file
/// list of the checked revision: a suppression of one of them that hides nothing is unused.
const JUDGED: &[&str] = &[
    parse_error::RULE.name,
    unknown_field::RULE.name,
    unknown_suppression::RULE.name,
    unsupported_syntax::RULE.name,
    invalid_owner::RULE.name,
    codeowners_too_large::RULE.name,
    codeowners_unexportable::RULE.name,
    unowned_path::RULE.name,
    undefined_alias::RULE.name,
    unused_alias::RULE.name,
    empty_owners_file::RULE.name,
    emeritus_still_listed::RULE.name,
    multiple_accountable_owners::RULE.name,
    owner_lacks_authority::RULE.name,
    team_only_ownership::RULE.name,
    missing_accountable_owner::RULE.name,
    unknown_owner::RULE.name,
    sources_disagree::RULE.name,
    pattern_matches_nothing::RULE.name,
    shadowed_pattern::RULE.name,
    duplicate_pattern::RULE.name,
    explicitly_unowned::RULE.name,
    maintainers_section::RULE.name,
    maintainers_status::RULE.name,
    include_missing::RULE.name,
    include_cycle::RULE.name,
    include_other_repository::RULE.name,
    include_outside_repository::RULE.name,
];

/// The findings for the suppressions that hid none of `hidden` (the findings of a
/// whole-repository run that markers hid).
pub fn findings(
    suppressions: &Suppressions,
    hidden: &[Diagnostic],
    config: &Config,
) -> Vec<Diagnostic> {
    suppressions
        .unused(hidden)
        .into_iter()
        .filter(|(_, _, (name, _))| {
            JUDGED.contains(&name.as_str()) && config.severity_of(name).is_some()
        })
        .map(|(path, marker, (name, span))| {
            let lines = if marker.own_line {
                "this line or the next"
            } else {
                "this line"
            };
            Diagnostic::new(
                RULE.name,
                format!("no `{name}` finding on {lines}: this suppression hides nothing"),
            )
            .at(path, *span)
            .label("hides nothing")
            .help(if marker.rules.len() == 1 {
                "remove the comment".to_string()
            } else {
                format!("remove `{name}` from the comment")
            })
        })
        .collect()
}
