use checked_cors::{cors_policy, Policy};

static FROM_OTHER_LIBRARY: Policy = cors_policy! {
    allowed_origins: ["https://app.example.com"],
    allow_origins: ["https://app.example.com"],
};

static SINGULAR: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_header: ["x-request-id"],
};

static SHORT_NAME: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    credentials: true,
};

static CAMEL_CASE: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    maxAge: 600,
};

// jub0bs/cors's name for the public-suffix opt-in.
static PEER_OPT_IN: Policy = cors_policy! {
    allow_origins: ["https://*.vercel.app"],
    DangerouslyTolerateSubdomainsOfPublicSuffixes: true,
};

static NO_CLOSE_MATCH: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    timeout: 30,
};

// A misspelled required key is one error, not also "`allow_origins` is missing".
static MISSPELLED_REQUIRED: Policy = cors_policy! {
    allow_orgins: ["https://app.example.com"],
};

fn main() {}
