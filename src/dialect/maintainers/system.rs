//! MAINTAINERS (Linux style) and MAINTAINERS.yml (Zephyr style) lowered into areas: each
//! section is a pattern-scoped declaration, and every section whose patterns match a path
//! applies to it.

use crate::dialect::maintainers::{MaintainersFile, MaintainersMatcher, Person};
use crate::model::{NameRef, OwnersFile, Scope, System, pattern_dir};
use crate::resolve::PatternSystem;

/// Every MAINTAINERS file of the repository, one matcher over all of them, and where their
/// sections sit among the snapshot's areas.
#[derive(Debug)]
pub struct MaintainersSystem {
    pub files: Vec<MaintainersFile>,
    pub matcher: MaintainersMatcher,
    /// Per file, the area index of its first section.
    pub first_area: Vec<usize>,
}

impl MaintainersSystem {
    /// The area index of a file's section.
    pub fn area_of(&self, file: usize, section: usize) -> usize {
        self.first_area[file] + section
    }

    /// One area per section of `file`, in order.
    pub fn areas(file: &MaintainersFile) -> Vec<OwnersFile> {
        let dialect = file.dialect;
        file.sections
            .iter()
            .map(|section| OwnersFile {
                path: file.path.clone(),
                dir: String::new(),
                dialect,
                scope: Scope::Patterns {
                    title: section.title.clone(),
                    span: section.span,
                    dir: section.files.iter().find_map(|(f, _)| pattern_dir(f)),
                },
                approvers: section.maintainers.iter().filter_map(person_name).collect(),
                reviewers: section.reviewers.iter().filter_map(person_name).collect(),
                ..OwnersFile::default()
            })
            .collect()
    }
}

/// The model's name for a maintainer: their email when there is one (emails join to commit
/// identities directly), else the name as written (a Zephyr GitHub handle).
fn person_name(person: &Person) -> Option<NameRef> {
    match &person.email {
        Some(email) => Some(NameRef::new(email, person.span)),
        None if !person.name.trim().is_empty() && !person.name.contains(' ') => {
            Some(NameRef::new(&person.name, person.span))
        }
        None => None,
    }
}

impl PatternSystem for MaintainersSystem {
    fn system(&self) -> System {
        System::Maintainers
    }

    fn deciding(&self, path: &str, _is_dir: bool, out: &mut Vec<usize>) {
        let mut sections = Vec::new();
        self.matcher.sections_for(path, &mut sections);
        out.extend(sections.into_iter().map(|(f, s)| self.area_of(f, s)));
    }
}
