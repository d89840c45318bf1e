//! Each dialect's parsed files lowered into the model's area declarations, and the
//! pattern-scoped systems that decide paths by the dialect's own semantics (last match for
//! CODEOWNERS, every match for MAINTAINERS). Parsing stays in [`crate::formats`]; this module
//! owns what the parsed files mean.

pub mod chromium;
pub mod codeowners;
pub mod codeowners_host;
pub mod maintainers;

pub use codeowners::CodeownersSystem;
pub use maintainers::MaintainersSystem;
