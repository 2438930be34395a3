//! `PolicyConfig` read from TOML, JSON and the environment: the keys and values of the policy
//! language, the errors a broken file or a careless deploy gets (all of them, each with its rule
//! id and key path), and bad input of every shape: never a panic, always a clear error, with
//! work linear in the input.

use checked_cors::{PolicyConfig, Rule, Values};
use proptest::prelude::*;

fn toml(text: &str) -> PolicyConfig {
    toml::from_str(text).unwrap_or_else(|e| panic!("{e}"))
}

fn json(text: &str) -> PolicyConfig {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn toml_and_json_read_the_same_policy() {
    let from_toml = toml(
        r#"
        allow_origins = ["https://app.example.com", "https://*.example.org", "http://localhost:*"]
        allow_methods = ["PUT", "PROPFIND"]
        allow_headers = "*"
        expose_headers = ["x-request-id"]
        allow_credentials = true
        max_age = 600
        allow_private_network = false
        dangerously_allow_insecure_origins = false
        "#,
    );
    let from_json = json(
        r#"{
            "allow_origins": ["https://app.example.com", "https://*.example.org", "http://localhost:*"],
            "allow_methods": ["PUT", "PROPFIND"],
            "allow_headers": "*",
            "expose_headers": ["x-request-id"],
            "allow_credentials": true,
            "max_age": 600
        }"#,
    );
    assert_eq!(from_toml, from_json);
    assert_eq!(from_toml.allow_headers, Some(Values::Any));
    let policy = from_toml.build().unwrap();
    assert!(policy.allows_origin(b"https://a.b.example.org"));
    assert!(policy.allows_origin(b"http://localhost:5173"));
    assert!(!policy.allows_origin(b"https://example.org"));
    assert!(policy.allows_credentials());
    assert_eq!(policy.max_age(), Some(600));
}

#[test]
fn keys_left_out_take_the_macros_defaults() {
    let config = toml(r#"allow_origins = ["https://a.example"]"#);
    assert_eq!(
        config,
        PolicyConfig {
            allow_origins: Some(["https://a.example"].into_iter().collect()),
            ..PolicyConfig::default()
        }
    );
    let policy = config.build().unwrap();
    assert!(!policy.allows_credentials() && !policy.allows_private_network());
    assert_eq!(policy.max_age(), None);
}

#[test]
fn a_config_round_trips_through_serialize() {
    let config = toml(
        r#"
        allow_origins = "*"
        allow_methods = ["DELETE"]
        max_age = 0
        allow_private_network = true
        "#,
    );
    let text = toml::to_string(&config).unwrap();
    assert_eq!(toml(&text), config, "{text}");
    let text = serde_json::to_string(&config).unwrap();
    assert!(text.contains(r#""allow_origins":"*""#), "{text}");
    assert_eq!(json(&text), config);
}

#[test]
fn unknown_and_repeated_keys_are_refused_by_name() {
    let e = toml::from_str::<PolicyConfig>("allow_orgins = [\"https://a.example\"]").unwrap_err();
    let message = e.to_string();
    assert!(message.contains("unknown key `allow_orgins`"), "{message}");
    assert!(
        message.contains("did you mean `allow_origins`"),
        "{message}"
    );
    assert!(message.contains("[rule: unknown-key]"), "{message}");

    let e = serde_json::from_str::<PolicyConfig>(r#"{"allowedOrigins": []}"#).unwrap_err();
    assert!(
        e.to_string().contains("did you mean `allow_origins`"),
        "{e}"
    );

    let e = serde_json::from_str::<PolicyConfig>(
        r#"{"allow_origins": ["https://a.example"], "max_age": 5, "max_age": 6}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("[rule: duplicate-key]"), "{e}");
}

#[test]
fn values_of_the_wrong_type_name_the_rule() {
    for (text, rule) in [
        (r#"{"allow_origins": "https://a.example"}"#, "wrong-type"),
        (r#"{"allow_origins": [1]}"#, "wrong-type"),
        (r#"{"allow_origins": [null]}"#, "wrong-type"),
        (r#"{"allow_origins": {}}"#, "wrong-type"),
        (r#"{"allow_credentials": "yes"}"#, "wrong-type"),
        (r#"{"allow_private_network": 1}"#, "wrong-type"),
        (r#"{"max_age": "600"}"#, "wrong-type"),
        (r#"{"max_age": -1}"#, "max-age-integer"),
        (r#"{"max_age": 1.5}"#, "max-age-integer"),
        (r#"{"max_age": 1e30}"#, "max-age-integer"),
    ] {
        let e = serde_json::from_str::<PolicyConfig>(text).unwrap_err();
        assert!(
            e.to_string().contains(&format!("[rule: {rule}]")),
            "{text}: {e}"
        );
    }
    // A string that is not `"*"` gets the list it should be as help.
    let e = serde_json::from_str::<PolicyConfig>(r#"{"allow_origins": "https://a.example"}"#)
        .unwrap_err();
    assert!(
        e.to_string().contains(r#"e.g. ["https://a.example"]"#),
        "{e}"
    );
}

#[test]
fn build_reports_every_violation_with_its_path_rule_and_help() {
    let config = toml(
        r#"
        allow_origins = ["https://ok.example", "https://a.example/", "*", "https://ok.example"]
        allow_methods = ["patch", "TRACE"]
        allow_headers = ["cookie", "x-a", "X-A"]
        expose_headers = "*"
        allow_credentials = true
        max_age = 604800
        "#,
    );
    let errors = config.build().unwrap_err();
    let found: Vec<(&str, Rule)> = errors.iter().map(|e| (e.path(), e.rule())).collect();
    assert_eq!(
        found,
        [
            ("allow_origins[1]", Rule::OriginPath),
            ("allow_origins[2]", Rule::OriginStarInList),
            ("allow_origins[3]", Rule::DuplicateValue),
            ("allow_methods[0]", Rule::MethodCase),
            ("allow_methods[1]", Rule::MethodForbidden),
            ("allow_headers[0]", Rule::HeaderForbidden),
            ("allow_headers[2]", Rule::DuplicateValue),
            ("expose_headers", Rule::CredentialsExposeAny),
            ("max_age", Rule::MaxAgeRange),
        ]
    );
    // One line per error: path, message, rule id, help.
    let text = errors.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), errors.len());
    assert!(
        lines[0].starts_with(
            "allow_origins[1]: origin `https://a.example/` has a path: `/` [rule: origin-path] help: "
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].ends_with("write `https://a.example`"),
        "{}",
        lines[0]
    );
    for (line, error) in lines.iter().zip(&errors) {
        assert!(line.contains(&format!("[rule: {}]", error.rule().id())));
        assert!(!error.help().is_empty() && !error.message().is_empty());
    }
    // Help speaks configuration, not macro syntax.
    assert!(
        errors
            .iter()
            .nth(1)
            .unwrap()
            .help()
            .contains("`allow_origins = \"*\"`"),
        "{}",
        errors.iter().nth(1).unwrap().help()
    );
    // `std::error::Error`, for `?` into `Box<dyn Error>`.
    let boxed: Box<dyn std::error::Error> = Box::new(errors);
    assert!(boxed.to_string().contains("max_age"));
}

#[test]
fn a_missing_origin_list_is_reported_at_its_key() {
    let errors = toml("max_age = 5").build().unwrap_err();
    let e = errors.iter().next().unwrap();
    assert_eq!(
        (e.path(), e.rule()),
        ("allow_origins", Rule::OriginsMissing)
    );
    assert!(
        e.help()
            .contains("`allow_origins = [\"https://example.com\"]`"),
        "{}",
        e.help()
    );
}

#[test]
fn environment_variables() {
    // Process-wide state: names unique to this test.
    let set = |name: &str, value: &str| {
        // SAFETY: only this test touches variables with this prefix.
        unsafe { std::env::set_var(format!("CONFIG_RS_ENV_{name}"), value) }
    };
    set("ALLOW_ORIGINS", "https://a.example, https://*.b.example ,");
    set("ALLOW_METHODS", "PUT,DELETE");
    set("ALLOW_HEADERS", " * ");
    set("ALLOW_CREDENTIALS", "true");
    set("MAX_AGE", "600");
    let config = PolicyConfig::from_env("CONFIG_RS_ENV").unwrap();
    assert_eq!(
        config,
        PolicyConfig {
            allow_origins: Some(
                ["https://a.example", "https://*.b.example"]
                    .into_iter()
                    .collect()
            ),
            allow_methods: Some(["PUT", "DELETE"].into_iter().collect()),
            allow_headers: Some(Values::Any),
            allow_credentials: true,
            max_age: Some(600),
            ..PolicyConfig::default()
        }
    );
    assert!(config.build().is_ok());

    set("ALLOW_PRIVATE_NETWORK", "maybe");
    set("MAX_AGE", "-5");
    let errors = PolicyConfig::from_env("CONFIG_RS_ENV").unwrap_err();
    let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.path(), e.rule().id())).collect();
    assert_eq!(
        found,
        [
            ("CONFIG_RS_ENV_MAX_AGE", "max-age-integer"),
            ("CONFIG_RS_ENV_ALLOW_PRIVATE_NETWORK", "wrong-type"),
        ]
    );
    // Nothing set under a prefix: every key left out.
    assert_eq!(
        PolicyConfig::from_env("CONFIG_RS_NOTHING").unwrap(),
        PolicyConfig::default()
    );
}

/// 100,000 entries and 1 MB values: clear errors, quoted values cut to a readable length, no
/// panic; the largest valid list builds.
#[test]
fn huge_lists_and_values() {
    let many: Vec<String> = (0..100_000)
        .map(|i| format!("https://t{i}.example.com"))
        .collect();
    let config = PolicyConfig {
        allow_origins: Some(Values::List(many.clone())),
        allow_headers: Some((0..100_000).map(|i| format!("x-h{i}")).collect()),
        ..PolicyConfig::default()
    };
    let policy = config.build().unwrap();
    assert!(policy.allows_origin(b"https://t99999.example.com"));
    assert!(!policy.allows_origin(b"https://t100000.example.com"));

    // 100,000 bad entries: 100,000 errors, each naming its element.
    let bad = PolicyConfig {
        allow_origins: Some(many.iter().map(|o| format!("{o}/")).collect()),
        ..PolicyConfig::default()
    };
    let errors = bad.build().unwrap_err();
    assert_eq!(errors.len(), 100_000);
    assert_eq!(errors.iter().last().unwrap().path(), "allow_origins[99999]");

    // A megabyte value in every field: one error each, each line short.
    let mega = "a".repeat(1 << 20);
    let config = PolicyConfig {
        allow_origins: Some(Values::List(vec![format!("https://{mega}.example")])),
        allow_methods: Some(Values::List(vec![mega.clone()])),
        allow_headers: Some(Values::List(vec![format!("x-{mega} ")])),
        expose_headers: Some(Values::List(vec![format!("{mega}:")])),
        ..PolicyConfig::default()
    };
    let errors = config.build().unwrap_err();
    assert_eq!(errors.len(), 3, "{errors}");
    for line in errors.to_string().lines() {
        assert!(line.len() < 2_000, "{} bytes: {}", line.len(), &line[..200]);
        assert!(line.contains("bytes)"), "the cut is said: {}", &line[..200]);
    }
    // A long method name is a valid token: it is allowed as written.
    assert!(errors
        .iter()
        .all(|e| !e.path().starts_with("allow_methods")));
}

fn any_setting() -> impl Strategy<Value = Option<Values>> {
    prop_oneof![
        Just(None),
        Just(Some(Values::Any)),
        prop::collection::vec(any::<String>(), 0..4).prop_map(|v| Some(Values::List(v))),
        prop::collection::vec("[ -~]{0,40}", 0..4).prop_map(|v| Some(Values::List(v))),
        prop::collection::vec(
            "(https?|ws|chrome-extension)://[a-zA-Z0-9.*:\\[\\]_-]{0,30}(:[0-9*]{0,6})?[/?#]?",
            0..4
        )
        .prop_map(|v| Some(Values::List(v))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2_000,
        // Failures are reported with their minimal input; nothing is written to the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Random strings in every field: `build` never panics; a refusal names a rule and a path
    /// inside the configuration; whatever builds obeys the rules that make a policy safe.
    #[test]
    fn random_configurations_are_built_or_refused_never_panicking(
        allow_origins in any_setting(),
        allow_methods in any_setting(),
        allow_headers in any_setting(),
        expose_headers in any_setting(),
        allow_credentials in any::<bool>(),
        max_age in prop::option::of(any::<u64>()),
        allow_private_network in any::<bool>(),
        dangerously_allow_insecure_origins in any::<bool>(),
        dangerously_allow_public_suffix_subdomains in any::<bool>(),
    ) {
        let config = PolicyConfig {
            allow_origins, allow_methods, allow_headers, expose_headers, allow_credentials,
            max_age, allow_private_network, dangerously_allow_insecure_origins,
            dangerously_allow_public_suffix_subdomains,
        };
        match config.build() {
            Ok(policy) => {
                // Never `*` with credentials, never a listed `null`, never a public suffix with
                // credentials.
                prop_assert!(!(policy.allows_any_origin() && policy.allows_credentials()));
                prop_assert!(!policy.allows_origin(b"null") || policy.allows_any_origin());
                if policy.allows_credentials() && !config.dangerously_allow_public_suffix_subdomains {
                    for suffix in [&b"https://evil.github.io"[..], b"https://evil.com"] {
                        let listed = match &config.allow_origins {
                            Some(Values::List(l)) => l.iter().any(|o| o.as_bytes() == suffix),
                            _ => false,
                        };
                        prop_assert!(!policy.allows_origin(suffix) || listed);
                    }
                }
                prop_assert!(policy.max_age().is_none_or(|s| s <= 86_400));
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in &errors {
                    prop_assert!(checked_cors::Rule::ALL.contains(&e.rule()));
                    let key = e.path().split('[').next().unwrap();
                    prop_assert!(checked_cors_runtime_keys().contains(&key), "{}", e.path());
                    prop_assert!(!e.help().is_empty());
                }
            }
        }
        // A configuration round-trips through a serde format whatever it holds.
        let text = serde_json::to_string(&config).unwrap();
        prop_assert_eq!(serde_json::from_str::<PolicyConfig>(&text).unwrap(), config);
    }

    /// Random text as a whole file: never a panic, only an error or a configuration.
    #[test]
    fn random_files_never_panic(text in "[ -~\\n]{0,200}") {
        let _ = toml::from_str::<PolicyConfig>(&text).map(|c| c.build());
        let _ = serde_json::from_str::<PolicyConfig>(&text).map(|c| c.build());
    }
}

/// The keys a path may start with.
fn checked_cors_runtime_keys() -> [&'static str; 9] {
    [
        "allow_origins",
        "allow_methods",
        "allow_headers",
        "expose_headers",
        "allow_credentials",
        "max_age",
        "allow_private_network",
        "dangerously_allow_insecure_origins",
        "dangerously_allow_public_suffix_subdomains",
    ]
}
