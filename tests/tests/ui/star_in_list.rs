use checked_cors::{cors_policy, Policy};

// A quoted or bare `*` inside a list would be sent as a literal `*`.
static METHODS: Policy = cors_policy! { allow_origins: ["https://a.com"], allow_methods: [PUT, "*"] };
static HEADERS: Policy = cors_policy! { allow_origins: ["https://a.com"], allow_headers: ["x-a", *] };
// With credentials this would bypass `credentials-expose-any`.
static EXPOSE: Policy = cors_policy! {
    allow_origins: ["https://a.com"],
    expose_headers: ["*"],
    allow_credentials: true,
};

fn main() {}
