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

use core::fmt;

use crate::policy::AllowOrigin;
use crate::storage::{Static, Storage};
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
pub struct SchemePort<S: Storage> {
    /// The scheme, without `://`.
    pub scheme: S::Str,
    /// The ports allowed with it.
    pub port: PortMatch,
}

impl<S: Storage> fmt::Debug for SchemePort<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SchemePort")
            .field("scheme", &crate::storage::text(&self.scheme))
            .field("port", &self.port)
            .finish()
    }
}

/// The schemes and ports allowed for one host or parent domain.
pub type SchemePorts<S> = <S as Storage>::List<SchemePort<S>>;

/// The allowed origins of a policy that lists them.
pub struct Origins<S: Storage> {
    exact: Table<S, ()>,
    hosts: Table<S, SchemePorts<S>>,
    subdomains: Table<S, SchemePorts<S>>,
    /// Distinct byte lengths of the parent domains in `subdomains`, ascending.
    suffix_lens: S::List<usize>,
}

impl<S: Storage> fmt::Debug for Origins<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Origins")
            .field("exact", &self.exact)
            .field("hosts", &self.hosts)
            .field("subdomains", &self.subdomains)
            .finish_non_exhaustive()
    }
}

impl Origins<Static> {
    /// Assembles the tables the macro emitted.
    pub const fn new(
        exact: Table<Static, ()>,
        hosts: Table<Static, SchemePorts<Static>>,
        subdomains: Table<Static, SchemePorts<Static>>,
        suffix_lens: &'static [usize],
    ) -> Origins<Static> {
        Origins {
            exact,
            hosts,
            subdomains,
            suffix_lens,
        }
    }
}

#[cfg(feature = "build")]
impl Origins<crate::storage::Owned> {
    /// Assembles tables built at run time.
    pub(crate) fn from_parts(
        exact: Table<crate::storage::Owned, ()>,
        hosts: Table<crate::storage::Owned, SchemePorts<crate::storage::Owned>>,
        subdomains: Table<crate::storage::Owned, SchemePorts<crate::storage::Owned>>,
        suffix_lens: alloc::vec::Vec<usize>,
    ) -> Self {
        Origins {
            exact,
            hosts,
            subdomains,
            suffix_lens: suffix_lens.into_boxed_slice(),
        }
    }
}

impl<S: Storage> Origins<S> {
    /// The `Access-Control-Allow-Origin` value for `origin`, exactly as the request sent it, if
    /// it is allowed: for a listed origin the policy's own `&'static` copy of it (so that an
    /// adapter sends it without cloning, let alone copying, the request's value), for a pattern
    /// match the request's bytes.
    ///
    /// Patterns are looked up before anything is validated: a stored host or parent domain is
    /// valid by construction, so only a wildcard hit needs its subdomain labels checked, and a
    /// miss costs two boundary scans and one lookup per parent length.
    #[inline(always)]
    pub(crate) fn allow_origin<'p, 'r>(&'p self, origin: &'r [u8]) -> Option<AllowOrigin<'p, 'r>> {
        if let Some((listed, ())) = self.exact.get_entry(origin) {
            return Some(AllowOrigin::Policy(S::value(listed)));
        }
        if self.hosts.is_empty() && self.subdomains.is_empty() {
            return None;
        }
        self.allows_pattern(origin)
            .then_some(AllowOrigin::Echo(origin))
    }

    /// The patterns, out of line: the exact lookup above is the common case.
    #[inline(never)]
    fn allows_pattern(&self, origin: &[u8]) -> bool {
        let Some(parts) = Parts::split(origin) else {
            return false;
        };
        if let Some(allowed) = self.hosts.get(parts.host) {
            if parts.matches_any(allowed) {
                return true;
            }
        }
        let host = parts.host;
        for &len in self.suffix_lens.iter() {
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
                // Parents end in a non-numeric label (wildcards over IPs do not compile), so
                // an IP host can never get here.
                if parts.matches_any(allowed) && is_labels(&host[..cut - 1]) {
                    return true;
                }
            }
        }
        false
    }

    pub(crate) fn exact(&self) -> &Table<S, ()> {
        &self.exact
    }
    pub(crate) fn hosts(&self) -> &Table<S, SchemePorts<S>> {
        &self.hosts
    }
    pub(crate) fn subdomains(&self) -> &Table<S, SchemePorts<S>> {
        &self.subdomains
    }
}

/// An origin split at its scheme, host and port boundaries. The host is not validated here:
/// it is compared with stored hosts, and only a wildcard match checks its extra labels.
#[derive(Debug, PartialEq, Eq)]
struct Parts<'a> {
    scheme: &'a [u8],
    host: &'a [u8],
    port: Option<u16>,
}

impl<'a> Parts<'a> {
    // Always inline (and the helpers below `#[inline]`): `allows_pattern` became generic over
    // the storage, and as separate calls they cost a denied origin about 35 instructions
    // (callgrind, `allows_origin_miss`: 248 before, 215 with them inlined).
    #[inline(always)]
    fn split(origin: &'a [u8]) -> Option<Parts<'a>> {
        if origin.len() > MAX_ORIGIN_LEN {
            return None;
        }
        // The two schemes nearly every origin has, by comparison; others by a short search.
        let (scheme, authority) = if let Some(rest) = origin.strip_prefix(b"https://") {
            (&origin[..5], rest)
        } else if let Some(rest) = origin.strip_prefix(b"http://") {
            (&origin[..4], rest)
        } else {
            let colon = origin
                .iter()
                .take(MAX_SCHEME_LEN + 1)
                .position(|&b| b == b':')?;
            let (scheme, rest) = origin.split_at(colon);
            let authority = rest.strip_prefix(b"://")?;
            if !is_scheme(scheme) {
                return None;
            }
            (scheme, authority)
        };
        // A port is at most five digits after the last `:`; an IPv6 host ends with `]`.
        let tail_start = authority.len().saturating_sub(6);
        let (host, port) = match authority[tail_start..].iter().rposition(|&b| b == b':') {
            Some(i) if !authority[tail_start + i..].contains(&b']') => {
                let at = tail_start + i;
                (&authority[..at], Some(parse_port(&authority[at + 1..])?))
            }
            _ => (authority, None),
        };
        if host.is_empty() {
            return None;
        }
        // A browser never writes the default port, so such a value is not a serialized origin.
        if matches!((scheme, port), (b"http", Some(80)) | (b"https", Some(443))) {
            return None;
        }
        Some(Parts { scheme, host, port })
    }

    #[inline]
    fn matches_any<S: Storage>(&self, allowed: &[SchemePort<S>]) -> bool {
        allowed.iter().any(|sp| {
            sp.scheme.as_ref() == self.scheme
                && match sp.port {
                    PortMatch::Any => true,
                    PortMatch::Default => self.port.is_none(),
                    PortMatch::Exact(p) => self.port == Some(p),
                }
        })
    }
}

/// Longest scheme the matcher looks for (`chrome-extension` is 16).
pub(crate) const MAX_SCHEME_LEN: usize = 32;

#[inline]
fn is_scheme(s: &[u8]) -> bool {
    matches!(s.first(), Some(b'a'..=b'z'))
        && s.iter()
            .all(|&b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'+' | b'-' | b'.'))
}

/// Lowercase LDH labels (plus `_`), none empty: the subdomain part of a wildcard match.
#[inline]
fn is_labels(host: &[u8]) -> bool {
    !host.is_empty()
        && host.split(|&b| b == b'.').all(|label| {
            !label.is_empty()
                && label
                    .iter()
                    .all(|&b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_'))
        })
}

#[inline]
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
        Parts::split(s.as_bytes()).map(|p| {
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
    fn splits_at_scheme_host_and_port() {
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
            ("http://[::1]", Some(("http", "[::1]", None))),
            ("http://[::ffff:1:2]", Some(("http", "[::ffff:1:2]", None))),
            ("tauri://localhost", Some(("tauri", "localhost", None))),
            (
                "https://x_y.example.com:65535",
                Some(("https", "x_y.example.com", Some(65535))),
            ),
            // The host is left for the lookups to judge (a stored host or parent never has
            // these shapes, and wildcard prefixes are checked by `is_labels`).
            ("https://A.com", Some(("https", "A.com", None))),
            ("https://a.com/", Some(("https", "a.com/", None))),
            // Never produced by a browser's serializer: refused here.
            ("https://a.com:443", None),
            ("http://a.com:80", None),
            ("https://a.com:", None),
            ("https://a.com:0", None),
            ("https://a.com:08", None),
            ("https://a.com:65536", None),
            (
                "https://a.com:123456",
                Some(("https", "a.com:123456", None)),
            ),
            ("HTTPS://a.com", None),
            ("https://", None),
            ("https:/a.com", None),
            ("://a.com", None),
            ("null", None),
            ("", None),
        ];
        for (input, want) in cases {
            let want = want.map(|(s, h, p)| (s.into(), h.into(), p));
            assert_eq!(parts(input), want, "{input}");
        }
    }

    #[test]
    fn subdomain_labels() {
        for ok in ["a", "a.b", "x-1_y.z9"] {
            assert!(is_labels(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", ".", "a.", ".a", "a..b", "A", "a/b", "a:b", "a b", "*", "[::1]", "a\u{e9}",
        ] {
            assert!(!is_labels(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn refuses_oversized_origins_without_scanning() {
        let mut long = std::vec::Vec::from(&b"https://"[..]);
        long.resize(MAX_ORIGIN_LEN + 1, b'a');
        assert!(Parts::split(&long).is_none());
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
