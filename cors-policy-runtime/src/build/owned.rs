//! A compiled policy moved onto the heap: an [`OwnedPolicy`], decided by the same code as a
//! policy compiled by the macro.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::compile::{Compiled, SolvedTable};
use crate::header_list::AllowHeaders;
use crate::method::AllowMethods;
use crate::origin::{Origins, SchemePort};
use crate::policy::{AllowOrigins, Policy};
use crate::rules::Star;
use crate::storage::{Owned, SharedStr};
use crate::table::Table;
use crate::OwnedPolicy;

/// A string of a compiled policy that is not a valid header value. Never happens for a policy
/// that passed the rules (they allow only visible ASCII); checked anyway, because adapters send
/// these strings without checking them again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAHeaderValue(pub String);

impl fmt::Display for NotAHeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid header value", self.0.escape_debug())
    }
}

impl std::error::Error for NotAHeaderValue {}

fn shared(text: &str) -> Result<SharedStr, NotAHeaderValue> {
    SharedStr::new(text).ok_or_else(|| NotAHeaderValue(text.into()))
}

/// The run-time policy of `compiled`.
pub fn owned(compiled: &Compiled) -> Result<OwnedPolicy, NotAHeaderValue> {
    let origins = match &compiled.origins {
        Star::Any => AllowOrigins::Any,
        Star::List(tables) => {
            let scheme_ports = |list: &Vec<(String, crate::origin::PortMatch)>| {
                list.iter()
                    .map(|(scheme, port)| {
                        Ok(SchemePort {
                            scheme: shared(scheme)?,
                            port: *port,
                        })
                    })
                    .collect::<Result<Vec<_>, NotAHeaderValue>>()
                    .map(Vec::into_boxed_slice)
            };
            AllowOrigins::List(Origins::from_parts(
                table(&tables.exact, |()| Ok(()))?,
                table(&tables.hosts, scheme_ports)?,
                table(&tables.subdomains, scheme_ports)?,
                tables.suffix_lens.clone(),
            ))
        }
    };
    let methods = match &compiled.methods {
        Star::Any => AllowMethods::Any,
        Star::List((list, joined)) => AllowMethods::List(
            list.iter()
                .map(|m| shared(m))
                .collect::<Result<Vec<_>, _>>()?
                .into_boxed_slice(),
            joined.as_deref().map(shared).transpose()?,
        ),
    };
    let headers = match &compiled.headers {
        Star::Any => AllowHeaders::Any,
        Star::List((names, joined)) => AllowHeaders::List(
            table(names, |()| Ok(()))?,
            joined.as_deref().map(shared).transpose()?,
        ),
    };
    Ok(Policy::assemble(
        origins,
        methods,
        headers,
        compiled.expose.as_deref().map(shared).transpose()?,
        compiled.credentials,
        compiled
            .max_age
            .as_ref()
            .map(|(secs, text)| Ok((*secs, shared(text)?)))
            .transpose()?,
        compiled.private_network,
    ))
}

/// A solved table on the heap; `value` converts each entry's value.
fn table<V, W: Filler + 'static>(
    solved: &SolvedTable<V>,
    value: impl Fn(&V) -> Result<W, NotAHeaderValue>,
) -> Result<Table<Owned, W>, NotAHeaderValue> {
    if solved.slots.is_empty() {
        return Ok(Table::empty());
    }
    let mut keys = Vec::with_capacity(solved.slots.len());
    let mut values = Vec::with_capacity(solved.slots.len());
    for slot in &solved.slots {
        match slot {
            Some((key, v)) => {
                keys.push(shared(key)?);
                values.push(value(v)?);
            }
            None => {
                keys.push(shared("")?);
                values.push(W::filler());
            }
        }
    }
    Ok(Table::from_parts(
        solved.layout,
        solved.mixes.clone(),
        solved.remap.clone(),
        keys,
        values,
    ))
}

/// The value of a free slot.
trait Filler {
    fn filler() -> Self;
}

impl Filler for () {
    fn filler() {}
}

impl<T> Filler for alloc::boxed::Box<[T]> {
    fn filler() -> Self {
        Vec::new().into_boxed_slice()
    }
}
