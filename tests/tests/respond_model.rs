//! The adapters' fast path (`CorsRequest::respond`: `Origin` looked up alone, preflight lines
//! read in one pass, answers cloned from a `PreflightTemplate`) against the reference path
//! (`RequestParts::new` + `Policy::decide` + `preflight_response` / `apply`, each header looked
//! up and written one by one), on randomized requests: the same status, the same headers in the
//! same order with the same bytes, the same rejection reason, and the same headers added to a
//! handler's response (the fast path reads the handler's names in one pass, or by lookups when
//! there are many, and appends; the reference looks each of its headers up).

use checked_cors::http::{apply, preflight_response, CorsRequest, PreflightTemplate, Respond};
use checked_cors::{cors_policy, Decision, Policy, Preflight, RequestParts};
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method};

static LISTED: Policy = cors_policy! {
    allow_origins: ["https://app.example.com", "https://admin.example.com", "https://*.example.org"],
    allow_methods: [PUT, DELETE, "PROPFIND"],
    allow_headers: ["content-type", "x-request-id"],
    expose_headers: ["x-request-id"],
    allow_credentials: true,
    max_age: 600,
};

static ANYTHING: Policy = cors_policy! {
    allow_origins: *,
    allow_methods: *,
    allow_headers: *,
    expose_headers: *,
    allow_private_network: true,
};

static ECHOING: Policy = cors_policy! {
    allow_origins: ["https://app.example.com", "http://localhost:*", "https://*.example.org:*", "http://localhost.:*", "https://*.example.net."],
    allow_methods: *,
    allow_headers: *,
    allow_credentials: true,
    allow_private_network: true,
    max_age: 0,
};

static BARE: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
};

const POLICIES: [&Policy; 4] = [&LISTED, &ANYTHING, &ECHOING, &BARE];

const ORIGINS: [&str; 13] = [
    "https://app.example.com",
    "https://admin.example.com",
    "https://a.b.example.org",
    "https://a.example.org:8443",
    "http://localhost:5173",
    "http://localhost",
    "https://evil.example.net",
    "https://example.org",
    "null",
    // Fully qualified hosts: origins of their own, matched only by patterns written with the dot.
    "http://localhost.:5173",
    "https://a.example.org.",
    "https://a.example.net.",
    "https://a.example.net",
];
const METHODS: [&str; 8] = [
    "PUT", "GET", "DELETE", "PROPFIND", "patch", "PATCH", "", "X Y",
];
const HEADER_LINES: [&str; 9] = [
    "content-type,x-request-id",
    "x-request-id",
    "Content-Type, X-Request-Id",
    " , ",
    "",
    "authorization",
    "x-a, x-b",
    "x y",
    "content-type",
];

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

fn random_request(rng: &mut Rng) -> (Method, HeaderMap) {
    let method = match rng.below(4) {
        0 => Method::GET,
        1 => Method::PUT,
        _ => Method::OPTIONS,
    };
    let mut headers = HeaderMap::new();
    let add = |headers: &mut HeaderMap, name: &'static str, value: &str| {
        headers.append(name, HeaderValue::from_str(value).unwrap());
    };
    add(&mut headers, "host", "api.example.com");
    // Mostly one `Origin`, sometimes none or two; the same for the preflight headers.
    let lines = |rng: &mut Rng| [0, 1, 1, 1, 1, 2][rng.below(6)];
    for _ in 0..lines(rng) {
        let origin = rng.pick(&ORIGINS);
        add(&mut headers, "origin", origin);
    }
    for _ in 0..lines(rng) {
        let m = rng.pick(&METHODS);
        add(&mut headers, "access-control-request-method", m);
    }
    let header_lines = match rng.below(8) {
        0 => 0,
        1 => 2,
        2 => 3,
        3 => 20,
        _ => 1,
    };
    for _ in 0..header_lines {
        let l = rng.pick(&HEADER_LINES);
        add(&mut headers, "access-control-request-headers", l);
    }
    match rng.below(4) {
        0 => add(
            &mut headers,
            "access-control-request-private-network",
            "true",
        ),
        1 => add(
            &mut headers,
            "access-control-request-private-network",
            "false",
        ),
        _ => {}
    }
    // Sometimes enough other lines that the one-pass read gives way to lookups.
    let fillers = if rng.below(4) == 0 { 40 } else { rng.below(4) };
    for i in 0..fillers {
        let name = HeaderName::try_from(format!("x-filler-{i}")).unwrap();
        headers.append(name, HeaderValue::from_static("1"));
    }
    (method, headers)
}

/// Every line of a map, in iteration order.
fn lines(map: &HeaderMap) -> Vec<(String, String)> {
    map.iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// A handler's response headers, to which forwarded requests' headers are added.
fn handler_headers(rng: &mut Rng) -> HeaderMap {
    let mut map = HeaderMap::new();
    map.insert("content-type", HeaderValue::from_static("application/json"));
    let mut own = |name: &'static str, value: &'static str| {
        map.append(name, HeaderValue::from_static(value));
    };
    match rng.below(7) {
        0 => own("vary", "accept-encoding"),
        1 => own("access-control-allow-origin", "https://own.example"),
        2 => {
            own("access-control-allow-credentials", "true");
            own("access-control-expose-headers", "x-own");
        }
        3 => {
            own("vary", "Origin");
            own("vary", "accept");
        }
        4 => {
            // More names than the fast path reads in one pass: it looks its four up.
            for i in 0..20 {
                map.insert(
                    HeaderName::try_from(format!("x-handler-{i}")).unwrap(),
                    HeaderValue::from_static("1"),
                );
            }
            map.insert("vary", HeaderValue::from_static("accept-encoding"));
            map.insert(
                "access-control-expose-headers",
                HeaderValue::from_static("x-own"),
            );
        }
        _ => {}
    }
    map
}

#[test]
fn fast_path_answers_exactly_as_the_reference() {
    let templates: Vec<PreflightTemplate> = POLICIES
        .iter()
        .map(|&p| PreflightTemplate::new(p))
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut seen = [0usize; 3]; // forwarded, allowed preflights, rejected preflights
    for round in 0..60_000 {
        let which = rng.below(POLICIES.len());
        let (policy, template) = (POLICIES[which], &templates[which]);
        let (method, headers) = random_request(&mut rng);
        let context = || format!("round {round}, policy {which}: {method} {headers:?}");

        let parts = RequestParts::new(&method, &headers);
        let reference = policy.decide(&parts.request());
        let fast = CorsRequest::new(&method, &headers).respond(template);
        match (reference, fast) {
            (Decision::Preflight(preflight), Respond::Answer(answer, reason)) => {
                let expected = preflight_response::<()>(&preflight, &headers);
                assert_eq!(answer.status(), expected.status(), "{}", context());
                assert_eq!(
                    lines(answer.headers()),
                    lines(expected.headers()),
                    "{}",
                    context()
                );
                match preflight {
                    Preflight::Allowed(_) => {
                        assert_eq!(reason, None, "{}", context());
                        seen[1] += 1;
                    }
                    Preflight::Rejected(why) => {
                        assert_eq!(reason, Some(why), "{}", context());
                        seen[2] += 1;
                    }
                }
            }
            (Decision::Actual(h) | Decision::NotCors(h), Respond::Forward(pending)) => {
                let handler = handler_headers(&mut rng);
                let (mut expected, mut got) = (handler.clone(), handler);
                apply(&h, &headers, &mut expected);
                pending.apply(&mut got);
                assert_eq!(lines(&got), lines(&expected), "{}", context());
                seen[0] += 1;
            }
            (reference, fast) => {
                panic!("{}: reference {reference:?}, fast path {fast:?}", context())
            }
        }
    }
    // Every kind of outcome was exercised, many times.
    assert!(seen.iter().all(|&n| n > 2_000), "{seen:?}");
}
