//! Perfect-hash tables emitted by the macro as `const` data.
//!
//! The macro runs `phf_generator` over [`hash`](crate::hash::hash) at compile time and emits the
//! displacements and the entries in slot order. A lookup is one hash of a few bytes, one
//! displacement read and one full compare. The runtime owns this struct (rather than emitting
//! `phf::Map` literals) so that a `phf` feature enabled elsewhere in the dependency graph can
//! never change its layout.

use crate::hash::{hash, Window};

/// A static perfect-hash map from ASCII strings to `V`.
#[derive(Debug)]
pub struct Table<V: 'static> {
    seed: u64,
    window: Window,
    fold: bool,
    min_len: usize,
    max_len: usize,
    disps: &'static [(u32, u32)],
    entries: &'static [(&'static str, V)],
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
    };

    /// Assembles a table from the macro's output. `entries` must be in the slot order that
    /// `phf_generator` chose for `seed` and `disps`; `min_len`/`max_len` bound the key lengths.
    #[allow(clippy::too_many_arguments)]
    pub const fn new(
        seed: u64,
        window: Window,
        fold: bool,
        min_len: usize,
        max_len: usize,
        disps: &'static [(u32, u32)],
        entries: &'static [(&'static str, V)],
    ) -> Table<V> {
        Table {
            seed,
            window,
            fold,
            min_len,
            max_len,
            disps,
            entries,
        }
    }

    /// The entry whose key equals `key` (ASCII case-insensitively for folding tables).
    #[inline]
    pub fn get(&self, key: &[u8]) -> Option<&'static V> {
        // The length bounds reject most misses (and any oversized attacker input) before hashing.
        if key.len() < self.min_len || key.len() > self.max_len || self.disps.is_empty() {
            return None;
        }
        let hashes = hash(key, self.window, self.fold, self.seed);
        // `phf_shared::get_index`, on our own hash words.
        let (d1, d2) = self.disps[(hashes.g % self.disps.len() as u32) as usize];
        let index = (phf_shared::displace(hashes.f1, hashes.f2, d1, d2) % self.entries.len() as u32) as usize;
        let (stored, value) = self.entries.get(index)?;
        let equal = if self.fold {
            stored.as_bytes().eq_ignore_ascii_case(key)
        } else {
            stored.as_bytes() == key
        };
        equal.then_some(value)
    }

    /// Whether the table has no entries.
    pub const fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The keys, in slot order.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> {
        self.entries.iter().map(|(k, _)| *k)
    }
}
