//! The same application on axum and on actix-web, served on 127.0.0.1 ephemeral ports.
//!
//! Both frameworks expose the same paths with the same policies, wired the way each framework
//! documents it, so one table of requests holds both to exactly the same behaviour:
//!
//! | path | policy | axum | actix-web |
//! |---|---|---|---|
//! | `/api/items/{id}` (any method) | [`API`] | `Router::layer` on a sub-router | `Scope::wrap` |
//! | `/api/put-only` (PUT only) | [`API`] | same | same |
//! | `/api/vary` (handler sets `Vary: Accept-Encoding`) | [`API`] | same | same |
//! | `/api/own-acao` (handler sets its own ACAO) | [`API`] | same | same |
//! | `/api/vary-star` (handler sets `Vary: *`) | [`API`] | same | same |
//! | `/api/denied` (an inner auth middleware refuses: 401) | [`API`] | same | same |
//! | `/api/upload` (POST; reads the body, at most [`UPLOAD_LIMIT`] bytes, else the framework's 413) | [`API`] | same | same |
//! | `/api/*` not routed (the framework's 404) | [`API`] | same | same |
//! | `/public` (any), `/public/put-only` (PUT only) | [`PUBLIC`] | `MethodRouter::layer` | `Resource::wrap` |
//! | `/pna` | [`PNA`] | `MethodRouter::layer` | `Resource::wrap` |
//! | `/partner` | [`PARTNER`] | `MethodRouter::layer` | `Resource::wrap` |
//! | `/plain` | [`PLAIN`] | `MethodRouter::layer` | `Resource::wrap` |
//! | `/nocache` | [`NO_CACHE`] | `MethodRouter::layer` | `Resource::wrap` |
//! | `/stacked` (handler sets `Vary`) | [`API`] twice | two `MethodRouter::layer` | two `Resource::wrap` |
//! | `/none` | none | | |
//!
//! A second listener serves the whole-application wiring: `/whole` (any) and `/whole/put-only`
//! (PUT only) under [`WHOLE`], through the top-level `Router::layer` and `App::wrap`.
//!
//! Every policy is a [`Twin`](crate::twins::Twin): a server serves all of them compiled by the
//! macro, or all of them built at run time and held in a `SharedPolicy` ([`Source`]).
//!
//! Every handler answers `200 ok` with `content-type: text/plain`, `x-request-id: 42` and
//! `x-internal: secret`, and counts its run by path. An outermost middleware counts, by path,
//! every preflight the server was sent (`OPTIONS` with `Origin` and
//! `Access-Control-Request-Method`), which the CORS layer answers without the handler.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};

pub use crate::twins::Source;

crate::twin!(
    /// The main per-route policy: a list with a wildcard subdomain and a wildcard port,
    /// credentials, an exposed header and a max-age.
    pub API = {
        allow_origins: ["https://app.example.com", "https://*.example.org", "http://localhost:*"],
        allow_methods: [PUT, PATCH, DELETE],
        allow_headers: ["content-type", "x-request-id"],
        expose_headers: ["x-request-id"],
        allow_credentials: true,
        max_age: 600,
    }
);

crate::twin!(
    /// Everything `*` (so no credentials).
    pub PUBLIC = {
        allow_origins: *,
        allow_methods: *,
        allow_headers: *,
        expose_headers: *,
    }
);

crate::twin!(
    /// Allows private network access.
    pub PNA = {
        allow_origins: ["https://app.example.com"],
        allow_private_network: true,
    }
);

crate::twin!(
    /// A second policy on one route, which lists neither the test origins nor localhost.
    pub PARTNER = {
        allow_origins: ["https://partner.example.com"],
        allow_methods: [PUT],
    }
);

crate::twin!(
    /// A list without credentials.
    pub PLAIN = {
        allow_origins: ["https://app.example.com", "http://localhost:*"],
        allow_headers: ["content-type"],
    }
);

crate::twin!(
    /// Preflights must not be cached (`Access-Control-Max-Age: 0`); without the header browsers
    /// would cache them for 5 seconds.
    pub NO_CACHE = {
        allow_origins: ["http://localhost:*"],
        allow_methods: [PUT],
        allow_headers: ["x-request-id"],
        max_age: 0,
    }
);

crate::twin!(
    /// The whole-application policy (top-level `Router::layer`, `App::wrap`).
    pub WHOLE = {
        allow_origins: ["https://app.example.com", "http://localhost:*"],
        allow_methods: [DELETE],
        max_age: 5,
    }
);

/// The largest body `/api/upload` reads; a larger one gets the framework's own 413.
pub const UPLOAD_LIMIT: usize = 1024;

/// The framework under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framework {
    /// axum 0.8 with `checked_cors::tower::CorsLayer`.
    Axum,
    /// actix-web 4 with `checked_cors::actix::Cors`.
    Actix,
}

impl Framework {
    /// Both, in a fixed order.
    pub const ALL: [Framework; 2] = [Framework::Axum, Framework::Actix];
}

/// What the server saw on one path.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count {
    /// How many times a handler ran.
    pub handler: usize,
    /// How many preflights were sent to the server.
    pub preflights: usize,
}

/// Per-path counts, shared by the handlers and the counting middleware.
#[derive(Debug, Default)]
pub struct Counters {
    by_path: Mutex<HashMap<String, Count>>,
}

impl Counters {
    fn bump(&self, path: &str, f: impl FnOnce(&mut Count)) {
        f(self
            .by_path
            .lock()
            .unwrap()
            .entry(path.to_owned())
            .or_default());
    }

    /// The counts for `path` (without the query).
    pub fn get(&self, path: &str) -> Count {
        self.by_path
            .lock()
            .unwrap()
            .get(path)
            .copied()
            .unwrap_or_default()
    }

    /// Handler runs over every path.
    pub fn handler_total(&self) -> usize {
        self.by_path
            .lock()
            .unwrap()
            .values()
            .map(|c| c.handler)
            .sum()
    }

    /// Preflights over every path.
    pub fn preflight_total(&self) -> usize {
        self.by_path
            .lock()
            .unwrap()
            .values()
            .map(|c| c.preflights)
            .sum()
    }
}

/// A running server: the per-route app and the whole-app app, on two ports.
#[derive(Clone, Debug)]
pub struct Server {
    /// Which framework serves.
    pub framework: Framework,
    /// Where its policies come from.
    pub source: Source,
    /// Whether every CORS layer is in debug mode.
    pub debug: bool,
    /// The per-route application (everything but `/whole`).
    pub routes: SocketAddr,
    /// The whole-application wiring (`/whole`, `/whole/put-only`).
    pub whole: SocketAddr,
    /// What the handlers and the counting middleware saw, on both ports.
    pub counters: Arc<Counters>,
}

/// Binds two listeners on 127.0.0.1 ephemeral ports, then serves them from a new thread.
///
/// The listeners are bound before this returns, so connections made right away queue in the
/// backlog until the server accepts them: no readiness wait is needed.
pub fn start(framework: Framework, source: Source) -> Server {
    start_with(framework, source, false)
}

/// [`start`], with every CORS layer in debug mode when `debug` is set.
pub fn start_with(framework: Framework, source: Source, debug: bool) -> Server {
    let routes = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let whole = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let server = Server {
        framework,
        source,
        debug,
        routes: routes.local_addr().unwrap(),
        whole: whole.local_addr().unwrap(),
        counters: Arc::default(),
    };
    let counters = server.counters.clone();
    let name = format!("{framework:?} {source:?} server").to_lowercase();
    let thread = std::thread::Builder::new().name(name);
    match (framework, source) {
        (Framework::Axum, Source::Compiled) => thread.spawn(move || {
            axum_app::serve(routes, whole, counters, move |t| {
                CorsLayerOf::new(t.compiled).debug(debug)
            })
        }),
        (Framework::Axum, Source::Runtime) => thread.spawn(move || {
            axum_app::serve(routes, whole, counters, move |t| {
                CorsLayerOf::new(t.shared()).debug(debug)
            })
        }),
        (Framework::Actix, Source::Compiled) => thread.spawn(move || {
            actix_app::serve(routes, whole, counters, move |t| {
                CorsOf::new(t.compiled).debug(debug)
            })
        }),
        (Framework::Actix, Source::Runtime) => thread.spawn(move || {
            actix_app::serve(routes, whole, counters, move |t| {
                CorsOf::new(t.shared()).debug(debug)
            })
        }),
    }
    .expect("spawn the server thread");
    server
}

use crate::twins::Twin;
use checked_cors::actix::Cors as CorsOf;
use checked_cors::tower::CorsLayer as CorsLayerOf;

fn is_preflight(method: &str, has_origin: bool, has_request_method: bool) -> bool {
    method == "OPTIONS" && has_origin && has_request_method
}

/// Extra headers a handler sets on its own response.
type Extra = &'static [(&'static str, &'static str)];
const NOTHING: Extra = &[];
const OWN_VARY: Extra = &[("vary", "Accept-Encoding")];
const OWN_VARY_STAR: Extra = &[("vary", "*")];
const OWN_ACAO: Extra = &[("access-control-allow-origin", "https://fixed.example")];
const HANDLER_HEADERS: Extra = &[
    ("content-type", "text/plain"),
    ("x-request-id", "42"),
    ("x-internal", "secret"),
];

mod axum_app {
    use super::*;
    use axum::body::Body;
    use axum::body::Bytes;
    use axum::extract::DefaultBodyLimit;
    use axum::extract::Request;
    use axum::http::{StatusCode, Uri};
    use axum::middleware::{from_fn, Next};
    use axum::response::{IntoResponse, Response};
    use axum::routing::{any, post, put};
    use axum::Router;
    use checked_cors::tower::{CorsLayer, Served};
    use std::convert::Infallible;
    use std::future::{ready, Ready};

    fn handler(
        counters: &Arc<Counters>,
        extra: Extra,
    ) -> impl Fn(Uri) -> Ready<Response> + Clone + Send + Sync + 'static {
        let counters = counters.clone();
        move |uri: Uri| {
            counters.bump(uri.path(), |c| c.handler += 1);
            let mut response = Response::builder();
            for (name, value) in HANDLER_HEADERS.iter().chain(extra) {
                response = response.header(*name, *value);
            }
            ready(response.body(Body::from("ok")).unwrap())
        }
    }

    /// A handler that reads the body (so the framework refuses one over the limit).
    fn upload(
        counters: &Arc<Counters>,
    ) -> impl Fn(Uri, Bytes) -> Ready<Response> + Clone + Send + Sync + 'static {
        let respond = handler(counters, NOTHING);
        move |uri: Uri, _body: Bytes| respond(uri)
    }

    fn counting(router: Router, counters: &Arc<Counters>) -> Router {
        let counters = counters.clone();
        router.layer(from_fn(move |request: Request, next: Next| {
            let headers = request.headers();
            if is_preflight(
                request.method().as_str(),
                headers.contains_key("origin"),
                headers.contains_key("access-control-request-method"),
            ) {
                counters.bump(request.uri().path(), |c| c.preflights += 1);
            }
            next.run(request)
        }))
    }

    fn routes<P>(c: &Arc<Counters>, cors: impl Fn(&'static Twin) -> CorsLayer<P>) -> Router
    where
        P: Served + Send + Sync + 'static,
    {
        // `Router::layer` covers the routes added before it.
        let api = Router::new()
            .route("/api/items/{id}", any(handler(c, NOTHING)))
            .route("/api/put-only", put(handler(c, NOTHING)))
            .route("/api/vary", any(handler(c, OWN_VARY)))
            .route("/api/own-acao", any(handler(c, OWN_ACAO)))
            .route("/api/vary-star", any(handler(c, OWN_VARY_STAR)))
            .route(
                "/api/upload",
                post(upload(c)).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
            )
            // An auth middleware inside the CORS layer refuses the request; an axum
            // middleware answers with a response (its error type is `Infallible`).
            .route(
                "/api/denied",
                any(handler(c, NOTHING)).layer(from_fn(|_: Request, _: Next| {
                    ready((StatusCode::UNAUTHORIZED, "sign in first").into_response())
                })),
            )
            .layer(cors(&API));
        let app = Router::new()
            .merge(api)
            // `MethodRouter::layer`: this route only, every method (OPTIONS included).
            .route("/public", any(handler(c, NOTHING)).layer(cors(&PUBLIC)))
            .route(
                "/public/put-only",
                put(handler(c, NOTHING)).layer(cors(&PUBLIC)),
            )
            .route("/pna", any(handler(c, NOTHING)).layer(cors(&PNA)))
            .route("/partner", any(handler(c, NOTHING)).layer(cors(&PARTNER)))
            .route("/plain", any(handler(c, NOTHING)).layer(cors(&PLAIN)))
            .route("/nocache", any(handler(c, NOTHING)).layer(cors(&NO_CACHE)))
            .route(
                "/stacked",
                any(handler(c, OWN_VARY))
                    .layer::<_, Infallible>(cors(&API))
                    .layer::<_, Infallible>(cors(&API)),
            )
            .route("/none", any(handler(c, NOTHING)));
        counting(app, c)
    }

    fn whole<P>(c: &Arc<Counters>, cors: impl Fn(&'static Twin) -> CorsLayer<P>) -> Router
    where
        P: Served + Send + Sync + 'static,
    {
        let app = Router::new()
            .route("/whole", any(handler(c, NOTHING)))
            .route("/whole/put-only", put(handler(c, NOTHING)))
            .layer(cors(&WHOLE));
        counting(app, c)
    }

    pub(super) fn serve<P>(
        routes_listener: TcpListener,
        whole_listener: TcpListener,
        counters: Arc<Counters>,
        cors: impl Fn(&'static Twin) -> CorsLayer<P>,
    ) where
        P: Served + Send + Sync + 'static,
    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listen = |l: TcpListener| {
                l.set_nonblocking(true).unwrap();
                tokio::net::TcpListener::from_std(l).unwrap()
            };
            let whole_server = axum::serve(listen(whole_listener), whole(&counters, &cors));
            tokio::spawn(async move { whole_server.await.unwrap() });
            axum::serve(listen(routes_listener), routes(&counters, &cors))
                .await
                .unwrap();
        });
    }
}

mod actix_app {
    use super::*;
    use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
    use actix_web::error::ErrorUnauthorized;
    use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
    use checked_cors::actix::{Cors, Served};
    use std::future::ready;

    fn respond(request: &HttpRequest, counters: &Counters, extra: Extra) -> HttpResponse {
        counters.bump(request.path(), |c| c.handler += 1);
        let mut response = HttpResponse::Ok();
        for (name, value) in HANDLER_HEADERS.iter().chain(extra) {
            response.append_header((*name, *value));
        }
        response.body("ok")
    }

    async fn plain(request: HttpRequest, counters: web::Data<Counters>) -> HttpResponse {
        respond(&request, &counters, NOTHING)
    }

    async fn own_vary(request: HttpRequest, counters: web::Data<Counters>) -> HttpResponse {
        respond(&request, &counters, OWN_VARY)
    }

    async fn own_vary_star(request: HttpRequest, counters: web::Data<Counters>) -> HttpResponse {
        respond(&request, &counters, OWN_VARY_STAR)
    }

    async fn own_acao(request: HttpRequest, counters: web::Data<Counters>) -> HttpResponse {
        respond(&request, &counters, OWN_ACAO)
    }

    async fn upload(
        request: HttpRequest,
        counters: web::Data<Counters>,
        _body: web::Bytes,
    ) -> HttpResponse {
        respond(&request, &counters, NOTHING)
    }

    fn count<S: Service<ServiceRequest>>(request: ServiceRequest, service: &S) -> S::Future {
        let headers = request.headers();
        if is_preflight(
            request.method().as_str(),
            headers.contains_key("origin"),
            headers.contains_key("access-control-request-method"),
        ) {
            if let Some(counters) = request.app_data::<web::Data<Counters>>() {
                counters.bump(request.path(), |c| c.preflights += 1);
            }
        }
        service.call(request)
    }

    pub(super) fn serve<P: Served + Send>(
        routes_listener: TcpListener,
        whole_listener: TcpListener,
        counters: Arc<Counters>,
        cors: impl Fn(&'static Twin) -> Cors<P> + Clone + Send + 'static,
    ) {
        let whole_cors = cors.clone();
        let data = web::Data::from(counters);
        let routes_data = data.clone();
        actix_web::rt::System::new().block_on(async move {
            let routes = HttpServer::new(move || {
                App::new()
                    .app_data(routes_data.clone())
                    // `Scope::wrap`: every resource of the scope.
                    .service(
                        web::scope("/api")
                            .wrap(cors(&API))
                            .route("/items/{id}", web::route().to(plain))
                            .service(web::resource("/put-only").route(web::put().to(plain)))
                            .route("/vary", web::route().to(own_vary))
                            .route("/own-acao", web::route().to(own_acao))
                            .route("/vary-star", web::route().to(own_vary_star))
                            .service(
                                web::resource("/upload")
                                    .app_data(web::PayloadConfig::new(UPLOAD_LIMIT))
                                    .route(web::post().to(upload)),
                            )
                            // An auth middleware inside the CORS middleware refuses the
                            // request; actix-web middlewares do so with an `Err`.
                            .service(
                                web::resource("/denied")
                                    .wrap_fn(|_, _| {
                                        ready(Err::<ServiceResponse, _>(ErrorUnauthorized(
                                            "sign in first",
                                        )))
                                    })
                                    .route(web::route().to(plain)),
                            ),
                    )
                    // `Resource::wrap`: this resource only, every method (OPTIONS included).
                    .service(
                        web::resource("/public")
                            .wrap(cors(&PUBLIC))
                            .route(web::route().to(plain)),
                    )
                    .service(
                        web::resource("/public/put-only")
                            .wrap(cors(&PUBLIC))
                            .route(web::put().to(plain)),
                    )
                    .service(
                        web::resource("/pna")
                            .wrap(cors(&PNA))
                            .route(web::route().to(plain)),
                    )
                    .service(
                        web::resource("/partner")
                            .wrap(cors(&PARTNER))
                            .route(web::route().to(plain)),
                    )
                    .service(
                        web::resource("/plain")
                            .wrap(cors(&PLAIN))
                            .route(web::route().to(plain)),
                    )
                    .service(
                        web::resource("/nocache")
                            .wrap(cors(&NO_CACHE))
                            .route(web::route().to(plain)),
                    )
                    .service(
                        web::resource("/stacked")
                            .wrap(cors(&API))
                            .wrap(cors(&API))
                            .route(web::route().to(own_vary)),
                    )
                    .service(web::resource("/none").route(web::route().to(plain)))
                    // Registered last, so outermost.
                    .wrap_fn(count)
            })
            .workers(1)
            .disable_signals()
            .listen(routes_listener)
            .unwrap()
            .run();
            let whole = HttpServer::new(move || {
                App::new()
                    .app_data(data.clone())
                    .service(web::resource("/whole").route(web::route().to(plain)))
                    .service(web::resource("/whole/put-only").route(web::put().to(plain)))
                    .wrap(whole_cors(&WHOLE))
                    .wrap_fn(count)
            })
            .workers(1)
            .disable_signals()
            .listen(whole_listener)
            .unwrap()
            .run();
            actix_web::rt::spawn(whole);
            routes.await.unwrap();
        });
    }
}
