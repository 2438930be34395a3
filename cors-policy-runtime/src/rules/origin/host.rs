//! Host rules: wildcard placement, IP address forms, domain labels (a final dot, DNS lengths,
//! punycode).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::fail::Fail;
use super::parse::{port_suffix, SHAPE, WILDCARD_PLACES};
use super::pattern::without_final_dot;
use super::punycode::{self, DecodeError};
use super::{idn, ip, HostPattern};
use crate::rules::{describe_char, Rule};

/// The host, lowercase ASCII and non-empty by now: wildcard placement, IP forms, labels.
pub(crate) fn host_pattern(
    text: &str,
    scheme: &str,
    host: &str,
    port: Option<&str>,
) -> Result<HostPattern, Fail> {
    let port_text = port_suffix(port);
    if host.contains('*') {
        let wildcard = |message: String| {
            Fail::new(
                Rule::OriginWildcardPosition,
                message,
                String::from(WILDCARD_PLACES),
            )
        };
        if host == "*" {
            return Err(
                wildcard(format!("origin `{text}` has `*` as its whole host")).with_otherwise(
                    String::from(
                        "to allow every origin, write `allow_origins: *` (only possible without \
                     credentials); to allow the subdomains of a domain, write a domain after \
                     `*.`, e.g. `https://*.example.org`",
                    ),
                ),
            );
        }
        if host.starts_with('[') {
            return Err(wildcard(format!(
                "origin `{text}` has a `*` inside an IPv6 address"
            )));
        }
        let Some(parent) = host.strip_prefix("*.") else {
            let (first, others) = host.split_once('.').unwrap_or((host, ""));
            let suffix = first.strip_prefix('*').unwrap_or_default();
            let fix =
                (!suffix.is_empty() && !suffix.contains('*') && !others.contains('*')).then(|| {
                    let domain = host.get(1..).unwrap_or_default();
                    format!("{scheme}://*.{domain}{port_text}")
                });
            return Err(wildcard(format!(
                "origin `{text}` has a `*` inside the host `{host}`"
            ))
            .fix(
                fix,
                "a `*` must be a whole label, so `*example.org` could also match \
                     `evil-example.org`; `*.example.org` matches the subdomains of example.org \
                     (list `https://example.org` too if you need it)",
            ));
        };
        if parent.contains('*') {
            return Err(wildcard(format!(
                "origin `{text}` has a `*` that is not the whole leftmost label of `{host}`"
            )));
        }
        if parent.trim_matches('.').is_empty() {
            return Err(Fail::new(
                Rule::OriginWildcardEmpty,
                format!("origin `{text}` has no domain after `*.`"),
                String::from(
                    "write the domain whose subdomains you allow, e.g. `https://*.example.org`; \
                     to allow every origin, write `allow_origins: *` (only possible without \
                     credentials)",
                ),
            ));
        }
        if ip::ends_in_number(parent) {
            return Err(Fail::new(
                Rule::OriginWildcardIp,
                format!("origin `{text}` puts a wildcard over the IP address `{parent}`"),
                String::from("IP addresses have no subdomains: list the address itself"),
            )
            .fix(
                // Only for a dotted quad: `*.999` more likely meant a domain than 0.0.3.231.
                // Browsers drop the final dot of an IPv4 host (`1.2.3.4.` is `1.2.3.4`).
                (ip::parse_ipv4(parent).map(ip::format_ipv4).as_deref()
                    == Some(without_final_dot(parent)))
                .then(|| format!("{scheme}://{}{port_text}", without_final_dot(parent))),
                "IP addresses have no subdomains, so list the address itself",
            ));
        }
        check_labels(text, scheme, parent, true, &port_text)?;
        return Ok(HostPattern::Subdomains(String::from(parent)));
    }
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let Some(pieces) = ip::parse_ipv6(inner) else {
            return Err(Fail::new(
                Rule::OriginIpv6,
                format!("origin `{text}` has an invalid IPv6 address `{host}`"),
                String::from(
                    "write a valid IPv6 address in brackets, e.g. `https://[2001:db8::1]`",
                ),
            ));
        };
        let canonical = ip::format_ipv6(pieces);
        if canonical != inner {
            return Err(Fail::new(
                Rule::OriginIpv6,
                format!(
                    "origin `{text}` writes the IPv6 address `{host}` in a form browsers never \
                     send"
                ),
                format!("write `[{canonical}]`"),
            )
            .fix(
                Some(format!("{scheme}://[{canonical}]{port_text}")),
                "browsers send IPv6 addresses lowercase and compressed (RFC 5952)",
            ));
        }
        return Ok(HostPattern::Exact(String::from(host)));
    }
    if ip::ends_in_number(host) {
        let Some(address) = ip::parse_ipv4(host) else {
            return Err(Fail::new(
                Rule::OriginIpv4,
                format!(
                    "origin `{text}` has the host `{host}`, which ends in a number but is not a \
                     valid IPv4 address"
                ),
                String::from(
                    "an IPv4 host is four decimal numbers from 0 to 255, e.g. \
                     `http://192.168.0.1`; browsers parse any host whose last label is a \
                     number as IPv4",
                ),
            ));
        };
        let canonical = ip::format_ipv4(address);
        if canonical != host {
            return Err(Fail::new(
                Rule::OriginIpv4,
                format!(
                    "origin `{text}` writes the IPv4 address `{host}` in a form browsers never \
                     send"
                ),
                format!("write `{canonical}`"),
            )
            .fix(
                Some(format!("{scheme}://{canonical}{port_text}")),
                "browsers send IPv4 addresses as four decimal numbers without leading zeros \
                 (they read a leading `0` as octal and `0x` as hex)",
            ));
        }
        return Ok(HostPattern::Exact(String::from(host)));
    }
    check_labels(text, scheme, host, false, &port_text)?;
    Ok(HostPattern::Exact(String::from(host)))
}

/// The longest DNS label, in bytes (RFC 1035 section 2.3.4).
const MAX_LABEL_LEN: usize = 63;
/// The longest DNS name, in bytes, without a final dot (RFC 1035's 255 bytes on the wire).
const MAX_NAME_LEN: usize = 253;

/// Labels of a domain (lowercase by now): non-empty, letters, digits, `-` and `_`, at most one
/// dot at the end, within DNS lengths, `xn--` labels valid punycode. `wildcard`: `name` is the
/// parent of a `*.` pattern.
fn check_labels(
    text: &str,
    scheme: &str,
    name: &str,
    wildcard: bool,
    port_text: &str,
) -> Result<(), Fail> {
    let star = if wildcard { "*." } else { "" };
    if name.bytes().all(|b| b == b'.') {
        return Err(Fail::new(
            Rule::OriginHost,
            format!("origin `{text}` has a host made only of dots"),
            format!("write a host of letters, digits, `-` and `_` between the dots; {SHAPE}"),
        ));
    }
    // A fully qualified name keeps its final dot in the URL standard, so `example.com.` is a
    // host of its own; only that one dot is allowed.
    let body = name.strip_suffix('.').unwrap_or(name);
    for label in body.split('.') {
        if label.is_empty() {
            let trimmed = name.trim_matches('.');
            let fix = (!trimmed.is_empty() && !trimmed.contains(".."))
                .then(|| format!("{scheme}://{star}{trimmed}{port_text}"));
            return Err(Fail::new(
                Rule::OriginHost,
                format!("origin `{text}` has an empty label in the host `{name}`"),
                String::from(
                    "remove the extra dot: a host is non-empty labels separated by single dots, \
                     with at most one dot at the end",
                ),
            )
            .fix(
                fix,
                "a host never starts with a dot, never has two dots in a row and ends with at \
                 most one",
            ));
        }
        if let Some(c) = label
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        {
            return Err(Fail::new(
                Rule::OriginHost,
                format!(
                    "origin `{text}` has {} in its host `{name}`",
                    describe_char(c)
                ),
                format!(
                    "a host is labels of letters, digits, `-` and `_` separated by dots; {SHAPE}"
                ),
            ));
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(Fail::new(
                Rule::OriginLength,
                format!(
                    "origin `{text}` has a host label of {} bytes, more than the {MAX_LABEL_LEN} \
                     of a DNS label",
                    label.len()
                ),
                String::from(
                    "no browser can look up a host with a longer label, so no page has this \
                     origin; list the host your pages are really served from",
                ),
            ));
        }
    }
    // `*.` needs at least one label and a dot in front of the parent.
    let room = if wildcard {
        MAX_NAME_LEN - 2
    } else {
        MAX_NAME_LEN
    };
    if body.len() > room {
        let message = if wildcard {
            format!(
                "origin `{text}` has a parent domain of {} bytes, so every host it matches is \
                 longer than the {MAX_NAME_LEN} bytes of a DNS name",
                body.len()
            )
        } else {
            format!(
                "origin `{text}` has a host of {} bytes, more than the {MAX_NAME_LEN} of a DNS \
                 name (a final dot not counted)",
                body.len()
            )
        };
        return Err(Fail::new(
            Rule::OriginLength,
            message,
            String::from(
                "no browser can look up a longer host, so no page has such an origin; list the \
                 host your pages are really served from",
            ),
        ));
    }
    for label in body.split('.').filter(|l| l.starts_with("xn--")) {
        if let Err(problem) = idn::check(label) {
            return Err(punycode_fail(
                text, scheme, name, star, port_text, label, problem,
            ));
        }
    }
    Ok(())
}

/// The failure for an `xn--` label that no browser can send, with the label repaired when the
/// repair is certain: a plain-ASCII label written as itself, a canonical encoding, a label with
/// uppercase or a full stop re-encoded the way browsers encode typed text.
fn punycode_fail(
    text: &str,
    scheme: &str,
    name: &str,
    star: &str,
    port_text: &str,
    label: &str,
    problem: idn::Problem,
) -> Fail {
    let with_label = |replacement: &str| {
        let host: Vec<&str> = name
            .split('.')
            .map(|l| if l == label { replacement } else { l })
            .collect();
        format!("{scheme}://{star}{}{port_text}", host.join("."))
    };
    let refused = "browsers refuse a host whose `xn--` label does not decode to a valid label, \
                   so no page has this origin";
    let otherwise = format!(
        "{refused}; write the name in Unicode (e.g. `https://bücher.example`) and this check \
         prints the punycode browsers send"
    );
    let what = match problem {
        idn::Problem::Undecodable(_) | idn::Problem::Empty => "which is not valid punycode",
        idn::Problem::NotCanonical { .. } => "which browsers never send as written",
        _ => "which browsers refuse",
    };
    let message =
        |detail: String| format!("origin `{text}` has the label `{label}`, {what}: {detail}");
    let (detail, fix, why) = match problem {
        idn::Problem::Undecodable(error) => {
            let detail = match error {
                DecodeError::BadByte(b) => format!(
                    "{} cannot stand after the last `-`",
                    describe_char(char::from(b))
                ),
                DecodeError::Truncated => String::from("it ends in the middle of a number"),
                DecodeError::Overflow => String::from("its numbers overflow"),
                DecodeError::NotACharacter(n) => {
                    format!("it decodes to U+{n:04X}, which is not a character")
                }
            };
            (detail, None, "")
        }
        idn::Problem::Empty => (String::from("nothing follows `xn--`"), None, ""),
        idn::Problem::Ascii(decoded) => (
            format!("it decodes to plain ASCII `{decoded}`"),
            Some(with_label(&decoded)),
            "browsers refuse an `xn--` label that stands for plain ASCII, which is written as \
             itself",
        ),
        idn::Problem::NestedPrefix(decoded) => (
            format!(
                "it decodes to `{}`, which itself starts with `xn--`",
                idn::quote(&decoded)
            ),
            None,
            "",
        ),
        idn::Problem::NotCanonical { decoded, canonical } => (
            format!(
                "it decodes to `{}`, which browsers encode as `{canonical}`",
                idn::quote(&decoded)
            ),
            Some(with_label(&canonical)),
            "browsers decode an `xn--` label, encode it again and send that form",
        ),
        idn::Problem::Forbidden { decoded, c, why } => {
            let fix = matches!(why, idn::Forbidden::CaseMapped | idn::Forbidden::FullStop)
                .then(|| punycode::host_to_ascii(&decoded))
                .flatten()
                .map(|ascii| with_label(&ascii));
            let repair = match why {
                idn::Forbidden::FullStop => {
                    "browsers split a typed name at its full stops before encoding it, and \
                     refuse an `xn--` label that holds one"
                }
                _ => {
                    "browsers lowercase a typed name before encoding it, and refuse an `xn--` \
                     label that decodes to another case"
                }
            };
            (
                format!(
                    "it decodes to `{}`, holding U+{:04X} ({})",
                    idn::quote(&decoded),
                    c as u32,
                    why.describe()
                ),
                fix,
                repair,
            )
        }
    };
    Fail::new(Rule::OriginPunycode, message(detail), otherwise).fix(fix, why)
}
