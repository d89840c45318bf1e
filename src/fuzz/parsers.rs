//! Fuzz targets for the readers of text a repository holds: the ownership formats, the
//! configuration, handover documents, `.mailmap`, and the times every file and flag may hold.
//!
//! Beyond "no panic", each checks that every span it reports lies inside the text it names, on
//! character boundaries (renderers cut the text there), and that what it builds is bounded by
//! its input: a parser that turned a few bytes into an unbounded model (YAML aliases, include
//! chains) would exhaust a CI runner.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::dialect::chromium::includes::{Loaded, Lowering};
use crate::dialect::codeowners::matcher::Matcher;
use crate::dialect::codeowners::{self, Flavor};
use crate::dialect::maintainers::yml as maintainers_yml;
use crate::dialect::maintainers::{self, MaintainersMatcher};
use crate::dialect::owners::aliases;
use crate::dialect::text;
use crate::dialect::{chromium, owners};
use crate::history::facts::Ident;
use crate::identity::{Identities, Mailmap};
use crate::model::{NameRef, OwnersFile};
use crate::source::{SourceFile, Span};

use super::Input;

/// How many names, lines or sections a model may hold per byte of its input, plus this much.
const PER_BYTE: usize = 1;
const SLACK: usize = 16;

/// Asserts that a span lies inside `text`, on character boundaries.
pub fn assert_span(what: &str, text: &str, span: Span) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} past the end of {}",
        crate::plural::count(text.len(), "byte", "bytes")
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} inside a character"
    );
}

/// Asserts that every diagnostic with a span names one of `sources` and lies inside it.
pub fn assert_diagnostics(what: &str, diagnostics: &[Diagnostic], sources: &[&SourceFile]) {
    for d in diagnostics {
        let Some(span) = d.span else { continue };
        let file = d.file.as_deref().unwrap_or_else(|| {
            panic!("{what}: a span without a file: {d:?}");
        });
        let source = sources
            .iter()
            .find(|s| s.path == file)
            .unwrap_or_else(|| panic!("{what}: a span in an unknown file: {d:?}"));
        assert_span(&format!("{what}: {}", d.rule), &source.text, span);
    }
}

/// Asserts that a model of `count` items is in proportion to an input of `len` bytes.
pub fn assert_bounded(what: &str, count: usize, len: usize) {
    assert!(
        count <= len * PER_BYTE + SLACK,
        "{what}: {} from {}",
        crate::plural::count(count, "item", "items"),
        crate::plural::count(len, "byte", "bytes")
    );
}

/// Every name of an area, its filters' included.
fn names(area: &OwnersFile) -> impl Iterator<Item = &NameRef> {
    area.owner
        .iter()
        .chain(&area.approvers)
        .chain(&area.reviewers)
        .chain(&area.required_reviewers)
        .chain(&area.emeritus_approvers)
        .chain(&area.emeritus_reviewers)
        .chain(&area.cover)
        .chain(area.filters.iter().flat_map(|f| {
            f.approvers
                .iter()
                .chain(&f.reviewers)
                .chain(&f.required_reviewers)
        }))
}

/// Paths to match patterns against: from the input, and some that matter to every matcher.
fn paths(input: &mut Input<'_>) -> Vec<String> {
    let mut paths: Vec<String> = ["a/b/c.go", "README", "", "docs/", "é/ü", "a//b", "/"]
        .iter()
        .map(|p| p.to_string())
        .collect();
    while !input.is_empty() && paths.len() < 16 {
        paths.push(input.text());
    }
    paths
}

/// Whether git could track a file at `path`: relative, with no empty, `.` or `..` component
/// and no NUL.
fn could_be_tracked(path: &str) -> bool {
    !path.contains('\0')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// YAML OWNERS and OWNERS_ALIASES: the bytes as either file, decoded as the walker decodes
/// them; the names and filters read are bounded by the text and their spans lie in it, and
/// every filter that compiled can be matched.
pub fn owners(data: &[u8]) {
    let mut out = Vec::new();
    let Some(text) = text::decode("dir/OWNERS", data, &mut out) else {
        return;
    };
    let source = SourceFile::new("dir/OWNERS", text);
    if let Some(area) = owners::parse(&source, &mut out) {
        for name in names(&area) {
            assert_span("owners name", text, name.span);
        }
        assert_bounded("owners names", names(&area).count(), text.len());
        for filter in &area.filters {
            assert_span("owners filter", text, filter.span);
            if let Some(regex) = &filter.regex {
                for path in ["a.go", "dir/x_test.go", "", "é"] {
                    let _ = regex.is_match(path);
                }
            }
        }
        for field in [&area.handover, &area.reviewed, &area.escalation]
            .into_iter()
            .flatten()
        {
            assert_span("owners field", text, field.span);
        }
    }
    assert_diagnostics("OWNERS", &out, &[&source]);

    let mut out = Vec::new();
    let source = SourceFile::new("OWNERS_ALIASES", text);
    if let Some(file) = aliases::parse(&source, &mut out) {
        let members: usize = file.aliases.iter().map(|a| a.members.len() + 1).sum();
        assert_bounded("aliases", members, text.len());
        for alias in &file.aliases {
            assert_span("alias", text, alias.span);
            for member in &alias.members {
                assert_span("alias member", text, member.span);
            }
        }
    }
    assert_diagnostics("OWNERS_ALIASES", &out, &[&source]);
}

/// Plain-text (Chromium) OWNERS with includes: the input is a list of files, each a path and
/// its bytes (the first one's path is `OWNERS` whatever it says), lowered as the walker lowers
/// them, every `file://` and `include` resolved among them. Spans lie in the file they name,
/// and what includes bring in stays within the include budget.
pub fn chromium(data: &[u8]) {
    let mut input = Input::new(data);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    while !input.is_empty() && files.len() < 8 {
        let path = input.text();
        let bytes = input.bytes().to_vec();
        let path = if files.is_empty() {
            "OWNERS".to_string()
        } else {
            path
        };
        // A tree holds one file per path, and only paths git can track.
        if could_be_tracked(&path) && !files.iter().any(|(p, _)| *p == path) {
            files.push((path, bytes));
        }
    }
    if files.is_empty() {
        files.push(("OWNERS".to_string(), Vec::new()));
    }
    let by_path: HashMap<String, Vec<u8>> = files.iter().cloned().collect();

    let mut out = Vec::new();
    let mut sources: Vec<SourceFile> = Vec::new();
    let mut parsed = Vec::new();
    for (path, bytes) in &files {
        let text = text::decode_lossy(path, bytes, &mut out);
        let _ = chromium::is_plain_text(&text);
        let source = SourceFile::new(path.clone(), text);
        let file = chromium::parse(&source, &mut out);
        for owner in file
            .owners
            .iter()
            .chain(file.per_file.iter().flat_map(|p| &p.owners))
        {
            assert_span("chromium owner", &source.text, owner.span);
        }
        for per_file in &file.per_file {
            for (glob, span) in &per_file.globs {
                assert_span("chromium glob", &source.text, *span);
                if let Ok(regex) = chromium::glob_regex(glob) {
                    let _ = regex.is_match("a/b.cc");
                }
            }
        }
        for include in file
            .includes
            .iter()
            .chain(file.per_file.iter().flat_map(|p| &p.includes))
        {
            assert_span("chromium include", &source.text, include.span);
        }
        assert_bounded(
            "chromium lines",
            file.owners.len() + file.per_file.len() + file.includes.len(),
            source.text.len(),
        );
        sources.push(source);
        parsed.push(file);
    }

    let loaded = std::cell::RefCell::new(Vec::new());
    let load_diagnostics = std::cell::RefCell::new(Vec::new());
    let load = |path: &str| -> Loaded {
        let Some(bytes) = by_path.get(path) else {
            return Loaded::Missing;
        };
        let mut diagnostics = load_diagnostics.borrow_mut();
        let source = SourceFile::new(path, text::decode_lossy(path, bytes, &mut diagnostics));
        let file = chromium::parse(&source, &mut diagnostics);
        loaded.borrow_mut().push(source);
        Loaded::File(file)
    };
    let mut lowering = Lowering::new(load);
    let mut areas = Vec::new();
    for file in parsed {
        areas.push(lowering.lower(file, &mut out));
    }
    drop(lowering);
    out.extend(load_diagnostics.into_inner());
    let by_path: HashMap<&str, &SourceFile> =
        sources.iter().map(|s| (s.path.as_str(), s)).collect();
    for area in &areas {
        let source = by_path[area.path.as_str()];
        for name in names(area) {
            assert_span("chromium area", &source.text, name.span);
        }
        assert!(
            names(area).count()
                <= crate::dialect::chromium::includes::MAX_INCLUDED_ENTRIES
                    + source.text.len()
                    + SLACK,
            "chromium: includes past their budget"
        );
    }
    let sources: Vec<&SourceFile> = sources.iter().collect();
    assert_diagnostics("chromium", &out, &sources);
}

/// CODEOWNERS as GitHub and as GitLab read it: the first text is the file (decoded as the
/// walker decodes it), the others are paths to match. Spans hold what they say, and the
/// matcher's decisions are consistent with its matches.
pub fn codeowners(data: &[u8]) {
    let mut input = Input::new(data);
    let bytes = input.bytes();
    let paths = paths(&mut input);
    for flavor in [Flavor::Github, Flavor::Gitlab] {
        let mut out = Vec::new();
        let text = text::decode_lossy(".github/CODEOWNERS", bytes, &mut out);
        let source = SourceFile::new(".github/CODEOWNERS", text);
        let text = source.text.as_str();
        let file = codeowners::parse(&source, flavor, &mut out);
        assert_diagnostics("CODEOWNERS", &out, &[&source]);
        assert_bounded("codeowners lines", file.lines.len(), text.len());
        for line in &file.lines {
            assert_span("codeowners line", text, line.span);
            assert_span("codeowners line", text, line.line_span);
            assert_eq!(&text[line.span.start..line.span.end], line.raw);
            for owner in &line.owners {
                assert_span("codeowners owner", text, owner.span);
                assert_eq!(&text[owner.span.start..owner.span.end], owner.text);
            }
            assert!(line.section < file.sections.len());
            let _ = line.effective_owners(&file);
        }
        let matcher = Matcher::new(&file);
        let mut lines = Vec::new();
        for path in &paths {
            matcher.matching_lines(path, &mut lines);
            assert!(lines.windows(2).all(|w| w[0] < w[1]), "unsorted matches");
            let decided = matcher.decide(path);
            if flavor == Flavor::Github {
                assert!(decided.len() <= 1, "GitHub decides by one line");
            }
            for line in decided {
                assert!(lines.contains(&line) && !file.lines[line].skipped);
            }
        }
    }
}

/// Linux MAINTAINERS and Zephyr MAINTAINERS.yml, and the matcher of their patterns: the first
/// text is the file (read as both), the others paths to match.
pub fn maintainers(data: &[u8]) {
    let mut input = Input::new(data);
    let bytes = input.bytes();
    let paths = paths(&mut input);

    let mut out = Vec::new();
    let text = text::decode_lossy("MAINTAINERS", bytes, &mut out);
    let linux_source = SourceFile::new("MAINTAINERS", text);
    let linux = maintainers::parse(&linux_source, &mut out);
    assert_diagnostics("MAINTAINERS", &out, &[&linux_source]);

    let mut out = Vec::new();
    let yml_source = match text::decode("MAINTAINERS.yml", bytes, &mut out) {
        Some(text) => SourceFile::new("MAINTAINERS.yml", text),
        None => SourceFile::new("MAINTAINERS.yml", ""),
    };
    let zephyr = maintainers_yml::parse(&yml_source, &mut out);
    assert_diagnostics("MAINTAINERS.yml", &out, &[&yml_source]);

    let files = [linux, zephyr];
    for (file, source) in files.iter().zip([&linux_source, &yml_source]) {
        let text = source.text.as_str();
        let mut count = 0;
        for section in &file.sections {
            assert_span("maintainers section", text, section.span);
            for (_, span) in section
                .files
                .iter()
                .chain(&section.excludes)
                .chain(&section.regexes)
            {
                assert_span("maintainers pattern", text, *span);
                count += 1;
            }
            count += 1;
        }
        assert_bounded("maintainers", count, text.len());
    }
    let mut dirs: HashSet<String> = HashSet::new();
    for path in &paths {
        let mut dir = path.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            dirs.insert(parent.to_string());
            dir = parent;
        }
    }
    let matcher = MaintainersMatcher::new(&files, &dirs);
    let mut found = Vec::new();
    for path in &paths {
        matcher.sections_for(path, &mut found);
        for &(file, section) in &found {
            assert!(file < files.len() && section < files[file].sections.len());
        }
        for pattern in matcher.patterns() {
            let _ = matcher.pattern_matches(pattern, path);
        }
    }
}

/// The configuration file: it is read or refused with one message, never half-read; a
/// configuration read answers every question asked of it.
pub fn config(data: &[u8]) {
    let mut out = Vec::new();
    let Some(text) = text::decode(".ownlint.yaml", data, &mut out) else {
        return;
    };
    let source = SourceFile::new(".ownlint.yaml", text);
    let check = SourceFile::new(".ownlint.yaml", text);
    match crate::config::Config::parse(source, &mut out) {
        Ok(config) => {
            for rule in crate::rules::REGISTRY {
                let _ = config.severity_of(rule.name);
            }
            for path in ["a.go", "vendor/x", "", "é/.git"] {
                let _ = config.is_excluded(path);
            }
        }
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.len() <= 4 * text.len() + 1024,
                "config: an error of {} from {}",
                crate::plural::count(message.len(), "byte", "bytes"),
                crate::plural::count(text.len(), "byte", "bytes")
            );
        }
    }
    assert_diagnostics("config", &out, &[&check]);
}

/// A handover document: front matter and sections; spans in the text, sections bounded by it.
pub fn handover(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let source = SourceFile::new("docs/handover.md", text.as_ref());
    let mut out = Vec::new();
    let doc = crate::handover::document::parse(&source, &mut out);
    assert_diagnostics("handover", &out, &[&source]);
    assert_bounded("handover sections", doc.sections.len(), text.len());
    for section in &doc.sections {
        assert_span("handover section", &text, section.span);
    }
    for names in [&doc.front.from, &doc.front.to].into_iter().flatten() {
        assert_span("handover names", &text, names.span);
        let _ = names.value.normalized();
    }
    for field in [&doc.front.date, &doc.front.area].into_iter().flatten() {
        assert_span("handover field", &text, field.span);
        let _ = crate::time::parse_date(&field.value);
    }
}

/// `.mailmap`: the first text is the file, then pairs of name and email to map and to join
/// into people; a mapped identity is trimmed, and joining and looking up never fails.
pub fn mailmap(data: &[u8]) {
    let mut input = Input::new(data);
    let bytes = input.bytes();
    let mut idents = Vec::new();
    while !input.is_empty() && idents.len() < 16 {
        idents.push(Ident {
            name: input.text(),
            email: input.text(),
        });
    }
    let mailmap = Mailmap::parse(bytes);
    for ident in &idents {
        let mapped = mailmap.map(ident);
        assert_eq!(
            mapped.name.trim(),
            mapped.name,
            "mailmap: an untrimmed name"
        );
        assert_eq!(
            mapped.email.trim(),
            mapped.email,
            "mailmap: an untrimmed email"
        );
    }
    let mut identities = Identities::new(Some(Mailmap::parse(bytes)));
    for ident in &idents {
        identities.actor(ident);
        identities.declare(&ident.name, &ident.email);
    }
    identities.finish(&indexmap::IndexMap::new());
    for ident in &idents {
        for name in [&ident.name, &ident.email] {
            for person in identities.lookup(name) {
                let _ = identities.display(person);
                let _ = identities.last_seen_of(person);
            }
        }
    }
}

/// Times: dates, instants, durations and `--since` as flags and files give them, an anchor
/// from the input. A date read is written back as it was read; an instant read stays in the
/// range every later computation assumes.
pub fn time(data: &[u8]) {
    use crate::time::{days_between, format_date, parse_date, parse_duration, parse_instant};
    let mut input = Input::new(data);
    let anchor = input.u64() as i64;
    let other = input.u64() as i64;
    let text = input.text();
    let _ = days_between(anchor, other);
    let _ = format_date(anchor);
    if let Some(seconds) = parse_date(&text) {
        assert_eq!(format_date(seconds), text.trim(), "a date read back");
        assert_eq!(parse_date(&format_date(seconds)), Some(seconds));
    }
    if let Ok(seconds) = parse_instant(&text) {
        assert!(
            jiff::Timestamp::from_second(seconds).is_ok(),
            "an instant out of range"
        );
        let _ = days_between(seconds, anchor);
    }
    if let Ok(seconds) = parse_duration(&text) {
        assert!(seconds >= 0, "a negative duration");
        let _ = seconds.checked_add(anchor);
    }
    for anchor in [anchor, 0, 1_700_000_000] {
        let _ = crate::time::parse_since(&text, anchor);
    }
}
