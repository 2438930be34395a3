//! Origin rules: the form of each `allow_origins` element, and what credentials add.
//!
//! A browser sends the page's origin in the `Origin` header serialized exactly one way (Fetch,
//! "serializing a request origin"): `scheme "://" host [":" port]`, scheme and host lowercase,
//! IPv4 as a dotted quad, IPv6 bracketed and compressed, punycode for internationalised hosts,
//! the default port never written, no path. The runtime compares byte for byte, so every other
//! spelling would silently never match; these rules turn each such spelling into an error that
//! prints the spelling browsers use.

use alloc::format;
use alloc::string::String;
use core::fmt;

use super::{describe_char, ip, punycode, Rule, Violation};

/// One element of `allow_origins`, checked and split into its parts.
///
/// The macro builds its lookup tables from these parts rather than re-parsing text, so that
/// exact origins, subdomain patterns and any-port patterns each go to the table that matches
/// them without allocation at request time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OriginPattern {
    /// The scheme, lowercase, without `://` (e.g. `https`, `chrome-extension`).
    pub scheme: String,
    /// The host, or the parent domain of a `*.` pattern.
    pub host: HostPattern,
    /// The port as written.
    pub port: PortPattern,
}

/// The host part of an [`OriginPattern`].
///
/// Wildcards are only allowed as the whole leftmost label, so a pattern is either one host or
/// "every subdomain of one domain"; this is what keeps `*.example.org` from ever matching
/// `evil-example.org`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HostPattern {
    /// One host, exactly as browsers serialize it: a domain (`example.org`), a dotted-quad
    /// IPv4 address (`127.0.0.1`) or a bracketed IPv6 address (`[::1]`).
    Exact(String),
    /// Every subdomain of the parent domain, written `*.example.org`; holds `example.org`.
    /// The parent itself is not included, as it does not match `*.example.org`.
    Subdomains(String),
}

/// The port part of an [`OriginPattern`].
///
/// Browsers omit the scheme's default port, so "no port written" is its own case, distinct
/// from any explicit number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PortPattern {
    /// No port written: the origin uses the scheme's default port (or has none).
    Default,
    /// One explicit, non-default port.
    Exact(u16),
    /// `:*`: any explicit port. It does not include [`PortPattern::Default`].
    Any,
}

impl OriginPattern {
    /// Whether the pattern matches one origin only, so that the runtime can look it up in an
    /// exact table (and, with a single one, send it without `Vary: Origin`).
    pub fn is_exact(&self) -> bool {
        matches!(self.host, HostPattern::Exact(_)) && self.port != PortPattern::Any
    }

    /// Whether every origin the pattern matches is on the loopback interface: `localhost`,
    /// `*.localhost` (RFC 6761 reserves them for loopback), 127.0.0.0/8 or `[::1]`. Plain http
    /// is safe there, since no network attacker sits between a browser and its own machine.
    pub fn is_loopback(&self) -> bool {
        match &self.host {
            HostPattern::Exact(host) => {
                is_localhost(host)
                    || (ip::ends_in_number(host)
                        && ip::parse_ipv4(host).is_some_and(|address| address >> 24 == 127))
                    || host
                        .strip_prefix('[')
                        .and_then(|h| h.strip_suffix(']'))
                        .and_then(ip::parse_ipv6)
                        == Some([0, 0, 0, 0, 0, 0, 0, 1])
            }
            HostPattern::Subdomains(parent) => is_localhost(parent),
        }
    }
}

/// Writes the pattern back in the syntax of `allow_origins`, e.g. `https://*.example.org:*`.
/// For an exact pattern this is the serialized origin a browser sends.
impl fmt::Display for OriginPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.scheme)?;
        f.write_str("://")?;
        match &self.host {
            HostPattern::Exact(host) => f.write_str(host)?,
            HostPattern::Subdomains(parent) => write!(f, "*.{parent}")?,
        }
        match self.port {
            PortPattern::Default => Ok(()),
            PortPattern::Exact(port) => write!(f, ":{port}"),
            PortPattern::Any => f.write_str(":*"),
        }
    }
}

fn is_localhost(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost")
}

/// Checks the form of one `allow_origins` element and splits it into its parts.
///
/// Why: the runtime compares origins byte for byte with the `Origin` header, so an element
/// written any other way than browsers serialize origins would silently never match (the
/// trailing-slash and uppercase bugs of other libraries), and `null` or substring wildcards
/// would match far more than intended. Credentials rules are separate, see
/// [`origin_with_credentials`].
pub fn origin(text: &str) -> Result<OriginPattern, Violation> {
    parse(text).map_err(|fail| fail.into_violation())
}

/// Checks an origin pattern that is allowed to receive credentialed responses
/// (`allow_credentials: true`). `text` is the element as written, quoted in messages.
///
/// Why: with credentials the browser sends the user's cookies and shows the response to the
/// allowed origin's scripts. A `*.` pattern over a public suffix (`*.github.io`) lets anyone who
/// registers a name there read that data, and a plain-http origin lets anyone on the network
/// path inject script into it. `dangerously_allow_insecure` is the explicit opt-in
/// (`dangerously_allow_insecure_origins: true`) for plain http on a trusted network.
pub fn origin_with_credentials(
    pattern: &OriginPattern,
    text: &str,
    dangerously_allow_insecure: bool,
) -> Result<(), Violation> {
    if let HostPattern::Subdomains(parent) = &pattern.host {
        if !is_localhost(parent) && psl::suffix_str(parent) == Some(parent.as_str()) {
            return Err(public_suffix(pattern, parent, text));
        }
    }
    if pattern.scheme == "http" && !pattern.is_loopback() && !dangerously_allow_insecure {
        let secure = OriginPattern {
            scheme: String::from("https"),
            host: pattern.host.clone(),
            port: match pattern.port {
                PortPattern::Exact(443) => PortPattern::Default,
                other => other,
            },
        };
        return Err(Violation::new(
            Rule::CredentialsInsecureOrigin,
            format!("origin `{text}` is plain http and not loopback, with credentials"),
            format!(
                "anyone on the network path can inject script into a plain-http page and read \
                 credentialed responses through it; write `{secure}`, or, only on a network \
                 you trust, add `dangerously_allow_insecure_origins: true`"
            ),
        ));
    }
    Ok(())
}

/// A `*.` pattern over a public suffix. psl treats every top-level domain it does not list
/// (`internal`, `corp`, `local`, `test`) as a suffix too, which is right here: names under
/// them belong to whoever runs the network or resolver, not to the application.
fn public_suffix(pattern: &OriginPattern, parent: &str, text: &str) -> Violation {
    let known = psl::suffix(parent.as_bytes()).is_some_and(|suffix| suffix.is_known());
    let example = |host: HostPattern| OriginPattern {
        scheme: pattern.scheme.clone(),
        host,
        port: pattern.port,
    };
    if known {
        let example = example(HostPattern::Subdomains(format!("yourname.{parent}")));
        Violation::new(
            Rule::CredentialsPublicSuffix,
            format!(
                "origin `{text}` allows every subdomain of `{parent}`, a public suffix, with \
                 credentials"
            ),
            format!(
                "anyone can register a name under `{parent}` and read your users' credentialed \
                 responses; list the registrable domain you own instead, e.g. `{example}`"
            ),
        )
    } else {
        let example = example(HostPattern::Exact(format!("app.{parent}")));
        Violation::new(
            Rule::CredentialsPublicSuffix,
            format!(
                "origin `{text}` allows every subdomain of the top-level domain `{parent}`, \
                 with credentials"
            ),
            format!(
                "names under `{parent}` belong to whoever runs the network or its resolver \
                 (under `local`, any device on the network), not to you; list the exact \
                 origins instead, e.g. `{example}`"
            ),
        )
    }
}

/// The violation for `allow_origins: *` together with `allow_credentials: true`.
///
/// Why: browsers reject `Access-Control-Allow-Origin: *` on credentialed requests, and the
/// usual workaround, reflecting whatever `Origin` arrives, would let every site on the web read
/// responses made with the user's cookies (rs/cors #55, expressjs/cors #422).
pub fn any_origin_with_credentials() -> Violation {
    Violation::new(
        Rule::CredentialsAnyOrigin,
        String::from("`allow_origins: *` cannot be combined with `allow_credentials: true`"),
        String::from(
            "list the origins that may send credentials, e.g. \
             `allow_origins: [\"https://app.example.com\"]`: browsers reject `*` on credentialed \
             requests, and reflecting every origin instead would let any site read your users' \
             credentialed responses",
        ),
    )
}

/// A broken form rule before its help is finished: `fix` is the text with this one problem
/// repaired, `why` explains it in a clause, `otherwise` is the help when no corrected origin
/// can be computed.
struct Fail {
    rule: Rule,
    message: String,
    fix: Option<String>,
    why: &'static str,
    otherwise: String,
}

impl Fail {
    fn new(rule: Rule, message: String, otherwise: String) -> Fail {
        Fail {
            rule,
            message,
            fix: None,
            why: "",
            otherwise,
        }
    }

    fn fix(mut self, fix: Option<String>, why: &'static str) -> Fail {
        self.fix = fix;
        self.why = why;
        self
    }

    fn with_otherwise(mut self, otherwise: String) -> Fail {
        self.otherwise = otherwise;
        self
    }

    /// Repairs one problem at a time until the text parses, so that the help shows the full
    /// corrected origin even when several things are wrong (`HTTPS://Example.com:443/`). Each
    /// repair removes a kind of problem for good, so a few rounds always suffice; the bound
    /// is only a safety net.
    fn into_violation(self) -> Violation {
        let mut next = self.fix;
        let mut corrected = None;
        for _ in 0..16 {
            let Some(candidate) = next.take() else { break };
            match parse(&candidate) {
                Ok(_) => {
                    corrected = Some(candidate);
                    break;
                }
                Err(fail) => next = fail.fix,
            }
        }
        let help = match corrected {
            Some(corrected) => format!("{}; write `{corrected}`", self.why),
            None => self.otherwise,
        };
        Violation::new(self.rule, self.message, help)
    }
}

const SHAPE: &str = "an origin is `scheme://host[:port]`, e.g. `https://example.com`";
const WILDCARD_PLACES: &str = "a `*` may only be the whole leftmost host label \
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

fn port_suffix(port: Option<&str>) -> String {
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

fn parse(text: &str) -> Result<OriginPattern, Fail> {
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

/// The host, lowercase ASCII and non-empty by now: wildcard placement, IP forms, labels.
fn host_pattern(
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

fn port_pattern(
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn exact(scheme: &str, host: &str, port: PortPattern) -> OriginPattern {
        OriginPattern {
            scheme: scheme.into(),
            host: HostPattern::Exact(host.into()),
            port,
        }
    }

    #[rustfmt::skip]
    #[test]
    fn valid_origins() {
        use PortPattern::{Any, Default, Exact};
        let sub = |scheme: &str, parent: &str, port| OriginPattern {
            scheme: scheme.into(),
            host: HostPattern::Subdomains(parent.into()),
            port,
        };
        let rows: &[(&str, OriginPattern)] = &[
            ("https://example.com", exact("https", "example.com", Default)),
            ("http://example.com", exact("http", "example.com", Default)),
            ("http://localhost:3000", exact("http", "localhost", Exact(3000))),
            ("http://127.0.0.1:8080", exact("http", "127.0.0.1", Exact(8080))),
            ("http://[::1]:8080", exact("http", "[::1]", Exact(8080))),
            ("https://[2001:db8::1]", exact("https", "[2001:db8::1]", Default)),
            ("https://[::ffff:7f00:1]", exact("https", "[::ffff:7f00:1]", Default)),
            ("https://*.example.org", sub("https", "example.org", Default)),
            ("https://*.example.org:*", sub("https", "example.org", Any)),
            ("https://*.a.b.example.org:8443", sub("https", "a.b.example.org", Exact(8443))),
            ("http://localhost:*", exact("http", "localhost", Any)),
            ("http://*.localhost", sub("http", "localhost", Default)),
            ("https://xn--bcher-kva.example", exact("https", "xn--bcher-kva.example", Default)),
            (
                "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
                exact(
                    "chrome-extension",
                    "abcdefghijklmnopabcdefghijklmnop",
                    Default,
                ),
            ),
            ("chrome-extension://abcdefghijklmnop", exact("chrome-extension", "abcdefghijklmnop", Default)),
            ("tauri://localhost", exact("tauri", "localhost", Default)),
            ("https://a_b.example.com", exact("https", "a_b.example.com", Default)),
            ("https://example.com:8443", exact("https", "example.com", Exact(8443))),
            ("https://example.com:80", exact("https", "example.com", Exact(80))),
            ("http://example.com:443", exact("http", "example.com", Exact(443))),
            ("https://example.com:65535", exact("https", "example.com", Exact(65535))),
            ("https://example.com:1", exact("https", "example.com", Exact(1))),
            ("http://0.0.0.0:8000", exact("http", "0.0.0.0", Exact(8000))),
            ("http://192.168.1.10", exact("http", "192.168.1.10", Default)),
            ("https://a-b--c.example", exact("https", "a-b--c.example", Default)),
            ("https://localhost", exact("https", "localhost", Default)),
            ("https://com", exact("https", "com", Default)),
            ("https://123.example.com", exact("https", "123.example.com", Default)),
            ("moz-extension://1234-abcd", exact("moz-extension", "1234-abcd", Default)),
            ("app+x.y-z://host", exact("app+x.y-z", "host", Default)),
            ("ws://example.com:8080", exact("ws", "example.com", Exact(8080))),
            ("ftp://example.com:2121", exact("ftp", "example.com", Exact(2121))),
            ("foo://example.com:80", exact("foo", "example.com", Exact(80))),
            ("https://*.com", sub("https", "com", Default)),
        ];
        for (text, want) in rows {
            match origin(text) {
                Ok(got) => {
                    assert_eq!(&got, want, "{text}");
                    assert_eq!(alloc::format!("{got}"), *text, "display of {text}");
                }
                Err(v) => panic!(
                    "{text}: unexpected {} — {} / {}",
                    v.rule.id(),
                    v.message,
                    v.help
                ),
            }
        }
    }

    /// (input, rule, corrected origin in the help, if one is computable)
    #[rustfmt::skip]
    const INVALID: &[(&str, Rule, Option<&str>)] = &[
        ("*", Rule::OriginStarInList, None),
        ("", Rule::OriginMissingScheme, None),
        ("example.com", Rule::OriginMissingScheme, Some("https://example.com")),
        ("//example.com", Rule::OriginMissingScheme, Some("https://example.com")),
        ("localhost:3000", Rule::OriginMissingScheme, Some("http://localhost:3000")),
        ("://example.com", Rule::OriginMissingScheme, Some("https://example.com")),
        ("https:example.com", Rule::OriginMissingScheme, None),
        ("https:/example.com", Rule::OriginMissingScheme, None),
        ("data:text/html,hi", Rule::OriginMissingScheme, None),
        ("1http://example.com", Rule::OriginInvalidScheme, None),
        ("ht_tp://example.com", Rule::OriginInvalidScheme, None),
        ("hüttp://example.com", Rule::OriginInvalidScheme, None),
        (" https://example.com", Rule::OriginWhitespace, Some("https://example.com")),
        ("https://example.com ", Rule::OriginWhitespace, Some("https://example.com")),
        ("https://exa mple.com", Rule::OriginWhitespace, None),
        ("https://a.com https://b.com", Rule::OriginWhitespace, None),
        ("\u{3000}https://example.com", Rule::OriginWhitespace, Some("https://example.com")),
        ("https://example.com\n", Rule::OriginWhitespace, Some("https://example.com")),
        ("https://example.com/", Rule::OriginPath, Some("https://example.com")),
        ("https://example.com/app", Rule::OriginPath, Some("https://example.com")),
        ("https://example.com:8080/", Rule::OriginPath, Some("https://example.com:8080")),
        ("https://example.com/*", Rule::OriginPath, Some("https://example.com")),
        ("https://example.com?x=1", Rule::OriginQuery, Some("https://example.com")),
        ("https://example.com#top", Rule::OriginFragment, Some("https://example.com")),
        ("https://user@example.com", Rule::OriginUserinfo, Some("https://example.com")),
        ("https://u:p@example.com:8443", Rule::OriginUserinfo, Some("https://example.com:8443")),
        ("HTTPS://example.com", Rule::OriginUppercase, Some("https://example.com")),
        ("https://Example.com", Rule::OriginUppercase, Some("https://example.com")),
        ("https://*.Example.ORG:*", Rule::OriginUppercase, Some("https://*.example.org:*")),
        ("http://[::A]", Rule::OriginUppercase, Some("http://[::a]")),
        ("HTTPS://Example.COM:443/", Rule::OriginPath, Some("https://example.com")),
        ("https://bücher.example", Rule::OriginNonAscii, Some("https://xn--bcher-kva.example")),
        ("https://münchen.de:8443", Rule::OriginNonAscii, Some("https://xn--mnchen-3ya.de:8443")),
        ("https://BÜCHER.example", Rule::OriginUppercase, Some("https://xn--bcher-kva.example")),
        ("https://*.bücher.example", Rule::OriginNonAscii, Some("https://*.xn--bcher-kva.example")),
        ("https://例え。テスト", Rule::OriginNonAscii, Some("https://xn--r8jz45g.xn--zckzah")),
        ("null", Rule::OriginNull, None),
        ("NULL", Rule::OriginNull, None),
        ("file://", Rule::OriginFile, None),
        ("file:///home/me/index.html", Rule::OriginFile, None),
        ("FILE://x", Rule::OriginFile, None),
        ("file:", Rule::OriginFile, None),
        ("http://127.000.0.1", Rule::OriginIpv4, Some("http://127.0.0.1")),
        ("http://127.1:8080", Rule::OriginIpv4, Some("http://127.0.0.1:8080")),
        ("http://0x7f.0.0.1", Rule::OriginIpv4, Some("http://127.0.0.1")),
        ("http://010.0.0.1", Rule::OriginIpv4, Some("http://8.0.0.1")),
        ("http://2130706433", Rule::OriginIpv4, Some("http://127.0.0.1")),
        ("http://256.0.0.1", Rule::OriginIpv4, None),
        ("http://1.2.3.4.5", Rule::OriginIpv4, None),
        ("http://1.2.3", Rule::OriginIpv4, Some("http://1.2.0.3")),
        ("https://example.123", Rule::OriginIpv4, None),
        ("http://1.2.3.4.", Rule::OriginIpv4, Some("http://1.2.3.4")),
        ("http://[0:0:0:0:0:0:0:1]", Rule::OriginIpv6, Some("http://[::1]")),
        ("http://[0:0:0:0:0:0:0:1]:8080", Rule::OriginIpv6, Some("http://[::1]:8080")),
        ("https://[2001:0db8::0001]", Rule::OriginIpv6, Some("https://[2001:db8::1]")),
        ("https://[::ffff:127.0.0.1]", Rule::OriginIpv6, Some("https://[::ffff:7f00:1]")),
        ("https://::1", Rule::OriginIpv6, Some("https://[::1]")),
        ("https://2001:db8::1", Rule::OriginIpv6, Some("https://[2001:db8::1]")),
        ("https://2001:db8::1:8080x", Rule::OriginIpv6, None),
        ("https://[::1", Rule::OriginIpv6, None),
        ("https://[::1]8080", Rule::OriginIpv6, None),
        ("https://[::g]", Rule::OriginIpv6, None),
        ("https://[]", Rule::OriginIpv6, None),
        ("https://[1.2.3.4]", Rule::OriginIpv6, None),
        ("https://example.com:", Rule::OriginPort, Some("https://example.com")),
        ("https://example.com:0", Rule::OriginPort, None),
        ("https://example.com:65536", Rule::OriginPort, None),
        ("https://example.com:99999999999999999999999", Rule::OriginPort, None),
        ("https://example.com:08080", Rule::OriginPort, Some("https://example.com:8080")),
        ("https://example.com:00", Rule::OriginPort, None),
        ("https://example.com:http", Rule::OriginPort, None),
        ("https://example.com:-1", Rule::OriginPort, None),
        ("https://example.com:80:80", Rule::OriginPort, None),
        ("https://example.com:+443", Rule::OriginPort, None),
        ("http://example.com:080", Rule::OriginPort, Some("http://example.com")),
        ("http://example.com:80", Rule::OriginDefaultPort, Some("http://example.com")),
        ("https://example.com:443", Rule::OriginDefaultPort, Some("https://example.com")),
        ("https://*.example.com:443", Rule::OriginDefaultPort, Some("https://*.example.com")),
        ("http://[::1]:80", Rule::OriginDefaultPort, Some("http://[::1]")),
        // Found by fuzzing (`fuzz/regressions/rules/ws-default-port`): every special scheme
        // of the URL standard has a default port that serialization drops.
        ("ws://example.com:80", Rule::OriginDefaultPort, Some("ws://example.com")),
        ("wss://example.com:443", Rule::OriginDefaultPort, Some("wss://example.com")),
        ("ftp://example.com:21", Rule::OriginDefaultPort, Some("ftp://example.com")),
        ("https://*example.org", Rule::OriginWildcardPosition, Some("https://*.example.org")),
        ("https://a.*.example.org", Rule::OriginWildcardPosition, None),
        ("https://example.*", Rule::OriginWildcardPosition, None),
        ("https://*", Rule::OriginWildcardPosition, None),
        ("https://*:*", Rule::OriginWildcardPosition, None),
        ("https://*.*.example.org", Rule::OriginWildcardPosition, None),
        ("https://a*.example.org", Rule::OriginWildcardPosition, None),
        ("https://**.example.org", Rule::OriginWildcardPosition, None),
        ("https://example.org:8*", Rule::OriginWildcardPosition, None),
        ("https://example.org:**", Rule::OriginWildcardPosition, None),
        ("*://example.org", Rule::OriginWildcardPosition, Some("https://example.org")),
        ("http*://example.org", Rule::OriginWildcardPosition, Some("https://example.org")),
        ("https://[*::1]", Rule::OriginWildcardPosition, None),
        ("https://*.1.2.3.4", Rule::OriginWildcardIp, Some("https://1.2.3.4")),
        ("https://*.127.0.0.1:8080", Rule::OriginWildcardIp, Some("https://127.0.0.1:8080")),
        ("https://*.[::1]", Rule::OriginWildcardIp, Some("https://[::1]")),
        ("https://*.999", Rule::OriginWildcardIp, None),
        ("https://*.", Rule::OriginWildcardEmpty, None),
        ("https://*..", Rule::OriginWildcardEmpty, None),
        ("https://*.:8080", Rule::OriginWildcardEmpty, None),
        ("https://", Rule::OriginHost, None),
        ("https://:8080", Rule::OriginHost, None),
        ("https://a..b", Rule::OriginHost, None),
        ("https://.example.com", Rule::OriginHost, Some("https://example.com")),
        ("https://example.com.", Rule::OriginHost, Some("https://example.com")),
        ("https://*.example.com.", Rule::OriginHost, Some("https://*.example.com")),
        ("https://exa!mple.com", Rule::OriginHost, None),
        ("https://exa%20mple.com", Rule::OriginHost, None),
        ("https://example.com\\", Rule::OriginHost, None),
        ("https://a\u{0}b", Rule::OriginHost, None),
        ("https://a;b.com", Rule::OriginHost, None),
    ];

    #[test]
    fn invalid_origins() {
        for (text, rule, corrected) in INVALID {
            let v = match origin(text) {
                Ok(p) => panic!("{text:?}: accepted as {p:?}"),
                Err(v) => v,
            };
            assert_eq!(v.rule, *rule, "{text:?}: {} / {}", v.message, v.help);
            assert!(!v.message.is_empty() && !v.help.is_empty(), "{text:?}");
            match corrected {
                Some(c) => assert!(
                    v.help.ends_with(&alloc::format!("; write `{c}`")),
                    "{text:?}: help {:?} should end with {c}",
                    v.help
                ),
                None => assert!(!v.help.contains("; write `"), "{text:?}: {}", v.help),
            }
            // The message quotes the offending text (except the empty origin).
            if !text.is_empty() && *text != "*" && !text.contains('\n') {
                assert!(v.message.contains(text), "{text:?}: {}", v.message);
            }
        }
    }

    #[test]
    fn every_form_rule_is_hit() {
        let form_rules = [
            Rule::OriginStarInList,
            Rule::OriginMissingScheme,
            Rule::OriginInvalidScheme,
            Rule::OriginWhitespace,
            Rule::OriginPath,
            Rule::OriginQuery,
            Rule::OriginFragment,
            Rule::OriginUserinfo,
            Rule::OriginUppercase,
            Rule::OriginNonAscii,
            Rule::OriginNull,
            Rule::OriginFile,
            Rule::OriginIpv4,
            Rule::OriginIpv6,
            Rule::OriginPort,
            Rule::OriginDefaultPort,
            Rule::OriginWildcardPosition,
            Rule::OriginWildcardIp,
            Rule::OriginWildcardEmpty,
            Rule::OriginHost,
        ];
        for rule in form_rules {
            assert!(
                INVALID.iter().any(|row| row.1 == rule),
                "{} untested",
                rule.id()
            );
        }
    }

    #[test]
    fn exact_help_texts() {
        let rows: &[(&str, &str)] = &[
            (
                "https://bücher.example",
                "browsers send internationalised hosts in their ASCII (punycode) form; write `https://xn--bcher-kva.example`",
            ),
            (
                "https://münchen.example",
                "browsers send internationalised hosts in their ASCII (punycode) form; write `https://xn--mnchen-3ya.example`",
            ),
            (
                "https://example.com:443",
                "browsers never send the default port in the `Origin` header; write `https://example.com`",
            ),
            (
                "https://example.com/",
                "an `Origin` header never has a path, not even `/`; write `https://example.com`",
            ),
            (
                "http://[0:0:0:0:0:0:0:1]",
                "browsers send IPv6 addresses lowercase and compressed (RFC 5952); write `http://[::1]`",
            ),
            (
                "*",
                "to allow every origin, write `allow_origins: *` instead of a list (only possible without credentials)",
            ),
            (
                "example.com",
                "browsers always send the scheme; write `https://example.com`",
            ),
        ];
        for (text, help) in rows {
            assert_eq!(origin(text).unwrap_err().help, *help, "{text}");
        }
        let null = origin("null").unwrap_err();
        assert!(
            null.help.contains("no safe way to allow it"),
            "{}",
            null.help
        );
        assert_eq!(
            origin("https://example.com/").unwrap_err().message,
            "origin `https://example.com/` has a path: `/`"
        );
    }

    #[test]
    fn exactness_and_loopback() {
        let rows: &[(&str, bool, bool)] = &[
            // (origin, is_exact, is_loopback)
            ("https://example.com", true, false),
            ("https://example.com:*", false, false),
            ("https://*.example.com", false, false),
            ("http://localhost", true, true),
            ("http://localhost:*", false, true),
            ("http://app.localhost:3000", true, true),
            ("http://*.localhost", false, true),
            ("http://127.0.0.1", true, true),
            ("http://127.255.0.9:1", true, true),
            ("http://128.0.0.1", true, false),
            ("http://[::1]:8080", true, true),
            ("http://[::2]", true, false),
            ("http://[::ffff:7f00:1]", true, false),
            ("http://localhost.example.com", true, false),
            ("http://notlocalhost", true, false),
            ("http://*.example.localhost", false, true),
        ];
        for (text, is_exact, is_loopback) in rows {
            let p = origin(text).unwrap();
            assert_eq!(p.is_exact(), *is_exact, "{text}");
            assert_eq!(p.is_loopback(), *is_loopback, "{text}");
        }
        // Hand-built patterns are judged by meaning, not spelling.
        assert!(exact("http", "127.1", PortPattern::Default).is_loopback());
        assert!(exact("http", "[0:0::1]", PortPattern::Default).is_loopback());
        assert!(!exact("http", "127", PortPattern::Default).is_loopback());
    }

    #[rustfmt::skip]
    #[test]
    fn credentials() {
        // (origin, dangerously_allow_insecure, expected rule)
        let rows: &[(&str, bool, Option<Rule>)] = &[
            ("https://example.com", false, None),
            ("https://*.example.com", false, None),
            ("https://*.yourname.github.io", false, None),
            ("https://*.example.co.uk", false, None),
            ("http://localhost:3000", false, None),
            ("http://*.localhost", false, None),
            ("http://app.localhost", false, None),
            ("http://127.0.0.1:8080", false, None),
            ("http://[::1]", false, None),
            ("https://localhost", false, None),
            ("chrome-extension://abcdefghijklmnop", false, None),
            ("tauri://localhost", false, None),
            ("https://github.io", false, None),
            ("https://*.com", false, Some(Rule::CredentialsPublicSuffix)),
            ("https://*.github.io", false, Some(Rule::CredentialsPublicSuffix)),
            ("https://*.co.uk", false, Some(Rule::CredentialsPublicSuffix)),
            ("https://*.uk", false, Some(Rule::CredentialsPublicSuffix)),
            ("https://*.com:*", false, Some(Rule::CredentialsPublicSuffix)),
            ("https://*.com", true, Some(Rule::CredentialsPublicSuffix)),
            ("https://*.internal", false, Some(Rule::CredentialsPublicSuffix)),
            ("https://*.local:*", false, Some(Rule::CredentialsPublicSuffix)),
            ("https://*.blogspot.com", false, Some(Rule::CredentialsPublicSuffix)),
            ("https://*.s3.amazonaws.com", false, Some(Rule::CredentialsPublicSuffix)),
            ("https://*.foo.ck", false, Some(Rule::CredentialsPublicSuffix)),
            ("https://*.app.internal", false, None),
            ("https://*.example.local:8443", false, None),
            ("http://*.com", false, Some(Rule::CredentialsPublicSuffix)),
            ("http://example.com", false, Some(Rule::CredentialsInsecureOrigin)),
            ("http://example.com:8080", false, Some(Rule::CredentialsInsecureOrigin)),
            ("http://*.example.com", false, Some(Rule::CredentialsInsecureOrigin)),
            ("http://192.168.0.1", false, Some(Rule::CredentialsInsecureOrigin)),
            ("http://128.0.0.1", false, Some(Rule::CredentialsInsecureOrigin)),
            ("http://[::2]", false, Some(Rule::CredentialsInsecureOrigin)),
            ("http://localhost.example.com", false, Some(Rule::CredentialsInsecureOrigin)),
            ("http://example.com", true, None),
            ("http://192.168.0.1:8080", true, None),
        ];
        for (text, insecure, want) in rows {
            let p = origin(text).unwrap();
            let got = origin_with_credentials(&p, text, *insecure).err();
            assert_eq!(got.as_ref().map(|v| v.rule), *want, "{text} {got:?}");
            if let Some(v) = got {
                assert!(v.message.contains(text), "{}", v.message);
            }
        }
        let p = origin("https://*.github.io").unwrap();
        let v = origin_with_credentials(&p, "https://*.github.io", false).unwrap_err();
        assert!(
            v.help.ends_with("e.g. `https://*.yourname.github.io`"),
            "{}",
            v.help
        );
        let p = origin("http://example.com:8080").unwrap();
        let v = origin_with_credentials(&p, "http://example.com:8080", false).unwrap_err();
        assert!(
            v.help.contains("write `https://example.com:8080`"),
            "{}",
            v.help
        );
        assert!(
            v.help
                .contains("`dangerously_allow_insecure_origins: true`"),
            "{}",
            v.help
        );
        let p = origin("http://example.com:443").unwrap();
        let v = origin_with_credentials(&p, "http://example.com:443", false).unwrap_err();
        assert!(
            v.help.contains("write `https://example.com`,"),
            "{}",
            v.help
        );
        let v = any_origin_with_credentials();
        assert_eq!(v.rule, Rule::CredentialsAnyOrigin);
        assert!(v.help.contains("list the origins"), "{}", v.help);
    }

    #[test]
    fn odd_inputs_never_panic() {
        let mut inputs: Vec<String> = [
            "",
            ":",
            "://",
            ":///",
            "[",
            "]",
            "[]",
            "https://[",
            "https://]",
            "https://[]:",
            "https://:",
            "https://::",
            "https://:::",
            "https://[::",
            "https://[::]:",
            "https://[::]:*",
            "https://*.",
            "https://*.[",
            "https://*.[]",
            "https://*.:",
            "https://@",
            "https://@@",
            "https://a@",
            "https://@:1",
            "https://.",
            "https://..",
            "https://*",
            "https://**",
            "https://*.*",
            "*.",
            "*://",
            "*://*",
            "https://\u{0}",
            "https://é",
            "https://\u{10FFFF}",
            "https://\u{200B}",
            "https://ß.de",
            "https://İ.example",
            "https://a.\u{3002}b",
            "é://x",
            "https://x:é",
            "https://x:٣",
            "https://0x",
            "https://0x.0x",
            "https://1.2.3.4:",
            "https://[::1]:",
            "https://[1:2:3:4:5:6:7:8:9]",
            "https://[::1.2.3.4.5]",
            "null://x",
            "https://xn--",
            "https://xn--.com",
            "?",
            "#",
            "/",
            "https://?",
            "https://#",
            "https:///",
            "file",
            "file:",
            "https://a:1:2:3",
            "https://[:1]",
            "https://[1:]",
            "https://*.0x1",
            "https://%",
            "https://*:1",
        ]
        .iter()
        .map(|s| String::from(*s))
        .collect();
        let long_label: String = core::iter::repeat_n('a', 100_000).collect();
        inputs.push(alloc::format!("https://{long_label}.com"));
        inputs.push(alloc::format!("https://{long_label}"));
        let long_unicode: String = core::iter::repeat_n('\u{10FFFF}', 20_000).collect();
        inputs.push(alloc::format!("https://{long_unicode}.com"));
        let mixed: String = core::iter::repeat_n("ü\u{80}a", 20_000).collect();
        inputs.push(alloc::format!("https://{mixed}"));
        let digits: String = core::iter::repeat_n('9', 10_000).collect();
        inputs.push(alloc::format!("https://example.com:{digits}"));
        inputs.push(alloc::format!("https://{digits}"));
        inputs.push(alloc::format!("https://1.{digits}"));
        let colons: String = core::iter::repeat_n(':', 10_000).collect();
        inputs.push(alloc::format!("https://[{colons}]"));
        inputs.push(alloc::format!("https://{colons}"));
        let dots: String = core::iter::repeat_n('.', 10_000).collect();
        inputs.push(alloc::format!("https://*.{dots}"));
        inputs.push(alloc::format!("https://a{dots}b"));
        let stars: String = core::iter::repeat_n('*', 10_000).collect();
        inputs.push(alloc::format!("{stars}://{stars}:{stars}"));
        // Every prefix and suffix of a few tricky origins, split on char boundaries.
        for base in [
            "HTTPS://user@Bücher.example:0443/path?q#f",
            "http://[0:0:0:0:0:0:0:1]:8080",
            "https://*.Example.ORG:*",
        ] {
            for (i, _) in base.char_indices() {
                inputs.push(String::from(&base[..i]));
                inputs.push(String::from(&base[i..]));
            }
        }
        for text in &inputs {
            match origin(text) {
                Ok(p) => {
                    let _ = origin_with_credentials(&p, text, false);
                    let _ = (p.is_exact(), p.is_loopback());
                    // Whatever is accepted is a fixed point: it prints back as written.
                    assert_eq!(&alloc::format!("{p}"), text);
                }
                Err(v) => assert!(!v.message.is_empty() && !v.help.is_empty(), "{text:?}"),
            }
        }
    }

    /// Deterministic random strings over the characters that matter to the parser: nothing
    /// panics, whatever is accepted prints back unchanged, and every corrected origin a help
    /// line offers is itself accepted.
    #[test]
    fn generated_inputs() {
        const ALPHABET: &[char] = &[
            'a', 'b', 'x', 'A', 'Z', '0', '1', '7', '9', 'f', ':', '/', '[', ']', '*', '.', '@',
            '?', '#', '%', '-', '_', ' ', 'ü', 'İ', '。', '\u{0}',
        ];
        const PREFIXES: &[&str] = &["", "https://", "http://", "HTTP://", "*.", "https://*."];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % bound as u64).unwrap()
        };
        let mut accepted = 0;
        for _ in 0..20_000 {
            let mut text = String::from(PREFIXES[next(PREFIXES.len())]);
            for _ in 0..next(16) {
                text.push(ALPHABET[next(ALPHABET.len())]);
            }
            match origin(&text) {
                Ok(p) => {
                    accepted += 1;
                    assert_eq!(alloc::format!("{p}"), text);
                    let _ = origin_with_credentials(&p, &text, false);
                }
                Err(v) => {
                    if let Some(start) = v.help.rfind("; write `") {
                        let corrected = v.help[start + 9..].trim_end_matches('`');
                        assert!(
                            origin(corrected).is_ok(),
                            "{text:?} suggests invalid {corrected:?}"
                        );
                    }
                }
            }
        }
        assert!(accepted > 0);
    }

    #[test]
    fn every_computed_correction_is_valid() {
        for (text, _, _) in INVALID {
            let v = origin(text).unwrap_err();
            if let Some(start) = v.help.rfind("; write `") {
                let corrected = v.help[start + 9..].trim_end_matches('`');
                assert!(
                    origin(corrected).is_ok(),
                    "{text:?} suggests invalid {corrected:?}"
                );
            }
        }
    }
}
