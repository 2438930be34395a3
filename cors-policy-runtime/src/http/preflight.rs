//! The answer to a preflight: built fresh, or cloned from a [`PreflightTemplate`].

use http::header::{
    HeaderName, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderValue, Response, StatusCode};

use super::value::{self, ALLOW_PRIVATE_NETWORK, TRUE};
use crate::decision::{AllowHeadersValue, Headers, Preflight, Value};
use crate::header_list::has_names;
use crate::policy::{AllowedPreflight, AsPolicy, Policy};

/// The complete answer to a [`Policy::decide`](crate::Policy::decide) preflight decision on
/// `request`: 204 with the CORS headers, or 403 with none.
///
/// Echoed values are looked up in `request` again, and the map is built header by header;
/// adapters use [`CorsRequest::respond`](super::CorsRequest::respond) with a
/// [`PreflightTemplate`] instead.
pub fn preflight_response<B: Default>(
    preflight: &Preflight<'_>,
    request: &HeaderMap,
) -> Response<B> {
    let lines = Lines {
        origin: request.get(ORIGIN),
        method: request.get(ACCESS_CONTROL_REQUEST_METHOD),
        headers: request.get_all(ACCESS_CONTROL_REQUEST_HEADERS).iter(),
    };
    match preflight {
        Preflight::Allowed(headers) => PreflightAnswer::allowed(fresh(headers, lines)),
        Preflight::Rejected(_) => PreflightAnswer::forbidden(),
    }
    .into_response()
}

/// The request lines an allowed preflight's answer may echo.
pub(super) struct Lines<'r, I: Iterator<Item = &'r HeaderValue>> {
    pub(super) origin: Option<&'r HeaderValue>,
    pub(super) method: Option<&'r HeaderValue>,
    /// `Access-Control-Request-Headers`, in request order.
    pub(super) headers: I,
}

/// A fresh map with every header of an allowed preflight's answer, in order: the one place that
/// turns a decision into preflight headers (templates are built by it too).
pub(super) fn fresh<'r>(
    headers: &Headers<'_>,
    lines: Lines<'r, impl Iterator<Item = &'r HeaderValue>>,
) -> HeaderMap {
    // Nothing to preserve, so append by constant name. Not reserved: the first append
    // allocates room for six entries (eight slots), which is exactly the common preflight
    // (origin, credentials, methods, headers, max-age, `Vary`); `reserve` would round a larger
    // request up to sixteen slots.
    let mut map = HeaderMap::new();
    if let Some(allowed) = headers.allow_origin {
        map.append(
            ACCESS_CONTROL_ALLOW_ORIGIN,
            value::allow_origin(allowed, lines.origin),
        );
    }
    if headers.allow_credentials {
        map.append(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    if let Some(methods) = headers.allow_methods {
        map.append(
            ACCESS_CONTROL_ALLOW_METHODS,
            value::value(methods, lines.method),
        );
    }
    match headers.allow_headers {
        AllowHeadersValue::None => {}
        AllowHeadersValue::Listed(names) => {
            map.append(ACCESS_CONTROL_ALLOW_HEADERS, value::value(names, None));
        }
        AllowHeadersValue::Echo(echoed) => {
            // Line by line, in request order; lines with no name are not echoed.
            let mut sources = lines.headers;
            for line in echoed.iter().filter(|l| has_names(&[l])) {
                let source = sources.find(|v| core::ptr::eq(v.as_bytes(), *line));
                map.append(ACCESS_CONTROL_ALLOW_HEADERS, value::echo(source, line));
            }
        }
    }
    if let Some(secs) = headers.max_age {
        map.append(ACCESS_CONTROL_MAX_AGE, value::value(secs, None));
    }
    if headers.allow_private_network {
        map.append(ALLOW_PRIVATE_NETWORK, TRUE);
    }
    if !headers.vary.is_empty() {
        map.append(VARY, value::vary(headers.vary));
    }
    map
}

/// A preflight's answer, before it becomes a response of the adapter's body type: 204 with the
/// CORS headers, or 403 with none. (Kept as parts so that an adapter builds its response where
/// it sends it, instead of moving a whole response through its own future.)
#[derive(Debug)]
pub struct PreflightAnswer {
    status: StatusCode,
    headers: HeaderMap,
}

impl PreflightAnswer {
    /// 204 with `headers`.
    #[inline(always)]
    pub(super) fn allowed(headers: HeaderMap) -> Self {
        PreflightAnswer {
            status: StatusCode::NO_CONTENT,
            headers,
        }
    }

    /// A rejected preflight: 403 with no CORS headers (an empty map allocates nothing).
    #[inline(always)]
    pub(super) fn forbidden() -> Self {
        PreflightAnswer {
            status: StatusCode::FORBIDDEN,
            headers: HeaderMap::new(),
        }
    }

    /// 204 or 403.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The CORS headers (none for a 403).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The status and the headers.
    pub fn into_parts(self) -> (StatusCode, HeaderMap) {
        (self.status, self.headers)
    }

    /// The answer as a response with an empty body.
    #[inline]
    pub fn into_response<B: Default>(self) -> Response<B> {
        let mut response = Response::new(B::default());
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}

/// A policy's allowed-preflight answers, prepared once as header maps, so that answering one is
/// a clone of a map (two allocations and a copy) with the request's own values put in, instead
/// of a hash and a probe per header.
///
/// A template is built by the same function as a fresh answer, and only used for answers of its
/// exact shape (the same names in the same order: the shape depends on the policy, on whether
/// private network access was requested, and on how many requested-header lines are echoed), so
/// both give the same response. Other shapes (private network access, several echoed
/// `Access-Control-Request-Headers` lines) are answered fresh.
///
/// ```
/// use checked_cors::{cors_policy, Policy};
/// use checked_cors_runtime::http::{CorsRequest, PreflightTemplate, Respond};
/// use http::{HeaderMap, Method};
///
/// static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"], allow_methods: [PUT] };
/// let template = PreflightTemplate::new(&API); // once, e.g. when the layer is built
///
/// let mut headers = HeaderMap::new();
/// headers.insert("origin", "https://app.example.com".parse().unwrap());
/// headers.insert("access-control-request-method", "PUT".parse().unwrap());
/// let request = CorsRequest::new(&Method::OPTIONS, &headers);
/// let Respond::Answer(answer, None) = request.respond(&template) else { unreachable!() };
/// assert_eq!(answer.status(), 204);
/// assert_eq!(answer.headers()["access-control-allow-origin"], "https://app.example.com");
/// assert_eq!(answer.headers()["access-control-allow-methods"], "PUT");
/// ```
///
/// The template holds its policy (`P`): a `&'static Policy` for a compiled one, or an
/// [`OwnedPolicy`](crate::OwnedPolicy) it owns, so that a policy and its answers always travel
/// together.
#[derive(Debug)]
pub struct PreflightTemplate<P = &'static Policy> {
    policy: P,
    /// No echoed `Access-Control-Request-Headers` line.
    plain: HeaderMap,
    /// One echoed line (`allow_headers: *` only).
    one_echoed_line: Option<HeaderMap>,
    /// `allow_methods: *`: `Access-Control-Allow-Methods` is the request's.
    echoes_method: bool,
}

impl<P: AsPolicy> PreflightTemplate<P> {
    /// Prepares `policy`'s answers.
    pub fn new(policy: P) -> Self {
        const NONE: [&HeaderValue; 0] = [];
        let prepared = policy.as_policy();
        let build = |request_headers: &'static [&'static [u8]]| {
            let policy = prepared;
            // Placeholders for the request's own values, which every answer puts in.
            let headers =
                policy.allowed_preflight(Value::Static("*"), b"GET", request_headers, false);
            let lines = Lines {
                origin: None,
                method: None,
                headers: NONE.into_iter(),
            };
            fresh(&headers, lines)
        };
        let plain = build(&[]);
        let one_echoed_line = prepared.echoes_request_headers().then(|| build(&[b"x"]));
        let echoes_method = prepared.echoes_request_method();
        PreflightTemplate {
            policy,
            plain,
            one_echoed_line,
            echoes_method,
        }
    }

    /// The policy these answers are for.
    pub fn policy(&self) -> &Policy<P::Storage> {
        self.policy.as_policy()
    }

    /// The policy these answers are for, as held.
    pub fn holder(&self) -> &P {
        &self.policy
    }

    /// The headers of a preflight of this template's policy that passed every check.
    pub(super) fn allowed<'r, I: Iterator<Item = &'r HeaderValue>>(
        &self,
        allowed: AllowedPreflight<'_>,
        request_headers: &[&[u8]],
        private_network: bool,
        lines: impl Fn() -> Lines<'r, I>,
    ) -> HeaderMap {
        let policy = self.policy();
        // The template of this answer's shape, and the one requested-header line it echoes.
        let mut echoed = None;
        let template = match &self.one_echoed_line {
            _ if private_network => None,
            None => Some(&self.plain),
            Some(one) => match policy.allow_headers(request_headers) {
                AllowHeadersValue::Echo(lines) => {
                    let mut named = lines.iter().filter(|l| has_names(&[l]));
                    echoed = named.next().copied();
                    match named.next() {
                        None => Some(one),
                        Some(_) => None,
                    }
                }
                _ => Some(&self.plain),
            },
        };
        let Some(template) = template else {
            let headers = policy.allowed_preflight(
                allowed.allow_origin,
                allowed.method,
                request_headers,
                private_network,
            );
            return fresh(&headers, lines());
        };
        let mut map = template.clone();
        let Lines {
            origin,
            method,
            headers: mut header_lines,
        } = lines();
        // Only the request's own values differ from the template's.
        let value = value::allow_origin(allowed.allow_origin, origin);
        // `fresh` puts `Access-Control-Allow-Origin` first.
        match map.iter_mut().next() {
            Some((name, slot)) if *name == ACCESS_CONTROL_ALLOW_ORIGIN => *slot = value,
            _ => put(&mut map, ACCESS_CONTROL_ALLOW_ORIGIN, value),
        }
        if self.echoes_method {
            if let Some(methods) = policy.allow_methods(allowed.method) {
                let value = value::value(methods, method);
                put(&mut map, ACCESS_CONTROL_ALLOW_METHODS, value);
            }
        }
        if let Some(line) = echoed {
            let source = header_lines.find(|v| core::ptr::eq(v.as_bytes(), line));
            put(
                &mut map,
                ACCESS_CONTROL_ALLOW_HEADERS,
                value::echo(source, line),
            );
        }
        map
    }
}

/// Replaces the template's placeholder for `name`.
fn put(map: &mut HeaderMap, name: HeaderName, value: HeaderValue) {
    if let Some(slot) = map.get_mut(name) {
        *slot = value;
    }
}
