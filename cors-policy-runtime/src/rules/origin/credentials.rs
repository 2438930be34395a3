//! What credentials add to the origin rules: no public-suffix wildcards, no plain http away
//! from loopback, no `*`.

use alloc::format;
use alloc::string::String;

use super::pattern::{is_localhost, without_final_dot};
use super::{HostPattern, OriginPattern, PortPattern};
use crate::rules::{Rule, Violation};

/// The explicit opt-ins that relax the credentials rules, one per policy key. Each lets through
/// something that is refused by default because it hands users' credentialed responses to
/// people other than the application's owner; the key's name says so where it is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DangerousOptIns {
    /// `dangerously_allow_insecure_origins: true`: plain-http origins away from loopback, for
    /// a network where nobody can tamper with traffic.
    pub insecure_origins: bool,
    /// `dangerously_allow_public_suffix_subdomains: true`: `*.SUFFIX` patterns over a suffix on
    /// the Public Suffix List (`*.vercel.app`, `*.github.io`), for preview deployments on a
    /// hosting platform. Every tenant of the platform can then read credentialed responses.
    /// Top-level domains the list does not know (`internal`, `local`) stay refused.
    pub public_suffix_subdomains: bool,
}

/// Checks an origin pattern that is allowed to receive credentialed responses
/// (`allow_credentials: true`). `text` is the element as written, quoted in messages.
///
/// Why: with credentials the browser sends the user's cookies and shows the response to the
/// allowed origin's scripts. A `*.` pattern over a public suffix (`*.github.io`) lets anyone who
/// registers a name there read that data, and a plain-http origin lets anyone on the network
/// path inject script into it. [`DangerousOptIns`] are the explicit, per-key ways out.
///
/// ```
/// use checked_cors_runtime::rules::{self, DangerousOptIns, Rule};
///
/// let preview = rules::origin("https://*.vercel.app").unwrap();
/// let refused = rules::origin_with_credentials(&preview, "https://*.vercel.app", DangerousOptIns::default());
/// assert_eq!(refused.unwrap_err().rule, Rule::CredentialsPublicSuffix);
/// let opt_in = DangerousOptIns { public_suffix_subdomains: true, ..DangerousOptIns::default() };
/// assert!(rules::origin_with_credentials(&preview, "https://*.vercel.app", opt_in).is_ok());
/// ```
pub fn origin_with_credentials(
    pattern: &OriginPattern,
    text: &str,
    opt_ins: DangerousOptIns,
) -> Result<(), Violation> {
    if let HostPattern::Subdomains(parent) = &pattern.host {
        // `*.com.` is as public as `*.com`.
        let name = without_final_dot(parent);
        if !is_localhost(name) && psl::suffix_str(name) == Some(name) {
            let listed = psl::suffix(name.as_bytes()).is_some_and(|suffix| suffix.is_known());
            if !(listed && opt_ins.public_suffix_subdomains) {
                return Err(public_suffix(pattern, parent, text, listed, opt_ins));
            }
        }
    }
    if pattern.scheme == "http" && !pattern.is_loopback() && !opt_ins.insecure_origins {
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

/// A `*.` pattern over a public suffix (`parent`, with its final dot if written so). psl treats
/// every top-level domain it does not list (`internal`, `corp`, `local`, `test`) as a suffix
/// too, which is right here: names under them belong to whoever runs the network or resolver,
/// not to the application, and no opt-in changes that.
fn public_suffix(
    pattern: &OriginPattern,
    parent: &str,
    text: &str,
    listed: bool,
    opt_ins: DangerousOptIns,
) -> Violation {
    let name = without_final_dot(parent);
    let example = |host: HostPattern| OriginPattern {
        scheme: pattern.scheme.clone(),
        host,
        port: pattern.port,
    };
    if listed {
        let example = example(HostPattern::Subdomains(format!("yourname.{parent}")));
        // The opt-in is named only where it has a use: a platform's suffix (the list's private
        // section: `github.io`, `vercel.app`), not a registry's (`com`, `co.uk`).
        let platform = psl::suffix(name.as_bytes()).and_then(|suffix| suffix.typ())
            == Some(psl::Type::Private);
        let opt_in = if platform {
            format!(
                ", or, only if every tenant of `{name}` may read them (preview deployments on \
                 a hosting platform), add `dangerously_allow_public_suffix_subdomains: true`"
            )
        } else {
            String::new()
        };
        Violation::new(
            Rule::CredentialsPublicSuffix,
            format!(
                "origin `{text}` allows every subdomain of `{name}`, a public suffix, with \
                 credentials"
            ),
            format!(
                "anyone can register a name under `{name}` and read your users' credentialed \
                 responses; list the registrable domain you own instead, e.g. `{example}`{opt_in}"
            ),
        )
    } else {
        let example = example(HostPattern::Exact(format!("app.{parent}")));
        let no_opt_in = if opt_ins.public_suffix_subdomains {
            "; `dangerously_allow_public_suffix_subdomains` covers only suffixes on the Public \
             Suffix List"
        } else {
            ""
        };
        Violation::new(
            Rule::CredentialsPublicSuffix,
            format!(
                "origin `{text}` allows every subdomain of the top-level domain `{name}`, \
                 with credentials"
            ),
            format!(
                "names under `{name}` belong to whoever runs the network or its resolver \
                 (under `local`, any device on the network), not to you; list the exact \
                 origins instead, e.g. `{example}`{no_opt_in}"
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

    const NONE: DangerousOptIns = DangerousOptIns {
        insecure_origins: false,
        public_suffix_subdomains: false,
    };
    const INSECURE: DangerousOptIns = DangerousOptIns {
        insecure_origins: true,
        public_suffix_subdomains: false,
    };
    const SUFFIX: DangerousOptIns = DangerousOptIns {
        insecure_origins: false,
        public_suffix_subdomains: true,
    };
    const BOTH: DangerousOptIns = DangerousOptIns {
        insecure_origins: true,
        public_suffix_subdomains: true,
    };

    #[rustfmt::skip]
    #[test]
    fn credentials() {
        use Rule::{CredentialsInsecureOrigin as Insecure, CredentialsPublicSuffix as Suffix};
        // (origin, opt-ins, expected rule)
        let rows: &[(&str, DangerousOptIns, Option<Rule>)] = &[
            ("https://example.com", NONE, None),
            ("https://*.example.com", NONE, None),
            ("https://*.yourname.github.io", NONE, None),
            ("https://*.example.co.uk", NONE, None),
            ("http://localhost:3000", NONE, None),
            ("http://*.localhost", NONE, None),
            ("http://app.localhost", NONE, None),
            ("http://127.0.0.1:8080", NONE, None),
            ("http://[::1]", NONE, None),
            ("https://localhost", NONE, None),
            ("chrome-extension://abcdefghijklmnop", NONE, None),
            ("tauri://localhost", NONE, None),
            ("https://github.io", NONE, None),
            ("https://*.com", NONE, Some(Suffix)),
            ("https://*.github.io", NONE, Some(Suffix)),
            ("https://*.co.uk", NONE, Some(Suffix)),
            ("https://*.uk", NONE, Some(Suffix)),
            ("https://*.com:*", NONE, Some(Suffix)),
            ("https://*.com", INSECURE, Some(Suffix)),
            ("https://*.internal", NONE, Some(Suffix)),
            ("https://*.local:*", NONE, Some(Suffix)),
            ("https://*.blogspot.com", NONE, Some(Suffix)),
            ("https://*.s3.amazonaws.com", NONE, Some(Suffix)),
            ("https://*.foo.ck", NONE, Some(Suffix)),
            ("https://*.app.internal", NONE, None),
            ("https://*.example.local:8443", NONE, None),
            ("http://*.com", NONE, Some(Suffix)),
            ("http://example.com", NONE, Some(Insecure)),
            ("http://example.com:8080", NONE, Some(Insecure)),
            ("http://*.example.com", NONE, Some(Insecure)),
            ("http://192.168.0.1", NONE, Some(Insecure)),
            ("http://128.0.0.1", NONE, Some(Insecure)),
            ("http://[::2]", NONE, Some(Insecure)),
            ("http://localhost.example.com", NONE, Some(Insecure)),
            ("http://example.com", INSECURE, None),
            ("http://192.168.0.1:8080", INSECURE, None),
            // The public-suffix opt-in: listed suffixes only, and only that rule.
            ("https://*.vercel.app", NONE, Some(Suffix)),
            ("https://*.vercel.app", SUFFIX, None),
            ("https://*.github.io:*", SUFFIX, None),
            ("https://*.com", SUFFIX, None),
            ("https://*.s3.amazonaws.com", SUFFIX, None),
            ("https://*.internal", SUFFIX, Some(Suffix)),
            ("https://*.local", BOTH, Some(Suffix)),
            ("http://*.github.io", SUFFIX, Some(Insecure)),
            ("http://*.github.io", BOTH, None),
            ("http://example.com", SUFFIX, Some(Insecure)),
            // A final dot: the rules see the name without it.
            ("https://*.com.", NONE, Some(Suffix)),
            ("https://*.github.io.", NONE, Some(Suffix)),
            ("https://*.github.io.", SUFFIX, None),
            ("https://*.internal.", SUFFIX, Some(Suffix)),
            ("https://*.example.com.", NONE, None),
            ("https://example.com.", NONE, None),
            ("http://localhost.", NONE, None),
            ("http://localhost.:8080", NONE, None),
            ("http://foo.localhost.", NONE, None),
            ("http://*.localhost.", NONE, None),
            ("http://*.localhost.:*", NONE, None),
            ("http://alocalhost.", NONE, Some(Insecure)),
            ("http://localhost.example.com.", NONE, Some(Insecure)),
            ("http://example.com.", INSECURE, None),
        ];
        for (text, opt_ins, want) in rows {
            let p = origin(text).unwrap();
            let got = origin_with_credentials(&p, text, *opt_ins).err();
            assert_eq!(got.as_ref().map(|v| v.rule), *want, "{text} {opt_ins:?} {got:?}");
            if let Some(v) = got {
                assert!(v.message.contains(text), "{}", v.message);
            }
        }
    }

    #[test]
    fn help_lines() {
        let help = |text: &str, opt_ins| {
            let p = origin(text).unwrap();
            origin_with_credentials(&p, text, opt_ins).unwrap_err().help
        };
        assert_eq!(
            help("https://*.github.io", NONE),
            "anyone can register a name under `github.io` and read your users' credentialed \
             responses; list the registrable domain you own instead, e.g. \
             `https://*.yourname.github.io`, or, only if every tenant of `github.io` may read \
             them (preview deployments on a hosting platform), add \
             `dangerously_allow_public_suffix_subdomains: true`"
        );
        let dotted = help("https://*.com.:*", NONE);
        assert_eq!(
            dotted,
            "anyone can register a name under `com` and read your users' credentialed \
             responses; list the registrable domain you own instead, e.g. \
             `https://*.yourname.com.:*`"
        );
        assert!(help("https://*.co.uk", NONE).ends_with("e.g. `https://*.yourname.co.uk`"));
        assert!(help("https://*.vercel.app.", NONE)
            .ends_with("add `dangerously_allow_public_suffix_subdomains: true`"));
        let internal = help("https://*.internal", NONE);
        assert!(
            internal.ends_with("e.g. `https://app.internal`") && !internal.contains("dangerously"),
            "{internal}"
        );
        assert!(help("https://*.internal", SUFFIX).ends_with(
            "`dangerously_allow_public_suffix_subdomains` covers only suffixes on the Public \
             Suffix List"
        ));
        let insecure = help("http://example.com:8080", NONE);
        assert!(
            insecure.contains("write `https://example.com:8080`"),
            "{insecure}"
        );
        assert!(
            insecure.contains("`dangerously_allow_insecure_origins: true`"),
            "{insecure}"
        );
        assert!(help("http://example.com:443", NONE).contains("write `https://example.com`,"));
        assert!(help("http://alocalhost.", NONE).contains("write `https://alocalhost.`,"));
        let v = any_origin_with_credentials();
        assert_eq!(v.rule, Rule::CredentialsAnyOrigin);
        assert!(v.help.contains("list the origins"), "{}", v.help);
    }
}
