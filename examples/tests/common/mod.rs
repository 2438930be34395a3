//! Running a demo binary as a user does: on free ports, reading the two URLs it prints, and
//! keeping what it logs.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A demo server process, killed (by its own handle) when the test ends, pass or fail.
pub struct Demo {
    child: Child,
    pub api: SocketAddr,
    pub page: SocketAddr,
    /// Every line the process wrote to stderr so far.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Demo {
    #[allow(dead_code)] // Not every test binary reads the log.
    /// Waits (up to 10 s) for a log line containing `text` after the first `skip` lines;
    /// returns the lines logged so far.
    pub fn wait_for_log(&self, skip: usize, text: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let log = self.log.lock().unwrap().clone();
            if log.iter().skip(skip).any(|l| l.contains(text)) {
                return log;
            }
            assert!(
                Instant::now() < deadline,
                "no log line with `{text}`; the log:\n{}",
                log.join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The process id.
    #[allow(dead_code)] // Not every test binary signals the demo.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// How many lines were logged so far.
    #[allow(dead_code)] // Not every test binary reads the log.
    pub fn logged(&self) -> usize {
        self.log.lock().unwrap().len()
    }
}

/// Starts `binary` with `args` on free ports, once it printed its URLs (both listeners bound).
pub fn start(binary: &str, args: &[&str]) -> Demo {
    let mut child = Command::new(binary)
        .args(args)
        .env("CORS_DEMO_API_ADDR", "127.0.0.1:0")
        .env("CORS_DEMO_PAGE_ADDR", "127.0.0.1:0")
        .env_remove("CORS_POLICY_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {binary}: {e}"));
    let log = Arc::new(Mutex::new(Vec::new()));
    let stderr = child.stderr.take().unwrap();
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("[demo] {line}");
            sink.lock().unwrap().push(line);
        }
    });
    // The URLs are printed once both listeners are bound: that is the readiness signal.
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = |prefix: &str| -> String {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("{binary} exited before printing `{prefix}`"))
            .unwrap();
        let rest = line
            .strip_prefix(prefix)
            .unwrap_or_else(|| panic!("{binary}: expected `{prefix}…`, got {line:?}"));
        rest.split_whitespace().next().unwrap().to_owned()
    };
    let _title = next("");
    let api = next("API:");
    let page = next("Demo page:");
    let api: SocketAddr = api.strip_prefix("http://").unwrap().parse().unwrap();
    let page_port: u16 = page
        .strip_prefix("http://localhost:")
        .unwrap()
        .trim_end_matches('/')
        .parse()
        .unwrap();
    Demo {
        child,
        api,
        page: SocketAddr::from(([127, 0, 0, 1], page_port)),
        log,
    }
}
