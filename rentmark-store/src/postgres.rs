//! The PostgreSQL backend: rows that a transaction reads before it writes are locked
//! with `for update`, and job claims skip rows another worker holds
//! (`for update skip locked`), so many workers on many machines share one database.

use std::str::FromStr;

use rentmark_domain::ports::RepoResult;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgConnection, Pool, Postgres, Transaction};

use crate::error::{StoreError, db_error};
use crate::sql::{Backend, impl_conn};
use crate::store::SqlStore;

impl_conn!(Postgres, PgConnection);

impl Backend for Postgres {
    const LOCK: &'static str = " for update";
    const LOCK_SKIP_LOCKED: &'static str = " for update skip locked";

    async fn begin_write(pool: &Pool<Self>) -> RepoResult<Transaction<'static, Self>> {
        pool.begin().await.map_err(db_error)
    }

    async fn begin_snapshot(pool: &Pool<Self>) -> RepoResult<Transaction<'static, Self>> {
        pool.begin_with("begin isolation level repeatable read read only")
            .await
            .map_err(db_error)
    }

    async fn acquire(pool: &Pool<Self>) -> RepoResult<PoolConnection<Self>> {
        pool.acquire().await.map_err(db_error)
    }

    async fn commit(tx: Transaction<'static, Self>) -> RepoResult<()> {
        tx.commit().await.map_err(db_error)
    }
}

/// The store on a PostgreSQL database.
pub type PgStore = SqlStore<Postgres>;

impl SqlStore<Postgres> {
    /// Connects to the PostgreSQL database at `url` (`postgres://user@host/db`) and
    /// applies the migrations.
    ///
    /// # Errors
    /// [`StoreError`] when the URL is invalid, the server cannot be reached or a
    /// migration fails.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url).map_err(StoreError::InvalidUrl)?;
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .connect_with(options)
            .await
            .map_err(StoreError::Connect)?;
        sqlx::migrate!("../migrations/postgres")
            .run(&pool)
            .await
            .map_err(StoreError::Migrate)?;
        Ok(Self::from_pool(pool))
    }
}
