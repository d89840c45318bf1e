//! ownlint's integration tests: one test binary (one link step), its modules organised by
//! concept. Most tests build real git repositories ([`support::TestRepo`]) and run the real
//! `ownlint` binary on them; a few call the library directly (matchers, parsers, the history
//! walk). Run one concept with a filter on its module path, e.g.
//! `cargo test --test it dialects::` or `cargo test --test it rules::unowned`.
//!
//! Setting `OWNLINT_COMPARE_BIN` to another `ownlint` binary makes every run of the binary
//! through [`support`] a differential test against it (see [`support`]).

/// The GitHub Action (`action.yml`, `action/*.sh`) and the README's workflow for it.
mod action;
/// Adoption: `--write-baseline` / `--baseline` and inline `ownlint: ignore[...]` comments.
mod baseline;
/// The binary's interface: commands, exit codes, stderr, colour, messages, bad input,
/// `--select` / `--ignore`.
mod cli;
/// Which `.ownlint.yaml` a run reads, in every mode.
mod config;
/// The real ownership files of the shared corpus, parsed and checked end to end.
mod corpus;
/// The CODEOWNERS coverage kept between runs.
mod coverage_cache;
/// Each dialect end to end, as its host reads it, and CODEOWNERS matching case by case.
mod dialects;
/// Every `check` emitter snapshotted from one shared set of diagnostics, in process.
mod emitter_snapshots;
/// The output formats of `check`: SARIF, GitLab Code Quality, GitHub annotations, JSON.
mod emitters;
/// `ownlint export codeowners`.
mod export;
/// The fuzz targets as time-bounded property tests over seeds and mutations.
mod fuzz;
/// Property tests: parsers and matchers never panic, whatever the bytes.
mod fuzz_regressions;
/// Files generated from the code (schemas, the README's rule table) match it.
mod generated_files;
/// Handover documents and the rules about them; `ownlint handover new`.
mod handover;
/// The in-process harness: `ownlint` run through the library on a real repository.
mod harness;
/// History: the walk against `git log`, and the history rules over years of commits.
mod history;
/// Hostile repositories: untrusted text in every output, bounded reads, super-linear inputs.
mod hostile;
/// One identity per person over the whole history.
mod identity;
/// The incremental pre-commit hook against the full computation, over random commits.
mod incremental_hook;
/// `--output FILE`.
mod output_file;
/// The pre-commit case, `check --staged`, and the hook manifest.
mod precommit;
/// `check --base REF` and the Markdown summary for a pull request.
mod pull_request;
/// What the README states and shows: revisions, format tables, snippets, the sweep recipe.
mod readme;
/// `ownlint report`.
mod report;
/// A revision's files (`--rev`) read from the index where its cache tree vouches for them.
mod rev_listing;
/// Each rule's documented `## Example`, linted: it must fire its rule.
mod rule_examples;
/// A fixture per rule that fires and one that does not, in process, findings snapshotted.
mod rule_fixtures;
/// Each rule, firing and not firing.
mod rules;
/// The hermetic test repositories and the runs of the binary every module uses.
mod support;
