//! Request bytes made safe to print: escaped and cut, so that a hostile header can neither
//! forge a log line (CR, LF and other control bytes) nor flood one.

use core::fmt;

/// Most bytes of a request value that are printed.
pub(crate) const CUT: usize = 128;

/// `bytes` escaped (`\n`, `\x7f`, `\xff`…) and cut to [`CUT`] bytes, with the full length said
/// when cut. Its `Debug` adds quotes, so that `Debug` of a decision reads as text.
#[derive(Clone, Copy)]
pub(crate) struct Escaped<'a>(pub(crate) &'a [u8]);

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
