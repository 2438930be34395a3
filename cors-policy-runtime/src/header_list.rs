//! `Access-Control-Request-Headers`: a comma-separated list of header names, possibly split over
//! several header lines.
//!
//! Browsers send the names lowercased, sorted, deduplicated and joined by `,`; other clients
//! (curl, API gateways) add spaces, empty elements, mixed case or several lines. All of those are
//! accepted. The input is attacker-controlled, so the work is capped before any byte is scanned.

use crate::decision::Rejection;
use crate::hash::equal;
use crate::table::Table;
use crate::token::{is_tchar_byte, is_token};

/// Most bytes of `Access-Control-Request-Headers` (all lines together) that are scanned.
pub const MAX_BYTES: usize = 4096;
/// Most list elements (empty ones included) that are accepted.
pub const MAX_ELEMENTS: usize = 64;
/// Most `Access-Control-Request-Headers` lines that are accepted.
pub const MAX_LINES: usize = 16;

/// The request headers a policy allows.
#[derive(Debug)]
pub enum AllowHeaders {
    /// `allow_headers: *`: every name, `Authorization` included; the requested names are echoed.
    Any,
    /// The listed names (lowercase, looked up case-insensitively) and their joined
    /// `Access-Control-Allow-Headers` value (`None` when the list is empty), sorted and joined
    /// by `,` exactly as a browser writes a request's list.
    List(Table<()>, Option<&'static str>),
}

/// Checks every requested name; the first failure is the reason.
pub(crate) fn check<'a>(lines: &[&'a [u8]], allowed: &AllowHeaders) -> Result<(), Rejection<'a>> {
    if lines.len() > MAX_LINES {
        return Err(Rejection::HeaderListTooLong);
    }
    // A browser sends the names lowercase, sorted and joined by `,`: when a script sets every
    // allowed header, the line is the policy's own joined list, and one compare accepts it.
    if let ([line], AllowHeaders::List(_, Some(joined))) = (lines, allowed) {
        if equal(line, joined.as_bytes(), false) {
            return Ok(());
        }
    }
    let total: usize = lines.iter().map(|l| l.len()).sum();
    if total > MAX_BYTES {
        return Err(Rejection::HeaderListTooLong);
    }
    let mut elements = 0;
    for &line in lines {
        let mut rest = line;
        loop {
            // One pass finds the element's end and whether it is a bare token (the browser's
            // shape); only other elements need trimming and a second look.
            let mut end = 0;
            let mut bare = true;
            while let Some(&b) = rest.get(end) {
                if b == b',' {
                    break;
                }
                bare &= is_tchar_byte(b);
                end += 1;
            }
            let (element, next) = rest.split_at(end);
            elements += 1;
            if elements > MAX_ELEMENTS {
                return Err(Rejection::HeaderListTooLong);
            }
            let name = if bare { element } else { trim_ows(element) };
            if !name.is_empty() {
                if !bare && !is_token(name) {
                    return Err(Rejection::InvalidHeaderName(name));
                }
                if let AllowHeaders::List(table, _) = allowed {
                    if table.get(name).is_none() {
                        return Err(Rejection::HeaderNotAllowed(name));
                    }
                }
            }
            match next {
                [_comma, after @ ..] => rest = after,
                [] => break,
            }
        }
    }
    Ok(())
}

/// Whether any line holds at least one name (so an echo is worth sending).
pub(crate) fn has_names(lines: &[&[u8]]) -> bool {
    lines
        .iter()
        .any(|l| l.iter().any(|&b| !matches!(b, b',' | b' ' | b'\t')))
}

fn trim_ows(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::Window;
    extern crate std;
    use std::vec::Vec;

    /// A one-name table built by hand as the macro would: direct, two slots, the name in the
    /// slot its hash picks. Both layouts are static, so nothing is leaked (Miri checks).
    fn one(name: &'static str) -> AllowHeaders {
        let slot = (crate::hash::slot_word(name.as_bytes(), Window::WHOLE, true, 0) >> 63) as usize;
        assert_eq!(name, NAME, "the layouts below hold this name");
        const NAME: &str = "x-request-id";
        let keys: &'static [&'static str] = if slot == 0 { &[NAME, ""] } else { &["", NAME] };
        AllowHeaders::List(
            Table::new(
                0,
                Window::WHOLE,
                true,
                name.len(),
                name.len(),
                &[],
                keys,
                &[(), ()],
            ),
            Some(name),
        )
    }

    #[test]
    fn accepts_every_shape_of_list() {
        let allowed = one("x-request-id");
        for lines in [
            &[&b"x-request-id"[..]][..],
            &[b"X-Request-Id"],
            &[b" x-request-id ,, ,\tX-REQUEST-ID"],
            &[b"", b"x-request-id", b","],
            &[],
        ] {
            assert_eq!(check(lines, &allowed), Ok(()), "{lines:?}");
        }
    }

    #[test]
    fn names_the_first_refused_header() {
        let allowed = one("x-request-id");
        assert_eq!(
            check(&[b"x-request-id, authorization"], &allowed),
            Err(Rejection::HeaderNotAllowed(b"authorization"))
        );
        assert_eq!(
            check(&[b"x-request-id", b"x-other"], &allowed),
            Err(Rejection::HeaderNotAllowed(b"x-other"))
        );
        assert_eq!(
            check(&[b"x request"], &allowed),
            Err(Rejection::InvalidHeaderName(b"x request"))
        );
        assert_eq!(
            check(&[b"x-r\xc3\xa9"], &AllowHeaders::Any),
            Err(Rejection::InvalidHeaderName(b"x-r\xc3\xa9"))
        );
    }

    #[test]
    fn any_allows_every_token_including_authorization() {
        assert_eq!(
            check(&[b"authorization,x-a, X-B"], &AllowHeaders::Any),
            Ok(())
        );
    }

    #[test]
    fn caps_bytes_elements_and_lines() {
        let huge: Vec<u8> = b"x-a,".iter().copied().cycle().take(1 << 20).collect();
        assert_eq!(
            check(&[&huge], &AllowHeaders::Any),
            Err(Rejection::HeaderListTooLong)
        );
        let commas = [b','; MAX_ELEMENTS + 1];
        assert_eq!(
            check(&[&commas], &AllowHeaders::Any),
            Err(Rejection::HeaderListTooLong)
        );
        let lines = [&b"x-a"[..]; MAX_LINES + 1];
        assert_eq!(
            check(&lines, &AllowHeaders::Any),
            Err(Rejection::HeaderListTooLong)
        );
        let ok = [b','; MAX_ELEMENTS - 1];
        assert_eq!(check(&[&ok], &AllowHeaders::Any), Ok(()));
    }

    #[test]
    fn has_names_ignores_separators() {
        assert!(!has_names(&[b" , ,\t", b""]));
        assert!(has_names(&[b" , x"]));
    }
}
