//! Heap allocations added by the tower adapter, counted with a global allocator; tower-http's
//! counts are printed next to ours for the benchmark report (`BENCHMARKS.md`).
//!
//! Counts are deterministic (unlike times), so this is a test. It lives in its own binary with a
//! single `#[test]`, and the counter is per thread, so nothing else is counted.
//!
//! See the numbers with `cargo test -p checked-cors-tests --test adapter_allocations -- --nocapture`.
//!
//! What is asserted, for request header values shared (as a server parses them), static, or
//! uniquely owned copies:
//! - (a) an actual request (allowed, denied, or without `Origin`) costs exactly as many
//!   allocations with our layer as without it, on the same handler (two response headers, like a
//!   real one) and the same requests: a listed origin is sent as the policy's own copy;
//! - (b) a preflight costs exactly the two allocations of its own response's `HeaderMap` (the
//!   index table and the entries vector, a clone of the prepared answer); a rejected preflight,
//!   whose 403 carries no header, costs none;
//! - (c) an origin matched by a pattern is echoed, a clone of the request's value: nothing for
//!   shared or static values, and exactly the one allocation `bytes` makes to share a uniquely
//!   owned copy;
//! - (d) all of the above holds for the same policy built at run time and served through a
//!   `SharedPolicy` (its strings are shared with the policy: a reference count, no copy).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::convert::Infallible;
use std::future::{ready, Future, Ready};
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::Bytes;
use checked_cors::tower::CorsLayer;
use checked_cors_tests::twin;
use http::header::{self, HeaderName, HeaderValue};
use http::{Method, Request, Response};
use tower_layer::Layer;
use tower_service::Service;

struct Counting;

thread_local! {
    // `const` and `Copy`: no lazy initialisation and no destructor, so the allocator can use it.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn bump() {
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump();
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump();
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

const ORIGINS: [&str; 3] = [
    "https://app.example.com",
    "https://admin.example.com",
    "https://docs.example.com",
];

twin!(API = {
    allow_origins: ["https://app.example.com", "https://admin.example.com", "https://docs.example.com"],
    allow_methods: [GET, POST, PUT, DELETE],
    allow_headers: ["content-type", "x-request-id"],
    expose_headers: ["x-request-id"],
    allow_credentials: true,
    max_age: 600,
});

twin!(
    /// [`API`] with a pattern instead of the listed origins.
    PATTERN = {
        allow_origins: ["https://*.example.org"],
        allow_methods: [GET, POST, PUT, DELETE],
        allow_headers: ["content-type", "x-request-id"],
        expose_headers: ["x-request-id"],
        allow_credentials: true,
        max_age: 600,
    }
);

/// tower-http configured as [`API`].
fn tower_http() -> tower_http::cors::CorsLayer {
    tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::AllowOrigin::list(
            ORIGINS.map(HeaderValue::from_static),
        ))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([HeaderName::from_static("x-request-id")])
        .allow_credentials(true)
        .max_age(Duration::from_secs(600))
}

/// A handler whose response carries its first `headers` of these (a real one has a couple).
#[derive(Clone, Copy)]
struct Handler {
    headers: usize,
}

const RESPONSE_HEADERS: [(&str, &str); 8] = [
    ("content-type", "application/json"),
    ("x-request-id", "0af7651916cd43dd"),
    ("cache-control", "no-store"),
    ("etag", "\"33a64df5\""),
    ("content-language", "en"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("last-modified", "Wed, 21 Oct 2015 07:28:00 GMT"),
];

impl Service<Request<()>> for Handler {
    type Response = Response<&'static str>;
    type Error = Infallible;
    type Future = Ready<Result<Response<&'static str>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<()>) -> Self::Future {
        let mut response = Response::new("{}");
        for (name, value) in &RESPONSE_HEADERS[..self.headers] {
            response.headers_mut().insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        ready(Ok(response))
    }
}

fn now<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("every service here answers at once"),
    }
}

/// Where the request's header values live.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// Slices of one reference-counted buffer, as hyper parses a request: cloning a value is a
    /// reference-count increment.
    Parsed,
    /// `HeaderValue::from_static`.
    Static,
    /// `HeaderValue::from_str`: a uniquely owned copy, which `bytes` turns into a shared one
    /// (one allocation) the first time it is cloned.
    Copied,
}

fn value(source: Source, text: &'static str) -> HeaderValue {
    match source {
        Source::Parsed => {
            let buffer = Bytes::from(format!("GET / HTTP/1.1\r\nx: {text}\r\n\r\n"));
            let start = "GET / HTTP/1.1\r\nx: ".len();
            HeaderValue::from_maybe_shared(buffer.slice(start..start + text.len())).unwrap()
        }
        Source::Static => HeaderValue::from_static(text),
        Source::Copied => HeaderValue::from_str(text).unwrap(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    AllowedActual,
    DeniedActual,
    NoOrigin,
    AllowedPreflight,
    RejectedPreflight,
    /// An allowed actual request whose origin only a pattern matches.
    PatternActual,
}

const KINDS: [Kind; 5] = [
    Kind::AllowedActual,
    Kind::DeniedActual,
    Kind::NoOrigin,
    Kind::AllowedPreflight,
    Kind::RejectedPreflight,
];

fn request(kind: Kind, source: Source) -> Request<()> {
    let origin = match kind {
        Kind::DeniedActual | Kind::RejectedPreflight => "https://evil.example.net",
        Kind::PatternActual => "https://shop.example.org",
        _ => "https://admin.example.com",
    };
    let preflight = matches!(kind, Kind::AllowedPreflight | Kind::RejectedPreflight);
    let mut builder = Request::builder()
        .method(if preflight {
            Method::OPTIONS
        } else {
            Method::GET
        })
        .uri("/items/42")
        .header(header::HOST, value(source, "api.example.com"))
        .header(header::ACCEPT, value(source, "application/json"));
    if kind != Kind::NoOrigin {
        builder = builder.header(header::ORIGIN, value(source, origin));
    }
    if preflight {
        builder = builder
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, value(source, "PUT"))
            .header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                value(source, "content-type,x-request-id"),
            );
    }
    builder.body(()).unwrap()
}

const ROUNDS: usize = 8;

/// Allocations of one request through `service` (poll_ready, call, poll, drop the response),
/// the same for every one of [`ROUNDS`] fresh requests, or the test fails.
fn per_request<S>(mut service: S, kind: Kind, source: Source) -> usize
where
    S: Service<Request<()>, Response = Response<&'static str>, Error = Infallible>,
{
    // Built before counting; moved into the service, so never cloned by the test.
    let requests: Vec<Request<()>> = (0..ROUNDS).map(|_| request(kind, source)).collect();
    let mut counts = Vec::with_capacity(ROUNDS);
    for request in requests {
        let before = allocations();
        now(std::future::poll_fn(|cx| service.poll_ready(cx))).unwrap();
        let response = now(service.call(request)).unwrap();
        std::hint::black_box(response.headers().len());
        drop(response);
        counts.push(allocations() - before);
    }
    assert!(
        counts.iter().all(|&c| c == counts[0]),
        "{kind:?} {source:?}: counts vary: {counts:?}"
    );
    counts[0]
}

struct Row {
    none: usize,
    ours: usize,
    /// The same policy built at run time, through a `SharedPolicy`.
    runtime: usize,
    theirs: usize,
}

/// A `SharedPolicy` layer over `handler`, warmed up: the first request on a thread makes that
/// thread's cache of the policy (once per thread and policy, ever).
fn runtime_layer(
    twin: &checked_cors_tests::twins::Twin,
    handler: Handler,
) -> checked_cors::tower::Cors<Handler, checked_cors::SharedPolicy> {
    let mut service = CorsLayer::new(twin.shared()).layer(handler);
    drop(now(service.call(request(Kind::NoOrigin, Source::Static))));
    service
}

fn measure(kind: Kind, source: Source, headers: usize) -> Row {
    let handler = Handler { headers };
    Row {
        none: per_request(handler, kind, source),
        ours: per_request(CorsLayer::new(API.compiled).layer(handler), kind, source),
        runtime: per_request(runtime_layer(&API, handler), kind, source),
        theirs: per_request(tower_http().layer(handler), kind, source),
    }
}

#[test]
fn tower_layers_allocations() {
    println!("allocations per request; handler response with 2 headers");
    println!("| request | header values | no layer | ours | ours added | ours, run-time policy | tower-http | tower-http added |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for source in [Source::Parsed, Source::Static, Source::Copied] {
        for kind in KINDS {
            let row = measure(kind, source, 2);
            let added = |n: usize| n as isize - row.none as isize;
            println!(
                "| {kind:?} | {source:?} | {} | {} | {:+} | {} | {} | {:+} |",
                row.none,
                row.ours,
                added(row.ours),
                row.runtime,
                row.theirs,
                added(row.theirs)
            );
            // (d) A run-time policy costs exactly what the compiled one does.
            assert_eq!(
                row.runtime, row.ours,
                "{kind:?} {source:?}: run-time policy"
            );
            match kind {
                // (a) Nothing added to actual requests, whatever holds the request's values: a
                // listed origin is sent as the policy's own copy, never a clone of the request's
                // (which, uniquely owned, `bytes` would promote with one allocation).
                Kind::AllowedActual | Kind::DeniedActual | Kind::NoOrigin | Kind::PatternActual => {
                    assert_eq!(
                        row.ours, row.none,
                        "{kind:?} {source:?}: our layer allocated"
                    );
                }
                // (b) The preflight's own response: its `HeaderMap` index table and entries
                // vector (a clone of the prepared 204: ACAO, ACAC, ACAM, ACAH, max-age and
                // Vary), and nothing else: the handler never runs.
                Kind::AllowedPreflight => assert_eq!(row.ours, 2, "{source:?}"),
                // A 403 without headers: an empty `HeaderMap` allocates nothing.
                Kind::RejectedPreflight => assert_eq!(row.ours, 0, "{source:?}"),
            }
        }
    }

    // An origin matched by a pattern is the request's own bytes, so it is echoed: a clone of the
    // request's value. Shared (as a server parses it) or static, that allocates nothing; a
    // uniquely owned copy is promoted by `bytes` on its first clone (one allocation, printed).
    println!();
    println!("allowed actual request, origin matched by a pattern (`https://*.example.org`)");
    println!("| header values | no layer | ours | ours added |");
    println!("|---|---:|---:|---:|");
    for source in [Source::Parsed, Source::Static, Source::Copied] {
        let handler = Handler { headers: 2 };
        let none = per_request(handler, Kind::PatternActual, source);
        let ours = per_request(
            CorsLayer::new(PATTERN.compiled).layer(handler),
            Kind::PatternActual,
            source,
        );
        let runtime = per_request(
            runtime_layer(&PATTERN, handler),
            Kind::PatternActual,
            source,
        );
        assert_eq!(runtime, ours, "{source:?}: run-time policy");
        println!(
            "| {source:?} | {none} | {ours} | {:+} |",
            ours as isize - none as isize
        );
        match source {
            Source::Parsed | Source::Static => assert_eq!(ours, none, "{source:?}"),
            Source::Copied => assert_eq!(ours, none + 1, "{source:?}"),
        }
    }

    // A response's `HeaderMap` holds 6 entries before it grows (a 12-slot table, 2 allocations),
    // so whether adding CORS headers allocates depends on how many the handler set. Printed only.
    println!();
    println!("allowed actual request, parsed values, by number of handler response headers");
    println!("| handler headers | no layer | ours | ours added | tower-http | tower-http added |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for headers in 0..=RESPONSE_HEADERS.len() {
        let row = measure(Kind::AllowedActual, Source::Parsed, headers);
        println!(
            "| {headers} | {} | {} | {:+} | {} | {:+} |",
            row.none,
            row.ours,
            row.ours as isize - row.none as isize,
            row.theirs,
            row.theirs as isize - row.none as isize
        );
    }
}
