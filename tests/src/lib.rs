//! Test-only crate: the integration, UI and browser suites live in `tests/`.
//!
//! This library is their support code: [`servers`] starts the same application on axum and on
//! actix-web, [`client`] is a raw HTTP/1.1 client over `TcpStream`, and [`browser`] drives
//! headless Chromium against a page served from another loopback origin.

pub mod browser;
pub mod client;
pub mod oracle;
pub mod servers;
