//! The actix-web stack: handler, requests, actix-cors's configuration, and the driver.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::test::TestRequest;
use actix_web::HttpResponse;
use criterion::{BatchSize, BenchmarkGroup};

use super::{
    now, EXPOSE, HEADERS, MAX_AGE_SECS, METHODS, PATH, PREFLIGHT_HEADERS, PREFLIGHT_METHOD,
};

/// The same response as the tower handler's: a body and a couple of headers.
pub async fn handler() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
        .insert_header(("x-request-id", "0af7651916cd43dd"))
        .body("hello")
}

/// A header value whose bytes are shared (reference-counted), as a server's parser produces
/// them, so that echoing it costs a reference-count increment, not an allocation. (`from_str`
/// alone gives a uniquely owned copy that `bytes` promotes on its first clone.)
fn shared(text: &str) -> HeaderValue {
    let value = HeaderValue::from_str(text).unwrap();
    drop(value.clone());
    value
}

/// The same requests as the tower benchmark's.
pub fn actual(origin: &str) -> TestRequest {
    TestRequest::get()
        .uri(PATH)
        .insert_header((header::HOST, "api.example.com"))
        .insert_header((header::ORIGIN, shared(origin)))
        .insert_header((header::ACCEPT, "application/json"))
        .insert_header((
            header::USER_AGENT,
            "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
        ))
}

pub fn preflight(origin: &str) -> TestRequest {
    TestRequest::default()
        .method(actix_web::http::Method::OPTIONS)
        .uri(PATH)
        .insert_header((header::HOST, "api.example.com"))
        .insert_header((header::ORIGIN, shared(origin)))
        .insert_header((
            header::ACCESS_CONTROL_REQUEST_METHOD,
            shared(PREFLIGHT_METHOD),
        ))
        .insert_header((
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            shared(PREFLIGHT_HEADERS),
        ))
        .insert_header((header::ACCEPT, "*/*"))
        .insert_header((
            header::USER_AGENT,
            "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
        ))
}

/// The four apps the actix benchmarks compare, each serving the one resource: no middleware,
/// ours, actix-cors configured as [`STACK`](super::STACK), and the floor. Inside an async block:
/// `let (none, ours, theirs, floor) = apps!();` (a macro: the apps' types cannot be named).
// Not every bench binary uses it, as with the module's other items.
#[allow(unused_macros)]
macro_rules! apps {
    () => {{
        use actix_web::{test, web, App};
        use $crate::common::actix_kit::{actix_cors, floor, handler};
        let resource = || web::resource($crate::common::PATH).route(web::get().to(handler));
        (
            test::init_service(App::new().service(resource())).await,
            test::init_service(
                App::new()
                    .wrap(checked_cors::actix::Cors::new(&$crate::common::STACK))
                    .service(resource()),
            )
            .await,
            test::init_service(
                App::new()
                    .wrap(actix_cors($crate::common::ORIGINS))
                    .service(resource()),
            )
            .await,
            test::init_service(App::new().wrap_fn(floor).service(resource())).await,
        )
    }};
}
#[allow(unused_imports)]
pub(crate) use apps;

/// The app with [`STACK`](crate::common::STACK) built at run time, through a `SharedPolicy`.
#[allow(unused_macros)] // Only the interleaved benchmark uses it.
macro_rules! runtime_app {
    () => {{
        use actix_web::{test, web, App};
        use $crate::common::actix_kit::handler;
        let resource = || web::resource($crate::common::PATH).route(web::get().to(handler));
        test::init_service(
            App::new()
                .wrap(checked_cors::actix::Cors::new(
                    $crate::common::stack_runtime(),
                ))
                .service(resource()),
        )
        .await
    }};
}
#[allow(unused_imports)]
pub(crate) use runtime_app;

/// actix-cors configured as the stack policy.
pub fn actix_cors<'a>(origins: impl IntoIterator<Item = &'a str>) -> actix_cors::Cors {
    origins
        .into_iter()
        .fold(actix_cors::Cors::default(), |cors, origin| {
            cors.allowed_origin(origin)
        })
        .allowed_methods(METHODS)
        .allowed_headers(HEADERS)
        .expose_headers(EXPOSE)
        .supports_credentials()
        .max_age(MAX_AGE_SECS as usize)
}

/// One request through the app: `call`, poll the response, read it, drop it.
#[inline]
pub fn run<S, R, B>(app: &S, request: R) -> usize
where
    S: Service<R, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let response = now(app.call(request)).unwrap_or_else(|e| panic!("service error: {e}"));
    response.status().as_u16() as usize + response.headers().len()
}

/// Benchmarks `app` with a fresh request per iteration, built outside the timing.
pub fn bench<S, R, B>(
    g: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: &str,
    app: &S,
    make: impl Fn() -> R,
) where
    S: Service<R, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    g.bench_function(id, |b| {
        b.iter_batched(&make, |request| run(app, request), BatchSize::SmallInput)
    });
}

/// The status and the CORS headers of one response, for checking that two stacks agree.
pub fn answer<S, R, B>(app: &S, request: R) -> (u16, Option<String>, Option<String>)
where
    S: Service<R, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let response = now(app.call(request)).unwrap_or_else(|e| panic!("service error: {e}"));
    let get = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    (
        response.status().as_u16(),
        get("access-control-allow-origin"),
        get("access-control-allow-credentials"),
    )
}

/// The floor of the actix benchmark: what any middleware that adds this policy's headers must
/// at least do, with no CORS logic at all (`App::wrap_fn(floor)`). An actual request: one
/// `Origin` lookup, then ACAO (a stored copy of the origin, as a middleware that knows its
/// origins can send), ACAC, ACEH (each only where the handler set none) and `Vary` added by
/// constant name with values built at compile time. A preflight: a fresh 204 with its six
/// headers, the handler not called.
pub fn floor<S>(
    request: actix_web::dev::ServiceRequest,
    service: &S,
) -> impl std::future::Future<Output = Result<ServiceResponse, actix_web::Error>>
where
    S: Service<
        actix_web::dev::ServiceRequest,
        Response = ServiceResponse,
        Error = actix_web::Error,
    >,
{
    use header::{
        ACCESS_CONTROL_ALLOW_CREDENTIALS as ACAC, ACCESS_CONTROL_ALLOW_HEADERS as ACAH,
        ACCESS_CONTROL_ALLOW_METHODS as ACAM, ACCESS_CONTROL_ALLOW_ORIGIN as ACAO,
        ACCESS_CONTROL_EXPOSE_HEADERS as ACEH, ACCESS_CONTROL_MAX_AGE as MAX_AGE, VARY,
    };
    const TRUE: HeaderValue = HeaderValue::from_static("true");
    const EXPOSED: HeaderValue = HeaderValue::from_static("x-request-id");
    const VARY_ORIGIN: HeaderValue = HeaderValue::from_static("Origin");
    const ALLOWED_ORIGIN: HeaderValue = HeaderValue::from_static(super::ALLOWED);
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .map(|_| ALLOWED_ORIGIN);
    let (inner, answered) = if request.method() == actix_web::http::Method::OPTIONS {
        let mut response = HttpResponse::NoContent().finish();
        let headers = response.headers_mut();
        headers.insert(ACAO, origin.clone().unwrap());
        headers.insert(ACAC, TRUE);
        headers.insert(ACAM, HeaderValue::from_static("GET,POST,PUT,DELETE"));
        headers.insert(ACAH, HeaderValue::from_static("content-type,x-request-id"));
        headers.insert(MAX_AGE, HeaderValue::from_static("600"));
        headers.insert(
            VARY,
            HeaderValue::from_static(
                "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
            ),
        );
        (None, Some(request.into_response(response)))
    } else {
        (Some(service.call(request)), None)
    };
    async move {
        let Some(inner) = inner else {
            return Ok(answered.unwrap());
        };
        let mut response = inner.await?;
        let headers = response.headers_mut();
        if let Some(origin) = origin {
            for (name, value) in [(ACAO, origin), (ACAC, TRUE), (ACEH, EXPOSED)] {
                if !headers.contains_key(&name) {
                    headers.insert(name, value);
                }
            }
        }
        headers.append(VARY, VARY_ORIGIN);
        Ok(response)
    }
}
