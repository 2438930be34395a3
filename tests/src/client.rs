//! A tiny HTTP/1.1 client over `std::net::TcpStream`, so a test sends exactly the bytes it
//! wants: several `Origin` lines, non-ASCII values, a header of a megabyte.
//!
//! Every request is sent with `Connection: close` and the response is read until EOF, so no
//! body framing is needed; read and write timeouts make sure nothing hangs.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// How long one read or write may block before the request fails.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// A parsed response: status, header lines in the order received (names lowercased), body.
#[derive(Clone, Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Every header line, name lowercased, value as raw bytes.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body bytes (not de-chunked; the suites never need it).
    pub body: Vec<u8>,
}

impl Response {
    /// Every value of `name` (lowercase), in the order received.
    pub fn all(&self, name: &str) -> Vec<&[u8]> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
            .collect()
    }

    /// The first value of `name` (lowercase) as text.
    pub fn get(&self, name: &str) -> Option<String> {
        self.all(name)
            .first()
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }
}

/// How a request ended when the server did not answer it normally.
#[derive(Debug)]
pub enum Failure {
    /// Connecting, writing or reading failed before any response byte arrived.
    Io(io::Error),
    /// Bytes arrived but are not an HTTP/1.1 response head.
    Malformed(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Io(e) => write!(f, "i/o error: {e}"),
            Failure::Malformed(m) => write!(f, "malformed response: {m}"),
        }
    }
}

/// Sends `method path` with `headers` (each one line, bytes as given) and `Connection: close`.
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &[u8])],
) -> Result<Response, Failure> {
    send_raw(addr, &request_bytes(addr, method, path, headers))
}

/// The bytes of a request: request line, `Host`, the given lines, `Connection: close`.
pub fn request_bytes(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &[u8])],
) -> Vec<u8> {
    let mut out = head_lines(addr, method, path, headers);
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out
}

/// The request line, `Host` and the given lines, each as given, without the blank line that
/// ends the head.
pub fn head_lines(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &[u8])],
) -> Vec<u8> {
    let mut out = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Writes `request` as is, then reads until EOF and parses the response.
///
/// A server may answer and close before it has read the whole request (a header over its
/// limit): a failed write is then not an error as long as a response arrives.
pub fn send_raw(addr: SocketAddr, request: &[u8]) -> Result<Response, Failure> {
    let mut stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT).map_err(Failure::Io)?;
    stream
        .set_read_timeout(Some(IO_TIMEOUT))
        .map_err(Failure::Io)?;
    stream
        .set_write_timeout(Some(IO_TIMEOUT))
        .map_err(Failure::Io)?;
    stream.set_nodelay(true).map_err(Failure::Io)?;
    let write_error = stream
        .write_all(request)
        .and_then(|()| stream.flush())
        .err();
    let mut received = Vec::new();
    let read_error = stream.read_to_end(&mut received).err();
    if received.is_empty() {
        let error = read_error.or(write_error).unwrap_or_else(|| {
            io::Error::new(io::ErrorKind::UnexpectedEof, "closed without a response")
        });
        return Err(Failure::Io(error));
    }
    parse(&received)
}

/// Parses a response head and keeps the rest as the body.
pub fn parse(bytes: &[u8]) -> Result<Response, Failure> {
    let malformed = |what: &str| {
        Failure::Malformed(format!(
            "{what}: {:?}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
        ))
    };
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| malformed("no end of head"))?;
    let mut lines = bytes[..end]
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let status_line = lines.next().ok_or_else(|| malformed("no status line"))?;
    let status = status_line
        .strip_prefix(b"HTTP/1.1 ")
        .or_else(|| status_line.strip_prefix(b"HTTP/1.0 "))
        .and_then(|rest| rest.get(..3))
        .and_then(|code| std::str::from_utf8(code).ok()?.parse().ok())
        .ok_or_else(|| malformed("bad status line"))?;
    let mut headers = Vec::new();
    for line in lines {
        let colon = line
            .iter()
            .position(|&b| b == b':')
            .ok_or_else(|| malformed("header line without a colon"))?;
        let name = String::from_utf8_lossy(&line[..colon]).to_ascii_lowercase();
        headers.push((name, line[colon + 1..].trim_ascii().to_vec()));
    }
    Ok(Response {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_status_and_repeated_headers() {
        let r = parse(
            b"HTTP/1.1 204 No Content\r\nVary: Accept\r\nvary: Origin\r\nX-A:  b \r\n\r\nbody",
        )
        .unwrap();
        assert_eq!(r.status, 204);
        assert_eq!(r.all("vary"), [&b"Accept"[..], b"Origin"]);
        assert_eq!(r.get("x-a").as_deref(), Some("b"));
        assert_eq!(r.body, b"body");
        assert!(parse(b"HTTP/1.1 200 OK\r\n").is_err());
        assert!(parse(b"SSH-2.0\r\n\r\n").is_err());
    }

    #[test]
    fn request_lines_are_sent_verbatim() {
        let addr: SocketAddr = "127.0.0.1:9".parse().unwrap();
        let bytes = request_bytes(
            addr,
            "OPTIONS",
            "/x",
            &[
                ("Origin", b"https://\xc3\xa4.com"),
                ("Origin", b"https://b.com"),
            ],
        );
        assert_eq!(
            bytes,
            b"OPTIONS /x HTTP/1.1\r\nHost: 127.0.0.1:9\r\nOrigin: https://\xc3\xa4.com\r\nOrigin: https://b.com\r\nConnection: close\r\n\r\n"
        );
    }
}
