//! Untrusted text made safe for each output format: one function per format, used by every
//! renderer and by the messages on standard error.
//!
//! Everything a repository holds is written by whoever wrote its last commit: names, paths,
//! patterns, messages quoting them. None of it may change what the output means where it ends
//! up. Each function here keeps its text on its line and its cell, and makes it inert for the
//! readers of that format:
//!
//! - **a terminal** ([`terminal`]): control characters (line breaks, tab, escape, C1 controls),
//!   line and paragraph separators and invisible format characters (bidirectional overrides and
//!   isolates, zero-width characters) are shown as `\u{…}`, so no text starts a line, moves the
//!   cursor, colours the screen or reorders what is shown;
//! - **a CI log** (every format, since any of them can be printed in a job): GitHub's runner
//!   reads a line that starts with `::` after blanks as a workflow command, and `##[command]`
//!   anywhere in a line as a command of the older syntax. Text never holds a line break of its
//!   own, and the second character of every `::` and `##[` in it is escaped, so no text forges
//!   a command wherever a layout (a wrapped line, an indented column) puts it;
//! - **GitHub workflow commands** ([`github_data`], [`github_property`]): the toolkit's own
//!   percent-encoding, so no text ends its annotation or adds a property;
//! - **Markdown** ([`markdown_code`], [`markdown_text`]): no text leaves its table cell, becomes
//!   markup, mentions (and notifies) a person or team, or becomes a link;
//! - **HTML** ([`html`], [`html_with_code`]): character references for the markup characters;
//! - **CSV** ([`csv_cell`]): one line per record, and no cell a spreadsheet runs as a formula;
//! - **JSON** ([`json`]): JSON's own escapes.
//!
//! [`clip`] shortens text for display, with a visible marker, so that no layout is asked to pad
//! or underline past what a formatter can count.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_general_category::{GeneralCategory, get_general_category};

/// What a clipped text ends with (or starts with, when its start was cut).
pub const CLIPPED: &str = "…";

/// Whether a character is shown as an escape in every format: C0 and C1 controls, DEL, line and
/// paragraph separators, and the invisible format characters (bidirectional marks, embeddings,
/// overrides and isolates, zero-width spaces and joiners, the byte-order mark, tag characters).
pub fn is_hidden(c: char) -> bool {
    // Printable ASCII, most of any output, needs no table look-up.
    if (' '..='~').contains(&c) {
        return false;
    }
    matches!(
        get_general_category(c),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    )
}

/// Whether the character at hand would complete a workflow command's marker: the second `:` of
/// `::`, or the second `#` of `##[`.
fn completes_command(previous: Option<char>, c: char, next: Option<char>) -> bool {
    match c {
        ':' => previous == Some(':'),
        '#' => previous == Some('#') && next == Some('['),
        _ => false,
    }
}

/// Appends `c` as an escape, `\u{1b}`.
fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// One line of untrusted text for a terminal or a log: human output, `who`, notes and errors on
/// standard error. Hidden characters (line breaks included) and the second character of `::`
/// and `##[` are shown as `\u{…}` escapes.
pub fn terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_hidden(c) || completes_command(previous, c, chars.peek().copied()) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

/// A whole file shown as context in a terminal, with every byte offset kept (so that spans into
/// the file still point at the same text): each hidden character but line breaks and tabs, and
/// the second character of `::` and `##[`, is replaced by as many bytes of a visible stand-in
/// (`?`, `¿`, `\u{fffd}`).
pub fn terminal_mask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let command = completes_command(previous, c, chars.peek().copied());
        previous = Some(c);
        if command || (c != '\n' && c != '\t' && is_hidden(c)) {
            match c.len_utf8() {
                1 => out.push('?'),
                2 => out.push('¿'),
                3 => out.push('\u{fffd}'),
                n => out.extend(std::iter::repeat_n('?', n)),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// At most `max` characters of `text` for display: a longer text is cut and ends with
/// [`CLIPPED`].
pub fn clip(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((end, _)) => {
            let keep = text[..end]
                .char_indices()
                .nth(max.saturating_sub(1))
                .map_or(end, |(i, _)| i);
            Cow::Owned(format!("{}{CLIPPED}", &text[..keep]))
        }
    }
}

/// The message of a GitHub workflow command (the toolkit's `escapeData`): `%`, CR and LF
/// percent-encoded, so no text ends the command's line; other hidden characters shown as
/// `\u{…}`.
pub fn github_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_hidden(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// A property value of a GitHub workflow command (the toolkit's `escapeProperty`): as
/// [`github_data`], with `:` and `,` encoded too, so no text ends its property or adds one.
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Untrusted text as a Markdown code span that stays in its table cell: [`terminal`]'s escapes,
/// `|` escaped for the table, and a fence longer than any run of backticks inside. Nothing in a
/// code span is a mention, a link or markup.
pub fn markdown_code(text: &str) -> String {
    let text = terminal(text).replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Untrusted prose in Markdown, on one line of a table cell or a list item. Messages quote names
/// and paths in backticks: those parts become code spans of their own (so a backtick inside a
/// name cannot end one early). A word that GitHub would turn into a mention or a link (it holds
/// `@`, `://`, `www.` or `mailto:`) becomes a code span too, whatever precedes the `@` (`\@x`,
/// `(@x)` and `a,@x` all notify on GitHub). The rest has its Markdown punctuation
/// backslash-escaped and `&`, `<`, `>` as entities, so it cannot become markup or HTML.
pub fn markdown_text(text: &str) -> String {
    let line = terminal(text);
    let mut out = String::with_capacity(line.len());
    for (i, part) in line.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&markdown_code(part));
            continue;
        }
        for (j, word) in part.split(' ').enumerate() {
            if j > 0 {
                out.push(' ');
            }
            if links_or_mentions(word) {
                out.push_str(&markdown_code(word));
            } else {
                out.push_str(&markdown_punctuation(word));
            }
        }
    }
    out
}

/// Whether GitHub's Markdown could read a word as a mention, an email or a link.
fn links_or_mentions(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    word.contains('@')
        || ["://", "www.", "mailto:", "xmpp:"]
            .iter()
            .any(|m| lower.contains(m))
}

fn markdown_punctuation(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '~' | '@' | '$' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Untrusted text in HTML, as text or as a quoted attribute value: [`terminal`]'s escapes, and
/// `&`, `<`, `>`, `"` and `'` as character references.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in terminal(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Untrusted prose in HTML whose backtick-quoted parts (messages quote names and paths in
/// backticks, as the Markdown output shows them) become `<code>` elements: every part escaped
/// as [`html`] does, so nothing inside or outside a code span becomes markup. Backticks pair up
/// from the start, as [`markdown_text`] reads them; an unpaired last one stays a backtick.
pub fn html_with_code(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    // An odd number of parts means every backtick has its pair.
    let paired = if parts.len() % 2 == 1 {
        parts.len()
    } else {
        parts.len() - 1
    };
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i >= paired {
            out.push('`');
            out.push_str(&html(part));
        } else if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(&html(part));
            out.push_str("</code>");
        } else {
            out.push_str(&html(part));
        }
    }
    out
}

/// An untrusted CSV cell (the writer quotes it): [`terminal`]'s escapes, so every record stays
/// on one line, and a leading `'` on a cell that a spreadsheet would run as a formula (one
/// starting with `=`, `+`, `-` or `@`), which spreadsheets show as text.
pub fn csv_cell(text: &str) -> String {
    let cell = terminal(text);
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// A JSON document, pretty-printed with a final line break. JSON's escapes keep every string on
/// its line; hidden characters that JSON leaves as they are (C1 controls, bidirectional and
/// other invisible format characters, line separators) are written as `\uXXXX` escapes too, and
/// so is the `#` of each `##[`, so that the document shown in a terminal or a CI log reorders
/// nothing and holds no workflow command of the older syntax. The value read back is the same.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    json_sized(value, 0)
}

/// [`json`], written into a buffer of `capacity` bytes to start with: a report of tens of
/// thousands of findings runs to megabytes, and a buffer that grows by doubling copies them
/// and touches about twice their size in fresh pages. Capacity never written is only reserved
/// (its pages are not touched), so a generous estimate costs nothing.
pub fn json_sized<T: serde::Serialize + ?Sized>(value: &T, capacity: usize) -> String {
    let mut bytes = Vec::with_capacity(capacity);
    serde_json::to_writer_pretty(&mut bytes, value).expect("plain data serializes to JSON");
    json_text(String::from_utf8(bytes).expect("serde_json writes UTF-8"))
}

/// Whether [`json_text`] leaves `text` as it is, but for the final line break: it holds
/// nothing to escape.
pub fn json_is_plain(text: &str) -> bool {
    first_to_look_at(text.as_bytes()).is_none()
}

/// [`json`] of a document serde_json has already written pretty-printed (`text`).
pub fn json_text(text: String) -> String {
    // Most documents have nothing to escape: then the text is kept, not copied.
    let mut out = match first_to_look_at(text.as_bytes()) {
        Some(at) => json_hidden_escaped(&text, at),
        None => text,
    };
    out.push('\n');
    out
}

/// Whether a byte of a JSON text may need an escape: `#`, or anything but printable ASCII and
/// line breaks.
fn looked_at(b: u8) -> bool {
    b == b'#' || (b != b'\n' && !(b' '..=b'~').contains(&b))
}

/// Where the first byte that [`looked_at`] says may need an escape is, scanning 64 bytes at a
/// time without a branch per byte (a report runs to megabytes, nearly all plain ASCII).
fn first_to_look_at(bytes: &[u8]) -> Option<usize> {
    const CHUNK: usize = 64;
    let mut chunks = bytes.chunks(CHUNK);
    let mut start = 0;
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, &b| any | looked_at(b)) {
            return chunk.iter().position(|&b| looked_at(b)).map(|i| start + i);
        }
        start += chunk.len();
    }
    None
}

/// `text` (a JSON document) with its hidden characters and the `#` of each `##[` written as
/// `\uXXXX` escapes. Outside its strings a JSON text has only ASCII punctuation, digits,
/// letters, spaces and line breaks: every character escaped here is inside a string.
///
/// Reports run to megabytes (one finding per stale owner per area), so printable ASCII, all
/// but a few characters of any report, is copied in runs rather than looked at one by one.
///
/// Nothing before byte `from` may need an escape ([`first_to_look_at`]).
fn json_hidden_escaped(text: &str, from: usize) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 1);
    let (mut copied, mut at) = (0, from);
    while at < bytes.len() {
        if !looked_at(bytes[at]) {
            // Skip the plain run up to the next byte to look at.
            at += first_to_look_at(&bytes[at..]).unwrap_or(bytes.len() - at);
            continue;
        }
        let c = text[at..].chars().next().expect("a character starts here");
        let end = at + c.len_utf8();
        let command = c == '#' && text[..at].ends_with('#') && text[end..].starts_with('[');
        if (is_hidden(c) && c != '\n') || command {
            out.push_str(&text[copied..at]);
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
            copied = end;
        }
        at = end;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzz::inert::{forges_command, links, mentions, outside_code};
    use proptest::prelude::*;

    /// [`json`]'s escaping of a text.
    fn escaped(text: &str) -> String {
        match first_to_look_at(text.as_bytes()) {
            Some(at) => json_hidden_escaped(text, at),
            None => text.to_string(),
        }
    }

    /// The character-by-character escaping [`json_hidden_escaped`] replaced, kept as the
    /// reference it must agree with.
    fn json_hidden_escaped_one_by_one(text: &str) -> String {
        let mut out = String::new();
        let mut previous = None;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let command = c == '#' && previous == Some('#') && chars.peek() == Some(&'[');
            if (is_hidden(c) && c != '\n') || command {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            } else {
                out.push(c);
            }
            previous = Some(c);
        }
        out
    }

    proptest! {
        #[test]
        fn json_escaping_in_runs_equals_one_by_one(
            text in "([#\\[a\n\u{7f}\u{85}\u{202e}\u{2028}é😀\u{1b}]|##\\[|a{60}){0,40}"
        ) {
            prop_assert_eq!(escaped(&text), json_hidden_escaped_one_by_one(&text));
        }
    }

    /// A document written into a buffer sized up front is the same document.
    #[test]
    fn a_sized_buffer_changes_nothing() {
        let value = serde_json::json!({"a": ["##[x", "\u{202e}", 1], "b": "plain"});
        assert_eq!(json_sized(&value, 0), json(&value));
        assert_eq!(json_sized(&value, 1 << 20), json(&value));
        assert!(json(&value).contains("#\\u0023[x"));
    }

    #[test]
    fn json_escaping_examples() {
        assert_eq!(escaped("a##[b"), "a#\\u0023[b");
        assert_eq!(escaped("###[é\u{202e}\n"), "##\\u0023[é\\u202e\n");
        assert_eq!(escaped("x\u{7f}😀"), "x\\u007f😀");
        let long = format!("{}##[{}", "a".repeat(200), "b".repeat(100));
        assert_eq!(escaped(&long), long.replace("##[", "#\\u0023["));
        assert_eq!(escaped(&"a".repeat(300)), "a".repeat(300));
    }

    #[test]
    fn backtick_quotes_become_code_elements() {
        assert_eq!(
            html_with_code("`alice` owns `<b>` & more"),
            "<code>alice</code> owns <code>&lt;b&gt;</code> &amp; more"
        );
        // An unpaired backtick stays one, escaped text after it.
        assert_eq!(html_with_code("`a` b `c<"), "<code>a</code> b `c&lt;");
        assert_eq!(html_with_code("no code"), "no code");
        assert_eq!(html_with_code("``"), "<code></code>");
    }

    /// Text an attacker would write: every kind of character that matters, often.
    fn hostile() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            Just("\n".to_string()),
            Just("\r".to_string()),
            Just("\r\n".to_string()),
            Just("\t".to_string()),
            Just("\u{1b}[31m".to_string()),
            Just("\u{9b}".to_string()),
            Just("\u{85}".to_string()),
            Just("\u{2028}".to_string()),
            Just("\u{202e}".to_string()),
            Just("\u{2066}".to_string()),
            Just("\u{200d}".to_string()),
            Just("\u{feff}".to_string()),
            Just("::".to_string()),
            Just(":".to_string()),
            Just("::error file=x::pwned".to_string()),
            Just("  ::warning::x".to_string()),
            Just("##[".to_string()),
            Just("#".to_string()),
            Just("[".to_string()),
            Just("##[stop-commands]t".to_string()),
            Just("@".to_string()),
            Just("@alice".to_string()),
            Just("\\@org/team".to_string()),
            Just("(@bob)".to_string()),
            Just("a,@c".to_string()),
            Just("https://evil.example".to_string()),
            Just("www.evil.example".to_string()),
            Just("`".to_string()),
            Just("|".to_string()),
            Just("%0A".to_string()),
            Just(",".to_string()),
            Just("=".to_string()),
            Just(" ".to_string()),
            Just("\u{a0}".to_string()),
            "[a-z]{1,3}",
            any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(pieces, 0..12).prop_map(|p| p.concat())
    }

    /// Trusted text that may stand before untrusted text on a line.
    const PREFIXES: [&str; 4] = ["", "    ", "ownlint: error: ", "  approver  "];

    proptest! {
        #[test]
        fn terminal_text_stays_on_its_line_and_is_inert(text in hostile()) {
            let out = terminal(&text);
            prop_assert!(!out.chars().any(is_hidden), "{out:?}");
            let breaks_or_escapes = out.contains(['\u{1b}', '\n', '\r']);
            prop_assert!(!breaks_or_escapes, "{:?}", out);
            for prefix in PREFIXES {
                prop_assert!(!forges_command(&format!("{prefix}{out}")), "{out:?}");
            }
        }

        #[test]
        fn masked_files_keep_their_offsets_lines_and_tabs_only(text in hostile()) {
            let out = terminal_mask(&text);
            prop_assert_eq!(out.len(), text.len());
            prop_assert!(!out.chars().any(|c| c != '\t' && c != '\n' && is_hidden(c)), "{out:?}");
            prop_assert_eq!(out.matches('\n').count(), text.matches('\n').count());
            for line in out.lines() {
                prop_assert!(!forges_command(&format!(" 12 │ {line}")), "{out:?}");
            }
        }

        #[test]
        fn github_annotations_hold_one_command(message in hostile(), file in hostile()) {
            let line = format!(
                "::error file={},title=t::{}",
                github_property(&file),
                github_data(&message)
            );
            prop_assert_eq!(line.lines().count(), 1);
            prop_assert!(!line.chars().any(is_hidden), "{line:?}");
            // The properties are only ours: no `,` or `:` from the file name.
            let info = &line[2..line[2..].find("::").unwrap() + 2];
            prop_assert_eq!(info.matches(',').count(), 1, "{}", info);
            prop_assert!(info.starts_with("error file="));
        }

        #[test]
        fn markdown_neither_breaks_out_nor_mentions_nor_links(text in hostile()) {
            for out in [markdown_code(&text), markdown_text(&text)] {
                let row = format!("| {out} |");
                prop_assert_eq!(row.lines().count(), 1, "{:?}", out);
                prop_assert!(!out.chars().any(is_hidden), "{out:?}");
                prop_assert!(!forges_command(&row), "{out:?}");
                let prose = outside_code(&out);
                prop_assert!(!mentions(&prose), "{out:?} mentions: {prose:?}");
                prop_assert!(!links(&prose), "{out:?} links: {prose:?}");
                // No unescaped pipe outside code spans could end the cell.
                let unescaped_pipe = prose
                    .char_indices()
                    .any(|(i, c)| c == '|' && !prose[..i].ends_with('\\'));
                prop_assert!(!unescaped_pipe, "{out:?}");
            }
        }

        #[test]
        fn html_text_opens_no_tag_or_attribute(text in hostile()) {
            let out = html(&text);
            prop_assert!(!out.contains(['<', '>', '"', '\'']), "{out:?}");
            prop_assert!(!out.chars().any(is_hidden) && !forges_command(&out));
        }

        #[test]
        fn html_code_spans_open_no_tag_but_code(text in hostile()) {
            let out = html_with_code(&text);
            // Take away the code elements this function writes: what is left is inert text.
            let rest = out.replace("<code>", "").replace("</code>", "");
            prop_assert!(!rest.contains(['<', '>', '"', '\'']), "{out:?}");
            prop_assert!(!out.chars().any(is_hidden) && !forges_command(&out));
            prop_assert_eq!(out.matches("<code>").count(), out.matches("</code>").count());
        }

        #[test]
        fn csv_records_stay_on_one_line_and_run_no_formula(cells in proptest::collection::vec(hostile(), 1..4)) {
            let mut writer = csv::Writer::from_writer(Vec::new());
            let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
            writer.write_record(&row).unwrap();
            let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
            prop_assert_eq!(text.lines().count(), 1, "{:?}", text);
            prop_assert!(!forges_command(&text), "{text:?}");
            for cell in &row {
                prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
            }
        }

        #[test]
        fn json_reads_back_the_same_and_forges_nothing(text in hostile()) {
            let out = json(&vec![text.clone()]);
            let back: Vec<String> = serde_json::from_str(&out).unwrap();
            prop_assert_eq!(&back[0], &text);
            prop_assert!(!out.chars().any(|c| c != '\n' && is_hidden(c)), "{out:?}");
            for line in out.lines() {
                prop_assert!(!forges_command(line), "{line:?}");
            }
        }

        #[test]
        fn clipped_text_is_short_and_marked(text in ".{0,40}", max in 1usize..20) {
            let out = clip(&text, max);
            prop_assert!(out.chars().count() <= max, "{out:?}");
            if text.chars().count() > max {
                prop_assert!(out.ends_with(CLIPPED));
            } else {
                prop_assert_eq!(out.as_ref(), text.as_str());
            }
        }
    }

    #[test]
    fn the_ascii_hidden_are_the_controls() {
        for c in '\0'..='\u{7f}' {
            assert_eq!(is_hidden(c), c.is_ascii_control(), "{c:?}");
        }
    }

    #[test]
    fn examples() {
        assert_eq!(terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(terminal("x\u{202e}y\nz"), "x\\u{202e}y\\u{a}z");
        assert_eq!(terminal("::error::x"), ":\\u{3a}error:\\u{3a}x");
        assert_eq!(
            terminal("##[add-mask]x #[y] a:b"),
            "#\\u{23}[add-mask]x #[y] a:b"
        );
        assert_eq!(terminal_mask("a\tb\u{7}c##[d\n::x"), "a\tb?c#?[d\n:?x");
        assert_eq!(terminal_mask("\u{202e}é"), "\u{fffd}é");
        assert_eq!(
            github_data("100% done\r\n::error::x\u{1b}"),
            "100%25 done%0D%0A::error::x\\u{1b}"
        );
        assert_eq!(github_property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(markdown_code("src/a.rs"), "`src/a.rs`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x"), "`` `x ``");
        assert_eq!(markdown_code("a|b\nc"), "`a\\|b\\u{a}c`");
        assert_eq!(
            markdown_text("<script>x</script> [a](http://e) @org/team"),
            "&lt;script&gt;x&lt;/script&gt; `[a](http://e)` `@org/team`"
        );
        assert_eq!(
            markdown_text("ping \\@x (@y) a,@z"),
            "ping `\\@x` `(@y)` `a,@z`"
        );
        assert_eq!(markdown_text("see www.x.org"), "see `www.x.org`");
        assert_eq!(
            markdown_text("approver `a|b` left"),
            "approver `a\\|b` left"
        );
        assert_eq!(markdown_text("x `y"), "x `y`");
        assert_eq!(
            html("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        );
        assert_eq!(html("a\"b&c"), "a&quot;b&amp;c");
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)"] {
            assert_eq!(csv_cell(cell), format!("'{cell}"));
        }
        assert_eq!(csv_cell("\t=1"), "\\u{9}=1");
        for cell in ["alice", "2024-01-01", "", "a=b"] {
            assert_eq!(csv_cell(cell), cell);
        }
        assert_eq!(json("##[x]"), "\"#\\u0023[x]\"\n");
        assert_eq!(json("a\u{202e}b\u{e0041}"), "\"a\\u202eb\\udb40\\udc41\"\n");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }
}
