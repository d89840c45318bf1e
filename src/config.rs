//! `.ownlint.yaml`: discovery, reading with spans, and the resolved settings the run uses.

use std::collections::HashMap;

use globset::GlobBuilder;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Severity};
use crate::dialect::text;
use crate::error::Error;
use crate::globs::GlobList;
use crate::model::NameRef;
use crate::rules;
use crate::schema;
use crate::source::SourceFile;
use crate::yaml::Sp;

/// The file name ownlint looks for at the repository root.
pub const CONFIG_FILE: &str = ".ownlint.yaml";

/// ownlint's configuration file, `.ownlint.yaml` at the repository root.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(title = "ownlint configuration")]
pub struct ConfigDoc {
    /// Severity per rule: `error`, `warning`, `info` or `off`.
    pub rules: Option<RuleLevels>,
    /// Globs of repository paths to leave out (matched against the whole path; `*` stays
    /// within a directory, `**` crosses directories, a trailing `/` means everything below).
    pub exclude: Option<Vec<Sp<String>>>,
    /// The people registry: handle → emails and names, used to join ownership files to history.
    pub people: Option<IndexMap<Sp<String>, PersonDoc>>,
    /// Teams: name → members. An approver naming a team stands for its members.
    pub teams: Option<IndexMap<Sp<String>, TeamDoc>>,
    /// Thresholds of the history rules.
    pub history: Option<HistoryDoc>,
    /// How ownership names are joined to people.
    pub identity: Option<IdentityDoc>,
    /// Handover documents: where they are and what they must contain.
    pub handover: Option<HandoverConfigDoc>,
    /// JSON Lines files of review activity git does not record (`{"who", "when", "path"?}`),
    /// relative to the repository root; counted like commits.
    pub activity: Option<Vec<Sp<String>>>,
    /// How CODEOWNERS files are read.
    pub codeowners: Option<CodeownersDoc>,
    /// How Kubernetes-style (Prow) OWNERS files are read.
    pub owners: Option<OwnersConfigDoc>,
}

/// `owners:` settings.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct OwnersConfigDoc {
    /// Prow's `owners_dir_denylist`: regular expressions on directory paths (relative to the
    /// root, without a trailing `/`) whose YAML OWNERS files Prow does not read. Default:
    /// `['^vendor(/|$)']`, the Go `vendor/` tree Kubernetes' Prow configuration denies; `[]`
    /// reads every OWNERS file. Plain-text (Chromium) OWNERS files are read everywhere, as
    /// Gerrit reads them.
    pub dir_denylist: Option<Vec<Sp<String>>>,
}

/// Prow's `owners_dir_denylist` when the configuration sets none.
pub const DEFAULT_OWNERS_DIR_DENYLIST: &[&str] = &["^vendor(/|$)"];

/// The compiled-size limit of one `owners.dir_denylist` expression.
const MAX_DENYLIST_REGEX_BYTES: usize = 1 << 20;

/// `codeowners:` settings.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct CodeownersDoc {
    /// Which platform reads the repository's CODEOWNERS: `github` or `gitlab`. By default it
    /// is inferred: GitLab for section headers in the root or `docs/` file, a
    /// `.gitlab/CODEOWNERS` without `.github/CODEOWNERS`, or `.gitlab-ci.yml` / `.gitlab/`
    /// without `.github/`; else GitHub.
    pub flavor: Option<Sp<CodeownersFlavor>>,
}

/// The platform whose CODEOWNERS semantics apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CodeownersFlavor {
    Github,
    Gitlab,
}

/// `history:` thresholds. Durations are written `180d`, `26w` or `1y`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct HistoryDoc {
    /// How far back history is read (default `365d`; `--since` overrides it).
    pub since: Option<Sp<String>>,
    /// An owner with no activity for this long is stale (default `180d`).
    pub stale_after: Option<Sp<String>>,
    /// Share of an area's changes that makes an undeclared person its de facto maintainer
    /// (default 0.3).
    pub min_share: Option<Sp<f64>>,
    /// Changes to an area, and by one person, below which shares are not judged (default 5).
    pub min_commits: Option<Sp<u64>>,
    /// Share of an area's changes by one person that makes them a single point of failure
    /// (default 0.9).
    pub single_owner_share: Option<Sp<f64>>,
    /// How often ownership files must be reviewed (default `365d`). Setting it turns
    /// `review-overdue` on, as a `reviewed:` date in any ownership file does.
    pub review_every: Option<Sp<String>>,
    /// Globs (any case) matched against commit names, emails and email local parts: people
    /// whose changes are automation, left out of area shares (default: `*\[bot\]*` (a literal `[bot]`), `*-bot`,
    /// `*_bot`, `* bot`, `*-robot`, `* robot`, `dependabot*`, `renovate*`,
    /// `github-actions*`). Listing any replaces the defaults.
    pub bots: Option<Vec<Sp<String>>>,
    /// A change touching more areas than this at once is tree-wide (a mass rename, a
    /// configuration resync) and left out of area shares (default 20).
    pub wide_change: Option<Sp<u64>>,
}

/// `handover:` settings.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct HandoverConfigDoc {
    /// Where areas keep handover documents: globs of repository paths in which `{area}`
    /// stands for the area's directory (`.` at the root), e.g. `docs/handover/{area}.md`.
    pub docs: Option<Vec<Sp<String>>>,
    /// How long after an ownership change its handover document may follow (default `14d`).
    pub grace: Option<Sp<String>>,
    /// Required sections: name → the headings that satisfy it (whole words, any case).
    /// Default: context, risks, contacts and documentation, with common synonyms.
    pub sections: Option<IndexMap<Sp<String>, Vec<Sp<String>>>>,
}

/// Handover settings, resolved.
#[derive(Debug, Clone)]
pub struct HandoverSettings {
    pub docs: Vec<String>,
    pub grace: i64,
    pub sections: Vec<crate::handover::RequiredSection>,
}

impl Default for HandoverSettings {
    fn default() -> Self {
        HandoverSettings {
            docs: Vec::new(),
            grace: 14 * crate::time::DAY,
            sections: crate::handover::default_sections(),
        }
    }
}

/// `identity:` settings.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct IdentityDoc {
    /// The registry is complete: every person named in an ownership file must be in `people`,
    /// a team, or an alias (`unknown-owner` otherwise).
    pub closed: Option<Sp<bool>>,
}

/// The history rules' thresholds, resolved.
#[derive(Debug, Clone)]
pub struct HistorySettings {
    /// `--since` as written in the config (a duration or a date), if set there.
    pub since: Option<String>,
    pub stale_after: i64,
    pub min_share: f64,
    pub min_commits: usize,
    pub single_owner_share: f64,
    pub review_every: i64,
    /// Names and emails of automation (`bots`).
    pub bots: globset::GlobSet,
    /// The most areas a change may touch and still count in area shares.
    pub wide_change: usize,
    /// Whether `review_every` was written in the configuration (a repository that schedules
    /// ownership reviews: `review-overdue` runs there by default).
    pub review_every_set: bool,
}

/// The default `history.bots` patterns.
pub const DEFAULT_BOTS: &[&str] = &[
    "*\\[bot\\]*",
    "*-bot",
    "*_bot",
    "* bot",
    "*-robot",
    "* robot",
    "dependabot*",
    "renovate*",
    "github-actions*",
];

/// A set of case-insensitive globs.
fn bot_globs<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<globset::GlobSet, String> {
    let mut builder = globset::GlobSetBuilder::new();
    for pattern in patterns {
        let glob = globset::GlobBuilder::new(pattern)
            .case_insensitive(true)
            .literal_separator(false)
            .build()
            .map_err(|e| format!("`{pattern}` is not a valid glob: {e}"))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| e.to_string())
}

impl Default for HistorySettings {
    fn default() -> Self {
        HistorySettings {
            since: None,
            stale_after: 180 * crate::time::DAY,
            min_share: 0.3,
            min_commits: 5,
            single_owner_share: 0.9,
            review_every: 365 * crate::time::DAY,
            bots: bot_globs(DEFAULT_BOTS.iter().copied()).expect("the default bot globs compile"),
            wide_change: 20,
            review_every_set: false,
        }
    }
}

/// One person of the registry.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct PersonDoc {
    /// Email addresses the person commits with.
    pub emails: Option<Vec<Sp<String>>>,
    /// Names the person commits under.
    pub names: Option<Vec<Sp<String>>>,
}

/// One team.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct TeamDoc {
    /// Handles of the team's members.
    pub members: Option<Vec<Sp<String>>>,
}

/// A severity as written in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

/// `rules:`: rule or category name → level. A category stands for each of its rules that is not
/// named itself. Its schema lists every rule and category, so editors complete the names.
#[derive(Debug, Default, Deserialize)]
pub struct RuleLevels(pub IndexMap<Sp<String>, Sp<Level>>);

impl JsonSchema for RuleLevels {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RuleLevels".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let level = generator.subschema_for::<Level>();
        let mut properties = serde_json::Map::new();
        for rule in rules::REGISTRY {
            let mut entry = serde_json::to_value(&level).expect("a schema is JSON");
            if let serde_json::Value::Object(map) = &mut entry {
                map.insert(
                    "description".into(),
                    format!("{} (default: {})", rule.summary(), rule.default_severity).into(),
                );
            }
            properties.insert(rule.name.to_string(), entry);
        }
        for &category in rules::Category::ALL {
            let mut entry = serde_json::to_value(&level).expect("a schema is JSON");
            if let serde_json::Value::Object(map) = &mut entry {
                let names: Vec<&str> = rules::of_category(category).map(|r| r.name).collect();
                map.insert(
                    "description".into(),
                    format!(
                        "Category `{category}`, {}: each of its rules not named itself ({})",
                        category.summary(),
                        names.join(", ")
                    )
                    .into(),
                );
            }
            properties.insert(category.name().to_string(), entry);
        }
        schemars::json_schema!({
            "type": "object",
            "properties": properties,
            "additionalProperties": false
        })
    }
}

/// A person of the registry.
#[derive(Debug, Clone, Default)]
pub struct Person {
    pub emails: Vec<String>,
    pub names: Vec<String>,
}

/// A team and its members.
#[derive(Debug, Clone, Default)]
pub struct Team {
    pub members: Vec<NameRef>,
}

/// Where the configuration of a run was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ConfigOrigin {
    /// No configuration file: the defaults.
    #[default]
    Defaults,
    /// The file `--config` names.
    CommandLine(String),
    /// [`CONFIG_FILE`] in the work tree (the default mode), tracked by git or not.
    WorkTree { tracked: bool },
    /// [`CONFIG_FILE`] as staged in the index (`--staged`).
    Index,
    /// [`CONFIG_FILE`] committed at a revision (`--rev`, a bare repository's HEAD, or the
    /// revision a change is compared with), by its short commit id.
    Revision(String),
}

impl std::fmt::Display for ConfigOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigOrigin::Defaults => write!(f, "none found: the defaults"),
            ConfigOrigin::CommandLine(path) => write!(f, "{path} (--config)"),
            ConfigOrigin::WorkTree { tracked: true } => {
                write!(f, "{CONFIG_FILE} in the work tree")
            }
            ConfigOrigin::WorkTree { tracked: false } => {
                write!(f, "{CONFIG_FILE} in the work tree (not tracked by git)")
            }
            ConfigOrigin::Index => write!(f, "{CONFIG_FILE} as staged in the index"),
            ConfigOrigin::Revision(id) => write!(f, "{CONFIG_FILE} at commit {id}"),
        }
    }
}

/// Where a rule's effective level comes from, as `ownlint rules` shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LevelOrigin {
    /// The rule's default severity.
    #[default]
    Default,
    /// The configuration's `rules:`, by the rule's name.
    Config,
    /// The configuration's `rules:`, by the rule's category.
    ConfigCategory,
    /// `--select` or `--ignore`.
    CommandLine,
}

impl LevelOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            LevelOrigin::Default => "default",
            LevelOrigin::Config => "config",
            LevelOrigin::ConfigCategory => "config category",
            LevelOrigin::CommandLine => "command line",
        }
    }
}

/// The settings a run uses, resolved once from defaults and the configuration file.
#[derive(Debug, Default)]
pub struct Config {
    /// The configuration file, when there is one.
    pub source: Option<SourceFile>,
    /// Where the configuration was read from.
    pub origin: ConfigOrigin,
    /// Severity overrides by rule name (a category's level is set for each of its rules);
    /// `None` turns the rule off.
    pub levels: HashMap<String, Option<Severity>>,
    /// Where each rule's level in `levels` comes from (a rule not listed has its default).
    pub level_origins: HashMap<String, LevelOrigin>,
    pub exclude: Option<GlobList>,
    pub people: IndexMap<String, Person>,
    pub teams: IndexMap<String, Team>,
    pub history: HistorySettings,
    /// Whether the people registry is complete (`identity.closed`).
    pub identity_closed: bool,
    /// Activity files, repository-relative.
    pub activity: Vec<String>,
    pub handover: HandoverSettings,
    /// `codeowners.flavor`, when set.
    pub codeowners_flavor: Option<CodeownersFlavor>,
    /// `owners.dir_denylist`, compiled, when set (else [`DEFAULT_OWNERS_DIR_DENYLIST`]).
    pub owners_dir_denylist: Option<Vec<regex::Regex>>,
}

impl Config {
    /// The severity a rule's findings get: the configured one, or the rule's default.
    pub fn severity_of(&self, rule: &str) -> Option<Severity> {
        match self.levels.get(rule) {
            Some(level) => *level,
            None => rules::find(rule).map(|r| r.default_severity),
        }
    }

    /// The severity of one finding: the configured level of its rule (by its name or its
    /// category), else the rule's default, a notch milder for a finding marked so.
    pub fn severity_of_finding(&self, d: &Diagnostic) -> Option<Severity> {
        let severity = self.severity_of(d.rule)?;
        if d.milder && !self.levels.contains_key(d.rule) {
            Some(match severity {
                Severity::Error => Severity::Warning,
                Severity::Warning | Severity::Info => Severity::Info,
            })
        } else {
            Some(severity)
        }
    }

    /// Whether the configuration file sets this rule's level by the rule's name (not by its
    /// category), and the command line did not override it.
    pub fn names_rule(&self, rule: &str) -> bool {
        self.level_origins.get(rule) == Some(&LevelOrigin::Config)
    }

    /// A rule's effective severity (`None`: off) and where it comes from.
    pub fn level_of(&self, rule: &str) -> (Option<Severity>, LevelOrigin) {
        (
            self.severity_of(rule),
            self.level_origins.get(rule).copied().unwrap_or_default(),
        )
    }

    /// Merges the rules chosen on the command line into the configured levels, as ruff does:
    /// with `select` given, only the rules it names run (one the configuration or its default
    /// turns off runs at its default severity; one the configuration sets keeps that level);
    /// `ignore` turns the rules it names off. A category stands for its rules. A rule named
    /// itself follows that name, whatever its category's says (`--ignore history --select
    /// stale-owner` runs stale-owner); a rule both options name, or whose category both name,
    /// is off. A name that is no rule's or category's is a usage error naming the option.
    pub fn apply_selection(&mut self, select: &[String], ignore: &[String]) -> Result<(), Error> {
        let selected = rule_names("--select", select)?;
        let ignored = rule_names("--ignore", ignore)?;
        for rule in rules::REGISTRY {
            let name = rule.name;
            // The most specific mention decides: the rule's name, else its category; at the
            // same footing --ignore wins. `Some(true)`: selected, `Some(false)`: ignored.
            let named = |names: &Names| names.rules.contains(&name);
            let grouped = |names: &Names| names.categories.contains(&rule.category);
            let choice = if named(&ignored) {
                Some(false)
            } else if named(&selected) {
                Some(true)
            } else if grouped(&ignored) {
                Some(false)
            } else if grouped(&selected) {
                Some(true)
            } else {
                None
            };
            let off = choice.map_or(!selected.is_empty(), |chosen| !chosen);
            if off {
                self.levels.insert(name.to_string(), None);
                self.level_origins
                    .insert(name.to_string(), LevelOrigin::CommandLine);
            } else if choice == Some(true) && self.severity_of(name).is_none() {
                self.levels.remove(name);
                self.level_origins
                    .insert(name.to_string(), LevelOrigin::CommandLine);
            }
        }
        Ok(())
    }

    pub fn is_excluded(&self, path: &str) -> bool {
        self.exclude.as_ref().is_some_and(|set| set.is_match(path))
    }

    /// Whether Prow skips the YAML OWNERS files of directory `dir` (`""` for the root):
    /// `owners.dir_denylist`, or by default the Go `vendor/` tree.
    pub fn prow_denies(&self, dir: &str) -> bool {
        static DEFAULT: std::sync::LazyLock<Vec<regex::Regex>> = std::sync::LazyLock::new(|| {
            DEFAULT_OWNERS_DIR_DENYLIST
                .iter()
                .map(|r| regex::Regex::new(r).expect("the default denylist compiles"))
                .collect()
        });
        self.owners_dir_denylist
            .as_deref()
            .unwrap_or(&DEFAULT)
            .iter()
            .any(|r| r.is_match(dir))
    }

    /// Reads a configuration file. Unknown keys become diagnostics in `out`; a file that
    /// cannot be used (invalid YAML, a wrong type, a glob that does not compile) is an error.
    pub fn parse(source: SourceFile, out: &mut Vec<Diagnostic>) -> Result<Config, Error> {
        let mut local = Vec::new();
        let loaded = text::load_yaml::<ConfigDoc>(&source, schema::config(), &mut local);
        let fatal = local
            .iter()
            .find(|d| d.rule == rules::parse_error::RULE.name)
            .cloned();
        out.extend(
            local
                .into_iter()
                .filter(|d| d.rule != rules::parse_error::RULE.name),
        );
        let doc = match (loaded, fatal) {
            (Some(doc), None) => doc,
            (_, Some(d)) => return Err(Error::at(&source, d.span, d.message)),
            (None, None) => return Err(Error::Config(format!("{}: unreadable", source.path))),
        };
        let mut levels = HashMap::new();
        let mut level_origins = HashMap::new();
        // Categories first, so that a rule named itself keeps its own level wherever it is.
        for (name, level) in doc.rules.iter().flat_map(|r| r.0.iter()) {
            if let Some(category) = rules::Category::find(&name.value) {
                for rule in rules::of_category(category) {
                    levels.insert(rule.name.to_string(), level.value.severity());
                    level_origins.insert(rule.name.to_string(), LevelOrigin::ConfigCategory);
                }
            }
        }
        for (name, level) in doc.rules.iter().flat_map(|r| r.0.iter()) {
            if let Some(rule) = rules::find(&name.value) {
                levels.insert(rule.name.to_string(), level.value.severity());
                level_origins.insert(rule.name.to_string(), LevelOrigin::Config);
            }
        }
        let exclude = match &doc.exclude {
            None => None,
            Some(globs) => {
                let mut compiled_globs = Vec::new();
                let mut written = Vec::new();
                for glob in globs {
                    for pattern in exclude_patterns(&glob.value) {
                        let compiled = GlobBuilder::new(&pattern)
                            .literal_separator(true)
                            .build()
                            .map_err(|e| {
                            Error::at(
                                &source,
                                Some(glob.span),
                                format!("invalid exclude glob `{}`: {}", glob.value, e.kind()),
                            )
                        })?;
                        crate::pattern_budget::charge_glob(&compiled).map_err(|e| {
                            Error::at(
                                &source,
                                Some(glob.span),
                                format!("exclude glob `{}` is not used: {e}", glob.value),
                            )
                        })?;
                        compiled_globs.push(compiled);
                        written.push(glob);
                    }
                }
                let list = GlobList::new(&compiled_globs);
                if let Some((i, reason)) = list.errors().first() {
                    let glob = written[*i];
                    return Err(Error::at(
                        &source,
                        Some(glob.span),
                        format!("exclude glob `{}` cannot be compiled: {reason}", glob.value),
                    ));
                }
                Some(list)
            }
        };
        let people = doc
            .people
            .iter()
            .flatten()
            .map(|(handle, person)| {
                let list = |l: &Option<Vec<Sp<String>>>| -> Vec<String> {
                    l.iter()
                        .flatten()
                        .map(|s| s.value.trim().to_string())
                        .collect()
                };
                (
                    handle.value.trim().to_lowercase(),
                    Person {
                        emails: list(&person.emails)
                            .into_iter()
                            .map(|e| e.to_lowercase())
                            .collect(),
                        names: list(&person.names),
                    },
                )
            })
            .collect();
        let teams = doc
            .teams
            .iter()
            .flatten()
            .map(|(name, team)| {
                (
                    name.value.trim().trim_start_matches('@').to_lowercase(),
                    Team {
                        members: team
                            .members
                            .iter()
                            .flatten()
                            .map(|m| NameRef::new(&m.value, m.span))
                            .collect(),
                    },
                )
            })
            .collect();
        let history = history_settings(&source, doc.history.as_ref())?;
        let activity = doc
            .activity
            .iter()
            .flatten()
            .map(|file| {
                let path = file.value.trim().trim_start_matches("./");
                if path.is_empty() || path.starts_with('/') || path.split('/').any(|p| p == "..") {
                    Err(Error::at(
                        &source,
                        Some(file.span),
                        format!(
                            "activity file `{}` must be a path inside the repository",
                            file.value
                        ),
                    ))
                } else {
                    Ok(path.to_string())
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let handover = handover_settings(&source, doc.handover.as_ref())?;
        let owners_dir_denylist = match doc.owners.as_ref().and_then(|o| o.dir_denylist.as_ref()) {
            None => None,
            Some(list) => Some(
                list.iter()
                    .map(|r| {
                        crate::pattern_budget::regex(&r.value, MAX_DENYLIST_REGEX_BYTES)
                            .map(|shared| shared.as_ref().clone())
                            .map_err(|e| {
                                Error::at(
                                    &source,
                                    Some(r.span),
                                    format!("owners.dir_denylist `{}`: {e}", r.value),
                                )
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
        };
        Ok(Config {
            owners_dir_denylist,
            handover,
            codeowners_flavor: doc
                .codeowners
                .as_ref()
                .and_then(|c| c.flavor.as_ref())
                .map(|f| f.value),
            identity_closed: doc
                .identity
                .as_ref()
                .and_then(|i| i.closed.as_ref())
                .is_some_and(|c| c.value),
            source: Some(source),
            origin: ConfigOrigin::default(),
            levels,
            level_origins,
            exclude,
            people,
            teams,
            history,
            activity,
        })
    }
}

fn handover_settings(
    source: &SourceFile,
    doc: Option<&HandoverConfigDoc>,
) -> Result<HandoverSettings, Error> {
    let mut settings = HandoverSettings::default();
    let Some(doc) = doc else {
        return Ok(settings);
    };
    for pattern in doc.docs.iter().flatten() {
        let path = pattern.value.trim().trim_start_matches("./");
        if !crate::handover::is_inside(path) {
            return Err(Error::at(
                source,
                Some(pattern.span),
                format!("`{}` must be a path inside the repository", pattern.value),
            ));
        }
        GlobBuilder::new(&path.replace("{area}", "x"))
            .build()
            .map_err(|e| {
                Error::at(
                    source,
                    Some(pattern.span),
                    format!("invalid glob `{}`: {}", pattern.value, e.kind()),
                )
            })?;
        settings.docs.push(path.to_string());
    }
    if let Some(grace) = &doc.grace {
        settings.grace = crate::time::parse_duration(&grace.value)
            .map_err(|e| Error::at(source, Some(grace.span), e))?;
    }
    if let Some(sections) = &doc.sections {
        settings.sections = sections
            .iter()
            .map(|(name, synonyms)| crate::handover::RequiredSection {
                name: name.value.trim().to_string(),
                synonyms: if synonyms.is_empty() {
                    vec![name.value.trim().to_lowercase()]
                } else {
                    synonyms
                        .iter()
                        .map(|s| s.value.trim().to_lowercase())
                        .collect()
                },
            })
            .collect();
    }
    Ok(settings)
}

fn history_settings(
    source: &SourceFile,
    doc: Option<&HistoryDoc>,
) -> Result<HistorySettings, Error> {
    let mut settings = HistorySettings::default();
    let Some(doc) = doc else {
        return Ok(settings);
    };
    let duration = |field: &Option<Sp<String>>, default: i64| -> Result<i64, Error> {
        match field {
            None => Ok(default),
            Some(text) => crate::time::parse_duration(&text.value)
                .map_err(|e| Error::at(source, Some(text.span), e)),
        }
    };
    let share = |field: &Option<Sp<f64>>, default: f64| -> Result<f64, Error> {
        match field {
            None => Ok(default),
            Some(v) if (0.0..=1.0).contains(&v.value) => Ok(v.value),
            Some(v) => Err(Error::at(
                source,
                Some(v.span),
                format!("{} is not a share between 0 and 1", v.value),
            )),
        }
    };
    if let Some(since) = &doc.since {
        crate::time::parse_since(&since.value, 0)
            .map_err(|e| Error::at(source, Some(since.span), e))?;
        settings.since = Some(since.value.clone());
    }
    settings.stale_after = duration(&doc.stale_after, settings.stale_after)?;
    settings.review_every = duration(&doc.review_every, settings.review_every)?;
    settings.review_every_set = doc.review_every.is_some();
    settings.min_share = share(&doc.min_share, settings.min_share)?;
    settings.single_owner_share = share(&doc.single_owner_share, settings.single_owner_share)?;
    if let Some(n) = &doc.min_commits {
        settings.min_commits = n.value.max(1) as usize;
    }
    if let Some(n) = &doc.wide_change {
        settings.wide_change = n.value.max(1).min(usize::MAX as u64) as usize;
    }
    if let Some(bots) = &doc.bots {
        for bot in bots {
            bot_globs([bot.value.as_str()]).map_err(|e| Error::at(source, Some(bot.span), e))?;
        }
        settings.bots = bot_globs(bots.iter().map(|b| b.value.as_str()))
            .map_err(|e| Error::at(source, None, e))?;
    }
    Ok(settings)
}

/// The rules and categories a comma-separated option names (`--select`, `--ignore`).
#[derive(Default)]
struct Names {
    rules: Vec<&'static str>,
    categories: Vec<rules::Category>,
}

impl Names {
    fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.categories.is_empty()
    }
}

/// The rules and categories a comma-separated option names, each checked.
fn rule_names(option: &str, names: &[String]) -> Result<Names, Error> {
    let mut found = Names::default();
    for name in names
        .iter()
        .map(|name| name.trim())
        .filter(|n| !n.is_empty())
    {
        if let Some(rule) = rules::find(name) {
            found.rules.push(rule.name);
        } else if let Some(category) = rules::Category::find(name) {
            found.categories.push(category);
        } else {
            let known = rules::REGISTRY
                .iter()
                .map(|r| r.name)
                .chain(rules::Category::ALL.iter().map(|c| c.name()));
            let hint = crate::yaml::did_you_mean(name, known)
                .map(|r| format!("; did you mean `{r}`?"))
                .unwrap_or_else(|| "; `ownlint rules` lists them".to_string());
            return Err(Error::Usage(format!(
                "{option}: no rule named `{name}`{hint}"
            )));
        }
    }
    Ok(found)
}

/// The globs one `exclude` entry stands for: `dir/` covers everything below `dir`.
fn exclude_patterns(glob: &str) -> Vec<String> {
    let glob = glob.trim().trim_start_matches("./").trim_start_matches('/');
    match glob.strip_suffix('/') {
        Some(dir) => vec![format!("{dir}/**")],
        None => vec![glob.to_string(), format!("{glob}/**")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Result<Config, Error>, Vec<Diagnostic>) {
        let mut out = Vec::new();
        let config = Config::parse(SourceFile::new(CONFIG_FILE, text), &mut out);
        (config, out)
    }

    #[test]
    fn reads_levels_people_teams_and_excludes() {
        let (config, diags) = parse(
            "rules:\n  unowned-path: error\n  missing-accountable-owner: off\n\
             exclude: [docs/, '*.md']\npeople:\n  Alice:\n    emails: [Alice@Example.com]\n\
             teams:\n  platform:\n    members: [alice, bob]\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let config = config.unwrap();
        assert_eq!(config.severity_of("unowned-path"), Some(Severity::Error));
        assert_eq!(config.severity_of("missing-accountable-owner"), None);
        assert_eq!(
            config.severity_of("empty-owners-file"),
            Some(Severity::Warning)
        );
        assert!(config.is_excluded("docs/a/b.txt"));
        assert!(config.is_excluded("README.md"));
        assert!(!config.is_excluded("src/README.md"));
        assert_eq!(config.people["alice"].emails, ["alice@example.com"]);
        assert_eq!(config.teams["platform"].members.len(), 2);
    }

    #[test]
    fn unknown_keys_and_rule_names_are_diagnosed_with_suggestions() {
        let (config, diags) = parse("rulez: {}\nrules:\n  unowned-paths: error\n");
        assert!(config.is_ok());
        assert_eq!(diags.len(), 2);
        assert!(diags.iter().all(|d| d.rule == "unknown-field"));
        assert!(diags[1].help.as_deref().unwrap().contains("unowned-path"));
    }

    #[test]
    fn a_bad_level_is_a_configuration_error_with_location() {
        let (config, _) = parse("rules:\n  unowned-path: loud\n");
        let message = config.unwrap_err().to_string();
        assert!(message.starts_with(".ownlint.yaml:2:"), "{message}");
    }
}
