//! The `cors_policy!` macro. Use it through the `checked-cors` crate, which documents the policy
//! language; this crate is its compiler, one file per stage:
//!
//! - `parse.rs`: tokens → `key: value` entries;
//! - `validate.rs`: entries → a checked policy, every rule applied by
//!   `checked_cors_runtime::rules::check`, every mistake reported in one build;
//! - `expand.rs`: the policy compiled by `checked_cors_runtime::build` (perfect-hash tables and
//!   joined values, the same compiler a run-time policy is built with) → a const `Policy`.

use proc_macro::TokenStream;

mod expand;
mod parse;
mod validate;

/// Compiles a CORS policy into a const `checked_cors::Policy`. See the `checked-cors` crate.
#[proc_macro]
pub fn cors_policy(input: TokenStream) -> TokenStream {
    let result = syn::parse::<parse::Input>(input).and_then(validate::validate);
    match result {
        Ok(checked) => expand::expand(&checked_cors_runtime::build::compile(&checked)).into(),
        Err(errors) => {
            let errors = errors.to_compile_error();
            // The errors as statements of a block that still yields a `Policy`, so the user's
            // mistakes are the whole output: no type error and, unlike a diverging `loop {}`, no
            // "unreachable statement" warning after a `let`.
            quote::quote!({ #errors ::checked_cors::__private::Policy::__INVALID }).into()
        }
    }
}
