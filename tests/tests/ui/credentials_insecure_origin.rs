use checked_cors::{cors_policy, Policy};

static PLAIN_HTTP: Policy = cors_policy! {
    allow_origins: ["http://example.com"],
    allow_credentials: true,
};

static PLAIN_HTTP_PATTERN: Policy = cors_policy! {
    allow_origins: ["https://app.example.com", "http://*.example.com:8080"],
    allow_credentials: true,
};

static PRIVATE_ADDRESS: Policy = cors_policy! {
    allow_origins: ["http://192.168.1.10:3000"],
    allow_credentials: true,
};

// Not loopback: `alocalhost.` is not under `localhost`; refused for being insecure, not for its dot.
static FQDN_NOT_LOOPBACK: Policy = cors_policy! {
    allow_origins: ["http://alocalhost."],
    allow_credentials: true,
};

fn main() {}
