//! What a policy decided about one request, and the response headers that follow from it.
//!
//! Every value is a string of the policy (`&'static` for a compiled policy, a shared string of a
//! run-time one) or borrowed from the request, so building a decision never touches the heap.

use core::fmt;

use crate::escape::Escaped;
use crate::hash::equal;
use crate::rejection::Rejection;
use crate::storage::SharedStr;

/// The outcome of [`Policy::decide`](crate::Policy::decide).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision<'a> {
    /// The request has no `Origin`: it is not a CORS request. Run the handler and append
    /// [`Headers::vary`] to its response.
    NotCors(Headers<'a>),
    /// A CORS request that is not a preflight. Run the handler, always: CORS never blocks a
    /// request, it only withholds headers. Add [`Headers::iter`] and append [`Headers::vary`].
    Actual(Headers<'a>),
    /// A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`). Answer it
    /// without running the handler.
    Preflight(Preflight<'a>),
}

/// The answer to a preflight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preflight<'a> {
    /// Answer `204 No Content` with these headers (and `Vary` set to [`Headers::vary`]).
    Allowed(Headers<'a>),
    /// Answer `403 Forbidden` with no CORS headers. The reason is for logs, never for the client.
    Rejected(Rejection<'a>),
}

impl Decision<'_> {
    /// The status a preflight must be answered with, or `None` when the handler must run.
    ///
    /// ```
    /// # use checked_cors_runtime::{Decision, Headers, Preflight, Rejection};
    /// let rejected = Decision::Preflight(Preflight::Rejected(Rejection::SeveralOrigins));
    /// assert_eq!(rejected.preflight_status(), Some(403));
    /// assert_eq!(Decision::NotCors(Headers::default()).preflight_status(), None);
    /// ```
    pub fn preflight_status(&self) -> Option<u16> {
        match self {
            Decision::Preflight(Preflight::Allowed(_)) => Some(204),
            Decision::Preflight(Preflight::Rejected(_)) => Some(403),
            _ => None,
        }
    }
}

/// A response header value: fixed by the policy, or echoed from the request.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// A string of a compiled policy (joined at compile time) or of this crate.
    Static(&'static str),
    /// A string of a policy built at run time ([`OwnedPolicy`](crate::OwnedPolicy)).
    Shared(&'a SharedStr),
    /// Borrowed from the request (the origin, the requested method, or one line of requested
    /// headers). Adapters that own the request's header values can clone those instead.
    Echo(&'a [u8]),
}

/// As text: `Static("PUT")`, `Echo("https://a.example")`.
impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Value::Static(_) => "Static",
            Value::Shared(_) => "Shared",
            Value::Echo(_) => "Echo",
        };
        f.debug_tuple(name)
            .field(&Escaped(self.as_bytes()))
            .finish()
    }
}

impl<'a> Value<'a> {
    /// The value's bytes.
    ///
    /// ```
    /// # use checked_cors_runtime::Value;
    /// assert_eq!(Value::Static("true").as_bytes(), b"true");
    /// assert_eq!(Value::Echo(b"https://a.example").as_bytes(), b"https://a.example");
    /// ```
    pub fn as_bytes(&self) -> &'a [u8] {
        match *self {
            Value::Static(s) => s.as_bytes(),
            Value::Shared(s) => s.as_bytes(),
            Value::Echo(b) => b,
        }
    }

    /// How an adapter builds this value of a decision for any header but
    /// `Access-Control-Allow-Origin` (see [`Value::allow_origin_source`]), given the request line
    /// it may echo: a policy string as is, an echo as a clone of its own line.
    ///
    /// ```
    /// # use checked_cors_runtime::{Value, ValueSource};
    /// let line: &[u8] = b"x-a, x-b";
    /// assert_eq!(Value::Static("600").source(Some(line)), ValueSource::Trusted("600"));
    /// assert_eq!(Value::Echo(line).source(Some(line)), ValueSource::Line(line));
    /// // Equal bytes elsewhere are not that line.
    /// let elsewhere = b"x-a, x-b".to_vec();
    /// assert_eq!(Value::Echo(&elsewhere).source(Some(line)), ValueSource::Copy(b"x-a, x-b"));
    /// ```
    #[inline(always)]
    pub fn source<L: AsRef<[u8]>>(self, line: Option<L>) -> ValueSource<'a, L> {
        match self {
            Value::Static(s) => ValueSource::Trusted(s),
            Value::Shared(s) => ValueSource::Shared(s),
            Value::Echo(bytes) => echo_source(line, bytes),
        }
    }

    /// How an adapter builds this value of a decision for `Access-Control-Allow-Origin`, given
    /// the request's `Origin` line.
    ///
    /// A listed origin is the policy's own copy of the key it matched, so it is sent without
    /// touching the request's value (no allocation even for a uniquely owned value; for a
    /// compiled policy not even a reference count). It is trusted only when it equals the line
    /// byte for byte, which the table's match guarantees and this checks again (about 20
    /// instructions), so that a caller pairing a value with another line still gets a checked
    /// one.
    ///
    /// ```
    /// # use checked_cors_runtime::{Value, ValueSource};
    /// let origin: &[u8] = b"https://app.example.com";
    /// let listed = Value::Static("https://app.example.com");
    /// assert_eq!(listed.allow_origin_source(Some(origin)), ValueSource::Trusted("https://app.example.com"));
    /// assert_eq!(
    ///     listed.allow_origin_source(Some(&b"https://other.example.com"[..])),
    ///     ValueSource::Copy(b"https://app.example.com"),
    /// );
    /// assert_eq!(Value::Static("*").allow_origin_source(None::<&[u8]>), ValueSource::Trusted("*"));
    /// ```
    #[inline(always)]
    pub fn allow_origin_source<L: AsRef<[u8]>>(self, origin: Option<L>) -> ValueSource<'a, L> {
        match self {
            Value::Static(listed) => match origin {
                Some(line) if equal(line.as_ref(), listed.as_bytes(), false) => {
                    ValueSource::Trusted(listed)
                }
                _ if listed == "*" => ValueSource::Trusted(listed),
                // A decision that was not made from this line: checked.
                _ => ValueSource::Copy(listed.as_bytes()),
            },
            Value::Shared(listed) => match origin {
                Some(line) if equal(line.as_ref(), listed.as_bytes(), false) => {
                    ValueSource::Shared(listed)
                }
                _ => ValueSource::Copy(listed.as_bytes()),
            },
            Value::Echo(bytes) => echo_source(origin, bytes),
        }
    }
}

/// An echo is its own request line when it is that line's very bytes (same address and
/// length); equal bytes elsewhere are copied.
#[inline(always)]
fn echo_source<'a, L: AsRef<[u8]>>(line: Option<L>, bytes: &'a [u8]) -> ValueSource<'a, L> {
    match line {
        Some(line) if core::ptr::eq(line.as_ref(), bytes) => ValueSource::Line(line),
        _ => ValueSource::Copy(bytes),
    }
}

/// How an adapter turns a decision's [`Value`] into its HTTP library's header value, from
/// [`Value::source`] or [`Value::allow_origin_source`]: the one place that decides when a value
/// may skip the header-value check, so that every adapter (whatever its `http` version) follows
/// the same rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueSource<'a, L> {
    /// A valid header value without a check, when the [`Value`] came from a [`Policy`]'s
    /// decision: `Policy::__new` asserts in const context that every string of the policy is
    /// one (visible ASCII, space or tab), this crate's literals are, and a listed origin is
    /// trusted only when it equals the request's own line.
    ///
    /// [`Policy`]: crate::Policy
    Trusted(&'static str),
    /// A valid header value without a check, sharing the run-time policy's buffer: every
    /// [`SharedStr`] was checked when its policy was built, and a listed origin is trusted only
    /// when it equals the request's own line.
    Shared(&'a SharedStr),
    /// The request line itself: clone it (a server-parsed request's buffer is shared).
    Line(L),
    /// Bytes from elsewhere (or a listed origin paired with another line): copy them, checked,
    /// and send an empty value if they are not a valid one.
    Copy(&'a [u8]),
}

/// Header names, lowercase as HTTP/2 requires and `http::HeaderName` stores them.
pub mod name {
    /// `Access-Control-Allow-Origin`
    pub const ALLOW_ORIGIN: &str = "access-control-allow-origin";
    /// `Access-Control-Allow-Credentials`
    pub const ALLOW_CREDENTIALS: &str = "access-control-allow-credentials";
    /// `Access-Control-Allow-Methods`
    pub const ALLOW_METHODS: &str = "access-control-allow-methods";
    /// `Access-Control-Allow-Headers`
    pub const ALLOW_HEADERS: &str = "access-control-allow-headers";
    /// `Access-Control-Max-Age`
    pub const MAX_AGE: &str = "access-control-max-age";
    /// `Access-Control-Allow-Private-Network`
    pub const ALLOW_PRIVATE_NETWORK: &str = "access-control-allow-private-network";
    /// `Access-Control-Expose-Headers`
    pub const EXPOSE_HEADERS: &str = "access-control-expose-headers";
    /// `Vary`
    pub const VARY: &str = "vary";
}

/// The CORS response headers of a decision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Headers<'a> {
    pub(crate) allow_origin: Option<Value<'a>>,
    pub(crate) allow_credentials: bool,
    pub(crate) allow_methods: Option<Value<'a>>,
    pub(crate) allow_headers: AllowHeadersValue<'a>,
    pub(crate) max_age: Option<Value<'a>>,
    pub(crate) allow_private_network: bool,
    pub(crate) expose_headers: Option<Value<'a>>,
    pub(crate) vary: Vary,
}

#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum AllowHeadersValue<'a> {
    #[default]
    None,
    /// The policy's joined list.
    Listed(Value<'a>),
    /// One `Access-Control-Allow-Headers` line per requested line: browsers combine repeated
    /// lines with `, `, so echoing line by line needs no buffer.
    Echo(&'a [&'a [u8]]),
}

/// As text, as [`Value`]'s.
impl fmt::Debug for AllowHeadersValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllowHeadersValue::None => f.write_str("None"),
            AllowHeadersValue::Listed(v) => f.debug_tuple("Listed").field(v).finish(),
            AllowHeadersValue::Echo(lines) => f
                .debug_tuple("Echo")
                .field(
                    &lines
                        .iter()
                        .map(|l| Escaped(l))
                        .collect::<EscapedLines<'_>>(),
                )
                .finish(),
        }
    }
}

/// Echoed request lines, for `Debug` without allocating: at most the policy's cap of lines.
struct EscapedLines<'a>([Option<Escaped<'a>>; crate::limits::MAX_LINES + 1]);

impl<'a> FromIterator<Escaped<'a>> for EscapedLines<'a> {
    fn from_iter<I: IntoIterator<Item = Escaped<'a>>>(iter: I) -> Self {
        let mut lines = [None; crate::limits::MAX_LINES + 1];
        for (slot, line) in lines.iter_mut().zip(iter) {
            *slot = Some(line);
        }
        EscapedLines(lines)
    }
}

impl fmt::Debug for EscapedLines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter().flatten()).finish()
    }
}

impl<'a> Headers<'a> {
    /// Every header to set, except `Vary` (which must be merged: see [`Headers::vary`]).
    /// `Access-Control-Allow-Headers` may appear once per echoed request line.
    ///
    /// ```
    /// # use checked_cors_runtime::{Headers};
    /// assert_eq!(Headers::default().iter().count(), 0);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Value<'a>)> + 'a {
        let echoed: &'a [&'a [u8]] = match self.allow_headers {
            AllowHeadersValue::Echo(lines) => lines,
            _ => &[],
        };
        let listed_headers = match self.allow_headers {
            AllowHeadersValue::Listed(v) => Some(v),
            _ => None,
        };
        let flag = |on: bool| on.then_some(Value::Static("true"));
        [
            (name::ALLOW_ORIGIN, self.allow_origin),
            (name::ALLOW_CREDENTIALS, flag(self.allow_credentials)),
            (name::ALLOW_METHODS, self.allow_methods),
            (name::ALLOW_HEADERS, listed_headers),
            (name::MAX_AGE, self.max_age),
            (
                name::ALLOW_PRIVATE_NETWORK,
                flag(self.allow_private_network),
            ),
            (name::EXPOSE_HEADERS, self.expose_headers),
        ]
        .into_iter()
        .filter_map(|(n, v)| Some((n, v?)))
        .chain(
            echoed
                .iter()
                .filter(|l| crate::header_list::has_names(&[l]))
                .map(|l| (name::ALLOW_HEADERS, Value::Echo(l))),
        )
    }

    /// `Access-Control-Allow-Origin`, if the origin is allowed.
    pub fn allow_origin(&self) -> Option<Value<'a>> {
        self.allow_origin
    }

    /// Whether `Access-Control-Allow-Credentials: true` is sent.
    pub fn allow_credentials(&self) -> bool {
        self.allow_credentials
    }

    /// `Access-Control-Expose-Headers`, if sent.
    pub fn expose_headers(&self) -> Option<Value<'a>> {
        self.expose_headers
    }

    /// The `Vary` entries to append to the response.
    pub fn vary(&self) -> Vary {
        self.vary
    }

    /// Whether the request's origin was allowed (an `Access-Control-Allow-Origin` is present).
    pub fn is_allowed(&self) -> bool {
        self.allow_origin.is_some()
    }
}

/// A set of request header names a response varies on, appended to `Vary` without allocating.
///
/// ```
/// # use checked_cors_runtime::Vary;
/// let v = Vary::ORIGIN.union(Vary::REQUEST_METHOD);
/// assert_eq!(v.as_str(), Some("Origin, Access-Control-Request-Method"));
/// // What a handler's `Vary` already names is not repeated:
/// assert_eq!(v.without_listed(b"accept-encoding, origin").as_str(), Some("Access-Control-Request-Method"));
/// assert!(v.without_listed(b"*").is_empty());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Vary(u8);

const VARY_NAMES: [&str; 3] = [
    "Origin",
    "Access-Control-Request-Method",
    "Access-Control-Request-Headers",
];

/// Every combination, joined at compile time, indexed by the bit set.
const VARY_JOINED: [&str; 8] = [
    "",
    "Origin",
    "Access-Control-Request-Method",
    "Origin, Access-Control-Request-Method",
    "Access-Control-Request-Headers",
    "Origin, Access-Control-Request-Headers",
    "Access-Control-Request-Method, Access-Control-Request-Headers",
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
];

impl Vary {
    /// Nothing.
    pub const NONE: Vary = Vary(0);
    /// `Origin`
    pub const ORIGIN: Vary = Vary(1);
    /// `Access-Control-Request-Method`
    pub const REQUEST_METHOD: Vary = Vary(2);
    /// `Access-Control-Request-Headers`
    pub const REQUEST_HEADERS: Vary = Vary(4);

    /// The set as bits: `ORIGIN` 1, `REQUEST_METHOD` 2, `REQUEST_HEADERS` 4.
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// The set with these bits (others ignored).
    pub const fn from_bits(bits: u8) -> Vary {
        Vary(bits & 7)
    }

    /// Both sets.
    pub const fn union(self, other: Vary) -> Vary {
        Vary(self.0 | other.0)
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The names joined with `, `, or `None` when empty.
    pub const fn as_str(self) -> Option<&'static str> {
        if self.0 == 0 {
            None
        } else {
            Some(VARY_JOINED[(self.0 & 7) as usize])
        }
    }

    /// Drops the names an existing `Vary` line already lists (case-insensitively); a `*` there
    /// already covers everything. Appending only the rest means two stacked layers never
    /// duplicate an entry.
    pub fn without_listed(self, existing: &[u8]) -> Vary {
        let mut left = self.0;
        for item in existing.split(|&b| b == b',') {
            let item = item.trim_ascii();
            if item == b"*" {
                return Vary::NONE;
            }
            for (bit, name) in VARY_NAMES.iter().enumerate() {
                if item.eq_ignore_ascii_case(name.as_bytes()) {
                    left &= !(1 << bit);
                }
            }
        }
        Vary(left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;

    #[test]
    fn vary_merging() {
        let all = Vary::ORIGIN
            .union(Vary::REQUEST_METHOD)
            .union(Vary::REQUEST_HEADERS);
        assert_eq!(
            all.without_listed(b"Accept-Encoding").as_str(),
            Some(VARY_JOINED[7])
        );
        assert_eq!(
            all.without_listed(b"ORIGIN ,access-control-request-headers")
                .as_str(),
            Some("Access-Control-Request-Method")
        );
        assert_eq!(all.without_listed(b" * ").as_str(), None);
        assert_eq!(
            Vary::ORIGIN.without_listed(b"origins").as_str(),
            Some("Origin")
        );
        assert_eq!(Vary::NONE.as_str(), None);
    }

    #[test]
    fn debug_reads_as_text() {
        let lines: &[&[u8]] = &[b"x-a", b"x-\xffb"];
        let h = Headers {
            allow_origin: Some(Value::Echo(b"https://a.example")),
            allow_headers: AllowHeadersValue::Echo(lines),
            ..Headers::default()
        };
        let text = std::format!("{:?}", Decision::Actual(h));
        assert!(
            text.contains(r#"allow_origin: Some(Echo("https://a.example"))"#),
            "{text}"
        );
        assert!(text.contains(r#"Echo(["x-a", "x-\xffb"])"#), "{text}");
    }

    #[test]
    fn echoed_header_lines_skip_empty_ones() {
        let lines: &[&[u8]] = &[b"x-a", b" , ", b"x-b"];
        let h = Headers {
            allow_headers: AllowHeadersValue::Echo(lines),
            ..Headers::default()
        };
        let got: std::vec::Vec<_> = h.iter().collect();
        assert_eq!(
            got,
            [
                (name::ALLOW_HEADERS, Value::Echo(b"x-a")),
                (name::ALLOW_HEADERS, Value::Echo(b"x-b"))
            ]
        );
    }
}
