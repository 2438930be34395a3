//! What every benchmark shares: the policies, the peers' identical configurations, the
//! requests, a poll-once executor and criterion's settings.
#![allow(dead_code)] // Each bench binary uses a different part of this module.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use checked_cors::{cors_policy, OwnedPolicy, Policy, PolicyConfig, SharedPolicy, Values};
use criterion::Criterion;

pub mod actix_kit;
pub mod limit;
pub mod old_solver;
pub mod tower_kit;

/// One list for [`ORIGINS`], [`DECISION`] and [`STACK`] (`cors_policy!` needs literals, so a
/// `macro_rules!` hands the same ones to each).
macro_rules! with_origins {
    ($($origin:literal),* $(,)?) => {
        /// The 20 exact origins of [`DECISION`] and [`STACK`], in the order given to the peers.
        pub const ORIGINS: [&str; 20] = [$($origin),*];

        /// Decision level: 20 exact origins plus one wildcard pattern.
        pub static DECISION: Policy = cors_policy! {
            allow_origins: [$($origin,)* "https://*.example.org"],
            allow_methods: [GET, POST, PUT, DELETE],
            allow_headers: ["content-type", "x-request-id"],
            expose_headers: ["x-request-id"],
            allow_credentials: true,
            max_age: 600,
        };

        /// Stack level: the same without the pattern, so that tower-http's `AllowOrigin::list`
        /// and actix-cors's `allowed_origin` can be configured identically.
        pub static STACK: Policy = cors_policy! {
            allow_origins: [$($origin),*],
            allow_methods: [GET, POST, PUT, DELETE],
            allow_headers: ["content-type", "x-request-id"],
            expose_headers: ["x-request-id"],
            allow_credentials: true,
            max_age: 600,
        };
    };
}

with_origins![
    "https://example.com",
    "https://www.example.com",
    "https://app.example.com",
    "https://admin.example.com",
    "https://dashboard.example.com",
    "https://docs.example.com",
    "https://status.example.com",
    "https://billing.example.com",
    "https://accounts.example.com",
    "https://checkout.example.com",
    "https://console.example-cloud.net",
    "https://studio.example-cloud.net",
    "https://partner-one.example",
    "https://partner-two.example",
    "https://widgets.example-cdn.com",
    "https://embed.example-cdn.com",
    "https://staging.example.com",
    "https://preview.example.com",
    "https://beta.example.com",
    "https://m.example.com"
];

/// The allowed origin every "allowed" request sends: the 11th of 20, so a linear scan
/// (tower-http) walks half the list, as it would on average.
pub const ALLOWED: &str = ORIGINS[10];
/// A well-formed origin that is not allowed: same length as [`ALLOWED`], so no length check
/// rejects it early, and not under the `*.example.org` pattern.
pub const DENIED: &str = "https://console.example-cloud.org";

/// The methods, headers, exposed headers and max-age of both policies, for the peers.
pub const METHODS: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];
pub const HEADERS: [&str; 2] = ["content-type", "x-request-id"];
pub const EXPOSE: [&str; 1] = ["x-request-id"];
pub const MAX_AGE_SECS: u64 = 600;

/// The requested method and headers of every preflight (a browser's form: lowercase, sorted).
pub const PREFLIGHT_METHOD: &str = "PUT";
pub const PREFLIGHT_HEADERS: &str = "content-type,x-request-id";
/// A preflight header list that is not the policy's whole list (one of its two names), so it is
/// checked name by name rather than accepted by the one compare a browser's full list gets.
pub const PREFLIGHT_HEADERS_ONE: &str = "x-request-id";

/// The path every request goes to.
pub const PATH: &str = "/items/42";

/// [`STACK`] as configuration: the run-time policy with the same keys.
pub fn stack_config() -> PolicyConfig {
    PolicyConfig {
        allow_origins: Some(ORIGINS.into_iter().collect()),
        allow_methods: Some(METHODS.into_iter().collect()),
        allow_headers: Some(HEADERS.into_iter().collect()),
        expose_headers: Some(EXPOSE.into_iter().collect()),
        allow_credentials: true,
        max_age: Some(MAX_AGE_SECS),
        ..PolicyConfig::default()
    }
}

/// [`STACK`] built at run time, served as a live server serves it: through a [`SharedPolicy`].
pub fn stack_runtime() -> SharedPolicy {
    let shared = SharedPolicy::new(stack_config().build().unwrap());
    // The first load on a thread registers it with `arc-swap`; not part of any request.
    drop(shared.load());
    shared
}

/// [`DECISION`] built at run time.
pub fn decision_runtime() -> OwnedPolicy {
    let mut config = stack_config();
    if let Some(Values::List(origins)) = &mut config.allow_origins {
        origins.push("https://*.example.org".into());
    }
    config.build().unwrap()
}

/// Fails loudly if [`ORIGINS`] and the macro's lists ever drift apart.
pub fn check_policies() {
    for policy in [&DECISION, &STACK] {
        let mut listed: Vec<&str> = policy.exact_origins().collect();
        listed.sort_unstable();
        let mut expected = ORIGINS.to_vec();
        expected.sort_unstable();
        assert_eq!(listed, expected);
        assert!(!policy.allows_origin(DENIED.as_bytes()));
    }
    assert_eq!(DENIED.len(), ALLOWED.len());
    assert_eq!(DECISION.pattern_count(), 1);
    // The run-time twins hold exactly the same origins.
    let runtime = decision_runtime();
    let mut listed: Vec<&str> = runtime.exact_origins().collect();
    listed.sort_unstable();
    let mut expected = ORIGINS.to_vec();
    expected.sort_unstable();
    assert_eq!(listed, expected);
    assert_eq!(runtime.pattern_count(), 1);
}

/// The origins of the scale benchmarks (the build script writes the same ones into the
/// policies): `https://app{i}.tenant{i % 97}.example.com`.
pub fn scale_origin(i: usize) -> String {
    format!("https://app{i}.tenant{}.example.com", i % 97)
}

/// Polls a future once with a no-op waker. Every service benchmarked here answers without
/// waiting, so the first poll is ready; anything else is a bug in the benchmark.
///
/// Always inlined, so that the harness has one shape for every stack and every build: left to
/// the compiler, whether it is inlined changed with the size of the stack's code (about 60
/// instructions per request, the harness's, not the stack's).
#[inline(always)]
pub fn now<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a benchmarked service did not answer at once"),
    }
}

/// Criterion settings: short but stable runs, so the whole suite fits in a few minutes on two
/// cores. Command-line flags (`--measurement-time`, `--sample-size`, ...) still override them.
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(800))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
        .configure_from_args()
}
