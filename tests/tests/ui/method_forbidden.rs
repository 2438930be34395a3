use checked_cors::{cors_policy, Policy};

static FORBIDDEN: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_methods: [GET, TRACE, "connect", Track],
};

fn main() {}
