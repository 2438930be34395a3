//! What credentials add to the origin rules: no public-suffix wildcards, no plain http away
//! from loopback, no `*`.

use alloc::format;
use alloc::string::String;

use super::pattern::is_localhost;
use super::{HostPattern, OriginPattern, PortPattern};
use crate::rules::{Rule, Violation};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::origin;

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
}
