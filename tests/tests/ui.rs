//! Every compile error of `cors_policy!`, as a user sees it. Each `.stderr` is a spec.
//!
//! The snapshots were made with the toolchain pinned in `rust-toolchain.toml`; regenerate with
//! `TRYBUILD=overwrite cargo test -p checked-cors-tests --test ui` and read every diff.

#[test]
fn compile_errors() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
