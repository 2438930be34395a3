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

#[cfg(any(feature = "alloc", feature = "rules"))]
extern crate alloc;
#[cfg(feature = "build")]
extern crate std;

mod decision;
mod escape;
mod hash;
mod header_list;
mod limits;
mod method;
mod origin;
mod policy;
mod rejection;
mod request;
mod storage;
mod table;
mod token;

#[cfg(feature = "build")]
pub mod build;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "rules")]
pub mod rules;

pub use decision::{name, Decision, Headers, Preflight, Value, ValueSource, Vary};
pub use escape::Escaped;
pub use limits::{
    MAX_BYTES as MAX_REQUEST_HEADERS_BYTES, MAX_ELEMENTS as MAX_REQUEST_HEADERS,
    MAX_LINES as MAX_REQUEST_HEADERS_LINES,
};
pub use policy::{AsPolicy, Policy};
pub use rejection::Rejection;
pub use request::{Request, RequestParts, REQUEST_PRIVATE_NETWORK};
#[cfg(feature = "alloc")]
pub use storage::Owned;
pub use storage::{SharedStr, Static, Storage};

/// A policy built at run time (from configuration) under the same rules as a compiled one, and
/// decided by the same code.
#[cfg(feature = "alloc")]
pub type OwnedPolicy = Policy<Owned>;

/// What the `cors_policy!` macro expands to. Not a stable API.
#[doc(hidden)]
pub mod __private {
    /// The tables' key compare, for the solver benchmark's lookups of other layouts.
    pub use crate::hash::equal;
    pub use crate::hash::{hash_word, Window};
    pub use crate::origin::PortMatch;
    pub use crate::table::Layout;

    use crate::storage::Static;
    /// `AllowHeaders` of a compiled policy.
    pub type AllowHeaders = crate::header_list::AllowHeaders<Static>;
    /// `AllowMethods` of a compiled policy.
    pub type AllowMethods = crate::method::AllowMethods<Static>;
    /// `AllowOrigins` of a compiled policy.
    pub type AllowOrigins = crate::policy::AllowOrigins<Static>;
    /// `Origins` of a compiled policy.
    pub type Origins = crate::origin::Origins<Static>;
    /// `SchemePort` of a compiled policy.
    pub type SchemePort = crate::origin::SchemePort<Static>;
    /// `Table` of a compiled policy.
    pub type Table<V> = crate::table::Table<Static, V>;
}
