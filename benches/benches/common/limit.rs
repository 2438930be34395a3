//! The "limit" of an origin lookup: one fast hash of the origin's bytes, one slot read and one
//! full compare against a stored string. Any hashed lookup must at least do this much.

use std::hash::BuildHasher;

use super::{ALLOWED, ORIGINS};

/// A 32-slot table of the 20 origins placed by `hash & 31` (collisions simply overwrite: this is
/// a cost floor, not a set), with the probed origin [`ALLOWED`] in its slot so that a hit
/// compares every byte.
pub struct Limit<H> {
    hasher: H,
    slots: Vec<&'static [u8]>,
}

impl<H: BuildHasher> Limit<H> {
    pub fn new(hasher: H) -> Self {
        let mut slots = vec![&b""[..]; 32];
        for origin in ORIGINS.iter().chain([&ALLOWED]) {
            let i = hasher.hash_one(origin.as_bytes()) as usize & 31;
            slots[i] = origin.as_bytes();
        }
        Limit { hasher, slots }
    }

    #[inline]
    pub fn contains(&self, key: &[u8]) -> bool {
        let i = self.hasher.hash_one(key) as usize & 31;
        self.slots[i] == key
    }
}

/// The limit with foldhash.
pub fn foldhash() -> Limit<foldhash::fast::FixedState> {
    Limit::new(foldhash::fast::FixedState::with_seed(0x5eed))
}

/// The limit with FxHash.
pub fn fxhash() -> Limit<rustc_hash::FxBuildHasher> {
    Limit::new(rustc_hash::FxBuildHasher)
}
