use checked_cors::{cors_policy, Policy};

static DIGIT_FIRST: Policy = cors_policy! {
    allow_origins: ["1http://example.com"],
};

static UNDERSCORE: Policy = cors_policy! {
    allow_origins: ["ht_tp://example.com"],
};

fn main() {}
