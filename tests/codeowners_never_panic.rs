//! Property tests: the CODEOWNERS parser and matcher never panic, whatever the bytes, and every
//! span they report lies inside the file.

use ownlint::formats::codeowners::{Flavor, parse};
use ownlint::formats::codeowners_match::Matcher;
use ownlint::source::SourceFile;
use proptest::prelude::*;

fn check(text: &str, paths: &[String]) {
    for flavor in [Flavor::Github, Flavor::Gitlab] {
        let mut out = Vec::new();
        let file = parse(
            &SourceFile::new(".github/CODEOWNERS", text),
            flavor,
            &mut out,
        );
        for d in &out {
            if let Some(span) = d.span {
                assert!(span.start <= span.end && span.end <= text.len(), "{d:?}");
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
        for line in &file.lines {
            assert!(line.span.end <= text.len() && line.line_span.end <= text.len());
            assert_eq!(&text[line.span.start..line.span.end], line.raw);
            for owner in &line.owners {
                assert_eq!(&text[owner.span.start..owner.span.end], owner.text);
            }
            assert!(line.section < file.sections.len());
            let _ = line.effective_owners(&file);
        }
        let matcher = Matcher::new(&file);
        let mut lines = Vec::new();
        for path in paths {
            matcher.matching_lines(path, &mut lines);
            assert!(lines.windows(2).all(|w| w[0] < w[1]));
            let decided = matcher.decide(path);
            if flavor == Flavor::Github {
                assert!(decided.len() <= 1);
            }
            for line in decided {
                assert!(lines.contains(&line) && !file.lines[line].skipped);
            }
        }
    }
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
