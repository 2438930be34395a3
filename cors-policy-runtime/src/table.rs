//! Perfect-hash tables emitted by the macro as `const` data.
//!
//! Two layouts, both solved at compile time by the macro:
//! - **direct** (small tables, which is almost every policy): a seed is searched so that the top
//!   bits of one hash word put every key in its own slot of a power-of-two array. A lookup is
//!   one hash of a few bytes, a shift, one load and one full compare: the shortest dependency
//!   chain a hashed lookup can have.
//! - **displaced** (large tables): `phf_generator` places the keys with CHD over
//!   [`hash`](crate::hash::hash); a lookup adds one displacement read and a multiply-based `%`.
//!
//! The runtime owns this struct (rather than emitting `phf::Map` literals) so that a `phf`
//! feature enabled elsewhere in the dependency graph can never change its layout.

use crate::hash::{equal, hash, slot_word, Window};

/// A static perfect-hash map from ASCII strings to `V`.
#[derive(Debug)]
pub struct Table<V: 'static> {
    seed: u64,
    window: Window,
    fold: bool,
    min_len: usize,
    max_len: usize,
    /// Empty for a direct table.
    disps: &'static [(u32, u32)],
    /// In slot order. Direct: a power-of-two count, `None` in free slots. Displaced: one per key.
    entries: &'static [Option<(&'static str, V)>],
    /// Direct: `64 - log2(entries.len())`, so that `word >> shift` is a slot.
    shift: u32,
    /// Reciprocal of `entries.len()` for [`fastmod`]: the slot is probed with the same `%`
    /// that `phf_generator` placed the keys with, minus a division.
    entries_m: u64,
}

/// `u64::MAX / d + 1`: the reciprocal [`fastmod`] multiplies by (Lemire, Kaser and Kurz,
/// "Faster Remainder by Direct Computation", 2019). `d = 0` yields 0, never used.
const fn reciprocal(d: usize) -> u64 {
    if d == 0 {
        0
    } else {
        (u64::MAX / d as u64).wrapping_add(1)
    }
}

/// `a % d` for 32-bit `a` and `d`, exact, from `m = reciprocal(d)`, with two multiplications.
#[inline(always)]
fn fastmod(a: u32, m: u64, d: usize) -> usize {
    let low = m.wrapping_mul(u64::from(a));
    ((u128::from(low) * d as u128) >> 64) as usize
}

impl<V: 'static> Table<V> {
    /// A table with no entries; every lookup misses without hashing.
    pub const EMPTY: Table<V> = Table {
        seed: 0,
        window: Window::WHOLE,
        fold: false,
        min_len: usize::MAX,
        max_len: 0,
        disps: &[],
        entries: &[],
        shift: 63,
        entries_m: 0,
    };

    /// Assembles a table from the macro's output. `entries` must be in the slot order the macro
    /// solved for `seed` (and `disps`, for a displaced table); `min_len`/`max_len` bound the key
    /// lengths. Without `disps` the table is direct, and `entries.len()` a power of two.
    #[allow(clippy::too_many_arguments)]
    pub const fn new(
        seed: u64,
        window: Window,
        fold: bool,
        min_len: usize,
        max_len: usize,
        disps: &'static [(u32, u32)],
        entries: &'static [Option<(&'static str, V)>],
    ) -> Table<V> {
        let n = entries.len();
        assert!(
            !disps.is_empty() || n == 0 || (n >= 2 && n.is_power_of_two()),
            "a direct table has a power-of-two number of slots"
        );
        Table {
            seed,
            window,
            fold,
            min_len,
            max_len,
            disps,
            entries,
            shift: if n >= 2 { 64 - n.trailing_zeros() } else { 63 },
            entries_m: reciprocal(entries.len()),
        }
    }

    /// The entry whose key equals `key` (ASCII case-insensitively for folding tables).
    #[inline(always)]
    pub fn get(&self, key: &[u8]) -> Option<&'static V> {
        // The length bounds reject most misses (and any oversized attacker input) before hashing.
        if key.len() < self.min_len || key.len() > self.max_len {
            return None;
        }
        // The common shape, a direct table told apart by one word, stays inline and compact; the
        // other shapes are out of line so they do not crowd the hot path.
        let slot = if self.disps.is_empty() && self.window.is_word() {
            (slot_word(key, self.window, self.fold, self.seed) >> self.shift) as usize
        } else {
            self.slot_other(key)?
        };
        let (stored, value) = self.entries.get(slot)?.as_ref()?;
        equal(key, stored.as_bytes(), self.fold).then_some(value)
    }

    /// The slot for a direct table hashed by length or every byte, or a displaced table.
    #[inline(never)]
    fn slot_other(&self, key: &[u8]) -> Option<usize> {
        if self.disps.is_empty() {
            return Some(
                (slot_word(key, self.window, self.fold, self.seed) >> self.shift) as usize,
            );
        }
        // `phf_shared::get_index` on our own hash words: `g` is already below the bucket count
        // and the slot's `%` is done by multiplication.
        let hashes = hash(
            key,
            self.window,
            self.fold,
            self.seed,
            self.disps.len() as u32,
        );
        let (d1, d2) = *self.disps.get(hashes.g as usize)?;
        let slot = phf_shared::displace(hashes.f1, hashes.f2, d1, d2);
        Some(fastmod(slot, self.entries_m, self.entries.len()))
    }

    /// Whether the table has no entries.
    pub const fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the table is direct (one hash word, no displacements).
    pub const fn is_direct(&self) -> bool {
        self.disps.is_empty() && !self.entries.is_empty()
    }

    /// The keys, in slot order.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> {
        self.entries.iter().flatten().map(|(k, _)| *k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fastmod_equals_remainder() {
        let divisors = [
            1usize,
            2,
            3,
            7,
            10,
            34,
            1000,
            33_334,
            100_000,
            (1 << 31) + 11,
            u32::MAX as usize,
        ];
        let mut x: u32 = 0x1234_5678;
        for &d in &divisors {
            let m = reciprocal(d);
            for a in [0, 1, 2, d as u32 - 1, d as u32, u32::MAX, u32::MAX - 1] {
                assert_eq!(fastmod(a, m, d), (a as usize) % d, "{a} % {d}");
            }
            for _ in 0..100_000 {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                assert_eq!(fastmod(x, m, d), (x as usize) % d, "{x} % {d}");
            }
        }
    }
}
