//! Methods allowed by a policy.
//!
//! Methods compare case-sensitively, exactly as browsers compare `Access-Control-Allow-Methods`:
//! a script's `patch` is sent verbatim and does not match `PATCH`.

use core::fmt;

use crate::hash::equal;
use crate::storage::Storage;

/// The methods a policy allows beyond the always-safelisted GET, HEAD and POST.
pub enum AllowMethods<S: Storage> {
    /// `allow_methods: *`: any method; the requested one is echoed.
    Any,
    /// The listed methods and their joined `Access-Control-Allow-Methods` value (`None` when
    /// the list is empty).
    List(S::List<S::Str>, Option<S::Str>),
}

impl<S: Storage> fmt::Debug for AllowMethods<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllowMethods::Any => f.write_str("Any"),
            AllowMethods::List(list, _) => f
                .debug_list()
                .entries(list.iter().map(crate::storage::text))
                .finish(),
        }
    }
}

/// GET, HEAD and POST need no `Access-Control-Allow-Methods`.
#[inline]
pub(crate) fn is_safelisted(method: &[u8]) -> bool {
    matches!(method, b"GET" | b"HEAD" | b"POST")
}

/// This crate's `&'static` spelling of a common method, byte for byte the same.
#[inline]
pub(crate) fn known_method(method: &[u8]) -> Option<&'static str> {
    Some(match method {
        b"GET" => "GET",
        b"HEAD" => "HEAD",
        b"POST" => "POST",
        b"PUT" => "PUT",
        b"DELETE" => "DELETE",
        b"PATCH" => "PATCH",
        b"OPTIONS" => "OPTIONS",
        _ => return None,
    })
}

impl<S: Storage> AllowMethods<S> {
    #[inline]
    pub(crate) fn allows(&self, method: &[u8]) -> bool {
        match self {
            AllowMethods::Any => true,
            AllowMethods::List(list, _) => {
                is_safelisted(method) || list.iter().any(|m| equal(m.as_ref(), method, false))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_and_safelisted_methods_pass_case_sensitively() {
        type List = AllowMethods<crate::storage::Static>;
        let list = List::List(&["PUT", "PATCH", "PROPFIND"], Some("PUT,PATCH,PROPFIND"));
        for ok in ["GET", "HEAD", "POST", "PUT", "PATCH", "PROPFIND"] {
            assert!(list.allows(ok.as_bytes()), "{ok}");
        }
        for no in ["patch", "Put", "get", "DELETE", "OPTIONS", "", "PATCH "] {
            assert!(!list.allows(no.as_bytes()), "{no}");
        }
        assert!(List::Any.allows(b"WHATEVER"));
        let none = List::List(&[], None);
        assert!(none.allows(b"POST") && !none.allows(b"PUT"));
    }

    #[test]
    fn known_methods_are_the_same_bytes() {
        for m in ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
            assert_eq!(known_method(m.as_bytes()), Some(m));
        }
        for m in ["patch", "PROPFIND", "", "PUT "] {
            assert_eq!(known_method(m.as_bytes()), None, "{m}");
        }
    }
}
