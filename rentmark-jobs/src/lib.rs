//! # rentmark-jobs
//!
//! Background work for RentMark over the durable job queue (a table in the
//! application's own database, behind the [`JobQueue`] port): typed [`Job`]s
//! dispatched by kind from a [`Registry`], a [`Worker`] that claims, runs, retries
//! with exponential backoff and buries jobs after `max_attempts`, and a
//! [`Scheduler`] that enqueues recurring jobs once per hour slot, such as
//! [`PostDueCharges`] (the monthly rent charges; idempotent). [`EraseUser`] erases an
//! account whose owner asked for it (GDPR art. 17); [`NotifyRoomTaken`] tells a
//! renter, through the [`Mailer`], that their application was cancelled because the
//! room was taken.
//!
//! [`spawn_in_process`] runs the worker(s) and the scheduler as tokio tasks inside
//! the server, which is the default; a production deployment can run the same in a
//! separate process. The clock lives here ([`SystemClock`]): the domain never reads
//! it.
//!
//! ```no_run
//! # use rentmark_domain::{marketplace::ports::MarketplaceRepository, ports::{JobQueue, Mailer, Store}};
//! # async fn example<S>(store: S) where S: Store + JobQueue + MarketplaceRepository + Mailer {
//! let handle = rentmark_jobs::spawn_in_process(store, rentmark_jobs::JobsConfig::default());
//! handle.run_charges_now().await.expect("the queue is up");
//! // ... serve requests ...
//! handle.shutdown().await;
//! # }
//! ```

mod charges;
mod clock;
mod erasure;
mod job;
mod notify;
mod retry;
mod scheduler;
mod worker;

use std::sync::Arc;
use std::time::Duration as StdDuration;

pub use charges::{
    ChargeSummary, JobContext, POST_DUE_CHARGES, PostDueCharges, post_due_charges_everywhere,
};
pub use clock::{ManualClock, SystemClock};
pub use erasure::EraseUser;
pub use job::{
    DEFAULT_MAX_ATTEMPTS, Handle, HandlerFuture, Job, Permanent, Registry, is_permanent,
};
pub use notify::{NotifyRoomTaken, ROOM_TAKEN_EMAIL, room_taken_email};
use rentmark_domain::Services;
use rentmark_domain::ids::JobId;
use rentmark_domain::marketplace::ports::MarketplaceRepository;
use rentmark_domain::ports::{Clock, JobQueue, Mailer, RepoResult, Store};
pub use retry::RetryPolicy;
pub use scheduler::{Recurring, Scheduler, hour_slot, slot_key};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::{error, info};
pub use worker::{Outcome, Worker, WorkerConfig};

/// How the in-process jobs run.
#[derive(Clone)]
pub struct JobsConfig {
    /// Claiming, locking and retrying.
    pub worker: WorkerConfig,
    /// How many workers run side by side (each runs one job at a time).
    pub workers: usize,
    /// How often the scheduler ticks (the hourly unique keys keep each recurring job
    /// to one run per hour however often it ticks).
    pub schedule_interval: StdDuration,
    /// Where jobs read the time from.
    pub clock: Arc<dyn Clock>,
}

impl Default for JobsConfig {
    /// One worker with [`WorkerConfig::default`], a tick every 60 s, the system clock.
    fn default() -> Self {
        Self {
            worker: WorkerConfig::default(),
            workers: 1,
            schedule_interval: StdDuration::from_secs(60),
            clock: Arc::new(SystemClock),
        }
    }
}

impl std::fmt::Debug for JobsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobsConfig")
            .field("worker", &self.worker)
            .field("workers", &self.workers)
            .field("schedule_interval", &self.schedule_interval)
            .finish_non_exhaustive()
    }
}

/// The built-in jobs: [`PostDueCharges`], [`EraseUser`] and [`NotifyRoomTaken`].
pub fn default_registry<S>() -> Registry<JobContext<S>>
where
    S: Store + MarketplaceRepository + Mailer,
{
    Registry::new()
        .register::<PostDueCharges>()
        .register::<EraseUser>()
        .register::<NotifyRoomTaken>()
}

/// The built-in recurring jobs: [`PostDueCharges`] every hour slot.
pub fn default_schedule<Q: JobQueue + 'static>(
    queue: Q,
    clock: Arc<dyn Clock>,
    interval: StdDuration,
) -> Scheduler<Q> {
    let post = Recurring {
        kind: POST_DUE_CHARGES.to_owned(),
        payload: "{}".to_owned(),
        max_attempts: DEFAULT_MAX_ATTEMPTS,
    };
    Scheduler::new(queue, clock, interval).with(post)
}

/// The running worker(s) and scheduler; stop them with [`WorkerHandle::shutdown`].
#[derive(Debug)]
pub struct WorkerHandle<S> {
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    scheduler: Scheduler<S>,
}

impl<S: JobQueue + Clone + 'static> WorkerHandle<S> {
    /// Enqueues the due-charges job to run at once, outside its hourly slot (after
    /// start-up, or after a bulk import of leases).
    ///
    /// # Errors
    /// When the queue fails.
    pub async fn run_charges_now(&self) -> RepoResult<Option<JobId>> {
        self.scheduler.enqueue_now(POST_DUE_CHARGES).await
    }

    /// The scheduler, to enqueue other recurring jobs at once.
    pub fn scheduler(&self) -> &Scheduler<S> {
        &self.scheduler
    }

    /// Asks the worker(s) and the scheduler to stop and waits for them: a job in
    /// progress is finished first.
    pub async fn shutdown(self) {
        // Receivers are gone only if every task already stopped.
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            if let Err(join) = task.await {
                error!(error = %join, "a job task ended abnormally");
            }
        }
        info!("jobs stopped");
    }
}

/// Starts the built-in jobs in this process: `config.workers` workers and the
/// scheduler, as tokio tasks (call from within a tokio runtime).
pub fn spawn_in_process<S>(store: S, config: JobsConfig) -> WorkerHandle<S>
where
    S: Store + JobQueue + MarketplaceRepository + Mailer,
{
    spawn_with_registry(store, default_registry(), config)
}

/// Like [`spawn_in_process`], with the embedder's own handlers (start from
/// [`default_registry`] to keep the built-in ones).
pub fn spawn_with_registry<S>(
    store: S,
    registry: Registry<JobContext<S>>,
    config: JobsConfig,
) -> WorkerHandle<S>
where
    S: Store + JobQueue,
{
    let (shutdown, receiver) = watch::channel(false);
    let registry = Arc::new(registry);
    let context = JobContext {
        services: Services::new(store.clone()),
        clock: Arc::clone(&config.clock),
    };
    let mut tasks = Vec::with_capacity(config.workers + 1);
    for index in 0..config.workers.max(1) {
        let worker = Worker::new(
            store.clone(),
            Arc::clone(&registry),
            context.clone(),
            Arc::clone(&config.clock),
            config.worker,
        );
        let span = tracing::info_span!("worker", index);
        tasks.push(tokio::spawn(tracing::Instrument::instrument(
            worker.run(receiver.clone()),
            span,
        )));
    }
    let scheduler = default_schedule(store, Arc::clone(&config.clock), config.schedule_interval);
    tasks.push(tokio::spawn(scheduler.clone().run(receiver)));
    WorkerHandle {
        shutdown,
        tasks,
        scheduler,
    }
}
