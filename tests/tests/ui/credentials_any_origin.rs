use checked_cors::{cors_policy, Policy};

static ANY_WITH_CREDENTIALS: Policy = cors_policy! {
    allow_origins: *,
    allow_credentials: true,
};

fn main() {}
