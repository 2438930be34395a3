//! `SharedPolicy`: reloads build first and keep the old policy on any error; the next request
//! sees a new policy; a request in flight finishes with the policy its decision came from; and
//! 10,000 reloads leave the heap where it was.
//!
//! Live heap bytes are counted per thread by a global allocator: what a test's own thread
//! allocates and frees (reloads build on it, and replaced policies are dropped on it), so that
//! the test harness's threads, which allocate and free as other tests finish, do not disturb the
//! measurement. The tests of this binary also run one at a time (`SERIAL`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::convert::Infallible;
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use checked_cors::tower::CorsLayer;
use checked_cors::{PolicyConfig, SharedPolicy, Values};
use http::{HeaderValue, Request, Response};
use tower_layer::Layer;
use tower_service::Service;

struct Counting;

thread_local! {
    // Const-initialized and without a destructor: usable from the allocator at any time,
    // thread teardown included.
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn count(bytes: isize) {
    let _ = LIVE.try_with(|live| live.set(live.get() + bytes));
}

/// Live heap bytes allocated and not yet freed by this thread.
fn live() -> isize {
    LIVE.with(Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Tests that allocate on other threads wait for the heap measurement.
static SERIAL: Mutex<()> = Mutex::new(());

fn config(origins: &[&str]) -> PolicyConfig {
    PolicyConfig {
        allow_origins: Some(origins.iter().copied().collect()),
        allow_methods: Some(["PUT"].into_iter().collect()),
        expose_headers: Some(["x-request-id"].into_iter().collect()),
        allow_credentials: true,
        ..PolicyConfig::default()
    }
}

#[test]
fn a_bad_reload_changes_nothing_and_a_good_one_serves_the_next_request() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let shared = SharedPolicy::new(config(&["https://a.example"]).build().unwrap());
    let clone = shared.clone();
    assert!(clone.load().allows_origin(b"https://a.example"));

    // Every kind of bad edit: refused, all errors reported, the old policy still serving.
    for bad in [
        PolicyConfig {
            allow_origins: Some(Values::Any),
            allow_credentials: true,
            ..PolicyConfig::default()
        },
        config(&["https://b.example/", "https://*.com"]),
        PolicyConfig::default(),
    ] {
        let errors = shared.reload(&bad).unwrap_err();
        assert!(!errors.is_empty());
        assert!(clone.load().allows_origin(b"https://a.example"), "{errors}");
        assert!(!clone.load().allows_origin(b"https://b.example"));
    }

    shared.reload(&config(&["https://b.example"])).unwrap();
    // Every handle sees it, from the next load on.
    assert!(clone.load().allows_origin(b"https://b.example"));
    assert!(!clone.load().allows_origin(b"https://a.example"));

    shared.store(config(&["https://c.example"]).build().unwrap());
    assert!(clone.load().allows_origin(b"https://c.example"));
}

/// A handler whose response is ready only once `release` is set: a request in flight.
#[derive(Clone)]
struct Slow {
    release: Arc<AtomicBool>,
}

impl Service<Request<()>> for Slow {
    type Response = Response<()>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<()>, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<()>) -> Self::Future {
        let release = self.release.clone();
        Box::pin(poll_fn(move |_| {
            if release.load(Ordering::SeqCst) {
                Poll::Ready(Ok(Response::new(())))
            } else {
                Poll::Pending
            }
        }))
    }
}

fn get(origin: &str) -> Request<()> {
    Request::builder()
        .uri("/items")
        .header("origin", HeaderValue::from_str(origin).unwrap())
        .body(())
        .unwrap()
}

#[test]
fn a_request_in_flight_finishes_with_the_policy_its_decision_came_from() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let shared = SharedPolicy::new(config(&["https://a.example"]).build().unwrap());
    let release = Arc::new(AtomicBool::new(false));
    let mut service = CorsLayer::new(shared.clone()).layer(Slow {
        release: release.clone(),
    });
    let mut cx = Context::from_waker(Waker::noop());

    let mut in_flight = pin!(service.call(get("https://a.example")));
    assert!(in_flight.as_mut().poll(&mut cx).is_pending());

    // Replaced while the handler runs: `a.example` is no longer allowed.
    shared.reload(&config(&["https://b.example"])).unwrap();
    release.store(true, Ordering::SeqCst);
    let Poll::Ready(Ok(response)) = in_flight.as_mut().poll(&mut cx) else {
        panic!("released")
    };
    // Decided under the old policy: the old policy's headers, whole.
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://a.example"
    );
    assert_eq!(
        response.headers()["access-control-expose-headers"],
        "x-request-id"
    );

    // The next request is decided under the new one.
    let Poll::Ready(Ok(next)) = pin!(service.call(get("https://a.example"))).poll(&mut cx) else {
        panic!("released")
    };
    assert!(!next.headers().contains_key("access-control-allow-origin"));
    let Poll::Ready(Ok(next)) = pin!(service.call(get("https://b.example"))).poll(&mut cx) else {
        panic!("released")
    };
    assert_eq!(
        next.headers()["access-control-allow-origin"],
        "https://b.example"
    );
}

/// 10,000 reloads (half of them refused), with requests served in between, leave exactly the
/// bytes they found: every replaced policy is freed once nothing uses it.
#[test]
fn heap_is_flat_over_reloads() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // More origins than a direct table holds: the PtrHash tables are freed too.
    let big: Vec<String> = (0..100)
        .map(|i| format!("https://tenant{i}.example.com"))
        .collect();
    let big: Vec<&str> = big.iter().map(String::as_str).collect();
    let configs = [
        config(&big),
        config(&["https://a.example", "https://*.b.example"]),
    ];
    let bad = config(&["https://a.example/"]);
    let shared = SharedPolicy::new(configs[0].build().unwrap());
    let mut service = CorsLayer::new(shared.clone()).layer(Slow {
        release: Arc::new(AtomicBool::new(true)),
    });
    let mut cx = Context::from_waker(Waker::noop());
    let mut serve = |origin: &str| {
        let request = get(origin);
        let response = pin!(service.call(request)).poll(&mut cx);
        assert!(matches!(response, Poll::Ready(Ok(_))));
    };
    // Warm up: the first load on this thread registers it with `arc-swap`.
    for config in &configs {
        shared.reload(config).unwrap();
        serve("https://tenant7.example.com");
    }
    let before = live();
    for round in 0..10_000 {
        if round % 2 == 0 {
            shared.reload(&configs[round / 2 % 2]).unwrap();
        } else {
            assert!(shared.reload(&bad).is_err());
        }
        serve("https://tenant7.example.com");
    }
    let after = live();
    assert_eq!(
        after - before,
        0,
        "live heap bytes before {before}, after 10,000 reloads {after}"
    );
}

/// A handler that runs `on_call` in its own `call` (on the request's thread, while the layers
/// around it hold the policy their decisions came from), then answers at once.
#[derive(Clone)]
struct OnCall<F>(F);

impl<F: FnMut()> Service<Request<()>> for OnCall<F> {
    type Response = Response<()>;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Response<()>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<()>) -> Self::Future {
        (self.0)();
        std::future::ready(Ok(Response::new(())))
    }
}

fn answer<S>(service: &mut S, request: Request<()>) -> Response<()>
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    let mut cx = Context::from_waker(Waker::noop());
    let Poll::Ready(Ok(response)) = pin!(service.call(request)).poll(&mut cx) else {
        panic!("ready at once")
    };
    response
}

/// Asserts the headers an allowed actual request gets from a [`config`] policy.
fn assert_allowed(response: &Response<()>, origin: &str, exposed: &str) {
    assert_eq!(lines(response, "access-control-allow-origin"), [origin]);
    assert_eq!(
        lines(response, "access-control-allow-credentials"),
        ["true"]
    );
    assert_eq!(lines(response, "access-control-expose-headers"), [exposed]);
    assert_eq!(lines(response, "vary"), ["Origin"]);
}

fn lines(response: &Response<()>, name: &str) -> Vec<String> {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// Two layers with the same policy, one inside the other (a router's layer and a route's): the
/// inner one decides while the outer one holds this thread's cached policy, and a policy stored
/// during the call never reaches a response decided before it.
#[test]
fn nested_layers_with_one_policy_answer_once_and_keep_their_policy_through_a_store() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let shared = SharedPolicy::new(config(&["https://a.example"]).build().unwrap());
    // Stores the next policy, if one is set, from within the handler's `call`.
    let next = Arc::new(Mutex::new(None::<checked_cors::OwnedPolicy>));
    let handler = OnCall({
        let (shared, next) = (shared.clone(), next.clone());
        move || {
            if let Some(policy) = next.lock().unwrap().take() {
                shared.store(policy);
            }
        }
    });
    let layer = CorsLayer::new(shared.clone());

    // One layer: the headers of a request come from the policy its decision came from, even
    // though they are made after the call that stored another (same origin, other exposed
    // header).
    let mut single = layer.layer(handler.clone());
    let mut other = config(&["https://a.example"]);
    other.expose_headers = Some(["x-other"].into_iter().collect());
    *next.lock().unwrap() = Some(other.build().unwrap());
    let response = answer(&mut single, get("https://a.example"));
    assert_allowed(&response, "https://a.example", "x-request-id");
    let response = answer(&mut single, get("https://a.example"));
    assert_allowed(&response, "https://a.example", "x-other");

    shared.reload(&config(&["https://a.example"])).unwrap();

    let mut service = layer.layer(layer.layer(handler));

    for _ in 0..3 {
        let response = answer(&mut service, get("https://a.example"));
        assert_allowed(&response, "https://a.example", "x-request-id");
    }

    // The handler stores a policy that allows only `b.example` during the call: this request
    // was decided under the old one by both layers, and says so whole.
    *next.lock().unwrap() = Some(config(&["https://b.example"]).build().unwrap());
    let response = answer(&mut service, get("https://a.example"));
    assert_allowed(&response, "https://a.example", "x-request-id");
    // The next one is decided under the new policy, by both layers.
    let refused = answer(&mut service, get("https://a.example"));
    assert!(lines(&refused, "access-control-allow-origin").is_empty());
    assert_eq!(lines(&refused, "vary"), ["Origin"]);
    let allowed = answer(&mut service, get("https://b.example"));
    assert_allowed(&allowed, "https://b.example", "x-request-id");

    // A preflight through both: answered by the outer layer, once.
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri("/items")
        .header("origin", "https://b.example")
        .header("access-control-request-method", "PUT")
        .body(())
        .unwrap();
    let response = answer(&mut service, preflight);
    assert_eq!(response.status(), 204);
    assert_eq!(lines(&response, "access-control-allow-methods"), ["PUT"]);
}

/// A panic unwinding out of the inner service's `call` leaves this thread's cached policy
/// marked in use (the layer holds it with nothing to drop): later requests on the thread load
/// the policy through `arc-swap` instead, and answer exactly as before, reloads included.
#[test]
fn after_a_panic_in_the_inner_call_requests_answer_the_same_and_see_reloads() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let shared = SharedPolicy::new(config(&["https://a.example"]).build().unwrap());
    let panic = Arc::new(AtomicBool::new(false));
    let mut service = CorsLayer::new(shared.clone()).layer(OnCall({
        let panic = panic.clone();
        move || assert!(!panic.load(Ordering::SeqCst), "the handler's call panics")
    }));
    let before = answer(&mut service, get("https://a.example"));

    panic.store(true, Ordering::SeqCst);
    let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        drop(service.call(get("https://a.example")))
    }));
    assert!(unwound.is_err());
    panic.store(false, Ordering::SeqCst);

    let after = answer(&mut service, get("https://a.example"));
    assert_eq!(after.headers(), before.headers());
    shared.reload(&config(&["https://b.example"])).unwrap();
    assert!(lines(
        &answer(&mut service, get("https://a.example")),
        "access-control-allow-origin"
    )
    .is_empty());
    assert_eq!(
        lines(
            &answer(&mut service, get("https://b.example")),
            "access-control-allow-origin"
        ),
        ["https://b.example"]
    );
}
