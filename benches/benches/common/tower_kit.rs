//! The tower stack: handler, requests, tower-http's configuration, and the driver.

use std::convert::Infallible;
use std::future::{ready, Ready};

use criterion::{BatchSize, BenchmarkGroup};
use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, Method, Request, Response};
use tower::Service;
use tower_http::cors::{AllowOrigin, CorsLayer as TowerHttpCors};

use super::{
    now, EXPOSE, HEADERS, MAX_AGE_SECS, METHODS, PATH, PREFLIGHT_HEADERS, PREFLIGHT_METHOD,
};

pub type Body = &'static str;

/// A handler's typical response: a body and a couple of headers (two heap allocations for the
/// header map, whatever the layer).
pub fn handler(_request: Request<()>) -> Ready<Result<Response<Body>, Infallible>> {
    let mut response = Response::new("hello");
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(
        HeaderName::from_static("x-request-id"),
        HeaderValue::from_static("0af7651916cd43dd"),
    );
    ready(Ok(response))
}

/// A header value whose bytes are shared (reference-counted), as hyper parses them, so that
/// echoing it costs a reference-count increment, not an allocation. (`from_str` alone gives a
/// uniquely owned copy that `bytes` promotes on its first clone.)
pub fn shared(text: &str) -> HeaderValue {
    let value = HeaderValue::from_str(text).unwrap();
    drop(value.clone());
    value
}

/// Where a request's header values live.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Values {
    /// Reference-counted, as a server's parser produces them: the benchmark clones one request
    /// per iteration outside the timing, and echoing a value is a reference-count increment.
    Shared,
    /// Uniquely owned copies, as `Request::builder().header(name, "text")` makes them: the
    /// benchmark builds a fresh request per iteration outside the timing, and the first clone of
    /// a value (an echo) is an allocation, which `bytes` makes to share it.
    Owned,
}

impl Values {
    fn value(self, text: &str) -> HeaderValue {
        match self {
            Values::Shared => shared(text),
            Values::Owned => HeaderValue::from_str(text).unwrap(),
        }
    }

    /// The suffix of the benchmark ids.
    pub fn suffix(self) -> &'static str {
        match self {
            Values::Shared => "",
            Values::Owned => "_owned",
        }
    }
}

/// An actual request as a browser sends it.
pub fn actual(origin: &str) -> Request<()> {
    actual_with(origin, Values::Shared)
}

pub fn actual_with(origin: &str, values: Values) -> Request<()> {
    Request::builder()
        .method(Method::GET)
        .uri(PATH)
        .header(header::HOST, values.value("api.example.com"))
        .header(header::ORIGIN, values.value(origin))
        .header(header::ACCEPT, values.value("application/json"))
        .header(
            header::USER_AGENT,
            values.value("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"),
        )
        .body(())
        .unwrap()
}

/// A preflight as a browser sends it.
pub fn preflight(origin: &str) -> Request<()> {
    preflight_with(origin, Values::Shared)
}

pub fn preflight_with(origin: &str, values: Values) -> Request<()> {
    Request::builder()
        .method(Method::OPTIONS)
        .uri(PATH)
        .header(header::HOST, values.value("api.example.com"))
        .header(header::ORIGIN, values.value(origin))
        .header(
            header::ACCESS_CONTROL_REQUEST_METHOD,
            values.value(PREFLIGHT_METHOD),
        )
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            values.value(PREFLIGHT_HEADERS),
        )
        .header(header::ACCEPT, values.value("*/*"))
        .header(
            header::USER_AGENT,
            values.value("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"),
        )
        .body(())
        .unwrap()
}

/// tower-http configured as [`STACK`].
pub fn tower_http(origins: impl IntoIterator<Item = HeaderValue>) -> TowerHttpCors {
    TowerHttpCors::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods(METHODS.map(|m| Method::from_bytes(m.as_bytes()).unwrap()))
        .allow_headers(HEADERS.map(HeaderName::from_static))
        .expose_headers(EXPOSE.map(HeaderName::from_static))
        .allow_credentials(true)
        .max_age(std::time::Duration::from_secs(MAX_AGE_SECS))
}

/// One request through `service`: `poll_ready`, `call`, poll the response, read it, drop it.
#[inline]
pub fn run<S>(service: &mut S, request: Request<()>) -> usize
where
    S: Service<Request<()>, Response = Response<Body>, Error = Infallible>,
{
    now(std::future::poll_fn(|cx| service.poll_ready(cx))).unwrap();
    let response = now(service.call(request)).unwrap();
    response.status().as_u16() as usize + response.headers().len()
}

/// Benchmarks `service` on `request`: cloned per iteration (shared values), or rebuilt per
/// iteration by `make` (owned values), outside the timing either way.
pub fn bench<S>(
    g: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: &str,
    mut service: S,
    request: &Request<()>,
    make: Option<&dyn Fn() -> Request<()>>,
) where
    S: Service<Request<()>, Response = Response<Body>, Error = Infallible>,
{
    g.bench_function(id, |b| match make {
        None => b.iter_batched(
            || request.clone(),
            |request| run(&mut service, request),
            BatchSize::SmallInput,
        ),
        Some(make) => b.iter_batched(
            make,
            |request| run(&mut service, request),
            BatchSize::SmallInput,
        ),
    });
}

pub fn check<S>(mut service: S, request: &Request<()>) -> Response<Body>
where
    S: Service<Request<()>, Response = Response<Body>, Error = Infallible>,
{
    now(std::future::poll_fn(|cx| service.poll_ready(cx))).unwrap();
    now(service.call(request.clone())).unwrap()
}

/// The floor of the tower benchmark: what any layer that adds this policy's headers must at
/// least do, with no CORS logic at all, done the cheapest way we know.
///
/// - An actual request: one `Origin` lookup, then ACAO, ACAC, ACEH and `Vary` appended to the
///   handler's response by constant name where one pass over the handler's names found none
///   (so nothing the handler set is overwritten; the entry API measured 70 instructions more
///   per header), with values built at compile time. ACAO is a stored copy of the origin, as a
///   layer that knows its origins can send (no reference count on the request's value).
/// - A preflight: a clone of a 204's six headers prepared once, with ACAO put in; the inner
///   service not called.
#[derive(Clone)]
pub struct Floor<S> {
    inner: S,
    preflight: HeaderMap,
}

impl<S> Floor<S> {
    pub fn new(inner: S) -> Self {
        let mut preflight = HeaderMap::new();
        preflight.append(header::ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED_ORIGIN);
        preflight.append(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        preflight.append(header::ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
        preflight.append(header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
        preflight.append(header::ACCESS_CONTROL_MAX_AGE, MAX_AGE);
        preflight.append(header::VARY, VARY_PREFLIGHT);
        Floor { inner, preflight }
    }
}

const TRUE: HeaderValue = HeaderValue::from_static("true");
const EXPOSED: HeaderValue = HeaderValue::from_static("x-request-id");
const VARY_ORIGIN: HeaderValue = HeaderValue::from_static("Origin");
const ALLOWED_ORIGIN: HeaderValue = HeaderValue::from_static(super::ALLOWED);
const ALLOWED_METHODS: HeaderValue = HeaderValue::from_static("GET,POST,PUT,DELETE");
const ALLOWED_HEADERS: HeaderValue = HeaderValue::from_static("content-type,x-request-id");
const MAX_AGE: HeaderValue = HeaderValue::from_static("600");
const VARY_PREFLIGHT: HeaderValue = HeaderValue::from_static(
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
);

pub enum FloorFuture<F> {
    Inner(F, bool),
    Answered(Option<Response<Body>>),
}

impl<F> std::future::Future for FloorFuture<F>
where
    F: std::future::Future<Output = Result<Response<Body>, Infallible>> + Unpin,
{
    type Output = Result<Response<Body>, Infallible>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        match &mut *self {
            FloorFuture::Answered(response) => std::task::Poll::Ready(Ok(response.take().unwrap())),
            FloorFuture::Inner(future, allowed) => {
                let mut response = std::task::ready!(std::pin::Pin::new(future).poll(cx))?;
                let headers = response.headers_mut();
                // Which of the four the handler set: one pass over its few names.
                let mut set = [false; 4];
                for name in headers.keys() {
                    if *name == header::ACCESS_CONTROL_ALLOW_ORIGIN {
                        set[0] = true;
                    } else if *name == header::ACCESS_CONTROL_ALLOW_CREDENTIALS {
                        set[1] = true;
                    } else if *name == header::ACCESS_CONTROL_EXPOSE_HEADERS {
                        set[2] = true;
                    } else if *name == header::VARY {
                        set[3] = true;
                    }
                }
                if *allowed {
                    if !set[0] {
                        headers.append(header::ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED_ORIGIN);
                    }
                    if !set[1] {
                        headers.append(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
                    }
                    if !set[2] {
                        headers.append(header::ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
                    }
                }
                if !set[3] {
                    headers.append(header::VARY, VARY_ORIGIN);
                }
                std::task::Poll::Ready(Ok(response))
            }
        }
    }
}

impl<S> Service<Request<()>> for Floor<S>
where
    S: Service<Request<()>, Response = Response<Body>, Error = Infallible>,
    S::Future: Unpin,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = FloorFuture<S::Future>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<()>) -> Self::Future {
        let allowed = request.headers().get(header::ORIGIN).is_some();
        if request.method() == Method::OPTIONS {
            let mut response = Response::new(Body::default());
            *response.status_mut() = http::StatusCode::NO_CONTENT;
            let mut headers = self.preflight.clone();
            if let Some((_, origin)) = headers.iter_mut().next() {
                *origin = ALLOWED_ORIGIN;
            }
            *response.headers_mut() = headers;
            return FloorFuture::Answered(Some(response));
        }
        FloorFuture::Inner(self.inner.call(request), allowed)
    }
}
