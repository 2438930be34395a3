//! Hostile load on both real servers, short: many keep-alive connections mixing valid
//! preflights and actual requests with hostile ones (`checked_cors_tests::load` says which),
//! while another thread sends valid requests one at a time. Nothing hostile may be answered
//! with a CORS header, every valid request must get its origin back, and every request must get
//! a response. No timing is asserted: the measurement is the `hostile-load` binary (BENCHMARKS.md),
//! which is also run here for a moment so that the documented command keeps working.

use std::time::Duration;

use checked_cors_tests::load::{self, Target};
use checked_cors_tests::servers::{self, Framework};
use checked_cors_tests::twins::Source;

#[test]
fn hostile_flood_reflects_nothing_and_fails_nothing() {
    let servers = Framework::ALL
        .into_iter()
        .flat_map(|f| Source::ALL.map(|source| (f, source)));
    for (framework, source) in servers {
        let server = servers::start(framework, source);
        let addr = server.routes;
        for target in [Target::Cors, Target::NoCors] {
            let timer =
                std::thread::spawn(move || load::time_valid(addr, Duration::from_secs(2), 200));
            let report = load::flood(addr, target, 16, Duration::from_millis(1500), 60);
            let (latencies, problems) = timer.join().unwrap();
            let what = format!("{framework:?} {source:?} {target:?}");
            assert_eq!(report.failed, 0, "{what}: {:?}", report.failures);
            assert_eq!(report.wrong_count, 0, "{what}: {:?}", report.wrong);
            assert!(
                report.hostile > 200,
                "{what}: {} hostile requests",
                report.hostile
            );
            if target == Target::Cors {
                assert!(report.valid > 50, "{what}: {} valid requests", report.valid);
            }
            assert!(
                problems.is_empty(),
                "{what}: valid requests failed: {problems:?}"
            );
            assert!(!latencies.is_empty(), "{what}: no valid request timed");
            // Hostile requests reached the CORS layer (403s) and the servers' own limits (400/431).
            let status = |s: u16| report.statuses.get(&s).copied().unwrap_or(0);
            if target == Target::Cors {
                assert!(status(403) > 0, "{what}: {:?}", report.statuses);
            }
            assert!(
                status(400) + status(431) > 0,
                "{what}: {:?}",
                report.statuses
            );
        }
    }
}

#[test]
fn the_long_measurement_command_runs() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hostile-load"))
        .args(["--secs", "0.3", "--connections", "4"])
        .output()
        .expect("run hostile-load");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for row in [
        "| axum (compiled) | quiet |",
        "| axum (runtime) | cors |",
        "| actix (compiled) | control |",
        "| actix (runtime) | cors |",
        "| axum (runtime) | ",
    ] {
        assert!(stdout.contains(row), "{row} missing:\n{stdout}");
    }
}
