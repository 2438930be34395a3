use checked_cors::{cors_policy, Policy};

static EXPOSE_ANY_WITH_CREDENTIALS: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    expose_headers: *,
    allow_credentials: true,
};

fn main() {}
