//! Response header values: the policy's strings without a per-request byte check, and the
//! request's own lines shared rather than copied.

use bytes::Bytes;
use http::header::HeaderName;
use http::HeaderValue;

use crate::decision::Value;
use crate::hash::equal;
use crate::Vary;

/// `HeaderValue::from_static` checks every byte when called at run time; consts are checked
/// once, at compile time.
pub(super) const TRUE: HeaderValue = HeaderValue::from_static("true");
const STAR: HeaderValue = HeaderValue::from_static("*");

/// `Access-Control-Request-Private-Network`, built once.
pub(super) const REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static(crate::request::REQUEST_PRIVATE_NETWORK);

/// `Access-Control-Allow-Private-Network`, built once.
pub(super) const ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static(crate::name::ALLOW_PRIVATE_NETWORK);

/// A decision's value for any header but `Access-Control-Allow-Origin` (see [`allow_origin`]):
/// fixed ones without a byte check, echoed ones cloned from the request line they came from.
#[inline(always)]
pub(super) fn value(value: Value<'_>, line: Option<&HeaderValue>) -> HeaderValue {
    match value {
        Value::Static(s) => fixed(s),
        Value::Echo(bytes) => echo(line, bytes),
    }
}

/// `Access-Control-Allow-Origin` for a decision's value, given the request's `Origin` line.
///
/// A listed origin comes back from the policy's table as the table's own `&'static` copy, so
/// it is sent without touching the request's value: no reference count, and no allocation even
/// when the request's value is uniquely owned (which `bytes` would otherwise promote, with one
/// allocation, on its first clone).
#[inline(always)]
pub(super) fn allow_origin(value: Value<'_>, line: Option<&HeaderValue>) -> HeaderValue {
    match value {
        Value::Static(listed) => match line {
            // The table matched this very line byte for byte, so the listed copy is exactly as
            // valid a header value as the request's own.
            Some(line) if equal(line.as_bytes(), listed.as_bytes(), false) => {
                // SAFETY: the same bytes as `line`, a `HeaderValue`.
                unsafe { unchecked(listed) }
            }
            _ if listed == "*" => STAR,
            // A decision that was not made from this line (a caller pairing them freely).
            _ => HeaderValue::from_maybe_shared(Bytes::from_static(listed.as_bytes()))
                .unwrap_or_else(|_| HeaderValue::from_static("")),
        },
        Value::Echo(bytes) => echo(line, bytes),
    }
}

/// A `HeaderValue` for a string of the policy (or of this crate) without re-checking its
/// bytes: `HeaderValue::from_static` scans every byte when called at run time, on every request.
///
/// Only for the strings a [`Headers`](crate::Headers) holds other than a listed origin: literals
/// of this crate and the joined values of a `Policy`. Listed origins go through
/// [`allow_origin`].
#[inline(always)]
pub(super) fn fixed(s: &'static str) -> HeaderValue {
    // SAFETY: `Policy::__new` asserts (in const context) that every joined value of a policy is
    // a valid header value (visible ASCII, space or tab), and this crate's literals are.
    unsafe { unchecked(s) }
}

/// # Safety
/// `s` must be a valid header value: visible ASCII, space or tab. Debug builds of `http` check.
#[inline(always)]
unsafe fn unchecked(s: &'static str) -> HeaderValue {
    unsafe { HeaderValue::from_maybe_shared_unchecked(Bytes::from_static(s.as_bytes())) }
}

/// The request line whose bytes these are (same address): cloning it shares the buffer of a
/// server-parsed request instead of copying.
#[inline]
pub(super) fn echo(line: Option<&HeaderValue>, bytes: &[u8]) -> HeaderValue {
    match line {
        Some(line) if core::ptr::eq(line.as_bytes(), bytes) => line.clone(),
        // Only when the decision was not made from these lines: copy.
        _ => HeaderValue::from_bytes(bytes).unwrap_or_else(|_| HeaderValue::from_static("")),
    }
}

/// `Vary` for a set of names, joined at compile time.
pub(super) fn vary(vary: Vary) -> HeaderValue {
    macro_rules! value {
        ($bits:literal) => {
            const { HeaderValue::from_static(vary_str($bits)) }
        };
    }
    const fn vary_str(bits: u8) -> &'static str {
        match Vary::from_bits(bits).as_str() {
            Some(names) => names,
            None => "",
        }
    }
    match vary.bits() {
        1 => value!(1),
        2 => value!(2),
        3 => value!(3),
        4 => value!(4),
        5 => value!(5),
        6 => value!(6),
        7 => value!(7),
        _ => value!(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_origin_is_sent_from_the_policy_only_for_its_own_line() {
        let line = HeaderValue::from_static("https://app.example.com");
        let sent = allow_origin(Value::Static("https://app.example.com"), Some(&line));
        assert_eq!(sent, line);
        // Not the request's line: checked, never trusted.
        let other = HeaderValue::from_static("https://other.example.com");
        let sent = allow_origin(Value::Static("https://app.example.com"), Some(&other));
        assert_eq!(sent, "https://app.example.com");
        let bad = allow_origin(Value::Static("https://a\r\nx: y"), None);
        assert_eq!(bad, "");
        assert_eq!(allow_origin(Value::Static("*"), Some(&line)), "*");
    }

    #[test]
    fn echoes_share_their_line_and_copy_otherwise() {
        let line = HeaderValue::from_static("x-a, x-b");
        let same = echo(Some(&line), line.as_bytes());
        assert_eq!(same.as_bytes().as_ptr(), line.as_bytes().as_ptr());
        let copied = echo(Some(&line), b"x-a, x-b");
        assert_eq!(copied, line);
        assert_eq!(echo(None, b"bad\nvalue"), "");
    }
}
