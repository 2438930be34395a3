//! The origin forms `cors_policy!` accepts beyond the plain ones, as ordinary policies: fully
//! qualified hosts (a final dot), valid punycode, the longest listable origin, and the
//! public-suffix opt-in. Each must compile and then match exactly the `Origin` values browsers
//! send for it, and nothing else. (Every refusal is in `tests/ui`.)

use checked_cors::{cors_policy, Policy};

/// Fully qualified hosts: a host, a loopback host on any port, a wildcard, a port, punycode.
static FQDN: Policy = cors_policy! {
    allow_origins: [
        "https://example.com.",
        "http://localhost.:*",
        "https://*.example.org.",
        "http://example.net.:3999",
        "https://xn--bcher-kva.example.",
    ],
};

/// The same without the dots.
static DOTLESS: Policy = cors_policy! {
    allow_origins: [
        "https://example.com",
        "http://localhost:*",
        "https://*.example.org",
        "http://example.net:3999",
        "https://xn--bcher-kva.example",
    ],
};

/// Loopback keeps its exemption from the insecure-origin rule with a final dot.
static LOOPBACK_CREDENTIALS: Policy = cors_policy! {
    allow_origins: ["http://localhost.:*", "http://*.localhost.:8080"],
    allow_credentials: true,
};

/// Preview deployments on hosting platforms, with credentials, through the explicit opt-in.
static PREVIEWS: Policy = cors_policy! {
    allow_origins: ["https://*.vercel.app", "https://*.github.io.:*"],
    allow_credentials: true,
    dangerously_allow_public_suffix_subdomains: true,
};

/// Without credentials a wildcard over a public suffix needs no opt-in.
static PUBLIC_SUFFIX_ANONYMOUS: Policy = cors_policy! {
    allow_origins: ["https://*.vercel.app", "https://*.com."],
};

/// One literal for the policy and the test (`cors_policy!` reads literals only).
macro_rules! policy_and_origin {
    ($origin:literal) => {
        static LONGEST: Policy = cors_policy! { allow_origins: [$origin] };
        const LONGEST_ORIGIN: &str = $origin;
    };
}

// The longest origin a policy can list: a 32-byte scheme, a 253-byte host and its final dot,
// a five-digit port (295 bytes).
policy_and_origin!("abcdefghijabcdefghijabcdefghijab://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.:65535");

#[test]
fn fully_qualified_and_dotless_hosts_are_distinct_origins() {
    // (origin, allowed by FQDN, allowed by DOTLESS)
    let rows: &[(&str, bool, bool)] = &[
        ("https://example.com.", true, false),
        ("https://example.com", false, true),
        ("https://example.com..", false, false),
        ("https://.example.com.", false, false),
        ("http://localhost.:8765", true, false),
        ("http://localhost.", true, false),
        ("http://localhost:8765", false, true),
        ("http://localhost", false, true),
        ("http://localhost..:8765", false, false),
        ("http://localhost:8765.", false, false),
        ("https://a.example.org.", true, false),
        ("https://a.b.example.org.", true, false),
        ("https://a.example.org", false, true),
        ("https://example.org.", false, false),
        ("https://example.org", false, false),
        ("https://.example.org.", false, false),
        ("https://a..example.org.", false, false),
        ("https://a.example.org..", false, false),
        ("https://aexample.org.", false, false),
        ("http://example.net.:3999", true, false),
        ("http://example.net:3999", false, true),
        ("http://example.net.:3998", false, false),
        ("http://example.net.", false, false),
        ("https://xn--bcher-kva.example.", true, false),
        ("https://xn--bcher-kva.example", false, true),
    ];
    for (origin, fqdn, dotless) in rows {
        assert_eq!(
            FQDN.allows_origin(origin.as_bytes()),
            *fqdn,
            "FQDN {origin}"
        );
        assert_eq!(
            DOTLESS.allows_origin(origin.as_bytes()),
            *dotless,
            "DOTLESS {origin}"
        );
    }
}

#[test]
fn loopback_with_a_final_dot_takes_credentials() {
    for (origin, allowed) in [
        ("http://localhost.:3000", true),
        ("http://localhost.", true),
        ("http://app.localhost.:8080", true),
        ("http://a.b.localhost.:8080", true),
        ("http://app.localhost.:8081", false),
        ("http://localhost:3000", false),
        ("http://app.localhost:8080", false),
    ] {
        assert_eq!(
            LOOPBACK_CREDENTIALS.allows_origin(origin.as_bytes()),
            allowed,
            "{origin}"
        );
    }
    assert!(LOOPBACK_CREDENTIALS.allows_credentials());
}

#[test]
fn public_suffix_opt_in_allows_the_platforms_subdomains_only() {
    assert!(PREVIEWS.allows_credentials());
    for (origin, allowed) in [
        ("https://my-branch-team.vercel.app", true),
        ("https://a.b.vercel.app", true),
        ("https://vercel.app", false),
        ("https://evilvercel.app", false),
        ("http://my-branch.vercel.app", false),
        ("https://my-branch.vercel.app.", false),
        ("https://someone.github.io.", true),
        ("https://someone.github.io.:8443", true),
        ("https://someone.github.io", false),
    ] {
        assert_eq!(
            PREVIEWS.allows_origin(origin.as_bytes()),
            allowed,
            "{origin}"
        );
    }
    assert!(PUBLIC_SUFFIX_ANONYMOUS.allows_origin(b"https://anyone.vercel.app"));
    assert!(PUBLIC_SUFFIX_ANONYMOUS.allows_origin(b"https://anything.com."));
    assert!(!PUBLIC_SUFFIX_ANONYMOUS.allows_origin(b"https://anything.com"));
}

#[test]
fn the_longest_listable_origin_matches_and_is_within_the_bound() {
    let longest = LONGEST_ORIGIN;
    assert_eq!(longest.len(), 295);
    assert!(LONGEST.allows_origin(longest.as_bytes()));
    let mut longer = longest.to_owned();
    longer.insert(longest.len() - 7, 'a');
    assert!(!LONGEST.allows_origin(longer.as_bytes()));
    // Far past every bound: refused on length alone, by every kind of table.
    let huge = format!("https://{}.com", "a".repeat(1 << 20));
    for policy in [&FQDN, &DOTLESS, &LONGEST, &PREVIEWS] {
        assert!(!policy.allows_origin(huge.as_bytes()));
    }
}
