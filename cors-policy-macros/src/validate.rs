//! Stage 2: entries → a [`Checked`] policy, or every error at once, in source order.
//!
//! This stage only reads the macro's syntax into a [`Draft`] (reporting what is specific to
//! it: unknown and repeated keys, values of the wrong type) and hands the draft to
//! `checked_cors_runtime::rules::check`, the rules every front end shares; each violation comes
//! back with its [`Place`], which becomes the span of the offending tokens. No rule is written
//! here.

use std::collections::HashMap;

use checked_cors_runtime::rules::{self, Checked, Draft, Key, Place, Setting, Violation};
use proc_macro2::Span;
use quote::ToTokens;

use crate::parse::{Input, Item, Value};

/// Every error so far, with the source position it is reported at: (entry, element).
struct Errors(Vec<((usize, usize), syn::Error)>);

impl Errors {
    /// `v`, spanning `tokens` (all of them, also on stable).
    fn at(&mut self, position: (usize, usize), tokens: &impl ToTokens, v: &Violation) {
        self.0
            .push((position, syn::Error::new_spanned(tokens, message(v))));
    }

    /// All errors combined, in source order (a stable sort keeps the order of errors found at
    /// one position).
    fn into_error(mut self) -> Option<syn::Error> {
        self.0.sort_by_key(|(position, _)| *position);
        self.0.into_iter().map(|(_, e)| e).reduce(|mut all, e| {
            all.combine(e);
            all
        })
    }
}

/// The text of a compile error: what is wrong, the rule's id, and the help on its own line.
fn message(v: &Violation) -> String {
    format!("{} [rule: {}]\n= help: {}", v.message, v.rule.id(), v.help)
}

const ORIGIN_ITEM: &str = "string literals such as `\"https://app.example.com\"`";
const ORIGINS_VALUE: &str = "`*` or a list such as `[\"https://app.example.com\"]`";
const BOOL: &str = "a bool literal: `true` or `false`";

/// The text of every list element, kept alive while the draft borrows it.
type Texts = Vec<Option<String>>;

pub(crate) fn validate(input: Input) -> Result<Checked, syn::Error> {
    let mut errors = Errors(Vec::new());
    // Where each key was given: its entry's index, for spans and source order.
    let mut given: HashMap<Key, usize> = HashMap::new();
    let mut texts: HashMap<Key, Texts> = HashMap::new();
    let mut unreadable: Vec<Key> = Vec::new();
    let mut flags: HashMap<Key, bool> = HashMap::new();
    let mut max_age = None;
    // Keys a misspelled key stands for: not reported missing, since the misspelling is.
    let mut meant: Vec<Key> = Vec::new();

    for (index, entry) in input.entries.iter().enumerate() {
        let name = entry.key.to_string();
        let at = (index, 0);
        let Some(key) = Key::from_name(&name) else {
            let violation = rules::unknown_key(&name);
            meant.extend(rules::suggested_key(&name).and_then(Key::from_name));
            errors.at(at, &entry.key, &violation);
            continue;
        };
        if given.contains_key(&key) {
            errors.at(at, &entry.key, &rules::duplicate_key(&name));
            continue;
        }
        given.insert(key, index);
        let value = &entry.value;
        match key {
            Key::AllowOrigins | Key::AllowMethods | Key::AllowHeaders | Key::ExposeHeaders => {
                match list(&mut errors, index, key, value) {
                    Some(items) => {
                        texts.insert(key, items);
                    }
                    None if matches!(value, Value::Star(_)) => {}
                    None => unreadable.push(key),
                }
            }
            Key::MaxAge => max_age = read_max_age(&mut errors, at, value),
            Key::AllowCredentials
            | Key::AllowPrivateNetwork
            | Key::DangerouslyAllowInsecureOrigins
            | Key::DangerouslyAllowPublicSuffixSubdomains => {
                flags.insert(key, boolean(&mut errors, at, &name, value));
            }
            _ => unreachable!("every key of rules::Key is handled"),
        }
    }

    let setting = |key: Key| -> Option<Setting<'_>> {
        if unreadable.contains(&key) {
            return Some(Setting::Unreadable);
        }
        if let Some(items) = texts.get(&key) {
            return Some(Setting::List(items.iter().map(|t| t.as_deref()).collect()));
        }
        if given.contains_key(&key) {
            return Some(Setting::Any);
        }
        meant.contains(&key).then_some(Setting::Unreadable)
    };
    let flag = |key: Key| flags.get(&key).copied().unwrap_or(false);
    let draft = Draft {
        allow_origins: setting(Key::AllowOrigins),
        allow_methods: setting(Key::AllowMethods),
        allow_headers: setting(Key::AllowHeaders),
        expose_headers: setting(Key::ExposeHeaders),
        allow_credentials: flag(Key::AllowCredentials),
        max_age,
        allow_private_network: flag(Key::AllowPrivateNetwork),
        dangerously_allow_insecure_origins: flag(Key::DangerouslyAllowInsecureOrigins),
        dangerously_allow_public_suffix_subdomains: flag(
            Key::DangerouslyAllowPublicSuffixSubdomains,
        ),
    };
    let checked = rules::check(&draft);

    if let Err(violations) = &checked {
        for located in violations {
            let v = &located.violation;
            match located.place {
                // After everything else, at the invocation.
                Place::Missing(_) => errors.0.push((
                    (usize::MAX, 0),
                    syn::Error::new(Span::call_site(), message(v)),
                )),
                Place::Key(key) => {
                    let index = given[&key];
                    errors.at((index, 0), &input.entries[index].value, v);
                }
                Place::Item(key, item) => {
                    let index = given[&key];
                    let Value::List(items, _) = &input.entries[index].value else {
                        unreachable!("only lists have elements")
                    };
                    errors.at((index, item + 1), &items[item], v);
                }
            }
        }
    }
    match errors.into_error() {
        Some(e) => Err(e),
        None => checked.map_err(|_| unreachable!("every violation became an error")),
    }
}

fn boolean(errors: &mut Errors, at: (usize, usize), key: &str, value: &Value) -> bool {
    match value {
        Value::Bool(b) => b.value,
        _ => {
            errors.at(at, value, &rules::wrong_type(key, BOOL, value.describe()));
            false
        }
    }
}

/// `max_age` as a whole number of seconds; its range is a rule (checked later).
fn read_max_age(errors: &mut Errors, at: (usize, usize), value: &Value) -> Option<u64> {
    let result = match value {
        Value::Int(lit) => match lit
            .suffix()
            .is_empty()
            .then(|| lit.base10_parse::<u64>().ok())
            .flatten()
        {
            Some(n) => Ok(n),
            None => Err(rules::max_age_not_integer(&lit.to_string())),
        },
        // A number that is not a plain non-negative integer is a max-age mistake, not a type one.
        Value::Other(tokens)
            if matches!(
                value.describe(),
                "a floating-point number" | "a negative number"
            ) =>
        {
            Err(rules::max_age_not_integer(
                &tokens.to_string().replace(' ', ""),
            ))
        }
        _ => Err(rules::wrong_type(
            "max_age",
            "an integer number of seconds, e.g. `600`",
            value.describe(),
        )),
    };
    result.map_err(|v| errors.at(at, value, &v)).ok()
}

/// A `*`-or-list key: the text of each element (`None` for an element of the wrong type,
/// reported here), or `None` for `*` and for a value of the wrong type (reported here).
fn list(errors: &mut Errors, index: usize, key: Key, value: &Value) -> Option<Texts> {
    let (expected, item_expected) = match key {
        Key::AllowOrigins => (ORIGINS_VALUE, ORIGIN_ITEM),
        Key::AllowMethods => (
            "`*` or a list of methods such as `[PUT, DELETE, \"PROPFIND\"]`",
            "method names, as identifiers (`PUT`) or string literals (`\"PROPFIND\"`)",
        ),
        _ => (
            "`*` or a list of header names such as `[\"x-request-id\"]`",
            "header names as string literals, e.g. `\"x-request-id\"`",
        ),
    };
    let items = match value {
        Value::Star(_) => return None,
        Value::List(items, _) => items,
        _ => {
            let v = rules::wrong_type(key.name(), expected, value.describe());
            errors.at((index, 0), value, &v);
            return None;
        }
    };
    let texts = items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Item::Str(s) => Some(s.value()),
            // Identifiers are elements only in method lists (`PUT`).
            Item::Ident(ident) if key == Key::AllowMethods => Some(ident.to_string()),
            Item::Star(_) => Some("*".to_owned()),
            _ => {
                let v = rules::wrong_type(key.name(), item_expected, item.describe());
                errors.at((index, i + 1), item, &v);
                None
            }
        })
        .collect();
    Some(texts)
}
