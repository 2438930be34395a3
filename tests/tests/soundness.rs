//! The two `unsafe` header-value constructions stay sound: `trusted` in
//! `cors-policy-runtime/src/http/value.rs` and in `cors-policy/src/actix.rs` build a
//! `HeaderValue` without checking its bytes, which is sound only if every string they are given
//! is a valid header value (no control byte, so no CR or LF). They are given
//! `ValueSource::Trusted` strings (the `Value::Static` strings of a compiled policy's
//! decisions), `ValueSource::Shared` strings (the `SharedStr`s of a policy built at run time,
//! which `SharedStr::new` refuses to make from an invalid value: a unit test in
//! `cors-policy-runtime/src/storage.rs`), and the crate's own literals. This file shows that no
//! invalid value can get there, link by link, for compiled and run-time policies alike:
//! 1. whatever the rules accept is a valid header value, so every policy made from them holds
//!    only valid strings; and `PolicyConfig::build` refuses every string the rules refuse, in
//!    every key;
//! 2. every fixed value of every decision of every policy (compiled, and the same built at run
//!    time) is valid, `Trusted` is only ever given for valid strings, and a listed origin is
//!    trusted only for its own request line (never for another, even an invalid one);
//! 3. end to end, in debug builds, where `http` 1.x and 0.2 re-check the bytes given to
//!    `from_maybe_shared_unchecked` and panic: every answer and every handler response of both
//!    adapters, for every policy (compiled, and built and served through a `SharedPolicy`) and
//!    the seed requests.
//!
//! Memory safety of the runtime itself under Miri: `cargo +nightly miri test -p
//! checked-cors-runtime` (FUZZING.md).

use checked_cors::{Decision, PolicyConfig, Preflight, Request, SharedPolicy, Value, Values};
use checked_cors_runtime::rules;
use checked_cors_runtime::ValueSource;
use checked_cors_tests::handler::{now, Handler};
use checked_cors_tests::oracle::policies::{built, POLICIES};
use checked_cors_tests::oracle::{self, model};
use tower_layer::Layer;
use tower_service::Service;

/// Strings the rules are asked about: valid ones, and every kind of byte that is not allowed
/// in a header value, placed everywhere.
fn hostile_strings() -> Vec<String> {
    let mut out: Vec<String> = oracle::seeds::origins().map(String::from).collect();
    out.extend(
        [
            "PUT",
            "x-request-id",
            "content-type",
            "PROPFIND",
            "https://*.example.org:*",
        ]
        .map(String::from),
    );
    let bad = [
        '\r', '\n', '\0', '\t', '\u{7f}', '\u{85}', '\u{2028}', ' ', 'é', '"', ',', ':',
    ];
    let bases = [
        "https://app.example.com",
        "x-request-id",
        "PUT",
        "https://*.example.org",
    ];
    for base in bases {
        for c in bad {
            for at in [0, 1, base.len() / 2, base.len()] {
                let mut s = base.to_string();
                s.insert(at, c);
                out.push(s);
            }
        }
    }
    out
}

/// Link 1: every string any rule accepts is a valid header value (a method or header name is a
/// token; an origin is visible ASCII), and so is every policy string made from them.
#[test]
fn the_rules_accept_only_header_values() {
    let mut accepted = 0;
    for text in hostile_strings() {
        let valid = |s: &str| model::is_header_value(s.as_bytes()) && !s.is_empty();
        if let Ok(pattern) = rules::origin(&text) {
            assert!(
                valid(&text) && model::is_visible_origin(text.as_bytes()),
                "origin {text:?}"
            );
            assert!(valid(&pattern.to_string()), "{text:?}");
            accepted += 1;
        }
        if rules::method(&text).is_ok() {
            assert!(model::is_token(text.as_bytes()), "method {text:?}");
            accepted += 1;
        }
        for name in [rules::request_header(&text), rules::expose_header(&text)]
            .into_iter()
            .flatten()
        {
            assert!(model::is_token(name.as_bytes()), "header {text:?}");
            accepted += 1;
        }
    }
    assert!(accepted > 20, "the valid strings were accepted: {accepted}");
    // The run-time builder: a string its rule refuses is refused in its key, and whatever
    // builds sends only valid values (link 2 on the built policy).
    let mut refused = 0;
    for text in hostile_strings() {
        let one = Values::List(vec![text.clone()]);
        let app = || Some(Values::List(vec!["https://app.example.com".into()]));
        let configs = [
            (
                rules::origin(&text).is_ok(),
                PolicyConfig {
                    allow_origins: Some(one.clone()),
                    ..Default::default()
                },
            ),
            (
                rules::method(&text).is_ok(),
                PolicyConfig {
                    allow_origins: app(),
                    allow_methods: Some(one.clone()),
                    ..Default::default()
                },
            ),
            (
                rules::request_header(&text).is_ok(),
                PolicyConfig {
                    allow_origins: app(),
                    allow_headers: Some(one.clone()),
                    ..Default::default()
                },
            ),
            (
                rules::expose_header(&text).is_ok(),
                PolicyConfig {
                    allow_origins: app(),
                    expose_headers: Some(one),
                    ..Default::default()
                },
            ),
        ];
        for (rule_accepts, config) in configs {
            match config.build() {
                Ok(policy) => {
                    assert!(rule_accepts, "{text:?} built, its rule refuses it");
                    let origins = [&b"https://app.example.com"[..]];
                    let request = Request {
                        method: b"OPTIONS",
                        origins: &origins,
                        request_method: &[text.as_bytes()],
                        request_headers: &[text.as_bytes()],
                        private_network: false,
                    };
                    check_decision(policy.decide(&request), &request);
                }
                Err(_) => {
                    // Refused by its own rule (or, for an accepted string, by a whole-policy
                    // rule such as an exposed header with `*` origins: never the other way).
                    refused += usize::from(!rule_accepts);
                }
            }
        }
    }
    assert!(
        refused > 100,
        "{refused} invalid strings refused by build()"
    );
    // The fuzzed rule inputs say the same (the `rules` oracle checks tokens and url agreement).
    for seed in oracle::seeds::rules() {
        oracle::rules::check(&seed);
    }
}

/// Link 2: the values of every decision of every policy, compiled and built at run time, for the
/// seed requests and for each policy's own origins and hostile ones.
#[test]
fn decisions_send_only_valid_fixed_values_and_trust_only_their_own_line() {
    let mut statics = 0;
    for seed in oracle::seeds::decide() {
        // The `decide` oracle checks every value too; this states the link on its own.
        oracle::decide::check(&seed);
        let input = oracle::decide::Input::read(&seed);
        let (policy, _) = POLICIES[input.policy];
        statics += check_decision(policy.decide(&input.request()), &input.request());
        let (owned, _) = &built()[input.policy];
        statics += check_decision(owned.decide(&input.request()), &input.request());
    }
    for (index, (policy, spec)) in POLICIES.iter().enumerate() {
        let (owned, _) = &built()[index];
        for origin in spec.origins.unwrap_or(&["https://any.example"]) {
            let origin = origin.replace("*.", "x.").replace(":*", ":8080");
            for method in [&b"PUT"[..], b"GET", b"patch"] {
                let origins = [origin.as_bytes()];
                let methods = [method];
                let request = Request {
                    method: b"OPTIONS",
                    origins: &origins,
                    request_method: &methods,
                    request_headers: &[b"x-a, x-request-id", b"content-type"],
                    private_network: true,
                };
                let actual = Request {
                    method: b"GET",
                    ..request
                };
                for request in [&request, &actual] {
                    statics += check_decision(policy.decide(request), request);
                    statics += check_decision(owned.decide(request), request);
                }
            }
        }
    }
    assert!(statics > 500, "{statics} fixed values checked");
}

/// Checks one decision's values; returns how many were fixed strings (a compiled policy's
/// `Static`, a run-time policy's `Shared`).
fn check_decision(decision: Decision<'_>, request: &Request<'_>) -> usize {
    let headers = match decision {
        Decision::NotCors(h) | Decision::Actual(h) | Decision::Preflight(Preflight::Allowed(h)) => {
            h
        }
        Decision::Preflight(Preflight::Rejected(_)) => return 0,
    };
    let mut statics = 0;
    let lines: [&[u8]; 3] = [
        b"https://app.example.com\r\nx: y",
        b"\x00",
        b"https://other.example",
    ];
    for (name, value) in headers.iter() {
        match value {
            Value::Static(s) => {
                assert!(model::is_header_value(s.as_bytes()), "{name}: {s:?}");
                statics += 1;
            }
            Value::Shared(s) => {
                assert!(model::is_header_value(s.as_bytes()), "{name}: {s:?}");
                statics += 1;
            }
            Value::Echo(_) => {}
        }
        let sources = if name == checked_cors::name::ALLOW_ORIGIN {
            let own = value.allow_origin_source(request.origins.first().copied());
            let mut all = vec![own];
            for line in lines {
                let other = value.allow_origin_source(Some(line));
                // Paired with another line, a listed origin is copied (checked), never trusted.
                if let (Value::Static(listed), ValueSource::Trusted(_)) = (value, other) {
                    assert_eq!(listed, "*", "{listed} trusted for {line:?}");
                }
                all.push(other);
            }
            all
        } else {
            vec![value.source(None::<&[u8]>), value.source(Some(lines[0]))]
        };
        for source in sources {
            match source {
                ValueSource::Trusted(s) => {
                    assert!(
                        model::is_header_value(s.as_bytes()),
                        "{name}: trusted {s:?}"
                    )
                }
                ValueSource::Shared(s) => {
                    assert!(model::is_header_value(s.as_bytes()), "{name}: shared {s:?}")
                }
                _ => {}
            }
        }
    }
    statics
}

/// The net under link 3 is real: in debug builds `http` checks the bytes given to
/// `from_maybe_shared_unchecked` and panics on an invalid value.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "needs debug assertions (cargo test's default profile)"
)]
fn debug_builds_recheck_unchecked_header_values() {
    let invalid = std::panic::catch_unwind(|| {
        // SAFETY: not upheld on purpose, and only in debug builds (the test is ignored in
        // others), where `http` re-checks the bytes and panics before any value is made.
        unsafe {
            http::HeaderValue::from_maybe_shared_unchecked(bytes::Bytes::from_static(b"a\r\nb"))
        }
    });
    assert!(invalid.is_err());
    let invalid = std::panic::catch_unwind(|| {
        // SAFETY: as above, with actix-web's `http` 0.2.
        unsafe {
            actix_web::http::header::HeaderValue::from_maybe_shared_unchecked(
                actix_web::web::Bytes::from_static(b"a\nb"),
            )
        }
    });
    assert!(invalid.is_err());
}

/// Link 3: everything both adapters build, for every policy, on the seed requests of the `http`
/// oracle (the `http` path: templates, answers, `PendingHeaders`/`FixedHeaders::apply`, the
/// reference `preflight_response`/`apply`), and through both middlewares with the policy
/// compiled and built at run time (served through a `SharedPolicy`).
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "needs debug assertions (cargo test's default profile)"
)]
fn both_adapters_build_every_value_checked_in_debug() {
    for seed in oracle::seeds::http() {
        oracle::http_layer::check(&seed);
    }
    actix_web::rt::System::new().block_on(async {
        use actix_web::{test, web, App, HttpResponse};
        let handler = || {
            web::to(|| async {
                HttpResponse::Ok()
                    .append_header(("vary", "accept"))
                    .finish()
            })
        };
        for (policy, spec) in POLICIES {
            let shared = SharedPolicy::new(spec.config().build().unwrap());
            let compiled = test::init_service(
                App::new()
                    .wrap(checked_cors::actix::Cors::new(*policy))
                    .default_service(handler()),
            )
            .await;
            let runtime = test::init_service(
                App::new()
                    .wrap(checked_cors::actix::Cors::new(shared.clone()))
                    .default_service(handler()),
            )
            .await;
            let mut answered = 0;
            for (origin, method, acrm, acrh) in requests(spec) {
                let request = || {
                    let mut request = test::TestRequest::default()
                        .method(actix_web::http::Method::from_bytes(method.as_bytes()).unwrap())
                        .insert_header(("origin", origin.as_str()))
                        .insert_header(("access-control-request-private-network", "true"));
                    if let Some(m) = acrm {
                        request = request.insert_header(("access-control-request-method", m));
                    }
                    if let Some(h) = acrh {
                        request = request.insert_header(("access-control-request-headers", h));
                    }
                    request.to_request()
                };
                for response in [
                    test::call_service(&compiled, request()).await,
                    test::call_service(&runtime, request()).await,
                ] {
                    let headers = response
                        .headers()
                        .iter()
                        .map(|(n, v)| (n.as_str(), v.as_bytes()));
                    answered += all_valid(spec.name, headers);
                }
                // The tower layer over the run-time policy (the compiled one is the `http`
                // oracle's, above).
                let mut request = http::Request::builder()
                    .method(method)
                    .uri("/")
                    .header("origin", origin.as_str())
                    .header("access-control-request-private-network", "true");
                if let Some(m) = acrm {
                    request = request.header("access-control-request-method", m);
                }
                if let Some(h) = acrh {
                    request = request.header("access-control-request-headers", h);
                }
                let response = now(checked_cors::tower::CorsLayer::new(shared.clone())
                    .layer(Handler)
                    .call(request.body(()).unwrap()))
                .unwrap();
                let headers = response
                    .headers()
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_bytes()));
                answered += all_valid(spec.name, headers);
            }
            assert!(
                answered > 0,
                "{}: nothing allowed, nothing built",
                spec.name
            );
        }
    });
}

/// A policy's own origins (patterns filled in) and a foreign one, each with preflights and an
/// actual request: (origin, method, `Access-Control-Request-Method`, `-Headers`).
fn requests(
    spec: &oracle::policies::Spec<'_>,
) -> Vec<(
    String,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
)> {
    let mut origins: Vec<String> = spec
        .origins
        .unwrap_or(&["https://any.example"])
        .iter()
        .map(|o| o.replace("*.", "x.").replace(":*", ":8080"))
        .collect();
    origins.push("https://evil.example".into());
    let mut out = Vec::new();
    for origin in origins {
        for (method, acrm, acrh) in [
            ("OPTIONS", Some("PUT"), Some("x-a,content-type")),
            ("OPTIONS", Some("GET"), None),
            ("OPTIONS", Some("purge"), Some("x-request-id")),
            ("GET", None, None),
            ("OPTIONS", None, None),
        ] {
            out.push((origin.clone(), method, acrm, acrh));
        }
    }
    out
}

/// Asserts every header line is a valid value; 1 if the response allowed its origin.
fn all_valid<'a>(policy: &str, headers: impl Iterator<Item = (&'a str, &'a [u8])>) -> usize {
    let mut allowed = 0;
    for (name, value) in headers {
        assert!(model::is_header_value(value), "{policy}: {name}: {value:?}");
        allowed |= usize::from(name == "access-control-allow-origin");
    }
    allowed
}
