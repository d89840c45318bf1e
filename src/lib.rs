//! ownlint: an ownership-as-code linter for git repositories.
//!
//! The library reads a repository at a revision, parses its ownership files into one model,
//! resolves every path to its owners, joins the history, runs the rules and renders the
//! findings. It never prints or exits: the binary does, through [`cli::run`].
//!
//! # Where things live
//!
//! | to find | look in |
//! |---|---|
//! | a rule (its doc is `ownlint explain`) | `src/rules/<rule_name>.rs`; the registry, categories and what is derived from them in [`rules`] |
//! | a dialect (parser, model, matcher, pattern system) | `src/dialect/<dialect>/` (`owners`, `chromium`, `codeowners`, `maintainers`); which file is which dialect, and what adding one touches, in [`dialect`] |
//! | a `check` output format | `src/render/<format>.rs` ([`render`]); the `report` formats in `src/report/<format>.rs` ([`report`]) |
//! | a history fact | per commit: [`history::facts`] (changed paths, trailers in [`history::trailers`]); per area and person: [`history::evidence`]; who is who: [`identity`] and [`history::identity_index`]; activity records: [`history::records`] |
//! | the run: repository, revision, settings, snapshot, history | [`engine`] ([`engine::Session::open`]); its background work in `engine/background.rs`; the findings path in [`engine::findings`]; what a commit or pull request changes in [`engine::change`] |
//! | a command | `src/commands/<command>.rs` (thin: arguments in, engine, output out); the command line in [`cli`] |
//! | who owns a path | [`resolve`]; the `who` answer in [`who`] |
//! | the configuration | [`config`] (`.ownlint.yaml`, levels, categories, `--select`/`--ignore`) |
//! | handover documents and changes of hands | [`handover`] |
//! | git plumbing | [`repo`], [`index`] (the index file), [`delta`], [`history::objects`], [`history::treediff`], [`history::walk`] |
//! | untrusted text and bounded input | [`escape`], [`bounded_read`], [`pattern_budget`], [`pattern_memo`] |
//!
//! The command layer (`main.rs`, [`cli`], [`commands`]) sits on top and nothing below imports
//! it; under it, the [`engine`] runs everything else. Below the engine the modules are not
//! strictly layered yet: a dialect's parser names the rules of its parse findings (as ruff's
//! parser names its syntax code), and the walker, the resolver and the history share the
//! snapshot.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod attributes;
pub mod baseline;
pub mod bounded_read;
pub mod cli;
pub mod commands;
pub mod config;
pub mod delta;
pub mod diagnostics;
pub mod dialect;
pub mod engine;
pub mod error;
pub mod escape;
pub mod export;
pub mod fingerprint;
pub mod fuzz;
pub mod globs;
pub mod handover;
pub mod history;
pub mod identity;
pub mod index;
pub mod model;
pub mod output;
pub mod pattern_budget;
pub mod pattern_memo;
pub mod plural;
pub mod prefix_index;
pub mod regex_index;
pub mod render;
pub mod repo;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod schema;
pub mod side_by_side;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod time;
pub mod walker;
pub mod who;
pub mod yaml;
