//! CODEOWNERS matching at scale: a generated 5,000-line CODEOWNERS against 100,000 generated
//! paths, resolved through ownlint's compiled matcher (one set for the whole file), compared in
//! the same run with the naive approach of one compiled glob per line tried from the last line
//! up (timed on a slice of the paths and projected, since it is far slower).
//!
//! `cargo bench --bench codeowners`; `OWNLINT_BENCH_LINES`, `OWNLINT_BENCH_PATHS` and
//! `OWNLINT_BENCH_RUNS` change the sizes and the number of runs (median reported).

// Only the PRNG and the statistics of the shared helpers are used here.
#[allow(dead_code)]
mod common;

use std::time::Instant;

use common::{Rng, env_number, ms, stats};
use ownlint::dialect::codeowners::matcher::Matcher;
use ownlint::dialect::codeowners::{self, Flavor};
use ownlint::source::SourceFile;

const WORDS: [&str; 24] = [
    "api", "core", "net", "storage", "ui", "docs", "tools", "build", "auth", "db", "cache",
    "queue", "web", "cli", "sdk", "proto", "infra", "ops", "metrics", "log", "search", "mail",
    "billing", "admin",
];
const EXTENSIONS: [&str; 8] = ["go", "rs", "md", "ts", "py", "yaml", "proto", "sh"];

fn paths(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let depth = rng.range(1, 5);
            let mut path = String::new();
            for _ in 0..depth {
                path.push_str(WORDS[rng.below(WORDS.len())]);
                path.push('/');
            }
            let ext = EXTENSIONS[rng.below(EXTENSIONS.len())];
            path.push_str(&format!("file{i}.{ext}"));
            path
        })
        .collect()
}

fn codeowners_text(rng: &mut Rng, lines: usize) -> String {
    let mut text = String::from("* @org/everyone\n");
    for i in 1..lines {
        let a = WORDS[rng.below(WORDS.len())];
        let b = WORDS[rng.below(WORDS.len())];
        let ext = EXTENSIONS[rng.below(EXTENSIONS.len())];
        let pattern = match rng.below(7) {
            0 => format!("/{a}/"),
            1 => format!("/{a}/{b}/"),
            2 => format!("*.{ext}"),
            3 => format!("/{a}/**/*.{ext}"),
            4 => format!("{b}/"),
            5 => format!("/{a}/{b}/*"),
            _ => format!("/{a}/{b}/file{}.{ext}", rng.below(100_000)),
        };
        text.push_str(&format!("{pattern} @user{i} @org/team-{}\n", i % 50));
    }
    text
}

type NaiveLine = (globset::GlobMatcher, Option<globset::GlobMatcher>);

/// The naive resolution: one glob per line, tried from the last line up (the deciding line only).
fn naive(lines: &[NaiveLine], path: &str) -> Option<usize> {
    lines.iter().rposition(|line| naive_match(line, path))
}

/// The naive way to every matching line (what the coverage rules need): every glob, every path.
fn naive_all(lines: &[NaiveLine], path: &str) -> usize {
    lines.iter().filter(|line| naive_match(line, path)).count()
}

fn naive_match((glob, below): &NaiveLine, path: &str) -> bool {
    glob.is_match(path) || below.as_ref().is_some_and(|b| b.is_match(path))
}

fn naive_globs(file: &codeowners::Codeowners) -> Vec<NaiveLine> {
    file.lines
        .iter()
        .map(|line| {
            let p = line.pattern.as_str();
            let anchored = p.trim_start_matches('/');
            let unanchored = !p.trim_end_matches('/').contains('/');
            let base = if unanchored {
                format!("**/{}", anchored.trim_end_matches('/'))
            } else {
                anchored.trim_end_matches('/').to_string()
            };
            let compile = |g: &str| {
                globset::GlobBuilder::new(g)
                    .literal_separator(true)
                    .build()
                    .map(|g| g.compile_matcher())
                    .unwrap_or_else(|_| globset::Glob::new("\u{0}").unwrap().compile_matcher())
            };
            let below = (!p.ends_with("/*")).then(|| compile(&format!("{base}/**")));
            (compile(&base), below)
        })
        .collect()
}

fn main() {
    let lines = env_number("OWNLINT_BENCH_LINES", 5_000);
    let n_paths = env_number("OWNLINT_BENCH_PATHS", 100_000);
    let runs = env_number("OWNLINT_BENCH_RUNS", 5);
    let mut rng = Rng::new(0xC0DE_0FF1CE);
    let paths = paths(&mut rng, n_paths);
    let text = codeowners_text(&mut rng, lines);
    let source = SourceFile::new(".github/CODEOWNERS", text);
    let mut diagnostics = Vec::new();
    let file = codeowners::parse(&source, Flavor::Github, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");

    let mut compile = Vec::new();
    let mut decide = Vec::new();
    let mut all_lines = Vec::new();
    let mut decided = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let matcher = Matcher::new(&file);
        compile.push(ms(start.elapsed()));
        let start = Instant::now();
        decided = paths
            .iter()
            .filter(|p| !matcher.decide(p).is_empty())
            .count();
        decide.push(ms(start.elapsed()));
        let start = Instant::now();
        let mut out = Vec::new();
        for path in &paths {
            matcher.matching_lines(path, &mut out);
            std::hint::black_box(out.len());
        }
        all_lines.push(ms(start.elapsed()));
    }
    let globs = naive_globs(&file);
    let slice = (n_paths / 50).max(1);
    let scale = n_paths as f64 / slice as f64;
    let mut naive_last = Vec::new();
    let mut naive_every = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let found = paths[..slice]
            .iter()
            .filter(|p| naive(&globs, p).is_some())
            .count();
        naive_last.push(ms(start.elapsed()) * scale);
        std::hint::black_box(found);
        let start = Instant::now();
        let found: usize = paths[..slice].iter().map(|p| naive_all(&globs, p)).sum();
        naive_every.push(ms(start.elapsed()) * scale);
        std::hint::black_box(found);
    }
    let median = |v: &[f64]| stats(v).1;
    let per_path = |t: f64| t * 1000.0 / n_paths as f64;
    let (compile_ms, decide_ms, all_ms) = (median(&compile), median(&decide), median(&all_lines));
    let (last_ms, every_ms) = (median(&naive_last), median(&naive_every));
    println!(
        "CODEOWNERS of {lines} lines, {n_paths} paths ({decided} decided by a line), median of {runs} runs"
    );
    println!("  compile the matcher (one set):        {compile_ms:>9.1} ms");
    println!(
        "  deciding line of every path:          {decide_ms:>9.1} ms  ({:.2} µs per path)",
        per_path(decide_ms)
    );
    println!(
        "  every matching line of every path:    {all_ms:>9.1} ms  ({:.2} µs per path)",
        per_path(all_ms)
    );
    println!(
        "  naive globs, last match from the end: {last_ms:>9.1} ms  (projected from {slice} paths)"
    );
    println!(
        "  naive globs, every matching line:     {every_ms:>9.1} ms  (projected from {slice} paths)"
    );
    println!(
        "  every matching line, naive / set:     {:>9.1}×",
        every_ms / all_ms
    );
}
