//! A run-time configuration is held to exactly the macro's rules: every invocation of the
//! compile-error suite (`tests/ui/*.rs`), translated into configuration
//! (`checked_cors_tests::macro_text`), is refused by `PolicyConfig` with the rule ids its
//! `.stderr` spec lists, and every invocation the macro accepts builds.
//!
//! A configuration is refused in one of two stages: reading (serde stops at the first value of
//! the wrong type, or at an unknown or repeated key: one error, which must be one of the
//! invocation's) or `build()` (every rule at once: exactly the invocation's ids, in order).
//! Mistakes only the macro's token syntax can make (a missing comma, a quoted key, an integer
//! suffix) have no configuration to translate to; they are listed, and there must be no other.

use std::collections::BTreeMap;
use std::path::Path;

use checked_cors::PolicyConfig;
use checked_cors_tests::macro_text::to_json_text;
use checked_cors_tests::ui_cases::{invocations, judge, spec_errors, ui_dir, Verdict};

/// The macro-only mistakes (no configuration can make them), by invocation: file and line.
const MACRO_ONLY: &[(&str, usize, &str)] = &[
    ("max_age_integer.rs", 8, "an integer suffix (`600s`)"),
    ("syntax.rs", 4, "a missing comma between entries"),
    ("syntax.rs", 9, "a quoted key"),
];

#[test]
fn every_ui_policy_is_judged_the_same_by_the_config_builder() {
    let mut files: Vec<_> = std::fs::read_dir(ui_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut checked = 0;
    let mut valid = 0;
    let mut untranslatable = Vec::new();
    let mut failures = Vec::new();
    for path in &files {
        for (inv, verdict) in judge(path) {
            let location = format!("{}:{}", inv.file, inv.first_line);
            match verdict {
                Verdict::Untranslatable(why) => {
                    untranslatable.push((inv.file.clone(), inv.first_line, why));
                    continue;
                }
                Verdict::RefusedAlike => {}
                Verdict::Built => valid += 1,
                Verdict::Disagrees(why) => failures.push(format!("{location}: {why}")),
            }
            checked += 1;
        }
    }
    let listed: Vec<(String, usize)> = MACRO_ONLY
        .iter()
        .map(|(f, l, _)| (f.to_string(), *l))
        .collect();
    let found: Vec<(String, usize)> = untranslatable
        .iter()
        .map(|(f, l, _)| (f.clone(), *l))
        .collect();
    assert_eq!(
        found, listed,
        "the macro-only mistakes changed: {untranslatable:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The suite is compile-fail only, and large.
    assert!(checked > 100, "{checked} invocations checked");
    assert_eq!(valid, 0, "a UI case compiles");
    eprintln!(
        "{checked} invocations judged alike, {} macro-only",
        untranslatable.len()
    );
}

/// Every policy the macro accepts anywhere in the test and example code (these files compile,
/// so every invocation in them is valid) builds at run time, to a policy with the same
/// settings.
#[test]
fn every_policy_the_macro_accepts_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in [
        "tests/tests",
        "tests/src",
        "examples/src",
        "examples/src/bin",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut built = 0;
    for path in &files {
        let source = std::fs::read_to_string(path).unwrap();
        let name = path.display().to_string();
        for inv in invocations(&name, &source) {
            // A macro that forwards its input (`twin!`) has no policy of its own.
            if inv.body.contains('$') {
                continue;
            }
            let location = format!("{}:{}", inv.file, inv.first_line);
            let json = to_json_text(&inv.body).unwrap_or_else(|e| panic!("{location}: {e:?}"));
            let config: PolicyConfig =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{location}: {e}\n  {json}"));
            if let Err(errors) = config.build() {
                panic!("{location}: the macro accepts it, build() refuses it:\n{errors}");
            }
            built += 1;
        }
    }
    assert!(built > 20, "{built} policies built");
    eprintln!("{built} accepted policies built at run time");
}

/// Every rule id the compile-error suite exercises is reachable from configuration too.
#[test]
fn the_ui_suite_and_the_config_builder_cover_the_same_rules() {
    let dir = ui_dir();
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "stderr") {
            for (_, rule) in spec_errors(&std::fs::read_to_string(&path).unwrap()) {
                if let Some(rule) = rule {
                    *by_rule.entry(rule).or_default() += 1;
                }
            }
        }
    }
    let all: Vec<&str> = checked_cors::Rule::ALL.iter().map(|r| r.id()).collect();
    for id in by_rule.keys() {
        assert!(all.contains(&id.as_str()), "unknown rule id {id}");
    }
    // Every rule has a compile-error case (and so, by the test above, a configuration case).
    let missing: Vec<&&str> = all
        .iter()
        .filter(|id| !by_rule.contains_key(**id))
        .collect();
    assert!(missing.is_empty(), "rules without a UI case: {missing:?}");
}
