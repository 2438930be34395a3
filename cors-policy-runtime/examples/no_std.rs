//! A `#![no_std]` library crate that declares a policy and decides on requests: what
//! `cors_policy!` emits and what a decision calls need only `core`. `.ci/run` builds it for
//! `thumbv7em-none-eabihf`, a target with no operating system and no allocator.
#![no_std]

use checked_cors::{cors_policy, Decision, Policy, Preflight, Request};

/// Every kind of table the macro emits: exact origins, a port pattern, a subdomain pattern,
/// methods, request headers and pre-joined values.
pub static API: Policy = cors_policy! {
    allow_origins: ["https://app.example.com", "https://*.example.org", "http://localhost:*"],
    allow_methods: [PUT, DELETE],
    allow_headers: ["content-type", "x-request-id"],
    expose_headers: ["x-request-id"],
    allow_credentials: true,
    max_age: 600,
};

/// The number of CORS headers a preflight from `origin` for `method` and `headers` is answered
/// with, or `None` when it is rejected.
pub fn preflight_headers(origin: &[u8], method: &[u8], headers: &[u8]) -> Option<usize> {
    let request = Request {
        method: b"OPTIONS",
        origins: &[origin],
        request_method: &[method],
        request_headers: &[headers],
        private_network: false,
    };
    match API.decide(&request) {
        Decision::Preflight(Preflight::Allowed(headers)) => Some(headers.iter().count()),
        _ => None,
    }
}
