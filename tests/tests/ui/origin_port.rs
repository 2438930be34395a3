use checked_cors::{cors_policy, Policy};

static EMPTY: Policy = cors_policy! {
    allow_origins: ["https://example.com:"],
};

static ZERO: Policy = cors_policy! {
    allow_origins: ["https://example.com:0"],
};

static TOO_LARGE: Policy = cors_policy! {
    allow_origins: ["https://example.com:65536"],
};

static LEADING_ZERO: Policy = cors_policy! {
    allow_origins: ["https://example.com:08080"],
};

static NOT_A_NUMBER: Policy = cors_policy! {
    allow_origins: ["https://example.com:http"],
};

fn main() {}
