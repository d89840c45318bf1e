//! CODEOWNERS as GitHub and GitLab read it: the parser, the matcher (each platform's pattern
//! semantics), the pattern system (last match wins) and the choice of the platform and of the
//! one file it reads.

pub mod host;
pub mod matcher;
pub mod model;
pub mod parse;
pub mod system;

pub use model::*;
pub use parse::*;
