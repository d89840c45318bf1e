//! The ownership dialects, one folder each: its parser, its lowering into the model's area
//! declarations and, for a pattern-scoped dialect, its matcher and the pattern system that
//! decides paths by the dialect's own semantics (last match for CODEOWNERS, every match for
//! MAINTAINERS). [`text`] holds what the parsers share (decoding bytes, loading YAML), [`glob`]
//! the glob-to-regex translation of each flavour.
//!
//! Every reader of ownership files goes through this module: [`Dialect::of`] names the dialect
//! of a path, [`Dialect::source`] decodes its bytes, [`parse`] reads it into a [`Parsed`] file
//! and [`Parsed::into_areas`] lowers one file on its own. The walker (which also builds the
//! pattern systems over all the files of a revision) and ownership-change detection
//! (`handover::changes`, one version of one file at a time) both read this way, and the
//! pattern rules judge a pattern-scoped dialect through [`crate::resolve::PatternSystem`]
//! without naming it.
//!
//! # Adding a dialect
//!
//! 1. `src/dialect/<name>/`: its parser (and, when its areas are scoped by patterns, its
//!    matcher and a [`crate::resolve::PatternSystem`] implementation).
//! 2. This file: a [`Dialect`] variant (its label, system and file name in [`Dialect::of`]), a
//!    [`Parsed`] variant with its arm in [`parse`] and in [`Parsed::into_areas`].
//! 3. `src/walker.rs`: the `Parsed` arm that adds the file to the snapshot; a pattern-scoped
//!    dialect also gets its system built there and listed by `Snapshot::systems`.
//! 4. Its tests (`tests/it/dialects/`, `tests/it/fuzz_regressions/`) and the README.
//!
//! Only if they apply: `pattern-matches-nothing` and `pattern-broken-by-rename` report
//! pattern shapes per dialect (their messages name the dialect's syntax); a YAML dialect adds
//! its schema (`src/schema.rs`); the dialect label list in the `who`/report JSON docs.

pub mod chromium;
pub mod codeowners;
pub mod glob;
pub mod maintainers;
pub mod owners;
pub mod path_memo;
pub mod text;

pub use codeowners::system::CodeownersSystem;
pub use maintainers::system::MaintainersSystem;

use crate::bounded_read;
use crate::config::CodeownersFlavor;
use crate::diagnostics::Diagnostic;
use crate::model::{AliasesFile, OwnersFile, System};
use crate::source::SourceFile;
use crate::walker::basename;

use chromium::ChromiumFile;
use chromium::includes::{Loaded, Lowering};
use codeowners::{Codeowners, Flavor};
use maintainers::MaintainersFile;

/// The version of what the matchers answer: which areas own a path, in every dialect (each
/// dialect's matcher and pattern system, [`crate::resolve::Resolver`], aliases, includes and
/// teams). The resolution cache (`engine::resolution_cache`) and the decided-areas cache
/// (`history::decided_cache`) key their saved answers by it beside the ownership files' blob
/// ids, so answers computed by an older matcher are never
/// read back: **bump it in the commit that changes any answer** (a glob translated
/// differently, a new `per-file` form, a MAINTAINERS `X:` read otherwise). A build of ownlint
/// whose matchers answer as before keeps it, and keeps every repository's cache warm.
pub const RESOLUTION_SEMANTICS: u32 = 2;

/// The name of a YAML or Chromium OWNERS file.
pub const OWNERS: &str = "OWNERS";
/// The name of the file of aliases YAML OWNERS files name.
pub const OWNERS_ALIASES: &str = "OWNERS_ALIASES";

/// The ownership dialect a file (and each declaration read from it) is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Dialect {
    /// YAML OWNERS, Kubernetes / Prow style, with ownlint's own fields.
    #[default]
    Owners,
    /// Plain-text OWNERS, Chromium / Gerrit style.
    Chromium,
    /// CODEOWNERS as GitHub reads it.
    GithubCodeowners,
    /// CODEOWNERS as GitLab reads it (sections, exclusions, roles).
    GitlabCodeowners,
    /// MAINTAINERS, Linux / U-Boot style.
    Maintainers,
    /// MAINTAINERS.yml, Zephyr style.
    MaintainersYml,
    /// OWNERS_ALIASES: the aliases YAML OWNERS files name; it declares no area.
    OwnersAliases,
}

impl Dialect {
    /// How the dialect is named in messages.
    pub fn label(self) -> &'static str {
        match self {
            Dialect::Owners => "OWNERS",
            Dialect::Chromium => "OWNERS (Chromium)",
            Dialect::GithubCodeowners => "CODEOWNERS (GitHub)",
            Dialect::GitlabCodeowners => "CODEOWNERS (GitLab)",
            Dialect::Maintainers => "MAINTAINERS",
            Dialect::MaintainersYml => "MAINTAINERS.yml",
            Dialect::OwnersAliases => "OWNERS_ALIASES",
        }
    }

    /// The ownership system (the tool that acts on the declarations) the dialect belongs to.
    pub fn system(self) -> System {
        match self {
            Dialect::Owners | Dialect::Chromium | Dialect::OwnersAliases => System::Owners,
            Dialect::GithubCodeowners | Dialect::GitlabCodeowners => System::Codeowners,
            Dialect::Maintainers | Dialect::MaintainersYml => System::Maintainers,
        }
    }

    /// The dialect of the ownership file at `path`, if it is one, by its name and place.
    /// `OWNERS` is [`Dialect::Owners`] until its text is seen ([`Dialect::in_text`]).
    /// `flavor` is the configured CODEOWNERS platform (`codeowners.flavor`); without it a
    /// CODEOWNERS file's location chooses ([`codeowners::flavor_for_path`]).
    pub fn of(path: &str, flavor: Option<CodeownersFlavor>) -> Option<Dialect> {
        let name = basename(path);
        if name == OWNERS {
            return Some(Dialect::Owners);
        }
        if name == OWNERS_ALIASES {
            return Some(Dialect::OwnersAliases);
        }
        if name == "CODEOWNERS" {
            let flavor = match flavor {
                Some(configured) => Flavor::from(configured),
                None => codeowners::flavor_for_path(path)?,
            };
            return codeowners::locations(flavor)
                .contains(&path)
                .then_some(Dialect::codeowners(flavor));
        }
        if name == maintainers::MAINTAINERS {
            return Some(Dialect::Maintainers);
        }
        if maintainers::yml::is_maintainers_yml(path) {
            return Some(Dialect::MaintainersYml);
        }
        None
    }

    /// The dialect of a file named as this one, once its text is seen: an `OWNERS` file in
    /// plain text is Chromium's.
    pub fn in_text(self, text: &str) -> Dialect {
        if self == Dialect::Owners && chromium::is_plain_text(text) {
            Dialect::Chromium
        } else {
            self
        }
    }

    /// [`Dialect::in_text`] of raw bytes (only an `OWNERS` file's are looked at).
    pub fn in_bytes(self, bytes: &[u8]) -> Dialect {
        if self == Dialect::Owners {
            self.in_text(&String::from_utf8_lossy(bytes))
        } else {
            self
        }
    }

    /// The CODEOWNERS dialect of a platform.
    pub fn codeowners(flavor: Flavor) -> Dialect {
        match flavor {
            Flavor::Github => Dialect::GithubCodeowners,
            Flavor::Gitlab => Dialect::GitlabCodeowners,
        }
    }

    /// The platform a CODEOWNERS dialect is read as.
    pub fn codeowners_flavor(self) -> Option<Flavor> {
        match self {
            Dialect::GithubCodeowners => Some(Flavor::Github),
            Dialect::GitlabCodeowners => Some(Flavor::Gitlab),
            _ => None,
        }
    }

    /// Whether files of the dialect are YAML (decoded strictly, as UTF-8).
    pub fn is_yaml(self) -> bool {
        matches!(
            self,
            Dialect::Owners | Dialect::OwnersAliases | Dialect::MaintainersYml
        )
    }

    /// The bound on reading a file named as one of the dialect (`OWNERS` is bound as YAML
    /// before its text tells which it is).
    pub fn read_limit(self) -> bounded_read::Kind {
        if self.is_yaml() {
            bounded_read::YAML_OWNERSHIP
        } else {
            bounded_read::TEXT_OWNERSHIP
        }
    }

    /// Whether a suppression marker must sit in a `#` comment. Linux-style MAINTAINERS files
    /// have no comment syntax: there a marker counts anywhere in a line.
    pub fn has_hash_comments(self) -> bool {
        self != Dialect::Maintainers
    }

    /// The text of a file of the dialect, or `None` when it cannot be read as such (reported
    /// in `out`): YAML must be UTF-8; the line-based dialects read invalid UTF-8 as U+FFFD
    /// (reported at its place) so that their other lines are still read.
    pub fn source(self, path: &str, bytes: &[u8], out: &mut Vec<Diagnostic>) -> Option<SourceFile> {
        if self.is_yaml() {
            let text = text::decode(path, bytes, out)?;
            Some(SourceFile::new(path, text))
        } else {
            Some(SourceFile::new(path, text::decode_lossy(path, bytes, out)))
        }
    }
}

impl From<CodeownersFlavor> for Flavor {
    /// The platform the configuration names (`codeowners: {flavor: ...}`).
    fn from(configured: CodeownersFlavor) -> Flavor {
        match configured {
            CodeownersFlavor::Github => Flavor::Github,
            CodeownersFlavor::Gitlab => Flavor::Gitlab,
        }
    }
}

/// One ownership file as its dialect reads it.
#[derive(Debug)]
pub enum Parsed {
    /// A YAML OWNERS file (already its area, boxed: it is the largest by far), or nothing when
    /// it does not parse.
    Owners(Option<Box<OwnersFile>>),
    /// An OWNERS_ALIASES file, or nothing when it does not parse.
    Aliases(Option<AliasesFile>),
    /// A plain-text OWNERS file, its includes not yet followed.
    Chromium(ChromiumFile),
    Codeowners(Codeowners),
    /// A MAINTAINERS or MAINTAINERS.yml file.
    Maintainers(MaintainersFile),
}

/// Reads `source`, a file of `dialect` (after [`Dialect::in_text`]); problems go to `out`.
pub fn parse(dialect: Dialect, source: &SourceFile, out: &mut Vec<Diagnostic>) -> Parsed {
    match dialect {
        Dialect::Owners => Parsed::Owners(owners::parse(source, out).map(Box::new)),
        Dialect::OwnersAliases => Parsed::Aliases(owners::aliases::parse(source, out)),
        Dialect::Chromium => Parsed::Chromium(chromium::parse(source, out)),
        Dialect::GithubCodeowners | Dialect::GitlabCodeowners => {
            let flavor = dialect.codeowners_flavor().unwrap_or(Flavor::Github);
            Parsed::Codeowners(codeowners::parse(source, flavor, out))
        }
        Dialect::Maintainers => Parsed::Maintainers(maintainers::parse(source, out)),
        Dialect::MaintainersYml => Parsed::Maintainers(maintainers::yml::parse(source, out)),
    }
}

impl Parsed {
    /// The areas the file declares on its own: a Chromium file's includes are not followed,
    /// and an aliases file declares none.
    pub fn into_areas(self, out: &mut Vec<Diagnostic>) -> Vec<OwnersFile> {
        match self {
            Parsed::Owners(file) => file.into_iter().map(|file| *file).collect(),
            Parsed::Aliases(_) => Vec::new(),
            Parsed::Chromium(file) => {
                let mut lowering = Lowering::new(|_: &str| Loaded::Missing);
                vec![lowering.lower(file, out)]
            }
            Parsed::Codeowners(file) => codeowners::system::areas(&file),
            Parsed::Maintainers(file) => MaintainersSystem::areas(&file),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_names_its_dialect_by_name_and_place() {
        let of = |path| Dialect::of(path, None);
        assert_eq!(of("a/b/OWNERS"), Some(Dialect::Owners));
        assert_eq!(of("OWNERS_ALIASES"), Some(Dialect::OwnersAliases));
        assert_eq!(of("x/OWNERS_ALIASES"), Some(Dialect::OwnersAliases));
        assert_eq!(of(".github/CODEOWNERS"), Some(Dialect::GithubCodeowners));
        assert_eq!(of("CODEOWNERS"), Some(Dialect::GithubCodeowners));
        assert_eq!(of(".gitlab/CODEOWNERS"), Some(Dialect::GitlabCodeowners));
        // A CODEOWNERS file where no platform looks is not an ownership file.
        assert_eq!(of("src/CODEOWNERS"), None);
        assert_eq!(of("board/x/MAINTAINERS"), Some(Dialect::Maintainers));
        assert_eq!(of("MAINTAINERS.yml"), Some(Dialect::MaintainersYml));
        assert_eq!(of("README.md"), None);
        // The configured platform reads its own locations only.
        let gitlab = Some(CodeownersFlavor::Gitlab);
        assert_eq!(
            Dialect::of("CODEOWNERS", gitlab),
            Some(Dialect::GitlabCodeowners)
        );
        assert_eq!(Dialect::of(".github/CODEOWNERS", gitlab), None);
    }

    #[test]
    fn plain_text_owners_are_chromiums_and_only_maintainers_lack_hash_comments() {
        assert_eq!(
            Dialect::Owners.in_text("alice@example.com\n"),
            Dialect::Chromium
        );
        assert_eq!(
            Dialect::Owners.in_text("approvers: [alice]\n"),
            Dialect::Owners
        );
        assert_eq!(
            Dialect::OwnersAliases.in_bytes(b"alice@example.com\n"),
            Dialect::OwnersAliases
        );
        for dialect in [
            Dialect::Owners,
            Dialect::Chromium,
            Dialect::GithubCodeowners,
            Dialect::GitlabCodeowners,
            Dialect::MaintainersYml,
            Dialect::OwnersAliases,
        ] {
            assert!(dialect.has_hash_comments(), "{dialect:?}");
        }
        assert!(!Dialect::Maintainers.has_hash_comments());
    }

    #[test]
    fn one_file_read_and_lowered_alone_gives_its_areas() {
        let areas = |dialect: Dialect, path: &str, text: &str| {
            let mut out = Vec::new();
            let source = SourceFile::new(path, text);
            let parsed = parse(dialect.in_text(text), &source, &mut out);
            parsed
                .into_areas(&mut out)
                .iter()
                .map(|a| (a.dialect, a.approvers.len()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            areas(Dialect::Owners, "OWNERS", "approvers: [a, b]\n"),
            [(Dialect::Owners, 2)]
        );
        assert_eq!(
            areas(
                Dialect::Owners,
                "OWNERS",
                "a@x.org\nfile://missing/OWNERS\n"
            ),
            [(Dialect::Chromium, 1)]
        );
        assert_eq!(
            areas(
                Dialect::GitlabCodeowners,
                "CODEOWNERS",
                "* @a\n[S]\n/x/ @b @c\n"
            ),
            [
                (Dialect::GitlabCodeowners, 1),
                (Dialect::GitlabCodeowners, 2)
            ]
        );
        assert_eq!(
            areas(
                Dialect::Maintainers,
                "MAINTAINERS",
                "X\nM:\tA <a@x.org>\nF:\tx/\n"
            ),
            [(Dialect::Maintainers, 1)]
        );
        assert!(
            areas(
                Dialect::OwnersAliases,
                "OWNERS_ALIASES",
                "aliases: {t: [a]}\n"
            )
            .is_empty()
        );
    }
}
