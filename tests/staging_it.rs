//! Temporary home of the new `tests/it/` modules (in-process harness, per-rule fixtures,
//! emitter snapshots, documented examples) until they are wired into `tests/it/main.rs`.

#[path = "support/mod.rs"]
mod support;

#[path = "it/harness.rs"]
mod harness;

#[path = "it/emitter_snapshots.rs"]
mod emitter_snapshots;

#[path = "it/rule_fixtures.rs"]
mod rule_fixtures;

#[path = "it/rule_examples.rs"]
mod rule_examples;
