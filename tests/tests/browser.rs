//! End to end in a real browser: headless Chromium loads a page from `http://localhost:A` that
//! calls the API on `http://127.0.0.1:B` (another origin) with `fetch()`, for both adapters.
//!
//! The browser is the judge: whether each `fetch()` resolves or rejects, which response headers
//! its script can read, and (from the server's counters) whether a handler ran after a failed
//! preflight and how many preflights a `max_age` saved.
//!
//! Chromium comes from Debian's `chromium` package (`apt-get install -y chromium`). Without it
//! the tests fail when `CI` is set and are skipped, loudly, otherwise.

use std::time::Duration;

use checked_cors_tests::browser::{chromium_or_skip, dump_dom, element_text, serve_page};
use checked_cors_tests::servers::{self, Count, Framework, Source};

/// What the page must print, line by line (see `src/browser_page.html`).
const EXPECTED: &[&str] = &[
    "simple: resolved 200 body=ok",
    // Only the exposed header is visible; `content-type` is safelisted.
    "exposed: resolved 200 x-request-id=42 x-internal=null content-type=text/plain",
    // `expose_headers: *` exposes everything to a request without credentials.
    "expose-any: resolved 200 x-request-id=42 x-internal=secret content-type=text/plain",
    "preflight-put: resolved 200",
    "max-age-1: resolved 200",
    "max-age-2: resolved 200",
    "max-age-3: resolved 200",
    "no-cache-1: resolved 200",
    "no-cache-2: resolved 200",
    "no-cache-3: resolved 200",
    "header-denied: rejected TypeError",
    "method-lowercase: rejected TypeError",
    "method-uppercase: resolved 200",
    "origin-denied: rejected TypeError",
    "origin-denied-preflight: rejected TypeError",
    "credentials: resolved 200 x-request-id=42 x-internal=null content-type=text/plain",
    "credentials-preflight: resolved 200",
    // ACAO `*` never satisfies a credentialed request.
    "credentials-any-origin: rejected TypeError",
    "plain: resolved 200",
    // No Access-Control-Allow-Credentials.
    "credentials-not-allowed: rejected TypeError",
    "authorization-any: resolved 200",
    "put-only: resolved 200",
    "whole-app: resolved 200",
    // An inner middleware's refusal carries the CORS headers, so the page can read it.
    AUTH_401,
    // The framework's 405 carries the CORS headers, so the page can read its status.
    "whole-app-405: resolved 405",
    "no-policy: rejected TypeError",
    "DONE",
];

const AUTH_401: &str = "auth-401: resolved 401";

/// What the server saw per path: (handler runs, preflights).
const COUNTS: &[(&str, usize, usize)] = &[
    ("/api/items/simple", 1, 0),
    ("/api/items/exposed", 1, 0),
    ("/public", 2, 0),
    ("/api/items/put", 1, 1),
    // One preflight served three requests within max_age.
    ("/api/items/cached", 3, 1),
    // With `max_age: 0`, one preflight per request: the browser honours the header we send
    // (without it, Chromium would cache for 5 s and count 1 here too).
    ("/nocache", 3, 3),
    // A failed preflight: the actual request was never sent, the handler never ran.
    ("/api/items/header-denied", 0, 1),
    ("/api/items/patch-lower", 0, 1),
    ("/api/items/patch-upper", 1, 1),
    // The simple GET reached the handler (CORS never blocks; the browser hides the response);
    // the preflighted PUT did not.
    ("/partner", 1, 1),
    ("/api/items/creds", 1, 0),
    ("/api/items/creds-put", 1, 1),
    ("/plain", 2, 0),
    ("/public/put-only", 1, 1),
    ("/api/put-only", 1, 1),
    // Refused by the inner middleware: no handler.
    ("/api/denied", 0, 0),
    ("/whole", 1, 1),
    ("/whole/put-only", 0, 1),
    ("/none", 1, 0),
];

/// Virtual time only passes while the page is idle (see `dump_dom`).
const BUDGET: Duration = Duration::from_secs(30);

fn check(framework: Framework, source: Source) {
    let test = format!("browser::{framework:?}::{source:?}");
    let Some(chromium) = chromium_or_skip(&test) else {
        return;
    };
    let server = servers::start(framework, source);
    let page = include_str!("../src/browser_page.html")
        .replace(
            "__API__",
            &format!("http://127.0.0.1:{}", server.routes.port()),
        )
        .replace(
            "__WHOLE__",
            &format!("http://127.0.0.1:{}", server.whole.port()),
        );
    let page = serve_page(page);
    let url = format!("http://localhost:{}/", page.port());

    let dump = dump_dom(&chromium, &url, BUDGET);
    let text = element_text(&dump.dom, "results").unwrap_or_else(|| {
        panic!(
            "{test}: no #results in the DOM:\n{}\nstderr:\n{}",
            dump.dom, dump.stderr
        )
    });
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.last() == Some(&"DONE"),
        "{test}: the page did not finish within the virtual time budget ({:?} real); it wrote:\n{text}\nstderr:\n{}",
        dump.elapsed,
        dump.stderr
    );
    let mismatches: Vec<String> = (0..lines.len().max(EXPECTED.len()))
        .filter(|&i| lines.get(i) != EXPECTED.get(i))
        .map(|i| {
            format!(
                "  line {i}: got {:?}, expected {:?}",
                lines.get(i),
                EXPECTED.get(i)
            )
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{test}: the browser's verdicts differ:\n{}",
        mismatches.join("\n")
    );

    let got: Vec<(&str, usize, usize)> = COUNTS
        .iter()
        .map(|&(path, ..)| {
            let Count {
                handler,
                preflights,
            } = server.counters.get(path);
            (path, handler, preflights)
        })
        .collect();
    assert_eq!(
        got, COUNTS,
        "{test}: (path, handler runs, preflights) seen by the server"
    );
    // Nothing else was requested.
    let (handlers, preflights) = COUNTS
        .iter()
        .fold((0, 0), |(h, p), &(_, ch, cp)| (h + ch, p + cp));
    assert_eq!(
        (
            server.counters.handler_total(),
            server.counters.preflight_total()
        ),
        (handlers, preflights),
        "{test}: requests on paths the test does not list"
    );
    eprintln!("{test}: Chromium run took {:?}", dump.elapsed);
}

#[test]
fn axum_in_chromium() {
    check(Framework::Axum, Source::Compiled);
}

#[test]
fn actix_in_chromium() {
    check(Framework::Actix, Source::Compiled);
}

/// The same page, the same verdicts and the same server-side counts with every policy built at
/// run time and served through a `SharedPolicy`.
#[test]
fn axum_runtime_policies_in_chromium() {
    check(Framework::Axum, Source::Runtime);
}

#[test]
fn actix_runtime_policies_in_chromium() {
    check(Framework::Actix, Source::Runtime);
}
