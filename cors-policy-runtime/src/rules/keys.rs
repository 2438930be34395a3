//! Rules on the policy as a whole: its keys, their value types, `max_age`, and list contents
//! (duplicates, an empty or missing origin list).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Rule, Violation};

/// Every key a policy may have, in the order the documentation presents them.
///
/// Listed in one place so that the macro, the did-you-mean suggestions and the documentation
/// cannot disagree about which keys exist.
pub const KEYS: &[&str] = &[
    "allow_origins",
    "allow_methods",
    "allow_headers",
    "expose_headers",
    "allow_credentials",
    "max_age",
    "allow_private_network",
    "dangerously_allow_insecure_origins",
    "dangerously_allow_public_suffix_subdomains",
];

/// The largest `max_age`: Firefox's cap, and the one jub0bs/cors uses.
const MAX_AGE_LIMIT: u64 = 86_400;

/// Which list a duplicate was found in, to name it in the message.
///
/// The macro decides what counts as a duplicate (origins compare exactly, header names
/// case-insensitively, methods case-sensitively); this only says where it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    /// `allow_origins`.
    Origin,
    /// `allow_methods`.
    Method,
    /// `allow_headers`.
    RequestHeader,
    /// `expose_headers`.
    ExposeHeader,
}

impl ListKind {
    fn key(self) -> &'static str {
        match self {
            ListKind::Origin => "allow_origins",
            ListKind::Method => "allow_methods",
            ListKind::RequestHeader => "allow_headers",
            ListKind::ExposeHeader => "expose_headers",
        }
    }
}

/// Checks `max_age` (seconds) and narrows it to the `u32` the runtime stores.
///
/// Why: browsers cap the preflight cache (Chromium at 7200 s, Firefox at 86400 s, WebKit at
/// 600 s), so a value above a day never takes effect and only misleads whoever reads the
/// policy; it is usually a unit mistake (milliseconds, or a week meant for another cache).
pub fn max_age(seconds: u64) -> Result<u32, Violation> {
    match u32::try_from(seconds) {
        Ok(value) if seconds <= MAX_AGE_LIMIT => Ok(value),
        _ => Err(Violation::new(
            Rule::MaxAgeRange,
            format!("`max_age: {seconds}` is more than 86400 seconds (24 hours)"),
            String::from(
                "write at most `max_age: 86400`: browsers cap the preflight cache anyway \
                 (Chromium at 7200 s, Firefox at 86400 s), and `max_age` is in seconds, not \
                 milliseconds",
            ),
        )),
    }
}

/// The violation for a `max_age` that is not a whole number of seconds: a float, a negative
/// number, a string, or a literal too large for `u64`. `found` is the value as written.
///
/// Why: `Access-Control-Max-Age` is delta-seconds; browsers ignore anything else and fall back
/// to 5 seconds, which is never what the author meant.
pub fn max_age_not_integer(found: &str) -> Violation {
    Violation::new(
        Rule::MaxAgeInteger,
        format!(
            "`max_age` must be a plain integer literal from 0 to 86400 (seconds), found \
             `{found}`"
        ),
        String::from(
            "write the number of seconds without a sign, suffix or fraction, e.g. \
             `max_age: 7200` for two hours",
        ),
    )
}

/// The violation for a value listed twice in one list.
///
/// Why: a duplicate is harmless at runtime, but it is almost always a copy-paste slip that
/// hides the value that was meant (say, `https://app.example.com` twice instead of once with
/// `https://admin.example.com`).
pub fn duplicate(kind: ListKind, text: &str) -> Violation {
    let key = kind.key();
    let help = match kind {
        ListKind::RequestHeader | ListKind::ExposeHeader => format!(
            "remove this `{text}`: header names compare case-insensitively, so it repeats an \
             earlier entry; if another header was meant, write that one instead"
        ),
        ListKind::Origin | ListKind::Method => format!(
            "remove the second `{text}`; if another value was meant, write that one instead"
        ),
    };
    Violation::new(
        Rule::DuplicateValue,
        format!("`{key}` lists `{text}` more than once"),
        help,
    )
}

/// The violation for `allow_origins: []`.
///
/// Why: a policy that allows no origin does nothing, which is never what its author meant; if
/// cross-origin access should be refused, leaving out the CORS layer says so.
pub fn empty_origins() -> Violation {
    Violation::new(
        Rule::OriginsEmpty,
        String::from("`allow_origins` is empty, so no origin would ever be allowed"),
        String::from(
            "list at least one origin, e.g. `allow_origins: [\"https://example.com\"]`; to \
             refuse every cross-origin request, leave the CORS policy out",
        ),
    )
}

/// The violation for a policy without `allow_origins`.
///
/// Why: which origins may read responses is the one decision a CORS policy exists to make;
/// any default (every origin, or none) would be a surprise to someone.
pub fn missing_origins() -> Violation {
    Violation::new(
        Rule::OriginsMissing,
        String::from("the policy has no `allow_origins`"),
        String::from(
            "add `allow_origins: [\"https://example.com\"]` with your origins, or \
             `allow_origins: *` to allow every origin (only without credentials)",
        ),
    )
}

/// The violation for a key the policy does not know, with a "did you mean" when a known key
/// is close (a common alias from other CORS libraries, another case style, or a typo).
///
/// Why: silently ignoring an unknown key would drop the setting the user meant to make, and
/// the names users bring from other libraries (`allowed_origins`, `max_age_secs`,
/// `supports_credentials`) are predictable enough to suggest the right one.
pub fn unknown_key(key: &str) -> Violation {
    let keys: Vec<String> = KEYS.iter().map(|k| format!("`{k}`")).collect();
    let keys = keys.join(", ");
    let help = match suggest(key) {
        Some(known) => format!("did you mean `{known}`? The keys are {keys}"),
        None => format!("the keys are {keys}"),
    };
    Violation::new(Rule::UnknownKey, format!("unknown key `{key}`"), help)
}

/// The violation for a key given twice.
///
/// Why: if both values were accepted, which one wins would be a guess; usually one of them is
/// a leftover from an edit.
pub fn duplicate_key(key: &str) -> Violation {
    Violation::new(
        Rule::DuplicateKey,
        format!("`{key}` is given more than once"),
        format!("keep one `{key}` and remove the other: a policy sets each key once"),
    )
}

/// The violation for a key given a value of the wrong type; `expected` describes the right
/// one, e.g. `("allow_credentials", "a bool literal: `true` or `false`")`.
///
/// Why: the macro reads values at compile time, so it accepts only the literal forms it
/// documents instead of guessing what an expression means.
pub fn wrong_type(key: &str, expected: &str, found: &str) -> Violation {
    Violation::new(
        Rule::WrongType,
        format!("wrong type for `{key}`: found {found}"),
        format!("`{key}` takes {expected}"),
    )
}

/// Names users bring from other CORS libraries and config styles, normalised (lowercase ASCII
/// letters and digits only), with the key they mean.
const ALIASES: &[(&str, &str)] = &[
    ("allowedorigins", "allow_origins"),
    ("alloworigin", "allow_origins"),
    ("allowedorigin", "allow_origins"),
    ("origins", "allow_origins"),
    ("origin", "allow_origins"),
    ("corsorigins", "allow_origins"),
    ("accesscontrolalloworigin", "allow_origins"),
    ("allowedmethods", "allow_methods"),
    ("allowmethod", "allow_methods"),
    ("allowedmethod", "allow_methods"),
    ("methods", "allow_methods"),
    ("method", "allow_methods"),
    ("accesscontrolallowmethods", "allow_methods"),
    ("allowedheaders", "allow_headers"),
    ("allowheader", "allow_headers"),
    ("allowedheader", "allow_headers"),
    ("headers", "allow_headers"),
    ("header", "allow_headers"),
    ("requestheaders", "allow_headers"),
    ("allowrequestheaders", "allow_headers"),
    ("accesscontrolallowheaders", "allow_headers"),
    ("exposeheader", "expose_headers"),
    ("exposedheaders", "expose_headers"),
    ("exposedheader", "expose_headers"),
    ("expose", "expose_headers"),
    ("exposed", "expose_headers"),
    ("responseheaders", "expose_headers"),
    ("accesscontrolexposeheaders", "expose_headers"),
    ("credentials", "allow_credentials"),
    ("credential", "allow_credentials"),
    ("allowcredential", "allow_credentials"),
    ("allowedcredentials", "allow_credentials"),
    ("supportscredentials", "allow_credentials"),
    ("supportcredentials", "allow_credentials"),
    ("withcredentials", "allow_credentials"),
    ("accesscontrolallowcredentials", "allow_credentials"),
    ("maxagesecs", "max_age"),
    ("maxagesec", "max_age"),
    ("maxageseconds", "max_age"),
    ("maxagesecond", "max_age"),
    ("preflightmaxage", "max_age"),
    ("preflightcachemaxage", "max_age"),
    ("age", "max_age"),
    ("accesscontrolmaxage", "max_age"),
    ("privatenetwork", "allow_private_network"),
    ("allowprivatenetworkaccess", "allow_private_network"),
    ("privatenetworkaccess", "allow_private_network"),
    ("allowpna", "allow_private_network"),
    ("pna", "allow_private_network"),
    ("allowinsecureorigins", "dangerously_allow_insecure_origins"),
    ("allowinsecureorigin", "dangerously_allow_insecure_origins"),
    ("allowinsecure", "dangerously_allow_insecure_origins"),
    ("insecureorigins", "dangerously_allow_insecure_origins"),
    (
        "dangerouslyallowinsecure",
        "dangerously_allow_insecure_origins",
    ),
    (
        "dangerouslyallowinsecureorigin",
        "dangerously_allow_insecure_origins",
    ),
    ("allowhttp", "dangerously_allow_insecure_origins"),
    // jub0bs/cors's `DangerouslyTolerateSubdomainsOfPublicSuffixes`, and fcors's older name.
    (
        "dangerouslytoleratesubdomainsofpublicsuffixes",
        "dangerously_allow_public_suffix_subdomains",
    ),
    (
        "toleratesubdomainsofpublicsuffixes",
        "dangerously_allow_public_suffix_subdomains",
    ),
    (
        "skippublicsuffixcheck",
        "dangerously_allow_public_suffix_subdomains",
    ),
    (
        "allowpublicsuffixsubdomains",
        "dangerously_allow_public_suffix_subdomains",
    ),
    (
        "allowsubdomainsofpublicsuffixes",
        "dangerously_allow_public_suffix_subdomains",
    ),
    (
        "publicsuffixsubdomains",
        "dangerously_allow_public_suffix_subdomains",
    ),
    (
        "allowpublicsuffixes",
        "dangerously_allow_public_suffix_subdomains",
    ),
    (
        "allowpublicsuffix",
        "dangerously_allow_public_suffix_subdomains",
    ),
    (
        "dangerouslyallowpublicsuffix",
        "dangerously_allow_public_suffix_subdomains",
    ),
];

/// `allow_origins`, `allowOrigins`, `Allow-Origins` all normalise to `alloworigins`.
fn normalize(key: &str) -> String {
    key.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The key `key` most likely stands for, if it is not a key itself: an alias from another CORS
/// library, the same key in another case style, or the one uniquely nearest by edit distance
/// when that distance is small for its length. A front end does not also report that key
/// missing: the unknown-key error already names it.
pub fn suggested_key(key: &str) -> Option<&'static str> {
    suggest(key)
}

/// [`suggested_key`].
fn suggest(key: &str) -> Option<&'static str> {
    let normalized = normalize(key);
    if normalized.is_empty() {
        return None;
    }
    let direct = KEYS
        .iter()
        .copied()
        .find(|k| normalize(k) == normalized)
        .or_else(|| {
            ALIASES
                .iter()
                .find(|(alias, _)| *alias == normalized)
                .map(|(_, k)| *k)
        });
    if let Some(known) = direct {
        return (known != key).then_some(known);
    }
    // Inputs far longer than any key are never close; skip the quadratic work.
    if normalized.len() > 64 {
        return None;
    }
    let mut best: Option<(usize, &'static str)> = None;
    let mut tie = false;
    for (candidate, known) in KEYS
        .iter()
        .map(|k| (normalize(k), *k))
        .chain(ALIASES.iter().map(|(a, k)| (String::from(*a), *k)))
    {
        let distance = edit_distance(&normalized, &candidate);
        if distance > (candidate.len() / 4).max(1) {
            continue;
        }
        match best {
            Some((d, k)) if distance > d || (distance == d && k == known) => {}
            Some((d, _)) if distance == d => tie = true,
            _ => {
                best = Some((distance, known));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, known)| known)
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), on bytes;
/// both inputs are normalised ASCII.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Three rolling rows: two back (for transpositions), previous, current.
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, &cb) in b.iter().enumerate() {
            let substitution =
                previous.get(j).copied().unwrap_or(usize::MAX / 2) + usize::from(ca != cb);
            let deletion = previous.get(j + 1).copied().unwrap_or(usize::MAX / 2) + 1;
            let insertion = current.get(j).copied().unwrap_or(usize::MAX / 2) + 1;
            let mut value = substitution.min(deletion).min(insertion);
            let transposed =
                i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if transposed {
                if let Some(&t) = before.get(j - 1) {
                    value = value.min(t + 1);
                }
            }
            current.push(value);
        }
        before = core::mem::replace(&mut previous, current);
    }
    previous.last().copied().unwrap_or(0)
}

/// `*` as one element of a method or header list.
///
/// Why: it would be sent as a literal `*`, a wildcard to browsers only without credentials and
/// never covering `Authorization`; `key: *` is checked against credentials and echoes safely.
pub fn star_in_list(kind: ListKind) -> Violation {
    let key = kind.key();
    let what = match kind {
        ListKind::Method => "allow every method",
        ListKind::RequestHeader => "allow every request header",
        ListKind::ExposeHeader => "expose every response header",
        ListKind::Origin => "allow every origin",
    };
    Violation::new(
        Rule::StarInList,
        format!("`*` inside the `{key}` list"),
        format!("write `{key}: *` instead of a list to {what}, or remove the `*`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_rows() {
        let rows: &[(u64, Option<u32>)] = &[
            (0, Some(0)),
            (5, Some(5)),
            (600, Some(600)),
            (7200, Some(7200)),
            (86_400, Some(86_400)),
            (86_401, None),
            (604_800, None),
            (u64::from(u32::MAX), None),
            (u64::from(u32::MAX) + 1, None),
            (u64::MAX, None),
        ];
        for (seconds, want) in rows {
            let got = max_age(*seconds);
            assert_eq!(got.as_ref().ok().copied(), *want, "{seconds}");
            if let Err(v) = got {
                assert_eq!(v.rule, Rule::MaxAgeRange);
                assert!(v.message.contains(&format!("{seconds}")), "{}", v.message);
                assert!(v.help.contains("Chromium at 7200"), "{}", v.help);
                assert!(v.help.contains("Firefox at 86400"), "{}", v.help);
            }
        }
        let v = max_age_not_integer("1.5");
        assert_eq!(v.rule, Rule::MaxAgeInteger);
        assert!(v.message.contains("`1.5`"), "{}", v.message);
    }

    #[rustfmt::skip]
    #[test]
    fn suggestions() {
        let rows: &[(&str, Option<&str>)] = &[
            ("allowed_origins", Some("allow_origins")),
            ("origins", Some("allow_origins")),
            ("allow_origin", Some("allow_origins")),
            ("allowOrigins", Some("allow_origins")),
            ("AllowedOrigins", Some("allow_origins")),
            ("alow_origins", Some("allow_origins")),
            ("allow_orgins", Some("allow_origins")),
            ("allow_oirgins", Some("allow_origins")),
            ("allowed_methods", Some("allow_methods")),
            ("methods", Some("allow_methods")),
            ("allow_method", Some("allow_methods")),
            ("allow_header", Some("allow_headers")),
            ("allowed_headers", Some("allow_headers")),
            ("headers", Some("allow_headers")),
            ("expose_header", Some("expose_headers")),
            ("exposed_headers", Some("expose_headers")),
            ("exposeHeaders", Some("expose_headers")),
            ("credentials", Some("allow_credentials")),
            ("allow_credential", Some("allow_credentials")),
            ("supports_credentials", Some("allow_credentials")),
            ("allow_credentails", Some("allow_credentials")),
            ("max_age_secs", Some("max_age")),
            ("maxAge", Some("max_age")),
            ("max_age_seconds", Some("max_age")),
            ("max-age", Some("max_age")),
            ("maxage", Some("max_age")),
            ("max_aeg", Some("max_age")),
            ("private_network", Some("allow_private_network")),
            ("allow_private_network_access", Some("allow_private_network")),
            ("allow_insecure_origins", Some("dangerously_allow_insecure_origins")),
            ("dangerously_allow_insecure_origin", Some("dangerously_allow_insecure_origins")),
            ("dangerously_allow_insecure", Some("dangerously_allow_insecure_origins")),
            ("DangerouslyTolerateSubdomainsOfPublicSuffixes", Some("dangerously_allow_public_suffix_subdomains")),
            ("SkipPublicSuffixCheck", Some("dangerously_allow_public_suffix_subdomains")),
            ("allow_public_suffix_subdomains", Some("dangerously_allow_public_suffix_subdomains")),
            ("dangerously_allow_public_suffix_subdomain", Some("dangerously_allow_public_suffix_subdomains")),
            ("dangerously_allow_public_suffix", Some("dangerously_allow_public_suffix_subdomains")),
            ("dangerously_allow_public_suffixes_subdomains", Some("dangerously_allow_public_suffix_subdomains")),
            ("ALLOW_ORIGINS", Some("allow_origins")),
            ("allow_origins", None),
            ("colour", None),
            ("vary", None),
            ("x", None),
            ("", None),
            ("_", None),
            ("timeout", None),
        ];
        for (key, want) in rows {
            assert_eq!(suggest(key), *want, "{key}");
            let v = unknown_key(key);
            assert_eq!(v.rule, Rule::UnknownKey);
            assert_eq!(v.message, format!("unknown key `{key}`"));
            match want {
                Some(k) => assert!(
                    v.help.starts_with(&format!("did you mean `{k}`?")),
                    "{}",
                    v.help
                ),
                None => assert!(
                    v.help.starts_with("the keys are `allow_origins`"),
                    "{}",
                    v.help
                ),
            }
        }
    }

    #[test]
    fn unknown_key_help_lists_every_key() {
        let v = unknown_key("allowed_origins");
        assert_eq!(
            v.help,
            "did you mean `allow_origins`? The keys are `allow_origins`, `allow_methods`, \
             `allow_headers`, `expose_headers`, `allow_credentials`, `max_age`, \
             `allow_private_network`, `dangerously_allow_insecure_origins`, \
             `dangerously_allow_public_suffix_subdomains`"
        );
    }

    #[test]
    fn aliases_point_at_real_keys_and_are_normalized() {
        for (alias, key) in ALIASES {
            assert!(KEYS.contains(key), "{alias} -> {key}");
            assert_eq!(normalize(alias), *alias);
            assert!(
                !KEYS.iter().any(|k| normalize(k) == *alias),
                "{alias} is a key"
            );
        }
    }

    #[test]
    fn distances() {
        let rows: &[(&str, &str, usize)] = &[
            ("", "", 0),
            ("", "abc", 3),
            ("abc", "", 3),
            ("maxage", "maxage", 0),
            ("maxaeg", "maxage", 1),
            ("kitten", "sitting", 3),
            ("ab", "ba", 1),
            ("ca", "abc", 3),
        ];
        for (a, b, d) in rows {
            assert_eq!(edit_distance(a, b), *d, "{a} {b}");
        }
    }

    #[rustfmt::skip]
    #[test]
    fn other_violations() {
        let rows: &[(Violation, Rule, &str)] = &[
            (
                duplicate(ListKind::Origin, "https://a.com"),
                Rule::DuplicateValue,
                "`allow_origins` lists `https://a.com` more than once",
            ),
            (duplicate(ListKind::Method, "PUT"), Rule::DuplicateValue, "`allow_methods` lists `PUT` more than once"),
            (
                duplicate(ListKind::RequestHeader, "x-a"),
                Rule::DuplicateValue,
                "`allow_headers` lists `x-a` more than once",
            ),
            (
                duplicate(ListKind::ExposeHeader, "etag"),
                Rule::DuplicateValue,
                "`expose_headers` lists `etag` more than once",
            ),
            (empty_origins(), Rule::OriginsEmpty, "`allow_origins` is empty, so no origin would ever be allowed"),
            (missing_origins(), Rule::OriginsMissing, "the policy has no `allow_origins`"),
            (duplicate_key("max_age"), Rule::DuplicateKey, "`max_age` is given more than once"),
            (
                wrong_type("allow_credentials", "a bool literal: `true` or `false`", "a string"),
                Rule::WrongType,
                "wrong type for `allow_credentials`: found a string",
            ),
        ];
        for (v, rule, message) in rows {
            assert_eq!(v.rule, *rule);
            assert_eq!(v.message, *message);
            assert!(!v.help.is_empty());
        }
        assert_eq!(
            duplicate(ListKind::Method, "PUT").help,
            "remove the second `PUT`; if another value was meant, write that one instead"
        );
        assert_eq!(
            wrong_type("allow_credentials", "a bool literal: `true` or `false`", "a string").help,
            "`allow_credentials` takes a bool literal: `true` or `false`"
        );
    }

    #[test]
    fn odd_keys_never_panic() {
        let long: String = core::iter::repeat_n('a', 100_000).collect();
        for key in [
            "",
            "é",
            "ü_origins",
            "\u{0}",
            "____",
            "r#type",
            long.as_str(),
            "allow_origins_allow_origins",
        ] {
            let v = unknown_key(key);
            assert_eq!(v.rule, Rule::UnknownKey);
        }
    }
}
