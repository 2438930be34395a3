//! The two `unsafe` header-value constructions stay sound: `fixed` in
//! `cors-policy-runtime/src/http/value.rs` and in `cors-policy/src/actix.rs` build a
//! `HeaderValue` without checking its bytes, which is sound only if every string they are given
//! is a valid header value (no control byte, so no CR or LF). They are given
//! `ValueSource::Trusted` strings, the `Value::Static` strings of a decision, and the crate's own
//! literals. This file shows that no invalid value can get there, link by link:
//! 1. whatever the rules accept is a valid header value, so every policy built from them
//!    (compiled by `cors_policy!`, or at run time by the same rules) holds only valid strings;
//! 2. every `Value::Static` of every decision of every compiled policy is valid, `Trusted` is
//!    only ever given for valid strings, and a listed origin is trusted only for its own request
//!    line (never for another, even an invalid one);
//! 3. end to end, in debug builds, where `http` 1.x and 0.2 re-check the bytes given to
//!    `from_maybe_shared_unchecked` and panic: every answer and every handler response of both
//!    adapters, for every policy and the seed requests.
//!
//! Memory safety of the runtime itself under Miri: `cargo +nightly miri test -p
//! checked-cors-runtime` (FUZZING.md).
//!
//! TODO(run-time policies): run links 2 and 3 on built policies too (`build()` from the fuzzed
//! configs), and assert that `build()` refuses every string link 1's rules refuse.

use checked_cors::{Decision, Preflight, Request, Value};
use checked_cors_runtime::rules;
use checked_cors_runtime::ValueSource;
use checked_cors_tests::oracle::{self, model, policies::POLICIES};

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
    // The fuzzed rule inputs say the same (the `rules` oracle checks tokens and url agreement).
    for seed in oracle::seeds::rules() {
        oracle::rules::check(&seed);
    }
}

/// Link 2: the values of every decision of every compiled policy, for the seed requests and for
/// each policy's own origins and hostile ones.
#[test]
fn decisions_send_only_valid_fixed_values_and_trust_only_their_own_line() {
    let mut statics = 0;
    for seed in oracle::seeds::decide() {
        // The `decide` oracle checks every value too; this states the link on its own.
        oracle::decide::check(&seed);
        let input = oracle::decide::Input::read(&seed);
        let (policy, _) = POLICIES[input.policy];
        statics += check_decision(policy.decide(&input.request()), &input.request());
    }
    for (policy, spec) in POLICIES {
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
                statics += check_decision(policy.decide(&request), &request);
                let actual = Request {
                    method: b"GET",
                    ..request
                };
                statics += check_decision(policy.decide(&actual), &actual);
            }
        }
    }
    assert!(statics > 500, "{statics} fixed values checked");
}

/// Checks one decision's values; returns how many were fixed strings.
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
        if let Value::Static(s) = value {
            assert!(model::is_header_value(s.as_bytes()), "{name}: {s:?}");
            statics += 1;
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
            if let ValueSource::Trusted(s) = source {
                assert!(
                    model::is_header_value(s.as_bytes()),
                    "{name}: trusted {s:?}"
                );
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
/// reference `preflight_response`/`apply`) and through the actix-web middleware.
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
        for (policy, spec) in POLICIES {
            let app = test::init_service(
                App::new()
                    .wrap(checked_cors::actix::Cors::new(policy))
                    .default_service(web::to(|| async {
                        HttpResponse::Ok()
                            .append_header(("vary", "accept"))
                            .finish()
                    })),
            )
            .await;
            let mut origins: Vec<String> = spec
                .origins
                .unwrap_or(&["https://any.example"])
                .iter()
                .map(|o| o.replace("*.", "x.").replace(":*", ":8080"))
                .collect();
            origins.push("https://evil.example".into());
            let mut answered = 0;
            for origin in &origins {
                for (method, acrm, acrh) in [
                    ("OPTIONS", Some("PUT"), Some("x-a,content-type")),
                    ("OPTIONS", Some("GET"), None),
                    ("OPTIONS", Some("purge"), Some("x-request-id")),
                    ("GET", None, None),
                    ("OPTIONS", None, None),
                ] {
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
                    let response = test::call_service(&app, request.to_request()).await;
                    for (name, value) in response.headers() {
                        assert!(
                            model::is_header_value(value.as_bytes()),
                            "{}: {name}: {value:?}",
                            spec.name
                        );
                    }
                    answered += usize::from(
                        response
                            .headers()
                            .contains_key("access-control-allow-origin"),
                    );
                }
            }
            assert!(
                answered > 0,
                "{}: nothing allowed, nothing built",
                spec.name
            );
        }
    });
}
