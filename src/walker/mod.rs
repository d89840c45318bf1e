//! The walker: from a repository and a revision to the tracked files that are checked and the
//! parsed ownership files that govern them.

mod files;

use std::collections::BTreeMap;

use crate::attributes::Attributes;
use crate::bounded_read::{self, Origin};
use crate::config::{CONFIG_FILE, Config, ConfigOrigin};
use crate::diagnostics::Diagnostic;
use crate::dialect::chromium::includes::{Loaded, Lowering};
use crate::dialect::codeowners::host as codeowners_host;
use crate::dialect::codeowners::{self, Codeowners, Flavor};
use crate::dialect::maintainers::{self, MaintainersFile, MaintainersMatcher};
use crate::dialect::{self, CodeownersSystem, Dialect, MaintainersSystem, Parsed, chromium};
use crate::error::Error;
use crate::model::{AliasesFile, OwnersFile};
use crate::repo::{Entry, Repo, Revision};
use crate::resolve::PatternSystem;
use crate::rules::parse_error;
use crate::source::SourceFile;

/// Ownership files over this size are not read (reported instead).
pub const MAX_OWNERSHIP_FILE_BYTES: u64 = bounded_read::YAML_OWNERSHIP.limit;

/// The names of the ownership files this walker reads.
pub use crate::dialect::{OWNERS, OWNERS_ALIASES};

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
    /// Tracked files left out (vendored, generated or excluded by the config), sorted. They
    /// are not checked, but they exist: a pattern that matches only them matches something.
    pub excluded: Vec<String>,
    /// Area declarations: parsed OWNERS files sorted by path, then the CODEOWNERS lines and
    /// MAINTAINERS sections of the pattern-scoped systems.
    pub owners: Vec<OwnersFile>,
    /// The CODEOWNERS files read, with their matchers (their lines are areas in `owners`).
    pub codeowners: Vec<CodeownersSystem>,
    /// The MAINTAINERS files read, with one matcher over all of them (their sections are areas
    /// in `owners`).
    pub maintainers: Option<MaintainersSystem>,
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
        let mut systems: Vec<&dyn PatternSystem> = Vec::new();
        for c in self.codeowners.iter().filter(|c| c.in_effect) {
            systems.push(c);
        }
        if let Some(m) = &self.maintainers {
            systems.push(m);
        }
        systems
    }

    /// Every pattern-scoped system read, in effect or not (a CODEOWNERS file the platform does
    /// not read is still judged for how it is written): the CODEOWNERS files, then MAINTAINERS.
    pub fn every_system(&self) -> Vec<&dyn PatternSystem> {
        let mut systems: Vec<&dyn PatternSystem> = Vec::new();
        for c in &self.codeowners {
            systems.push(c);
        }
        if let Some(m) = &self.maintainers {
            systems.push(m);
        }
        systems
    }

    /// How many ownership files were found (parsed or not).
    pub fn ownership_file_count(&self) -> usize {
        self.sources.len()
    }

    /// Whether a rule's finding is about a CODEOWNERS file written by `ownlint export
    /// codeowners`: its lines restate the OWNERS files, whose own findings say the same. Only
    /// `sources-disagree` (the file no longer says what the OWNERS files say) is kept; syntax
    /// findings come from parsing, not from the rules.
    pub fn is_about_generated(&self, d: &Diagnostic) -> bool {
        d.rule != crate::rules::sources_disagree::RULE.name
            && d.file.as_deref().is_some_and(|f| {
                self.codeowners
                    .iter()
                    .any(|c| c.generated && c.file.path == f)
            })
    }

    /// Whether a finding is about a file left out of the checks (vendored, generated or
    /// excluded by the configuration): such a file's ownership takes part in resolution, but
    /// it is not judged.
    pub fn is_left_out(&self, d: &Diagnostic) -> bool {
        d.file.as_deref().is_some_and(|f| self.is_left_out_file(f))
    }

    /// Whether a tracked file is left out of the checks (see [`Snapshot::is_left_out`]).
    pub fn is_left_out_file(&self, path: &str) -> bool {
        self.excluded
            .binary_search_by(|e| e.as_str().cmp(path))
            .is_ok()
    }

    /// Whether an area is judged and reported: not declared in a left-out file, nor in a
    /// CODEOWNERS written by `ownlint export codeowners` (which restates the OWNERS areas).
    pub fn is_judged_area(&self, area: &OwnersFile) -> bool {
        !self.is_left_out_file(&area.path)
            && !self
                .codeowners
                .iter()
                .any(|c| c.generated && c.file.path == area.path)
    }
}

/// The basename of a repository path.
pub fn basename(path: &str) -> &str {
    // memchr's search is several times faster than `rsplit_once('/')` on short paths, and
    // this runs for every file of the revision and every changed path of the history window.
    match memchr::memrchr(b'/', path.as_bytes()) {
        Some(at) => &path[at + 1..],
        None => path,
    }
}

/// Reads the configuration file the command line names (`--config FILE`): bounded, a regular
/// file, read wherever it is (the user named it); a file that cannot be read or used is an error
/// naming it (exit 2).
pub fn config_from_command_line(
    path: &std::path::Path,
    out: &mut Vec<Diagnostic>,
) -> Result<Config, Error> {
    let text = bounded_read::read_text(path, Origin::CommandLine, bounded_read::CONFIG).map_err(
        |problem| {
            Error::Config(format!(
                "{}: the configuration file {problem}",
                path.display()
            ))
        },
    )?;
    let shown = path.display().to_string();
    let mut config = Config::parse(SourceFile::new(shown.clone(), text), out)?;
    config.origin = ConfigOrigin::CommandLine(shown);
    Ok(config)
}

/// Reads the configuration: `explicit` (`--config FILE`), else the [`CONFIG_FILE`] of what
/// `rev` reads, else the defaults. The work tree ([`Revision::WorkTree`]) has its file read
/// from disk, tracked or not (`found`, the index's entry, only tells which): a configuration
/// being written is in effect before it is staged, as an edit to a tracked one is. The index
/// (`--staged`) and a commit have their `found` entry read. The read is bounded, and a
/// symbolic link or a path leading out of the repository is refused, like any file of the
/// repository. A file that cannot be read or used is an error naming it (exit 2).
pub fn load_config(
    repo: &Repo,
    rev: &Revision,
    found: Option<&Entry>,
    explicit: Option<&std::path::Path>,
    out: &mut Vec<Diagnostic>,
) -> Result<Config, Error> {
    let (source, origin) = match explicit {
        Some(path) => return config_from_command_line(path, out),
        None => match (rev, repo.workdir()) {
            (Revision::WorkTree, Some(workdir)) => {
                let path = workdir.join(CONFIG_FILE);
                let bytes = match bounded_read::read(
                    &path,
                    Origin::Repository(workdir),
                    bounded_read::CONFIG,
                ) {
                    Ok(bytes) => bytes,
                    Err(bounded_read::ReadProblem::Missing) => return Ok(Config::default()),
                    Err(problem) => {
                        return Err(Error::Config(format!("{CONFIG_FILE}: {problem}")));
                    }
                };
                let origin = ConfigOrigin::WorkTree {
                    tracked: found.is_some(),
                };
                (config_source(bytes)?, origin)
            }
            _ => {
                let Some(found) = found else {
                    return Ok(Config::default());
                };
                let bytes = repo
                    .read(rev, found, bounded_read::CONFIG)
                    .map_err(|p| Error::Config(format!("{CONFIG_FILE}: {p}")))?;
                let origin = match rev {
                    Revision::Commit { id, .. } => {
                        ConfigOrigin::Revision(id.to_string()[..7].to_string())
                    }
                    Revision::Index => ConfigOrigin::Index,
                    Revision::WorkTree => ConfigOrigin::WorkTree { tracked: true },
                };
                (config_source(bytes)?, origin)
            }
        },
    };
    let mut config = Config::parse(source, out)?;
    config.origin = origin;
    Ok(config)
}

/// The repository's [`CONFIG_FILE`] as text to parse.
fn config_source(bytes: Vec<u8>) -> Result<SourceFile, Error> {
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::Config(format!("{CONFIG_FILE}: not valid UTF-8")))?;
    Ok(SourceFile::new(CONFIG_FILE, text))
}

/// The revision's [`CONFIG_FILE`] among its sorted `entries`.
pub fn config_entry(entries: &[Entry]) -> Option<&Entry> {
    let found = entries.binary_search_by(|e| e.path.as_str().cmp(CONFIG_FILE));
    found.ok().map(|at| &entries[at])
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
                let bytes = read_bytes(
                    repo,
                    rev,
                    e,
                    bounded_read::ATTRIBUTES,
                    None,
                    &mut snapshot.diagnostics,
                )?;
                Some((e.path.clone(), String::from_utf8_lossy(&bytes).into_owned()))
            })
            .collect();
        let attributes = Attributes::new(&files);
        for (path, line, reason) in &attributes.over_budget {
            snapshot.diagnostics.push(
                Diagnostic::new(
                    parse_error::RULE.name,
                    format!("{path}:{line}: the pattern is not used: {reason}"),
                )
                .in_file(path),
            );
        }
        Some(attributes)
    };
    let mut ownership_entries = Vec::new();
    // CODEOWNERS files at the platforms' locations: only the one the platform reads is parsed
    // (wherever it is: a platform reads its file even under an excluded directory).
    let mut codeowners_entries = Vec::new();
    for entry in entries {
        let is_codeowners = basename(&entry.path) == "CODEOWNERS"
            && codeowners_host::ALL_LOCATIONS.contains(&entry.path.as_str());
        if is_codeowners {
            codeowners_entries.push(entry);
        }
        // Every ownership file the platform reads takes part in resolution, vendored or
        // excluded ones too (third-party code often carries its own OWNERS); only the findings
        // about left-out files are dropped (`Snapshot::is_left_out`).
        if !is_codeowners && let Some(dialect) = Dialect::of(&entry.path, config.codeowners_flavor)
        {
            ownership_entries.push((entry, dialect));
        }
        let keep = !config.is_excluded(&entry.path)
            && !attributes
                .as_ref()
                .is_some_and(|a| a.is_vendored(&entry.path));
        if !keep {
            snapshot.excluded.push(entry.path.clone());
            continue;
        }
        snapshot.files.push(entry.path.clone());
    }
    if !codeowners_entries.is_empty() {
        let read = choose_codeowners(
            repo,
            rev,
            entries,
            &codeowners_entries,
            config,
            &mut snapshot,
        );
        ownership_entries.extend(read);
    }
    let mut chromium_files = Vec::new();
    let mut codeowners_files = Vec::new();
    let mut maintainers_files = Vec::new();
    for read in files::read_all(repo, rev, &ownership_entries, config) {
        let Some((parsed, source)) = read.parsed else {
            snapshot.diagnostics.extend(read.diagnostics);
            continue;
        };
        match parsed {
            Parsed::Owners(file) => snapshot.owners.extend(file.map(|file| *file)),
            Parsed::Aliases(file) if source.path == OWNERS_ALIASES => snapshot.aliases = file,
            Parsed::Aliases(file) => snapshot.ignored_aliases.extend(file),
            Parsed::Chromium(file) => chromium_files.push(file),
            Parsed::Codeowners(file) => codeowners_files.push(file),
            Parsed::Maintainers(file) => maintainers_files.push(file),
        }
        snapshot.diagnostics.extend(read.diagnostics);
        snapshot.sources.insert(source.path.clone(), source);
    }
    lower_chromium(repo, rev, entries, chromium_files, &mut snapshot);
    snapshot.owners.sort_by(|a, b| a.path.cmp(&b.path));
    add_codeowners(codeowners_files, &mut snapshot);
    add_maintainers(maintainers_files, &mut snapshot);
    let diagnostics = std::mem::take(&mut snapshot.diagnostics);
    snapshot.diagnostics = diagnostics
        .into_iter()
        .filter(|d| !snapshot.is_left_out(d))
        .collect();
    Ok(snapshot)
}

/// Chooses the platform that reads the repository's CODEOWNERS and the one file it reads
/// (returned, to be parsed with that platform's semantics); the other CODEOWNERS files are
/// reported as ignored and kept as sources only (for `export codeowners --check`).
fn choose_codeowners<'e>(
    repo: &Repo,
    rev: &Revision,
    entries: &[Entry],
    candidates: &[&'e Entry],
    config: &Config,
    snapshot: &mut Snapshot,
) -> Option<(&'e Entry, Dialect)> {
    let read_text = |entry: &Entry| -> Option<String> {
        let bytes = repo.read(rev, entry, bounded_read::TEXT_OWNERSHIP).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    };
    let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    let host = codeowners_host::choose(&paths, config.codeowners_flavor, |path| {
        let entry = candidates.iter().find(|e| e.path == path)?;
        read_text(entry)
    });
    let present: Vec<&str> = candidates.iter().map(|e| e.path.as_str()).collect();
    let read = host.file_read(&present);
    let platform = host.flavor.name();
    if let Some(path) = read
        && host.worth_noting(path)
    {
        let (other, other_name) = match host.flavor {
            Flavor::Github => ("GitLab", "gitlab"),
            Flavor::Gitlab => ("GitHub", "github"),
        };
        snapshot.diagnostics.push(
            Diagnostic::new(
                crate::rules::codeowners_host::RULE.name,
                format!("{path} is read as {platform} reads it: {}", host.reason()),
            )
            .in_file(path)
            .help(format!(
                "if {other} reads this repository, set `codeowners: {{flavor: {other_name}}}` \
                 in .ownlint.yaml; setting `{{flavor: {}}}` makes this choice explicit",
                flavor_name(host.flavor),
            )),
        );
    }
    let mut chosen = None;
    for &entry in candidates {
        if Some(entry.path.as_str()) == read {
            chosen = Some((entry, Dialect::codeowners(host.flavor)));
            continue;
        }
        let help = match (read, host.flavor) {
            (Some(read), _) => format!(
                "move the lines that still apply into {read} and delete this file, or delete it \
                 if it is stale"
            ),
            (None, Flavor::Github) => "GitHub never reads `.gitlab/`: move the file to \
                 `.github/CODEOWNERS`, or, if GitLab reads this repository, set \
                 `codeowners: {flavor: gitlab}` in .ownlint.yaml"
                .to_string(),
            (None, Flavor::Gitlab) => "GitLab never reads `.github/`: move the file to \
                 `CODEOWNERS` (or `.gitlab/CODEOWNERS`), or, if GitHub reads this repository, \
                 set `codeowners: {flavor: github}` in .ownlint.yaml"
                .to_string(),
        };
        snapshot.diagnostics.push(
            Diagnostic::new(
                crate::rules::codeowners_host::RULE.name,
                codeowners_host::ignored_message(&entry.path, &host, read),
            )
            .in_file(&entry.path)
            .help(help),
        );
        if let Some(text) = read_text(entry) {
            snapshot
                .sources
                .insert(entry.path.clone(), SourceFile::new(&entry.path, text));
        }
    }
    chosen
}

/// The configuration's name of a platform (`github`, `gitlab`).
fn flavor_name(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::Github => "github",
        Flavor::Gitlab => "gitlab",
    }
}

/// Lowers the plain-text OWNERS files into areas, following their includes at the revision.
fn lower_chromium(
    repo: &Repo,
    rev: &Revision,
    entries: &[Entry],
    files: Vec<chromium::ChromiumFile>,
    snapshot: &mut Snapshot,
) {
    if files.is_empty() {
        return;
    }
    let loaded_sources = std::cell::RefCell::new(Vec::new());
    let load_diagnostics = std::cell::RefCell::new(Vec::new());
    // An included file the walk read already as a plain-text OWNERS file is parsed from that
    // text, not read again: includes name a few OWNERS files thousands of times over.
    let read_as_chromium: std::collections::HashSet<String> =
        files.iter().map(|file| file.path.clone()).collect();
    let read_already = &snapshot.sources;
    let load = |path: &str| -> Loaded {
        let Ok(found) = entries.binary_search_by(|e| e.path.as_str().cmp(path)) else {
            return Loaded::Missing;
        };
        let mut diagnostics = load_diagnostics.borrow_mut();
        if let Some(source) = read_already.get(path)
            && read_as_chromium.contains(path)
            && reads_again_alike(&source.text)
        {
            return Loaded::File(chromium::parse(source, &mut diagnostics));
        }
        let Some(bytes) = read_bytes(
            repo,
            rev,
            &entries[found],
            bounded_read::TEXT_OWNERSHIP,
            None,
            &mut diagnostics,
        ) else {
            return Loaded::Missing;
        };
        let source = SourceFile::new(
            path,
            dialect::text::decode_lossy(path, &bytes, &mut diagnostics),
        );
        let file = chromium::parse(&source, &mut diagnostics);
        loaded_sources.borrow_mut().push(source);
        Loaded::File(file)
    };
    let mut lowering = Lowering::new(load);
    for file in files {
        let area = lowering.lower(file, &mut snapshot.diagnostics);
        snapshot.owners.push(area);
    }
    drop(lowering);
    snapshot.diagnostics.extend(load_diagnostics.into_inner());
    for source in loaded_sources.into_inner() {
        snapshot
            .sources
            .entry(source.path.clone())
            .or_insert(source);
    }
}

/// Whether the text of a plain-text OWNERS file read by the walk is what reading it again as an
/// include gives, with nothing to report: it had no invalid UTF-8 (whose report the walk made
/// already) and fits the include's size limit whatever byte-order mark it had.
fn reads_again_alike(text: &str) -> bool {
    const BYTE_ORDER_MARK: u64 = 3;
    !text.contains(char::REPLACEMENT_CHARACTER)
        && text.len() as u64 + BYTE_ORDER_MARK <= bounded_read::TEXT_OWNERSHIP.limit
}

/// Adds the CODEOWNERS files: their lines become areas, and the file the platform reads (the
/// first of its lookup locations) decides paths.
fn add_codeowners(files: Vec<Codeowners>, snapshot: &mut Snapshot) {
    let mut in_effect_flavors = Vec::new();
    let mut ordered: Vec<(usize, Codeowners)> = files
        .into_iter()
        .map(|f| {
            let rank = codeowners::locations(f.flavor)
                .iter()
                .position(|l| *l == f.path)
                .unwrap_or(usize::MAX);
            (rank, f)
        })
        .collect();
    ordered.sort_by_key(|(rank, _)| *rank);
    for (_, file) in ordered {
        let in_effect = !in_effect_flavors.contains(&file.flavor);
        if in_effect {
            in_effect_flavors.push(file.flavor);
        }
        let mut system = CodeownersSystem::new(file, snapshot.owners.len(), in_effect);
        system.generated = snapshot
            .sources
            .get(&system.file.path)
            .is_some_and(|s| crate::export::is_generated(&s.text));
        for (line, reason) in system.matcher.over_budget() {
            let line = &system.file.lines[*line];
            snapshot.diagnostics.push(
                Diagnostic::new(
                    parse_error::RULE.name,
                    format!("pattern `{}` is not used: {reason}", line.raw),
                )
                .at(&system.file.path, line.span)
                .label("over the pattern budget"),
            );
        }
        snapshot.owners.extend(system.areas());
        snapshot.codeowners.push(system);
    }
}

/// Adds the MAINTAINERS files: their sections become areas, and one matcher over all of them
/// decides paths (every matching section applies).
fn add_maintainers(files: Vec<MaintainersFile>, snapshot: &mut Snapshot) {
    // A file named MAINTAINERS without a single section is not in the format (a list of
    // people, a YAML or TOML file of another convention, often vendored with a library):
    // get_maintainer.pl reads nothing from it, and it governs no file. Taken as a system, it
    // would say "nobody" for every path of the repository.
    let (files, without_sections): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|file| !file.sections.is_empty());
    for file in without_sections {
        snapshot.diagnostics.push(
            Diagnostic::new(
                crate::rules::maintainers_section::RULE.name,
                format!(
                    "{} has no section (a title line followed by `M:`, `F:` and other tag lines): \
                     it is not read as ownership",
                    file.path
                ),
            )
            .milder()
            .in_file(&file.path)
            .help(
                "if the file is meant for get_maintainer.pl, give each area a section; if it \
                 follows another convention, nothing needs to change",
            ),
        );
    }
    if files.is_empty() {
        return;
    }
    // The matcher asks whether a literal pattern names a tracked directory. Only those are
    // looked up (in the sorted file lists), not every directory collected: the directories of a
    // path thousands of components deep add up to the square of its length. A directory counts
    // whether or not ownlint checks its files (get_maintainer.pl reads a pattern naming an
    // existing directory as everything below it).
    let dirs: std::collections::HashSet<String> = files
        .iter()
        .flat_map(|file| &file.sections)
        .flat_map(|section| section.files.iter().chain(&section.excludes))
        .map(|(pattern, _)| pattern.trim_end_matches('/'))
        .filter(|pattern| !maintainers::has_wildcard(pattern))
        .filter(|pattern| {
            is_tracked_dir(&snapshot.files, pattern) || is_tracked_dir(&snapshot.excluded, pattern)
        })
        .map(str::to_string)
        .collect();
    let mut first_area = Vec::new();
    for file in &files {
        first_area.push(snapshot.owners.len());
        snapshot.owners.extend(MaintainersSystem::areas(file));
    }
    let matcher = MaintainersMatcher::new(&files, &dirs);
    snapshot.maintainers = Some(MaintainersSystem {
        files,
        matcher,
        first_area,
    });
}

/// Whether some file of `files` (sorted) lies below `dir`.
fn is_tracked_dir(files: &[String], dir: &str) -> bool {
    if dir.is_empty() {
        return false;
    }
    let below = format!("{dir}/");
    let first = files.partition_point(|f| f.as_str() < below.as_str());
    files.get(first).is_some_and(|f| f.starts_with(&below))
}

/// Reads a tracked file's bytes (an ownership file, a `.gitattributes`), or reports why they
/// cannot be read. `codeowners` is the flavour a CODEOWNERS file is read in: one too large to
/// read is reported against that platform's own limit when it has one.
fn read_bytes(
    repo: &Repo,
    rev: &Revision,
    entry: &Entry,
    limit: bounded_read::Kind,
    codeowners: Option<Flavor>,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    bytes_or_report(
        |kind| repo.read(rev, entry, kind),
        entry,
        limit,
        codeowners,
        out,
    )
}

/// What [`read_bytes`] answers, reading through `read` (given the size limit).
fn bytes_or_report(
    read: impl FnOnce(bounded_read::Kind) -> Result<Vec<u8>, crate::repo::ReadProblem>,
    entry: &Entry,
    limit: bounded_read::Kind,
    codeowners: Option<Flavor>,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    if entry.is_submodule() {
        return None;
    }
    let too_large_for_platform =
        |size| codeowners.and_then(|flavor| codeowners::too_large(&entry.path, flavor, size));
    let bytes = match read(limit) {
        Ok(bytes) => bytes,
        Err(crate::repo::ReadProblem::Missing) => return None,
        Err(crate::repo::ReadProblem::TooLarge { size, .. })
            if too_large_for_platform(size).is_some() =>
        {
            out.extend(too_large_for_platform(size));
            return None;
        }
        Err(problem) => {
            out.push(
                Diagnostic::new(parse_error::RULE.name, format!("{} {problem}", entry.path))
                    .in_file(&entry.path),
            );
            return None;
        }
    };
    Some(bytes)
}
