//! The CORS demo on axum: an API on `http://127.0.0.1:8080` and a demo page on
//! `http://localhost:8081` that calls it from another origin.
//!
//! ```text
//! cargo run -p checked-cors-examples --bin axum
//! ```
//! then open the printed demo URL in a browser.
//!
//! With `--policy FILE` (or `CORS_POLICY_FILE=FILE`), the `/api` routes are served under the
//! policy in that TOML (or `.json`) file instead of the compiled [`API`], and the file is
//! reloaded when it changes or on `SIGHUP`; a bad edit is logged, error by error, and the
//! previous policy keeps serving. For example, `cors.toml`:
//!
//! ```toml
//! allow_origins = ["http://localhost:*"]
//! allow_methods = ["PUT", "DELETE"]
//! allow_headers = ["content-type", "x-demo"]
//! expose_headers = ["x-request-id"]
//! allow_credentials = true
//! max_age = 60
//! ```

use std::future::{ready, IntoFuture};

use axum::extract::Path;
use axum::response::{Html, IntoResponse};
use axum::routing::{get, put};
use axum::Router;
use checked_cors::tower::CorsLayer;
use checked_cors::SharedPolicy;
use checked_cors_examples::{
    api_origin, demo_page, print_urls, reload, API, PARTNER, PUBLIC, RESPONSE_HEADERS,
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

/// The app; the `/api` routes under the compiled [`API`], or under a policy from a file.
fn api(from_file: Option<SharedPolicy>) -> Router {
    // `Router::layer` covers the routes added before it: the whole `/api`. A preflight to
    // `/api/items/1` is answered by the layer even though that route has no OPTIONS handler.
    let api = Router::new()
        .route("/api/hello", get(hello))
        .route("/api/items/{id}", put(update))
        .route("/api/me", get(me));
    let api = match from_file {
        None => api.layer(CorsLayer::new(&API)),
        Some(shared) => api.layer(CorsLayer::new(shared)),
    };
    // `MethodRouter::layer`: one route, its own policy. (Never `route_layer` for CORS: it would
    // let preflights fall through to 405.)
    api.route(
        "/partner/data",
        get(partner_data).layer(CorsLayer::new(&PARTNER)),
    )
    .route("/public/status", get(status).layer(CorsLayer::new(&PUBLIC)))
}

/// The policy file's `SharedPolicy`, reloaded on change and on `SIGHUP`; `None` without a
/// file. A file that does not build at start-up stops the demo: there is no previous policy.
fn policy_from_file() -> std::io::Result<Option<SharedPolicy>> {
    let Some(path) = reload::policy_file(std::env::args().skip(1)) else {
        return Ok(None);
    };
    let policy = reload::load(&path)
        .map_err(|errors| std::io::Error::other(format!("{}:\n{errors}", path.display())))?;
    let shared = SharedPolicy::new(policy);
    eprintln!("cors policy: serving /api under {}", path.display());
    reload::watch(path.clone(), shared.clone());
    let on_hangup = shared.clone();
    tokio::spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let Ok(mut hangups) = signal(SignalKind::hangup()) else {
                return;
            };
            while hangups.recv().await.is_some() {
                reload::reload(&path, &on_hangup);
            }
        }
    });
    Ok(Some(shared))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let from_file = policy_from_file()?;
    let api_listener = TcpListener::bind(checked_cors_examples::api_addr()).await?;
    let page_listener = TcpListener::bind(checked_cors_examples::page_addr()).await?;
    let (api_addr, page_addr) = (api_listener.local_addr()?, page_listener.local_addr()?);

    let page = Html(demo_page(&api_origin(api_addr), "axum"));
    let page_app = Router::new().route("/", get(move || ready(page.clone())));

    print_urls("axum", api_addr, page_addr);
    tokio::try_join!(
        axum::serve(api_listener, api(from_file)).into_future(),
        axum::serve(page_listener, page_app).into_future(),
    )?;
    Ok(())
}
