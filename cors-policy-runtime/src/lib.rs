//! The per-request engine of [`checked-cors`](https://docs.rs/checked-cors).
//!
//! A [`Policy`] is const data emitted by the `cors_policy!` macro: perfect-hash tables of
//! origins and header names, and response header values joined at compile time. [`Policy::decide`]
//! takes the borrowed pieces of a request ([`Request`]) and returns a [`Decision`] without
//! touching the heap. The crate is `#![no_std]` and depends on no web framework; the `http`
//! feature adds helpers over `http::HeaderMap` for adapters. An adapter for another HTTP library
//! turns the decision's [`Value`]s into its header values as [`Value::source`] and
//! [`Value::allow_origin_source`] say ([`ValueSource`]), so that every adapter skips the
//! header-value check under the same rule.
//!
//! Semantics follow the WHATWG Fetch standard's CORS protocol:
//! - no `Origin`: not a CORS request ([`Decision::NotCors`]);
//! - `OPTIONS` with `Origin` and `Access-Control-Request-Method`: a preflight, answered 204 or
//!   403 ([`Decision::Preflight`]);
//! - anything else with `Origin`: an actual request, which always reaches the handler
//!   ([`Decision::Actual`]); CORS only adds or withholds headers.
#![no_std]
#![deny(missing_docs)]

#[cfg(feature = "rules")]
extern crate alloc;

mod decision;
mod hash;
mod header_list;
mod method;
mod origin;
mod policy;
mod request;
mod table;
mod token;

#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "rules")]
pub mod rules;

pub use decision::{
    name, Decision, Escaped, Headers, Preflight, Rejection, Value, ValueSource, Vary,
};
pub use header_list::{
    MAX_BYTES as MAX_REQUEST_HEADERS_BYTES, MAX_ELEMENTS as MAX_REQUEST_HEADERS,
    MAX_LINES as MAX_REQUEST_HEADERS_LINES,
};
pub use policy::Policy;
pub use request::{Request, RequestParts, REQUEST_PRIVATE_NETWORK};

/// What the `cors_policy!` macro expands to. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::hash::{displace, hash_word, slot_word, Window};
    pub use crate::header_list::AllowHeaders;
    pub use crate::method::AllowMethods;
    pub use crate::origin::{Origins, PortMatch, SchemePort};
    pub use crate::policy::AllowOrigins;
    pub use crate::table::Table;
}
