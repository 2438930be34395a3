//! The axum demo's live policy: read from a TOML or JSON file (`--policy FILE` or
//! `CORS_POLICY_FILE`), served through a [`SharedPolicy`], and reloaded when the file changes
//! or on `SIGHUP`. A bad edit is refused with every error logged, and the previous policy keeps
//! serving.

use std::path::{Path, PathBuf};
use std::time::Duration;

use checked_cors::{PolicyConfig, SharedPolicy};

/// How often the file is read for changes.
const POLL: Duration = Duration::from_millis(200);

/// The policy file named by `--policy FILE` (or `--policy=FILE`) in `args`, else by
/// `CORS_POLICY_FILE`.
pub fn policy_file(args: impl IntoIterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--policy" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--policy=") {
            return Some(PathBuf::from(path));
        }
    }
    std::env::var_os("CORS_POLICY_FILE").map(PathBuf::from)
}

/// The configuration in `text`: JSON for a `.json` file, TOML otherwise.
pub fn parse(path: &Path, text: &str) -> Result<PolicyConfig, String> {
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

/// The policy in `path`, built; every error otherwise.
pub fn load(path: &Path) -> Result<checked_cors::OwnedPolicy, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
    let config = parse(path, &text)?;
    config.build().map_err(|errors| errors.to_string())
}

/// Rebuilds `shared` from `path`; logs the outcome (every error of a bad edit, one per line).
pub fn reload(path: &Path, shared: &SharedPolicy) {
    match load(path) {
        Ok(policy) => {
            shared.store(policy);
            eprintln!("cors policy: reloaded {}", path.display());
        }
        Err(errors) => {
            eprintln!(
                "cors policy: {} refused; the previous policy keeps serving:",
                path.display()
            );
            for line in errors.lines() {
                eprintln!("cors policy:   {line}");
            }
        }
    }
}

/// Reloads `shared` whenever the file's bytes change, from a thread of its own, for as long
/// as the process runs.
pub fn watch(path: PathBuf, shared: SharedPolicy) {
    std::thread::Builder::new()
        .name("cors-policy-watch".into())
        .spawn(move || {
            let mut last = std::fs::read(&path).ok();
            loop {
                std::thread::sleep(POLL);
                let now = std::fs::read(&path).ok();
                if now.is_some() && now != last {
                    last = now;
                    reload(&path, &shared);
                }
            }
        })
        .expect("spawn the policy watcher");
}
