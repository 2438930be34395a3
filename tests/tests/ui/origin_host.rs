use checked_cors::{cors_policy, Policy};

static NO_HOST: Policy = cors_policy! {
    allow_origins: ["https://"],
};

static DOUBLE_DOT: Policy = cors_policy! {
    allow_origins: ["https://a..example.com"],
};

static TWO_TRAILING_DOTS: Policy = cors_policy! {
    allow_origins: ["https://example.com.."],
};

static LEADING_DOT_FQDN: Policy = cors_policy! {
    allow_origins: ["https://.example.com."],
};

static ONLY_DOTS: Policy = cors_policy! {
    allow_origins: ["https://..."],
};

static ONE_DOT_ANY_PORT: Policy = cors_policy! {
    allow_origins: ["http://.:*"],
};

static TWO_DOTS_ANY_PORT: Policy = cors_policy! {
    allow_origins: ["http://localhost..:*"],
};

static BAD_CHARACTER: Policy = cors_policy! {
    allow_origins: ["https://exa!mple.com"],
};

fn main() {}
