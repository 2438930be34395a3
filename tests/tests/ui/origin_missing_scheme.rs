use checked_cors::{cors_policy, Policy};

static NO_SCHEME: Policy = cors_policy! {
    allow_origins: ["example.com"],
};

static LOCALHOST_PORT: Policy = cors_policy! {
    allow_origins: ["localhost:3000"],
};

static EMPTY_SCHEME: Policy = cors_policy! {
    allow_origins: ["://example.com"],
};

static SCHEME_WITHOUT_SLASHES: Policy = cors_policy! {
    allow_origins: ["https:example.com"],
};

static EMPTY_STRING: Policy = cors_policy! {
    allow_origins: [""],
};

fn main() {}
