//! A tower handler that answers at once, and a poll that expects it to: for driving the tower
//! layer without a runtime or a server.

use std::convert::Infallible;
use std::future::{ready, Future, Ready};
use std::task::{Context, Poll, Waker};

/// Answers every request `200` with the body `handler` (so a test sees whether it was called)
/// and `Vary: accept` (so a test sees that the layer keeps a handler's header).
#[derive(Clone, Copy, Debug)]
pub struct Handler;

impl tower_service::Service<http::Request<()>> for Handler {
    type Response = http::Response<String>;
    type Error = Infallible;
    type Future = Ready<Result<Self::Response, Infallible>>;
    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }
    fn call(&mut self, _: http::Request<()>) -> Self::Future {
        let mut response = http::Response::new("handler".into());
        response
            .headers_mut()
            .insert("vary", http::HeaderValue::from_static("accept"));
        ready(Ok(response))
    }
}

/// The output of a future that is ready on its first poll (the layer over [`Handler`] always
/// is); panics otherwise.
pub fn now<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("a tower layer over `Handler` answers at once"),
    }
}
