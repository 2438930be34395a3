//! Test-only crate: the integration, UI and browser suites live in `tests/`.
