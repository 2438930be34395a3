//! Policies written once and served both ways: compiled by `cors_policy!`, and built at run time
//! from the same text through `PolicyConfig`. Every suite that runs on both proves the two are
//! indistinguishable.

use checked_cors::{OwnedPolicy, Policy, PolicyConfig, SharedPolicy};

/// One policy text, compiled and as configuration.
#[derive(Debug)]
pub struct Twin {
    /// The policy `cors_policy!` compiled from [`Twin::text`].
    pub compiled: &'static Policy,
    /// The body of the macro invocation, as `stringify!` wrote it.
    pub text: &'static str,
}

impl Twin {
    /// The same policy as configuration.
    pub fn config(&self) -> PolicyConfig {
        crate::macro_text::to_config(self.text)
    }

    /// The same policy built at run time.
    pub fn owned(&self) -> OwnedPolicy {
        self.config()
            .build()
            .unwrap_or_else(|e| panic!("{}: {e}", self.text))
    }

    /// The run-time policy behind a [`SharedPolicy`], as a reloading server holds it.
    pub fn shared(&self) -> SharedPolicy {
        SharedPolicy::new(self.owned())
    }
}

/// `twin!(pub NAME = { key: value, ... });` defines `NAME: Twin`: the policy compiled by the
/// macro and the same text for the run-time builder.
#[macro_export]
macro_rules! twin {
    ($(#[$meta:meta])* $vis:vis $name:ident = { $($body:tt)* }) => {
        $(#[$meta])*
        $vis static $name: $crate::twins::Twin = {
            static COMPILED: ::checked_cors::Policy = ::checked_cors::cors_policy! { $($body)* };
            $crate::twins::Twin { compiled: &COMPILED, text: stringify!($($body)*) }
        };
    };
}

/// Where a served policy comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `cors_policy!`, served as `&'static Policy`.
    Compiled,
    /// `PolicyConfig::build`, served through a `SharedPolicy`.
    Runtime,
}

impl Source {
    /// Both, in a fixed order.
    pub const ALL: [Source; 2] = [Source::Compiled, Source::Runtime];
}
