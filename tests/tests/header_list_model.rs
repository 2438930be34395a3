//! Preflight verdicts on `Access-Control-Request-Headers` against a reference model, over
//! randomized lists: any case, any order, optional whitespace, empty elements, several lines,
//! invalid bytes, and sizes around the caps.

use checked_cors::{
    cors_policy, Decision, Policy, Preflight, Request, MAX_REQUEST_HEADERS,
    MAX_REQUEST_HEADERS_BYTES, MAX_REQUEST_HEADERS_LINES,
};
use checked_cors_tests::oracle::model;
use checked_cors_tests::oracle::policies::Spec;
use checked_cors_tests::oracle::seeds::{HEADER_JUNK as JUNK, HEADER_NAMES as NAMES};

static POLICY: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_methods: [PUT],
    allow_headers: ["content-type", "x-request-id", "authorization", "x-a"],
};
static ANY: Policy = cors_policy! { allow_origins: ["https://app.example.com"], allow_methods: [PUT], allow_headers: * };

const ALLOWED: &[&str] = &["content-type", "x-request-id", "authorization", "x-a"];

/// The model (shared with the fuzzing oracles): split every line on commas, trim spaces and
/// tabs, skip empty elements; every other element must be a token and (for a list policy) an
/// allowed name, ignoring case; within the documented caps.
fn reference(lines: &[Vec<u8>], any: bool) -> bool {
    let spec = Spec {
        name: if any { "ANY" } else { "POLICY" },
        origins: Some(&["https://app.example.com"]),
        methods: Some(&["PUT"]),
        headers: if any { None } else { Some(ALLOWED) },
        expose: Some(&[]),
        credentials: false,
        max_age: None,
        private_network: false,
    };
    let lines: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
    model::check_request_headers(&spec, &lines).is_ok()
}

fn verdict(policy: &Policy, lines: &[Vec<u8>]) -> bool {
    let lines: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
    let request = Request {
        method: b"OPTIONS",
        origins: &[b"https://app.example.com"],
        request_method: &[b"PUT"],
        request_headers: &lines,
        private_network: false,
    };
    match policy.decide(&request) {
        Decision::Preflight(Preflight::Allowed(_)) => true,
        Decision::Preflight(Preflight::Rejected(_)) => false,
        other => panic!("not a preflight: {other:?}"),
    }
}

#[test]
fn header_lists_agree_with_reference_model() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut outcomes = [0usize; 2];
    for round in 0..50_000 {
        let line_count = match next(10) {
            0 => MAX_REQUEST_HEADERS_LINES + 1,
            1 => 0,
            _ => 1 + next(3),
        };
        // Every 500th round goes far over the byte cap.
        let per_line = if round % 500 == 0 { 2000 } else { 1 + next(6) };
        let lines: Vec<Vec<u8>> = (0..line_count)
            .map(|_| {
                let mut line = Vec::new();
                for i in 0..per_line {
                    if i > 0 || next(4) == 0 {
                        line.extend_from_slice([&b","[..], b", ", b" ,", b",\t", b",,"][next(5)]);
                    }
                    let name = if next(40) == 0 {
                        JUNK[next(JUNK.len())]
                    } else {
                        NAMES[next(NAMES.len())]
                    };
                    line.extend_from_slice(name.as_bytes());
                }
                line
            })
            .collect();
        for (policy, any) in [(&POLICY, false), (&ANY, true)] {
            let got = verdict(policy, &lines);
            assert_eq!(
                got,
                reference(&lines, any),
                "any={any} lines={:?}",
                lines
                    .iter()
                    .map(|l| String::from_utf8_lossy(l))
                    .collect::<Vec<_>>()
            );
            outcomes[usize::from(got)] += 1;
        }
    }
    // The model's caps are the crate's.
    assert_eq!(
        (model::MAX_LINES, model::MAX_BYTES, model::MAX_ELEMENTS),
        (
            MAX_REQUEST_HEADERS_LINES,
            MAX_REQUEST_HEADERS_BYTES,
            MAX_REQUEST_HEADERS
        )
    );
    assert!(
        outcomes[0] > 5_000 && outcomes[1] > 5_000,
        "both verdicts exercised: {outcomes:?}"
    );
}
