//! `xn--` labels as a browser's URL parser sees them.
//!
//! A browser turns a host into its ASCII form with UTS #46 (WHATWG URL, "domain to ASCII"): an
//! `xn--` label is decoded (RFC 3492), the result must be a valid label, and the label is encoded
//! again. A label that fails makes the whole URL invalid, so a page can never have that origin;
//! a label that decodes but encodes differently is sent in its canonical form. Either way the
//! listed text never matches an `Origin` header, which is what [`check`] refuses.
//!
//! What is checked without Unicode tables (the crate is `no_std` and this runs in the macro):
//! the decoding itself; the rules of UTS #46 on the decoded label that need no mapping table (not
//! empty, not plain ASCII, not itself starting with `xn--`, no full stop, nothing case-mapped);
//! and the code points whose UTS #46 status is never "valid" and that can be recognised by range
//! (controls, whitespace, noncharacters, private use, default-ignorable and bidi formatting
//! characters, a combining mark from the common combining blocks at the start). Not checked:
//! unassigned code points, NFC, the bidi rule (RFC 5893) and the joiner rules (RFC 5892): a label
//! broken only in those ways is accepted, and never matches.

use alloc::string::String;

use super::punycode::{self, DecodeError};

/// Why an `xn--` label can never appear in an `Origin` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The part after `xn--` is not RFC 3492 punycode.
    Undecodable(DecodeError),
    /// `xn--` with nothing to decode.
    Empty,
    /// It decodes to plain ASCII, which is written as itself.
    Ascii(String),
    /// It decodes, but browsers would send another encoding of the same text.
    NotCanonical { decoded: String, canonical: String },
    /// It decodes to a label that itself starts with `xn--`.
    NestedPrefix(String),
    /// It decodes to text containing a code point no label may contain.
    Forbidden {
        decoded: String,
        c: char,
        why: Forbidden,
    },
}

/// The kinds of code point a decoded label may not contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Forbidden {
    /// `.` or a character browsers read as one (`。`, `．`, `｡`): a label separator.
    FullStop,
    /// A letter that case folding changes (uppercase, except Cherokee, which folds to
    /// uppercase): browsers map it before encoding.
    CaseMapped,
    /// A control character.
    Control,
    /// A space character.
    Whitespace,
    /// A noncharacter (`U+FDD0`..`U+FDEF`, `U+xxFFFE`, `U+xxFFFF`).
    Noncharacter,
    /// A private-use character.
    PrivateUse,
    /// A default-ignorable or bidi formatting character, which browsers drop or refuse.
    Invisible,
    /// A combining mark as the first code point.
    LeadingMark,
}

impl Forbidden {
    /// A clause naming the kind, for the message.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Forbidden::FullStop => "a full stop, which separates labels",
            Forbidden::CaseMapped => "a letter that browsers map to another case before encoding",
            Forbidden::Control => "a control character",
            Forbidden::Whitespace => "a space character",
            Forbidden::Noncharacter => "a noncharacter",
            Forbidden::PrivateUse => "a private-use character",
            Forbidden::Invisible => "an invisible formatting character",
            Forbidden::LeadingMark => "a combining mark at the start of the label",
        }
    }
}

/// Checks one `xn--` label (lowercase ASCII, the prefix included).
pub(crate) fn check(label: &str) -> Result<(), Problem> {
    let encoded = label.get(4..).unwrap_or_default();
    if encoded.is_empty() {
        return Err(Problem::Empty);
    }
    let chars = punycode::decode(encoded).map_err(Problem::Undecodable)?;
    let decoded: String = chars.iter().collect();
    if chars.iter().all(char::is_ascii) {
        return Err(Problem::Ascii(decoded));
    }
    if decoded.starts_with("xn--") {
        return Err(Problem::NestedPrefix(decoded));
    }
    for (i, &c) in chars.iter().enumerate() {
        if let Some(why) = forbidden(c, i == 0) {
            return Err(Problem::Forbidden { decoded, c, why });
        }
    }
    // Decoding and encoding are not exact inverses (`xn---abc` and `xn--abc` decode alike).
    match punycode::encode(&chars) {
        Some(canonical) if canonical == encoded => Ok(()),
        Some(canonical) => Err(Problem::NotCanonical {
            decoded,
            canonical: alloc::format!("xn--{canonical}"),
        }),
        // Unreachable for a label that decoded (the encoder's arithmetic is the decoder's),
        // but never a panic and never a pass.
        None => Err(Problem::Undecodable(DecodeError::Overflow)),
    }
}

/// The kind of `c` if no label may contain it (`first`: it would start the label).
fn forbidden(c: char, first: bool) -> Option<Forbidden> {
    let u = c as u32;
    let why = if matches!(c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}' | '\u{FE52}') {
        Forbidden::FullStop
    } else if c.is_control() {
        Forbidden::Control
    } else if c.is_whitespace() {
        Forbidden::Whitespace
    } else if (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE {
        Forbidden::Noncharacter
    } else if (0xE000..=0xF8FF).contains(&u) || u >= 0xF_0000 {
        // Planes 15 and 16 are private use, but for their last two code points, which are
        // noncharacters and caught above.
        Forbidden::PrivateUse
    } else if is_invisible(u) {
        Forbidden::Invisible
    } else if is_case_mapped(c) {
        Forbidden::CaseMapped
    } else if first && is_common_combining_mark(u) {
        Forbidden::LeadingMark
    } else {
        return None;
    };
    Some(why)
}

/// Whether case folding, which browsers apply before encoding, changes `c`. That is lowercasing
/// for every script but Cherokee, whose case folding goes to uppercase (its uppercase letters
/// are the valid ones, its small letters are mapped).
fn is_case_mapped(c: char) -> bool {
    match c as u32 {
        0x13A0..=0x13F5 => false,
        0x13F8..=0x13FD | 0xAB70..=0xABBF => true,
        _ => c.to_lowercase().ne(core::iter::once(c)),
    }
}

/// Default-ignorable and formatting code points whose UTS #46 status is "ignored" or
/// "disallowed" (never "valid"): browsers drop them from typed input and refuse them in an
/// `xn--` label. The joiners U+200C and U+200D are "deviation" and left to the joiner rules.
fn is_invisible(u: u32) -> bool {
    matches!(
        u,
        0x00AD
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B
            | 0x200E..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

/// Blocks made only of combining marks (or unassigned code points, which are refused by
/// browsers anyway): a label may not start with one.
fn is_common_combining_mark(u: u32) -> bool {
    matches!(
        u,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
            | 0xFE20..=0xFE2F
    )
}

/// The decoded text as quoted in a message: invisible code points written as escapes.
pub(crate) fn quote(decoded: &str) -> String {
    let mut out = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        if forbidden(c, false).is_some_and(|why| why != Forbidden::CaseMapped)
            || c == '\u{200C}'
            || c == '\u{200D}'
        {
            out.push_str(&alloc::format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn ace(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        alloc::format!("xn--{}", punycode::encode(&chars).unwrap())
    }

    #[test]
    fn valid_labels() {
        for text in [
            "bücher",
            "münchen",
            "例え",
            "пример",
            "☃",
            "ß",
            "ς",
            "مثال",
            "\u{13A0}\u{13A1}",
        ] {
            let label = ace(text);
            assert_eq!(check(&label), Ok(()), "{text} as {label}");
        }
        assert_eq!(check("xn--bcher-kva"), Ok(()));
        assert_eq!(check("xn--mnchen-3ya"), Ok(()));
    }

    #[test]
    fn refused_labels() {
        let forbidden_rows: &[(&str, Forbidden)] = &[
            ("a\u{3002}b", Forbidden::FullStop),
            ("ü\u{FF0E}", Forbidden::FullStop),
            ("ü\u{FF61}", Forbidden::FullStop),
            ("ü\u{FE52}", Forbidden::FullStop),
            ("Über", Forbidden::CaseMapped),
            ("aΣ", Forbidden::CaseMapped),
            ("\u{AB70}", Forbidden::CaseMapped),
            ("ü\u{13F8}", Forbidden::CaseMapped),
            ("\u{0085}x", Forbidden::Control),
            ("ü\u{009F}", Forbidden::Control),
            ("ü\u{00A0}x", Forbidden::Whitespace),
            ("\u{3000}", Forbidden::Whitespace),
            ("\u{FFFF}", Forbidden::Noncharacter),
            ("ü\u{FDD0}", Forbidden::Noncharacter),
            ("\u{10FFFE}", Forbidden::Noncharacter),
            ("\u{E000}", Forbidden::PrivateUse),
            ("ü\u{F0000}", Forbidden::PrivateUse),
            ("ü\u{10FFFD}", Forbidden::PrivateUse),
            ("ü\u{200B}", Forbidden::Invisible),
            ("ü\u{00AD}", Forbidden::Invisible),
            ("ü\u{FE0F}", Forbidden::Invisible),
            ("ü\u{202E}", Forbidden::Invisible),
            ("ü\u{E0041}", Forbidden::Invisible),
            ("\u{0301}a", Forbidden::LeadingMark),
            ("\u{20D7}ü", Forbidden::LeadingMark),
        ];
        for (text, why) in forbidden_rows {
            let label = ace(text);
            match check(&label) {
                Err(Problem::Forbidden { why: got, .. }) => assert_eq!(got, *why, "{text:?}"),
                other => panic!("{text:?} as {label}: {other:?}"),
            }
        }
        assert_eq!(check("xn--"), Err(Problem::Empty));
        assert_eq!(check("xn--abc-"), Err(Problem::Ascii("abc".into())));
        assert_eq!(
            check("xn--f"),
            Err(Problem::Undecodable(DecodeError::Truncated))
        );
        assert_eq!(
            check("xn--ib9b"),
            Err(Problem::Undecodable(DecodeError::NotACharacter(0xD800)))
        );
        // A leading hyphen is fine: browsers do not check hyphens (CheckHyphens=false).
        assert_eq!(check("xn---bcher-kva"), Ok(()));
        let nested = ace("xn--ü");
        assert_eq!(check(&nested), Err(Problem::NestedPrefix("xn--ü".into())));
    }

    #[test]
    fn non_canonical_spelling() {
        // No basic code points, yet a delimiter: decodes like the canonical form.
        let canonical = ace("例え");
        let spelled = alloc::format!("xn---{}", &canonical[4..]);
        assert_eq!(
            check(&spelled),
            Err(Problem::NotCanonical {
                decoded: "例え".into(),
                canonical
            })
        );
    }

    #[test]
    fn quotes_invisible_code_points() {
        assert_eq!(quote("a\u{200B}b\u{3002}Ü"), "a\\u{200B}b\\u{3002}Ü");
    }
}
