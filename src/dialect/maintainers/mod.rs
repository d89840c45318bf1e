//! MAINTAINERS files (Linux / U-Boot style) and Zephyr's `MAINTAINERS.yml`: the model both read
//! into, their parsers, their patterns, one matcher for both, and the pattern system (every
//! matching section applies).

pub mod look_behind;
pub mod matcher;
pub mod model;
pub mod parse;
pub mod pattern;
pub mod system;
pub mod yml;

pub use matcher::*;
pub use model::*;
pub use parse::*;
