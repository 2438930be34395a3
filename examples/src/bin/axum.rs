//! The CORS demo on axum: an API on `http://127.0.0.1:8080` and a demo page on
//! `http://localhost:8081` that calls it from another origin.
//!
//! ```text
//! cargo run -p checked-cors-examples --bin axum
//! ```
//! then open the printed demo URL in a browser.

use std::future::{ready, IntoFuture};

use axum::response::Html;
use axum::routing::get;
use axum::Router;
use checked_cors_examples::{api_origin, axum_api, demo_page, print_urls, API};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let api_listener = TcpListener::bind(checked_cors_examples::api_addr()).await?;
    let page_listener = TcpListener::bind(checked_cors_examples::page_addr()).await?;
    let (api_addr, page_addr) = (api_listener.local_addr()?, page_listener.local_addr()?);

    let page = Html(demo_page(&api_origin(api_addr), "axum"));
    let page_app = Router::new().route("/", get(move || ready(page.clone())));

    print_urls("axum", api_addr, page_addr);
    tokio::try_join!(
        axum::serve(api_listener, axum_api(&API)).into_future(),
        axum::serve(page_listener, page_app).into_future(),
    )?;
    Ok(())
}
