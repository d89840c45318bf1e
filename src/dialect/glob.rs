//! Glob patterns translated into regular expressions, each dialect by its own rules (the
//! flavour): MAINTAINERS (Linux `get_maintainer.pl` and Zephyr `get_maintainer.py`, told apart
//! by [`Dialect`]) and Chromium `per-file` globs (Gerrit's find-owners). The pieces every
//! translator emits (a literal, a literal in a class) are written once, here; CODEOWNERS
//! patterns are translated by [`crate::dialect::codeowners::matcher`], whose compiled shapes
//! (anchored, floating, one component) its prefix index needs.

use crate::dialect::Dialect;

/// Translates a file pattern (`F:`/`X:`, Zephyr `files`/`files-exclude`) into a regex source
/// anchored at the start of a repository-relative path.
///
/// Linux (`get_maintainer.pl`'s `file_match_pattern`): the pattern is matched as a prefix. With a
/// trailing `/` it covers everything below, and `*` / `?` may then cross `/`; without one, the
/// path must have exactly as many `/` as the pattern, so `*` and `?` stay within a component and
/// whatever follows the match stays in the last component (`F: cmd/acpi.c` also matches
/// `cmd/acpi.cfg`, as get_maintainer.pl does).
///
/// Zephyr (`get_maintainer.py`'s `_get_match_fn`): `*` and `?` never cross `/` (`**` is the
/// same as `*`); a trailing `/` matches everything below; otherwise the whole path must match.
///
/// In both, `[...]` is a character class (`^` negates) and `\` escapes the next character;
/// every other character is literal. (Both scripts pass other regex syntax such as `+` or `(`
/// through to their regex engine; ownlint reads the patterns as the documented wildcards.)
pub fn maintainers_regex(pattern: &str, dialect: Dialect) -> Result<String, String> {
    let dir = pattern.ends_with('/');
    let crossing = dir && dialect == Dialect::Maintainers;
    let (star, one) = if crossing {
        (".*", ".")
    } else {
        ("[^/]*", "[^/]")
    };
    let mut regex = String::from("^");
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '*' => regex.push_str(star),
            '?' => regex.push_str(one),
            '\\' => match chars.get(i) {
                Some(&next) => {
                    push_literal(&mut regex, next);
                    i += 1;
                }
                None => push_literal(&mut regex, '\\'),
            },
            '[' => {
                let mut class = String::from("[");
                if chars.get(i) == Some(&'^') {
                    class.push('^');
                    i += 1;
                }
                let mut items: Vec<char> = Vec::new();
                let mut closed = false;
                let mut first = true;
                while i < chars.len() {
                    let c = chars[i];
                    i += 1;
                    if c == ']' && !first {
                        closed = true;
                        break;
                    }
                    first = false;
                    let c = if c == '\\' && i < chars.len() {
                        i += 1;
                        chars[i - 1]
                    } else {
                        c
                    };
                    items.push(c);
                }
                if !closed {
                    return Err("`[` without a closing `]`".into());
                }
                let mut k = 0;
                while k < items.len() {
                    if k + 2 < items.len() && items[k + 1] == '-' {
                        let (start, end) = (items[k], items[k + 2]);
                        if end < start {
                            return Err(format!("invalid range `{start}-{end}` in `[...]`"));
                        }
                        push_class_char(&mut class, start);
                        class.push('-');
                        push_class_char(&mut class, end);
                        k += 3;
                    } else {
                        push_class_char(&mut class, items[k]);
                        k += 1;
                    }
                }
                class.push(']');
                if dialect == Dialect::Maintainers && !crossing {
                    regex.push_str("[[^/]&&");
                    regex.push_str(&class);
                    regex.push(']');
                } else {
                    regex.push_str(&class);
                }
            }
            other => push_literal(&mut regex, other),
        }
    }
    if !dir {
        if dialect == Dialect::Maintainers {
            regex.push_str("[^/]*$");
        } else {
            regex.push('$');
        }
    }
    Ok(regex)
}

/// Appends `c` to a regex as a literal character: escaped as `regex::escape` escapes it,
/// without building a string per character (globs are translated by the thousand).
pub fn push_literal(regex: &mut String, c: char) {
    if regex_syntax::is_meta_character(c) {
        regex.push('\\');
    }
    regex.push(c);
}

/// Appends `c` to a regex character class as a literal (ASCII punctuation escaped).
pub fn push_class_char(regex: &mut String, c: char) {
    if c.is_ascii_punctuation() {
        regex.push('\\');
    }
    regex.push(c);
}

/// The regex of a Chromium `per-file` glob (see [`crate::dialect::chromium::glob_regex`] for
/// its semantics), not yet compiled.
pub fn chromium_regex(glob: &str) -> Result<String, String> {
    let mut regex = String::from("^(?:.*/)?");
    let chars: Vec<char> = glob.chars().collect();
    let mut in_group = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '\\' => {
                let Some(&next) = chars.get(i) else {
                    return Err("`\\` at the end escapes nothing".into());
                };
                push_literal(&mut regex, next);
                i += 1;
            }
            '[' => {
                regex.push_str("[[^/]&&[");
                let mut items = 0;
                if chars.get(i) == Some(&'^') {
                    regex.push_str("\\^");
                    i += 1;
                    items += 1;
                } else {
                    if chars.get(i) == Some(&'!') {
                        regex.push('^');
                        i += 1;
                    }
                    if chars.get(i) == Some(&'-') {
                        regex.push_str("\\-");
                        i += 1;
                        items += 1;
                    }
                }
                let mut closed = false;
                let mut last: Option<char> = None;
                while i < chars.len() {
                    let c = chars[i];
                    i += 1;
                    if c == ']' {
                        closed = true;
                        break;
                    }
                    if c == '/' {
                        return Err("`/` cannot appear in a `[...]` class".into());
                    }
                    if c == '-' {
                        let Some(start) = last.take() else {
                            return Err("invalid range in `[...]`".into());
                        };
                        match chars.get(i) {
                            None | Some(']') => {
                                regex.push_str("\\-");
                                continue;
                            }
                            Some(&end) => {
                                if end < start {
                                    return Err(format!("invalid range `{start}-{end}`"));
                                }
                                if end == '/' {
                                    return Err("`/` cannot appear in a `[...]` class".into());
                                }
                                regex.push('-');
                                push_class_char(&mut regex, end);
                                i += 1;
                            }
                        }
                    } else {
                        push_class_char(&mut regex, c);
                        last = Some(c);
                    }
                    items += 1;
                }
                if !closed {
                    return Err("`[` without a closing `]`".into());
                }
                if items == 0 {
                    return Err("empty `[]` class".into());
                }
                regex.push_str("]]");
            }
            '{' => {
                if in_group {
                    return Err("`{...}` groups cannot nest".into());
                }
                regex.push_str("(?:(?:");
                in_group = true;
            }
            '}' if in_group => {
                regex.push_str("))");
                in_group = false;
            }
            ',' if in_group => regex.push_str(")|(?:"),
            '*' => {
                if chars.get(i) == Some(&'*') {
                    regex.push_str(".*");
                    i += 1;
                } else {
                    regex.push_str("[^/]*");
                }
            }
            '?' => regex.push_str("[^/]"),
            other => push_literal(&mut regex, other),
        }
    }
    if in_group {
        return Err("`{` without a closing `}`".into());
    }
    regex.push('$');
    Ok(regex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_is_escaped_as_regex_escape_escapes_it() {
        let samples = (0..=0x2FFu32)
            .filter_map(char::from_u32)
            .chain(['😀', '\u{202e}']);
        for c in samples {
            let mut pushed = String::new();
            push_literal(&mut pushed, c);
            assert_eq!(pushed, regex::escape(&c.to_string()), "{c:?}");
        }
    }
}
