//! Stage 2: entries → a checked [`Model`], or every error at once.
//!
//! This stage only routes values to the shared rules in `cors_policy_runtime::rules` and turns
//! each [`Violation`] into a spanned error; no rule is written here. Duplicates are detected here
//! because only this stage sees whole lists, but their wording is the rules module's too.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use cors_policy_runtime::rules::{self, ListKind, OriginPattern, Violation};
use proc_macro2::Span;
use syn::Ident;

use crate::parse::{self, Input, Item, Value};

/// A policy that passed every rule.
pub(crate) struct Model {
    pub origins: Star<Vec<OriginPattern>>,
    pub methods: Star<Vec<String>>,
    pub headers: Star<Vec<String>>,
    pub expose: Star<Vec<String>>,
    pub credentials: bool,
    pub max_age: Option<u32>,
    pub private_network: bool,
}

/// `*`, or a list.
pub(crate) enum Star<T> {
    Any,
    List(T),
}

/// A violation at the span of the offending tokens.
pub(crate) fn error(span: Span, v: Violation) -> syn::Error {
    syn::Error::new(
        span,
        format!("{} [rule: {}]\n\n= help: {}", v.message, v.rule.id(), v.help),
    )
}

struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }
    fn violation(&mut self, span: Span, v: Violation) {
        self.push(error(span, v));
    }
}

pub(crate) fn validate(input: Input) -> Result<Model, syn::Error> {
    let mut errors = Errors(None);
    let mut by_key: HashMap<String, (Ident, Value)> = HashMap::new();
    for parse::Entry { key, value } in input.entries {
        let name = key.to_string();
        if !rules::KEYS.contains(&name.as_str()) {
            errors.violation(key.span(), rules::unknown_key(&name));
            continue;
        }
        match by_key.entry(name) {
            Entry::Occupied(e) => errors.violation(key.span(), rules::duplicate_key(e.key())),
            Entry::Vacant(e) => {
                e.insert((key, value));
            }
        }
    }

    let credentials = flag(&mut errors, &by_key, "allow_credentials");
    let private_network = flag(&mut errors, &by_key, "allow_private_network");
    let insecure = flag(&mut errors, &by_key, "dangerously_allow_insecure_origins");
    let max_age = max_age(&mut errors, &by_key);

    let origins = match by_key.get("allow_origins") {
        None => {
            errors.violation(Span::call_site(), rules::missing_origins());
            Star::List(Vec::new())
        }
        Some((_, Value::Star(span))) => {
            if credentials {
                errors.violation(*span, rules::any_origin_with_credentials());
            }
            Star::Any
        }
        Some((_, Value::List(items, span))) => {
            if items.is_empty() {
                errors.violation(*span, rules::empty_origins());
            }
            let mut seen = HashSet::new();
            let mut out = Vec::new();
            for item in items {
                let text = match item {
                    Item::Str(s) => s.value(),
                    Item::Star(_) => "*".to_owned(),
                    _ => {
                        errors.violation(item.span(), rules::wrong_type("allow_origins", ORIGIN_ITEM, item.describe()));
                        continue;
                    }
                };
                let checked = rules::origin(&text).and_then(|p| {
                    if credentials {
                        rules::origin_with_credentials(&p, &text, insecure)?;
                    }
                    Ok(p)
                });
                match checked {
                    Err(v) => errors.violation(item.span(), v),
                    Ok(_) if !seen.insert(text.clone()) => {
                        errors.violation(item.span(), rules::duplicate(ListKind::Origin, &text))
                    }
                    Ok(p) => out.push(p),
                }
            }
            Star::List(out)
        }
        Some((_, v)) => {
            errors.violation(v.span(), rules::wrong_type("allow_origins", ORIGINS_VALUE, v.describe()));
            Star::List(Vec::new())
        }
    };

    let methods = list(&mut errors, &by_key, "allow_methods", ListKind::Method, true, |m| {
        rules::method(m).map(|()| m.to_owned())
    });
    let headers = list(&mut errors, &by_key, "allow_headers", ListKind::RequestHeader, false, rules::request_header);
    let expose = list(&mut errors, &by_key, "expose_headers", ListKind::ExposeHeader, false, rules::expose_header);
    if let (true, Some((_, Value::Star(span)))) = (credentials, by_key.get("expose_headers")) {
        errors.violation(*span, rules::expose_any_with_credentials());
    }

    match errors.0 {
        Some(e) => Err(e),
        None => Ok(Model {
            origins,
            methods,
            headers,
            expose,
            credentials,
            max_age,
            private_network,
        }),
    }
}

const ORIGIN_ITEM: &str = "a string literal such as \"https://app.example.com\"";
const ORIGINS_VALUE: &str = "`*` or a list such as [\"https://app.example.com\"]";

fn flag(errors: &mut Errors, by_key: &HashMap<String, (Ident, Value)>, key: &str) -> bool {
    match by_key.get(key) {
        None => false,
        Some((_, Value::Bool(b))) => b.value,
        Some((_, v)) => {
            errors.violation(v.span(), rules::wrong_type(key, "a bool literal: `true` or `false`", v.describe()));
            false
        }
    }
}

fn max_age(errors: &mut Errors, by_key: &HashMap<String, (Ident, Value)>) -> Option<u32> {
    match by_key.get("max_age")? {
        (_, Value::Int(lit)) => {
            let parsed = if lit.suffix().is_empty() {
                lit.base10_parse::<u64>().ok()
            } else {
                None
            };
            let result = match parsed {
                Some(n) => rules::max_age(n),
                None => Err(rules::max_age_not_integer(&lit.to_string())),
            };
            result.map_err(|v| errors.violation(lit.span(), v)).ok()
        }
        (_, v) => {
            errors.violation(v.span(), rules::wrong_type("max_age", "an integer number of seconds, e.g. `600`", v.describe()));
            None
        }
    }
}

/// A `*`-or-list key. `idents` says whether bare identifiers are accepted (methods: `PUT`).
fn list(
    errors: &mut Errors,
    by_key: &HashMap<String, (Ident, Value)>,
    key: &str,
    kind: ListKind,
    idents: bool,
    rule: impl Fn(&str) -> Result<String, Violation>,
) -> Star<Vec<String>> {
    let expected = if idents {
        "`*` or a list of methods such as [PUT, DELETE, \"PROPFIND\"]"
    } else {
        "`*` or a list of header names such as [\"x-request-id\"]"
    };
    let items = match by_key.get(key) {
        None => return Star::List(Vec::new()),
        Some((_, Value::Star(_))) => return Star::Any,
        Some((_, Value::List(items, _))) => items,
        Some((_, v)) => {
            errors.violation(v.span(), rules::wrong_type(key, expected, v.describe()));
            return Star::List(Vec::new());
        }
    };
    let item_expected = if idents {
        "a method name, as an identifier (`PUT`) or a string literal (\"PROPFIND\")"
    } else {
        "a header name as a string literal, e.g. \"x-request-id\""
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for item in items {
        let text = match item {
            Item::Str(s) => s.value(),
            Item::Ident(i) if idents => i.to_string(),
            Item::Star(span) => {
                errors.violation(*span, rules::wrong_type(key, &format!("`{key}: *` on its own, not `*` inside a list"), "`*` inside a list"));
                continue;
            }
            _ => {
                errors.violation(item.span(), rules::wrong_type(key, item_expected, item.describe()));
                continue;
            }
        };
        match rule(&text) {
            Err(v) => errors.violation(item.span(), v),
            // Methods compare case-sensitively, header names case-insensitively; `rule`
            // returns the form that is compared.
            Ok(normal) if !seen.insert(normal.clone()) => errors.violation(item.span(), rules::duplicate(kind, &text)),
            Ok(normal) => out.push(normal),
        }
    }
    Star::List(out)
}
