//! History: the walk and its tree diff against git itself, and the history rules on
//! repositories whose history spans years.

mod changes_cache;
mod read_ahead;
mod rules;
mod walk;
