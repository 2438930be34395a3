use checked_cors::{cors_policy, Policy};

static GLUED_TO_DOMAIN: Policy = cors_policy! {
    allow_origins: ["https://*example.org"],
};

static INNER_LABEL: Policy = cors_policy! {
    allow_origins: ["https://a.*.example.org"],
};

static TOP_LEVEL: Policy = cors_policy! {
    allow_origins: ["https://example.*"],
};

static INSIDE_PORT: Policy = cors_policy! {
    allow_origins: ["https://example.org:8*"],
};

static WHOLE_HOST: Policy = cors_policy! {
    allow_origins: ["https://*"],
};

static SCHEME: Policy = cors_policy! {
    allow_origins: ["*://example.org"],
};

fn main() {}
