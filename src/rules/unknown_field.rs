use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::{UnknownKey, did_you_mean};

declare_rule! {
    /// A key the file's format does not have, usually a typo of one it has.
    ///
    /// ## What it does
    ///
    /// Reports every key of an OWNERS, OWNERS_ALIASES or `.ownlint.yaml` file that its format
    /// does not define, with the closest known key as a suggestion. In `.ownlint.yaml` this
    /// includes rule names under `rules:`.
    ///
    /// ## Why it matters
    ///
    /// An unknown key is ignored by every tool that reads the file: `approver: [alice]` declares
    /// nobody, and the directory is left to its parents' owners without any warning.
    ///
    /// ## How to fix
    ///
    /// Rename the key to the field it was meant to be (the help names the closest one), or remove
    /// it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// approver:        # did you mean `approvers`?
    ///   - alice
    /// ```
    name: "unknown-field",
    severity: Warning,
    category: Syntax,
    check: Check::Reading,
}

/// The finding for one unknown key.
pub fn diagnostic(source: &SourceFile, unknown: &UnknownKey) -> Diagnostic {
    let suggestion = did_you_mean(&unknown.key, unknown.allowed.iter().map(String::as_str));
    let diagnostic = Diagnostic::new(
        RULE.name,
        format!("unknown field `{}` in {}", unknown.key, source.path),
    )
    .at(&source.path, unknown.span);
    match suggestion {
        Some(known) => diagnostic
            .label(format!("did you mean `{known}`?"))
            .help(format!("rename it to `{known}`")),
        None => diagnostic
            .label("not a field of this format")
            .help(format!("known fields here: {}", unknown.allowed.join(", "))),
    }
}
