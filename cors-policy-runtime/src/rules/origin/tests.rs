//! The form rules as a whole, through [`origin`]: every accepted shape, every refusal with its
//! corrected origin, odd and generated inputs.

use super::*;
use crate::rules::Rule;
use alloc::string::String;
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
    // A fully qualified host keeps its final dot: browsers send it, as a host of its own.
    ("https://example.com.", exact("https", "example.com.", Default)),
    ("https://localhost.", exact("https", "localhost.", Default)),
    ("http://localhost.:8765", exact("http", "localhost.", Exact(8765))),
    ("http://localhost.:*", exact("http", "localhost.", Any)),
    ("https://*.example.org.", sub("https", "example.org.", Default)),
    ("http://example.com.:3999", exact("http", "example.com.", Exact(3999))),
    ("https://*.example.org.:*", sub("https", "example.org.", Any)),
    ("https://xn--bcher-kva.example.", exact("https", "xn--bcher-kva.example.", Default)),
    ("https://xn--r8jz45g.xn--zckzah", exact("https", "xn--r8jz45g.xn--zckzah", Default)),
    ("https://*.xn--mnchen-3ya.de", sub("https", "xn--mnchen-3ya.de", Default)),
    ("https://xn---bcher-kva.example", exact("https", "xn---bcher-kva.example", Default)),
    ("https://xn--n3h.example", exact("https", "xn--n3h.example", Default)),
    ("https://ab--c.example", exact("https", "ab--c.example", Default)),
    (LABEL_63_DOT, exact("https", &LABEL_63_DOT[8..], Default)),
    (NAME_253_DOT, exact("https", &NAME_253_DOT[8..], Default)),
    (PARENT_251, sub("https", &PARENT_251[10..], Default)),
    (SCHEME_32, exact(&SCHEME_32[..32], "localhost", Default)),
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

const LABEL_63_DOT: &str =
    "https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.";
const LABEL_64: &str =
    "https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example";
const LABEL_64_DOT: &str =
    "https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.";
const LABEL_64_WILDCARD: &str =
    "https://*.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.";
/// Three labels of 63 and one of 61: 253 bytes, and the final dot.
const NAME_253_DOT: &str = concat!(
    "https://",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
);
/// One byte more: 254.
const NAME_254: &str = concat!(
    "https://",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);
const NAME_254_DOT: &str = concat!(
    "https://",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
);
/// A parent of 251 bytes: with `x.` in front, 253.
const PARENT_251: &str = concat!(
    "https://*.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);
/// One byte more: 252.
const PARENT_252: &str = concat!(
    "https://*.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);
const SCHEME_32: &str = "abcdefghijabcdefghijabcdefghijab://localhost";
const SCHEME_33: &str = "abcdefghijabcdefghijabcdefghijabc://localhost";

#[test]
fn length_fixtures_are_what_they_say() {
    assert_eq!(LABEL_63_DOT.len() - 9, 63);
    assert_eq!(LABEL_64_DOT.len() - 9, 64);
    assert_eq!(NAME_253_DOT.len() - 9, 253);
    assert_eq!(NAME_254.len() - 8, 254);
    assert_eq!(NAME_254_DOT.len() - 9, 254);
    assert_eq!(PARENT_251.len() - 10, 251);
    assert_eq!(PARENT_252.len() - 10, 252);
    assert_eq!(SCHEME_32.find(':'), Some(32));
    assert_eq!(SCHEME_33.find(':'), Some(33));
}

/// The longest origin any policy can list: a 32-byte scheme, `://`, a 253-byte host and its
/// final dot, a five-digit port. It fits the bound the matcher reads, which is what lets the
/// README say that longer `Origin` values are refused unread, whatever kind of entry matches.
#[test]
fn longest_listable_origin_fits_the_matcher() {
    let host = &NAME_253_DOT[8..];
    let longest = alloc::format!("{}://{host}:65535", &SCHEME_32[..32]);
    assert_eq!(longest.len(), 32 + 3 + 254 + 6);
    assert!(origin(&longest).is_ok());
    assert!(longest.len() <= crate::origin::MAX_ORIGIN_LEN);
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
    // Found by fuzzing (`fuzz/regressions/rules/ws-default-port`): every special scheme of the
    // URL standard has a default port that serialization drops.
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
    ("https://.example.com.", Rule::OriginHost, Some("https://example.com")),
    ("https://example.com..", Rule::OriginHost, Some("https://example.com")),
    ("https://*.example.com..", Rule::OriginHost, Some("https://*.example.com")),
    ("http://localhost..:*", Rule::OriginHost, Some("http://localhost:*")),
    ("https://a..b.", Rule::OriginHost, None),
    // Hosts made only of dots.
    ("https://.", Rule::OriginHost, None),
    ("https://..", Rule::OriginHost, None),
    ("https://...:8080", Rule::OriginHost, None),
    ("http://.:*", Rule::OriginHost, None),
    ("https://*.:*", Rule::OriginWildcardEmpty, None),
    ("https://*...", Rule::OriginWildcardEmpty, None),
    // A dot after the port, and dots around `:*`.
    ("http://localhost:3000.", Rule::OriginPort, Some("http://localhost:3000")),
    ("http://localhost.:3000.", Rule::OriginPort, Some("http://localhost.:3000")),
    ("https://example.com:443.", Rule::OriginPort, Some("https://example.com")),
    ("https://example.com:.", Rule::OriginPort, None),
    ("http://localhost:*.", Rule::OriginWildcardPosition, None),
    ("http://localhost:.*", Rule::OriginWildcardPosition, None),
    ("http://localhost.:.*", Rule::OriginWildcardPosition, None),
    ("http://1.2.3.4.:*", Rule::OriginIpv4, Some("http://1.2.3.4:*")),
    ("https://*.1.2.3.4.", Rule::OriginWildcardIp, Some("https://1.2.3.4")),
    ("http://[::1].", Rule::OriginIpv6, None),
    ("http://[::1].:8080", Rule::OriginIpv6, None),
    ("https://exa!mple.com", Rule::OriginHost, None),
    ("https://exa%20mple.com", Rule::OriginHost, None),
    ("https://example.com\\", Rule::OriginHost, None),
    ("https://a\u{0}b", Rule::OriginHost, None),
    ("https://a;b.com", Rule::OriginHost, None),
    // DNS lengths, a final dot not counted; schemes the matcher reads.
    (LABEL_64, Rule::OriginLength, None),
    (LABEL_64_DOT, Rule::OriginLength, None),
    (LABEL_64_WILDCARD, Rule::OriginLength, None),
    (NAME_254, Rule::OriginLength, None),
    (NAME_254_DOT, Rule::OriginLength, None),
    (PARENT_252, Rule::OriginLength, None),
    (SCHEME_33, Rule::OriginLength, None),
    // Punycode that no browser can send.
    ("http://xn--f", Rule::OriginPunycode, None),
    ("https://xn--", Rule::OriginPunycode, None),
    ("https://xn--.com", Rule::OriginPunycode, None),
    ("https://xn--.", Rule::OriginPunycode, None),
    ("https://*.xn--", Rule::OriginPunycode, None),
    ("https://a.xn--bcher-kv.example", Rule::OriginPunycode, None),
    ("https://xn--bcher_kva.example", Rule::OriginPunycode, None),
    ("https://xn--99999999999.example", Rule::OriginPunycode, None),
    ("https://xn--ib9b.example", Rule::OriginPunycode, None),
    ("https://xn--99999a.example", Rule::OriginPunycode, None),
    ("https://xn--abc-.example", Rule::OriginPunycode, Some("https://abc.example")),
    ("https://xn--abc-.example.:8080", Rule::OriginPunycode, Some("https://abc.example.:8080")),
    ("https://xn---r8jz45g.example", Rule::OriginPunycode, Some("https://xn--r8jz45g.example")),
    // `xn--` + encode("例え。テスト"): a label that holds a full stop.
    ("https://xn--r6juh2mvbl9538b.example", Rule::OriginPunycode, Some("https://xn--r8jz45g.xn--zckzah.example")),
    // `xn--` + encode("bÜcher"): uppercase.
    ("https://xn--bcher-2pa.example", Rule::OriginPunycode, Some("https://xn--bcher-kva.example")),
    // `xn--` + encode("ü\u{85}"), encode("\u{E000}"), encode("ü\u{200B}").
    ("https://xn--fa1v.example", Rule::OriginPunycode, None),
    ("https://xn--0y0c.example", Rule::OriginPunycode, None),
    ("https://xn--tda610n.example", Rule::OriginPunycode, None),
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
    // The form rules are the `origin-` ids (the credentials and list rules are named otherwise).
    let form_rules: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| r.id().starts_with("origin-"))
        .collect();
    assert_eq!(form_rules.len(), 22, "a form rule was added or renamed");
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
    // Bad input of the fully qualified and punycode kinds, at every size.
    for text in [
        "https://.",
        "https://..",
        "https://.:*",
        "https://*.",
        "https://*.:*",
        "https://*..",
        ".",
        "*.",
        "http://localhost.:.",
        "http://localhost:.",
        "http://localhost.:*.",
        "http://localhost.:",
        "http://localhost.:0",
        "http://localhost.:80",
        "https://xn--",
        "https://xn--.",
        "https://xn--:*",
        "https://*.xn--",
        "https://xn--xn--",
        "https://xn---",
        "https://xn--a",
        "https://xn--9",
        "https://xn--99999999999999999999",
    ] {
        inputs.push(String::from(text));
    }
    inputs.push(alloc::format!("https://xn--{}", "a".repeat(100_000)));
    inputs.push(alloc::format!("https://xn--{}", "9".repeat(100_000)));
    inputs.push(alloc::format!("https://{}.", "a".repeat(64)));
    inputs.push(alloc::format!("https://{dots}:*"));
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
                let _ = origin_with_credentials(&p, text, DangerousOptIns::default());
                let _ = (p.is_exact(), p.is_loopback());
                // Whatever is accepted is a fixed point: it prints back as written.
                assert_eq!(&alloc::format!("{p}"), text);
            }
            Err(v) => assert!(!v.message.is_empty() && !v.help.is_empty(), "{text:?}"),
        }
    }
}

/// What an accepted domain host always is, whatever the input: at most one dot at the end and
/// none at the start or doubled, labels within DNS lengths, `xn--` labels that decode.
fn assert_host_is_well_formed(p: &OriginPattern, text: &str) {
    let host = match &p.host {
        HostPattern::Exact(host) | HostPattern::Subdomains(host) => host,
    };
    if host.starts_with('[') {
        return;
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    assert!(!name.is_empty(), "{text:?}");
    for label in name.split('.') {
        assert!(!label.is_empty() && label.len() <= 63, "{text:?}");
        if let Some(digits) = label.strip_prefix("xn--") {
            let decoded = super::punycode::decode(digits);
            assert!(
                decoded.is_ok_and(|chars| !chars.iter().all(char::is_ascii)),
                "{text:?}"
            );
        }
    }
    assert!(name.len() <= 253, "{text:?}");
}

/// Deterministic random strings over the characters that matter to the parser: nothing
/// panics, whatever is accepted prints back unchanged, and every corrected origin a help
/// line offers is itself accepted.
#[test]
fn generated_inputs() {
    const ALPHABET: &[char] = &[
        'a', 'b', 'x', 'A', 'Z', '0', '1', '7', '9', 'f', ':', '/', '[', ']', '*', '.', '@', '?',
        '#', '%', '-', '_', ' ', 'ü', 'İ', '。', '\u{0}',
    ];
    const PREFIXES: &[&str] = &[
        "",
        "https://",
        "http://",
        "HTTP://",
        "*.",
        "https://*.",
        "http://localhost.",
        "https://xn--",
        "https://a.xn--",
    ];
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
                let _ = origin_with_credentials(&p, &text, DangerousOptIns::default());
                assert_host_is_well_formed(&p, &text);
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
