use checked_cors::{cors_policy, Policy};

static HTTP_80: Policy = cors_policy! {
    allow_origins: ["http://localhost:80"],
};

static HTTPS_443: Policy = cors_policy! {
    allow_origins: ["https://example.com:443"],
};

static PATTERN_443: Policy = cors_policy! {
    allow_origins: ["https://*.example.com:443"],
};

fn main() {}
