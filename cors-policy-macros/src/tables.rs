//! Perfect-hash tables: choose the bytes to hash, then place the keys.
//!
//! Key analysis (after frozen-collections): find the cheapest [`Window`] whose bytes, together
//! with the key length, already tell every key apart. Origins in one policy usually differ in a
//! few bytes right after `https://`, so the runtime hashes one 8-byte word instead of the whole
//! string. The table still compares the whole key after the probe.
//!
//! Then a layout (see the runtime's `table` module): for up to [`DIRECT_MAX_KEYS`] keys, a seed
//! that gives every key its own slot of a small power-of-two array (a lookup is one probe);
//! beyond, hash and displace: buckets of about [`BUCKET_KEYS`] keys, each with a pilot that
//! moves its keys into free slots (largest buckets first, as CHD and PTHash do).

use std::collections::HashSet;

use checked_cors_runtime::__private::{displace, hash_word, slot_word, Window};

/// Tables of at most this many keys are tried as direct tables first.
const DIRECT_MAX_KEYS: usize = 64;
/// Seeds tried per direct-table size before the next size (then the displaced layout): bounds
/// the macro's work; a 20-key table needs about 20 tries at 64 slots.
const DIRECT_SEEDS: u64 = 4096;
/// Keys per bucket, on average, in a displaced table.
const BUCKET_KEYS: usize = 4;
/// Pilots tried for one bucket before the seed is given up.
const PILOTS: u32 = 1 << 16;
/// Seeds tried per displaced-table size.
const DISPLACED_SEEDS: u64 = 32;

/// A solved table: the hash parameters, and the keys' indices in slot order.
pub(crate) struct Solved {
    pub seed: u64,
    pub window: Window,
    /// One per bucket; empty for a direct table.
    pub pilots: Vec<u32>,
    /// Key index per slot (a power-of-two count); `None` is a free slot.
    pub order: Vec<Option<usize>>,
    pub min_len: usize,
    pub max_len: usize,
}

/// Solves a table over distinct `keys` (distinct ASCII-case-insensitively when `fold`). `None`
/// only if no seed places the keys, which takes identical hashes under 32 seeds at two table
/// sizes: never seen, but reported as a compile error rather than a panic.
pub(crate) fn solve(keys: &[&[u8]], fold: bool) -> Option<Solved> {
    let window = choose_window(keys, fold);
    let min_len = keys.iter().map(|k| k.len()).min().unwrap_or(usize::MAX);
    let max_len = keys.iter().map(|k| k.len()).max().unwrap_or(0);
    let solved = |seed, pilots, order| Solved {
        seed,
        window,
        pilots,
        order,
        min_len,
        max_len,
    };
    if keys.len() <= DIRECT_MAX_KEYS {
        if let Some((seed, order)) = solve_direct(keys, fold, window) {
            return Some(solved(seed, Vec::new(), order));
        }
    }
    let (seed, pilots, order) = solve_displaced(keys, fold, window)?;
    Some(solved(seed, pilots, order))
}

/// Hash and displace: a seed, one pilot per bucket and the slots, for a table at most 80 % full
/// (then 40 %).
fn solve_displaced(
    keys: &[&[u8]],
    fold: bool,
    window: Window,
) -> Option<(u64, Vec<u32>, Vec<Option<usize>>)> {
    let n = keys.len();
    let buckets = n.div_ceil(BUCKET_KEYS).next_power_of_two().max(2);
    let bucket_shift = 64 - buckets.trailing_zeros();
    let base = (n + n / 4).next_power_of_two().max(2);
    for size in [base, base * 2] {
        let shift = 64 - size.trailing_zeros();
        for attempt in 0..DISPLACED_SEEDS {
            let seed = splitmix(DIRECT_SEEDS + attempt);
            let words: Vec<u64> = keys
                .iter()
                .map(|k| hash_word(k, window, fold, seed))
                .collect();
            let mut members: Vec<Vec<usize>> = vec![Vec::new(); buckets];
            for (i, w) in words.iter().enumerate() {
                members[(w >> bucket_shift) as usize].push(i);
            }
            // Largest buckets first, while the table is emptiest; ties by index, so builds are
            // reproducible.
            let mut by_size: Vec<usize> = (0..buckets).collect();
            by_size.sort_by_key(|&b| std::cmp::Reverse(members[b].len()));
            let mut slots: Vec<Option<usize>> = vec![None; size];
            let mut pilots = vec![0u32; buckets];
            let placed = by_size.iter().all(|&b| {
                let keys_here = &members[b];
                let mut taken = Vec::with_capacity(keys_here.len());
                let found = (0..PILOTS).find(|&pilot| {
                    taken.clear();
                    keys_here.iter().all(|&i| {
                        let slot = displace(words[i], pilot, shift);
                        let free = slots[slot].is_none() && !taken.contains(&slot);
                        taken.push(slot);
                        free
                    })
                });
                match found {
                    Some(pilot) => {
                        pilots[b] = pilot;
                        for (&i, &slot) in keys_here.iter().zip(&taken) {
                            slots[slot] = Some(i);
                        }
                        true
                    }
                    None => false,
                }
            });
            if placed {
                return Some((seed, pilots, slots));
            }
        }
    }
    None
}

/// A seed that puts every key in its own slot of a power-of-two table (2 to 8 slots per key),
/// with the slot as the top bits of [`slot_word`]; the slots' key indices. Seeds come from a
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
                let slot = (slot_word(key, window, fold, seed) >> shift) as usize;
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

/// The cheapest window that distinguishes every key together with its length: none at all (the
/// lengths differ), one 8-byte word that every key has (at any offset from the start or the
/// end), or the whole key.
pub(crate) fn choose_window(keys: &[&[u8]], fold: bool) -> Window {
    let min_len = keys.iter().map(|k| k.len()).min().unwrap_or(0);
    let offsets = 0..min_len as u32;
    let words = offsets
        .clone()
        .map(|o| Window::word(false, o))
        .chain(offsets.map(|o| Window::word(true, o)))
        .filter(|w| w.min_key_len() <= min_len);
    std::iter::once(Window::LENGTH)
        .chain(words)
        .find(|&window| distinguishes(keys, window, fold))
        .unwrap_or(Window::WHOLE)
}

/// Whether no two keys have the same length and window bytes (two such keys would hash alike
/// under every seed).
fn distinguishes(keys: &[&[u8]], window: Window, fold: bool) -> bool {
    let mut seen = HashSet::with_capacity(keys.len());
    keys.iter()
        .all(|key| seen.insert((key.len(), window.word_of(key, fold))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use checked_cors_runtime::__private::Table;

    fn build(keys: &[&'static str], fold: bool) -> Table<()> {
        let bytes: Vec<&[u8]> = keys.iter().map(|k| k.as_bytes()).collect();
        let s = solve(&bytes, fold).expect("solvable");
        let slots: Vec<&'static str> = s.order.iter().map(|i| i.map_or("", |i| keys[i])).collect();
        let values: Vec<()> = vec![(); slots.len()];
        Table::new(
            s.seed,
            s.window,
            fold,
            s.min_len,
            s.max_len,
            Box::leak(s.pilots.into_boxed_slice()),
            Box::leak(slots.into_boxed_slice()),
            Box::leak(values.into_boxed_slice()),
        )
    }

    #[test]
    fn every_key_is_found_and_nothing_else() {
        let origins: Vec<&'static str> = (0..500)
            .map(|i| &*Box::leak(format!("https://app{i}.example.com").into_boxed_str()))
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
    fn small_tables_are_direct_and_large_ones_displaced() {
        for n in [1usize, 2, 3, 20, 64, 65, 300] {
            let keys: Vec<&'static str> = (0..n)
                .map(|i| &*Box::leak(format!("https://tenant{i}.example.com").into_boxed_str()))
                .collect();
            let t = build(&keys, false);
            assert_eq!(t.is_direct(), n <= DIRECT_MAX_KEYS, "{n} keys");
            for k in &keys {
                assert!(t.get(k.as_bytes()).is_some(), "{k}");
            }
            assert!(t.get(b"https://tenant9999.example.com").is_none());
            assert_eq!(t.keys().count(), n);
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
}
