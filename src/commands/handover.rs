//! `ownlint handover new`: write a handover document from the template.

use crate::cli::{self, GlobalArgs, Io};
use crate::engine::Session;
use crate::error::Error;
use crate::handover::{changes, template};
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
    let session = cli::open(global, io, true)?;
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
    let mut current: Vec<String> = resolution.people(Role::Owner).map(String::from).collect();
    if current.is_empty() {
        current = resolution
            .people(Role::Approver)
            .map(String::from)
            .collect();
    }
    let from = outgoing(&session, file, current, to);
    if from.is_empty() {
        let _ = writeln!(
            io.err,
            "ownlint: note: who hands `{}` over is not known from its ownership file or the \
             history read: fill in `from:`",
            crate::escape::terminal(&file.area())
        );
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

/// Who hands the area over: its accountable people (the owner, else the approvers) other than
/// the recipient `to`. When the ownership file already names the recipient (the change was made
/// before the document, committed or not), the ownership history tells instead: the most recent
/// earlier version of the area that did not name the recipient (HEAD's, for a change not yet
/// committed; then the history window's changes, newest first), and of its accountable people
/// those no longer accountable now (else all of them but the recipient).
fn outgoing(
    session: &Session,
    file: &crate::model::OwnersFile,
    current: Vec<String>,
    to: &str,
) -> Vec<String> {
    let is_recipient = |name: &str| name.trim_start_matches('@').eq_ignore_ascii_case(to);
    let without_recipient = |names: &[String]| -> Vec<String> {
        names.iter().filter(|n| !is_recipient(n)).cloned().collect()
    };
    if !current.iter().any(|n| is_recipient(n)) {
        return current;
    }
    let accountable = |owner: &[String], approvers: &[String]| -> Vec<String> {
        (if owner.is_empty() { approvers } else { owner }).to_vec()
    };
    let mut earlier: Vec<Vec<String>> = Vec::new();
    if !matches!(session.revision, crate::repo::Revision::Commit { .. })
        && let Some(version) = head_version(session, &file.path)
        && let Some(area) = version.areas.iter().find(|a| a.area == file.area())
    {
        earlier.push(accountable(&area.owner, &area.approvers));
    }
    let mut history: Vec<&changes::Change> = session
        .handover
        .changes
        .iter()
        .filter(|c| c.file == file.path && c.area == file.area() && c.before_exists)
        .collect();
    history.sort_by_key(|c| std::cmp::Reverse(c.time));
    earlier.extend(
        history
            .into_iter()
            .map(|c| accountable(&c.owner_before, &c.approvers_before)),
    );
    let same = |a: &str, b: &str| {
        a.trim_start_matches('@')
            .eq_ignore_ascii_case(b.trim_start_matches('@'))
    };
    for before in earlier {
        if before.is_empty() || before.iter().any(|n| is_recipient(n)) {
            continue;
        }
        let left: Vec<String> = before
            .iter()
            .filter(|n| !current.iter().any(|c| same(c, n)))
            .cloned()
            .collect();
        return if left.is_empty() { before } else { left };
    }
    without_recipient(&current)
}

/// The version of an ownership file committed at HEAD, when there is one.
fn head_version(session: &Session, path: &str) -> Option<changes::Version> {
    let git = session.repo.git();
    let tree = git.head().ok()?.peel_to_tree().ok()?;
    let entry = tree.get_path(std::path::Path::new(path)).ok()?;
    let bytes = session
        .repo
        .read_blob(entry.id(), crate::bounded_read::TEXT_OWNERSHIP.limit)
        .ok()?;
    Some(changes::version_of(path, &bytes))
}
