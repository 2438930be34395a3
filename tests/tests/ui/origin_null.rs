use checked_cors::{cors_policy, Policy};

static NULL: Policy = cors_policy! {
    allow_origins: ["null"],
};

static UPPERCASE_NULL: Policy = cors_policy! {
    allow_origins: ["https://app.example.com", "NULL"],
};

fn main() {}
