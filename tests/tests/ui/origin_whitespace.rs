use checked_cors::{cors_policy, Policy};

static LEADING: Policy = cors_policy! {
    allow_origins: [" https://example.com"],
};

static TRAILING_NEWLINE: Policy = cors_policy! {
    allow_origins: ["https://example.com\n"],
};

static TWO_IN_ONE: Policy = cors_policy! {
    allow_origins: ["https://a.example.com https://b.example.com"],
};

fn main() {}
