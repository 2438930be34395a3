use checked_cors::{cors_policy, Policy};

static FORBIDDEN: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_headers: ["content-type", "cookie", "Sec-Fetch-Mode", "proxy-authorization", "host"],
};

fn main() {}
