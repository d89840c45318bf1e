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
/// `cmd/acpi.cfg`, as get_maintainer.pl does). A brace group is expanded as Xen's
/// get_maintainer.pl has expanded it since 2017 (see [`brace_group`]): Xen writes
/// `F: xen/common/{kexec,kimage}.c`. Linux's and U-Boot's scripts read `{` literally, and no path
/// they govern has one, so the two readings agree on their files.
///
/// Zephyr (`get_maintainer.py`'s `_get_match_fn`): `*` and `?` never cross `/` (`**` is the
/// same as `*`); a trailing `/` matches everything below; otherwise the whole path must match.
///
/// In both, `[...]` is a character class (`^` negates) and `\` escapes the next character;
/// every other character is literal. (Both scripts pass other regex syntax such as `+` or `(`
/// through to their regex engine; ownlint reads the patterns as the documented wildcards.)
pub fn maintainers_regex(pattern: &str, dialect: Dialect) -> Result<String, String> {
    let dir = pattern.ends_with('/');
    let linux = dialect == Dialect::Maintainers;
    let flavour = Flavour {
        crossing: dir && linux,
        // Zephyr's classes may name `/`; Linux's stay within a component unless crossing.
        class_within_component: linux && !dir,
    };
    let mut regex = String::from("^");
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    let mut from = 0;
    while linux && i < chars.len() {
        if chars[i] == '{'
            && let Some(close) = brace_group(&chars, i)
        {
            translate(&chars[from..i], flavour, &mut regex)?;
            let group = &chars[i + 1..close];
            let alternatives: Vec<&[char]> = group.split(|&c| c == ',').collect();
            // get_maintainer.pl then asks a path for as many `/` as the pattern's text has,
            // every alternative's counted: an alternative with fewer than the group's whole
            // count can never meet it.
            let slashes = |alt: &[char]| alt.iter().filter(|&&c| c == '/').count();
            let needed = slashes(group);
            regex.push_str("(?:");
            let mut kept = 0;
            for alternative in alternatives {
                if !dir && slashes(alternative) != needed {
                    continue;
                }
                if kept > 0 {
                    regex.push('|');
                }
                translate(alternative, flavour, &mut regex)?;
                kept += 1;
            }
            if kept == 0 {
                // No path can match: an empty class.
                regex.push_str("[a&&b]");
            }
            regex.push(')');
            i = close + 1;
            from = i;
        } else {
            i += 1;
        }
    }
    translate(&chars[from..], flavour, &mut regex)?;
    if !dir {
        if linux {
            regex.push_str("[^/]*$");
        } else {
            regex.push('$');
        }
    }
    Ok(regex)
}

/// The closing `}` of the brace group `chars[open]` opens, when get_maintainer.pl (Xen's) would
/// expand it: a `{` after some character other than `\`, up to the first `}`, holding at
/// least one `,` and no `{` or `\` (groups do not nest). `{a,b}` becomes the alternatives `a`
/// and `b`, each read as a pattern; `{a}` stays literal.
pub fn brace_group(chars: &[char], open: usize) -> Option<usize> {
    if open == 0 || chars[open - 1] == '\\' {
        return None;
    }
    let close = open + 1 + chars[open + 1..].iter().position(|&c| c == '}')?;
    let group = &chars[open + 1..close];
    (group.contains(&',') && !group.iter().any(|&c| c == '{' || c == '\\')).then_some(close)
}

/// How a MAINTAINERS pattern's wildcards read.
#[derive(Clone, Copy)]
struct Flavour {
    /// `*` and `?` may cross `/` (a Linux pattern with a trailing `/`).
    crossing: bool,
    /// A `[...]` class never matches `/`.
    class_within_component: bool,
}

/// Appends the regex of the wildcards and literals of `chars` (no brace group) to `regex`.
fn translate(chars: &[char], flavour: Flavour, regex: &mut String) -> Result<(), String> {
    let (star, one) = if flavour.crossing {
        (".*", ".")
    } else {
        ("[^/]*", "[^/]")
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '*' => regex.push_str(star),
            '?' => regex.push_str(one),
            '\\' => match chars.get(i) {
                Some(&next) => {
                    push_literal(regex, next);
                    i += 1;
                }
                None => push_literal(regex, '\\'),
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
                if flavour.class_within_component {
                    regex.push_str("[[^/]&&");
                    regex.push_str(&class);
                    regex.push(']');
                } else {
                    regex.push_str(&class);
                }
            }
            other => push_literal(regex, other),
        }
    }
    Ok(())
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

    /// Whether a Linux MAINTAINERS pattern matches `path`, as the matcher compiles it.
    fn linux_match(pattern: &str, path: &str) -> bool {
        let source = maintainers_regex(pattern, Dialect::Maintainers).unwrap();
        regex::Regex::new(&source).unwrap().is_match(path)
    }

    /// Xen's get_maintainer.pl expands `{a,b}` in `F:`/`X:` (its MAINTAINERS writes
    /// `F: xen/common/{kexec,kimage}.c`); these are the answers of that script's
    /// `file_match_pattern` on its translated pattern.
    #[test]
    fn brace_groups_expand_as_xen_get_maintainer_expands_them() {
        let xen = "xen/common/{kexec,kimage}.c";
        assert!(linux_match(xen, "xen/common/kexec.c"));
        assert!(linux_match(xen, "xen/common/kimage.c"));
        assert!(!linux_match(xen, "xen/common/kexec,kimage.c"));
        assert!(!linux_match(xen, "xen/common/{kexec,kimage}.c"));
        assert!(!linux_match(xen, "xen/common/sub/kexec.c"));
        // An empty alternative, wildcards inside, and a directory pattern.
        assert!(linux_match("inc/foo{,_x}.h", "inc/foo.h"));
        assert!(linux_match("inc/foo{,_x}.h", "inc/foo_x.h"));
        assert!(linux_match("a/{b*,c}.h", "a/bz.h"));
        assert!(!linux_match("a/{b*,c}.h", "a/b/z.h"));
        assert!(linux_match("tools/{ocaml,xl}/", "tools/xl/sub/x.c"));
        // Without a trailing `/` a path has as many `/` as the pattern's text: an alternative
        // with fewer can never match (`x/{a/b,c}.h` asks for two).
        assert!(linux_match("x/{a/b,c}.h", "x/a/b.h"));
        assert!(!linux_match("x/{a/b,c}.h", "x/c.h"));
        assert!(!linux_match("x/{a/b,c/d}.h", "x/a/b.h"));
        // Not a group: no comma, at the start, escaped, nested.
        assert!(linux_match("a/{b}.h", "a/{b}.h"));
        assert!(linux_match("{a,b}/c", "{a,b}/c"));
        assert!(!linux_match("{a,b}/c", "a/c"));
        assert!(linux_match("a/\\{b,c}", "a/{b,c}"));
        assert!(!linux_match("a/\\{b,c}", "a/b"));
        // Zephyr reads braces literally.
        let zephyr = maintainers_regex("a/{b,c}", Dialect::MaintainersYml).unwrap();
        assert!(regex::Regex::new(&zephyr).unwrap().is_match("a/{b,c}"));
    }
}
