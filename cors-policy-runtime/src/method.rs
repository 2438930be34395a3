//! Methods allowed by a policy.
//!
//! Methods compare case-sensitively, exactly as browsers compare `Access-Control-Allow-Methods`:
//! a script's `patch` is sent verbatim and does not match `PATCH`.

/// The methods a policy allows beyond the always-safelisted GET, HEAD and POST.
#[derive(Debug)]
pub enum AllowMethods {
    /// `allow_methods: *`: any method; the requested one is echoed.
    Any,
    /// The listed methods and their compile-time joined `Access-Control-Allow-Methods` value
    /// (`None` when the list is empty).
    List(&'static [&'static str], Option<&'static str>),
}

use crate::hash::equal;

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

impl AllowMethods {
    #[inline]
    pub(crate) fn allows(&self, method: &[u8]) -> bool {
        match self {
            AllowMethods::Any => true,
            AllowMethods::List(list, _) => {
                is_safelisted(method) || list.iter().any(|m| equal(m.as_bytes(), method, false))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_and_safelisted_methods_pass_case_sensitively() {
        let list = AllowMethods::List(&["PUT", "PATCH", "PROPFIND"], Some("PUT,PATCH,PROPFIND"));
        for ok in ["GET", "HEAD", "POST", "PUT", "PATCH", "PROPFIND"] {
            assert!(list.allows(ok.as_bytes()), "{ok}");
        }
        for no in ["patch", "Put", "get", "DELETE", "OPTIONS", "", "PATCH "] {
            assert!(!list.allows(no.as_bytes()), "{no}");
        }
        assert!(AllowMethods::Any.allows(b"WHATEVER"));
        let none = AllowMethods::List(&[], None);
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
