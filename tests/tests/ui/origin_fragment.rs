use checked_cors::{cors_policy, Policy};

static FRAGMENT: Policy = cors_policy! {
    allow_origins: ["https://example.com#top"],
};

fn main() {}
