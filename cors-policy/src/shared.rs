//! A run-time policy shared by every request and replaced while serving: reloads build first
//! and swap atomically, so a request sees either the old policy or the new one, whole.

#[cfg(any(feature = "tower", feature = "actix"))]
use std::cell::{Cell, UnsafeCell};
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
/// The adapters read it through a per-thread cache of the current policy, checked with one
/// relaxed load. A layer nested in another with the same policy, and every request on a thread
/// where an inner service's `call` once panicked while a request held the cache, read it through
/// `arc-swap` instead: about 130 instructions more, and the same answers.
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
    ///
    /// Boxed: `ThreadLocal::get_or` hands out its first reference to an entry from a `&mut`,
    /// which a later access through another reference would invalidate (Miri, tree borrows);
    /// references into the box are plain shared borrows of it.
    #[cfg(any(feature = "tower", feature = "actix"))]
    caches: ThreadLocal<Box<Slot>>,
}

#[cfg(any(feature = "tower", feature = "actix"))]
type PolicyCache = Cache<Arc<ArcSwap<Loaded>>, Arc<Loaded>>;

/// One thread's cache, and whether a request on this thread holds the policy it cached.
#[cfg(any(feature = "tower", feature = "actix"))]
struct Slot {
    /// While set, the cached policy is in use and must not be replaced: a nested layer with the
    /// same policy loads through `arc-swap` instead.
    in_use: Cell<bool>,
    /// Touched only by this thread, and only while `in_use` was clear until it set it.
    cache: UnsafeCell<PolicyCache>,
}

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
        Serving(match self.pin() {
            Ok(pinned) => ServingRepr::Pinned(pinned),
            Err(guard) => ServingRepr::Loaded(guard),
        })
    }

    /// This thread's cached policy, marked in use until [`Pinned::release`]; or, when it is in
    /// use already (a nested layer), the policy loaded through `arc-swap`.
    ///
    /// `Pinned` has no `Drop`, so that an adapter can hold it across a call of the inner
    /// service with nothing to drop (the compiler then builds the response future in place).
    /// If that call unwinds, the mark stays: this thread's later requests load through
    /// `arc-swap` (slower, as correct) and its cache keeps one policy alive.
    #[cfg(any(feature = "tower", feature = "actix"))]
    #[inline(always)]
    pub(crate) fn pin(&self) -> Result<Pinned<'_>, arc_swap::Guard<Arc<Loaded>>> {
        let shared = &*self.shared;
        let slot: &Slot = shared.caches.get_or(|| {
            Box::new(Slot {
                in_use: Cell::new(false),
                cache: UnsafeCell::new(Cache::new(shared.current.clone())),
            })
        });
        if slot.in_use.replace(true) {
            return Err(shared.current.load());
        }
        // SAFETY: `in_use` was clear and is now set, so nothing else touches this thread's
        // cache until `release` (the `&mut` is the only reference to it); the policy it
        // returns is kept alive by the cache's `Arc`, which nothing replaces until then, and
        // the cache lives as long as `self`.
        let loaded = unsafe { &*(&**(*slot.cache.get()).load() as *const Loaded) };
        Ok(Pinned { slot, loaded })
    }
}

/// A thread's cached policy, held by one request until [`Pinned::release`]
/// ([`SharedPolicy::pin`]).
#[cfg(any(feature = "tower", feature = "actix"))]
pub(crate) struct Pinned<'a> {
    slot: &'a Slot,
    loaded: &'a Loaded,
}

#[cfg(any(feature = "tower", feature = "actix"))]
impl Pinned<'_> {
    /// Clears this thread's mark: the next request may use the cache again.
    #[inline(always)]
    fn unmark(&self) {
        self.slot.in_use.set(false);
    }
}

/// Only the tower adapter holds a policy this way; actix-web's reads it through [`Serving`].
#[cfg(feature = "tower")]
impl Pinned<'_> {
    /// The policy, borrowed from this hold: valid until [`release`](Pinned::release).
    #[inline(always)]
    pub(crate) fn loaded(&self) -> &Loaded {
        self.loaded
    }

    /// Lets the next request on this thread use the cache again.
    #[inline(always)]
    pub(crate) fn release(self) {
        self.unmark();
    }
}

/// The policy one request is decided with ([`SharedPolicy::serving`]), released when dropped.
/// Public only in name: the actix-web adapter's trait mentions it.
#[cfg(any(feature = "tower", feature = "actix"))]
#[doc(hidden)]
pub struct Serving<'a>(ServingRepr<'a>);

#[cfg(any(feature = "tower", feature = "actix"))]
enum ServingRepr<'a> {
    Pinned(Pinned<'a>),
    Loaded(arc_swap::Guard<Arc<Loaded>>),
}

#[cfg(any(feature = "tower", feature = "actix"))]
impl Drop for ServingRepr<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        if let ServingRepr::Pinned(pinned) = self {
            pinned.unmark();
        }
    }
}

#[cfg(any(feature = "tower", feature = "actix"))]
impl Serving<'_> {
    /// The policy and what the adapters prepared for it.
    #[inline(always)]
    pub(crate) fn loaded(&mut self) -> &Loaded {
        match &self.0 {
            ServingRepr::Pinned(pinned) => pinned.loaded,
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

#[cfg(all(test, feature = "tower"))]
mod tests {
    use super::*;

    fn policy(origin: &str) -> OwnedPolicy {
        PolicyConfig {
            allow_origins: Some([origin].into_iter().collect()),
            ..PolicyConfig::default()
        }
        .build()
        .unwrap()
    }

    /// A pinned policy stays the one it was while another is stored, and a second pin on the
    /// same thread (a nested layer) loads through `arc-swap` until the first is released.
    /// (Run under Miri too: the pinned reference must outlive the store.)
    #[test]
    fn a_pinned_policy_outlives_a_store_and_a_nested_pin_loads_the_current_one() {
        let shared = SharedPolicy::new(policy("https://a.example"));
        let pinned = shared.pin().ok().expect("the cache is free");
        shared.store(policy("https://b.example"));
        let nested = shared.pin().err().expect("the cache is in use");
        assert!(nested.policy().allows_origin(b"https://b.example"));
        drop(nested);
        // The pinned policy is still `a.example`'s, whole.
        assert!(pinned.loaded().policy().allows_origin(b"https://a.example"));
        assert!(!pinned.loaded().policy().allows_origin(b"https://b.example"));
        pinned.release();
        let next = shared.pin().ok().expect("released");
        assert!(next.loaded().policy().allows_origin(b"https://b.example"));
        next.release();
        // `serving` releases when dropped.
        drop(shared.serving());
        assert!(shared.pin().is_ok());
    }
}
