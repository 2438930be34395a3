use checked_cors::{cors_policy, Policy};

// `"*"` as a string element of the list.
static STRING_STAR: Policy = cors_policy! {
    allow_origins: ["*"],
};

// `*` as a bare element of the list, next to a real origin.
static BARE_STAR: Policy = cors_policy! {
    allow_origins: ["https://app.example.com", *],
};

fn main() {}
