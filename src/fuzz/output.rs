//! Fuzz targets for the renderers: diagnostics and reports whose every string (messages, paths,
//! names, labels, help, the text of the files spans point into) is arbitrary, through every
//! output format. Each output must be inert ([`super::inert`]) and grow in proportion to what
//! went in.

use crate::diagnostics::{Diagnostic, Evidence, Severity};
use crate::render::markdown::{Approval, ChangeSummary};
use crate::render::{Sources, Totals, github, gitlab, human, json, markdown, sarif};
use crate::report::{
    AreaReport, Contributor, Finding, HandoverRef, Health, HealthCounts, PersonActivity,
    RepositoryReport, RepositorySummary, Review, Sweep,
};
use crate::source::{SourceFile, Span};

use super::Input;
use super::inert::{
    assert_csv_inert, assert_github_inert, assert_html_inert, assert_json_inert, assert_log_safe,
    assert_markdown_inert,
};

/// How many times its input an output may be, beyond what it writes for nothing: the longest
/// escape (`\u{10ffff}` for a four-byte character, `\u{1b}` for a one-byte control) is a few
/// times the character, and Markdown adds a backslash or a fence.
const GROWTH: usize = 12;

/// Asserts that an output is in proportion to its input's `weight` (bytes), beyond the `empty`
/// output written for nothing.
fn assert_in_proportion(what: &str, output: &str, weight: usize, empty: &str) {
    let bound = GROWTH * weight + 2 * empty.len() + 4096;
    assert!(
        output.len() <= bound,
        "{what}: {} of output for {} of input",
        crate::plural::count(output.len(), "byte", "bytes"),
        crate::plural::count(weight, "byte", "bytes")
    );
}

const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

/// Diagnostics and the files they point into, from the input.
fn diagnostics(input: &mut Input<'_>) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    for _ in 0..input.byte() % 3 {
        let path = input.text();
        let text = input.text();
        sources.push(SourceFile::new(path, text));
    }
    let mut diagnostics = Vec::new();
    while !input.is_empty() && diagnostics.len() < 16 {
        let flags = input.u16();
        let rules = crate::rules::REGISTRY;
        let rule = rules[usize::from(input.byte()) % rules.len()].name;
        let mut d = Diagnostic::new(rule, input.text());
        d.severity = SEVERITIES[usize::from(flags % 3)];
        if flags & 4 != 0 {
            d.file = Some(match sources.len() {
                0 => input.text(),
                n if flags & 8 != 0 => sources[usize::from(input.byte()) % n].path.clone(),
                _ => input.text(),
            });
        }
        if flags & 16 != 0 {
            let start = usize::from(input.u16());
            let end = start + usize::from(input.u16() % 512);
            d.span = Some(Span::new(start, end));
        }
        let mut text = |bit: u16| (flags & bit != 0).then(|| input.text());
        d.label = text(32).map(Into::into);
        d.help = text(64).map(Into::into);
        d.owner = text(128);
        d.area = text(256);
        if flags & 512 != 0 {
            d.evidence = Some(Evidence {
                last_seen: Some(input.text()),
                commits: Some(usize::from(input.u16())),
                share: Some(f64::from(input.u16()) / 65535.0),
            });
        }
        d.milder = flags & 1024 != 0;
        diagnostics.push(d);
    }
    (sources, diagnostics)
}

/// What a diagnostic brings to an output: its strings, and the file it points into.
fn weight(d: &Diagnostic, sources: &[SourceFile]) -> usize {
    let strings = [
        d.file.as_deref(),
        d.label.as_deref(),
        d.help.as_deref(),
        d.owner.as_deref(),
        d.area.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::len)
    .sum::<usize>()
        + d.message.len()
        + d.evidence
            .as_ref()
            .and_then(|e| e.last_seen.as_ref())
            .map_or(0, String::len);
    let source = sources
        .iter()
        .filter(|s| Some(&s.path) == d.file.as_ref())
        .map(|s| s.text.len())
        .max()
        .unwrap_or(0);
    strings + source + 256
}

/// `check`'s renderers: human (with and without colour, at a width from the input), JSON,
/// SARIF, GitHub annotations, GitLab Code Quality and Markdown (with a pull request's approval
/// table from the input).
pub fn render(data: &[u8]) {
    let mut input = Input::new(data);
    let width = 20 + usize::from(input.byte());
    let totals = Totals {
        files: usize::from(input.u16()),
        ownership_files: usize::from(input.byte()),
        excluded: usize::from(input.byte()),
        baselined: usize::from(input.byte()),
        suppressed: usize::from(input.byte()),
    };
    let change = (input.byte() & 1 == 1).then(|| {
        let base = input.text();
        let mut approvals = Vec::new();
        for _ in 0..input.byte() % 4 {
            let mut texts = |n: u8| (0..n % 4).map(|_| input.text()).collect::<Vec<_>>();
            approvals.push(Approval {
                areas: texts(3),
                approvers: texts(2),
                optional: texts(5),
                files: texts(7),
            });
        }
        ChangeSummary {
            base,
            changed: approvals.iter().map(|a| a.files.len()).sum(),
            approvals,
        }
    });
    let (files, diagnostics) = diagnostics(&mut input);
    let sources: Sources = files.iter().map(|s| (s.path.as_str(), s)).collect();
    let weight: usize = diagnostics.iter().map(|d| weight(d, &files)).sum::<usize>()
        + change.as_ref().map_or(0, |c| {
            c.base.len()
                + c.approvals
                    .iter()
                    .flat_map(|a| a.areas.iter().chain(&a.approvers).chain(&a.files))
                    .map(|t| t.len() + 16)
                    .sum::<usize>()
        });
    let none = Sources::new();

    for color in [false, true] {
        let style = human::Style { color, width };
        let out = human::render(&diagnostics, &sources, &totals, style);
        let empty = human::render(&[], &none, &totals, style);
        assert_log_safe("human", &out, color);
        assert_in_proportion("human", &out, weight, &empty);
    }
    type Renderer = fn(&[Diagnostic], &Sources, &Totals) -> String;
    let data_formats: [(&str, Renderer); 3] = [
        ("json", json::render),
        ("sarif", sarif::render),
        ("gitlab", gitlab::render),
    ];
    for (what, render) in data_formats {
        let out = render(&diagnostics, &sources, &totals);
        assert_json_inert(what, &out);
        // SARIF lists every rule's documentation: written once for nothing, not per input.
        static EMPTY_SARIF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let empty = match what {
            "sarif" => EMPTY_SARIF
                .get_or_init(|| sarif::render(&[], &none, &Totals::default()))
                .clone(),
            _ => render(&[], &none, &totals),
        };
        assert_in_proportion(what, &out, weight, &empty);
    }
    let out = github::render(&diagnostics, &sources, &totals);
    assert_github_inert("github", &out);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("::")).count(),
        diagnostics.len(),
        "github: one annotation per finding"
    );
    assert_in_proportion("github", &out, weight, &github::render(&[], &none, &totals));
    let out = markdown::render(&diagnostics, &sources, &totals, change.as_ref());
    assert_markdown_inert("markdown", &out);
    assert_in_proportion(
        "markdown",
        &out,
        weight,
        &markdown::render(&[], &none, &totals, None),
    );
}

/// A report built from the input: either a JSON sweep as `report --merge` reads it, or a sweep
/// whose strings and numbers come from the input.
fn sweep(input: &mut Input<'_>) -> Option<Sweep> {
    if input.byte() & 1 == 0 {
        let text = String::from_utf8_lossy(input.rest()).into_owned();
        return crate::report::merge::parse(&text).ok();
    }
    let mut repositories = Vec::new();
    while !input.is_empty() && repositories.len() < 4 {
        let flags = input.byte();
        let mut repo = RepositoryReport::failed(input.text(), String::new());
        repo.error = (flags & 1 != 0).then(|| input.text());
        let mut text = |bit: u8| (flags & bit != 0).then(|| input.text());
        repo.commit = text(2);
        repo.as_of = text(4);
        repo.history_since = text(8);
        if flags & 16 != 0 {
            let mut number = || input.u64() as usize;
            repo.summary = Some(RepositorySummary {
                areas: number(),
                health: HealthCounts {
                    ok: number(),
                    warning: number(),
                    error: number(),
                },
                errors: number(),
                warnings: number(),
                infos: number(),
                files: number(),
                unowned_files: number(),
            });
        }
        for _ in 0..input.byte() % 4 {
            repo.areas.push(area(input));
        }
        for _ in 0..input.byte() % 3 {
            repo.other_findings.push(finding(input));
        }
        repositories.push(repo);
    }
    Some(Sweep::new(repositories))
}

fn texts(input: &mut Input<'_>) -> Vec<String> {
    (0..input.byte() % 4).map(|_| input.text()).collect()
}

fn finding(input: &mut Input<'_>) -> Finding {
    Finding {
        rule: input.text(),
        severity: SEVERITIES[usize::from(input.byte() % 3)],
        message: input.text(),
    }
}

fn area(input: &mut Input<'_>) -> AreaReport {
    let flags = input.byte();
    let mut people = Vec::new();
    for _ in 0..input.byte() % 3 {
        people.push(PersonActivity {
            name: input.text(),
            roles: texts(input),
            last_seen: (input.byte() & 1 == 1).then(|| input.text()),
        });
    }
    let mut most_active = Vec::new();
    for _ in 0..input.byte() % 3 {
        most_active.push(Contributor {
            who: input.text(),
            changes: input.u64() as usize,
            share: f64::from(input.u16()) / 65535.0,
            last: input.text(),
        });
    }
    AreaReport {
        area: input.text(),
        file: input.text(),
        dialect: input.text(),
        owner: texts(input),
        approvers: texts(input),
        reviewers: texts(input),
        cover: texts(input),
        people,
        changes: (flags & 1 != 0).then(|| input.u64() as usize),
        most_active,
        bus_factor: (flags & 2 != 0).then(|| input.u64() as usize),
        review: (flags & 4 != 0).then(|| Review {
            date: input.text(),
            source: input.text(),
        }),
        handover: (flags & 8 != 0).then(|| HandoverRef {
            path: input.text(),
            date: (flags & 16 != 0).then(|| input.text()),
        }),
        findings: (0..input.byte() % 3).map(|_| finding(input)).collect(),
        health: [Health::Ok, Health::Warning, Health::Error][usize::from(flags >> 5) % 3],
    }
}

/// `report`'s renderers: Markdown, CSV, HTML and JSON, for a sweep from the input. The JSON
/// reads back (through `report --merge`) as the same report.
pub fn report(data: &[u8]) {
    let mut input = Input::new(data);
    let Some(sweep) = sweep(&mut input) else {
        return;
    };
    let json = crate::report::json::render(&sweep);
    let weight = json.len();
    let empty = Sweep::new(Vec::new());

    let value = assert_json_inert("report json", &json);
    let back = crate::report::merge::parse(&json)
        .unwrap_or_else(|e| panic!("report json: does not read back: {e}"));
    assert_eq!(
        serde_json::to_value(&back).expect("a report is JSON"),
        value,
        "report json: reads back as another report"
    );
    let merged = crate::report::merge::merge(vec![sweep.clone(), back]);
    assert_eq!(merged.repositories.len(), 2 * sweep.repositories.len());

    let out = crate::report::markdown::render(&sweep);
    assert_markdown_inert("report markdown", &out);
    assert_in_proportion(
        "report markdown",
        &out,
        weight,
        &crate::report::markdown::render(&empty),
    );
    let out = crate::report::csv::render(&sweep);
    assert_csv_inert("report csv", &out, crate::report::csv::COLUMNS.len());
    assert_in_proportion(
        "report csv",
        &out,
        weight,
        &crate::report::csv::render(&empty),
    );
    let out = crate::report::html::render(&sweep);
    assert_html_inert("report html", &out);
    assert_in_proportion(
        "report html",
        &out,
        weight,
        &crate::report::html::render(&empty),
    );
}
