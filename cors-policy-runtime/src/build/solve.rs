//! Perfect-hash tables: choose the bytes to hash, then place the keys. The one solver behind
//! both the `cors_policy!` macro and policies built at run time.
//!
//! Key analysis (after frozen-collections): find the cheapest [`Window`] whose bytes, together
//! with the key length, already tell every key apart. Origins in one policy usually differ in a
//! few bytes right after `https://`, so a lookup hashes one 8-byte word instead of the whole
//! string. The table still compares the whole key after the probe.
//!
//! Then a layout (see the `table` module): for up to [`DIRECT_MAX_KEYS`] keys, a seed that gives
//! every key its own slot of a small power-of-two array (one probe); beyond, a PtrHash table
//! solved by `phf_generator::ptrhash` with this crate's keyed hash.

use alloc::vec;
use alloc::vec::Vec;
use std::collections::HashSet;

use crate::hash::{hash_word, Window};
use crate::table::Layout;

/// Tables of at most this many keys are tried as direct tables first.
pub const DIRECT_MAX_KEYS: usize = 64;
/// Seeds tried per direct-table size before the next size (then PtrHash): bounds the work; a
/// 20-key table needs about 20 tries at 64 slots.
const DIRECT_SEEDS: u64 = 4096;

/// A solved table: the hash parameters, and the keys' indices in slot order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Solved {
    /// Seed, window, case folding and key lengths.
    pub layout: Layout,
    /// PtrHash: one pilot per bucket, as `phf_generator` solved it; empty for a direct table.
    /// A table stores them mixed ([`Solved::mixes`]).
    pub pilots: Vec<u8>,
    /// PtrHash: the key slot of each slot past the keys.
    pub remap: Vec<u32>,
    /// The index (into the `keys` given to [`solve`]) of the key in each slot; `None` is a free
    /// slot (direct tables only).
    pub order: Vec<Option<usize>>,
}

impl Solved {
    /// The pilots as a table stores them: mixed with the seed once, here, instead of on every
    /// lookup.
    pub fn mixes(&self) -> Vec<u32> {
        let seed = self.layout.seed;
        self.pilots.iter().map(|&p| pilot_mix(seed, p)).collect()
    }
}

/// The multiplier a pilot is mixed in with: `phf_shared::ptrhash::hash_pilot`'s, so that tables
/// solved by `phf_generator::ptrhash` place every key where the table's lookup finds it (a test
/// below checks both agree on every key).
const PILOT_MIX: u64 = 0x517c_c1b7_2722_0a95;

/// A PtrHash pilot as a table stores it: the 32 bits that the lookup XORs into the high half of
/// a key's hash, computed once here rather than on every lookup.
const fn pilot_mix(seed: u64, pilot: u8) -> u32 {
    let hash = PILOT_MIX.wrapping_mul(seed ^ pilot as u64);
    (hash >> 32) as u32 ^ hash as u32
}

/// Solves a table over `keys`, which must be distinct (ASCII-case-insensitively when `fold`; the
/// rules' duplicate checks guarantee it). Deterministic: the same keys give the same table.
pub fn solve(keys: &[&[u8]], fold: bool) -> Solved {
    let window = choose_window(keys, fold);
    let layout = |seed| Layout {
        seed,
        window,
        fold,
        min_len: keys.iter().map(|k| k.len()).min().unwrap_or(usize::MAX),
        max_len: keys.iter().map(|k| k.len()).max().unwrap_or(0),
    };
    if keys.is_empty() {
        return Solved {
            layout: layout(0),
            pilots: Vec::new(),
            remap: Vec::new(),
            order: Vec::new(),
        };
    }
    if keys.len() <= DIRECT_MAX_KEYS {
        if let Some((seed, order)) = solve_direct(keys, fold, window) {
            return Solved {
                layout: layout(seed),
                pilots: Vec::new(),
                remap: Vec::new(),
                order,
            };
        }
    }
    solve_ptrhash(keys, fold, window, layout(0))
}

/// A PtrHash table over `keys` (non-empty, distinct), whatever their number: what [`solve`]
/// builds beyond [`DIRECT_MAX_KEYS`] keys. `layout` gives the window and lengths; its seed is
/// replaced by the solver's.
pub fn solve_ptrhash(keys: &[&[u8]], fold: bool, window: Window, layout: Layout) -> Solved {
    // Every key's hash differs from every other's for almost every seed (the window tells them
    // apart before the seed is mixed in), so the solver's search over seeds ends.
    let state = phf_generator::ptrhash::generate_hash_with_hash_fn(keys, |key, seed| {
        hash_word(key, window, fold, *seed)
    });
    Solved {
        layout: Layout {
            seed: state.seed,
            ..layout
        },
        pilots: state.pilots,
        remap: state.remap,
        order: state.map.into_iter().map(Some).collect(),
    }
}

/// A seed that puts every key in its own slot of a power-of-two table (2 to 8 slots per key),
/// with the slot as the top bits of [`hash_word`]; the slots' key indices. Seeds come from a
/// fixed sequence, so builds are reproducible.
fn solve_direct(keys: &[&[u8]], fold: bool, window: Window) -> Option<(u64, Vec<Option<usize>>)> {
    let base = (2 * keys.len()).next_power_of_two().max(2);
    for size in [base, base * 2, base * 4] {
        let shift = 64 - size.trailing_zeros();
        let mut slots = vec![None; size];
        'seeds: for i in 0..DIRECT_SEEDS {
            let seed = splitmix(i);
            slots.fill(None);
            for (k, key) in keys.iter().enumerate() {
                let slot = (hash_word(key, window, fold, seed) >> shift) as usize;
                if slots[slot].replace(k).is_some() {
                    continue 'seeds;
                }
            }
            return Some((seed, slots));
        }
    }
    None
}

/// The `i`-th output of SplitMix64 from a fixed state: well-spread seeds.
fn splitmix(i: u64) -> u64 {
    let mut z = (i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The cheapest window that tells every key apart before the seed is mixed in: none at all
/// (the lengths differ), one 8-byte word that every key has (at any offset from the start or the
/// end), or the whole key.
pub fn choose_window(keys: &[&[u8]], fold: bool) -> Window {
    let min_len = keys.iter().map(|k| k.len()).min().unwrap_or(0);
    let offsets = 0..min_len as u32;
    let words = offsets
        .clone()
        .map(|o| Window::word(false, o))
        .chain(offsets.map(|o| Window::word(true, o)))
        .filter(|w| w.min_key_len() <= min_len);
    core::iter::once(Window::LENGTH)
        .chain(words)
        .find(|&window| distinguishes(keys, window, fold))
        .unwrap_or(Window::WHOLE)
}

/// Whether no two keys have the same [`Window::premix`]: two such keys would hash alike under
/// every seed, and no table could hold both.
fn distinguishes(keys: &[&[u8]], window: Window, fold: bool) -> bool {
    let mut seen = HashSet::with_capacity(keys.len());
    keys.iter()
        .all(|key| window.premix(key, fold).is_some_and(|m| seen.insert(m)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Static;
    use crate::table::Table;
    use alloc::boxed::Box;
    use alloc::format;
    use alloc::string::String;

    fn build(keys: &[&'static str], fold: bool) -> Table<Static, ()> {
        let bytes: Vec<&[u8]> = keys.iter().map(|k| k.as_bytes()).collect();
        let s = solve(&bytes, fold);
        let slots: Vec<&'static str> = s.order.iter().map(|i| i.map_or("", |i| keys[i])).collect();
        let values: Vec<()> = vec![(); slots.len()];
        Table::new(
            s.layout,
            Box::leak(s.mixes().into_boxed_slice()),
            Box::leak(s.remap.into_boxed_slice()),
            Box::leak(slots.into_boxed_slice()),
            Box::leak(values.into_boxed_slice()),
        )
    }

    fn leak(s: String) -> &'static str {
        Box::leak(s.into_boxed_str())
    }

    #[test]
    fn every_key_is_found_and_nothing_else() {
        let origins: Vec<&'static str> = (0..500)
            .map(|i| leak(format!("https://app{i}.example.com")))
            .collect();
        let t = build(&origins, false);
        for o in &origins {
            assert!(t.get(o.as_bytes()).is_some(), "{o}");
        }
        for miss in [
            "https://app500.example.com",
            "https://app1.example.co",
            "https://APP1.example.com",
            "",
        ] {
            assert!(t.get(miss.as_bytes()).is_none(), "{miss}");
        }
    }

    #[test]
    fn small_tables_are_direct_and_large_ones_ptrhash() {
        for n in [1usize, 2, 3, 20, 64, 65, 300, 5_000] {
            let keys: Vec<&'static str> = (0..n)
                .map(|i| leak(format!("https://tenant{i}.example.com")))
                .collect();
            let t = build(&keys, false);
            assert_eq!(t.is_direct(), n <= DIRECT_MAX_KEYS, "{n} keys");
            for k in &keys {
                assert!(t.get(k.as_bytes()).is_some(), "{k}");
            }
            assert!(t.get(b"https://tenant99999.example.com").is_none());
            assert_eq!(t.keys().count(), n);
        }
    }

    /// The lookup places every key where `phf_shared`'s own PtrHash lookup does, for the
    /// tables `phf_generator` solves: the two formulas agree.
    #[test]
    fn ptrhash_slots_agree_with_phf_shared() {
        for n in [65usize, 1_000, 20_000] {
            let keys: Vec<String> = (0..n)
                .map(|i| format!("https://t{i}.example.net"))
                .collect();
            let bytes: Vec<&[u8]> = keys.iter().map(|k| k.as_bytes()).collect();
            let s = solve(&bytes, false);
            assert!(!s.pilots.is_empty());
            let slot_of: std::collections::HashMap<usize, usize> = s
                .order
                .iter()
                .enumerate()
                .map(|(slot, k)| (k.unwrap(), slot))
                .collect();
            for (i, key) in bytes.iter().enumerate() {
                let hash = hash_word(key, s.layout.window, false, s.layout.seed);
                let theirs = phf_shared::ptrhash::get_index(
                    s.layout.seed,
                    hash,
                    &s.pilots,
                    &s.remap,
                    s.order.len(),
                ) as usize;
                assert_eq!(theirs, slot_of[&i], "key {i} of {n}");
            }
        }
    }

    #[test]
    fn word_windows_from_either_end_see_only_their_bytes_and_the_compare_sees_the_rest() {
        // The shortest key bounds the windows; within its first 12 bytes the long keys agree, so
        // only a word counted from the end tells them apart.
        let keys: Vec<&'static str> = vec![
            "https://x.io",
            "https://long-shared-name.alpha",
            "https://long-shared-name.bravo",
            "https://long-shared-name.delta",
        ];
        let bytes: Vec<&[u8]> = keys.iter().map(|k| k.as_bytes()).collect();
        let window = choose_window(&bytes, false);
        let (from_end, _, len) = window.parts();
        assert!(from_end && len == 8, "{window:?}");
        let t = build(&keys, false);
        for k in &keys {
            assert!(t.get(k.as_bytes()).is_some(), "{k}");
        }
        // Same window bytes and length, another prefix: found by the probe, refused by the compare.
        let twin = keys[1].replace("https://long", "https://lung");
        assert!(t.get(twin.as_bytes()).is_none());
        // Shorter than every key (and than the window): refused before hashing.
        assert!(t.get(b"https://x").is_none());
        assert!(t.get(b"").is_none());
    }

    #[test]
    fn folding_tables_ignore_case() {
        let t = build(&["content-type", "x-request-id", "authorization"], true);
        assert!(t.get(b"Content-Type").is_some());
        assert!(t.get(b"X-REQUEST-ID").is_some());
        assert!(t.get(b"x-request-i").is_none());
        assert!(t.get(b"x-request-idd").is_none());
    }

    #[test]
    fn windows_are_small_when_keys_allow() {
        let keys: Vec<&[u8]> = vec![
            b"https://a.example.com",
            b"https://b.example.com",
            b"https://c.example.com",
        ];
        let w = choose_window(&keys, false);
        assert_ne!(w, Window::WHOLE);
        // Distinct lengths need no bytes at all.
        let keys: Vec<&[u8]> = vec![b"a", b"bb", b"ccc"];
        assert_eq!(choose_window(&keys, false), Window::LENGTH);
    }

    /// Two keys whose length and word cancel out (`len·K0 ^ word` equal) would hash alike under
    /// every seed: such a word window is never chosen, so the solver always ends.
    #[test]
    fn a_window_whose_premix_collides_is_not_chosen() {
        let k0: u64 = 0x9E37_79B9_7F4A_7C15;
        // Lengths 9 and 10 with the first word's bytes chosen to cancel the lengths' mix; a
        // third key of length 9 keeps the lengths alone from telling the keys apart.
        let diff = (9u64.wrapping_mul(k0)) ^ (10u64.wrapping_mul(k0));
        let a = *b"abcdefgh";
        let b = (u64::from_le_bytes(a) ^ diff).to_le_bytes();
        let mut key_a = a.to_vec();
        key_a.push(b'x');
        let mut key_b = b.to_vec();
        key_b.extend_from_slice(b"xy");
        let key_c = b"zzzzzzzzx".to_vec();
        let keys: Vec<&[u8]> = vec![&key_a, &key_b, &key_c];
        let w = Window::word(false, 0);
        // Their (length, word) pairs differ, but the hash's seed-free part does not.
        assert_ne!(
            (key_a.len(), w.word_of(&key_a, false)),
            (key_b.len(), w.word_of(&key_b, false))
        );
        assert_eq!(w.premix(&key_a, false), w.premix(&key_b, false));
        assert!(!distinguishes(&keys, Window::LENGTH, false));
        assert!(!distinguishes(&keys, w, false));
        let s = solve(&keys, false);
        assert_ne!(s.layout.window, w);
        // A direct table holding each key in the slot its hash picks.
        assert!(s.pilots.is_empty());
        let shift = 64 - s.order.len().trailing_zeros();
        for (slot, key) in s.order.iter().enumerate() {
            if let Some(i) = key {
                let word = hash_word(keys[*i], s.layout.window, false, s.layout.seed);
                assert_eq!((word >> shift) as usize, slot);
            }
        }
        assert_eq!(s.order.iter().flatten().count(), keys.len());
    }
}
