//! The `ownlint` commands that help texts suggest, written so that they work when pasted into
//! a shell: every argument that comes from the repository (an area, a person's name, a path)
//! is quoted for a POSIX shell, so that a name such as `$(reboot)` or `a b` stays one literal
//! argument.

/// `ownlint` followed by `args`, each quoted as a POSIX shell needs it. `None` when an argument
/// cannot be passed on a command line at all (it holds a NUL byte): the caller then suggests
/// no command.
pub fn command(args: &[&str]) -> Option<String> {
    let quoted = shlex::try_join(args.iter().copied()).ok()?;
    Some(format!("ownlint {quoted}"))
}

#[cfg(test)]
mod tests {
    use super::command;

    #[test]
    fn plain_words_stay_plain_and_the_rest_is_quoted_as_one_argument() {
        assert_eq!(
            command(&["handover", "new", "pkg/api", "--to", "alice"]).unwrap(),
            "ownlint handover new pkg/api --to alice"
        );
        let hostile = command(&["handover", "new", "a b", "--to", "$(reboot)'x"]).unwrap();
        let words = shlex::split(hostile.strip_prefix("ownlint ").unwrap()).unwrap();
        assert_eq!(words, ["handover", "new", "a b", "--to", "$(reboot)'x"]);
        assert_eq!(command(&["handover", "new", "a\0b"]), None);
    }
}
