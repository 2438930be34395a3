//! Decision level: `Policy::decide` and `Policy::allows_origin` on the 20-origins-plus-pattern
//! policy, next to the "limit": one fast hash of the same origin plus one full compare against a
//! stored string, which any hashed lookup must at least cost.
//!
//! `cargo bench -p checked-cors-benches --bench decision`

use std::hint::black_box;

use checked_cors::Request;
use criterion::{criterion_group, criterion_main, Criterion};

mod common;
use common::{
    ALLOWED, DECISION, DENIED, PREFLIGHT_HEADERS, PREFLIGHT_HEADERS_ONE, PREFLIGHT_METHOD,
};

fn decision(c: &mut Criterion) {
    common::check_policies();
    let allowed = ALLOWED.as_bytes();
    let denied = DENIED.as_bytes();
    let allowed_actual = Request {
        method: b"GET",
        origins: &[allowed],
        ..Request::default()
    };
    let denied_actual = Request {
        method: b"GET",
        origins: &[denied],
        ..Request::default()
    };
    let no_origin = Request {
        method: b"GET",
        ..Request::default()
    };
    let preflight = Request {
        method: b"OPTIONS",
        origins: &[allowed],
        request_method: &[PREFLIGHT_METHOD.as_bytes()],
        request_headers: &[PREFLIGHT_HEADERS.as_bytes()],
        private_network: false,
    };
    let preflight_one_header = Request {
        request_headers: &[PREFLIGHT_HEADERS_ONE.as_bytes()],
        ..preflight
    };
    assert_eq!(
        DECISION.decide(&preflight_one_header).preflight_status(),
        Some(204)
    );
    assert!(DECISION
        .decide(&allowed_actual)
        .preflight_status()
        .is_none());
    assert_eq!(DECISION.decide(&preflight).preflight_status(), Some(204));

    let fold = common::limit::foldhash();
    let fx = common::limit::fxhash();
    assert!(fold.contains(allowed) && fx.contains(allowed));

    let mut g = c.benchmark_group("decision");
    for (name, request) in [
        ("decide_allowed_actual", &allowed_actual),
        ("decide_denied_actual", &denied_actual),
        ("decide_no_origin", &no_origin),
        ("decide_preflight", &preflight),
        ("decide_preflight_one_header", &preflight_one_header),
    ] {
        g.bench_function(name, |b| b.iter(|| DECISION.decide(black_box(request))));
    }
    g.bench_function("allows_origin_hit", |b| {
        b.iter(|| DECISION.allows_origin(black_box(allowed)))
    });
    // The same lookup with the policy behind a reference the compiler cannot see through, as in
    // an adapter (which reaches its policy through the layer at run time): the table's shape is
    // read from memory instead of folded into the code.
    g.bench_function("allows_origin_hit_dynamic", |b| {
        b.iter(|| black_box(&DECISION).allows_origin(black_box(allowed)))
    });
    g.bench_function("allows_origin_miss", |b| {
        b.iter(|| DECISION.allows_origin(black_box(denied)))
    });
    g.bench_function("limit_foldhash_hit", |b| {
        b.iter(|| fold.contains(black_box(allowed)))
    });
    g.bench_function("limit_fxhash_hit", |b| {
        b.iter(|| fx.contains(black_box(allowed)))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = decision
}
criterion_main!(benches);
