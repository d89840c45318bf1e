//! Fuzz targets: one function per reader of hostile input (every ownership format, the
//! configuration, handover documents, the two history caches, `.mailmap`, time) and per output
//! family (the check renderers and the report renderers). Each takes arbitrary bytes, must
//! never panic, and checks what the code promises beyond that: spans that lie on the text they
//! point into, caches that read back what they wrote, output whose size grows in proportion to
//! its input, and output in which no untrusted text starts a line, opens an escape sequence,
//! forges a GitHub workflow command or mentions anyone in Markdown ([`inert`]).
//!
//! The same functions are run two ways (the README's Development section has the commands):
//!
//! - coverage-guided by libFuzzer, through `cargo fuzz` (the `fuzz/` crate has one binary per
//!   entry of [`TARGETS`]), which also catches time and memory blow-ups (`-timeout`,
//!   `-rss_limit_mb`);
//! - as property tests under `cargo test` (`tests/it/fuzz.rs`), for a bounded time per target
//!   (`OWNLINT_FUZZ_SECS`), from random bytes and mutations of seed inputs (`fuzz/seeds/`).
//!
//! A target reads its bytes as the real code reads the file (through the same decoding), and
//! splits them with [`Input`] where it needs several values (files and paths, diagnostics).

pub mod caches;
pub mod inert;
pub mod input;
pub mod output;
pub mod parsers;

pub use input::Input;

/// A fuzz target: arbitrary bytes in, a panic for a broken invariant.
pub type Target = fn(&[u8]);

/// Every target, by the name of its `cargo fuzz` binary and its seed directory.
pub const TARGETS: &[(&str, Target)] = &[
    ("owners", parsers::owners),
    ("chromium", parsers::chromium),
    ("codeowners", parsers::codeowners),
    ("maintainers", parsers::maintainers),
    ("config", parsers::config),
    ("handover", parsers::handover),
    ("mailmap", parsers::mailmap),
    ("time", parsers::time),
    ("history_cache", caches::history_cache),
    ("identity_cache", caches::identity_cache),
    ("render", output::render),
    ("report", output::report),
];

/// The target of that name.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
