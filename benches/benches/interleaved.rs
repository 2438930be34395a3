//! Interleaved wall times: the compared stacks are timed in turn, round after round, on batches
//! of fresh requests, so that every round's ratios are taken under one state of the machine.
//!
//! criterion times each benchmark for a few seconds, one after the other; on a shared machine the
//! load changes between them, and the ratio of two medians taken a minute apart moves by 2×
//! (BENCHMARKS.md, "Noise"). Here a round times a batch through every stack of a scenario within
//! a millisecond, and the per-round ratios are summarised by their median and quartiles.
//!
//! The origin lookup is compared with the limit the same way, first.
//!
//! `cargo bench -p checked-cors-benches --bench interleaved` (about 30 seconds). The table is
//! printed and written to `target/criterion/interleaved.json` for `benches/report.py`.

use std::hint::black_box;
use std::time::Instant;

use actix_web::test;
use http::header::HeaderValue;
use tower::{service_fn, Layer};

mod common;
use common::{ALLOWED, DECISION as STATIC, ORIGINS, STACK};

/// Requests per timed batch: long enough for the clock, short enough that a round sees one state
/// of the machine.
const BATCH: usize = 64;

/// One scenario's stacks, each run on a fresh batch per round; `f64` is ns per request.
struct Scenario<'a> {
    name: String,
    /// The stacks, in this order: no layer, ours, the floor, the peer.
    runs: Vec<Box<dyn FnMut() -> f64 + 'a>>,
}

/// Times `run` on `BATCH` requests from `make`, built before the clock starts.
fn timed<R>(make: &impl Fn() -> R, mut run: impl FnMut(R) -> usize) -> f64 {
    let batch: Vec<R> = (0..BATCH).map(|_| make()).collect();
    let start = Instant::now();
    let mut sum = 0;
    for request in batch {
        sum += run(request);
    }
    let elapsed = start.elapsed();
    black_box(sum);
    elapsed.as_nanos() as f64 / BATCH as f64
}

fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[((values.len() - 1) as f64 * q).round() as usize]
}

/// Times every stack of `scenario` once per round, in a rotating order: each stack's times.
fn run_rounds(scenario: &mut Scenario<'_>, rounds: usize) -> Vec<Vec<f64>> {
    let n = scenario.runs.len();
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for k in 0..n {
            let i = (round + k) % n;
            times[i].push((scenario.runs[i])());
        }
    }
    times
}

/// The first quartile, median and third quartile of a per-round ratio.
fn quartiles(rounds: usize, ratio: impl Fn(usize) -> f64) -> [f64; 3] {
    let mut r: Vec<f64> = (0..rounds).map(ratio).collect();
    [0.25, 0.5, 0.75].map(|q| quantile(&mut r, q))
}

/// A ratio as printed: median [quartiles].
fn ratio_text([q1, median, q3]: [f64; 3]) -> String {
    format!("{median:5.2}× [{q1:.2}–{q3:.2}]")
}

/// Quartiles as a JSON list.
fn json_list(v: [f64; 3]) -> String {
    format!("[{:.3}, {:.3}, {:.3}]", v[0], v[1], v[2])
}

/// An overhead ratio as printed. A preflight never reaches the handler, so "minus no layer"
/// means nothing there (a layer answering it can be faster than the handler) and only its
/// end-to-end ratio is shown.
fn overhead_text(scenario: &str, quartiles: [f64; 3]) -> String {
    if scenario.contains("preflight") {
        return "n/a (preflight)".to_owned();
    }
    ratio_text(quartiles)
}

/// Runs every scenario for `rounds` rounds, the stacks of a round in a rotating order, and
/// returns one JSON line per scenario.
fn measure(scenarios: &mut [Scenario<'_>], rounds: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for scenario in scenarios {
        let mut times = run_rounds(scenario, rounds);
        // Per-round ratios against "none" (index 0): the peer's overhead over ours and the
        // floor's, and the end-to-end ratios.
        let (ours, floor, peer) = (1, 2, 3);
        let ratio = |num: &dyn Fn(usize) -> f64, den: &dyn Fn(usize) -> f64| {
            quartiles(rounds, |i| num(i) / den(i))
        };
        let t = &times;
        let over = |s: usize| move |i: usize| t[s][i] - t[0][i];
        let end = |s: usize| move |i: usize| t[s][i];
        let overhead = ratio(&over(peer), &over(ours));
        let overhead_floor = ratio(&over(peer), &over(floor));
        let end_to_end = ratio(&end(peer), &end(ours));
        let end_to_end_floor = ratio(&end(peer), &end(floor));
        let medians: Vec<f64> = times.iter_mut().map(|v| quantile(v, 0.5)).collect();
        println!(
            "{:<34} median ns: none {:7.1}  ours {:7.1}  floor {:7.1}  peer {:7.1} | \
             per-round peer÷ours overhead {}, end to end {}",
            scenario.name,
            medians[0],
            medians[ours],
            medians[floor],
            medians[peer],
            overhead_text(&scenario.name, overhead),
            ratio_text(end_to_end),
        );
        lines.push(format!(
            "  \"{}\": {{\"none\": {:.1}, \"ours\": {:.1}, \"floor\": {:.1}, \"peer\": {:.1}, \
             \"overhead\": {}, \"overhead_floor\": {}, \"end_to_end\": {}, \"end_to_end_floor\": {}, \
             \"rounds\": {rounds}}}",
            scenario.name,
            medians[0],
            medians[ours],
            medians[floor],
            medians[peer],
            json_list(overhead),
            json_list(overhead_floor),
            json_list(end_to_end),
            json_list(end_to_end_floor),
        ));
    }
    lines
}

/// The tower scenarios, actual requests and preflights with shared and owned request values
/// (`{prefix}{kind}{suffix}`), each running the stacks listed, built over the same handler.
macro_rules! tower_matrix {
    ($prefix:expr, |$handler:ident| [$($stack:expr),+ $(,)?]) => {{
        use common::tower_kit::{actual_with, handler, preflight_with, run, Values};
        let mut scenarios = Vec::new();
        for values in [Values::Shared, Values::Owned] {
            for kind in ["actual", "preflight"] {
                let make = move || match kind {
                    "actual" => actual_with(ALLOWED, values),
                    _ => preflight_with(ALLOWED, values),
                };
                // Shared values: clones of one request, as the criterion benchmark does.
                let prototype = make();
                let fresh = move || match values {
                    Values::Shared => prototype.clone(),
                    Values::Owned => make(),
                };
                let fresh = std::rc::Rc::new(fresh);
                let $handler = || service_fn(handler);
                scenarios.push(Scenario {
                    name: format!("{}{kind}{}", $prefix, values.suffix()),
                    runs: vec![$({
                        let mut service = $stack;
                        let fresh = fresh.clone();
                        let run: Box<dyn FnMut() -> f64> =
                            Box::new(move || timed(&*fresh, |r| run(&mut service, r)));
                        run
                    }),+],
                });
            }
        }
        scenarios
    }};
}

fn tower_scenarios<'a>(
    ours: &'a checked_cors::tower::CorsLayer,
    theirs: &'a tower_http::cors::CorsLayer,
) -> Vec<Scenario<'a>> {
    use common::tower_kit::Floor;
    tower_matrix!("tower/", |handler| [
        handler(),
        ours.layer(handler()),
        Floor::new(handler()),
        theirs.layer(handler()),
    ])
}

/// A run-time policy (`SharedPolicy`) against the compiled one, in turn per round: runs are
/// [none, compiled, run-time]; one JSON line per scenario with the per-round ratios of the
/// run-time policy's overhead over the compiled one's, and end to end.
fn measure_runtime(scenarios: &mut [Scenario<'_>], rounds: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for scenario in scenarios {
        let mut times = run_rounds(scenario, rounds);
        let t = &times;
        let overhead = quartiles(rounds, |i| (t[2][i] - t[0][i]) / (t[1][i] - t[0][i]));
        let end_to_end = quartiles(rounds, |i| t[2][i] / t[1][i]);
        let medians: Vec<f64> = times.iter_mut().map(|v| quantile(v, 0.5)).collect();
        println!(
            "{:<34} median ns: none {:7.1}  compiled {:7.1}  run-time {:7.1} | per-round \
             run-time÷compiled overhead {}, end to end {}",
            scenario.name,
            medians[0],
            medians[1],
            medians[2],
            overhead_text(&scenario.name, overhead),
            ratio_text(end_to_end),
        );
        lines.push(format!(
            "  \"{}\": {{\"none\": {:.1}, \"compiled\": {:.1}, \"runtime\": {:.1}, \
             \"overhead\": {}, \"end_to_end\": {}, \"rounds\": {rounds}}}",
            scenario.name,
            medians[0],
            medians[1],
            medians[2],
            json_list(overhead),
            json_list(end_to_end),
        ));
    }
    lines
}

/// The tower stacks of [`measure_runtime`].
fn tower_runtime_scenarios<'a>(
    compiled: &'a checked_cors::tower::CorsLayer,
    runtime: &'a checked_cors::tower::CorsLayer<checked_cors::SharedPolicy>,
) -> Vec<Scenario<'a>> {
    tower_matrix!("runtime/tower_", |handler| [
        handler(),
        compiled.layer(handler()),
        runtime.layer(handler()),
    ])
}

/// Lookups per timed batch: a lookup takes a few nanoseconds, so a batch of requests' size would
/// be mostly the clock.
const LOOKUPS: usize = 1024;

/// The origin lookup against the limit, in turn per round as the stacks are: ours on the
/// `static` policy (as a user calls it: the compiler folds the table's shape into the code),
/// ours through a reference the compiler cannot see through (as an adapter reaches its policy),
/// and the two limits. Per-round ratios of ours over the faster limit of that round.
fn lookup(rounds: usize) -> String {
    let (fold, fx) = (common::limit::foldhash(), common::limit::fxhash());
    let allowed = ALLOWED.as_bytes();
    let batch = |f: &dyn Fn() -> bool| {
        let start = Instant::now();
        let mut hits = 0;
        for _ in 0..LOOKUPS {
            hits += usize::from(f());
        }
        let elapsed = start.elapsed();
        assert_eq!(black_box(hits), LOOKUPS, "every lookup is a hit");
        elapsed.as_nanos() as f64 / LOOKUPS as f64
    };
    let runs: [&dyn Fn() -> bool; 4] = [
        &|| STATIC.allows_origin(black_box(allowed)),
        &|| black_box(&STATIC).allows_origin(black_box(allowed)),
        &|| fx.contains(black_box(allowed)),
        &|| fold.contains(black_box(allowed)),
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); runs.len()];
    for round in 0..rounds {
        for k in 0..runs.len() {
            let i = (round + k) % runs.len();
            times[i].push(batch(runs[i]));
        }
    }
    let over_limit =
        |ours: usize| quartiles(rounds, |i| times[ours][i] / times[2][i].min(times[3][i]));
    let (folded, dynamic) = (over_limit(0), over_limit(1));
    let medians: Vec<f64> = times.iter_mut().map(|v| quantile(v, 0.5)).collect();
    println!(
        "{:<34} median ns: ours {:5.2}  ours (dynamic) {:5.2}  FxHash {:5.2}  foldhash {:5.2} | \
         per-round ours÷limit {}, dynamic {}",
        "decision/lookup",
        medians[0],
        medians[1],
        medians[2],
        medians[3],
        ratio_text(folded),
        ratio_text(dynamic),
    );
    format!(
        "  \"decision/lookup\": {{\"ours\": {:.2}, \"ours_dynamic\": {:.2}, \"limit_fxhash\": {:.2}, \
         \"limit_foldhash\": {:.2}, \"over_limit\": {}, \"dynamic_over_limit\": {}, \"rounds\": {rounds}}}",
        medians[0],
        medians[1],
        medians[2],
        medians[3],
        json_list(folded),
        json_list(dynamic),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo test --benches` runs this without `--bench`: a few rounds, to check it works.
    let rounds = if args.iter().any(|a| a == "--bench") {
        2_000
    } else {
        3
    };
    common::check_policies();
    let ours = checked_cors::tower::CorsLayer::new(&STACK);
    let theirs = common::tower_kit::tower_http(ORIGINS.map(HeaderValue::from_static));
    println!("interleaved wall times: {rounds} rounds of {BATCH} requests per stack");
    let mut lines = vec![lookup(rounds)];
    lines.extend(measure(&mut tower_scenarios(&ours, &theirs), rounds));
    let runtime = checked_cors::tower::CorsLayer::new(common::stack_runtime());
    lines.extend(measure_runtime(
        &mut tower_runtime_scenarios(&ours, &runtime),
        rounds,
    ));

    let system = actix_rt::System::new();
    lines.extend(system.block_on(async {
        use common::actix_kit::{actual, apps, preflight, run};
        let (none, ours, theirs, floor) = apps!();
        let mut scenarios = Vec::new();
        for (kind, make) in [
            ("actual", actual as fn(&str) -> test::TestRequest),
            ("preflight", preflight),
        ] {
            let fresh = move || make(ALLOWED).to_request();
            let (none, ours, floor, theirs) = (&none, &ours, &floor, &theirs);
            scenarios.push(Scenario {
                name: format!("actix/{kind}"),
                runs: vec![
                    Box::new(move || timed(&fresh, |r| run(none, r))),
                    Box::new(move || timed(&fresh, |r| run(ours, r))),
                    Box::new(move || timed(&fresh, |r| run(floor, r))),
                    Box::new(move || timed(&fresh, |r| run(theirs, r))),
                ],
            });
        }
        let mut lines = measure(&mut scenarios, rounds);
        let runtime = common::actix_kit::runtime_app!();
        let mut scenarios = Vec::new();
        for (kind, make) in [
            ("actual", actual as fn(&str) -> test::TestRequest),
            ("preflight", preflight),
        ] {
            let fresh = move || make(ALLOWED).to_request();
            let (none, ours, runtime) = (&none, &ours, &runtime);
            scenarios.push(Scenario {
                name: format!("runtime/actix_{kind}"),
                runs: vec![
                    Box::new(move || timed(&fresh, |r| run(none, r))),
                    Box::new(move || timed(&fresh, |r| run(ours, r))),
                    Box::new(move || timed(&fresh, |r| run(runtime, r))),
                ],
            });
        }
        lines.extend(measure_runtime(&mut scenarios, rounds));
        lines
    }));

    // Next to criterion's results, as the instruction counts are.
    let exe = std::env::current_exe().unwrap();
    let dir = std::env::var_os("CRITERION_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| exe.ancestors().nth(3).unwrap().join("criterion"));
    if rounds > 3 {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("interleaved.json"),
            format!("{{\n{}\n}}\n", lines.join(",\n")),
        )
        .unwrap();
    }
}
