//! What the history rules see besides the [`Context`](super::Context): the history read, what
//! it shows, and the instant before which activity is stale, built once per run of the rules
//! ([`super::check_each`]) and handed only to the rules that ask for history.

use crate::history::History;
use crate::history::evidence::Evidence;

/// The history of a run, as the history rules read it.
pub struct HistoryContext<'a> {
    /// The commits of the window (and how far back and how completely they were read).
    pub history: &'a History,
    /// What the history shows: who was active when, where, under which identities.
    pub evidence: &'a Evidence,
    /// The instant before which activity is stale: the judged instant less
    /// `history.stale_after`.
    pub cutoff: i64,
}

/// What of the history a rule needs before it can judge anything; without it the rule reports
/// nothing (`history-incomplete` says why).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryNeed {
    /// Any history that was read.
    Read,
    /// History back to the [cutoff](HistoryContext::cutoff): a shallow clone cut after it
    /// hides whether someone was active since ([`History::reaches_back_to`]).
    Cutoff,
    /// Every commit of the window read with its changed paths ([`History::paths_complete`]):
    /// counts of changes per area would otherwise name the wrong people.
    Paths,
}

impl<'a> HistoryContext<'a> {
    pub fn new(
        history: &'a History,
        evidence: &'a Evidence,
        as_of: i64,
        stale_after: i64,
    ) -> HistoryContext<'a> {
        HistoryContext {
            history,
            evidence,
            cutoff: as_of - stale_after,
        }
    }

    /// Whether the history shows what a rule needs.
    pub fn shows(&self, need: HistoryNeed) -> bool {
        match need {
            HistoryNeed::Read => true,
            HistoryNeed::Cutoff => self.history.reaches_back_to(self.cutoff),
            HistoryNeed::Paths => self.history.paths_complete(),
        }
    }
}
