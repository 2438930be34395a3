//! Host rules: wildcard placement, IP address forms and domain labels.

use alloc::format;
use alloc::string::String;

use super::fail::Fail;
use super::parse::{port_suffix, SHAPE, WILDCARD_PLACES};
use super::{ip, HostPattern};
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
                (ip::parse_ipv4(parent).map(ip::format_ipv4).as_deref() == Some(parent))
                    .then(|| format!("{scheme}://{parent}{port_text}")),
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

/// Labels of a domain: non-empty, letters, digits, `-` and `_` (lowercase by now).
fn check_labels(
    text: &str,
    scheme: &str,
    name: &str,
    wildcard: bool,
    port_text: &str,
) -> Result<(), Fail> {
    for label in name.split('.') {
        if label.is_empty() {
            let trimmed = name.trim_matches('.');
            let fix = (!trimmed.is_empty() && !trimmed.contains("..")).then(|| {
                format!(
                    "{scheme}://{}{trimmed}{port_text}",
                    if wildcard { "*." } else { "" }
                )
            });
            return Err(Fail::new(
                Rule::OriginHost,
                format!("origin `{text}` has an empty label in the host `{name}`"),
                String::from(
                    "remove the extra dot: a host is non-empty labels separated by single dots",
                ),
            )
            .fix(
                fix,
                "a host never starts or ends with a dot or has two dots in a row",
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
    }
    Ok(())
}
