//! The peers' security advisories, replayed: one test per advisory, each saying what went wrong
//! there and asserting that this crate either refuses the policy (a compile error, from the UI
//! suite's cases) or answers safely on the wire (real axum and actix-web servers on loopback,
//! `checked_cors_tests::servers`).
//!
//! TODO(run-time policies): once `PolicyConfig` / `build()` exist, each test that cites a UI
//! case also asserts that `build()` refuses the same configuration with the same rule (see the
//! `refused_at_compile_time` calls), and `default_policy_is_the_safe_one` asserts the defaults
//! of a built policy.

use checked_cors::{cors_policy, Decision, Policy, Preflight, Rejection, Request};
use checked_cors_tests::capture::Capture;
use checked_cors_tests::client::{self, Response};
use checked_cors_tests::handler::{now, Handler};
use checked_cors_tests::servers::{self, Framework, Server, UPLOAD_LIMIT};
use checked_cors_tests::twins::Source;
use checked_cors_tests::ui_cases::{self, judge, Verdict};

const APP: &str = "https://app.example.com";

/// The UI cases (`tests/ui/<case>.rs`, each with its `.stderr` spec) must fail to compile, and
/// the same policies written as configuration must be refused by `PolicyConfig` with the same
/// rules. trybuild serializes its builds, so several tests may call this at once.
fn refused_at_compile_time(cases: &[&str]) {
    let t = trybuild::TestCases::new();
    for case in cases {
        t.compile_fail(format!("tests/ui/{case}.rs"));
        let judged = judge(&ui_cases::ui_dir().join(format!("{case}.rs")));
        assert!(!judged.is_empty(), "{case}: no invocation");
        for (inv, verdict) in judged {
            assert!(
                matches!(verdict, Verdict::RefusedAlike),
                "{case}:{}: as configuration: {verdict:?}",
                inv.first_line
            );
        }
    }
}

/// Both servers, each serving compiled and run-time policies, started once per test.
fn servers() -> Vec<Server> {
    Framework::ALL
        .into_iter()
        .flat_map(|f| Source::ALL.map(|source| servers::start(f, source)))
        .collect()
}

fn send(server: &Server, method: &str, path: &str, headers: &[(&str, &[u8])]) -> Response {
    client::send(server.routes, method, path, headers)
        .unwrap_or_else(|e| panic!("{:?} {method} {path}: {e}", server.framework))
}

fn preflight(server: &Server, path: &str, origin: &[u8], extra: &[(&str, &[u8])]) -> Response {
    let mut headers: Vec<(&str, &[u8])> = vec![
        ("Origin", origin),
        ("Access-Control-Request-Method", b"PUT"),
    ];
    headers.extend_from_slice(extra);
    send(server, "OPTIONS", path, &headers)
}

/// Every `access-control-*` line of a response.
fn cors_lines(response: &Response) -> Vec<(String, Vec<u8>)> {
    response
        .headers
        .iter()
        .filter(|(n, _)| n.starts_with("access-control-"))
        .cloned()
        .collect()
}

/// A 403 with no CORS header at all.
fn assert_refused(response: &Response, what: &str) {
    assert_eq!(response.status, 403, "{what}");
    assert!(
        cors_lines(response).is_empty(),
        "{what}: {:?}",
        cors_lines(response)
    );
}

/// No `Access-Control-Allow-Origin` (nor any other CORS header) was sent.
fn assert_not_allowed(response: &Response, what: &str) {
    assert!(
        cors_lines(response).is_empty(),
        "{what}: {:?}",
        cors_lines(response)
    );
}

/// rs/cors CVE-2025-47908: a preflight whose `Access-Control-Request-Headers` is a long run
/// of commas made rs/cors allocate per element, so a few requests exhausted memory. Here the
/// list is capped before it is scanned (4096 bytes, 64 elements, 16 lines): the comma bomb is a
/// 403 with no CORS header, however large, on both servers, and the server stays up.
#[test]
fn rs_cors_cve_2025_47908_comma_bomb() {
    // At the decision: a megabyte of commas is refused by its length alone.
    static LISTED: Policy =
        cors_policy! { allow_origins: ["https://app.example.com"], allow_headers: ["x-a"] };
    static ANY: Policy =
        cors_policy! { allow_origins: ["https://app.example.com"], allow_headers: * };
    let megabyte = vec![b','; 1 << 20];
    let bombs: [Vec<&[u8]>; 3] = [vec![&megabyte], vec![b",,,,"; 17], vec![&[b','; 65]]];
    for policy in [&LISTED, &ANY] {
        for lines in &bombs {
            let request = Request {
                method: b"OPTIONS",
                origins: &[APP.as_bytes()],
                request_method: &[b"GET"],
                request_headers: lines,
                private_network: false,
            };
            assert_eq!(
                policy.decide(&request),
                Decision::Preflight(Preflight::Rejected(Rejection::HeaderListTooLong))
            );
        }
    }
    // On the wire: bombs up to 100 KiB (under both servers' own limits on a request head).
    for server in servers() {
        for bomb in [
            ",".repeat(100 << 10),
            ", ".repeat(30 << 10),
            ",".repeat(65),
            format!("{}x-request-id", ",".repeat(5000)),
        ] {
            let response = preflight(
                &server,
                "/api/items/1",
                APP.as_bytes(),
                &[("Access-Control-Request-Headers", bomb.as_bytes())],
            );
            assert_refused(
                &response,
                &format!("{:?}: {} byte bomb", server.framework, bomb.len()),
            );
        }
        let many: Vec<(&str, &[u8])> = (0..17)
            .map(|_| ("Access-Control-Request-Headers", &b",,,"[..]))
            .collect();
        assert_refused(
            &preflight(&server, "/api/items/1", APP.as_bytes(), &many),
            "17 lines",
        );
        // Still up, and still answering a browser's preflight.
        let ok = preflight(
            &server,
            "/api/items/1",
            APP.as_bytes(),
            &[("Access-Control-Request-Headers", b"content-type")],
        );
        assert_eq!(ok.status, 204, "{:?}", server.framework);
    }
}

/// Neither server answers these origins with any CORS header, as a preflight (403) or an
/// actual request, on the routes of `servers::API` (`https://app.example.com`,
/// `https://*.example.org`, `http://localhost:*`).
fn refused_on_the_wire(origins: &[&str]) {
    for server in servers() {
        for origin in origins {
            let what = format!("{:?} {origin}", server.framework);
            assert_refused(
                &preflight(&server, "/api/items/1", origin.as_bytes(), &[]),
                &what,
            );
            let actual = send(
                &server,
                "GET",
                "/api/items/1",
                &[("Origin", origin.as_bytes())],
            );
            assert_not_allowed(&actual, &what);
        }
    }
}

/// jub0bs/cors GHSA-vhxv-fg4m-p2w8: origins were matched in a suffix tree, and a bug there let
/// `https://barfoo.com` through when `https://foo.com` and `https://bar.com` were configured.
/// Here a listed origin matches only itself, byte for byte (one hash lookup and one full
/// compare), whatever else is listed.
#[test]
fn jub0bs_cors_ghsa_vhxv_fg4m_p2w8_suffix_tree_mixed_origins() {
    static TWO: Policy = cors_policy! { allow_origins: ["https://foo.com", "https://bar.com"], allow_credentials: true };
    for origin in [
        "https://barfoo.com",
        "https://foobar.com",
        "https://foo.com.bar.com",
        "https://bar.comfoo.com",
        "https://fo.com",
        "https://foo.co",
        "https://oo.com",
        "https://bar.foo.com",
    ] {
        assert!(!TWO.allows_origin(origin.as_bytes()), "{origin}");
        let request = Request {
            method: b"OPTIONS",
            origins: &[origin.as_bytes()],
            request_method: &[b"GET"],
            ..Request::default()
        };
        assert!(matches!(
            TWO.decide(&request),
            Decision::Preflight(Preflight::Rejected(Rejection::OriginNotAllowed(_)))
        ));
    }
    assert!(TWO.allows_origin(b"https://foo.com") && TWO.allows_origin(b"https://bar.com"));
    // The same shapes against the servers' listed origin and its neighbours.
    refused_on_the_wire(&[
        "https://evilapp.example.com",
        "https://app.example.comapp.example.com",
        "https://pp.example.com",
        "https://app.example.co",
    ]);
}

/// gin-contrib/cors CVE-2019-25211: a wildcard at the end of an allowed origin was matched as a
/// prefix, so `https://example.community` passed for `https://example.com*`, and other
/// affixes (`https://example.com.evil.net`, `https://evilexample.com`) went through similar
/// string matching. Here a `*` anywhere but a whole leftmost label or a whole port does not
/// compile, and a `*.` pattern matches only whole labels of its parent domain.
#[test]
fn gin_contrib_cors_cve_2019_25211_wildcard_affix_matches() {
    refused_at_compile_time(&["origin_wildcard_position"]);
    static EXACT: Policy =
        cors_policy! { allow_origins: ["https://example.com"], allow_credentials: true };
    static SUBDOMAINS: Policy =
        cors_policy! { allow_origins: ["https://*.example.com"], allow_credentials: true };
    let hostile: &[&str] = &[
        "https://example.com.evil.net",
        "https://evilexample.com",
        "https://example.community",
        "https://example.co",
        "https://xexample.com",
        "https://example.com.",
        "https://example.comevil.net",
        "https://evil.net/https://example.com",
        "https://evil.net?https://example.com",
        "https://example.com@evil.net",
        "http://example.com",
        "https://example.com:8443",
        "https://.example.com",
        "https://a..example.com",
        "https://a.example.com.evil.net",
        "http://localhost.example.com",
    ];
    for origin in hostile {
        for policy in [&EXACT, &SUBDOMAINS] {
            assert!(!policy.allows_origin(origin.as_bytes()), "{origin}");
        }
    }
    assert!(
        EXACT.allows_origin(b"https://example.com")
            && SUBDOMAINS.allows_origin(b"https://a.b.example.com")
    );
    refused_on_the_wire(&[
        "https://app.example.com.evil.net",
        "https://app.example.community",
        "https://evilexample.org",
        "https://example.organization",
        "https://a.example.org.evil.net",
        "https://example.org",
        "https://a.example.org@evil.net",
        "http://localhost.example.org:3000",
    ]);
}

/// `allow_origins: *` with `allow_credentials: true` does not compile (nor does a `*.` over a
/// public suffix with credentials), and a `*` policy sends the literal `*`, never the request's
/// origin, and never `Access-Control-Allow-Credentials`, on both servers.
fn wildcard_is_never_reflected_with_credentials() {
    refused_at_compile_time(&["credentials_any_origin", "credentials_public_suffix"]);
    for server in servers() {
        for origin in ["https://evil.example", "null", "https://app.example.com"] {
            let what = format!("{:?} {origin}", server.framework);
            let actual = send(
                &server,
                "GET",
                "/public",
                &[("Origin", origin.as_bytes()), ("Cookie", b"session=1")],
            );
            assert_eq!(
                actual.all("access-control-allow-origin"),
                [&b"*"[..]],
                "{what}"
            );
            assert!(
                actual.all("access-control-allow-credentials").is_empty(),
                "{what}"
            );
            let answer = preflight(&server, "/public", origin.as_bytes(), &[]);
            assert_eq!(
                answer.all("access-control-allow-origin"),
                [&b"*"[..]],
                "{what}"
            );
            assert!(
                answer.all("access-control-allow-credentials").is_empty(),
                "{what}"
            );
        }
    }
}

/// fiber CVE-2024-25124: the CORS middleware accepted `AllowOrigins: "*"` together with
/// `AllowCredentials: true`, which browsers refuse, and answered such requests by reflecting
/// the request's origin with credentials, letting any site read users' data.
#[test]
fn fiber_cve_2024_25124_wildcard_with_credentials() {
    wildcard_is_never_reflected_with_credentials();
}

/// rs/cors CVE-2018-20744: with `AllowedOrigins: *` and `AllowCredentials: true`, the
/// `Origin` header was reflected with `Access-Control-Allow-Credentials: true`, so every site
/// could make credentialed requests and read the answers.
#[test]
fn rs_cors_cve_2018_20744_wildcard_with_credentials() {
    wildcard_is_never_reflected_with_credentials();
}

/// hono CVE-2026-54290: the CORS middleware turned a wildcard origin with credentials into
/// reflecting any origin, with the same result.
#[test]
fn hono_cve_2026_54290_wildcard_with_credentials() {
    wildcard_is_never_reflected_with_credentials();
}

/// Origins are required (`origins-missing`) and an empty list does not compile
/// (`origins-empty`), so there is no "no origin configured" to fall back from; and no unlisted
/// origin is ever echoed, on any route of either server.
fn unconfigured_origins_are_never_echoed() {
    refused_at_compile_time(&["origins_missing", "origins_empty"]);
    let unlisted: &[&[u8]] = &[
        b"https://evil.example",
        b"null",
        b"https://app.example.com.evil.net",
        b"https://partner.example.com.evil.net",
        b"http://app.example.com",
        b"https://localhost:3000",
        b"https://app.example.com\xc3\xa4",
    ];
    let routes = [
        "/api/items/1",
        "/api/vary",
        "/api/denied",
        "/plain",
        "/partner",
        "/pna",
        "/nocache",
        "/stacked",
        "/none",
    ];
    for server in servers() {
        for path in routes {
            for origin in unlisted {
                let what = format!(
                    "{:?} {path} {}",
                    server.framework,
                    String::from_utf8_lossy(origin)
                );
                let actual = send(&server, "GET", path, &[("Origin", origin)]);
                assert!(
                    actual
                        .all("access-control-allow-origin")
                        .iter()
                        .all(|v| v != origin),
                    "{what}: echoed"
                );
                let answer = preflight(&server, path, origin, &[]);
                assert!(
                    answer
                        .all("access-control-allow-origin")
                        .iter()
                        .all(|v| v != origin),
                    "{what}: echoed by a preflight"
                );
            }
        }
    }
}

/// @koa/cors CVE-2023-49803: with no `origin` option configured, the middleware echoed the
/// request's `Origin` (with credentials when asked), allowing every site.
#[test]
fn koa_cors_cve_2023_49803_unconfigured_origin_echo() {
    unconfigured_origins_are_never_echoed();
}

/// poem: its CORS middleware, built without origins, reflected any request's `Origin`, so the
/// default allowed every site.
#[test]
fn poem_reflect_any_origin_by_default() {
    unconfigured_origins_are_never_echoed();
}

/// flask-cors CVE-2024-6221: `Access-Control-Allow-Private-Network: true` was sent by default,
/// exposing private-network services to public sites. Here private network access is off
/// unless `allow_private_network: true`: the preflight asking for it is a 403.
#[test]
fn flask_cors_cve_2024_6221_private_network_access_defaults_to_off() {
    static DEFAULT: Policy =
        cors_policy! { allow_origins: ["https://app.example.com"], allow_methods: [PUT] };
    assert!(!DEFAULT.allows_private_network());
    let request = Request {
        method: b"OPTIONS",
        origins: &[APP.as_bytes()],
        request_method: &[b"PUT"],
        private_network: true,
        ..Request::default()
    };
    assert_eq!(
        DEFAULT.decide(&request),
        Decision::Preflight(Preflight::Rejected(Rejection::PrivateNetworkNotAllowed))
    );
    for server in servers() {
        let pna: &[(&str, &[u8])] = &[("Access-Control-Request-Private-Network", b"true")];
        // Every route whose policy does not opt in.
        for path in ["/api/items/1", "/plain", "/partner", "/public"] {
            let response = preflight(&server, path, APP.as_bytes(), pna);
            assert_refused(&response, &format!("{:?} {path}", server.framework));
        }
        // The one that does (it allows only the safelisted methods).
        let mut headers = vec![
            ("Origin", APP.as_bytes()),
            ("Access-Control-Request-Method", &b"GET"[..]),
        ];
        headers.extend_from_slice(pna);
        let response = send(&server, "OPTIONS", "/pna", &headers);
        assert_eq!(
            response
                .get("access-control-allow-private-network")
                .as_deref(),
            Some("true")
        );
    }
}

/// The longest log line a rejected preflight may produce: every request value in it is cut
/// at 128 bytes (escaped, so at most four characters a byte).
const MAX_LOG_LINE: usize = 1500;

/// flask-cors CVE-2024-1681: request values were written to the log as received, so CR/LF in a
/// path or header forged log lines. Here every request value in a log line (the rejection's
/// origin, method or header name, and the request's URI) is escaped and cut: no control
/// character (C0, C1, DEL) nor Unicode line separator reaches the log, and no line is longer
/// than [`MAX_LOG_LINE`] however long the request, on both adapters.
#[test]
fn flask_cors_cve_2024_1681_log_lines_are_escaped_and_bounded() {
    static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"], allow_methods: [PUT], allow_headers: ["x-a"] };
    let long = "a".repeat(20_000);
    // Values an `http` request can carry: obs-text, tabs, UTF-8 with C1 controls and line
    // separators in the path, and lengths up to the servers' limits.
    let paths = [
        "/items".to_string(),
        format!("/items/{long}"),
        "/items/\u{85}forged\u{2028}line\u{202e}".to_string(),
        format!("/items?{long}"),
    ];
    let values: [(&str, &[u8]); 6] = [
        ("origin", b"https://evil.example\t\xc2\x85forged"),
        ("origin", long.as_bytes()),
        ("access-control-request-method", b"P\xc2\x85T"),
        ("access-control-request-method", long.as_bytes()),
        (
            "access-control-request-headers",
            b"x-a,x-\xe2\x80\xa8forged",
        ),
        (
            "access-control-request-headers",
            format!("x-{}", "b".repeat(3000)).as_bytes().to_vec().leak(),
        ),
    ];
    let check = |lines: &[String], what: &str| {
        assert!(!lines.is_empty(), "{what}: nothing logged");
        for line in lines {
            assert!(
                line.len() <= MAX_LOG_LINE,
                "{what}: a log line of {} bytes",
                line.len()
            );
            assert!(
                line.chars()
                    .all(|c| (c.is_ascii() && !c.is_ascii_control()) || c == '…'),
                "{what}: unescaped character in {line:?}"
            );
        }
    };
    for path in &paths {
        for (name, value) in values {
            let what = format!(
                "{name} ({} bytes) on {} bytes of path",
                value.len(),
                path.len()
            );
            let mut headers = vec![
                ("origin", APP.as_bytes()),
                ("access-control-request-method", &b"PUT"[..]),
                ("access-control-request-headers", &b"x-a"[..]),
            ];
            headers.retain(|(n, _)| *n != name);
            headers.push((name, value));
            // tower (axum)
            let capture = Capture::default();
            let mut request = http::Request::builder()
                .method("OPTIONS")
                .uri(path.as_str());
            for (n, v) in &headers {
                request = request.header(*n, http::HeaderValue::from_bytes(v).unwrap());
            }
            let request = request.body(()).unwrap();
            let status = tracing::subscriber::with_default(capture.clone(), || {
                use tower_layer::Layer;
                use tower_service::Service;
                now(checked_cors::tower::CorsLayer::new(&API)
                    .layer(Handler)
                    .call(request))
                .unwrap()
                .status()
            });
            assert_eq!(status, 403, "tower: {what}");
            check(&capture.0.lock().unwrap(), &format!("tower: {what}"));
            // actix-web (its `http` 0.2 refuses a non-ASCII path before any middleware runs)
            if actix_web::http::Uri::try_from(path.as_str()).is_err() {
                continue;
            }
            let capture = Capture::default();
            let status = tracing::subscriber::with_default(capture.clone(), || {
                actix_web::rt::System::new().block_on(async {
                    use actix_web::{test, web, App, HttpResponse};
                    let app = test::init_service(
                        App::new()
                            .wrap(checked_cors::actix::Cors::new(&API))
                            .default_service(web::to(HttpResponse::Ok)),
                    )
                    .await;
                    let mut request = test::TestRequest::default()
                        .method(actix_web::http::Method::OPTIONS)
                        .uri(path);
                    for (n, v) in &headers {
                        request = request.append_header((
                            *n,
                            actix_web::http::header::HeaderValue::from_bytes(v).unwrap(),
                        ));
                    }
                    test::call_service(&app, request.to_request())
                        .await
                        .status()
                        .as_u16()
                })
            });
            assert_eq!(status, 403, "actix: {what}");
            let lines = capture.0.lock().unwrap();
            let ours: Vec<String> = lines
                .iter()
                .filter(|l| l.contains("CORS"))
                .cloned()
                .collect();
            check(&ours, &format!("actix: {what}"));
        }
    }
}

/// Apache Tomcat CVE-2017-7674: the CORS filter did not add `Vary: Origin`, so a shared cache
/// served one origin's response (with or without `Access-Control-Allow-Origin`) to another.
/// Here every response of a route whose policy lists origins says `Vary: Origin`: allowed,
/// refused and non-CORS requests alike, the handler's own errors (401) and the framework's
/// (404 unrouted, 405 wrong method, 413 body too large), on both servers.
#[test]
fn tomcat_cve_2017_7674_vary_origin_on_every_response() {
    let over_limit = vec![b'x'; UPLOAD_LIMIT * 4];
    for server in servers() {
        for origin in [None, Some(APP), Some("https://evil.example")] {
            let mut cases: Vec<(u16, &str, &str, Vec<u8>)> = vec![
                (200, "GET", "/api/items/1", vec![]),
                (200, "POST", "/api/upload", b"small".to_vec()),
                (401, "GET", "/api/denied", vec![]),
                (404, "GET", "/api/not-routed", vec![]),
                (405, "GET", "/api/put-only", vec![]),
                (413, "POST", "/api/upload", over_limit.clone()),
                (200, "GET", "/plain", vec![]),
                (200, "GET", "/stacked", vec![]),
            ];
            for (status, method, path, body) in cases.drain(..) {
                let what = format!("{:?} {method} {path} from {origin:?}", server.framework);
                let body_length = body.len().to_string();
                let mut headers: Vec<(&str, &[u8])> = vec![];
                if let Some(origin) = origin {
                    headers.push(("Origin", origin.as_bytes()));
                }
                if !body.is_empty() {
                    headers.push(("Content-Length", body_length.as_bytes()));
                    headers.push(("Content-Type", b"application/octet-stream"));
                }
                let mut raw = client::request_bytes(server.routes, method, path, &headers);
                raw.extend_from_slice(&body);
                let response =
                    client::send_raw(server.routes, &raw).unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(response.status, status, "{what}");
                let vary: Vec<String> = response
                    .all("vary")
                    .iter()
                    .flat_map(|l| {
                        String::from_utf8_lossy(l)
                            .split(',')
                            .map(|e| e.trim().to_ascii_lowercase())
                            .collect::<Vec<_>>()
                    })
                    .collect();
                assert_eq!(
                    vary.iter().filter(|e| *e == "origin").count(),
                    1,
                    "{what}: Vary {vary:?}"
                );
            }
        }
    }
}

/// Apache Tomcat CVE-2018-8014: the CORS filter's defaults allowed any origin with
/// credentials. Here there is no default to get wrong: the empty policy does not compile
/// (`origins-missing`), and every omitted key takes its safe value: no credentials, no private
/// network access, only the safelisted methods, no request header, nothing exposed, no
/// `Access-Control-Max-Age`, and plain http allowed with credentials only on loopback.
#[test]
fn tomcat_cve_2018_8014_the_default_policy_is_the_safe_one() {
    refused_at_compile_time(&["origins_missing", "credentials_insecure_origin"]);
    static MINIMAL: Policy = cors_policy! { allow_origins: ["https://app.example.com"] };
    assert!(!MINIMAL.allows_credentials());
    assert!(!MINIMAL.allows_private_network());
    assert!(!MINIMAL.allows_any_origin());
    assert_eq!(MINIMAL.max_age(), None);
    let preflight = |method: &'static [u8], headers: &'static [&'static [u8]]| {
        MINIMAL.decide(&Request {
            method: b"OPTIONS",
            origins: &[b"https://app.example.com"],
            request_method: std::slice::from_ref(Box::leak(Box::new(method))),
            request_headers: headers,
            private_network: false,
        })
    };
    for method in [&b"PUT"[..], b"DELETE", b"PATCH", b"OPTIONS"] {
        assert!(matches!(
            preflight(method, &[]),
            Decision::Preflight(Preflight::Rejected(Rejection::MethodNotAllowed(_)))
        ));
    }
    assert!(matches!(
        preflight(b"GET", &[b"authorization"]),
        Decision::Preflight(Preflight::Rejected(Rejection::HeaderNotAllowed(
            b"authorization"
        )))
    ));
    let Decision::Preflight(Preflight::Allowed(answer)) = preflight(b"POST", &[]) else {
        panic!("a safelisted method is allowed");
    };
    let names: Vec<&str> = answer.iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["access-control-allow-origin"]);
    let Decision::Actual(actual) = MINIMAL.decide(&Request {
        method: b"GET",
        origins: &[b"https://app.example.com"],
        ..Request::default()
    }) else {
        panic!("an actual request");
    };
    let names: Vec<&str> = actual.iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["access-control-allow-origin"]);
    assert_eq!(actual.vary().as_str(), Some("Origin"));
}

/// tower-http: a `CorsLayer` combining `*` with credentials panics when it is applied to a
/// service, so a misconfiguration crashes the server at start-up instead of being refused
/// where it is written. Here that policy does not compile, and no path panics: building a layer,
/// a middleware or a preflight template for any policy, and answering hostile requests through
/// both adapters in process (the fuzz corpora replay many more through `tests/fuzz_corpus.rs`).
#[test]
fn tower_http_panic_on_wildcard_with_credentials_no_path_panics() {
    use checked_cors_tests::oracle::policies::POLICIES;
    use tower_layer::Layer;
    use tower_service::Service;
    refused_at_compile_time(&["credentials_any_origin", "credentials_expose_any"]);
    let hostile: Vec<Vec<(&str, Vec<u8>)>> = vec![
        vec![
            ("origin", b"https://app.example.com".to_vec()),
            ("access-control-request-method", b"PUT".to_vec()),
        ],
        vec![
            ("origin", b"null".to_vec()),
            ("access-control-request-method", b"\x80".to_vec()),
        ],
        vec![
            ("origin", vec![b'a'; 100_000]),
            ("access-control-request-method", b"GET".to_vec()),
        ],
        vec![
            ("origin", b"https://a.example.org".to_vec()),
            ("access-control-request-method", b"GET".to_vec()),
            ("access-control-request-headers", vec![b','; 100_000]),
        ],
        vec![
            ("origin", b"https://a.example.org".to_vec()),
            ("origin", b"https://b.example.org".to_vec()),
        ],
        vec![("access-control-request-method", b"PUT".to_vec())],
    ];
    for (policy, spec) in POLICIES {
        let template = checked_cors::http::PreflightTemplate::new(*policy);
        let _ = checked_cors::actix::Cors::new(*policy);
        for lines in &hostile {
            for method in ["OPTIONS", "GET", "PUT"] {
                let mut request = http::Request::builder().method(method).uri("/");
                let mut map = http::HeaderMap::new();
                for (n, v) in lines {
                    let value = http::HeaderValue::from_bytes(v).unwrap();
                    request = request.header(*n, value.clone());
                    map.append(*n, value);
                }
                let response = now(checked_cors::tower::CorsLayer::new(*policy)
                    .layer(Handler)
                    .call(request.body(()).unwrap()))
                .unwrap();
                assert!(
                    [200, 204, 403].contains(&response.status().as_u16()),
                    "{}",
                    spec.name
                );
                let method = http::Method::from_bytes(method.as_bytes()).unwrap();
                if let checked_cors::http::Respond::Forward(pending) =
                    checked_cors::http::CorsRequest::new(&method, &map).respond(&template)
                {
                    pending.apply(&mut http::HeaderMap::new());
                }
            }
        }
    }
}
