//! Property tests: the CODEOWNERS parser and matcher never panic, whatever the bytes, and every
//! span they report lies inside the file; from lines built of both flavours' syntax (the checks
//! are those of `ownlint::fuzz`).

use proptest::prelude::*;

/// The fuzz target of both flavours (the checks are those of `ownlint::fuzz`): the file, then
/// the paths to match.
fn check(text: &str, paths: &[String]) {
    let mut input = text.as_bytes().to_vec();
    for path in paths {
        input.push(ownlint::fuzz::input::SEPARATOR);
        input.extend_from_slice(path.as_bytes());
    }
    ownlint::fuzz::parsers::codeowners(&input);
}

/// Lines built from the syntax of both flavours and its edge cases.
fn codeowners_line() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("*".to_string()),
        Just("**".to_string()),
        Just("***".to_string()),
        Just("**.ext".to_string()),
        Just("/".to_string()),
        Just("//".to_string()),
        Just("?".to_string()),
        Just("!".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("[a-z]".to_string()),
        Just("[z-a]".to_string()),
        Just("[!".to_string()),
        Just("^[".to_string()),
        Just("\\".to_string()),
        Just("\\ ".to_string()),
        Just("\\#".to_string()),
        Just("#".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\r".to_string()),
        Just("\u{feff}".to_string()),
        Just("\0".to_string()),
        Just("é".to_string()),
        Just("@".to_string()),
        Just("@@".to_string()),
        Just("@org/team".to_string()),
        Just("@@maintainers".to_string()),
        Just("a@b.io".to_string()),
        Just("][2]".to_string()),
        "[a-zA-Z0-9._-]{1,6}",
        "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..10).prop_map(|pieces| pieces.concat())
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z.]{1,4}(/[a-z.*?\\[\\] #é]{1,4}){0,4}",
        "\\PC{0,12}",
        Just(String::new()),
        Just("/".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
        paths in prop::collection::vec(path(), 0..4),
    ) {
        check(&String::from_utf8_lossy(&bytes), &paths);
    }

    #[test]
    fn arbitrary_codeowners_never_panic(
        lines in prop::collection::vec(codeowners_line(), 0..12),
        crlf in any::<bool>(),
        paths in prop::collection::vec(path(), 1..6),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        check(&text, &paths);
    }
}

#[test]
fn megabyte_lines_and_patterns_never_panic() {
    let long = "a/".repeat(600_000);
    let text = format!("{long} @a\n*{long}* @b\n[{long}\n!{long}\n");
    check(&text, &[long.clone(), "a/b".to_string()]);
}
