//! A fully qualified page origin in a real browser: headless Chromium loads the demo page from
//! `http://localhost.:PORT` (a final dot, which the URL standard keeps), and the browser sends
//! exactly that origin. Against an API that lists `http://localhost.:*` every scenario comes out
//! as the page expects; against the demo's own API, which lists only `http://localhost:*`, the
//! four that need the page's origin allowed are refused.

use std::net::SocketAddr;
use std::time::Duration;

use checked_cors::{cors_policy, Policy};
use checked_cors_examples::{api_origin, axum_api, demo_page, API};
use checked_cors_tests::browser::{chromium_or_skip, dump_dom, element_text, serve_page};
use checked_cors_tests::client;

/// The demo's [`API`] policy with the fully qualified form of its origin instead.
static FQDN_API: Policy = cors_policy! {
    allow_origins: ["http://localhost.:*"],
    allow_methods: [PUT, DELETE],
    allow_headers: ["content-type", "x-demo"],
    expose_headers: ["x-request-id"],
    allow_credentials: true,
    max_age: 60,
};

/// The demo's axum API under `policy`, on a free loopback port, for the rest of the test run.
fn start_api(policy: &'static Policy) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::Builder::new()
        .name("demo api".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, axum_api(policy)).await.unwrap();
            });
        })
        .unwrap();
    addr
}

/// The demo page calling `api`, served on a free port and opened as `http://localhost.:PORT/`:
/// returns the page's origin and the DOM after its scenarios ran.
fn run_page(api: SocketAddr, test: &str) -> Option<(String, String)> {
    let page = serve_page(demo_page(&api_origin(api), "axum"));
    let origin = format!("http://localhost.:{}", page.port());

    // Over the wire first, so that a failure tells the policy from the browser.
    let hello = client::send(api, "GET", "/api/hello", &[("Origin", origin.as_bytes())]).unwrap();
    let echoed = hello.get("access-control-allow-origin");

    let chromium = chromium_or_skip(test)?;
    let dump = dump_dom(&chromium, &format!("{origin}/"), Duration::from_secs(30));
    let shown = element_text(&dump.dom, "page-origin").expect("#page-origin in the DOM");
    assert_eq!(
        shown, origin,
        "Chromium kept the final dot in location.origin"
    );
    Some((echoed.unwrap_or_default(), dump.dom))
}

#[test]
fn fully_qualified_origin_allowed_when_listed() {
    let api = start_api(&FQDN_API);
    let Some((echoed, dom)) = run_page(api, "fqdn_origin::listed") else {
        return;
    };
    assert!(echoed.starts_with("http://localhost.:"), "{echoed}");
    let summary = element_text(&dom, "summary").expect("#summary in the DOM");
    assert_eq!(summary, "7 of 7 scenarios as expected", "DOM:\n{dom}");
    let credentialed = element_text(&dom, "scenario-3").unwrap_or_default();
    assert!(credentialed.contains("resolved"), "{credentialed}");
}

#[test]
fn fully_qualified_origin_refused_when_only_the_dotless_form_is_listed() {
    let api = start_api(&API);
    let Some((echoed, dom)) = run_page(api, "fqdn_origin::dotless") else {
        return;
    };
    assert_eq!(
        echoed, "",
        "no Access-Control-Allow-Origin for the dotted origin"
    );
    // Scenarios 1 to 4 expect the page's origin to be allowed; 5 to 7 expect refusals.
    let summary = element_text(&dom, "summary").expect("#summary in the DOM");
    assert_eq!(summary, "3 of 7 scenarios as expected", "DOM:\n{dom}");
    for i in 1..=7 {
        let row = element_text(&dom, &format!("scenario-{i}")).unwrap_or_default();
        assert!(row.contains("rejected"), "scenario {i}: {row}");
    }
}
