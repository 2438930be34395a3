use checked_cors::{cors_policy, Policy};

static ORIGINS: Policy = cors_policy! {
    allow_origins: ["https://a.example.com", "https://b.example.com", "https://a.example.com"],
};

static METHODS: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_methods: [PUT, DELETE, "PUT"],
};

static HEADERS: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_headers: ["X-A", "content-type", "x-a"],
};

static EXPOSED: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    expose_headers: ["etag", "ETag"],
};

fn main() {}
