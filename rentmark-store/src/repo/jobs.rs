//! [`JobQueue`]: the durable job queue, a table in the application's database.
//!
//! A claim is one `update .. where id = (select .. limit 1) returning ..`: on
//! PostgreSQL the inner select takes `for update skip locked`, so concurrent workers
//! each get a different job without waiting; on SQLite the statement runs in a
//! `BEGIN IMMEDIATE` transaction, so claims are serialized. Either way two workers
//! never claim the same job.

use chrono::{DateTime, Utc};
use rentmark_domain::ids::JobId;
use rentmark_domain::ports::{
    JobQueue, JobRecord, JobStatus, NewJob, Page, PageRequest, RepoError, RepoResult,
};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::repo::{limit_offset, page_of};
use crate::rows::{JobRow, job_columns};
use crate::sql::{Backend, Conn, args};
use crate::store::SqlStore;

/// Inserts a queued job on `conn` (a transaction of the caller's: the transactional
/// outbox); `None` when its unique key was already used.
pub(crate) async fn insert_job<C: Conn>(
    conn: &mut C,
    job: &NewJob,
    now: DateTime<Utc>,
) -> RepoResult<Option<JobId>> {
    let id = JobId::generate(now);
    let inserted = conn
        .opt::<(Uuid,)>(
            "insert into jobs (id, kind, payload, status, attempts, max_attempts, run_at, \
             unique_key, created_at, updated_at) \
             values ($1, $2, $3, $4, 0, $5, $6, $7, $8, $8) \
             on conflict (unique_key) do nothing returning id",
            args![
                id,
                job.kind.as_str(),
                job.payload.as_str(),
                JobStatus::Queued.as_str(),
                job.max_attempts,
                job.run_at,
                job.unique_key.as_deref(),
                now,
            ],
        )
        .await?;
    Ok(inserted.map(|(id,)| JobId::from_uuid(id)))
}

impl<B: Backend> JobQueue for SqlStore<B> {
    #[tracing::instrument(level = "debug", skip_all, fields(kind = %job.kind, unique_key = ?job.unique_key))]
    async fn enqueue(&self, job: &NewJob, now: DateTime<Utc>) -> RepoResult<Option<JobId>> {
        let mut tx = self.write().await?;
        let inserted = insert_job(&mut *tx, job, now).await?;
        B::commit(tx).await?;
        Ok(inserted)
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn claim(
        &self,
        now: DateTime<Utc>,
        lock_until: DateTime<Utc>,
    ) -> RepoResult<Option<JobRecord>> {
        let sql = format!(
            concat!(
                "update jobs set status = 'running', attempts = attempts + 1, \
                 locked_until = $2, updated_at = $1 \
                 where id = (select id from jobs \
                 where (status = 'queued' and run_at <= $1) \
                 or (status = 'running' and locked_until <= $1) \
                 order by run_at, id limit 1{}) \
                 returning ",
                job_columns!()
            ),
            B::LOCK_SKIP_LOCKED
        );
        let mut tx = self.write().await?;
        let claimed = tx
            .opt::<JobRow>(AssertSqlSafe(sql), args![now, lock_until])
            .await?;
        B::commit(tx).await?;
        claimed.map(JobRow::into_domain).transpose()
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn complete(&self, id: JobId, now: DateTime<Utc>) -> RepoResult<()> {
        let mut tx = self.write().await?;
        let updated = tx
            .exec(
                "update jobs set status = 'done', locked_until = null, updated_at = $2 \
                 where id = $1",
                args![id, now],
            )
            .await?;
        if updated == 0 {
            return Err(RepoError::NotFound);
        }
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip(self, error))]
    async fn fail(
        &self,
        id: JobId,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> RepoResult<()> {
        let (status, run_at) = match retry_at {
            Some(at) => (JobStatus::Queued, Some(at)),
            None => (JobStatus::Dead, None),
        };
        let mut tx = self.write().await?;
        let updated = tx
            .exec(
                "update jobs set status = $2, run_at = coalesce($3, run_at), last_error = $4, \
                 locked_until = null, updated_at = $5 where id = $1",
                args![id, status.as_str(), run_at, error, now],
            )
            .await?;
        if updated == 0 {
            return Err(RepoError::NotFound);
        }
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn jobs(&self, status: JobStatus, page: PageRequest) -> RepoResult<Page<JobRecord>> {
        let (limit, offset) = limit_offset(page);
        let mut conn = self.read().await?;
        let rows = conn
            .all::<JobRow>(
                concat!(
                    "select ",
                    job_columns!(),
                    " from jobs where status = $1 order by created_at desc, id desc \
                     limit $2 offset $3"
                ),
                args![status.as_str(), limit, offset],
            )
            .await?;
        let (total,) = conn
            .one::<(i64,)>(
                "select count(*) from jobs where status = $1",
                args![status.as_str()],
            )
            .await?;
        page_of(
            rows.into_iter()
                .map(JobRow::into_domain)
                .collect::<RepoResult<_>>()?,
            total,
            page,
        )
    }
}
