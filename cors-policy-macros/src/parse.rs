//! Stage 1: tokens → a list of `key: value` entries.
//!
//! Parsing is deliberately loose about values: each value is kept as the tokens up to the next
//! top-level comma, classified but not judged. Judging (types and rules) is the validate
//! stage's job, so that one build reports every mistake instead of stopping at the first.
//! Every value and list element keeps its tokens, so an error can span all of them.

use proc_macro2::{Delimiter, Punct, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, Lit, LitBool, LitInt, LitStr, Token};

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
    Star(Punct),
    /// `[a, b, ...]`, with the bracket group for spans.
    List(Vec<Item>, proc_macro2::Group),
    Bool(LitBool),
    Int(LitInt),
    /// Anything else, kept for its span and description.
    Other(TokenStream),
}

/// One element of a list.
pub(crate) enum Item {
    Str(LitStr),
    Ident(Ident),
    Star(Punct),
    /// Nothing between two commas.
    Empty(Punct),
    Other(TokenStream),
}

impl Value {
    /// What the value is, in a user's words, for "found X" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Star(_) => "`*`",
            Value::List(..) => "a list",
            Value::Bool(_) => "a bool",
            Value::Int(_) => "an integer",
            Value::Other(t) => describe_tokens(t),
        }
    }
}

impl ToTokens for Value {
    fn to_tokens(&self, out: &mut TokenStream) {
        match self {
            Value::Star(p) => p.to_tokens(out),
            Value::List(_, g) => g.to_tokens(out),
            Value::Bool(b) => b.to_tokens(out),
            Value::Int(i) => i.to_tokens(out),
            Value::Other(t) => t.to_tokens(out),
        }
    }
}

impl Item {
    pub fn describe(&self) -> &'static str {
        match self {
            Item::Str(_) => "a string",
            Item::Ident(_) => "an identifier",
            Item::Star(_) => "`*`",
            Item::Empty(_) => "an empty element (two commas in a row)",
            Item::Other(t) => describe_tokens(t),
        }
    }
}

impl ToTokens for Item {
    fn to_tokens(&self, out: &mut TokenStream) {
        match self {
            Item::Str(s) => s.to_tokens(out),
            Item::Ident(i) => i.to_tokens(out),
            Item::Star(p) | Item::Empty(p) => p.to_tokens(out),
            Item::Other(t) => t.to_tokens(out),
        }
    }
}

fn describe_tokens(tokens: &TokenStream) -> &'static str {
    // Before `Lit`: syn reads `-1` as an integer literal.
    if let Some(TokenTree::Punct(p)) = tokens.clone().into_iter().next() {
        if p.as_char() == '-' {
            return "a negative number";
        }
    }
    if let Ok(lit) = syn::parse2::<Lit>(tokens.clone()) {
        return match lit {
            Lit::Str(_) => "a string",
            Lit::Int(_) => "an integer",
            Lit::Float(_) => "a floating-point number",
            Lit::Bool(_) => "a bool",
            Lit::Char(_) => "a character",
            Lit::ByteStr(_) | Lit::CStr(_) => "a byte string",
            _ => "a literal",
        };
    }
    let mut trees = tokens.clone().into_iter();
    match (trees.next(), trees.next()) {
        (Some(TokenTree::Ident(_)), None) => "an identifier",
        (Some(TokenTree::Ident(_)), Some(TokenTree::Punct(p))) if p.as_char() == ':' => "a path",
        (Some(TokenTree::Group(g)), None) if g.delimiter() == Delimiter::Parenthesis => {
            "a parenthesized expression"
        }
        (Some(TokenTree::Group(g)), None) if g.delimiter() == Delimiter::Brace => "a block",
        _ => "an expression",
    }
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut entries = Vec::new();
        while !input.is_empty() {
            if input.peek(LitStr) {
                let lit: LitStr = input.parse()?;
                return Err(syn::Error::new(
                    lit.span(),
                    format!(
                        "a key is an identifier, not a string\n\n= help: write `{}: ...` without quotes",
                        lit.value()
                    ),
                ));
            }
            let key: Ident = input
                .call(Ident::parse_any)
                .map_err(|e| syn::Error::new(e.span(), "expected a key such as `allow_origins`"))?;
            input.parse::<Token![:]>().map_err(|_| {
                syn::Error::new(
                    key.span(),
                    format!("expected `:` after `{key}`, as in `{key}: ...`"),
                )
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

/// The tokens up to (not including) the next top-level comma. A `key:` after some tokens means
/// the comma between two entries is missing: say so, rather than calling the value malformed.
fn until_comma(input: ParseStream) -> syn::Result<TokenStream> {
    let mut out = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        if !out.is_empty()
            && input.peek(Ident::peek_any)
            && input.peek2(Token![:])
            && !input.peek2(Token![::])
        {
            let next: Ident = input.call(Ident::parse_any)?;
            return Err(syn::Error::new(
                next.span(),
                format!(
                    "expected `,` before `{next}`\n\n= help: separate the entries with a comma"
                ),
            ));
        }
        let tt: TokenTree = input.parse()?;
        out.extend([tt]);
    }
    Ok(out)
}

/// Unwraps invisible groups: a `macro_rules!` that forwards `$x:literal` or `$x:ident` into
/// `cors_policy!` wraps each fragment in a `Delimiter::None` group.
fn flatten(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .flat_map(|tt| match tt {
            TokenTree::Group(g) if g.delimiter() == Delimiter::None => flatten(g.stream()),
            tt => tt.into(),
        })
        .collect()
}

fn classify_value(tokens: TokenStream) -> Value {
    let tokens = flatten(tokens);
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    match trees.as_slice() {
        [TokenTree::Punct(p)] if p.as_char() == '*' => Value::Star(p.clone()),
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Bracket => {
            Value::List(split_list(g.stream()), g.clone())
        }
        // syn reads `-1` as one `LitInt` spanned on the `-` only; keep both tokens instead.
        [TokenTree::Punct(p), ..] if p.as_char() == '-' => Value::Other(tokens),
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
    for tt in stream {
        match tt {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                if current.is_empty() {
                    items.push(Item::Empty(p));
                } else {
                    items.push(classify_item(std::mem::take(&mut current)));
                }
            }
            tt => current.extend([tt]),
        }
    }
    // A trailing comma leaves nothing behind, which is fine.
    if !current.is_empty() {
        items.push(classify_item(current));
    }
    items
}

fn classify_item(tokens: TokenStream) -> Item {
    let tokens = flatten(tokens);
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    match trees.as_slice() {
        [TokenTree::Punct(p)] if p.as_char() == '*' => Item::Star(p.clone()),
        [TokenTree::Ident(i)] => Item::Ident(i.clone()),
        _ => match syn::parse2::<LitStr>(tokens.clone()) {
            Ok(s) => Item::Str(s),
            Err(_) => Item::Other(tokens),
        },
    }
}
