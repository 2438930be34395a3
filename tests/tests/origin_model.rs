//! The origin matcher against an independent reference model, on hundreds of thousands of
//! mutated origins: case flips, inserted and deleted bytes, ports, extra and missing labels,
//! other schemes, slashes, dots (fully qualified hosts end with one, and are origins of their
//! own). Tests the rule, not a list of examples.
//!
//! The model is written for obviousness, not speed: plain string splitting, no tables.

use checked_cors::{cors_policy, Policy};

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

/// Whether `origin` is a serialized origin as a browser writes it, split into its parts.
fn serialized(origin: &str) -> Option<(&str, &str, Option<u16>)> {
    if origin.is_empty() || !origin.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return None;
    }
    let (scheme, rest) = origin.split_once("://")?;
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
        && scheme
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c));
    if !scheme_ok {
        return None;
    }
    let (host, port) = if rest.starts_with('[') {
        let end = rest.find(']')?;
        (&rest[..=end], &rest[end + 1..])
    } else {
        match rest.find(':') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        }
    };
    let host_ok = if host.starts_with('[') {
        host[1..host.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c) || c == ':' || c == '.')
    } else {
        // One final dot is part of a fully qualified host.
        let name = host.strip_suffix('.').unwrap_or(host);
        !name.is_empty()
            && name.split('.').all(|l| {
                !l.is_empty()
                    && l.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                    })
            })
    };
    if !host_ok {
        return None;
    }
    let port = match port {
        "" => None,
        p => {
            let digits = p.strip_prefix(':')?;
            if digits.is_empty()
                || digits.starts_with('0')
                || !digits.chars().all(|c| c.is_ascii_digit())
                || digits.len() > 5
            {
                return None;
            }
            let n: u32 = digits.parse().ok()?;
            let n = u16::try_from(n).ok()?;
            if (scheme == "http" && n == 80) || (scheme == "https" && n == 443) {
                return None;
            }
            Some(n)
        }
    };
    Some((scheme, host, port))
}

fn reference(origin: &str) -> bool {
    let Some((scheme, host, port)) = serialized(origin) else {
        return false;
    };
    PATTERNS.iter().any(|pattern| {
        let (p_scheme, p_rest) = pattern.split_once("://").unwrap();
        let (p_host, p_port) = if let Some(h) = p_rest.strip_suffix(":*") {
            (h, None)
        } else if let Some((h, port)) = p_rest
            .rsplit_once(':')
            .filter(|(h, _)| !h.ends_with(':') && !p_rest.ends_with(']'))
        {
            (h, Some(Some(port.parse::<u16>().unwrap())))
        } else {
            (p_rest, Some(None))
        };
        let port_ok = match p_port {
            None => true,
            Some(want) => port == want,
        };
        let host_ok = match p_host.strip_prefix("*.") {
            Some(parent) => host
                .strip_suffix(parent)
                .and_then(|prefix| prefix.strip_suffix('.'))
                .is_some_and(|labels| !labels.is_empty() && !host.starts_with('[')),
            None => host == p_host,
        };
        scheme == p_scheme && port_ok && host_ok
    })
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

const SEEDS: &[&str] = &[
    "https://app.example.com",
    "https://foo.com",
    "https://bar.com",
    "https://example.com:8443",
    "https://x.example.org",
    "https://a.b.example.org",
    "https://y.a.example.net:9000",
    "https://y.a.example.net",
    "http://localhost:5173",
    "http://localhost",
    "http://127.0.0.1:3000",
    "http://[::1]:8080",
    "tauri://localhost",
    "https://shop.co-op.test",
    "https://evil.com",
    "https://exact.example.com.",
    "http://localhost.:5173",
    "http://localhost.",
    "https://a.fqdn.example.",
    "https://a.b.fqdn.example.",
    "http://example.net.:3999",
];

const ALPHABET: &[u8] = b"abcxyzABZ019.-_:/*[]@?# \t\x7f\xc3";
const PIECES: &[&str] = &[
    "/",
    ":443",
    ":80",
    ":0",
    ":08080",
    ":8080",
    ":65536",
    ":",
    ".",
    "..",
    "evil",
    "evil.",
    ".evil.net",
    "example.org",
    "a.",
    "-",
    "*",
    "*.",
    "https://",
    "http://",
    "://",
    "[",
    "]",
    "%2e",
    "localhost",
];

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
