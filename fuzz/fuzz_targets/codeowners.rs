#![no_main]
//! `ownlint::fuzz::parsers::codeowners` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| ownlint::fuzz::parsers::codeowners(data));
