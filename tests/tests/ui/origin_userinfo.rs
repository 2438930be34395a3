use checked_cors::{cors_policy, Policy};

static USER: Policy = cors_policy! {
    allow_origins: ["https://user@example.com"],
};

static USER_PASSWORD_PORT: Policy = cors_policy! {
    allow_origins: ["https://u:p@example.com:8443"],
};

fn main() {}
