//! Stage 3: a compiled policy → a const `Policy` expression.
//!
//! The tables and joined values are computed by `checked_cors_runtime::build`, the compiler a
//! run-time policy is built with too; this stage only prints them as const data (one literal
//! per slot: a 10,000-origin table has 10,100 slots, and every token is work for the compiler).

use checked_cors_runtime::__private::PortMatch;
use checked_cors_runtime::build::{Compiled, SolvedTable};
use checked_cors_runtime::rules::Star;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn expand(compiled: &Compiled) -> TokenStream {
    let p = quote!(::checked_cors::__private);
    let origins = match &compiled.origins {
        Star::Any => quote!(#p::AllowOrigins::Any),
        Star::List(tables) => {
            let scheme_ports = |list: &Vec<(String, PortMatch)>| {
                let list = list.iter().map(|(scheme, port)| {
                    let port = match port {
                        PortMatch::Default => quote!(#p::PortMatch::Default),
                        PortMatch::Exact(n) => quote!(#p::PortMatch::Exact(#n)),
                        PortMatch::Any => quote!(#p::PortMatch::Any),
                    };
                    quote!(#p::SchemePort { scheme: #scheme, port: #port })
                });
                quote!(&[#(#list),*])
            };
            let exact = table(&p, &tables.exact, |()| None);
            let hosts = table(&p, &tables.hosts, |v| Some(scheme_ports(v)));
            let subdomains = table(&p, &tables.subdomains, |v| Some(scheme_ports(v)));
            let suffix_lens = &tables.suffix_lens;
            quote!(#p::AllowOrigins::List(#p::Origins::new(#exact, #hosts, #subdomains, &[#(#suffix_lens),*])))
        }
    };
    let methods = match &compiled.methods {
        Star::Any => quote!(#p::AllowMethods::Any),
        Star::List((list, joined)) => {
            let joined = option(joined.as_deref());
            quote!(#p::AllowMethods::List(&[#(#list),*], #joined))
        }
    };
    let headers = match &compiled.headers {
        Star::Any => quote!(#p::AllowHeaders::Any),
        Star::List((names, joined)) => {
            let table = table(&p, names, |()| None);
            let joined = option(joined.as_deref());
            quote!(#p::AllowHeaders::List(#table, #joined))
        }
    };
    let expose = option(compiled.expose.as_deref());
    let credentials = compiled.credentials;
    let private_network = compiled.private_network;
    let max_age = match &compiled.max_age {
        Some((secs, text)) => quote!(::core::option::Option::Some((#secs, #text))),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        <#p::Policy>::__new(#origins, #methods, #headers, #expose, #credentials, #max_age, #private_network)
    }
}

fn option(text: Option<&str>) -> TokenStream {
    match text {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}

/// A table as const data; `value` prints an entry's value, `None` for `()` (a set).
fn table<V>(
    p: &TokenStream,
    solved: &SolvedTable<V>,
    value: impl Fn(&V) -> Option<TokenStream>,
) -> TokenStream {
    if solved.slots.is_empty() {
        return quote!(#p::Table::EMPTY);
    }
    let layout = {
        let l = &solved.layout;
        let (seed, fold, min_len, max_len) = (l.seed, l.fold, l.min_len, l.max_len);
        let (from_end, offset, len) = l.window.parts();
        quote!(#p::Layout {
            seed: #seed,
            window: #p::Window::new(#from_end, #offset, #len),
            fold: #fold,
            min_len: #min_len,
            max_len: #max_len,
        })
    };
    let mixes = &solved.mixes;
    let remap = &solved.remap;
    let keys = solved
        .slots
        .iter()
        .map(|slot| slot.as_ref().map_or("", |(k, _)| k.as_str()));
    let n = solved.slots.len();
    let values: Vec<Option<TokenStream>> = solved
        .slots
        .iter()
        .map(|slot| slot.as_ref().and_then(|(_, v)| value(v)))
        .collect();
    let values = if values.iter().all(Option::is_none) {
        quote!(&[(); #n])
    } else {
        let values = values.into_iter().map(|v| v.unwrap_or_else(|| quote!(&[])));
        quote!(&[#(#values),*])
    };
    quote!(#p::Table::new(#layout, &[#(#mixes),*], &[#(#remap),*], &[#(#keys),*], #values))
}
