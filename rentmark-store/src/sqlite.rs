//! The SQLite backend, the embedded default: one file, WAL journal (checkpointed in the
//! background, `crate::checkpoint`), a 5 s busy timeout, foreign keys on,
//! `synchronous = NORMAL`,
//! statement journals in memory, and every write transaction begun
//! with `BEGIN IMMEDIATE` so that concurrent writers queue on the busy timeout instead
//! of failing when a read lock cannot be upgraded.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{AssertSqlSafe, SqlSafeStr, SqlStr, Sqlite, SqliteConnection};

use rentmark_domain::ports::RepoError;

use crate::anonymous;
use crate::checkpoint::Checkpointer;
use crate::error::StoreError;
use crate::pool::{acquire, pool};
use crate::sql::{Args, Backend, impl_conn};
use crate::store::SqlStore;

impl_conn!(Sqlite, SqliteConnection);

impl Backend for Sqlite {
    const LOCK: &'static str = "";
    const LOCK_SKIP_LOCKED: &'static str = "";
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    const ONE_WRITER: bool = true;
    const AFTER_BULK_LOAD: &'static str = "analyze";
    // The checkpoint moves the load out of the write-ahead log into the database file
    // and empties the log: readers then find every page in the file, not through the
    // log's index (a bulk load leaves hundreds of megabytes there).
    const EMPTY_LOG: Option<&'static str> = Some("pragma wal_checkpoint(truncate)");
    // A deferred transaction reads one WAL snapshot from its first read on.
    const BEGIN_SNAPSHOT: &'static str = "BEGIN";
    const LIKE_ANY_CASE: &'static str = "like";
    const STATEMENT_IS_ROUND_TRIP: bool = false;

    fn statement(sql: SqlStr, args: Args) -> (SqlStr, Args) {
        if args.len() < anonymous::MIN_ARGS {
            return (sql, args);
        }
        match anonymous::anonymous(sql.as_str(), &args) {
            Some((text, ordered)) => (AssertSqlSafe(text).into_sql_str(), ordered),
            None => (sql, args),
        }
    }
}

/// The store on a SQLite file.
pub type SqliteStore = SqlStore<Sqlite>;

/// How many connections the readers' pool opens at most (writes have one more).
const POOL_SIZE: usize = 8;

/// How many rows a connection's thread may send ahead of the task reading them. Each
/// sqlx SQLite connection runs its statements on a thread of its own and sends the rows
/// one by one; once this many wait, the thread blocks until the task takes one, and
/// from then on every row costs two thread switches. sqlx's default, 50, is under the
/// largest page (100 rows): the dashboard page's property picker measured as a third
/// of that page's time in the switches.
const ROW_BUFFER: usize = 256;

/// The page cache of the writer's connection, in KiB (the readers keep SQLite's
/// default, 2 MB each).
const WRITER_CACHE_KIB: u32 = 16 * 1024;

/// How many pages the write-ahead log grows to before the writer that took it there
/// copies it into the database file itself (SQLite's default: 1,000). The background
/// checkpointer normally does it first, every 200 ms; this bounds the log (160 MB)
/// should it fall behind.
const WAL_AUTOCHECKPOINT_PAGES: u32 = 40_000;

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
            .foreign_keys(true)
            // A multi-row statement inside a transaction keeps a journal of the pages
            // it changes, to undo itself alone should it fail half-way; in memory
            // rather than in a temporary file (the charge job wrote 4 GB of them).
            .pragma("temp_store", "memory")
            // The background checkpointer copies the log into the database file; a
            // writer does it only past this bound.
            .pragma("wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES.to_string())
            .row_buffer_size(ROW_BUFFER);
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
        // An in-memory database lives as long as its one connection, which the pool
        // keeps (connections are only closed when they fail).
        let size = if in_memory { 1 } else { POOL_SIZE };
        // Writes get a connection of their own with a larger page cache: a charge
        // batch changes a few thousand pages, which the readers' default cache (2 MB
        // each) would spill into the log before the commit and read back. (An
        // in-memory database is one connection's: it writes through that one.)
        let writer = if in_memory {
            None
        } else {
            let options = options
                .clone()
                .pragma("cache_size", format!("-{WRITER_CACHE_KIB}"));
            Some(pool::<Sqlite>(options, 1).map_err(StoreError::Pool)?)
        };
        let options_for_checkpoints = options.clone();
        let pool = pool::<Sqlite>(options, size).map_err(StoreError::Pool)?;
        let mut conn = acquire(&pool).await.map_err(StoreError::Connect)?;
        sqlx::migrate!("../migrations/sqlite")
            .run_direct(None, conn.raw(), false)
            .await
            .map_err(StoreError::Migrate)?;
        drop(conn);
        let mut store = Self::from_pools(pool, writer);
        if !in_memory {
            let checkpointer = Checkpointer::start(&options_for_checkpoints)
                .await
                .map_err(|e| StoreError::Connect(RepoError::Unavailable(Box::new(e))))?;
            store = store.with_checkpointer(checkpointer);
        }
        store.fill_summaries().await.map_err(StoreError::Connect)?;
        Ok(store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::{Conn, args};

    /// `.cargo/config.toml` (`LIBSQLITE3_FLAGS`) reached the bundled SQLite's build: no
    /// STAT4 (which re-plans cached statements per bound value), the planner stability
    /// guarantee, no global memory statistics.
    #[tokio::test]
    async fn sqlite_is_built_without_replanning_or_shared_locks() {
        let store = SqliteStore::connect("sqlite::memory:")
            .await
            .expect("store");
        let mut conn = store.read().await.expect("connection");
        let options: Vec<String> = conn
            .all::<(String,)>(
                "select compile_options from pragma_compile_options",
                args![],
            )
            .await
            .expect("options")
            .into_iter()
            .map(|(option,)| option)
            .collect();
        assert!(options.iter().any(|o| o == "ENABLE_QPSG"), "{options:?}");
        assert!(
            options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
            "{options:?}"
        );
        assert!(
            !options.iter().any(|o| o.starts_with("ENABLE_STAT4")),
            "{options:?}"
        );
        // One page-cache pool per connection, not one for all behind one mutex.
        assert!(
            !options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"),
            "{options:?}"
        );
    }

    /// A store on a new file `name` in a temporary folder (kept while the folder is).
    async fn file_store(name: &str) -> (tempfile::TempDir, SqliteStore) {
        let folder = tempfile::tempdir().expect("folder");
        let file = folder.path().join(name);
        let store = SqliteStore::connect(&format!("sqlite://{}", file.display()))
            .await
            .expect("store");
        (folder, store)
    }

    #[tokio::test]
    async fn connections_journal_statements_in_memory_and_checkpoint_past_40_000_pages() {
        let (_folder, store) = file_store("pragmas.db").await;
        let mut conn = store.read().await.expect("connection");
        let (temp_store,) = conn
            .one::<(i64,)>("pragma temp_store", args![])
            .await
            .expect("temp_store");
        let (pages,) = conn
            .one::<(i64,)>("pragma wal_autocheckpoint", args![])
            .await
            .expect("wal_autocheckpoint");
        assert_eq!((temp_store, pages), (2, 40_000), "2: memory");
    }

    /// What a transaction commits reaches the database file without any writer
    /// checkpointing: 2,000 rows of 1 KB are about 500 pages, far under the writers'
    /// own threshold.
    #[tokio::test]
    async fn the_log_is_copied_into_the_database_file_in_the_background() {
        let (folder, store) = file_store("background.db").await;
        let file = folder.path().join("background.db");
        let size = || std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        let mut tx = store.write().await.expect("writer");
        tx.exec("create table filler (x blob not null)", args![])
            .await
            .expect("table");
        tx.exec(
            "with recursive n (i) as (select 1 union all select i + 1 from n where i < 2000) \
             insert into filler (x) select randomblob(1000) from n",
            args![],
        )
        .await
        .expect("rows");
        let before = size();
        Sqlite::commit(tx).await.expect("commit");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while size() < before + 2_000_000 {
            assert!(
                std::time::Instant::now() < deadline,
                "the file stayed at {} bytes (before the commit: {before})",
                size()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    #[tokio::test]
    async fn closing_the_store_stops_its_checkpointer() {
        let (folder, store) = file_store("closed.db").await;
        let file = folder.path().join("closed.db");
        let checkpointer = store.checkpointer().expect("a file store has one");
        store.close().await;
        // The abort takes effect at the task's next await.
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while !checkpointer.is_stopped() {
            assert!(std::time::Instant::now() < deadline, "still running");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert!(file.exists());
    }

    #[tokio::test]
    async fn writes_go_through_a_connection_with_a_larger_page_cache() {
        let (_folder, store) = file_store("writer.db").await;
        let cache = "select cast(cache_size as bigint) from pragma_cache_size";
        let mut tx = store.write().await.expect("writer");
        let (written,) = tx.one::<(i64,)>(cache, args![]).await.expect("writer's");
        drop(tx);
        let mut conn = store.read().await.expect("reader");
        let (read,) = conn.one::<(i64,)>(cache, args![]).await.expect("reader's");
        // Negative: KiB. SQLite's default is 2,000 KiB.
        assert_eq!((written, read), (-i64::from(WRITER_CACHE_KIB), -2000));
    }

    #[tokio::test]
    async fn after_a_bulk_load_the_write_ahead_log_is_empty() {
        let (folder, store) = file_store("bulk.db").await;
        let wal = folder.path().join("bulk.db-wal");
        let size = || std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        assert!(size() > 0, "the migrations were written to the log");
        store.analyze().await.expect("analyze");
        assert_eq!(size(), 0);
    }
}
