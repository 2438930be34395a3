use checked_cors::{cors_policy, Policy};

static NO_HOST: Policy = cors_policy! {
    allow_origins: ["https://"],
};

static DOUBLE_DOT: Policy = cors_policy! {
    allow_origins: ["https://a..example.com"],
};

static TRAILING_DOT: Policy = cors_policy! {
    allow_origins: ["https://example.com."],
};

static BAD_CHARACTER: Policy = cors_policy! {
    allow_origins: ["https://exa!mple.com"],
};

fn main() {}
