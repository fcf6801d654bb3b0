//! The connection pool of [`SqlStore`](crate::SqlStore): sqlx connections kept by
//! `deadpool`, and the transactions taken on them ([`Tx`]).
//!
//! Why not sqlx's own `Pool`: it pings every connection it hands back to the pool
//! (and, by default, every connection it hands out), one round trip to the database
//! (PostgreSQL) or to the connection's worker thread (SQLite) per acquisition, which
//! measured as much as the statement itself on the benchmark's one-statement reads.
//! Here a connection is only checked when there is a reason to: after a statement of
//! it failed for a reason other than the data (`Unavailable`), or when it has not been
//! used for [`IDLE_CHECK`]. A transaction dropped without a commit (an error, a
//! cancelled request) is rolled back at once by a spawned task, so that a SQLite
//! write lock is never left held by an idle connection; should that task not run, the
//! rollback happens before the connection is handed out again.

use std::ops::{Deref, DerefMut};
use std::time::Duration;

use deadpool::Runtime;
use deadpool::managed::{Manager, Metrics, Object, Pool, RecycleError, RecycleResult};
use rentmark_domain::ports::{RepoError, RepoResult};
use sqlx::{ConnectOptions, Connection, SqlSafeStr};
use tokio::sync::OwnedSemaphorePermit;

use crate::sql::{Args, Backend, Conn, ConnFuture, Record, args};

/// A connection not used for this long is pinged before it is handed out again.
pub(crate) const IDLE_CHECK: Duration = Duration::from_secs(30);

/// How long a caller waits for a free connection before `Unavailable`.
const WAIT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long opening a connection may take.
const CREATE_TIMEOUT: Duration = Duration::from_secs(10);

/// The options a backend's connections are opened with.
pub(crate) type Options<B> = <<B as sqlx::Database>::Connection as Connection>::Options;

/// A connection of the pool, with what the pool must know about it.
pub struct Pooled<B: Backend> {
    conn: B::Connection,
    /// A statement failed with `Unavailable`: ping before reuse.
    suspect: bool,
    /// A transaction may still be open on it: roll back before reuse.
    in_transaction: bool,
}

impl<B: Backend> Pooled<B> {
    /// Records the outcome of a statement.
    fn note<T>(suspect: &mut bool, result: &RepoResult<T>) {
        if matches!(result, Err(RepoError::Unavailable(_))) {
            *suspect = true;
        }
    }

    /// The sqlx connection (for the migrations).
    pub(crate) fn raw(&mut self) -> &mut B::Connection {
        &mut self.conn
    }
}

impl<B: Backend> Conn for Pooled<B> {
    const LOCK: &'static str = B::LOCK;
    const STATEMENT_IS_ROUND_TRIP: bool = B::STATEMENT_IS_ROUND_TRIP;

    fn exec(&mut self, sql: impl SqlSafeStr, args: Args) -> ConnFuture<'_, u64> {
        let Self { conn, suspect, .. } = self;
        let run = conn.exec(sql, args);
        Box::pin(async move {
            let result = run.await;
            Self::note(suspect, &result);
            result
        })
    }

    fn all<T: Record>(&mut self, sql: impl SqlSafeStr, args: Args) -> ConnFuture<'_, Vec<T>> {
        let Self { conn, suspect, .. } = self;
        let run = conn.all::<T>(sql, args);
        Box::pin(async move {
            let result = run.await;
            Self::note(suspect, &result);
            result
        })
    }

    fn opt<T: Record>(&mut self, sql: impl SqlSafeStr, args: Args) -> ConnFuture<'_, Option<T>> {
        let Self { conn, suspect, .. } = self;
        let run = conn.opt::<T>(sql, args);
        Box::pin(async move {
            let result = run.await;
            Self::note(suspect, &result);
            result
        })
    }
}

/// Opens and recycles the connections of one database.
pub struct Connector<B: Backend> {
    options: Options<B>,
}

impl<B: Backend> Manager for Connector<B> {
    type Type = Pooled<B>;
    type Error = sqlx::Error;

    async fn create(&self) -> Result<Pooled<B>, sqlx::Error> {
        let conn = self.options.connect().await?;
        Ok(Pooled {
            conn,
            suspect: false,
            in_transaction: false,
        })
    }

    async fn recycle(&self, obj: &mut Pooled<B>, metrics: &Metrics) -> RecycleResult<sqlx::Error> {
        if obj.in_transaction {
            obj.conn
                .exec("rollback", args![])
                .await
                .map_err(|_| RecycleError::message("rollback failed"))?;
            obj.in_transaction = false;
        }
        if obj.suspect || metrics.last_used() > IDLE_CHECK {
            obj.conn.ping().await.map_err(RecycleError::Backend)?;
            obj.suspect = false;
        }
        Ok(())
    }
}

/// The pool of a store.
pub(crate) type ConnPool<B> = Pool<Connector<B>>;

/// A connection taken from the pool; back to it when dropped.
pub(crate) type PoolConn<B> = Object<Connector<B>>;

/// A pool of at most `size` connections opened with `options`.
pub(crate) fn pool<B: Backend>(options: Options<B>, size: usize) -> Result<ConnPool<B>, String> {
    Pool::builder(Connector { options })
        .max_size(size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(WAIT_TIMEOUT))
        .create_timeout(Some(CREATE_TIMEOUT))
        .recycle_timeout(Some(CREATE_TIMEOUT))
        .build()
        .map_err(|e| e.to_string())
}

/// A connection of `pool`.
///
/// # Errors
/// `Unavailable` when none is free within the wait timeout or a new one cannot be
/// opened.
pub(crate) async fn acquire<B: Backend>(pool: &ConnPool<B>) -> RepoResult<PoolConn<B>> {
    pool.get()
        .await
        .map_err(|e| RepoError::Unavailable(e.to_string().into()))
}

/// A transaction on a pooled connection: committed by [`Tx::commit`], rolled back when
/// dropped without it. Statements run on it through [`Conn`] (it dereferences to the
/// connection).
pub struct Tx<B: Backend> {
    conn: Option<PoolConn<B>>,
    /// The writer's turn (see `SqlStore::write`), released when the transaction ends.
    turn: Option<OwnedSemaphorePermit>,
}

impl<B: Backend> Tx<B> {
    /// Begins a transaction with `begin` (`BEGIN IMMEDIATE`, `begin isolation ..`).
    pub(crate) async fn begin(mut conn: PoolConn<B>, begin: &'static str) -> RepoResult<Self> {
        // Set first: should BEGIN fail half-way, the connection is rolled back (or
        // dropped) before its next use.
        conn.in_transaction = true;
        conn.exec(begin, args![]).await?;
        Ok(Self {
            conn: Some(conn),
            turn: None,
        })
    }

    /// Keeps `turn` until the transaction ends.
    pub(crate) fn hold(&mut self, turn: Option<OwnedSemaphorePermit>) {
        self.turn = turn;
    }

    /// Commits.
    ///
    /// # Errors
    /// What the database says (a serialization failure, a deferred constraint).
    pub(crate) async fn commit(mut self) -> RepoResult<()> {
        let Some(mut conn) = self.conn.take() else {
            unreachable!("a Tx holds its connection until commit or drop")
        };
        conn.exec("commit", args![]).await?;
        conn.in_transaction = false;
        drop(self.turn.take());
        Ok(())
    }
}

impl<B: Backend> Deref for Tx<B> {
    type Target = Pooled<B>;

    fn deref(&self) -> &Pooled<B> {
        match &self.conn {
            Some(conn) => conn,
            None => unreachable!("a Tx holds its connection until commit or drop"),
        }
    }
}

impl<B: Backend> DerefMut for Tx<B> {
    fn deref_mut(&mut self) -> &mut Pooled<B> {
        match &mut self.conn {
            Some(conn) => conn,
            None => unreachable!("a Tx holds its connection until commit or drop"),
        }
    }
}

impl<B: Backend> Drop for Tx<B> {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        let turn = self.turn.take();
        // Roll back now rather than when the connection is next taken: on SQLite an
        // open write transaction blocks every other writer. The writer's turn passes
        // on once the rollback is done.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if conn.exec("rollback", args![]).await.is_ok() {
                    conn.in_transaction = false;
                }
                drop(conn);
                drop(turn);
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::sql::{Conn, args};
    use crate::sqlite::SqliteStore;

    /// A compile-time check: opening a store is a `Send` future (the server spawns
    /// it); sqlx's `Migrator::run` over a borrowed connection is not provably so.
    #[test]
    fn opening_a_store_is_a_send_future() {
        fn is_send<T: Send>(_: T) {}
        is_send(crate::connect("sqlite::memory:"));
    }

    async fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}", dir.path().join("pool.db").display());
        let store = SqliteStore::connect(&url).await.expect("store");
        let mut conn = store.read().await.expect("connection");
        conn.exec("create table scratch (x integer not null)", args![])
            .await
            .expect("table");
        (dir, store)
    }

    async fn count(store: &SqliteStore) -> i64 {
        let mut conn = store.read().await.expect("connection");
        conn.one::<(i64,)>("select count(*) from scratch", args![])
            .await
            .expect("count")
            .0
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_dropped_write_transaction_is_rolled_back_and_frees_the_writer_lock() {
        let (_dir, store) = store().await;
        let mut tx = store.write().await.expect("first writer");
        tx.exec("insert into scratch (x) values (1)", args![])
            .await
            .expect("insert");
        drop(tx);
        // Were the transaction left open on its idle connection, this writer (on
        // another connection) would fail with SQLITE_BUSY after the busy timeout.
        let mut tx = store.write().await.expect("second writer");
        tx.exec("insert into scratch (x) values (2)", args![])
            .await
            .expect("insert");
        crate::pool::Tx::commit(tx).await.expect("commit");
        assert_eq!(count(&store).await, 1, "only the committed row is there");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_writers_take_turns_and_a_dropped_transaction_passes_its_turn_on() {
        let (_dir, store) = store().await;
        // A writer that gives up: its turn must pass on once it is rolled back.
        drop(store.write().await.expect("first writer"));
        let writers: Vec<_> = (0_i64..8)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut tx = store.write().await?;
                    tx.exec("insert into scratch (x) values ($1)", args![i])
                        .await?;
                    crate::pool::Tx::commit(tx).await
                })
            })
            .collect();
        // A turn never given back would hang the writers: fail instead.
        let done = tokio::time::timeout(std::time::Duration::from_secs(60), async {
            for writer in writers {
                writer.await.expect("writer task").expect("writer commits");
            }
        })
        .await;
        assert!(done.is_ok(), "a writer's turn was never given back");
        assert_eq!(count(&store).await, 8, "every writer committed, none lost");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_connection_left_in_a_transaction_is_rolled_back_before_reuse() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}", dir.path().join("one.db").display());
        let options: sqlx::sqlite::SqliteConnectOptions = url.parse().expect("url");
        let pool = super::pool::<sqlx::Sqlite>(options.create_if_missing(true), 1).expect("pool");
        let mut conn = super::acquire(&pool).await.expect("connection");
        conn.exec("create table scratch (x integer not null)", args![])
            .await
            .expect("table");
        // A transaction begun and abandoned without its Tx (as if the rollback task
        // never ran): the pool must not hand the connection out mid-transaction.
        conn.in_transaction = true;
        conn.exec("begin", args![]).await.expect("begin");
        conn.exec("insert into scratch (x) values (1)", args![])
            .await
            .expect("insert");
        drop(conn);
        let mut conn = super::acquire(&pool).await.expect("the same connection");
        assert!(!conn.in_transaction);
        let (rows,) = conn
            .one::<(i64,)>("select count(*) from scratch", args![])
            .await
            .expect("count");
        assert_eq!(rows, 0, "the abandoned insert was rolled back");
        // And a new transaction can begin on it (no "transaction within a transaction").
        let tx = super::Tx::begin(conn, "BEGIN IMMEDIATE")
            .await
            .expect("begin");
        tx.commit().await.expect("commit");
    }
}
