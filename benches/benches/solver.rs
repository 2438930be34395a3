//! The table solver: `phf_generator`'s PtrHash (what the macro and `PolicyConfig::build` use
//! now) against the hand-written hash-and-displace solver it replaced, side by side in one run,
//! on the scale benchmark's origins (`https://app{i}.tenant{i % 97}.example.com`): solve time,
//! table size and lookup time (a hit), for 1,000, 10,000 and 100,000 keys. Both hash the same
//! window of the key with the same keyed hash; only the layout and the search differ.
//!
//! `cargo bench -p checked-cors-benches --bench solver`

use std::hint::black_box;

use checked_cors_runtime::__private::{equal, hash_word};
use checked_cors_runtime::__private::{Layout, Table};
use checked_cors_runtime::build::{choose_window, solve, solve_ptrhash, Solved};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

mod common;
use common::old_solver::OldTable;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn keys(n: usize) -> Vec<String> {
    (0..n).map(common::scale_origin).collect()
}

/// The new layout as the runtime builds it (slots, pilots and remap leaked for the benchmark).
fn new_table(keys: &[String]) -> (Table<()>, (usize, usize, usize)) {
    let bytes: Vec<&[u8]> = keys.iter().map(|k| k.as_bytes()).collect();
    leak(keys, solve(&bytes, false))
}

/// `s` as a table of `keys`, its arrays leaked for the benchmark; and its size.
fn leak(keys: &[String], s: Solved) -> (Table<()>, (usize, usize, usize)) {
    let slots: Vec<&'static str> = s
        .order
        .iter()
        .map(|i| i.map_or("", |i| &*Box::leak(keys[i].clone().into_boxed_str())))
        .collect();
    let layout: Layout = s.layout;
    let mixes = s.mixes();
    let size = slots.len() * 16 + mixes.len() * 4 + s.remap.len() * 4;
    let shape = (slots.len(), mixes.len(), size);
    let values = vec![(); slots.len()];
    let table = Table::new(
        layout,
        Box::leak(mixes.into_boxed_slice()),
        Box::leak(s.remap.into_boxed_slice()),
        Box::leak(slots.into_boxed_slice()),
        Box::leak(values.into_boxed_slice()),
    );
    (table, shape)
}

fn solver(c: &mut Criterion) {
    let mut g = c.benchmark_group("solver");
    // A policy's usual size (20 origins): the direct layout against PtrHash, the lookup alone.
    let few = keys(20);
    let bytes: Vec<&[u8]> = few.iter().map(|k| k.as_bytes()).collect();
    let (direct, _) = new_table(&few);
    let solved = solve(&bytes, false);
    assert!(direct.is_direct());
    let ptrhash = solve_ptrhash(&bytes, false, solved.layout.window, solved.layout);
    let (ptrhash, _) = leak(&few, ptrhash);
    assert!(!ptrhash.is_direct());
    let probe = few[10].clone();
    for k in &few {
        assert!(direct.get(k.as_bytes()).is_some() && ptrhash.get(k.as_bytes()).is_some());
    }
    g.bench_function("lookup_direct/20", |b| {
        b.iter(|| direct.get(black_box(probe.as_bytes())).is_some())
    });
    g.bench_function("lookup_ptrhash/20", |b| {
        b.iter(|| ptrhash.get(black_box(probe.as_bytes())).is_some())
    });
    for n in SIZES {
        let keys = keys(n);
        let strs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let bytes: Vec<&[u8]> = keys.iter().map(|k| k.as_bytes()).collect();
        let window = choose_window(&bytes, false);
        let (new, new_shape) = new_table(&keys);
        let old = OldTable::solve(&strs, window);
        for k in &keys {
            assert!(new.get(k.as_bytes()).is_some() && old.contains(k.as_bytes()));
        }
        // Sizes: printed once per run, for BENCHMARKS.md.
        let (old_slots, old_pilots, old_bytes) = old.shape();
        let (new_slots, new_pilots, new_bytes) = new_shape;
        println!(
            "table size n={n}: old {old_slots} slots + {old_pilots} u32 pilots = {old_bytes} B; \
             PtrHash {new_slots} slots + {new_pilots} u32 mixed pilots + remap = {new_bytes} B"
        );
        g.sample_size(10);
        g.bench_with_input(BenchmarkId::new("solve_old", n), &strs, |b, strs| {
            b.iter(|| OldTable::solve(black_box(strs), window))
        });
        g.bench_with_input(BenchmarkId::new("solve_ptrhash", n), &bytes, |b, bytes| {
            b.iter(|| solve(black_box(bytes), false))
        });
        g.sample_size(50);
        let probe = keys[n / 2].clone();
        g.bench_function(BenchmarkId::new("lookup_old", n), |b| {
            b.iter(|| old.contains(black_box(probe.as_bytes())))
        });
        g.bench_function(BenchmarkId::new("lookup_ptrhash", n), |b| {
            b.iter(|| new.get(black_box(probe.as_bytes())).is_some())
        });
        // The same table looked up as `phf_shared` does (its pilots are mixed with the seed on
        // every lookup; ours were mixed when the table was built), then the same compare.
        let solved = solve(&bytes, false);
        let slots: Vec<&str> = solved.order.iter().map(|i| strs[i.unwrap()]).collect();
        let (seed, window) = (solved.layout.seed, solved.layout.window);
        g.bench_function(BenchmarkId::new("lookup_phf_shared", n), |b| {
            b.iter(|| {
                let key = black_box(probe.as_bytes());
                let hash = hash_word(key, window, false, seed);
                let slot = phf_shared::ptrhash::get_index(
                    seed,
                    hash,
                    &solved.pilots,
                    &solved.remap,
                    slots.len(),
                );
                slots
                    .get(slot as usize)
                    .is_some_and(|s| equal(key, s.as_bytes(), false))
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = solver
}
criterion_main!(benches);
