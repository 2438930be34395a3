use checked_cors::{cors_policy, Policy};

static TRAILING_SLASH: Policy = cors_policy! {
    allow_origins: ["https://example.com/"],
};

static PATH: Policy = cors_policy! {
    allow_origins: ["https://example.com/app"],
};

static PORT_AND_SLASH: Policy = cors_policy! {
    allow_origins: ["https://example.com:8080/"],
};

static SEVERAL_MISTAKES: Policy = cors_policy! {
    allow_origins: ["HTTPS://Example.COM:443/"],
};

fn main() {}
