//! The one compiler of policies, shared by the `cors_policy!` macro and the run-time builder: a
//! policy [checked](crate::rules::check) by the rules is compiled into tables and joined values
//! ([`compile`]), which the macro prints as const data and [`owned`] moves onto the heap.
//!
//! Needs the crate feature `build` (and `std`, as `phf_generator` does); deciding on a built
//! policy needs only `alloc`.

mod compile;
mod owned;
mod solve;

pub use compile::{compile, Compiled, OriginTables, SolvedTable};
pub use owned::{owned, NotAHeaderValue};
pub use solve::{choose_window, solve, solve_ptrhash, Solved, DIRECT_MAX_KEYS};
