//! [`SqlStore`]: the store over one connection pool, generic over the backend. Every
//! port is implemented once for it (in `crate::repo`); `SqliteStore` and `PgStore`
//! are its two instances.

use std::fmt;

use rentmark_domain::ports::RepoResult;

use crate::pool::{ConnPool, PoolConn, Tx, acquire};
use crate::sql::{Backend, Conn, args};

/// The store over a pool of `B` connections.
pub struct SqlStore<B: Backend> {
    pool: ConnPool<B>,
}

impl<B: Backend> Clone for SqlStore<B> {
    fn clone(&self) -> Self {
        Self {
            pool: self.pool.clone(),
        }
    }
}

impl<B: Backend> fmt::Debug for SqlStore<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqlStore")
            .field("backend", &std::any::type_name::<B>())
            .field("connections", &self.pool.status().size)
            .finish()
    }
}

impl<B: Backend> SqlStore<B> {
    /// A store over a pool of connections to an already migrated database.
    pub(crate) fn from_pool(pool: ConnPool<B>) -> Self {
        Self { pool }
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
    }

    /// Begins a write transaction.
    pub(crate) async fn write(&self) -> RepoResult<Tx<B>> {
        Tx::begin(self.read().await?, B::BEGIN_WRITE).await
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
