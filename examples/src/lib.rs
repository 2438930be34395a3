//! What the two demo servers (`src/bin/axum.rs`, `src/bin/actix.rs`) share: the policies, the
//! demo page and where to listen; and the axum API itself ([`axum_api`]), which tests also run
//! under other policies.
//!
//! Each server runs an API on `http://127.0.0.1:8080` and the demo page on
//! `http://localhost:8081`, a different origin, so the page's `fetch()` calls are real
//! cross-origin requests that the browser checks. Set `CORS_DEMO_API_ADDR` and
//! `CORS_DEMO_PAGE_ADDR` to listen elsewhere (port `0` picks a free port).
//!
//! Routes, identical on both servers:
//!
//! | route | policy |
//! |---|---|
//! | `GET /api/hello`, `PUT /api/items/{id}`, `GET /api/me` | [`API`], on the `/api` routes |
//! | `GET /partner/data` | [`PARTNER`], on this route only |
//! | `GET /public/status` | [`PUBLIC`], on this route only |
//!
//! The axum demo can serve the `/api` policy from a file instead, and reload it live
//! ([`reload`]): `cargo run -p checked-cors-examples --bin axum -- --policy cors.toml`.

use std::net::SocketAddr;

pub mod reload;

use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::Router;
use checked_cors::tower::{CorsLayer, IntoServed};
use checked_cors::{cors_policy, Policy};

/// The API's policy: any port on `localhost` (where the demo page lives), credentials
/// allowed, `PUT`/`DELETE` and two request headers beyond the safelisted ones, and one
/// response header scripts may read. Browsers may cache a preflight for 60 seconds.
///
/// Plain `http` origins are refused with credentials unless they are loopback, as here.
pub static API: Policy = cors_policy! {
    allow_origins: ["http://localhost:*"],
    allow_methods: [PUT, DELETE],
    allow_headers: ["content-type", "x-demo"],
    expose_headers: ["x-request-id"],
    allow_credentials: true,
    max_age: 60,
};

/// A second policy, on one route only: a partner's origin, not the demo page's.
pub static PARTNER: Policy = cors_policy! {
    allow_origins: ["https://partner.example.com"],
};

/// Public data for anyone, without credentials (`*` cannot be combined with them).
pub static PUBLIC: Policy = cors_policy! {
    allow_origins: *,
};

/// The demo page, shared by both servers. `{{API}}` stands for the API's origin.
pub const DEMO_HTML: &str = include_str!("demo.html");

/// The demo page calling the API at `api` (e.g. `http://127.0.0.1:8080`).
pub fn demo_page(api: &str, server: &str) -> String {
    DEMO_HTML
        .replace("{{API}}", api)
        .replace("{{SERVER}}", server)
}

/// The API's listen address: `CORS_DEMO_API_ADDR`, default `127.0.0.1:8080`.
pub fn api_addr() -> String {
    std::env::var("CORS_DEMO_API_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into())
}

/// The demo page's listen address: `CORS_DEMO_PAGE_ADDR`, default `127.0.0.1:8081`. The page
/// is opened as `http://localhost:PORT`, so its origin differs from the API's.
pub fn page_addr() -> String {
    std::env::var("CORS_DEMO_PAGE_ADDR").unwrap_or_else(|_| "127.0.0.1:8081".into())
}

/// The API's origin, as the page calls it.
pub fn api_origin(api: SocketAddr) -> String {
    format!("http://{api}")
}

/// The page's URL, on `localhost` so that it is another origin than the API's IP address.
pub fn page_url(page: SocketAddr) -> String {
    format!("http://localhost:{}/", page.port())
}

/// Prints where to go (the demo test reads these two lines).
pub fn print_urls(server: &str, api: SocketAddr, page: SocketAddr) {
    println!("{server} CORS demo");
    println!("API:       {}", api_origin(api));
    println!("Demo page: {}   <- open this in a browser", page_url(page));
}

/// The handlers' headers: one exposed by [`API`], one not.
pub const RESPONSE_HEADERS: [(&str, &str); 2] = [("x-request-id", "42"), ("x-internal", "secret")];

async fn hello() -> impl IntoResponse {
    (RESPONSE_HEADERS, "hello from axum")
}

async fn update(Path(id): Path<u32>, body: String) -> impl IntoResponse {
    (RESPONSE_HEADERS, format!("updated item {id} with {body}"))
}

async fn me() -> impl IntoResponse {
    (RESPONSE_HEADERS, "you are you")
}

async fn partner_data() -> &'static str {
    "for partners only"
}

async fn status() -> &'static str {
    "all systems go"
}

/// The demo API on axum, with `api` as the policy of the `/api` routes: [`API`] in the demo
/// server (`src/bin/axum.rs`), or a [`SharedPolicy`](checked_cors::SharedPolicy) read from a
/// file ([`reload`]); tests swap in others to see the same page against them.
pub fn axum_api<T>(api: T) -> Router
where
    T: IntoServed,
    T::Served: Send + Sync + 'static,
{
    // `Router::layer` covers the routes added before it: the whole `/api`. A preflight to
    // `/api/items/1` is answered by the layer even though that route has no OPTIONS handler.
    let routes = Router::new()
        .route("/api/hello", get(hello))
        .route("/api/items/{id}", put(update))
        .route("/api/me", get(me))
        .layer(CorsLayer::new(api));
    // `MethodRouter::layer`: one route, its own policy. (Never `route_layer` for CORS: it would
    // let preflights fall through to 405.)
    routes
        .route(
            "/partner/data",
            get(partner_data).layer(CorsLayer::new(&PARTNER)),
        )
        .route("/public/status", get(status).layer(CorsLayer::new(&PUBLIC)))
}
