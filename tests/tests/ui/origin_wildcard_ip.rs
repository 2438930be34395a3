use checked_cors::{cors_policy, Policy};

static IPV4: Policy = cors_policy! {
    allow_origins: ["https://*.127.0.0.1:8080"],
};

static IPV6: Policy = cors_policy! {
    allow_origins: ["https://*.[::1]"],
};

fn main() {}
