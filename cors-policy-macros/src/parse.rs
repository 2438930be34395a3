//! Stage 1: tokens → a list of `key: value` entries.
//!
//! Parsing is deliberately loose about values: each value is kept as the tokens up to the next
//! top-level comma, classified but not judged. Judging (types and rules) is the validate
//! stage's job, so that one build reports every mistake instead of stopping at the first.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitBool, LitInt, LitStr, Token};

/// The whole invocation.
pub(crate) struct Input {
    pub entries: Vec<Entry>,
}

/// One `key: value`.
pub(crate) struct Entry {
    pub key: Ident,
    pub value: Value,
}

/// A value as written.
pub(crate) enum Value {
    /// `*`
    Star(Span),
    /// `[a, b, ...]`; `span` covers the brackets.
    List(Vec<Item>, Span),
    Bool(LitBool),
    Int(LitInt),
    /// Anything else, kept for its span.
    Other(TokenStream),
}

/// One element of a list.
pub(crate) enum Item {
    Str(LitStr),
    Ident(Ident),
    Star(Span),
    Other(TokenStream),
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Star(s) | Value::List(_, s) => *s,
            Value::Bool(b) => b.span(),
            Value::Int(i) => i.span(),
            Value::Other(t) => joined_span(t),
        }
    }

    /// What the value is, in a user's words, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Star(_) => "`*`",
            Value::List(..) => "a list",
            Value::Bool(_) => "a bool",
            Value::Int(_) => "an integer",
            Value::Other(t) => match t.clone().into_iter().next() {
                Some(TokenTree::Literal(l)) if l.to_string().starts_with('"') => "a string",
                Some(TokenTree::Literal(_)) => "a literal",
                Some(TokenTree::Ident(_)) => "an identifier",
                Some(_) => "an expression",
                None => "nothing",
            },
        }
    }
}

impl Item {
    pub fn describe(&self) -> &'static str {
        match self {
            Item::Str(_) => "a string",
            Item::Ident(_) => "an identifier",
            Item::Star(_) => "`*`",
            Item::Other(t) => Value::Other(t.clone()).describe(),
        }
    }

    pub fn span(&self) -> Span {
        match self {
            Item::Str(s) => s.span(),
            Item::Ident(i) => i.span(),
            Item::Star(s) => *s,
            Item::Other(t) => joined_span(t),
        }
    }
}

fn joined_span(tokens: &TokenStream) -> Span {
    let mut iter = tokens.clone().into_iter();
    let first = iter.next().map_or_else(Span::call_site, |t| t.span());
    let last = iter.last().map_or(first, |t| t.span());
    first.join(last).unwrap_or(first)
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut entries = Vec::new();
        while !input.is_empty() {
            let key: Ident = input.call(syn::ext::IdentExt::parse_any)?;
            input.parse::<Token![:]>().map_err(|_| {
                syn::Error::new(key.span(), format!("expected `:` after `{key}`, as in `{key}: ...`"))
            })?;
            let tokens = until_comma(input)?;
            if tokens.is_empty() {
                return Err(syn::Error::new(key.span(), format!("`{key}` has no value")));
            }
            entries.push(Entry {
                key,
                value: classify_value(tokens),
            });
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(Input { entries })
    }
}

/// The tokens up to (not including) the next top-level comma.
fn until_comma(input: ParseStream) -> syn::Result<TokenStream> {
    let mut out = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        let tt: TokenTree = input.parse()?;
        out.extend([tt]);
    }
    Ok(out)
}

fn classify_value(tokens: TokenStream) -> Value {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    match trees.as_slice() {
        [TokenTree::Punct(p)] if p.as_char() == '*' => Value::Star(p.span()),
        [TokenTree::Group(g)] if g.delimiter() == proc_macro2::Delimiter::Bracket => {
            Value::List(split_list(g.stream()), g.span())
        }
        _ => {
            if let Ok(b) = syn::parse2::<LitBool>(tokens.clone()) {
                Value::Bool(b)
            } else if let Ok(i) = syn::parse2::<LitInt>(tokens.clone()) {
                Value::Int(i)
            } else {
                Value::Other(tokens)
            }
        }
    }
}

fn split_list(stream: TokenStream) -> Vec<Item> {
    let mut items = Vec::new();
    let mut current = TokenStream::new();
    let flush = |current: &mut TokenStream, items: &mut Vec<Item>| {
        let tokens = std::mem::take(current);
        if !tokens.is_empty() {
            items.push(classify_item(tokens));
        }
    };
    for tt in stream {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => flush(&mut current, &mut items),
            _ => current.extend([tt]),
        }
    }
    flush(&mut current, &mut items);
    items
}

fn classify_item(tokens: TokenStream) -> Item {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    match trees.as_slice() {
        [TokenTree::Punct(p)] if p.as_char() == '*' => Item::Star(p.span()),
        [TokenTree::Ident(i)] => Item::Ident(i.clone()),
        _ => match syn::parse2::<LitStr>(tokens.clone()) {
            Ok(s) => Item::Str(s),
            Err(_) => Item::Other(tokens),
        },
    }
}
