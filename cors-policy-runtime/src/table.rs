//! Perfect-hash tables: emitted by the macro as `const` data, or built at run time; both solved
//! by the same code (`build::solve`) and looked up by the same code (here).
//!
//! Two layouts:
//! - **direct** (up to 64 keys, which is almost every policy): a seed puts every key in its own
//!   slot of a power-of-two array, the slot being the top bits of one hash word. A lookup is one
//!   hash of a few bytes, a shift, one load and one full compare: the shortest dependency chain
//!   a hashed lookup can have.
//! - **PtrHash** (larger tables), as solved by `phf_generator::ptrhash`: the low half of the hash
//!   picks a bucket of about three keys, the bucket's one-byte pilot is mixed into the high half,
//!   and that picks a slot of an array barely larger than the keys; the few slots past the keys
//!   are remapped into the holes among them. The table stores each pilot already mixed with the
//!   seed (`pilot_mix` in `build::solve`: a `u32` per bucket instead of a `u8`), so that a lookup
//!   adds one load and two multiplies to the direct layout's, whatever the size: mixing on every
//!   lookup put one more multiply on the dependency chain (about 1 ns, `--bench solver`).

use core::fmt;

use crate::hash::{equal, hash_word, Window};
use crate::storage::{Static, Storage};

/// A perfect-hash map from ASCII strings to `V`, stored in `S`.
pub struct Table<S: Storage, V: 'static> {
    seed: u64,
    window: Window,
    fold: bool,
    min_len: usize,
    max_len: usize,
    /// PtrHash: each bucket's pilot, mixed with the seed when the table was built. Empty for a
    /// direct table.
    mixes: S::List<u32>,
    /// PtrHash: for each slot past the keys, the key slot it was moved to.
    remap: S::List<u32>,
    /// Direct: in slot order, a power-of-two count, `""` in free slots (no key is shorter than
    /// `min_len >= 1` when a lookup gets that far, so `""` never compares equal). PtrHash: the
    /// keys in slot order, no free slot.
    keys: S::List<S::Str>,
    /// The value of each slot's key (a filler in free slots).
    values: S::List<V>,
    /// Direct: `64 - log2(keys.len())`, so that `word >> shift` is a slot.
    shift: u32,
}

/// `64 - log2(n)` for a power of two `n >= 2`; 63 otherwise (never used then).
const fn shift_for(n: usize) -> u32 {
    if n >= 2 {
        64 - n.trailing_zeros()
    } else {
        63
    }
}

/// The parts of a solved table (`build::Solved` with its keys and values in slot order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The hash seed.
    pub seed: u64,
    /// The bytes hashed.
    pub window: Window,
    /// Whether keys compare ASCII case-insensitively (they are stored lowercase).
    pub fold: bool,
    /// The shortest key's length.
    pub min_len: usize,
    /// The longest key's length.
    pub max_len: usize,
}

impl<V: 'static> Table<Static, V> {
    /// A table with no entries; every lookup misses without hashing.
    pub const EMPTY: Table<Static, V> = Table {
        seed: 0,
        window: Window::WHOLE,
        fold: false,
        min_len: usize::MAX,
        max_len: 0,
        mixes: &[],
        remap: &[],
        keys: &[],
        values: &[],
        shift: 63,
    };

    /// Assembles a table from the macro's output: `keys` and `values` in the slot order solved
    /// for `layout` (and the mixed pilots and `remap`, for a PtrHash table; without `mixes` the
    /// table is direct).
    pub const fn new(
        layout: Layout,
        mixes: &'static [u32],
        remap: &'static [u32],
        keys: &'static [&'static str],
        values: &'static [V],
    ) -> Table<Static, V> {
        let lens = [mixes.len(), remap.len(), keys.len(), values.len()];
        Table::assemble(layout, lens, mixes, remap, keys, values)
    }
}

impl<S: Storage, V: 'static> Table<S, V> {
    /// A table from solved parts whose lengths are `lens` (mixes, remap, keys, values), after
    /// the shape checks every table passes.
    const fn assemble(
        layout: Layout,
        lens: [usize; 4],
        mixes: S::List<u32>,
        remap: S::List<u32>,
        keys: S::List<S::Str>,
        values: S::List<V>,
    ) -> Self {
        assert_layout(&layout, lens[0], lens[1], lens[2], lens[3]);
        Table {
            seed: layout.seed,
            window: layout.window,
            fold: layout.fold,
            min_len: layout.min_len,
            max_len: layout.max_len,
            mixes,
            remap,
            keys,
            values,
            shift: shift_for(lens[2]),
        }
    }
}

/// The shape checks every table passes, built by the macro or at run time. A lookup indexes
/// with `get`, so a wrong table could only miss, never read out of bounds; these make a wrong
/// table fail to build instead.
const fn assert_layout(layout: &Layout, pilots: usize, remap: usize, keys: usize, values: usize) {
    assert!(values == keys, "one value per slot");
    assert!(layout.min_len >= 1 || keys == 0, "keys are never empty");
    if pilots == 0 {
        assert!(remap == 0, "a direct table remaps nothing");
        assert!(
            keys == 0 || (keys >= 2 && keys.is_power_of_two()),
            "a direct table has a power-of-two number of slots"
        );
    } else {
        assert!(keys >= 1, "a PtrHash table has keys");
    }
}

#[cfg(feature = "build")]
impl<V: 'static> Table<crate::storage::Owned, V> {
    /// A table with no entries.
    pub(crate) fn empty() -> Self {
        Self::from_parts(
            Layout {
                seed: 0,
                window: Window::WHOLE,
                fold: false,
                min_len: usize::MAX,
                max_len: 0,
            },
            alloc::vec::Vec::new(),
            alloc::vec::Vec::new(),
            alloc::vec::Vec::new(),
            alloc::vec::Vec::new(),
        )
    }

    /// A run-time table, from the same parts the macro emits.
    pub(crate) fn from_parts(
        layout: Layout,
        mixes: alloc::vec::Vec<u32>,
        remap: alloc::vec::Vec<u32>,
        keys: alloc::vec::Vec<crate::storage::SharedStr>,
        values: alloc::vec::Vec<V>,
    ) -> Self {
        let lens = [mixes.len(), remap.len(), keys.len(), values.len()];
        Table::assemble(
            layout,
            lens,
            mixes.into_boxed_slice(),
            remap.into_boxed_slice(),
            keys.into_boxed_slice(),
            values.into_boxed_slice(),
        )
    }
}

impl<S: Storage, V: 'static> Table<S, V> {
    /// The entry whose key equals `key` (ASCII case-insensitively for folding tables).
    #[inline(always)]
    pub fn get(&self, key: &[u8]) -> Option<&V> {
        self.get_entry(key).map(|(_, value)| value)
    }

    /// [`Table::get`], also returning the stored key: the policy's own copy of the key's bytes
    /// (lowercase in folding tables), which an adapter can send without copying the request's.
    #[inline(always)]
    pub fn get_entry(&self, key: &[u8]) -> Option<(&S::Str, &V)> {
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
    fn probe<const FOLD: bool>(&self, key: &[u8]) -> Option<(&S::Str, &V)> {
        // One-word windows (every origin table in practice) stay inline, where the window is
        // known to be a word; the length-only and whole-key shapes are out of line so they do
        // not crowd the hot path.
        let slot = if self.window.is_word() {
            self.slot::<FOLD>(key)?
        } else {
            self.slot_other(key)?
        };
        let stored = self.keys.get(slot)?;
        if equal(key, stored.as_ref(), FOLD) {
            Some((stored, self.values.get(slot)?))
        } else {
            None
        }
    }

    #[inline(always)]
    fn slot<const FOLD: bool>(&self, key: &[u8]) -> Option<usize> {
        let hash = hash_word(key, self.window, FOLD, self.seed);
        if self.mixes.is_empty() {
            return Some((hash >> self.shift) as usize);
        }
        let buckets = self.mixes.len() as u32;
        let mix = *self.mixes.get(reduce(hash as u32, buckets) as usize)?;
        let keys = self.keys.len();
        let slots = (keys + self.remap.len()) as u32;
        let slot = reduce((hash >> 32) as u32 ^ mix, slots) as usize;
        if slot < keys {
            Some(slot)
        } else {
            self.remap.get(slot - keys).map(|&s| s as usize)
        }
    }

    #[inline(never)]
    fn slot_other(&self, key: &[u8]) -> Option<usize> {
        match self.fold {
            true => self.slot::<true>(key),
            false => self.slot::<false>(key),
        }
    }

    /// Whether the table has no entries.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether the table is direct (one probe, no pilots).
    pub fn is_direct(&self) -> bool {
        self.mixes.is_empty() && !self.keys.is_empty()
    }

    /// The keys, in slot order.
    pub fn keys(&self) -> impl Iterator<Item = &S::Str> {
        self.keys.iter().filter(|k| !k.as_ref().is_empty())
    }

    /// The number of slots (keys and free slots) and of pilots and remapped slots, for
    /// reporting a table's size.
    pub fn shape(&self) -> (usize, usize, usize) {
        (self.keys.len(), self.mixes.len(), self.remap.len())
    }
}

/// `x` scaled into `0..limit` by a multiply-shift (Lemire's reduction), as PtrHash does.
#[inline(always)]
pub(crate) fn reduce(x: u32, limit: u32) -> u32 {
    ((u64::from(x) * u64::from(limit)) >> 32) as u32
}

/// The keys, as text.
impl<S: Storage, V: 'static> fmt::Debug for Table<S, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.keys().map(crate::storage::text))
            .finish()
    }
}
