//! Plain-text OWNERS files (Chromium / Gerrit style): the parser, and the lowering that follows
//! `include` / `file://` directives inside the repository.

pub mod includes;
pub mod parse;

pub use parse::*;
