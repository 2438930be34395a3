use checked_cors::{cors_policy, Policy};

static TWICE: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    max_age: 600,
    max_age: 7200,
};

fn main() {}
