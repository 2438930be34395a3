//! Perfect-hash tables emitted by the macro as `const` data.
//!
//! Two layouts, both solved at compile time by the macro, both with a power-of-two number of
//! slots so that a slot is the top bits of a multiply (no division, no modulo):
//! - **direct** (up to 64 keys, which is almost every policy): a seed is searched so that the
//!   top bits of one hash word put every key in its own slot. A lookup is one hash of a few
//!   bytes, a shift, one load and one full compare: the shortest dependency chain a hashed
//!   lookup can have.
//! - **displaced** (larger tables, "hash and displace" as in CHD and PTHash): the top bits of the
//!   hash pick a bucket of about four keys, and the bucket's pilot, found at compile time, is
//!   mixed into the hash so that its keys land in free slots. A lookup adds one pilot load and
//!   one multiply, whatever the size, so it costs the same at 100 and at 100,000 keys.

use crate::hash::{displace, equal, hash_word, slot_word, Window};

/// A static perfect-hash map from ASCII strings to `V`.
#[derive(Debug)]
pub struct Table<V: 'static> {
    seed: u64,
    window: Window,
    fold: bool,
    min_len: usize,
    max_len: usize,
    /// One per bucket (a power-of-two count); empty for a direct table.
    pilots: &'static [u32],
    /// In slot order, a power-of-two count; `""` in free slots (no key is shorter than
    /// `min_len >= 1` when a lookup gets that far, so `""` never compares equal).
    keys: &'static [&'static str],
    /// The value of each slot's key (a filler in free slots).
    values: &'static [V],
    /// `64 - log2(keys.len())`: `word >> shift` is a slot.
    shift: u32,
    /// `64 - log2(pilots.len())`: `word >> bucket_shift` is a bucket.
    bucket_shift: u32,
}

/// `64 - log2(n)` for a power of two `n >= 2`; 63 otherwise (never used then).
const fn shift_for(n: usize) -> u32 {
    if n >= 2 {
        64 - n.trailing_zeros()
    } else {
        63
    }
}

impl<V: 'static> Table<V> {
    /// A table with no entries; every lookup misses without hashing.
    pub const EMPTY: Table<V> = Table {
        seed: 0,
        window: Window::WHOLE,
        fold: false,
        min_len: usize::MAX,
        max_len: 0,
        pilots: &[],
        keys: &[],
        values: &[],
        shift: 63,
        bucket_shift: 63,
    };

    /// Assembles a table from the macro's output. `keys` (and `values`) must be in the slot
    /// order the macro solved for `seed` (and `pilots`, for a displaced table), `""` in free
    /// slots; `min_len >= 1` and `max_len` bound the key lengths. Without `pilots` the table is
    /// direct.
    #[allow(clippy::too_many_arguments)]
    pub const fn new(
        seed: u64,
        window: Window,
        fold: bool,
        min_len: usize,
        max_len: usize,
        pilots: &'static [u32],
        keys: &'static [&'static str],
        values: &'static [V],
    ) -> Table<V> {
        let n = keys.len();
        assert!(values.len() == n, "one value per slot");
        assert!(min_len >= 1 || n == 0, "keys are never empty");
        assert!(
            n == 0 || (n >= 2 && n.is_power_of_two()),
            "a table has a power-of-two number of slots"
        );
        let b = pilots.len();
        assert!(
            b == 0 || (b >= 2 && b.is_power_of_two() && n >= 2),
            "a displaced table has a power-of-two number of buckets"
        );
        Table {
            seed,
            window,
            fold,
            min_len,
            max_len,
            pilots,
            keys,
            values,
            shift: shift_for(n),
            bucket_shift: shift_for(b),
        }
    }

    /// The entry whose key equals `key` (ASCII case-insensitively for folding tables).
    #[inline(always)]
    pub fn get(&self, key: &[u8]) -> Option<&'static V> {
        self.get_entry(key).map(|(_, value)| value)
    }

    /// [`Table::get`], also returning the stored key: a `&'static` copy of the key's bytes
    /// (lowercase in folding tables), which an adapter can send without copying the request's.
    #[inline(always)]
    pub fn get_entry(&self, key: &[u8]) -> Option<(&'static str, &'static V)> {
        // The length bounds reject most misses (and any oversized attacker input) before hashing.
        if key.len() < self.min_len || key.len() > self.max_len {
            return None;
        }
        // One copy of the probe per case mode, so that neither tests `fold` per word.
        if self.fold {
            self.probe::<true>(key)
        } else {
            self.probe::<false>(key)
        }
    }

    #[inline(always)]
    fn probe<const FOLD: bool>(&self, key: &[u8]) -> Option<(&'static str, &'static V)> {
        // One-word windows (every origin table in practice) stay inline, where the window is
        // known to be a word; the length-only and whole-key shapes are out of line so they do
        // not crowd the hot path.
        let slot = if self.window.is_word() {
            self.slot::<FOLD>(key)?
        } else {
            self.slot_other(key)?
        };
        let stored: &'static str = self.keys.get(slot)?;
        if equal(key, stored.as_bytes(), FOLD) {
            Some((stored, self.values.get(slot)?))
        } else {
            None
        }
    }

    #[inline(always)]
    fn slot<const FOLD: bool>(&self, key: &[u8]) -> Option<usize> {
        if self.pilots.is_empty() {
            return Some((slot_word(key, self.window, FOLD, self.seed) >> self.shift) as usize);
        }
        let word = hash_word(key, self.window, FOLD, self.seed);
        let pilot = *self.pilots.get((word >> self.bucket_shift) as usize)?;
        Some(displace(word, pilot, self.shift))
    }

    #[inline(never)]
    fn slot_other(&self, key: &[u8]) -> Option<usize> {
        match self.fold {
            true => self.slot::<true>(key),
            false => self.slot::<false>(key),
        }
    }

    /// Whether the table has no entries.
    pub const fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether the table is direct (one probe, no pilots).
    pub const fn is_direct(&self) -> bool {
        self.pilots.is_empty() && !self.keys.is_empty()
    }

    /// The keys, in slot order.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> {
        self.keys.iter().copied().filter(|k| !k.is_empty())
    }
}
