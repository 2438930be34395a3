//! The borrowed pieces of a request that CORS looks at.

use crate::limits::MAX_LINES;

/// The parts of a request a CORS decision depends on, borrowed from wherever the request lives.
///
/// Header values come as slices of lines, exactly as received: the decision itself detects
/// several `Origin` lines, a repeated `Access-Control-Request-Method` and a header list split
/// over several lines.
///
/// ```
/// # use checked_cors_runtime::Request;
/// let preflight = Request {
///     method: b"OPTIONS",
///     origins: &[b"https://app.example.com"],
///     request_method: &[b"PUT"],
///     request_headers: &[b"content-type,x-request-id"],
///     private_network: false,
/// };
/// assert!(preflight.is_preflight());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Request<'a> {
    /// The request method, e.g. `b"GET"`.
    pub method: &'a [u8],
    /// Every `Origin` line (normally zero or one).
    pub origins: &'a [&'a [u8]],
    /// Every `Access-Control-Request-Method` line (normally zero or one).
    pub request_method: &'a [&'a [u8]],
    /// Every `Access-Control-Request-Headers` line.
    pub request_headers: &'a [&'a [u8]],
    /// Whether `Access-Control-Request-Private-Network: true` was sent.
    pub private_network: bool,
}

impl Request<'_> {
    /// Whether this is a CORS preflight: `OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`. An `OPTIONS` without the latter is an actual request
    /// and reaches the handler.
    pub fn is_preflight(&self) -> bool {
        self.method == b"OPTIONS" && !self.origins.is_empty() && !self.request_method.is_empty()
    }
}

/// Header names are lowercase here because `http::HeaderName` and most servers store them so.
const ORIGIN: &str = "origin";
const REQUEST_METHOD: &str = "access-control-request-method";
const REQUEST_HEADERS: &str = "access-control-request-headers";
/// `Access-Control-Request-Private-Network`
pub const REQUEST_PRIVATE_NETWORK: &str = "access-control-request-private-network";

/// The CORS-relevant lines of a request, collected on the stack from any header map.
///
/// At most two `Origin` and `Access-Control-Request-Method` lines and
/// [`MAX_LINES`](crate::MAX_REQUEST_HEADERS_LINES)` + 1` `Access-Control-Request-Headers` lines
/// are kept: enough for the decision to see "several" or "too many", and a bound on the work
/// an attacker can cause with repeated headers.
///
/// ```
/// # use checked_cors_runtime::RequestParts;
/// let headers = [("origin", &b"https://a.example"[..]), ("access-control-request-method", b"PUT")];
/// let parts = RequestParts::read(b"OPTIONS", |name| {
///     headers.iter().filter(move |(n, _)| *n == name).map(|(_, v)| *v)
/// });
/// assert!(parts.request().is_preflight());
/// ```
#[derive(Debug)]
pub struct RequestParts<'a> {
    method: &'a [u8],
    origins: Lines<'a, 2>,
    /// Only for `OPTIONS` with `Origin`: every other request skips filling (and zeroing) these.
    preflight: Option<PreflightLines<'a>>,
}

#[derive(Debug)]
struct PreflightLines<'a> {
    request_method: Lines<'a, 2>,
    request_headers: Lines<'a, { MAX_LINES + 1 }>,
    private_network: bool,
}

/// Up to `N` lines of one header, in request order: more are counted as "several" by the
/// decision (`N` is one more than any check accepts) and never stored.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lines<'a, const N: usize> {
    items: [&'a [u8]; N],
    len: usize,
}

impl<'a, const N: usize> Lines<'a, N> {
    pub(crate) const EMPTY: Self = Lines {
        items: [&[]; N],
        len: 0,
    };

    #[inline(always)]
    pub(crate) fn read(values: impl Iterator<Item = &'a [u8]>) -> Self {
        let mut lines = Self::EMPTY;
        for value in values.take(N) {
            lines.push(value);
        }
        lines
    }

    /// Keeps `value` if there is room.
    #[inline(always)]
    pub(crate) fn push(&mut self, value: &'a [u8]) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = value;
            self.len += 1;
        }
    }

    #[inline(always)]
    pub(crate) fn as_slice(&self) -> &[&'a [u8]] {
        &self.items[..self.len]
    }
}

impl<'a> RequestParts<'a> {
    /// Reads the parts through `get_all`, which returns every value of a (lowercase) header
    /// name, in order.
    pub fn read<I>(method: &'a [u8], mut get_all: impl FnMut(&'static str) -> I) -> Self
    where
        I: Iterator<Item = &'a [u8]>,
    {
        let origins = get_all(ORIGIN);
        // Only a preflight (`OPTIONS`) looks at the `Access-Control-Request-*` headers; skipping
        // them leaves one header lookup on every other request.
        Self::from_lines(method, origins, || {
            (
                get_all(REQUEST_METHOD),
                get_all(REQUEST_HEADERS),
                get_all(REQUEST_PRIVATE_NETWORK).next() == Some(b"true"),
            )
        })
    }

    /// [`RequestParts::read`] from iterators already at hand: the `Origin` lines, and (called
    /// only for an `OPTIONS` request with an `Origin`) the `Access-Control-Request-Method` and
    /// `-Headers` lines and whether private network access was requested. An adapter that keeps
    /// the lines it read can echo them later without a second lookup.
    ///
    /// ```
    /// # use checked_cors_runtime::RequestParts;
    /// use core::iter::Empty;
    /// let origins: [&[u8]; 1] = [b"https://a.example"];
    /// let not_read = || -> (Empty<&[u8]>, Empty<&[u8]>, bool) { unreachable!("only for OPTIONS") };
    /// let parts = RequestParts::from_lines(b"GET", origins.into_iter(), not_read);
    /// assert_eq!(parts.request().origins, &[b"https://a.example"]);
    /// ```
    #[inline(always)]
    pub fn from_lines<I, M, H>(
        method: &'a [u8],
        origins: I,
        preflight_lines: impl FnOnce() -> (M, H, bool),
    ) -> Self
    where
        I: Iterator<Item = &'a [u8]>,
        M: Iterator<Item = &'a [u8]>,
        H: Iterator<Item = &'a [u8]>,
    {
        let origins = Lines::read(origins);
        if method != b"OPTIONS" || origins.len == 0 {
            return RequestParts {
                method,
                origins,
                preflight: None,
            };
        }
        let (request_method, request_headers, private_network) = preflight_lines();
        RequestParts {
            method,
            origins,
            preflight: Some(PreflightLines {
                request_method: Lines::read(request_method),
                request_headers: Lines::read(request_headers),
                private_network,
            }),
        }
    }

    /// The borrowed request for [`Policy::decide`](crate::Policy::decide).
    pub fn request(&self) -> Request<'_> {
        let (request_method, request_headers, private_network) = match &self.preflight {
            Some(p) => (
                p.request_method.as_slice(),
                p.request_headers.as_slice(),
                p.private_network,
            ),
            None => (&[][..], &[][..], false),
        };
        Request {
            method: self.method,
            origins: self.origins.as_slice(),
            request_method,
            request_headers,
            private_network,
        }
    }
}
