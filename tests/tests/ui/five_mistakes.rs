use checked_cors::{cors_policy, Policy};

// Five different mistakes in one invocation: five errors, in one build.
static FIVE: Policy = cors_policy! {
    allow_origins: ["https://app.example.com/", "http://api.example.com"],
    allow_methods: [GET, patch],
    allow_headers: ["content-type", "cookie"],
    allow_credentials: true,
    max_age: 100000,
};

fn main() {}
