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
    HeaderName, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};

use crate::decision::{Headers, Preflight, Value};
use crate::request::RequestParts;
use crate::Vary;

impl<'a> RequestParts<'a> {
    /// Reads the CORS-relevant parts of an `http` request.
    pub fn new(method: &'a Method, headers: &'a HeaderMap) -> Self {
        Self::new_with_origin(method, headers).0
    }

    /// [`RequestParts::new`], also returning the first `Origin` value, so that echoing it
    /// ([`PendingHeaders::with_origin`]) needs no second lookup.
    pub fn new_with_origin(
        method: &'a Method,
        headers: &'a HeaderMap,
    ) -> (Self, Option<&'a HeaderValue>) {
        let origins = headers.get_all(ORIGIN);
        let parts = RequestParts::read(method.as_str().as_bytes(), |name| {
            match name {
                "origin" => origins.iter(),
                other => headers.get_all(request_header_name(other)).into_iter(),
            }
            .map(HeaderValue::as_bytes)
        });
        (parts, origins.iter().next())
    }
}

/// The headers to add to a handler's response, owned so that they can outlive the request
/// while the handler runs. The echoed origin is a clone of the request's `HeaderValue`.
///
/// An actual request only ever gets `Access-Control-Allow-Origin`, `-Allow-Credentials`,
/// `-Expose-Headers` and `Vary`, so those four are all this holds: small to move into a
/// response future, and applied with constant header names.
#[derive(Clone, Debug)]
pub struct PendingHeaders {
    allow_origin: Option<HeaderValue>,
    allow_credentials: bool,
    expose_headers: Option<&'static str>,
    vary: Vary,
}

impl PendingHeaders {
    /// Captures an actual (or non-CORS) decision's headers. Preflight headers are answered at
    /// once with [`preflight_response`] and never need this.
    pub fn new(headers: &Headers<'_>, request: &HeaderMap) -> Self {
        Self::with_origin(headers, request.get(ORIGIN))
    }

    /// [`PendingHeaders::new`] with the request's first `Origin` value already at hand (from
    /// [`RequestParts::new_with_origin`]): an echoed origin is a clone of it, which shares the
    /// buffer of a server-parsed request.
    pub fn with_origin(headers: &Headers<'_>, origin: Option<&HeaderValue>) -> Self {
        PendingHeaders {
            allow_origin: headers.allow_origin().map(|value| match (value, origin) {
                (Value::Static(s), _) => HeaderValue::from_static(s),
                (Value::Echo(bytes), Some(o)) if core::ptr::eq(o.as_bytes(), bytes) => o.clone(),
                // Only when the decision was not made from this request's headers: copy.
                (Value::Echo(bytes), _) => {
                    HeaderValue::from_bytes(bytes).unwrap_or(HeaderValue::from_static(""))
                }
            }),
            allow_credentials: headers.allow_credentials(),
            expose_headers: headers.expose_headers(),
            vary: headers.vary(),
        }
    }

    /// Adds the headers to `response` without overwriting any the handler set, and appends the
    /// `Vary` names it does not list yet.
    pub fn apply(self, response: &mut HeaderMap) {
        // One hash per header: insert only where the handler set nothing.
        if let Some(value) = self.allow_origin {
            if let Entry::Vacant(slot) = response.entry(ACCESS_CONTROL_ALLOW_ORIGIN) {
                slot.insert(value);
            }
        }
        if self.allow_credentials {
            if let Entry::Vacant(slot) = response.entry(ACCESS_CONTROL_ALLOW_CREDENTIALS) {
                slot.insert(TRUE);
            }
        }
        if let Some(names) = self.expose_headers {
            if let Entry::Vacant(slot) = response.entry(ACCESS_CONTROL_EXPOSE_HEADERS) {
                slot.insert(HeaderValue::from_static(names));
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
        let key = response_header_name(name);
        // Repeated names (echoed header lines) follow the first one's fate.
        let keep = match previous {
            Some((prev, keep)) if prev == name => keep,
            _ => !response.contains_key(&key),
        };
        previous = Some((name, keep));
        if keep {
            response.append(key, header_value(name, value, request));
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
            slot.insert(vary_value(vary));
        }
        Entry::Occupied(mut lines) => {
            let missing = lines
                .iter()
                .fold(vary, |left, line| left.without_listed(line.as_bytes()));
            if !missing.is_empty() {
                lines.append(vary_value(missing));
            }
        }
    }
}

/// `HeaderValue::from_static` checks every byte when called at run time; these are checked
/// once, at compile time.
const TRUE: HeaderValue = HeaderValue::from_static("true");

fn vary_value(vary: Vary) -> HeaderValue {
    macro_rules! value {
        ($bits:literal) => {
            const { HeaderValue::from_static(vary_str($bits)) }
        };
    }
    const fn vary_str(bits: u8) -> &'static str {
        match Vary::from_bits(bits).as_str() {
            Some(names) => names,
            None => "",
        }
    }
    match vary.bits() {
        1 => value!(1),
        2 => value!(2),
        3 => value!(3),
        4 => value!(4),
        5 => value!(5),
        6 => value!(6),
        7 => value!(7),
        _ => value!(0),
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
            // A fresh map: no header to preserve, so append by constant name, sized once.
            let mut map = HeaderMap::with_capacity(8);
            for (name, value) in headers.iter() {
                map.append(
                    response_header_name(name),
                    header_value(name, value, request),
                );
            }
            if !headers.vary().is_empty() {
                map.insert(VARY, vary_value(headers.vary()));
            }
            *response.headers_mut() = map;
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
        crate::name::ALLOW_CREDENTIALS => ACCESS_CONTROL_ALLOW_CREDENTIALS,
        crate::name::EXPOSE_HEADERS => ACCESS_CONTROL_EXPOSE_HEADERS,
        crate::name::ALLOW_METHODS => ACCESS_CONTROL_ALLOW_METHODS,
        crate::name::ALLOW_HEADERS => ACCESS_CONTROL_ALLOW_HEADERS,
        crate::name::MAX_AGE => http::header::ACCESS_CONTROL_MAX_AGE,
        other => HeaderName::from_static(other),
    }
}

/// A `HeaderValue` for `value`: static values without copying, echoed ones cloned from the
/// request header they were read from.
fn header_value(name: &str, value: Value<'_>, request: &HeaderMap) -> HeaderValue {
    match value {
        Value::Static(s) => HeaderValue::from_static(s),
        Value::Echo(bytes) => {
            let source = match name {
                crate::name::ALLOW_ORIGIN => &ORIGIN,
                crate::name::ALLOW_METHODS => &ACCESS_CONTROL_REQUEST_METHOD,
                _ => &ACCESS_CONTROL_REQUEST_HEADERS,
            };
            echo(request, source, bytes)
        }
    }
}

/// The request's own value whose bytes these are (found by address, so the right line of
/// several): cloning it shares the buffer of a server-parsed request instead of copying.
fn echo(request: &HeaderMap, source: &HeaderName, bytes: &[u8]) -> HeaderValue {
    request
        .get_all(source)
        .iter()
        .find(|v| core::ptr::eq(v.as_bytes(), bytes))
        .cloned()
        // Only when the request pieces did not come from `request`: copy.
        .or_else(|| HeaderValue::from_bytes(bytes).ok())
        .unwrap_or_else(|| HeaderValue::from_static(""))
}
