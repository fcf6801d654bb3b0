//! The durable job queue.

use super::*;

/// A job to run in the background.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    /// Which handler runs it (`post_due_charges`).
    pub kind: String,
    /// Its arguments, as JSON text.
    pub payload: String,
    /// Not before this instant.
    pub run_at: DateTime<Utc>,
    /// Attempts before it is dead.
    pub max_attempts: u32,
    /// When set, a second job with the same key is not enqueued (recurring jobs use
    /// the slot they run for, e.g. `post_due_charges:2026-11-21T12`).
    pub unique_key: Option<String>,
}

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    /// Waiting for `run_at`, or for a retry.
    Queued,
    /// Claimed by a worker until `locked_until`.
    Running,
    /// Finished.
    Done,
    /// Failed `max_attempts` times; visible to admins.
    Dead,
}

impl JobStatus {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Dead => "dead",
        }
    }
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    /// Its id.
    pub id: crate::ids::JobId,
    /// Which handler runs it.
    pub kind: String,
    /// Its arguments, as JSON text.
    pub payload: String,
    /// Where it stands.
    pub status: JobStatus,
    /// Attempts made so far (including the current one once claimed).
    pub attempts: u32,
    /// Attempts before it is dead.
    pub max_attempts: u32,
    /// Not before this instant.
    pub run_at: DateTime<Utc>,
    /// The last failure.
    pub last_error: Option<String>,
}

/// The durable job queue: a table in the application's own database, so that a job
/// can be enqueued in the same transaction as the change that causes it.
pub trait JobQueue: Send + Sync {
    /// Enqueues a job; returns `None` when its `unique_key` was already used.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn enqueue(
        &self,
        job: &NewJob,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<Option<crate::ids::JobId>>> + Send;

    /// Claims the oldest job due at `now` (queued, or running with an expired lock),
    /// counting an attempt and locking it until `lock_until`. Two workers never claim
    /// the same job at once.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn claim(
        &self,
        now: DateTime<Utc>,
        lock_until: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<Option<JobRecord>>> + Send;

    /// Marks a claimed job done.
    ///
    /// # Errors
    /// `NotFound` when there is no such job.
    fn complete(
        &self,
        id: crate::ids::JobId,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Records a failure: queued again at `retry_at`, or dead when `retry_at` is
    /// `None`.
    ///
    /// # Errors
    /// `NotFound` when there is no such job.
    fn fail(
        &self,
        id: crate::ids::JobId,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Jobs in a given status, newest first.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn jobs(
        &self,
        status: JobStatus,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<JobRecord>>> + Send;
}
