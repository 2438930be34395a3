//! Hostile load on real servers, measured: `cargo run --release -p checked-cors-tests --bin
//! hostile-load -- [--secs 20] [--connections 64] [--frameworks axum,actix]
//! [--sources compiled,runtime]`.
//!
//! For each framework and policy source (`cors_policy!`, or `PolicyConfig::build` served through
//! a `SharedPolicy`), four processes: the server (the test suites' application,
//! `checked_cors_tests::servers`, on one core: a current-thread runtime or one actix worker),
//! this one (which orchestrates and reads the server's RSS), a flood of hostile requests mixed
//! with valid ones over many keep-alive connections, and a timer that sends valid requests one at
//! a time on its own connection (so the latency it reports is not the flood's). Phases: quiet
//! (the timer alone), control (the flood on `/none`, a route without CORS: what the server itself
//! pays), cors (the flood on the CORS routes). It prints a Markdown table for BENCHMARKS.md and
//! exits non-zero if any request failed or any hostile value was answered with a CORS header.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use checked_cors_tests::load::{self, FloodReport, Target};
use checked_cors_tests::servers::{self, Framework};
use checked_cors_tests::twins::Source;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1], &args[2]),
        Some("flood") => {
            let addr: SocketAddr = args[1].parse().expect("an address");
            let target = Target::parse(&args[2]).expect("cors or control");
            let secs: f64 = args[3].parse().expect("seconds");
            let connections: usize = args[4].parse().expect("connections");
            let report = load::flood(
                addr,
                target,
                connections,
                Duration::from_secs_f64(secs),
                u64::MAX,
            );
            for line in report.failures.iter().chain(&report.wrong) {
                eprintln!("{line}");
            }
            println!("{}", report.line());
        }
        Some("time") => {
            let addr: SocketAddr = args[1].parse().expect("an address");
            let secs: f64 = args[2].parse().expect("seconds");
            let (mut latencies, problems) =
                load::time_valid(addr, Duration::from_secs_f64(secs), usize::MAX);
            for p in problems.iter().take(5) {
                eprintln!("{p}");
            }
            let total: f64 = latencies.iter().map(Duration::as_secs_f64).sum();
            println!(
                "time {} {} {:.1} {:.1} {:.0}",
                latencies.len(),
                problems.len(),
                load::quantile_us(&mut latencies, 0.5),
                load::quantile_us(&mut latencies, 0.99),
                latencies.len() as f64 / total.max(1e-9)
            );
        }
        _ => run(&args),
    }
}

/// Serves the test application and prints its address; runs until killed.
fn serve(framework: &str, source: &str) {
    let framework = match framework {
        "axum" => Framework::Axum,
        "actix" => Framework::Actix,
        other => panic!("unknown framework {other}"),
    };
    let source = match source {
        "compiled" => Source::Compiled,
        "runtime" => Source::Runtime,
        other => panic!("unknown source {other}"),
    };
    let server = servers::start(framework, source);
    println!("listening {}", server.routes);
    loop {
        std::thread::park();
    }
}

fn option(args: &[String], name: &str, default: &str) -> String {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| default.to_string())
}

fn me() -> Command {
    Command::new(std::env::current_exe().expect("this binary"))
}

fn output_line(child: Child, prefix: &str) -> String {
    let out = child.wait_with_output().expect("a child's output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    stdout
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no `{prefix}` line in {stdout:?}"))
        .to_string()
}

fn spawn(args: &[String]) -> Child {
    me().args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn a child")
}

/// `time` output: count, problems, p50 µs, p99 µs, requests per second.
struct Timed {
    problems: u64,
    p50: f64,
    p99: f64,
    rate: f64,
}

fn timed(line: &str) -> Timed {
    let f: Vec<&str> = line.split(' ').collect();
    Timed {
        problems: f[2].parse().unwrap(),
        p50: f[3].parse().unwrap(),
        p99: f[4].parse().unwrap(),
        rate: f[5].parse().unwrap(),
    }
}

fn run(args: &[String]) {
    let secs: f64 = option(args, "--secs", "20").parse().expect("--secs N");
    let connections = option(args, "--connections", "64");
    let frameworks = option(args, "--frameworks", "axum,actix");
    let sources = option(args, "--sources", "compiled,runtime");
    let mut bad = 0u64;
    println!("hostile load: {secs} s per phase, {connections} hostile keep-alive connections, 1 timer connection\n");
    println!("| framework | phase | valid p50 (µs) | valid p99 (µs) | valid req/s (timer) | flood req/s | flood valid / hostile | failed | CORS header on hostile |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut memory = Vec::new();
    let servers = frameworks
        .split(',')
        .flat_map(|f| sources.split(',').map(move |s| (f, s)));
    for (framework, source) in servers {
        let mut server = me()
            .args(["serve", framework, source])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn the server");
        let pid = server.id();
        let mut line = String::new();
        BufReader::new(server.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening ")
            .expect("the server's address")
            .to_string();
        // Warm up (connections, allocator, templates), then measure the baseline.
        output_line(
            spawn(&["time".into(), addr.clone(), secs.min(1.0).to_string()]),
            "time",
        );
        let rss_before = load::rss_kib(pid).unwrap_or(0);
        let mut rss_peak = rss_before;
        let mut rss_after = Vec::new();
        for phase in ["quiet", "control", "cors"] {
            let flood = (phase != "quiet").then(|| {
                spawn(&[
                    "flood".into(),
                    addr.clone(),
                    phase.into(),
                    format!("{}", secs + 0.5),
                    connections.clone(),
                ])
            });
            if flood.is_some() {
                std::thread::sleep(Duration::from_millis(300));
            }
            let timer = spawn(&["time".into(), addr.clone(), secs.to_string()]);
            std::thread::sleep(Duration::from_secs_f64(secs / 2.0));
            rss_peak = rss_peak.max(load::rss_kib(pid).unwrap_or(0));
            let t = timed(&output_line(timer, "time"));
            bad += t.problems;
            let (rate, mix, failed, wrong) = match flood {
                Some(flood) => {
                    let report =
                        FloodReport::parse(&output_line(flood, "flood")).expect("a flood report");
                    bad += report.failed + report.wrong_count;
                    (
                        format!("{:.0}", report.rate()),
                        format!("{} / {}", report.valid, report.hostile),
                        report.failed.to_string(),
                        report.wrong_count.to_string(),
                    )
                }
                None => ("–".into(), "–".into(), "–".into(), "–".into()),
            };
            if phase != "quiet" {
                // After the flood has stopped: what the phase left behind.
                std::thread::sleep(Duration::from_secs_f64(secs.min(1.0)));
                rss_after.push(load::rss_kib(pid).unwrap_or(0));
            }
            println!(
                "| {framework} ({source}) | {phase} | {:.0} | {:.0} | {:.0} | {rate} | {mix} | {} | {wrong} |",
                t.p50,
                t.p99,
                t.rate,
                if failed == "–" {
                    format!("{}", t.problems)
                } else {
                    format!("{failed} (+{} timer)", t.problems)
                },
            );
        }
        memory.push(format!(
            "| {framework} ({source}) | {rss_before} | {} | {} | {rss_peak} |",
            rss_after[0], rss_after[1]
        ));
        server.kill().expect("stop the server");
        server.wait().ok();
    }
    println!("\nServer memory (RSS, KiB): before the phases (after a warm-up), 1 s after the control flood (what the server keeps for the flood's connections), 1 s after the CORS flood (flat: nothing more kept for CORS), and the highest seen.\n");
    println!("| server | before | after control | after cors | peak |\n|---|---:|---:|---:|---:|");
    for line in memory {
        println!("{line}");
    }
    if bad > 0 {
        eprintln!("{bad} requests failed or were answered wrongly");
        std::process::exit(1);
    }
}
