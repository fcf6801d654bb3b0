//! The worker: claims the oldest due job, runs its handler, and marks it done, or
//! failed with a retry time (exponential backoff), or dead. One worker runs one job
//! at a time; run several (in one process or many) for parallelism: the queue hands
//! a job to one claimer only.
//!
//! A handler never takes the loop down: it runs in its own task, so a panic is a
//! failure like any other, and it is cut off when its lock expires (another worker
//! could claim the job from then on).

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use rentmark_domain::ports::{Clock, JobQueue, JobRecord, RepoResult};
use tokio::sync::watch;
use tracing::{Instrument, debug, error, info, info_span, warn};

use crate::job::{Registry, is_permanent};
use crate::retry::RetryPolicy;

/// The longest error text kept on a job row.
const MAX_ERROR_LEN: usize = 2_000;

/// How a worker claims and retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerConfig {
    /// How long to wait before looking again when no job is due.
    pub poll_interval: StdDuration,
    /// How long a claimed job is locked (and the longest a handler may run).
    pub lock_for: StdDuration,
    /// When failed jobs run again.
    pub retry: RetryPolicy,
}

impl Default for WorkerConfig {
    /// Polls every second, locks for five minutes, retries 10 s × 2^n up to 1 h.
    fn default() -> Self {
        Self {
            poll_interval: StdDuration::from_secs(1),
            lock_for: StdDuration::from_secs(300),
            retry: RetryPolicy::default(),
        }
    }
}

/// What became of one claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The handler succeeded; the job is done.
    Done,
    /// The handler failed; the job runs again at `retry_at`.
    Retry {
        /// The failure.
        error: String,
        /// When it runs again.
        retry_at: chrono::DateTime<chrono::Utc>,
    },
    /// The job is dead: its last attempt failed, the failure is permanent, or no
    /// handler knows its kind.
    Dead {
        /// The failure.
        error: String,
    },
}

/// Runs jobs from a queue with the handlers of a registry.
pub struct Worker<Q, C> {
    queue: Q,
    registry: Arc<Registry<C>>,
    context: C,
    clock: Arc<dyn Clock>,
    config: WorkerConfig,
}

impl<Q, C> std::fmt::Debug for Worker<Q, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("registry", &self.registry)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The failure as one line of text, cut to [`MAX_ERROR_LEN`].
fn error_text(error: &anyhow::Error) -> String {
    let mut text = format!("{error:#}");
    if text.len() > MAX_ERROR_LEN {
        let mut cut = MAX_ERROR_LEN;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

impl<Q, C> Worker<Q, C>
where
    Q: JobQueue + 'static,
    C: Clone + Send + Sync + 'static,
{
    /// A worker taking jobs from `queue`, running them with `registry`'s handlers
    /// given `context`, reading the time from `clock`.
    pub fn new(
        queue: Q,
        registry: Arc<Registry<C>>,
        context: C,
        clock: Arc<dyn Clock>,
        config: WorkerConfig,
    ) -> Self {
        Self {
            queue,
            registry,
            context,
            clock,
            config,
        }
    }

    /// Claims one due job, runs it and records the outcome. `None` when no job is
    /// due.
    ///
    /// # Errors
    /// When the queue fails (claiming, or recording the outcome: the job then runs
    /// again once its lock expires, which is why jobs must be idempotent).
    pub async fn run_once(&self) -> RepoResult<Option<(JobRecord, Outcome)>> {
        let now = self.clock.now();
        let lock_for = Duration::from_std(self.config.lock_for).unwrap_or(Duration::minutes(5));
        let Some(job) = self.queue.claim(now, now + lock_for).await? else {
            return Ok(None);
        };
        let span = info_span!("job", id = %job.id, kind = %job.kind, attempt = job.attempts);
        let outcome = self.execute(&job).instrument(span.clone()).await;
        let finished = self.clock.now();
        let recorded = match &outcome {
            Outcome::Done => {
                span.in_scope(|| info!("job done"));
                self.queue.complete(job.id, finished).await
            }
            Outcome::Retry { error, retry_at } => {
                span.in_scope(|| warn!(%error, %retry_at, "job failed, will retry"));
                self.queue
                    .fail(job.id, error, Some(*retry_at), finished)
                    .await
            }
            Outcome::Dead { error } => {
                span.in_scope(|| error!(%error, "job dead"));
                self.queue.fail(job.id, error, None, finished).await
            }
        };
        recorded?;
        Ok(Some((job, outcome)))
    }

    /// Runs the handler of `job` in its own task, within the lock time.
    async fn execute(&self, job: &JobRecord) -> Outcome {
        let Some(run) = self
            .registry
            .dispatch(&job.kind, self.context.clone(), &job.payload)
        else {
            return Outcome::Dead {
                error: format!("unknown job kind {:?}", job.kind),
            };
        };
        let handle = tokio::spawn(tokio::time::timeout(self.config.lock_for, run));
        let failure = match handle.await {
            Ok(Ok(Ok(()))) => return Outcome::Done,
            Ok(Ok(Err(error))) if is_permanent(&error) => {
                return Outcome::Dead {
                    error: error_text(&error),
                };
            }
            Ok(Ok(Err(error))) => error_text(&error),
            Ok(Err(_elapsed)) => format!(
                "timed out after {} s (the lock time)",
                self.config.lock_for.as_secs()
            ),
            Err(join) if join.is_panic() => "the handler panicked".to_owned(),
            Err(join) => format!("the handler was cancelled: {join}"),
        };
        match self
            .config
            .retry
            .retry_at(job.attempts, job.max_attempts, self.clock.now())
        {
            Some(retry_at) => Outcome::Retry {
                error: failure,
                retry_at,
            },
            None => Outcome::Dead { error: failure },
        }
    }

    /// Runs jobs until `shutdown` turns true (or its sender is dropped): a job in
    /// progress is finished first. Polls every `poll_interval` when idle, and after a
    /// queue failure (an outage is logged, never a reason to stop).
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        info!(
            poll_ms = self.config.poll_interval.as_millis(),
            "worker started"
        );
        loop {
            if *shutdown.borrow_and_update() {
                break;
            }
            let idle = match self.run_once().await {
                Ok(Some(_)) => false,
                Ok(None) => true,
                Err(error) => {
                    error!(error = %error, "job queue unavailable");
                    true
                }
            };
            if idle {
                debug!("no job due");
                tokio::select! {
                    () = tokio::time::sleep(self.config.poll_interval) => {}
                    changed = shutdown.changed() => {
                        if changed.is_err() {
                            break;
                        }
                    }
                }
            }
        }
        info!("worker stopped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_errors_are_cut_on_a_char_boundary() {
        let error = anyhow::anyhow!("é".repeat(MAX_ERROR_LEN));
        let text = error_text(&error);
        assert!(text.len() <= MAX_ERROR_LEN);
        assert!(text.chars().all(|c| c == 'é'));
        let short = anyhow::anyhow!("inner").context("outer");
        assert_eq!(error_text(&short), "outer: inner");
    }
}
