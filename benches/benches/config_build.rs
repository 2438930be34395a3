//! Building a run-time policy: `PolicyConfig::build` (every rule, the tables, the owned policy)
//! for 10, 1,000, 10,000 and 100,000 origins, and a reload's round trip for 10,000 origins:
//! TOML text read, built, and stored into a `SharedPolicy` that is serving.
//!
//! `cargo bench -p checked-cors-benches --bench config_build`

use std::hint::black_box;

use checked_cors::{PolicyConfig, SharedPolicy, Values};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

mod common;

fn config(n: usize) -> PolicyConfig {
    PolicyConfig {
        allow_origins: Some(Values::List((0..n).map(common::scale_origin).collect())),
        allow_methods: Some(["PUT", "DELETE"].into_iter().collect()),
        allow_headers: Some(["content-type", "x-request-id"].into_iter().collect()),
        allow_credentials: true,
        max_age: Some(600),
        ..PolicyConfig::default()
    }
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("config");
    g.sample_size(10);
    for n in [10, 1_000, 10_000, 100_000] {
        let config = config(n);
        g.bench_with_input(BenchmarkId::new("build", n), &config, |b, config| {
            b.iter(|| black_box(config).build().unwrap())
        });
    }
    // A reload as a server does it: the file's text, parsed, built, stored.
    let text = toml::to_string(&config(10_000)).unwrap();
    let shared = SharedPolicy::new(config(10).build().unwrap());
    g.bench_function("reload_toml/10000", |b| {
        b.iter(|| {
            let config: PolicyConfig = toml::from_str(black_box(&text)).unwrap();
            shared.reload(&config).unwrap();
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = build
}
criterion_main!(benches);
