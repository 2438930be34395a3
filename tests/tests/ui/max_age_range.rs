use checked_cors::{cors_policy, Policy};

static ONE_SECOND_TOO_MANY: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    max_age: 86401,
};

static MILLISECONDS: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    max_age: 600_000,
};

fn main() {}
