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

static FQDN_SUFFIX: Policy = cors_policy! {
    allow_origins: ["https://*.com."],
    allow_credentials: true,
};

// The opt-in covers suffixes on the Public Suffix List only.
static UNLISTED_WITH_OPT_IN: Policy = cors_policy! {
    allow_origins: ["https://*.internal"],
    allow_credentials: true,
    dangerously_allow_public_suffix_subdomains: true,
};

// The opt-in is for subdomains of public suffixes, not for plain http.
static OPT_IN_PLAIN_HTTP: Policy = cors_policy! {
    allow_origins: ["http://*.vercel.app"],
    allow_credentials: true,
    dangerously_allow_public_suffix_subdomains: true,
};

fn main() {}
