//! Test-only crate: the integration, UI and browser suites live in `tests/`.
//!
//! This library is their support code: [`servers`] starts the same application on axum and on
//! actix-web, [`client`] is a raw HTTP/1.1 client over `TcpStream`, and [`browser`] drives
//! headless Chromium against a page served from another loopback origin. [`twins`] writes a
//! policy once for both the macro and the run-time builder ([`macro_text`] translates the
//! macro's text into configuration), so that every suite runs on both. [`load`] floods a
//! server with hostile requests, [`oracle`] holds the fuzzing oracles.

pub mod browser;
pub mod capture;
pub mod client;
pub mod handler;
pub mod load;
pub mod macro_text;
pub mod oracle;
pub mod servers;
pub mod twins;
pub mod ui_cases;

/// The README's Rust blocks, compiled and run as this crate's doc tests (it has axum and
/// actix-web), so the quick start is known to build as written. `tests/readme.rs` checks the rest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct Readme;
