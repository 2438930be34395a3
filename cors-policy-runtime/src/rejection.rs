//! Why a preflight was refused: typed, for logs and tests, never sent to the client.

use core::fmt;

use crate::escape::Escaped;
use crate::limits::{MAX_BYTES, MAX_ELEMENTS, MAX_LINES};

/// Why a preflight was refused. For logs: it is never sent to the client.
///
/// Its `Display` names the failing part, with request bytes escaped and cut to 128 bytes.
///
/// ```
/// # use checked_cors_runtime::Rejection;
/// let r = Rejection::HeaderNotAllowed(b"x-secret");
/// assert_eq!(r.to_string(), "requested header `x-secret` is not allowed");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection<'a> {
    /// The request carried more than one `Origin` line.
    SeveralOrigins,
    /// The `Origin` is not a serialized origin (empty, too long, or not visible ASCII).
    InvalidOrigin(&'a [u8]),
    /// The origin is well formed but not allowed.
    OriginNotAllowed(&'a [u8]),
    /// `Access-Control-Request-Method` is not a method name, or came more than once.
    InvalidMethod(&'a [u8]),
    /// The requested method is not allowed.
    MethodNotAllowed(&'a [u8]),
    /// `Access-Control-Request-Headers` exceeds the caps on bytes, elements or lines.
    HeaderListTooLong,
    /// A requested header name is not a token.
    InvalidHeaderName(&'a [u8]),
    /// A requested header is not allowed.
    HeaderNotAllowed(&'a [u8]),
    /// Private network access was requested but the policy does not allow it.
    PrivateNetworkNotAllowed,
}

impl fmt::Display for Rejection<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Rejection::SeveralOrigins => f.write_str("the request has several Origin headers"),
            Rejection::InvalidOrigin(o) => {
                write!(f, "origin `{}` is not a serialized origin", Escaped(o))
            }
            Rejection::OriginNotAllowed(o) => write!(f, "origin `{}` is not allowed", Escaped(o)),
            Rejection::InvalidMethod(m) => {
                write!(
                    f,
                    "requested method `{}` is not a single method name",
                    Escaped(m)
                )
            }
            Rejection::MethodNotAllowed(m) => {
                write!(f, "requested method `{}` is not allowed", Escaped(m))
            }
            Rejection::HeaderListTooLong => write!(
                f,
                "Access-Control-Request-Headers exceeds {} bytes, {} names or {} lines",
                MAX_BYTES, MAX_ELEMENTS, MAX_LINES
            ),
            Rejection::InvalidHeaderName(h) => {
                write!(f, "requested header `{}` is not a header name", Escaped(h))
            }
            Rejection::HeaderNotAllowed(h) => {
                write!(f, "requested header `{}` is not allowed", Escaped(h))
            }
            Rejection::PrivateNetworkNotAllowed => {
                f.write_str("private network access was requested but is not allowed")
            }
        }
    }
}

/// Request bytes show as escaped text (`OriginNotAllowed("https://evil.example")`), cut as in
/// `Display`, so that a `{:?}` in a log line is as safe and as readable as a `{}`.
impl fmt::Debug for Rejection<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, bytes) = match *self {
            Rejection::SeveralOrigins => return f.write_str("SeveralOrigins"),
            Rejection::HeaderListTooLong => return f.write_str("HeaderListTooLong"),
            Rejection::PrivateNetworkNotAllowed => return f.write_str("PrivateNetworkNotAllowed"),
            Rejection::InvalidOrigin(b) => ("InvalidOrigin", b),
            Rejection::OriginNotAllowed(b) => ("OriginNotAllowed", b),
            Rejection::InvalidMethod(b) => ("InvalidMethod", b),
            Rejection::MethodNotAllowed(b) => ("MethodNotAllowed", b),
            Rejection::InvalidHeaderName(b) => ("InvalidHeaderName", b),
            Rejection::HeaderNotAllowed(b) => ("HeaderNotAllowed", b),
        };
        f.debug_tuple(name).field(&Escaped(bytes)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::format;
    use std::string::ToString;

    #[test]
    fn rejection_display_escapes_and_cuts() {
        let r = Rejection::OriginNotAllowed(b"https://\xff.com");
        assert_eq!(r.to_string(), "origin `https://\\xff.com` is not allowed");
        let long = [b'a'; 300];
        let s = Rejection::InvalidHeaderName(&long).to_string();
        assert!(s.contains("… (300 bytes)") && s.len() < 200, "{s}");
    }

    #[test]
    fn debug_reads_as_text() {
        assert_eq!(
            format!("{:?}", Rejection::OriginNotAllowed(b"https://evil.example")),
            "OriginNotAllowed(\"https://evil.example\")"
        );
        assert_eq!(
            format!("{:?}", Rejection::HeaderNotAllowed(b"x-a\r\nx: y")),
            "HeaderNotAllowed(\"x-a\\r\\nx: y\")"
        );
        assert_eq!(format!("{:?}", Rejection::SeveralOrigins), "SeveralOrigins");
    }
}
