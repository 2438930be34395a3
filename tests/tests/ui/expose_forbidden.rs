use checked_cors::{cors_policy, Policy};

static SET_COOKIE: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    expose_headers: ["x-request-id", "Set-Cookie", "set-cookie2"],
};

fn main() {}
