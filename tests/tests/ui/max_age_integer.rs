use checked_cors::{cors_policy, Policy};

static NEGATIVE: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    max_age: -1,
};

static SUFFIX: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    max_age: 600s,
};

static TOO_LARGE_FOR_U64: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    max_age: 99999999999999999999999,
};

fn main() {}
