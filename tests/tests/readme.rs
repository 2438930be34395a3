//! The READMEs of the three published crates, as crates.io and docs.rs show them: without the
//! repository around them. Their Rust blocks run as doc tests (`src/lib.rs`); this checks what a
//! doc test cannot: the dependency line, the links, the package names.

use std::path::Path;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const ROOT_MANIFEST: &str = include_str!("../../Cargo.toml");
const FACADE_MANIFEST: &str = include_str!("../../cors-policy/Cargo.toml");

/// (README, package name, package directory) of each published crate.
const READMES: [(&str, &str, &str); 3] = [
    (
        include_str!("../../README.md"),
        "checked-cors",
        "cors-policy",
    ),
    (
        include_str!("../../cors-policy-macros/README.md"),
        "checked-cors-macros",
        "cors-policy-macros",
    ),
    (
        include_str!("../../cors-policy-runtime/README.md"),
        "checked-cors-runtime",
        "cors-policy-runtime",
    ),
];

/// The body of the first ```` ```toml ```` block after `heading`.
fn toml_block_after<'a>(readme: &'a str, heading: &str) -> &'a str {
    let section = &readme[readme.find(heading).expect("heading")..];
    let start = section.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = section[start..].find("```").expect("end of the block");
    &section[start..start + end]
}

/// Every `"quoted"` word of `line`.
fn quoted(line: &str) -> Vec<&str> {
    line.split('"').skip(1).step_by(2).collect()
}

/// The value of `key = "..."` in the `[section]` of a manifest.
fn manifest_value<'a>(manifest: &'a str, section: &str, key: &str) -> &'a str {
    let body = manifest.split(section).nth(1).expect("section");
    let body = body.split("\n[").next().unwrap();
    let line = body
        .lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .expect("key");
    quoted(line)[0]
}

/// The quick start installs this workspace's facade: its package name, the version it has now
/// (as `major.minor`, which cargo reads as `^major.minor`), and only features it defines.
#[test]
fn quick_start_depends_on_the_facade() {
    let (readme, name, _) = READMES[0];
    let block = toml_block_after(readme, "## Quick start");
    let line = block
        .lines()
        .find(|l| !l.starts_with('['))
        .expect("a dependency line");
    assert!(
        line.starts_with(&format!("{name} = {{ version = \"")),
        "{line}"
    );
    let version = manifest_value(ROOT_MANIFEST, "[workspace.package]", "version");
    let major_minor: Vec<&str> = version.split('.').take(2).collect();
    let words = quoted(line);
    assert_eq!(words[0], major_minor.join("."), "{line}");
    let features = FACADE_MANIFEST
        .split("[features]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    assert!(words.len() > 2, "the line names no feature: {line}");
    for feature in &words[1..] {
        if *feature == "features" {
            continue;
        }
        assert!(
            features
                .lines()
                .any(|l| l.starts_with(&format!("{feature} = ["))),
            "`{feature}` is not a feature of {name}"
        );
    }
}

/// crates.io and docs.rs show a README without the repository: a link must be absolute, or an
/// anchor of one of its own headings; a file linked in docs.rs's source view must be in the
/// package (its directory, where symlinks bring in files from the workspace root).
#[test]
fn links_work_outside_the_repository() {
    for (readme, name, dir) in READMES {
        let source_prefix = format!("https://docs.rs/crate/{name}/latest/source/");
        let anchors: Vec<String> = readme
            .lines()
            .filter(|l| l.starts_with('#'))
            .map(|l| slug(l.trim_start_matches('#').trim()))
            .collect();
        let mut rest = readme;
        let mut links = 0;
        while let Some(at) = rest.find("](") {
            let tail = &rest[at + 2..];
            let target = &tail[..tail.find(')').expect("closing parenthesis")];
            rest = tail;
            links += 1;
            if let Some(anchor) = target.strip_prefix('#') {
                assert!(
                    anchors.iter().any(|a| a == anchor),
                    "{name}: no heading #{anchor}"
                );
            } else if let Some(file) = target.strip_prefix(&source_prefix) {
                let path = Path::new(ROOT).join(dir).join(file);
                assert!(path.is_file(), "{name}: {file} is not in the package");
            } else {
                assert!(
                    target.starts_with("https://"),
                    "{name}: relative link {target}"
                );
            }
        }
        assert!(links > 0, "{name}: no link found");
    }
}

/// GitHub-style heading anchors: lowercase, spaces to `-`, punctuation dropped.
fn slug(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The packages were renamed (`cors-policy` is another project on crates.io): the old names
/// survive only as directory names (`cors-policy/`, …), never as something to install.
#[test]
fn old_package_names_are_only_directories() {
    for (readme, name, _) in READMES {
        for (at, _) in readme.match_indices("cors-policy") {
            let after = &readme[at + "cors-policy".len()..];
            assert!(
                ["/", "-macros/", "-runtime/"]
                    .iter()
                    .any(|dir| after.starts_with(dir)),
                "{name}: `cors-policy{}`",
                &after[..after.len().min(20)]
            );
        }
    }
}
