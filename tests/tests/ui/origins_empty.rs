use checked_cors::{cors_policy, Policy};

static EMPTY: Policy = cors_policy! {
    allow_origins: [],
    allow_methods: [PUT],
};

fn main() {}
