//! Reading an `http` request: `Origin` for every request, the preflight headers only for an
//! `OPTIONS` with an `Origin`.

use http::header::{
    ValueIter, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN,
};
use http::{HeaderMap, HeaderValue, Method};

use super::pending::PendingHeaders;
use super::preflight::{fresh, Lines as EchoLines, PreflightAnswer, PreflightTemplate};
use super::value::REQUEST_PRIVATE_NETWORK;
use crate::limits::MAX_LINES;
use crate::policy::{AsPolicy, Policy};
use crate::rejection::Rejection;
use crate::request::{Lines, Request, RequestParts};
use crate::storage::Storage;

/// A request as CORS sees it, read from its `http` method and headers: the adapters' entry
/// point, with [`CorsRequest::respond`].
///
/// Building one looks up `Origin` only; the `Access-Control-Request-*` headers are read only for
/// an `OPTIONS` request with an `Origin`, the one kind that may be a preflight.
///
/// ```
/// use checked_cors::{cors_policy, Policy};
/// use checked_cors_runtime::http::{CorsRequest, PreflightTemplate, Respond};
/// use http::{HeaderMap, Method, Response};
///
/// static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"], allow_methods: [PUT] };
/// let template = PreflightTemplate::new(&API);
///
/// let mut headers = HeaderMap::new();
/// headers.insert("origin", "https://app.example.com".parse().unwrap());
/// headers.insert("access-control-request-method", "DELETE".parse().unwrap());
/// let Respond::Answer(answer, Some(reason)) = CorsRequest::new(&Method::OPTIONS, &headers).respond(&template) else {
///     unreachable!("DELETE is not allowed")
/// };
/// assert_eq!(answer.status(), 403);
/// assert_eq!(reason.to_string(), "requested method `DELETE` is not allowed");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct CorsRequest<'a> {
    headers: &'a HeaderMap,
    origin: Option<&'a HeaderValue>,
    several_origins: bool,
    /// An `OPTIONS` request with an `Origin`: its `Access-Control-Request-*` lines.
    preflight: Option<PreflightRead<'a>>,
}

impl<'a> CorsRequest<'a> {
    /// Reads `Origin`: one lookup. An `OPTIONS` request (a possible preflight) also reads the
    /// `Access-Control-Request-*` lines, in the same pass over a browser-sized request.
    #[inline(always)]
    pub fn new(method: &Method, headers: &'a HeaderMap) -> Self {
        if *method == Method::OPTIONS {
            return Self::options(headers);
        }
        let mut origins = headers.get_all(ORIGIN).into_iter();
        let origin = origins.next();
        CorsRequest {
            headers,
            origin,
            several_origins: origin.is_some() && origins.next().is_some(),
            preflight: None,
        }
    }

    /// [`CorsRequest::new`] for an `OPTIONS` request.
    #[inline]
    fn options(headers: &'a HeaderMap) -> Self {
        let (origin, several_origins, read) = PreflightRead::read(headers);
        CorsRequest {
            headers,
            origin,
            several_origins,
            preflight: origin.is_some().then_some(read),
        }
    }

    /// What an adapter does with this request under `template`'s policy: forward it with the
    /// headers to add to the handler's response, or send the preflight answer at once (from the
    /// template's prepared maps). An adapter's whole per-request work is this call and
    /// [`PendingHeaders::apply`].
    #[inline]
    pub fn respond<'t, 'p: 't, P: AsPolicy>(
        &self,
        template: &'p PreflightTemplate<P>,
    ) -> Respond<'t, 'p>
    where
        'a: 't,
    {
        self.respond_explaining(template, false)
    }

    /// [`CorsRequest::respond`], and with `explain` (debug mode) a preflight from an allowed
    /// origin refused for its method, its requested headers or private network access is
    /// answered with an ok status and the headers the policy sends for that origin
    /// ([`Policy::explain`]), so that the browser's console names the real cause. The answer
    /// still carries its [`Rejection`], and the browser still blocks the request.
    #[inline]
    pub fn respond_explaining<'t, 'p: 't, P: AsPolicy>(
        &self,
        template: &'p PreflightTemplate<P>,
        explain: bool,
    ) -> Respond<'t, 'p>
    where
        'a: 't,
    {
        if let Some(read) = &self.preflight {
            if let Some(answer) = self.preflight(template, read, explain) {
                return answer;
            }
            // `OPTIONS` without `Access-Control-Request-Method`: an actual request.
        }
        Respond::Forward(self.forward(template.policy()))
    }

    /// The headers this request adds to the handler's response, when it cannot be a preflight;
    /// `None` for an `OPTIONS` request with an `Origin`, which only
    /// [`respond`](CorsRequest::respond) decides. For an adapter that sends possible preflights
    /// another way, so that its path for actual requests holds no preflight code.
    ///
    /// ```
    /// use checked_cors::{cors_policy, Policy};
    /// use checked_cors_runtime::http::{CorsRequest, PreflightTemplate};
    /// use http::{HeaderMap, Method};
    ///
    /// static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"] };
    /// let template = PreflightTemplate::new(&API);
    /// let mut request = HeaderMap::new();
    /// request.insert("origin", "https://app.example.com".parse().unwrap());
    /// let pending = CorsRequest::new(&Method::GET, &request).forward_actual(&template).unwrap();
    /// let mut response = HeaderMap::new();
    /// pending.apply(&mut response);
    /// assert_eq!(response["access-control-allow-origin"], "https://app.example.com");
    /// assert!(CorsRequest::new(&Method::OPTIONS, &request).forward_actual(&template).is_none());
    /// ```
    #[inline(always)]
    pub fn forward_actual<'p, P: AsPolicy>(
        &self,
        template: &'p PreflightTemplate<P>,
    ) -> Option<PendingHeaders<'p>> {
        match self.preflight {
            None => Some(self.forward(template.policy())),
            Some(_) => None,
        }
    }

    /// The headers an actual (or non-CORS) request adds to the handler's response.
    #[inline(always)]
    fn forward<'p, S: Storage>(&self, policy: &'p Policy<S>) -> PendingHeaders<'p> {
        let headers = match self.origin {
            None => policy.not_forwarded(),
            Some(_) => policy.forwarded(self.single_origin()),
        };
        PendingHeaders::forwarded(headers, self.origin)
    }

    /// The bytes of the only `Origin` line, `None` when there are several.
    #[inline(always)]
    fn single_origin(&self) -> Option<&'a [u8]> {
        match self.several_origins {
            false => self.origin.map(HeaderValue::as_bytes),
            true => None,
        }
    }

    /// The answer to an `OPTIONS` request with an `Origin`, or `None` if it is not a preflight.
    #[inline]
    fn preflight<'t, 'p: 't, P: AsPolicy>(
        &self,
        template: &'p PreflightTemplate<P>,
        read: &PreflightRead<'a>,
        explain: bool,
    ) -> Option<Respond<'t, 'p>>
    where
        'a: 't,
    {
        let method = read.method?;
        let origin = self.origin?;
        // Two lines stand for "several": the checks only need to know there is more than one.
        let methods = [method.as_bytes(); 2];
        let methods = &methods[..1 + usize::from(read.several_methods)];
        let one: [&'a [u8]; 1];
        // More than one requested-header line (never from a browser): all of them, up to one
        // more than the check accepts.
        let all: Lines<'a, { MAX_LINES + 1 }>;
        let header_lines: &[&'a [u8]] = match (read.header_lines, read.headers) {
            (1, Some(line)) => {
                one = [line.as_bytes()];
                &one
            }
            (0, _) | (_, None) => &[],
            _ => {
                let lines = self.headers.get_all(ACCESS_CONTROL_REQUEST_HEADERS);
                all = Lines::read(lines.iter().map(HeaderValue::as_bytes));
                all.as_slice()
            }
        };
        Some(self.answer(template, read, origin, methods, header_lines, explain))
    }

    /// The preflight's checks, then its 403 or its answer from the template.
    #[inline(always)]
    fn answer<'t, 'p: 't, P: AsPolicy>(
        &self,
        template: &'p PreflightTemplate<P>,
        read: &PreflightRead<'a>,
        origin: &'a HeaderValue,
        methods: &[&'t [u8]],
        header_lines: &[&'t [u8]],
        explain: bool,
    ) -> Respond<'t, 'p>
    where
        'a: 't,
    {
        let policy = template.policy();
        let origins = [origin.as_bytes(); 2];
        let origins = &origins[..1 + usize::from(self.several_origins)];
        let checked = policy.check_preflight(origins, methods, header_lines, read.private_network);
        let allowed = match checked {
            Ok(allowed) => allowed,
            Err(reason) if explain => {
                let request = Request {
                    method: b"OPTIONS",
                    origins,
                    request_method: methods,
                    request_headers: header_lines,
                    private_network: read.private_network,
                };
                return Respond::Answer(explained(policy, &request, &reason, origin), Some(reason));
            }
            Err(reason) => return Respond::Answer(PreflightAnswer::forbidden(), Some(reason)),
        };
        let lines = || EchoLines {
            origin: Some(origin),
            method: read.method,
            headers: RequestHeaderLines {
                map: self.headers,
                lines: None,
            },
        };
        let map = template.allowed(allowed, header_lines, read.private_network, lines);
        Respond::Answer(PreflightAnswer::allowed(map), None)
    }
}

/// Debug mode's answer to a refused preflight: the explained headers with an ok status, or the
/// usual 403. Out of line: only debug mode gets here.
#[inline(never)]
fn explained<S: Storage>(
    policy: &Policy<S>,
    request: &Request<'_>,
    reason: &Rejection<'_>,
    origin: &HeaderValue,
) -> PreflightAnswer {
    match policy.explain(request, reason) {
        Some(headers) => {
            let lines = EchoLines {
                origin: Some(origin),
                method: None,
                headers: core::iter::empty(),
            };
            PreflightAnswer::allowed(fresh(&headers, lines))
        }
        None => PreflightAnswer::forbidden(),
    }
}

/// What [`CorsRequest::respond`] decided: `'a` borrows the request (a rejection's reason),
/// `'p` the policy (a run-time policy's strings, until they are shared).
#[derive(Debug)]
pub enum Respond<'a, 'p> {
    /// Run the handler, then [`PendingHeaders::apply`] these to its response (actual and
    /// non-CORS requests). [`PendingHeaders::into_fixed`] gives them as `Copy` data unless they
    /// echo the request's origin or hold a run-time policy's strings
    /// ([`PendingHeaders::into_shared`]); [`PendingHeaders::into_owned`] lets them outlive the
    /// policy's guard.
    Forward(PendingHeaders<'p>),
    /// A preflight: send this response and never run the handler. A 403 comes with its reason,
    /// for logs only (it is never sent to the client).
    Answer(PreflightAnswer, Option<Rejection<'a>>),
}

/// Above this many header lines the preflight headers are looked up by name instead of found
/// in one pass: the pass is cheaper for the dozen lines a browser sends, and the bound keeps a
/// request with thousands of lines from costing more than three lookups.
const SCAN_MAX: usize = 32;

/// The `Access-Control-Request-*` lines of a possible preflight: the first of each and whether
/// there are more, all a browser's preflight has (the rare request with several
/// `Access-Control-Request-Headers` lines has them looked up again). Small, so that reading it
/// moves little.
#[derive(Clone, Copy, Debug)]
struct PreflightRead<'a> {
    method: Option<&'a HeaderValue>,
    several_methods: bool,
    headers: Option<&'a HeaderValue>,
    header_lines: usize,
    private_network: bool,
}

impl<'a> PreflightRead<'a> {
    /// The first `Origin` line, whether there are several, and the preflight lines.
    #[inline(always)]
    fn read(map: &'a HeaderMap) -> (Option<&'a HeaderValue>, bool, Self) {
        let (mut origin, mut origins) = (None, 0usize);
        let (mut method, mut methods) = (None, 0usize);
        let (mut headers, mut header_lines) = (None, 0usize);
        let mut private_network = None;
        if map.len() <= SCAN_MAX {
            for (name, value) in map {
                if *name == ORIGIN {
                    origin.get_or_insert(value);
                    origins += 1;
                } else if *name == ACCESS_CONTROL_REQUEST_METHOD {
                    method.get_or_insert(value);
                    methods += 1;
                } else if *name == ACCESS_CONTROL_REQUEST_HEADERS {
                    headers.get_or_insert(value);
                    header_lines += 1;
                } else if *name == REQUEST_PRIVATE_NETWORK {
                    private_network.get_or_insert(value);
                }
            }
        } else {
            let first_and_count = |name| {
                let mut all = map.get_all(name).into_iter();
                let first = all.next();
                (
                    first,
                    usize::from(first.is_some()) + all.take(MAX_LINES).count(),
                )
            };
            (origin, origins) = first_and_count(ORIGIN);
            (method, methods) = first_and_count(ACCESS_CONTROL_REQUEST_METHOD);
            (headers, header_lines) = first_and_count(ACCESS_CONTROL_REQUEST_HEADERS);
            private_network = map.get(REQUEST_PRIVATE_NETWORK);
        }
        let read = PreflightRead {
            method,
            several_methods: methods > 1,
            headers,
            header_lines,
            private_network: private_network.is_some_and(|v| v == "true"),
        };
        (origin, origins > 1, read)
    }
}

/// `Access-Control-Request-Headers` lines for echoing, looked up only if an answer echoes one
/// (`allow_headers: *`).
struct RequestHeaderLines<'a> {
    map: &'a HeaderMap,
    lines: Option<ValueIter<'a, HeaderValue>>,
}

impl<'a> Iterator for RequestHeaderLines<'a> {
    type Item = &'a HeaderValue;

    fn next(&mut self) -> Option<&'a HeaderValue> {
        let map = self.map;
        self.lines
            .get_or_insert_with(|| map.get_all(ACCESS_CONTROL_REQUEST_HEADERS).into_iter())
            .next()
    }
}

impl<'a> RequestParts<'a> {
    /// Reads the CORS-relevant parts of an `http` request, for
    /// [`Policy::decide`](crate::Policy::decide).
    ///
    /// ```
    /// use checked_cors::{cors_policy, Decision, Policy, RequestParts};
    /// use http::{HeaderMap, Method};
    ///
    /// static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"] };
    /// let mut headers = HeaderMap::new();
    /// headers.insert("origin", "https://app.example.com".parse().unwrap());
    /// let parts = RequestParts::new(&Method::GET, &headers);
    /// assert!(matches!(API.decide(&parts.request()), Decision::Actual(h) if h.is_allowed()));
    /// ```
    pub fn new(method: &'a Method, headers: &'a HeaderMap) -> Self {
        RequestParts::read(method.as_str().as_bytes(), |name| {
            headers.get_all(name).into_iter().map(HeaderValue::as_bytes)
        })
    }

    /// [`RequestParts::new`], also returning the first `Origin` value, so that echoing it
    /// ([`PendingHeaders::with_origin`]) needs no second lookup.
    pub fn new_with_origin(
        method: &'a Method,
        headers: &'a HeaderMap,
    ) -> (Self, Option<&'a HeaderValue>) {
        (Self::new(method, headers), headers.get(ORIGIN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::format;

    fn map(lines: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in lines {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    /// The one-pass read and the lookups find the same lines, in the same order, whatever the
    /// map's size.
    #[test]
    fn scan_and_lookups_read_the_same_lines() {
        let base = [
            ("origin", "https://a.example"),
            ("access-control-request-headers", "x-a"),
            ("access-control-request-method", "PUT"),
            ("accept", "*/*"),
            ("access-control-request-headers", "x-b, x-c"),
            ("access-control-request-private-network", "true"),
            ("access-control-request-method", "GET"),
            ("access-control-request-private-network", "false"),
        ];
        let small = map(&base);
        let mut large = map(&base);
        for i in 0..SCAN_MAX {
            large.append(
                http::header::HeaderName::try_from(format!("x-filler-{i}")).unwrap(),
                HeaderValue::from_static("1"),
            );
        }
        assert!(small.len() <= SCAN_MAX && large.len() > SCAN_MAX);
        for map in [&small, &large] {
            let (origin, several, read) = PreflightRead::read(map);
            assert_eq!(origin.unwrap(), "https://a.example");
            assert!(!several);
            assert_eq!(read.method.unwrap(), "PUT");
            assert!(read.several_methods);
            assert_eq!(read.headers.unwrap(), "x-a");
            assert_eq!(read.header_lines, 2);
            assert!(read.private_network, "the first line counts");
        }
        let origin_only = map(&base[..1]);
        let (_, _, none) = PreflightRead::read(&origin_only);
        assert!(none.method.is_none() && none.headers.is_none() && !none.private_network);
        assert!(!none.several_methods && none.header_lines == 0);
        let mut two = map(&base[..1]);
        two.append("origin", HeaderValue::from_static("https://b.example"));
        let mut large_two = two.clone();
        for i in 0..SCAN_MAX {
            large_two.append(
                http::header::HeaderName::try_from(format!("x-filler-{i}")).unwrap(),
                HeaderValue::from_static("1"),
            );
        }
        for map in [&two, &large_two] {
            let (origin, several, _) = PreflightRead::read(map);
            assert!(several && origin.unwrap() == "https://a.example");
        }
    }

    #[test]
    fn counts_header_lines_beyond_the_first() {
        let mut many = HeaderMap::new();
        for _ in 0..(MAX_LINES + 5) {
            many.append(
                "access-control-request-headers",
                HeaderValue::from_static("x-a"),
            );
        }
        let (_, _, read) = PreflightRead::read(&many);
        assert_eq!(read.headers.unwrap(), "x-a");
        assert!(read.header_lines > MAX_LINES);
    }
}
