//! Deciding allocates nothing: counted with a global allocator, for every kind of decision.
//!
//! Counts are deterministic (unlike times), so this is a test and not a benchmark. Only the
//! measuring thread's allocations count: the test harness's own threads allocate whenever
//! they like.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use checked_cors::{cors_policy, Decision, Policy, Request};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Set on the thread being measured. Const-initialised, so reading it never allocates.
    static MEASURED: Cell<bool> = const { Cell::new(false) };
}

fn note() {
    if MEASURED.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

static API: Policy = cors_policy! {
    allow_origins: ["https://app.example.com", "https://*.example.org", "http://localhost:*"],
    allow_methods: [PUT, PATCH, DELETE],
    allow_headers: ["content-type", "x-request-id"],
    expose_headers: ["x-request-id"],
    allow_credentials: true,
    max_age: 600,
};

static ECHO: Policy = cors_policy! { allow_origins: *, allow_methods: *, allow_headers: * };

/// [`API`] and [`ECHO`] built at run time, from configuration.
fn runtime(policy: &Policy) -> checked_cors::OwnedPolicy {
    let config = if std::ptr::eq(policy, &API) {
        r#"
        allow_origins = ["https://app.example.com", "https://*.example.org", "http://localhost:*"]
        allow_methods = ["PUT", "PATCH", "DELETE"]
        allow_headers = ["content-type", "x-request-id"]
        expose_headers = ["x-request-id"]
        allow_credentials = true
        max_age = 600
        "#
    } else {
        r#"
        allow_origins = "*"
        allow_methods = "*"
        allow_headers = "*"
        "#
    };
    toml::from_str::<checked_cors::PolicyConfig>(config)
        .unwrap()
        .build()
        .unwrap()
}

fn count(f: impl FnOnce() -> usize) -> (usize, usize) {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    MEASURED.with(|m| m.set(true));
    let checksum = f();
    MEASURED.with(|m| m.set(false));
    (ALLOCATIONS.load(Ordering::SeqCst) - before, checksum)
}

/// Touches every header value so nothing is optimised away.
fn consume(d: Decision<'_>) -> usize {
    match d {
        Decision::NotCors(h)
        | Decision::Actual(h)
        | Decision::Preflight(checked_cors::Preflight::Allowed(h)) => {
            h.iter()
                .map(|(n, v)| n.len() + v.as_bytes().len())
                .sum::<usize>()
                + h.vary().as_str().map_or(0, str::len)
        }
        Decision::Preflight(checked_cors::Preflight::Rejected(_)) => 1,
    }
}

#[test]
fn deciding_allocates_nothing() {
    let huge = vec![b'x'; 1 << 20];
    let requests: Vec<(&str, &Policy, Request<'_>)> = vec![
        (
            "no origin",
            &API,
            Request {
                method: b"GET",
                ..Request::default()
            },
        ),
        (
            "allowed actual",
            &API,
            Request {
                method: b"GET",
                origins: &[b"https://app.example.com"],
                ..Request::default()
            },
        ),
        (
            "wildcard actual",
            &API,
            Request {
                method: b"POST",
                origins: &[b"https://a.b.example.org"],
                ..Request::default()
            },
        ),
        (
            "port actual",
            &API,
            Request {
                method: b"POST",
                origins: &[b"http://localhost:5173"],
                ..Request::default()
            },
        ),
        (
            "denied actual",
            &API,
            Request {
                method: b"GET",
                origins: &[b"https://evil.example.net"],
                ..Request::default()
            },
        ),
        (
            "allowed preflight",
            &API,
            Request {
                method: b"OPTIONS",
                origins: &[b"https://app.example.com"],
                request_method: &[b"PUT"],
                request_headers: &[b"content-type,x-request-id"],
                private_network: false,
            },
        ),
        (
            "echo preflight",
            &ECHO,
            Request {
                method: b"OPTIONS",
                origins: &[b"https://x.example"],
                request_method: &[b"PURGE"],
                request_headers: &[b"authorization", b"x-a, x-b"],
                private_network: false,
            },
        ),
        (
            "rejected preflight",
            &API,
            Request {
                method: b"OPTIONS",
                origins: &[b"https://app.example.com"],
                request_method: &[b"PUT"],
                request_headers: &[b"x-nope"],
                private_network: false,
            },
        ),
    ];
    let hostile = Request {
        method: b"OPTIONS",
        origins: &[b"https://app.example.com"],
        request_method: &[b"PUT"],
        ..Request::default()
    };
    let lines = [&huge[..]];
    let hostile = Request {
        request_headers: &lines,
        ..hostile
    };

    for (name, policy, request) in requests
        .iter()
        .map(|(n, p, r)| (*n, *p, *r))
        .chain([("hostile", &API, hostile)])
    {
        let (allocations, checksum) = count(|| {
            let mut sum = 0;
            for _ in 0..1000 {
                sum += consume(policy.decide(std::hint::black_box(&request)));
            }
            sum
        });
        assert_eq!(
            allocations, 0,
            "{name}: {allocations} allocations in 1000 decisions"
        );
        assert!(checksum > 0, "{name}");

        // The same policy built at run time: the same decision code, the same (zero) cost.
        let owned = runtime(policy);
        let (allocations, owned_checksum) = count(|| {
            let mut sum = 0;
            for _ in 0..1000 {
                sum += consume(owned.decide(std::hint::black_box(&request)));
            }
            sum
        });
        assert_eq!(
            allocations, 0,
            "{name}, run-time policy: {allocations} allocations in 1000 decisions"
        );
        assert_eq!(owned_checksum, checksum, "{name}: the same headers");
    }
}
