#![no_main]
//! `ownlint::fuzz::parsers::config` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| ownlint::fuzz::parsers::config(data));
