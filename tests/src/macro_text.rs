//! The policy language as text: a `cors_policy! { ... }` invocation's body translated into the
//! same policy as configuration (a JSON value for [`PolicyConfig`]), so that one text is both
//! compiled by the macro and built at run time, and the compile-error suite can be replayed
//! against `PolicyConfig::build`.
//!
//! The translation keeps every mistake a configuration can also make (a value of the wrong type
//! stays of the wrong type: an identifier in a list becomes `null`, not a string) and refuses
//! the few that only the macro's token syntax can make ([`Untranslatable`]).

use checked_cors::PolicyConfig;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use serde_json::{Map, Value};

/// A macro mistake with no configuration counterpart: a token-level syntax error (a missing
/// comma, a quoted key) or a literal only Rust has (an integer suffix).
#[derive(Debug, PartialEq, Eq)]
pub struct Untranslatable(pub String);

/// The body of a `cors_policy!` invocation (the text between its braces) as a JSON object with
/// the same keys and values. Keys keep their order; a repeated key is kept twice in the text of
/// [`to_json_text`].
pub fn to_entries(body: &str) -> Result<Vec<(String, Value)>, Untranslatable> {
    let tokens: TokenStream = body
        .parse()
        .map_err(|e| Untranslatable(format!("not tokens: {e}")))?;
    let mut entries = Vec::new();
    for entry in split_commas(tokens) {
        let mut trees = entry.into_iter();
        let key = match trees.next() {
            Some(TokenTree::Ident(key)) => key.to_string(),
            other => {
                return Err(Untranslatable(format!(
                    "a key that is not an identifier: {other:?}"
                )))
            }
        };
        match trees.next() {
            Some(TokenTree::Punct(p)) if p.as_char() == ':' => {}
            _ => return Err(Untranslatable(format!("no `:` after `{key}`"))),
        }
        let value: Vec<TokenTree> = trees.collect();
        if value
            .iter()
            .any(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ':'))
        {
            return Err(Untranslatable(format!("a missing comma after `{key}`")));
        }
        entries.push((key.clone(), value_of(&key, &value)?));
    }
    Ok(entries)
}

/// [`to_entries`] as JSON text (repeated keys kept, as a careless file has them).
pub fn to_json_text(body: &str) -> Result<String, Untranslatable> {
    let entries = to_entries(body)?;
    let fields: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{}: {v}", Value::String(k.clone())))
        .collect();
    Ok(format!("{{{}}}", fields.join(", ")))
}

/// The configuration of a body that has no mistake of type or syntax.
pub fn to_config(body: &str) -> PolicyConfig {
    let entries = to_entries(body).expect("a translatable policy");
    let object: Map<String, Value> = entries.into_iter().collect();
    serde_json::from_value(Value::Object(object)).expect("a well-typed policy")
}

fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut out = vec![Vec::new()];
    for tree in flatten(tokens) {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => out.push(Vec::new()),
            _ => out.last_mut().unwrap().push(tree),
        }
    }
    out.retain(|e| !e.is_empty());
    out
}

fn flatten(tokens: TokenStream) -> Vec<TokenTree> {
    tokens
        .into_iter()
        .flat_map(|t| match t {
            TokenTree::Group(g) if g.delimiter() == Delimiter::None => flatten(g.stream()),
            t => vec![t],
        })
        .collect()
}

fn value_of(key: &str, tokens: &[TokenTree]) -> Result<Value, Untranslatable> {
    Ok(match tokens {
        [TokenTree::Punct(p)] if p.as_char() == '*' => Value::String("*".into()),
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Bracket => {
            let mut items = Vec::new();
            let trees = flatten(g.stream());
            let mut current: Vec<TokenTree> = Vec::new();
            let mut push = |current: &mut Vec<TokenTree>| -> Result<(), Untranslatable> {
                items.push(item_of(key, current)?);
                current.clear();
                Ok(())
            };
            for tree in trees {
                match &tree {
                    TokenTree::Punct(p) if p.as_char() == ',' => push(&mut current)?,
                    _ => current.push(tree),
                }
            }
            if !current.is_empty() {
                push(&mut current)?;
            }
            Value::Array(items)
        }
        [TokenTree::Ident(i)] if i == "true" || i == "false" => Value::Bool(*i == "true"),
        // An identifier value (`allow_methods: PUT`, `flag: yes`) is a bare word: in a
        // configuration, the string it reads as.
        [TokenTree::Ident(i)] => Value::String(i.to_string()),
        [TokenTree::Literal(l)] => literal(l)?,
        [TokenTree::Punct(p), TokenTree::Literal(l)] if p.as_char() == '-' => match literal(l)? {
            Value::Number(n) => serde_json::from_str(&format!("-{n}")).unwrap(),
            _ => return Err(Untranslatable("a negated non-number".into())),
        },
        other => Value::String(other.iter().map(ToString::to_string).collect::<String>()),
    })
}

/// One list element: a string is its value; a method list's identifier is its name; anything
/// else (identifiers elsewhere, numbers, an empty element) is not a string, so `null`.
fn item_of(key: &str, tokens: &[TokenTree]) -> Result<Value, Untranslatable> {
    Ok(match tokens {
        [TokenTree::Punct(p)] if p.as_char() == '*' => Value::String("*".into()),
        [TokenTree::Ident(i)] if key == "allow_methods" => Value::String(i.to_string()),
        [TokenTree::Literal(l)] => match literal(l)? {
            s @ Value::String(_) => s,
            _ => Value::Null,
        },
        _ => Value::Null,
    })
}

fn literal(l: &proc_macro2::Literal) -> Result<Value, Untranslatable> {
    let text = l.to_string();
    if let Ok(s) = syn::parse_str::<syn::LitStr>(&text) {
        return Ok(Value::String(s.value()));
    }
    if let Ok(i) = syn::parse_str::<syn::LitInt>(&text) {
        if !i.suffix().is_empty() {
            return Err(Untranslatable(format!("an integer with a suffix: {text}")));
        }
        // Beyond u64, a number a JSON reader takes as a float, as configuration would have it.
        return Ok(serde_json::from_str(i.base10_digits()).unwrap());
    }
    if let Ok(f) = syn::parse_str::<syn::LitFloat>(&text) {
        return Ok(serde_json::from_str(f.base10_digits()).unwrap());
    }
    Ok(Value::String(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_every_kind_of_value() {
        let text = to_json_text(
            r#"allow_origins: ["https://a.example", *], allow_methods: [PUT, "PROPFIND"],
               allow_headers: [content_type, 2], expose_headers: *, allow_credentials: true,
               max_age: 600, allow_private_network: "no""#,
        )
        .unwrap();
        assert_eq!(
            text,
            r#"{"allow_origins": ["https://a.example","*"], "allow_methods": ["PUT","PROPFIND"], "allow_headers": [null,null], "expose_headers": "*", "allow_credentials": true, "max_age": 600, "allow_private_network": "no"}"#
        );
        assert!(to_json_text("max_age: 600s").is_err());
        assert!(to_json_text(r#""allow_origins": []"#).is_err());
        assert_eq!(to_json_text("max_age: -1").unwrap(), r#"{"max_age": -1}"#);
    }
}
