//! Table-driven: request → expected response, for every rule of the runtime semantics.
//!
//! Each row states the complete outcome: whether the handler runs or the preflight is answered
//! (204/403), and every CORS header in order, `vary` last. A header that is not listed must be
//! absent, so each row checks what is withheld as much as what is sent.

use checked_cors::{cors_policy, Decision, Policy, Preflight, Request};

static API: Policy = cors_policy! {
    allow_origins: ["https://app.example.com", "https://*.example.org", "http://localhost:*"],
    allow_methods: [PUT, PATCH, DELETE, "PROPFIND"],
    allow_headers: ["content-type", "X-Request-Id"],
    expose_headers: ["x-request-id"],
    allow_credentials: true,
    max_age: 600,
    allow_private_network: false,
};

static PUBLIC: Policy = cors_policy! {
    allow_origins: *,
    allow_methods: *,
    allow_headers: *,
    expose_headers: *,
};

static TWO: Policy = cors_policy! {
    allow_origins: ["https://foo.com", "https://bar.com", "https://example.com:8443", "http://127.0.0.1:3000"],
};

static ECHO_CREDS: Policy = cors_policy! {
    allow_credentials: true,
    allow_headers: *,
    allow_methods: *,
    allow_origins: ["https://app.example.com", "https://*.a.example.net:*", "http://[::1]:*"],
    expose_headers: ["x-total", "x-page"],
};

static PNA: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_private_network: true,
};

/// What happened to a request, as a line a human can read in a failure message.
fn outcome(policy: &Policy, r: &Request<'_>) -> String {
    let (kind, headers) = match policy.decide(r) {
        Decision::NotCors(h) => ("handler (not CORS)", Some(h)),
        Decision::Actual(h) => ("handler", Some(h)),
        Decision::Preflight(Preflight::Allowed(h)) => ("204", Some(h)),
        Decision::Preflight(Preflight::Rejected(reason)) => return format!("403 [{reason}]"),
    };
    let mut out = kind.to_owned();
    let h = headers.unwrap();
    for (name, value) in h.iter() {
        let short = name.trim_start_matches("access-control-");
        out.push_str(&format!(
            " | {short}: {}",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    if let Some(v) = h.vary().as_str() {
        out.push_str(&format!(" | vary: {v}"));
    }
    out
}

struct Row {
    policy: &'static Policy,
    method: &'static str,
    origins: &'static [&'static [u8]],
    acrm: &'static [&'static [u8]],
    acrh: &'static [&'static [u8]],
    pna: bool,
    expect: &'static str,
}

const fn actual(
    policy: &'static Policy,
    method: &'static str,
    origins: &'static [&'static [u8]],
    expect: &'static str,
) -> Row {
    Row {
        policy,
        method,
        origins,
        acrm: &[],
        acrh: &[],
        pna: false,
        expect,
    }
}

const fn preflight(
    policy: &'static Policy,
    origin: &'static [&'static [u8]],
    acrm: &'static [&'static [u8]],
    acrh: &'static [&'static [u8]],
    expect: &'static str,
) -> Row {
    Row {
        policy,
        method: "OPTIONS",
        origins: origin,
        acrm,
        acrh,
        pna: false,
        expect,
    }
}

const API_ACTUAL_OK: &str =
    "handler | allow-origin: https://app.example.com | allow-credentials: true | expose-headers: x-request-id | vary: Origin";
const DENIED: &str = "handler | vary: Origin";
const PREFLIGHT_VARY: &str =
    "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

fn rows() -> Vec<Row> {
    vec![
        // No Origin: not CORS; Vary unless the policy is `*`.
        actual(&API, "GET", &[], "handler (not CORS) | vary: Origin"),
        actual(&PUBLIC, "GET", &[], "handler (not CORS)"),
        Row { acrm: &[b"PUT"], ..actual(&API, "OPTIONS", &[], "handler (not CORS) | vary: Origin") },
        // Actual requests: allowed origin gets ACAO/ACAC/ACEH.
        actual(&API, "GET", &[b"https://app.example.com"], API_ACTUAL_OK),
        actual(&API, "POST", &[b"https://app.example.com"], API_ACTUAL_OK),
        actual(&API, "DELETE", &[b"https://app.example.com"], API_ACTUAL_OK),
        actual(&API, "HEAD", &[b"https://app.example.com"], API_ACTUAL_OK),
        // CORS never blocks: a disallowed method on an actual request still reaches the handler.
        actual(&API, "CONNECT", &[b"https://app.example.com"], API_ACTUAL_OK),
        // OPTIONS without ACRM is an actual request.
        actual(&API, "OPTIONS", &[b"https://app.example.com"], API_ACTUAL_OK),
        actual(&API, "GET", &[b"https://evil.com"], DENIED),
        // The peers' known bugs.
        actual(&TWO, "GET", &[b"https://barfoo.com"], DENIED),
        actual(&TWO, "GET", &[b"https://foobar.com"], DENIED),
        actual(&TWO, "GET", &[b"https://foo.com.evil.net"], DENIED),
        actual(&TWO, "GET", &[b"https://foo.co"], DENIED),
        actual(&TWO, "GET", &[b"https://foo.comm"], DENIED),
        actual(&TWO, "GET", &[b"https://bar.com"], "handler | allow-origin: https://bar.com | vary: Origin"),
        actual(&API, "GET", &[b"https://evil-example.org"], DENIED),
        actual(&API, "GET", &[b"https://evilexample.org"], DENIED),
        actual(&API, "GET", &[b"https://app.example.com.evil.net"], DENIED),
        actual(&API, "GET", &[b"https://app.example.com:443"], DENIED),
        actual(&API, "GET", &[b"https://app.example.com/"], DENIED),
        actual(&API, "GET", &[b"https://APP.example.com"], DENIED),
        actual(&API, "GET", &[b"HTTPS://app.example.com"], DENIED),
        actual(&API, "GET", &[b"http://app.example.com"], DENIED),
        actual(&API, "GET", &[b"null"], DENIED),
        actual(&PUBLIC, "GET", &[b"null"], "handler | allow-origin: * | expose-headers: *"),
        actual(&API, "GET", &[b"https://app.example.com "], DENIED),
        actual(&API, "GET", &[b""], DENIED),
        actual(&TWO, "GET", &[b"https://example.com:8443"], "handler | allow-origin: https://example.com:8443 | vary: Origin"),
        actual(&TWO, "GET", &[b"https://example.com"], DENIED),
        actual(&TWO, "GET", &[b"https://example.com:8444"], DENIED),
        actual(&TWO, "GET", &[b"http://127.0.0.1:3000"], "handler | allow-origin: http://127.0.0.1:3000 | vary: Origin"),
        actual(&TWO, "GET", &[b"http://127.0.0.1:3001"], DENIED),
        // Several Origin lines, or bytes that are not visible ASCII: not allowed.
        actual(&API, "GET", &[b"https://app.example.com", b"https://app.example.com"], DENIED),
        actual(&PUBLIC, "GET", &[b"https://a.com", b"https://b.com"], "handler"),
        actual(&API, "GET", &[b"https://app.ex\xc3\xa4mple.com"], DENIED),
        actual(&PUBLIC, "GET", &[b"https://\xc3\xa4.com"], "handler"),
        actual(&PUBLIC, "GET", &[b"https://a.com\t"], "handler"),
        // Wildcard subdomains: one or more labels, never the parent itself, only at a dot.
        actual(&API, "GET", &[b"https://a.example.org"], "handler | allow-origin: https://a.example.org | allow-credentials: true | expose-headers: x-request-id | vary: Origin"),
        actual(&API, "GET", &[b"https://a.b.c.example.org"], "handler | allow-origin: https://a.b.c.example.org | allow-credentials: true | expose-headers: x-request-id | vary: Origin"),
        actual(&API, "GET", &[b"https://example.org"], DENIED),
        actual(&API, "GET", &[b"https://.example.org"], DENIED),
        actual(&API, "GET", &[b"https://a..example.org"], DENIED),
        actual(&API, "GET", &[b"https://a.example.org:8443"], DENIED),
        actual(&API, "GET", &[b"http://a.example.org"], DENIED),
        actual(&API, "GET", &[b"https://A.example.org"], DENIED),
        actual(&API, "GET", &[b"https://a.example.org.evil.net"], DENIED),
        actual(&API, "GET", &[b"https://*.example.org"], DENIED),
        actual(&API, "GET", &[b"https://a.example.org/"], DENIED),
        // Wildcard ports: any port, the default one included; never another host or scheme.
        actual(&API, "GET", &[b"http://localhost:3000"], "handler | allow-origin: http://localhost:3000 | allow-credentials: true | expose-headers: x-request-id | vary: Origin"),
        actual(&API, "GET", &[b"http://localhost:1"], "handler | allow-origin: http://localhost:1 | allow-credentials: true | expose-headers: x-request-id | vary: Origin"),
        actual(&API, "GET", &[b"http://localhost"], "handler | allow-origin: http://localhost | allow-credentials: true | expose-headers: x-request-id | vary: Origin"),
        actual(&API, "GET", &[b"http://localhost:80"], DENIED),
        actual(&API, "GET", &[b"http://localhost:03000"], DENIED),
        actual(&API, "GET", &[b"http://localhost:65536"], DENIED),
        actual(&API, "GET", &[b"http://localhost:"], DENIED),
        actual(&API, "GET", &[b"https://localhost:3000"], DENIED),
        actual(&API, "GET", &[b"http://sub.localhost:3000"], DENIED),
        actual(&API, "GET", &[b"http://localhost.evil.net:3000"], DENIED),
        actual(&ECHO_CREDS, "GET", &[b"https://x.a.example.net:9000"], "handler | allow-origin: https://x.a.example.net:9000 | allow-credentials: true | expose-headers: x-total,x-page | vary: Origin"),
        actual(&ECHO_CREDS, "GET", &[b"https://a.example.net:9000"], DENIED),
        actual(&ECHO_CREDS, "GET", &[b"http://[::1]:5173"], "handler | allow-origin: http://[::1]:5173 | allow-credentials: true | expose-headers: x-total,x-page | vary: Origin"),
        actual(&ECHO_CREDS, "GET", &[b"http://[::2]:5173"], DENIED),
        actual(&ECHO_CREDS, "GET", &[b"http://[0:0:0:0:0:0:0:1]:5173"], DENIED),
        // `*` policy without credentials.
        actual(&PUBLIC, "PUT", &[b"https://anything.example"], "handler | allow-origin: * | expose-headers: *"),
        // Preflights: allowed.
        preflight(&API, &[b"https://app.example.com"], &[b"PUT"], &[b"content-type,x-request-id"],
            "204 | allow-origin: https://app.example.com | allow-credentials: true | allow-methods: PUT,PATCH,DELETE,PROPFIND | allow-headers: content-type,x-request-id | max-age: 600 | vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
        preflight(&API, &[b"https://a.example.org"], &[b"PROPFIND"], &[],
            "204 | allow-origin: https://a.example.org | allow-credentials: true | allow-methods: PUT,PATCH,DELETE,PROPFIND | allow-headers: content-type,x-request-id | max-age: 600 | vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
        // Safelisted methods always pass.
        preflight(&API, &[b"https://app.example.com"], &[b"GET"], &[b"x-request-id"],
            "204 | allow-origin: https://app.example.com | allow-credentials: true | allow-methods: PUT,PATCH,DELETE,PROPFIND | allow-headers: content-type,x-request-id | max-age: 600 | vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
        preflight(&PNA, &[b"https://app.example.com"], &[b"POST"], &[], "204 | allow-origin: https://app.example.com | vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
        // Header names: any case, any order, OWS, empty elements, several lines.
        preflight(&API, &[b"https://app.example.com"], &[b"PATCH"], &[b" X-Request-ID ,, Content-Type", b"", b","],
            "204 | allow-origin: https://app.example.com | allow-credentials: true | allow-methods: PUT,PATCH,DELETE,PROPFIND | allow-headers: content-type,x-request-id | max-age: 600 | vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
        preflight(&API, &[b"https://app.example.com"], &[b"PATCH"], &[b"x-request-id", b"content-type"],
            "204 | allow-origin: https://app.example.com | allow-credentials: true | allow-methods: PUT,PATCH,DELETE,PROPFIND | allow-headers: content-type,x-request-id | max-age: 600 | vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
        // `*` echoes the request, Authorization included, with or without credentials.
        preflight(&PUBLIC, &[b"https://x.example"], &[b"PURGE"], &[b"authorization,x-custom"],
            "204 | allow-origin: * | allow-methods: PURGE | allow-headers: authorization,x-custom | vary: Access-Control-Request-Method, Access-Control-Request-Headers"),
        preflight(&ECHO_CREDS, &[b"https://app.example.com"], &[b"patch"], &[b"authorization", b"x-b"],
            "204 | allow-origin: https://app.example.com | allow-credentials: true | allow-methods: patch | allow-headers: authorization | allow-headers: x-b | vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
        preflight(&PUBLIC, &[b"https://x.example"], &[b"GET"], &[b" , "],
            "204 | allow-origin: * | allow-methods: GET | vary: Access-Control-Request-Method, Access-Control-Request-Headers"),
        // Preflights: rejected, each reason.
        preflight(&API, &[b"https://evil.com"], &[b"PUT"], &[], "403 [origin `https://evil.com` is not allowed]"),
        preflight(&API, &[b"null"], &[b"PUT"], &[], "403 [origin `null` is not allowed]"),
        preflight(&API, &[b"https://app.example.com", b"https://app.example.com"], &[b"PUT"], &[], "403 [the request has several Origin headers]"),
        preflight(&API, &[b"https://app.ex\xc3\xa4mple.com"], &[b"PUT"], &[], "403 [origin `https://app.ex\\xc3\\xa4mple.com` is not a serialized origin]"),
        preflight(&PUBLIC, &[b"https://a b"], &[b"PUT"], &[], "403 [origin `https://a b` is not a serialized origin]"),
        preflight(&API, &[b"https://app.example.com"], &[b"patch"], &[], "403 [requested method `patch` is not allowed]"),
        preflight(&API, &[b"https://app.example.com"], &[b"OPTIONS"], &[], "403 [requested method `OPTIONS` is not allowed]"),
        preflight(&API, &[b"https://app.example.com"], &[b"get"], &[], "403 [requested method `get` is not allowed]"),
        preflight(&API, &[b"https://app.example.com"], &[b"PUT", b"PUT"], &[], "403 [requested method `PUT` is not a single method name]"),
        preflight(&API, &[b"https://app.example.com"], &[b"PU T"], &[], "403 [requested method `PU T` is not a single method name]"),
        preflight(&API, &[b"https://app.example.com"], &[b""], &[], "403 [requested method `` is not a single method name]"),
        preflight(&API, &[b"https://app.example.com"], &[b"PUT"], &[b"content-type,authorization"], "403 [requested header `authorization` is not allowed]"),
        preflight(&API, &[b"https://app.example.com"], &[b"PUT"], &[b"x-request-id", b"x-other"], "403 [requested header `x-other` is not allowed]"),
        preflight(&API, &[b"https://app.example.com"], &[b"PUT"], &[b"x request"], "403 [requested header `x request` is not a header name]"),
        preflight(&TWO, &[b"https://foo.com"], &[b"PUT"], &[], "403 [requested method `PUT` is not allowed]"),
        preflight(&TWO, &[b"https://foo.com"], &[b"GET"], &[b"x-anything"], "403 [requested header `x-anything` is not allowed]"),
        Row { pna: true, ..preflight(&API, &[b"https://app.example.com"], &[b"PUT"], &[], "403 [private network access was requested but is not allowed]") },
        Row { pna: true, ..preflight(&PNA, &[b"https://app.example.com"], &[b"GET"], &[],
            "204 | allow-origin: https://app.example.com | allow-private-network: true | vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers") },
    ]
}

#[test]
fn every_row() {
    let mut failures = Vec::new();
    for (i, row) in rows().iter().enumerate() {
        let request = Request {
            method: row.method.as_bytes(),
            origins: row.origins,
            request_method: row.acrm,
            request_headers: row.acrh,
            private_network: row.pna,
        };
        let got = outcome(row.policy, &request);
        if got != row.expect {
            failures.push(format!(
                "row {i}: {:?} {:?} acrm={:?} acrh={:?}\n   got: {got}\nexpect: {}",
                row.method,
                row.origins
                    .iter()
                    .map(|o| String::from_utf8_lossy(o))
                    .collect::<Vec<_>>(),
                row.acrm
                    .iter()
                    .map(|o| String::from_utf8_lossy(o))
                    .collect::<Vec<_>>(),
                row.acrh
                    .iter()
                    .map(|o| String::from_utf8_lossy(o))
                    .collect::<Vec<_>>(),
                row.expect
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows().len(),
        failures.join("\n")
    );
    assert!(PREFLIGHT_VARY.starts_with("vary"));
}

#[test]
fn hostile_header_lists_are_refused_in_bounded_work() {
    let huge: Vec<u8> = b"x-request-id,"
        .iter()
        .copied()
        .cycle()
        .take(1 << 20)
        .collect();
    let huge: &'static [u8] = Box::leak(huge.into_boxed_slice());
    let lines: &'static [&'static [u8]] = Box::leak(vec![huge].into_boxed_slice());
    let row = preflight(&API, &[b"https://app.example.com"], &[b"PUT"], lines, "");
    let request = Request {
        method: b"OPTIONS",
        origins: row.origins,
        request_method: row.acrm,
        request_headers: row.acrh,
        private_network: false,
    };
    assert!(outcome(&API, &request).starts_with("403 [Access-Control-Request-Headers exceeds"));
    // Many short lines are capped too.
    let many: &'static [&'static [u8]] =
        Box::leak(vec![&b"x-request-id"[..]; 10_000].into_boxed_slice());
    let request = Request {
        request_headers: many,
        ..request
    };
    assert!(outcome(&API, &request).starts_with("403 [Access-Control-Request-Headers exceeds"));
    // And a huge Origin is refused without being scanned.
    let origin: &'static [u8] = Box::leak(vec![b'a'; 1 << 20].into_boxed_slice());
    let origins: &'static [&'static [u8]] = Box::leak(vec![origin].into_boxed_slice());
    let request = Request {
        origins,
        request_headers: &[],
        ..request
    };
    assert!(outcome(&API, &request).starts_with("403 [origin `aaaa"));
}

#[test]
fn policies_can_be_const_and_inspected() {
    const LOCAL: Policy = cors_policy! { allow_origins: ["http://localhost:*"], max_age: 0 };
    assert!(LOCAL.allows_origin(b"http://localhost:8080"));
    assert_eq!(LOCAL.max_age(), Some(0));
    assert!(!LOCAL.allows_credentials());
    assert!(PUBLIC.allows_any_origin());
    let mut exact: Vec<_> = TWO.exact_origins().collect();
    exact.sort();
    assert_eq!(
        exact,
        [
            "http://127.0.0.1:3000",
            "https://bar.com",
            "https://example.com:8443",
            "https://foo.com"
        ]
    );
    assert_eq!(API.pattern_count(), 2);
    // Also usable as a plain local value.
    let local = cors_policy! { allow_origins: ["https://*.example.com:*"], allow_headers: ["x-a"] };
    assert!(local.allows_origin(b"https://a.example.com:1"));
    assert!(!local.allows_origin(b"https://example.com:1"));
}

/// Policies built by a `macro_rules!`: identifiers, literals and expressions arrive wrapped in
/// invisible groups and must read exactly as if written directly.
macro_rules! generated {
    ($name:ident, $origin:literal, $method:ident, $credentials:expr, $age:expr) => {
        static $name: Policy = cors_policy! {
            allow_origins: [$origin],
            allow_methods: [$method],
            allow_credentials: $credentials,
            max_age: $age,
        };
    };
}
generated!(GENERATED, "https://gen.example.com", PATCH, true, 60);

#[test]
fn policies_from_macro_rules() {
    assert!(GENERATED.allows_origin(b"https://gen.example.com"));
    assert!(GENERATED.allows_credentials());
    assert_eq!(GENERATED.max_age(), Some(60));
    let preflight = Request {
        method: b"OPTIONS",
        origins: &[b"https://gen.example.com"],
        request_method: &[b"PATCH"],
        ..Request::default()
    };
    assert!(matches!(
        GENERATED.decide(&preflight),
        Decision::Preflight(Preflight::Allowed(_))
    ));
}

/// `Access-Control-Allow-Headers` lists the policy's names lowercase and sorted, which is also
/// the exact line a browser sends when a script sets all of them; any subset, order or case is
/// still checked name by name.
#[test]
fn allowed_headers_are_sent_sorted_and_every_shape_of_request_list_is_checked() {
    static UNSORTED: Policy = cors_policy! {
        allow_origins: ["https://app.example.com"],
        allow_headers: ["X-B", "authorization", "x-a"],
    };
    let preflight = |list: &'static [u8]| {
        UNSORTED.decide(&Request {
            method: b"OPTIONS",
            origins: &[b"https://app.example.com"],
            request_method: &[b"GET"],
            request_headers: std::slice::from_ref(Box::leak(Box::new(list))),
            private_network: false,
        })
    };
    let allow_headers = |d: Decision<'_>| match d {
        Decision::Preflight(Preflight::Allowed(h)) => h
            .iter()
            .find(|(n, _)| *n == checked_cors::name::ALLOW_HEADERS)
            .map(|(_, v)| v.as_bytes().to_vec()),
        other => panic!("not allowed: {other:?}"),
    };
    for ok in [
        &b"authorization,x-a,x-b"[..],
        b"x-b,x-a,authorization",
        b"X-A",
        b"authorization, x-b",
        b"",
    ] {
        assert_eq!(
            allow_headers(preflight(ok)).as_deref(),
            Some(&b"authorization,x-a,x-b"[..]),
            "{}",
            String::from_utf8_lossy(ok)
        );
    }
    for refused in [
        &b"authorization,x-a,x-b,x-c"[..],
        b"authorization,x-a,x-bb",
        b"x-a x-b",
    ] {
        assert!(
            matches!(
                preflight(refused),
                Decision::Preflight(Preflight::Rejected(_))
            ),
            "{}",
            String::from_utf8_lossy(refused)
        );
    }
}
