//! The background checkpointer of a SQLite file: a task of its own copies the
//! write-ahead log into the database file a few times a second, so that writers do
//! not.
//!
//! SQLite's automatic checkpoint runs inside the commit that takes the log over its
//! threshold: that writer copies up to the whole log into the file and waits for its
//! `fsync` before its commit returns, while it still holds the store's writer turn. A
//! `PASSIVE` checkpoint on a connection of its own copies what no reader still needs
//! and never takes the write lock, so it runs beside the writer (on another core)
//! instead of in front of the next one. The writers' automatic checkpoint stays, with
//! a higher threshold, as a bound on the log should this task fall behind or fail.

use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use tokio::task::AbortHandle;

/// How often the log is copied into the database file.
pub(crate) const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(200);

/// The running checkpointer; it stops when the last clone of its store is dropped or
/// the store is closed.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    task: AbortHandle,
}

impl Checkpointer {
    /// Opens a connection with `options` and starts checkpointing through it every
    /// [`CHECKPOINT_INTERVAL`].
    ///
    /// # Errors
    /// When the connection cannot be opened.
    pub(crate) async fn start(options: &SqliteConnectOptions) -> Result<Arc<Self>, sqlx::Error> {
        let conn = options.connect().await?;
        let task = tokio::spawn(run(conn)).abort_handle();
        Ok(Arc::new(Self { task }))
    }

    /// Stops the task (its connection is closed with it).
    pub(crate) fn stop(&self) {
        self.task.abort();
    }

    /// Whether the task has ended.
    #[cfg(test)]
    pub(crate) fn is_stopped(&self) -> bool {
        self.task.is_finished()
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Checkpoints every interval until aborted. A failed checkpoint is logged and tried
/// again at the next tick: the writers' own threshold still bounds the log.
async fn run(mut conn: SqliteConnection) {
    let mut ticks = tokio::time::interval(CHECKPOINT_INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        // (busy, frames in the log, frames copied into the file)
        match sqlx::query_as::<_, (i64, i64, i64)>("pragma wal_checkpoint(passive)")
            .fetch_one(&mut conn)
            .await
        {
            Ok((_, logged, copied)) if copied < logged => {
                tracing::trace!(
                    logged,
                    copied,
                    "checkpoint left frames a reader still needs"
                );
            }
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(%error, "background checkpoint failed");
                if conn.ping().await.is_err() {
                    tracing::warn!("background checkpointer stopped: its connection is lost");
                    return;
                }
            }
        }
    }
}
