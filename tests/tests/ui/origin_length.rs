use checked_cors::{cors_policy, Policy};

static LABEL_64_FQDN: Policy = cors_policy! {
    allow_origins: ["https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."],
};

static LABEL_64_PATTERN: Policy = cors_policy! {
    allow_origins: ["https://*.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example:*"],
};

// Three labels of 63 bytes and one of 62: 254 bytes without the final dot.
static NAME_254: Policy = cors_policy! {
    allow_origins: ["https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."],
};

// With `x.` in front, every host under this 252-byte parent is longer than 253 bytes.
static PARENT_252: Policy = cors_policy! {
    allow_origins: ["https://*.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
};

static SCHEME_33: Policy = cors_policy! {
    allow_origins: ["abcdefghijabcdefghijabcdefghijabc://localhost"],
};

fn main() {}
