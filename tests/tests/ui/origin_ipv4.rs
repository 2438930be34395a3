use checked_cors::{cors_policy, Policy};

static LEADING_ZEROS: Policy = cors_policy! {
    allow_origins: ["http://127.000.0.1"],
};

static SHORTHAND: Policy = cors_policy! {
    allow_origins: ["http://127.1:8080"],
};

static HEX: Policy = cors_policy! {
    allow_origins: ["http://0x7f.0.0.1"],
};

static OCTAL: Policy = cors_policy! {
    allow_origins: ["http://010.0.0.1"],
};

static OUT_OF_RANGE: Policy = cors_policy! {
    allow_origins: ["http://256.0.0.1"],
};

static NUMERIC_TLD: Policy = cors_policy! {
    allow_origins: ["https://example.123"],
};

fn main() {}
