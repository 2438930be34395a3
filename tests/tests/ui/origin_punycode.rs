use checked_cors::{cors_policy, Policy};

// `f` is one digit that does not end a number: the label does not decode.
static DOES_NOT_DECODE: Policy = cors_policy! {
    allow_origins: ["http://xn--f"],
};

static NOTHING_TO_DECODE: Policy = cors_policy! {
    allow_origins: ["https://xn--.example"],
};

static NOT_A_DIGIT: Policy = cors_policy! {
    allow_origins: ["https://xn--bcher_kva.example"],
};

// Decodes to U+D800, a surrogate.
static NOT_A_CHARACTER: Policy = cors_policy! {
    allow_origins: ["https://xn--ib9b.example"],
};

static PLAIN_ASCII: Policy = cors_policy! {
    allow_origins: ["https://xn--abc-.example.:8443"],
};

// Decodes to 例え, which browsers encode as `xn--r8jz45g`.
static NOT_CANONICAL: Policy = cors_policy! {
    allow_origins: ["https://xn---r8jz45g.example"],
};

// Decodes to 例え。テスト: a label holding an ideographic full stop.
static FULL_STOP: Policy = cors_policy! {
    allow_origins: ["https://xn--r6juh2mvbl9538b.example"],
};

// Decodes to bÜcher.
static UPPERCASE_PATTERN: Policy = cors_policy! {
    allow_origins: ["https://*.xn--bcher-2pa.example"],
};

// Decodes to ü and U+0085, a control character.
static CONTROL: Policy = cors_policy! {
    allow_origins: ["https://xn--fa1v.example"],
};

// Decodes to ü and U+200B, a zero-width space.
static INVISIBLE: Policy = cors_policy! {
    allow_origins: ["https://xn--tda610n.example"],
};

fn main() {}
