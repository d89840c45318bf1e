//! ownlint: an ownership-as-code linter for git repositories.
//!
//! The library reads a repository at a revision ([`repo`], [`walker`]), parses its ownership
//! files ([`dialect`]) into the [`model`], resolves every path to its owners ([`resolve`]), runs
//! the [`rules`] and renders [`diagnostics`] ([`render`]). It never prints or exits: the binary
//! does, through [`cli::run`].

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
pub mod plural;
pub mod prefix_index;
pub mod regex_index;
pub mod render;
pub mod repo;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod time;
pub mod walker;
pub mod who;
pub mod yaml;
