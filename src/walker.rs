//! The walker: from a repository and a revision to the tracked files that are checked and the
//! parsed ownership files that govern them.

use std::collections::BTreeMap;

use crate::attributes::Attributes;
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::formats::{self, aliases, owners};
use crate::model::{AliasesFile, OwnersFile};
use crate::repo::{Entry, Repo, Revision};
use crate::resolve::PatternSystem;
use crate::rules::parse_error;
use crate::source::SourceFile;

/// Ownership files over this size are not read (reported instead).
pub const MAX_OWNERSHIP_FILE_BYTES: u64 = crate::yaml::MAX_YAML_BYTES as u64;
/// `.gitattributes` files over this size are ignored.
const MAX_ATTRIBUTES_BYTES: u64 = 1024 * 1024;

/// The names of the ownership files this walker reads.
pub const OWNERS: &str = "OWNERS";
pub const OWNERS_ALIASES: &str = "OWNERS_ALIASES";

/// How the walker chooses files.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Take in vendored and generated paths too.
    pub include_vendored: bool,
}

/// What one revision of a repository declares, ready for the resolver and the rules.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Tracked files that are checked, sorted.
    pub files: Vec<String>,
    /// Tracked files left out (vendored, generated or excluded by the config).
    pub excluded: usize,
    /// Area declarations: parsed OWNERS files sorted by path, then the CODEOWNERS lines and
    /// MAINTAINERS sections of the pattern-scoped systems.
    pub owners: Vec<OwnersFile>,
    /// PLACEHOLDER_SYSTEMS
    /// The root OWNERS_ALIASES, when there is one and it parses.
    pub aliases: Option<AliasesFile>,
    /// OWNERS_ALIASES files below the root, which Prow does not read.
    pub ignored_aliases: Vec<AliasesFile>,
    /// The text of every ownership file read, by path (for rendering spans).
    pub sources: BTreeMap<String, SourceFile>,
    /// Diagnostics from reading and parsing.
    pub diagnostics: Vec<Diagnostic>,
}

impl Snapshot {
    /// The pattern-scoped systems present: the CODEOWNERS files in effect, then MAINTAINERS.
    pub fn systems(&self) -> Vec<&dyn PatternSystem> {
        Vec::new()
    }

    /// How many ownership files were found (parsed or not).
    pub fn ownership_file_count(&self) -> usize {
        self.sources.len()
    }
}

/// The basename of a repository path.
pub fn basename(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}

/// Reads the configuration from the revision's `entries` (or `explicit`, a file on disk).
pub fn load_config(
    repo: &Repo,
    rev: &Revision,
    entries: &[Entry],
    explicit: Option<&std::path::Path>,
    out: &mut Vec<Diagnostic>,
) -> Result<Config, Error> {
    let source = match explicit {
        Some(path) => {
            let bytes = std::fs::read(path)
                .map_err(|e| Error::Config(format!("{}: {}", path.display(), io_reason(&e))))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::Config(format!("{}: not valid UTF-8", path.display())))?;
            SourceFile::new(path.display().to_string(), text)
        }
        None => {
            let Ok(found) = entries.binary_search_by(|e| e.path.as_str().cmp(CONFIG_FILE)) else {
                return Ok(Config::default());
            };
            let bytes = repo
                .read(rev, &entries[found], MAX_OWNERSHIP_FILE_BYTES)
                .map_err(|p| Error::Config(format!("{CONFIG_FILE}: {p}")))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::Config(format!("{CONFIG_FILE}: not valid UTF-8")))?;
            SourceFile::new(CONFIG_FILE, text)
        }
    };
    Config::parse(source, out)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Lists the tracked files and reads the ownership files of `rev`.
pub fn walk(
    repo: &Repo,
    rev: &Revision,
    entries: &[Entry],
    config: &Config,
    options: &WalkOptions,
) -> Result<Snapshot, Error> {
    let mut snapshot = Snapshot::default();
    let attributes = if options.include_vendored {
        None
    } else {
        let files: Vec<(String, String)> = entries
            .iter()
            .filter(|e| basename(&e.path) == ".gitattributes")
            .filter_map(|e| {
                let bytes = repo.read(rev, e, MAX_ATTRIBUTES_BYTES).ok()?;
                Some((e.path.clone(), String::from_utf8_lossy(&bytes).into_owned()))
            })
            .collect();
        Some(Attributes::new(&files))
    };
    let mut ownership_entries = Vec::new();
    for entry in entries {
        let keep = !config.is_excluded(&entry.path)
            && !attributes
                .as_ref()
                .is_some_and(|a| a.is_vendored(&entry.path));
        if !keep {
            snapshot.excluded += 1;
            continue;
        }
        let name = basename(&entry.path);
        if name == OWNERS || name == OWNERS_ALIASES {
            ownership_entries.push(entry);
        }
        snapshot.files.push(entry.path.clone());
    }
    for entry in ownership_entries {
        let Some(source) = read_source(repo, rev, entry, &mut snapshot.diagnostics) else {
            continue;
        };
        let mut diagnostics = Vec::new();
        if entry.path == OWNERS_ALIASES {
            snapshot.aliases = aliases::parse(&source, &mut diagnostics);
        } else if basename(&entry.path) == OWNERS_ALIASES {
            snapshot
                .ignored_aliases
                .extend(aliases::parse(&source, &mut diagnostics));
        } else if let Some(file) = owners::parse(&source, &mut diagnostics) {
            snapshot.owners.push(file);
        }
        snapshot.diagnostics.extend(diagnostics);
        snapshot.sources.insert(source.path.clone(), source);
    }
    Ok(snapshot)
}

/// Reads an ownership file's text, or reports why it cannot be read.
fn read_source(
    repo: &Repo,
    rev: &Revision,
    entry: &Entry,
    out: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    if entry.is_submodule() {
        return None;
    }
    let bytes = match repo.read(rev, entry, MAX_OWNERSHIP_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(crate::repo::ReadProblem::Missing) => return None,
        Err(problem) => {
            out.push(
                Diagnostic::new(parse_error::RULE.name, format!("{} {problem}", entry.path))
                    .in_file(&entry.path),
            );
            return None;
        }
    };
    let text = formats::decode(&entry.path, &bytes, out)?;
    Some(SourceFile::new(&entry.path, text))
}
