//! CORS policies compiled and checked at build time.
//!
//! Write the policy once, as a `const`/`static` item. The [`cors_policy!`] macro rejects, with
//! a spanned compile error and a help line, every policy a browser would refuse or that opens a
//! hole; then it emits perfect-hash tables and pre-joined header values, so deciding on a
//! request allocates nothing.
//!
//! ```
//! use checked_cors::{cors_policy, Decision, Policy, Request};
//!
//! static API: Policy = cors_policy! {
//!     allow_origins: ["https://app.example.com", "https://*.example.org", "http://localhost:*"],
//!     allow_methods: [PUT, PATCH, DELETE, "PROPFIND"],
//!     allow_headers: ["content-type", "X-Request-Id"],
//!     expose_headers: ["x-request-id"],
//!     allow_credentials: true,
//!     max_age: 600,
//!     allow_private_network: false,
//! };
//!
//! let request = Request {
//!     method: b"GET",
//!     origins: &[b"https://shop.example.org"],
//!     ..Request::default()
//! };
//! let Decision::Actual(headers) = API.decide(&request) else { unreachable!() };
//! let sent: Vec<_> = headers.iter().map(|(name, value)| (name, value.as_bytes())).collect();
//! assert_eq!(sent, [
//!     ("access-control-allow-origin", &b"https://shop.example.org"[..]),
//!     ("access-control-allow-credentials", b"true"),
//!     ("access-control-expose-headers", b"x-request-id"),
//! ]);
//! assert_eq!(headers.vary().as_str(), Some("Origin"));
//! ```
//!
//! A mistake is a compile error that names the rule it breaks:
//!
//! ```compile_fail
//! use checked_cors::{cors_policy, Policy};
//! // error: `allow_origins: *` cannot be combined with `allow_credentials: true` [rule: credentials-any-origin]
//! static BAD: Policy = cors_policy! { allow_origins: *, allow_credentials: true };
//! ```
//!
//! The policy language, every rule and its reason are in the
//! [README](https://docs.rs/crate/checked-cors/latest/source/README.md).
//!
//! # Features
//! - `http`: helpers over `http::HeaderMap` ([`http`] module) to read a request and apply a
//!   decision to a response.
//! - `tower`: [`tower::CorsLayer`], a `tower::Layer` for axum, hyper and tonic.
//! - `actix`: [`actix::Cors`], an actix-web middleware for `App`, `Scope` and `Resource`. Needs
//!   Rust 1.88, as actix-web does (the other features need 1.85).
//! - `config`: policies from configuration ([`PolicyConfig`] from any serde format or from
//!   environment variables, built into an [`OwnedPolicy`] under exactly the macro's rules), and
//!   [`SharedPolicy`] to serve one through both adapters and replace it while serving.
#![cfg_attr(
    not(any(feature = "tower", feature = "actix", feature = "config")),
    no_std
)]
#![deny(missing_docs)]

/// Compiles a CORS policy into a const [`Policy`].
///
/// Keys, in any order, each at most once (only `allow_origins` is required):
///
/// | key | value | default |
/// |---|---|---|
/// | `allow_origins` | `*`, or a non-empty list of origins and patterns | required |
/// | `allow_methods` | `*`, or a list of methods (identifiers or strings) | GET, HEAD, POST only |
/// | `allow_headers` | `*`, or a list of request header names | none |
/// | `expose_headers` | `*`, or a list of response header names | none |
/// | `allow_credentials` | `true` / `false` | `false` |
/// | `max_age` | seconds, `0..=86400` | no `Access-Control-Max-Age` |
/// | `allow_private_network` | `true` / `false` | `false` |
/// | `dangerously_allow_insecure_origins` | `true` / `false` | `false` |
///
/// Patterns: `https://*.example.org` matches one or more subdomain labels of `example.org`
/// (never `example.org` itself); `:*` matches any port, the default port included.
///
/// ```
/// use checked_cors::{cors_policy, Policy};
/// const LOCAL_DEV: Policy = cors_policy! { allow_origins: ["http://localhost:*"], allow_headers: * };
/// assert!(LOCAL_DEV.allows_origin(b"http://localhost:5173"));
/// assert!(!LOCAL_DEV.allows_origin(b"http://localhost.evil.example:5173"));
/// ```
pub use checked_cors_macros::cors_policy;

pub use checked_cors_runtime::{
    name, AsPolicy, Decision, Escaped, Headers, Policy, Preflight, Rejection, Request,
    RequestParts, SharedStr, Static, Storage, Value, Vary, MAX_REQUEST_HEADERS,
    MAX_REQUEST_HEADERS_BYTES, MAX_REQUEST_HEADERS_LINES,
};

/// Helpers over the `http` crate's request and response types.
#[cfg(feature = "http")]
pub mod http {
    pub use checked_cors_runtime::http::*;
}

#[cfg(feature = "config")]
mod config;
#[cfg(feature = "config")]
mod shared;

#[cfg(feature = "config")]
pub use checked_cors_runtime::rules::Rule;
#[cfg(feature = "config")]
pub use checked_cors_runtime::{Owned, OwnedPolicy};
#[cfg(feature = "config")]
pub use config::{ConfigError, ConfigErrors, PolicyConfig, Values};
#[cfg(feature = "config")]
pub use shared::{PolicyGuard, SharedPolicy};

#[cfg(any(feature = "tower", feature = "actix"))]
mod log;
#[cfg(feature = "tower")]
pub mod tower;

#[cfg(feature = "actix")]
pub mod actix;

/// What `cors_policy!` expands to. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use checked_cors_runtime::__private::*;
    pub use checked_cors_runtime::Policy;
}
