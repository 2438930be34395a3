//! Instruction counts (valgrind's callgrind) for the decision and stack scenarios: a second,
//! deterministic view next to criterion's wall times, which a busy two-core machine makes noisy.
//!
//! Run by `cargo bench -p checked-cors-benches` like the others (skipped when `valgrind` is not
//! installed), or alone with `cargo bench -p checked-cors-benches --bench instructions [FILTER]`.
//!
//! Each scenario runs twice under callgrind in a child process, with the same setup (policies,
//! services and `N` pre-built requests): once calling the service on every request and once only
//! dropping them. The difference divided by `N` is the cost of one request, setup excluded. The
//! table is printed and written to `target/criterion/instructions.json` for `benches/report.py`.

use std::hint::black_box;
use std::process::Command;

use actix_web::{test, web, App};
use checked_cors::Request as CorsRequest;
use http::header::HeaderValue;
use tower::{service_fn, Layer};

mod common;
use common::{
    ALLOWED, DECISION, DENIED, ORIGINS, PATH, PREFLIGHT_HEADERS, PREFLIGHT_HEADERS_ONE,
    PREFLIGHT_METHOD, STACK,
};

const SCENARIOS: [&str; 46] = [
    "decision/decide_allowed_actual",
    "decision/decide_denied_actual",
    "decision/decide_no_origin",
    "decision/decide_preflight",
    "decision/decide_preflight_one_header",
    "decision/allows_origin_hit",
    "decision/allows_origin_hit_dynamic",
    "decision/allows_origin_miss",
    "decision/allows_origin_pattern_hit",
    "decision/allows_origin_pattern_dot_miss",
    "decision/limit_foldhash_hit",
    "decision/limit_fxhash_hit",
    "decision/decide_allowed_actual_runtime",
    "decision/decide_preflight_runtime",
    "decision/allows_origin_hit_runtime",
    "decision/allows_origin_miss_runtime",
    "tower/none_actual",
    "tower/ours_actual",
    "tower/tower_http_actual",
    "tower/floor_actual",
    "tower/none_preflight",
    "tower/ours_preflight",
    "tower/tower_http_preflight",
    "tower/floor_preflight",
    "tower/none_actual_owned",
    "tower/ours_actual_owned",
    "tower/tower_http_actual_owned",
    "tower/floor_actual_owned",
    "tower/none_preflight_owned",
    "tower/ours_preflight_owned",
    "tower/tower_http_preflight_owned",
    "tower/floor_preflight_owned",
    "tower/runtime_actual",
    "tower/runtime_preflight",
    "tower/runtime_actual_owned",
    "tower/runtime_preflight_owned",
    "actix/none_actual",
    "actix/ours_actual",
    "actix/actix_cors_actual",
    "actix/floor_actual",
    "actix/none_preflight",
    "actix/ours_preflight",
    "actix/actix_cors_preflight",
    "actix/floor_preflight",
    "actix/runtime_actual",
    "actix/runtime_preflight",
];

fn iterations(scenario: &str) -> usize {
    if scenario.starts_with("decision/") {
        20_000
    } else {
        2_000
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, scenario, n] = args.as_slice() {
        if mode == "call" || mode == "skip" {
            run(scenario, n.parse().unwrap(), mode == "call");
            return;
        }
    }
    // Invoked by `cargo bench`: flags such as `--bench`, criterion's options (some with a value,
    // as in `--save-baseline NAME`, which is not a filter), then an optional filter.
    const WITH_VALUE: [&str; 12] = [
        "--save-baseline",
        "--baseline",
        "--baseline-lenient",
        "--load-baseline",
        "--sample-size",
        "--warm-up-time",
        "--measurement-time",
        "--nresamples",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--profile-time",
    ];
    let filter = args
        .iter()
        .enumerate()
        .find(|(i, a)| {
            !a.starts_with('-') && (*i == 0 || !WITH_VALUE.contains(&args[i - 1].as_str()))
        })
        .map(|(_, a)| a.clone())
        .unwrap_or_default();
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test --benches`: check that every scenario runs, without valgrind.
        for scenario in SCENARIOS.iter().filter(|s| s.contains(filter.as_str())) {
            run(scenario, 2, true);
            println!("Testing {scenario}\nSuccess");
        }
        return;
    }
    let has_valgrind = Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_valgrind {
        println!("instructions: valgrind not found, skipping instruction counts");
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let mut rows = Vec::new();
    println!("instructions per request (callgrind), setup excluded");
    for scenario in SCENARIOS.iter().filter(|s| s.contains(filter.as_str())) {
        let n = iterations(scenario);
        let count = |mode: &str| -> u64 {
            let output = Command::new("valgrind")
                .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
                .arg(&exe)
                .args([mode, scenario, &n.to_string()])
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{scenario} {mode}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let stderr = String::from_utf8_lossy(&output.stderr);
            let line = stderr
                .lines()
                .find(|l| l.contains("Collected :"))
                .expect("callgrind summary");
            line.rsplit(':')
                .next()
                .unwrap()
                .trim()
                .replace(',', "")
                .parse()
                .unwrap()
        };
        let per = (count("call") as f64 - count("skip") as f64) / n as f64;
        println!("{scenario:<40} {per:>10.1}");
        rows.push(format!("  \"{scenario}\": {per:.1}"));
    }
    // Next to criterion's results: $CRITERION_HOME, or target/criterion (the executable is
    // target/release/deps/instructions-HASH).
    let home = std::env::var_os("CRITERION_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| Some(exe.parent()?.parent()?.parent()?.join("criterion")));
    if let Some(dir) = home {
        let path = dir.join("instructions.json");
        let mut all: Vec<String> = std::fs::read_to_string(&path)
            .ok()
            .map(|old| {
                old.lines()
                    .filter(|l| l.starts_with("  \""))
                    .map(|l| l.trim_end_matches(',').to_owned())
                    .filter(|l| {
                        !rows
                            .iter()
                            .any(|r| r.split(':').next() == l.split(':').next())
                    })
                    .collect()
            })
            .unwrap_or_default();
        all.extend(rows);
        all.sort();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&path, format!("{{\n{}\n}}\n", all.join(",\n"))).unwrap();
    }
}

/// Runs `scenario` on `n` prepared inputs; `call == false` prepares and drops them only.
fn run(scenario: &str, n: usize, call: bool) {
    let (group, name) = scenario.split_once('/').unwrap();
    match group {
        "decision" => decision(name, n, call),
        "tower" => tower(name, n, call),
        "actix" => actix(name, n, call),
        _ => panic!("unknown scenario {scenario}"),
    }
}

/// Matched by `https://*.example.org`, the pattern of [`DECISION`].
const PATTERN_HIT: &[u8] = b"https://a.example.org";
/// [`PATTERN_HIT`] with its fully qualified host: not matched by `https://*.example.org`.
const PATTERN_DOT: &[u8] = b"https://a.example.org.";

fn decision(name: &str, n: usize, call: bool) {
    let allowed = ALLOWED.as_bytes();
    let denied = DENIED.as_bytes();
    static WITH_ALLOWED: [&[u8]; 1] = [ALLOWED.as_bytes()];
    static WITH_DENIED: [&[u8]; 1] = [DENIED.as_bytes()];
    static PREFLIGHT_METHOD_LINES: [&[u8]; 1] = [PREFLIGHT_METHOD.as_bytes()];
    static PREFLIGHT_HEADER_LINES: [&[u8]; 1] = [PREFLIGHT_HEADERS.as_bytes()];
    let request = |origins: &'static [&'static [u8]], preflight: bool| CorsRequest {
        method: if preflight { b"OPTIONS" } else { b"GET" },
        origins,
        request_method: if preflight {
            &PREFLIGHT_METHOD_LINES
        } else {
            &[]
        },
        request_headers: if preflight {
            &PREFLIGHT_HEADER_LINES
        } else {
            &[]
        },
        private_network: false,
    };
    let fold = common::limit::foldhash();
    let fx = common::limit::fxhash();
    // `DECISION` built at run time: the same decision code over tables on the heap.
    let runtime: &'static checked_cors::OwnedPolicy =
        Box::leak(Box::new(common::decision_runtime()));
    let op: Box<dyn Fn() -> usize> = match name {
        "decide_allowed_actual" => {
            let r = request(&WITH_ALLOWED, false);
            Box::new(move || DECISION.decide(black_box(&r)).preflight_status().is_none() as usize)
        }
        "decide_denied_actual" => {
            let r = request(&WITH_DENIED, false);
            Box::new(move || DECISION.decide(black_box(&r)).preflight_status().is_none() as usize)
        }
        "decide_no_origin" => {
            let r = request(&[], false);
            Box::new(move || DECISION.decide(black_box(&r)).preflight_status().is_none() as usize)
        }
        "decide_preflight" => {
            let r = request(&WITH_ALLOWED, true);
            Box::new(move || DECISION.decide(black_box(&r)).preflight_status().is_some() as usize)
        }
        "decide_preflight_one_header" => {
            static ONE_HEADER_LINES: [&[u8]; 1] = [PREFLIGHT_HEADERS_ONE.as_bytes()];
            let r = CorsRequest {
                request_headers: &ONE_HEADER_LINES,
                ..request(&WITH_ALLOWED, true)
            };
            Box::new(move || DECISION.decide(black_box(&r)).preflight_status().is_some() as usize)
        }
        "allows_origin_hit" => {
            Box::new(move || DECISION.allows_origin(black_box(allowed)) as usize)
        }
        "allows_origin_hit_dynamic" => {
            Box::new(move || black_box(&DECISION).allows_origin(black_box(allowed)) as usize)
        }
        "allows_origin_miss" => {
            Box::new(move || DECISION.allows_origin(black_box(denied)) as usize)
        }
        // The wildcard path: split, one host lookup, the subdomain cut and its labels check.
        "allows_origin_pattern_hit" => {
            Box::new(move || DECISION.allows_origin(black_box(PATTERN_HIT)) as usize)
        }
        // The same host with a trailing dot, a distinct origin that the pattern never matches.
        "allows_origin_pattern_dot_miss" => {
            Box::new(move || DECISION.allows_origin(black_box(PATTERN_DOT)) as usize)
        }
        "decide_allowed_actual_runtime" => {
            let r = request(&WITH_ALLOWED, false);
            Box::new(move || runtime.decide(black_box(&r)).preflight_status().is_none() as usize)
        }
        "decide_preflight_runtime" => {
            let r = request(&WITH_ALLOWED, true);
            Box::new(move || runtime.decide(black_box(&r)).preflight_status().is_some() as usize)
        }
        "allows_origin_hit_runtime" => {
            Box::new(move || black_box(runtime).allows_origin(black_box(allowed)) as usize)
        }
        "allows_origin_miss_runtime" => {
            Box::new(move || black_box(runtime).allows_origin(black_box(denied)) as usize)
        }
        "limit_foldhash_hit" => Box::new(move || fold.contains(black_box(allowed)) as usize),
        "limit_fxhash_hit" => Box::new(move || fx.contains(black_box(allowed)) as usize),
        _ => panic!("unknown decision scenario {name}"),
    };
    let mut sum = 0;
    for _ in 0..n {
        if call {
            sum += op();
        } else {
            sum += black_box(1);
        }
    }
    black_box(sum);
}

fn tower(name: &str, n: usize, call: bool) {
    use common::tower_kit::{actual_with, handler, preflight_with, run, tower_http, Floor, Values};
    let (name, values) = match name.strip_suffix("_owned") {
        Some(name) => (name, Values::Owned),
        None => (name, Values::Shared),
    };
    let (stack, kind) = name.rsplit_once('_').unwrap();
    let make = if kind == "actual" {
        actual_with
    } else {
        preflight_with
    };
    // As the criterion benchmark does: clones of one request (header values shared, as a
    // server's parser produces them: echoing one is a reference-count increment), or fresh
    // requests with uniquely owned values (the first clone of one is an allocation).
    let prototype = make(ALLOWED, values);
    let requests: Vec<_> = (0..n)
        .map(|_| match values {
            Values::Shared => prototype.clone(),
            Values::Owned => make(ALLOWED, values),
        })
        .collect();
    let ours = checked_cors::tower::CorsLayer::new(&STACK);
    let theirs = tower_http(ORIGINS.map(HeaderValue::from_static));
    let mut sum = 0;
    match stack {
        "none" => {
            let mut s = service_fn(handler);
            for r in requests {
                sum += if call {
                    run(&mut s, r)
                } else {
                    black_box(r).headers().len()
                };
            }
        }
        "ours" => {
            let mut s = ours.layer(service_fn(handler));
            for r in requests {
                sum += if call {
                    run(&mut s, r)
                } else {
                    black_box(r).headers().len()
                };
            }
        }
        "floor" => {
            let mut s = Floor::new(service_fn(handler));
            for r in requests {
                sum += if call {
                    run(&mut s, r)
                } else {
                    black_box(r).headers().len()
                };
            }
        }
        "runtime" => {
            let mut s = checked_cors::tower::CorsLayer::new(common::stack_runtime())
                .layer(service_fn(handler));
            for r in requests {
                sum += if call {
                    run(&mut s, r)
                } else {
                    black_box(r).headers().len()
                };
            }
        }
        "tower_http" => {
            let mut s = theirs.layer(service_fn(handler));
            for r in requests {
                sum += if call {
                    run(&mut s, r)
                } else {
                    black_box(r).headers().len()
                };
            }
        }
        _ => panic!("unknown tower stack {stack}"),
    }
    black_box(sum);
}

fn actix(name: &str, n: usize, call: bool) {
    use common::actix_kit::{actix_cors, actual, floor, handler, preflight, run};
    let (stack, kind) = name.rsplit_once('_').unwrap();
    let make = if kind == "actual" { actual } else { preflight };
    let system = actix_rt::System::new();
    system.block_on(async {
        let resource = || web::resource(PATH).route(web::get().to(handler));
        let requests: Vec<_> = (0..n).map(|_| make(ALLOWED).to_request()).collect();
        let mut sum = 0;
        macro_rules! drive {
            ($app:expr) => {{
                let app = test::init_service($app).await;
                for r in requests {
                    sum += if call {
                        run(&app, r)
                    } else {
                        black_box(r).head().headers().len()
                    };
                }
            }};
        }
        match stack {
            "none" => drive!(App::new().service(resource())),
            "ours" => drive!(App::new()
                .wrap(checked_cors::actix::Cors::new(&STACK))
                .service(resource())),
            "actix_cors" => drive!(App::new().wrap(actix_cors(ORIGINS)).service(resource())),
            "floor" => drive!(App::new().wrap_fn(floor).service(resource())),
            "runtime" => drive!(App::new()
                .wrap(checked_cors::actix::Cors::new(common::stack_runtime()))
                .service(resource())),
            _ => panic!("unknown actix stack {stack}"),
        }
        black_box(sum);
    });
}
