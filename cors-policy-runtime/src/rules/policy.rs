//! The whole policy: every key's value routed to its rules, the rules that tie keys together
//! (credentials), duplicates and the required key, in one place for every front end.
//!
//! A front end (the `cors_policy!` macro, a run-time configuration) reads its input into a
//! [`Draft`], reporting only what is specific to its syntax (a misplaced token, a value of the
//! wrong type); [`check`] then applies every rule and returns the [`Checked`] policy or every
//! violation with its [`Place`], which the front end turns into a spanned compile error or a
//! key path such as `allow_origins[1]`.

use alloc::borrow::ToOwned;
use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

use super::{
    any_origin_with_credentials, duplicate, empty_origins, expose_any_with_credentials,
    expose_header, max_age, method, missing_origins, origin, origin_with_credentials,
    request_header, DangerousOptIns, ListKind, OriginPattern, Violation,
};

/// A key of the policy language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Key {
    /// `allow_origins`
    AllowOrigins,
    /// `allow_methods`
    AllowMethods,
    /// `allow_headers`
    AllowHeaders,
    /// `expose_headers`
    ExposeHeaders,
    /// `allow_credentials`
    AllowCredentials,
    /// `max_age`
    MaxAge,
    /// `allow_private_network`
    AllowPrivateNetwork,
    /// `dangerously_allow_insecure_origins`
    DangerouslyAllowInsecureOrigins,
    /// `dangerously_allow_public_suffix_subdomains`
    DangerouslyAllowPublicSuffixSubdomains,
}

impl Key {
    /// Every key, in the order of [`KEYS`](super::KEYS).
    pub const ALL: [Key; 9] = [
        Key::AllowOrigins,
        Key::AllowMethods,
        Key::AllowHeaders,
        Key::ExposeHeaders,
        Key::AllowCredentials,
        Key::MaxAge,
        Key::AllowPrivateNetwork,
        Key::DangerouslyAllowInsecureOrigins,
        Key::DangerouslyAllowPublicSuffixSubdomains,
    ];

    /// The key as written in a policy.
    pub fn name(self) -> &'static str {
        match self {
            Key::AllowOrigins => "allow_origins",
            Key::AllowMethods => "allow_methods",
            Key::AllowHeaders => "allow_headers",
            Key::ExposeHeaders => "expose_headers",
            Key::AllowCredentials => "allow_credentials",
            Key::MaxAge => "max_age",
            Key::AllowPrivateNetwork => "allow_private_network",
            Key::DangerouslyAllowInsecureOrigins => "dangerously_allow_insecure_origins",
            Key::DangerouslyAllowPublicSuffixSubdomains => {
                "dangerously_allow_public_suffix_subdomains"
            }
        }
    }

    /// The key written `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name)
    }

    fn list_kind(self) -> Option<ListKind> {
        Some(match self {
            Key::AllowOrigins => ListKind::Origin,
            Key::AllowMethods => ListKind::Method,
            Key::AllowHeaders => ListKind::RequestHeader,
            Key::ExposeHeaders => ListKind::ExposeHeader,
            _ => return None,
        })
    }
}

/// The value of a list key (`allow_origins`, `allow_methods`, `allow_headers`,
/// `expose_headers`) as a front end read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Setting<'a> {
    /// `*`: everything.
    Any,
    /// The elements in order; `None` for an element the front end could not read as a string
    /// (already reported there), so that the indices of the others stay those of the input.
    List(Vec<Option<&'a str>>),
    /// A value the front end could not read at all (already reported there): the key counts as
    /// given, and nothing more is said about it.
    Unreadable,
}

/// A policy as a front end read it, before any rule: `None` for a key that was not given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft<'a> {
    /// `allow_origins`
    pub allow_origins: Option<Setting<'a>>,
    /// `allow_methods`
    pub allow_methods: Option<Setting<'a>>,
    /// `allow_headers`
    pub allow_headers: Option<Setting<'a>>,
    /// `expose_headers`
    pub expose_headers: Option<Setting<'a>>,
    /// `allow_credentials`
    pub allow_credentials: bool,
    /// `max_age`, in seconds (`None`: not given, or not readable as a whole number).
    pub max_age: Option<u64>,
    /// `allow_private_network`
    pub allow_private_network: bool,
    /// `dangerously_allow_insecure_origins`
    pub dangerously_allow_insecure_origins: bool,
    /// `dangerously_allow_public_suffix_subdomains`
    pub dangerously_allow_public_suffix_subdomains: bool,
}

/// Where a violation is: a key that is missing, a key's value, or one element of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A required key that was not given.
    Missing(Key),
    /// A key's whole value.
    Key(Key),
    /// The element at this index of a list key.
    Item(Key, usize),
}

/// A broken rule and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// Where.
    pub place: Place,
    /// What.
    pub violation: Violation,
}

/// `*`, or a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Star<T> {
    /// Everything.
    Any,
    /// The listed values.
    List(T),
}

/// A policy that passed every rule: what the macro expands and a run-time builder compiles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// The allowed origins and patterns, in the order given.
    pub origins: Star<Vec<OriginPattern>>,
    /// The listed methods, as written (methods compare case-sensitively).
    pub methods: Star<Vec<String>>,
    /// The allowed request header names, lowercase.
    pub headers: Star<Vec<String>>,
    /// The exposed response header names, lowercase.
    pub expose: Star<Vec<String>>,
    /// `allow_credentials`
    pub credentials: bool,
    /// `max_age`, in seconds.
    pub max_age: Option<u32>,
    /// `allow_private_network`
    pub private_network: bool,
}

/// Applies every rule to `draft`: the checked policy, or every violation, key by key in the
/// order of [`Key::ALL`] and element by element within a key.
///
/// ```
/// use checked_cors_runtime::rules::{check, Draft, Key, Place, Rule, Setting};
///
/// let draft = Draft {
///     allow_origins: Some(Setting::List(vec![Some("https://a.example"), Some("https://b.example/")])),
///     allow_credentials: true,
///     expose_headers: Some(Setting::Any),
///     ..Draft::default()
/// };
/// let errors = check(&draft).unwrap_err();
/// let found: Vec<_> = errors.iter().map(|e| (e.place, e.violation.rule)).collect();
/// assert_eq!(found, [
///     (Place::Item(Key::AllowOrigins, 1), Rule::OriginPath),
///     (Place::Key(Key::ExposeHeaders), Rule::CredentialsExposeAny),
/// ]);
/// ```
pub fn check(draft: &Draft<'_>) -> Result<Checked, Vec<Located>> {
    let mut errors = Errors(Vec::new());
    let credentials = draft.allow_credentials;
    let opt_ins = DangerousOptIns {
        insecure_origins: draft.dangerously_allow_insecure_origins,
        public_suffix_subdomains: draft.dangerously_allow_public_suffix_subdomains,
    };

    let origins = match &draft.allow_origins {
        None => {
            errors.push(Place::Missing(Key::AllowOrigins), missing_origins());
            Star::List(Vec::new())
        }
        Some(Setting::Any) => {
            if credentials {
                errors.push(Place::Key(Key::AllowOrigins), any_origin_with_credentials());
            }
            Star::Any
        }
        Some(Setting::List(items)) => {
            if items.is_empty() {
                errors.push(Place::Key(Key::AllowOrigins), empty_origins());
            }
            // Origins compare exactly, so the text itself is what a duplicate repeats.
            Star::List(errors.items(Key::AllowOrigins, items, |text| {
                let pattern = origin(text)?;
                if credentials {
                    origin_with_credentials(&pattern, text, opt_ins)?;
                }
                Ok((pattern, text.to_owned()))
            }))
        }
        Some(Setting::Unreadable) => Star::List(Vec::new()),
    };
    // Methods compare case-sensitively, header names case-insensitively; each rule returns the
    // form that is compared, which is also what a duplicate repeats.
    let methods = errors.names(Key::AllowMethods, &draft.allow_methods, |text| {
        method(text).map(|()| text.to_owned())
    });
    let headers = errors.names(Key::AllowHeaders, &draft.allow_headers, request_header);
    if credentials && draft.expose_headers == Some(Setting::Any) {
        errors.push(
            Place::Key(Key::ExposeHeaders),
            expose_any_with_credentials(),
        );
    }
    let expose = errors.names(Key::ExposeHeaders, &draft.expose_headers, expose_header);
    let max_age = draft.max_age.and_then(|secs| {
        max_age(secs)
            .map_err(|v| errors.push(Place::Key(Key::MaxAge), v))
            .ok()
    });

    if !errors.0.is_empty() {
        return Err(errors.0);
    }
    Ok(Checked {
        origins,
        methods,
        headers,
        expose,
        credentials,
        max_age,
        private_network: draft.allow_private_network,
    })
}

struct Errors(Vec<Located>);

impl Errors {
    fn push(&mut self, place: Place, violation: Violation) {
        self.0.push(Located { place, violation });
    }

    /// A `*`-or-list key of names; a key not given is an empty list.
    fn names(
        &mut self,
        key: Key,
        setting: &Option<Setting<'_>>,
        rule: impl Fn(&str) -> Result<String, Violation>,
    ) -> Star<Vec<String>> {
        match setting {
            Some(Setting::Any) => Star::Any,
            Some(Setting::List(items)) => Star::List(self.items(key, items, |text| {
                let name = rule(text)?;
                Ok((name.clone(), name))
            })),
            None | Some(Setting::Unreadable) => Star::List(Vec::new()),
        }
    }

    /// Every readable element through `check`, which returns the checked value and the form a
    /// duplicate would repeat.
    fn items<T>(
        &mut self,
        key: Key,
        items: &[Option<&str>],
        check: impl Fn(&str) -> Result<(T, String), Violation>,
    ) -> Vec<T> {
        let kind = key.list_kind().unwrap_or(ListKind::Origin);
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for (index, text) in items.iter().enumerate() {
            let Some(text) = text else { continue };
            match check(text) {
                Err(v) => self.push(Place::Item(key, index), v),
                Ok((value, compared)) => {
                    if seen.insert(compared) {
                        out.push(value);
                    } else {
                        self.push(Place::Item(key, index), duplicate(kind, text));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Rule, KEYS};
    use alloc::vec;

    fn list<'a>(items: &[&'a str]) -> Option<Setting<'a>> {
        Some(Setting::List(items.iter().map(|s| Some(*s)).collect()))
    }

    #[test]
    fn keys_are_the_rules_keys_in_order() {
        let names: Vec<&str> = Key::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names, KEYS);
        for key in Key::ALL {
            assert_eq!(Key::from_name(key.name()), Some(key));
        }
        assert_eq!(Key::from_name("allow_orgins"), None);
    }

    #[test]
    fn a_good_policy_is_checked_into_its_normal_forms() {
        let draft = Draft {
            allow_origins: list(&["https://a.example", "https://*.example.org:*"]),
            allow_methods: list(&["PUT", "PROPFIND"]),
            allow_headers: list(&["X-Request-Id"]),
            expose_headers: Some(Setting::Any),
            max_age: Some(600),
            allow_private_network: true,
            ..Draft::default()
        };
        let checked = check(&draft).unwrap();
        assert!(matches!(&checked.origins, Star::List(o) if o.len() == 2));
        assert_eq!(
            checked.methods,
            Star::List(vec!["PUT".into(), "PROPFIND".into()])
        );
        assert_eq!(checked.headers, Star::List(vec!["x-request-id".into()]));
        assert_eq!(checked.expose, Star::Any);
        assert_eq!(checked.max_age, Some(600));
        assert!(checked.private_network && !checked.credentials);
    }

    #[test]
    fn every_violation_comes_with_its_place_in_key_order() {
        let draft = Draft {
            allow_origins: list(&["https://a.example", "https://a.example", "http://x.example"]),
            allow_methods: list(&["patch", "PUT", "PUT"]),
            allow_headers: Some(Setting::List(vec![
                None,
                Some("cookie"),
                Some("X-A"),
                Some("x-a"),
            ])),
            expose_headers: Some(Setting::Any),
            allow_credentials: true,
            max_age: Some(86_401),
            ..Draft::default()
        };
        let errors = check(&draft).unwrap_err();
        let found: Vec<(Place, Rule)> =
            errors.iter().map(|e| (e.place, e.violation.rule)).collect();
        use Key::*;
        assert_eq!(
            found,
            [
                (Place::Item(AllowOrigins, 1), Rule::DuplicateValue),
                (
                    Place::Item(AllowOrigins, 2),
                    Rule::CredentialsInsecureOrigin
                ),
                (Place::Item(AllowMethods, 0), Rule::MethodCase),
                (Place::Item(AllowMethods, 2), Rule::DuplicateValue),
                (Place::Item(AllowHeaders, 1), Rule::HeaderForbidden),
                (Place::Item(AllowHeaders, 3), Rule::DuplicateValue),
                (Place::Key(ExposeHeaders), Rule::CredentialsExposeAny),
                (Place::Key(MaxAge), Rule::MaxAgeRange),
            ]
        );
    }

    #[test]
    fn origins_missing_empty_star_and_unreadable() {
        let rules = |draft: Draft<'_>| -> Vec<Rule> {
            check(&draft)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.violation.rule)
                .collect()
        };
        assert_eq!(rules(Draft::default()), [Rule::OriginsMissing]);
        let empty = Draft {
            allow_origins: list(&[]),
            ..Draft::default()
        };
        assert_eq!(rules(empty), [Rule::OriginsEmpty]);
        let star = Draft {
            allow_origins: Some(Setting::Any),
            allow_credentials: true,
            ..Draft::default()
        };
        assert_eq!(rules(star), [Rule::CredentialsAnyOrigin]);
        // Reported by the front end already: nothing more, and the policy is not valid either.
        let unreadable = Draft {
            allow_origins: Some(Setting::Unreadable),
            ..Draft::default()
        };
        assert!(check(&unreadable).is_ok_and(|c| c.origins == Star::List(Vec::new())));
        let star = Draft {
            allow_origins: Some(Setting::Any),
            ..Draft::default()
        };
        assert!(check(&star).is_ok_and(|c| c.origins == Star::Any));
    }

    #[test]
    fn public_suffix_wildcards_with_credentials_need_the_opt_in() {
        let mut draft = Draft {
            allow_origins: list(&["https://*.vercel.app"]),
            allow_credentials: true,
            ..Draft::default()
        };
        assert!(check(&draft).is_err());
        draft.dangerously_allow_public_suffix_subdomains = true;
        assert!(check(&draft).is_ok());
    }

    #[test]
    fn insecure_origins_with_credentials_need_the_opt_in() {
        let mut draft = Draft {
            allow_origins: list(&["http://intranet.example", "http://localhost:*"]),
            allow_credentials: true,
            ..Draft::default()
        };
        assert!(check(&draft).is_err());
        draft.dangerously_allow_insecure_origins = true;
        assert!(check(&draft).is_ok());
    }
}
