//! Property tests: the plain-text OWNERS, MAINTAINERS and MAINTAINERS.yml parsers and the
//! maintainers matcher never panic, whatever the bytes, and every span they report lies on
//! character boundaries inside the file.

use std::collections::HashSet;

use ownlint::diagnostics::Diagnostic;
use ownlint::formats::maintainers::{self, MaintainersMatcher};
use ownlint::formats::{chromium, maintainers_yml};
use ownlint::source::{SourceFile, Span};
use proptest::prelude::*;

fn check_span(text: &str, span: Span) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "span {span:?} past the end"
    );
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
}

fn check_diagnostics(text: &str, out: &[Diagnostic]) {
    for d in out {
        if let Some(span) = d.span {
            check_span(text, span);
        }
    }
}

fn parse_all(text: &str) {
    let _ = chromium::is_plain_text(text);

    let mut out = Vec::new();
    let file = chromium::parse(&SourceFile::new("a/OWNERS", text), &mut out);
    check_diagnostics(text, &out);
    for owner in file
        .owners
        .iter()
        .chain(file.per_file.iter().flat_map(|p| &p.owners))
    {
        check_span(text, owner.span);
    }
    for per_file in &file.per_file {
        for (glob, span) in &per_file.globs {
            check_span(text, *span);
            let _ = chromium::glob_regex(glob);
        }
    }

    let mut out = Vec::new();
    let linux = maintainers::parse(&SourceFile::new("MAINTAINERS", text), &mut out);
    check_diagnostics(text, &out);

    let mut out = Vec::new();
    let zephyr = maintainers_yml::parse(&SourceFile::new("MAINTAINERS.yml", text), &mut out);
    check_diagnostics(text, &out);

    let files = [linux, zephyr];
    for file in &files {
        for section in &file.sections {
            check_span(text, section.span);
            for (_, span) in section
                .files
                .iter()
                .chain(&section.excludes)
                .chain(&section.regexes)
            {
                check_span(text, *span);
            }
        }
    }
    let dirs: HashSet<String> = ["a", "a/b", "drivers"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let matcher = MaintainersMatcher::new(&files, &dirs);
    let mut found = Vec::new();
    for path in ["a/b/c.c", "drivers/x", "README", "", "é/ü", "a//b"] {
        matcher.sections_for(path, &mut found);
        for pattern in matcher.patterns() {
            let _ = matcher.pattern_matches(pattern, path);
        }
    }
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
