//! Method rules: each element of `allow_methods`.
//!
//! Browsers compare the preflight's `Access-Control-Request-Method` with the allowed methods
//! case-sensitively (Fetch, "CORS-preflight fetch"), and they normalise the case of only six
//! methods. A method that no script can send, or that is spelled differently from what scripts
//! send, is dead configuration that looks like it does something.

use alloc::format;
use alloc::string::String;

use super::{describe_char, first_non_tchar, is_token, token_fix, Rule, Violation};

/// Methods scripts can never send (Fetch, "forbidden method"), compared case-insensitively.
const FORBIDDEN: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// Methods whose case browsers normalise (Fetch, "normalize a method").
const NORMALIZED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// Checks one element of `allow_methods`.
///
/// Why: a method that is not an RFC 9110 token can never be sent; CONNECT, TRACE and TRACK are
/// forbidden to scripts, so allowing them does nothing; and a standard method written in
/// another case (`patch`, `Put`) would never match, because methods compare case-sensitively
/// and browsers send `PUT` for `put` but `patch` verbatim. Custom methods (`PROPFIND`,
/// `purge`) are sent exactly as the script writes them, so any case is fine for them.
pub fn method(text: &str) -> Result<(), Violation> {
    if text == "*" {
        return Err(super::keys::star_in_list(super::ListKind::Method));
    }
    if !is_token(text) {
        let message = match first_non_tchar(text) {
            Some(c) => format!(
                "method `{text}` is not a valid method name: it contains {}",
                describe_char(c)
            ),
            None => String::from("the method name is empty"),
        };
        let help = match token_fix(text) {
            Some(fixed) => format!("write `{fixed}`"),
            None => String::from(
                "a method is a token: letters, digits and ``!#$%&'*+-.^_`|~``, \
                 without spaces or separators, e.g. `PUT`; list several methods as separate \
                 elements",
            ),
        };
        return Err(Violation::new(Rule::MethodToken, message, help));
    }
    if let Some(forbidden) = FORBIDDEN.iter().find(|m| m.eq_ignore_ascii_case(text)) {
        return Err(Violation::new(
            Rule::MethodForbidden,
            format!("method `{text}` is forbidden: scripts can never send {forbidden}"),
            String::from(
                "remove it: browsers refuse to send CONNECT, TRACE and TRACK from scripts, so \
                 allowing them has no effect",
            ),
        ));
    }
    let mut standard = NORMALIZED.iter().chain(["PATCH"].iter());
    if let Some(upper) = standard.find(|m| m.eq_ignore_ascii_case(text) && **m != text) {
        let help = if NORMALIZED.contains(upper) {
            format!(
                "write `{upper}`: browsers uppercase only DELETE, GET, HEAD, OPTIONS, POST and \
                 PUT, so a script's `{text}` is sent as `{upper}`, and methods compare \
                 case-sensitively, so `{text}` would never match it"
            )
        } else {
            format!(
                "write `{upper}`: browsers uppercase only DELETE, GET, HEAD, OPTIONS, POST and \
                 PUT and send `{text}` verbatim, and methods compare case-sensitively, so \
                 `{text}` would never match `{upper}`, the spelling scripts and servers use"
            )
        };
        return Err(Violation::new(
            Rule::MethodCase,
            format!("method `{text}` is a standard method not written in uppercase"),
            help,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows() {
        let rows: &[(&str, Option<Rule>)] = &[
            ("GET", None),
            ("HEAD", None),
            ("POST", None),
            ("PUT", None),
            ("DELETE", None),
            ("OPTIONS", None),
            ("PATCH", None),
            ("PROPFIND", None),
            ("purge", None),
            ("Purge", None),
            ("M-SEARCH", None),
            ("X!#$%&'*+-.^_`|~", None),
            ("patch", Some(Rule::MethodCase)),
            ("Patch", Some(Rule::MethodCase)),
            ("Put", Some(Rule::MethodCase)),
            ("get", Some(Rule::MethodCase)),
            ("delete", Some(Rule::MethodCase)),
            ("Options", Some(Rule::MethodCase)),
            ("hEAD", Some(Rule::MethodCase)),
            ("post", Some(Rule::MethodCase)),
            ("CONNECT", Some(Rule::MethodForbidden)),
            ("connect", Some(Rule::MethodForbidden)),
            ("TRACE", Some(Rule::MethodForbidden)),
            ("Trace", Some(Rule::MethodForbidden)),
            ("TRACK", Some(Rule::MethodForbidden)),
            ("track", Some(Rule::MethodForbidden)),
            ("", Some(Rule::MethodToken)),
            ("GE T", Some(Rule::MethodToken)),
            (" GET", Some(Rule::MethodToken)),
            ("GET,POST", Some(Rule::MethodToken)),
            ("GET;", Some(Rule::MethodToken)),
            ("(GET)", Some(Rule::MethodToken)),
            ("GÉT", Some(Rule::MethodToken)),
            ("GET\0", Some(Rule::MethodToken)),
            ("*", Some(Rule::StarInList)),
        ];
        for (text, want) in rows {
            let got = method(text).err();
            assert_eq!(got.as_ref().map(|v| v.rule), *want, "{text:?}: {got:?}");
            if let Some(v) = got {
                assert!(!v.message.is_empty() && !v.help.is_empty());
                if !text.is_empty() {
                    assert!(v.message.contains(text), "{}", v.message);
                }
            }
        }
    }

    #[test]
    fn help_texts() {
        let v = method("patch").unwrap_err();
        assert!(v.help.starts_with("write `PATCH`: "), "{}", v.help);
        assert!(
            v.help.contains("DELETE, GET, HEAD, OPTIONS, POST and PUT"),
            "{}",
            v.help
        );
        assert!(
            v.help.contains("`patch` would never match `PATCH`"),
            "{}",
            v.help
        );
        assert!(v.help.contains("send `patch` verbatim"), "{}", v.help);
        let v = method("Put").unwrap_err();
        assert!(v.help.starts_with("write `PUT`: "), "{}", v.help);
        assert!(
            v.help.contains("a script's `Put` is sent as `PUT`"),
            "{}",
            v.help
        );
        assert_eq!(method(" GET").unwrap_err().help, "write `GET`");
        assert_eq!(
            method("GE T").unwrap_err().message,
            "method `GE T` is not a valid method name: it contains a space"
        );
        assert!(method("trace").unwrap_err().message.contains("TRACE"));
    }
}
