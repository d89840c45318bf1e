use crate::diagnostics::Diagnostic;
use crate::source::Span;

declare_rule! {
    /// The committed CODEOWNERS differs from the one the OWNERS files generate.
    ///
    /// ## What it does
    ///
    /// `ownlint export codeowners --check` generates the GitHub CODEOWNERS equivalent to the
    /// repository's OWNERS files and compares it with the committed one (the first of
    /// `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`, or the `--output` path). It reports
    /// the first differing lines, or a missing file.
    ///
    /// ## Why it matters
    ///
    /// GitHub requests reviews from CODEOWNERS while people edit OWNERS files: when the
    /// generated file is stale, reviews go to the old owners and branch protection trusts them.
    ///
    /// ## How to fix
    ///
    /// Regenerate the committed file with `ownlint export codeowners --output PATH` and commit it,
    /// or edit the OWNERS files so that they say what the committed file says.
    ///
    /// ## Example
    ///
    /// ```text
    /// # .github/CODEOWNERS
    /// # src/api/OWNERS now says `approvers: [bob]`; this still says:
    /// /src/api/ @alice
    /// ```
    name: "codeowners-out-of-sync",
    severity: Error,
    category: Export,
    check: Check::Apart,
}

/// How many differing lines `--check` reports.
const MAX_DIFFERENCES: usize = 5;

/// The help of an out-of-sync finding: the command that writes `path` again (quoted for a
/// shell), then `then`.
fn regenerate(path: &str, then: &str) -> String {
    match crate::suggest::command(&["export", "codeowners", "--output", path]) {
        Some(command) => format!("run `{command}` and {then}"),
        None => format!("write {path} again with `ownlint export codeowners --output` and {then}"),
    }
}

/// The first differences between the committed file and the generated text.
pub fn compare(path: &str, committed: Option<&str>, generated: &str) -> Vec<Diagnostic> {
    let Some(committed) = committed else {
        return vec![
            Diagnostic::new(
                RULE.name,
                format!("{path} is not committed, but the OWNERS files call for one"),
            )
            .in_file(path)
            .help(regenerate(path, "commit it")),
        ];
    };
    // Each committed line with its byte length including its end of line.
    let old_full: Vec<&str> = committed.split_inclusive('\n').collect();
    let old: Vec<&str> = old_full
        .iter()
        .map(|l| l.trim_end_matches('\n').trim_end_matches('\r'))
        .collect();
    let new: Vec<&str> = generated.lines().collect();
    let mut out = Vec::new();
    let mut offset = 0;
    for i in 0..old.len().max(new.len()) {
        let (was, should) = (old.get(i), new.get(i));
        if was != should {
            let span = Span::new(offset, offset + was.map_or(0, |l| l.len()));
            let message = match (was, should) {
                (Some(_), Some(should)) => format!("line {} should read `{should}`", i + 1),
                (Some(_), None) => format!("line {} should not be there", i + 1),
                (None, Some(should)) => format!("a line `{should}` is missing at the end",),
                (None, None) => unreachable!("one side has the line"),
            };
            let mut d =
                Diagnostic::new(RULE.name, message).help(regenerate(path, "commit the result"));
            d = if was.is_some() {
                d.at(path, span).label("differs from the OWNERS files")
            } else {
                d.in_file(path)
            };
            out.push(d);
            if out.len() == MAX_DIFFERENCES {
                break;
            }
        }
        offset += old_full.get(i).map_or(0, |l| l.len());
    }
    out
}
