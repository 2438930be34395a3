//! An actix-web middleware: `Cors::new(&POLICY)`, usable on `App`, `Scope` and `Resource`.
//!
//! ```no_run
//! use actix_web::{web, App, HttpServer, HttpResponse};
//! use cors_policy::{actix::Cors, cors_policy, Policy};
//!
//! static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"], allow_methods: [PUT] };
//!
//! # async fn run() -> std::io::Result<()> {
//! HttpServer::new(|| {
//!     App::new()
//!         // Every route of the app:
//!         .wrap(Cors::new(&API))
//!         // Or one resource only (preflights to it are answered even though it has no OPTIONS route):
//!         .service(web::resource("/items").wrap(Cors::new(&API)).route(web::put().to(HttpResponse::Ok)))
//! })
//! .bind(("127.0.0.1", 8080))?
//! .run()
//! .await
//! # }
//! ```
//!
//! # Where the middleware goes
//! A preflight is an `OPTIONS` request, and most resources have no `OPTIONS` route. The
//! middleware must wrap something that sees the request before actix-web answers
//! "405 Method Not Allowed": `App::wrap`, `Scope::wrap` or `Resource::wrap`. Never wrap a single
//! `Route` (`web::put().wrap(..)`): an `OPTIONS` request does not match that route, so the
//! resource answers 405 and the middleware never runs.
//!
//! # Semantics
//! The same as [`crate::tower`]: preflights are answered (204, or 403 logged through `tracing`
//! at debug level with its reason); every other request reaches the handler, and headers are
//! added without overwriting the handler's and without duplicating `Vary` entries, also to
//! responses made from an inner service's error (e.g. a 401 from an auth middleware). No
//! allocation is added to successful actual requests (no boxing of the inner future).

use std::future::{ready, Future, Ready};
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue, VARY};
use actix_web::http::StatusCode;
use actix_web::{Error, HttpResponse};
use cors_policy_runtime::{name, Decision, Headers, Policy, Preflight, RequestParts, Value, Vary};
use pin_project_lite::pin_project;

/// An actix-web middleware applying a compiled [`Policy`].
#[derive(Clone, Copy, Debug)]
pub struct Cors {
    policy: &'static Policy,
}

impl Cors {
    /// A middleware for `policy`, which must be a `static` (or a promoted `const`).
    pub fn new(policy: &'static Policy) -> Self {
        Cors { policy }
    }
}

impl<S, B> Transform<S, ServiceRequest> for Cors
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = CorsMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CorsMiddleware {
            service,
            policy: self.policy,
        }))
    }
}

/// The service [`Cors`] wraps around the inner service.
#[derive(Debug)]
pub struct CorsMiddleware<S> {
    service: S,
    policy: &'static Policy,
}

impl<S, B> Service<ServiceRequest> for CorsMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = CorsFuture<S::Future, B>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let pending = {
            let headers = request.headers();
            let parts = RequestParts::read(request.method().as_str().as_bytes(), |name| {
                headers
                    .get_all(request_header_name(name))
                    .map(HeaderValue::as_bytes)
            });
            match self.policy.decide(&parts.request()) {
                Decision::Preflight(preflight) => {
                    let response = preflight_response(&preflight, headers);
                    if let Preflight::Rejected(reason) = preflight {
                        tracing::debug!(%reason, uri = %request.uri(), "CORS preflight rejected");
                    }
                    let response = request.into_response(response.map_into_right_body());
                    return CorsFuture {
                        state: State::Answered {
                            response: Some(response),
                        },
                    };
                }
                Decision::Actual(h) | Decision::NotCors(h) => Pending::new(&h, headers),
            }
        };
        CorsFuture {
            state: State::Inner {
                future: self.service.call(request),
                pending: Some(pending),
            },
        }
    }
}

fn preflight_response(preflight: &Preflight<'_>, request: &HeaderMap) -> HttpResponse {
    match preflight {
        Preflight::Allowed(headers) => {
            let mut response = HttpResponse::new(StatusCode::NO_CONTENT);
            let map = response.headers_mut();
            for (name, value) in headers.iter() {
                map.append(
                    response_header_name(name),
                    header_value(name, value, request),
                );
            }
            append_vary(headers.vary(), map);
            response
        }
        Preflight::Rejected(_) => HttpResponse::new(StatusCode::FORBIDDEN),
    }
}

/// Owned copies of an actual request's CORS headers (ACAO, ACAC, ACEH: three at most).
#[derive(Clone)]
struct Pending {
    items: [Option<(HeaderName, HeaderValue)>; 3],
    vary: Vary,
}

impl Pending {
    fn new(headers: &Headers<'_>, request: &HeaderMap) -> Self {
        let mut items: [Option<(HeaderName, HeaderValue)>; 3] = Default::default();
        for (slot, (name, value)) in items.iter_mut().zip(headers.iter()) {
            *slot = Some((
                response_header_name(name),
                header_value(name, value, request),
            ));
        }
        Pending {
            items,
            vary: headers.vary(),
        }
    }

    fn apply(self, response: &mut HeaderMap) {
        for (name, value) in self.items.into_iter().flatten() {
            if !response.contains_key(&name) {
                response.insert(name, value);
            }
        }
        append_vary(self.vary, response);
    }
}

fn append_vary(mut vary: Vary, response: &mut HeaderMap) {
    for line in response.get_all(VARY) {
        vary = vary.without_listed(line.as_bytes());
    }
    if let Some(names) = vary.as_str() {
        response.append(VARY, HeaderValue::from_static(names));
    }
}

/// The constant for a request header name the runtime reads: a constant hashes at once, where
/// a `&str` key is parsed again on every lookup.
fn request_header_name(name: &'static str) -> HeaderName {
    match name {
        "origin" => header::ORIGIN,
        "access-control-request-method" => header::ACCESS_CONTROL_REQUEST_METHOD,
        "access-control-request-headers" => header::ACCESS_CONTROL_REQUEST_HEADERS,
        other => HeaderName::from_static(other),
    }
}

/// The constant for a response header name of [`cors_policy_runtime::name`].
fn response_header_name(name: &'static str) -> HeaderName {
    match name {
        name::ALLOW_ORIGIN => header::ACCESS_CONTROL_ALLOW_ORIGIN,
        name::ALLOW_CREDENTIALS => header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        name::EXPOSE_HEADERS => header::ACCESS_CONTROL_EXPOSE_HEADERS,
        name::ALLOW_METHODS => header::ACCESS_CONTROL_ALLOW_METHODS,
        name::ALLOW_HEADERS => header::ACCESS_CONTROL_ALLOW_HEADERS,
        name::MAX_AGE => header::ACCESS_CONTROL_MAX_AGE,
        other => HeaderName::from_static(other),
    }
}

/// Static values without copying; echoed ones cloned from the request line they came from.
fn header_value(response_name: &str, value: Value<'_>, request: &HeaderMap) -> HeaderValue {
    match value {
        Value::Static(s) => HeaderValue::from_static(s),
        Value::Echo(bytes) => {
            // Constants: a `&str` key would be parsed into a name on every lookup.
            let source = match response_name {
                name::ALLOW_ORIGIN => header::ORIGIN,
                name::ALLOW_METHODS => header::ACCESS_CONTROL_REQUEST_METHOD,
                _ => header::ACCESS_CONTROL_REQUEST_HEADERS,
            };
            request
                .get_all(&source)
                .find(|v| std::ptr::eq(v.as_bytes(), bytes))
                .cloned()
                .or_else(|| HeaderValue::from_bytes(bytes).ok())
                .unwrap_or_else(|| HeaderValue::from_static(""))
        }
    }
}

pin_project! {
    /// The response future of [`CorsMiddleware`]: the inner service's, with CORS headers
    /// added, or an immediate preflight answer. No boxing.
    pub struct CorsFuture<F, B> {
        #[pin]
        state: State<F, B>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F, B> {
        Inner { #[pin] future: F, pending: Option<Pending> },
        Answered { response: Option<ServiceResponse<EitherBody<B>>> },
    }
}

impl<F, B> Future for CorsFuture<F, B>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
{
    type Output = Result<ServiceResponse<EitherBody<B>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Inner { future, pending } => {
                let result = match future.poll(cx) {
                    Poll::Ready(result) => result,
                    Poll::Pending => return Poll::Pending,
                };
                let pending = pending.take();
                match result {
                    Ok(mut response) => {
                        if let Some(pending) = pending {
                            pending.apply(response.headers_mut());
                        }
                        Poll::Ready(Ok(response.map_into_left_body()))
                    }
                    // An error becomes a response later, outside this middleware (a 401 from an
                    // inner auth layer, say); without CORS headers the browser would hide it
                    // from the page. Attach them to whatever response the error turns into.
                    Err(mut error) => {
                        if let Some(pending) = pending {
                            error.add_response_mapper(move |mut response| {
                                pending.clone().apply(response.headers_mut());
                                response
                            });
                        }
                        Poll::Ready(Err(error))
                    }
                }
            }
            StateProj::Answered { response } => match response.take() {
                Some(response) => Poll::Ready(Ok(response)),
                None => panic!("`CorsFuture` polled after completion"),
            },
        }
    }
}
