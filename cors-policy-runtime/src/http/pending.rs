//! The headers an actual (or non-CORS) request adds to the handler's response.

use http::header::{
    Entry, HeaderName, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD,
    ORIGIN, VARY,
};
use http::{HeaderMap, HeaderValue};

use super::value::{self, fixed, TRUE};
use crate::decision::{Headers, Value};
use crate::Vary;

/// The headers to add to a handler's response, owned so that they can outlive the request
/// while the handler runs.
///
/// An actual request only ever gets `Access-Control-Allow-Origin`, `-Allow-Credentials`,
/// `-Expose-Headers` and `Vary`, so those four are all this holds: small to move into a
/// response future, and applied with constant header names. A listed origin is the policy's
/// own `&'static` copy; only a pattern match echoes (clones) the request's value.
#[derive(Clone, Debug)]
pub struct PendingHeaders {
    allow_origin: Option<HeaderValue>,
    allow_credentials: bool,
    expose_headers: Option<&'static str>,
    vary: Vary,
}

impl PendingHeaders {
    /// Captures an actual (or non-CORS) decision's headers. Preflight headers are answered at
    /// once with [`preflight_response`](super::preflight_response) and never need this.
    pub fn new(headers: &Headers<'_>, request: &HeaderMap) -> Self {
        Self::with_origin(headers, request.get(ORIGIN))
    }

    /// [`PendingHeaders::new`] with the request's first `Origin` value already at hand (from
    /// [`RequestParts::new_with_origin`](crate::RequestParts::new_with_origin)).
    #[inline]
    pub fn with_origin(headers: &Headers<'_>, origin: Option<&HeaderValue>) -> Self {
        PendingHeaders {
            allow_origin: headers
                .allow_origin()
                .map(|allowed| value::allow_origin(allowed, origin)),
            allow_credentials: headers.allow_credentials(),
            expose_headers: headers.expose_headers(),
            vary: headers.vary(),
        }
    }

    /// Adds the headers to `response` without overwriting any the handler set, and appends the
    /// `Vary` names it does not list yet: one hash and probe per header (the entry API, which
    /// measured cheaper than checking the handler's names first and appending).
    #[inline]
    pub fn apply(self, response: &mut HeaderMap) {
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
        (_, Value::Static(s)) => fixed(s),
        (_, Value::Echo(bytes)) => value::echo(line(bytes), bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::vec::Vec;

    fn pending() -> PendingHeaders {
        PendingHeaders {
            allow_origin: Some(HeaderValue::from_static("https://a.example")),
            allow_credentials: true,
            expose_headers: Some("x-id"),
            vary: Vary::ORIGIN,
        }
    }

    fn lines(map: &HeaderMap, name: &str) -> Vec<std::string::String> {
        map.get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().into())
            .collect()
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
            lines(&response, "access-control-allow-origin"),
            ["https://a.example"]
        );
        assert_eq!(
            lines(&response, "access-control-allow-credentials"),
            ["true"]
        );
        assert_eq!(lines(&response, "access-control-expose-headers"), ["x-own"]);
        assert_eq!(lines(&response, "vary"), ["accept-encoding", "ORIGIN"]);
        assert_eq!(lines(&response, "content-type"), ["text/plain"]);
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
}
