#![no_main]
//! `ownlint::fuzz::caches::identity_cache` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| ownlint::fuzz::caches::identity_cache(data));
