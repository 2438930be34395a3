use checked_cors::{cors_policy, Policy};

static UNBRACKETED: Policy = cors_policy! {
    allow_origins: ["http://::1"],
};

static UNBRACKETED_FULL: Policy = cors_policy! {
    allow_origins: ["https://2001:db8::1"],
};

static UNCOMPRESSED: Policy = cors_policy! {
    allow_origins: ["http://[0:0:0:0:0:0:0:1]:8080"],
};

static LEADING_ZEROS: Policy = cors_policy! {
    allow_origins: ["https://[2001:0db8::0001]"],
};

static UNCLOSED: Policy = cors_policy! {
    allow_origins: ["https://[::1"],
};

static INVALID: Policy = cors_policy! {
    allow_origins: ["https://[::g]"],
};

fn main() {}
