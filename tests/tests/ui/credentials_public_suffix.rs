use checked_cors::{cors_policy, Policy};

static TLD: Policy = cors_policy! {
    allow_origins: ["https://*.com"],
    allow_credentials: true,
};

static HOSTING_PLATFORM: Policy = cors_policy! {
    allow_origins: ["https://*.github.io"],
    allow_credentials: true,
};

static SECOND_LEVEL: Policy = cors_policy! {
    allow_origins: ["https://*.co.uk:*"],
    allow_credentials: true,
};

static UNLISTED_TLD: Policy = cors_policy! {
    allow_origins: ["https://*.internal"],
    allow_credentials: true,
};

fn main() {}
