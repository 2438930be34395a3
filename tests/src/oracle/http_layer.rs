//! The `http` oracle: arbitrary `http` methods and header maps through the adapters' path,
//! `CorsRequest::new(..).respond(..)`, and arbitrary handler responses through
//! `PendingHeaders::apply` (and `FixedHeaders::apply`, `forward_actual`, and the same policy
//! built at run time, its strings applied at once, owned first or shared after the handler):
//! - a preflight's answer (status, reason, every header line) is the [model](super::model)'s;
//!   it is the same as the reference path's (`preflight_response`);
//! - a forwarded request's headers never overwrite one the handler set (every handler line is
//!   still there, unchanged and in order), add exactly the model's CORS headers where the
//!   handler set none, never duplicate a `Vary` entry, always leave the model's `Vary` names
//!   listed (unless the handler's `Vary: *` covers them), and applying them twice (two stacked
//!   layers) changes nothing; the reference path (`apply`) gives the same response.
//!
//! Nothing here may panic; in debug builds (and under `cargo fuzz`, which keeps debug
//! assertions) the `http` crate re-checks every value built without a check, so an invalid
//! value reaching `from_maybe_shared_unchecked` is a crash.
//!
//! Input: a policy byte, a method byte ([`METHODS`]), then records (tag `% 8`): 0 `Origin`,
//! 1 `Access-Control-Request-Method`, 2 `Access-Control-Request-Headers`,
//! 3 `Access-Control-Request-Private-Network`, 4 another request header (name, value), 5 a
//! handler response header (a [`HANDLER_NAMES`] byte, value), 6 a repeat (a list byte, a count),
//! 7 the method itself. Values with bytes a `HeaderValue` cannot hold lose those bytes.

use std::sync::OnceLock;

use checked_cors::http::{apply, preflight_response, CorsRequest, PreflightTemplate, Respond};
use checked_cors::{Decision, RequestParts};
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method};

use super::decide::show;
use super::input::{Reader, Writer};
use super::model::{self, Outcome};
use super::policies::{Spec, POLICIES};

/// The methods a method byte picks.
pub const METHODS: [&str; 10] = [
    "OPTIONS", "OPTIONS", "OPTIONS", "GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "options",
];

/// Response header names a handler sets in the inputs: ours, and others.
pub const HANDLER_NAMES: [&str; 9] = [
    "vary",
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-expose-headers",
    "access-control-allow-methods",
    "content-type",
    "set-cookie",
    "x-a",
    "cache-control",
];

const CORS_NAMES: [&str; 3] = [
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-expose-headers",
];

/// A decoded input.
#[derive(Clone, Debug)]
pub struct Input {
    /// Index into [`POLICIES`].
    pub policy: usize,
    /// The request method.
    pub method: Method,
    /// The request's headers.
    pub request: HeaderMap,
    /// The handler's response headers.
    pub handler: HeaderMap,
}

/// The value, without the bytes a `HeaderValue` refuses (controls other than tab, DEL).
pub fn header_value(bytes: &[u8]) -> HeaderValue {
    HeaderValue::from_bytes(bytes).unwrap_or_else(|_| {
        let kept: Vec<u8> = bytes
            .iter()
            .copied()
            .filter(|&b| b == b'\t' || (b >= 0x20 && b != 0x7f))
            .collect();
        HeaderValue::from_bytes(&kept).expect("only valid bytes are left")
    })
}

impl Input {
    /// Decodes `data` (never fails).
    pub fn read(data: &[u8]) -> Self {
        let mut r = Reader::new(data);
        let policy = usize::from(r.byte()) % POLICIES.len();
        let mut method =
            Method::from_bytes(METHODS[usize::from(r.byte()) % METHODS.len()].as_bytes())
                .expect("a method");
        let mut request = HeaderMap::new();
        let mut handler = HeaderMap::new();
        let mut last: Option<(bool, HeaderName, HeaderValue)> = None;
        while !r.is_empty() {
            let tag = r.byte() % 8;
            let fixed = |name: &'static str| HeaderName::from_static(name);
            let (to_handler, name) = match tag {
                0 => (false, fixed("origin")),
                1 => (false, fixed("access-control-request-method")),
                2 => (false, fixed("access-control-request-headers")),
                3 => (false, fixed("access-control-request-private-network")),
                4 => match HeaderName::from_bytes(r.value()) {
                    Ok(name) => (false, name),
                    Err(_) => {
                        r.value();
                        continue;
                    }
                },
                5 => (
                    true,
                    fixed(HANDLER_NAMES[usize::from(r.byte()) % HANDLER_NAMES.len()]),
                ),
                6 => {
                    let what = r.byte();
                    let count = usize::from(r.byte()) * 4;
                    match what % 3 {
                        // The last line again (a thousand `Origin` lines).
                        0 => {
                            if let Some((to_handler, name, value)) = &last {
                                let map = if *to_handler {
                                    &mut handler
                                } else {
                                    &mut request
                                };
                                // At most 64 KiB more: a server refuses larger heads anyway.
                                let count = count.min((64 << 10) / (value.len() + 1));
                                for _ in 0..count {
                                    map.append(name.clone(), value.clone());
                                }
                            }
                        }
                        // Other headers, so that a map is too big for a one-pass read.
                        what => {
                            let map = if what == 1 {
                                &mut request
                            } else {
                                &mut handler
                            };
                            for i in 0..count.min(48) {
                                let name =
                                    HeaderName::try_from(format!("x-filler-{i}")).expect("a name");
                                map.append(name, HeaderValue::from_static("1"));
                            }
                        }
                    }
                    continue;
                }
                _ => {
                    if let Ok(m) = Method::from_bytes(r.value()) {
                        method = m;
                    }
                    continue;
                }
            };
            let value = header_value(r.value());
            let map = if to_handler {
                &mut handler
            } else {
                &mut request
            };
            map.append(name.clone(), value.clone());
            last = Some((to_handler, name, value));
        }
        Input {
            policy,
            method,
            request,
            handler,
        }
    }

    /// Encodes a request and a handler response for [`Input::read`], for seed corpora. Names
    /// the format has no tag for go in as "another request header"; handler names must be
    /// [`HANDLER_NAMES`].
    pub fn write(
        policy: usize,
        method: &str,
        request: &[(&str, &[u8])],
        handler: &[(&str, &[u8])],
    ) -> Vec<u8> {
        let mut w = Writer::default();
        w.byte(policy as u8).byte(0).record(7, method.as_bytes());
        for (name, value) in request {
            match *name {
                "origin" => w.record(0, value),
                "access-control-request-method" => w.record(1, value),
                "access-control-request-headers" => w.record(2, value),
                "access-control-request-private-network" => w.record(3, value),
                other => w.record(4, other.as_bytes()).value(value),
            };
        }
        for (name, value) in handler {
            let index = HANDLER_NAMES
                .iter()
                .position(|n| n == name)
                .expect("a handler name the format knows");
            w.byte(5).byte(index as u8).value(value);
        }
        w.finish()
    }
}

/// The templates of [`built`](super::policies::built): the same policies built at run time.
fn built_templates() -> &'static [PreflightTemplate<&'static checked_cors::OwnedPolicy>] {
    static TEMPLATES: OnceLock<Vec<PreflightTemplate<&'static checked_cors::OwnedPolicy>>> =
        OnceLock::new();
    TEMPLATES.get_or_init(|| {
        super::policies::built()
            .iter()
            .map(|(p, _)| PreflightTemplate::new(p))
            .collect()
    })
}

fn templates() -> &'static [PreflightTemplate] {
    static TEMPLATES: OnceLock<Vec<PreflightTemplate>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        POLICIES
            .iter()
            .map(|(p, _)| PreflightTemplate::new(*p))
            .collect()
    })
}

/// Every line of `name`, as bytes.
fn lines(map: &HeaderMap, name: &str) -> Vec<Vec<u8>> {
    map.get_all(name)
        .iter()
        .map(|v| v.as_bytes().to_vec())
        .collect()
}

/// Every line of a map, in order, as text (for comparing whole maps).
fn all_lines(map: &HeaderMap) -> Vec<(String, Vec<u8>)> {
    map.iter()
        .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
        .collect()
}

/// Two maps have the same lines (in order, name by name).
fn same(got: &HeaderMap, want: &HeaderMap, what: &str, context: &dyn Fn() -> String) {
    assert!(
        got == want,
        "{what}: {:?} != {:?}: {}",
        all_lines(got),
        all_lines(want),
        context()
    );
}

/// The comma-separated entries of `Vary` lines, trimmed.
fn vary_entries(lines: &[Vec<u8>]) -> Vec<String> {
    lines
        .iter()
        .flat_map(|l| l.split(|&b| b == b','))
        .map(|e| String::from_utf8_lossy(e.trim_ascii()).into_owned())
        .filter(|e| !e.is_empty())
        .collect()
}

/// Runs the oracle on one input; panics with the input on a mismatch.
pub fn check(data: &[u8]) {
    let input = Input::read(data);
    let (_, spec) = &POLICIES[input.policy];
    let template = &templates()[input.policy];
    let context = || {
        let request: Vec<String> = input
            .request
            .iter()
            .take(12)
            .map(|(n, v)| format!("{n}: {}", show(v.as_bytes())))
            .collect();
        format!(
            "policy {}, {} with {} lines {request:?}, handler {:?}",
            spec.name,
            input.method,
            input.request.len(),
            all_lines(&input.handler)
                .iter()
                .take(12)
                .map(|(n, v)| format!("{n}: {}", show(v)))
                .collect::<Vec<_>>()
        )
    };

    let origins: Vec<&[u8]> = input
        .request
        .get_all("origin")
        .iter()
        .map(HeaderValue::as_bytes)
        .collect();
    let acrm: Vec<&[u8]> = input
        .request
        .get_all("access-control-request-method")
        .iter()
        .map(HeaderValue::as_bytes)
        .collect();
    let acrh: Vec<&[u8]> = input
        .request
        .get_all("access-control-request-headers")
        .iter()
        .map(HeaderValue::as_bytes)
        .collect();
    let private_network = input
        .request
        .get_all("access-control-request-private-network")
        .iter()
        .next()
        .is_some_and(|v| v == "true");
    let model_request = model::Request {
        method: input.method.as_str().as_bytes(),
        origins: &origins,
        request_method: &acrm,
        request_headers: &acrh,
        private_network,
    };
    let want = model::decide(spec, &model_request);

    let parts = RequestParts::new(&input.method, &input.request);
    let reference = spec_decide(input.policy, &parts);
    match (
        CorsRequest::new(&input.method, &input.request).respond(template),
        want,
    ) {
        (Respond::Answer(answer, reason), Outcome::Rejected(why)) => {
            assert_eq!(answer.status(), 403, "{}", context());
            assert!(
                answer.headers().is_empty(),
                "a 403 has no CORS header: {}",
                context()
            );
            assert_eq!(reason, Some(why), "{}", context());
        }
        (Respond::Answer(answer, reason), Outcome::Allowed { headers, vary }) => {
            assert_eq!(answer.status(), 204, "{}", context());
            assert_eq!(reason, None, "{}", context());
            let mut got: Vec<(String, Vec<u8>)> = all_lines(answer.headers())
                .into_iter()
                .filter(|(n, _)| n != "vary")
                .collect();
            got.sort_by(|a, b| a.0.cmp(&b.0));
            let want: Vec<(String, Vec<u8>)> = headers
                .into_iter()
                .map(|(n, v)| (n.to_string(), v))
                .collect();
            assert_eq!(got, want, "{}", context());
            assert_eq!(
                vary_entries(&lines(answer.headers(), "vary")),
                vary,
                "{}",
                context()
            );
            let Decision::Preflight(preflight) = reference else {
                panic!("the reference path did not see a preflight: {}", context());
            };
            let fresh = preflight_response::<()>(&preflight, &input.request);
            same(
                fresh.headers(),
                answer.headers(),
                "the reference path (preflight_response)",
                &context,
            );
        }
        (Respond::Forward(pending), Outcome::Handler { headers, vary, .. }) => {
            let mut response = input.handler.clone();
            pending.clone().apply(&mut response);
            check_forwarded(spec, &input.handler, &response, &headers, &vary, &context);
            // Two stacked layers: the second adds nothing.
            let mut twice = response.clone();
            pending.clone().apply(&mut twice);
            same(&twice, &response, "applied twice", &context);
            // The `Copy` form, when there is one, does exactly the same.
            let echoes_pattern = headers.iter().any(|(n, v)| {
                *n == "access-control-allow-origin"
                    && spec
                        .origins
                        .is_some_and(|list| !list.iter().any(|o| o.as_bytes() == v.as_slice()))
            });
            match pending.into_fixed() {
                Ok(fixed) => {
                    assert!(
                        !echoes_pattern,
                        "a pattern's echo cannot be fixed: {}",
                        context()
                    );
                    let mut via_fixed = input.handler.clone();
                    fixed.apply(&mut via_fixed);
                    same(&via_fixed, &response, "FixedHeaders::apply", &context);
                }
                Err(_) => assert!(
                    echoes_pattern,
                    "only a pattern's echo is owned: {}",
                    context()
                ),
            }
            // The adapters' path for a request that cannot be a preflight gives the same lines.
            let cors = CorsRequest::new(&input.method, &input.request);
            match cors.forward_actual(template) {
                Some(actual) => {
                    let mut via_actual = input.handler.clone();
                    actual.apply(&mut via_actual);
                    same(&via_actual, &response, "forward_actual", &context);
                }
                // Only a request that could be a preflight is left to `respond`.
                None => assert!(
                    input.method == Method::OPTIONS && input.request.contains_key("origin"),
                    "forward_actual refused a request that cannot be a preflight: {}",
                    context()
                ),
            }
            // The same policy built at run time: the same lines, whether its strings are
            // applied at once, shared after the handler ran (`SharedHeaders`), or owned first.
            let built = &built_templates()[input.policy];
            let Respond::Forward(run_time) =
                CorsRequest::new(&input.method, &input.request).respond(built)
            else {
                panic!(
                    "the run-time policy answered a forwarded request: {}",
                    context()
                );
            };
            let mut at_once = input.handler.clone();
            run_time.clone().apply(&mut at_once);
            same(&at_once, &response, "the run-time policy", &context);
            let mut owned_first = input.handler.clone();
            run_time.clone().into_owned().apply(&mut owned_first);
            same(
                &owned_first,
                &response,
                "the run-time policy, owned",
                &context,
            );
            if let Ok(shared) = run_time.into_shared() {
                let mut shared_later = input.handler.clone();
                shared.into_owned().apply(&mut shared_later);
                same(
                    &shared_later,
                    &response,
                    "the run-time policy, shared",
                    &context,
                );
            }
            // The reference path adds the same lines.
            let (Decision::Actual(h) | Decision::NotCors(h)) = reference else {
                panic!("the reference path saw a preflight: {}", context());
            };
            let mut by_reference = input.handler.clone();
            apply(&h, &input.request, &mut by_reference);
            same(
                &by_reference,
                &response,
                "the reference path (apply)",
                &context,
            );
        }
        (got, want) => panic!("{}: got {got:?}, model {want:?}", context()),
    }
}

fn spec_decide<'a>(policy: usize, parts: &'a RequestParts<'a>) -> Decision<'a> {
    POLICIES[policy].0.decide(&parts.request())
}

/// The response after `apply` against the handler's and the model's headers.
fn check_forwarded(
    spec: &Spec<'_>,
    handler: &HeaderMap,
    response: &HeaderMap,
    want: &[(&'static str, Vec<u8>)],
    want_vary: &[&'static str],
    context: &dyn Fn() -> String,
) {
    // The handler's own lines: all there, unchanged, first.
    for name in handler.keys() {
        let before = lines(handler, name.as_str());
        let after = lines(response, name.as_str());
        if name == "vary" {
            assert_eq!(
                &after[..before.len()],
                &before[..],
                "Vary lines of the handler changed: {}",
                context()
            );
        } else {
            assert_eq!(
                after,
                before,
                "the handler's {name} was overwritten: {}",
                context()
            );
        }
    }
    // Ours: exactly the model's where the handler set none, nothing else.
    for name in response.keys() {
        if handler.contains_key(name) || name == "vary" {
            continue;
        }
        let expected: Vec<Vec<u8>> = want
            .iter()
            .filter(|(n, _)| *n == name.as_str())
            .map(|(_, v)| v.clone())
            .collect();
        assert!(
            CORS_NAMES.contains(&name.as_str()),
            "{name} added: {}",
            context()
        );
        assert_eq!(
            lines(response, name.as_str()),
            expected,
            "{}: {}",
            spec.name,
            context()
        );
    }
    for (name, _) in want {
        assert!(
            response.contains_key(*name),
            "{name} missing: {}",
            context()
        );
    }
    // `Vary`: the appended entries are the model's names, once each, none already listed.
    let before = lines(handler, "vary");
    let after = lines(response, "vary");
    let existing = vary_entries(&before);
    let added = vary_entries(&after[before.len()..]);
    assert!(
        after.len() - before.len() <= 1,
        "several Vary lines appended: {}",
        context()
    );
    if existing.iter().any(|e| e == "*") {
        assert!(added.is_empty(), "appended to Vary: *: {}", context());
        return;
    }
    for (i, entry) in added.iter().enumerate() {
        assert!(
            want_vary.contains(&entry.as_str()),
            "Vary {entry} appended: {}",
            context()
        );
        assert!(
            !existing
                .iter()
                .chain(&added[..i])
                .any(|e| e.eq_ignore_ascii_case(entry)),
            "Vary entry {entry} duplicated: {}",
            context()
        );
    }
    for name in want_vary {
        assert!(
            existing
                .iter()
                .chain(&added)
                .any(|e| e.eq_ignore_ascii_case(name)),
            "Vary lacks {name}: {}",
            context()
        );
    }
}
