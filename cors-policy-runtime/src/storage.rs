//! Where a policy's tables and strings live: in the binary, for a policy compiled by
//! `cors_policy!` ([`Static`]), or on the heap, for one built at run time ([`Owned`]).
//!
//! The decision code is written once, generic over [`Storage`]; the two kinds of policy differ
//! only in how a list or a string is held and in how a string of the policy is handed to an
//! adapter ([`Value::Static`] or [`Value::Shared`]).

use core::fmt;
use core::ops::Deref;

use crate::decision::Value;

/// How a policy holds its lists and strings. Implemented by [`Static`] and [`Owned`] only.
pub trait Storage: sealed::Sealed + Sized + 'static {
    /// A string of the policy: a table key or a header value.
    type Str: AsRef<[u8]> + fmt::Debug + 'static;
    /// A list of the policy.
    type List<T: 'static>: Deref<Target = [T]> + 'static;

    /// The decision's value for one of the policy's strings.
    fn value<'s>(s: &'s Self::Str) -> Value<'s>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Static {}
    #[cfg(feature = "alloc")]
    impl Sealed for super::Owned {}
}

/// Storage in the binary: `&'static` slices and strings, emitted by the `cors_policy!` macro.
#[derive(Debug)]
pub enum Static {}

impl Storage for Static {
    type Str = &'static str;
    type List<T: 'static> = &'static [T];

    #[inline(always)]
    fn value<'s>(s: &'s &'static str) -> Value<'s> {
        Value::Static(s)
    }
}

/// Storage on the heap, for a policy built at run time: boxed slices, and strings that share
/// one buffer with the header values made from them ([`SharedStr`]).
#[cfg(feature = "alloc")]
#[derive(Debug)]
pub enum Owned {}

#[cfg(feature = "alloc")]
impl Storage for Owned {
    type Str = SharedStr;
    type List<T: 'static> = alloc::boxed::Box<[T]>;

    #[inline(always)]
    fn value<'s>(s: &'s SharedStr) -> Value<'s> {
        Value::Shared(s)
    }
}

/// A string of a policy built at run time: checked once, when the policy was built, to be a
/// valid header value, and held in a buffer that header values share (a reference count, not a
/// copy), so that sending it allocates nothing.
///
/// Only this crate makes them (from checked text), so an adapter may turn one into a header
/// value without checking its bytes again ([`ValueSource::Shared`](crate::ValueSource)).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SharedStr(Repr);

#[cfg(feature = "alloc")]
type Repr = bytes::Bytes;

/// Without `alloc` no run-time policy exists, so no `SharedStr` can either.
#[cfg(not(feature = "alloc"))]
type Repr = Never;

#[cfg(not(feature = "alloc"))]
#[derive(Clone, PartialEq, Eq, Hash)]
enum Never {}

#[cfg(not(feature = "alloc"))]
impl AsRef<[u8]> for Never {
    fn as_ref(&self) -> &[u8] {
        match *self {}
    }
}

impl SharedStr {
    /// The bytes (visible ASCII, space or tab).
    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // Made from `&str` only (see `SharedStr::new`), so this never fails.
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// The shared buffer, for an adapter to make a header value from without a copy.
    #[cfg(feature = "alloc")]
    #[inline(always)]
    pub fn bytes(&self) -> &bytes::Bytes {
        &self.0
    }

    /// `text` in a buffer of its own that header values will share: the way a run-time policy
    /// makes its strings. `None` unless `text` is a valid header value (visible ASCII, space,
    /// tab), so that every `SharedStr` is one.
    #[cfg(feature = "build")]
    pub(crate) fn new(text: &str) -> Option<Self> {
        if !crate::policy::is_header_value(text) {
            return None;
        }
        let bytes = bytes::Bytes::from(alloc::vec::Vec::from(text.as_bytes()));
        // The first clone of a buffer made from a `Vec` allocates its shared header; made here,
        // once, so that sending the string (a clone) never allocates. The clone is the one
        // kept: it is a plain shared buffer, whose clones take one reference count, while the
        // `Vec`-made original checks first whether it was shared yet (about 8 instructions
        // more per clone, callgrind).
        let shared = bytes.clone();
        drop(bytes);
        Some(SharedStr(shared))
    }
}

impl AsRef<[u8]> for SharedStr {
    #[inline(always)]
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string of a policy as text, for cold paths (listing, `Debug`).
pub(crate) fn text<S: AsRef<[u8]>>(s: &S) -> &str {
    core::str::from_utf8(s.as_ref()).unwrap_or_default()
}

#[cfg(all(test, feature = "build"))]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_are_header_values_whose_clones_share_the_buffer() {
        let s = SharedStr::new("https://a.example").unwrap();
        assert_eq!(s.as_str(), "https://a.example");
        assert_eq!(s.bytes().clone().as_ptr(), s.bytes().as_ptr());
        assert!(
            SharedStr::new("https://a.example\r\nx: y").is_none(),
            "CR LF"
        );
        assert!(SharedStr::new("caf\u{e9}").is_none(), "non-ASCII");
        assert!(
            SharedStr::new("a\tb c").is_some(),
            "tab and space are header-value bytes"
        );
    }
}
