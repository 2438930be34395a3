//! Origin rules: the form of each `allow_origins` element, and what credentials add.
//!
//! A browser sends the page's origin in the `Origin` header serialized exactly one way (Fetch,
//! "serializing a request origin"): `scheme "://" host [":" port]`, scheme and host lowercase,
//! IPv4 as a dotted quad, IPv6 bracketed and compressed, punycode for internationalised hosts,
//! the default port never written, no path. The runtime compares byte for byte, so every other
//! spelling would silently never match; these rules turn each such spelling into an error that
//! prints the spelling browsers use.
//!
//! One concept per module: [`pattern`] is what a checked origin is, [`parse`] the form rules
//! from the outside in, [`host`] and [`port`] the rules on each part ([`ip`], [`punycode`] and
//! [`idn`] the browser algorithms they check with and print corrections with), [`fail`] how a broken rule becomes a
//! violation with a corrected origin, and [`credentials`] what `allow_credentials: true` adds.

use super::Violation;

mod credentials;
mod fail;
mod host;
mod idn;
mod ip;
mod parse;
mod pattern;
mod port;
mod punycode;

pub use credentials::{any_origin_with_credentials, origin_with_credentials, DangerousOptIns};
pub use pattern::{HostPattern, OriginPattern, PortPattern};

/// Checks the form of one `allow_origins` element and splits it into its parts.
///
/// Why: the runtime compares origins byte for byte with the `Origin` header, so an element
/// written any other way than browsers serialize origins would silently never match (the
/// trailing-slash and uppercase bugs of other libraries), and `null` or substring wildcards
/// would match far more than intended. Credentials rules are separate, see
/// [`origin_with_credentials`].
pub fn origin(text: &str) -> Result<OriginPattern, Violation> {
    parse::parse(text).map_err(|fail| fail.into_violation())
}

#[cfg(test)]
mod tests;
