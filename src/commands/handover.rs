//! `ownlint handover new`: write a handover document from the template.

use super::session::Session;
use crate::cli::{self, GlobalArgs, Io};
use crate::error::Error;
use crate::handover::template;
use crate::resolve::{Resolver, Role};
use crate::time::format_date;

pub fn new(global: &GlobalArgs, area: &str, to: &str, io: &mut Io) -> Result<u8, Error> {
    if global.rev.is_some() {
        return Err(Error::Usage(
            "`handover new` writes to the work tree; it does not take --rev".into(),
        ));
    }
    let to = to.trim().trim_start_matches('@');
    if to.is_empty() || to.chars().any(char::is_control) {
        return Err(Error::Usage("--to needs a name".into()));
    }
    let session = Session::open(global, io)?;
    let Some(workdir) = session.repo.workdir().map(|p| p.to_path_buf()) else {
        return Err(Error::Usage(
            "`handover new` needs a work tree; this repository is bare".into(),
        ));
    };
    let dir = session.repo.relative_path(&io.cwd, area)?;
    let snapshot = &session.snapshot;
    let resolver = Resolver::new(snapshot, &session.config.teams);
    let Some(index) = resolver.file_in(&dir) else {
        return Err(Error::Usage(format!(
            "`{}` has no OWNERS file: a handover is written for an area, a directory with one",
            crate::model::area_name(&dir)
        )));
    };
    let file = &snapshot.owners[index];
    let path = match &file.handover {
        Some(declared) => {
            let path = declared.value.trim().trim_start_matches("./").to_string();
            if !crate::handover::is_inside(&path) {
                return Err(Error::Usage(format!(
                    "{}: `handover: {}` points outside the repository",
                    file.path, declared.value
                )));
            }
            path
        }
        None => {
            // The first configured pattern that names one file once `{area}` is filled in.
            let configured = session
                .config
                .handover
                .docs
                .iter()
                .map(|p| p.replace("{area}", &file.area()).replace("/./", "/"))
                .find(|p| !p.contains(['*', '?', '[', '{']));
            match configured {
                Some(path) => path.trim_start_matches("./").to_string(),
                None if dir.is_empty() => "HANDOVER.md".to_string(),
                None => format!("{dir}/HANDOVER.md"),
            }
        }
    };
    let target = workdir.join(&path);
    // A committed symbolic link (`docs -> /etc`) must not carry the write out of the work tree.
    let outside = || {
        Error::Usage(format!(
            "{path}: leads outside the repository through a symbolic link; ownlint does not write there"
        ))
    };
    if !crate::bounded_read::write_stays_inside(&target, &workdir) {
        return Err(outside());
    }
    if std::fs::symlink_metadata(&target).is_ok() {
        return Err(Error::Usage(format!(
            "{path} already exists; ownlint does not overwrite it"
        )));
    }
    let resolution = resolver.resolve(&file.dir, true);
    let mut from: Vec<String> = resolution.people(Role::Owner).map(String::from).collect();
    if from.is_empty() {
        from = resolution
            .people(Role::Approver)
            .map(String::from)
            .collect();
    }
    let date = format_date(session.as_of);
    let text = template::render(
        &file.area(),
        &from,
        to,
        &date,
        &session.config.handover.sections,
    );
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::Io(format!("{}: {e}", parent.display())))?;
    }
    // Again, now that every directory exists (one may have been replaced by a link meanwhile).
    if !crate::bounded_read::write_stays_inside(&target, &workdir) {
        return Err(outside());
    }
    // create_new: never replace a file that appeared in the meantime.
    use std::io::Write;
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|e| Error::Io(format!("{path}: {e}")))?;
    out.write_all(text.as_bytes())
        .map_err(|e| Error::Io(format!("{path}: {e}")))?;
    let message = format!(
        "wrote {}: fill in its sections, then commit it with the ownership change\n",
        crate::escape::terminal(&path)
    );
    cli::emit(io, &message)?;
    Ok(0)
}
