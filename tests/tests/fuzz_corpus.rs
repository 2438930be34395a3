//! Every input the fuzzers kept, replayed through the same oracles on stable, so CI keeps
//! them: the seeds (`fuzz/seeds/<target>`), the corpora `cargo fuzz` grew and minimized
//! (`fuzz/corpus/<target>`), and every crash ever found (`fuzz/regressions/<target>`). The
//! oracles are `checked_cors_tests::oracle`, the very code the fuzz targets run.

use std::path::{Path, PathBuf};

use checked_cors_tests::oracle;

/// An oracle: panics when the crate disagrees with it on an input.
type Oracle = fn(&[u8]);

/// The fuzz targets and their oracles.
const TARGETS: [(&str, Oracle); 4] = [
    ("decide", oracle::decide::check),
    ("http", oracle::http_layer::check),
    ("rules", oracle::rules::check),
    ("config", oracle::config::check),
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// Every file of `fuzz/<kind>/<target>`, sorted (none if the folder does not exist).
fn files(kind: &str, target: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(fuzz_dir().join(kind).join(target)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable folder").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `check` on every file, collecting the failures (with the file's name) instead of
/// stopping at the first.
fn replay(target: &str, check: Oracle, kinds: &[&str]) -> usize {
    let mut failures = Vec::new();
    let mut count = 0;
    for kind in kinds {
        for path in files(kind, target) {
            let data = std::fs::read(&path).expect("a readable file");
            count += 1;
            if let Err(panic) = std::panic::catch_unwind(|| check(&data)) {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{}: {message}", path.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{target}: {} of {count} inputs fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    count
}

#[test]
fn every_seed_corpus_and_regression_passes_its_oracle() {
    for (target, check) in TARGETS {
        let seeds = replay(target, check, &["seeds"]);
        assert!(seeds >= 30, "{target}: only {seeds} seeds; run write_seeds");
        let kept = replay(target, check, &["corpus", "regressions"]);
        assert!(kept > 0, "{target}: no fuzzed corpus");
    }
}

/// The seeds on disk are exactly what the test suites give (so a changed table updates them).
#[test]
fn seeds_on_disk_are_current() {
    for (target, seeds) in seed_sets() {
        let on_disk: Vec<Vec<u8>> = files("seeds", target)
            .iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        assert_eq!(
            on_disk.len(),
            seeds.len(),
            "{target}: seeds changed; run `cargo test -p checked-cors-tests --test fuzz_corpus -- --ignored write_seeds`"
        );
        assert!(on_disk == seeds, "{target}: seeds changed; run write_seeds");
    }
}

fn seed_sets() -> [(&'static str, Vec<Vec<u8>>); 4] {
    [
        ("decide", oracle::seeds::decide()),
        ("http", oracle::seeds::http()),
        ("rules", oracle::seeds::rules()),
        ("config", oracle::seeds::config()),
    ]
}

/// Writes `fuzz/seeds/<target>/seed-NNNN` from the test suites' values.
#[test]
#[ignore = "writes the seed corpora: run it after changing the seeds"]
fn write_seeds() {
    for (target, seeds) in seed_sets() {
        let dir = fuzz_dir().join("seeds").join(target);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (i, seed) in seeds.iter().enumerate() {
            std::fs::write(dir.join(format!("seed-{i:04}")), seed).unwrap();
        }
    }
}
