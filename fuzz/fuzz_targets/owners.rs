#![no_main]
//! `ownlint::fuzz::parsers::owners` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| ownlint::fuzz::parsers::owners(data));
