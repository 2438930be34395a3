use checked_cors::{cors_policy, Policy};

static MISSING: Policy = cors_policy! {
    allow_methods: [PUT],
    max_age: 600,
};

fn main() {}
