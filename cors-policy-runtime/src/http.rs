//! Helpers over the `http` crate's types, for adapters: read a request, apply a decision.
//!
//! ```
//! use cors_policy_runtime::http::{apply, preflight_response, RequestParts};
//! use cors_policy_runtime::{Decision, Policy};
//! use http::{HeaderMap, Method, Response};
//!
//! fn handle(policy: &Policy, method: &Method, request: &HeaderMap) -> Response<()> {
//!     let parts = RequestParts::new(method, request);
//!     match policy.decide(&parts.request()) {
//!         Decision::Preflight(preflight) => preflight_response(&preflight, request),
//!         Decision::Actual(headers) | Decision::NotCors(headers) => {
//!             let mut response = Response::new(()); // the handler's response
//!             apply(&headers, request, response.headers_mut());
//!             response
//!         }
//!     }
//! }
//! ```
//!
//! Echoed values (the origin, the requested method and header lines) are cloned from the
//! request's own `HeaderValue`s, which for a server-parsed request shares its buffer instead
//! of copying.

use http::header::{
    HeaderName, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};

use crate::decision::{Headers, Preflight, Value};
use crate::header_list::MAX_LINES;
use crate::request::Request;

/// `Access-Control-Request-Private-Network`, which `http` does not name.
pub const ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK: &str = "access-control-request-private-network";

/// The pieces of an `http` request that CORS reads, collected on the stack.
///
/// At most two `Origin` and `Access-Control-Request-Method` lines and `MAX_LINES + 1`
/// `Access-Control-Request-Headers` lines are kept: enough for the decision to see "several"
/// or "too many", and a bound on the work an attacker can cause.
#[derive(Debug)]
pub struct RequestParts<'a> {
    method: &'a [u8],
    origins: Lines<'a, 2>,
    request_method: Lines<'a, 2>,
    request_headers: Lines<'a, { MAX_LINES + 1 }>,
    private_network: bool,
}

#[derive(Debug)]
struct Lines<'a, const N: usize> {
    items: [&'a [u8]; N],
    len: usize,
}

impl<'a, const N: usize> Lines<'a, N> {
    fn read(headers: &'a HeaderMap, name: &HeaderName) -> Self {
        let mut items = [&[][..]; N];
        let mut len = 0;
        for (slot, value) in items.iter_mut().zip(headers.get_all(name)) {
            *slot = value.as_bytes();
            len += 1;
        }
        Lines { items, len }
    }
    fn as_slice(&self) -> &[&'a [u8]] {
        &self.items[..self.len]
    }
}

impl<'a> RequestParts<'a> {
    /// Reads the CORS-relevant parts of a request.
    pub fn new(method: &'a Method, headers: &'a HeaderMap) -> Self {
        RequestParts {
            method: method.as_str().as_bytes(),
            origins: Lines::read(headers, &ORIGIN),
            request_method: Lines::read(headers, &ACCESS_CONTROL_REQUEST_METHOD),
            request_headers: Lines::read(headers, &ACCESS_CONTROL_REQUEST_HEADERS),
            private_network: headers
                .get(ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK)
                .is_some_and(|v| v.as_bytes() == b"true"),
        }
    }

    /// The borrowed request for [`Policy::decide`](crate::Policy::decide).
    pub fn request(&self) -> Request<'_> {
        Request {
            method: self.method,
            origins: self.origins.as_slice(),
            request_method: self.request_method.as_slice(),
            request_headers: self.request_headers.as_slice(),
            private_network: self.private_network,
        }
    }
}

/// Adds a decision's headers to a handler's response (actual and non-CORS requests).
///
/// Never overwrites a header the handler set, and appends to `Vary` only the names it does not
/// already list, so stacked layers never duplicate an entry.
pub fn apply(headers: &Headers<'_>, request: &HeaderMap, response: &mut HeaderMap) {
    let mut previous: Option<(&str, bool)> = None;
    for (name, value) in headers.iter() {
        // Repeated names (echoed header lines) follow the first one's fate.
        let keep = match previous {
            Some((prev, keep)) if prev == name => keep,
            _ => !response.contains_key(name),
        };
        previous = Some((name, keep));
        if keep {
            response.append(HeaderName::from_static(name), header_value(name, value, request));
        }
    }
    append_vary(headers, response);
}

/// Appends the decision's `Vary` names that `response` does not list yet.
pub fn append_vary(headers: &Headers<'_>, response: &mut HeaderMap) {
    let mut vary = headers.vary();
    for line in response.get_all(VARY) {
        vary = vary.without_listed(line.as_bytes());
    }
    if let Some(names) = vary.as_str() {
        response.append(VARY, HeaderValue::from_static(names));
    }
}

/// The complete answer to a preflight: 204 with the CORS headers, or 403 with none.
pub fn preflight_response<B: Default>(preflight: &Preflight<'_>, request: &HeaderMap) -> Response<B> {
    let mut response = Response::new(B::default());
    match preflight {
        Preflight::Allowed(headers) => {
            *response.status_mut() = StatusCode::NO_CONTENT;
            apply(headers, request, response.headers_mut());
        }
        Preflight::Rejected(_) => *response.status_mut() = StatusCode::FORBIDDEN,
    }
    response
}

/// A `HeaderValue` for `value`: static values without copying, echoed ones cloned from the
/// request header they were read from (found by address, so the right line of several).
fn header_value(name: &str, value: Value<'_>, request: &HeaderMap) -> HeaderValue {
    match value {
        Value::Static(s) => HeaderValue::from_static(s),
        Value::Echo(bytes) => {
            let source = match name {
                n if n == ACCESS_CONTROL_ALLOW_ORIGIN => Some(ORIGIN),
                n if n == ACCESS_CONTROL_ALLOW_METHODS => Some(ACCESS_CONTROL_REQUEST_METHOD),
                n if n == ACCESS_CONTROL_ALLOW_HEADERS => Some(ACCESS_CONTROL_REQUEST_HEADERS),
                _ => None,
            };
            source
                .and_then(|source| {
                    request
                        .get_all(source)
                        .iter()
                        .find(|v| core::ptr::eq(v.as_bytes(), bytes))
                        .cloned()
                })
                // Only reached when the request pieces did not come from `request`: copy.
                .or_else(|| HeaderValue::from_bytes(bytes).ok())
                .unwrap_or_else(|| HeaderValue::from_static(""))
        }
    }
}
