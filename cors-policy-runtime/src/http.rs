//! Helpers over the `http` crate's types, for adapters: read a request, apply a decision.
//!
//! ```
//! use cors_policy_runtime::http::{apply, preflight_response};
//! use cors_policy_runtime::{Decision, Policy, RequestParts};
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

use http::header::Entry;
use http::header::{
    HeaderName, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD,
    ORIGIN, VARY,
};
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};

use crate::decision::{Headers, Preflight, Value};
use crate::request::RequestParts;
use crate::Vary;

impl<'a> RequestParts<'a> {
    /// Reads the CORS-relevant parts of an `http` request.
    pub fn new(method: &'a Method, headers: &'a HeaderMap) -> Self {
        RequestParts::read(method.as_str().as_bytes(), |name| {
            headers
                .get_all(request_header_name(name))
                .into_iter()
                .map(HeaderValue::as_bytes)
        })
    }
}

/// The headers to add to a handler's response, owned so that they can outlive the request
/// while the handler runs. Echoed values are clones of the request's `HeaderValue`s.
#[derive(Clone, Debug)]
pub struct PendingHeaders {
    items: [Option<(HeaderName, HeaderValue)>; 3],
    vary: crate::Vary,
}

impl PendingHeaders {
    /// Captures an actual (or non-CORS) decision's headers. Preflight headers are answered at
    /// once with [`preflight_response`] and never need this.
    pub fn new(headers: &Headers<'_>, request: &HeaderMap) -> Self {
        let mut items: [Option<(HeaderName, HeaderValue)>; 3] = Default::default();
        // An actual request's headers are ACAO, ACAC and ACEH: three at most.
        for (slot, (name, value)) in items.iter_mut().zip(headers.iter()) {
            *slot = Some((
                response_header_name(name),
                header_value(name, value, request),
            ));
        }
        PendingHeaders {
            items,
            vary: headers.vary(),
        }
    }

    /// Adds the headers to `response` without overwriting any the handler set, and appends the
    /// `Vary` names it does not list yet.
    pub fn apply(self, response: &mut HeaderMap) {
        for (name, value) in self.items.into_iter().flatten() {
            // One hash per header: insert only where the handler set nothing.
            if let Entry::Vacant(slot) = response.entry(name) {
                slot.insert(value);
            }
        }
        append_vary(self.vary, response);
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
            response.append(
                response_header_name(name),
                header_value(name, value, request),
            );
        }
    }
    append_vary(headers.vary(), response);
}

/// Appends the `Vary` names that `response` does not list yet.
pub fn append_vary(vary: Vary, response: &mut HeaderMap) {
    if vary.is_empty() {
        return;
    }
    match response.entry(VARY) {
        Entry::Vacant(slot) => {
            slot.insert(HeaderValue::from_static(vary.as_str().unwrap_or_default()));
        }
        Entry::Occupied(mut lines) => {
            let missing = lines
                .iter()
                .fold(vary, |left, line| left.without_listed(line.as_bytes()));
            if let Some(names) = missing.as_str() {
                lines.append(HeaderValue::from_static(names));
            }
        }
    }
}

/// The complete answer to a preflight: 204 with the CORS headers, or 403 with none.
pub fn preflight_response<B: Default>(
    preflight: &Preflight<'_>,
    request: &HeaderMap,
) -> Response<B> {
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

/// The `http` constant for a request header name the runtime reads: a constant hashes at once,
/// where a `&str` key is parsed again on every lookup.
fn request_header_name(name: &'static str) -> HeaderName {
    match name {
        "origin" => ORIGIN,
        "access-control-request-method" => ACCESS_CONTROL_REQUEST_METHOD,
        "access-control-request-headers" => ACCESS_CONTROL_REQUEST_HEADERS,
        other => HeaderName::from_static(other),
    }
}

/// The `http` constant for a response header name of [`crate::name`].
fn response_header_name(name: &'static str) -> HeaderName {
    match name {
        crate::name::ALLOW_ORIGIN => ACCESS_CONTROL_ALLOW_ORIGIN,
        crate::name::ALLOW_CREDENTIALS => http::header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        crate::name::EXPOSE_HEADERS => http::header::ACCESS_CONTROL_EXPOSE_HEADERS,
        crate::name::ALLOW_METHODS => ACCESS_CONTROL_ALLOW_METHODS,
        crate::name::ALLOW_HEADERS => ACCESS_CONTROL_ALLOW_HEADERS,
        crate::name::MAX_AGE => http::header::ACCESS_CONTROL_MAX_AGE,
        other => HeaderName::from_static(other),
    }
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
