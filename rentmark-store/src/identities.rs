//! Who a user is (the user and their memberships), kept a moment in memory: every
//! authenticated request reads it, and it changes seldom.
//!
//! An entry lives at most the cache's time to live (a bounded staleness for other
//! instances: a change made through another process is seen here within it). A change
//! made through this store is seen at once: every write to users, memberships or
//! organizations bumps the generation after it commits, and an entry read under an
//! older generation is never served. A reader that read before the bump and stores
//! after it therefore stores an entry nobody will take.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use quick_cache::sync::Cache;
use rentmark_domain::ids::UserId;
use rentmark_domain::org::Membership;
use rentmark_domain::user::User;

/// How long an identity is kept by default.
pub const DEFAULT_IDENTITY_TTL: Duration = Duration::from_secs(2);

/// How many users' identities are kept at most.
const CAPACITY: usize = 10_000;

/// A user and their memberships, as read together.
pub(crate) type Identity = Arc<(User, Vec<Membership>)>;

#[derive(Clone)]
struct Entry {
    identity: Identity,
    read_at: Instant,
    generation: u64,
}

/// The identity cache of one store (shared by its clones).
pub(crate) struct Identities {
    /// `None` when the time to live is zero: nothing is kept.
    cache: Option<Cache<UserId, Entry>>,
    ttl: Duration,
    generation: AtomicU64,
}

impl Identities {
    /// A cache keeping identities `ttl` (zero: none kept).
    pub(crate) fn new(ttl: Duration) -> Self {
        Self {
            cache: (!ttl.is_zero()).then(|| Cache::new(CAPACITY)),
            ttl,
            generation: AtomicU64::new(0),
        }
    }

    /// The time to live of its entries.
    pub(crate) fn ttl(&self) -> Duration {
        self.ttl
    }

    /// The generation to stamp a read that is about to start with.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The identity of `user` when it was read under the current generation, less
    /// than the time to live ago.
    pub(crate) fn get(&self, user: UserId) -> Option<Identity> {
        let cache = self.cache.as_ref()?;
        let entry = cache.get(&user)?;
        if entry.generation == self.generation() && entry.read_at.elapsed() < self.ttl {
            Some(entry.identity)
        } else {
            cache.remove(&user);
            None
        }
    }

    /// Keeps `identity`, read from the database under `generation` (taken before
    /// the read started).
    pub(crate) fn put(&self, generation: u64, identity: Identity) {
        if let Some(cache) = &self.cache {
            let user = identity.0.id;
            cache.insert(
                user,
                Entry {
                    identity,
                    read_at: Instant::now(),
                    generation,
                },
            );
        }
    }

    /// Forgets every identity: called after a write to users, memberships or
    /// organizations has committed (or failed: forgetting is always safe).
    pub(crate) fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Some(cache) = &self.cache {
            cache.clear();
        }
    }
}
