//! A run-time policy shared by every request and replaced while serving: reloads build first
//! and swap atomically, so a request sees either the old policy or the new one, whole.

#[cfg(any(feature = "tower", feature = "actix"))]
use std::cell::{RefCell, RefMut};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

#[cfg(any(feature = "tower", feature = "actix"))]
use arc_swap::cache::Cache;
use arc_swap::ArcSwap;
use checked_cors_runtime::OwnedPolicy;
#[cfg(any(feature = "tower", feature = "actix"))]
use thread_local::ThreadLocal;

use crate::config::{ConfigErrors, PolicyConfig};

/// A handle to a run-time policy that the adapters serve and a reload replaces: cheap to clone
/// (a reference count), `Send + Sync`, and read by every request without a lock.
///
/// [`reload`](SharedPolicy::reload) builds the new policy first; on any error nothing changes
/// and the old policy keeps serving. On success the next request sees the new policy, while a
/// request in flight finishes with the policy its decision came from (it holds it until then).
///
/// ```
/// use checked_cors::{PolicyConfig, SharedPolicy, Values};
///
/// let mut config = PolicyConfig {
///     allow_origins: Some(["https://a.example"].into_iter().collect()),
///     ..PolicyConfig::default()
/// };
/// let shared = SharedPolicy::new(config.build().unwrap());
/// assert!(shared.load().allows_origin(b"https://a.example"));
///
/// config.allow_origins = Some(["https://b.example"].into_iter().collect());
/// shared.reload(&config).unwrap();
/// assert!(shared.load().allows_origin(b"https://b.example"));
///
/// // A bad edit is refused and changes nothing.
/// config.allow_origins = Some(Values::Any);
/// config.allow_credentials = true;
/// assert!(shared.reload(&config).is_err());
/// assert!(shared.load().allows_origin(b"https://b.example"));
/// ```
#[derive(Clone)]
pub struct SharedPolicy {
    shared: Arc<Shared>,
}

/// What every handle shares.
struct Shared {
    current: Arc<ArcSwap<Loaded>>,
    /// The policy each thread served last, with `arc-swap`'s `Cache`: a request checks it with
    /// one relaxed load (an `arc-swap` guard costs about 130 instructions), and a thread picks
    /// up a new policy on its first request after a reload. A thread keeps the last policy it
    /// served alive until its next request: at most one old policy per thread. Only the
    /// adapters read through it.
    #[cfg(any(feature = "tower", feature = "actix"))]
    caches: ThreadLocal<RefCell<PolicyCache>>,
}

#[cfg(any(feature = "tower", feature = "actix"))]
type PolicyCache = Cache<Arc<ArcSwap<Loaded>>, Arc<Loaded>>;

/// A policy with what the adapters prepare for it once, at load time.
pub(crate) struct Loaded {
    /// The tower adapter's prepared preflight answers, which own the policy.
    #[cfg(feature = "tower")]
    template: checked_cors_runtime::http::PreflightTemplate<OwnedPolicy>,
    #[cfg(not(feature = "tower"))]
    policy: OwnedPolicy,
}

impl Loaded {
    fn new(policy: OwnedPolicy) -> Self {
        Loaded {
            #[cfg(feature = "tower")]
            template: checked_cors_runtime::http::PreflightTemplate::new(policy),
            #[cfg(not(feature = "tower"))]
            policy,
        }
    }

    /// The policy.
    pub(crate) fn policy(&self) -> &OwnedPolicy {
        #[cfg(feature = "tower")]
        return self.template.policy();
        #[cfg(not(feature = "tower"))]
        return &self.policy;
    }

    /// The tower adapter's prepared answers.
    #[cfg(feature = "tower")]
    pub(crate) fn template(&self) -> &checked_cors_runtime::http::PreflightTemplate<OwnedPolicy> {
        &self.template
    }
}

impl SharedPolicy {
    /// A handle serving `policy`.
    pub fn new(policy: OwnedPolicy) -> Self {
        SharedPolicy {
            shared: Arc::new(Shared {
                current: Arc::new(ArcSwap::from_pointee(Loaded::new(policy))),
                #[cfg(any(feature = "tower", feature = "actix"))]
                caches: ThreadLocal::new(),
            }),
        }
    }

    /// Builds `config` and, only if it is valid, serves it from the next request on. On error
    /// the current policy keeps serving, and the errors say why (every one of them).
    pub fn reload(&self, config: &PolicyConfig) -> Result<(), ConfigErrors> {
        let policy = config.build()?;
        self.store(policy);
        Ok(())
    }

    /// Serves `policy` from the next request on. The previous one is dropped when the last
    /// request using it finishes.
    pub fn store(&self, policy: OwnedPolicy) {
        self.shared.current.store(Arc::new(Loaded::new(policy)));
    }

    /// The policy being served now. Holding the guard keeps that policy alive (a later
    /// [`store`](SharedPolicy::store) does not affect it); hold it briefly.
    pub fn load(&self) -> PolicyGuard {
        PolicyGuard(self.shared.current.load())
    }

    /// The policy for one request, as the adapters read it: from this thread's cache, checked
    /// with one relaxed load. A layer nested in another with the same policy on the same thread
    /// (the cache is in use) loads it through `arc-swap` instead.
    #[cfg(any(feature = "tower", feature = "actix"))]
    #[inline]
    pub(crate) fn serving(&self) -> Serving<'_> {
        let shared = &*self.shared;
        let cell = shared
            .caches
            .get_or(|| RefCell::new(Cache::new(shared.current.clone())));
        Serving(match cell.try_borrow_mut() {
            Ok(cache) => ServingRepr::Cached(cache),
            Err(_) => ServingRepr::Loaded(shared.current.load()),
        })
    }
}

/// The policy one request is decided with ([`SharedPolicy::serving`]). Public only in name:
/// the adapters' traits mention it.
#[cfg(any(feature = "tower", feature = "actix"))]
#[doc(hidden)]
pub struct Serving<'a>(ServingRepr<'a>);

#[cfg(any(feature = "tower", feature = "actix"))]
enum ServingRepr<'a> {
    Cached(RefMut<'a, PolicyCache>),
    Loaded(arc_swap::Guard<Arc<Loaded>>),
}

#[cfg(any(feature = "tower", feature = "actix"))]
impl Serving<'_> {
    /// The policy and what the adapters prepared for it.
    #[inline(always)]
    pub(crate) fn loaded(&mut self) -> &Loaded {
        match &mut self.0 {
            ServingRepr::Cached(cache) => cache.load(),
            ServingRepr::Loaded(guard) => guard,
        }
    }
}

impl fmt::Debug for SharedPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SharedPolicy").field(&*self.load()).finish()
    }
}

/// The policy a [`SharedPolicy`] served when it was loaded: what one request is decided with.
pub struct PolicyGuard(arc_swap::Guard<Arc<Loaded>>);

impl Deref for PolicyGuard {
    type Target = OwnedPolicy;
    fn deref(&self) -> &OwnedPolicy {
        self.0.policy()
    }
}

impl checked_cors_runtime::AsPolicy for PolicyGuard {
    type Storage = checked_cors_runtime::Owned;
    #[inline(always)]
    fn as_policy(&self) -> &OwnedPolicy {
        self
    }
}

impl fmt::Debug for PolicyGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
