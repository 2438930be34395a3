//! Response header values: the policy's strings without a per-request byte check, and the
//! request's own lines shared rather than copied.

use bytes::Bytes;
use http::header::HeaderName;
use http::HeaderValue;

use crate::decision::{Value, ValueSource};
use crate::Vary;

/// `HeaderValue::from_static` checks every byte when called at run time; consts are checked
/// once, at compile time.
pub(super) const TRUE: HeaderValue = HeaderValue::from_static("true");

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
    build(value.source(line))
}

/// `Access-Control-Allow-Origin` for a decision's value, given the request's `Origin` line: a
/// listed origin is the policy's own `&'static` copy ([`Value::allow_origin_source`]).
#[inline(always)]
pub(super) fn allow_origin(value: Value<'_>, line: Option<&HeaderValue>) -> HeaderValue {
    build(value.allow_origin_source(line))
}

/// An echo of `bytes`: a clone of `line` when they are its bytes, else a checked copy.
#[inline]
pub(super) fn echo(line: Option<&HeaderValue>, bytes: &[u8]) -> HeaderValue {
    build(Value::Echo(bytes).source(line))
}

/// The `http` header value [`ValueSource`] says to build.
#[inline(always)]
pub(super) fn build(source: ValueSource<'_, &HeaderValue>) -> HeaderValue {
    match source {
        ValueSource::Trusted(s) => fixed(s),
        ValueSource::Shared(s) => trusted(s.bytes().clone()),
        ValueSource::Line(line) => line.clone(),
        // An invalid value becomes an empty one: never a panic on a request's behalf.
        ValueSource::Copy(bytes) => {
            HeaderValue::from_bytes(bytes).unwrap_or_else(|_| HeaderValue::from_static(""))
        }
    }
}

/// A `HeaderValue` for a string of a compiled policy (or of this crate) without re-checking its
/// bytes: `HeaderValue::from_static` scans every byte when called at run time, on every request.
///
/// Only for [`ValueSource::Trusted`] strings and this crate's literals.
#[inline(always)]
pub(super) fn fixed(s: &'static str) -> HeaderValue {
    trusted(Bytes::from_static(s.as_bytes()))
}

/// The one place a header value is made without checking its bytes.
///
/// Only for bytes that [`ValueSource::Trusted`] or [`ValueSource::Shared`] vouch for, and this
/// crate's literals.
#[inline(always)]
fn trusted(bytes: Bytes) -> HeaderValue {
    // SAFETY: every caller passes a valid header value (visible ASCII, space, tab): a
    // `Trusted` string (policy strings are asserted valid in const context, a listed origin is
    // trusted only when equal to the request's own `HeaderValue`, and this crate's literals
    // are valid), or a `SharedStr` (checked when its run-time policy was built; see
    // `SharedStr::shared`). Debug builds of `http` check again.
    unsafe { HeaderValue::from_maybe_shared_unchecked(bytes) }
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

    /// The unchecked construction on a run-time policy's path (run under Miri, see FUZZING.md).
    #[cfg(feature = "build")]
    #[test]
    fn a_run_time_policy_string_is_sent_shared_and_outlives_its_policy() {
        let policy_string = crate::storage::SharedStr::new("https://a.example").unwrap();
        let sent = build(ValueSource::Shared(&policy_string));
        assert_eq!(sent, "https://a.example");
        assert_eq!(sent.as_bytes().as_ptr(), policy_string.as_bytes().as_ptr());
        // A reload drops the policy while a response still holds the value.
        drop(policy_string);
        assert_eq!(sent.to_str().unwrap(), "https://a.example");
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
