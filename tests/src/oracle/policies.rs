//! The macro-compiled policies the oracles run requests against, each with its [`Spec`]: the
//! same literals, given once to `cors_policy!` and once to the model, so the two can never
//! drift apart. Between them they cover every shape the runtime has: `*` and listed origins,
//! exact origins, `*.` and `:*` patterns, IPv6 and non-HTTP schemes, direct and displaced
//! (more than 64 keys) tables, listed and echoed methods and headers, credentials, max-age,
//! private network access, and the default (nothing but one origin).

use checked_cors::{cors_policy, Policy};

/// What a policy says, as the model reads it: the literals written in the policy (borrowed, so
/// that a policy read at run time can be described too).
#[derive(Clone, Copy, Debug)]
pub struct Spec<'a> {
    /// The policy's name, for failure messages.
    pub name: &'a str,
    /// `None` for `*`.
    pub origins: Option<&'a [&'a str]>,
    /// `None` for `*`; omitted is an empty list (only GET, HEAD and POST).
    pub methods: Option<&'a [&'a str]>,
    /// `None` for `*`; omitted is an empty list.
    pub headers: Option<&'a [&'a str]>,
    /// `None` for `*`; omitted is an empty list.
    pub expose: Option<&'a [&'a str]>,
    /// `allow_credentials`.
    pub credentials: bool,
    /// `max_age`.
    pub max_age: Option<u32>,
    /// `allow_private_network`.
    pub private_network: bool,
}

/// `*` or `[..]` as the model's `Option` (an omitted list is empty).
macro_rules! list {
    () => {
        Some(&[])
    };
    (*) => {
        None
    };
    ([$($item:literal),* $(,)?]) => {
        Some(&[$($item),*])
    };
}

/// An optional literal as an `Option`.
macro_rules! opt {
    () => {
        None
    };
    ($value:literal) => {
        Some($value)
    };
}

macro_rules! policies {
    ($(
        $(#[$doc:meta])*
        $name:ident {
            allow_origins: $origins:tt
            $(, allow_methods: $methods:tt)?
            $(, allow_headers: $headers:tt)?
            $(, expose_headers: $expose:tt)?
            $(, allow_credentials: $credentials:literal)?
            $(, max_age: $max_age:literal)?
            $(, allow_private_network: $pna:literal)?
            $(,)?
        }
    )*) => {
        $(
            $(#[$doc])*
            pub static $name: Policy = cors_policy! {
                allow_origins: $origins,
                $(allow_methods: $methods,)?
                $(allow_headers: $headers,)?
                $(expose_headers: $expose,)?
                $(allow_credentials: $credentials,)?
                $(max_age: $max_age,)?
                $(allow_private_network: $pna,)?
            };
        )*

        /// Every policy with its spec, in a fixed order (an input's first byte picks one).
        pub static POLICIES: &[(&Policy, Spec<'static>)] = &[$(
            (
                &$name,
                Spec {
                    name: stringify!($name),
                    origins: list!($origins),
                    methods: list!($($methods)?),
                    headers: list!($($headers)?),
                    expose: list!($($expose)?),
                    credentials: false $(|| $credentials)?,
                    max_age: opt!($($max_age)?),
                    private_network: false $(|| $pna)?,
                },
            ),
        )*];
    };
}

policies! {
    /// The README's policy: exact, `*.` and `:*` origins, credentials, every list, max-age.
    API {
        allow_origins: ["https://app.example.com", "https://*.example.org", "http://localhost:*"],
        allow_methods: ["PUT", "PATCH", "DELETE", "PROPFIND"],
        allow_headers: ["content-type", "X-Request-Id"],
        expose_headers: ["x-request-id"],
        allow_credentials: true,
        max_age: 600,
    }
    /// Everything `*`, so no credentials.
    PUBLIC {
        allow_origins: *,
        allow_methods: *,
        allow_headers: *,
        expose_headers: *,
    }
    /// Echoed methods and headers with credentials; IPv6 and a pattern with both wildcards.
    ECHO_CREDS {
        allow_origins: ["https://app.example.com", "https://*.a.example.net:*", "http://[::1]:*"],
        allow_methods: *,
        allow_headers: *,
        expose_headers: ["x-total", "X-Page"],
        allow_credentials: true,
        max_age: 0,
        allow_private_network: true,
    }
    /// Private network access only.
    PNA {
        allow_origins: ["https://app.example.com"],
        allow_private_network: true,
    }
    /// Exact origins only, with ports, an IPv4 host and non-HTTP schemes; a custom lowercase
    /// method and a safelisted one listed.
    EXACT {
        allow_origins: [
            "https://foo.com",
            "https://bar.com",
            "https://example.com:8443",
            "http://127.0.0.1:3000",
            "tauri://localhost",
            "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        ],
        allow_methods: ["GET", "purge"],
        allow_headers: ["x-a"],
    }
    /// More than 64 origins (a displaced table) and several parents of different lengths.
    BIG {
        allow_origins: [
            "https://o00.example.com",
            "https://o01.example.com",
            "https://o02.example.com",
            "https://o03.example.com",
            "https://o04.example.com",
            "https://o05.example.com",
            "https://o06.example.com",
            "https://o07.example.com",
            "https://o08.example.com",
            "https://o09.example.com",
            "https://o10.example.com",
            "https://o11.example.com",
            "https://o12.example.com",
            "https://o13.example.com",
            "https://o14.example.com",
            "https://o15.example.com",
            "https://o16.example.com",
            "https://o17.example.com",
            "https://o18.example.com",
            "https://o19.example.com",
            "https://o20.example.com",
            "https://o21.example.com",
            "https://o22.example.com",
            "https://o23.example.com",
            "https://o24.example.com",
            "https://o25.example.com",
            "https://o26.example.com",
            "https://o27.example.com",
            "https://o28.example.com",
            "https://o29.example.com",
            "https://o30.example.com",
            "https://o31.example.com",
            "https://o32.example.com",
            "https://o33.example.com",
            "https://o34.example.com",
            "https://o35.example.com",
            "https://o36.example.com",
            "https://o37.example.com",
            "https://o38.example.com",
            "https://o39.example.com",
            "https://o40.example.com",
            "https://o41.example.com",
            "https://o42.example.com",
            "https://o43.example.com",
            "https://o44.example.com",
            "https://o45.example.com",
            "https://o46.example.com",
            "https://o47.example.com",
            "https://o48.example.com",
            "https://o49.example.com",
            "https://o50.example.com",
            "https://o51.example.com",
            "https://o52.example.com",
            "https://o53.example.com",
            "https://o54.example.com",
            "https://o55.example.com",
            "https://o56.example.com",
            "https://o57.example.com",
            "https://o58.example.com",
            "https://o59.example.com",
            "https://o60.example.com",
            "https://o61.example.com",
            "https://o62.example.com",
            "https://o63.example.com",
            "https://o64.example.com",
            "https://o65.example.com",
            "https://o66.example.com",
            "https://o67.example.com",
            "https://o68.example.com",
            "https://o69.example.com",
            "https://*.a.example.com",
            "https://*.b.example.com:8443",
            "http://*.localhost:*",
            "https://*.x.y.z.example:*",
            "https://*.co-op.test",
        ],
        allow_methods: *,
        allow_headers: [
            "accept-language", "authorization", "cache-control", "content-language",
            "content-type", "if-match", "if-none-match", "x-a", "x-b", "x-c", "x-requested-with",
            "x-trace",
        ],
        expose_headers: ["etag", "x-total"],
        max_age: 86400,
    }
    /// The default policy: one origin and nothing else.
    BARE {
        allow_origins: ["https://app.example.com"],
    }
}

impl Spec<'_> {
    /// The same policy as configuration, for `PolicyConfig::build`: the oracles hold a run-time
    /// policy to the model exactly as they hold the compiled one.
    pub fn config(&self) -> checked_cors::PolicyConfig {
        use checked_cors::Values;
        let values = |list: Option<&[&str]>| match list {
            None => Some(Values::Any),
            Some([]) => None,
            Some(items) => Some(items.iter().copied().collect()),
        };
        checked_cors::PolicyConfig {
            allow_origins: values(self.origins),
            allow_methods: values(self.methods),
            allow_headers: values(self.headers),
            expose_headers: values(self.expose),
            allow_credentials: self.credentials,
            max_age: self.max_age.map(u64::from),
            allow_private_network: self.private_network,
            ..Default::default()
        }
    }
}

/// Every policy of [`POLICIES`] built at run time from [`Spec::config`], in the same order.
pub fn built() -> &'static [(checked_cors::OwnedPolicy, Spec<'static>)] {
    static BUILT: std::sync::OnceLock<Vec<(checked_cors::OwnedPolicy, Spec<'static>)>> =
        std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        POLICIES
            .iter()
            .map(|(_, spec)| {
                let policy = spec
                    .config()
                    .build()
                    .unwrap_or_else(|e| panic!("{}: the macro accepts it: {e}", spec.name));
                (policy, *spec)
            })
            .collect()
    })
}
