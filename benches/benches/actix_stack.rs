//! Stack level against actix-cors: the same app (one resource, one handler) through actix-web's
//! test service, with no CORS middleware, `checked_cors::actix::Cors` and `actix_cors::Cors`
//! configured identically. Requests are built outside the timing (`iter_batched`); each call is
//! polled once inside an `actix_rt::System`.
//!
//! `cargo bench -p checked-cors-benches --bench actix_stack`

use actix_web::test;
use criterion::{criterion_group, criterion_main, Criterion};

mod common;
use common::actix_kit::{actual, answer, apps, bench, preflight};
use common::ALLOWED;

fn stacks(c: &mut Criterion) {
    common::check_policies();
    let system = actix_rt::System::new();
    system.block_on(async {
        let (none, ours, theirs, floor) = apps!();

        // Both middlewares must answer the same way, or the comparison means nothing.
        for make in [actual, preflight] {
            let (s1, o1, c1) = answer(&ours, make(ALLOWED).to_request());
            let (s2, o2, c2) = answer(&theirs, make(ALLOWED).to_request());
            let (s3, o3, c3) = answer(&floor, make(ALLOWED).to_request());
            assert_eq!((s1, &o1, &c1), (s3, &o3, &c3));
            assert!(
                (200..300).contains(&s1) && (200..300).contains(&s2),
                "{s1} {s2}"
            );
            assert_eq!((o1.as_deref(), &c1), (Some(ALLOWED), &c2));
            assert_eq!(o2.as_deref(), Some(ALLOWED));
        }

        let mut g = c.benchmark_group("actix");
        for (kind, make) in [
            ("actual", actual as fn(&str) -> test::TestRequest),
            ("preflight", preflight),
        ] {
            let request = || make(ALLOWED).to_request();
            bench(&mut g, &format!("none_{kind}"), &none, request);
            bench(&mut g, &format!("ours_{kind}"), &ours, request);
            bench(&mut g, &format!("actix_cors_{kind}"), &theirs, request);
            bench(&mut g, &format!("floor_{kind}"), &floor, request);
        }
        g.finish();
    });
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = stacks
}
criterion_main!(benches);
