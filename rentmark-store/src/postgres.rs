//! The PostgreSQL backend: rows that a transaction reads before it writes are locked
//! with `for update`, and job claims skip rows another worker holds
//! (`for update skip locked`), so many workers on many machines share one database.

use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::{PgConnection, Postgres};

use crate::error::StoreError;
use crate::pool::{acquire, pool};
use crate::sql::{Backend, impl_conn};
use crate::store::SqlStore;

impl_conn!(Postgres, PgConnection);

impl Backend for Postgres {
    const LOCK: &'static str = " for update";
    const LOCK_SKIP_LOCKED: &'static str = " for update skip locked";
    const BEGIN_WRITE: &'static str = "begin";
    const ONE_WRITER: bool = false;
    const AFTER_BULK_LOAD: &'static str = "vacuum analyze";
    const BEGIN_SNAPSHOT: &'static str = "begin isolation level repeatable read read only";
}

/// How many connections the pool opens at most.
const POOL_SIZE: usize = 10;

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
        let pool = pool::<Postgres>(options, POOL_SIZE).map_err(StoreError::Pool)?;
        let mut conn = acquire(&pool).await.map_err(StoreError::Connect)?;
        sqlx::migrate!("../migrations/postgres")
            .run_direct(None, conn.raw(), false)
            .await
            .map_err(StoreError::Migrate)?;
        drop(conn);
        let store = Self::from_pool(pool);
        store.fill_summaries().await.map_err(StoreError::Connect)?;
        Ok(store)
    }
}
