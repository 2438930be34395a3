//! An independent model of the server side of the Fetch CORS protocol, written for
//! obviousness rather than speed: plain string splitting and linear scans, no tables, no
//! shortcuts, nothing shared with the runtime. The oracles compare `Policy::decide` (and the
//! `http` layer built on it) with [`decide`].
//!
//! What it encodes (README, "What the runtime does", and the WHATWG Fetch standard):
//! - no `Origin`: not CORS; only `Vary: Origin` (none for `allow_origins: *`);
//! - `OPTIONS` with `Origin` and `Access-Control-Request-Method`: a preflight, checked in order
//!   (one origin, an allowed origin, one method that is a token, an allowed method, every
//!   requested header, private network access); the first failure is the reason;
//! - anything else with `Origin`: an actual request, with the CORS headers only when exactly
//!   one allowed origin was sent.
//!
//! The documented bounds are part of the contract and so part of the model: origins longer than
//! 512 bytes are never matched, and `Access-Control-Request-Headers` is refused beyond 16 lines,
//! 4096 bytes or 64 elements (except the policy's own joined list, which a browser sends when
//! a script sets every allowed header: one compare against bounded policy text).

use checked_cors::Rejection;

use super::policies::Spec;

/// The longest `Origin` the runtime matches (README: "origins longer than 512 bytes are
/// refused unread").
pub const MAX_ORIGIN: usize = 512;
/// `Access-Control-Request-Headers` caps (README).
pub const MAX_LINES: usize = 16;
/// See [`MAX_LINES`].
pub const MAX_BYTES: usize = 4096;
/// See [`MAX_LINES`].
pub const MAX_ELEMENTS: usize = 64;

/// The pieces of a request CORS looks at, owned by the caller.
#[derive(Clone, Copy, Debug, Default)]
pub struct Request<'a> {
    /// The method, as sent.
    pub method: &'a [u8],
    /// Every `Origin` line.
    pub origins: &'a [&'a [u8]],
    /// Every `Access-Control-Request-Method` line.
    pub request_method: &'a [&'a [u8]],
    /// Every `Access-Control-Request-Headers` line.
    pub request_headers: &'a [&'a [u8]],
    /// `Access-Control-Request-Private-Network: true` was sent.
    pub private_network: bool,
}

/// What a server must do, as plain data: sent headers are `(lowercase name, value)` sorted by
/// name (lines of one name in order), `Vary` names in canonical order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// Run the handler; add these headers. `cors` is false for a request without `Origin`.
    Handler {
        /// Whether the request had an `Origin` (an actual request) or not.
        cors: bool,
        /// Headers to add.
        headers: Vec<(&'static str, Vec<u8>)>,
        /// `Vary` names to add.
        vary: Vec<&'static str>,
    },
    /// Answer 204 with these headers.
    Allowed {
        /// Headers of the answer.
        headers: Vec<(&'static str, Vec<u8>)>,
        /// `Vary` names of the answer.
        vary: Vec<&'static str>,
    },
    /// Answer 403 without CORS headers, for this reason.
    Rejected(Rejection<'a>),
}

/// `Vary` names, in the order the runtime writes them.
pub const VARY_NAMES: [&str; 3] = [
    "Origin",
    "Access-Control-Request-Method",
    "Access-Control-Request-Headers",
];

/// RFC 9110 `tchar`, spelled out.
pub fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// RFC 9110 `token`: one or more `tchar`.
pub fn is_token(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(|&b| is_tchar(b))
}

/// What `http::HeaderValue` accepts and a response may carry: visible ASCII, obs-text, space
/// and tab (no control bytes, so no CR or LF).
pub fn is_header_value(s: &[u8]) -> bool {
    s.iter().all(|&b| b == b'\t' || (b >= 0x20 && b != 0x7f))
}

/// A value that can be a serialized origin at all: 1 to 512 bytes of visible ASCII.
pub fn is_visible_origin(origin: &[u8]) -> bool {
    !origin.is_empty()
        && origin.len() <= MAX_ORIGIN
        && origin.iter().all(|&b| (0x21..=0x7e).contains(&b))
}

/// Whether `origin` is a serialized origin as a browser writes it, split into its parts:
/// lowercase scheme, `host` (lowercase labels of letters, digits, `-`, `_`, or a bracketed
/// lowercase hex IPv6 form), an optional port of 1 to 5 digits without a leading zero that is
/// not the scheme's default.
pub fn serialized(origin: &str) -> Option<(&str, &str, Option<u16>)> {
    if !is_visible_origin(origin.as_bytes()) {
        return None;
    }
    let (scheme, rest) = origin.split_once("://")?;
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
        && scheme
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c));
    if !scheme_ok {
        return None;
    }
    let (host, port) = if rest.starts_with('[') {
        let end = rest.find(']')?;
        (&rest[..=end], &rest[end + 1..])
    } else {
        match rest.find(':') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        }
    };
    let host_ok = if host.starts_with('[') {
        host[1..host.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c) || c == ':' || c == '.')
    } else {
        // One final dot is part of a fully qualified host.
        let name = host.strip_suffix('.').unwrap_or(host);
        !name.is_empty()
            && name.split('.').all(|l| {
                !l.is_empty()
                    && l.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                    })
            })
    };
    if !host_ok {
        return None;
    }
    let port = match port {
        "" => None,
        p => {
            let digits = p.strip_prefix(':')?;
            if digits.is_empty()
                || digits.starts_with('0')
                || !digits.chars().all(|c| c.is_ascii_digit())
                || digits.len() > 5
            {
                return None;
            }
            let n: u32 = digits.parse().ok()?;
            let n = u16::try_from(n).ok()?;
            if (scheme == "http" && n == 80) || (scheme == "https" && n == 443) {
                return None;
            }
            Some(n)
        }
    };
    Some((scheme, host, port))
}

/// Whether one `allow_origins` entry (an exact origin, or a pattern with `*.` and/or `:*`)
/// matches `origin`: exact entries byte for byte, patterns on the parts of a serialized origin.
pub fn pattern_matches(pattern: &str, origin: &[u8]) -> bool {
    if !pattern.contains('*') {
        return origin == pattern.as_bytes();
    }
    let Some((scheme, host, port)) = std::str::from_utf8(origin).ok().and_then(serialized) else {
        return false;
    };
    let (p_scheme, p_rest) = pattern.split_once("://").expect("a pattern has a scheme");
    let (p_host, p_port) = if let Some(h) = p_rest.strip_suffix(":*") {
        (h, None)
    } else if let Some((h, port)) = p_rest
        .rsplit_once(':')
        .filter(|(h, _)| !h.ends_with(':') && !p_rest.ends_with(']'))
    {
        (h, Some(Some(port.parse::<u16>().expect("a port"))))
    } else {
        (p_rest, Some(None))
    };
    let port_ok = match p_port {
        None => true,
        Some(want) => port == want,
    };
    let host_ok = match p_host.strip_prefix("*.") {
        Some(parent) => host
            .strip_suffix(parent)
            .and_then(|prefix| prefix.strip_suffix('.'))
            .is_some_and(|labels| !labels.is_empty() && !host.starts_with('[')),
        None => host == p_host,
    };
    scheme == p_scheme && port_ok && host_ok
}

/// Whether the policy allows this single `Origin` line.
pub fn origin_allowed(spec: &Spec<'_>, origin: &[u8]) -> bool {
    match spec.origins {
        None => is_visible_origin(origin),
        Some(list) => list.iter().any(|p| pattern_matches(p, origin)),
    }
}

/// `Access-Control-Allow-Methods`' value for a listed policy: the methods as written, joined
/// by `,`; none for an empty list.
pub fn joined_methods(spec: &Spec<'_>) -> Option<String> {
    spec.methods.filter(|m| !m.is_empty()).map(|m| m.join(","))
}

/// `Access-Control-Allow-Headers`' value for a listed policy: lowercase, sorted, joined by `,`
/// (the form of a browser's request list).
pub fn joined_headers(spec: &Spec<'_>) -> Option<String> {
    let list = spec.headers.filter(|h| !h.is_empty())?;
    let mut names: Vec<String> = list.iter().map(|h| h.to_ascii_lowercase()).collect();
    names.sort();
    Some(names.join(","))
}

/// `Access-Control-Expose-Headers`: `*`, or the names lowercase, as listed, joined by `,`.
pub fn joined_expose(spec: &Spec<'_>) -> Option<String> {
    match spec.expose {
        None => Some("*".into()),
        Some([]) => None,
        Some(list) => Some(
            list.iter()
                .map(|h| h.to_ascii_lowercase())
                .collect::<Vec<_>>()
                .join(","),
        ),
    }
}

fn method_allowed(spec: &Spec<'_>, method: &[u8]) -> bool {
    match spec.methods {
        None => true,
        Some(list) => {
            matches!(method, b"GET" | b"HEAD" | b"POST")
                || list.iter().any(|m| m.as_bytes() == method)
        }
    }
}

/// Every requested header name, in order; the first failure is the reason.
pub fn check_request_headers<'a>(spec: &Spec<'_>, lines: &[&'a [u8]]) -> Result<(), Rejection<'a>> {
    if lines.len() > MAX_LINES {
        return Err(Rejection::HeaderListTooLong);
    }
    if let ([line], Some(joined)) = (lines, joined_headers(spec)) {
        if *line == joined.as_bytes() {
            return Ok(());
        }
    }
    if lines.iter().map(|l| l.len()).sum::<usize>() > MAX_BYTES {
        return Err(Rejection::HeaderListTooLong);
    }
    let mut elements = 0;
    for line in lines {
        for element in line.split(|&b| b == b',') {
            elements += 1;
            if elements > MAX_ELEMENTS {
                return Err(Rejection::HeaderListTooLong);
            }
            let name = trim_ows(element);
            if name.is_empty() {
                continue;
            }
            if !is_token(name) {
                return Err(Rejection::InvalidHeaderName(name));
            }
            if let Some(list) = spec.headers {
                if !list.iter().any(|h| h.as_bytes().eq_ignore_ascii_case(name)) {
                    return Err(Rejection::HeaderNotAllowed(name));
                }
            }
        }
    }
    Ok(())
}

fn trim_ows(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

/// Whether a requested-headers line names anything (is more than commas and whitespace).
pub fn has_names(line: &[u8]) -> bool {
    line.iter().any(|&b| !matches!(b, b',' | b' ' | b'\t'))
}

/// What the policy must do with `request`.
pub fn decide<'a>(spec: &Spec<'_>, request: &Request<'a>) -> Outcome<'a> {
    let origin_vary: Vec<&'static str> = match spec.origins {
        None => vec![],
        Some(_) => vec!["Origin"],
    };
    if request.origins.is_empty() {
        return Outcome::Handler {
            cors: false,
            headers: vec![],
            vary: origin_vary,
        };
    }
    let preflight = request.method == b"OPTIONS" && !request.request_method.is_empty();
    let allow_origin = |origin: &[u8]| match spec.origins {
        None => b"*".to_vec(),
        Some(_) => origin.to_vec(),
    };
    if !preflight {
        let mut headers = vec![];
        if let [origin] = request.origins {
            if origin_allowed(spec, origin) {
                headers.push(("access-control-allow-origin", allow_origin(origin)));
                if spec.credentials {
                    headers.push(("access-control-allow-credentials", b"true".to_vec()));
                }
                if let Some(expose) = joined_expose(spec) {
                    headers.push(("access-control-expose-headers", expose.into_bytes()));
                }
            }
        }
        return Outcome::Handler {
            cors: true,
            headers: sorted(headers),
            vary: origin_vary,
        };
    }
    match check_preflight(spec, request) {
        Err(reason) => Outcome::Rejected(reason),
        Ok(()) => {
            let origin = request.origins[0];
            let method = request.request_method[0];
            let mut headers = vec![("access-control-allow-origin", allow_origin(origin))];
            if spec.credentials {
                headers.push(("access-control-allow-credentials", b"true".to_vec()));
            }
            match spec.methods {
                None => headers.push(("access-control-allow-methods", method.to_vec())),
                Some(_) => {
                    if let Some(joined) = joined_methods(spec) {
                        headers.push(("access-control-allow-methods", joined.into_bytes()));
                    }
                }
            }
            match spec.headers {
                None => {
                    for line in request.request_headers.iter().filter(|l| has_names(l)) {
                        headers.push(("access-control-allow-headers", line.to_vec()));
                    }
                }
                Some(_) => {
                    if let Some(joined) = joined_headers(spec) {
                        headers.push(("access-control-allow-headers", joined.into_bytes()));
                    }
                }
            }
            if let Some(secs) = spec.max_age {
                headers.push(("access-control-max-age", secs.to_string().into_bytes()));
            }
            if request.private_network {
                headers.push(("access-control-allow-private-network", b"true".to_vec()));
            }
            let mut vary = origin_vary;
            vary.extend([
                "Access-Control-Request-Method",
                "Access-Control-Request-Headers",
            ]);
            Outcome::Allowed {
                headers: sorted(headers),
                vary,
            }
        }
    }
}

fn check_preflight<'a>(spec: &Spec<'_>, request: &Request<'a>) -> Result<(), Rejection<'a>> {
    let [origin] = request.origins else {
        return Err(Rejection::SeveralOrigins);
    };
    if !origin_allowed(spec, origin) {
        return Err(if is_visible_origin(origin) {
            Rejection::OriginNotAllowed(origin)
        } else {
            Rejection::InvalidOrigin(origin)
        });
    }
    let method = match request.request_method {
        [m] if is_token(m) => *m,
        [m, ..] => return Err(Rejection::InvalidMethod(m)),
        [] => unreachable!("a preflight has a requested method"),
    };
    if !method_allowed(spec, method) {
        return Err(Rejection::MethodNotAllowed(method));
    }
    check_request_headers(spec, request.request_headers)?;
    if request.private_network && !spec.private_network {
        return Err(Rejection::PrivateNetworkNotAllowed);
    }
    Ok(())
}

/// Headers sorted by name, lines of one name kept in order: the order of different headers
/// is not part of the contract.
pub fn sorted(mut headers: Vec<(&'static str, Vec<u8>)>) -> Vec<(&'static str, Vec<u8>)> {
    headers.sort_by_key(|(name, _)| *name);
    headers
}

/// Every string a policy may send without echoing the request: the oracles check that each
/// `Value::Static` of a decision is one of these.
pub fn policy_strings(spec: &Spec<'_>) -> Vec<String> {
    let mut out: Vec<String> = vec!["*".into(), "true".into()];
    out.extend(spec.origins.unwrap_or(&[]).iter().map(|o| o.to_string()));
    out.extend(joined_methods(spec));
    out.extend(joined_headers(spec));
    out.extend(joined_expose(spec));
    out.extend(spec.max_age.map(|s| s.to_string()));
    // `allow_methods: *` sends a common method as the crate's own spelling of it.
    if spec.methods.is_none() {
        out.extend(
            ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
                .iter()
                .map(|m| m.to_string()),
        );
    }
    out
}
