//! YAML OWNERS files (Kubernetes / Prow style, with ownlint's own fields) and the root
//! OWNERS_ALIASES file they name aliases from. An OWNERS file governs its directory; it lowers
//! to one area as it is parsed.

pub mod aliases;
pub mod parse;

pub use parse::*;
