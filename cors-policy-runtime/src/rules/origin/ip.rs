//! IP address hosts, parsed and serialized the way browsers do it.
//!
//! An origin is matched byte for byte against the `Origin` header, and browsers re-serialize IP
//! hosts before sending it (WHATWG URL, "host parsing" and "host serializing"): `127.1` is sent
//! as `127.0.0.1`, `[0:0:0:0:0:0:0:1]` as `[::1]`. To tell the user exactly what to write, the
//! origin rules parse with the same algorithms and print the browser's serialization. Hand
//! written because the crate is `no_std` (`core::net` has no WHATWG shorthand forms).

use alloc::format;
use alloc::string::String;

/// WHATWG "ends in a number": whether a host is parsed as IPv4 by browsers. A host whose last
/// label is numeric is an IPv4 address or invalid, never a domain name.
pub(crate) fn ends_in_number(host: &str) -> bool {
    let mut labels = host.rsplit('.');
    let mut last = labels.next().unwrap_or_default();
    if last.is_empty() {
        match labels.next() {
            Some(previous) => last = previous,
            None => return false,
        }
    }
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    ipv4_number(last).is_some()
}

/// WHATWG "IPv4 number parser": decimal, `0x` hexadecimal or leading-`0` octal. Saturates
/// instead of overflowing; any saturated value is out of range for the caller anyway.
fn ipv4_number(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    let (digits, radix) =
        if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            (hex, 16)
        } else if text.len() > 1 && text.starts_with('0') {
            (text.get(1..)?, 8)
        } else {
            (text, 10)
        };
    let mut value: u64 = 0;
    for c in digits.chars() {
        let d = c.to_digit(radix)?;
        value = value
            .saturating_mul(u64::from(radix))
            .saturating_add(u64::from(d));
    }
    Some(value)
}

/// WHATWG "IPv4 parser": one to four parts, the last filling the remaining bytes.
pub(crate) fn parse_ipv4(host: &str) -> Option<u32> {
    let body = match host.strip_suffix('.') {
        Some("") => return None,
        Some(body) => body,
        None => host,
    };
    let mut numbers = [0u64; 4];
    let mut count = 0usize;
    for part in body.split('.') {
        *numbers.get_mut(count)? = ipv4_number(part)?;
        count += 1;
    }
    let (last, init) = numbers.get(..count)?.split_last()?;
    if init.iter().any(|&n| n > 255) {
        return None;
    }
    // count is 1..=4, so the exponent is 1..=4 and 256^4 = 2^32 fits in u64.
    let exponent = u32::try_from(5 - count).ok()?;
    if *last >= 256u64.pow(exponent) {
        return None;
    }
    let mut value = *last;
    for (i, n) in init.iter().enumerate() {
        let shift = u32::try_from(3 - i).ok()?;
        value += n * 256u64.pow(shift);
    }
    u32::try_from(value).ok()
}

/// Dotted-quad serialization, as browsers send it.
pub(crate) fn format_ipv4(address: u32) -> String {
    let [a, b, c, d] = address.to_be_bytes();
    format!("{a}.{b}.{c}.{d}")
}

/// WHATWG "IPv6 parser" (without brackets), including the embedded dotted-quad form.
pub(crate) fn parse_ipv6(input: &str) -> Option<[u16; 8]> {
    let bytes = input.as_bytes();
    let at = |i: usize| bytes.get(i).copied();
    let mut pieces = [0u16; 8];
    let mut piece_index = 0usize;
    let mut compress: Option<usize> = None;
    let mut i = 0usize;
    if at(0) == Some(b':') {
        if at(1) != Some(b':') {
            return None;
        }
        i = 2;
        piece_index = 1;
        compress = Some(1);
    }
    while let Some(c) = at(i) {
        if piece_index == 8 {
            return None;
        }
        if c == b':' {
            if compress.is_some() {
                return None;
            }
            i += 1;
            piece_index += 1;
            compress = Some(piece_index);
            continue;
        }
        let mut value: u32 = 0;
        let mut length = 0usize;
        while length < 4 {
            match at(i).and_then(|c| char::from(c).to_digit(16)) {
                Some(d) => {
                    value = value * 16 + d;
                    i += 1;
                    length += 1;
                }
                None => break,
            }
        }
        match at(i) {
            Some(b'.') => {
                if length == 0 || piece_index > 6 {
                    return None;
                }
                i -= length;
                let mut numbers_seen = 0;
                while at(i).is_some() {
                    if numbers_seen > 0 {
                        if at(i) == Some(b'.') && numbers_seen < 4 {
                            i += 1;
                        } else {
                            return None;
                        }
                    }
                    if !at(i).is_some_and(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    let mut ipv4_piece: Option<u32> = None;
                    while let Some(c) = at(i).filter(u8::is_ascii_digit) {
                        let n = u32::from(c - b'0');
                        let next = match ipv4_piece {
                            None => n,
                            Some(0) => return None,
                            Some(p) => p * 10 + n,
                        };
                        if next > 255 {
                            return None;
                        }
                        ipv4_piece = Some(next);
                        i += 1;
                    }
                    let slot = pieces.get_mut(piece_index)?;
                    *slot = u16::try_from(u32::from(*slot) * 0x100 + ipv4_piece?).ok()?;
                    numbers_seen += 1;
                    if numbers_seen == 2 || numbers_seen == 4 {
                        piece_index += 1;
                    }
                }
                if numbers_seen != 4 {
                    return None;
                }
                break;
            }
            Some(b':') => {
                i += 1;
                at(i)?;
            }
            Some(_) => return None,
            None => {}
        }
        *pieces.get_mut(piece_index)? = u16::try_from(value).ok()?;
        piece_index += 1;
    }
    if let Some(compress) = compress {
        let mut swaps = piece_index.checked_sub(compress)?;
        piece_index = 7;
        while piece_index != 0 && swaps > 0 {
            let other = (compress + swaps).checked_sub(1)?;
            if other >= 8 {
                return None;
            }
            pieces.swap(piece_index, other);
            piece_index -= 1;
            swaps -= 1;
        }
    } else if piece_index != 8 {
        return None;
    }
    Some(pieces)
}

/// WHATWG "IPv6 serializer" (without brackets): lowercase hex without leading zeros, the first
/// longest run of two or more zero pieces compressed to `::`. This is RFC 5952 except that an
/// IPv4-mapped address stays in hex (`::ffff:7f00:1`), because that is what browsers send.
pub(crate) fn format_ipv6(pieces: [u16; 8]) -> String {
    let mut compress: Option<usize> = None;
    let mut best = 1usize;
    let mut i = 0usize;
    while i < pieces.len() {
        if pieces.get(i) == Some(&0) {
            let start = i;
            while pieces.get(i) == Some(&0) {
                i += 1;
            }
            if i - start > best {
                best = i - start;
                compress = Some(start);
            }
        } else {
            i += 1;
        }
    }
    let mut out = String::new();
    let mut ignore_zero = false;
    for (index, &piece) in pieces.iter().enumerate() {
        if ignore_zero && piece == 0 {
            continue;
        }
        ignore_zero = false;
        if compress == Some(index) {
            out.push_str(if index == 0 { "::" } else { ":" });
            ignore_zero = true;
            continue;
        }
        out.push_str(&format!("{piece:x}"));
        if index != 7 {
            out.push(':');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    #[test]
    fn ipv4_rows() {
        // (host, ends in a number, parsed)
        let rows: &[(&str, bool, Option<&str>)] = &[
            ("127.0.0.1", true, Some("127.0.0.1")),
            ("127.000.0.1", true, Some("127.0.0.1")),
            ("127.1", true, Some("127.0.0.1")),
            ("127.0.1", true, Some("127.0.0.1")),
            ("2130706433", true, Some("127.0.0.1")),
            ("0x7f.1", true, Some("127.0.0.1")),
            ("0x7F000001", true, Some("127.0.0.1")),
            ("010.0.0.1", true, Some("8.0.0.1")),
            ("0.0.0.0", true, Some("0.0.0.0")),
            ("255.255.255.255", true, Some("255.255.255.255")),
            ("1.2.3.4.", true, Some("1.2.3.4")),
            ("256.0.0.1", true, None),
            ("1.2.3.256", true, None),
            ("1.2.3.4.5", true, None),
            ("1.2.65536", true, None),
            ("4294967296", true, None),
            ("99999999999999999999999999", true, None),
            ("08.0.0.1", true, None),
            ("1..2", true, None),
            ("example.123", true, None),
            ("example.0x1", true, None),
            ("0x", true, Some("0.0.0.0")),
            (".", false, None),
            ("", false, None),
            ("example.com", false, None),
            ("1.2.3.a", false, None),
            ("123.example", false, None),
            ("0xg", false, None),
        ];
        for (host, ends, parsed) in rows {
            assert_eq!(ends_in_number(host), *ends, "ends_in_number({host:?})");
            let got = parse_ipv4(host).map(format_ipv4);
            assert_eq!(got.as_deref(), *parsed, "parse_ipv4({host:?})");
        }
    }

    #[rustfmt::skip]
    #[test]
    fn ipv6_rows() {
        let rows: &[(&str, Option<&str>)] = &[
            ("::1", Some("::1")),
            ("0:0:0:0:0:0:0:1", Some("::1")),
            ("::", Some("::")),
            ("0:0:0:0:0:0:0:0", Some("::")),
            ("2001:db8::1", Some("2001:db8::1")),
            ("2001:0db8:0000:0000:0000:0000:0000:0001", Some("2001:db8::1")),
            ("2001:DB8::1", Some("2001:db8::1")),
            ("1::", Some("1::")),
            ("1:0:0:1:0:0:0:1", Some("1:0:0:1::1")),
            ("1:0:0:2:0:0:3:4", Some("1::2:0:0:3:4")),
            ("1:0:2:3:4:5:6:7", Some("1:0:2:3:4:5:6:7")),
            ("::ffff:127.0.0.1", Some("::ffff:7f00:1")),
            ("::1.2.3.4", Some("::102:304")),
            ("fe80::1:2", Some("fe80::1:2")),
            (":", None),
            (":::", None),
            ("1:::2", None),
            ("1::2::3", None),
            ("1:2:3:4:5:6:7", None),
            ("1:2:3:4:5:6:7:8:9", None),
            ("1:2:3:4:5:6:7:8::", None),
            ("12345::", None),
            ("1:", None),
            ("g::", None),
            ("::1%eth0", None),
            ("::1.2.3", None),
            ("::1.2.3.4.5", None),
            ("::01.2.3.4", None),
            ("::256.2.3.4", None),
            ("1:2:3:4:5:6:7:1.2.3.4", None),
            ("", None),
            ("[::1]", None),
        ];
        for (text, want) in rows {
            let got = parse_ipv6(text).map(format_ipv6);
            assert_eq!(got.as_deref(), *want, "{text:?}");
        }
    }
}
