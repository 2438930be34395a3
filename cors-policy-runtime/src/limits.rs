//! How much of an attacker's `Access-Control-Request-Headers` a preflight reads: the caps that
//! bound the work of [`header_list`](crate::header_list) before any byte is scanned, which a
//! [`Rejection`](crate::Rejection) names when a request exceeds them.

/// Most bytes of `Access-Control-Request-Headers` (all lines together) that are scanned.
pub const MAX_BYTES: usize = 4096;
/// Most list elements (empty ones included) that are accepted.
pub const MAX_ELEMENTS: usize = 64;
/// Most `Access-Control-Request-Headers` lines that are accepted.
pub const MAX_LINES: usize = 16;
