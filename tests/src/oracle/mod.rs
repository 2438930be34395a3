//! The fuzzing oracles, shared by the `cargo fuzz` targets under `fuzz/` (which include this
//! module by path) and by `tests/fuzz_corpus.rs`, which replays every corpus file through the
//! same code on stable, so CI keeps every input the fuzzer ever kept.
//!
//! Each target module has `check(data: &[u8])`, which decodes any bytes into an input and
//! panics when the crate disagrees with the oracle:
//! - [`decide`]: `Policy::decide` against the [`model`] of the Fetch CORS checks, on the
//!   [`policies`] (each compiled by `cors_policy!` from the same literals the model reads);
//! - [`http_layer`]: the adapters' `http` path (`CorsRequest::respond`, `PendingHeaders::apply`)
//!   on arbitrary header maps and handler responses;
//! - [`rules`]: the validation rules on arbitrary text, against the `url` and `http` crates;
//! - [`config`]: arbitrary TOML and JSON through `PolicyConfig` and `build()`: whatever builds
//!   obeys every rule, and answers as the [`model`] says, as the compiled policies do.
//!
//! Only the public API is used, so the oracles hold whatever the internals become.

pub mod config;
pub mod decide;
pub mod http_layer;
pub mod input;
pub mod model;
pub mod policies;
pub mod rules;
pub mod seeds;
