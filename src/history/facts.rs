//! What ownlint keeps of one commit: identities, times, trailers and changed paths. These facts
//! depend only on the commit (its id fixes its content), so they are cached by id.

use git2::Oid;

/// A name and email as recorded in a commit or trailer (before `.mailmap`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ident {
    pub name: String,
    pub email: String,
}

/// The trailers that name people who took part in a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TrailerKind {
    CoAuthoredBy,
    ReviewedBy,
    AckedBy,
    SignedOffBy,
    TestedBy,
    CoDevelopedBy,
}

impl TrailerKind {
    pub const ALL: [TrailerKind; 6] = [
        TrailerKind::CoAuthoredBy,
        TrailerKind::ReviewedBy,
        TrailerKind::AckedBy,
        TrailerKind::SignedOffBy,
        TrailerKind::TestedBy,
        TrailerKind::CoDevelopedBy,
    ];

    /// The trailer's key as written in commit messages.
    pub fn key(self) -> &'static str {
        match self {
            TrailerKind::CoAuthoredBy => "Co-authored-by",
            TrailerKind::ReviewedBy => "Reviewed-by",
            TrailerKind::AckedBy => "Acked-by",
            TrailerKind::SignedOffBy => "Signed-off-by",
            TrailerKind::TestedBy => "Tested-by",
            TrailerKind::CoDevelopedBy => "Co-developed-by",
        }
    }

    /// A stable small number for serialisation.
    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(code: u8) -> Option<TrailerKind> {
        TrailerKind::ALL.get(code as usize).copied()
    }
}

/// Everything the history index needs from one commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitFacts {
    pub id: Oid,
    /// Parent ids, first parent first.
    pub parents: Vec<Oid>,
    pub author: Ident,
    /// Seconds since the epoch.
    pub author_time: i64,
    pub committer: Ident,
    pub commit_time: i64,
    /// People named in the message's trailers.
    pub trailers: Vec<(TrailerKind, Ident)>,
    /// For a GitHub merge (`Merge pull request #N from alice/branch`), the handle `alice`.
    pub merged_handle: Option<String>,
    /// Paths changed against the first parent (every path of the tree for a root commit),
    /// sorted. For a merge, the paths it edited itself, as `git log --cc` shows them (a
    /// conflict resolution that is not one side's version, an edit made in the merge; see
    /// [`super::merge_edits`]); what it only brings in from a parent, or combines cleanly from
    /// both, is the parents' commits' change, counted there.
    pub paths: Vec<String>,
    /// Whether some tree of this commit or its first parent was missing (a partial clone), so
    /// that `paths` may be incomplete.
    pub missing_objects: bool,
}

impl CommitFacts {
    pub fn is_merge(&self) -> bool {
        self.parents.len() > 1
    }
}
