//! The demo servers as a user runs them: each binary starts on free ports (port `0` through
//! the environment), prints its two URLs, serves the API and the page, and the page's own
//! scenarios, run in headless Chromium, all come out as the page says they should.

use std::time::Duration;

use checked_cors_tests::browser::{chromium_or_skip, dump_dom, element_text};
use checked_cors_tests::client;

mod common;
use common::start;

fn check(binary: &str, server: &str) {
    let demo = start(binary, &[]);

    // Over the wire: the page names the API; the API answers the page's origin.
    let page = client::send(demo.page, "GET", "/", &[]).unwrap();
    assert_eq!(page.status, 200);
    let html = String::from_utf8_lossy(&page.body);
    assert!(
        html.contains(&format!("const API = \"http://{}\";", demo.api)),
        "{server}: page does not call its API"
    );
    let origin = format!("http://localhost:{}", demo.page.port());
    let hello = client::send(
        demo.api,
        "GET",
        "/api/hello",
        &[("Origin", origin.as_bytes())],
    )
    .unwrap();
    assert_eq!(
        (hello.status, hello.get("access-control-allow-origin")),
        (200, Some(origin.clone())),
        "{server}"
    );
    let preflight = client::send(
        demo.api,
        "OPTIONS",
        "/api/items/1",
        &[
            ("Origin", origin.as_bytes()),
            ("Access-Control-Request-Method", b"PUT"),
            ("Access-Control-Request-Headers", b"x-secret"),
        ],
    )
    .unwrap();
    assert_eq!(preflight.status, 403, "{server}");

    // In the browser: every scenario as the page expects.
    let Some(chromium) = chromium_or_skip(&format!("demo::{server}")) else {
        return;
    };
    let url = format!("http://localhost:{}/", demo.page.port());
    let dump = dump_dom(&chromium, &url, Duration::from_secs(30));
    let summary = element_text(&dump.dom, "summary").expect("#summary in the DOM");
    assert_eq!(
        summary, "7 of 7 scenarios as expected",
        "{server}: DOM:\n{}",
        dump.dom
    );
    let exposed = element_text(&dump.dom, "scenario-4").unwrap_or_default();
    assert!(
        exposed.contains("x-request-id = 42, x-internal = null"),
        "{server}: {exposed}"
    );
}

#[test]
fn axum_demo() {
    check(env!("CARGO_BIN_EXE_axum"), "axum");
}

#[test]
fn actix_demo() {
    check(env!("CARGO_BIN_EXE_actix"), "actix-web");
}
