#![no_main]
//! `ownlint::fuzz::parsers::maintainers` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| ownlint::fuzz::parsers::maintainers(data));
