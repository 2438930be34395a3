//! The CORS demo on axum: an API on `http://127.0.0.1:8080` and a demo page on
//! `http://localhost:8081` that calls it from another origin.
//!
//! ```text
//! cargo run -p checked-cors-examples --bin axum
//! ```
//! then open the printed demo URL in a browser.

use std::future::{ready, IntoFuture};

use axum::extract::Path;
use axum::response::{Html, IntoResponse};
use axum::routing::{get, put};
use axum::Router;
use checked_cors::tower::CorsLayer;
use checked_cors_examples::{
    api_origin, demo_page, print_urls, API, PARTNER, PUBLIC, RESPONSE_HEADERS,
};
use tokio::net::TcpListener;

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

fn api() -> Router {
    // `Router::layer` covers the routes added before it: the whole `/api`. A preflight to
    // `/api/items/1` is answered by the layer even though that route has no OPTIONS handler.
    let api = Router::new()
        .route("/api/hello", get(hello))
        .route("/api/items/{id}", put(update))
        .route("/api/me", get(me))
        .layer(CorsLayer::new(&API));
    // `MethodRouter::layer`: one route, its own policy. (Never `route_layer` for CORS: it would
    // let preflights fall through to 405.)
    api.route(
        "/partner/data",
        get(partner_data).layer(CorsLayer::new(&PARTNER)),
    )
    .route("/public/status", get(status).layer(CorsLayer::new(&PUBLIC)))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let api_listener = TcpListener::bind(checked_cors_examples::api_addr()).await?;
    let page_listener = TcpListener::bind(checked_cors_examples::page_addr()).await?;
    let (api_addr, page_addr) = (api_listener.local_addr()?, page_listener.local_addr()?);

    let page = Html(demo_page(&api_origin(api_addr), "axum"));
    let page_app = Router::new().route("/", get(move || ready(page.clone())));

    print_urls("axum", api_addr, page_addr);
    tokio::try_join!(
        axum::serve(api_listener, api()).into_future(),
        axum::serve(page_listener, page_app).into_future(),
    )?;
    Ok(())
}
