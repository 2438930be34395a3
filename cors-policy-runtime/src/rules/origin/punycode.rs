//! RFC 3492 punycode, both ways.
//!
//! Browsers serialize an internationalised host in its ASCII form (`xn--…` labels), so an
//! origin written as `https://bücher.example` never matches the `Origin` header a browser
//! sends. The origin rules use the encoder to print the form to write instead. It is a help
//! text helper, not a full UTS #46 implementation: each label is lowercased with
//! `char::to_lowercase` and encoded, without NFC normalisation or mapping tables.
//!
//! The decoder is the other half of the URL parser's work on an `xn--` label: a browser decodes
//! it, checks the result and encodes it again, and refuses the whole URL when the label does not
//! decode. A listed `xn--` label that fails here can never be sent in an `Origin` header.

use alloc::string::String;
use alloc::vec::Vec;

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

/// The label separators of IDNA: `.`, and the ideographic and fullwidth full stops, which
/// browsers map to `.` before encoding.
fn is_label_separator(c: char) -> bool {
    matches!(c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}')
}

/// The ASCII form of a host: ASCII labels stay as they are, every other label is lowercased
/// and encoded as `xn--…`. `None` if a label cannot be encoded (arithmetic overflow on
/// absurdly long input).
pub(crate) fn host_to_ascii(host: &str) -> Option<String> {
    let mut out = String::with_capacity(host.len() + 8);
    for (i, label) in host.split(is_label_separator).enumerate() {
        if i > 0 {
            out.push('.');
        }
        if label.is_ascii() {
            out.push_str(label);
        } else {
            let chars: Vec<char> = label.chars().flat_map(char::to_lowercase).collect();
            out.push_str("xn--");
            out.push_str(&encode(&chars)?);
        }
    }
    Some(out)
}

/// The bias adaptation function of RFC 3492 section 6.1.
fn adapt(delta: u32, num_points: u32, first_time: bool) -> u32 {
    let mut delta = if first_time { delta / DAMP } else { delta / 2 };
    delta += delta / num_points.max(1);
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (((BASE - T_MIN + 1) * delta) / (delta + SKEW))
}

/// The threshold `t` of RFC 3492 section 6.2 and 6.3 for the digit at position `k`.
fn threshold(k: u32, bias: u32) -> u32 {
    if k <= bias {
        T_MIN
    } else if k >= bias + T_MAX {
        T_MAX
    } else {
        k - bias
    }
}

/// A punycode digit: 0..=25 are `a`..=`z`, 26..=35 are `0`..=`9`.
fn digit(d: u32) -> char {
    match d {
        0..=25 => char::from(b'a' + d as u8),
        26..=35 => char::from(b'0' + (d - 26) as u8),
        // Unreachable by construction (every caller reduces modulo BASE); never panic anyway.
        _ => '?',
    }
}

/// The value of a punycode digit: `a`..`z` are 0..=25, `0`..`9` are 26..=35. Uppercase is
/// accepted by RFC 3492, but origin hosts are lowercase before they get here.
fn digit_value(b: u8) -> Option<u32> {
    match b {
        b'a'..=b'z' => Some(u32::from(b - b'a')),
        b'0'..=b'9' => Some(u32::from(b - b'0') + 26),
        _ => None,
    }
}

/// Why a label does not decode, for the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// A byte that is neither a basic code point before the last `-` nor a digit after it.
    BadByte(u8),
    /// The digits end in the middle of a number.
    Truncated,
    /// A number or code point beyond what RFC 3492's arithmetic allows (section 6.4).
    Overflow,
    /// A code point that is a surrogate or above U+10FFFF, so not a character at all.
    NotACharacter(u32),
}

/// RFC 3492 section 6.2, the decoding procedure, on a label without its `xn--` prefix. Every
/// step is checked, so hostile input costs at most one pass per output code point and never
/// panics: the output is at most as long as the input.
pub(crate) fn decode(input: &str) -> Result<Vec<char>, DecodeError> {
    let bytes = input.as_bytes();
    let (basic, digits) = match bytes.iter().rposition(|&b| b == b'-') {
        Some(last) => (&bytes[..last], &bytes[last + 1..]),
        None => (&bytes[..0], bytes),
    };
    let mut output: Vec<char> = Vec::with_capacity(bytes.len());
    for &b in basic {
        if !b.is_ascii() {
            return Err(DecodeError::BadByte(b));
        }
        output.push(char::from(b));
    }
    let mut n = INITIAL_N;
    let mut i: u32 = 0;
    let mut bias = INITIAL_BIAS;
    let mut rest = digits.iter();
    while rest.len() > 0 {
        let old_i = i;
        let mut w: u32 = 1;
        let mut k = BASE;
        loop {
            let &b = rest.next().ok_or(DecodeError::Truncated)?;
            let d = digit_value(b).ok_or(DecodeError::BadByte(b))?;
            i = d
                .checked_mul(w)
                .and_then(|dw| i.checked_add(dw))
                .ok_or(DecodeError::Overflow)?;
            let t = threshold(k, bias);
            if d < t {
                break;
            }
            w = w.checked_mul(BASE - t).ok_or(DecodeError::Overflow)?;
            k += BASE;
        }
        let len = u32::try_from(output.len() + 1).map_err(|_| DecodeError::Overflow)?;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len).ok_or(DecodeError::Overflow)?;
        i %= len;
        let c = char::from_u32(n).ok_or(DecodeError::NotACharacter(n))?;
        // `i < len <= output.len() + 1`, so the insertion point is in range.
        output.insert(i as usize, c);
        i += 1;
    }
    Ok(output)
}

/// RFC 3492 section 6.3, the encoding procedure, without the `xn--` prefix.
pub(crate) fn encode(input: &[char]) -> Option<String> {
    let mut output: String = input.iter().filter(|c| c.is_ascii()).collect();
    let basic = u32::try_from(output.len()).ok()?;
    let total = u32::try_from(input.len()).ok()?;
    if basic > 0 {
        output.push('-');
    }
    let mut n = INITIAL_N;
    let mut delta: u32 = 0;
    let mut bias = INITIAL_BIAS;
    let mut handled = basic;
    while handled < total {
        // The smallest code point not yet handled; one exists because handled < total.
        let m = input.iter().map(|&c| c as u32).filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in input {
            let c = c as u32;
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = threshold(k, bias);
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        encode(&chars).unwrap()
    }

    #[test]
    fn rfc3492_and_known_labels() {
        let rows: &[(&str, &str)] = &[
            ("bücher", "bcher-kva"),
            ("münchen", "mnchen-3ya"),
            ("ü", "tda"),
            ("例え", "r8jz45g"),
            ("пример", "e1afmkfd"),
            ("中国", "fiqs8s"),
            ("bahnhof-zürich", "bahnhof-zrich-4ob"),
            // RFC 3492 section 7.1, (A) Arabic (Egyptian).
            (
                "\u{0644}\u{064A}\u{0647}\u{0645}\u{0627}\u{0628}\u{062A}\u{0643}\u{0644}\u{0645}\u{0648}\u{0634}\u{0639}\u{0631}\u{0628}\u{064A}\u{061F}",
                "egbpdaj6bu4bxfgehfvwxn",
            ),
            // RFC 3492 section 7.1, (L) 3<nen>B<gumi><kinpachi><sensei>.
            (
                "3\u{5E74}B\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}",
                "3B-ww4c5e180e575a65lsy2b",
            ),
            ("abc", "abc-"),
            ("", ""),
        ];
        for (input, want) in rows {
            assert_eq!(enc(input), *want, "{input}");
        }
    }

    #[test]
    fn hosts() {
        let rows: &[(&str, &str)] = &[
            ("bücher.example", "xn--bcher-kva.example"),
            ("BÜCHER.example", "xn--bcher-kva.example"),
            ("münchen.de", "xn--mnchen-3ya.de"),
            ("*.münchen.de", "*.xn--mnchen-3ya.de"),
            ("例え。テスト", "xn--r8jz45g.xn--zckzah"),
            ("Example.COM", "Example.COM"),
        ];
        for (input, want) in rows {
            assert_eq!(host_to_ascii(input).as_deref(), Some(*want), "{input}");
        }
    }

    #[test]
    fn decodes_what_it_encodes() {
        let rows: &[&str] = &[
            "bücher",
            "münchen",
            "ü",
            "例え",
            "пример",
            "bahnhof-zürich",
            "\u{0644}\u{064A}\u{0647}\u{0645}\u{0627}\u{0628}\u{062A}\u{0643}\u{0644}\u{0645}\u{0648}\u{0634}\u{0639}\u{0631}\u{0628}\u{064A}\u{061F}",
            "3\u{5E74}B\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}",
            "abc",
            "a-b-ü-c",
            "\u{10FFFF}\u{80}",
        ];
        for text in rows {
            let chars: Vec<char> = text.chars().collect();
            let encoded = encode(&chars).unwrap();
            assert_eq!(decode(&encoded), Ok(chars), "{text} as {encoded}");
        }
        // RFC 3492 section 7.1, (L) and (A), decoded from the RFC's own text (uppercase in
        // the RFC; origins are lowercase before they get here).
        assert_eq!(
            decode("3b-ww4c5e180e575a65lsy2b").map(|c| c.into_iter().collect::<String>()),
            Ok(String::from(
                "3\u{5E74}b\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}"
            ))
        );
        assert_eq!(decode(""), Ok(Vec::new()));
    }

    #[test]
    fn refuses_what_does_not_decode() {
        let rows: &[(&str, DecodeError)] = &[
            // `f` is 5, below the threshold: one complete number, then nothing left of it.
            ("f", DecodeError::Truncated),
            ("zz", DecodeError::Truncated),
            ("a-z", DecodeError::Truncated),
            ("bcher-kv", DecodeError::Truncated),
            ("ab_c", DecodeError::BadByte(b'_')),
            ("abc-d_", DecodeError::BadByte(b'_')),
            ("99999999999", DecodeError::Overflow),
            // U+D800, a surrogate, and a number past U+10FFFF: neither is a character.
            ("ib9b", DecodeError::NotACharacter(0xD800)),
            ("99999a", DecodeError::NotACharacter(0x48_A3C1)),
        ];
        for (text, want) in rows {
            assert_eq!(decode(text), Err(*want), "{text}");
        }
    }

    #[test]
    fn huge_input_does_not_panic() {
        let long: Vec<char> = core::iter::repeat_n('\u{10FFFF}', 5000)
            .chain(core::iter::repeat_n('\u{80}', 5000))
            .collect();
        let _ = encode(&long);
    }
}
