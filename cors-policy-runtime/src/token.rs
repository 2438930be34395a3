//! RFC 9110 `token`: the grammar of method and header names.

/// `tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA`
#[inline]
pub(crate) const fn is_tchar(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`'
        | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// `is_tchar` for every byte, computed at compile time: one load per byte on the hot path.
static TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_tchar(b as u8);
        b += 1;
    }
    table
};

/// Whether `s` is a non-empty token.
#[inline]
pub(crate) fn is_token(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(|&b| is_tchar_byte(b))
}

/// [`is_tchar`] by table lookup.
#[inline(always)]
pub(crate) fn is_tchar_byte(b: u8) -> bool {
    TCHAR[usize::from(b)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_grammar() {
        for b in 0..=255u8 {
            assert_eq!(TCHAR[usize::from(b)], is_tchar(b), "{b:#x}");
        }
    }

    #[test]
    fn tokens() {
        for ok in ["GET", "x-request-id", "PROPFIND", "a!#$%&'*+-.^_`|~9"] {
            assert!(is_token(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "a b", "a,b", "a:b", "a\"b", "(x)", "\u{e9}", "a\tb", "a/b", "{}",
        ] {
            assert!(!is_token(bad.as_bytes()), "{bad}");
        }
    }
}
