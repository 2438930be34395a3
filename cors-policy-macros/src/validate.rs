//! Stage 2: entries → a checked [`Model`], or every error at once, in source order.
//!
//! This stage only routes values to the shared rules in `checked_cors_runtime::rules` and turns
//! each [`Violation`] into an error spanning the offending tokens; no rule is written here.
//! Duplicates are detected here because only this stage sees whole lists, but their wording is
//! the rules module's too.

use std::collections::{HashMap, HashSet};

use checked_cors_runtime::rules::{self, ListKind, OriginPattern, Violation};
use quote::ToTokens;

use proc_macro2::Span;

use crate::parse::{Input, Item, Value};

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

/// Every error so far, combined into one `syn::Error` in the order found.
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    /// A violation spanning `tokens` (all of them, also on stable).
    fn at(&mut self, tokens: &impl ToTokens, v: Violation) {
        self.push(syn::Error::new_spanned(tokens, message(&v)));
    }
}

fn message(v: &Violation) -> String {
    format!(
        "{} [rule: {}]\n\n= help: {}",
        v.message,
        v.rule.id(),
        v.help
    )
}

const ORIGIN_ITEM: &str = "string literals such as `\"https://app.example.com\"`";
const ORIGINS_VALUE: &str = "`*` or a list such as `[\"https://app.example.com\"]`";
const BOOL: &str = "a bool literal: `true` or `false`";

pub(crate) fn validate(input: Input) -> Result<Model, syn::Error> {
    // Credentials change what origins and `expose_headers` may be, wherever the key is written;
    // read the flags first, silently (their own errors come in source order below).
    let first: HashMap<String, &Value> = input
        .entries
        .iter()
        .rev()
        .map(|e| (e.key.to_string(), &e.value))
        .collect();
    let flag = |key: &str| matches!(first.get(key), Some(Value::Bool(b)) if b.value);
    let credentials = flag("allow_credentials");
    let opt_ins = rules::DangerousOptIns {
        insecure_origins: flag("dangerously_allow_insecure_origins"),
        public_suffix_subdomains: flag("dangerously_allow_public_suffix_subdomains"),
    };

    let mut errors = Errors(None);
    let mut seen_keys = HashSet::new();
    let mut model = Model {
        origins: Star::List(Vec::new()),
        methods: Star::List(Vec::new()),
        headers: Star::List(Vec::new()),
        expose: Star::List(Vec::new()),
        credentials,
        max_age: None,
        private_network: false,
    };
    let mut has_origins = false;
    for entry in &input.entries {
        let key = entry.key.to_string();
        if !rules::KEYS.contains(&key.as_str()) {
            errors.at(&entry.key, rules::unknown_key(&key));
            continue;
        }
        if !seen_keys.insert(key.clone()) {
            errors.at(&entry.key, rules::duplicate_key(&key));
            continue;
        }
        let value = &entry.value;
        match key.as_str() {
            "allow_origins" => {
                has_origins = true;
                model.origins = origins(&mut errors, value, credentials, opt_ins);
            }
            "allow_methods" => model.methods = list(&mut errors, value, ListKind::Method),
            "allow_headers" => model.headers = list(&mut errors, value, ListKind::RequestHeader),
            "expose_headers" => {
                if let (true, Value::Star(star)) = (credentials, value) {
                    errors.at(star, rules::expose_any_with_credentials());
                }
                model.expose = list(&mut errors, value, ListKind::ExposeHeader);
            }
            "max_age" => model.max_age = max_age(&mut errors, value),
            "allow_credentials"
            | "dangerously_allow_insecure_origins"
            | "dangerously_allow_public_suffix_subdomains" => {
                boolean(&mut errors, &key, value);
            }
            "allow_private_network" => model.private_network = boolean(&mut errors, &key, value),
            _ => unreachable!("every key in rules::KEYS is handled"),
        }
    }
    if !has_origins {
        errors.push(syn::Error::new(
            Span::call_site(),
            message(&rules::missing_origins()),
        ));
    }
    match errors.0 {
        Some(e) => Err(e),
        None => Ok(model),
    }
}

fn boolean(errors: &mut Errors, key: &str, value: &Value) -> bool {
    match value {
        Value::Bool(b) => b.value,
        _ => {
            errors.at(value, rules::wrong_type(key, BOOL, value.describe()));
            false
        }
    }
}

fn max_age(errors: &mut Errors, value: &Value) -> Option<u32> {
    let result = match value {
        Value::Int(lit) => match lit
            .suffix()
            .is_empty()
            .then(|| lit.base10_parse::<u64>().ok())
            .flatten()
        {
            Some(n) => rules::max_age(n),
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
    result.map_err(|v| errors.at(value, v)).ok()
}

fn origins(
    errors: &mut Errors,
    value: &Value,
    credentials: bool,
    opt_ins: rules::DangerousOptIns,
) -> Star<Vec<OriginPattern>> {
    let items = match value {
        Value::Star(star) => {
            if credentials {
                errors.at(star, rules::any_origin_with_credentials());
            }
            return Star::Any;
        }
        Value::List(items, group) => {
            if items.is_empty() {
                errors.at(group, rules::empty_origins());
            }
            items
        }
        _ => {
            errors.at(
                value,
                rules::wrong_type("allow_origins", ORIGINS_VALUE, value.describe()),
            );
            return Star::List(Vec::new());
        }
    };
    // Origins compare exactly, so the text itself is what a duplicate repeats.
    Star::List(checked_items(
        errors,
        items,
        ListKind::Origin,
        ORIGIN_ITEM,
        |text| {
            let pattern = rules::origin(text)?;
            if credentials {
                rules::origin_with_credentials(&pattern, text, opt_ins)?;
            }
            Ok((pattern, text.to_owned()))
        },
    ))
}

/// A `*`-or-list key of methods or header names.
fn list(errors: &mut Errors, value: &Value, kind: ListKind) -> Star<Vec<String>> {
    let (key, expected, item_expected) = match kind {
        ListKind::Method => (
            "allow_methods",
            "`*` or a list of methods such as `[PUT, DELETE, \"PROPFIND\"]`",
            "method names, as identifiers (`PUT`) or string literals (`\"PROPFIND\"`)",
        ),
        ListKind::RequestHeader => (
            "allow_headers",
            "`*` or a list of header names such as `[\"x-request-id\"]`",
            "header names as string literals, e.g. `\"x-request-id\"`",
        ),
        _ => (
            "expose_headers",
            "`*` or a list of header names such as `[\"x-request-id\"]`",
            "header names as string literals, e.g. `\"x-request-id\"`",
        ),
    };
    let items = match value {
        Value::Star(_) => return Star::Any,
        Value::List(items, _) => items,
        _ => {
            errors.at(value, rules::wrong_type(key, expected, value.describe()));
            return Star::List(Vec::new());
        }
    };
    // Methods compare case-sensitively, header names case-insensitively; each rule returns
    // the form that is compared, which is also what a duplicate repeats.
    Star::List(checked_items(errors, items, kind, item_expected, |text| {
        let normal = match kind {
            ListKind::Method => rules::method(text).map(|()| text.to_owned())?,
            ListKind::RequestHeader => rules::request_header(text)?,
            _ => rules::expose_header(text)?,
        };
        Ok((normal.clone(), normal))
    }))
}

/// Every element of a list through `check`, which returns the checked value and the form a
/// duplicate would repeat; errors for elements of the wrong type, broken rules and duplicates.
/// Identifiers are elements only in method lists (`PUT`).
fn checked_items<T>(
    errors: &mut Errors,
    items: &[Item],
    kind: ListKind,
    item_expected: &str,
    check: impl Fn(&str) -> Result<(T, String), Violation>,
) -> Vec<T> {
    let key = match kind {
        ListKind::Origin => "allow_origins",
        ListKind::Method => "allow_methods",
        ListKind::RequestHeader => "allow_headers",
        ListKind::ExposeHeader => "expose_headers",
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for item in items {
        let text = match item {
            Item::Str(s) => s.value(),
            Item::Ident(i) if kind == ListKind::Method => i.to_string(),
            Item::Star(_) => "*".to_owned(),
            _ => {
                errors.at(item, rules::wrong_type(key, item_expected, item.describe()));
                continue;
            }
        };
        match check(&text) {
            Err(v) => errors.at(item, v),
            Ok((value, compared)) => {
                if seen.insert(compared) {
                    out.push(value);
                } else {
                    errors.at(item, rules::duplicate(kind, &text));
                }
            }
        }
    }
    out
}
