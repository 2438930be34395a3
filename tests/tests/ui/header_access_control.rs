use checked_cors::{cors_policy, Policy};

static CORS_HEADERS: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_headers: ["access-control-request-method", "Access-Control-Allow-Origin"],
};

fn main() {}
