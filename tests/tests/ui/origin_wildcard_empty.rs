use checked_cors::{cors_policy, Policy};

static NOTHING_AFTER: Policy = cors_policy! {
    allow_origins: ["https://*."],
};

static PORT_AFTER: Policy = cors_policy! {
    allow_origins: ["https://*.:8080"],
};

fn main() {}
