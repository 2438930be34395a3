use checked_cors::{cors_policy, Policy};

// A missing comma between two entries is named as such.
static MISSING_COMMA: Policy = cors_policy! {
    allow_origins: ["https://a.com"]
    allow_methods: [PUT],
};
// Keys are identifiers, not strings.
static QUOTED_KEY: Policy = cors_policy! { "allow_origins": ["https://a.com"] };
// Two commas in a row leave an empty element.
static EMPTY_ELEMENT: Policy = cors_policy! { allow_origins: ["https://a.com",, "https://b.com"] };

fn main() {
    // In statement position the errors are the only output (no unreachable-code warning).
    let local: Policy = cors_policy! { allow_origins: ["https://a.com/"] };
    let _ = local;
}
