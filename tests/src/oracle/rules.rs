//! The `rules` oracle: every validation rule of `checked_cors_runtime::rules` on arbitrary
//! text. No rule may panic or take unbounded time (the fuzzer's `-timeout` holds the bound);
//! and what a rule accepts is checked against an independent parser:
//! - an origin: the `url` crate's serialization of it must be the text itself
//!   (`Url::origin().ascii_serialization()` for the special schemes; for other schemes, whose
//!   origin the URL standard makes opaque, the parsed scheme, host and port written back). A
//!   documented pattern (`*.` leftmost labels, `:*` port) is checked on concrete origins it
//!   matches: a label for the `*.`, a port and no port for the `:*`. A host with an `xn--`
//!   label that `url` refuses is the documented gap (the rules decode punycode and refuse what
//!   decodes to plain ASCII, a dot, uppercase, controls and other code points no browser keeps,
//!   but not unassigned code points, NFC or IDNA's bidi and joiner rules, which need the
//!   Unicode tables; such a host never matches). The pattern's `Display`
//!   must give the text back. With credentials, an accepted plain-http origin must be loopback.
//! - a method or header name: `http`'s parsers must accept it, the forbidden names of Fetch are
//!   refused, and header names come back lowercased;
//! - `max_age`: accepted exactly up to 86400.
//!
//! Input: a rule byte (`% 7`), then the text (invalid UTF-8 replaced, so that every input is
//! text).

use checked_cors_runtime::rules::{self, HostPattern};
use url::Url;

use super::input::Writer;

/// What the rule byte picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// `rules::origin`.
    Origin,
    /// `rules::origin` then `rules::origin_with_credentials`.
    OriginWithCredentials,
    /// The same with both dangerous opt-ins (`dangerously_allow_insecure_origins` and
    /// `dangerously_allow_public_suffix_subdomains`).
    OriginInsecure,
    /// `rules::method`.
    Method,
    /// `rules::request_header`.
    RequestHeader,
    /// `rules::expose_header`.
    ExposeHeader,
    /// `rules::max_age` on the text's first 8 bytes (little-endian).
    MaxAge,
}

const WHICH: [Which; 7] = [
    Which::Origin,
    Which::OriginWithCredentials,
    Which::OriginInsecure,
    Which::Method,
    Which::RequestHeader,
    Which::ExposeHeader,
    Which::MaxAge,
];

/// Encodes one input, for seed corpora.
pub fn write(which: Which, text: &[u8]) -> Vec<u8> {
    let index = WHICH.iter().position(|w| *w == which).expect("listed") as u8;
    let mut w = Writer::default();
    w.byte(index);
    w.0.extend_from_slice(text);
    w.finish()
}

/// Runs the oracle on one input.
pub fn check(data: &[u8]) {
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    let which = WHICH[usize::from(which) % WHICH.len()];
    if which == Which::MaxAge {
        let mut bytes = [0u8; 8];
        for (slot, b) in bytes.iter_mut().zip(text) {
            *slot = *b;
        }
        let seconds = u64::from_le_bytes(bytes);
        match rules::max_age(seconds) {
            Ok(v) => assert!(
                seconds <= 86_400 && u64::from(v) == seconds,
                "max_age {seconds} accepted as {v}"
            ),
            Err(v) => assert!(seconds > 86_400, "max_age {seconds} refused: {}", v.message),
        }
        return;
    }
    let text = String::from_utf8_lossy(text);
    match which {
        Which::Origin | Which::OriginWithCredentials | Which::OriginInsecure => {
            origin(which, &text)
        }
        Which::Method => {
            if rules::method(&text).is_ok() {
                assert!(
                    http::Method::from_bytes(text.as_bytes()).is_ok(),
                    "method {text:?} accepted, http refuses it"
                );
                assert!(
                    super::model::is_token(text.as_bytes()),
                    "method {text:?} is not a token"
                );
                assert!(
                    !["CONNECT", "TRACE", "TRACK"]
                        .iter()
                        .any(|m| m.eq_ignore_ascii_case(&text)),
                    "forbidden method {text:?} accepted"
                );
                let standard = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"];
                assert!(
                    !standard
                        .iter()
                        .any(|m| m.eq_ignore_ascii_case(&text) && *m != text),
                    "method {text:?} accepted in a case browsers never send"
                );
            }
        }
        Which::RequestHeader => {
            if let Ok(name) = rules::request_header(&text) {
                header_name(&text, &name);
                let forbidden = FORBIDDEN_REQUEST.contains(&name.as_str())
                    || ["proxy-", "sec-", "access-control-"]
                        .iter()
                        .any(|p| name.starts_with(p));
                assert!(!forbidden, "forbidden request header {text:?} accepted");
            }
        }
        Which::ExposeHeader => {
            if let Ok(name) = rules::expose_header(&text) {
                header_name(&text, &name);
                assert!(
                    name != "set-cookie" && name != "set-cookie2",
                    "{text:?} accepted"
                );
            }
        }
        Which::MaxAge => unreachable!(),
    }
}

/// Fetch's forbidden request-header names (besides the `proxy-`, `sec-` prefixes), as listed
/// in the standard.
const FORBIDDEN_REQUEST: [&str; 22] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "access-control-request-private-network",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

fn header_name(text: &str, name: &str) {
    assert_eq!(
        name,
        text.to_ascii_lowercase(),
        "header {text:?} not returned lowercased"
    );
    assert!(
        http::HeaderName::from_bytes(text.as_bytes()).is_ok(),
        "header {text:?} accepted, http refuses it"
    );
    assert!(
        super::model::is_token(text.as_bytes()),
        "header {text:?} is not a token"
    );
}

fn origin(which: Which, text: &str) {
    let Ok(pattern) = rules::origin(text) else {
        return;
    };
    assert_eq!(
        pattern.to_string(),
        text,
        "the pattern does not write itself back"
    );
    // Policy strings go into responses unchecked (`tests/soundness.rs`): visible ASCII only.
    assert!(
        text.bytes().all(|b| (0x21..=0x7e).contains(&b)),
        "origin {text:?} accepted with bytes a header value cannot hold"
    );
    // The concrete origins the entry stands for.
    let (prefix, rest) = text
        .split_once("://")
        .expect("an accepted origin has `://`");
    let rest = rest
        .strip_prefix("*.")
        .map(|parent| format!("x.{parent}"))
        .unwrap_or_else(|| rest.into());
    let concrete: Vec<String> = match rest.strip_suffix(":*") {
        Some(host) => vec![
            format!("{prefix}://{host}:8080"),
            format!("{prefix}://{host}"),
        ],
        None => vec![format!("{prefix}://{rest}")],
    };
    for origin in &concrete {
        // Documented (README, "Limits"): the rules decode punycode labels and refuse the code
        // points no browser keeps, but do not check everything IDNA does (unassigned code
        // points, NFC, the bidi and joiner rules), which takes the Unicode tables; a browser's
        // URL parser refuses such a host, so the entry never matches, like any other host no
        // browser can have.
        let punycode = origin
            .split(['/', '.', ':'])
            .any(|label| label.starts_with("xn--"));
        if punycode && Url::parse(origin).is_err() {
            continue;
        }
        if let Err(why) = url_agrees(origin) {
            panic!("origin {text:?} accepted ({origin}): {why}");
        }
    }
    assert_eq!(
        pattern.is_exact(),
        !text.contains('*'),
        "{text:?}: is_exact disagrees with the text"
    );
    if which == Which::Origin {
        return;
    }
    let insecure = which == Which::OriginInsecure;
    let opt_ins = rules::DangerousOptIns {
        insecure_origins: insecure,
        public_suffix_subdomains: insecure,
    };
    if rules::origin_with_credentials(&pattern, text, opt_ins).is_ok()
        && pattern.scheme == "http"
        && !insecure
    {
        let host = match &pattern.host {
            HostPattern::Exact(h) | HostPattern::Subdomains(h) => h.as_str(),
        };
        // A fully qualified host is loopback when its name without the final dot is.
        let host = host.strip_suffix('.').unwrap_or(host);
        let loopback = host == "localhost"
            || host.ends_with(".localhost")
            || host == "[::1]"
            || host
                .parse::<std::net::Ipv4Addr>()
                .is_ok_and(|a| a.is_loopback());
        assert!(loopback, "plain-http {text:?} accepted with credentials");
    }
}

/// Whether the `url` crate serializes `origin` (a concrete origin) as itself.
fn url_agrees(origin: &str) -> Result<(), String> {
    let url = Url::parse(origin).map_err(|e| format!("url refuses it: {e}"))?;
    let special = matches!(url.scheme(), "http" | "https" | "ws" | "wss" | "ftp");
    let serialized = if special {
        url.origin().ascii_serialization()
    } else {
        if !url.path().is_empty() || url.query().is_some() || url.fragment().is_some() {
            return Err(format!("url reads a path, query or fragment: {url}"));
        }
        let host = url.host_str().ok_or("url reads no host")?;
        match url.port() {
            Some(port) => format!("{}://{host}:{port}", url.scheme()),
            None => format!("{}://{host}", url.scheme()),
        }
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err("url reads userinfo".into());
    }
    if serialized == origin {
        Ok(())
    } else {
        Err(format!("url serializes it as {serialized:?}"))
    }
}
