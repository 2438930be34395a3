//! Request bytes made safe to print: escaped and cut, so that a hostile header can neither
//! forge a log line (CR, LF and other control bytes) nor flood one.

use core::fmt;

/// Most bytes of a request value that are printed.
pub(crate) const CUT: usize = 128;

/// Request bytes as they may go into a log line: every byte that is not printable ASCII escaped
/// (`\r`, `\n`, `\xc2\x85`…), and cut at 128 bytes with the full length noted, so that no
/// request forges a log line or floods one (flask-cors CVE-2024-1681). [`Rejection`]'s
/// `Display` writes its values this way; the adapters log other request values (the path) with
/// it. Its `Debug` adds quotes, so that `Debug` of a decision reads as text.
///
/// ```
/// # use checked_cors_runtime::Escaped;
/// assert_eq!(Escaped(b"/a\r\nforged: 1").to_string(), "/a\\r\\nforged: 1");
/// assert_eq!(Escaped(&[b'a'; 300]).to_string(), format!("{}… (300 bytes)", "a".repeat(128)));
/// ```
///
/// [`Rejection`]: crate::Rejection
#[derive(Clone, Copy)]
pub struct Escaped<'a>(pub &'a [u8]);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &b in self.0.iter().take(CUT) {
            write!(f, "{}", core::ascii::escape_default(b))?;
        }
        if self.0.len() > CUT {
            write!(f, "… ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

impl fmt::Debug for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::format;

    #[test]
    fn escapes_controls_and_cuts() {
        assert_eq!(format!("{}", Escaped(b"a\r\nb\xff")), "a\\r\\nb\\xff");
        assert_eq!(format!("{:?}", Escaped(b"x-a")), "\"x-a\"");
        let long = [b'a'; 300];
        let s = format!("{}", Escaped(&long));
        assert!(s.ends_with("… (300 bytes)") && s.len() < 150, "{s}");
    }
}
