use checked_cors::{cors_policy, Policy};

static FILE_PAGE: Policy = cors_policy! {
    allow_origins: ["file:///home/me/index.html"],
};

static FILE_SCHEME: Policy = cors_policy! {
    allow_origins: ["file://"],
};

fn main() {}
