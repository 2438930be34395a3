use checked_cors::{cors_policy, Policy};

static SPACE_INSIDE: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_methods: ["GE T"],
};

static LEADING_SPACE: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_methods: [" GET"],
};

static TWO_IN_ONE: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_methods: ["GET,POST"],
};

static EMPTY: Policy = cors_policy! {
    allow_origins: ["https://app.example.com"],
    allow_methods: [""],
};

fn main() {}
