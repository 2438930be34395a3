//! Headless Chromium against a page on one loopback origin calling an API on another.
//!
//! [`serve_page`] serves one HTML page on `http://localhost:PORT` (from a plain `std` thread, so
//! the page origin owes nothing to the framework under test), and [`dump_dom`] runs
//! `chromium --headless … --dump-dom URL` with a fresh profile and returns the serialized DOM
//! after the page's script has finished.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Where Chromium is looked for when `CHROMIUM` is not set: Debian's `chromium` package.
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// How long one Chromium run may take before the test fails.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(45);

/// The Chromium binary: `$CHROMIUM` if set, else [`DEFAULT_CHROMIUM`], if it exists.
///
/// When it is missing: with `CI` set the test must fail (this panics with how to install it);
/// otherwise it prints a loud notice and returns `None`, and the test returns early.
pub fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| DEFAULT_CHROMIUM.into());
    if path.is_file() {
        return Some(path);
    }
    let message = format!(
        "Chromium not found at {}: install it with `apt-get install -y chromium` (Debian), \
         or point the CHROMIUM environment variable at a Chromium binary",
        path.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{test}: {message}. The browser tests are required in CI.");
    }
    // Straight to the process's stderr: libtest captures `eprintln!` of passing tests.
    let bar = "!".repeat(100);
    let _ = writeln!(
        std::io::stderr(),
        "\n{bar}\n!!! SKIPPED {test}: {message}.\n{bar}\n"
    );
    None
}

/// Serves `html` at `/` (404 elsewhere) on 127.0.0.1, one thread per connection (Chromium
/// opens speculative connections that send nothing). Returns the bound address.
pub fn serve_page(html: String) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let addr = listener.local_addr().unwrap();
    let html: &'static str = Box::leak(html.into_boxed_str());
    std::thread::Builder::new()
        .name("page server".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || answer(stream, html));
            }
        })
        .unwrap();
    addr
}

fn answer(mut stream: TcpStream, html: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let target = head.split(|&b| b == b' ').nth(1).unwrap_or_default();
    let (status, body) = if target == b"/" {
        ("200 OK", html)
    } else {
        ("404 Not Found", "not found")
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes());
}

/// A fresh, empty profile directory, removed on drop.
struct Profile(PathBuf);

impl Profile {
    fn new() -> Profile {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "checked-cors-chromium-{}-{n}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("create a Chromium profile directory");
        Profile(dir)
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What one Chromium run printed.
#[derive(Debug)]
pub struct Dump {
    /// The serialized DOM (`--dump-dom`).
    pub dom: String,
    /// Chromium's stderr, for failure messages; it holds the page's console messages too
    /// ([`Dump::console`]).
    pub stderr: String,
    /// How long the run took.
    pub elapsed: Duration,
}

/// Runs headless Chromium on `url` with a fresh profile and returns the DOM it dumps once the
/// page is loaded and `virtual_time_budget` of virtual time has passed.
///
/// Virtual time does not advance while network fetches are pending, and a page whose script is
/// a chain of `fetch()` promises (no timers) has nothing else to wait for: the budget only has
/// to cover the page's idle time, and the dump comes right after the last `fetch()` settles.
/// Callers still check that the page wrote its end marker.
pub fn dump_dom(chromium: &std::path::Path, url: &str, virtual_time_budget: Duration) -> Dump {
    let profile = Profile::new();
    let started = Instant::now();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-quic",
            "--no-proxy-server",
            // The console's messages (CORS errors among them) on stderr.
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.0.display()))
        .arg(format!(
            "--virtual-time-budget={}",
            virtual_time_budget.as_millis()
        ))
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", chromium.display()));
    let read = |mut pipe: Box<dyn Read + Send>| {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            let _ = tx.send(text);
        });
        rx
    };
    let stdout = read(Box::new(child.stdout.take().unwrap()));
    let stderr = read(Box::new(child.stderr.take().unwrap()));
    // stdout closes when Chromium exits (or is killed): that is the signal, with a deadline.
    let dom = match stdout.recv_timeout(RUN_TIMEOUT) {
        Ok(dom) => dom,
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "Chromium did not finish within {RUN_TIMEOUT:?} on {url}; stderr:\n{}",
                stderr
                    .recv_timeout(Duration::from_secs(5))
                    .unwrap_or_default()
            );
        }
    };
    let status = child.wait().expect("wait for Chromium");
    let stderr = stderr
        .recv_timeout(Duration::from_secs(5))
        .unwrap_or_default();
    assert!(
        status.success(),
        "Chromium exited with {status} on {url}; stderr:\n{stderr}"
    );
    Dump {
        dom,
        stderr,
        elapsed: started.elapsed(),
    }
}

impl Dump {
    /// The messages the page's console showed, in order: what a developer reads in DevTools,
    /// CORS errors included ("Access to fetch at … has been blocked by CORS policy: …").
    pub fn console(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .filter_map(|l| {
                let start = l.find("] \"")? + 3;
                let end = l.rfind("\", source:")?;
                l.get(start..end).map(str::to_owned)
            })
            .collect()
    }
}

/// The text of the first element with `id="…"` in a serialized DOM: up to that element's
/// closing tag (elements of the same name must not nest in it), inner tags removed, entities
/// decoded.
pub fn element_text(dom: &str, id: &str) -> Option<String> {
    let at = dom.find(&format!(" id=\"{id}\""))?;
    let open = dom[..at].rfind('<')?;
    let tag: String = dom[open + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let start = at + dom[at..].find('>')? + 1;
    let end = start + dom[start..].find(&format!("</{tag}>"))?;
    let mut text = String::new();
    let mut in_tag = false;
    for c in dom[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&nbsp;", "\u{a0}")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_text_decodes_entities() {
        let dom = r#"<html><body><pre id="out">a &amp; b &lt;c&gt;
d</pre><p id="x">y</p><tr id="row"><td>1</td><td class="a"><strong>ok</strong> · 2</td></tr></body></html>"#;
        assert_eq!(element_text(dom, "out").as_deref(), Some("a & b <c>\nd"));
        assert_eq!(element_text(dom, "x").as_deref(), Some("y"));
        assert_eq!(element_text(dom, "row").as_deref(), Some("1ok · 2"));
        assert_eq!(element_text(dom, "missing"), None);
    }

    #[test]
    fn page_server_answers_root_only() {
        let addr = serve_page("<p>hi</p>".into());
        let ok = crate::client::send(addr, "GET", "/", &[]).unwrap();
        assert_eq!((ok.status, ok.body.as_slice()), (200, &b"<p>hi</p>"[..]));
        assert_eq!(
            crate::client::send(addr, "GET", "/favicon.ico", &[])
                .unwrap()
                .status,
            404
        );
    }
}
