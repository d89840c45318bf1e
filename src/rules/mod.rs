//! The rules: one module per rule, each with its name, default severity, [`Category`], [`Check`]
//! and documentation (the doc comment, which `ownlint explain` prints), gathered in
//! [`REGISTRY`].
//!
//! Rules never choose a final severity: they push findings, and [`apply_levels`] (within
//! [`finish`]) applies the rule's default or the configured level afterwards, in one place.
//!
//! Nothing outside a rule's declaration classifies it by name: which rules wait for the
//! history's evidence follows from its [`Check`], which suppressions `unused-suppression`
//! judges and which findings belong to a pull request's change from its [`Category`]. History
//! rules get the history as a [`HistoryContext`], only when it shows what they need.
//!
//! Adding a rule touches:
//! 1. `src/rules/<rule>.rs` (new): `declare_rule!` (name, severity, category, check) and its
//!    check function;
//! 2. this file: `pub mod` and a line in [`REGISTRY`];
//! 3. the README rule table and `schemas/ownlint.schema.json`, regenerated with
//!    `OWNLINT_BLESS=1 cargo test --test it generated_files`;
//! 4. its fixture in `tests/it/rule_fixtures.rs`, one that fires and one that does not (a test
//!    fails for a registered rule without one), and its `## Example` fires it
//!    (`tests/it/rule_examples.rs`).

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity};
use crate::handover::HandoverState;
use crate::history::History;
use crate::history::evidence::Evidence;
use crate::resolve::Resolver;
use crate::walker::Snapshot;

pub use category::Category;
pub use history_context::{HistoryContext, HistoryNeed};

/// Declares a rule's metadata; its doc comment is its documentation. `check` is a
/// [`Check`]; `suppressions_judged: false` keeps `unused-suppression` from judging the rule's
/// markers where its category alone would (see [`Rule::suppressions_judged`]).
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        name: $name:literal,
        severity: $severity:ident,
        category: $category:ident,
        check: $check:expr,
        $(suppressions_judged: $judged:literal,)?
    ) => {
        $(#[doc = $doc])*
        pub static RULE: crate::rules::Rule = crate::rules::Rule::new(
            $name,
            crate::diagnostics::Severity::$severity,
            crate::rules::Category::$category,
            concat!($($doc, "\n"),*),
            {
                #[allow(unused_imports)]
                use crate::rules::{Check, HistoryNeed};
                $check
            },
        )$(.suppressions_judged($judged))?;
    };
}

pub mod absent_from_area;
mod category;
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
mod history_context;
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
    /// The window's history, unless history is off (`--no-history`). Rules do not read it:
    /// [`check_each`] hands it to the rules that ask for it ([`Check::Coverage`], and with the
    /// evidence [`Check::History`], [`Check::MaybeHistory`]), so that [`Rule::uses_history`]
    /// cannot be wrong.
    pub history: Option<&'a History>,
    /// What the history shows, unless there is no history or no rule that runs reads it
    /// ([`Check::reads_evidence`]): without it the history rules that need it do not run.
    pub evidence: Option<&'a Evidence>,
    /// The instant findings are judged at (`--as-of`, or the revision's time, or now).
    pub as_of: i64,
    /// Handover documents and ownership changes.
    pub handover: &'a HandoverState,
    /// Which systems own each tracked file, when the run already knows (read from the
    /// resolution cache); `unowned-path` resolves otherwise.
    pub ownership: Option<&'a crate::resolve::ownership::Ownership>,
    /// [`Self::changes_of_hands`], judged once per run (without and with the history's
    /// evidence): three rules ask, one of them once per handover document.
    pub judged: [std::sync::OnceLock<Vec<crate::handover::hands::Hands<'a>>>; 2],
    /// The people each ownership file declares, per role: see [`declared::declared`].
    pub declared: std::sync::OnceLock<Vec<Vec<declared::Declared>>>,
}

impl<'a> Context<'a> {
    /// Whether a tracked path is within the paths the run is limited to.
    pub fn in_scope(&self, path: &str) -> bool {
        crate::resolve::in_scope(path, self.scope)
    }

    /// The ownership changes judged (see [`crate::handover::hands`]): by identity when history
    /// was read, and knowing who still approves each area at the checked revision.
    pub fn changes_of_hands(
        &self,
        history: Option<&HistoryContext<'_>>,
    ) -> &[crate::handover::hands::Hands<'a>] {
        self.judged[usize::from(history.is_some())].get_or_init(|| self.judge(history))
    }

    /// [`Self::changes_of_hands`], computed.
    fn judge(
        &self,
        history: Option<&HistoryContext<'_>>,
    ) -> Vec<crate::handover::hands::Hands<'a>> {
        let evidence = history.map(|h| h.evidence);
        let still = |change: &crate::handover::changes::Change, name: &str| {
            self.still_approves(change, name, evidence)
        };
        let people = crate::handover::hands::People {
            evidence,
            stale_after: self.config.history.stale_after,
            still_approves: &still,
        };
        crate::handover::hands::judge(&self.handover.changes, &people)
    }

    /// Whether someone approves the area of an ownership change at the checked revision (in
    /// its own declaration or through a parent OWNERS file).
    fn still_approves(
        &self,
        change: &crate::handover::changes::Change,
        name: &str,
        evidence: Option<&Evidence>,
    ) -> bool {
        let Some(index) = self.area_of_change(change) else {
            return false;
        };
        let approvers = declared::area_people(self, index, &[crate::resolve::Role::Approver]);
        approvers.iter().any(|a| match evidence {
            Some(evidence) => evidence.ids.same_person(a, name),
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

/// A rule: its metadata and how `check` finds its findings. Everything that classifies rules
/// elsewhere (which run before the history's evidence, which suppressions are judged, which
/// findings belong to a pull request's change) is derived from its [`Category`] and its
/// [`Check`], never listed by name.
pub struct Rule {
    pub name: &'static str,
    pub default_severity: Severity,
    /// What the rule is about; `rules:` and `--select`/`--ignore` accept it for all its rules.
    pub category: Category,
    /// Markdown: a one-line summary, then *What it does*, *Why it matters*, *How to fix*,
    /// *Example*.
    pub docs: &'static str,
    /// Whether the rule reads the history and its evidence: derived from [`Rule::check`]
    /// ([`Check::reads_history`]); the other rules can run before the evidence is built.
    pub uses_history: bool,
    /// Whether `unused-suppression` reports a marker of this rule that hides nothing: derived
    /// (the category's findings follow from the checked revision alone, and `check` finds them
    /// where suppressions can hide them), unless the declaration says `suppressions_judged:
    /// false`.
    pub suppressions_judged: bool,
    pub check: Check,
}

/// How `check` finds a rule's findings, and what of the run the rule reads.
#[derive(Clone, Copy)]
pub enum Check {
    /// Found while the files are read (a parser, the walker, the configuration): the findings
    /// come with the snapshot.
    Reading,
    /// Not found in the run of the rules: after the suppressions are applied
    /// (`unused-suppression`), or by another command (`export codeowners --check`).
    Apart,
    /// Judges the snapshot, without history.
    Snapshot(fn(&Context, &mut Vec<Diagnostic>)),
    /// Judges the snapshot against the history: runs only when history was read and shows what
    /// the [`HistoryNeed`] asks for.
    History(
        HistoryNeed,
        fn(&Context, &HistoryContext, &mut Vec<Diagnostic>),
    ),
    /// Judges the snapshot, reading the history when there is one (identities, dates).
    MaybeHistory(fn(&Context, Option<&HistoryContext>, &mut Vec<Diagnostic>)),
    /// Judges the history read itself (how far back, how completely), never what it shows:
    /// runs whenever history was read, without waiting for the evidence.
    Coverage(fn(&Context, &History, &mut Vec<Diagnostic>)),
}

impl Check {
    /// Whether the check reads the history: it must wait for the evidence.
    pub const fn reads_history(&self) -> bool {
        matches!(
            self,
            Check::History(..) | Check::MaybeHistory(_) | Check::Coverage(_)
        )
    }

    /// Whether the check reads what the history shows (the evidence built from it), not only
    /// the history read: a run whose rules none of which do need not build the evidence.
    pub const fn reads_evidence(&self) -> bool {
        matches!(self, Check::History(..) | Check::MaybeHistory(_))
    }

    /// Whether `check` finds the rule's findings before the suppressions are applied (so that
    /// a suppression comment can hide them).
    pub const fn found_before_suppressions(&self) -> bool {
        !matches!(self, Check::Apart)
    }
}

impl Rule {
    /// A rule, with the flags its category and check imply.
    pub const fn new(
        name: &'static str,
        default_severity: Severity,
        category: Category,
        docs: &'static str,
        check: Check,
    ) -> Rule {
        Rule {
            name,
            default_severity,
            category,
            docs,
            uses_history: check.reads_history(),
            suppressions_judged: category.is_deterministic() && check.found_before_suppressions(),
            check,
        }
    }

    /// The rule with [`Rule::suppressions_judged`] set by its declaration.
    pub const fn suppressions_judged(mut self, judged: bool) -> Rule {
        self.suppressions_judged = judged;
        self
    }

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

/// The rules of a category, in [`REGISTRY`] order.
pub fn of_category(category: Category) -> impl Iterator<Item = &'static Rule> {
    REGISTRY
        .iter()
        .copied()
        .filter(move |r| r.category == category)
}

/// The findings of each rule that `pick` selects and the configuration does not turn off, one
/// list per rule of [`REGISTRY`] (empty for the others), so that rules run apart can be put
/// back in one order with [`merge`].
pub fn check_each(context: &Context, pick: impl Fn(&Rule) -> bool + Sync) -> Vec<Vec<Diagnostic>> {
    let history = context
        .history
        .zip(context.evidence)
        .map(|(history, evidence)| {
            HistoryContext::new(
                history,
                evidence,
                context.as_of,
                context.config.history.stale_after,
            )
        });
    let run = |rule: &Rule| {
        let mut found = Vec::new();
        if pick(rule) && context.config.severity_of(rule.name).is_some() {
            match rule.check {
                Check::Reading | Check::Apart => {}
                Check::Snapshot(check) => check(context, &mut found),
                Check::History(need, check) => {
                    if let Some(history) = history.as_ref().filter(|h| h.shows(need)) {
                        check(context, history, &mut found);
                    }
                }
                Check::MaybeHistory(check) => check(context, history.as_ref(), &mut found),
                Check::Coverage(check) => {
                    if let Some(read) = context.history {
                        check(context, read, &mut found);
                    }
                }
            }
            // Vendored and excluded files are read for their ownership, not judged.
            found.retain(|d| {
                !context.snapshot.is_left_out(d) && !context.snapshot.is_about_generated(d)
            });
        }
        found
    };
    on_two_threads(REGISTRY.len(), |i| run(REGISTRY[i]))
}

/// `work(0..n)`, in that order, on this thread and one more ([`crate::side_by_side::take_turns`]).
/// The rules read the run and write only their own findings; on benches/pattern_shapes.rs they
/// were two fifths of a warm `check` on the `chromium` shape (18,000 findings), all on one core.
fn on_two_threads<T: Send>(n: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    crate::side_by_side::take_turns("ownlint-rules", n, &work, &work)
}

/// The parse diagnostics, then every rule's findings in [`REGISTRY`] order.
pub fn merge(parse_diagnostics: Vec<Diagnostic>, found: Vec<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let mut all = parse_diagnostics;
    // Reserved once: tens of thousands of findings of a few hundred bytes each, moved again
    // at every doubling otherwise.
    all.reserve(found.iter().map(Vec::len).sum());
    all.extend(found.into_iter().flatten());
    all
}

/// The one severity step: gives each finding its rule's configured level, else its rule's
/// default, and drops the findings of rules that are off. The order is kept.
pub fn apply_levels(config: &Config, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    found
        .into_iter()
        .filter_map(|mut d| {
            // A finding of a name no rule has would vanish here (it has no level): every
            // finding must name a registered rule, which every test run checks.
            debug_assert!(find(d.rule).is_some(), "no rule named `{}`", d.rule);
            d.severity = config.severity_of_finding(&d)?;
            Some(d)
        })
        .collect()
}

/// Applies the configured severities to findings ([`apply_levels`]) and returns them in a
/// stable order, without duplicates.
pub fn finish(config: &Config, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut sorted = in_order(apply_levels(config, found));
    sorted.dedup();
    sorted
}

/// [`finish`] of the parse diagnostics and each rule's findings as [`check_each`] gives them:
/// the same findings in the same order as `finish(config, merge(parse, found))`. Each list is
/// levelled and sorted on its own, on this thread and one more, and the sorted lists are
/// merged, each finding moved once: on benches/pattern_shapes.rs's `chromium` shape (18,000
/// findings of a few hundred bytes) gathering, levelling and sorting them all on one thread
/// was a twentieth of a warm `check`, the other core idle.
pub fn finish_each(
    config: &Config,
    parse_diagnostics: Vec<Diagnostic>,
    found: Vec<Vec<Diagnostic>>,
) -> Vec<Diagnostic> {
    let lists: Vec<std::sync::Mutex<Vec<Diagnostic>>> = std::iter::once(parse_diagnostics)
        .chain(found)
        .map(std::sync::Mutex::new)
        .collect();
    let sort = |i: usize| {
        let list = std::mem::take(&mut *lists[i].lock().unwrap_or_else(|e| e.into_inner()));
        in_order(apply_levels(config, list))
    };
    let sorted = crate::side_by_side::take_turns("ownlint-finish", lists.len(), sort, sort);
    let mut merged = merge_sorted(sorted, place);
    merged.dedup();
    merged
}

/// The order findings are reported in: by file, place in it, rule and message.
fn place(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (&a.file, a.span.map(|s| s.start), a.rule, &a.message).cmp(&(
        &b.file,
        b.span.map(|s| s.start),
        b.rule,
        &b.message,
    ))
}

/// Findings sorted by [`place`], stably. Sorted through their indices, each finding then moved
/// once: a finding is a few hundred bytes, and moving them through the passes of the sort cost
/// as much as comparing them (18,000 findings on benches/pattern_shapes.rs's `chromium`
/// shape).
fn in_order(found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|&a, &b| place(&found[a], &found[b]));
    let mut slots: Vec<Option<Diagnostic>> = found.into_iter().map(Some).collect();
    let mut sorted = Vec::with_capacity(slots.len());
    sorted.extend(order.into_iter().filter_map(|i| slots[i].take()));
    sorted
}

/// Lists each sorted by `order` merged into one sorted list, as a stable sort of their
/// concatenation would order it (of equal items, the earlier list's first). A heap of the
/// lists' indices keyed by their next item; each item is moved once.
fn merge_sorted<T>(lists: Vec<Vec<T>>, order: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
    let mut merged = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    let mut rest: Vec<std::vec::IntoIter<T>> = lists.into_iter().map(Vec::into_iter).collect();
    let mut next: Vec<Option<T>> = rest.iter_mut().map(Iterator::next).collect();
    // Whether list `a`'s next item goes before list `b`'s.
    let before = |next: &[Option<T>], a: usize, b: usize| match (&next[a], &next[b]) {
        (Some(x), Some(y)) => order(x, y).then(a.cmp(&b)).is_lt(),
        (x, _) => x.is_some(),
    };
    let mut heap: Vec<usize> = (0..next.len()).filter(|&i| next[i].is_some()).collect();
    for at in (0..heap.len() / 2).rev() {
        sift_down(&mut heap, at, |a, b| before(&next, a, b));
    }
    while let Some(&first) = heap.first() {
        let Some(item) = std::mem::replace(&mut next[first], rest[first].next()) else {
            break;
        };
        merged.push(item);
        if next[first].is_none() {
            heap.swap_remove(0);
        }
        sift_down(&mut heap, 0, |a, b| before(&next, a, b));
    }
    merged
}

/// Restores the heap order of `heap` (its first item the one that goes `before` all others)
/// below `at`.
fn sift_down(heap: &mut [usize], mut at: usize, before: impl Fn(usize, usize) -> bool) {
    loop {
        let (left, right) = (2 * at + 1, 2 * at + 2);
        let mut first = at;
        if left < heap.len() && before(heap[left], heap[first]) {
            first = left;
        }
        if right < heap.len() && before(heap[right], heap[first]) {
            first = right;
        }
        if first == at {
            return;
        }
        heap.swap(at, first);
        at = first;
    }
}

#[cfg(test)]
mod tests {
    /// A finding of `rule` at byte `start` of `file`.
    fn at(rule: &'static str, file: &str, start: usize, message: &str) -> Diagnostic {
        Diagnostic::new(rule, message).at(file, crate::source::Span::new(start, start + 1))
    }

    #[test]
    fn findings_are_sorted_by_place_rule_and_message_and_each_kept_once() {
        let found = vec![
            at("undefined-alias", "b/OWNERS", 5, "two"),
            at("unowned-path", "a/OWNERS", 9, "one"),
            at("undefined-alias", "b/OWNERS", 5, "one"),
            at("parse-error", "a/OWNERS", 9, "one"),
            at("undefined-alias", "b/OWNERS", 5, "two"),
            at("parse-error", "a/OWNERS", 2, "z"),
            Diagnostic::new("unowned-path", "no file"),
        ];
        let kept = finish(&Config::default(), found);
        let keys: Vec<(Option<&str>, Option<usize>, &str, &str)> = kept
            .iter()
            .map(|d| {
                (
                    d.file.as_deref(),
                    d.span.map(|s| s.start),
                    d.rule,
                    d.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            keys,
            [
                (None, None, "unowned-path", "no file"),
                (Some("a/OWNERS"), Some(2), "parse-error", "z"),
                (Some("a/OWNERS"), Some(9), "parse-error", "one"),
                (Some("a/OWNERS"), Some(9), "unowned-path", "one"),
                (Some("b/OWNERS"), Some(5), "undefined-alias", "one"),
                (Some("b/OWNERS"), Some(5), "undefined-alias", "two"),
            ]
        );
    }

    #[test]
    fn sorted_lists_merge_as_a_stable_sort_of_their_concatenation() {
        // Items (key, tag): equal keys in several lists and within one, empty lists between.
        let mut seed = 0x9e37_79b9_u64;
        let mut random = |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        for round in 0..200 {
            let mut lists: Vec<Vec<(u64, u64)>> = Vec::new();
            for list in 0..random(9) {
                let mut items = Vec::new();
                for i in 0..random(12) {
                    items.push((random(6), list * 100 + i));
                }
                items.sort_by_key(|&(key, _)| key);
                lists.push(items);
            }
            let mut expected: Vec<(u64, u64)> = lists.concat();
            expected.sort_by_key(|&(key, _)| key);
            let merged = merge_sorted(lists, |a, b| a.0.cmp(&b.0));
            assert_eq!(merged, expected, "round {round}");
        }
    }

    #[test]
    fn findings_finished_apart_are_those_finished_together() {
        let parse = vec![
            at("parse-error", "b/OWNERS", 1, "bad"),
            at("parse-error", "a/OWNERS", 3, "bad"),
        ];
        let mut milder = at("undefined-alias", "a/OWNERS", 3, "one");
        milder.milder = true;
        let found = vec![
            vec![],
            vec![
                at("undefined-alias", "b/OWNERS", 5, "two"),
                at("undefined-alias", "a/OWNERS", 3, "one"),
                milder.clone(),
                at("undefined-alias", "b/OWNERS", 5, "two"),
            ],
            vec![Diagnostic::new("unowned-path", "no file")],
            vec![
                at("unowned-path", "a/OWNERS", 3, "one"),
                at("unowned-path", "b/OWNERS", 1, "bad"),
            ],
            // A duplicate of another rule's finding is kept: it names its own rule.
            vec![at("undefined-alias", "b/OWNERS", 5, "two")],
        ];
        let config = Config::default();
        let together = finish(&config, merge(parse.clone(), found.clone()));
        let apart = finish_each(&config, parse, found);
        assert_eq!(apart, together);
        // The duplicate found twice by one rule is kept once; a milder one stays beside.
        assert_eq!(apart.len(), 8);
        assert!(apart.contains(&{
            let mut d = milder;
            d.severity = config.severity_of_finding(&d).unwrap();
            d
        }));
    }

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

    fn names(pick: impl Fn(&Rule) -> bool) -> Vec<&'static str> {
        let mut names: Vec<_> = REGISTRY
            .iter()
            .filter(|r| pick(r))
            .map(|r| r.name)
            .collect();
        names.sort_unstable();
        names
    }

    fn sorted(mut names: Vec<&str>) -> Vec<&str> {
        names.sort_unstable();
        names
    }

    /// The sets derived from categories and checks are the ones that were listed by hand
    /// before (`uses_history: true`, `JUDGED`, `CHANGE_RULES`, `DOCUMENT_RULES`): deriving them
    /// changed no behaviour. A new rule joins them through its category and check; add it
    /// here too, as the record that what they imply for it was meant.
    #[test]
    fn derived_sets_are_the_hand_written_lists_they_replace() {
        assert_eq!(
            names(|r| r.uses_history),
            sorted(vec![
                absent_from_area::RULE.name,
                departed_owner_not_moved::RULE.name,
                handover_mismatch::RULE.name,
                handover_missing::RULE.name,
                history_incomplete::RULE.name,
                orphaned_area::RULE.name,
                review_overdue::RULE.name,
                single_point_of_failure::RULE.name,
                stale_owner::RULE.name,
                undeclared_maintainer::RULE.name,
                unmapped_owner::RULE.name,
            ])
        );
        assert_eq!(
            names(|r| r.suppressions_judged),
            sorted(vec![
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
            ])
        );
        assert_eq!(
            names(|r| r.category == Category::Change),
            sorted(vec![
                handover_missing::RULE.name,
                departed_owner_not_moved::RULE.name,
                pattern_broken_by_rename::RULE.name,
            ])
        );
        assert_eq!(
            names(|r| r.category == Category::Handover),
            sorted(vec![
                handover_incomplete::RULE.name,
                handover_mismatch::RULE.name
            ])
        );
    }

    /// A rule's category and what its check reads agree: history rules read the history, and
    /// the rules whose findings follow from the checked revision alone do not.
    #[test]
    fn categories_agree_with_what_checks_read() {
        for rule in REGISTRY {
            if rule.category == Category::History {
                assert!(rule.check.reads_history(), "{}", rule.name);
            }
            if rule.category.is_deterministic() {
                assert!(!rule.check.reads_history(), "{}", rule.name);
            }
        }
    }

    #[test]
    fn every_category_has_rules_and_no_rule_shares_its_name() {
        for &category in Category::ALL {
            assert!(of_category(category).next().is_some(), "{category}");
            assert!(find(category.name()).is_none(), "{category}");
            assert_eq!(Category::find(category.name()), Some(category));
        }
        let counted: usize = Category::ALL.iter().map(|&c| of_category(c).count()).sum();
        assert_eq!(counted, REGISTRY.len());
    }

    /// Every finding of a run passes the severity step, where one naming no registered rule
    /// (a misspelt literal outside `src/rules/`) would silently vanish: in debug builds, which
    /// every test runs, it stops the run instead. Names used outside `src/rules/` are the
    /// rules' `RULE.name` constants wherever the code can, so the compiler checks them.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "no rule named `unowned-paths`")]
    fn a_finding_of_an_unregistered_rule_stops_a_debug_run() {
        let config = Config::default();
        let kept = apply_levels(&config, vec![Diagnostic::new(unowned_path::RULE.name, "m")]);
        assert_eq!(kept.len(), 1);
        apply_levels(&config, vec![Diagnostic::new("unowned-paths", "m")]);
    }

    #[test]
    fn sections_end_at_the_next_heading_but_not_at_code() {
        static RULE: Rule = Rule::new(
            "x",
            Severity::Warning,
            Category::Syntax,
            " Finds x\n and y.\n\n ## What it does\n\n Looks.\n\n ## Example\n\n ```md\n ## not a heading\n ```\n\n ## Tail\n\n t\n",
            Check::Reading,
        );
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
