//! Debug mode in a real browser: headless Chromium's console, read from its log, names the real
//! cause of a refused preflight when the layer is in debug mode, and only a missing
//! `Access-Control-Allow-Origin` when it is not. The browser blocks the request either way.
//!
//! The page (on `http://localhost:PORT`) sends, to an API on `http://127.0.0.1:PORT`:
//! - `DELETE` where the policy lists only `PUT` (the method case);
//! - `PUT` with `x-bar` where the policy lists only `x-foo` (the header case);
//! - the method case with credentials, under a policy that allows them (the debug answer
//!   carries `Access-Control-Allow-Credentials`, so the method is still the named cause), and
//!   under one that does not (the cause is the credentials).

use std::net::SocketAddr;
use std::time::Duration;

use checked_cors::{cors_policy, Policy};
use checked_cors_tests::browser::{chromium_or_skip, dump_dom, element_text, serve_page};
use checked_cors_tests::servers::Framework;

static STRICT: Policy = cors_policy! {
    allow_origins: ["http://localhost:*"],
    allow_methods: [PUT],
    allow_headers: ["x-foo"],
    allow_credentials: true,
};

static NO_CREDENTIALS: Policy = cors_policy! {
    allow_origins: ["http://localhost:*"],
    allow_methods: [PUT],
};

const PAGE: &str = r#"<!doctype html>
<html><body><pre id="results"></pre><script>
"use strict";
const API = "__API__";
const out = document.getElementById("results");
const cases = [
  ["method", () => fetch(API + "/strict", { method: "DELETE" })],
  ["header", () => fetch(API + "/strict", { method: "PUT", headers: { "x-bar": "1" } })],
  ["credentials", () => fetch(API + "/strict", { method: "DELETE", credentials: "include" })],
  ["no-credentials", () => fetch(API + "/no-credentials", { method: "DELETE", credentials: "include" })],
];
(async () => {
  for (const [name, run] of cases) {
    try { await run(); out.textContent += name + ": resolved\n"; }
    catch (e) { out.textContent += name + ": rejected\n"; }
  }
  out.textContent += "DONE";
})();
</script></body></html>"#;

/// The API on `framework`, with both routes in debug mode or not, for the rest of the run.
fn serve(framework: Framework, debug: bool) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || match framework {
        Framework::Axum => {
            use axum::routing::any;
            use checked_cors::tower::CorsLayer;
            let app = axum::Router::new()
                .route(
                    "/strict",
                    any(|| async { "ok" }).layer(CorsLayer::new(&STRICT).debug(debug)),
                )
                .route(
                    "/no-credentials",
                    any(|| async { "ok" }).layer(CorsLayer::new(&NO_CREDENTIALS).debug(debug)),
                );
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                listener.set_nonblocking(true).unwrap();
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, app).await.unwrap();
            });
        }
        Framework::Actix => {
            use actix_web::{web, App, HttpResponse, HttpServer};
            use checked_cors::actix::Cors;
            actix_web::rt::System::new().block_on(async move {
                HttpServer::new(move || {
                    App::new()
                        .service(
                            web::resource("/strict")
                                .wrap(Cors::new(&STRICT).debug(debug))
                                .route(web::route().to(HttpResponse::Ok)),
                        )
                        .service(
                            web::resource("/no-credentials")
                                .wrap(Cors::new(&NO_CREDENTIALS).debug(debug))
                                .route(web::route().to(HttpResponse::Ok)),
                        )
                })
                .workers(1)
                .disable_signals()
                .listen(listener)
                .unwrap()
                .run()
                .await
                .unwrap();
            });
        }
    });
    addr
}

/// The console's CORS message for each case, in page order.
fn messages(framework: Framework, debug: bool) -> Option<Vec<String>> {
    let test = format!("browser_debug::{framework:?}::{debug}");
    let chromium = chromium_or_skip(&test)?;
    let api = serve(framework, debug);
    let page = serve_page(PAGE.replace("__API__", &format!("http://{api}")));
    let dump = dump_dom(
        &chromium,
        &format!("http://localhost:{}/", page.port()),
        Duration::from_secs(30),
    );
    let results = element_text(&dump.dom, "results").unwrap_or_default();
    assert_eq!(
        results,
        "method: rejected\nheader: rejected\ncredentials: rejected\nno-credentials: rejected\nDONE",
        "{test}: the browser blocks every case, debug mode or not; stderr:\n{}",
        dump.stderr
    );
    let cors: Vec<String> = dump
        .console()
        .into_iter()
        .filter(|m| m.contains("blocked by CORS policy"))
        .collect();
    assert_eq!(cors.len(), 4, "{test}: {cors:#?}");
    Some(cors)
}

fn check(framework: Framework) {
    let Some(plain) = messages(framework, false) else {
        return;
    };
    for message in &plain {
        assert!(
            message.contains(
                "Response to preflight request doesn't pass access control check: No \
                 'Access-Control-Allow-Origin' header is present on the requested resource."
            ),
            "{framework:?}, debug off: {message}"
        );
    }
    let Some(told) = messages(framework, true) else {
        return;
    };
    let expect = [
        "Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.",
        "Request header field x-bar is not allowed by Access-Control-Allow-Headers in preflight \
         response.",
        "Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.",
        "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which \
         must be 'true' when the request's credentials mode is 'include'.",
    ];
    for (message, expected) in told.iter().zip(expect) {
        assert!(
            message.ends_with(expected),
            "{framework:?}, debug on:\n  got:      {message}\n  expected: …{expected}"
        );
    }
}

#[test]
fn axum_debug_mode_names_the_cause_in_chromium() {
    check(Framework::Axum);
}

#[test]
fn actix_debug_mode_names_the_cause_in_chromium() {
    check(Framework::Actix);
}
