//! A checked policy compiled into what the runtime reads: perfect-hash tables of origins and
//! header names, and the response header values joined in advance. The macro prints the result
//! as const data; a run-time policy moves it onto the heap.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::solve::{solve, Solved};
use crate::origin::PortMatch;
use crate::rules::{Checked, HostPattern, OriginPattern, PortPattern, Star};
use crate::table::Layout;

/// A compiled policy: every table solved and every value joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compiled {
    /// The origins: `*`, or the tables of listed origins and patterns.
    pub origins: Star<OriginTables>,
    /// The methods: `*`, or the list and its joined `Access-Control-Allow-Methods` value
    /// (`None` when the list is empty).
    pub methods: Star<(Vec<String>, Option<String>)>,
    /// The request headers: `*`, or the table of lowercase names and their joined
    /// `Access-Control-Allow-Headers` value, sorted as a browser sorts a request's list.
    pub headers: Star<(SolvedTable<()>, Option<String>)>,
    /// `Access-Control-Expose-Headers`: `*` or the joined names; `None` when nothing is exposed.
    pub expose: Option<String>,
    /// `allow_credentials`
    pub credentials: bool,
    /// `Access-Control-Max-Age`, as a number and as its header value.
    pub max_age: Option<(u32, String)>,
    /// `allow_private_network`
    pub private_network: bool,
}

/// The three origin tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginTables {
    /// Whole serialized origins.
    pub exact: SolvedTable<()>,
    /// Hosts allowed on some port set (`http://localhost:*`), with their schemes and ports.
    pub hosts: SolvedTable<Vec<(String, PortMatch)>>,
    /// Parent domains of `*.` patterns, with their schemes and ports.
    pub subdomains: SolvedTable<Vec<(String, PortMatch)>>,
    /// The distinct lengths of the parent domains, ascending.
    pub suffix_lens: Vec<usize>,
}

/// A solved table with its keys and values in slot order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SolvedTable<V> {
    /// Seed, window, case folding and key lengths.
    pub layout: Layout,
    /// PtrHash pilots, mixed as the table stores them (empty for a direct table).
    pub mixes: Vec<u32>,
    /// PtrHash remapped slots.
    pub remap: Vec<u32>,
    /// Each slot's key and value; `None` for a free slot.
    pub slots: Vec<Option<(String, V)>>,
}

impl<V> SolvedTable<V> {
    /// A table of `entries` (distinct keys; lowercase when `fold`).
    pub fn new(entries: Vec<(String, V)>, fold: bool) -> Self {
        let keys: Vec<&[u8]> = entries.iter().map(|(k, _)| k.as_bytes()).collect();
        let solved = solve(&keys, fold);
        let mixes = solved.mixes();
        let Solved {
            layout,
            remap,
            order,
            ..
        } = solved;
        let mut entries: Vec<Option<(String, V)>> = entries.into_iter().map(Some).collect();
        let slots = order
            .iter()
            .map(|slot| slot.and_then(|i| entries.get_mut(i).and_then(Option::take)))
            .collect();
        SolvedTable {
            layout,
            mixes,
            remap,
            slots,
        }
    }
}

/// Compiles `checked`.
pub fn compile(checked: &Checked) -> Compiled {
    let origins = match &checked.origins {
        Star::Any => Star::Any,
        Star::List(list) => Star::List(origin_tables(list)),
    };
    let methods = match &checked.methods {
        Star::Any => Star::Any,
        Star::List(list) => Star::List((list.clone(), joined(list))),
    };
    let headers = match &checked.headers {
        Star::Any => Star::Any,
        Star::List(list) => {
            // Sorted, so that the value is byte for byte the line a browser sends when a script
            // sets every allowed header: the runtime accepts that line with one compare.
            let mut sorted = list.clone();
            sorted.sort_unstable();
            let table = SolvedTable::new(list.iter().map(|h| (h.clone(), ())).collect(), true);
            Star::List((table, joined(&sorted)))
        }
    };
    let expose = match &checked.expose {
        Star::Any => Some(String::from("*")),
        Star::List(list) => joined(list),
    };
    Compiled {
        origins,
        methods,
        headers,
        expose,
        credentials: checked.credentials,
        max_age: checked.max_age.map(|secs| (secs, secs.to_string())),
        private_network: checked.private_network,
    }
}

/// `a,b`, or `None` for an empty list: header lists are joined without spaces, as browsers
/// write them.
fn joined(list: &[String]) -> Option<String> {
    (!list.is_empty()).then(|| list.join(","))
}

/// Exact origins go to one table; `:*` hosts and `*.` parents, with their schemes and ports, to
/// the others.
fn origin_tables(list: &[OriginPattern]) -> OriginTables {
    let mut exact = Vec::new();
    let mut hosts: BTreeMap<String, Vec<(String, PortMatch)>> = BTreeMap::new();
    let mut subdomains: BTreeMap<String, Vec<(String, PortMatch)>> = BTreeMap::new();
    for o in list {
        let port = match o.port {
            PortPattern::Default => PortMatch::Default,
            PortPattern::Exact(n) => PortMatch::Exact(n),
            PortPattern::Any => PortMatch::Any,
        };
        let scheme = &o.scheme;
        match (&o.host, o.port) {
            (HostPattern::Exact(host), PortPattern::Default) => {
                exact.push((format!("{scheme}://{host}"), ()))
            }
            (HostPattern::Exact(host), PortPattern::Exact(n)) => {
                exact.push((format!("{scheme}://{host}:{n}"), ()))
            }
            (HostPattern::Exact(host), PortPattern::Any) => hosts
                .entry(host.clone())
                .or_default()
                .push((scheme.clone(), port)),
            (HostPattern::Subdomains(parent), _) => subdomains
                .entry(parent.clone())
                .or_default()
                .push((scheme.clone(), port)),
        }
    }
    let mut suffix_lens: Vec<usize> = subdomains.keys().map(String::len).collect();
    suffix_lens.sort_unstable();
    suffix_lens.dedup();
    OriginTables {
        exact: SolvedTable::new(exact, false),
        hosts: SolvedTable::new(hosts.into_iter().collect(), false),
        subdomains: SolvedTable::new(subdomains.into_iter().collect(), false),
        suffix_lens,
    }
}
