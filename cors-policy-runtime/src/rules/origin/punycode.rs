//! RFC 3492 punycode, encoder only.
//!
//! Browsers serialize an internationalised host in its ASCII form (`xn--…` labels), so an
//! origin written as `https://bücher.example` never matches the `Origin` header a browser
//! sends. The origin rules use this encoder to print the form to write instead. It is a help
//! text helper, not a full UTS #46 implementation: each label is lowercased with
//! `char::to_lowercase` and encoded, without NFC normalisation or mapping tables.

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

/// A punycode digit: 0..=25 are `a`..=`z`, 26..=35 are `0`..=`9`.
fn digit(d: u32) -> char {
    match d {
        0..=25 => char::from(b'a' + d as u8),
        26..=35 => char::from(b'0' + (d - 26) as u8),
        // Unreachable by construction (every caller reduces modulo BASE); never panic anyway.
        _ => '?',
    }
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
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
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
    fn huge_input_does_not_panic() {
        let long: Vec<char> = core::iter::repeat_n('\u{10FFFF}', 5000)
            .chain(core::iter::repeat_n('\u{80}', 5000))
            .collect();
        let _ = encode(&long);
    }
}
