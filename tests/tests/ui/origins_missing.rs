use cors_policy::{cors_policy, Policy};

static MISSING: Policy = cors_policy! {
    allow_methods: [PUT],
    max_age: 600,
};

fn main() {}
