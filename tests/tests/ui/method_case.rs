use checked_cors::{cors_policy, Policy};

static NOT_UPPERCASE: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_methods: [patch, Put, "get"],
};

fn main() {}
