//! One module per command. Each reads through [`crate::engine`] and writes through [`crate::cli::Io`].

pub mod check;
pub mod export;
pub mod handover;
pub mod report;
pub mod rules;
pub mod who;
