//! `cargo +nightly fuzz run decide`: see `tests/src/oracle/decide.rs` for the input format and the
//! oracle, and FUZZING.md for the figures.
#![no_main]

// The oracles are shared with the stable corpus replay (`tests/tests/fuzz_corpus.rs`).
#[allow(dead_code)]
#[path = "../../tests/src/oracle/mod.rs"]
mod oracle;

libfuzzer_sys::fuzz_target!(|data: &[u8]| oracle::decide::check(data));
