//! The ownership dialects, one folder each: its parser, its lowering into the model's area
//! declarations and, for a pattern-scoped dialect, its matcher and the pattern system that
//! decides paths by the dialect's own semantics (last match for CODEOWNERS, every match for
//! MAINTAINERS). [`text`] holds what the parsers share: decoding bytes and loading YAML.

pub mod chromium;
pub mod codeowners;
pub mod maintainers;
pub mod owners;
pub mod text;

pub use codeowners::system::CodeownersSystem;
pub use maintainers::system::MaintainersSystem;
