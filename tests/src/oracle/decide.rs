//! The `decide` oracle: arbitrary request pieces against every policy of [`POLICIES`], compiled
//! by `cors_policy!` and built at run time from the same literals
//! ([`built`](super::policies::built)), compared with the [model](super::model) outcome by outcome, reason by reason, header by
//! header; and every value a decision would send must be a valid header value that is either
//! a string of the policy or the request's own bytes that the model allows to be echoed.
//!
//! Input: a policy byte, a flags byte (bit 0: private network access requested; bits 1–3: the
//! method, see [`METHODS`]), then records (tag `% 5`): 0 an `Origin` line, 1 an
//! `Access-Control-Request-Method` line, 2 an `Access-Control-Request-Headers` line, 3 the
//! method itself, 4 a repeat (a list byte and a count: the list's last line again, count
//! times, for the thousand-`Origin` requests).

use std::sync::OnceLock;

use checked_cors::{Decision, Headers, Preflight, Request, Value};
use checked_cors_runtime::ValueSource;

use super::input::{Reader, Writer};
use super::model::{self, Outcome};
use super::policies::{Spec, POLICIES};

/// The methods a flags byte picks; a method record overrides it.
pub const METHODS: [&[u8]; 8] = [
    b"OPTIONS", b"OPTIONS", b"OPTIONS", b"GET", b"POST", b"PUT", b"options", b"DELETE",
];

/// A decoded input.
#[derive(Clone, Debug, Default)]
pub struct Input<'a> {
    /// Index into [`POLICIES`].
    pub policy: usize,
    /// The request method.
    pub method: &'a [u8],
    /// `Origin` lines.
    pub origins: Vec<&'a [u8]>,
    /// `Access-Control-Request-Method` lines.
    pub request_method: Vec<&'a [u8]>,
    /// `Access-Control-Request-Headers` lines.
    pub request_headers: Vec<&'a [u8]>,
    /// `Access-Control-Request-Private-Network: true`.
    pub private_network: bool,
}

impl<'a> Input<'a> {
    /// Decodes `data` (never fails).
    pub fn read(data: &'a [u8]) -> Self {
        let mut r = Reader::new(data);
        let policy = usize::from(r.byte()) % POLICIES.len();
        let flags = r.byte();
        let mut input = Input {
            policy,
            method: METHODS[usize::from(flags >> 1) & 7],
            private_network: flags & 1 == 1,
            ..Input::default()
        };
        while !r.is_empty() {
            match r.byte() % 5 {
                0 => input.origins.push(r.value()),
                1 => input.request_method.push(r.value()),
                2 => input.request_headers.push(r.value()),
                3 => input.method = r.value(),
                _ => {
                    let list = match r.byte() % 3 {
                        0 => &mut input.origins,
                        1 => &mut input.request_method,
                        _ => &mut input.request_headers,
                    };
                    let count = usize::from(r.byte()) * 4;
                    if let Some(&last) = list.last() {
                        list.extend(std::iter::repeat_n(last, count));
                    }
                }
            }
        }
        input
    }

    /// Encodes the input (the inverse of [`Input::read`]), for seed corpora.
    pub fn write(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.byte(self.policy as u8)
            .byte(u8::from(self.private_network));
        w.record(3, self.method);
        for (tag, lines) in [
            (0, &self.origins),
            (1, &self.request_method),
            (2, &self.request_headers),
        ] {
            for line in lines {
                w.record(tag, line);
            }
        }
        w.finish()
    }

    /// The borrowed request the runtime decides on.
    pub fn request(&self) -> Request<'_> {
        Request {
            method: self.method,
            origins: &self.origins,
            request_method: &self.request_method,
            request_headers: &self.request_headers,
            private_network: self.private_network,
        }
    }

    /// The same request for the model.
    pub fn model(&self) -> model::Request<'_> {
        model::Request {
            method: self.method,
            origins: &self.origins,
            request_method: &self.request_method,
            request_headers: &self.request_headers,
            private_network: self.private_network,
        }
    }
}

/// Runs the oracle on one input; panics with the input and both outcomes on a mismatch.
pub fn check(data: &[u8]) {
    let input = Input::read(data);
    let (policy, spec) = &POLICIES[input.policy];
    let decision = policy.decide(&input.request());
    compare(spec, policy_strings(input.policy), &decision, &input);
    // The same policy built at run time, held to the same model.
    let (built, _) = &super::policies::built()[input.policy];
    compare(
        spec,
        policy_strings(input.policy),
        &built.decide(&input.request()),
        &input,
    );
}

/// The oracle proper, for any policy described by `spec` (whose [`model::policy_strings`] are
/// `strings`) and its `decision` on `input`: a policy built at run time goes through here too.
pub fn compare(spec: &Spec<'_>, strings: &[String], decision: &Decision<'_>, input: &Input<'_>) {
    let request = input.request();
    let want = model::decide(spec, &input.model());
    let got = observe(decision);
    assert_eq!(got, want, "policy {}: {}", spec.name, describe(input));
    assert_eq!(
        request.is_preflight(),
        matches!(decision, Decision::Preflight(_)),
        "{}",
        describe(input)
    );
    check_values(spec, strings, decision, &request);
}

/// A decision as the model's plain data.
pub fn observe<'a>(decision: &Decision<'a>) -> Outcome<'a> {
    match decision {
        Decision::NotCors(h) => Outcome::Handler {
            cors: false,
            headers: sent(h),
            vary: vary_names(h),
        },
        Decision::Actual(h) => Outcome::Handler {
            cors: true,
            headers: sent(h),
            vary: vary_names(h),
        },
        Decision::Preflight(Preflight::Allowed(h)) => Outcome::Allowed {
            headers: sent(h),
            vary: vary_names(h),
        },
        Decision::Preflight(Preflight::Rejected(reason)) => Outcome::Rejected(*reason),
    }
}

fn sent(h: &Headers<'_>) -> Vec<(&'static str, Vec<u8>)> {
    model::sorted(h.iter().map(|(n, v)| (n, v.as_bytes().to_vec())).collect())
}

fn vary_names(h: &Headers<'_>) -> Vec<&'static str> {
    let Some(joined) = h.vary().as_str() else {
        return vec![];
    };
    joined
        .split(", ")
        .map(|name| {
            *model::VARY_NAMES
                .iter()
                .find(|known| **known == name)
                .unwrap_or_else(|| panic!("unknown Vary name {name:?}"))
        })
        .collect()
}

/// Every string each policy may send as is, computed once.
fn policy_strings(index: usize) -> &'static [String] {
    static STRINGS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    &STRINGS.get_or_init(|| {
        POLICIES
            .iter()
            .map(|(_, s)| model::policy_strings(s))
            .collect()
    })[index]
}

/// Every value is a valid header value; a fixed one is a string of the policy, an echoed one is
/// the request's own line (the very bytes, not a copy); and the rule that lets adapters skip
/// the header-value check ([`ValueSource::Trusted`]) only ever trusts valid values, and a
/// listed origin only for its own line.
pub fn check_values(
    spec: &Spec<'_>,
    strings: &[String],
    decision: &Decision<'_>,
    request: &Request<'_>,
) {
    let headers = match decision {
        Decision::NotCors(h) | Decision::Actual(h) | Decision::Preflight(Preflight::Allowed(h)) => {
            h
        }
        Decision::Preflight(Preflight::Rejected(_)) => return,
    };
    let is_line = |lines: &[&[u8]], bytes: &[u8]| lines.iter().any(|l| std::ptr::eq(*l, bytes));
    for (name, value) in headers.iter() {
        assert!(
            model::is_header_value(value.as_bytes()),
            "{}: {name} is not a header value: {value:?}",
            spec.name
        );
        match value {
            Value::Static(s) => assert!(
                strings.iter().any(|p| p == s),
                "{}: {name}: {s:?} is not a string of the policy",
                spec.name
            ),
            Value::Shared(s) => assert!(
                strings.iter().any(|p| p.as_bytes() == s.as_bytes()),
                "{}: {name}: {s:?} is not a string of the policy",
                spec.name
            ),
            Value::Echo(bytes) => {
                let from = match name {
                    checked_cors::name::ALLOW_ORIGIN => request.origins,
                    checked_cors::name::ALLOW_METHODS => request.request_method,
                    checked_cors::name::ALLOW_HEADERS => request.request_headers,
                    other => panic!("{}: {other} echoes the request", spec.name),
                };
                assert!(
                    is_line(from, bytes),
                    "{}: {name} echoes bytes that are not a request line",
                    spec.name
                );
            }
        }
        let trusted = |source: ValueSource<'_, &[u8]>| {
            if let ValueSource::Trusted(s) = source {
                assert!(
                    model::is_header_value(s.as_bytes()),
                    "trusted invalid value {s:?}"
                );
            }
        };
        if name == checked_cors::name::ALLOW_ORIGIN {
            let line = request.origins[0];
            let source = value.allow_origin_source(Some(line));
            assert!(
                !matches!(source, ValueSource::Copy(_)),
                "{}: the origin decided from this line must be sent without a copy: {source:?}",
                spec.name
            );
            trusted(source);
            // Paired with any other line, a listed origin is checked again, never trusted.
            let other: &[u8] = b"https://other.invalid";
            let elsewhere = value.allow_origin_source(Some(other));
            if let Value::Static(s) = value {
                assert!(
                    s == "*" || matches!(elsewhere, ValueSource::Copy(_)),
                    "{}: {s} trusted for another line",
                    spec.name
                );
            }
            trusted(elsewhere);
        } else {
            trusted(value.source(None::<&[u8]>));
        }
    }
}

/// The input, readably and bounded, for failure messages.
pub fn describe(input: &Input<'_>) -> String {
    let lines = |lines: &[&[u8]]| {
        let shown: Vec<String> = lines.iter().take(4).map(|l| show(l)).collect();
        if lines.len() > 4 {
            format!("{shown:?} and {} more", lines.len() - 4)
        } else {
            format!("{shown:?}")
        }
    };
    format!(
        "method {} origins {} acrm {} acrh {} pna {}",
        show(input.method),
        lines(&input.origins),
        lines(&input.request_method),
        lines(&input.request_headers),
        input.private_network
    )
}

/// Bytes as escaped text, cut at 200 bytes.
pub fn show(bytes: &[u8]) -> String {
    let mut s: String = bytes
        .iter()
        .take(200)
        .flat_map(|&b| std::ascii::escape_default(b))
        .map(char::from)
        .collect();
    if bytes.len() > 200 {
        s.push_str(&format!("… ({} bytes)", bytes.len()));
    }
    s
}
