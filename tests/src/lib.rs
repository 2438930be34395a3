//! Test-only crate: the integration, UI and browser suites live in `tests/`.
//!
//! This library is their support code: [`servers`] starts the same application on axum and on
//! actix-web, [`client`] is a raw HTTP/1.1 client over `TcpStream`, and [`browser`] drives
//! headless Chromium against a page served from another loopback origin. [`load`] floods a
//! server with hostile requests, [`oracle`] holds the fuzzing oracles.

pub mod browser;
pub mod capture;
pub mod client;
pub mod load;
pub mod oracle;
pub mod servers;
