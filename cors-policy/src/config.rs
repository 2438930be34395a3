//! Policies from configuration: the same policy language as `cors_policy!`, read at run time
//! from any serde format or from environment variables, checked by exactly the macro's rules,
//! and compiled by the same compiler into an [`OwnedPolicy`] that the same code decides.
//!
//! ```
//! use checked_cors::{PolicyConfig, Request, Decision};
//!
//! let config: PolicyConfig = toml::from_str(r#"
//!     allow_origins = ["https://app.example.com", "https://*.example.org"]
//!     allow_methods = ["PUT", "DELETE"]
//!     allow_headers = "*"
//!     allow_credentials = true
//!     max_age = 600
//! "#).unwrap();
//! let policy = config.build().unwrap();
//! let request = Request { method: b"GET", origins: &[b"https://a.example.org"], ..Request::default() };
//! assert!(matches!(policy.decide(&request), Decision::Actual(h) if h.is_allowed()));
//! ```
//!
//! A policy a browser would refuse, or that opens a hole, is refused with every violation at
//! once, each with the rule id of the macro's compile error, the key path and a help line:
//!
//! ```
//! # use checked_cors::PolicyConfig;
//! let config: PolicyConfig = serde_json::from_str(r#"{
//!     "allow_origins": ["https://app.example.com", "https://a.example/"],
//!     "allow_methods": ["patch"]
//! }"#).unwrap();
//! let errors = config.build().unwrap_err();
//! let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.path(), e.rule().id())).collect();
//! assert_eq!(found, [("allow_origins[1]", "origin-path"), ("allow_methods[0]", "method-case")]);
//! assert!(errors.to_string().starts_with(
//!     "allow_origins[1]: origin `https://a.example/` has a path: `/` [rule: origin-path] help: "
//! ));
//! ```

use std::fmt;

use checked_cors_runtime::build;
use checked_cors_runtime::rules::{self, Draft, Key, Located, Place, Rule, Setting};
use checked_cors_runtime::OwnedPolicy;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A CORS policy as configuration: exactly the keys of `cors_policy!`, with the same meanings.
///
/// Deserialize it from any serde format (TOML, JSON, YAML, …) or read it from environment
/// variables ([`PolicyConfig::from_env`]), then [`build`](PolicyConfig::build) it. A list is a
/// sequence of strings; "everything" is the string `"*"` (TOML `allow_origins = "*"`). A key
/// left out takes the macro's default; `allow_origins` is required. Unknown and repeated keys
/// are refused, naming the key.
///
/// | key | value | when omitted |
/// |---|---|---|
/// | `allow_origins` | `"*"`, or a list of origins and patterns | required |
/// | `allow_methods` | `"*"`, or a list of methods | only the safelisted GET, HEAD, POST |
/// | `allow_headers` | `"*"`, or a list of request header names | no extra headers |
/// | `expose_headers` | `"*"`, or a list of response header names | nothing exposed |
/// | `allow_credentials` | `true` / `false` | `false` |
/// | `max_age` | whole seconds, `0..=86400` | no `Access-Control-Max-Age` |
/// | `allow_private_network` | `true` / `false` | `false` |
/// | `dangerously_allow_insecure_origins` | `true` / `false` | `false` |
/// | `dangerously_allow_public_suffix_subdomains` | `true` / `false` | `false` |
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyConfig {
    /// `allow_origins`: origins exactly as browsers send them, and `*.`/`:*` patterns.
    pub allow_origins: Option<Values>,
    /// `allow_methods`: methods beyond GET, HEAD and POST (case-sensitive).
    pub allow_methods: Option<Values>,
    /// `allow_headers`: request header names (case-insensitive).
    pub allow_headers: Option<Values>,
    /// `expose_headers`: response header names scripts may read.
    pub expose_headers: Option<Values>,
    /// `allow_credentials`: whether credentialed requests are allowed.
    pub allow_credentials: bool,
    /// `max_age`: how long browsers may cache a preflight, in seconds.
    pub max_age: Option<u64>,
    /// `allow_private_network`: answer Private Network Access preflights (a legacy Chromium
    /// protocol, replaced by a permission prompt in Chrome 142).
    pub allow_private_network: bool,
    /// `dangerously_allow_insecure_origins`: allow plain-`http` non-loopback origins with
    /// credentials.
    pub dangerously_allow_insecure_origins: bool,
    /// `dangerously_allow_public_suffix_subdomains`: allow `*.SUFFIX` patterns over a listed
    /// public suffix (`*.vercel.app`) with credentials: every tenant of that platform can then
    /// read credentialed responses.
    pub dangerously_allow_public_suffix_subdomains: bool,
}

/// The value of a list key: everything (`"*"`), or the listed values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Values {
    /// `"*"`
    Any,
    /// The values, in order.
    List(Vec<String>),
}

impl<S: Into<String>> FromIterator<S> for Values {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        Values::List(iter.into_iter().map(Into::into).collect())
    }
}

impl PolicyConfig {
    /// Checks the policy under every rule of `cors_policy!` and compiles it into an
    /// [`OwnedPolicy`], or reports every violation at once.
    ///
    /// The work is linear in the size of the configuration (a 100,000-origin policy builds in
    /// a fraction of a second), and nothing in it can panic.
    pub fn build(&self) -> Result<OwnedPolicy, ConfigErrors> {
        fn setting(values: &Option<Values>) -> Option<Setting<'_>> {
            values.as_ref().map(|v| match v {
                Values::Any => Setting::Any,
                Values::List(items) => {
                    Setting::List(items.iter().map(|s| Some(s.as_str())).collect())
                }
            })
        }
        let draft = Draft {
            allow_origins: setting(&self.allow_origins),
            allow_methods: setting(&self.allow_methods),
            allow_headers: setting(&self.allow_headers),
            expose_headers: setting(&self.expose_headers),
            allow_credentials: self.allow_credentials,
            max_age: self.max_age,
            allow_private_network: self.allow_private_network,
            dangerously_allow_insecure_origins: self.dangerously_allow_insecure_origins,
            dangerously_allow_public_suffix_subdomains: self
                .dangerously_allow_public_suffix_subdomains,
        };
        let checked = rules::check(&draft)
            .map_err(|all| ConfigErrors(all.into_iter().map(ConfigError::located).collect()))?;
        build::owned(&build::compile(&checked)).map_err(|e| {
            // Unreachable for a checked policy; reported rather than trusted.
            ConfigErrors(vec![ConfigError::new(
                Rule::WrongType,
                String::new(),
                e.to_string(),
                "report this as a bug of checked-cors".into(),
            )])
        })
    }

    /// Reads the policy from environment variables named `{prefix}_ALLOW_ORIGINS`,
    /// `_ALLOW_METHODS`, `_ALLOW_HEADERS`, `_EXPOSE_HEADERS` (comma-separated, whitespace
    /// around items ignored, `*` for everything), `_ALLOW_CREDENTIALS`,
    /// `_ALLOW_PRIVATE_NETWORK`, `_DANGEROUSLY_ALLOW_INSECURE_ORIGINS`,
    /// `_DANGEROUSLY_ALLOW_PUBLIC_SUFFIX_SUBDOMAINS` (`true` or `false`) and
    /// `_MAX_AGE` (seconds). An absent variable leaves its key out; a malformed value is an
    /// error naming the variable (all of them at once). The rules are applied by
    /// [`build`](PolicyConfig::build).
    ///
    /// ```
    /// # use checked_cors::PolicyConfig;
    /// # // SAFETY: the doc test is a single-threaded process of its own.
    /// # unsafe {
    /// std::env::set_var("API_CORS_ALLOW_ORIGINS", "https://app.example.com, https://*.example.org");
    /// std::env::set_var("API_CORS_MAX_AGE", "600");
    /// # }
    /// let config = PolicyConfig::from_env("API_CORS").unwrap();
    /// assert_eq!(config.max_age, Some(600));
    /// assert!(config.build().is_ok());
    /// ```
    pub fn from_env(prefix: &str) -> Result<PolicyConfig, ConfigErrors> {
        Self::from_vars(prefix, |name| std::env::var_os(name))
    }

    /// [`PolicyConfig::from_env`] with the variables looked up by `var` (a map in tests).
    fn from_vars(
        prefix: &str,
        var: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<PolicyConfig, ConfigErrors> {
        let mut config = PolicyConfig::default();
        let mut errors = Vec::new();
        for key in Key::ALL {
            let name = format!("{prefix}_{}", key.name().to_ascii_uppercase());
            let Some(raw) = var(&name) else { continue };
            let Some(text) = raw.to_str() else {
                errors.push(ConfigError::new(
                    Rule::WrongType,
                    name,
                    "the value is not valid UTF-8".into(),
                    "write the value in ASCII".into(),
                ));
                continue;
            };
            let list = || -> Values {
                match text.trim() {
                    "*" => Values::Any,
                    all => all
                        .split(',')
                        .map(str::trim)
                        .filter(|item| !item.is_empty())
                        .collect(),
                }
            };
            let flag = |errors: &mut Vec<ConfigError>| match text.trim() {
                "true" => true,
                "false" => false,
                other => {
                    errors.push(ConfigError::new(
                        Rule::WrongType,
                        name.clone(),
                        format!("`{}` is not `true` or `false`", cut(other)),
                        format!("set `{name}` to `true` or `false`, or leave it unset"),
                    ));
                    false
                }
            };
            match key {
                Key::AllowOrigins => config.allow_origins = Some(list()),
                Key::AllowMethods => config.allow_methods = Some(list()),
                Key::AllowHeaders => config.allow_headers = Some(list()),
                Key::ExposeHeaders => config.expose_headers = Some(list()),
                Key::AllowCredentials => config.allow_credentials = flag(&mut errors),
                Key::AllowPrivateNetwork => config.allow_private_network = flag(&mut errors),
                Key::DangerouslyAllowInsecureOrigins => {
                    config.dangerously_allow_insecure_origins = flag(&mut errors)
                }
                Key::DangerouslyAllowPublicSuffixSubdomains => {
                    config.dangerously_allow_public_suffix_subdomains = flag(&mut errors)
                }
                Key::MaxAge => match text.trim().parse::<u64>() {
                    Ok(secs) => config.max_age = Some(secs),
                    Err(_) => {
                        let v = rules::max_age_not_integer(&cut(text.trim()));
                        errors.push(ConfigError::new(v.rule, name, v.message, v.help));
                    }
                },
                _ => {}
            }
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(ConfigErrors(errors))
        }
    }
}

/// Every violation of a configuration, in order: key by key, element by element.
///
/// Its `Display` writes one error per line: the key path, the message, the rule id in brackets
/// and the help, e.g.
/// ``allow_origins[1]: origin `https://a.example/` has a path: `/` [rule: origin-path] help: …``.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigErrors(Vec<ConfigError>);

impl ConfigErrors {
    /// Every error.
    pub fn iter(&self) -> std::slice::Iter<'_, ConfigError> {
        self.0.iter()
    }

    /// How many errors.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always `false`: a `ConfigErrors` holds at least one error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a ConfigErrors {
    type Item = &'a ConfigError;
    type IntoIter = std::slice::Iter<'a, ConfigError>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// One violation: the rule (with the same stable id as the macro's compile error), where, what
/// is wrong and what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    rule: Rule,
    path: String,
    message: String,
    help: String,
}

impl ConfigError {
    fn new(rule: Rule, path: String, message: String, help: String) -> Self {
        ConfigError {
            rule,
            // Escaped first, then cut, so that the bounds hold for the text as printed.
            path: cut_to(&printable(&path), QUOTE_MAX).into_owned(),
            message: cut_to(&printable(&config_notation(&message)), TEXT_MAX).into_owned(),
            help: cut_to(&printable(&config_notation(&help)), TEXT_MAX).into_owned(),
        }
    }

    fn located(located: Located) -> Self {
        let path = match located.place {
            Place::Missing(key) | Place::Key(key) => key.name().to_owned(),
            Place::Item(key, i) => format!("{}[{i}]", key.name()),
        };
        let v = located.violation;
        ConfigError::new(v.rule, path, v.message, v.help)
    }

    /// The rule broken; [`Rule::id`] is its stable id (`origin-path`).
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// Where: a key (`max_age`), an element of a list (`allow_origins[1]`), or an environment
    /// variable (`API_CORS_MAX_AGE`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, quoting the offending text (cut to a readable length).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What to write instead.
    pub fn help(&self) -> &str {
        &self.help
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} [rule: {}] help: {}",
            self.path,
            self.message,
            self.rule.id(),
            self.help
        )
    }
}

impl std::error::Error for ConfigError {}

/// The most bytes of a configured value quoted in an error; the rest is elided, so that a
/// megabyte value gives a readable line.
const QUOTE_MAX: usize = 256;

/// The most bytes of an error's message or help: each quoted value is cut at [`QUOTE_MAX`],
/// but a value with backticks of its own can split into several quotes, so the whole text is
/// bounded too.
const TEXT_MAX: usize = 1024;

/// `text` cut to [`QUOTE_MAX`] bytes (at a character boundary), said so when cut.
fn cut(text: &str) -> std::borrow::Cow<'_, str> {
    cut_to(text, QUOTE_MAX)
}

/// `text` cut to `max` bytes (at a character boundary), said so when cut.
fn cut_to(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= max {
        return text.into();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &text[..end], text.len()).into()
}

/// `text` with every control character (C0, DEL, C1) and Unicode line or paragraph separator
/// escaped (`\n`, `\u{7f}`): an error quotes configured values, and goes to a log or a
/// terminal, where a value could otherwise forge a line or move the cursor.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// A rule's text in configuration terms: the macro's `` `key: value` `` becomes
/// `` `key = value` `` (TOML; `*` quoted, as configuration writes it), and quoted values longer
/// than [`QUOTE_MAX`] are cut.
fn config_notation(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4 * QUOTE_MAX));
    let mut rest = text;
    // Code spans alternate with prose, split at backticks.
    let mut in_code = false;
    while let Some(tick) = rest.find('`') {
        let (part, after) = rest.split_at(tick);
        if in_code {
            out.push_str(&setting(part).unwrap_or_else(|| cut(part).into_owned()));
        } else {
            out.push_str(part);
        }
        out.push('`');
        rest = &after[1..];
        in_code = !in_code;
    }
    out.push_str(rest);
    out
}

/// `key = value` for a code span that is a macro setting `key: value`.
fn setting(code: &str) -> Option<String> {
    let (key, value) = code.split_once(": ")?;
    Key::from_name(key)?;
    let value = match value {
        "*" => "\"*\"",
        other => other,
    };
    Some(format!("{key} = {}", cut(value)))
}

impl Serialize for PolicyConfig {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("PolicyConfig", Key::ALL.len())?;
        let lists = [
            (Key::AllowOrigins, &self.allow_origins),
            (Key::AllowMethods, &self.allow_methods),
            (Key::AllowHeaders, &self.allow_headers),
            (Key::ExposeHeaders, &self.expose_headers),
        ];
        for (key, value) in lists {
            match value {
                Some(v) => s.serialize_field(key.name(), v)?,
                None => s.skip_field(key.name())?,
            }
        }
        s.serialize_field(Key::AllowCredentials.name(), &self.allow_credentials)?;
        match self.max_age {
            Some(secs) => s.serialize_field(Key::MaxAge.name(), &secs)?,
            None => s.skip_field(Key::MaxAge.name())?,
        }
        s.serialize_field(Key::AllowPrivateNetwork.name(), &self.allow_private_network)?;
        s.serialize_field(
            Key::DangerouslyAllowInsecureOrigins.name(),
            &self.dangerously_allow_insecure_origins,
        )?;
        s.serialize_field(
            Key::DangerouslyAllowPublicSuffixSubdomains.name(),
            &self.dangerously_allow_public_suffix_subdomains,
        )?;
        s.end()
    }
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Values::Any => serializer.serialize_str("*"),
            Values::List(items) => items.serialize(serializer),
        }
    }
}

/// The message of a deserialization error: a rule's text, as `ConfigError` prints it.
fn rule_error<E: de::Error>(path: &str, v: rules::Violation) -> E {
    E::custom(ConfigError::new(v.rule, path.to_owned(), v.message, v.help))
}

impl<'de> Deserialize<'de> for PolicyConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const FIELDS: &[&str] = rules::KEYS;
        deserializer.deserialize_struct("PolicyConfig", FIELDS, ConfigVisitor)
    }
}

struct ConfigVisitor;

impl<'de> Visitor<'de> for ConfigVisitor {
    type Value = PolicyConfig;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CORS policy: a map with the keys of `cors_policy!`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PolicyConfig, A::Error> {
        let mut config = PolicyConfig::default();
        let mut seen = Vec::new();
        while let Some(name) = map.next_key::<String>()? {
            let Some(key) = Key::from_name(&name) else {
                return Err(rule_error(&cut(&name), rules::unknown_key(&cut(&name))));
            };
            if seen.contains(&key) {
                return Err(rule_error(&name, rules::duplicate_key(&name)));
            }
            seen.push(key);
            match key {
                Key::AllowOrigins => config.allow_origins = Some(map.next_value()?),
                Key::AllowMethods => config.allow_methods = Some(map.next_value()?),
                Key::AllowHeaders => config.allow_headers = Some(map.next_value()?),
                Key::ExposeHeaders => config.expose_headers = Some(map.next_value()?),
                Key::AllowCredentials => config.allow_credentials = map.next_value::<Flag>()?.0,
                Key::AllowPrivateNetwork => {
                    config.allow_private_network = map.next_value::<Flag>()?.0
                }
                Key::DangerouslyAllowInsecureOrigins => {
                    config.dangerously_allow_insecure_origins = map.next_value::<Flag>()?.0
                }
                Key::DangerouslyAllowPublicSuffixSubdomains => {
                    config.dangerously_allow_public_suffix_subdomains = map.next_value::<Flag>()?.0
                }
                Key::MaxAge => config.max_age = Some(map.next_value::<MaxAge>()?.0),
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(config)
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValuesVisitor)
    }
}

struct ValuesVisitor;

impl<'de> Visitor<'de> for ValuesVisitor {
    type Value = Values;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"*\" or a list of strings {WRONG_TYPE}")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Values, E> {
        match text {
            "*" => Ok(Values::Any),
            other => Err(E::custom(format!(
                "expected \"*\" or a list of strings, found the string \"{}\" {WRONG_TYPE} \
                 help: write a list, e.g. [\"{}\"]",
                cut(other).escape_debug(),
                cut(other).escape_debug()
            ))),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Values, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Item(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Values::List(items))
    }
}

/// How a value of the wrong type is named in serde's message (`expected …`), so that the error
/// carries the rule id of the macro's compile error for the same mistake.
const WRONG_TYPE: &str = "[rule: wrong-type]";

/// One element of a list: a string.
struct Item(String);

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl Visitor<'_> for ItemVisitor {
            type Value = Item;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a string {WRONG_TYPE}")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Item, E> {
                Ok(Item(text.to_owned()))
            }
        }
        deserializer.deserialize_string(ItemVisitor)
    }
}

/// `true` or `false`.
struct Flag(bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagVisitor;
        impl Visitor<'_> for FlagVisitor {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "`true` or `false` {WRONG_TYPE}")
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Flag, E> {
                Ok(Flag(value))
            }
        }
        deserializer.deserialize_bool(FlagVisitor)
    }
}

/// `max_age` as a whole number of seconds: any other number breaks the rule `max-age-integer`
/// (its range is checked by `build`, with the other rules).
struct MaxAge(u64);

impl<'de> Deserialize<'de> for MaxAge {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MaxAgeVisitor)
    }
}

struct MaxAgeVisitor;

impl<'de> Visitor<'de> for MaxAgeVisitor {
    type Value = MaxAge;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a whole number of seconds from 0 to 86400 {WRONG_TYPE}")
    }

    fn visit_u64<E: de::Error>(self, secs: u64) -> Result<MaxAge, E> {
        Ok(MaxAge(secs))
    }

    fn visit_i64<E: de::Error>(self, secs: i64) -> Result<MaxAge, E> {
        u64::try_from(secs)
            .map(MaxAge)
            .map_err(|_| rule_error("max_age", rules::max_age_not_integer(&secs.to_string())))
    }

    fn visit_f64<E: de::Error>(self, secs: f64) -> Result<MaxAge, E> {
        Err(rule_error(
            "max_age",
            rules::max_age_not_integer(&secs.to_string()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> Result<PolicyConfig, ConfigErrors> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        PolicyConfig::from_vars("APP_CORS", |name| vars.get(name).map(Into::into))
    }

    #[test]
    fn environment_lists_flags_and_numbers() {
        let config = env(&[
            (
                "APP_CORS_ALLOW_ORIGINS",
                " https://a.example ,https://*.b.example:*, ",
            ),
            ("APP_CORS_ALLOW_METHODS", "*"),
            ("APP_CORS_ALLOW_HEADERS", "x-a,X-B"),
            ("APP_CORS_ALLOW_CREDENTIALS", "true"),
            ("APP_CORS_MAX_AGE", "600"),
            ("OTHER_ALLOW_PRIVATE_NETWORK", "true"),
        ])
        .unwrap();
        assert_eq!(
            config,
            PolicyConfig {
                allow_origins: Some(
                    ["https://a.example", "https://*.b.example:*"]
                        .into_iter()
                        .collect()
                ),
                allow_methods: Some(Values::Any),
                allow_headers: Some(["x-a", "X-B"].into_iter().collect()),
                allow_credentials: true,
                max_age: Some(600),
                ..PolicyConfig::default()
            }
        );
        assert_eq!(env(&[]).unwrap(), PolicyConfig::default());
    }

    #[test]
    fn malformed_variables_are_named_all_at_once() {
        let errors = env(&[
            ("APP_CORS_ALLOW_CREDENTIALS", "yes"),
            ("APP_CORS_MAX_AGE", "10m"),
            ("APP_CORS_ALLOW_PRIVATE_NETWORK", "TRUE"),
        ])
        .unwrap_err();
        let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.path(), e.rule().id())).collect();
        assert_eq!(
            found,
            [
                ("APP_CORS_ALLOW_CREDENTIALS", "wrong-type"),
                ("APP_CORS_MAX_AGE", "max-age-integer"),
                ("APP_CORS_ALLOW_PRIVATE_NETWORK", "wrong-type"),
            ]
        );
        assert!(
            errors
                .to_string()
                .contains("`yes` is not `true` or `false`"),
            "{errors}"
        );
    }

    /// Found by fuzzing (`fuzz/regressions/config/error-quotes-control-characters`): an error
    /// quoted a configured value as it was, DEL and line breaks included.
    #[test]
    fn errors_quote_values_escaped_on_one_line() {
        let config = PolicyConfig {
            allow_origins: Some(["https://a.example\r\nx: y"].into_iter().collect()),
            allow_headers: Some(["\u{7f}-a"].into_iter().collect()),
            ..PolicyConfig::default()
        };
        let errors = config.build().unwrap_err();
        let shown = errors.to_string();
        assert_eq!(shown.lines().count(), errors.len(), "{shown}");
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        assert!(
            shown.contains("\\r\\nx: y") && shown.contains("\\u{7f}-a"),
            "{shown}"
        );
    }

    /// Found by fuzzing (`fuzz/regressions/config/error-long-value-with-backticks`): a value
    /// with a backtick of its own ended the quote early, and the rest of it was printed whole.
    #[test]
    fn errors_stay_short_whatever_the_value() {
        for value in [
            format!("https://{}`{}", "a".repeat(300), "b".repeat(1 << 20)),
            "`a".repeat(1 << 18),
            // Each control character prints as six (`\u{7f}`): the bound is of the printed text.
            "`\u{7f}".repeat(1 << 12),
        ] {
            let config = PolicyConfig {
                allow_origins: Some([value].into_iter().collect()),
                ..PolicyConfig::default()
            };
            let errors = config.build().unwrap_err();
            for error in errors.iter() {
                assert!(
                    error.to_string().len() < 2600,
                    "{}",
                    error.to_string().len()
                );
            }
        }
    }

    #[test]
    fn rule_text_speaks_configuration() {
        assert_eq!(
            config_notation("write `allow_origins: *` instead of `[\"*\"]`"),
            "write `allow_origins = \"*\"` instead of `[\"*\"]`"
        );
        assert_eq!(
            config_notation("add `dangerously_allow_insecure_origins: true`"),
            "add `dangerously_allow_insecure_origins = true`"
        );
        assert_eq!(config_notation("plain `a: b` text"), "plain `a: b` text");
        assert_eq!(
            printable("`\u{7f}-a\r\nx: y` \u{85}\u{2028}\"é\""),
            "`\\u{7f}-a\\r\\nx: y` \\u{85}\\u{2028}\"é\""
        );
        let long = "x".repeat(1 << 20);
        let cut = config_notation(&format!("origin `{long}` is wrong"));
        assert!(
            cut.len() < 400 && cut.contains("(1048576 bytes)"),
            "{}",
            cut.len()
        );
    }
}
