use checked_cors::{cors_policy, Policy};

static UMLAUT: Policy = cors_policy! {
    allow_origins: ["https://bücher.example"],
};

static WITH_PORT: Policy = cors_policy! {
    allow_origins: ["https://münchen.de:8443"],
};

static PATTERN: Policy = cors_policy! {
    allow_origins: ["https://*.bücher.example"],
};

static IDEOGRAPHIC_FULL_STOP: Policy = cors_policy! {
    allow_origins: ["https://例え。テスト"],
};

fn main() {}
