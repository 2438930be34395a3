//! The axum demo serving its API under a policy file (`--policy FILE`), as a user edits it: the
//! page is blocked, the file is edited and the same page is allowed without a restart, then an
//! invalid edit is refused (every error logged) while the page stays allowed. Checked on the
//! wire and in headless Chromium.

use std::path::Path;
use std::time::{Duration, Instant};

use checked_cors_tests::browser::{chromium_or_skip, dump_dom, element_text};
use checked_cors_tests::client;

mod common;
use common::{start, Demo};

/// Lists someone else's origin: the demo page is blocked.
const BLOCKING: &str = r#"
allow_origins = ["https://elsewhere.example"]
allow_methods = ["PUT", "DELETE"]
allow_headers = ["content-type", "x-demo"]
allow_credentials = true
"#;

/// The demo's own API policy, as a file.
const ALLOWING: &str = r#"
allow_origins = ["http://localhost:*"]
allow_methods = ["PUT", "DELETE"]
allow_headers = ["content-type", "x-demo"]
expose_headers = ["x-request-id"]
allow_credentials = true
max_age = 60
"#;

/// Two mistakes: `*` with credentials, and a method browsers never send in lowercase.
const INVALID: &str = r#"
allow_origins = "*"
allow_methods = ["put"]
allow_credentials = true
"#;

fn write(path: &Path, text: &str) {
    // Written whole, then renamed into place, as editors save: the watcher never reads half.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Whether the API answers the page's origin with `Access-Control-Allow-Origin`.
fn allowed_on_the_wire(demo: &Demo) -> bool {
    let origin = format!("http://localhost:{}", demo.page.port());
    let hello = client::send(
        demo.api,
        "GET",
        "/api/hello",
        &[("Origin", origin.as_bytes())],
    )
    .expect("the API answers");
    assert_eq!(hello.status, 200);
    hello.get("access-control-allow-origin") == Some(origin)
}

/// The page in Chromium: the simple request's verdict and the summary.
fn in_chromium(chromium: &Path, demo: &Demo) -> (String, String) {
    let url = format!("http://localhost:{}/", demo.page.port());
    let dump = dump_dom(chromium, &url, Duration::from_secs(30));
    let simple = element_text(&dump.dom, "scenario-1").expect("#scenario-1 in the DOM");
    let summary = element_text(&dump.dom, "summary").expect("#summary in the DOM");
    (simple, summary)
}

#[test]
fn the_axum_demo_reloads_its_policy_file() {
    let dir = std::env::temp_dir().join(format!(
        "checked-cors-reload-{}-{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cors.toml");
    write(&file, BLOCKING);
    let demo = start(
        env!("CARGO_BIN_EXE_axum"),
        &["--policy", file.to_str().unwrap()],
    );
    demo.wait_for_log(0, "serving /api under");
    let chromium = chromium_or_skip("reload::axum");

    // Blocked: the policy lists another origin.
    assert!(!allowed_on_the_wire(&demo));
    if let Some(chromium) = &chromium {
        let (simple, summary) = in_chromium(chromium, &demo);
        assert!(simple.contains("rejected"), "{simple}");
        assert_ne!(summary, "7 of 7 scenarios as expected");
    }

    // Edited: allowed, with no restart.
    let seen = demo.logged();
    write(&file, ALLOWING);
    demo.wait_for_log(seen, "reloaded");
    assert!(allowed_on_the_wire(&demo));
    if let Some(chromium) = &chromium {
        let (simple, summary) = in_chromium(chromium, &demo);
        assert!(simple.contains("resolved"), "{simple}");
        assert_eq!(summary, "7 of 7 scenarios as expected");
    }

    // An invalid edit: refused with every error logged; the page stays allowed.
    let seen = demo.logged();
    write(&file, INVALID);
    let log = demo.wait_for_log(seen, "refused");
    let errors: Vec<&String> = log[seen..]
        .iter()
        .filter(|l| l.contains("[rule: "))
        .collect();
    assert_eq!(errors.len(), 2, "{log:#?}");
    assert!(
        errors[0].contains("[rule: credentials-any-origin]"),
        "{}",
        errors[0]
    );
    assert!(errors[1].contains("allow_methods[0]") && errors[1].contains("[rule: method-case]"));
    assert!(allowed_on_the_wire(&demo));
    if let Some(chromium) = &chromium {
        let (simple, summary) = in_chromium(chromium, &demo);
        assert!(simple.contains("resolved"), "{simple}");
        assert_eq!(summary, "7 of 7 scenarios as expected");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `SIGHUP` reloads too (the file is read again even though the watcher saw no change yet).
#[cfg(unix)]
#[test]
fn sighup_reloads() {
    let dir = std::env::temp_dir().join(format!("checked-cors-sighup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cors.json");
    std::fs::write(&file, r#"{"allow_origins": ["http://localhost:*"]}"#).unwrap();
    let demo = start(
        env!("CARGO_BIN_EXE_axum"),
        &[&format!("--policy={}", file.display())],
    );
    demo.wait_for_log(0, "serving /api under");
    assert!(allowed_on_the_wire(&demo));
    let seen = demo.logged();
    let status = std::process::Command::new("kill")
        .args(["-HUP", &demo.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    demo.wait_for_log(seen, "reloaded");
    assert!(allowed_on_the_wire(&demo));
    let _ = std::fs::remove_dir_all(&dir);
}
