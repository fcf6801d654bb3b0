//! [`SqlStore`]: the store over one connection pool, generic over the backend. Every
//! port is implemented once for it (in `crate::repo`); `SqliteStore` and `PgStore`
//! are its two instances.

use std::fmt;

use rentmark_domain::ports::RepoResult;
use sqlx::pool::PoolConnection;
use sqlx::{Pool, Transaction};

use crate::sql::{Backend, Conn, args};

/// The store over a pool of `B` connections.
pub struct SqlStore<B: Backend> {
    pool: Pool<B>,
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
            .field("connections", &self.pool.size())
            .finish()
    }
}

impl<B: Backend> SqlStore<B> {
    /// A store over an already migrated pool.
    pub fn from_pool(pool: Pool<B>) -> Self {
        Self { pool }
    }

    /// The pool (for embedders that add their own tables).
    pub fn pool(&self) -> &Pool<B> {
        &self.pool
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

    /// Closes the pool, waiting for connections in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Begins a write transaction.
    pub(crate) async fn write(&self) -> RepoResult<Transaction<'static, B>> {
        B::begin_write(&self.pool).await
    }

    /// A read-only transaction over one snapshot.
    pub(crate) async fn snapshot(&self) -> RepoResult<Transaction<'static, B>> {
        B::begin_snapshot(&self.pool).await
    }

    /// A connection for reads.
    pub(crate) async fn read(&self) -> RepoResult<PoolConnection<B>> {
        B::acquire(&self.pool).await
    }
}
