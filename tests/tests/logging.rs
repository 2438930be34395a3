//! A rejected preflight is logged through `tracing` at debug level with its typed reason, by
//! both adapters; the reason never reaches the client.

use checked_cors::{cors_policy, Policy};
use checked_cors_tests::capture::Capture;
use checked_cors_tests::handler::{now, Handler};
use tracing::Level;

static API: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_methods: [PUT],
    allow_headers: ["x-request-id"],
};

const REASON: &str = "reason=requested header `x-secret` is not allowed";

fn preflight() -> http::Request<()> {
    http::Request::builder()
        .method("OPTIONS")
        .uri("/items")
        .header("origin", "https://app.example.com")
        .header("access-control-request-method", "PUT")
        .header("access-control-request-headers", "x-request-id,x-secret")
        .body(())
        .unwrap()
}

#[test]
fn tower_logs_the_reason_at_debug() {
    use tower_layer::Layer;
    use tower_service::Service;
    let capture = Capture::default();
    let response = tracing::subscriber::with_default(capture.clone(), || {
        now(checked_cors::tower::CorsLayer::new(&API)
            .layer(Handler)
            .call(preflight()))
        .unwrap()
    });
    assert_eq!(response.status(), 403);
    assert_eq!(response.body(), "", "the reason is never sent");
    assert!(response
        .headers()
        .keys()
        .all(|k| !k.as_str().starts_with("access-control-")));
    let events = capture.0.lock().unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(
        events[0].starts_with("DEBUG")
            && events[0].contains(REASON)
            && events[0].contains("/items"),
        "{events:?}"
    );
    assert_eq!(Level::DEBUG.to_string(), "DEBUG");
}

#[test]
fn actix_logs_the_reason_at_debug() {
    use actix_web::{test, web, App, HttpResponse};
    let capture = Capture::default();
    let (status, body, cors_headers) = tracing::subscriber::with_default(capture.clone(), || {
        actix_web::rt::System::new().block_on(async {
            let app = test::init_service(
                App::new()
                    .wrap(checked_cors::actix::Cors::new(&API))
                    .route("/items", web::put().to(HttpResponse::Ok)),
            )
            .await;
            let request = test::TestRequest::default()
                .method(actix_web::http::Method::OPTIONS)
                .uri("/items")
                .insert_header(("origin", "https://app.example.com"))
                .insert_header(("access-control-request-method", "PUT"))
                .insert_header(("access-control-request-headers", "x-request-id,x-secret"))
                .to_request();
            let response = test::call_service(&app, request).await;
            let status = response.status().as_u16();
            let cors = response
                .headers()
                .keys()
                .filter(|k| k.as_str().starts_with("access-control-"))
                .count();
            let body = test::read_body(response).await;
            (status, body, cors)
        })
    });
    assert_eq!((status, &body[..], cors_headers), (403, &b""[..], 0));
    let events = capture.0.lock().unwrap();
    let ours: Vec<_> = events.iter().filter(|e| e.contains("CORS")).collect();
    assert_eq!(ours.len(), 1, "{events:?}");
    assert!(
        ours[0].starts_with("DEBUG") && ours[0].contains(REASON),
        "{ours:?}"
    );
}

/// In debug mode the same rejection is logged at `info`, with the same escaped, bounded reason,
/// and the allowed origin gets the explained answer (204, the policy's own headers only).
#[test]
fn debug_mode_logs_the_reason_at_info() {
    use tower_layer::Layer;
    use tower_service::Service;
    let capture = Capture::default();
    let hostile = http::Request::builder()
        .method("OPTIONS")
        .uri("/items")
        .header("origin", "https://app.example.com")
        .header("access-control-request-method", "PUT")
        .header("access-control-request-headers", {
            let mut names = format!("x-request-id,x-{}", "a".repeat(300)).into_bytes();
            names.extend_from_slice(b"\xff\x80");
            http::HeaderValue::from_bytes(&names).unwrap()
        })
        .body(())
        .unwrap();
    let responses = tracing::subscriber::with_default(capture.clone(), || {
        let mut service = checked_cors::tower::CorsLayer::new(&API)
            .debug(true)
            .layer(Handler);
        [preflight(), hostile].map(|r| now(service.call(r)).unwrap())
    });
    for response in &responses {
        assert_eq!(response.status(), 204);
        assert_eq!(response.body(), "", "the reason is never sent");
        let cors: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter(|(k, _)| k.as_str().starts_with("access-control-"))
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        assert_eq!(
            cors,
            [
                (
                    "access-control-allow-origin".into(),
                    "https://app.example.com".into()
                ),
                ("access-control-allow-methods".into(), "PUT".into()),
                ("access-control-allow-headers".into(), "x-request-id".into()),
            ]
        );
    }
    let events = capture.0.lock().unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(
        events[0].starts_with("INFO") && events[0].contains(REASON),
        "{events:?}"
    );
    // The hostile name is escaped and cut: no control byte, a bounded line.
    assert!(
        events[1].starts_with("INFO") && events[1].contains("… ("),
        "{events:?}"
    );
    let raw = events[1]
        .chars()
        .any(|c| c.is_control() || !(c.is_ascii() || c == '…'));
    assert!(!raw && events[1].len() < 400, "{events:?}");
}
