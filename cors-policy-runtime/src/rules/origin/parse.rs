//! The form of an origin, outside in: whitespace, `*`, `null`, scheme, path, query, fragment,
//! userinfo, case and non-ASCII text; then the authority is split and handed to the host and
//! port rules.

use alloc::format;
use alloc::string::String;

use super::fail::Fail;
use super::host::host_pattern;
use super::port::port_pattern;
use super::{ip, punycode, OriginPattern};
use crate::origin::{MAX_ORIGIN_LEN, MAX_SCHEME_LEN};
use crate::rules::{describe_char, Rule};

pub(crate) const SHAPE: &str = "an origin is `scheme://host[:port]`, e.g. `https://example.com`";
pub(crate) const WILDCARD_PLACES: &str = "a `*` may only be the whole leftmost host label \
     (`https://*.example.org`) or the whole port (`https://example.org:*`)";

/// The text as quoted in a message, with control characters (a newline, a tab) written as
/// escapes, so that the message stays on one line and shows what the source says.
fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn port_suffix(port: Option<&str>) -> String {
    port.map(|p| format!(":{p}")).unwrap_or_default()
}

fn lowercase(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

fn is_scheme(scheme: &str) -> bool {
    let mut bytes = scheme.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

pub(crate) fn parse(text: &str) -> Result<OriginPattern, Fail> {
    if text.is_empty() {
        return Err(Fail::new(
            Rule::OriginMissingScheme,
            String::from("the origin is empty"),
            String::from("write an origin, `scheme://host[:port]`, e.g. `https://example.com`"),
        ));
    }
    if let Some(c) = text.chars().find(|c| c.is_whitespace()) {
        // Only leading and trailing whitespace has an obvious repair; inside the text it may
        // separate two origins written as one element.
        let trimmed = text.trim();
        let fixable = !trimmed.is_empty() && !trimmed.contains(char::is_whitespace);
        return Err(Fail::new(
            Rule::OriginWhitespace,
            format!(
                "origin `{}` contains {}",
                escape_controls(text),
                describe_char(c)
            ),
            String::from(
                "remove the whitespace: an `Origin` header never contains any; list several \
                 origins as separate elements",
            ),
        )
        .fix(
            fixable.then(|| String::from(trimmed)),
            "an `Origin` header never contains whitespace",
        ));
    }
    if text == "*" {
        return Err(Fail::new(
            Rule::OriginStarInList,
            String::from(
                "a `*` inside the origin list would be compared as the literal text `*`, which \
                 no browser sends",
            ),
            String::from(
                "to allow every origin, write `allow_origins: *` instead of a list \
                 (only possible without credentials)",
            ),
        ));
    }
    if text.eq_ignore_ascii_case("null") {
        return Err(Fail::new(
            Rule::OriginNull,
            format!(
                "origin `{text}` would allow every sandboxed iframe, `file:` page and `data:` \
                 document"
            ),
            String::from(
                "remove it: browsers send `null` for every opaque origin, and any site can \
                 make its page opaque with a sandboxed iframe, so there is no safe way to allow \
                 it; list the real origins of your pages instead",
            ),
        ));
    }
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err(missing_scheme(text));
    };
    if scheme.is_empty() {
        return Err(Fail::new(
            Rule::OriginMissingScheme,
            format!("origin `{text}` has no scheme before `://`"),
            format!("write the scheme: {SHAPE}"),
        )
        .fix(
            (!rest.is_empty()).then(|| format!("https://{rest}")),
            "browsers always send the scheme",
        ));
    }
    if scheme.contains('*') {
        return Err(Fail::new(
            Rule::OriginWildcardPosition,
            format!("origin `{text}` has a `*` in the scheme"),
            format!("list each scheme separately; {WILDCARD_PLACES}"),
        )
        .fix(
            (!rest.is_empty()).then(|| format!("https://{rest}")),
            "a `*` cannot stand for a scheme, so list each scheme separately",
        ));
    }
    if !is_scheme(scheme) {
        return Err(Fail::new(
            Rule::OriginInvalidScheme,
            format!("origin `{text}` has an invalid scheme `{scheme}`"),
            String::from(
                "a scheme is a letter followed by letters, digits, `+`, `-` or `.`, \
                 e.g. `https`",
            ),
        ));
    }
    if scheme.eq_ignore_ascii_case("file") {
        return Err(file_origin(text));
    }
    if scheme.len() > MAX_SCHEME_LEN {
        return Err(Fail::new(
            Rule::OriginLength,
            format!(
                "origin `{text}` has a scheme of {} bytes, more than the {MAX_SCHEME_LEN} the \
                 matcher reads",
                scheme.len()
            ),
            format!(
                "write a scheme of at most {MAX_SCHEME_LEN} bytes (browsers' own are shorter: \
                 `chrome-extension` is 16); the bound keeps every listed origin within the \
                 {MAX_ORIGIN_LEN} bytes the matcher reads"
            ),
        ));
    }

    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if let Some(first) = tail.chars().next() {
        let (rule, what, why) = match first {
            '/' => (
                Rule::OriginPath,
                "a path",
                "an `Origin` header never has a path, not even `/`",
            ),
            '?' => (
                Rule::OriginQuery,
                "a query",
                "an `Origin` header never has a query",
            ),
            _ => (
                Rule::OriginFragment,
                "a fragment",
                "an `Origin` header never has a fragment",
            ),
        };
        return Err(Fail::new(
            rule,
            format!("origin `{text}` has {what}: `{tail}`"),
            format!("remove `{tail}`: {SHAPE}"),
        )
        .fix(Some(format!("{scheme}://{authority}")), why));
    }
    if let Some((userinfo, host)) = authority.rsplit_once('@') {
        return Err(Fail::new(
            Rule::OriginUserinfo,
            format!("origin `{text}` has userinfo `{userinfo}@`"),
            format!("remove `{userinfo}@`: {SHAPE}"),
        )
        .fix(
            Some(format!("{scheme}://{host}")),
            "an `Origin` header never carries `user@`",
        ));
    }

    let (host, port) = split_authority(text, scheme, authority)?;

    if scheme.chars().any(char::is_uppercase) || host.chars().any(char::is_uppercase) {
        return Err(Fail::new(
            Rule::OriginUppercase,
            format!("origin `{text}` has uppercase letters"),
            String::from("write the scheme and host in lowercase"),
        )
        .fix(
            Some(format!(
                "{}://{}{}",
                lowercase(scheme),
                lowercase(host),
                port_suffix(port)
            )),
            "browsers lowercase the scheme and host, and origins compare case-sensitively",
        ));
    }
    if !host.is_ascii() {
        let ascii = punycode::host_to_ascii(host);
        return Err(Fail::new(
            Rule::OriginNonAscii,
            format!("origin `{text}` has a non-ASCII host `{host}`"),
            String::from(
                "write the host in its ASCII (punycode, `xn--…`) form, which is what browsers \
                 send",
            ),
        )
        .fix(
            ascii.map(|h| format!("{scheme}://{h}{}", port_suffix(port))),
            "browsers send internationalised hosts in their ASCII (punycode) form",
        ));
    }
    if host.is_empty() {
        return Err(Fail::new(
            Rule::OriginHost,
            format!("origin `{text}` has no host"),
            format!("write a host after `://`: {SHAPE}"),
        ));
    }

    let host_pattern = host_pattern(text, scheme, host, port)?;
    let port_pattern = port_pattern(text, scheme, host, port)?;
    Ok(OriginPattern {
        scheme: String::from(scheme),
        host: host_pattern,
        port: port_pattern,
    })
}

/// No `://` at all: `file:` pages, or a host written without its scheme.
fn missing_scheme(text: &str) -> Fail {
    if text
        .split_once(':')
        .is_some_and(|(scheme, _)| scheme.eq_ignore_ascii_case("file"))
    {
        return file_origin(text);
    }
    let bare = text.trim_start_matches('/');
    // Only guess a scheme when any `:` in the text can be a port (`localhost:3000`); for
    // `data:…` or `https:example.com` a guess would be wrong.
    let port_like = bare
        .split_once(':')
        .is_none_or(|(_, after)| after.starts_with(|c: char| c.is_ascii_digit() || c == '*'));
    let fix = (!bare.is_empty() && port_like).then(|| {
        let scheme = if bare.starts_with("localhost") || bare.starts_with("127.") {
            "http"
        } else {
            "https"
        };
        format!("{scheme}://{bare}")
    });
    Fail::new(
        Rule::OriginMissingScheme,
        format!("origin `{text}` has no `scheme://`"),
        String::from("write it as `scheme://host[:port]`, e.g. `https://example.com`"),
    )
    .fix(fix, "browsers always send the scheme")
}

fn file_origin(text: &str) -> Fail {
    Fail::new(
        Rule::OriginFile,
        format!("origin `{text}` is a `file:` origin"),
        String::from(
            "remove it: browsers send `null` for `file:` pages, never `file://…`, and `null` \
             cannot be allowed safely; serve the page over http instead (e.g. from \
             `http://localhost:8000`) and list that origin",
        ),
    )
}

/// Splits `host[:port]`, with IPv6 hosts in brackets.
fn split_authority<'a>(
    text: &str,
    scheme: &str,
    authority: &'a str,
) -> Result<(&'a str, Option<&'a str>), Fail> {
    if let Some(inner) = authority.strip_prefix("*.[") {
        return Err(Fail::new(
            Rule::OriginWildcardIp,
            format!("origin `{text}` puts a wildcard over an IP address"),
            String::from("IP addresses have no subdomains: list the address itself"),
        )
        .fix(
            Some(format!("{scheme}://[{inner}")),
            "IP addresses have no subdomains, so list the address itself",
        ));
    }
    if authority.starts_with('[') {
        let Some(close) = authority.find(']') else {
            return Err(Fail::new(
                Rule::OriginIpv6,
                format!("origin `{text}` has a `[` without a closing `]`"),
                String::from("write an IPv6 host in brackets, e.g. `https://[2001:db8::1]:8080`"),
            ));
        };
        let (host, after) = authority.split_at(close + 1);
        if after.is_empty() {
            return Ok((host, None));
        }
        if let Some(port) = after.strip_prefix(':') {
            return Ok((host, Some(port)));
        }
        return Err(Fail::new(
            Rule::OriginIpv6,
            format!("origin `{text}` has `{after}` after the IPv6 address `{host}`"),
            String::from("only `:port` may follow an IPv6 host, e.g. `https://[2001:db8::1]:8080`"),
        ));
    }
    let Some((host, port)) = authority.split_once(':') else {
        return Ok((authority, None));
    };
    if !port.contains(':') {
        return Ok((host, Some(port)));
    }
    // Two or more colons outside brackets: an IPv6 address written without its brackets.
    if ip::parse_ipv6(authority).is_some() {
        return Err(Fail::new(
            Rule::OriginIpv6,
            format!("origin `{text}` has an IPv6 address without brackets"),
            String::from("write an IPv6 host in brackets, e.g. `https://[2001:db8::1]`"),
        )
        .fix(
            Some(format!("{scheme}://[{authority}]")),
            "browsers write IPv6 hosts in brackets",
        ));
    }
    if host.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Fail::new(
            Rule::OriginIpv6,
            format!("origin `{text}` looks like an IPv6 address without brackets"),
            String::from(
                "write an IPv6 host in brackets, with the port after them, \
                 e.g. `https://[2001:db8::1]:8080`",
            ),
        ));
    }
    Ok((host, Some(port)))
}
