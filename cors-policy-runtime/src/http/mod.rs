//! Helpers over the `http` crate's types, for adapters: read a request, answer a preflight,
//! add an actual request's headers to the handler's response.
//!
//! An adapter's whole per-request work:
//!
//! ```
//! use checked_cors::{cors_policy, Policy};
//! use checked_cors_runtime::http::{CorsRequest, PreflightTemplate, Respond};
//! use http::{HeaderMap, Method, Response};
//!
//! static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"], allow_methods: [PUT] };
//!
//! fn handle(template: &PreflightTemplate, method: &Method, request: &HeaderMap) -> Response<()> {
//!     match CorsRequest::new(method, request).respond(template) {
//!         Respond::Answer(preflight_answer, _rejection) => preflight_answer.into_response(),
//!         Respond::Forward(pending) => {
//!             // owned: can outlive the request while the handler runs
//!             let mut response = Response::new(()); // the handler's response
//!             pending.apply(response.headers_mut());
//!             response
//!         }
//!     }
//! }
//!
//! let template = PreflightTemplate::new(&API); // once per policy
//! let mut request = HeaderMap::new();
//! request.insert("origin", "https://app.example.com".parse().unwrap());
//! let response = handle(&template, &Method::GET, &request);
//! assert_eq!(response.headers()["access-control-allow-origin"], "https://app.example.com");
//! assert_eq!(response.headers()["vary"], "Origin");
//! ```
//!
//! - [`CorsRequest`] looks `Origin` up once; an `OPTIONS` request (a possible preflight) reads
//!   `Origin` and the `Access-Control-Request-*` lines in one pass over a browser-sized request.
//! - A listed origin is sent as the policy's own `&'static` copy; echoed values (an origin
//!   matched by a pattern, requested header lines) are clones of the request's own
//!   `HeaderValue`s, which for a server-parsed request share its buffer instead of copying.
//! - The policy's joined values become `HeaderValue`s without a per-request byte check (the
//!   macro checked them, and `Policy` asserts it in const context).
//! - [`PreflightTemplate`] prepares a policy's preflight answers as header maps, so answering
//!   one is a map clone, not a hash per header. The answer comes as a [`PreflightAnswer`]
//!   (status and headers) that the adapter turns into its response where it sends it.
//! - [`PendingHeaders`] owns something only when it echoes an origin matched by a pattern;
//!   [`PendingHeaders::into_fixed`] gives every other case of a compiled policy as `Copy`
//!   [`FixedHeaders`], which a response future can hold with nothing to drop while the inner
//!   service is called. A run-time policy's strings are borrowed from it until
//!   [`SharedHeaders::into_owned`] shares them (a reference count each), which an adapter can
//!   do after that call ([`PendingHeaders::into_shared`]).
//! - [`PendingHeaders::apply`] reads the handler's names once and appends ours, never
//!   overwriting a header the handler set.
//! - [`apply`] and [`preflight_response`] do the same from a bare `HeaderMap` and a
//!   [`Decision`](crate::Decision), at the cost of looking the echoed lines up again.

mod pending;
mod preflight;
mod request;
mod value;

pub use pending::{append_vary, apply, FixedHeaders, OwnedHeaders, PendingHeaders, SharedHeaders};
pub use preflight::{preflight_response, PreflightAnswer, PreflightTemplate};
pub use request::{CorsRequest, Respond};
