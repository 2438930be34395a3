//! Scale: the cost of one request as the number of allowed origins grows from 10 to 100,000,
//! for an allowed origin (hit) and a well-formed one that is not allowed (miss).
//!
//! - ours: `Policy::allows_origin` alone, and whole requests through our tower layer and our
//!   actix middleware; the policies come from `cors_policy!` invocations that `build.rs` writes;
//! - tower-http: `AllowOrigin::list` (a `Vec` it scans), through the same tower stack;
//! - actix-cors: `allowed_origin` once per origin (a `HashSet`), through the same actix app.
//!
//! The hit is origin `n / 2` (the middle of a linear scan); the miss is the same origin under
//! `.example.net`: same length, differing only in its last bytes. `cargo bench -p checked-cors-benches --bench scale`

use std::hint::black_box;

use actix_web::{test, web, App};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use http::header::HeaderValue;
use tower::{service_fn, Layer};

mod common;
use common::{scale_origin, PATH};

include!(concat!(env!("OUT_DIR"), "/scale_policies.rs"));

fn scale(c: &mut Criterion) {
    let system = actix_rt::System::new();
    let mut g = c.benchmark_group("scale");
    g.sample_size(30);
    for (n, policy) in SCALE {
        let origins: Vec<String> = (0..n).map(scale_origin).collect();
        let hit = scale_origin(n / 2);
        // Same length as the hit and equal up to the last label, so no length check rejects it
        // and every candidate compare runs to the end.
        let miss = hit.replace(".example.com", ".example.net");
        assert_eq!(policy.exact_origins().count(), n);
        assert!(policy.allows_origin(hit.as_bytes()) && !policy.allows_origin(miss.as_bytes()));

        for (kind, origin) in [("hit", &hit), ("miss", &miss)] {
            g.bench_with_input(
                BenchmarkId::new(format!("ours_lookup_{kind}"), n),
                origin.as_bytes(),
                |b, o| b.iter(|| policy.allows_origin(black_box(o))),
            );
        }

        // tower: ours and tower-http's, configured with the same origins (and nothing else).
        let tower_ours = checked_cors::tower::CorsLayer::new(policy);
        let tower_theirs =
            tower_http::cors::CorsLayer::new().allow_origin(tower_http::cors::AllowOrigin::list(
                origins.iter().map(|o| HeaderValue::from_str(o).unwrap()),
            ));
        for (kind, origin) in [("hit", &hit), ("miss", &miss)] {
            let request = common::tower_kit::actual(origin);
            let ours = common::tower_kit::check(
                tower_ours.layer(service_fn(common::tower_kit::handler)),
                &request,
            );
            let theirs = common::tower_kit::check(
                tower_theirs.layer(service_fn(common::tower_kit::handler)),
                &request,
            );
            let acao =
                |r: &http::Response<_>| r.headers().contains_key("access-control-allow-origin");
            assert_eq!((acao(&ours), acao(&theirs)), (kind == "hit", kind == "hit"));
            let mut ours = tower_ours.layer(service_fn(common::tower_kit::handler));
            g.bench_with_input(
                BenchmarkId::new(format!("ours_tower_{kind}"), n),
                &request,
                |b, r| {
                    b.iter_batched(
                        || r.clone(),
                        |r| common::tower_kit::run(&mut ours, r),
                        BatchSize::SmallInput,
                    )
                },
            );
            let mut theirs = tower_theirs.layer(service_fn(common::tower_kit::handler));
            g.bench_with_input(
                BenchmarkId::new(format!("tower_http_{kind}"), n),
                &request,
                |b, r| {
                    b.iter_batched(
                        || r.clone(),
                        |r| common::tower_kit::run(&mut theirs, r),
                        BatchSize::SmallInput,
                    )
                },
            );
        }

        // actix: ours and actix-cors's, configured with the same origins (and nothing else).
        system.block_on(async {
            let resource = || web::resource(PATH).route(web::get().to(common::actix_kit::handler));
            let ours = test::init_service(
                App::new()
                    .wrap(checked_cors::actix::Cors::new(policy))
                    .service(resource()),
            )
            .await;
            let cors = origins
                .iter()
                .fold(actix_cors::Cors::default(), |cors, origin| {
                    cors.allowed_origin(origin)
                });
            let theirs = test::init_service(App::new().wrap(cors).service(resource())).await;
            for (kind, origin) in [("hit", &hit), ("miss", &miss)] {
                let make = || common::actix_kit::actual(origin).to_request();
                let a = common::actix_kit::answer(&ours, make());
                let b = common::actix_kit::answer(&theirs, make());
                assert_eq!(
                    (a.1.is_some(), b.1.is_some()),
                    (kind == "hit", kind == "hit")
                );
                g.bench_function(BenchmarkId::new(format!("ours_actix_{kind}"), n), |b| {
                    b.iter_batched(
                        make,
                        |r| common::actix_kit::run(&ours, r),
                        BatchSize::SmallInput,
                    )
                });
                g.bench_function(BenchmarkId::new(format!("actix_cors_{kind}"), n), |b| {
                    b.iter_batched(
                        make,
                        |r| common::actix_kit::run(&theirs, r),
                        BatchSize::SmallInput,
                    )
                });
            }
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = scale
}
criterion_main!(benches);
