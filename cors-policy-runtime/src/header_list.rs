//! `Access-Control-Request-Headers`: a comma-separated list of header names, possibly split over
//! several header lines.
//!
//! Browsers send the names lowercased, sorted, deduplicated and joined by `,`; other clients
//! (curl, API gateways) add spaces, empty elements, mixed case or several lines. All of those are
//! accepted. The input is attacker-controlled, so the work is capped before any byte is scanned.

use core::fmt;

use crate::hash::equal;
use crate::limits::{MAX_BYTES, MAX_ELEMENTS, MAX_LINES};
use crate::rejection::Rejection;
use crate::storage::Storage;
use crate::table::Table;
use crate::token::{is_tchar_byte, is_token};

/// The request headers a policy allows.
pub enum AllowHeaders<S: Storage> {
    /// `allow_headers: *`: every name, `Authorization` included; the requested names are echoed.
    Any,
    /// The listed names (lowercase, looked up case-insensitively) and their joined
    /// `Access-Control-Allow-Headers` value (`None` when the list is empty), sorted and joined
    /// by `,` exactly as a browser writes a request's list.
    List(Table<S, ()>, Option<S::Str>),
}

impl<S: Storage> fmt::Debug for AllowHeaders<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllowHeaders::Any => f.write_str("Any"),
            AllowHeaders::List(table, _) => f
                .debug_list()
                .entries(table.keys().map(crate::storage::text))
                .finish(),
        }
    }
}

/// Checks every requested name; the first failure is the reason.
pub(crate) fn check<'a, S: Storage>(
    lines: &[&'a [u8]],
    allowed: &AllowHeaders<S>,
) -> Result<(), Rejection<'a>> {
    if lines.len() > MAX_LINES {
        return Err(Rejection::HeaderListTooLong);
    }
    // A browser sends the names lowercase, sorted and joined by `,`: when a script sets every
    // allowed header, the line is the policy's own joined list, and one compare accepts it.
    if let ([line], AllowHeaders::List(_, Some(joined))) = (lines, allowed) {
        if equal(line, joined.as_ref(), false) {
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
    use crate::storage::Static;
    use crate::table::Layout;
    extern crate std;
    use std::vec::Vec;

    /// A one-name table built by hand as the macro would: direct, two slots, the name in the
    /// slot its hash picks. Both layouts are static, so nothing is leaked (Miri checks).
    fn one(name: &'static str) -> AllowHeaders<Static> {
        let slot = (crate::hash::hash_word(name.as_bytes(), Window::WHOLE, true, 0) >> 63) as usize;
        assert_eq!(name, NAME, "the layouts below hold this name");
        const NAME: &str = "x-request-id";
        let keys: &'static [&'static str] = if slot == 0 { &[NAME, ""] } else { &["", NAME] };
        let layout = Layout {
            seed: 0,
            window: Window::WHOLE,
            fold: true,
            min_len: name.len(),
            max_len: name.len(),
        };
        AllowHeaders::List(Table::new(layout, &[], &[], keys, &[(), ()]), Some(name))
    }

    const ANY: AllowHeaders<Static> = AllowHeaders::Any;

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
            check(&[b"x-r\xc3\xa9"], &ANY),
            Err(Rejection::InvalidHeaderName(b"x-r\xc3\xa9"))
        );
    }

    #[test]
    fn any_allows_every_token_including_authorization() {
        assert_eq!(check(&[b"authorization,x-a, X-B"], &ANY), Ok(()));
    }

    #[test]
    fn caps_bytes_elements_and_lines() {
        let huge: Vec<u8> = b"x-a,".iter().copied().cycle().take(1 << 20).collect();
        assert_eq!(check(&[&huge], &ANY), Err(Rejection::HeaderListTooLong));
        let commas = [b','; MAX_ELEMENTS + 1];
        assert_eq!(check(&[&commas], &ANY), Err(Rejection::HeaderListTooLong));
        let lines = [&b"x-a"[..]; MAX_LINES + 1];
        assert_eq!(check(&lines, &ANY), Err(Rejection::HeaderListTooLong));
        let ok = [b','; MAX_ELEMENTS - 1];
        assert_eq!(check(&[&ok], &ANY), Ok(()));
    }

    #[test]
    fn has_names_ignores_separators() {
        assert!(!has_names(&[b" , ,\t", b""]));
        assert!(has_names(&[b" , x"]));
    }
}
