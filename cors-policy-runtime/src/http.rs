//! Helpers over the `http` crate's types, for adapters: read a request, apply a decision.
//!
//! ```
//! use cors_policy_runtime::http::CorsRequest;
//! use cors_policy_runtime::{Decision, Policy};
//! use http::{HeaderMap, Method, Response};
//!
//! fn handle(policy: &Policy, method: &Method, request: &HeaderMap) -> Response<()> {
//!     let cors = CorsRequest::new(method, request);
//!     match policy.decide(&cors.request()) {
//!         Decision::Preflight(preflight) => cors.preflight_response(&preflight),
//!         Decision::Actual(headers) | Decision::NotCors(headers) => {
//!             let pending = cors.pending(&headers); // owned: can outlive the request
//!             let mut response = Response::new(()); // the handler's response
//!             pending.apply(response.headers_mut());
//!             response
//!         }
//!     }
//! }
//! ```
//!
//! [`CorsRequest`] looks each CORS header up once and keeps the lines it found: echoed values
//! (the origin, the requested method and header lines) are clones of the request's own
//! `HeaderValue`s, which for a server-parsed request share its buffer instead of copying. The
//! policy's own values become `HeaderValue`s without a per-request byte check (the macro checked
//! them). [`apply`] and [`preflight_response`] do the same from a bare `HeaderMap`, at the cost
//! of looking the echoed lines up again.

use bytes::Bytes;
use http::header::{
    Entry, GetAll, HeaderName, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN,
    VARY,
};
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};

use crate::decision::{AllowHeadersValue, Decision, Headers, Preflight, Value};
use crate::header_list::has_names;
use crate::policy::Policy;
use crate::request::{Request, RequestParts};
use crate::Vary;

/// The CORS-relevant lines of an `http` request, read with one lookup per header name and kept,
/// so that answering needs no second lookup: echoed values are clones of these lines.
///
/// ```
/// use cors_policy::{cors_policy, Decision, Policy};
/// use cors_policy_runtime::http::CorsRequest;
/// use http::{HeaderMap, Method, Response};
///
/// static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"], allow_methods: [PUT] };
///
/// let mut headers = HeaderMap::new();
/// headers.insert("origin", "https://app.example.com".parse().unwrap());
/// headers.insert("access-control-request-method", "PUT".parse().unwrap());
/// let request = CorsRequest::new(&Method::OPTIONS, &headers);
/// let Decision::Preflight(preflight) = API.decide(&request.request()) else { unreachable!() };
/// let response: Response<()> = request.preflight_response(&preflight);
/// assert_eq!(response.status(), 204);
/// assert_eq!(response.headers()["access-control-allow-origin"], "https://app.example.com");
/// ```
#[derive(Debug)]
pub struct CorsRequest<'a> {
    parts: RequestParts<'a>,
    origin: Option<&'a HeaderValue>,
    /// Only read for a possible preflight (`OPTIONS` with `Origin`).
    preflight: Option<(GetAll<'a, HeaderValue>, GetAll<'a, HeaderValue>)>,
}

/// `Access-Control-Request-Private-Network`, built once.
const REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static(crate::request::REQUEST_PRIVATE_NETWORK);

impl<'a> CorsRequest<'a> {
    /// Reads `Origin` and, for `OPTIONS` only, the `Access-Control-Request-*` headers.
    #[inline(always)]
    pub fn new(method: &'a Method, headers: &'a HeaderMap) -> Self {
        let origins = headers.get_all(ORIGIN);
        let mut preflight = None;
        let parts = RequestParts::from_lines(
            method.as_str().as_bytes(),
            origins.iter().map(HeaderValue::as_bytes),
            || {
                let lines = (
                    headers.get_all(ACCESS_CONTROL_REQUEST_METHOD),
                    headers.get_all(ACCESS_CONTROL_REQUEST_HEADERS),
                );
                let private_network = headers
                    .get(REQUEST_PRIVATE_NETWORK)
                    .is_some_and(|v| v == "true");
                let (methods, names) = preflight.insert(lines);
                (
                    methods.iter().map(HeaderValue::as_bytes),
                    names.iter().map(HeaderValue::as_bytes),
                    private_network,
                )
            },
        );
        CorsRequest {
            parts,
            origin: origins.iter().next(),
            preflight,
        }
    }

    /// The borrowed request for [`Policy::decide`](crate::Policy::decide).
    pub fn request(&self) -> Request<'_> {
        self.parts.request()
    }

    /// [`Policy::decide`] for this request, with an actual request's headers captured at once:
    /// the adapters' hot path, which never builds a full [`Decision`] for a request that cannot
    /// be a preflight.
    ///
    /// ```
    /// use cors_policy::{cors_policy, Policy};
    /// use cors_policy_runtime::http::{CorsRequest, Outcome};
    /// use http::{HeaderMap, Method};
    ///
    /// static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"] };
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("origin", "https://app.example.com".parse().unwrap());
    /// let Outcome::Forward(pending) = CorsRequest::new(&Method::GET, &headers).outcome(&API) else {
    ///     unreachable!("a GET is never a preflight")
    /// };
    /// let mut response = HeaderMap::new();
    /// pending.apply(&mut response);
    /// assert_eq!(response["access-control-allow-origin"], "https://app.example.com");
    /// ```
    #[inline]
    pub fn outcome(&self, policy: &Policy) -> Outcome<'_> {
        if !self.parts.may_be_preflight() {
            let headers = match self.request().origins {
                [] => policy.not_cors(),
                [origin] => policy.actual(Some(origin)),
                [..] => policy.actual(None),
            };
            return Outcome::Forward(self.pending(&headers));
        }
        match policy.decide(&self.request()) {
            Decision::Preflight(preflight) => Outcome::Preflight(preflight),
            Decision::Actual(headers) | Decision::NotCors(headers) => {
                Outcome::Forward(self.pending(&headers))
            }
        }
    }

    /// The headers an actual (or non-CORS) decision adds to the handler's response.
    pub fn pending(&self, headers: &Headers<'_>) -> PendingHeaders {
        PendingHeaders::with_origin(headers, self.origin)
    }

    /// The complete answer to a preflight: 204 with the CORS headers, or 403 with none.
    pub fn preflight_response<B: Default>(&self, preflight: &Preflight<'_>) -> Response<B> {
        let (methods, names) = match &self.preflight {
            Some((methods, names)) => (methods.iter().next(), Some(names)),
            None => (None, None),
        };
        answer(
            preflight,
            self.origin,
            methods,
            names.into_iter().flat_map(GetAll::iter),
        )
    }
}

/// What [`CorsRequest::outcome`] decided.
#[derive(Debug)]
pub enum Outcome<'a> {
    /// Run the handler, then [`PendingHeaders::apply`] these to its response (actual and
    /// non-CORS requests).
    Forward(PendingHeaders),
    /// Answer with [`CorsRequest::preflight_response`]; the handler must not run.
    Preflight(Preflight<'a>),
}

impl<'a> RequestParts<'a> {
    /// Reads the CORS-relevant parts of an `http` request.
    pub fn new(method: &'a Method, headers: &'a HeaderMap) -> Self {
        CorsRequest::new(method, headers).parts
    }

    /// [`RequestParts::new`], also returning the first `Origin` value, so that echoing it
    /// ([`PendingHeaders::with_origin`]) needs no second lookup. [`CorsRequest`] keeps the
    /// other echoed lines too.
    pub fn new_with_origin(
        method: &'a Method,
        headers: &'a HeaderMap,
    ) -> (Self, Option<&'a HeaderValue>) {
        let request = CorsRequest::new(method, headers);
        (request.parts, request.origin)
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
            allow_origin: headers.allow_origin().map(|value| match value {
                Value::Static(s) => fixed(s),
                Value::Echo(bytes) => echo(origin, bytes),
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
                slot.insert(fixed(names));
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
///
/// Echoed values are looked up in `request` again; [`CorsRequest::preflight_response`] keeps
/// them from the first read instead.
pub fn preflight_response<B: Default>(
    preflight: &Preflight<'_>,
    request: &HeaderMap,
) -> Response<B> {
    answer(
        preflight,
        request.get(ORIGIN),
        request.get(ACCESS_CONTROL_REQUEST_METHOD),
        request.get_all(ACCESS_CONTROL_REQUEST_HEADERS).iter(),
    )
}

/// A preflight's response, with echoed values cloned from the request lines given.
fn answer<'r, B: Default>(
    preflight: &Preflight<'_>,
    origin: Option<&HeaderValue>,
    method: Option<&HeaderValue>,
    header_lines: impl Iterator<Item = &'r HeaderValue>,
) -> Response<B> {
    let mut response = Response::new(B::default());
    let headers = match preflight {
        Preflight::Allowed(headers) => headers,
        Preflight::Rejected(_) => {
            *response.status_mut() = StatusCode::FORBIDDEN;
            return response;
        }
    };
    *response.status_mut() = StatusCode::NO_CONTENT;
    // A fresh map: nothing to preserve, so append by constant name. Not reserved: the first
    // append allocates room for six entries (eight slots), which is exactly the common preflight
    // (origin, credentials, methods, headers, max-age, `Vary`); `reserve` would round a
    // larger request up to sixteen slots.
    let map = response.headers_mut();
    let value = |value: Value<'_>, line: Option<&HeaderValue>| match value {
        Value::Static(s) => fixed(s),
        Value::Echo(bytes) => echo(line, bytes),
    };
    if let Some(origin_value) = headers.allow_origin {
        map.append(ACCESS_CONTROL_ALLOW_ORIGIN, value(origin_value, origin));
    }
    if headers.allow_credentials {
        map.append(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    if let Some(methods) = headers.allow_methods {
        map.append(ACCESS_CONTROL_ALLOW_METHODS, value(methods, method));
    }
    match headers.allow_headers {
        AllowHeadersValue::None => {}
        AllowHeadersValue::Static(names) => {
            map.append(ACCESS_CONTROL_ALLOW_HEADERS, fixed(names));
        }
        AllowHeadersValue::Echo(lines) => {
            // Line by line, in request order; lines with no name are not echoed.
            let mut header_lines = header_lines;
            for line in lines.iter().filter(|l| has_names(&[l])) {
                let source = header_lines.find(|v| core::ptr::eq(v.as_bytes(), *line));
                map.append(ACCESS_CONTROL_ALLOW_HEADERS, echo(source, line));
            }
        }
    }
    if let Some(secs) = headers.max_age {
        map.append(ACCESS_CONTROL_MAX_AGE, fixed(secs));
    }
    if headers.allow_private_network {
        map.append(ALLOW_PRIVATE_NETWORK, TRUE);
    }
    if !headers.vary().is_empty() {
        map.append(VARY, vary_value(headers.vary()));
    }
    response
}

/// `Access-Control-Allow-Private-Network`, built once.
const ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static(crate::name::ALLOW_PRIVATE_NETWORK);

/// A `HeaderValue` for a string of the policy (or of this crate) without re-checking its
/// bytes: `HeaderValue::from_static` scans every byte when called at run time, on every request.
#[inline(always)]
fn fixed(s: &'static str) -> HeaderValue {
    // SAFETY: every `&'static str` a `Headers` can hold is a literal of this crate or a value of
    // a `Policy`, and `Policy::__new` asserts (in const context) that those are valid header
    // values: visible ASCII, space or tab. Debug builds of `http` check again.
    unsafe { HeaderValue::from_maybe_shared_unchecked(Bytes::from_static(s.as_bytes())) }
}

/// The request line whose bytes these are (same address): cloning it shares the buffer of a
/// server-parsed request instead of copying.
fn echo(line: Option<&HeaderValue>, bytes: &[u8]) -> HeaderValue {
    match line {
        Some(line) if core::ptr::eq(line.as_bytes(), bytes) => line.clone(),
        // Only when the decision was not made from these lines: copy.
        _ => HeaderValue::from_bytes(bytes).unwrap_or_else(|_| HeaderValue::from_static("")),
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
        crate::name::MAX_AGE => ACCESS_CONTROL_MAX_AGE,
        crate::name::ALLOW_PRIVATE_NETWORK => ALLOW_PRIVATE_NETWORK,
        other => HeaderName::from_static(other),
    }
}

/// A `HeaderValue` for `value` in the generic [`apply`]: static values without checking,
/// echoed ones cloned from the request line they were read from.
fn header_value(name: &str, value: Value<'_>, request: &HeaderMap) -> HeaderValue {
    match value {
        Value::Static(s) => fixed(s),
        Value::Echo(bytes) => {
            let source = match name {
                crate::name::ALLOW_ORIGIN => &ORIGIN,
                crate::name::ALLOW_METHODS => &ACCESS_CONTROL_REQUEST_METHOD,
                _ => &ACCESS_CONTROL_REQUEST_HEADERS,
            };
            let line = request
                .get_all(source)
                .iter()
                .find(|v| core::ptr::eq(v.as_bytes(), bytes));
            echo(line, bytes)
        }
    }
}
