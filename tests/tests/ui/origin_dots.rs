use checked_cors::{cors_policy, Policy};

// Most likely copied from the end of a sentence.
static DOT_AFTER_PORT: Policy = cors_policy! {
    allow_origins: ["http://localhost:3000."],
};

static DOT_AFTER_PORT_FQDN: Policy = cors_policy! {
    allow_origins: ["http://localhost.:3000."],
};

static DOT_AFTER_ANY_PORT: Policy = cors_policy! {
    allow_origins: ["http://localhost:*."],
};

static DOT_BEFORE_STAR: Policy = cors_policy! {
    allow_origins: ["http://localhost:.*"],
};

static DOT_ONLY_PORT: Policy = cors_policy! {
    allow_origins: ["https://example.com:."],
};

static WILDCARD_DOT: Policy = cors_policy! {
    allow_origins: ["https://*..:*"],
};

// Browsers drop the final dot of an IPv4 address.
static IPV4_FQDN: Policy = cors_policy! {
    allow_origins: ["http://127.0.0.1.:*"],
};

static IPV6_DOT: Policy = cors_policy! {
    allow_origins: ["http://[::1].:8080"],
};

fn main() {}
