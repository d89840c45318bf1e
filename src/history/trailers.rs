//! Reading people out of commit messages: trailers (`Co-authored-by: Name <email>` and the
//! like) and GitHub's merge subject `Merge pull request #N from alice/branch`.

use super::facts::{Ident, TrailerKind};

/// The people named in the trailer block (the last paragraph) of a commit message.
pub fn trailers(message: &str) -> Vec<(TrailerKind, Ident)> {
    let trimmed = message.trim_end();
    let last_paragraph = match trimmed.rfind("\n\n") {
        Some(at) => &trimmed[at + 2..],
        // A message that is only trailers has no body before them.
        None => trimmed,
    };
    let mut found = Vec::new();
    for line in last_paragraph.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let Some(kind) = TrailerKind::ALL
            .iter()
            .find(|k| k.key().eq_ignore_ascii_case(key.trim()))
        else {
            continue;
        };
        if let Some(ident) = parse_ident(value) {
            found.push((*kind, ident));
        }
    }
    found
}

/// `Name <email>` (either part may be missing, but not both).
pub fn parse_ident(text: &str) -> Option<Ident> {
    let text = text.trim();
    let (name, email) = match (text.find('<'), text.rfind('>')) {
        (Some(open), Some(close)) if open < close => {
            (text[..open].trim(), text[open + 1..close].trim())
        }
        _ if text.contains('@') && !text.contains(' ') => ("", text),
        _ => (text, ""),
    };
    if name.is_empty() && email.is_empty() {
        return None;
    }
    Some(Ident {
        name: name.to_string(),
        email: email.to_string(),
    })
}

/// The handle in GitHub's merge subject `Merge pull request #123 from alice/branch`.
pub fn github_merge_handle(message: &str) -> Option<String> {
    let subject = message.lines().next()?;
    let rest = subject.strip_prefix("Merge pull request #")?;
    let (_, from) = rest.split_once(" from ")?;
    let (handle, _) = from.split_once('/')?;
    let handle = handle.trim();
    let valid = !handle.is_empty()
        && handle.len() <= 39
        && handle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    valid.then(|| handle.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_trailers_of_the_last_paragraph_only() {
        let message = "Fix it\n\nSigned-off-by: Not Me <no@example.com> is prose here\nmore\n\n\
                       Co-authored-by: Alice <alice@example.com>\nreviewed-by: Bob <bob@example.com>\n\
                       Change-Id: I123\nTested-by: carol@example.com\n";
        let found = trailers(message);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].0, TrailerKind::CoAuthoredBy);
        assert_eq!(found[0].1.email, "alice@example.com");
        assert_eq!(found[1].0, TrailerKind::ReviewedBy);
        assert_eq!(found[2].1.email, "carol@example.com");
    }

    #[test]
    fn github_merge_subjects() {
        assert_eq!(
            github_merge_handle("Merge pull request #12 from Alice-B/fix-thing\n\nbody"),
            Some("alice-b".to_string())
        );
        assert_eq!(github_merge_handle("Merge branch 'main' into x"), None);
    }
}
