//! What a checked origin is: a scheme, a host or a parent domain, and a port set.

use alloc::string::String;
use core::fmt;

use super::ip;

/// One element of `allow_origins`, checked and split into its parts.
///
/// The macro builds its lookup tables from these parts rather than re-parsing text, so that
/// exact origins, subdomain patterns and any-port patterns each go to the table that matches
/// them without allocation at request time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OriginPattern {
    /// The scheme, lowercase, without `://` (e.g. `https`, `chrome-extension`).
    pub scheme: String,
    /// The host, or the parent domain of a `*.` pattern.
    pub host: HostPattern,
    /// The port as written.
    pub port: PortPattern,
}

/// The host part of an [`OriginPattern`].
///
/// Wildcards are only allowed as the whole leftmost label, so a pattern is either one host or
/// "every subdomain of one domain"; this is what keeps `*.example.org` from ever matching
/// `evil-example.org`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HostPattern {
    /// One host, exactly as browsers serialize it: a domain (`example.org`, or fully qualified
    /// `example.org.`, a host of its own), a dotted-quad IPv4 address (`127.0.0.1`) or a
    /// bracketed IPv6 address (`[::1]`).
    Exact(String),
    /// Every subdomain of the parent domain, written `*.example.org`; holds `example.org`.
    /// The parent itself is not included, as it does not match `*.example.org`. A fully
    /// qualified parent (`*.example.org.` holds `example.org.`) matches only fully qualified
    /// subdomains (`a.example.org.`), as browsers keep the dot in the origin.
    Subdomains(String),
}

/// The port part of an [`OriginPattern`].
///
/// Browsers omit the scheme's default port, so "no port written" is its own case, distinct
/// from any explicit number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PortPattern {
    /// No port written: the origin uses the scheme's default port (or has none).
    Default,
    /// One explicit, non-default port.
    Exact(u16),
    /// `:*`: any explicit port. It does not include [`PortPattern::Default`].
    Any,
}

impl OriginPattern {
    /// Whether the pattern matches one origin only, so that the runtime can look it up in an
    /// exact table (and, with a single one, send it without `Vary: Origin`).
    pub fn is_exact(&self) -> bool {
        matches!(self.host, HostPattern::Exact(_)) && self.port != PortPattern::Any
    }

    /// Whether every origin the pattern matches is on the loopback interface: `localhost`,
    /// `*.localhost` (RFC 6761 reserves them for loopback; with or without a final dot),
    /// 127.0.0.0/8 or `[::1]`. Plain http is safe there, since no network attacker sits between
    /// a browser and its own machine.
    pub fn is_loopback(&self) -> bool {
        match &self.host {
            HostPattern::Exact(host) => {
                is_localhost(host)
                    || (ip::ends_in_number(host)
                        && ip::parse_ipv4(host).is_some_and(|address| address >> 24 == 127))
                    || host
                        .strip_prefix('[')
                        .and_then(|h| h.strip_suffix(']'))
                        .and_then(ip::parse_ipv6)
                        == Some([0, 0, 0, 0, 0, 0, 0, 1])
            }
            HostPattern::Subdomains(parent) => is_localhost(parent),
        }
    }
}

/// Writes the pattern back in the syntax of `allow_origins`, e.g. `https://*.example.org:*`.
/// For an exact pattern this is the serialized origin a browser sends.
impl fmt::Display for OriginPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.scheme)?;
        f.write_str("://")?;
        match &self.host {
            HostPattern::Exact(host) => f.write_str(host)?,
            HostPattern::Subdomains(parent) => write!(f, "*.{parent}")?,
        }
        match self.port {
            PortPattern::Default => Ok(()),
            PortPattern::Exact(port) => write!(f, ":{port}"),
            PortPattern::Any => f.write_str(":*"),
        }
    }
}

/// `localhost` or a name under it, fully qualified (`localhost.`) or not: RFC 6761 reserves
/// them all for loopback, and browsers resolve them there without asking DNS.
pub(crate) fn is_localhost(host: &str) -> bool {
    let name = without_final_dot(host);
    name == "localhost" || name.ends_with(".localhost")
}

/// A domain without the final dot of its fully qualified form: the name the loopback and
/// public-suffix rules are about (`com.` is the suffix `com`), while matching keeps the dot.
pub(crate) fn without_final_dot(host: &str) -> &str {
    host.strip_suffix('.').unwrap_or(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::origin;

    fn exact(scheme: &str, host: &str, port: PortPattern) -> OriginPattern {
        OriginPattern {
            scheme: scheme.into(),
            host: HostPattern::Exact(host.into()),
            port,
        }
    }

    #[test]
    fn exactness_and_loopback() {
        let rows: &[(&str, bool, bool)] = &[
            // (origin, is_exact, is_loopback)
            ("https://example.com", true, false),
            ("https://example.com:*", false, false),
            ("https://*.example.com", false, false),
            ("http://localhost", true, true),
            ("http://localhost:*", false, true),
            ("http://app.localhost:3000", true, true),
            ("http://*.localhost", false, true),
            ("http://127.0.0.1", true, true),
            ("http://127.255.0.9:1", true, true),
            ("http://128.0.0.1", true, false),
            ("http://[::1]:8080", true, true),
            ("http://[::2]", true, false),
            ("http://[::ffff:7f00:1]", true, false),
            ("http://localhost.example.com", true, false),
            ("http://notlocalhost", true, false),
            ("http://*.example.localhost", false, true),
            ("http://localhost.", true, true),
            ("http://localhost.:*", false, true),
            ("http://foo.localhost.:3000", true, true),
            ("http://*.localhost.", false, true),
            ("http://alocalhost.", true, false),
            ("http://localhost.example.com.", true, false),
            ("https://example.com.", true, false),
        ];
        for (text, is_exact, is_loopback) in rows {
            let p = origin(text).unwrap();
            assert_eq!(p.is_exact(), *is_exact, "{text}");
            assert_eq!(p.is_loopback(), *is_loopback, "{text}");
        }
        // Hand-built patterns are judged by meaning, not spelling.
        assert!(exact("http", "127.1", PortPattern::Default).is_loopback());
        assert!(exact("http", "[0:0::1]", PortPattern::Default).is_loopback());
        assert!(!exact("http", "127", PortPattern::Default).is_loopback());
    }
}
