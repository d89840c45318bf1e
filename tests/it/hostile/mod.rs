//! Hostile repositories: whatever a repository holds (names, paths, sizes, links, FIFOs,
//! inputs shaped for super-linear work), outputs stay inert, reads stay bounded and inside the
//! repository, and the work stays linear.

mod output;
mod reads;
mod super_linear;
