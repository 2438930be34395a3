//! A run-time policy answers exactly as the compiled policy with the same keys: the same
//! decision (status, every header's bytes, `Vary`, the rejection reason) and, through the
//! adapters' `http` path, the same preflight answer and the same headers on a handler's
//! response, over tens of thousands of random browser-like requests per policy.
//!
//! Requests are built from each policy's own origins and names, mutated the ways a browser, a
//! careless client or an attacker would: other case, a trailing slash or dot, another port or
//! scheme, one more or one fewer label, one byte off, a suffix glued on; methods and header
//! lists in browser form and in every other legal and illegal shape.

use checked_cors::http::{CorsRequest, PreflightTemplate, Respond};
use checked_cors::{Decision, OwnedPolicy, Policy, Preflight, Request};
use checked_cors_tests::twin;
use checked_cors_tests::twins::Twin;
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method};

twin!(LISTED = {
    allow_origins: ["https://app.example.com", "https://admin.example.com", "https://*.example.org",
        "http://localhost:*", "http://127.0.0.1:8080", "https://[::1]:8443", "tauri://localhost"],
    allow_methods: [PUT, DELETE, "PROPFIND", PATCH],
    allow_headers: ["content-type", "x-request-id", "authorization"],
    expose_headers: ["x-request-id", "etag"],
    allow_credentials: true,
    max_age: 600,
});

twin!(ANYTHING = {
    allow_origins: *,
    allow_methods: *,
    allow_headers: *,
    expose_headers: *,
    allow_private_network: true,
});

twin!(ECHOING = {
    allow_origins: ["https://app.example.com", "http://localhost:*", "https://*.example.org:*",
        "https://*.a.b.example.net"],
    allow_methods: *,
    allow_headers: *,
    allow_credentials: true,
    allow_private_network: true,
    max_age: 0,
});

twin!(BARE = {
    allow_origins: ["https://app.example.com"],
});

twin!(PUBLIC_NAMES = {
    allow_origins: ["https://shop.example.com", "https://*.shop.example.com:8443"],
    allow_headers: ["x-a", "x-b", "x-c", "x-d", "x-e", "x-f", "x-g", "x-h"],
    expose_headers: *,
    max_age: 86400,
});

static TWINS: [&Twin; 5] = [&LISTED, &ANYTHING, &ECHOING, &BARE, &PUBLIC_NAMES];

/// xorshift64*: deterministic, so a failure names its round and reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// Origins the policy's text names, made concrete (`*.` becomes a label, `:*` a port).
fn seeds(twin: &Twin) -> Vec<String> {
    let mut out = Vec::new();
    for part in twin.text.split('"') {
        if part.contains("://") {
            out.push(part.replace("*.", "a.").replace(":*", ":3000"));
            out.push(part.replace("*.", "x.y.").replace(":*", ""));
        }
    }
    out.push("https://app.example.com".into());
    out.push("null".into());
    out
}

/// One mutation of `origin`.
fn mutate(rng: &mut Rng, origin: &str) -> String {
    let mut o = origin.to_owned();
    match rng.below(14) {
        0..=2 => {}
        3 => o = o.to_ascii_uppercase(),
        4 => o.push('/'),
        5 => o.push('.'),
        6 => o.push_str(":8080"),
        7 => o = o.replacen("https://", "http://", 1),
        8 => o = o.replacen("://", "://evil.", 1),
        9 => o.push_str(".evil.net"),
        10 => {
            // One byte off.
            if !o.is_empty() {
                let i = rng.below(o.len());
                let mut bytes = o.into_bytes();
                bytes[i] = bytes[i].wrapping_add(1);
                o = String::from_utf8_lossy(&bytes).into_owned();
            }
        }
        11 => o = o.replacen("://", "://a.b.c.", 1),
        12 => o.push_str(":443"),
        _ => o = format!("{o}\u{e9}"),
    }
    o
}

const METHODS: [&str; 10] = [
    "PUT", "GET", "DELETE", "PROPFIND", "patch", "PATCH", "", "X Y", "POST", "PURGE",
];
const HEADER_LINES: [&str; 12] = [
    "content-type,x-request-id",
    "x-request-id",
    "Content-Type, X-Request-Id",
    " , ",
    "",
    "authorization",
    "x-a,x-b,x-c,x-d,x-e,x-f,x-g,x-h",
    "x-a, x-b",
    "x y",
    "content-type",
    "x-h,x-a",
    "authorization,content-type,x-request-id",
];

/// A request: method and header lines, as a browser or another client sends them.
fn random_request(rng: &mut Rng, seeds: &[String]) -> (Method, Vec<(&'static str, Vec<u8>)>) {
    let method = match rng.below(5) {
        0 => Method::GET,
        1 => Method::PUT,
        2 => Method::POST,
        _ => Method::OPTIONS,
    };
    let mut lines = Vec::new();
    let count = |rng: &mut Rng| [0, 1, 1, 1, 1, 1, 1, 2][rng.below(8)];
    for _ in 0..count(rng) {
        let seed = &seeds[rng.below(seeds.len())];
        lines.push(("origin", mutate(rng, seed).into_bytes()));
    }
    for _ in 0..count(rng) {
        lines.push((
            "access-control-request-method",
            rng.pick(&METHODS).as_bytes().to_vec(),
        ));
    }
    let header_lines = [0, 1, 1, 1, 1, 2, 3, 20][rng.below(8)];
    for _ in 0..header_lines {
        lines.push((
            "access-control-request-headers",
            rng.pick(&HEADER_LINES).as_bytes().to_vec(),
        ));
    }
    match rng.below(5) {
        0 => lines.push(("access-control-request-private-network", b"true".to_vec())),
        1 => lines.push(("access-control-request-private-network", b"false".to_vec())),
        _ => {}
    }
    (method, lines)
}

/// A decision as bytes, whatever kind of policy string its values are.
fn normal(decision: Decision<'_>) -> String {
    let headers = |h: checked_cors::Headers<'_>| {
        let mut out: Vec<String> = h
            .iter()
            .map(|(n, v)| format!("{n}: {}", String::from_utf8_lossy(v.as_bytes())))
            .collect();
        out.push(format!("vary: {:?}", h.vary().as_str()));
        out.join("; ")
    };
    match decision {
        Decision::NotCors(h) => format!("not CORS [{}]", headers(h)),
        Decision::Actual(h) => format!("actual [{}]", headers(h)),
        Decision::Preflight(Preflight::Allowed(h)) => format!("204 [{}]", headers(h)),
        Decision::Preflight(Preflight::Rejected(r)) => format!("403 {r:?}"),
    }
}

fn map_lines(map: &HeaderMap) -> Vec<(String, Vec<u8>)> {
    map.iter()
        .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
        .collect()
}

/// Through the adapters' path: the preflight answer, or the headers added to a handler's
/// response (which sets a `Vary` of its own half the time).
fn through_http<P: checked_cors::AsPolicy>(
    template: &PreflightTemplate<P>,
    method: &Method,
    headers: &HeaderMap,
    handler_vary: bool,
) -> String {
    match CorsRequest::new(method, headers).respond(template) {
        Respond::Answer(answer, reason) => format!(
            "{} {:?} {reason:?}",
            answer.status(),
            map_lines(answer.headers())
        ),
        Respond::Forward(pending) => {
            let mut response = HeaderMap::new();
            if handler_vary {
                response.insert("vary", HeaderValue::from_static("accept-encoding"));
            }
            pending.apply(&mut response);
            format!("forward {:?}", map_lines(&response))
        }
    }
}

#[test]
fn runtime_policies_decide_exactly_as_compiled_ones() {
    const ROUNDS: usize = 40_000;
    let mut rng = Rng(0x0DDB_1A5E_5BAD_5EED);
    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    for twin in TWINS {
        let compiled: &'static Policy = twin.compiled;
        let owned: OwnedPolicy = twin.owned();
        let compiled_template = PreflightTemplate::new(compiled);
        let owned_template = PreflightTemplate::new(twin.owned());
        let seeds = seeds(twin);
        for round in 0..ROUNDS {
            let (method, lines) = random_request(&mut rng, &seeds);
            let context = || format!("{} round {round}: {method} {lines:?}", twin.text);

            // The decision, on borrowed lines.
            let by_name = |name: &str| -> Vec<&[u8]> {
                lines
                    .iter()
                    .filter(|(n, _)| *n == name)
                    .map(|(_, v)| v.as_slice())
                    .collect()
            };
            let (origins, request_method, request_headers) = (
                by_name("origin"),
                by_name("access-control-request-method"),
                by_name("access-control-request-headers"),
            );
            let request = Request {
                method: method.as_str().as_bytes(),
                origins: &origins,
                request_method: &request_method,
                request_headers: &request_headers,
                private_network: by_name("access-control-request-private-network").first()
                    == Some(&&b"true"[..]),
            };
            let expected = normal(compiled.decide(&request));
            assert_eq!(normal(owned.decide(&request)), expected, "{}", context());
            let kind = match expected.split(' ').next().unwrap_or("") {
                "actual" if expected.contains("allow-origin") => "allowed actual",
                "actual" => "actual",
                "not" => "not",
                "204" => "204",
                _ => "403",
            };
            *kinds.entry(kind).or_default() += 1;

            // Through the `http` helpers, when the lines are valid header values.
            let mut map = HeaderMap::new();
            let mut valid = true;
            for (name, value) in &lines {
                match HeaderValue::from_bytes(value) {
                    Ok(v) => {
                        map.append(HeaderName::from_static(name), v);
                    }
                    Err(_) => valid = false,
                }
            }
            if valid {
                let handler_vary = rng.below(2) == 0;
                assert_eq!(
                    through_http(&owned_template, &method, &map, handler_vary),
                    through_http(&compiled_template, &method, &map, handler_vary),
                    "{}",
                    context()
                );
            }
        }
    }
    // Every kind of outcome was exercised, many times.
    for kind in ["not", "actual", "allowed actual", "204", "403"] {
        assert!(kinds.get(kind).copied().unwrap_or(0) > 1_000, "{kinds:?}");
    }
    eprintln!("{kinds:?}");
}
