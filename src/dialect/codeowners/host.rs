//! Which platform reads a repository's CODEOWNERS, and so which one file it reads.
//!
//! GitHub and GitLab each read exactly one file, the first that exists of their locations:
//! GitHub "will search for them in that order and use the first one it finds" (`.github/`, the
//! root, `docs/`; never `.gitlab/`); GitLab: "The first CODEOWNERS file found is used, and all
//! others are ignored" (`./CODEOWNERS`, `./docs/CODEOWNERS`, `./.gitlab/CODEOWNERS`; never
//! `.github/`). The root and `docs/` files are both platforms' locations, so the platform is
//! chosen first: `codeowners.flavor` when set, else inferred from the repository (see
//! [`choose`]). The other files are reported as ignored, never combined.

use crate::config::CodeownersFlavor;
use crate::dialect::codeowners::{Flavor, locations};

/// Every path where GitHub or GitLab looks for a CODEOWNERS file.
pub const ALL_LOCATIONS: [&str; 4] = [
    ".github/CODEOWNERS",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".gitlab/CODEOWNERS",
];

/// The platform whose CODEOWNERS semantics apply, and why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    pub flavor: Flavor,
    pub why: Why,
}

/// Why a platform was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// `codeowners.flavor` in the configuration.
    Configured,
    /// The file at a shared location has GitLab section headers (GitHub would skip them).
    SectionHeaders(String),
    /// GitLab's own location holds a CODEOWNERS file (`.gitlab/CODEOWNERS`), GitHub's does not.
    GitlabLocation,
    /// GitHub's own location holds a CODEOWNERS file (`.github/CODEOWNERS`), GitLab's does not.
    GithubLocation,
    /// The repository has GitLab files (`.gitlab-ci.yml`, `.gitlab/`) and no `.github/`.
    GitlabFiles,
    /// Nothing says GitLab: GitHub, as before. `conflicting` when the repository has both
    /// GitLab files and `.github/`.
    Default { conflicting: bool },
}

impl Host {
    /// Whether the choice is worth saying when the platform reads `read`: GitLab inferred for a
    /// file both platforms could read (the root or `docs/` file), or GitHub while GitLab files
    /// are there too. A configured choice, a file only one platform reads, and plain GitHub
    /// with nothing pointing at GitLab go without saying.
    pub fn worth_noting(&self, read: &str) -> bool {
        match self.why {
            Why::Configured => false,
            Why::Default { conflicting } => conflicting,
            _ => self.flavor == Flavor::Gitlab && read != ".gitlab/CODEOWNERS",
        }
    }

    /// Why the platform was chosen, for a message.
    pub fn reason(&self) -> String {
        match &self.why {
            Why::Configured => "`codeowners.flavor` is set in .ownlint.yaml".to_string(),
            Why::SectionHeaders(path) => {
                format!("{path} has GitLab section headers (`[Section]`)")
            }
            Why::GitlabLocation => {
                "`.gitlab/CODEOWNERS` exists (only GitLab reads it) and `.github/CODEOWNERS` does \
                 not"
                .to_string()
            }
            Why::GithubLocation => {
                "`.github/CODEOWNERS` exists (only GitHub reads it) and `.gitlab/CODEOWNERS` does \
                 not"
                .to_string()
            }
            Why::GitlabFiles => {
                "the repository has GitLab files (`.gitlab-ci.yml` or `.gitlab/`) and no \
                 `.github/`"
                    .to_string()
            }
            Why::Default { conflicting: true } => {
                "the repository has both GitLab files and `.github/`, and GitHub is the default"
                    .to_string()
            }
            Why::Default { conflicting: false } => "GitHub is the default".to_string(),
        }
    }

    /// The file the platform reads among the CODEOWNERS files present, if any.
    pub fn file_read<'a>(&self, present: &[&'a str]) -> Option<&'a str> {
        locations(self.flavor)
            .iter()
            .find_map(|location| present.iter().copied().find(|p| p == location))
    }
}

/// The platform whose CODEOWNERS apply to a revision whose tracked paths are `paths` (sorted).
/// `shared_text` gives the text of a file at a location both platforms read (`CODEOWNERS`,
/// `docs/CODEOWNERS`), when it is tracked and readable.
///
/// In order: the configuration; GitLab section headers in the first shared file (a file written
/// for GitLab); a CODEOWNERS at one platform's own location and not at the other's; GitLab files
/// (`.gitlab-ci.yml`, `.gitlab/`) without `.github/`; else GitHub.
pub fn choose(
    paths: &[&str],
    configured: Option<CodeownersFlavor>,
    shared_text: impl FnOnce(&str) -> Option<String>,
) -> Host {
    let host = |flavor, why| Host { flavor, why };
    if let Some(configured) = configured {
        return host(Flavor::from(configured), Why::Configured);
    }
    let has = |path: &str| paths.binary_search(&path).is_ok();
    let has_dir = |dir: &str| {
        let prefix = format!("{dir}/");
        let at = paths.partition_point(|p| *p < prefix.as_str());
        paths.get(at).is_some_and(|p| p.starts_with(&prefix))
    };
    if let Some(shared) = ["CODEOWNERS", "docs/CODEOWNERS"]
        .into_iter()
        .find(|p| has(p))
        && shared_text(shared).is_some_and(|text| has_section_header(&text))
    {
        return host(Flavor::Gitlab, Why::SectionHeaders(shared.to_string()));
    }
    let (github_file, gitlab_file) = (has(".github/CODEOWNERS"), has(".gitlab/CODEOWNERS"));
    if gitlab_file && !github_file {
        return host(Flavor::Gitlab, Why::GitlabLocation);
    }
    if github_file && !gitlab_file {
        return host(Flavor::Github, Why::GithubLocation);
    }
    let gitlab_files = has(".gitlab-ci.yml") || has_dir(".gitlab");
    let github_dir = has_dir(".github");
    if gitlab_files && !github_dir {
        return host(Flavor::Gitlab, Why::GitlabFiles);
    }
    host(
        Flavor::Github,
        Why::Default {
            conflicting: gitlab_files && github_dir,
        },
    )
}

/// Whether a CODEOWNERS text has a line that GitLab reads as a section header.
pub fn has_section_header(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start_matches([' ', '\t', '\u{feff}']);
        crate::dialect::codeowners::is_gitlab_header(line.trim_end())
    })
}

/// The message of a CODEOWNERS file the platform does not read.
pub fn ignored_message(path: &str, host: &Host, read: Option<&str>) -> String {
    let platform = host.flavor.name();
    match read {
        Some(read) => format!(
            "{path} is ignored by {platform}: {platform} reads only the first CODEOWNERS file it \
             finds, {read}"
        ),
        None => format!("{path} is ignored by {platform}: {platform} never reads this location"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(paths: &[&str], text: Option<&str>) -> Host {
        let mut sorted = paths.to_vec();
        sorted.sort();
        choose(&sorted, None, |_| text.map(str::to_string))
    }

    #[test]
    fn the_platform_follows_the_configuration_then_the_repository() {
        let configured = choose(&["CODEOWNERS"], Some(CodeownersFlavor::Gitlab), |_| None);
        assert_eq!(configured.flavor, Flavor::Gitlab);
        assert!(!configured.worth_noting("CODEOWNERS"));
        let sections = chosen(&["CODEOWNERS", ".github/x.yml"], Some("[Docs]\n*.md @d\n"));
        assert_eq!(sections.why, Why::SectionHeaders("CODEOWNERS".to_string()));
        // `[Mm]akefile` is a pattern, not a header.
        let pattern = chosen(&["CODEOWNERS"], Some("[Mm]akefile @x\n"));
        assert_eq!(pattern.flavor, Flavor::Github);
        let located = chosen(&[".gitlab/CODEOWNERS", "CODEOWNERS"], None);
        assert_eq!(located.flavor, Flavor::Gitlab);
        // The root file is read as GitLab's because of `.gitlab/`: said; `.gitlab/` alone: not.
        assert!(located.worth_noting("CODEOWNERS"));
        assert!(!located.worth_noting(".gitlab/CODEOWNERS"));
        assert_eq!(
            chosen(
                &[".github/CODEOWNERS", "CODEOWNERS", ".gitlab-ci.yml"],
                None
            )
            .flavor,
            Flavor::Github
        );
        let ci = chosen(&["CODEOWNERS", ".gitlab-ci.yml"], None);
        assert_eq!(
            (ci.flavor, ci.why.clone()),
            (Flavor::Gitlab, Why::GitlabFiles)
        );
        assert!(ci.worth_noting("CODEOWNERS"));
        let both = chosen(
            &["CODEOWNERS", ".gitlab-ci.yml", ".github/workflows/a.yml"],
            None,
        );
        assert_eq!(both.flavor, Flavor::Github);
        assert!(both.worth_noting("CODEOWNERS"));
        let plain = chosen(&["CODEOWNERS", "src/a.rs"], None);
        assert_eq!(plain.flavor, Flavor::Github);
        assert!(!plain.worth_noting("CODEOWNERS"));
    }

    #[test]
    fn each_platform_reads_the_first_of_its_own_locations() {
        let github = Host {
            flavor: Flavor::Github,
            why: Why::Configured,
        };
        let gitlab = Host {
            flavor: Flavor::Gitlab,
            why: Why::Configured,
        };
        let present = ["CODEOWNERS", ".gitlab/CODEOWNERS", "docs/CODEOWNERS"];
        assert_eq!(github.file_read(&present), Some("CODEOWNERS"));
        assert_eq!(gitlab.file_read(&present), Some("CODEOWNERS"));
        assert_eq!(github.file_read(&[".gitlab/CODEOWNERS"]), None);
        assert_eq!(gitlab.file_read(&[".github/CODEOWNERS"]), None);
        assert_eq!(
            gitlab.file_read(&[".gitlab/CODEOWNERS", "docs/CODEOWNERS"]),
            Some("docs/CODEOWNERS")
        );
    }
}
