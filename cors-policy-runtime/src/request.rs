//! The borrowed pieces of a request that CORS looks at.

/// The parts of a request a CORS decision depends on, borrowed from wherever the request lives.
///
/// Header values come as slices of lines, exactly as received: the decision itself detects
/// several `Origin` lines, a repeated `Access-Control-Request-Method` and a header list split
/// over several lines.
///
/// ```
/// # use cors_policy_runtime::Request;
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
