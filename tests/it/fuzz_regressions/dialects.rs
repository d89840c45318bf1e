//! Property tests: the plain-text OWNERS, MAINTAINERS and MAINTAINERS.yml parsers and the
//! maintainers matcher never panic, whatever the bytes, and every span they report lies on
//! character boundaries inside the file; from lines built of the dialects' own tokens (the
//! checks are those of `ownlint::fuzz`).

use ownlint::dialect::chromium;
use proptest::prelude::*;

/// The fuzz targets of the three dialects (the checks are those of `ownlint::fuzz`): the text as
/// a plain-text OWNERS, as MAINTAINERS and as MAINTAINERS.yml, matched against a few paths.
fn parse_all(text: &str) {
    ownlint::fuzz::parsers::chromium(text.as_bytes());
    let mut input = text.as_bytes().to_vec();
    for path in ["a/b/c.c", "drivers/x", "README", "", "é/ü", "a//b"] {
        input.push(ownlint::fuzz::input::SEPARATOR);
        input.extend_from_slice(path.as_bytes());
    }
    ownlint::fuzz::parsers::maintainers(&input);
}

/// Lines built from the three dialects' own tokens and tricky values.
fn dialect_lines() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("per-file ".to_string()),
        Just("set noparent".to_string()),
        Just("file:".to_string()),
        Just("file://".to_string()),
        Just("include ".to_string()),
        Just("*".to_string()),
        Just("**".to_string()),
        Just("a@b.com".to_string()),
        Just("#{LAST_RESORT_SUGGESTION}".to_string()),
        Just("=".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("../".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("\\".to_string()),
        Just("M:\t".to_string()),
        Just("F:\t".to_string()),
        Just("X: ".to_string()),
        Just("N: ".to_string()),
        Just("S: ".to_string()),
        Just("Name <x@y.z>".to_string()),
        Just("files:".to_string()),
        Just("files-regex:".to_string()),
        Just("status: maintained".to_string()),
        Just("- ".to_string()),
        Just("  ".to_string()),
        Just("\t".to_string()),
        Just("\r".to_string()),
        Just("\u{feff}".to_string()),
        Just("\0".to_string()),
        "[a-z/._-]{0,8}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(prop::collection::vec(token, 0..6), 0..16).prop_map(|lines| {
        lines
            .into_iter()
            .map(|tokens| tokens.concat())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        parse_all(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn dialect_lines_never_panic(text in dialect_lines()) {
        parse_all(&text);
    }

    #[test]
    fn arbitrary_globs_never_panic(glob in "\\PC{0,24}") {
        let _ = chromium::glob_regex(&glob);
        let text = format!("S\nM: a <a@b.c>\nS: Maintained\nF: {glob}\nX: {glob}/\nN: {glob}\n");
        parse_all(&text);
        parse_all(&format!("A:\n  files: [\"{}\"]\n", glob.replace(['"', '\\'], "")));
    }
}
