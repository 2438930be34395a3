//! The CORS demo on actix-web: an API on `http://127.0.0.1:8080` and a demo page on
//! `http://localhost:8081` that calls it from another origin.
//!
//! ```text
//! cargo run -p checked-cors-examples --bin actix
//! ```
//! then open the printed demo URL in a browser.

use actix_web::{web, App, HttpResponse, HttpServer};
use checked_cors::actix::Cors;
use checked_cors_examples::{
    api_origin, demo_page, print_urls, API, PARTNER, PUBLIC, RESPONSE_HEADERS,
};

fn with_headers(body: String) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    for header in RESPONSE_HEADERS {
        response.insert_header(header);
    }
    response
        .content_type("text/plain; charset=utf-8")
        .body(body)
}

async fn hello() -> HttpResponse {
    with_headers("hello from actix-web".into())
}

async fn update(id: web::Path<u32>, body: String) -> HttpResponse {
    with_headers(format!("updated item {id} with {body}"))
}

async fn me() -> HttpResponse {
    with_headers("you are you".into())
}

async fn partner_data() -> &'static str {
    "for partners only"
}

async fn status() -> &'static str {
    "all systems go"
}

async fn page(page: web::Data<String>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page.get_ref().clone())
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let api_server = HttpServer::new(|| {
        App::new()
            // `Scope::wrap`: every resource of `/api`. A preflight to `/api/items/1` is answered
            // by the middleware although that resource has no OPTIONS route. (Never wrap a
            // single `Route`: an OPTIONS request does not match it and gets 405.)
            .service(
                web::scope("/api")
                    .wrap(Cors::new(&API))
                    .service(web::resource("/hello").route(web::get().to(hello)))
                    .service(web::resource("/items/{id}").route(web::put().to(update)))
                    .service(web::resource("/me").route(web::get().to(me))),
            )
            // `Resource::wrap`: one resource, its own policy. (`App::wrap(Cors::new(&API))`
            // would cover every route of the app instead.)
            .service(
                web::resource("/partner/data")
                    .wrap(Cors::new(&PARTNER))
                    .route(web::get().to(partner_data)),
            )
            .service(
                web::resource("/public/status")
                    .wrap(Cors::new(&PUBLIC))
                    .route(web::get().to(status)),
            )
    })
    .bind(checked_cors_examples::api_addr())?;
    let api_addr = api_server.addrs()[0];
    let html = web::Data::new(demo_page(&api_origin(api_addr), "actix-web"));
    let page_server = HttpServer::new(move || {
        App::new()
            .app_data(html.clone())
            .route("/", web::get().to(page))
    })
    .bind(checked_cors_examples::page_addr())?;
    let page_addr = page_server.addrs()[0];

    print_urls("actix-web", api_addr, page_addr);
    tokio::try_join!(api_server.run(), page_server.run())?;
    Ok(())
}
