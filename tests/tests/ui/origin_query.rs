use checked_cors::{cors_policy, Policy};

static QUERY: Policy = cors_policy! {
    allow_origins: ["https://example.com?x=1"],
};

fn main() {}
