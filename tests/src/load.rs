//! Hostile load over loopback: a keep-alive HTTP/1.1 client, the hostile request mix, the flood
//! (many concurrent keep-alive connections) and the valid-request timer. `tests/hostile_load.rs`
//! runs a short flood in `cargo test` (nothing reflected, nothing failed, no timing); the
//! `hostile-load` binary runs the long measurement with the server, the flood and the timer in
//! three separate processes (see BENCHMARKS.md).
//!
//! What the flood sends, on every connection, at random: valid preflights and actual requests
//! from an allowed origin (which must be answered with that origin), and hostile requests, none
//! of which may get any `access-control-*` header back: origins one byte off the allowed
//! `https://app.example.com`, a thousand `Origin` lines (over both servers' header-count limits)
//! and ninety (under them), comma bombs, seventeen `Access-Control-Request-Headers` lines,
//! non-ASCII, control bytes and tabs in `Origin`, an 8 KiB `Origin`, and a 60 KiB header next
//! to a preflight. A request "failed" when no HTTP response came back for it, even on a fresh
//! connection; a server's own refusal (400, 413, 431) is a response.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::client::{head_lines, parse, Response, IO_TIMEOUT};

/// The allowed origin the valid requests use (listed exactly in `servers::API`).
pub const ALLOWED: &str = "https://app.example.com";

/// One keep-alive connection; reconnects when the server closed it.
#[derive(Debug)]
pub struct Conn {
    addr: SocketAddr,
    stream: Option<TcpStream>,
    buf: Vec<u8>,
}

impl Conn {
    /// A connection to `addr`, opened on first use.
    pub fn new(addr: SocketAddr) -> Self {
        Conn {
            addr,
            stream: None,
            buf: Vec::new(),
        }
    }

    fn connect(&mut self) -> io::Result<&mut TcpStream> {
        if self.stream.is_none() {
            let stream = TcpStream::connect_timeout(&self.addr, IO_TIMEOUT)?;
            stream.set_read_timeout(Some(IO_TIMEOUT))?;
            stream.set_write_timeout(Some(IO_TIMEOUT))?;
            stream.set_nodelay(true)?;
            self.stream = Some(stream);
            self.buf.clear();
        }
        Ok(self.stream.as_mut().expect("connected"))
    }

    /// Sends `request` (a whole request, without `Connection: close`) and reads its response
    /// (`head_only`: the response to a `HEAD`, which has no body). A connection the server had
    /// closed is replaced once; a second failure is an error.
    pub fn send(&mut self, request: &[u8], head_only: bool) -> io::Result<Response> {
        let reused = self.stream.is_some();
        match self.try_send(request, head_only) {
            Ok(response) => Ok(response),
            Err(_) if reused => {
                self.stream = None;
                self.try_send(request, head_only)
            }
            Err(e) => Err(e),
        }
    }

    fn try_send(&mut self, request: &[u8], head_only: bool) -> io::Result<Response> {
        let result = self.exchange(request, head_only);
        if result
            .as_ref()
            .map_or(true, |r| r.get("connection").as_deref() == Some("close"))
        {
            self.stream = None;
        }
        result
    }

    fn exchange(&mut self, request: &[u8], head_only: bool) -> io::Result<Response> {
        let stream = self.connect()?;
        // A server may answer (431) and close before reading all of a large request.
        let write = stream.write_all(request);
        let mut buf = std::mem::take(&mut self.buf);
        let head_end = loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            let stream = self.stream.as_mut().expect("connected");
            let mut chunk = [0u8; 16 << 10];
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                write?;
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "closed"));
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let mut response = parse(&buf[..head_end])
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
        let no_body = head_only || matches!(response.status, 100..=199 | 204 | 304);
        let length = response
            .get("content-length")
            .and_then(|l| l.parse::<usize>().ok());
        let chunked = response
            .get("transfer-encoding")
            .is_some_and(|t| t.eq_ignore_ascii_case("chunked"));
        let mut rest = buf.split_off(head_end);
        let body = if no_body {
            Vec::new()
        } else if let Some(length) = length {
            self.fill(&mut rest, length)?;
            let after = rest.split_off(length);
            std::mem::replace(&mut rest, after)
        } else if chunked {
            self.read_chunked(&mut rest)?
        } else {
            // Delimited by the end of the connection.
            let stream = self.stream.as_mut().expect("connected");
            stream.read_to_end(&mut rest)?;
            self.stream = None;
            std::mem::take(&mut rest)
        };
        response.body = body;
        self.buf = rest;
        Ok(response)
    }

    /// Reads until `buf` holds at least `n` bytes.
    fn fill(&mut self, buf: &mut Vec<u8>, n: usize) -> io::Result<()> {
        while buf.len() < n {
            let stream = self.stream.as_mut().expect("connected");
            let mut chunk = [0u8; 16 << 10];
            let read = stream.read(&mut chunk)?;
            if read == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "closed in a body",
                ));
            }
            buf.extend_from_slice(&chunk[..read]);
        }
        Ok(())
    }

    fn read_chunked(&mut self, buf: &mut Vec<u8>) -> io::Result<Vec<u8>> {
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(i) = buf.windows(2).position(|w| w == b"\r\n") {
                    break i;
                }
                let want = buf.len() + 1;
                self.fill(buf, want)?;
            };
            let size = std::str::from_utf8(&buf[..line_end])
                .ok()
                .and_then(|s| usize::from_str_radix(s.split(';').next()?.trim(), 16).ok())
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "bad chunk size"))?;
            self.fill(buf, line_end + 2 + size + 2)?;
            body.extend_from_slice(&buf[line_end + 2..line_end + 2 + size]);
            buf.drain(..line_end + 2 + size + 2);
            if size == 0 {
                return Ok(body);
            }
        }
    }
}

/// The bytes of a keep-alive request.
pub fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = head_lines(addr, method, path, headers);
    out.extend_from_slice(b"\r\n");
    out
}

/// xorshift64*: the flood's choices, reproducible from a seed.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// What a response to one request of the mix must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A valid request from [`ALLOWED`]: that origin, exactly, in `Access-Control-Allow-Origin`,
    /// with this status.
    Allowed(u16),
    /// A hostile request: no `access-control-*` header at all, whatever the status.
    Nothing,
}

/// Where the flood is aimed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The routes under `servers::API` (`/api/...`).
    Cors,
    /// `/none`, a route without CORS: the control, what the server itself pays.
    NoCors,
}

impl Target {
    /// `cors` or `control`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Cors => "cors",
            Target::NoCors => "control",
        }
    }

    /// Parses [`Target::name`].
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "cors" => Some(Target::Cors),
            "control" => Some(Target::NoCors),
            _ => None,
        }
    }
}

/// `https://app.example.com` with one byte changed, inserted or removed. None of these is
/// allowed by `servers::API` (its patterns need `.example.org` or `localhost`, which no single
/// edit of this origin gives), so none may be answered with an `Access-Control-Allow-Origin`.
pub fn one_byte_off(rng: &mut Rng) -> Vec<u8> {
    let mut origin = ALLOWED.as_bytes().to_vec();
    let at = rng.below(origin.len());
    let byte = b"abcdefghijklmnopqrstuvwxyz0123456789.-:/_*ABZ"[rng.below(45)];
    match rng.below(3) {
        0 if origin[at] != byte => origin[at] = byte,
        1 => origin.insert(at, byte),
        _ => {
            origin.remove(at);
        }
    }
    if origin == ALLOWED.as_bytes() {
        origin.push(b'x');
    }
    origin
}

/// One request of the flood's mix: its bytes, what must come back, and what it is.
pub fn pick(rng: &mut Rng, addr: SocketAddr, target: Target) -> (Vec<u8>, Expect, &'static str) {
    let path = match (target, rng.below(3)) {
        (Target::NoCors, _) => "/none",
        (_, 0) => "/api/items/1",
        (_, 1) => "/api/vary",
        _ => "/api/put-only",
    };
    let allowed = ALLOWED.as_bytes();
    let preflight = |origin: &[u8], extra: &[(&str, &[u8])]| {
        let mut headers: Vec<(&str, &[u8])> = vec![
            ("Origin", origin),
            ("Access-Control-Request-Method", b"PUT"),
        ];
        headers.extend_from_slice(extra);
        request(addr, "OPTIONS", path, &headers)
    };
    let hostile = Expect::Nothing;
    match rng.below(16) {
        // Valid, about a quarter of the mix (only meaningful on the CORS routes).
        0 | 1 if target == Target::Cors => (
            preflight(
                allowed,
                &[(
                    "Access-Control-Request-Headers",
                    b"content-type,x-request-id",
                )],
            ),
            Expect::Allowed(204),
            "valid preflight",
        ),
        2 | 3 if target == Target::Cors && path != "/api/put-only" => (
            request(addr, "GET", path, &[("Origin", allowed)]),
            Expect::Allowed(200),
            "valid actual",
        ),
        4 => {
            let origin = one_byte_off(rng);
            (
                request(addr, "GET", path, &[("Origin", &origin)]),
                hostile,
                "one byte off (actual)",
            )
        }
        5 => {
            let origin = one_byte_off(rng);
            (preflight(&origin, &[]), hostile, "one byte off (preflight)")
        }
        6 => (
            preflight(
                allowed,
                &[(
                    "Access-Control-Request-Headers",
                    ",".repeat(60_000).as_bytes(),
                )],
            ),
            hostile,
            "comma bomb",
        ),
        7 => {
            let lines: Vec<(&str, &[u8])> = (0..1000).map(|_| ("Origin", allowed)).collect();
            (
                request(addr, "GET", path, &lines),
                hostile,
                "1000 Origin lines",
            )
        }
        8 => {
            let evil: &[u8] = b"https://evil.example";
            let lines: Vec<(&str, &[u8])> = (0..90)
                .map(|i: u32| ("Origin", if i.is_multiple_of(2) { allowed } else { evil }))
                .collect();
            let mut with_method = lines.clone();
            with_method.push(("Access-Control-Request-Method", b"PUT"));
            if rng.below(2) == 0 {
                (
                    request(addr, "GET", path, &lines),
                    hostile,
                    "90 Origin lines",
                )
            } else {
                (
                    request(addr, "OPTIONS", path, &with_method),
                    hostile,
                    "90 Origin lines (preflight)",
                )
            }
        }
        9 => {
            let lines: Vec<(&str, &[u8])> = (0..17)
                .map(|_| ("Access-Control-Request-Headers", &b"x-request-id"[..]))
                .collect();
            (preflight(allowed, &lines), hostile, "17 header lines")
        }
        10 => {
            let origin: &[u8] = [
                &b"https://app.ex\xc3\xa4mple.com"[..],
                b"https://app.example.com\x80",
                // Inside: a trailing tab is whitespace the server trims.
                b"https://app.\texample.com",
            ][rng.below(3)];
            (
                request(addr, "GET", path, &[("Origin", origin)]),
                hostile,
                "non-ASCII origin",
            )
        }
        11 => {
            let origin: &[u8] = [
                &b"https://app.example.com\x01"[..],
                b"https://app.\x7fexample.com",
                b"https://app.example.com\x00",
            ][rng.below(3)];
            (preflight(origin, &[]), hostile, "control bytes")
        }
        12 => {
            let origin = format!("https://{}.example.org", "a".repeat(8 << 10));
            (preflight(origin.as_bytes(), &[]), hostile, "8 KiB origin")
        }
        13 => {
            let pad = "p".repeat(60 << 10);
            (
                preflight(b"https://evil.example", &[("X-Pad", pad.as_bytes())]),
                hostile,
                "60 KiB header",
            )
        }
        14 => (
            preflight(
                allowed,
                &[(
                    "Access-Control-Request-Headers",
                    b"x-request-id,authorization",
                )],
            ),
            hostile,
            "header not allowed",
        ),
        _ => (
            request(
                addr,
                "GET",
                path,
                &[
                    ("Origin", b"https://evil.example"),
                    ("Cookie", b"session=1"),
                ],
            ),
            hostile,
            "other origin",
        ),
    }
}

/// What a flood saw.
#[derive(Clone, Debug, Default)]
pub struct FloodReport {
    /// Requests sent.
    pub requests: u64,
    /// Responses by status.
    pub statuses: BTreeMap<u16, u64>,
    /// Requests that got no response, with the error (first few).
    pub failed: u64,
    /// The first few failures.
    pub failures: Vec<String>,
    /// Hostile requests answered with a CORS header, or valid ones answered wrongly (first few).
    pub wrong: Vec<String>,
    /// How many responses were wrong.
    pub wrong_count: u64,
    /// Valid requests checked.
    pub valid: u64,
    /// Hostile requests checked.
    pub hostile: u64,
    /// How long the flood ran.
    pub elapsed: Duration,
}

impl FloodReport {
    fn merge(&mut self, other: FloodReport) {
        self.requests += other.requests;
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
        self.failed += other.failed;
        self.failures.extend(other.failures.into_iter().take(5));
        self.wrong_count += other.wrong_count;
        self.wrong.extend(other.wrong.into_iter().take(5));
        self.valid += other.valid;
        self.hostile += other.hostile;
        self.elapsed = self.elapsed.max(other.elapsed);
    }

    /// Requests per second over the flood.
    pub fn rate(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// One line: `flood requests failed wrong valid hostile seconds statuses`.
    pub fn line(&self) -> String {
        let statuses: Vec<String> = self
            .statuses
            .iter()
            .map(|(s, n)| format!("{s}={n}"))
            .collect();
        format!(
            "flood {} {} {} {} {} {:.3} {}",
            self.requests,
            self.failed,
            self.wrong_count,
            self.valid,
            self.hostile,
            self.elapsed.as_secs_f64(),
            statuses.join(",")
        )
    }

    /// Reads [`FloodReport::line`] back (failures and wrong answers only as counts).
    pub fn parse(line: &str) -> Option<FloodReport> {
        let mut parts = line.strip_prefix("flood ")?.split(' ');
        let mut number = || parts.next()?.parse::<u64>().ok();
        let (requests, failed, wrong_count, valid, hostile) =
            (number()?, number()?, number()?, number()?, number()?);
        let mut parts = line.split(' ').skip(6);
        let elapsed = Duration::from_secs_f64(parts.next()?.parse().ok()?);
        let statuses = parts
            .next()
            .unwrap_or("")
            .split(',')
            .filter_map(|kv| {
                let (s, n) = kv.split_once('=')?;
                Some((s.parse().ok()?, n.parse().ok()?))
            })
            .collect();
        Some(FloodReport {
            requests,
            statuses,
            failed,
            failures: Vec::new(),
            wrong: Vec::new(),
            wrong_count,
            valid,
            hostile,
            elapsed,
        })
    }
}

/// Checks one response against what its request must get.
fn judge(response: &Response, expect: Expect) -> Result<(), String> {
    let cors: Vec<&(String, Vec<u8>)> = response
        .headers
        .iter()
        .filter(|(n, _)| n.starts_with("access-control-"))
        .collect();
    match expect {
        Expect::Nothing if cors.is_empty() => Ok(()),
        Expect::Nothing => Err(format!("{} with {:?}", response.status, cors)),
        Expect::Allowed(status) => {
            let origin = response.all("access-control-allow-origin");
            if response.status == status && origin == [ALLOWED.as_bytes()] {
                Ok(())
            } else {
                Err(format!(
                    "{} with allow-origin {:?}",
                    response.status, origin
                ))
            }
        }
    }
}

/// Floods `addr` from `connections` threads, each its own keep-alive connection, until
/// `duration` has passed or each thread sent `max_per_connection` requests.
pub fn flood(
    addr: SocketAddr,
    target: Target,
    connections: usize,
    duration: Duration,
    max_per_connection: u64,
) -> FloodReport {
    let start = Instant::now();
    let threads: Vec<_> = (0..connections)
        .map(|i| {
            std::thread::spawn(move || {
                let mut rng =
                    Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
                let mut conn = Conn::new(addr);
                let mut report = FloodReport::default();
                while start.elapsed() < duration && report.requests < max_per_connection {
                    let (bytes, expect, what) = pick(&mut rng, addr, target);
                    report.requests += 1;
                    match conn.send(&bytes, false) {
                        Ok(response) => {
                            *report.statuses.entry(response.status).or_default() += 1;
                            match expect {
                                Expect::Allowed(_) => report.valid += 1,
                                Expect::Nothing => report.hostile += 1,
                            }
                            if let Err(why) = judge(&response, expect) {
                                report.wrong_count += 1;
                                if report.wrong.len() < 5 {
                                    report.wrong.push(format!("{what}: {why}"));
                                }
                            }
                        }
                        Err(e) => {
                            report.failed += 1;
                            if report.failures.len() < 5 {
                                report.failures.push(format!("{what}: {e}"));
                            }
                        }
                    }
                }
                report.elapsed = start.elapsed();
                report
            })
        })
        .collect();
    let mut total = FloodReport::default();
    for thread in threads {
        total.merge(thread.join().expect("a flood thread"));
    }
    total
}

/// Valid requests timed one at a time on one keep-alive connection: alternately an allowed
/// preflight and an allowed actual request to `/api/items/1`. Returns each latency, and the
/// requests that failed or were answered wrongly.
pub fn time_valid(
    addr: SocketAddr,
    duration: Duration,
    max: usize,
) -> (Vec<Duration>, Vec<String>) {
    let allowed = ALLOWED.as_bytes();
    let preflight = request(
        addr,
        "OPTIONS",
        "/api/items/1",
        &[
            ("Origin", allowed),
            ("Access-Control-Request-Method", b"PUT"),
            ("Access-Control-Request-Headers", b"content-type"),
        ],
    );
    let actual = request(addr, "GET", "/api/items/1", &[("Origin", allowed)]);
    let mut conn = Conn::new(addr);
    let (mut latencies, mut problems) = (Vec::new(), Vec::new());
    let start = Instant::now();
    let mut i = 0usize;
    while start.elapsed() < duration && latencies.len() + problems.len() < max {
        let (bytes, expect) = if i.is_multiple_of(2) {
            (&preflight, Expect::Allowed(204))
        } else {
            (&actual, Expect::Allowed(200))
        };
        i += 1;
        let sent = Instant::now();
        match conn.send(bytes, false) {
            Ok(response) => {
                let took = sent.elapsed();
                match judge(&response, expect) {
                    Ok(()) => latencies.push(took),
                    Err(why) => problems.push(why),
                }
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    (latencies, problems)
}

/// The `q` quantile (0..=1) of `latencies`, in microseconds.
pub fn quantile_us(latencies: &mut [Duration], q: f64) -> f64 {
    if latencies.is_empty() {
        return f64::NAN;
    }
    latencies.sort_unstable();
    let index = ((latencies.len() - 1) as f64 * q).round() as usize;
    latencies[index].as_secs_f64() * 1e6
}

/// The resident set size of process `pid`, in KiB (Linux).
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}
