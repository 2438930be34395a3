use checked_cors::{cors_policy, Policy};

static REQUEST_HEADERS: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_headers: ["x foo", "X-Foo:", "content-type, authorization", ""],
};

static EXPOSED_HEADERS: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    expose_headers: ["x@y"],
};

fn main() {}
