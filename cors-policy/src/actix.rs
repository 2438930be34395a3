//! An actix-web middleware: `Cors::new(&POLICY)`, usable on `App`, `Scope` and `Resource`.
//!
//! ```no_run
//! use actix_web::{web, App, HttpServer, HttpResponse};
//! use checked_cors::{actix::Cors, cors_policy, Policy};
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
use actix_web::web::Bytes;
use actix_web::{Error, HttpResponse};
use checked_cors_runtime::{
    name, Decision, Headers, Policy, Preflight, RequestParts, Value, ValueSource, Vary,
};
use pin_project_lite::pin_project;

/// An actix-web middleware applying a CORS policy: a compiled [`Policy`] (`Cors::new(&API)`),
/// or a run-time one that can be replaced while serving (`Cors::new(shared.clone())` with a
/// [`SharedPolicy`](crate::SharedPolicy), feature `config`). Both answer the same way, byte for
/// byte.
#[derive(Clone, Copy, Debug)]
pub struct Cors<P = &'static Policy> {
    policy: P,
    debug: bool,
}

impl<P: Served> Cors<P> {
    /// A middleware for `policy`: a compiled policy, which must be a `static` (or a promoted
    /// `const`), or a [`SharedPolicy`](crate::SharedPolicy).
    pub fn new(policy: P) -> Self {
        Cors {
            policy,
            debug: false,
        }
    }

    /// Debug mode, a development aid (off by default), as
    /// [`CorsLayer::debug`](crate::tower::CorsLayer::debug) describes it: a preflight from an
    /// allowed origin refused for its method, its requested headers or private network access
    /// gets an ok status and the policy's headers for that origin, so that the browser's console
    /// names the real cause; everything else is answered as outside debug mode, and every
    /// rejection is logged at `info`. Turn it off in production.
    pub fn debug(mut self, on: bool) -> Self {
        self.debug = on;
        self
    }
}

/// A policy a [`Cors`] middleware can serve: `&'static Policy`, or a
/// [`SharedPolicy`](crate::SharedPolicy).
pub trait Served: Clone + 'static + sealed::Sealed {
    /// Where the served policy's tables live.
    #[doc(hidden)]
    type Storage: checked_cors_runtime::Storage;
    /// What keeps the policy a request is decided with alive while it is decided.
    #[doc(hidden)]
    type Guard<'a>
    where
        Self: 'a;
    /// The policy for one request.
    #[doc(hidden)]
    fn load(&self) -> Self::Guard<'_>;
    /// The policy itself.
    #[doc(hidden)]
    fn policy<'g>(guard: &'g mut Self::Guard<'_>) -> &'g Policy<Self::Storage>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for &'static checked_cors_runtime::Policy {}
    #[cfg(feature = "config")]
    impl Sealed for crate::SharedPolicy {}
}

impl Served for &'static Policy {
    type Storage = checked_cors_runtime::Static;
    type Guard<'a> = &'static Policy;
    #[inline(always)]
    fn load(&self) -> &'static Policy {
        self
    }
    #[inline(always)]
    fn policy<'g>(guard: &'g mut &'static Policy) -> &'g Policy {
        guard
    }
}

#[cfg(feature = "config")]
impl Served for crate::SharedPolicy {
    type Storage = checked_cors_runtime::Owned;
    type Guard<'a> = crate::shared::Serving<'a>;
    #[inline(always)]
    fn load(&self) -> crate::shared::Serving<'_> {
        self.serving()
    }
    #[inline(always)]
    fn policy<'g>(guard: &'g mut crate::shared::Serving<'_>) -> &'g crate::OwnedPolicy {
        guard.loaded().policy()
    }
}

impl<S, B, P> Transform<S, ServiceRequest> for Cors<P>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
    P: Served,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = CorsMiddleware<S, P>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CorsMiddleware {
            service,
            policy: self.policy.clone(),
            debug: self.debug,
        }))
    }
}

/// The service [`Cors`] wraps around the inner service.
#[derive(Debug)]
pub struct CorsMiddleware<S, P = &'static Policy> {
    service: S,
    policy: P,
    debug: bool,
}

impl<S, B, P> Service<ServiceRequest> for CorsMiddleware<S, P>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
    P: Served,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = CorsFuture<S::Future, B>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let pending = {
            // The policy this request is decided with, whole, even if a reload replaces it now.
            let mut guard = self.policy.load();
            let policy = P::policy(&mut guard);
            let headers = request.headers();
            // One lookup per header name; the lines are kept to echo them.
            let origins = headers.get_all(header::ORIGIN).as_slice();
            let mut preflight_lines: (&[HeaderValue], &[HeaderValue]) = (&[], &[]);
            let parts = RequestParts::from_lines(
                request.method().as_str().as_bytes(),
                origins.iter().map(HeaderValue::as_bytes),
                || {
                    preflight_lines = (
                        headers
                            .get_all(header::ACCESS_CONTROL_REQUEST_METHOD)
                            .as_slice(),
                        headers
                            .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
                            .as_slice(),
                    );
                    let private_network = headers
                        .get(REQUEST_PRIVATE_NETWORK)
                        .is_some_and(|v| v == "true");
                    (
                        preflight_lines.0.iter().map(HeaderValue::as_bytes),
                        preflight_lines.1.iter().map(HeaderValue::as_bytes),
                        private_network,
                    )
                },
            );
            let cors_request = parts.request();
            match policy.decide(&cors_request) {
                Decision::Preflight(mut preflight) => {
                    if let Preflight::Rejected(reason) = preflight {
                        crate::log::rejected(&reason, request.uri().path(), self.debug);
                        // Debug mode: the policy's own headers for an allowed origin.
                        if self.debug {
                            if let Some(explained) = policy.explain(&cors_request, &reason) {
                                preflight = Preflight::Allowed(explained);
                            }
                        }
                    }
                    let response = preflight_response(
                        &preflight,
                        origins.first(),
                        preflight_lines.0.first(),
                        preflight_lines.1,
                    );
                    let response = request.into_response(response.map_into_right_body());
                    return CorsFuture {
                        state: State::Answered {
                            response: Some(response),
                        },
                    };
                }
                Decision::Actual(h) | Decision::NotCors(h) => Pending::new(&h, origins.first()),
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

/// `Access-Control-Request-Private-Network`, built once.
const REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static(checked_cors_runtime::REQUEST_PRIVATE_NETWORK);

/// 204 with the decision's headers, or 403 with none; echoed values are clones of the request
/// lines given.
fn preflight_response(
    preflight: &Preflight<'_>,
    origin: Option<&HeaderValue>,
    method: Option<&HeaderValue>,
    header_lines: &[HeaderValue],
) -> HttpResponse {
    match preflight {
        Preflight::Allowed(headers) => {
            let mut response = HttpResponse::new(StatusCode::NO_CONTENT);
            let map = response.headers_mut();
            let mut header_lines = header_lines.iter();
            for (name, value) in headers.iter() {
                let value = match (name, value) {
                    (name::ALLOW_ORIGIN, value) => allow_origin(value, origin),
                    (name::ALLOW_METHODS, Value::Echo(bytes)) => echo(method, bytes),
                    // Echoed header lines come in request order.
                    (_, Value::Echo(bytes)) => echo(
                        header_lines.find(|v| std::ptr::eq(v.as_bytes(), bytes)),
                        bytes,
                    ),
                    (_, policy_string) => build(policy_string.source(None::<&HeaderValue>)),
                };
                map.append(response_header_name(name), value);
            }
            append_vary(headers.vary(), map);
            response
        }
        Preflight::Rejected(_) => HttpResponse::new(StatusCode::FORBIDDEN),
    }
}

/// The headers an actual (or non-CORS) request adds to the handler's response: only these four
/// exist for it, so they are applied by constant name.
#[derive(Clone)]
struct Pending {
    allow_origin: Option<HeaderValue>,
    allow_credentials: bool,
    expose_headers: Option<HeaderValue>,
    vary: Vary,
}

impl Pending {
    fn new(headers: &Headers<'_>, origin: Option<&HeaderValue>) -> Self {
        Pending {
            allow_origin: headers
                .allow_origin()
                .map(|value| allow_origin(value, origin)),
            allow_credentials: headers.allow_credentials(),
            expose_headers: headers
                .expose_headers()
                .map(|names| build(names.source(None::<&HeaderValue>))),
            vary: headers.vary(),
        }
    }

    /// Adds the headers without overwriting any the handler set.
    fn apply(self, response: &mut HeaderMap) {
        if let Some(value) = self.allow_origin {
            insert_vacant(response, header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        }
        if self.allow_credentials {
            insert_vacant(
                response,
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                fixed("true"),
            );
        }
        if let Some(names) = self.expose_headers {
            insert_vacant(response, header::ACCESS_CONTROL_EXPOSE_HEADERS, names);
        }
        append_vary(self.vary, response);
    }
}

/// Inserts `value` unless the handler set `name`. actix-web's map has no entry API, and a
/// handler rarely sets CORS headers itself: insert first (one hash), and put the handler's
/// values back in the rare case there were some.
fn insert_vacant(response: &mut HeaderMap, name: HeaderName, value: HeaderValue) {
    let mut previous = response.insert(name.clone(), value);
    if let Some(first) = previous.next() {
        response.insert(name.clone(), first);
        for more in previous {
            response.append(name.clone(), more);
        }
    }
}

fn append_vary(mut vary: Vary, response: &mut HeaderMap) {
    for line in response.get_all(VARY) {
        vary = vary.without_listed(line.as_bytes());
    }
    if let Some(names) = vary.as_str() {
        response.append(VARY, fixed(names));
    }
}

/// The actix-web constant for a response header name of [`name`].
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

/// `Access-Control-Allow-Origin`: a listed origin is the policy's `&'static` copy (no clone of
/// the request's value, no allocation), an origin matched by a pattern is echoed.
#[inline]
fn allow_origin(value: Value<'_>, line: Option<&HeaderValue>) -> HeaderValue {
    build(value.allow_origin_source(line))
}

/// The request line whose bytes these are (same address), cloned: a server-parsed request's
/// buffer is shared, not copied.
fn echo(line: Option<&HeaderValue>, bytes: &[u8]) -> HeaderValue {
    build(Value::Echo(bytes).source(line))
}

/// The header value (of actix's `http` 0.2) that the runtime's rule says to build.
#[inline(always)]
fn build(source: ValueSource<'_, &HeaderValue>) -> HeaderValue {
    match source {
        ValueSource::Trusted(s) => fixed(s),
        ValueSource::Shared(s) => trusted(s.bytes().clone()),
        ValueSource::Line(line) => line.clone(),
        ValueSource::Copy(bytes) => {
            HeaderValue::from_bytes(bytes).unwrap_or_else(|_| HeaderValue::from_static(""))
        }
    }
}

/// A `HeaderValue` for a [`ValueSource::Trusted`] string (or this module's literals) without
/// re-checking its bytes on every request.
fn fixed(s: &'static str) -> HeaderValue {
    trusted(Bytes::from_static(s.as_bytes()))
}

/// The one place this adapter makes a header value without checking its bytes: only for bytes
/// that [`ValueSource::Trusted`] or [`ValueSource::Shared`] vouch for, and this module's
/// literals.
#[inline(always)]
fn trusted(bytes: Bytes) -> HeaderValue {
    // SAFETY: `Trusted` strings are valid header values (policy strings are asserted valid in
    // const context by `Policy::__new`, a listed origin is trusted only when equal to the
    // request's own `HeaderValue`), a `SharedStr` was checked when its run-time policy was
    // built, and this module's literals are valid. Debug builds of `http` check again.
    unsafe { HeaderValue::from_maybe_shared_unchecked(bytes) }
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
