#![no_main]
//! `ownlint::fuzz::output::render` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| ownlint::fuzz::output::render(data));
