//! Matching a request's `Origin` against the allowed origins and patterns.
//!
//! Origins are compared byte for byte with their serialized form, as browsers compare
//! `Access-Control-Allow-Origin`: nothing is case-folded or normalised, so `https://A.com`,
//! `https://a.com/` and `https://a.com:443` never match `https://a.com`.
//!
//! Three tables, all built at compile time:
//! - `exact`: whole serialized origins. Most requests end here after one lookup.
//! - `hosts`: hosts allowed on some port set (`http://localhost:*`), keyed by host.
//! - `subdomains`: parent domains of `*.` patterns, keyed by the parent domain. A request host
//!   is cut only at a `.` and only at the suffix lengths that occur in the table, so wildcard
//!   matching costs one lookup per distinct parent length and can only match whole labels
//!   (`https://*.example.com` never matches `https://evilexample.com`).

use crate::table::Table;

/// Longest origin the pattern matcher will parse: a DNS name is at most 253 bytes, so any
/// longer value can only be hostile and is refused without scanning it.
pub(crate) const MAX_ORIGIN_LEN: usize = 512;

/// Which ports a host pattern allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortMatch {
    /// No port written: the scheme's default port.
    Default,
    /// Exactly this port.
    Exact(u16),
    /// `:*`: any port, the default one included.
    Any,
}

/// One scheme and port set allowed for a host or parent domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchemePort {
    /// The scheme, without `://`.
    pub scheme: &'static str,
    /// The ports allowed with it.
    pub port: PortMatch,
}

/// The allowed origins of a policy that lists them.
#[derive(Debug)]
pub struct Origins {
    exact: Table<()>,
    hosts: Table<&'static [SchemePort]>,
    subdomains: Table<&'static [SchemePort]>,
    /// Distinct byte lengths of the parent domains in `subdomains`, ascending.
    suffix_lens: &'static [usize],
}

impl Origins {
    /// Assembles the tables the macro emitted.
    pub const fn new(
        exact: Table<()>,
        hosts: Table<&'static [SchemePort]>,
        subdomains: Table<&'static [SchemePort]>,
        suffix_lens: &'static [usize],
    ) -> Origins {
        Origins {
            exact,
            hosts,
            subdomains,
            suffix_lens,
        }
    }

    /// Whether `origin`, exactly as the request sent it, is allowed.
    #[inline]
    pub(crate) fn allows(&self, origin: &[u8]) -> bool {
        if self.exact.get(origin).is_some() {
            return true;
        }
        if self.hosts.is_empty() && self.subdomains.is_empty() {
            return false;
        }
        let Some(parts) = Parts::parse(origin) else {
            return false;
        };
        if let Some(allowed) = self.hosts.get(parts.host) {
            if parts.matches_any(allowed) {
                return true;
            }
        }
        if parts.is_ip {
            return false;
        }
        let host = parts.host;
        for &len in self.suffix_lens {
            // At least one label before the parent: `*.example.org` never matches
            // `example.org` itself.
            if host.len() < len + 2 {
                break;
            }
            let cut = host.len() - len;
            if host[cut - 1] != b'.' {
                continue;
            }
            if let Some(allowed) = self.subdomains.get(&host[cut..]) {
                if parts.matches_any(allowed) {
                    return true;
                }
            }
        }
        false
    }

    pub(crate) fn exact(&self) -> &Table<()> {
        &self.exact
    }
    pub(crate) fn hosts(&self) -> &Table<&'static [SchemePort]> {
        &self.hosts
    }
    pub(crate) fn subdomains(&self) -> &Table<&'static [SchemePort]> {
        &self.subdomains
    }
}

/// A serialized origin split into its parts, validated as strictly as a browser serializes.
#[derive(Debug, PartialEq, Eq)]
struct Parts<'a> {
    scheme: &'a [u8],
    host: &'a [u8],
    port: Option<u16>,
    is_ip: bool,
}

impl<'a> Parts<'a> {
    fn parse(origin: &'a [u8]) -> Option<Parts<'a>> {
        if origin.len() > MAX_ORIGIN_LEN {
            return None;
        }
        let colon = origin.iter().position(|&b| b == b':')?;
        let (scheme, rest) = origin.split_at(colon);
        let authority = rest.strip_prefix(b"://")?;
        if !is_scheme(scheme) || authority.is_empty() {
            return None;
        }
        let (host, port_text, is_ip) = if authority[0] == b'[' {
            let close = authority.iter().position(|&b| b == b']')?;
            let (host, after) = authority.split_at(close + 1);
            if !host[1..close].iter().all(|&b| {
                b.is_ascii_hexdigit() && !b.is_ascii_uppercase() || b == b':' || b == b'.'
            }) {
                return None;
            }
            (host, after, true)
        } else {
            let end = authority
                .iter()
                .position(|&b| b == b':')
                .unwrap_or(authority.len());
            let (host, after) = authority.split_at(end);
            if !is_reg_name(host) {
                return None;
            }
            let is_ip = host.iter().all(|&b| b.is_ascii_digit() || b == b'.');
            (host, after, is_ip)
        };
        let port = match port_text {
            [] => None,
            [b':', digits @ ..] => Some(parse_port(digits)?),
            _ => return None,
        };
        // A browser never writes the default port, so such a value is not a serialized origin.
        if matches!((scheme, port), (b"http", Some(80)) | (b"https", Some(443))) {
            return None;
        }
        Some(Parts {
            scheme,
            host,
            port,
            is_ip,
        })
    }

    fn matches_any(&self, allowed: &[SchemePort]) -> bool {
        allowed.iter().any(|sp| {
            sp.scheme.as_bytes() == self.scheme
                && match sp.port {
                    PortMatch::Any => true,
                    PortMatch::Default => self.port.is_none(),
                    PortMatch::Exact(p) => self.port == Some(p),
                }
        })
    }
}

fn is_scheme(s: &[u8]) -> bool {
    matches!(s.first(), Some(b'a'..=b'z'))
        && s.iter()
            .all(|&b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'+' | b'-' | b'.'))
}

/// Lowercase LDH labels (plus `_`), none empty.
fn is_reg_name(host: &[u8]) -> bool {
    !host.is_empty()
        && host.split(|&b| b == b'.').all(|label| {
            !label.is_empty()
                && label
                    .iter()
                    .all(|&b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_'))
        })
}

fn parse_port(digits: &[u8]) -> Option<u16> {
    if digits.is_empty() || digits.len() > 5 || digits[0] == b'0' {
        return None;
    }
    let mut n: u32 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(d - b'0');
    }
    u16::try_from(n).ok()
}

/// Visible ASCII only (`%x21-7E`): anything else in `Origin` is not a serialized origin.
#[inline]
pub(crate) fn is_visible_ascii(origin: &[u8]) -> bool {
    !origin.is_empty()
        && origin.len() <= MAX_ORIGIN_LEN
        && origin.iter().all(|&b| (0x21..=0x7e).contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Option<(String, String, Option<u16>)> {
        Parts::parse(s.as_bytes()).map(|p| {
            (
                String::from_utf8(p.scheme.to_vec()).unwrap(),
                String::from_utf8(p.host.to_vec()).unwrap(),
                p.port,
            )
        })
    }
    extern crate std;
    use std::string::String;

    #[test]
    fn parses_serialized_origins() {
        type Expected = Option<(&'static str, &'static str, Option<u16>)>;
        let cases: &[(&str, Expected)] = &[
            (
                "https://a.example.com",
                Some(("https", "a.example.com", None)),
            ),
            (
                "http://localhost:3000",
                Some(("http", "localhost", Some(3000))),
            ),
            ("http://[::1]:8080", Some(("http", "[::1]", Some(8080)))),
            ("tauri://localhost", Some(("tauri", "localhost", None))),
            (
                "https://x_y.example.com:65535",
                Some(("https", "x_y.example.com", Some(65535))),
            ),
            // Never produced by a browser's serializer: refused.
            ("https://a.com:443", None),
            ("http://a.com:80", None),
            ("https://a.com:", None),
            ("https://a.com:0", None),
            ("https://a.com:08", None),
            ("https://a.com:65536", None),
            ("https://a.com:123456", None),
            ("https://a.com/", None),
            ("https://A.com", None),
            ("HTTPS://a.com", None),
            ("https://a..com", None),
            ("https://.a.com", None),
            ("https://a.com.", None),
            ("https://user@a.com", None),
            ("https://a.com?x", None),
            ("https://[::G]", None),
            ("https://[::A]", None),
            ("https://[::1", None),
            ("https://", None),
            ("https:/a.com", None),
            ("://a.com", None),
            ("null", None),
            ("", None),
            ("https://*.a.com", None),
            ("https://b\u{fc}cher.example", None),
        ];
        for (input, want) in cases {
            let want = want.map(|(s, h, p)| (s.into(), h.into(), p));
            assert_eq!(parts(input), want, "{input}");
        }
    }

    #[test]
    fn refuses_oversized_origins_without_scanning() {
        let mut long = std::vec::Vec::from(&b"https://"[..]);
        long.resize(MAX_ORIGIN_LEN + 1, b'a');
        assert!(Parts::parse(&long).is_none());
        assert!(!is_visible_ascii(&long));
    }

    #[test]
    fn visible_ascii() {
        assert!(is_visible_ascii(b"https://a.com"));
        assert!(!is_visible_ascii(b""));
        assert!(!is_visible_ascii(b"https://a.com "));
        assert!(!is_visible_ascii(b"https://a\tcom"));
        assert!(!is_visible_ascii("https://\u{e9}.com".as_bytes()));
        assert!(!is_visible_ascii(b"https://a.com\x7f"));
    }
}
