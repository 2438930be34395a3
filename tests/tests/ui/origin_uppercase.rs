use checked_cors::{cors_policy, Policy};

static SCHEME: Policy = cors_policy! {
    allow_origins: ["HTTPS://example.com"],
};

static HOST: Policy = cors_policy! {
    allow_origins: ["https://Example.com"],
};

static PATTERN: Policy = cors_policy! {
    allow_origins: ["https://*.Example.ORG:*"],
};

static IPV6_HEX: Policy = cors_policy! {
    allow_origins: ["http://[::A]"],
};

fn main() {}
