//! History: the walk and its tree diff against git itself, and the history rules on
//! repositories whose history spans years.

mod changes_cache;
mod identity_stop;
mod read_ahead;
mod rules;
mod walk;
