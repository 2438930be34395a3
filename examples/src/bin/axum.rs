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

use axum::response::Html;
use axum::routing::get;
use axum::Router;
use checked_cors::SharedPolicy;
use checked_cors_examples::{api_origin, axum_api, demo_page, print_urls, reload, API};
use tokio::net::TcpListener;

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
        axum::serve(
            api_listener,
            match from_file {
                None => axum_api(&API),
                Some(shared) => axum_api(shared),
            }
        )
        .into_future(),
        axum::serve(page_listener, page_app).into_future(),
    )?;
    Ok(())
}
