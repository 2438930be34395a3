//! The compile-error suite (`tests/ui/*.rs` and their `.stderr` specs) read as data: each
//! `cors_policy!` invocation of a case, the rule ids its spec expects, and how the run-time
//! builder judges the same policy. `tests/config_rules.rs` holds the whole suite to it;
//! `tests/advisories.rs` the cases of each advisory.

use std::path::{Path, PathBuf};

use checked_cors::PolicyConfig;

use crate::macro_text::{to_json_text, Untranslatable};

/// One `cors_policy! { ... }` of a UI file: its body and its lines.
pub struct Invocation {
    /// The file's name.
    pub file: String,
    /// The line of `cors_policy!`.
    pub first_line: usize,
    /// The line of the closing brace.
    pub last_line: usize,
    /// The text between the braces.
    pub body: String,
}

/// Every `cors_policy! { ... }` of `source`, a file called `file`.
pub fn invocations(file: &str, source: &str) -> Vec<Invocation> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = source[from..].find("cors_policy!") {
        let start = from + at;
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        // Prose about the macro, in a comment or a string, is not an invocation.
        if source[line_start..start].contains("//") || source[line_start..start].contains('"') {
            from = start + 1;
            continue;
        }
        let open = start + source[start..].find('{').expect("a `{` after cors_policy!");
        let mut depth = 0usize;
        let mut close = open;
        let mut in_string = false;
        let mut escaped = false;
        for (i, c) in source[open..].char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '{' if !in_string => depth += 1,
                '}' if !in_string => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let line_of = |offset: usize| source[..offset].matches('\n').count() + 1;
        out.push(Invocation {
            file: file.to_owned(),
            first_line: line_of(start),
            last_line: line_of(close),
            body: source[open + 1..close].to_owned(),
        });
        from = close;
    }
    out
}

/// The spec's errors: (line, rule id or `None` for a syntax error), in order.
pub fn spec_errors(stderr: &str) -> Vec<(usize, Option<String>)> {
    let mut out = Vec::new();
    let mut rule: Option<Option<String>> = None;
    for line in stderr.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            rule = Some(
                message
                    .rsplit_once("[rule: ")
                    .map(|(_, id)| id.trim_end_matches(']').to_owned()),
            );
        } else if let Some(location) = line.trim_start().strip_prefix("--> ") {
            let number = location.split(':').nth(1).expect("file:line:column");
            out.push((
                number.parse().unwrap(),
                rule.take().expect("a location after a message"),
            ));
        }
    }
    out
}

/// The directory of the compile-error suite.
pub fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui")
}

/// How the run-time builder judged one invocation, against its spec.
#[derive(Debug)]
pub enum Verdict {
    /// A mistake only the macro's token syntax can make: no configuration has it.
    Untranslatable(String),
    /// Refused with one of the spec's ids (reading) or exactly its ids, in order (`build()`).
    RefusedAlike,
    /// Built, and the spec expects no error.
    Built,
    /// Judged otherwise than the macro: what happened.
    Disagrees(String),
}

/// Each invocation of the UI case at `path` (a `.rs` file next to its `.stderr`), judged by
/// reading it as configuration (JSON) and building it.
///
/// A configuration is refused in one of two stages: reading (serde stops at the first value
/// of the wrong type, or at an unknown or repeated key: one error, which must be one of the
/// invocation's) or `build()` (every rule at once: exactly the invocation's ids, in order).
pub fn judge(path: &Path) -> Vec<(Invocation, Verdict)> {
    let name = path.file_name().unwrap().to_str().unwrap().to_owned();
    let source = std::fs::read_to_string(path).unwrap();
    let stderr = std::fs::read_to_string(path.with_extension("stderr")).unwrap();
    let errors = spec_errors(&stderr);
    let mut out = Vec::new();
    for inv in invocations(&name, &source) {
        let expected: Vec<Option<String>> = errors
            .iter()
            .filter(|(line, _)| (inv.first_line..=inv.last_line).contains(line))
            .map(|(_, rule)| rule.clone())
            .collect();
        let verdict = match to_json_text(&inv.body) {
            Err(Untranslatable(why)) => Verdict::Untranslatable(why),
            Ok(json) => judge_json(&json, &expected),
        };
        out.push((inv, verdict));
    }
    out
}

fn judge_json(json: &str, expected: &[Option<String>]) -> Verdict {
    let ids: Vec<&str> = expected.iter().flatten().map(String::as_str).collect();
    match serde_json::from_str::<PolicyConfig>(json) {
        Err(e) => {
            let message = e.to_string();
            let found = message
                .rsplit_once("[rule: ")
                .and_then(|(_, rest)| rest.split_once(']'))
                .map(|(id, _)| id);
            match found {
                Some(id) if ids.contains(&id) => Verdict::RefusedAlike,
                _ => Verdict::Disagrees(format!(
                    "read error `{message}` is not one of {ids:?}\n  {json}"
                )),
            }
        }
        Ok(config) => match config.build() {
            Ok(_) if expected.is_empty() => Verdict::Built,
            Ok(_) => Verdict::Disagrees(format!(
                "built, but the macro refuses it with {ids:?}\n  {json}"
            )),
            Err(errors) => {
                let got: Vec<&str> = errors.iter().map(|e| e.rule().id()).collect();
                if got == ids {
                    Verdict::RefusedAlike
                } else {
                    Verdict::Disagrees(format!(
                        "build() refused with {got:?}, the macro with {ids:?}\n  {json}\n  {errors}"
                    ))
                }
            }
        },
    }
}
