//! The rules: one module per rule, each with its name, default severity and documentation
//! (the doc comment, which `ownlint explain` prints), gathered in [`REGISTRY`].
//!
//! Rules never choose a final severity: they push findings, and [`finish`] applies the rule's
//! default or the configured level afterwards, in one place.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity};
use crate::handover::HandoverState;
use crate::history::History;
use crate::history::evidence::Evidence;
use crate::resolve::Resolver;
use crate::walker::Snapshot;

/// Declares a rule's metadata; its doc comment is its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        name: $name:literal,
        severity: $severity:ident,
        $(uses_history: $uses_history:literal,)?
        check: $check:expr $(,)?
    ) => {
        $(#[doc = $doc])*
        pub static RULE: crate::rules::Rule = crate::rules::Rule {
            name: $name,
            default_severity: crate::diagnostics::Severity::$severity,
            docs: concat!($($doc, "\n"),*),
            uses_history: false $(|| $uses_history)?,
            check: $check,
        };
    };
}

pub mod absent_from_area;
pub mod codeowners_host;
pub mod codeowners_out_of_sync;
pub mod codeowners_too_large;
pub mod codeowners_unexportable;
pub mod declared;
pub mod departed_owner_not_moved;
pub mod duplicate_pattern;
pub mod emeritus_still_listed;
pub mod empty_owners_file;
pub mod explicitly_unowned;
pub mod handover_incomplete;
pub mod handover_mismatch;
pub mod handover_missing;
pub mod history_incomplete;
pub mod include_cycle;
pub mod include_missing;
pub mod include_other_repository;
pub mod include_outside_repository;
pub mod invalid_owner;
pub mod maintainers_section;
pub mod maintainers_status;
pub mod missing_accountable_owner;
pub mod multiple_accountable_owners;
pub mod orphaned_area;
pub mod owner_lacks_authority;
pub mod parse_error;
pub mod pattern_broken_by_rename;
pub mod pattern_matches_nothing;
pub mod review_overdue;
pub mod shadowed_pattern;
pub mod single_point_of_failure;
pub mod sources_disagree;
pub mod stale_owner;
pub mod team_only_ownership;
pub mod undeclared_maintainer;
pub mod undefined_alias;
pub mod unknown_field;
pub mod unknown_owner;
pub mod unknown_suppression;
pub mod unmapped_owner;
pub mod unowned_path;
pub mod unsupported_syntax;
pub mod unused_alias;
pub mod unused_suppression;

/// What a rule sees: the snapshot, the resolver over it, and the configuration.
pub struct Context<'a> {
    pub snapshot: &'a Snapshot,
    pub resolver: &'a Resolver<'a>,
    pub config: &'a Config,
    /// Repository paths the run is limited to (empty: everything).
    pub scope: &'a [String],
    /// The window's history and what it shows, unless history is off (`--no-history`).
    pub history: Option<(&'a History, &'a Evidence)>,
    /// The instant findings are judged at (`--as-of`, or the revision's time, or now).
    pub as_of: i64,
    /// Handover documents and ownership changes.
    pub handover: &'a HandoverState,
}

impl<'a> Context<'a> {
    /// Whether a tracked path is within the paths the run is limited to.
    pub fn in_scope(&self, path: &str) -> bool {
        crate::resolve::in_scope(path, self.scope)
    }

    /// The ownership changes judged (see [`crate::handover::hands`]): by identity when history
    /// was read, and knowing who still approves each area at the checked revision.
    pub fn changes_of_hands(&self) -> Vec<crate::handover::hands::Hands<'a>> {
        let still = |change: &crate::handover::changes::Change, name: &str| {
            self.still_approves(change, name)
        };
        let people = crate::handover::hands::People {
            evidence: self.history.map(|(_, evidence)| evidence),
            stale_after: self.config.history.stale_after,
            still_approves: &still,
        };
        crate::handover::hands::judge(&self.handover.changes, &people)
    }

    /// Whether someone approves the area of an ownership change at the checked revision (in
    /// its own declaration or through a parent OWNERS file).
    fn still_approves(&self, change: &crate::handover::changes::Change, name: &str) -> bool {
        let Some(index) = self.area_of_change(change) else {
            return false;
        };
        let approvers = declared::area_people(self, index, &[crate::resolve::Role::Approver]);
        approvers.iter().any(|a| match self.history {
            Some((_, evidence)) => evidence.ids.same_person(a, name),
            None => a.eq_ignore_ascii_case(name),
        })
    }

    /// The current declaration of the area an ownership change concerns, if it still exists.
    pub fn area_of_change(&self, change: &crate::handover::changes::Change) -> Option<usize> {
        if change.is_directory() {
            self.resolver.file_in(&change.dir)
        } else {
            self.snapshot
                .owners
                .iter()
                .rposition(|f| f.path == change.file && f.area() == change.area)
        }
    }
}

/// A rule: its metadata and, for rules that are not emitted by a parser, its check.
pub struct Rule {
    pub name: &'static str,
    pub default_severity: Severity,
    /// Markdown: a one-line summary, then *What it does*, *Why it matters*, *How to fix*,
    /// *Example*.
    pub docs: &'static str,
    /// Whether the rule reads the history and its evidence ([`Context::history`]): the other
    /// rules can run before the evidence is built.
    pub uses_history: bool,
    pub check: Option<fn(&Context, &mut Vec<Diagnostic>)>,
}

impl Rule {
    /// The first line of the documentation.
    pub fn summary(&self) -> &'static str {
        self.docs
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
    }

    /// The documentation with the one-space indent of `///` comments removed.
    pub fn documentation(&self) -> String {
        let mut text = String::new();
        for line in self.docs.lines() {
            text.push_str(line.strip_prefix(' ').unwrap_or(line));
            text.push('\n');
        }
        text.trim().to_string() + "\n"
    }

    /// The text under the documentation's `## {title}` heading, up to the next heading (a `##`
    /// line inside a code block is code, not a heading), trimmed; `None` without that heading.
    pub fn section(&self, title: &str) -> Option<String> {
        let heading = format!("## {title}");
        let documentation = self.documentation();
        let mut lines = documentation.lines();
        lines.by_ref().find(|l| l.trim_end() == heading)?;
        let mut body = Vec::new();
        let mut in_code = false;
        for line in lines {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            if !in_code && line.starts_with("## ") {
                break;
            }
            body.push(line);
        }
        Some(body.join("\n").trim().to_string())
    }

    /// A short help for tools that show one per rule (SARIF's `help`): what the rule finds, why
    /// it matters and how to fix it, each the first paragraph of its part of the documentation
    /// (the summary, *Why it matters*, *How to fix*) on one line, as plain text and as Markdown.
    /// `ownlint explain` prints the whole documentation.
    pub fn help(&self) -> RuleHelp {
        let documentation = self.documentation();
        let parts = [
            ("What", Some(first_paragraph(&documentation))),
            (
                "Why it matters",
                self.section("Why it matters")
                    .as_deref()
                    .map(first_paragraph),
            ),
            (
                "How to fix",
                self.section("How to fix").as_deref().map(first_paragraph),
            ),
        ];
        let mut text = Vec::new();
        let mut markdown = Vec::new();
        for (label, part) in parts {
            let Some(part) = part.filter(|p| !p.is_empty()) else {
                continue;
            };
            text.push(format!("{label}: {part}"));
            markdown.push(format!("**{label}:** {part}"));
        }
        let more = format!(
            "`ownlint explain {}` prints the full documentation.",
            self.name
        );
        text.push(more.clone());
        markdown.push(more);
        RuleHelp {
            text: text.join("\n\n"),
            markdown: markdown.join("\n\n"),
        }
    }
}

/// A rule's short help ([`Rule::help`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHelp {
    pub text: String,
    pub markdown: String,
}

/// The first paragraph of Markdown text (up to a blank line) on one line, runs of whitespace
/// collapsed to one space.
fn first_paragraph(text: &str) -> String {
    text.trim()
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every rule, in the order `ownlint rules` lists them.
pub static REGISTRY: &[&Rule] = &[
    &parse_error::RULE,
    &unknown_field::RULE,
    &unknown_suppression::RULE,
    &unused_suppression::RULE,
    &unsupported_syntax::RULE,
    &invalid_owner::RULE,
    &codeowners_too_large::RULE,
    &codeowners_host::RULE,
    &unowned_path::RULE,
    &undefined_alias::RULE,
    &unused_alias::RULE,
    &empty_owners_file::RULE,
    &emeritus_still_listed::RULE,
    &multiple_accountable_owners::RULE,
    &owner_lacks_authority::RULE,
    &team_only_ownership::RULE,
    &missing_accountable_owner::RULE,
    &unknown_owner::RULE,
    &unmapped_owner::RULE,
    &history_incomplete::RULE,
    &stale_owner::RULE,
    &absent_from_area::RULE,
    &orphaned_area::RULE,
    &undeclared_maintainer::RULE,
    &single_point_of_failure::RULE,
    &review_overdue::RULE,
    &handover_missing::RULE,
    &handover_incomplete::RULE,
    &handover_mismatch::RULE,
    &departed_owner_not_moved::RULE,
    &sources_disagree::RULE,
    &pattern_matches_nothing::RULE,
    &pattern_broken_by_rename::RULE,
    &shadowed_pattern::RULE,
    &duplicate_pattern::RULE,
    &explicitly_unowned::RULE,
    &maintainers_section::RULE,
    &maintainers_status::RULE,
    &include_missing::RULE,
    &include_cycle::RULE,
    &include_other_repository::RULE,
    &include_outside_repository::RULE,
    &codeowners_out_of_sync::RULE,
    &codeowners_unexportable::RULE,
];

/// The rule with this name.
pub fn find(name: &str) -> Option<&'static Rule> {
    REGISTRY.iter().copied().find(|r| r.name == name)
}

/// Runs every enabled rule over the context, adds the parse diagnostics, applies the configured
/// severities (dropping rules that are off) and returns the findings in a stable order.
/// The findings of each rule that `pick` selects and the configuration does not turn off, one
/// list per rule of [`REGISTRY`] (empty for the others), so that rules run apart can be put
/// back in one order with [`merge`].
pub fn check_each(context: &Context, pick: impl Fn(&Rule) -> bool) -> Vec<Vec<Diagnostic>> {
    REGISTRY
        .iter()
        .map(|rule| {
            let mut found = Vec::new();
            if let Some(check) = rule.check
                && pick(rule)
                && context.config.severity_of(rule.name).is_some()
            {
                check(context, &mut found);
                // Vendored and excluded files are read for their ownership, not judged.
                found.retain(|d| {
                    !context.snapshot.is_left_out(d) && !context.snapshot.is_about_generated(d)
                });
            }
            found
        })
        .collect()
}

/// The parse diagnostics, then every rule's findings in [`REGISTRY`] order.
pub fn merge(parse_diagnostics: Vec<Diagnostic>, found: Vec<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let mut all = parse_diagnostics;
    all.extend(found.into_iter().flatten());
    all
}

/// Applies the configured severities to findings (dropping rules that are off) and returns
/// them in a stable order, without duplicates.
pub fn finish(config: &Config, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut kept: Vec<Diagnostic> = found
        .into_iter()
        .filter_map(|mut d| {
            d.severity = config.severity_of_finding(&d)?;
            Some(d)
        })
        .collect();
    kept.sort_by(|a, b| {
        (&a.file, a.span.map(|s| s.start), a.rule, &a.message).cmp(&(
            &b.file,
            b.span.map(|s| s.start),
            b.rule,
            &b.message,
        ))
    });
    kept.dedup();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in REGISTRY {
            assert!(seen.insert(rule.name), "duplicate rule {}", rule.name);
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                rule.name
            );
            let docs = rule.documentation();
            for section in ["What it does", "Why it matters", "How to fix", "Example"] {
                assert!(
                    rule.section(section).is_some_and(|s| !s.is_empty()),
                    "{} lacks `## {section}`",
                    rule.name
                );
            }
            assert!(docs.contains("## What it does"));
            assert!(!rule.summary().is_empty());
        }
    }

    #[test]
    fn the_short_help_says_what_why_and_how_to_fix_in_a_few_lines() {
        for rule in REGISTRY {
            let help = rule.help();
            let why = first_paragraph(&rule.section("Why it matters").unwrap());
            let fix = first_paragraph(&rule.section("How to fix").unwrap());
            assert!(help.text.starts_with("What: "), "{}", help.text);
            assert!(help.text.contains(&format!("Why it matters: {why}")));
            assert!(help.text.contains(&format!("How to fix: {fix}")));
            assert!(help.markdown.contains(&format!("**How to fix:** {fix}")));
            // Short: not the whole documentation (no example, no heading).
            assert!(!help.markdown.contains("## "), "{}", help.markdown);
            assert!(!help.markdown.contains("```"), "{}", help.markdown);
            assert!(
                help.text.len() < rule.documentation().len(),
                "{}",
                rule.name
            );
        }
    }

    #[test]
    fn sections_end_at_the_next_heading_but_not_at_code() {
        static RULE: Rule = Rule {
            name: "x",
            default_severity: Severity::Warning,
            docs: " Finds x\n and y.\n\n ## What it does\n\n Looks.\n\n ## Example\n\n ```md\n ## not a heading\n ```\n\n ## Tail\n\n t\n",
            uses_history: false,
            check: None,
        };
        assert_eq!(RULE.section("What it does").as_deref(), Some("Looks."));
        assert_eq!(
            RULE.section("Example").as_deref(),
            Some("```md\n## not a heading\n```")
        );
        assert_eq!(RULE.section("How to fix"), None);
        let help = RULE.help();
        assert_eq!(
            help.text,
            "What: Finds x and y.\n\n`ownlint explain x` prints the full documentation."
        );
    }
}
