//! The `config` oracle: arbitrary TOML or JSON text into `PolicyConfig`, then `build()`.
//! Nothing may panic or take more than linear time (the fuzzer's `-timeout` holds the bound), and:
//! - a configuration that reads also writes, and reads back equal (serde both ways);
//! - a refusal is a list of errors that each name a known rule, a key path, a message and a
//!   help, and print on one bounded line each;
//! - a policy that builds obeys every rule, checked apart from the checker that built it: with
//!   credentials, no `*` or `null` origin, no `*` exposed headers, no `*.` over a public suffix
//!   without `dangerously_allow_public_suffix_subdomains`; every origin, method and header
//!   passes the [`rules`](super::rules) oracle (origins agree with the `url` crate, plain http
//!   with credentials only on loopback unless `dangerously_allow_insecure_origins`, tokens,
//!   nothing forbidden); `max_age` at most 86400;
//! - and the built policy answers exactly as the [model](super::model) says, through the
//!   [`decide`](super::decide) oracle's comparison, on requests made from its own origins (and
//!   their near misses), methods and headers, and hostile ones.
//!
//! Input: a format byte (even: TOML, odd: JSON), then the text (inputs that are not UTF-8 are
//! skipped: both formats are text, and a file that is not is refused before serde sees it).

use checked_cors::{PolicyConfig, Rule, Values};

use super::decide::{compare, Input};
use super::input::Writer;
use super::model::policy_strings;
use super::policies::Spec;
use super::rules::{self as rules_oracle, Which};

/// The text formats a configuration comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `toml::from_str`.
    Toml,
    /// `serde_json::from_str`.
    Json,
}

/// Encodes one input, for seed corpora.
pub fn write(format: Format, text: &str) -> Vec<u8> {
    let mut w = Writer::default();
    w.byte(match format {
        Format::Toml => 0,
        Format::Json => 1,
    });
    w.0.extend_from_slice(text.as_bytes());
    w.finish()
}

/// Runs the oracle on one input.
pub fn check(data: &[u8]) {
    let Some((&format, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let read = if format % 2 == 0 {
        toml::from_str::<PolicyConfig>(text).map_err(|e| e.to_string())
    } else {
        serde_json::from_str::<PolicyConfig>(text).map_err(|e| e.to_string())
    };
    let Ok(config) = read else {
        return;
    };
    let json = serde_json::to_string(&config).expect("a configuration writes as JSON");
    let back: PolicyConfig = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back, config, "JSON round trip changed the configuration");
    match config.build() {
        Err(errors) => refused(&errors),
        Ok(policy) => {
            obeys_every_rule(&config);
            answers_as_the_model(&config, &policy);
        }
    }
}

fn refused(errors: &checked_cors::ConfigErrors) {
    assert!(!errors.is_empty(), "an empty list of errors");
    let shown = errors.to_string();
    assert_eq!(
        shown.lines().count(),
        errors.len(),
        "one line per error:\n{shown}"
    );
    for (error, line) in errors.iter().zip(shown.lines()) {
        assert!(Rule::ALL.contains(&error.rule()), "{line}");
        assert!(!error.path().is_empty(), "no path: {line}");
        assert!(
            !error.message().is_empty() && !error.help().is_empty(),
            "{line}"
        );
        assert!(
            line.contains(&format!("[rule: {}]", error.rule().id())),
            "{line}"
        );
        // Values are quoted cut (at 256 bytes), and each part is bounded as printed (the README:
        // message and help at most 1 KiB, plus the note of the cut), so a 1 MB value gives a
        // short line.
        for (part, text, most) in [
            ("path", error.path(), 256),
            ("message", error.message(), 1024),
            ("help", error.help(), 1024),
        ] {
            assert!(text.len() <= most + 32, "a {}-byte {part}", text.len());
        }
        assert!(line.len() <= 4096, "a {}-byte error line", line.len());
        assert!(
            !line.chars().any(|c| c.is_control()),
            "a control character in {line:?}"
        );
    }
}

fn list(values: &Option<Values>) -> Option<Vec<&str>> {
    match values {
        None => Some(Vec::new()),
        Some(Values::Any) => None,
        Some(Values::List(items)) => Some(items.iter().map(String::as_str).collect()),
    }
}

fn obeys_every_rule(config: &PolicyConfig) {
    let credentials = config.allow_credentials;
    let origins = list(&config.allow_origins);
    if credentials {
        assert!(origins.is_some(), "`*` origins built with credentials");
        assert!(
            !matches!(config.expose_headers, Some(Values::Any)),
            "`*` expose_headers built with credentials"
        );
    }
    let which = match (
        credentials,
        config.dangerously_allow_insecure_origins
            || config.dangerously_allow_public_suffix_subdomains,
    ) {
        (false, _) => Which::Origin,
        (true, false) => Which::OriginWithCredentials,
        (true, true) => Which::OriginInsecure,
    };
    for origin in origins.iter().flatten() {
        assert!(*origin != "null", "`null` built");
        assert!(
            checked_cors_runtime::rules::origin(origin).is_ok(),
            "{origin:?} built, the origin rule refuses it"
        );
        // The url agreement, the pattern forms and (with credentials) loopback-only plain http.
        rules_oracle::check(&rules_oracle::write(which, origin.as_bytes()));
        if credentials && !config.dangerously_allow_public_suffix_subdomains {
            if let Some(parent) = origin.split_once("://*.").map(|(_, rest)| rest) {
                let host = parent.rsplit_once(':').map_or(parent, |(h, _)| h);
                let name = host.strip_suffix('.').unwrap_or(host);
                let suffix = psl::suffix_str(name);
                let known = psl::suffix(name.as_bytes()).is_some_and(|s| s.is_known());
                assert!(
                    !(known && suffix == Some(name)),
                    "{origin:?}: a wildcard over a public suffix, built with credentials"
                );
            }
        }
    }
    for (values, which) in [
        (&config.allow_methods, Which::Method),
        (&config.allow_headers, Which::RequestHeader),
        (&config.expose_headers, Which::ExposeHeader),
    ] {
        for item in list(values).iter().flatten() {
            let accepted = match which {
                Which::Method => checked_cors_runtime::rules::method(item).is_ok(),
                Which::RequestHeader => checked_cors_runtime::rules::request_header(item).is_ok(),
                _ => checked_cors_runtime::rules::expose_header(item).is_ok(),
            };
            assert!(accepted, "{item:?} built as {which:?}, its rule refuses it");
            rules_oracle::check(&rules_oracle::write(which, item.as_bytes()));
        }
    }
    if let Some(seconds) = config.max_age {
        assert!(seconds <= 86_400, "max_age {seconds} built");
    }
}

/// A concrete origin an entry stands for (`*.` and `:*` filled in).
fn concrete(entry: &str) -> String {
    entry.replacen("://*.", "://x.", 1).replace(":*", ":8080")
}

/// The same origin with its host's final dot toggled: another origin, never a stand-in.
fn dot_toggled(origin: &str) -> String {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return format!("{origin}.");
    };
    let (host, port) = match rest.rfind(':').filter(|_| !rest.ends_with(']')) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    match host.strip_suffix('.') {
        Some(bare) => format!("{scheme}://{bare}{port}"),
        None => format!("{scheme}://{host}.{port}"),
    }
}

fn answers_as_the_model(config: &PolicyConfig, policy: &checked_cors::OwnedPolicy) {
    let origins = list(&config.allow_origins);
    let methods = list(&config.allow_methods);
    let headers = list(&config.allow_headers);
    let expose = list(&config.expose_headers);
    let spec = Spec {
        name: "built from configuration",
        origins: origins.as_deref(),
        methods: methods.as_deref(),
        headers: headers.as_deref(),
        expose: expose.as_deref(),
        credentials: config.allow_credentials,
        max_age: config
            .max_age
            .map(|s| u32::try_from(s).expect("at most 86400")),
        private_network: config.allow_private_network,
    };
    let strings = policy_strings(&spec);
    let mut request_origins: Vec<String> = origins
        .iter()
        .flatten()
        .take(8)
        .flat_map(|o| {
            let o = concrete(o);
            [dot_toggled(&o), o]
        })
        .collect();
    request_origins.extend(["https://evil.example".into(), "null".into()]);
    let mut request_methods: Vec<&str> = methods.iter().flatten().take(4).copied().collect();
    request_methods.extend(["GET", "PUT", "patch"]);
    let listed_headers = headers
        .iter()
        .flatten()
        .take(8)
        .copied()
        .collect::<Vec<_>>();
    let header_lines = [listed_headers.join(","), "x-unlisted".into(), String::new()];
    for origin in &request_origins {
        for method in &request_methods {
            for (i, header_line) in header_lines.iter().enumerate() {
                for request_method in [b"OPTIONS".as_slice(), b"GET"] {
                    let input = Input {
                        policy: 0,
                        method: request_method,
                        origins: vec![origin.as_bytes()],
                        request_method: vec![method.as_bytes()],
                        request_headers: if header_line.is_empty() {
                            vec![]
                        } else {
                            vec![header_line.as_bytes()]
                        },
                        private_network: i == 0,
                    };
                    compare(&spec, &strings, &policy.decide(&input.request()), &input);
                }
            }
        }
    }
}
