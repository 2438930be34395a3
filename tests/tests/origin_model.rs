//! The origin matcher against an independent reference model, on hundreds of thousands of
//! mutated origins: case flips, inserted and deleted bytes, ports, extra and missing labels,
//! other schemes, slashes, dots (fully qualified hosts end with one, and are origins of their
//! own). Tests the rule, not a list of examples.
//!
//! The model (`checked_cors_tests::oracle::model`, shared with the fuzzing oracles) is written
//! for obviousness, not speed: plain string splitting, no tables.

use checked_cors::{cors_policy, Policy};
use checked_cors_tests::oracle::model;
use checked_cors_tests::oracle::seeds::{MODEL_ORIGINS as SEEDS, PIECES};

/// One list for the policy and the model; also checks that `cors_policy!` accepts tokens that a
/// `macro_rules!` forwards (they arrive wrapped in invisible groups).
macro_rules! policy_and_patterns {
    ($key:ident: [$($pattern:literal),* $(,)?]) => {
        static POLICY: Policy = cors_policy! { $key: [$($pattern),*] };
        const PATTERNS: &[&str] = &[$($pattern),*];
    };
}

policy_and_patterns! {
    allow_origins: [
        "https://app.example.com",
        "https://foo.com",
        "https://bar.com",
        "https://example.com:8443",
        "https://*.example.org",
        "https://*.a.example.net:*",
        "http://localhost:*",
        "http://127.0.0.1:3000",
        "http://[::1]:*",
        "tauri://localhost",
        "https://*.co-op.test",
        "https://exact.example.com.",
        "http://localhost.:*",
        "https://*.fqdn.example.",
        "http://example.net.:3999",
    ]
}

/// The reference model (shared with the fuzzing oracles): any listed entry matches.
fn reference(origin: &str) -> bool {
    PATTERNS
        .iter()
        .any(|pattern| model::pattern_matches(pattern, origin.as_bytes()))
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const ALPHABET: &[u8] = b"abcxyzABZ019.-_:/*[]@?# \t\x7f\xc3";

fn mutate(rng: &mut Rng, s: &str) -> Vec<u8> {
    let mut b = s.as_bytes().to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(b.len() + 1);
        match rng.below(8) {
            7 => {
                // Toggle the host's final dot: the fully qualified and the plain form of one
                // origin, which must never stand in for each other.
                if let Some(i) = b.windows(3).position(|w| w == b"://") {
                    let start = i + 3;
                    let end = b[start..]
                        .iter()
                        .position(|&c| c == b':')
                        .map_or(b.len(), |p| start + p);
                    if end > start && b[end - 1] == b'.' {
                        b.remove(end - 1);
                    } else {
                        b.insert(end, b'.');
                    }
                }
            }
            0 if at < b.len() => b[at] = b[at].to_ascii_uppercase(),
            1 => b.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            2 if at < b.len() => {
                b.remove(at);
            }
            3 => b.extend_from_slice(PIECES[rng.below(PIECES.len())].as_bytes()),
            4 => {
                let piece = PIECES[rng.below(PIECES.len())].as_bytes();
                b.splice(at..at, piece.iter().copied());
            }
            5 => {
                // Swap in another seed's tail or head.
                let other = SEEDS[rng.below(SEEDS.len())].as_bytes();
                let cut = rng.below(other.len());
                b.truncate(at);
                b.extend_from_slice(&other[cut..]);
            }
            _ => {
                // Prepend a label after the scheme.
                if let Some(i) = b.windows(3).position(|w| w == b"://") {
                    b.splice(i + 3..i + 3, b"sub.".iter().copied());
                }
            }
        }
    }
    b
}

#[test]
fn matcher_agrees_with_reference_model() {
    // The seeds themselves, first.
    for seed in SEEDS {
        assert_eq!(
            POLICY.allows_origin(seed.as_bytes()),
            reference(seed),
            "seed {seed}"
        );
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut allowed, mut total) = (0, 0);
    for _ in 0..300_000 {
        let seed = SEEDS[rng.below(SEEDS.len())];
        let candidate = mutate(&mut rng, seed);
        let want = std::str::from_utf8(&candidate).is_ok_and(reference);
        let got = POLICY.allows_origin(&candidate);
        assert_eq!(
            got,
            want,
            "origin {:?}",
            String::from_utf8_lossy(&candidate)
        );
        allowed += usize::from(got);
        total += 1;
    }
    // The mutations must exercise both outcomes, or the comparison proves little.
    assert!(
        allowed > total / 50 && allowed < total / 2,
        "{allowed} of {total} allowed"
    );
}
