#![no_main]
//! `ownlint::fuzz::parsers::mailmap` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| ownlint::fuzz::parsers::mailmap(data));
