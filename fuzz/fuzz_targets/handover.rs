#![no_main]
//! `ownlint::fuzz::parsers::handover` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| ownlint::fuzz::parsers::handover(data));
