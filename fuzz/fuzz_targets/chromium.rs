#![no_main]
//! `ownlint::fuzz::parsers::chromium` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| ownlint::fuzz::parsers::chromium(data));
