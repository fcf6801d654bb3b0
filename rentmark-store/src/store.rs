//! [`SqlStore`]: the store over one connection pool, generic over the backend. Every
//! port is implemented once for it (in `crate::repo`); `SqliteStore` and `PgStore`
//! are its two instances.

use std::fmt;

use std::sync::Arc;
use std::time::Duration;

use rentmark_domain::ports::{RepoError, RepoResult};
use tokio::sync::Semaphore;

use crate::checkpoint::Checkpointer;
use crate::identities::{DEFAULT_IDENTITY_TTL, Identities};
use crate::pool::{ConnPool, PoolConn, Tx, acquire};
use crate::sql::{Backend, Conn, args};

/// The store over a pool of `B` connections.
pub struct SqlStore<B: Backend> {
    pool: ConnPool<B>,
    /// The write transactions' own connection, when the backend has one writer at a
    /// time and it is opened apart (SQLite: with a larger page cache); otherwise
    /// writes take a connection of `pool`.
    writer: Option<ConnPool<B>>,
    /// The writers' queue of a backend with one writer at a time (SQLite).
    writers: Arc<Semaphore>,
    /// Who the users are, kept a moment (see `crate::identities`).
    pub(crate) identities: Arc<Identities>,
    /// The SQLite file's background checkpointer (see `crate::checkpoint`).
    checkpointer: Option<Arc<Checkpointer>>,
}

impl<B: Backend> Clone for SqlStore<B> {
    fn clone(&self) -> Self {
        Self {
            pool: self.pool.clone(),
            writer: self.writer.clone(),
            writers: Arc::clone(&self.writers),
            identities: Arc::clone(&self.identities),
            checkpointer: self.checkpointer.clone(),
        }
    }
}

impl<B: Backend> fmt::Debug for SqlStore<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqlStore")
            .field("backend", &std::any::type_name::<B>())
            .field("connections", &self.pool.status().size)
            .field("identity_ttl", &self.identities.ttl())
            .finish()
    }
}

impl<B: Backend> SqlStore<B> {
    /// A store over a pool of connections to an already migrated database, writing
    /// through `writer` when given.
    pub(crate) fn from_pools(pool: ConnPool<B>, writer: Option<ConnPool<B>>) -> Self {
        Self {
            pool,
            writer,
            writers: Arc::new(Semaphore::new(1)),
            identities: Arc::new(Identities::new(DEFAULT_IDENTITY_TTL)),
            checkpointer: None,
        }
    }

    /// Its background checkpointer, if it has one.
    #[cfg(test)]
    pub(crate) fn checkpointer(&self) -> Option<Arc<Checkpointer>> {
        self.checkpointer.clone()
    }

    /// The same store, keeping `checkpointer` running as long as a clone of it lives.
    pub(crate) fn with_checkpointer(mut self, checkpointer: Arc<Checkpointer>) -> Self {
        self.checkpointer = Some(checkpointer);
        self
    }

    /// The same store (same pool, same writers' queue) with an identity cache of its
    /// own keeping a user and their memberships `ttl` ([`Duration::ZERO`]: not at
    /// all). Changes made through the returned store are seen by it at once; changes
    /// made elsewhere (another process) within `ttl`.
    #[must_use]
    pub fn with_identity_ttl(&self, ttl: Duration) -> Self {
        Self {
            pool: self.pool.clone(),
            writer: self.writer.clone(),
            writers: Arc::clone(&self.writers),
            identities: Arc::new(Identities::new(ttl)),
            checkpointer: self.checkpointer.clone(),
        }
    }

    /// Checks that the database answers (the health check).
    ///
    /// # Errors
    /// `Unavailable` when it does not.
    pub async fn ping(&self) -> RepoResult<()> {
        let mut conn = self.read().await?;
        conn.one::<(i64,)>("select cast(1 as bigint)", args![])
            .await
            .map(|_| ())
    }

    /// Closes the pool: idle connections are closed now, those in use when they are
    /// returned; nothing can be taken from it any more.
    pub async fn close(&self) {
        self.pool.close();
        if let Some(writer) = &self.writer {
            writer.close();
        }
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.stop();
        }
    }

    /// Begins a write transaction; on a backend with one writer at a time, after the
    /// writers before it in this process are done (the turn is held until the
    /// transaction ends).
    pub(crate) async fn write(&self) -> RepoResult<Tx<B>> {
        let turn = if B::ONE_WRITER {
            Some(
                Arc::clone(&self.writers)
                    .acquire_owned()
                    .await
                    .map_err(|e| RepoError::Unavailable(Box::new(e)))?,
            )
        } else {
            None
        };
        let conn = match &self.writer {
            Some(writer) => acquire(writer).await?,
            None => self.read().await?,
        };
        let mut tx = Tx::begin(conn, B::BEGIN_WRITE).await?;
        tx.hold(turn);
        Ok(tx)
    }

    /// A read-only transaction over one snapshot.
    pub(crate) async fn snapshot(&self) -> RepoResult<Tx<B>> {
        Tx::begin(self.read().await?, B::BEGIN_SNAPSHOT).await
    }

    /// A connection for reads.
    pub(crate) async fn read(&self) -> RepoResult<PoolConn<B>> {
        acquire(&self.pool).await
    }
}
