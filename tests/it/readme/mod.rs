//! What the README states and shows holds: the revisions and format tables it names, every
//! copy-paste snippet, and the recipe for sharding a sweep.

mod facts;
mod snippets;
mod sweep_shards;
