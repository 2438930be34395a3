//! The headers an actual (or non-CORS) request adds to the handler's response.

use http::header::{
    Entry, HeaderName, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD,
    ORIGIN, VARY,
};
use http::{HeaderMap, HeaderValue};

use super::value::{self, fixed, TRUE};
use crate::decision::{Headers, Value, ValueSource};
use crate::policy::{AllowOrigin, Forwarded};
use crate::storage::SharedStr;
use crate::Vary;

/// The headers to add to a handler's response.
///
/// An actual request only ever gets `Access-Control-Allow-Origin`, `-Allow-Credentials`,
/// `-Expose-Headers` and `Vary`, so those four are all this holds, applied with constant header
/// names. For a compiled policy a listed origin is the policy's own `&'static` copy; only an
/// origin matched by a pattern echoes (clones) the request's value, and only then does this own
/// anything: [`PendingHeaders::into_fixed`] gives every other case as `Copy` [`FixedHeaders`].
///
/// A run-time policy's strings are borrowed from the policy (`'p`) until
/// [`into_owned`](PendingHeaders::into_owned) shares them (a reference count each), so that an
/// adapter can do that after calling the inner service, with nothing to drop alive during the
/// call ([`PendingHeaders::into_shared`]). Made by [`PendingHeaders::new`], they are owned
/// already (`'static`).
#[derive(Clone, Debug)]
pub struct PendingHeaders<'p>(Repr<'p>);

/// `Fixed` is the common case of a compiled policy, kept apart so that it moves and is told
/// apart as cheaply as [`FixedHeaders`] alone.
#[derive(Clone, Debug)]
enum Repr<'p> {
    Fixed(FixedHeaders),
    Shared(SharedHeaders<'p>),
    Owned(OwnedHeaders),
}

/// [`PendingHeaders`] that own a value: an origin matched by a pattern (the request's line),
/// or a run-time policy's strings after [`SharedHeaders::into_owned`] (shared with it).
#[derive(Clone, Debug)]
pub struct OwnedHeaders {
    fixed: FixedHeaders,
    /// `Access-Control-Allow-Origin` when it is not a `&'static` string: the request's own
    /// line (an origin matched by a pattern), a run-time policy's string, or a checked copy.
    allow_origin: Option<HeaderValue>,
    /// `Access-Control-Expose-Headers` of a run-time policy.
    expose_headers: Option<HeaderValue>,
}

impl OwnedHeaders {
    /// Adds the headers to `response`, as [`FixedHeaders::apply`] does.
    #[inline(always)]
    pub fn apply(mut self, response: &mut HeaderMap) {
        let fixed = self.fixed;
        fixed.apply_with(&mut self.allow_origin, &mut self.expose_headers, response);
    }

    /// Adds the headers held in `slot` (in a response future) to `response` and empties it:
    /// `slot.take()` then [`OwnedHeaders::apply`], except that each value sent moves once,
    /// from `slot` straight into `response` (taking the whole headers out first cost the tower
    /// adapter about 30 instructions per request, callgrind). A value not sent, because the
    /// handler set that header itself, is dropped here. A second call adds nothing.
    #[inline(always)]
    pub fn apply_from(slot: &mut Option<OwnedHeaders>, response: &mut HeaderMap) {
        if let Some(headers) = slot {
            let fixed = headers.fixed;
            fixed.apply_with(
                &mut headers.allow_origin,
                &mut headers.expose_headers,
                response,
            );
        }
        *slot = None;
    }
}

/// [`PendingHeaders`] whose values are all strings of a run-time policy, borrowed from it:
/// `Copy`, owning nothing. [`SharedHeaders::into_owned`] shares the strings (a reference count
/// each) so that they can outlive the policy's guard.
#[derive(Clone, Copy, Debug)]
pub struct SharedHeaders<'p> {
    fixed: FixedHeaders,
    allow_origin: Option<&'p SharedStr>,
    expose_headers: Option<&'p SharedStr>,
}

impl SharedHeaders<'_> {
    /// The same headers, sharing the policy's strings.
    #[inline(always)]
    pub fn into_owned(self) -> OwnedHeaders {
        let share = |s: &SharedStr| value::build(ValueSource::Shared(s));
        OwnedHeaders {
            fixed: self.fixed,
            allow_origin: self.allow_origin.map(share),
            expose_headers: self.expose_headers.map(share),
        }
    }
}

/// [`PendingHeaders`] whose values are all strings of the policy (every case but an origin
/// matched by a pattern): `Copy`, owning nothing.
///
/// A response future that holds these instead of [`PendingHeaders`] has nothing to drop while
/// the inner service is called, so the compiler builds it in place rather than through copies:
/// about 130 instructions per request less in the tower adapter (callgrind).
///
/// ```
/// use checked_cors::{cors_policy, Policy};
/// use checked_cors_runtime::http::{CorsRequest, PreflightTemplate, Respond};
/// use http::{HeaderMap, Method};
///
/// static API: Policy = cors_policy! { allow_origins: ["https://app.example.com", "https://*.example.org"] };
/// let template = PreflightTemplate::new(&API);
/// let forward = |origin: &'static str| {
///     let mut request = HeaderMap::new();
///     request.insert("origin", origin.parse().unwrap());
///     match CorsRequest::new(&Method::GET, &request).respond(&template) {
///         Respond::Forward(pending) => pending,
///         Respond::Answer(..) => unreachable!("not a preflight"),
///     }
/// };
/// let listed = forward("https://app.example.com").into_fixed().expect("the policy's own copy");
/// let mut response = HeaderMap::new();
/// listed.apply(&mut response);
/// assert_eq!(response["access-control-allow-origin"], "https://app.example.com");
/// // A pattern match echoes the request's line: owned, so not fixed.
/// assert!(forward("https://a.example.org").into_fixed().is_err());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct FixedHeaders {
    /// A [`ValueSource::Trusted`] string: a listed origin that equals the request's line, or `*`.
    allow_origin: Option<&'static str>,
    allow_credentials: bool,
    expose_headers: Option<&'static str>,
    vary: Vary,
}

impl PendingHeaders<'static> {
    /// Captures an actual (or non-CORS) decision's headers. Preflight headers are answered at
    /// once with [`preflight_response`](super::preflight_response) and never need this.
    pub fn new(headers: &Headers<'_>, request: &HeaderMap) -> Self {
        Self::with_origin(headers, request.get(ORIGIN))
    }

    /// [`PendingHeaders::new`] with the request's first `Origin` value already at hand (from
    /// [`RequestParts::new_with_origin`](crate::RequestParts::new_with_origin)).
    #[inline(always)]
    pub fn with_origin(headers: &Headers<'_>, origin: Option<&HeaderValue>) -> Self {
        let headers = Forwarded {
            allow_origin: headers.allow_origin().map(AllowOrigin::from),
            allow_credentials: headers.allow_credentials(),
            expose_headers: headers.expose_headers(),
            vary: headers.vary(),
        };
        PendingHeaders::forwarded(headers, origin).into_owned()
    }
}

impl<'p> PendingHeaders<'p> {
    /// [`PendingHeaders::with_origin`] from the four headers alone (the adapters' hot path).
    #[inline(always)]
    pub(crate) fn forwarded(headers: Forwarded<'p, '_>, origin: Option<&HeaderValue>) -> Self {
        let mut fixed = FixedHeaders {
            allow_origin: None,
            allow_credentials: headers.allow_credentials,
            expose_headers: None,
            vary: headers.vary,
        };
        let (mut allow_origin, mut shared_origin) = (None, None);
        match headers.allow_origin {
            Some(AllowOrigin::Policy(listed)) => match listed.allow_origin_source(origin) {
                ValueSource::Trusted(listed) => fixed.allow_origin = Some(listed),
                ValueSource::Shared(listed) => shared_origin = Some(listed),
                other => allow_origin = Some(value::build(other)),
            },
            Some(AllowOrigin::Echo(echo)) => {
                allow_origin = Some(value::build(Value::Echo(echo).allow_origin_source(origin)))
            }
            None => {}
        }
        let mut shared_expose = None;
        if let Some(names) = headers.expose_headers {
            match names.source(None::<&HeaderValue>) {
                ValueSource::Trusted(names) => fixed.expose_headers = Some(names),
                ValueSource::Shared(names) => shared_expose = Some(names),
                // `Access-Control-Expose-Headers` is always the policy's own string (`Static` or
                // `Shared`), never an echo of the request; the oracles compare every forwarded
                // response with the model, so a lost header would fail them.
                _ => {}
            }
        }
        PendingHeaders(match (allow_origin, shared_origin, shared_expose) {
            (None, None, None) => Repr::Fixed(fixed),
            (None, allow_origin, expose_headers) => Repr::Shared(SharedHeaders {
                fixed,
                allow_origin,
                expose_headers,
            }),
            // An echoed origin: owned already; the policy's strings are shared now.
            (allow_origin, _, expose_headers) => Repr::Owned(OwnedHeaders {
                allow_origin,
                ..SharedHeaders {
                    fixed,
                    allow_origin: None,
                    expose_headers,
                }
                .into_owned()
            }),
        })
    }

    /// These headers as `Copy` data, unless they hold a value that is not a `&'static` string
    /// (an origin matched by a pattern, or a run-time policy's string).
    #[inline(always)]
    pub fn into_fixed(self) -> Result<FixedHeaders, Self> {
        match self.0 {
            Repr::Fixed(fixed) => Ok(fixed),
            other => Err(PendingHeaders(other)),
        }
    }

    /// These headers as `Copy` data borrowing a run-time policy's strings, unless they own a
    /// value (an origin matched by a pattern) or are [fixed](PendingHeaders::into_fixed).
    #[inline(always)]
    pub fn into_shared(self) -> Result<SharedHeaders<'p>, Self> {
        match self.0 {
            Repr::Shared(shared) => Ok(shared),
            other => Err(PendingHeaders(other)),
        }
    }

    /// The same headers, owning (sharing) what they borrowed, so that they can outlive the
    /// policy they came from.
    #[inline(always)]
    pub fn into_owned(self) -> PendingHeaders<'static> {
        match self.0 {
            Repr::Fixed(fixed) => PendingHeaders(Repr::Fixed(fixed)),
            Repr::Shared(shared) => PendingHeaders(Repr::Owned(shared.into_owned())),
            Repr::Owned(owned) => PendingHeaders(Repr::Owned(owned)),
        }
    }

    /// Adds the headers to `response`, as [`FixedHeaders::apply`] does.
    #[inline]
    pub fn apply(self, response: &mut HeaderMap) {
        match self.0 {
            Repr::Fixed(fixed) => fixed.apply(response),
            Repr::Shared(shared) => shared.into_owned().apply(response),
            Repr::Owned(owned) => owned.apply(response),
        }
    }
}

impl FixedHeaders {
    /// Adds the headers to `response` without overwriting any the handler set, and appends the
    /// `Vary` names it does not list yet.
    ///
    /// A handler sets a handful of headers, so one pass over its names tells which of ours it
    /// set, and ours are then appended: no hash and probe to look for them first. (The entry
    /// API, a lookup fused with the insert, measured 70 instructions more per header than a
    /// plain append.) A response with more than 16 names is asked by lookups instead.
    #[inline(always)]
    pub fn apply(self, response: &mut HeaderMap) {
        self.apply_with(&mut None, &mut None, response);
    }

    /// Adds these headers, with `Access-Control-Allow-Origin` and `-Expose-Headers` given as
    /// header values when they are not `&'static` strings (taken when sent).
    #[inline(always)]
    fn apply_with(
        self,
        owned_origin: &mut Option<HeaderValue>,
        owned_expose: &mut Option<HeaderValue>,
        response: &mut HeaderMap,
    ) {
        let set = HandlerSet::of(response);
        // Each value is made only if it is sent, from the `&'static` string when there is one.
        if !set.allow_origin {
            if let Some(listed) = self.allow_origin {
                response.append(ACCESS_CONTROL_ALLOW_ORIGIN, fixed(listed));
            } else if let Some(value) = owned_origin.take() {
                response.append(ACCESS_CONTROL_ALLOW_ORIGIN, value);
            }
        }
        if self.allow_credentials && !set.allow_credentials {
            response.append(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        }
        if !set.expose_headers {
            if let Some(names) = self.expose_headers {
                response.append(ACCESS_CONTROL_EXPOSE_HEADERS, fixed(names));
            } else if let Some(names) = owned_expose.take() {
                response.append(ACCESS_CONTROL_EXPOSE_HEADERS, names);
            }
        }
        if set.vary {
            append_vary(self.vary, response);
        } else if !self.vary.is_empty() {
            response.append(VARY, value::vary(self.vary));
        }
    }
}

/// Above this many names in a handler's response, [`PendingHeaders::apply`] looks its four names
/// up instead of reading every name once (the number `FixedHeaders::apply`'s docs give).
const SCAN_MAX: usize = 16;

/// Which of the headers an actual request may add the handler set itself.
#[derive(Clone, Copy, Default)]
struct HandlerSet {
    allow_origin: bool,
    allow_credentials: bool,
    expose_headers: bool,
    vary: bool,
}

impl HandlerSet {
    #[inline(always)]
    fn of(response: &HeaderMap) -> Self {
        let mut set = HandlerSet::default();
        if response.keys_len() > SCAN_MAX {
            set.allow_origin = response.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN);
            set.allow_credentials = response.contains_key(ACCESS_CONTROL_ALLOW_CREDENTIALS);
            set.expose_headers = response.contains_key(ACCESS_CONTROL_EXPOSE_HEADERS);
            set.vary = response.contains_key(VARY);
            return set;
        }
        for name in response.keys() {
            if *name == ACCESS_CONTROL_ALLOW_ORIGIN {
                set.allow_origin = true;
            } else if *name == ACCESS_CONTROL_ALLOW_CREDENTIALS {
                set.allow_credentials = true;
            } else if *name == ACCESS_CONTROL_EXPOSE_HEADERS {
                set.expose_headers = true;
            } else if *name == VARY {
                set.vary = true;
                // Nothing left to learn. (Also what keeps LLVM from unrolling this loop: the
                // set-up of an unrolled one cost 7 instructions per request for a handler's
                // one or two names, callgrind.)
                if set.allow_origin && set.allow_credentials && set.expose_headers {
                    break;
                }
            }
        }
        set
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
            slot.insert(value::vary(vary));
        }
        Entry::Occupied(mut lines) => {
            let missing = lines
                .iter()
                .fold(vary, |left, line| left.without_listed(line.as_bytes()));
            if !missing.is_empty() {
                lines.append(value::vary(missing));
            }
        }
    }
}

/// The `http` constant for a response header name of [`crate::name`].
fn response_header_name(name: &'static str) -> HeaderName {
    use http::header::*;
    match name {
        crate::name::ALLOW_ORIGIN => ACCESS_CONTROL_ALLOW_ORIGIN,
        crate::name::ALLOW_CREDENTIALS => ACCESS_CONTROL_ALLOW_CREDENTIALS,
        crate::name::EXPOSE_HEADERS => ACCESS_CONTROL_EXPOSE_HEADERS,
        crate::name::ALLOW_METHODS => ACCESS_CONTROL_ALLOW_METHODS,
        crate::name::ALLOW_HEADERS => ACCESS_CONTROL_ALLOW_HEADERS,
        crate::name::MAX_AGE => ACCESS_CONTROL_MAX_AGE,
        crate::name::ALLOW_PRIVATE_NETWORK => value::ALLOW_PRIVATE_NETWORK,
        other => HeaderName::from_static(other),
    }
}

/// A `HeaderValue` for `value` in the generic [`apply`]: the request line an echoed value came
/// from is looked up again to share its buffer.
fn header_value(name: &str, value: Value<'_>, request: &HeaderMap) -> HeaderValue {
    let source = match name {
        crate::name::ALLOW_ORIGIN => &ORIGIN,
        crate::name::ALLOW_METHODS => &ACCESS_CONTROL_REQUEST_METHOD,
        _ => &ACCESS_CONTROL_REQUEST_HEADERS,
    };
    let line = |bytes: &[u8]| {
        request
            .get_all(source)
            .iter()
            .find(|v| core::ptr::eq(v.as_bytes(), bytes))
    };
    match (name, value) {
        (crate::name::ALLOW_ORIGIN, _) => value::allow_origin(value, request.get(ORIGIN)),
        (_, Value::Echo(bytes)) => value::echo(line(bytes), bytes),
        (_, policy_string) => value::value(policy_string, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::vec::Vec;

    fn pending() -> PendingHeaders<'static> {
        PendingHeaders(Repr::Owned(OwnedHeaders {
            fixed: FixedHeaders {
                allow_origin: None,
                allow_credentials: true,
                expose_headers: Some("x-id"),
                vary: Vary::ORIGIN,
            },
            allow_origin: Some(HeaderValue::from_static("https://a.example")),
            expose_headers: None,
        }))
    }

    fn lines(map: &HeaderMap, name: &str) -> Vec<std::string::String> {
        map.get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().into())
            .collect()
    }

    /// The lines of the four headers an actual request may get, in the order of `apply`.
    fn cors_lines(map: &HeaderMap) -> [Vec<std::string::String>; 4] {
        [
            "access-control-allow-origin",
            "access-control-allow-credentials",
            "access-control-expose-headers",
            "vary",
        ]
        .map(|name| lines(map, name))
    }

    #[test]
    fn adds_only_what_the_handler_did_not_set() {
        let mut response = HeaderMap::new();
        response.insert("content-type", HeaderValue::from_static("text/plain"));
        response.insert(
            ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("x-own"),
        );
        response.append(VARY, HeaderValue::from_static("accept-encoding"));
        response.append(VARY, HeaderValue::from_static("ORIGIN"));
        pending().apply(&mut response);
        assert_eq!(
            cors_lines(&response),
            [
                &["https://a.example"][..],
                &["true"],
                &["x-own"],
                &["accept-encoding", "ORIGIN"]
            ]
        );
        assert_eq!(lines(&response, "content-type"), ["text/plain"]);
    }

    /// The scan of the handler's names finds each of the four, in any position and whatever
    /// follows them (it stops early only once all four are found).
    #[test]
    fn finds_the_handlers_headers_in_any_order() {
        let names = [
            ACCESS_CONTROL_ALLOW_ORIGIN,
            ACCESS_CONTROL_ALLOW_CREDENTIALS,
            ACCESS_CONTROL_EXPOSE_HEADERS,
            VARY,
        ];
        // Every subset of the four, in each of four rotations, then another name.
        for mask in 0u8..16 {
            for rotate in 0..4 {
                let mut response = HeaderMap::new();
                for i in 0..4 {
                    let name = (i + rotate) % 4;
                    if mask & (1 << name) != 0 {
                        response.insert(names[name].clone(), HeaderValue::from_static("origin"));
                    }
                }
                response.insert("x-after", HeaderValue::from_static("1"));
                let set = HandlerSet::of(&response);
                let found = [
                    set.allow_origin,
                    set.allow_credentials,
                    set.expose_headers,
                    set.vary,
                ];
                for (i, found) in found.into_iter().enumerate() {
                    assert_eq!(
                        found,
                        mask & (1 << i) != 0,
                        "mask {mask:#06b}, rotation {rotate}"
                    );
                }
            }
        }
    }

    /// A response with more names than are scanned is asked by lookups, with the same result.
    #[test]
    fn a_large_response_is_asked_by_lookups() {
        let mut response = HeaderMap::new();
        for i in 0..=SCAN_MAX {
            response.insert(
                HeaderName::try_from(std::format!("x-handler-{i}")).unwrap(),
                HeaderValue::from_static("1"),
            );
        }
        response.insert(
            ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("own"),
        );
        response.append(VARY, HeaderValue::from_static("origin"));
        assert!(response.keys_len() > SCAN_MAX);
        pending().apply(&mut response);
        assert_eq!(
            cors_lines(&response),
            [&["https://a.example"][..], &["own"], &["x-id"], &["origin"]]
        );
    }

    #[test]
    fn fills_an_empty_response() {
        let mut response = HeaderMap::new();
        pending().apply(&mut response);
        assert_eq!(response.len(), 4);
        assert_eq!(lines(&response, "vary"), ["Origin"]);
        // Applying twice (two stacked layers) duplicates nothing.
        pending().apply(&mut response);
        assert_eq!(response.len(), 4);
    }

    fn owned() -> OwnedHeaders {
        match pending().0 {
            Repr::Owned(owned) => owned,
            _ => unreachable!("built owned"),
        }
    }

    /// Applied from a slot, the headers are those `apply` adds, the slot is emptied (a second
    /// call adds nothing), and a value the handler's own header stops is dropped, not sent.
    #[test]
    fn applying_from_a_slot_adds_the_same_headers_once() {
        for handler_origin in [false, true] {
            let handler = || {
                let mut response = HeaderMap::new();
                response.insert("content-type", HeaderValue::from_static("text/plain"));
                if handler_origin {
                    response.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
                }
                response
            };
            let mut applied = handler();
            owned().apply(&mut applied);
            let mut from_slot = handler();
            let mut slot = Some(owned());
            OwnedHeaders::apply_from(&mut slot, &mut from_slot);
            assert!(slot.is_none());
            assert_eq!(cors_lines(&from_slot), cors_lines(&applied));
            let origin = if handler_origin {
                "*"
            } else {
                "https://a.example"
            };
            assert_eq!(lines(&from_slot, "access-control-allow-origin"), [origin]);
            OwnedHeaders::apply_from(&mut slot, &mut from_slot);
            assert_eq!(cors_lines(&from_slot), cors_lines(&applied));
            assert_eq!(from_slot.len(), 5);
        }
    }

    /// A run-time policy's strings stay borrowed (`Copy`, nothing to drop) until they are
    /// shared, and sharing them points the header values at the policy's own buffers: the same
    /// headers as applying the pending headers directly, with no copy.
    #[cfg(feature = "build")]
    #[test]
    fn shared_headers_borrow_until_shared_and_then_share_the_policy_buffers() {
        let origin = crate::storage::SharedStr::new("https://a.example").unwrap();
        let expose = crate::storage::SharedStr::new("x-id").unwrap();
        let pending = || {
            PendingHeaders(Repr::Shared(SharedHeaders {
                fixed: FixedHeaders {
                    allow_origin: None,
                    allow_credentials: true,
                    expose_headers: None,
                    vary: Vary::ORIGIN,
                },
                allow_origin: Some(&origin),
                expose_headers: Some(&expose),
            }))
        };
        assert!(pending().into_fixed().is_err());
        let shared = pending().into_shared().expect("borrowed strings");
        let copy = shared; // `Copy`
        let mut direct = HeaderMap::new();
        pending().apply(&mut direct);
        let mut later = HeaderMap::new();
        copy.into_owned().apply(&mut later);
        assert_eq!(cors_lines(&direct), cors_lines(&later));
        assert_eq!(
            cors_lines(&later),
            [
                &["https://a.example"][..],
                &["true"],
                &["x-id"],
                &["Origin"]
            ]
        );
        let sent = &later[ACCESS_CONTROL_ALLOW_ORIGIN];
        assert_eq!(sent.as_bytes().as_ptr(), origin.as_bytes().as_ptr());
        // Owned headers and fixed ones are not shared ones.
        assert!(pending().into_owned().into_shared().is_err());
        let mut owned = HeaderMap::new();
        pending().into_owned().apply(&mut owned);
        assert_eq!(cors_lines(&owned), cors_lines(&direct));
    }
}
