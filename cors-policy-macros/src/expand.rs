//! Stage 3: a checked model → a const `Policy` expression.
//!
//! Everything the runtime needs is computed here: perfect-hash tables for origins and header
//! names, and the joined `Access-Control-Allow-Methods`, `-Allow-Headers`, `-Expose-Headers` and
//! `-Max-Age` values.

use std::collections::BTreeMap;

use checked_cors_runtime::rules::{HostPattern, OriginPattern, PortPattern};
use proc_macro2::TokenStream;
use quote::quote;

use crate::tables::solve;
use crate::validate::{Model, Star};

pub(crate) fn expand(model: &Model) -> TokenStream {
    let p = quote!(::checked_cors::__private);
    let origins = match &model.origins {
        Star::Any => quote!(#p::AllowOrigins::Any),
        Star::List(list) => origins(&p, list),
    };
    let methods = match &model.methods {
        Star::Any => quote!(#p::AllowMethods::Any),
        Star::List(list) => {
            let joined = joined(list);
            quote!(#p::AllowMethods::List(&[#(#list),*], #joined))
        }
    };
    let headers = match &model.headers {
        Star::Any => quote!(#p::AllowHeaders::Any),
        Star::List(list) => {
            // Sorted, so that the value is byte for byte the line a browser sends when a script
            // sets every allowed header: the runtime accepts that line with one compare.
            let mut sorted = list.clone();
            sorted.sort_unstable();
            let joined = joined(&sorted);
            let table = table(
                &p,
                list.iter().map(|h| (h.clone(), None)).collect(),
                true,
                quote!(()),
            );
            quote!(#p::AllowHeaders::List(#table, #joined))
        }
    };
    let expose = match &model.expose {
        Star::Any => quote!(::core::option::Option::Some("*")),
        Star::List(list) => joined(list),
    };
    let credentials = model.credentials;
    let private_network = model.private_network;
    let max_age = match model.max_age {
        Some(secs) => {
            let text = secs.to_string();
            quote!(::core::option::Option::Some((#secs, #text)))
        }
        None => quote!(::core::option::Option::None),
    };
    quote! {
        #p::Policy::__new(#origins, #methods, #headers, #expose, #credentials, #max_age, #private_network)
    }
}

/// `Some("a,b")`, or `None` for an empty list: header lists are joined without spaces, as
/// browsers write them.
fn joined(list: &[String]) -> TokenStream {
    if list.is_empty() {
        quote!(::core::option::Option::None)
    } else {
        let s = list.join(",");
        quote!(::core::option::Option::Some(#s))
    }
}

fn origins(p: &TokenStream, list: &[OriginPattern]) -> TokenStream {
    let mut exact = Vec::new();
    let mut hosts: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    let mut subdomains: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for o in list {
        let port = match o.port {
            PortPattern::Default => quote!(#p::PortMatch::Default),
            PortPattern::Exact(n) => quote!(#p::PortMatch::Exact(#n)),
            PortPattern::Any => quote!(#p::PortMatch::Any),
        };
        let scheme = &o.scheme;
        let scheme_port = quote!(#p::SchemePort { scheme: #scheme, port: #port });
        match (&o.host, o.port) {
            (HostPattern::Exact(host), PortPattern::Default) => {
                exact.push((format!("{scheme}://{host}"), None))
            }
            (HostPattern::Exact(host), PortPattern::Exact(n)) => {
                exact.push((format!("{scheme}://{host}:{n}"), None))
            }
            (HostPattern::Exact(host), PortPattern::Any) => {
                hosts.entry(host.clone()).or_default().push(scheme_port)
            }
            (HostPattern::Subdomains(parent), _) => subdomains
                .entry(parent.clone())
                .or_default()
                .push(scheme_port),
        }
    }
    let mut suffix_lens: Vec<usize> = subdomains.keys().map(String::len).collect();
    suffix_lens.sort_unstable();
    suffix_lens.dedup();
    let group = |m: BTreeMap<String, Vec<TokenStream>>| -> Vec<(String, Option<TokenStream>)> {
        m.into_iter()
            .map(|(k, v)| (k, Some(quote!(&[#(#v),*]))))
            .collect()
    };
    let exact = table(p, exact, false, quote!(()));
    let hosts = table(p, group(hosts), false, quote!(&[]));
    let subdomains = table(p, group(subdomains), false, quote!(&[]));
    quote!(#p::AllowOrigins::List(#p::Origins::new(#exact, #hosts, #subdomains, &[#(#suffix_lens),*])))
}

/// A table over `entries`; a `None` value means `()` for every key (a set).
fn table(
    p: &TokenStream,
    entries: Vec<(String, Option<TokenStream>)>,
    fold: bool,
    filler: TokenStream,
) -> TokenStream {
    if entries.is_empty() {
        return quote!(#p::Table::EMPTY);
    }
    let keys: Vec<&[u8]> = entries.iter().map(|(k, _)| k.as_bytes()).collect();
    let Some(solved) = solve(&keys, fold) else {
        return quote!(::core::compile_error!(
            "cors_policy!: no perfect-hash layout found for this list; please report it"
        ));
    };
    let seed = solved.seed;
    let window = {
        let (from_end, offset, len) = solved.window.parts();
        quote!(#p::Window::new(#from_end, #offset, #len))
    };
    let (min_len, max_len) = (solved.min_len, solved.max_len);
    let pilots = &solved.pilots;
    // One literal per slot: a 10,000-origin table has 16,384 slots, and every token is work
    // for the compiler.
    let slot_keys = solved
        .order
        .iter()
        .map(|slot| slot.map_or("", |i| entries[i].0.as_str()));
    let n = solved.order.len();
    let values = if entries.iter().all(|(_, v)| v.is_none()) {
        quote!(&[(); #n])
    } else {
        let values = solved
            .order
            .iter()
            .map(|slot| match slot.map(|i| &entries[i].1) {
                Some(Some(value)) => value.clone(),
                _ => filler.clone(),
            });
        quote!(&[#(#values),*])
    };
    quote!(#p::Table::new(#seed, #window, #fold, #min_len, #max_len, &[#(#pilots),*], &[#(#slot_keys),*], #values))
}
