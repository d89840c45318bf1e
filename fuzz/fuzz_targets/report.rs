#![no_main]
//! `ownlint::fuzz::output::report` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| ownlint::fuzz::output::report(data));
