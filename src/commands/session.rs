//! What every repository command does first: open the repository, choose the revision, read
//! the configuration and walk the ownership files.

use crate::cli::{GlobalArgs, Io};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::render::{Sources, Totals};
use crate::repo::{Repo, Revision};
use crate::walker::{self, Snapshot, WalkOptions};

/// A repository read at one revision.
pub struct Session {
    pub repo: Repo,
    pub revision: Revision,
    pub config: Config,
    pub snapshot: Snapshot,
    /// Diagnostics about the configuration file itself.
    pub config_diagnostics: Vec<Diagnostic>,
}

impl Session {
    pub fn open(global: &GlobalArgs, io: &Io) -> Result<Session, Error> {
        let dir = global.repo.clone().unwrap_or_else(|| io.cwd.clone());
        let repo = Repo::open(&dir)?;
        let revision = repo.revision(global.rev.as_deref())?;
        let entries = repo.entries(&revision)?;
        let mut config_diagnostics = Vec::new();
        let config = walker::load_config(
            &repo,
            &revision,
            &entries,
            global.config.as_deref(),
            &mut config_diagnostics,
        )?;
        if entries.is_empty() && !repo.has_commits() {
            return Err(Error::Repo(format!(
                "{}: the repository has no commits and nothing staged: nothing to check",
                repo.workdir().unwrap_or(repo.git().path()).display()
            )));
        }
        let options = WalkOptions {
            include_vendored: global.include_vendored,
        };
        let snapshot = walker::walk(&repo, &revision, &entries, &config, &options)?;
        Ok(Session {
            repo,
            revision,
            config,
            snapshot,
            config_diagnostics,
        })
    }

    /// Every file a diagnostic may point into.
    pub fn sources(&self) -> Sources<'_> {
        let mut sources: Sources = self
            .snapshot
            .sources
            .iter()
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        if let Some(config) = &self.config.source {
            sources.insert(config.path.as_str(), config);
        }
        sources
    }

    pub fn totals(&self) -> Totals {
        Totals {
            files: self.snapshot.files.len(),
            ownership_files: self.snapshot.ownership_file_count(),
            excluded: self.snapshot.excluded,
        }
    }

    /// Command-line paths as repository-relative paths.
    pub fn relative_paths(&self, paths: &[String], io: &Io) -> Result<Vec<String>, Error> {
        paths
            .iter()
            .map(|p| self.repo.relative_path(&io.cwd, p))
            .collect()
    }
}
