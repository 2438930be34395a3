use checked_cors::{cors_policy, Policy};

static ORIGINS_STRING: Policy = cors_policy! {
    allow_origins: "https://a.com",
};

static ORIGINS_ITEMS: Policy = cors_policy! {
    allow_origins: ["https://a.com", https_b_com, 443],
};

static METHODS_IDENT: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    allow_methods: PUT,
};

static METHODS_ITEMS: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    allow_methods: [PUT, 1, *],
};

static HEADERS_STRING: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    allow_headers: "x-request-id",
};

static HEADERS_ITEMS: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    allow_headers: [content_type, 2, *],
};

static EXPOSE_IDENT: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    expose_headers: x_request_id,
};

static CREDENTIALS_STRING: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    allow_credentials: "yes",
};

static CREDENTIALS_INTEGER: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    allow_credentials: 1,
};

static MAX_AGE_STRING: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    max_age: "600",
};

static MAX_AGE_FLOAT: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    max_age: 1.5,
};

static MAX_AGE_BOOL: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    max_age: true,
};

static PRIVATE_NETWORK_STRING: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    allow_private_network: "true",
};

static INSECURE_IDENT: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    dangerously_allow_insecure_origins: yes,
};

static PUBLIC_SUFFIX_STRING: Policy = cors_policy! {
    allow_origins: ["https://*.vercel.app"],
    allow_credentials: true,
    dangerously_allow_public_suffix_subdomains: "true",
};

fn main() {}
