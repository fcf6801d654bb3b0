//! The scheduler of recurring jobs: at start and then every tick it enqueues each
//! recurring job with the unique key `<kind>:<UTC hour slot>` (e.g.
//! `post_due_charges:2026-11-21T12`), so however many instances tick, a job runs
//! at most once per hour. A job can also be enqueued at once, outside its slot (the
//! server does so after start-up); recurring jobs are idempotent, so an extra run
//! is harmless.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use rentmark_domain::ids::JobId;
use rentmark_domain::ports::{Clock, JobQueue, NewJob, RepoResult};
use tokio::sync::watch;
use tokio::time::MissedTickBehavior;
use tracing::{debug, error, info, warn};

use crate::job::Job;

/// A job enqueued once per hour slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurring {
    /// Which handler runs it.
    pub kind: String,
    /// Its arguments, as JSON text.
    pub payload: String,
    /// Attempts before one run of it is dead.
    pub max_attempts: u32,
}

impl Recurring {
    /// The recurring form of a typed job.
    ///
    /// # Errors
    /// When the job cannot be serialized.
    pub fn of<J: Job>(job: &J) -> Result<Self, serde_json::Error> {
        Ok(Self {
            kind: J::KIND.to_owned(),
            payload: serde_json::to_string(job)?,
            max_attempts: J::MAX_ATTEMPTS,
        })
    }

    fn at(&self, run_at: DateTime<Utc>, unique_key: Option<String>) -> NewJob {
        NewJob {
            kind: self.kind.clone(),
            payload: self.payload.clone(),
            run_at,
            max_attempts: self.max_attempts,
            unique_key,
        }
    }
}

/// The UTC hour slot of `now`: `2026-11-21T12`.
pub fn hour_slot(now: DateTime<Utc>) -> String {
    now.format("%Y-%m-%dT%H").to_string()
}

/// The unique key of `kind` in the hour slot of `now`.
pub fn slot_key(kind: &str, now: DateTime<Utc>) -> String {
    format!("{kind}:{}", hour_slot(now))
}

/// Enqueues recurring jobs once per hour slot.
pub struct Scheduler<Q> {
    queue: Q,
    clock: Arc<dyn Clock>,
    jobs: Arc<Vec<Recurring>>,
    interval: StdDuration,
}

impl<Q: Clone> Clone for Scheduler<Q> {
    fn clone(&self) -> Self {
        Self {
            queue: self.queue.clone(),
            clock: Arc::clone(&self.clock),
            jobs: Arc::clone(&self.jobs),
            interval: self.interval,
        }
    }
}

impl<Q> std::fmt::Debug for Scheduler<Q> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler")
            .field("jobs", &self.jobs)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

impl<Q: JobQueue + 'static> Scheduler<Q> {
    /// A scheduler over `queue` ticking every `interval`, with no jobs yet.
    pub fn new(queue: Q, clock: Arc<dyn Clock>, interval: StdDuration) -> Self {
        Self {
            queue,
            clock,
            jobs: Arc::new(Vec::new()),
            interval,
        }
    }

    /// Adds a recurring job.
    #[must_use]
    pub fn with(mut self, job: Recurring) -> Self {
        Arc::make_mut(&mut self.jobs).push(job);
        self
    }

    /// The recurring jobs.
    pub fn jobs(&self) -> &[Recurring] {
        &self.jobs
    }

    /// Enqueues every recurring job for the current hour slot; returns how many were
    /// new (0 when this slot was already taken, here or by another instance).
    ///
    /// # Errors
    /// When the queue fails (the other jobs are still tried; the first error is
    /// returned).
    pub async fn tick(&self) -> RepoResult<usize> {
        let now = self.clock.now();
        let mut enqueued = 0;
        let mut first_error = None;
        for job in self.jobs.iter() {
            let key = slot_key(&job.kind, now);
            match self
                .queue
                .enqueue(&job.at(now, Some(key.clone())), now)
                .await
            {
                Ok(Some(id)) => {
                    info!(kind = %job.kind, %id, %key, "recurring job enqueued");
                    enqueued += 1;
                }
                Ok(None) => debug!(kind = %job.kind, %key, "slot already taken"),
                Err(error) => {
                    error!(kind = %job.kind, %error, "could not enqueue a recurring job");
                    first_error.get_or_insert(error);
                }
            }
        }
        match first_error {
            Some(error) => Err(error),
            None => Ok(enqueued),
        }
    }

    /// Enqueues the recurring job of `kind` to run at once, outside its slot.
    /// `None` when no recurring job has that kind.
    ///
    /// # Errors
    /// When the queue fails.
    pub async fn enqueue_now(&self, kind: &str) -> RepoResult<Option<JobId>> {
        let Some(job) = self.jobs.iter().find(|j| j.kind == kind) else {
            return Ok(None);
        };
        let now = self.clock.now();
        let id = self.queue.enqueue(&job.at(now, None), now).await?;
        info!(%kind, "job enqueued to run now");
        Ok(id)
    }

    /// Ticks at once and then every `interval` until `shutdown` turns true (or its
    /// sender is dropped). A failed tick is logged and tried again next time.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        info!(interval_s = self.interval.as_secs(), "scheduler started");
        let mut ticks = tokio::time::interval(self.interval.max(StdDuration::from_millis(1)));
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            if *shutdown.borrow_and_update() {
                break;
            }
            tokio::select! {
                _ = ticks.tick() => {
                    if let Err(error) = self.tick().await {
                        warn!(%error, "scheduler tick failed; trying again next tick");
                    }
                }
                changed = shutdown.changed() => {
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
        info!("scheduler stopped");
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn keys_name_the_utc_hour() {
        let now = Utc
            .with_ymd_and_hms(2026, 11, 21, 12, 59, 59)
            .single()
            .expect("a valid instant");
        assert_eq!(hour_slot(now), "2026-11-21T12");
        assert_eq!(
            slot_key("post_due_charges", now),
            "post_due_charges:2026-11-21T12"
        );
        let next = now + chrono::Duration::seconds(1);
        assert_eq!(
            slot_key("post_due_charges", next),
            "post_due_charges:2026-11-21T13"
        );
    }
}
