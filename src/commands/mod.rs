//! One module per command. Each reads through [`session`] and writes through [`crate::cli::Io`].

pub mod check;
pub mod export;
pub mod handover;
pub mod pull_request;
pub mod report;
pub mod rules;
pub mod session;
pub mod who;
