//! The adapters' one log line: a refused preflight.

use checked_cors_runtime::{Escaped, Rejection};

/// Logs a refused preflight at `debug`, or at `info` in debug mode. Request bytes go into the
/// line escaped and cut, the reason's through its `Display` and the path through [`Escaped`],
/// so that a hostile request can neither forge a line nor grow one (flask-cors CVE-2024-1681).
#[cold]
pub(crate) fn rejected(reason: &Rejection<'_>, path: &str, debug: bool) {
    let path = Escaped(path.as_bytes());
    if debug {
        tracing::info!(%reason, %path, "CORS preflight rejected");
    } else {
        tracing::debug!(%reason, %path, "CORS preflight rejected");
    }
}
