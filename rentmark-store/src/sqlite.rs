//! The SQLite backend, the embedded default: one file, WAL journal, a 5 s busy
//! timeout, foreign keys on, `synchronous = NORMAL`, and every write transaction begun
//! with `BEGIN IMMEDIATE` so that concurrent writers queue on the busy timeout instead
//! of failing when a read lock cannot be upgraded.

use std::str::FromStr;
use std::time::Duration;

use rentmark_domain::ports::RepoResult;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Sqlite, SqliteConnection, Transaction};

use crate::error::{StoreError, db_error};
use crate::sql::{Backend, impl_conn};
use crate::store::SqlStore;

impl_conn!(Sqlite, SqliteConnection);

impl Backend for Sqlite {
    const LOCK: &'static str = "";
    const LOCK_SKIP_LOCKED: &'static str = "";

    async fn begin_write(pool: &Pool<Self>) -> RepoResult<Transaction<'static, Self>> {
        pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)
    }

    async fn begin_snapshot(pool: &Pool<Self>) -> RepoResult<Transaction<'static, Self>> {
        // A deferred transaction reads one WAL snapshot from its first read on.
        pool.begin().await.map_err(db_error)
    }

    async fn acquire(pool: &Pool<Self>) -> RepoResult<PoolConnection<Self>> {
        pool.acquire().await.map_err(db_error)
    }

    async fn commit(tx: Transaction<'static, Self>) -> RepoResult<()> {
        tx.commit().await.map_err(db_error)
    }
}

/// The store on a SQLite file.
pub type SqliteStore = SqlStore<Sqlite>;

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl SqlStore<Sqlite> {
    /// Opens (creating it and its folder if missing) the SQLite database at `url`
    /// (`sqlite://path/to/file.db`, or `sqlite::memory:` for a private in-memory
    /// database) and applies the migrations.
    ///
    /// # Errors
    /// [`StoreError`] when the URL is invalid, the folder cannot be created, the
    /// file cannot be opened or a migration fails.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(StoreError::InvalidUrl)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        if !in_memory
            && let Some(folder) = options.get_filename().parent()
            && !folder.as_os_str().is_empty()
        {
            tokio::fs::create_dir_all(folder)
                .await
                .map_err(|source| StoreError::CreateFolder {
                    path: folder.display().to_string(),
                    source,
                })?;
        }
        let pool_options = if in_memory {
            // An in-memory database lives as long as its one connection.
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            SqlitePoolOptions::new().max_connections(8)
        };
        let pool = pool_options
            .connect_with(options)
            .await
            .map_err(StoreError::Connect)?;
        sqlx::migrate!("../migrations/sqlite")
            .run(&pool)
            .await
            .map_err(StoreError::Migrate)?;
        Ok(Self::from_pool(pool))
    }
}
