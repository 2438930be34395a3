//! The hash-and-displace solver and lookup this crate used before `phf_generator`'s PtrHash
//! (stops 6 to 11), kept here only to compare the two side by side (`--bench solver`): buckets
//! of about four keys with a `u32` pilot each, found by trying pilots in order, largest buckets
//! first; a power-of-two table at most 80 % full (then 40 %).

use std::cmp::Reverse;

use checked_cors_runtime::__private::{hash_word, Window};

const BUCKET_KEYS: usize = 4;
const PILOTS: u32 = 1 << 16;
const SEEDS: u64 = 32;
const K2: u64 = 0x94D0_49BB_1331_11EB;

fn displace(word: u64, pilot: u32, shift: u32) -> usize {
    ((word ^ u64::from(pilot)).wrapping_mul(K2) >> shift) as usize
}

fn splitmix(i: u64) -> u64 {
    let mut z = (i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A solved hash-and-displace table over owned keys.
pub struct OldTable {
    seed: u64,
    window: Window,
    pilots: Vec<u32>,
    slots: Vec<String>,
    shift: u32,
    bucket_shift: u32,
    min_len: usize,
    max_len: usize,
}

impl OldTable {
    /// Solves `keys` (distinct) with the old algorithm, over the same window the new one uses.
    pub fn solve(keys: &[&str], window: Window) -> OldTable {
        let n = keys.len();
        let buckets = n.div_ceil(BUCKET_KEYS).next_power_of_two().max(2);
        let bucket_shift = 64 - buckets.trailing_zeros();
        let base = (n + n / 4).next_power_of_two().max(2);
        for size in [base, base * 2] {
            let shift = 64 - size.trailing_zeros();
            for attempt in 0..SEEDS {
                let seed = splitmix(4096 + attempt);
                let words: Vec<u64> = keys
                    .iter()
                    .map(|k| hash_word(k.as_bytes(), window, false, seed))
                    .collect();
                let mut members: Vec<Vec<usize>> = vec![Vec::new(); buckets];
                for (i, w) in words.iter().enumerate() {
                    members[(w >> bucket_shift) as usize].push(i);
                }
                let mut by_size: Vec<usize> = (0..buckets).collect();
                by_size.sort_by_key(|&b| Reverse(members[b].len()));
                let mut slots: Vec<Option<usize>> = vec![None; size];
                let mut pilots = vec![0u32; buckets];
                let placed = by_size.iter().all(|&b| {
                    let here = &members[b];
                    let mut taken = Vec::with_capacity(here.len());
                    let found = (0..PILOTS).find(|&pilot| {
                        taken.clear();
                        here.iter().all(|&i| {
                            let slot = displace(words[i], pilot, shift);
                            let free = slots[slot].is_none() && !taken.contains(&slot);
                            taken.push(slot);
                            free
                        })
                    });
                    match found {
                        Some(pilot) => {
                            pilots[b] = pilot;
                            for (&i, &slot) in here.iter().zip(&taken) {
                                slots[slot] = Some(i);
                            }
                            true
                        }
                        None => false,
                    }
                });
                if placed {
                    return OldTable {
                        seed,
                        window,
                        pilots,
                        slots: slots
                            .iter()
                            .map(|s| s.map_or(String::new(), |i| keys[i].to_owned()))
                            .collect(),
                        shift,
                        bucket_shift,
                        min_len: keys.iter().map(|k| k.len()).min().unwrap_or(0),
                        max_len: keys.iter().map(|k| k.len()).max().unwrap_or(0),
                    };
                }
            }
        }
        panic!("the old solver gave up")
    }

    /// The old lookup: length check, hash, pilot, displace, compare.
    #[inline]
    pub fn contains(&self, key: &[u8]) -> bool {
        if key.len() < self.min_len || key.len() > self.max_len {
            return false;
        }
        let word = hash_word(key, self.window, false, self.seed);
        let Some(&pilot) = self.pilots.get((word >> self.bucket_shift) as usize) else {
            return false;
        };
        self.slots
            .get(displace(word, pilot, self.shift))
            .is_some_and(|s| s.as_bytes() == key)
    }

    /// Slots, pilots, and the bytes of the table's arrays (a `&str` per slot, a `u32` per pilot).
    pub fn shape(&self) -> (usize, usize, usize) {
        (
            self.slots.len(),
            self.pilots.len(),
            self.slots.len() * 16 + self.pilots.len() * 4,
        )
    }
}
