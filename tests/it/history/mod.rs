//! History: the walk and its tree diff against git itself, and the history rules on
//! repositories whose history spans years.

mod rules;
mod walk;
