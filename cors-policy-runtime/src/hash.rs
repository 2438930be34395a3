//! The keyed hash behind every compile-time table.
//!
//! A general-purpose hash (SipHash, as `phf` uses) would spend most of a lookup hashing. Table
//! keys are known at compile time, so the macro picks a byte [`Window`] that already tells every
//! key apart (as frozen-collections does) and the table hashes only that window plus the key's
//! length, with a folded multiply. The single full compare after the probe still checks every
//! byte, so the window affects speed, never correctness.
//!
//! The macro and the runtime call these same functions, so the hashes they compute always agree.

const ONES: u64 = 0x0101_0101_0101_0101;
const K0: u64 = 0x9E37_79B9_7F4A_7C15;
const K1: u64 = 0xBF58_476D_1CE4_E5B9;
const K2: u64 = 0x94D0_49BB_1331_11EB;
const K3: u64 = 0x2545_F491_4F6C_DD1D;

/// Which bytes of a key feed the hash, besides its length: none, one 8-byte word at a fixed
/// offset from the start or the end, or every byte.
///
/// A word window is chosen only when every key of the table has the word's bytes, and a table
/// rejects a key shorter than its shortest key before hashing, so the word is one unaligned load
/// with no clamping: a lookup of an origin is then one load, two multiplies and one compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    from_end: bool,
    offset: u32,
    len: u32,
}

impl Window {
    /// Every byte of the key.
    pub const WHOLE: Window = Window {
        from_end: false,
        offset: 0,
        len: u32::MAX,
    };

    /// Only the key's length.
    pub const LENGTH: Window = Window {
        from_end: false,
        offset: 0,
        len: 0,
    };

    /// The eight bytes starting `offset` bytes after the start of the key, or ending `offset`
    /// bytes before its end.
    pub const fn word(from_end: bool, offset: u32) -> Window {
        Window {
            from_end,
            offset,
            len: 8,
        }
    }

    /// The window with these [`Window::parts`]; the macro emits them. `len` is 0 (the length
    /// only), 8 (a word) or `u32::MAX` (every byte).
    pub const fn new(from_end: bool, offset: u32, len: u32) -> Window {
        assert!(
            len == 0 || len == 8 || len == u32::MAX,
            "a window is 0, 8 or all bytes"
        );
        Window {
            from_end,
            offset,
            len,
        }
    }

    /// `(from_end, offset, len)`, the arguments of [`Window::new`].
    pub const fn parts(self) -> (bool, u32, u32) {
        (self.from_end, self.offset, self.len)
    }

    /// Whether this is a one-word window.
    #[inline(always)]
    pub(crate) const fn is_word(self) -> bool {
        self.len == 8
    }

    /// The fewest bytes a key needs for this window to read only its own bytes.
    pub const fn min_key_len(self) -> usize {
        match self.len {
            8 => self.offset as usize + 8,
            _ => 0,
        }
    }

    /// What the hash reads of `key` besides its length: the word of a word window
    /// (ASCII-lowercased when `fold`), 0 for the length-only window. `None` for the whole-key
    /// window, or a key too short for the word. The macro tells keys apart with this very
    /// function, so its choice of window and the runtime's hash cannot disagree.
    #[inline(always)]
    pub fn word_of(self, key: &[u8], fold: bool) -> Option<u64> {
        match self.len {
            0 => Some(0),
            8 => {
                let w = self.load_word(key)?;
                Some(if fold { lower_word(w) } else { w })
            }
            _ => None,
        }
    }

    /// Everything the hash takes from `key` before the seed: its length and the window's word,
    /// mixed as [`hash_word`] mixes them. `None` for the whole-key window, or a key too short
    /// for the word. Two keys with the same value hash alike under every seed, so a table's
    /// window must give every key its own (the table builder checks exactly this).
    #[inline(always)]
    pub fn premix(self, key: &[u8], fold: bool) -> Option<u64> {
        Some(length_mix(key) ^ self.word_of(key, fold)?)
    }

    /// The word of a word window, or `None` when `key` is too short for it.
    #[inline(always)]
    fn load_word(self, key: &[u8]) -> Option<u64> {
        let offset = self.offset as usize;
        let start = if self.from_end {
            key.len().checked_sub(offset + 8)?
        } else {
            offset
        };
        let bytes = key.get(start..start + 8)?;
        let mut w = [0u8; 8];
        w.copy_from_slice(bytes);
        Some(u64::from_le_bytes(w))
    }
}

#[inline(always)]
fn fold_mul(a: u64, b: u64) -> u64 {
    let full = (a as u128).wrapping_mul(b as u128);
    (full as u64) ^ ((full >> 64) as u64)
}

/// ASCII-lowercases eight bytes at once, so case-insensitive tables cost no extra pass.
#[inline(always)]
fn lower_word(w: u64) -> u64 {
    let heptets = w & (0x7f * ONES);
    let ge_a = heptets.wrapping_add((0x80 - b'A' as u64) * ONES);
    let gt_z = heptets.wrapping_add((0x7f - b'Z' as u64) * ONES);
    let upper = ge_a & !gt_z & !w & (0x80 * ONES);
    w | (upper >> 2)
}

/// Up to eight bytes as a little-endian word, zero-padded, with fixed-size loads only (a
/// variable-length copy would be a `memcpy` call on the hot path).
#[inline(always)]
fn word(bytes: &[u8], fold: bool) -> u64 {
    let w = match *bytes {
        [a, b, c, d, e, f, g, h, ..] => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
        [a, b, c, d, ref rest @ ..] => {
            // 4..=7 bytes: the first four and the last four, overlapping.
            let lo = u32::from_le_bytes([a, b, c, d]) as u64;
            let n = rest.len();
            let tail = &bytes[n..];
            let hi = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]) as u64;
            lo | (hi << (8 * n as u32))
        }
        [a, b, c] => u64::from_le_bytes([a, b, c, 0, 0, 0, 0, 0]),
        [a, b] => u64::from_le_bytes([a, b, 0, 0, 0, 0, 0, 0]),
        [a] => u64::from(a),
        [] => 0,
    };
    if fold {
        lower_word(w)
    } else {
        w
    }
}

/// The 64-bit hash of `key` for a table with this `window`, case folding and `seed`: a direct
/// table takes its slot from the top bits, a PtrHash table its bucket from the low half and its
/// slot from the high half.
///
/// A word window's absorbed word is already one keyed, folded multiply of the key's bytes, and
/// it is used as is: every table's lookup then has one multiply before its first load (a
/// second, final mix cost a PtrHash lookup about 1 ns, `--bench solver`). The length alone or
/// every byte get a final mix.
///
/// With `fold`, ASCII letters hash as their lowercase form, so `X-Request-Id` and
/// `x-request-id` land in the same slot.
#[inline(always)]
pub fn hash_word(key: &[u8], window: Window, fold: bool, seed: u64) -> u64 {
    let h = absorb(key, window, fold, seed);
    if window.len == 8 {
        h
    } else {
        finish(h, seed)
    }
}

/// The key's length, mixed so that distinct lengths stay distinct (`K0` is odd).
#[inline(always)]
fn length_mix(key: &[u8]) -> u64 {
    (key.len() as u64).wrapping_mul(K0)
}

/// The window's bytes and the key's length, folded into one word.
#[inline(always)]
fn absorb(key: &[u8], window: Window, fold: bool, seed: u64) -> u64 {
    match window.len {
        0 => seed ^ length_mix(key),
        8 => {
            // Tables check the length first, so the word is always there on a lookup; a short
            // key (only ever a miss) hashes as its length alone. (The value is `premix` when
            // the word is there.)
            let word = window.word_of(key, fold).unwrap_or(0);
            fold_mul(seed ^ length_mix(key) ^ word, K1)
        }
        _ => absorb_all(key, fold, seed ^ length_mix(key)),
    }
}

/// Every byte, eight at a time: for tables no single word tells apart.
#[inline(always)]
fn absorb_all(bytes: &[u8], fold: bool, mut h: u64) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        h = fold_mul(h ^ word(chunk, fold), K1);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = fold_mul(h ^ word(rest, fold), K2 ^ rest.len() as u64);
    }
    h
}

#[inline(always)]
fn finish(h: u64, seed: u64) -> u64 {
    fold_mul(h ^ K3, seed ^ K1)
}

/// `a == b` for equal-length keys, eight bytes at a time and inline (a `bcmp` call costs as
/// much as the rest of a lookup). With `fold`, `a` (the request's bytes) is ASCII-lowercased
/// first and `b` (a stored key) is lowercase already.
#[inline(always)]
pub fn equal(a: &[u8], b: &[u8], fold: bool) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        return word(a, fold) == word(b, false);
    }
    let mut i = 0;
    while i + 8 < n {
        if load(a, i, fold) != load(b, i, false) {
            return false;
        }
        i += 8;
    }
    // The last word overlaps the previous one when `n` is not a multiple of eight.
    load(a, n - 8, fold) == load(b, n - 8, false)
}

/// The eight bytes at `i..i + 8` (in bounds by the callers' loop conditions).
#[inline(always)]
fn load(s: &[u8], i: usize, fold: bool) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&s[i..i + 8]);
    let w = u64::from_le_bytes(w);
    if fold {
        lower_word(w)
    } else {
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;

    #[test]
    fn folding_makes_case_irrelevant() {
        for seed in [0, 1, u64::MAX, 0x1234_5678] {
            let a = hash_word(b"X-Request-Id-And-More", Window::WHOLE, true, seed);
            let b = hash_word(b"x-request-id-and-more", Window::WHOLE, true, seed);
            assert_eq!(a, b);
            let c = hash_word(b"X-Request-Id-And-More", Window::WHOLE, false, seed);
            assert_ne!(a, c);
            let w = Window::word(false, 2);
            assert_eq!(
                hash_word(b"X-Request-Id", w, true, seed),
                hash_word(b"x-request-id", w, true, seed)
            );
        }
    }

    #[test]
    fn lower_word_only_touches_ascii_uppercase() {
        for b in 0u8..=255 {
            let w = lower_word(u64::from(b) << 24);
            let expect = if b.is_ascii_uppercase() {
                b.to_ascii_lowercase()
            } else {
                b
            };
            assert_eq!(w, u64::from(expect) << 24, "byte {b:#x}");
        }
    }

    #[test]
    fn word_windows_read_one_word_and_length_still_counts() {
        let w = Window::word(false, 8);
        assert_eq!(
            w.load_word(b"https://app.example.com"),
            Some(u64::from_le_bytes(*b"app.exam"))
        );
        assert_eq!(w.load_word(b"https://app"), None);
        let e = Window::word(true, 4);
        assert_eq!(
            e.load_word(b"abcdefghijkl"),
            Some(u64::from_le_bytes(*b"abcdefgh"))
        );
        assert_eq!(e.load_word(b"abcdefghijk"), None);
        assert_eq!(e.min_key_len(), 12);
        // Same window bytes, different lengths: different hashes.
        let a = hash_word(b"https://a.example.com", w, false, 7);
        let b = hash_word(b"https://a.example.comx", w, false, 7);
        assert_ne!(a, b);
        // Only the window's bytes count (the compare after the probe checks the rest).
        let c = hash_word(b"https://a.example.org", w, false, 7);
        assert_eq!(a, c);
    }

    #[test]
    fn word_reads_every_length_like_a_padded_copy() {
        let data = b"abcdefghijk";
        for n in 0..=data.len() {
            let bytes = &data[..n];
            let mut buf = [0u8; 8];
            let k = n.min(8);
            buf[..k].copy_from_slice(&bytes[..k]);
            assert_eq!(word(bytes, false), u64::from_le_bytes(buf), "{n} bytes");
        }
    }

    #[test]
    fn equal_matches_slice_equality() {
        let keys: [&[u8]; 8] = [
            b"",
            b"a",
            b"abcdefg",
            b"abcdefgh",
            b"abcdefghi",
            b"https://console.example-cloud.net",
            b"x-request-id",
            b"X-Request-Id",
        ];
        for a in keys {
            for b in keys {
                let lower: std::vec::Vec<u8> = b.to_ascii_lowercase();
                assert_eq!(equal(a, b, false), a == b, "{a:?} {b:?}");
                assert_eq!(
                    equal(a, &lower, true),
                    a.eq_ignore_ascii_case(&lower),
                    "{a:?} {b:?}"
                );
            }
        }
        // Every single-byte difference is seen, wherever it is.
        let base = b"https://console.example-cloud.net".to_vec();
        for i in 0..base.len() {
            let mut other = base.clone();
            other[i] ^= 1;
            assert!(!equal(&base, &other, false), "byte {i}");
        }
    }

    #[test]
    fn seed_changes_every_output() {
        let a = hash_word(b"content-type", Window::WHOLE, true, 1);
        let b = hash_word(b"content-type", Window::WHOLE, true, 2);
        assert_ne!(a, b);
        let w = Window::word(true, 0);
        assert_ne!(
            hash_word(b"content-type", w, true, 1),
            hash_word(b"content-type", w, true, 2)
        );
    }
}
