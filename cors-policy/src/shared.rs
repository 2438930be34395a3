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
    /// This policy's number, never reused, so that a thread can remember its slot
    /// ([`LAST_SLOT`]) without asking `caches`.
    #[cfg(any(feature = "tower", feature = "actix"))]
    id: u64,
}

#[cfg(any(feature = "tower", feature = "actix"))]
std::thread_local! {
    /// The slot a thread used last, and the number of the policy it belongs to: a request of the
    /// same policy (the common case, one policy per server) finds its slot in one thread-local read
    /// instead of `ThreadLocal`'s lookup by thread id (about 20 instructions, callgrind).
    ///
    /// The slot is valid while its policy lives, and a policy that matches the number lives: the
    /// caller holds it, and numbers are never reused.
    static LAST_SLOT: Cell<(u64, *const Slot)> = const { Cell::new((0, std::ptr::null())) };
}

/// The next policy's number: 0 is never given, so that an empty [`LAST_SLOT`] matches none.
#[cfg(any(feature = "tower", feature = "actix"))]
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

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
                #[cfg(any(feature = "tower", feature = "actix"))]
                id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
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
        let slot = shared.slot();
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

#[cfg(any(feature = "tower", feature = "actix"))]
impl Shared {
    /// This thread's slot.
    #[inline(always)]
    fn slot(&self) -> &Slot {
        let (id, last) = LAST_SLOT.get();
        if id == self.id {
            // SAFETY: `last` is this policy's slot on this thread (`LAST_SLOT` is thread-local
            // and numbers are never reused), boxed, and kept by `caches` until `self` drops.
            return unsafe { &*last };
        }
        self.slot_slow()
    }

    /// This thread's slot, from `caches` (made on the thread's first request), remembered.
    #[inline(never)]
    fn slot_slow(&self) -> &Slot {
        let slot: &Slot = self.caches.get_or(|| {
            Box::new(Slot {
                in_use: Cell::new(false),
                cache: UnsafeCell::new(Cache::new(self.current.clone())),
            })
        });
        LAST_SLOT.set((self.id, slot));
        slot
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

    /// The remembered slot (`LAST_SLOT`) is only ever the current policy's: two policies used in
    /// turn on one thread each get their own, and a policy made after another was dropped (most
    /// likely at the same address) never gets the dropped one's.
    #[test]
    fn each_policy_gets_its_own_slot_on_a_thread() {
        let a = SharedPolicy::new(policy("https://a.example"));
        let b = SharedPolicy::new(policy("https://b.example"));
        let allows = |pinned: &Pinned<'_>, origin: &str| {
            pinned.loaded().policy().allows_origin(origin.as_bytes())
        };
        for _ in 0..3 {
            // Nested, yet different policies: both take their own cache.
            let pinned_a = a.pin().ok().expect("a's slot is free");
            let pinned_b = b.pin().ok().expect("b's slot is free");
            assert!(
                allows(&pinned_a, "https://a.example") && !allows(&pinned_a, "https://b.example")
            );
            assert!(
                allows(&pinned_b, "https://b.example") && !allows(&pinned_b, "https://a.example")
            );
            assert!(a.pin().is_err(), "a's slot is in use");
            pinned_b.release();
            pinned_a.release();
        }
        drop(a);
        for origin in ["https://c.example", "https://d.example"] {
            let next = SharedPolicy::new(policy(origin));
            let pinned = next.pin().ok().expect("a new policy's slot is free");
            assert!(allows(&pinned, origin), "{origin}: another policy's slot");
            pinned.release();
        }
        drop(b);
    }
}
