#![no_main]
//! `ownlint::fuzz::parsers::time` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| ownlint::fuzz::parsers::time(data));
