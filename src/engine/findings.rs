//! The one findings path of a run: every enabled rule over the snapshot (and the history's
//! evidence), then the one severity step ([`rules::finish`]), the suppression comments and the
//! scope. `check`, `report` and pull-request mode all judge through [`Session::findings`].

use super::{Session, resolution_cache};
use crate::diagnostics::Diagnostic;
use crate::history::evidence::Evidence;
use crate::repo::Revision;
use crate::resolve::{Resolver, dir_of, in_scope, within};
use crate::rules::{self, Context, unowned_path, unused_suppression};
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
        let evidence = self.evidence(&resolver);
        let staged = matches!(self.revision, Revision::Index);
        let hook_skips = staged && incremental();
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
        let skipped = match hook_skips {
            true => self.cannot_be_the_commits(),
            false => &[],
        };
        let mut context = context(self, scope, &resolver, evidence.as_ref());
        context.ownership = ownership.as_ref();
        let found = rules::check_each(&context, |rule| !skipped.contains(&rule.name));
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

/// The rules each of whose findings is located in the ownership file it judges (a pattern's
/// line, a section's header): [`ChangeScope::touches`](super::change::ChangeScope::touches)
/// keeps such a finding only when the commit changes that file, so on a commit that changes
/// no ownership file the hook does not run them. They resolve every tracked file against
/// every pattern, the largest share of the hook's time on a MAINTAINERS repository.
const LOCATED_IN_OWNERSHIP_FILES: &[&str] = &[
    crate::rules::pattern_matches_nothing::RULE.name,
    crate::rules::maintainers_status::RULE.name,
    crate::rules::shadowed_pattern::RULE.name,
    crate::rules::explicitly_unowned::RULE.name,
];

impl Session {
    /// The rules whose findings a staged commit cannot have: [`LOCATED_IN_OWNERSHIP_FILES`]
    /// when it changes none of the ownership files the run read, else none.
    fn cannot_be_the_commits(&self) -> &'static [&'static str] {
        let sources = &self.snapshot.sources;
        match self
            .handover
            .changed
            .iter()
            .any(|p| sources.contains_key(p))
        {
            true => &[],
            false => LOCATED_IN_OWNERSHIP_FILES,
        }
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
        history: session.history.as_ref().zip(evidence),
        as_of: session.as_of,
        handover: &session.handover,
        ownership: None,
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
    let all = rules::finish(&session.config, rules::merge(parse, found));
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
