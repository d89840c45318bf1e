//! Reading people out of commit messages: trailers (`Co-authored-by: Name <email>` and the
//! like) and GitHub's merge subject `Merge pull request #N from alice/branch`.

use super::facts::{Ident, TrailerKind};

/// The most trailers read from one commit message. Real messages carry a few, the longest a
/// few dozen (`Reported-by` lists); a message is repository input like any other, and each
/// trailer becomes an identity the index keeps, so one commit cannot make it grow without end.
pub const MAX_TRAILERS: usize = 1_000;

/// The most bytes of a message's end in which its trailer block is looked for.
pub const MAX_TRAILER_BYTES: usize = 64 * 1024;

/// The people named in the trailer block (the last paragraph) of a commit message: at most
/// [`MAX_TRAILERS`] of them, from its last [`MAX_TRAILER_BYTES`] bytes.
pub fn trailers(message: &str) -> Vec<(TrailerKind, Ident)> {
    let trimmed = message.trim_end();
    let mut start = trimmed.len().saturating_sub(MAX_TRAILER_BYTES);
    while !trimmed.is_char_boundary(start) {
        start += 1;
    }
    let tail = &trimmed[start..];
    let last_paragraph = match tail.rfind("\n\n") {
        Some(at) => &tail[at + 2..],
        // A message that is only trailers has no body before them; a tail cut inside a
        // trailer block starts at its first whole line.
        None if start > 0 => tail.split_once('\n').map_or("", |(_, rest)| rest),
        None => tail,
    };
    let mut found = Vec::new();
    for line in last_paragraph.lines() {
        if found.len() >= MAX_TRAILERS {
            break;
        }
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
    fn a_message_of_endless_trailers_yields_a_bounded_number() {
        let mut message = String::from("subject\n\n");
        for i in 0..400_000 {
            message.push_str(&format!("Signed-off-by: P{i} <p{i}@example.com>\n"));
        }
        let found = trailers(&message);
        assert_eq!(found.len(), MAX_TRAILERS);
        // Whole lines only: the first one read is not cut in the middle.
        assert!(found[0].1.email.starts_with('p') && found[0].1.email.ends_with("@example.com"));
        assert!(found[0].1.name.starts_with('P'));
        // A message with é at the cut still reads (no slicing inside a character).
        let wide = format!(
            "s\n\n{}\nAcked-by: A <a@x.org>\n",
            "é".repeat(MAX_TRAILER_BYTES)
        );
        assert_eq!(trailers(&wide).len(), 1);
    }

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
