//! The compiled policy and the per-request decision: one implementation for a policy compiled
//! by `cors_policy!` ([`Policy`]) and one built at run time ([`OwnedPolicy`]), which differ only
//! in where their tables and strings live ([`Storage`]).
//!
//! [`OwnedPolicy`]: crate::OwnedPolicy

use core::fmt;

use crate::decision::{AllowHeadersValue, Decision, Headers, Preflight, Value, Vary};
use crate::header_list::{self, AllowHeaders};
use crate::method::{known_method, AllowMethods};
use crate::origin::{is_visible_ascii, Origins};
use crate::rejection::Rejection;
use crate::request::Request;
use crate::storage::{Static, Storage};
use crate::table::Table;
use crate::token::is_token;

/// The origins a policy allows.
// A compiled policy lives in a `static` and is never moved at run time, so the variants' size
// difference costs nothing; boxing is impossible in a const anyway.
#[allow(clippy::large_enum_variant)]
pub enum AllowOrigins<S: Storage> {
    /// `allow_origins: *` (never with credentials): `Access-Control-Allow-Origin: *`.
    Any,
    /// Listed origins and patterns; an allowed origin is echoed.
    List(Origins<S>),
}

impl<S: Storage> fmt::Debug for AllowOrigins<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllowOrigins::Any => f.write_str("Any"),
            AllowOrigins::List(list) => list.fmt(f),
        }
    }
}

/// A CORS policy: perfect-hash tables of origins and header names, and response header values
/// joined in advance.
///
/// A `Policy` (storage [`Static`], the default) is const data compiled by the `cors_policy!`
/// macro; an [`OwnedPolicy`](crate::OwnedPolicy) (`Policy<Owned>`) is built at run time from a
/// configuration under exactly the same rules. Both are decided by the same code, and every
/// rule was checked before one could exist, so a policy can always be used as is.
pub struct Policy<S: Storage = Static> {
    origins: AllowOrigins<S>,
    methods: AllowMethods<S>,
    headers: AllowHeaders<S>,
    expose: Option<S::Str>,
    credentials: bool,
    max_age: Option<(u32, S::Str)>,
    private_network: bool,
}

impl<S: Storage> fmt::Debug for Policy<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("origins", &self.origins)
            .field("methods", &self.methods)
            .field("headers", &self.headers)
            .field("expose", &self.expose.as_ref().map(crate::storage::text))
            .field("credentials", &self.credentials)
            .field("max_age", &self.max_age())
            .field("private_network", &self.private_network)
            .finish()
    }
}

impl Policy<Static> {
    /// Assembles a policy from the macro's output. Not a public constructor: the macro is the
    /// only thing that checks the rules.
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub const fn __new(
        origins: AllowOrigins<Static>,
        methods: AllowMethods<Static>,
        headers: AllowHeaders<Static>,
        expose: Option<&'static str>,
        credentials: bool,
        max_age: Option<(u32, &'static str)>,
        private_network: bool,
    ) -> Policy {
        // Adapters turn these strings into header values without re-checking them per request
        // (`ValueSource::Trusted`); this makes that sound for any `Policy`, and costs nothing at
        // run time because policies are built in const context.
        let methods_ok = match methods {
            AllowMethods::List(_, Some(joined)) => is_header_value(joined),
            _ => true,
        };
        let headers_ok = match headers {
            AllowHeaders::List(_, Some(joined)) => is_header_value(joined),
            _ => true,
        };
        let expose_ok = match expose {
            Some(names) => is_header_value(names),
            None => true,
        };
        let max_age_ok = match max_age {
            Some((_, text)) => is_header_value(text),
            None => true,
        };
        assert!(
            methods_ok && headers_ok && expose_ok && max_age_ok,
            "a Policy's joined values must be valid header values"
        );
        Policy::assemble(
            origins,
            methods,
            headers,
            expose,
            credentials,
            max_age,
            private_network,
        )
    }

    /// What the macro expands to after its compile errors, so that the errors are the only
    /// output (no type errors or unreachable-code warnings follow them). Allows nothing.
    #[doc(hidden)]
    pub const __INVALID: Policy = Policy::__new(
        AllowOrigins::List(Origins::new(Table::EMPTY, Table::EMPTY, Table::EMPTY, &[])),
        AllowMethods::<Static>::List(&[], None),
        AllowHeaders::<Static>::List(Table::EMPTY, None),
        None,
        false,
        None,
        false,
    );
}

impl<S: Storage> Policy<S> {
    /// Assembles a policy from checked parts: for a compiled policy after `__new`'s checks, for
    /// a run-time one from [`SharedStr`]s (valid header values by construction).
    ///
    /// [`SharedStr`]: crate::SharedStr
    #[allow(clippy::too_many_arguments)]
    pub(crate) const fn assemble(
        origins: AllowOrigins<S>,
        methods: AllowMethods<S>,
        headers: AllowHeaders<S>,
        expose: Option<S::Str>,
        credentials: bool,
        max_age: Option<(u32, S::Str)>,
        private_network: bool,
    ) -> Self {
        Policy {
            origins,
            methods,
            headers,
            expose,
            credentials,
            max_age,
            private_network,
        }
    }
}

impl<S: Storage> Policy<S> {
    /// Decides what CORS requires for `request`. Allocates nothing; every value in the result is
    /// a string of the policy or borrowed from `request`.
    ///
    /// ```
    /// use checked_cors::{cors_policy, Decision, Policy, Preflight, Rejection, Request};
    ///
    /// static API: Policy = cors_policy! {
    ///     allow_origins: ["https://app.example.com"],
    ///     allow_methods: [PUT],
    ///     allow_headers: ["x-request-id"],
    /// };
    ///
    /// let preflight = Request {
    ///     method: b"OPTIONS",
    ///     origins: &[b"https://app.example.com"],
    ///     request_method: &[b"PUT"],
    ///     request_headers: &[b"x-request-id,x-secret"],
    ///     private_network: false,
    /// };
    /// assert_eq!(
    ///     API.decide(&preflight),
    ///     Decision::Preflight(Preflight::Rejected(Rejection::HeaderNotAllowed(b"x-secret")))
    /// );
    /// ```
    pub fn decide<'a>(&'a self, request: &Request<'a>) -> Decision<'a> {
        let origin = match request.origins {
            [] => return Decision::NotCors(self.not_cors()),
            [origin] => Some(*origin),
            [..] => None,
        };
        if !request.is_preflight() {
            return Decision::Actual(self.actual(origin));
        }
        let checked = self.check_preflight(
            request.origins,
            request.request_method,
            request.request_headers,
            request.private_network,
        );
        Decision::Preflight(match checked {
            Ok(allowed) => Preflight::Allowed(self.allowed_preflight(
                allowed.allow_origin,
                allowed.method,
                request.request_headers,
                request.private_network,
            )),
            Err(reason) => Preflight::Rejected(reason),
        })
    }

    /// The headers of an actual request with this single `Origin` (`None`: several lines).
    /// An actual request needs only the verdict, not the reason.
    #[inline(always)]
    pub(crate) fn actual<'a>(&'a self, origin: Option<&'a [u8]>) -> Headers<'a> {
        self.forwarded(origin).into()
    }

    /// The headers of a request without `Origin`: only `Vary`.
    #[inline(always)]
    pub(crate) fn not_cors<'a>(&self) -> Headers<'a> {
        self.not_forwarded().into()
    }

    /// [`Self::actual`] as the four headers an actual request can get: what an adapter's hot
    /// path carries to the handler's response, with nothing else to build or move.
    #[inline(always)]
    pub(crate) fn forwarded<'p, 'r>(&'p self, origin: Option<&'r [u8]>) -> Forwarded<'p, 'r> {
        let mut headers = self.not_forwarded();
        if let Some(allow_origin) = origin.and_then(|o| self.allow_origin(o)) {
            headers.allow_origin = Some(allow_origin);
            headers.allow_credentials = self.credentials;
            headers.expose_headers = self.expose.as_ref().map(S::value);
        }
        headers
    }

    /// [`Self::not_cors`] as [`Forwarded`].
    #[inline(always)]
    pub(crate) fn not_forwarded<'p, 'r>(&self) -> Forwarded<'p, 'r> {
        Forwarded {
            allow_origin: None,
            allow_credentials: false,
            expose_headers: None,
            vary: self.vary_origin(),
        }
    }

    /// Every check of a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`),
    /// in order; the first failure is the reason.
    ///
    /// The lists of lines are borrowed for this call only (an adapter may collect them on its
    /// stack), while what comes back borrows the request's bytes themselves.
    pub(crate) fn check_preflight<'a>(
        &'a self,
        origins: &[&'a [u8]],
        request_method: &[&'a [u8]],
        request_headers: &[&'a [u8]],
        private_network: bool,
    ) -> Result<AllowedPreflight<'a>, Rejection<'a>> {
        let allow_origin = match *origins {
            [origin] => self.check_origin(origin)?,
            _ => return Err(Rejection::SeveralOrigins),
        };
        let method = match *request_method {
            [m] if is_token(m) => m,
            [m, ..] => return Err(Rejection::InvalidMethod(m)),
            [] => return Err(Rejection::InvalidMethod(b"")),
        };
        if !self.methods.allows(method) {
            return Err(Rejection::MethodNotAllowed(method));
        }
        header_list::check(request_headers, &self.headers)?;
        if private_network && !self.private_network {
            return Err(Rejection::PrivateNetworkNotAllowed);
        }
        Ok(AllowedPreflight {
            allow_origin,
            method,
        })
    }

    /// The headers of a preflight that passed every check: the one place that says what an
    /// allowed preflight's answer carries. Adapters also build their prepared answers from it
    /// (`http::PreflightTemplate`), so a template can never disagree with a fresh answer.
    pub(crate) fn allowed_preflight<'a>(
        &'a self,
        allow_origin: Value<'a>,
        method: &'a [u8],
        request_headers: &'a [&'a [u8]],
        private_network: bool,
    ) -> Headers<'a> {
        Headers {
            allow_origin: Some(allow_origin),
            allow_credentials: self.credentials,
            allow_methods: self.allow_methods(method),
            allow_headers: self.allow_headers(request_headers),
            max_age: self.max_age.as_ref().map(|(_, text)| S::value(text)),
            allow_private_network: private_network,
            expose_headers: None,
            // The answer (204 or 403, and the echoed values) depends on all three.
            vary: self
                .vary_origin()
                .union(Vary::REQUEST_METHOD)
                .union(Vary::REQUEST_HEADERS),
        }
    }

    /// `Access-Control-Allow-Methods` of an allowed preflight for `method`.
    #[inline]
    pub(crate) fn allow_methods<'a>(&'a self, method: &'a [u8]) -> Option<Value<'a>> {
        match &self.methods {
            // A common method is sent as this crate's own spelling (the same bytes), so an
            // adapter need not clone, let alone copy, the request's line.
            AllowMethods::Any => {
                Some(known_method(method).map_or(Value::Echo(method), Value::Static))
            }
            AllowMethods::List(_, joined) => joined.as_ref().map(S::value),
        }
    }

    /// `Access-Control-Allow-Headers` of an allowed preflight for these request lines.
    #[inline]
    pub(crate) fn allow_headers<'a>(
        &'a self,
        request_headers: &'a [&'a [u8]],
    ) -> AllowHeadersValue<'a> {
        match &self.headers {
            AllowHeaders::Any if header_list::has_names(request_headers) => {
                AllowHeadersValue::Echo(request_headers)
            }
            AllowHeaders::Any => AllowHeadersValue::None,
            AllowHeaders::List(_, Some(joined)) => AllowHeadersValue::Listed(S::value(joined)),
            AllowHeaders::List(_, None) => AllowHeadersValue::None,
        }
    }

    /// `Access-Control-Allow-Origin` for an allowed origin.
    #[inline(always)]
    fn allow_origin<'p, 'r>(&'p self, origin: &'r [u8]) -> Option<AllowOrigin<'p, 'r>> {
        match &self.origins {
            AllowOrigins::Any => {
                is_visible_ascii(origin).then_some(AllowOrigin::Policy(Value::Static("*")))
            }
            AllowOrigins::List(list) => list.allow_origin(origin),
        }
    }

    /// [`Self::allow_origin`], or why not.
    fn check_origin<'a>(&'a self, origin: &'a [u8]) -> Result<Value<'a>, Rejection<'a>> {
        // The reason is only worked out for a refusal: an allowed origin is never scanned.
        self.allow_origin(origin)
            .map(AllowOrigin::value)
            .ok_or_else(|| {
                if is_visible_ascii(origin) {
                    Rejection::OriginNotAllowed(origin)
                } else {
                    Rejection::InvalidOrigin(origin)
                }
            })
    }

    /// `Vary: Origin` unless the answer never depends on the origin (`allow_origins: *`).
    fn vary_origin(&self) -> Vary {
        match self.origins {
            AllowOrigins::Any => Vary::NONE,
            AllowOrigins::List(_) => Vary::ORIGIN,
        }
    }

    /// What debug mode answers a preflight that `decide` refused for `reason`: if the origin is
    /// allowed and the refusal is about the method, the requested headers or private network
    /// access, the headers the policy sends for that origin (`Access-Control-Allow-Origin`,
    /// `-Allow-Credentials` when credentials are allowed, and the policy's own listed methods
    /// and headers), to be sent with an ok status, so that the browser's console names the part
    /// that failed instead of a missing `Access-Control-Allow-Origin`. The browser still blocks
    /// the request: nothing the request asked for beyond the policy is in the answer.
    ///
    /// `None` for anything else: a refused origin (or several `Origin` lines) learns nothing
    /// more than outside debug mode, and no value of the request but its allowed origin is ever
    /// sent back.
    ///
    /// ```
    /// use checked_cors::{cors_policy, Decision, Policy, Preflight, Request};
    ///
    /// static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"], allow_methods: [PUT] };
    /// let preflight = Request {
    ///     method: b"OPTIONS",
    ///     origins: &[b"https://app.example.com"],
    ///     request_method: &[b"DELETE"],
    ///     ..Request::default()
    /// };
    /// let Decision::Preflight(Preflight::Rejected(reason)) = API.decide(&preflight) else { unreachable!() };
    /// let explained = API.explain(&preflight, &reason).unwrap();
    /// let sent: Vec<_> = explained.iter().map(|(n, v)| (n, v.as_bytes())).collect();
    /// assert_eq!(sent, [
    ///     ("access-control-allow-origin", &b"https://app.example.com"[..]),
    ///     ("access-control-allow-methods", b"PUT"),
    /// ]);
    /// // A foreign origin gets nothing more than a 403.
    /// let foreign = Request { origins: &[b"https://evil.example"], ..preflight };
    /// let Decision::Preflight(Preflight::Rejected(reason)) = API.decide(&foreign) else { unreachable!() };
    /// assert!(API.explain(&foreign, &reason).is_none());
    /// ```
    pub fn explain<'a>(
        &'a self,
        request: &Request<'a>,
        reason: &Rejection<'a>,
    ) -> Option<Headers<'a>> {
        match reason {
            Rejection::InvalidMethod(_)
            | Rejection::MethodNotAllowed(_)
            | Rejection::HeaderListTooLong
            | Rejection::InvalidHeaderName(_)
            | Rejection::HeaderNotAllowed(_)
            | Rejection::PrivateNetworkNotAllowed => {}
            _ => return None,
        }
        let allow_origin = match request.origins {
            [origin] => self.allow_origin(origin)?.value(),
            _ => return None,
        };
        // The policy's own lists only: `*` would echo the request, which a refused preflight
        // never gets back.
        let allow_methods = match &self.methods {
            AllowMethods::List(_, joined) => joined.as_ref().map(S::value),
            AllowMethods::Any => None,
        };
        let allow_headers = match &self.headers {
            AllowHeaders::List(_, Some(joined)) => AllowHeadersValue::Listed(S::value(joined)),
            _ => AllowHeadersValue::None,
        };
        Some(Headers {
            allow_origin: Some(allow_origin),
            allow_credentials: self.credentials,
            allow_methods,
            allow_headers,
            max_age: None,
            allow_private_network: false,
            expose_headers: None,
            vary: self
                .vary_origin()
                .union(Vary::REQUEST_METHOD)
                .union(Vary::REQUEST_HEADERS),
        })
    }

    /// Whether an `Origin` header with exactly these bytes is allowed.
    ///
    /// ```
    /// use checked_cors::{cors_policy, Policy};
    /// static API: Policy = cors_policy! { allow_origins: ["https://*.example.com"] };
    /// assert!(API.allows_origin(b"https://a.b.example.com"));
    /// assert!(!API.allows_origin(b"https://example.com"));
    /// assert!(!API.allows_origin(b"https://evilexample.com"));
    /// ```
    // Inline, so that a call on a `static` policy folds the table's shape (seed, window, shift)
    // into the code: the lookup is then as short as a hand-written one.
    #[inline]
    pub fn allows_origin(&self, origin: &[u8]) -> bool {
        self.allow_origin(origin).is_some()
    }

    /// Whether the policy allows any origin (`allow_origins: *`).
    pub fn allows_any_origin(&self) -> bool {
        matches!(self.origins, AllowOrigins::Any)
    }

    /// Whether a preflight's requested headers are echoed (`allow_headers: *`).
    #[cfg(feature = "http")]
    pub(crate) fn echoes_request_headers(&self) -> bool {
        matches!(self.headers, AllowHeaders::Any)
    }

    /// Whether a preflight's requested method is sent back (`allow_methods: *`).
    #[cfg(feature = "http")]
    pub(crate) fn echoes_request_method(&self) -> bool {
        matches!(self.methods, AllowMethods::Any)
    }

    /// Whether credentialed requests are allowed.
    pub fn allows_credentials(&self) -> bool {
        self.credentials
    }

    /// Whether private network access is allowed.
    pub fn allows_private_network(&self) -> bool {
        self.private_network
    }

    /// `Access-Control-Max-Age` in seconds, if set.
    pub fn max_age(&self) -> Option<u32> {
        self.max_age.as_ref().map(|(secs, _)| *secs)
    }

    /// The exact origins the policy lists (not the patterns), in table order.
    pub fn exact_origins(&self) -> impl Iterator<Item = &str> + '_ {
        let table = match &self.origins {
            AllowOrigins::List(list) => Some(list.exact()),
            AllowOrigins::Any => None,
        };
        table
            .into_iter()
            .flat_map(|t| t.keys())
            .map(crate::storage::text)
    }

    /// How many origin patterns (`*.` hosts or `:*` ports) the policy lists, by key.
    pub fn pattern_count(&self) -> usize {
        match &self.origins {
            AllowOrigins::List(list) => {
                let count = |t: &Table<S, crate::origin::SchemePorts<S>>| {
                    t.keys()
                        .map(|k| t.get(k.as_ref()).map_or(0, |v| v.len()))
                        .sum::<usize>()
                };
                count(list.hosts()) + count(list.subdomains())
            }
            AllowOrigins::Any => 0,
        }
    }
}

/// The headers a request that reaches the handler (actual or not CORS) gets: strings of the
/// policy (`'p`) and, for an origin matched by a pattern, the request's origin (`'r`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Forwarded<'p, 'r> {
    pub(crate) allow_origin: Option<AllowOrigin<'p, 'r>>,
    pub(crate) allow_credentials: bool,
    pub(crate) expose_headers: Option<Value<'p>>,
    pub(crate) vary: Vary,
}

/// `Access-Control-Allow-Origin` for an allowed origin: a string of the policy (a listed origin,
/// or `*`), or the request's origin echoed (matched by a pattern). Kept apart so that an adapter
/// can hold the first after the request is gone.
#[derive(Clone, Copy, Debug)]
pub(crate) enum AllowOrigin<'p, 'r> {
    Policy(Value<'p>),
    Echo(&'r [u8]),
}

impl<'p, 'r> AllowOrigin<'p, 'r> {
    /// As a decision's value.
    #[inline(always)]
    pub(crate) fn value<'a>(self) -> Value<'a>
    where
        'p: 'a,
        'r: 'a,
    {
        match self {
            AllowOrigin::Policy(value) => value,
            AllowOrigin::Echo(origin) => Value::Echo(origin),
        }
    }
}

/// A decision's `Access-Control-Allow-Origin` value, told apart again: an echo is the
/// request's, any other value the policy's. The inverse of [`AllowOrigin::value`].
impl<'a> From<Value<'a>> for AllowOrigin<'a, 'a> {
    #[inline(always)]
    fn from(value: Value<'a>) -> Self {
        match value {
            Value::Echo(origin) => AllowOrigin::Echo(origin),
            policy => AllowOrigin::Policy(policy),
        }
    }
}

impl<'a> From<Forwarded<'a, 'a>> for Headers<'a> {
    #[inline(always)]
    fn from(f: Forwarded<'a, 'a>) -> Headers<'a> {
        Headers {
            allow_origin: f.allow_origin.map(AllowOrigin::value),
            allow_credentials: f.allow_credentials,
            expose_headers: f.expose_headers,
            vary: f.vary,
            ..Headers::default()
        }
    }
}

/// What an allowed preflight's answer depends on besides the policy and the requested headers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AllowedPreflight<'a> {
    /// `Access-Control-Allow-Origin`.
    pub(crate) allow_origin: Value<'a>,
    /// The requested method (a token the policy allows).
    pub(crate) method: &'a [u8],
}

/// What `http::HeaderValue` accepts: visible ASCII, space and tab.
pub(crate) const fn is_header_value(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b == b'\t' || (b >= 0x20 && b < 0x7f)) {
            return false;
        }
        i += 1;
    }
    true
}

/// A policy, held by reference or owned: what a prepared answer or an adapter serves. Lets one
/// type hold either a compiled policy (`&'static Policy`) or a run-time one it owns.
pub trait AsPolicy {
    /// Where the policy's tables and strings live.
    type Storage: Storage;
    /// The policy.
    fn as_policy(&self) -> &Policy<Self::Storage>;
}

impl<S: Storage> AsPolicy for Policy<S> {
    type Storage = S;
    #[inline(always)]
    fn as_policy(&self) -> &Policy<S> {
        self
    }
}

impl<T: AsPolicy + ?Sized> AsPolicy for &T {
    type Storage = T::Storage;
    #[inline(always)]
    fn as_policy(&self) -> &Policy<T::Storage> {
        (**self).as_policy()
    }
}
