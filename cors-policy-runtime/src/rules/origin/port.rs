//! Port rules: `:*`, digits in range without leading zeros, never the scheme's default.

use alloc::format;
use alloc::string::String;

use super::fail::Fail;
use super::PortPattern;
use crate::rules::Rule;

/// The default port of a special scheme of the URL standard: a URL parser drops it, so an
/// origin never carries it (`ws://example.com:80` is serialized `ws://example.com`).
fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

pub(crate) fn port_pattern(
    text: &str,
    scheme: &str,
    host: &str,
    port: Option<&str>,
) -> Result<PortPattern, Fail> {
    let Some(port) = port else {
        return Ok(PortPattern::Default);
    };
    let without_port = format!("{scheme}://{host}");
    if port.is_empty() {
        return Err(Fail::new(
            Rule::OriginPort,
            format!("origin `{text}` ends with `:` but no port"),
            String::from("remove the `:` or write a port after it"),
        )
        .fix(Some(without_port), "browsers never send an empty port"));
    }
    if port == "*" {
        return Ok(PortPattern::Any);
    }
    if port.contains('*') {
        return Err(Fail::new(
            Rule::OriginWildcardPosition,
            format!("origin `{text}` has a `*` inside the port `{port}`"),
            format!(
                "a `*` may only be the whole port: write `{without_port}:*` to allow every port"
            ),
        ));
    }
    if let Some(digits) = port
        .strip_suffix('.')
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    {
        // Most likely copied from the end of a sentence; a fully qualified host has its dot
        // before the port.
        let fqdn = if host.ends_with('.') {
            String::new()
        } else {
            format!(" (a fully qualified host has its dot before the port: `{scheme}://{host}.:{digits}`)")
        };
        return Err(Fail::new(
            Rule::OriginPort,
            format!("origin `{text}` has a dot after the port `{digits}`{fqdn}"),
            String::from("remove the dot: a port is digits only"),
        )
        .fix(
            Some(format!("{without_port}:{digits}")),
            "a port is digits only, and no origin ends with a dot after its port",
        ));
    }
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Fail::new(
            Rule::OriginPort,
            format!("origin `{text}` has the port `{port}`, which is not a number"),
            String::from("a port is a decimal number from 1 to 65535"),
        ));
    }
    let value = port.bytes().fold(0u32, |value, b| {
        value.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    });
    let in_range = (1..=65535).contains(&value);
    if port.len() > 1 && port.starts_with('0') {
        return Err(Fail::new(
            Rule::OriginPort,
            format!("origin `{text}` has the port `{port}` with a leading zero"),
            String::from("write the port without leading zeros, as a number from 1 to 65535"),
        )
        .fix(
            in_range.then(|| format!("{without_port}:{value}")),
            "browsers send ports without leading zeros",
        ));
    }
    let Some(number) = u16::try_from(value).ok().filter(|_| in_range) else {
        return Err(Fail::new(
            Rule::OriginPort,
            format!("origin `{text}` has the port `{port}`, outside 1 to 65535"),
            String::from("a port is a number from 1 to 65535"),
        ));
    };
    if default_port(scheme) == Some(number) {
        return Err(Fail::new(
            Rule::OriginDefaultPort,
            format!("origin `{text}` writes the default port {number} of {scheme}"),
            format!("remove `:{number}`"),
        )
        .fix(
            Some(without_port),
            "browsers never send the default port in the `Origin` header",
        ));
    }
    Ok(PortPattern::Exact(number))
}
