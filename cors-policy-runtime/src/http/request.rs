//! Reading an `http` request: `Origin` for every request, the preflight headers only for an
//! `OPTIONS` with an `Origin`.

use http::header::{
    ValueIter, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN,
};
use http::{HeaderMap, HeaderValue, Method, Response};

use super::pending::PendingHeaders;
use super::preflight::{forbidden, no_content, Lines as EchoLines, PreflightTemplate};
use super::value::REQUEST_PRIVATE_NETWORK;
use crate::decision::Rejection;
use crate::header_list::MAX_LINES;
use crate::policy::Policy;
use crate::request::{Lines, RequestParts};

/// A request as CORS sees it, read from its `http` method and headers: the adapters' entry
/// point, with [`CorsRequest::respond`].
///
/// Building one looks up `Origin` only; the `Access-Control-Request-*` headers are read only for
/// an `OPTIONS` request with an `Origin`, the one kind that may be a preflight.
///
/// ```
/// use cors_policy::{cors_policy, Policy};
/// use cors_policy_runtime::http::{CorsRequest, PreflightTemplate, Respond};
/// use http::{HeaderMap, Method, Response};
///
/// static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"], allow_methods: [PUT] };
/// let template = PreflightTemplate::new(&API);
///
/// let mut headers = HeaderMap::new();
/// headers.insert("origin", "https://app.example.com".parse().unwrap());
/// headers.insert("access-control-request-method", "DELETE".parse().unwrap());
/// let Respond::Answer(response, Some(reason)) = CorsRequest::new(&Method::OPTIONS, &headers).respond::<()>(&template) else {
///     unreachable!("DELETE is not allowed")
/// };
/// assert_eq!(response.status(), 403);
/// assert_eq!(reason.to_string(), "requested method `DELETE` is not allowed");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct CorsRequest<'a> {
    headers: &'a HeaderMap,
    options: bool,
    origin: Option<&'a HeaderValue>,
    several_origins: bool,
}

impl<'a> CorsRequest<'a> {
    /// Reads `Origin`: one lookup.
    #[inline(always)]
    pub fn new(method: &Method, headers: &'a HeaderMap) -> Self {
        let mut origins = headers.get_all(ORIGIN).into_iter();
        let origin = origins.next();
        CorsRequest {
            headers,
            options: *method == Method::OPTIONS,
            origin,
            several_origins: origin.is_some() && origins.next().is_some(),
        }
    }

    /// What an adapter does with this request under `template`'s policy: forward it with the
    /// headers to add to the handler's response, or send the preflight answer at once (from the
    /// template's prepared maps). An adapter's whole per-request work is this call and
    /// [`PendingHeaders::apply`].
    #[inline]
    pub fn respond<B: Default>(&self, template: &PreflightTemplate) -> Respond<'a, B> {
        if self.options && self.origin.is_some() {
            if let Some(answer) = self.preflight(template) {
                return answer;
            }
            // `OPTIONS` without `Access-Control-Request-Method`: an actual request.
        }
        Respond::Forward(self.forward(template.policy()))
    }

    /// The headers an actual (or non-CORS) request adds to the handler's response.
    #[inline(always)]
    fn forward(&self, policy: &Policy) -> PendingHeaders {
        let headers = match self.origin {
            None => policy.not_cors(),
            Some(_) => policy.actual(self.single_origin()),
        };
        PendingHeaders::with_origin(&headers, self.origin)
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
    fn preflight<B: Default>(&self, template: &PreflightTemplate) -> Option<Respond<'a, B>> {
        let read = PreflightRead::read(self.headers);
        let first_method = read.first_method?;
        let origin = self.origin?;
        // More requested-header lines than kept inline (never from a browser): all of them, up
        // to one more than the check accepts.
        let all: Lines<'a, { MAX_LINES + 1 }>;
        let header_lines = if read.header_lines > read.headers.as_slice().len() {
            let lines = self.headers.get_all(ACCESS_CONTROL_REQUEST_HEADERS);
            all = Lines::read(lines.iter().map(HeaderValue::as_bytes));
            all.as_slice()
        } else {
            read.headers.as_slice()
        };
        Some(self.answer(template, &read, origin, first_method, header_lines))
    }

    /// The preflight's checks, then its 403 or its answer from the template.
    #[inline(always)]
    fn answer<B: Default>(
        &self,
        template: &PreflightTemplate,
        read: &PreflightRead<'a>,
        origin: &'a HeaderValue,
        first_method: &'a HeaderValue,
        header_lines: &[&'a [u8]],
    ) -> Respond<'a, B> {
        let policy = template.policy();
        // Two lines stand for "several": the check only needs to know there is more than one.
        let origins = [origin.as_bytes(); 2];
        let origins = &origins[..1 + usize::from(self.several_origins)];
        let checked = policy.check_preflight(
            origins,
            read.methods.as_slice(),
            header_lines,
            read.private_network,
        );
        let allowed = match checked {
            Ok(allowed) => allowed,
            Err(reason) => return Respond::Answer(forbidden(), Some(reason)),
        };
        let lines = || EchoLines {
            origin: Some(origin),
            method: Some(first_method),
            headers: RequestHeaderLines {
                map: self.headers,
                lines: None,
            },
        };
        let map = template.allowed(allowed, header_lines, read.private_network, lines);
        Respond::Answer(no_content(map), None)
    }
}

/// What [`CorsRequest::respond`] decided.
#[derive(Debug)]
pub enum Respond<'a, B> {
    /// Run the handler, then [`PendingHeaders::apply`] these to its response (actual and
    /// non-CORS requests).
    Forward(PendingHeaders),
    /// A preflight: send this response and never run the handler. A 403 comes with its reason,
    /// for logs only (it is never sent to the client).
    Answer(Response<B>, Option<Rejection<'a>>),
}

/// Above this many header lines the preflight headers are looked up by name instead of found
/// in one pass: the pass is cheaper for the dozen lines a browser sends, and the bound keeps a
/// request with thousands of lines from costing more than three lookups.
const SCAN_MAX: usize = 32;

/// The `Access-Control-Request-*` lines of a possible preflight.
struct PreflightRead<'a> {
    methods: Lines<'a, 2>,
    first_method: Option<&'a HeaderValue>,
    /// The first two `Access-Control-Request-Headers` lines (a browser sends one), and how many
    /// there are: small enough to fill and move for free.
    headers: Lines<'a, 2>,
    header_lines: usize,
    private_network: bool,
}

impl<'a> PreflightRead<'a> {
    #[inline(always)]
    fn read(map: &'a HeaderMap) -> Self {
        let mut read = PreflightRead {
            methods: Lines::EMPTY,
            first_method: None,
            headers: Lines::EMPTY,
            header_lines: 0,
            private_network: false,
        };
        let mut first_private_network = None;
        if map.len() <= SCAN_MAX {
            for (name, value) in map {
                if *name == ACCESS_CONTROL_REQUEST_METHOD {
                    read.first_method.get_or_insert(value);
                    read.methods.push(value.as_bytes());
                } else if *name == ACCESS_CONTROL_REQUEST_HEADERS {
                    read.headers.push(value.as_bytes());
                    read.header_lines += 1;
                } else if *name == REQUEST_PRIVATE_NETWORK {
                    first_private_network.get_or_insert(value);
                }
            }
        } else {
            let methods = map.get_all(ACCESS_CONTROL_REQUEST_METHOD);
            read.first_method = methods.iter().next();
            read.methods = Lines::read(methods.iter().map(HeaderValue::as_bytes));
            let headers = map.get_all(ACCESS_CONTROL_REQUEST_HEADERS);
            read.headers = Lines::read(headers.iter().map(HeaderValue::as_bytes));
            read.header_lines = headers.iter().take(MAX_LINES + 1).count();
            first_private_network = map.get(REQUEST_PRIVATE_NETWORK);
        }
        read.private_network = first_private_network.is_some_and(|v| v == "true");
        read
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
    /// use cors_policy::{cors_policy, Decision, Policy, RequestParts};
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
            let read = PreflightRead::read(map);
            assert_eq!(read.methods.as_slice(), [&b"PUT"[..], b"GET"]);
            assert_eq!(read.first_method.unwrap(), "PUT");
            assert_eq!(read.headers.as_slice(), [&b"x-a"[..], b"x-b, x-c"]);
            assert_eq!(read.header_lines, 2);
            assert!(read.private_network, "the first line counts");
        }
        let origin_only = map(&base[..1]);
        let none = PreflightRead::read(&origin_only);
        assert!(none.first_method.is_none() && !none.private_network);
    }

    #[test]
    fn counts_header_lines_beyond_those_kept() {
        let mut many = HeaderMap::new();
        for _ in 0..(MAX_LINES + 5) {
            many.append(
                "access-control-request-headers",
                HeaderValue::from_static("x-a"),
            );
        }
        let read = PreflightRead::read(&many);
        assert_eq!(read.headers.as_slice().len(), 2);
        assert!(read.header_lines > MAX_LINES);
    }
}
