//! Seed inputs for the fuzz targets, taken from the test suites: the origins, methods and
//! header lists of the model tests (`origin_model.rs`, `header_list_model.rs`), the decision
//! table (`decisions.rs`) and the wire table (`wire.rs`), and the hostile shapes of the
//! advisories (comma bombs, a thousand `Origin` lines, control bytes, origins one byte off),
//! and the oracles' own policies written as configuration.
//! `cargo test -p checked-cors-tests --test fuzz_corpus -- --ignored write_seeds` writes them
//! under `fuzz/seeds/`.

use super::policies::POLICIES;
use super::{config, decide, http_layer, rules};

/// The origin model's mutation seeds (`origin_model.rs`).
pub const MODEL_ORIGINS: &[&str] = &[
    "https://app.example.com",
    "https://foo.com",
    "https://bar.com",
    "https://example.com:8443",
    "https://x.example.org",
    "https://a.b.example.org",
    "https://y.a.example.net:9000",
    "https://y.a.example.net",
    "http://localhost:5173",
    "http://localhost",
    "http://127.0.0.1:3000",
    "http://[::1]:8080",
    "tauri://localhost",
    "https://shop.co-op.test",
    "https://evil.com",
    "https://exact.example.com.",
    "http://localhost.:5173",
    "http://localhost.",
    "https://a.fqdn.example.",
    "https://a.b.fqdn.example.",
    "http://example.net.:3999",
];

/// Origins of the decision and wire tables, and the seed policies' own.
const TABLE_ORIGINS: &[&str] = &[
    "null",
    "https://app.example.com:443",
    "https://app.example.com/",
    "https://APP.example.com",
    "https://app.example.com.evil.net",
    "https://evilexample.org",
    "https://example.org",
    "https://o07.example.com",
    "https://q.a.example.com",
    "https://q.b.example.com:8443",
    "http://dev.localhost:3000",
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
];

/// Every seed origin: the model's, then the tables'.
pub fn origins() -> impl Iterator<Item = &'static str> {
    MODEL_ORIGINS.iter().chain(TABLE_ORIGINS).copied()
}

/// Pieces the origin model splices into origins.
pub const PIECES: &[&str] = &[
    "/",
    ":443",
    ":80",
    ":0",
    ":08080",
    ":8080",
    ":65536",
    ":",
    ".",
    "..",
    "evil",
    "evil.",
    ".evil.net",
    "example.org",
    "a.",
    "-",
    "*",
    "*.",
    "https://",
    "http://",
    "://",
    "[",
    "]",
    "%2e",
    "localhost",
];

/// Header names of the header-list model: allowed and near misses.
pub const HEADER_NAMES: &[&str] = &[
    "content-type",
    "X-Request-Id",
    "AUTHORIZATION",
    "x-a",
    "x-b",
    "x-request-i",
    "x-aa",
    "cookie",
    "a",
    "x_a",
];

/// Names that are not tokens, of the header-list model.
pub const HEADER_JUNK: &[&str] = &["x a", "x\u{e9}", "x:a", "(x)", "x\"", "x/a"];

/// Requested header lists of the decision and wire tables.
pub const HEADER_LISTS: &[&str] = &[
    "content-type,x-request-id",
    "x-request-id",
    " X-Request-ID ,, Content-Type",
    "",
    ",",
    " , ",
    "authorization,x-custom",
    "content-type,authorization",
    "x request",
    "x-a, x-b",
    "accept-language,authorization,cache-control,content-language,content-type,if-match,if-none-match,x-a,x-b,x-c,x-requested-with,x-trace",
];

/// Requested methods of the tables.
pub const METHODS: &[&str] = &[
    "PUT", "GET", "DELETE", "PATCH", "patch", "PROPFIND", "purge", "OPTIONS", "", "PU T",
];

/// Hostile request lines: comma bombs, over the caps, control and non-ASCII bytes.
pub fn hostile_header_lists() -> Vec<Vec<u8>> {
    vec![
        ",".repeat(5000).into_bytes(),
        "x-request-id,".repeat(400).into_bytes(),
        ",".repeat(64).into_bytes(),
        (",".repeat(63) + "x-a").into_bytes(),
        b"x-a\r\nx-injected: 1".to_vec(),
        b"x-a\x00".to_vec(),
        "x-\u{e9}".as_bytes().to_vec(),
    ]
}

/// Hostile origins: one byte off an allowed one, control bytes, non-ASCII, oversized.
pub fn hostile_origins() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = vec![
        b"https://app.example.co".to_vec(),
        b"https://app.example.comm".to_vec(),
        b"https://app.example.con".to_vec(),
        b"https://app-example.com".to_vec(),
        b"http://app.example.com".to_vec(),
        b"https://app.example.com\r\nx-injected: 1".to_vec(),
        b"https://app.example.com\x00".to_vec(),
        b"https://app.ex\xc3\xa4mple.com".to_vec(),
        b"https://app.example.com\x80".to_vec(),
        b"https://a..example.org".to_vec(),
        b"https://.example.org".to_vec(),
        b"http://localhost:65536".to_vec(),
        b"http://localhost:03000".to_vec(),
        b"".to_vec(),
        b"*".to_vec(),
    ];
    out.push(format!("https://{}.example.org", "a".repeat(600)).into_bytes());
    out.push(format!("https://{}.example", "a".repeat(8 << 10)).into_bytes());
    out
}

/// Seeds of the `decide` target.
pub fn decide() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let origins: Vec<Vec<u8>> = origins()
        .map(|o| o.as_bytes().to_vec())
        .chain(hostile_origins())
        .collect();
    let lists: Vec<Vec<u8>> = HEADER_LISTS
        .iter()
        .map(|l| l.as_bytes().to_vec())
        .chain(hostile_header_lists())
        .collect();
    for policy in 0..POLICIES.len() {
        let base = decide::Input {
            policy,
            method: b"OPTIONS",
            ..decide::Input::default()
        };
        out.push(base.write());
        for origin in &origins {
            let actual = decide::Input {
                method: b"GET",
                origins: vec![origin],
                ..base.clone()
            };
            out.push(actual.write());
            let preflight = decide::Input {
                origins: vec![origin],
                request_method: vec![b"PUT"],
                ..base.clone()
            };
            out.push(preflight.write());
        }
        for method in METHODS {
            out.push(
                decide::Input {
                    origins: vec![b"https://app.example.com"],
                    request_method: vec![method.as_bytes()],
                    ..base.clone()
                }
                .write(),
            );
        }
        for list in &lists {
            out.push(
                decide::Input {
                    origins: vec![b"https://app.example.com"],
                    request_method: vec![b"GET"],
                    request_headers: vec![list],
                    ..base.clone()
                }
                .write(),
            );
        }
        let names: Vec<&[u8]> = HEADER_NAMES
            .iter()
            .chain(HEADER_JUNK)
            .map(|n| n.as_bytes())
            .collect();
        let several = [
            decide::Input {
                origins: vec![b"https://app.example.com"; 1000],
                request_method: vec![b"PUT"],
                ..base.clone()
            },
            decide::Input {
                origins: vec![b"https://app.example.com"],
                request_method: vec![b"PUT", b"PUT"],
                ..base.clone()
            },
            decide::Input {
                origins: vec![b"https://app.example.com"],
                request_method: vec![b"PUT"],
                request_headers: names.clone(),
                ..base.clone()
            },
            decide::Input {
                origins: vec![b"https://app.example.com"],
                request_method: vec![b"PUT"],
                request_headers: vec![b"x-a"; 17],
                ..base.clone()
            },
            decide::Input {
                origins: vec![b"https://app.example.com"],
                request_method: vec![b"GET"],
                private_network: true,
                ..base.clone()
            },
        ];
        out.extend(several.iter().map(decide::Input::write));
    }
    out
}

/// Seeds of the `http` target.
pub fn http() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let handlers: [&[(&str, &[u8])]; 6] = [
        &[],
        &[("content-type", b"text/plain")],
        &[("vary", b"Accept-Encoding")],
        &[("vary", b"*")],
        &[("vary", b"origin"), ("vary", b"accept")],
        &[
            ("access-control-allow-origin", b"https://fixed.example"),
            ("access-control-expose-headers", b"x-own"),
            ("access-control-allow-credentials", b"true"),
        ],
    ];
    let hostile_origins = hostile_origins();
    let hostile_lists = hostile_header_lists();
    for policy in 0..POLICIES.len() {
        for (i, origin) in origins()
            .map(|o: &str| -> &[u8] { o.as_bytes() })
            .chain(hostile_origins.iter().map(Vec::as_slice))
            .enumerate()
        {
            let handler = handlers[i % handlers.len()];
            out.push(http_layer::Input::write(
                policy,
                "GET",
                &[("origin", origin)],
                handler,
            ));
            out.push(http_layer::Input::write(
                policy,
                "OPTIONS",
                &[
                    ("origin", origin),
                    ("access-control-request-method", b"PUT"),
                ],
                &[],
            ));
        }
        for list in HEADER_LISTS
            .iter()
            .map(|l| l.as_bytes())
            .chain(hostile_lists.iter().map(Vec::as_slice))
        {
            out.push(http_layer::Input::write(
                policy,
                "OPTIONS",
                &[
                    ("origin", b"https://app.example.com"),
                    ("access-control-request-method", b"DELETE"),
                    ("access-control-request-headers", list),
                    ("access-control-request-headers", b"x-a"),
                ],
                &[],
            ));
        }
        for handler in handlers {
            out.push(http_layer::Input::write(policy, "POST", &[], handler));
            out.push(http_layer::Input::write(
                policy,
                "OPTIONS",
                &[("origin", b"https://app.example.com"), ("accept", b"*/*")],
                handler,
            ));
        }
        out.push(http_layer::Input::write(
            policy,
            "OPTIONS",
            &[
                ("origin", b"https://app.example.com"),
                ("access-control-request-method", b"GET"),
                ("access-control-request-private-network", b"true"),
            ],
            &[],
        ));
    }
    out
}

/// Seeds of the `rules` target: valid origins and the near misses the rule tests list.
pub fn rules() -> Vec<Vec<u8>> {
    use rules::Which;
    let origins = [
        "https://example.com",
        "http://localhost:3000",
        "http://127.0.0.1:8080",
        "http://[::1]:8080",
        "https://[2001:db8::1]",
        "https://*.example.org",
        "https://*.example.org:*",
        "http://localhost:*",
        "https://xn--bcher-kva.example",
        "chrome-extension://abcdefghijklmnop",
        "tauri://localhost",
        "https://a_b.example.com",
        "https://example.com:65535",
        "ws://example.com:80",
        "wss://example.com:443",
        "ftp://example.com:21",
        "https://*.com",
        "https://*.github.io",
        "http://*.localhost",
        "example.com",
        "https:example.com",
        "HTTPS://Example.COM:443/",
        "https://bücher.example",
        "null",
        "file:///x",
        "http://127.1",
        "http://0x7f.0.0.1",
        "http://[0:0:0:0:0:0:0:1]",
        "https://*example.org",
        "https://*.1.2.3.4",
        "https://exa mple.com",
        "https://a..b",
        "https://example.com:08",
        "https://example.com:*8",
        "https://u@example.com",
        "https://[::1",
        "https://a.0x1",
        "https://1.2.3.256",
        "https://a.1",
        "https://xn--a.example",
        "https://-a.example",
        "https://localhost.",
        "http://example.com.:3999",
        "https://*.example.org.",
        "http://localhost.:*",
        "https://example.com..",
        "https://.example.com",
        "http://localhost:3000.",
        "https://*.",
        "https://.",
        "https://*.vercel.app",
        "https://*.com.",
        "http://xn--f",
        "https://xn--",
        "https://xn--bcher-kva.example.",
    ];
    let mut out = Vec::new();
    for origin in origins {
        for which in [Which::Origin, Which::OriginWithCredentials] {
            out.push(rules::write(which, origin.as_bytes()));
        }
    }
    for method in [
        "PUT", "patch", "Patch", "PROPFIND", "purge", "CONNECT", "track", "P T", "*", "", " PUT: ",
    ] {
        out.push(rules::write(Which::Method, method.as_bytes()));
    }
    for header in [
        "content-type",
        "X-Request-Id",
        "cookie",
        "sec-fetch-mode",
        "proxy-x",
        "access-control-allow-origin",
        "set-cookie",
        "x a",
        "*",
        "Authorization",
    ] {
        out.push(rules::write(Which::RequestHeader, header.as_bytes()));
        out.push(rules::write(Which::ExposeHeader, header.as_bytes()));
    }
    for seconds in [0u64, 600, 86_400, 86_401, u64::from(u32::MAX) + 1, u64::MAX] {
        out.push(rules::write(Which::MaxAge, &seconds.to_le_bytes()));
    }
    out
}

/// Seeds of the `config` target: every policy of the oracles written as TOML and as JSON, and
/// configurations each rule refuses, mistyped and oversized ones.
pub fn config() -> Vec<Vec<u8>> {
    use config::Format;
    let quoted = |items: &[&str]| {
        let items: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
        format!("[{}]", items.join(", "))
    };
    let value = |list: Option<&[&str]>| list.map_or_else(|| "\"*\"".to_string(), quoted);
    let mut out = Vec::new();
    for (_, spec) in POLICIES {
        let mut toml = format!("allow_origins = {}\n", value(spec.origins));
        let mut json = vec![format!("\"allow_origins\": {}", value(spec.origins))];
        for (key, list) in [
            ("allow_methods", spec.methods),
            ("allow_headers", spec.headers),
            ("expose_headers", spec.expose),
        ] {
            if list != Some(&[]) {
                toml.push_str(&format!("{key} = {}\n", value(list)));
                json.push(format!("\"{key}\": {}", value(list)));
            }
        }
        for (key, on) in [
            ("allow_credentials", spec.credentials),
            ("allow_private_network", spec.private_network),
        ] {
            if on {
                toml.push_str(&format!("{key} = true\n"));
                json.push(format!("\"{key}\": true"));
            }
        }
        if let Some(seconds) = spec.max_age {
            toml.push_str(&format!("max_age = {seconds}\n"));
            json.push(format!("\"max_age\": {seconds}"));
        }
        out.push(config::write(Format::Toml, &toml));
        out.push(config::write(
            Format::Json,
            &format!("{{{}}}", json.join(", ")),
        ));
    }
    for toml in [
        "allow_origins = \"*\"\nallow_credentials = true",
        "allow_origins = [\"null\"]",
        "allow_origins = [\"https://*.vercel.app\"]\nallow_credentials = true",
        "allow_origins = [\"https://*.vercel.app\"]\nallow_credentials = true\ndangerously_allow_public_suffix_subdomains = true",
        "allow_origins = [\"http://intranet.example\"]\nallow_credentials = true\ndangerously_allow_insecure_origins = true",
        "allow_origins = [\"https://localhost.\", \"http://localhost.:*\", \"https://*.example.org.\"]",
        "allow_origins = [\"https://a.example\", \"https://a.example\"]",
        "allow_origins = [\"https://a.example/\", \"HTTPS://B.example:443\", \"http://xn--f\"]",
        "allow_origins = [\"https://a.example\"]\nallow_methods = [\"CONNECT\", \"get\", \"P T\"]",
        "allow_origins = [\"https://a.example\"]\nallow_headers = [\"cookie\", \"x-a\", \"X-A\"]",
        "allow_origins = [\"https://a.example\"]\nexpose_headers = \"*\"\nallow_credentials = true",
        "allow_origins = [\"https://a.example\"]\nmax_age = 86401",
        "allow_origins = [\"https://a.example\"]\nmax_age = -1",
        "allow_origins = 5",
        "allow_orgins = [\"https://a.example\"]",
        "allow_origins = [\"https://a.example\"]\nallow_credentials = \"yes\"",
        "",
    ] {
        out.push(config::write(Format::Toml, toml));
    }
    let many: Vec<String> = (0..300)
        .map(|i| format!("\"https://o{i}.example\""))
        .collect();
    out.push(config::write(
        Format::Json,
        &format!("{{\"allow_origins\": [{}]}}", many.join(",")),
    ));
    out.push(config::write(
        Format::Json,
        &format!(
            "{{\"allow_origins\": [\"https://{}.example\"]}}",
            "a".repeat(4000)
        ),
    ));
    out
}
