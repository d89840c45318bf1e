//! MAINTAINERS files (Linux / U-Boot style) and Zephyr's `MAINTAINERS.yml`: the model and parser
//! of both, one matcher for both, and the pattern system (every matching section applies).

pub mod look_behind;
pub mod parse;
pub mod system;
pub mod yml;

pub use parse::*;
