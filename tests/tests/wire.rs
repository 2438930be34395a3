//! Wire level: real axum and actix-web servers on 127.0.0.1, driven by ONE table of raw
//! HTTP/1.1 requests, so both adapters are held to exactly the same behaviour.
//!
//! Each row states the complete outcome: the status, whether the handler ran (`handler`), and
//! every `access-control-*` and `vary` line in a fixed order. A header that is not listed must
//! be absent. Other headers (`date`, `content-length`, `allow` on a 405…) differ between the
//! frameworks and are not CORS's business, so they are ignored.
//!
//! The routes and their wiring are in `checked_cors_tests::servers`.

use checked_cors_tests::client::{self, Response};
use checked_cors_tests::servers::{self, Framework, Server, Source};

/// Where a row is sent.
#[derive(Clone, Copy, Debug)]
enum On {
    /// The per-route application.
    Routes,
    /// The whole-application wiring (top-level `Router::layer`, `App::wrap`).
    Whole,
}

#[derive(Clone, Debug)]
struct Row {
    on: On,
    method: &'static str,
    path: &'static str,
    headers: Vec<(&'static str, Vec<u8>)>,
    expect: String,
}

fn req(method: &'static str, path: &'static str) -> Row {
    Row {
        on: On::Routes,
        method,
        path,
        headers: Vec::new(),
        expect: String::new(),
    }
}

fn preflight(path: &'static str, origin: impl AsRef<[u8]>, method: &str) -> Row {
    req("OPTIONS", path)
        .origin(origin)
        .h("Access-Control-Request-Method", method)
}

impl Row {
    fn h(mut self, name: &'static str, value: impl AsRef<[u8]>) -> Row {
        self.headers.push((name, value.as_ref().to_vec()));
        self
    }
    fn origin(self, origin: impl AsRef<[u8]>) -> Row {
        self.h("Origin", origin)
    }
    fn acrh(self, names: impl AsRef<[u8]>) -> Row {
        self.h("Access-Control-Request-Headers", names)
    }
    fn whole(mut self) -> Row {
        self.on = On::Whole;
        self
    }
    fn expect(mut self, expect: impl Into<String>) -> Row {
        self.expect = expect.into();
        self
    }
}

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example";
const HANDLER_VARY: &str = "200 handler | vary: Origin";
const REJECTED: &str = "403";
const PREFLIGHT_VARY: &str =
    "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

/// An allowed actual request under [`servers::API`].
fn api_ok(origin: &str) -> String {
    format!("200 handler | allow-origin: {origin} | allow-credentials: true | expose-headers: x-request-id | vary: Origin")
}

/// An allowed preflight under [`servers::API`].
fn api_preflight_ok(origin: &str) -> String {
    format!(
        "204 | allow-origin: {origin} | allow-credentials: true | allow-methods: PUT,PATCH,DELETE \
         | allow-headers: content-type,x-request-id | max-age: 600 | {PREFLIGHT_VARY}"
    )
}

fn rows() -> Vec<Row> {
    let items = "/api/items/1";
    let api_own_vary = format!(
        "200 handler | allow-origin: {APP} | allow-credentials: true | expose-headers: x-request-id | vary: Accept-Encoding | vary: Origin"
    );
    vec![
        // ---- Preflights allowed (Router::layer / Scope::wrap).
        preflight(items, APP, "PUT").acrh("content-type,x-request-id").expect(api_preflight_ok(APP)),
        preflight(items, APP, "DELETE").expect(api_preflight_ok(APP)),
        // Safelisted methods always pass; header names in any case, order, and over several lines.
        preflight(items, APP, "GET").acrh("x-request-id").expect(api_preflight_ok(APP)),
        preflight(items, APP, "PATCH").acrh(" X-Request-ID ,, ").acrh("Content-Type").expect(api_preflight_ok(APP)),
        // Wildcard subdomains and ports.
        preflight(items, "https://a.b.example.org", "PATCH").expect(api_preflight_ok("https://a.b.example.org")),
        preflight(items, "http://localhost:3000", "PUT").expect(api_preflight_ok("http://localhost:3000")),
        preflight(items, "http://localhost", "PUT").expect(api_preflight_ok("http://localhost")),
        // ---- Preflights rejected: 403 with no CORS header, for each reason; never the handler.
        preflight(items, EVIL, "PUT").expect(REJECTED),
        preflight(items, "https://example.org", "PUT").expect(REJECTED),
        preflight(items, "https://app.example.com.evil.net", "PUT").expect(REJECTED),
        preflight(items, "https://evil-example.org", "PUT").expect(REJECTED),
        preflight(items, "https://localhost:3000", "PUT").expect(REJECTED),
        preflight(items, "null", "PUT").expect(REJECTED),
        preflight(items, APP, "patch").expect(REJECTED),
        preflight(items, APP, "PROPFIND").expect(REJECTED),
        preflight(items, APP, "PUT").acrh("content-type,x-secret").expect(REJECTED),
        preflight(items, APP, "PUT").acrh("authorization").expect(REJECTED),
        preflight(items, APP, "PUT").acrh("x request").expect(REJECTED),
        preflight(items, APP, "PUT").h("Access-Control-Request-Private-Network", "true").expect(REJECTED),
        preflight(items, APP, "PUT").origin(APP).expect(REJECTED),
        preflight(items, APP, "PU T").expect(REJECTED),
        preflight(items, APP, "").expect(REJECTED),
        preflight(items, APP, "PUT").h("Access-Control-Request-Method", "PUT").expect(REJECTED),
        preflight(items, b"https://app.ex\xc3\xa4mple.com".as_slice(), "PUT").expect(REJECTED),
        // Hostile header lists: over the byte cap (but under both servers' own limits), too
        // many lines, too many elements.
        preflight(items, APP, "PUT").acrh("x-request-id,".repeat(5000)).expect(REJECTED),
        (0..17).fold(preflight(items, APP, "PUT"), |r, _| r.acrh("x-request-id")).expect(REJECTED),
        preflight(items, APP, "PUT").acrh(",".repeat(64) + "x-request-id").expect(REJECTED),
        // An 8 KiB Origin is refused without being looked up.
        preflight(items, format!("https://{}.example", "a".repeat(8 << 10)), "PUT").expect(REJECTED),
        req("GET", items).origin(format!("https://{}.example", "a".repeat(8 << 10))).expect(HANDLER_VARY),
        // ---- Actual requests: always reach the handler; headers only when allowed.
        req("GET", items).origin(APP).expect(api_ok(APP)),
        req("POST", items).origin(APP).expect(api_ok(APP)),
        req("PUT", items).origin(APP).expect(api_ok(APP)),
        req("DELETE", items).origin(APP).expect(api_ok(APP)),
        req("PROPFIND", items).origin(APP).expect(api_ok(APP)),
        req("GET", items).origin("https://x.example.org").expect(api_ok("https://x.example.org")),
        req("GET", items).origin("http://localhost:8080").expect(api_ok("http://localhost:8080")),
        req("GET", items).origin(EVIL).expect(HANDLER_VARY),
        req("GET", items).origin("https://app.example.com:443").expect(HANDLER_VARY),
        req("GET", items).origin("https://app.example.com/").expect(HANDLER_VARY),
        req("GET", items).origin("https://APP.example.com").expect(HANDLER_VARY),
        req("GET", items).origin("null").expect(HANDLER_VARY),
        req("GET", items).expect(HANDLER_VARY),
        req("POST", items).expect(HANDLER_VARY),
        req("GET", items).origin(APP).origin(APP).expect(HANDLER_VARY),
        req("GET", items).origin(APP).origin(EVIL).expect(HANDLER_VARY),
        req("GET", items).origin(b"https://app.ex\xc3\xa4mple.com".as_slice()).expect(HANDLER_VARY),
        req("GET", items).origin(b"https://app.example.com\x80".as_slice()).expect(HANDLER_VARY),
        // Methods are case-sensitive: `options` is not OPTIONS, so this is no preflight.
        req("options", items)
            .origin(APP)
            .h("Access-Control-Request-Method", "PUT")
            .expect(api_ok(APP)),
        // HEAD is an actual request like GET.
        req("HEAD", items).origin(APP).expect(api_ok(APP)),
        req("HEAD", items).origin(EVIL).expect(HANDLER_VARY),
        req("HEAD", items).expect(HANDLER_VARY),
        // OPTIONS without Access-Control-Request-Method is not a preflight: the handler answers.
        req("OPTIONS", items).origin(APP).expect(api_ok(APP)),
        req("OPTIONS", items).h("Access-Control-Request-Method", "PUT").expect(HANDLER_VARY),
        // ---- A route without any OPTIONS handler still gets its preflights answered.
        preflight("/api/put-only", APP, "PUT").acrh("content-type").expect(api_preflight_ok(APP)),
        preflight("/api/put-only", EVIL, "PUT").expect(REJECTED),
        req("PUT", "/api/put-only").origin(APP).expect(api_ok(APP)),
        // The framework's own 405 gets the CORS headers too, so the browser can read it.
        req("GET", "/api/put-only")
            .origin(APP)
            .expect(format!("405 | allow-origin: {APP} | allow-credentials: true | expose-headers: x-request-id | vary: Origin")),
        // ---- The handler's Vary is kept and `Origin` appended; its ACAO is never overwritten.
        req("GET", "/api/vary").origin(APP).expect(api_own_vary.clone()),
        req("GET", "/api/vary").origin(EVIL).expect("200 handler | vary: Accept-Encoding | vary: Origin"),
        req("GET", "/api/vary").expect("200 handler | vary: Accept-Encoding | vary: Origin"),
        preflight("/api/vary", APP, "PUT").expect(api_preflight_ok(APP)),
        req("GET", "/api/own-acao")
            .origin(APP)
            .expect("200 handler | allow-origin: https://fixed.example | allow-credentials: true | expose-headers: x-request-id | vary: Origin"),
        req("GET", "/api/own-acao").origin(EVIL).expect("200 handler | allow-origin: https://fixed.example | vary: Origin"),
        req("GET", "/api/own-acao").expect("200 handler | allow-origin: https://fixed.example | vary: Origin"),
        preflight("/api/own-acao", APP, "PUT").expect(api_preflight_ok(APP)),
        // `Vary: *` already covers Origin: nothing is appended.
        req("GET", "/api/vary-star").origin(APP).expect(format!(
            "200 handler | allow-origin: {APP} | allow-credentials: true | expose-headers: x-request-id | vary: *"
        )),
        req("GET", "/api/vary-star").expect("200 handler | vary: *"),
        // ---- An inner middleware refuses the request (401): the browser must still be able
        // to read that answer, so it carries the CORS headers and Vary like any other.
        req("GET", "/api/denied").origin(APP).expect(format!(
            "401 | allow-origin: {APP} | allow-credentials: true | expose-headers: x-request-id | vary: Origin"
        )),
        req("GET", "/api/denied").expect("401 | vary: Origin"),
        preflight("/api/denied", APP, "PUT").expect(api_preflight_ok(APP)),
        // ---- Two stacked layers: no duplicate Vary entry, the outer one answers preflights.
        req("GET", "/stacked").origin(APP).expect(api_own_vary),
        req("GET", "/stacked").origin(EVIL).expect("200 handler | vary: Accept-Encoding | vary: Origin"),
        req("GET", "/stacked").expect("200 handler | vary: Accept-Encoding | vary: Origin"),
        preflight("/stacked", APP, "PUT").acrh("x-request-id").expect(api_preflight_ok(APP)),
        preflight("/stacked", EVIL, "PUT").expect(REJECTED),
        // ---- `*` policy (MethodRouter::layer / Resource::wrap): no Vary, methods and headers
        // echoed (Authorization included), any origin but never several or a malformed one.
        req("GET", "/public").origin("https://anyone.example").expect("200 handler | allow-origin: * | expose-headers: *"),
        req("GET", "/public").origin("null").expect("200 handler | allow-origin: * | expose-headers: *"),
        req("GET", "/public").expect("200 handler"),
        req("GET", "/public").origin(APP).origin(EVIL).expect("200 handler"),
        req("GET", "/public").origin(b"https://\xc3\xa4.example".as_slice()).expect("200 handler"),
        preflight("/public", "https://anyone.example", "PURGE").acrh("authorization,x-custom").expect(
            "204 | allow-origin: * | allow-methods: PURGE | allow-headers: authorization,x-custom \
             | vary: Access-Control-Request-Method, Access-Control-Request-Headers",
        ),
        preflight("/public", "https://anyone.example", "GET")
            .expect("204 | allow-origin: * | allow-methods: GET | vary: Access-Control-Request-Method, Access-Control-Request-Headers"),
        // Echoed line by line: several request lines give several answer lines; an empty
        // list gives none.
        preflight("/public", "https://anyone.example", "PUT")
            .acrh("x-a")
            .acrh("x-b,x-c")
            .expect(
                "204 | allow-origin: * | allow-methods: PUT | allow-headers: x-a | allow-headers: x-b,x-c \
                 | vary: Access-Control-Request-Method, Access-Control-Request-Headers",
            ),
        preflight("/public", "https://anyone.example", "PUT")
            .acrh(" , ")
            .expect("204 | allow-origin: * | allow-methods: PUT | vary: Access-Control-Request-Method, Access-Control-Request-Headers"),
        preflight("/public", APP, "PUT").origin(EVIL).expect(REJECTED),
        preflight("/public", b"https://\xc3\xa4.example".as_slice(), "PUT").expect(REJECTED),
        preflight("/public", "https://anyone.example", "PU T").expect(REJECTED),
        preflight("/public/put-only", "https://anyone.example", "PUT")
            .acrh("x-a")
            .expect("204 | allow-origin: * | allow-methods: PUT | allow-headers: x-a | vary: Access-Control-Request-Method, Access-Control-Request-Headers"),
        req("GET", "/public/put-only").origin(APP).expect("405 | allow-origin: * | expose-headers: *"),
        // ---- Credentials: only the API policy sends Access-Control-Allow-Credentials.
        req("GET", "/plain").origin(APP).expect(format!("200 handler | allow-origin: {APP} | vary: Origin")),
        preflight("/plain", APP, "POST")
            .acrh("content-type")
            .expect(format!("204 | allow-origin: {APP} | allow-headers: content-type | {PREFLIGHT_VARY}")),
        preflight("/plain", APP, "PUT").expect(REJECTED),
        // ---- `max_age: 0` is sent (browsers would otherwise cache the preflight for 5 s).
        preflight("/nocache", "http://localhost:5173", "PUT").acrh("x-request-id").expect(format!(
            "204 | allow-origin: http://localhost:5173 | allow-methods: PUT | allow-headers: x-request-id | max-age: 0 | {PREFLIGHT_VARY}"
        )),
        // ---- Private network access.
        preflight("/pna", APP, "GET")
            .h("Access-Control-Request-Private-Network", "true")
            .expect(format!("204 | allow-origin: {APP} | allow-private-network: true | {PREFLIGHT_VARY}")),
        preflight("/pna", APP, "GET").expect(format!("204 | allow-origin: {APP} | {PREFLIGHT_VARY}")),
        preflight("/pna", EVIL, "GET").h("Access-Control-Request-Private-Network", "true").expect(REJECTED),
        // ---- A second policy on one route: the API's origins are not listed there.
        req("GET", "/partner").origin(APP).expect(HANDLER_VARY),
        preflight("/partner", APP, "PUT").expect(REJECTED),
        preflight("/partner", "https://partner.example.com", "PUT")
            .expect(format!("204 | allow-origin: https://partner.example.com | allow-methods: PUT | {PREFLIGHT_VARY}")),
        req("GET", "/partner")
            .origin("https://partner.example.com")
            .expect("200 handler | allow-origin: https://partner.example.com | vary: Origin"),
        // ---- A route without a policy: an OPTIONS request, even a preflight, is the handler's.
        preflight("/none", APP, "PUT").expect("200 handler"),
        req("GET", "/none").origin(APP).expect("200 handler"),
        // ---- The whole application (top-level Router::layer / App::wrap).
        preflight("/whole", APP, "DELETE")
            .whole()
            .expect(format!("204 | allow-origin: {APP} | allow-methods: DELETE | max-age: 5 | {PREFLIGHT_VARY}")),
        preflight("/whole/put-only", "http://localhost:1234", "DELETE")
            .whole()
            .expect(format!("204 | allow-origin: http://localhost:1234 | allow-methods: DELETE | max-age: 5 | {PREFLIGHT_VARY}")),
        preflight("/whole", APP, "PUT").whole().expect(REJECTED),
        preflight("/whole", EVIL, "DELETE").whole().expect(REJECTED),
        req("DELETE", "/whole").origin(APP).whole().expect(format!("200 handler | allow-origin: {APP} | vary: Origin")),
        req("GET", "/whole").origin(EVIL).whole().expect(HANDLER_VARY),
        req("GET", "/whole").whole().expect(HANDLER_VARY),
    ]
}

/// The canonical order of CORS response headers (the runtime's own order); `vary` last.
const ORDER: [&str; 7] = [
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-max-age",
    "access-control-allow-private-network",
    "access-control-expose-headers",
];

/// Status, `handler` if it ran, then every CORS header line in canonical order (unknown
/// `access-control-*` names after, by name), each name's lines in the order received.
fn outcome(response: &Response, handler_ran: bool) -> String {
    let mut out = response.status.to_string();
    if handler_ran {
        out.push_str(" handler");
    }
    let rank = |name: &str| ORDER.iter().position(|n| *n == name).unwrap_or(ORDER.len());
    let mut lines: Vec<(usize, &str, usize, &[u8])> = response
        .headers
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| name.starts_with("access-control-"))
        .map(|(i, (name, value))| (rank(name), name.as_str(), i, value.as_slice()))
        .collect();
    lines.sort();
    for (_, name, _, value) in lines {
        let short = name.trim_start_matches("access-control-");
        out.push_str(&format!(" | {short}: {}", String::from_utf8_lossy(value)));
    }
    for vary in response.all("vary") {
        out.push_str(&format!(" | vary: {}", String::from_utf8_lossy(vary)));
    }
    out
}

fn describe(row: &Row) -> String {
    let headers: Vec<String> = row
        .headers
        .iter()
        .map(|(n, v)| {
            let v = String::from_utf8_lossy(v);
            let v = if v.len() > 60 {
                format!("{}… ({} bytes)", &v[..40], v.len())
            } else {
                v.into_owned()
            };
            format!("{n}: {v}")
        })
        .collect();
    format!(
        "{:?} {} {} [{}]",
        row.on,
        row.method,
        row.path,
        headers.join("; ")
    )
}

/// Sends `row`'s request to the application of `server` it names.
fn send_row(server: &Server, row: &Row) -> Result<Response, client::Failure> {
    let addr = match row.on {
        On::Routes => server.routes,
        On::Whole => server.whole,
    };
    let headers: Vec<(&str, &[u8])> = row
        .headers
        .iter()
        .map(|(n, v)| (*n, v.as_slice()))
        .collect();
    client::send(addr, row.method, row.path, &headers)
}

fn run_table(server: &Server) -> Vec<String> {
    let mut failures = Vec::new();
    for (i, row) in rows().iter().enumerate() {
        let ran_before = server.counters.handler_total();
        let response = send_row(server, row);
        let got = match response {
            Ok(response) => outcome(&response, server.counters.handler_total() > ran_before),
            Err(e) => format!("no response: {e}"),
        };
        if got != row.expect {
            failures.push(format!(
                "row {i}: {}\n     got: {got}\n  expect: {}",
                describe(row),
                row.expect
            ));
        }
    }
    failures
}

fn check(framework: Framework, source: Source) {
    let server = servers::start(framework, source);
    let failures = run_table(&server);
    assert!(
        failures.is_empty(),
        "{framework:?} {source:?}: {} of {} rows failed:\n{}",
        failures.len(),
        rows().len(),
        failures.join("\n")
    );
}

#[test]
fn axum_matches_the_table() {
    check(Framework::Axum, Source::Compiled);
}

#[test]
fn actix_matches_the_table() {
    check(Framework::Actix, Source::Compiled);
}

#[test]
fn axum_runtime_policies_match_the_table() {
    check(Framework::Axum, Source::Runtime);
}

#[test]
fn actix_runtime_policies_match_the_table() {
    check(Framework::Actix, Source::Runtime);
}

/// Run-time policies are indistinguishable on the wire from the compiled ones with the same
/// keys: every row's raw response (status, every header line, body) is the same bytes from both
/// servers of a framework ([`normalized`]: but for `date`).
#[test]
fn runtime_and_compiled_policies_answer_byte_for_byte() {
    for framework in Framework::ALL {
        let compiled = servers::start(framework, Source::Compiled);
        let runtime = servers::start(framework, Source::Runtime);
        for row in rows() {
            let answer = |server: &Server| {
                let response = send_row(server, &row)
                    .unwrap_or_else(|e| panic!("{framework:?} {}: {e}", describe(&row)));
                normalized(&response)
            };
            assert_eq!(
                answer(&compiled),
                answer(&runtime),
                "{framework:?} {}",
                describe(&row)
            );
        }
    }
}

/// Every framework with every policy source.
fn both() -> impl Iterator<Item = (Framework, Source)> {
    Framework::ALL
        .into_iter()
        .flat_map(|f| Source::ALL.map(|s| (f, s)))
}

/// The counting middleware sits outside the CORS layer and sees every preflight; the handler
/// sees none, allowed or rejected, on each kind of wiring; an actual request always reaches it.
#[test]
fn preflights_never_reach_the_handler() {
    for (framework, source) in both() {
        let server = servers::start(framework, source);
        for path in ["/api/items/1", "/public/put-only", "/stacked"] {
            let before = server.counters.get(path);
            let r = client::send(
                server.routes,
                "OPTIONS",
                path,
                &[
                    ("Origin", APP.as_bytes()),
                    ("Access-Control-Request-Method", b"PUT"),
                ],
            )
            .unwrap();
            let rejected = client::send(
                server.routes,
                "OPTIONS",
                path,
                &[
                    ("Origin", b"https://a b"),
                    ("Access-Control-Request-Method", b"PUT"),
                ],
            )
            .unwrap();
            let after = server.counters.get(path);
            assert_eq!(
                (r.status, rejected.status),
                (204, 403),
                "{framework:?} {path}"
            );
            assert_eq!(
                after.preflights - before.preflights,
                2,
                "{framework:?} {path}: preflights counted"
            );
            assert_eq!(
                after.handler, before.handler,
                "{framework:?} {path}: a preflight reached the handler"
            );
            // And an actual request always does.
            client::send(
                server.routes,
                "PUT",
                path,
                &[("Origin", b"https://nobody.example")],
            )
            .unwrap();
            assert_eq!(
                server.counters.get(path).handler,
                before.handler + 1,
                "{framework:?} {path}"
            );
        }
    }
}

/// A 1 MiB `Access-Control-Request-Headers` is over both servers' own limits on a request
/// head ([`head_limit`]): the server refuses it before the CORS layer runs. Whatever it
/// answers, it has no CORS header, nothing ran, and the server stays up.
/// (That the layer's own work is bounded is shown without timing: the caps reject before
/// scanning, see `cors-policy-runtime/src/header_list.rs`.)
#[test]
fn megabyte_header_list_is_refused_before_the_handler() {
    let huge = "x-request-id,".repeat(1 << 20 >> 4);
    assert!(huge.len() >= 800 << 10);
    for (framework, source) in both() {
        let server = servers::start(framework, source);
        let result = client::send(
            server.routes,
            "OPTIONS",
            "/api/items/1",
            &[
                ("Origin", APP.as_bytes()),
                ("Access-Control-Request-Method", b"PUT"),
                ("Access-Control-Request-Headers", huge.as_bytes()),
            ],
        );
        if let Ok(response) = &result {
            assert_eq!(outcome(response, false), "431", "{framework:?}");
        }
        let count = server.counters.get("/api/items/1");
        assert_eq!(
            (count.handler, count.preflights),
            (0, 0),
            "{framework:?}: the request got past the server"
        );
        // The server is still up and answers the next request.
        let ok = client::send(
            server.routes,
            "GET",
            "/api/items/1",
            &[("Origin", APP.as_bytes())],
        )
        .unwrap();
        assert_eq!(outcome(&ok, true), api_ok(APP), "{framework:?}");
    }
}

/// The most bytes of request head each server always reads: hyper (under axum 0.8) answers 431
/// once its default `max_buf_size`, 8 KiB + 400 KiB, is buffered without the end of the head;
/// actix-web once 128 KiB is. A read can carry a head past the mark (measured on loopback: up to
/// 512 KiB on hyper when the head arrives in one write), so a refusal is only certain well above
/// it, as for the megabyte above. The README states these numbers.
fn head_limit(framework: Framework) -> usize {
    match framework {
        Framework::Axum => 8192 + 4096 * 100,
        Framework::Actix => 128 << 10,
    }
}

/// The most header lines each server accepts before answering 431 (Host included).
fn line_limit(framework: Framework) -> usize {
    match framework {
        Framework::Axum => 100,
        Framework::Actix => 96,
    }
}

/// A request whose head is exactly `head` bytes: `fixed` lines, then `name` with a value of
/// `prefix`, `a`s and `suffix`.
fn head_of(
    addr: std::net::SocketAddr,
    method: &str,
    fixed: &[(&str, &[u8])],
    (name, prefix, suffix): (&str, &[u8], &[u8]),
    head: usize,
) -> Vec<u8> {
    let with = |value: &[u8]| {
        let mut lines = fixed.to_vec();
        lines.push((name, value));
        client::request_bytes(addr, method, "/api/items/1", &lines)
    };
    let fill = head - with(&[]).len() - prefix.len() - suffix.len();
    let value = [prefix, &vec![b'a'; fill], suffix].concat();
    let bytes = with(&value);
    assert_eq!(bytes.len(), head);
    bytes
}

/// The largest head each server always reads reaches the CORS layer, whose own bounds refuse
/// the long value without scanning it: an `Access-Control-Request-Headers` over 4096 bytes or an
/// `Origin` over 512 bytes makes a preflight 403 with no CORS header, and an actual request with
/// such an `Origin` runs the handler without CORS headers. So up to the server's limit the layer
/// answers; beyond it the server does (see the megabyte test above).
#[test]
fn the_longest_head_a_server_reads_is_refused_by_the_layer_bounds() {
    let long_origin: (&str, &[u8], &[u8]) = ("Origin", b"https://", b".example.org");
    for (framework, source) in both() {
        let server = servers::start(framework, source);
        let head = head_limit(framework);
        let cases = [
            (
                head_of(
                    server.routes,
                    "OPTIONS",
                    &[
                        ("Origin", APP.as_bytes()),
                        ("Access-Control-Request-Method", b"PUT"),
                    ],
                    ("Access-Control-Request-Headers", b"content-type,", b""),
                    head,
                ),
                REJECTED,
            ),
            (
                head_of(
                    server.routes,
                    "OPTIONS",
                    &[("Access-Control-Request-Method", b"PUT")],
                    long_origin,
                    head,
                ),
                REJECTED,
            ),
            (
                head_of(server.routes, "GET", &[], long_origin, head),
                HANDLER_VARY,
            ),
        ];
        for (request, expect) in cases {
            let before = server.counters.get("/api/items/1");
            let response = client::send_raw(server.routes, &request)
                .unwrap_or_else(|e| panic!("{framework:?}: {e}"));
            let after = server.counters.get("/api/items/1");
            let handler_ran = after.handler > before.handler;
            assert_eq!(
                outcome(&response, handler_ran),
                expect,
                "{framework:?}, {head} bytes"
            );
            assert_eq!(
                (after.handler - before.handler) + (after.preflights - before.preflights),
                1,
                "{framework:?}: the request did not reach the application"
            );
        }
    }
}

/// Each server answers 431 itself to a request with more header lines than it parses, before
/// any middleware; at its limit the request reaches the application.
#[test]
fn header_line_limits_are_the_servers() {
    for (framework, source) in both() {
        let server = servers::start(framework, source);
        let limit = line_limit(framework);
        let fill = |total: usize| {
            // `Host` and `Connection` are sent too.
            let mut lines = vec![("Origin", APP.as_bytes())];
            lines.extend(std::iter::repeat_n(("X-Line", &b"a"[..]), total - 3));
            client::send(server.routes, "GET", "/api/items/1", &lines).unwrap()
        };
        let ran = |before: usize| server.counters.get("/api/items/1").handler > before;
        let before = server.counters.get("/api/items/1").handler;
        let at = fill(limit);
        assert_eq!(
            outcome(&at, ran(before)),
            api_ok(APP),
            "{framework:?}: {limit} lines"
        );
        let before = server.counters.get("/api/items/1").handler;
        let over = fill(limit + 1);
        assert_eq!(
            outcome(&over, ran(before)),
            "431",
            "{framework:?}: {} lines",
            limit + 1
        );
    }
}

/// The table is only worth something if its rows are distinct and cover every route.
#[test]
fn the_table_covers_every_route() {
    let rows = rows();
    let mut seen = std::collections::HashSet::new();
    for row in &rows {
        assert!(
            seen.insert(describe(row)),
            "duplicate row: {}",
            describe(row)
        );
    }
    for path in [
        "/api/items/1",
        "/api/put-only",
        "/api/vary",
        "/api/own-acao",
        "/api/vary-star",
        "/api/denied",
        "/public",
        "/public/put-only",
        "/pna",
        "/partner",
        "/plain",
        "/nocache",
        "/stacked",
        "/none",
        "/whole",
        "/whole/put-only",
    ] {
        assert!(rows.iter().any(|r| r.path == path), "no row for {path}");
    }
}

/// The policy that answers `path` on its server, if any.
fn twin_of(row: &Row) -> Option<&'static checked_cors_tests::twins::Twin> {
    let path = row.path.split('?').next().unwrap_or("");
    Some(match (&row.on, path) {
        (On::Whole, _) => &servers::WHOLE,
        (_, p) if p.starts_with("/api/") || p == "/stacked" => &servers::API,
        (_, p) if p.starts_with("/public") => &servers::PUBLIC,
        (_, "/pna") => &servers::PNA,
        (_, "/partner") => &servers::PARTNER,
        (_, "/plain") => &servers::PLAIN,
        (_, "/nocache") => &servers::NO_CACHE,
        _ => return None,
    })
}

/// A response as compared across servers: status, lines and body.
type Normalized = (u16, Vec<(String, Vec<u8>)>, Vec<u8>);

/// A response's lines, `date` left out, by name, the lines of one name in the order sent
/// (actix-web writes its map in hash order, which differs from map to map).
fn normalized(response: &Response) -> Normalized {
    let mut headers: Vec<(String, Vec<u8>)> = response
        .headers
        .iter()
        .filter(|(name, _)| name != "date")
        .cloned()
        .collect();
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    (response.status, headers, response.body.clone())
}

/// Debug mode tells an allowed origin why its preflight failed, and nothing more: every row of
/// the table (the hostile ones included) is answered exactly as outside debug mode, except a
/// preflight from an allowed origin refused for its method, its headers or private network
/// access, which gets 204 with `Access-Control-Allow-Origin` (the request's origin, which the
/// policy allows), `-Allow-Credentials` when the policy allows credentials, the policy's own
/// listed methods and headers, and `Vary`: no other value, and nothing of the request's.
#[test]
fn debug_mode_tells_an_allowed_origin_only_the_policy() {
    for (framework, source) in both() {
        let normal = servers::start(framework, source);
        let debug = servers::start_with(framework, source, true);
        let mut explained = 0;
        for row in rows() {
            let send = |server: &Server| send_row(server, &row).ok();
            let context = format!("{framework:?} {source:?} {}", describe(&row));
            let (Some(plain), Some(told)) = (send(&normal), send(&debug)) else {
                continue; // refused by the server itself, before any layer (431)
            };
            if normalized(&plain) == normalized(&told) {
                continue;
            }
            // Only a refused preflight may differ.
            assert_eq!(plain.status, 403, "{context}");
            assert_eq!(told.status, 204, "{context}");
            let twin = twin_of(&row).unwrap_or_else(|| panic!("{context}: no policy"));
            let config = twin.config();
            let origins: Vec<&[u8]> = row
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("origin"))
                .map(|(_, v)| v.as_slice())
                .collect();
            let [origin] = origins.as_slice() else {
                panic!("{context}: explained with several origins")
            };
            assert!(
                twin.compiled.allows_origin(origin),
                "{context}: foreign origin told"
            );
            let listed = |values: &Option<checked_cors::Values>, lower: bool| match values {
                Some(checked_cors::Values::List(list)) if !list.is_empty() => {
                    let mut list: Vec<String> = list
                        .iter()
                        .map(|v| {
                            if lower {
                                v.to_ascii_lowercase()
                            } else {
                                v.clone()
                            }
                        })
                        .collect();
                    if lower {
                        list.sort();
                    }
                    Some(list.join(",").into_bytes())
                }
                _ => None,
            };
            let any_origin = config.allow_origins == Some(checked_cors::Values::Any);
            let allow_origin = if any_origin {
                b"*".to_vec()
            } else {
                origin.to_vec()
            };
            let mut expected: Vec<(String, Vec<u8>)> =
                vec![("access-control-allow-origin".into(), allow_origin)];
            if config.allow_credentials {
                expected.push(("access-control-allow-credentials".into(), b"true".to_vec()));
            }
            if let Some(methods) = listed(&config.allow_methods, false) {
                expected.push(("access-control-allow-methods".into(), methods));
            }
            if let Some(headers) = listed(&config.allow_headers, true) {
                expected.push(("access-control-allow-headers".into(), headers));
            }
            expected.sort();
            let mut cors: Vec<(String, Vec<u8>)> = told
                .headers
                .iter()
                .filter(|(n, _)| n.starts_with("access-control-"))
                .cloned()
                .collect();
            cors.sort();
            assert_eq!(
                cors.iter()
                    .map(|(n, v)| (n.as_str(), String::from_utf8_lossy(v).into_owned()))
                    .collect::<Vec<_>>(),
                expected
                    .iter()
                    .map(|(n, v)| (n.as_str(), String::from_utf8_lossy(v).into_owned()))
                    .collect::<Vec<_>>(),
                "{context}"
            );
            let vary = told.get("vary");
            let expected_vary = PREFLIGHT_VARY.strip_prefix("vary: ").unwrap();
            let expected_vary = if any_origin {
                expected_vary.strip_prefix("Origin, ").unwrap()
            } else {
                expected_vary
            };
            assert_eq!(vary.as_deref(), Some(expected_vary), "{context}");
            explained += 1;
        }
        // The table's refusals of an allowed origin: methods, headers, private network access.
        assert!(
            explained >= 8,
            "{framework:?} {source:?}: {explained} explained"
        );
        // The same rows ran the handlers the same number of times: a told preflight never
        // reaches one.
        assert_eq!(
            (
                debug.counters.handler_total(),
                debug.counters.preflight_total()
            ),
            (
                normal.counters.handler_total(),
                normal.counters.preflight_total()
            ),
            "{framework:?} {source:?}"
        );
    }
}
