//! Stack level against tower-http: the same `service_fn` handler, the same pre-built requests,
//! through no CORS layer, `checked_cors::tower::CorsLayer` (the compiled policy, and the same
//! policy built at run time behind a `SharedPolicy`) and `tower_http::cors::CorsLayer`
//! configured identically (origins, methods, headers, expose, credentials, max-age).
//!
//! `cargo bench -p checked-cors-benches --bench tower_stack`

use criterion::{criterion_group, criterion_main, Criterion};
use http::header::HeaderValue;
use tower::{service_fn, Layer};

mod common;
use common::tower_kit::{
    actual, actual_with, bench, check, handler, preflight, preflight_with, tower_http, Floor,
    Values,
};
use common::{ALLOWED, STACK};

fn stacks(c: &mut Criterion) {
    common::check_policies();
    let origins = || common::ORIGINS.map(HeaderValue::from_static);
    let ours = checked_cors::tower::CorsLayer::new(&STACK);
    let runtime = checked_cors::tower::CorsLayer::new(common::stack_runtime());
    let theirs = tower_http(origins());

    let actual = actual(ALLOWED);
    let preflight = preflight(ALLOWED);
    // Both layers must answer the same way, or the comparison means nothing.
    for request in [&actual, &preflight] {
        let a = check(ours.layer(service_fn(handler)), request);
        let r = check(runtime.layer(service_fn(handler)), request);
        assert_eq!(
            a.headers(),
            r.headers(),
            "the run-time policy answers the same"
        );
        let b = check(theirs.layer(service_fn(handler)), request);
        let f = check(Floor::new(service_fn(handler)), request);
        assert_eq!(a.status(), f.status());
        assert_eq!(a.headers().len(), f.headers().len());
        assert_eq!(a.status().is_success(), b.status().is_success());
        for name in [
            "access-control-allow-origin",
            "access-control-allow-credentials",
            "access-control-max-age",
        ] {
            assert_eq!(a.headers().get(name), b.headers().get(name), "{name}");
        }
        assert!(a.headers().contains_key("access-control-allow-origin"));
    }

    let mut g = c.benchmark_group("tower");
    for values in [Values::Shared, Values::Owned] {
        for (kind, request) in [("actual", &actual), ("preflight", &preflight)] {
            let fresh = move || match kind {
                "actual" => actual_with(ALLOWED, values),
                _ => preflight_with(ALLOWED, values),
            };
            let make: Option<&dyn Fn() -> http::Request<()>> = match values {
                Values::Shared => None,
                Values::Owned => Some(&fresh),
            };
            let id = |stack: &str| format!("{stack}_{kind}{}", values.suffix());
            bench(&mut g, &id("none"), service_fn(handler), request, make);
            bench(
                &mut g,
                &id("ours"),
                ours.layer(service_fn(handler)),
                request,
                make,
            );
            bench(
                &mut g,
                &id("runtime"),
                runtime.layer(service_fn(handler)),
                request,
                make,
            );
            bench(
                &mut g,
                &id("tower_http"),
                theirs.layer(service_fn(handler)),
                request,
                make,
            );
            bench(
                &mut g,
                &id("floor"),
                Floor::new(service_fn(handler)),
                request,
                make,
            );
        }
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = stacks
}
criterion_main!(benches);
