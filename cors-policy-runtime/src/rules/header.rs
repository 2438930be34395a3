//! Header rules: each element of `allow_headers` (request headers) and `expose_headers`
//! (response headers).
//!
//! Header names compare case-insensitively, so both lists are returned lowercased, the form
//! browsers use in `Access-Control-Request-Headers`. What the rules reject are names that
//! can never take part in CORS: not valid names at all, request headers that scripts are
//! forbidden to set, and response headers that browsers never expose.

use alloc::format;
use alloc::string::String;

use super::{describe_char, first_non_tchar, is_token, token_fix, Rule, Violation};

/// Fetch "forbidden request header" names (lowercase); `proxy-*` and `sec-*` are checked as
/// prefixes, `access-control-*` by its own rule.
const FORBIDDEN_REQUEST: [&str; 22] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "access-control-request-private-network",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Fetch "forbidden response-header name": never exposed to scripts.
const FORBIDDEN_RESPONSE: [&str; 2] = ["set-cookie", "set-cookie2"];

/// Checks one element of `allow_headers` and returns it lowercased.
///
/// Why: a name that is not an RFC 9110 token can never be sent. A forbidden request header
/// (`cookie`, `host`, `origin`, …, and every `proxy-*` and `sec-*` name) is set only by the
/// browser, never by a script, so allowing it does nothing and suggests a protection or a
/// feature that is not there. `access-control-*` names are CORS response headers or preflight
/// headers the browser adds itself; listing one is a mix-up of request and response.
pub fn request_header(text: &str) -> Result<String, Violation> {
    if text == "*" {
        return Err(super::keys::star_in_list(super::ListKind::RequestHeader));
    }
    let name = token(text, "allow_headers")?;
    if name.starts_with("access-control-") {
        return Err(Violation::new(
            Rule::HeaderAccessControl,
            format!("`{text}` is a CORS protocol header, not a header a script sends"),
            String::from(
                "remove it: `access-control-allow-*`, `-expose-headers` and `-max-age` are \
                 response headers this policy sends for you, and `access-control-request-*` are \
                 set by the browser on the preflight itself",
            ),
        ));
    }
    let prefix = ["proxy-", "sec-"].into_iter().find(|p| name.starts_with(p));
    if prefix.is_some() || FORBIDDEN_REQUEST.contains(&name.as_str()) {
        let which = match prefix {
            Some(prefix) => format!("every `{prefix}*` name is"),
            None => format!("`{name}` is"),
        };
        return Err(Violation::new(
            Rule::HeaderForbidden,
            format!("`{text}` is a forbidden request header: scripts can never set it"),
            format!(
                "remove it: {which} a forbidden request header, set only by the browser \
                 itself, so allowing it has no effect"
            ),
        ));
    }
    Ok(name)
}

/// Checks one element of `expose_headers` and returns it lowercased.
///
/// Why: a name that is not an RFC 9110 token can never be sent, and browsers never expose
/// `set-cookie` or `set-cookie2` to scripts, whatever `Access-Control-Expose-Headers` says, so
/// listing them only suggests a leak or a feature that is not there.
pub fn expose_header(text: &str) -> Result<String, Violation> {
    if text == "*" {
        return Err(super::keys::star_in_list(super::ListKind::ExposeHeader));
    }
    let name = token(text, "expose_headers")?;
    if FORBIDDEN_RESPONSE.contains(&name.as_str()) {
        return Err(Violation::new(
            Rule::ExposeForbidden,
            format!("`{text}` can never be exposed to scripts"),
            format!(
                "remove it: browsers filter `{name}` out of every response a script can read, \
                 whatever `Access-Control-Expose-Headers` says"
            ),
        ));
    }
    Ok(name)
}

/// The violation for `expose_headers: *` together with `allow_credentials: true`.
///
/// Why: on a credentialed response browsers read `Access-Control-Expose-Headers: *` as a
/// header literally named `*`, so the wildcard would silently expose nothing.
pub fn expose_any_with_credentials() -> Violation {
    Violation::new(
        Rule::CredentialsExposeAny,
        String::from("`expose_headers: *` cannot be combined with `allow_credentials: true`"),
        String::from(
            "list the header names to expose, e.g. `expose_headers: [\"x-request-id\"]`: on \
             credentialed responses browsers read `*` as a header literally named `*`, so \
             nothing would be exposed",
        ),
    )
}

/// The token check shared by both lists; `Ok` is the name lowercased.
fn token(text: &str, key: &str) -> Result<String, Violation> {
    if is_token(text) {
        return Ok(text.to_ascii_lowercase());
    }
    let message = match first_non_tchar(text) {
        Some(c) => format!(
            "`{text}` in `{key}` is not a valid header name: it contains {}",
            describe_char(c)
        ),
        None => format!("an empty header name in `{key}`"),
    };
    let help = match token_fix(text) {
        Some(fixed) => format!("write `{}`", fixed.to_ascii_lowercase()),
        None => String::from(
            "a header name is a token: letters, digits and ``!#$%&'*+-.^_`|~``, without \
             spaces, `:` or other separators, e.g. `x-request-id`; list several names as \
             separate elements",
        ),
    };
    Err(Violation::new(Rule::HeaderToken, message, help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    #[test]
    fn request_rows() {
        let rows: &[(&str, Result<&str, Rule>)] = &[
            ("content-type", Ok("content-type")),
            ("Content-Type", Ok("content-type")),
            ("Authorization", Ok("authorization")),
            ("X-Requested-With", Ok("x-requested-with")),
            ("x-api-key", Ok("x-api-key")),
            ("accept", Ok("accept")),
            ("range", Ok("range")),
            ("if-none-match", Ok("if-none-match")),
            ("x_custom", Ok("x_custom")),
            ("proxy", Ok("proxy")),
            ("sec", Ok("sec")),
            ("secret-token", Ok("secret-token")),
            ("x-sec-token", Ok("x-sec-token")),
            ("hostname", Ok("hostname")),
            ("cookies", Ok("cookies")),
            ("access-control", Ok("access-control")),
            ("", Err(Rule::HeaderToken)),
            ("x foo", Err(Rule::HeaderToken)),
            ("x-foo:", Err(Rule::HeaderToken)),
            ("content-type, authorization", Err(Rule::HeaderToken)),
            ("x\"y", Err(Rule::HeaderToken)),
            ("x/y", Err(Rule::HeaderToken)),
            ("ümlaut", Err(Rule::HeaderToken)),
            ("x\r\ny", Err(Rule::HeaderToken)),
            ("cookie", Err(Rule::HeaderForbidden)),
            ("Cookie", Err(Rule::HeaderForbidden)),
            ("COOKIE2", Err(Rule::HeaderForbidden)),
            ("Host", Err(Rule::HeaderForbidden)),
            ("origin", Err(Rule::HeaderForbidden)),
            ("Referer", Err(Rule::HeaderForbidden)),
            ("accept-charset", Err(Rule::HeaderForbidden)),
            ("Accept-Encoding", Err(Rule::HeaderForbidden)),
            ("connection", Err(Rule::HeaderForbidden)),
            ("content-length", Err(Rule::HeaderForbidden)),
            ("date", Err(Rule::HeaderForbidden)),
            ("DNT", Err(Rule::HeaderForbidden)),
            ("expect", Err(Rule::HeaderForbidden)),
            ("keep-alive", Err(Rule::HeaderForbidden)),
            ("set-cookie", Err(Rule::HeaderForbidden)),
            ("te", Err(Rule::HeaderForbidden)),
            ("trailer", Err(Rule::HeaderForbidden)),
            ("transfer-encoding", Err(Rule::HeaderForbidden)),
            ("upgrade", Err(Rule::HeaderForbidden)),
            ("via", Err(Rule::HeaderForbidden)),
            ("Proxy-Authorization", Err(Rule::HeaderForbidden)),
            ("proxy-", Err(Rule::HeaderForbidden)),
            ("Sec-Fetch-Mode", Err(Rule::HeaderForbidden)),
            ("sec-ch-ua", Err(Rule::HeaderForbidden)),
            ("access-control-request-method", Err(Rule::HeaderAccessControl)),
            ("Access-Control-Request-Headers", Err(Rule::HeaderAccessControl)),
            ("access-control-request-private-network", Err(Rule::HeaderAccessControl)),
            ("Access-Control-Allow-Origin", Err(Rule::HeaderAccessControl)),
            ("access-control-max-age", Err(Rule::HeaderAccessControl)),
        ];
        for (text, want) in rows {
            let got = request_header(text);
            match (&got, want) {
                (Ok(name), Ok(w)) => assert_eq!(name, w, "{text:?}"),
                (Err(v), Err(rule)) => {
                    assert_eq!(v.rule, *rule, "{text:?}: {}", v.message);
                    assert!(!v.help.is_empty());
                    if !text.is_empty() {
                        assert!(v.message.contains(text), "{}", v.message);
                    }
                }
                _ => panic!("{text:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn every_fetch_forbidden_name_is_rejected() {
        for name in FORBIDDEN_REQUEST {
            let rule = request_header(name).unwrap_err().rule;
            assert!(
                matches!(rule, Rule::HeaderForbidden | Rule::HeaderAccessControl),
                "{name}"
            );
            let upper = name.to_ascii_uppercase();
            assert_eq!(request_header(&upper).unwrap_err().rule, rule, "{upper}");
        }
    }

    #[test]
    fn expose_rows() {
        let rows: &[(&str, Result<&str, Rule>)] = &[
            ("X-Request-Id", Ok("x-request-id")),
            ("etag", Ok("etag")),
            ("Content-Length", Ok("content-length")),
            ("link", Ok("link")),
            ("set-cookie-x", Ok("set-cookie-x")),
            ("cookie", Ok("cookie")),
            ("set-cookie", Err(Rule::ExposeForbidden)),
            ("Set-Cookie", Err(Rule::ExposeForbidden)),
            ("SET-COOKIE2", Err(Rule::ExposeForbidden)),
            ("", Err(Rule::HeaderToken)),
            ("x-a, x-b", Err(Rule::HeaderToken)),
            ("x@y", Err(Rule::HeaderToken)),
        ];
        for (text, want) in rows {
            let got = expose_header(text);
            match (&got, want) {
                (Ok(name), Ok(w)) => assert_eq!(name, w, "{text:?}"),
                (Err(v), Err(rule)) => assert_eq!(v.rule, *rule, "{text:?}: {}", v.message),
                _ => panic!("{text:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn help_texts() {
        assert_eq!(request_header(" X-Foo ").unwrap_err().help, "write `x-foo`");
        assert_eq!(request_header("X-Foo:").unwrap_err().help, "write `x-foo`");
        let v = request_header("Sec-Fetch-Site").unwrap_err();
        assert!(v.help.contains("every `sec-*` name is"), "{}", v.help);
        let v = request_header("Cookie").unwrap_err();
        assert!(
            v.help.contains("`cookie` is a forbidden request header"),
            "{}",
            v.help
        );
        assert_eq!(
            request_header("a b").unwrap_err().message,
            "`a b` in `allow_headers` is not a valid header name: it contains a space"
        );
        assert!(expose_header("")
            .unwrap_err()
            .message
            .contains("`expose_headers`"));
        let v = expose_any_with_credentials();
        assert_eq!(v.rule, Rule::CredentialsExposeAny);
        assert!(
            v.help.contains("expose_headers: [\"x-request-id\"]"),
            "{}",
            v.help
        );
    }
}
