//! What output must be whatever untrusted text went into it, as checks: no line is a GitHub
//! workflow command ours did not write, no hidden character (escape sequences, line breaks of
//! its own, bidirectional overrides) survives, no Markdown mentions, links or breaks its table,
//! no HTML tag or attribute is opened, no CSV record spans lines or runs a formula. The escape
//! functions' property tests ([`crate::escape`]) and the renderer fuzz targets
//! ([`super::output`]) both check with these.

use crate::escape::is_hidden;

/// Whether GitHub's runner would read a line as a workflow command: after leading blanks it
/// starts with `::` (`ActionCommand.TryParseV2`), or it holds `##[` anywhere
/// (`ActionCommand.TryParse`, the older syntax).
pub fn forges_command(line: &str) -> bool {
    line.trim_start().starts_with("::") || line.contains("##[")
}

/// Whether GitHub's Markdown would mention someone: an `@` followed by a name character,
/// after the start or a character that is not part of a word (`MentionFilter`).
pub fn mentions(markdown_outside_code: &str) -> bool {
    let chars: Vec<char> = markdown_outside_code.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        c == '@'
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric())
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'))
    })
}

/// Whether GitHub's Markdown would autolink something.
pub fn links(markdown_outside_code: &str) -> bool {
    let lower = markdown_outside_code.to_ascii_lowercase();
    lower.contains("://") || lower.contains("www.")
}

/// The parts of a Markdown line outside its code spans.
pub fn outside_code(markdown: &str) -> String {
    let mut out = String::new();
    let mut rest = markdown;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let fence_len = rest[start..].chars().take_while(|&c| c == '`').count();
        let fence = "`".repeat(fence_len);
        let after = &rest[start + fence_len..];
        // The closing fence is a run of exactly that many backticks.
        let mut search = 0;
        let close = loop {
            match after[search..].find(&fence) {
                Some(at) => {
                    let at = search + at;
                    let run = after[at..].chars().take_while(|&c| c == '`').count();
                    if run == fence_len {
                        break Some(at);
                    }
                    search = at + run;
                }
                None => break None,
            }
        };
        match close {
            Some(at) => rest = &after[at + fence_len..],
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `|` of a Markdown line that end table cells: outside code spans and not escaped.
pub fn cell_separators(markdown_line: &str) -> usize {
    let prose = outside_code(markdown_line);
    prose
        .char_indices()
        .filter(|&(i, c)| c == '|' && !escaped_at(&prose, i))
        .count()
}

/// Whether the character at `i` is preceded by an odd number of backslashes.
fn escaped_at(text: &str, i: usize) -> bool {
    text[..i].chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
}

/// Asserts that every line of `text` is inert for a terminal and a CI log: no hidden character
/// but the tab (`allow_color`: and the escape starting a colour, `ESC [ … m`), no workflow
/// command.
pub fn assert_log_safe(what: &str, text: &str, allow_color: bool) {
    let text = if allow_color {
        strip_colors(text)
    } else {
        text.to_string()
    };
    for line in text.split('\n') {
        assert!(
            !line.chars().any(|c| c != '\t' && is_hidden(c)),
            "{what}: a hidden character in {line:?}"
        );
        assert!(!forges_command(line), "{what}: a forged command {line:?}");
    }
}

/// `text` without its SGR sequences (`ESC [ digits and ; m`); any other escape is kept.
fn strip_colors(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let params = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[params..].starts_with('m') {
            rest = &after[params + 1..];
        } else {
            out.push('\u{1b}');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// Asserts that Markdown is log-safe and that, outside code spans, nothing mentions, links or
/// adds a table cell: every row of a table has as many cell separators as its header.
pub fn assert_markdown_inert(what: &str, text: &str) {
    assert_log_safe(what, text, false);
    let mut header_cells = None;
    for line in text.lines() {
        let prose = outside_code(line);
        assert!(!mentions(&prose), "{what}: a mention in {line:?}");
        assert!(!links(&prose), "{what}: a link in {line:?}");
        if line.starts_with('|') {
            let cells = cell_separators(line);
            let header = *header_cells.get_or_insert(cells);
            assert_eq!(cells, header, "{what}: a row with other cells: {line:?}");
        } else {
            header_cells = None;
        }
    }
}

/// The tags an HTML report is made of.
const HTML_TAGS: &[&str] = &[
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "svg", "text", "rect", "table",
    "thead", "tbody", "tr", "th", "td", "ul", "li", "span", "script", "code",
];

/// The attributes its tags have.
const HTML_ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "http-equiv",
    "content",
    "name",
    "class",
    "id",
    "role",
    "width",
    "height",
    "viewBox",
    "aria-label",
    "x",
    "y",
    "data-sort",
];

/// Asserts that an HTML report is log-safe and made only of its own tags and attributes, every
/// attribute value quoted and closed: no untrusted text opened a tag, an attribute or a script.
pub fn assert_html_inert(what: &str, text: &str) {
    assert_log_safe(what, text, false);
    let mut rest = text.strip_prefix("<!DOCTYPE html>").unwrap_or_else(|| {
        panic!("{what}: no doctype");
    });
    while let Some(open) = rest.find('<') {
        let tag = &rest[open + 1..];
        let close = tag
            .find('>')
            .unwrap_or_else(|| panic!("{what}: an unclosed tag {tag:?}"));
        let closing = tag.starts_with('/');
        let inside = &tag[usize::from(closing)..close];
        let (name, mut attributes) = inside.split_at(inside.find(' ').unwrap_or(inside.len()));
        assert!(
            HTML_TAGS.contains(&name),
            "{what}: a foreign tag <{inside}>"
        );
        while let Some(after) = attributes.strip_prefix(' ') {
            let eq = after
                .find("=\"")
                .unwrap_or_else(|| panic!("{what}: a bare attribute in <{inside}>"));
            assert!(
                HTML_ATTRIBUTES.contains(&&after[..eq]),
                "{what}: a foreign attribute in <{inside}>"
            );
            let value = &after[eq + 2..];
            let end = value
                .find('"')
                .unwrap_or_else(|| panic!("{what}: an unclosed attribute in <{inside}>"));
            attributes = &value[end + 1..];
        }
        assert!(attributes.is_empty(), "{what}: a malformed tag <{inside}>");
        rest = &tag[close + 1..];
        // Style and script hold our own text; skip to their end.
        for raw in ["style", "script"] {
            if name == raw && !closing {
                let end = format!("</{raw}>");
                let at = rest
                    .find(&end)
                    .unwrap_or_else(|| panic!("{what}: an unclosed <{raw}>"));
                rest = &rest[at..];
            }
        }
    }
}

/// Asserts that a CSV document has one record per line, each of `columns` cells, none of which
/// a spreadsheet would run as a formula.
pub fn assert_csv_inert(what: &str, text: &str, columns: usize) {
    assert_log_safe(what, &text.replace("\r\n", "\n"), false);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = 0;
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{what}: not CSV: {e}"));
        assert_eq!(record.len(), columns, "{what}: {record:?}");
        for cell in &record {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{what}: a formula {cell:?}"
            );
        }
        records += 1;
    }
    assert_eq!(
        records,
        text.lines().count(),
        "{what}: a record spans lines"
    );
}

/// Asserts that a JSON document parses and is log-safe; returns it.
pub fn assert_json_inert(what: &str, text: &str) -> serde_json::Value {
    assert_log_safe(what, text, false);
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"))
}

/// Asserts that GitHub workflow-command output holds only the annotations ours writes: each
/// line is `::LEVEL PROPERTIES::MESSAGE` with our properties alone, or the closing summary.
pub fn assert_github_inert(what: &str, text: &str) {
    const PROPERTIES: [&str; 6] = ["file", "line", "col", "endLine", "endColumn", "title"];
    assert!(text.ends_with('\n'), "{what}: no final line break");
    for line in text.lines() {
        assert!(
            !line.chars().any(|c| c != '\t' && is_hidden(c)),
            "{what}: a hidden character in {line:?}"
        );
        let Some(command) = line.strip_prefix("::") else {
            assert!(
                line.starts_with("ownlint: "),
                "{what}: a stray line {line:?}"
            );
            assert!(!forges_command(line), "{what}: a forged command {line:?}");
            continue;
        };
        let (head, _message) = command
            .split_once("::")
            .unwrap_or_else(|| panic!("{what}: an unterminated command {line:?}"));
        let (level, properties) = head.split_once(' ').unwrap_or((head, ""));
        assert!(
            ["error", "warning", "notice"].contains(&level),
            "{what}: a foreign command {line:?}"
        );
        for property in properties.split(',') {
            let (name, _) = property
                .split_once('=')
                .unwrap_or_else(|| panic!("{what}: a bare property in {line:?}"));
            assert!(
                PROPERTIES.contains(&name),
                "{what}: a foreign property in {line:?}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checks_catch_what_they_are_for() {
        let caught = |f: fn()| std::panic::catch_unwind(f).is_err();
        assert!(caught(|| assert_log_safe("t", "a\n  ::error::x", false)));
        assert!(caught(|| assert_log_safe("t", "a\u{1b}]8;;x", true)));
        assert!(caught(|| assert_log_safe("t", "\u{202e}", false)));
        assert_log_safe("t", "\u{1b}[1;31mred\u{1b}[0m\ttab", true);
        assert!(caught(|| assert_markdown_inert(
            "t",
            "| a | b |\n| a | b | c |\n"
        )));
        assert!(caught(|| assert_markdown_inert("t", "hi (@alice)")));
        assert!(caught(|| assert_markdown_inert("t", "see https://x")));
        assert_markdown_inert("t", "| a | `b|c` | d\\|e |\n| `@x` | y | z |\n");
        assert!(caught(|| assert_html_inert(
            "t",
            "<!DOCTYPE html><td><img src=x></td>"
        )));
        assert!(caught(|| assert_html_inert(
            "t",
            "<!DOCTYPE html><td class=\"a\" onclick=\"x\"></td>"
        )));
        assert_html_inert(
            "t",
            "<!DOCTYPE html><td data-sort=\"1\">&lt;b&gt;</td><script>a<b</script>",
        );
        assert!(caught(|| assert_csv_inert("t", "a,b\r\n\"=1\",c\r\n", 2)));
        assert!(caught(|| assert_csv_inert("t", "a,\"b\nc\"\r\n", 2)));
        assert_csv_inert("t", "a,b\r\n'=1,c\r\n", 2);
        assert!(caught(|| assert_github_inert(
            "t",
            "::error file=a,evil=1::m\nownlint: 1\n"
        )));
        assert!(caught(|| assert_github_inert(
            "t",
            "::error::m\n::set-output::x\n"
        )));
        assert_github_inert("t", "::error file=a%2Cb,line=1,title=t::a::b\nownlint: 1\n");
    }
}
