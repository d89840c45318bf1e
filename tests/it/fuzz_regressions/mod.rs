//! Property tests: every parser and matcher never panics, whatever the bytes, and every span
//! it reports lies inside the file (the checks are those of `ownlint::fuzz`). One module per
//! family of inputs, each generating documents from its format's own tokens.

mod codeowners;
mod dialects;
mod owners;
