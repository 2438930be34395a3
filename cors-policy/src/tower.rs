//! A `tower` layer: `CorsLayer::new(&POLICY)` for axum, hyper and tonic.
//!
//! In axum, on every route of a router, or on one route only:
//!
//! ```ignore
//! static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"], allow_methods: [PUT] };
//!
//! let app = Router::new()
//!     .route("/items", get(list).put(update))
//!     .layer(CorsLayer::new(&API));                          // all routes added above
//! let one = Router::new()
//!     .route("/items", put(update).layer(CorsLayer::new(&API))) // this route only
//!     .route("/health", get(health));                          // no CORS here
//! ```
//! (`examples/src/bin/axum.rs` is the same as a running server.) With any `tower` service:
//!
//! ```
//! use std::convert::Infallible;
//! use std::future::{ready, Ready};
//! use std::task::{Context, Poll};
//! use checked_cors::{cors_policy, tower::CorsLayer, Policy};
//! use tower_layer::Layer;
//! use tower_service::Service;
//!
//! static API: Policy = cors_policy! { allow_origins: ["https://app.example.com"], allow_methods: [PUT] };
//!
//! struct Hello;
//! impl Service<http::Request<()>> for Hello {
//!     type Response = http::Response<String>;
//!     type Error = Infallible;
//!     type Future = Ready<Result<Self::Response, Infallible>>;
//!     fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> { Poll::Ready(Ok(())) }
//!     fn call(&mut self, _: http::Request<()>) -> Self::Future { ready(Ok(http::Response::new("hi".into()))) }
//! }
//!
//! let mut service = CorsLayer::new(&API).layer(Hello);
//! let request = http::Request::builder()
//!     .method("OPTIONS")
//!     .header("origin", "https://app.example.com")
//!     .header("access-control-request-method", "PUT")
//!     .body(())
//!     .unwrap();
//! let response = futures_lite_block_on(service.call(request)).unwrap();
//! assert_eq!(response.status(), 204);
//! assert_eq!(response.headers()["access-control-allow-methods"], "PUT");
//! # fn futures_lite_block_on<F: std::future::Future>(f: F) -> F::Output {
//! #     // The future of a preflight is ready at once.
//! #     let mut f = std::pin::pin!(f);
//! #     match f.as_mut().poll(&mut Context::from_waker(std::task::Waker::noop())) {
//! #         Poll::Ready(v) => v,
//! #         Poll::Pending => unreachable!(),
//! #     }
//! # }
//! ```
//!
//! # Where the layer goes
//! A preflight is an `OPTIONS` request, and most routes have no `OPTIONS` handler. The layer
//! must see the request before the router decides "405 Method Not Allowed":
//! - `Router::layer` covers the routes added *before* it; a route added after it has no CORS,
//!   and its preflights get 405. Add the layer last.
//! - `MethodRouter::layer` (`put(h).layer(..)`) covers that route for every method, `OPTIONS`
//!   included, so per-route policies work there.
//! - `MethodRouter::route_layer` and `Router::route_layer` skip requests the method router would
//!   reject, so preflights get 405: never use `route_layer` for CORS.
//!
//! # Semantics
//! - A preflight is answered by the layer (204, or 403 with no CORS headers); the inner service
//!   never sees it. A rejection is logged through `tracing` at debug level with its reason.
//! - Every other request reaches the inner service; the layer adds headers to its response
//!   without overwriting any the handler set, and appends to `Vary` only what is missing, so
//!   two stacked layers never duplicate an entry.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::task::{ready, Context, Poll};

use checked_cors_runtime::http::{
    CorsRequest, FixedHeaders, OwnedHeaders, PendingHeaders, PreflightAnswer, PreflightTemplate,
    Respond,
};
use checked_cors_runtime::{AsPolicy, Policy};
use http::{Request, Response};
use pin_project_lite::pin_project;

/// A `tower::Layer` applying a CORS policy: a compiled [`Policy`]
/// (`CorsLayer::new(&API)`), or a run-time one that can be replaced while serving
/// (`CorsLayer::new(shared.clone())` with a [`SharedPolicy`](crate::SharedPolicy), feature
/// `config`). Both answer the same way, byte for byte.
#[derive(Clone, Copy, Debug)]
pub struct CorsLayer<P = &'static PreflightTemplate> {
    policy: P,
    debug: bool,
}

impl<P: Served> CorsLayer<P> {
    /// A layer for `policy`: a compiled policy, which must be a `static` (or a promoted
    /// `const`), or a [`SharedPolicy`](crate::SharedPolicy).
    ///
    /// A compiled policy's preflight answers are prepared here, once per policy (per address)
    /// for the whole process (under 2 KiB each), so building layers is cheap and answering a
    /// preflight is a copy of a prepared header map. A shared policy's are prepared when it is
    /// stored.
    pub fn new<T: IntoServed<Served = P>>(policy: T) -> Self {
        CorsLayer {
            policy: policy.into_served(),
            debug: false,
        }
    }

    /// Debug mode, a development aid (off by default): a preflight from an allowed origin that
    /// fails on its method, its requested headers or private network access is answered with an
    /// ok status and the headers the policy sends for that origin (its listed methods and
    /// headers, never the request's), so that the browser's console names the real cause
    /// ("Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response")
    /// instead of a missing `Access-Control-Allow-Origin`. The handler is still never called and
    /// the browser still blocks the request. A foreign origin, and every allowed request, is
    /// answered exactly as outside debug mode. Every rejection is logged at `info` (`debug`
    /// otherwise) with its reason.
    ///
    /// Turn it off in production: it tells an allowed origin which methods and headers the
    /// policy lists.
    pub fn debug(mut self, on: bool) -> Self {
        self.debug = on;
        self
    }
}

impl CorsLayer {
    /// The policy this layer applies.
    pub fn policy(&self) -> &'static Policy {
        self.policy.policy()
    }
}

#[cfg(feature = "config")]
impl CorsLayer<crate::SharedPolicy> {
    /// The shared policy this layer applies.
    pub fn policy(&self) -> &crate::SharedPolicy {
        &self.policy
    }
}

/// A policy a [`CorsLayer`] can serve, as it holds it: a compiled policy's prepared answers
/// (`&'static PreflightTemplate`), or a [`SharedPolicy`](crate::SharedPolicy).
pub trait Served: Clone + sealed::Sealed {
    /// One request under the served policy: a preflight answered, or the inner service called
    /// and its response future returned.
    #[doc(hidden)]
    fn respond<S, B, R>(
        &self,
        inner: &mut S,
        request: Request<B>,
        debug: bool,
    ) -> ResponseFuture<S::Future>
    where
        S: tower_service::Service<Request<B>, Response = Response<R>>;
}

/// What [`CorsLayer::new`] accepts: `&'static Policy`, or a
/// [`SharedPolicy`](crate::SharedPolicy).
pub trait IntoServed: sealed::Sealed {
    /// How the layer holds it.
    #[doc(hidden)]
    type Served: Served;
    /// Prepares it.
    #[doc(hidden)]
    fn into_served(self) -> Self::Served;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for &'static checked_cors_runtime::Policy {}
    impl Sealed for &'static checked_cors_runtime::http::PreflightTemplate {}
    #[cfg(feature = "config")]
    impl Sealed for crate::SharedPolicy {}
}

impl IntoServed for &'static Policy {
    type Served = &'static PreflightTemplate;
    fn into_served(self) -> &'static PreflightTemplate {
        template(self)
    }
}

impl Served for &'static PreflightTemplate {
    #[inline(always)]
    fn respond<S, B, R>(
        &self,
        inner: &mut S,
        request: Request<B>,
        debug: bool,
    ) -> ResponseFuture<S::Future>
    where
        S: tower_service::Service<Request<B>, Response = Response<R>>,
    {
        respond(self, inner, request, debug)
    }
}

#[cfg(feature = "config")]
impl IntoServed for crate::SharedPolicy {
    type Served = crate::SharedPolicy;
    fn into_served(self) -> crate::SharedPolicy {
        self
    }
}

#[cfg(feature = "config")]
impl Served for crate::SharedPolicy {
    #[inline(always)]
    fn respond<S, B, R>(
        &self,
        inner: &mut S,
        request: Request<B>,
        debug: bool,
    ) -> ResponseFuture<S::Future>
    where
        S: tower_service::Service<Request<B>, Response = Response<R>>,
    {
        // Preflights, and a layer nested in another with the same policy (this thread's cached
        // policy is in use), take the general path, out of line.
        if request.method() == http::Method::OPTIONS {
            return respond_shared(self, inner, request, debug);
        }
        let Ok(pinned) = self.pin() else {
            return respond_shared(self, inner, request, debug);
        };
        // Held with nothing to drop (see `SharedPolicy::pin`); the policy's strings are shared
        // after the call, so that nothing to drop is alive during it either, and the compiler
        // builds the future in place.
        let cors = CorsRequest::new(request.method(), request.headers());
        let Some(pending) = cors.forward_actual(pinned.loaded().template()) else {
            // Not an `OPTIONS` request, so never a preflight: not reached.
            pinned.release();
            return respond_shared(self, inner, request, debug);
        };
        let future = match pending.into_fixed() {
            Ok(fixed) => fixed_future(inner, request, fixed),
            Err(pending) => match pending.into_shared() {
                Ok(shared) => ResponseFuture {
                    state: State::Shared {
                        future: inner.call(request),
                        pending: Some(shared.into_owned()),
                    },
                },
                Err(pending) => owned(inner, request, pending.into_owned()),
            },
        };
        pinned.release();
        future
    }
}

/// The one template of `policy`: built on first use and kept for the process, so that layers
/// stay `Copy` and services clone (as axum does per request) without a reference count.
fn template(policy: &'static Policy) -> &'static PreflightTemplate {
    // One entry per distinct policy a layer was ever built for: a handful of `static`s.
    static TEMPLATES: Mutex<Vec<&'static PreflightTemplate>> = Mutex::new(Vec::new());
    let mut templates = TEMPLATES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(found) = templates.iter().find(|t| std::ptr::eq(t.policy(), policy)) {
        return found;
    }
    let made: &'static PreflightTemplate = Box::leak(Box::new(PreflightTemplate::new(policy)));
    templates.push(made);
    made
}

impl<S, P: Served> tower_layer::Layer<S> for CorsLayer<P> {
    type Service = Cors<S, P>;

    fn layer(&self, inner: S) -> Cors<S, P> {
        Cors {
            inner,
            policy: self.policy.clone(),
            debug: self.debug,
        }
    }
}

/// The service [`CorsLayer`] wraps around an inner service.
#[derive(Clone, Debug)]
pub struct Cors<S, P = &'static PreflightTemplate> {
    inner: S,
    policy: P,
    debug: bool,
}

impl<S, B, R, P> tower_service::Service<Request<B>> for Cors<S, P>
where
    S: tower_service::Service<Request<B>, Response = Response<R>>,
    R: Default,
    P: Served,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // The policy this request is decided with, whole, even if a reload replaces it now.
        self.policy.respond(&mut self.inner, request, self.debug)
    }
}

/// One request under `template`'s policy: a preflight answered, or the inner service called.
/// The headers are made before the call, so that the template's policy need not outlive it;
/// nothing to drop is alive during the call (the compiler then builds the future in place)
/// unless they own a value.
#[inline(always)]
fn respond<S, B, R, H: AsPolicy>(
    template: &PreflightTemplate<H>,
    inner: &mut S,
    request: Request<B>,
    debug: bool,
) -> ResponseFuture<S::Future>
where
    S: tower_service::Service<Request<B>, Response = Response<R>>,
{
    let cors = CorsRequest::new(request.method(), request.headers());
    let pending = match cors.respond_explaining(template, debug) {
        Respond::Forward(pending) => pending.into_fixed().map_err(PendingHeaders::into_owned),
        Respond::Answer(answer, rejection) => return answered(answer, rejection, &request, debug),
    };
    match pending {
        Ok(fixed) => fixed_future(inner, request, fixed),
        Err(pending) => owned(inner, request, pending),
    }
}

/// A run-time policy's preflights, and every request of a layer nested in another with the same
/// policy: [`respond`] in a function of its own, inlined there whole as a compiled policy's is
/// into `call` (as part of the actual requests' path it measured 50 to 100 instructions more
/// per preflight, callgrind).
#[cfg(feature = "config")]
#[inline(never)]
fn respond_shared<S, B, R>(
    policy: &crate::SharedPolicy,
    inner: &mut S,
    request: Request<B>,
    debug: bool,
) -> ResponseFuture<S::Future>
where
    S: tower_service::Service<Request<B>, Response = Response<R>>,
{
    // Through one guard (this thread's cached policy, or `arc-swap`'s when nested), so that
    // the decision's code is here once and inlined.
    let mut serving = policy.serving();
    respond(serving.loaded().template(), inner, request, debug)
}

/// The inner service called, with headers that are all strings of a compiled policy: the
/// common case, built in place (nothing to drop is alive during the call).
#[inline(always)]
fn fixed_future<S, B, R>(
    inner: &mut S,
    request: Request<B>,
    fixed: FixedHeaders,
) -> ResponseFuture<S::Future>
where
    S: tower_service::Service<Request<B>, Response = Response<R>>,
{
    ResponseFuture {
        state: State::Fixed {
            future: inner.call(request),
            pending: Some(fixed),
        },
    }
}

/// A preflight's answer, its rejection logged.
#[inline(always)]
fn answered<F, B>(
    answer: PreflightAnswer,
    rejection: Option<checked_cors_runtime::Rejection<'_>>,
    request: &Request<B>,
    debug: bool,
) -> ResponseFuture<F> {
    if let Some(reason) = rejection {
        crate::log::rejected(&reason, request.uri().path(), debug);
    }
    let answer = Some(answer);
    ResponseFuture {
        state: State::Answered { answer },
    }
}

/// An actual request whose headers own a value: an origin matched by a pattern (the request's
/// `Origin` is echoed), or, through a nested layer, a run-time policy's strings (shared with
/// the policy). Out of line, so that the common path has a single inlined call of the inner
/// service.
#[inline(never)]
fn owned<S, B, R>(
    inner: &mut S,
    request: Request<B>,
    pending: PendingHeaders<'static>,
) -> ResponseFuture<S::Future>
where
    S: tower_service::Service<Request<B>, Response = Response<R>>,
{
    ResponseFuture {
        state: State::Owned {
            future: inner.call(request),
            pending: Some(pending),
        },
    }
}

pin_project! {
    /// The response future of [`Cors`]: the inner service's, with CORS headers added, or an
    /// immediate preflight answer. No boxing.
    pub struct ResponseFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F> {
        // The common case: headers that are all strings of the policy.
        Fixed { #[pin] future: F, pending: Option<FixedHeaders> },
        // Headers that own a value: an origin matched by a pattern (or, through a nested layer,
        // a run-time policy's strings).
        Owned { #[pin] future: F, pending: Option<PendingHeaders<'static>> },
        // A run-time policy's strings, shared after the inner service was called.
        Shared { #[pin] future: F, pending: Option<OwnedHeaders> },
        // A preflight's answer, made a response when polled.
        Answered { answer: Option<PreflightAnswer> },
    }
}

impl<F, R, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<R>, E>>,
    R: Default,
{
    type Output = Result<Response<R>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Fixed { future, pending } => {
                with_headers(ready!(future.poll(cx)), pending.take(), FixedHeaders::apply)
            }
            StateProj::Owned { future, pending } => with_headers(
                ready!(future.poll(cx)),
                pending.take(),
                PendingHeaders::apply,
            ),
            StateProj::Shared { future, pending } => {
                // Applied from where they are: the values move once, into the response.
                let mut result = ready!(future.poll(cx));
                if let Ok(response) = &mut result {
                    OwnedHeaders::apply_from(pending, response.headers_mut());
                }
                Poll::Ready(result)
            }
            StateProj::Answered { answer } => match answer.take() {
                Some(answer) => Poll::Ready(Ok(answer.into_response())),
                None => panic!("`ResponseFuture` polled after completion"),
            },
        }
    }
}

/// The inner service's response with the pending headers added (once: `pending` is taken).
#[inline(always)]
fn with_headers<R, E, P>(
    response: Result<Response<R>, E>,
    pending: Option<P>,
    apply: impl FnOnce(P, &mut http::HeaderMap),
) -> Poll<Result<Response<R>, E>> {
    let mut response = response?;
    if let Some(pending) = pending {
        apply(pending, response.headers_mut());
    }
    Poll::Ready(Ok(response))
}
