//! Every validation rule of a CORS policy, in one place.
//!
//! The `cors_policy!` macro calls these functions on each part of a policy and turns every
//! [`Violation`] into a compile error that names the [`Rule`] (by [`Rule::id`]), says what is
//! wrong and what to write instead. A policy that passes all of them is one a browser can
//! actually honour: every origin is written exactly as browsers send it in the `Origin` header,
//! every method and header name can really be sent by a script, and credentials are never
//! combined with a pattern that lets an attacker's site read a user's data.
//!
//! Why compile time: the libraries this crate replaces either never check these mistakes (an
//! origin with a trailing slash silently never matches) or check them at start-up and panic
//! (`["*"]` in an origin list). A rule broken here costs a build, not an outage or a hole.
//!
//! The module is compiled only with the crate feature `rules`; request handling never needs it.

use alloc::string::String;
use core::fmt;

mod header;
mod keys;
mod method;
mod origin;
mod policy;

pub use header::{expose_any_with_credentials, expose_header, request_header};
pub use keys::{
    duplicate, duplicate_key, empty_origins, max_age, max_age_not_integer, missing_origins,
    star_in_list, suggested_key, unknown_key, wrong_type, ListKind, KEYS,
};
pub use method::method;
pub use origin::{
    any_origin_with_credentials, origin, origin_with_credentials, DangerousOptIns, HostPattern,
    OriginPattern, PortPattern,
};
pub use policy::{check, Checked, Draft, Key, Located, Place, Setting, Star};

/// Every rule, named.
///
/// The macro prints [`Rule::id`] in each error so a user can look the rule up in the README;
/// the ids are stable, so documentation, issue reports and search results keep pointing at the
/// right explanation across releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// `"*"` written as one element of `allow_origins: [...]`. It would be compared as the
    /// literal text `*`, which no browser ever sends, so it can only be a misunderstanding
    /// (it crashed apps in other libraries).
    OriginStarInList,
    /// An origin without `scheme://`. Browsers always send the scheme, so `example.com` never
    /// matches anything.
    OriginMissingScheme,
    /// A scheme that is not `[a-z][a-z0-9+.-]*`. No URL has such a scheme, so no browser can
    /// send it.
    OriginInvalidScheme,
    /// Whitespace in an origin, leading and trailing included. The match is byte-exact and an
    /// `Origin` header never contains whitespace, so the entry never matches.
    OriginWhitespace,
    /// A path, even a lone `/`. Browsers send only `scheme://host[:port]`, so an entry with a
    /// path never matches (the trailing-slash bug of other libraries).
    OriginPath,
    /// A query (`?…`). Origins have no query, so the entry never matches.
    OriginQuery,
    /// A fragment (`#…`). Origins have no fragment, so the entry never matches.
    OriginFragment,
    /// Userinfo (`user@host`). Origins never carry credentials in the URL, so the entry never
    /// matches.
    OriginUserinfo,
    /// Uppercase in the scheme or host. Browsers lowercase both and the match is
    /// case-sensitive, so the entry never matches.
    OriginUppercase,
    /// A non-ASCII host. Browsers send the punycode (`xn--…`) form, so the Unicode spelling
    /// never matches.
    OriginNonAscii,
    /// The origin `null`. Browsers send it for every sandboxed iframe, `file:` page, `data:`
    /// document and cross-origin redirect, so allowing it allows any site that sandboxes itself.
    OriginNull,
    /// A `file:` origin. Browsers serialize the origin of a `file:` page as `null`, never as
    /// `file://…`, so the entry never matches (and allowing `null` is unsafe).
    OriginFile,
    /// An IPv4 host not in canonical dotted-quad form. Browsers parse and re-serialize IPv4
    /// addresses (`127.1` is sent as `127.0.0.1`, `010.0.0.1` as `8.0.0.1`), so any other
    /// spelling never matches.
    OriginIpv4,
    /// An IPv6 host without brackets or not in compressed lowercase form. Browsers send
    /// `[::1]`, never `[0:0:0:0:0:0:0:1]`, so any other spelling never matches.
    OriginIpv6,
    /// A port that is empty, 0, above 65535, not decimal digits or with a leading zero. No
    /// browser sends such a port, so the entry never matches.
    OriginPort,
    /// An explicit default port (`:80` for http and ws, `:443` for https and wss, `:21` for
    /// ftp: the special schemes of the URL standard). Browsers omit it from the
    /// `Origin` header, so the entry never matches.
    OriginDefaultPort,
    /// A `*` that is not a whole leftmost host label (`*.example.org`) or a whole port (`:*`).
    /// Substring wildcards are how other libraries ended up matching `evil-example.com`.
    OriginWildcardPosition,
    /// A wildcard label over an IP address (`*.1.2.3.4`). IP addresses have no subdomains, so
    /// the pattern can only match hosts that merely look like one.
    OriginWildcardIp,
    /// A `*.` with no domain after it. It would match every host, which is what
    /// `allow_origins: *` says explicitly.
    OriginWildcardEmpty,
    /// A host with an empty label (a single final dot is allowed: `example.com.` is a host of
    /// its own) or a character outside letters, digits, `-` and `_`. No browser sends such a
    /// host, so the entry never matches.
    OriginHost,
    /// An `xn--` label that does not decode (RFC 3492) to a valid label. Browsers refuse such
    /// a host outright, so no page has the origin and the entry never matches.
    OriginPunycode,
    /// A host label over 63 bytes, a host over 253 (without its final dot) or a scheme over 32.
    /// DNS cannot look up such a host, so no page has the origin; the scheme bound keeps every
    /// listed origin within the 512 bytes the matcher reads.
    OriginLength,
    /// `allow_origins: *` with `allow_credentials: true`. Browsers reject `*` with credentials,
    /// and reflecting every origin instead would let any site read credentialed responses.
    CredentialsAnyOrigin,
    /// A `*.` pattern over a public suffix (`*.com`, `*.github.io`) with credentials. Anyone
    /// can register a name there and read your users' credentialed responses.
    CredentialsPublicSuffix,
    /// A plain `http` origin that is not loopback, with credentials. Anyone on the network
    /// path can inject script into that origin and read credentialed responses through it.
    CredentialsInsecureOrigin,
    /// `expose_headers: *` with credentials. Browsers read `*` as a literal header name on
    /// credentialed responses, so nothing would be exposed.
    CredentialsExposeAny,
    /// A method that is not an RFC 9110 token. No client can send it.
    MethodToken,
    /// CONNECT, TRACE or TRACK. Browsers forbid scripts to send them, so allowing them does
    /// nothing.
    MethodForbidden,
    /// A standard method not written in uppercase (`patch`, `Put`). Methods compare
    /// case-sensitively and browsers normalise only some of them, so the entry never matches
    /// what scripts send.
    MethodCase,
    /// A header name that is not an RFC 9110 token. No client can send it.
    HeaderToken,
    /// A forbidden request header (`cookie`, `host`, `sec-*`, `proxy-*`, …). Scripts can never
    /// set it, so allowing it does nothing.
    HeaderForbidden,
    /// An `access-control-*` name in `allow_headers`. Those are CORS response headers, or
    /// preflight headers the browser sets itself; a script never sends them.
    HeaderAccessControl,
    /// `set-cookie` or `set-cookie2` in `expose_headers`. Browsers never expose them to
    /// scripts, whatever the server says.
    ExposeForbidden,
    /// A `max_age` above 86400 seconds. Browsers cap it (Chromium at 7200, Firefox at 86400),
    /// so a larger value only misleads the reader.
    MaxAgeRange,
    /// A `max_age` that is not a whole number of seconds that fits. `Access-Control-Max-Age`
    /// is delta-seconds; anything else is ignored by browsers.
    MaxAgeInteger,
    /// The same value twice in one list. It is harmless at runtime but almost always a
    /// copy-paste slip hiding the entry that was meant.
    DuplicateValue,
    /// `allow_origins: []`. No origin would ever be allowed, so the policy does nothing.
    OriginsEmpty,
    /// No `allow_origins` key. The allowed origins are the heart of a CORS policy; there is no
    /// safe default.
    OriginsMissing,
    /// A key the policy does not know. Silently ignoring it would drop the setting the user
    /// meant to make.
    UnknownKey,
    /// The same key twice. Which one wins would be a guess.
    DuplicateKey,
    /// A key given a value of the wrong type. The macro cannot guess what was meant.
    WrongType,
    /// `*` (or `"*"`) as one element of a method or header list, where it would be sent as a
    /// literal name.
    StarInList,
}

impl Rule {
    /// Every variant, in declaration order, for documentation and tests.
    pub const ALL: &'static [Rule] = &[
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
        Rule::OriginPunycode,
        Rule::OriginLength,
        Rule::CredentialsAnyOrigin,
        Rule::CredentialsPublicSuffix,
        Rule::CredentialsInsecureOrigin,
        Rule::CredentialsExposeAny,
        Rule::MethodToken,
        Rule::MethodForbidden,
        Rule::MethodCase,
        Rule::HeaderToken,
        Rule::HeaderForbidden,
        Rule::HeaderAccessControl,
        Rule::ExposeForbidden,
        Rule::MaxAgeRange,
        Rule::MaxAgeInteger,
        Rule::DuplicateValue,
        Rule::OriginsEmpty,
        Rule::OriginsMissing,
        Rule::UnknownKey,
        Rule::DuplicateKey,
        Rule::WrongType,
        Rule::StarInList,
    ];

    /// The stable kebab-case id printed in every error, so that a user can look the rule up.
    /// Ids never change once released; a rule that changes meaning gets a new id.
    pub fn id(self) -> &'static str {
        match self {
            Rule::OriginStarInList => "origin-star-in-list",
            Rule::OriginMissingScheme => "origin-missing-scheme",
            Rule::OriginInvalidScheme => "origin-invalid-scheme",
            Rule::OriginWhitespace => "origin-whitespace",
            Rule::OriginPath => "origin-path",
            Rule::OriginQuery => "origin-query",
            Rule::OriginFragment => "origin-fragment",
            Rule::OriginUserinfo => "origin-userinfo",
            Rule::OriginUppercase => "origin-uppercase",
            Rule::OriginNonAscii => "origin-non-ascii",
            Rule::OriginNull => "origin-null",
            Rule::OriginFile => "origin-file",
            Rule::OriginIpv4 => "origin-ipv4",
            Rule::OriginIpv6 => "origin-ipv6",
            Rule::OriginPort => "origin-port",
            Rule::OriginDefaultPort => "origin-default-port",
            Rule::OriginWildcardPosition => "origin-wildcard-position",
            Rule::OriginWildcardIp => "origin-wildcard-ip",
            Rule::OriginWildcardEmpty => "origin-wildcard-empty",
            Rule::OriginHost => "origin-host",
            Rule::OriginPunycode => "origin-punycode",
            Rule::OriginLength => "origin-length",
            Rule::CredentialsAnyOrigin => "credentials-any-origin",
            Rule::CredentialsPublicSuffix => "credentials-public-suffix",
            Rule::CredentialsInsecureOrigin => "credentials-insecure-origin",
            Rule::CredentialsExposeAny => "credentials-expose-any",
            Rule::MethodToken => "method-token",
            Rule::MethodForbidden => "method-forbidden",
            Rule::MethodCase => "method-case",
            Rule::HeaderToken => "header-token",
            Rule::HeaderForbidden => "header-forbidden",
            Rule::HeaderAccessControl => "header-access-control",
            Rule::ExposeForbidden => "expose-forbidden",
            Rule::MaxAgeRange => "max-age-range",
            Rule::MaxAgeInteger => "max-age-integer",
            Rule::DuplicateValue => "duplicate-value",
            Rule::OriginsEmpty => "origins-empty",
            Rule::OriginsMissing => "origins-missing",
            Rule::UnknownKey => "unknown-key",
            Rule::DuplicateKey => "duplicate-key",
            Rule::WrongType => "wrong-type",
            Rule::StarInList => "star-in-list",
        }
    }

    /// One sentence saying why the rule exists, for the README table and `--explain`-style
    /// output; the per-error message and help say what is wrong in the user's own text.
    pub fn reason(self) -> &'static str {
        match self {
            Rule::OriginStarInList => {
                "A `*` inside the origin list is compared as the literal text `*`, which no \
                 browser sends; allowing every origin is written `allow_origins: *`."
            }
            Rule::OriginMissingScheme => {
                "Browsers always send the scheme in the Origin header, so an origin without \
                 `scheme://` never matches."
            }
            Rule::OriginInvalidScheme => {
                "A URL scheme is a letter followed by letters, digits, `+`, `-` or `.`; anything \
                 else cannot appear in an Origin header."
            }
            Rule::OriginWhitespace => {
                "Origins are compared byte for byte and an Origin header never contains \
                 whitespace, so the entry would never match."
            }
            Rule::OriginPath => {
                "An Origin header is only `scheme://host[:port]`, never with a path, not even `/`, \
                 so the entry would never match."
            }
            Rule::OriginQuery => {
                "An Origin header never carries a query, so the entry would never match."
            }
            Rule::OriginFragment => {
                "An Origin header never carries a fragment, so the entry would never match."
            }
            Rule::OriginUserinfo => {
                "An Origin header never carries `user@`, so the entry would never match."
            }
            Rule::OriginUppercase => {
                "Browsers lowercase the scheme and host and origins compare case-sensitively, so \
                 an entry with uppercase would never match."
            }
            Rule::OriginNonAscii => {
                "Browsers send internationalised hosts in their punycode (`xn--`) form, so a \
                 Unicode host would never match."
            }
            Rule::OriginNull => {
                "`null` is the origin of every sandboxed iframe, `file:` page and `data:` \
                 document, so allowing it lets any site that sandboxes itself in."
            }
            Rule::OriginFile => {
                "Browsers send `null` for `file:` pages, never a `file://` origin, so the entry \
                 would never match."
            }
            Rule::OriginIpv4 => {
                "Browsers send IPv4 hosts as four decimal numbers without leading zeros, so any \
                 other spelling would never match."
            }
            Rule::OriginIpv6 => {
                "Browsers send IPv6 hosts in brackets, lowercase and compressed (RFC 5952), so any \
                 other spelling would never match."
            }
            Rule::OriginPort => {
                "A port is a decimal number from 1 to 65535 without leading zeros; anything else \
                 never appears in an Origin header."
            }
            Rule::OriginDefaultPort => {
                "Browsers omit the default port (80 for http and ws, 443 for https and wss, 21 for \
                 ftp) from the Origin header, so an entry that writes it would never match."
            }
            Rule::OriginWildcardPosition => {
                "A `*` may only stand for whole leftmost host labels or the whole port, because \
                 substring wildcards are how other CORS libraries came to match attacker domains."
            }
            Rule::OriginWildcardIp => {
                "IP addresses have no subdomains, so a wildcard over one can only match hosts that \
                 imitate it."
            }
            Rule::OriginWildcardEmpty => {
                "A `*.` with no domain after it would match every host; allowing every origin is \
                 written `allow_origins: *`."
            }
            Rule::OriginHost => {
                "A host is dot-separated non-empty labels of letters, digits, `-` and `_`, with \
                 at most one dot at the end; anything else never appears in an Origin header."
            }
            Rule::OriginPunycode => {
                "Browsers refuse a host whose `xn--` label does not decode (RFC 3492) to a valid \
                 label, so no page has such an origin."
            }
            Rule::OriginLength => {
                "DNS cannot look up a host label over 63 bytes or a name over 253, so no page has \
                 such an origin; schemes are matched up to 32 bytes, so every listed origin fits \
                 the 512 bytes the matcher reads."
            }
            Rule::CredentialsAnyOrigin => {
                "Browsers reject `Access-Control-Allow-Origin: *` on credentialed requests, and \
                 reflecting every origin instead would let any site read your users' data."
            }
            Rule::CredentialsPublicSuffix => {
                "Anyone can register a subdomain of a public suffix such as `com` or `github.io`, \
                 so a wildcard over one with credentials lets strangers read your users' data."
            }
            Rule::CredentialsInsecureOrigin => {
                "Anyone on the network path can inject script into a plain-http page, so trusting \
                 it with credentials hands your users' data to them."
            }
            Rule::CredentialsExposeAny => {
                "On credentialed responses browsers read `Access-Control-Expose-Headers: *` as a \
                 header literally named `*`, so nothing would be exposed."
            }
            Rule::MethodToken => {
                "A method name is an RFC 9110 token; anything else can never be sent, so the entry \
                 is a typo."
            }
            Rule::MethodForbidden => {
                "Browsers forbid scripts to send CONNECT, TRACE and TRACK, so allowing them does \
                 nothing."
            }
            Rule::MethodCase => {
                "Methods compare case-sensitively and browsers uppercase only DELETE, GET, HEAD, \
                 OPTIONS, POST and PUT, so a standard method must be listed in uppercase to match."
            }
            Rule::HeaderToken => {
                "A header name is an RFC 9110 token; anything else can never be sent, so the entry \
                 is a typo."
            }
            Rule::HeaderForbidden => {
                "Scripts can never set a forbidden request header (`cookie`, `host`, `sec-*`, \
                 `proxy-*`, …), so allowing one does nothing."
            }
            Rule::HeaderAccessControl => {
                "`access-control-*` names are CORS response headers or preflight headers set by \
                 the browser itself; a script never sends them."
            }
            Rule::ExposeForbidden => {
                "Browsers never expose `set-cookie` or `set-cookie2` to scripts, whatever the \
                 server says."
            }
            Rule::MaxAgeRange => {
                "Browsers cap the preflight cache (Chromium at 7200 s, Firefox at 86400 s), so a \
                 larger `max_age` only misleads the reader."
            }
            Rule::MaxAgeInteger => {
                "`Access-Control-Max-Age` is a whole number of seconds; anything else is ignored \
                 by browsers."
            }
            Rule::DuplicateValue => {
                "A value listed twice is harmless at runtime but is almost always a copy-paste \
                 slip hiding the entry that was meant."
            }
            Rule::OriginsEmpty => {
                "An empty origin list allows no origin at all, so the policy would do nothing."
            }
            Rule::OriginsMissing => {
                "The allowed origins are the heart of a CORS policy and there is no safe default \
                 for them."
            }
            Rule::UnknownKey => {
                "Silently ignoring an unknown key would drop the setting the user meant to make."
            }
            Rule::DuplicateKey => "If a key were given twice, which value wins would be a guess.",
            Rule::WrongType => {
                "A value of the wrong type cannot be interpreted without guessing what was meant."
            }
            Rule::StarInList => {
                "A `*` inside a method or header list is sent as a literal `*`, which browsers \
                 read as a wildcard only without credentials and never as `Authorization`; \
                 `key: *` is the checked way to allow everything."
            }
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A broken rule: what is wrong (`message`) and what to write instead (`help`).
///
/// The macro turns each one into a compile error spanned on the offending text, printing the
/// rule id and the help line itself; keeping the three apart lets it format them consistently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Which rule was broken.
    pub rule: Rule,
    /// What is wrong, quoting the offending text.
    pub message: String,
    /// What to write instead, with a corrected value whenever one can be computed.
    pub help: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Violation {
    pub(crate) fn new(rule: Rule, message: String, help: String) -> Violation {
        Violation {
            rule,
            message,
            help,
        }
    }
}

/// `tchar` of RFC 9110 section 5.6.2.
pub(crate) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        )
}

/// `token` of RFC 9110: one or more `tchar`. Method and header names are tokens.
pub(crate) fn is_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(is_tchar)
}

/// The first byte of `text` that is not a `tchar`, as the character it starts, for messages.
pub(crate) fn first_non_tchar(text: &str) -> Option<char> {
    text.chars().find(|&c| !(c.is_ascii() && is_tchar(c as u8)))
}

/// How a character is named in a message: visible ones quoted, invisible ones by code point.
pub(crate) fn describe_char(c: char) -> String {
    if c == ' ' {
        String::from("a space")
    } else if c.is_whitespace() || c.is_control() {
        alloc::format!("the character U+{:04X}", c as u32)
    } else {
        alloc::format!("`{c}`")
    }
}

/// A token-ish repair of a method or header name: trims whitespace and a trailing `:` (as
/// copied from a raw HTTP message). `Some` only if the result is a token that differs.
pub(crate) fn token_fix(text: &str) -> Option<&str> {
    let fixed = text.trim().trim_end_matches(':').trim();
    (fixed != text && is_token(fixed)).then_some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// Exhaustive on purpose: adding a variant breaks this until it is also added to `ALL`.
    fn ordinal(rule: Rule) -> usize {
        match rule {
            Rule::OriginStarInList => 0,
            Rule::OriginMissingScheme => 1,
            Rule::OriginInvalidScheme => 2,
            Rule::OriginWhitespace => 3,
            Rule::OriginPath => 4,
            Rule::OriginQuery => 5,
            Rule::OriginFragment => 6,
            Rule::OriginUserinfo => 7,
            Rule::OriginUppercase => 8,
            Rule::OriginNonAscii => 9,
            Rule::OriginNull => 10,
            Rule::OriginFile => 11,
            Rule::OriginIpv4 => 12,
            Rule::OriginIpv6 => 13,
            Rule::OriginPort => 14,
            Rule::OriginDefaultPort => 15,
            Rule::OriginWildcardPosition => 16,
            Rule::OriginWildcardIp => 17,
            Rule::OriginWildcardEmpty => 18,
            Rule::OriginHost => 19,
            Rule::OriginPunycode => 20,
            Rule::OriginLength => 21,
            Rule::CredentialsAnyOrigin => 22,
            Rule::CredentialsPublicSuffix => 23,
            Rule::CredentialsInsecureOrigin => 24,
            Rule::CredentialsExposeAny => 25,
            Rule::MethodToken => 26,
            Rule::MethodForbidden => 27,
            Rule::MethodCase => 28,
            Rule::HeaderToken => 29,
            Rule::HeaderForbidden => 30,
            Rule::HeaderAccessControl => 31,
            Rule::ExposeForbidden => 32,
            Rule::MaxAgeRange => 33,
            Rule::MaxAgeInteger => 34,
            Rule::DuplicateValue => 35,
            Rule::OriginsEmpty => 36,
            Rule::OriginsMissing => 37,
            Rule::UnknownKey => 38,
            Rule::DuplicateKey => 39,
            Rule::WrongType => 40,
            Rule::StarInList => 41,
        }
    }

    #[test]
    fn all_lists_every_variant_once() {
        assert_eq!(Rule::ALL.len(), 42);
        for (i, rule) in Rule::ALL.iter().enumerate() {
            assert_eq!(ordinal(*rule), i, "{rule:?} is out of place in Rule::ALL");
        }
    }

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen: Vec<&str> = Vec::new();
        for rule in Rule::ALL {
            let id = rule.id();
            assert!(!seen.contains(&id), "duplicate id {id}");
            seen.push(id);
            assert!(
                !id.is_empty() && !id.starts_with('-') && !id.ends_with('-'),
                "{id}"
            );
            assert!(!id.contains("--"), "{id}");
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{id} is not kebab-case"
            );
            assert!(id.as_bytes()[0].is_ascii_lowercase(), "{id}");
            assert_eq!(alloc::format!("{rule}"), id);
        }
    }

    #[test]
    fn reasons_are_one_sentence() {
        for rule in Rule::ALL {
            let reason = rule.reason();
            assert!(reason.ends_with('.'), "{}: {reason}", rule.id());
            assert!(
                reason
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c == '`'),
                "{}: {reason}",
                rule.id()
            );
            assert!(!reason.contains('\n'), "{}", rule.id());
        }
    }

    #[test]
    fn violation_displays_its_message() {
        let v = Violation::new(Rule::DuplicateKey, "msg".into(), "help".into());
        assert_eq!(alloc::format!("{v}"), "msg");
    }

    #[test]
    fn tokens() {
        let rows: &[(&str, bool)] = &[
            ("GET", true),
            ("x-foo", true),
            ("!#$%&'*+-.^_`|~", true),
            ("", false),
            ("a b", false),
            ("a:b", false),
            ("a\"b", false),
            ("é", false),
            ("(x)", false),
            ("a,b", false),
        ];
        for (text, want) in rows {
            assert_eq!(is_token(text), *want, "{text:?}");
        }
        assert_eq!(token_fix(" X-Foo: "), Some("X-Foo"));
        assert_eq!(token_fix("X-Foo"), None);
        assert_eq!(token_fix("a b"), None);
        assert_eq!(first_non_tchar("ab cd"), Some(' '));
        assert_eq!(describe_char(' '), "a space");
        assert_eq!(describe_char('\t'), "the character U+0009");
        assert_eq!(describe_char(','), "`,`");
    }
}

#[cfg(test)]
mod readme {
    use super::Rule;

    /// The README's rule table is the users' reference: every rule must be in it, with the
    /// reason the code gives, word for word.
    #[test]
    fn readme_documents_every_rule() {
        let readme = include_str!("../../../README.md");
        for rule in Rule::ALL {
            let row = alloc::format!("| `{}` | {} |", rule.id(), rule.reason());
            assert!(
                readme.contains(&row),
                "README lacks rule `{}` as {row}",
                rule.id()
            );
        }
    }
}
