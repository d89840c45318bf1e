//! The one findings path of a run: every enabled rule over the snapshot (and the history's
//! evidence), then the one severity step ([`rules::finish_each`]), the suppression comments and the
//! scope. `check`, `report` and pull-request mode all judge through [`Session::findings`].

use super::{Session, coverage_cache, resolution_cache};
use crate::diagnostics::Diagnostic;
use crate::handover::changes::is_ownership_file;
use crate::history::evidence::Evidence;
use crate::repo::Revision;
use crate::resolve::{Resolver, dir_of, in_scope, within};
use crate::rules::{self, Context, REGISTRY, Rule, unowned_path, unused_suppression};
use crate::suppress::Suppressions;

/// A run's findings, with what they were judged from (the one resolver of the run and the
/// history's evidence), which the sweep and pull-request mode read again.
pub struct Findings<'s> {
    pub resolver: Resolver<'s>,
    pub evidence: Option<Evidence>,
    /// The findings no `ownlint: ignore[...]` comment hides, limited to the scope.
    pub diagnostics: Vec<Diagnostic>,
    /// How many findings in the scope suppression comments hid.
    pub suppressed: usize,
}

impl Session {
    /// Runs every enabled rule over the run, limited to `scope` when it is not empty.
    pub fn findings(&self, scope: &[String]) -> Findings<'_> {
        let resolver = Resolver::new(&self.snapshot, &self.config.teams);
        let staged = matches!(self.revision, Revision::Index);
        let hook_skips = staged && incremental();
        let skipped = match hook_skips {
            true => self.cannot_be_the_commits(),
            false => Vec::new(),
        };
        let runs = |rule: &Rule| {
            !skipped.contains(&rule.name) && self.config.severity_of(rule.name).is_some()
        };
        // The evidence resolves every path the window's commits changed: the hook builds it
        // only when a rule that runs reads it (on a commit that changes no ownership file,
        // none does); other runs hand it on (`report` reads it).
        let evidence = (!hook_skips
            || REGISTRY
                .iter()
                .any(|rule| runs(rule) && rule.check.reads_evidence()))
        .then(|| self.evidence(&resolver))
        .flatten();
        // The answers of the files the commit changes are resolved; the others are read from
        // the resolution cache when it is keyed by the same ownership files. A full run adds
        // the files it resolved to the cache.
        // Only pattern systems make resolution costly: OWNERS files alone resolve per
        // directory, faster than the cache reads (40,000 files, 700 OWNERS: 0.10 s with it,
        // 0.09 s without).
        let ownership = (resolver.has_pattern_systems()
            && self.config.severity_of(unowned_path::RULE.name).is_some())
        .then(|| {
            let changed = &self.handover.changed;
            resolution_cache::ownership(self, &resolver, changed, incremental(), !staged).0
        });
        let mut context = context(self, scope, &resolver, evidence.as_ref());
        context.ownership = ownership.as_ref();
        // What the tracked files make of each CODEOWNERS line, as a run with the same files
        // and ownership files counted it; counted by the rules that need it otherwise.
        let coverage = coverage_cache::preset(self);
        let found = rules::check_each(&context, |rule| !skipped.contains(&rule.name));
        if let Some(coverage) = coverage {
            coverage_cache::save(self, coverage);
        }
        debug_assert!(
            self.located_where_declared(&found),
            "a finding of a rule in LOCATED_IN_OWNERSHIP_FILES lies outside the ownership files"
        );
        let (diagnostics, suppressed) = kept_and_hidden(self, scope, found);
        Findings {
            resolver,
            evidence,
            diagnostics,
            suppressed,
        }
    }
}

/// Whether `--staged` does only what the commit can change (the default): the environment
/// variable `OWNLINT_INCREMENTAL=0` makes it resolve every file and run every rule, as a plain
/// `check` does, to compare the two.
fn incremental() -> bool {
    std::env::var_os("OWNLINT_INCREMENTAL").is_none_or(|v| v != "0")
}

/// The rules each of whose findings is located in an ownership file the run read (a
/// pattern's line, a section's header, a declared person's line, an OWNERS_ALIASES member):
/// [`ChangeScope::touches`](super::change::ChangeScope::touches) keeps such a finding only when
/// the commit changes that file, so on a commit that changes no ownership file the hook does
/// not run them. The pattern rules resolve every tracked file against every pattern, and the
/// history rules need the evidence, which resolves every path of the window's commits: the
/// largest shares of the hook's time on a MAINTAINERS repository. In debug builds (every test
/// run) a finding of one of them outside the ownership files fails an assertion.
const LOCATED_IN_OWNERSHIP_FILES: &[&str] = &[
    crate::rules::pattern_matches_nothing::RULE.name,
    crate::rules::maintainers_status::RULE.name,
    crate::rules::shadowed_pattern::RULE.name,
    crate::rules::explicitly_unowned::RULE.name,
    crate::rules::stale_owner::RULE.name,
    crate::rules::orphaned_area::RULE.name,
    crate::rules::absent_from_area::RULE.name,
    crate::rules::single_point_of_failure::RULE.name,
    crate::rules::undeclared_maintainer::RULE.name,
    crate::rules::unmapped_owner::RULE.name,
    crate::rules::review_overdue::RULE.name,
];

/// The rules each of whose findings is about one of the change's ownership changes
/// (`handover.changes`, judged through [`Context::changes_of_hands`](rules::Context)): on a
/// commit that makes none they find nothing, and the hook does not run them (they would read
/// the evidence for nothing).
const ABOUT_OWNERSHIP_CHANGES: &[&str] = &[
    crate::rules::handover_missing::RULE.name,
    crate::rules::departed_owner_not_moved::RULE.name,
];

impl Session {
    /// The rules whose findings a staged commit cannot have (what
    /// [`ChangeScope::touches`](super::change::ChangeScope::touches) would drop, or what finds
    /// nothing): [`LOCATED_IN_OWNERSHIP_FILES`] when it changes none of the ownership files
    /// the run read; the handover rules when it changes no ownership file, configuration or
    /// handover document; [`ABOUT_OWNERSHIP_CHANGES`] when it makes no ownership change.
    fn cannot_be_the_commits(&self) -> Vec<&'static str> {
        let changed = &self.handover.changed;
        let sources = &self.snapshot.sources;
        let mut skipped = Vec::new();
        if !changed.iter().any(|p| sources.contains_key(p)) {
            skipped.extend_from_slice(LOCATED_IN_OWNERSHIP_FILES);
        }
        let text_source = |p: &String| {
            sources.contains_key(p)
                || self.handover.handovers.sources.contains_key(p)
                || self.config.source.as_ref().is_some_and(|s| &s.path == p)
                || is_ownership_file(p)
        };
        if !changed.iter().any(text_source) {
            skipped.extend(
                REGISTRY
                    .iter()
                    .filter(|r| r.category == rules::Category::Handover)
                    .map(|r| r.name),
            );
        }
        if self.handover.changes.is_empty() {
            skipped.extend_from_slice(ABOUT_OWNERSHIP_CHANGES);
        }
        skipped
    }

    /// Whether every finding of [`LOCATED_IN_OWNERSHIP_FILES`] (in [`rules::check_each`]'s
    /// order) lies in an ownership file the run read.
    fn located_where_declared(&self, found: &[Vec<Diagnostic>]) -> bool {
        REGISTRY.iter().zip(found).all(|(rule, found)| {
            !LOCATED_IN_OWNERSHIP_FILES.contains(&rule.name)
                || found.iter().all(|d| {
                    d.file
                        .as_deref()
                        .is_some_and(|f| self.snapshot.sources.contains_key(f))
                })
        })
    }
}

/// What the rules see of a session.
fn context<'a>(
    session: &'a Session,
    scope: &'a [String],
    resolver: &'a Resolver<'a>,
    evidence: Option<&'a Evidence>,
) -> Context<'a> {
    Context {
        snapshot: &session.snapshot,
        resolver,
        config: &session.config,
        scope,
        history: session.history.as_ref(),
        evidence,
        as_of: session.as_of,
        handover: &session.handover,
        ownership: None,
        judged: Default::default(),
        declared: Default::default(),
    }
}

/// The findings (the parse diagnostics, then each rule's, as [`rules::check_each`] gives
/// them) that no `ownlint: ignore[...]` comment hides, limited to `scope`, and how many such
/// comments hid there.
fn kept_and_hidden(
    session: &Session,
    scope: &[String],
    found: Vec<Vec<Diagnostic>>,
) -> (Vec<Diagnostic>, usize) {
    let snapshot = &session.snapshot;
    let mut parse = snapshot.diagnostics.clone();
    parse.extend(session.config_diagnostics.iter().cloned());
    parse.extend(session.handover.handovers.diagnostics.iter().cloned());
    let config_path = session.config.source.as_ref().map(|s| s.path.as_str());
    let ownership_files = snapshot
        .sources
        .values()
        .chain(session.config.source.as_ref());
    let suppressions = Suppressions::collect(ownership_files);
    let all = rules::finish_each(&session.config, parse, found);
    let (mut kept, hidden) = suppressions.split(all);
    if scope.is_empty() {
        // Whether a suppression hides anything is judged on the whole repository only.
        let unused = unused_suppression::findings(&suppressions, &hidden, &session.config);
        if !unused.is_empty() {
            kept.extend(unused);
            kept = rules::finish(&session.config, kept);
        }
        return (kept, hidden.len());
    }
    let about = |d: &Diagnostic| concerns(d, scope, config_path, session);
    let suppressed = hidden.iter().filter(|d| about(d)).count();
    kept.retain(about);
    (kept, suppressed)
}

/// Whether a finding is about the scope: it is about a path inside it, or about an ownership
/// file that governs a path inside it (one in an ancestor directory).
fn concerns(
    d: &Diagnostic,
    scope: &[String],
    config_path: Option<&str>,
    session: &Session,
) -> bool {
    let Some(file) = d.file.as_deref() else {
        return true;
    };
    if Some(file) == config_path {
        return true;
    }
    let file = file.trim_end_matches('/');
    if in_scope(file, scope) {
        return true;
    }
    if !session.snapshot.sources.contains_key(file) {
        // A tracked path or directory: keep it when it contains a scope path.
        let file = if file == "." { "" } else { file };
        return scope.iter().any(|s| within(s, file));
    }
    // CODEOWNERS and MAINTAINERS files govern paths anywhere in the repository.
    let pattern_scoped = session
        .snapshot
        .owners
        .iter()
        .any(|o| o.path == file && !o.is_directory());
    let governs = if pattern_scoped { "" } else { dir_of(file) };
    scope.iter().any(|s| within(s, governs))
}
