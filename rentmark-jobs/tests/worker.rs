//! The worker and the scheduler against a real SQLite queue (each test its own
//! database file): retries with exponential backoff, death after `max_attempts`,
//! unknown kinds and permanent failures, panics that do not stop the loop, the
//! hourly unique keys of recurring jobs, and a clean shutdown.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rentmark_domain::ports::{Clock, JobQueue, JobRecord, JobStatus, NewJob, PageRequest};
use rentmark_jobs::{
    ManualClock, Outcome, Permanent, Recurring, Registry, RetryPolicy, Scheduler, Worker,
    WorkerConfig, slot_key,
};
use rentmark_store::AnyStore;
use tempfile::TempDir;

/// A fresh SQLite store in its own folder (kept alive by the returned guard).
async fn store() -> (AnyStore, TempDir) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}/jobs.db", dir.path().display());
    let store = rentmark_store::connect(&url)
        .await
        .expect("a SQLite store with its migrations");
    (store, dir)
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
        .single()
        .expect("a valid instant")
}

/// Counts the runs of every handler.
type Runs = Arc<AtomicU32>;

/// `flaky` fails until it has run `fail_times` times; `always` always fails;
/// `refuse` fails permanently; `boom` panics.
fn registry() -> Registry<Runs> {
    Registry::new()
        .register_fn("flaky", |runs: Runs, payload| async move {
            let run = runs.fetch_add(1, Ordering::SeqCst) + 1;
            let fail_times = payload["fail_times"].as_u64().unwrap_or(0);
            anyhow::ensure!(u64::from(run) > fail_times, "failure {run}");
            Ok(())
        })
        .register_fn("always", |runs: Runs, _| async move {
            let run = runs.fetch_add(1, Ordering::SeqCst) + 1;
            anyhow::bail!("failure {run}")
        })
        .register_fn("refuse", |runs: Runs, _| async move {
            runs.fetch_add(1, Ordering::SeqCst);
            Err(Permanent::new("the lease no longer exists").into())
        })
        .register_fn("boom", |runs: Runs, _| async move {
            if runs.fetch_add(1, Ordering::SeqCst) < 1 {
                panic!("a bug in a handler");
            }
            Ok(())
        })
}

fn job(kind: &str, payload: &str, max_attempts: u32, run_at: DateTime<Utc>) -> NewJob {
    NewJob {
        kind: kind.to_owned(),
        payload: payload.to_owned(),
        run_at,
        max_attempts,
        unique_key: None,
    }
}

fn worker(store: &AnyStore, clock: &ManualClock, runs: &Runs) -> Worker<AnyStore, Runs> {
    Worker::new(
        store.clone(),
        Arc::new(registry()),
        runs.clone(),
        Arc::new(clock.clone()),
        WorkerConfig::default(),
    )
}

async fn jobs_in(store: &AnyStore, status: JobStatus) -> Vec<JobRecord> {
    store
        .jobs(status, PageRequest::new(1, 100))
        .await
        .expect("the queue answers")
        .results
}

async fn run_once(worker: &Worker<AnyStore, Runs>) -> Option<(JobRecord, Outcome)> {
    worker.run_once().await.expect("the queue answers")
}

#[tokio::test]
async fn a_failing_job_is_retried_with_exponential_backoff_then_succeeds() {
    let (store, _dir) = store().await;
    let clock = ManualClock::new(t0());
    let runs = Runs::default();
    let worker = worker(&store, &clock, &runs);
    let id = store
        .enqueue(&job("flaky", r#"{"fail_times": 2}"#, 5, t0()), t0())
        .await
        .expect("the queue answers")
        .expect("no unique key, so always enqueued");

    // First attempt fails: back in 10 s.
    let (claimed, outcome) = run_once(&worker).await.expect("a due job");
    assert_eq!((claimed.id, claimed.attempts), (id, 1));
    assert_eq!(
        outcome,
        Outcome::Retry {
            error: "failure 1".into(),
            retry_at: t0() + Duration::seconds(10),
        }
    );
    let queued = jobs_in(&store, JobStatus::Queued).await;
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].run_at, t0() + Duration::seconds(10));
    assert_eq!(queued[0].last_error.as_deref(), Some("failure 1"));
    assert!(run_once(&worker).await.is_none(), "not due before 10 s");

    // Second attempt fails: back 20 s later.
    clock.advance(Duration::seconds(10));
    let (claimed, outcome) = run_once(&worker).await.expect("due again");
    assert_eq!(claimed.attempts, 2);
    assert_eq!(
        outcome,
        Outcome::Retry {
            error: "failure 2".into(),
            retry_at: t0() + Duration::seconds(30),
        }
    );
    clock.advance(Duration::seconds(19));
    assert!(run_once(&worker).await.is_none(), "not due before 20 s");

    // Third attempt succeeds.
    clock.advance(Duration::seconds(1));
    let (claimed, outcome) = run_once(&worker).await.expect("due again");
    assert_eq!((claimed.attempts, outcome), (3, Outcome::Done));
    assert_eq!(runs.load(Ordering::SeqCst), 3);
    let done = jobs_in(&store, JobStatus::Done).await;
    assert_eq!(done.iter().map(|j| j.id).collect::<Vec<_>>(), vec![id]);
    assert!(jobs_in(&store, JobStatus::Queued).await.is_empty());
    clock.advance(Duration::hours(2));
    assert!(
        run_once(&worker).await.is_none(),
        "a done job never runs again"
    );
}

#[tokio::test]
async fn a_job_is_dead_after_max_attempts() {
    let (store, _dir) = store().await;
    let clock = ManualClock::new(t0());
    let runs = Runs::default();
    let worker = worker(&store, &clock, &runs);
    let id = store
        .enqueue(&job("always", "{}", 3, t0()), t0())
        .await
        .expect("the queue answers")
        .expect("enqueued");
    let mut outcomes = Vec::new();
    for _ in 0..3 {
        let (_, outcome) = run_once(&worker).await.expect("a due job");
        outcomes.push(outcome);
        clock.advance(Duration::hours(1));
    }
    assert!(matches!(outcomes[0], Outcome::Retry { .. }));
    assert!(matches!(outcomes[1], Outcome::Retry { .. }));
    assert_eq!(
        outcomes[2],
        Outcome::Dead {
            error: "failure 3".into()
        }
    );
    let dead = jobs_in(&store, JobStatus::Dead).await;
    assert_eq!(dead.len(), 1);
    assert_eq!((dead[0].id, dead[0].attempts), (id, 3));
    assert_eq!(dead[0].last_error.as_deref(), Some("failure 3"));
    clock.advance(Duration::days(30));
    assert!(
        run_once(&worker).await.is_none(),
        "a dead job never runs again"
    );
    assert_eq!(runs.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn an_unknown_kind_or_a_permanent_failure_dies_at_once() {
    let (store, _dir) = store().await;
    let clock = ManualClock::new(t0());
    let runs = Runs::default();
    let worker = worker(&store, &clock, &runs);
    store
        .enqueue(&job("no_such_kind", "{}", 5, t0()), t0())
        .await
        .expect("the queue answers");
    let (claimed, outcome) = run_once(&worker).await.expect("a due job");
    assert_eq!(claimed.kind, "no_such_kind");
    assert_eq!(
        outcome,
        Outcome::Dead {
            error: "unknown job kind \"no_such_kind\"".into()
        }
    );
    store
        .enqueue(&job("refuse", "{}", 5, t0()), t0())
        .await
        .expect("the queue answers");
    store
        .enqueue(&job("flaky", "not json", 5, t0()), t0())
        .await
        .expect("the queue answers");
    for _ in 0..2 {
        let (_, outcome) = run_once(&worker).await.expect("a due job");
        assert!(matches!(outcome, Outcome::Dead { .. }), "{outcome:?}");
    }
    assert!(run_once(&worker).await.is_none());
    let dead = jobs_in(&store, JobStatus::Dead).await;
    assert_eq!(dead.len(), 3);
    assert!(dead.iter().all(|j| j.attempts == 1));
    assert_eq!(
        runs.load(Ordering::SeqCst),
        1,
        "only `refuse` ran: an unknown kind or a malformed payload runs nothing"
    );
}

#[tokio::test]
async fn a_panicking_handler_is_a_failure_and_the_worker_goes_on() {
    let (store, _dir) = store().await;
    let clock = ManualClock::new(t0());
    let runs = Runs::default();
    let worker = worker(&store, &clock, &runs);
    store
        .enqueue(&job("boom", "{}", 5, t0()), t0())
        .await
        .expect("the queue answers");
    let (_, outcome) = run_once(&worker).await.expect("a due job");
    assert_eq!(
        outcome,
        Outcome::Retry {
            error: "the handler panicked".into(),
            retry_at: t0() + Duration::seconds(10),
        }
    );
    clock.advance(Duration::seconds(10));
    let (_, outcome) = run_once(&worker).await.expect("due again");
    assert_eq!(outcome, Outcome::Done);
}

#[tokio::test]
async fn the_worker_loop_retries_on_its_own_and_stops_on_shutdown() {
    let (store, _dir) = store().await;
    let runs = Runs::default();
    let clock: Arc<dyn Clock> = Arc::new(rentmark_jobs::SystemClock);
    let now = clock.now();
    let worker = Worker::new(
        store.clone(),
        Arc::new(registry()),
        runs.clone(),
        clock,
        WorkerConfig {
            poll_interval: StdDuration::from_millis(20),
            lock_for: StdDuration::from_secs(60),
            retry: RetryPolicy {
                base: StdDuration::from_millis(100),
                cap: StdDuration::from_secs(1),
            },
        },
    );
    let (shutdown, receiver) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(worker.run(receiver));
    let id = store
        .enqueue(&job("flaky", r#"{"fail_times": 2}"#, 5, now), now)
        .await
        .expect("the queue answers")
        .expect("enqueued");
    let mut waited = StdDuration::ZERO;
    while !jobs_in(&store, JobStatus::Done)
        .await
        .iter()
        .any(|j| j.id == id)
    {
        assert!(
            waited < StdDuration::from_secs(10),
            "the job was not done in time"
        );
        tokio::time::sleep(StdDuration::from_millis(20)).await;
        waited += StdDuration::from_millis(20);
    }
    assert_eq!(runs.load(Ordering::SeqCst), 3);
    shutdown.send(true).expect("the worker is listening");
    tokio::time::timeout(StdDuration::from_secs(5), task)
        .await
        .expect("the worker stops promptly")
        .expect("the worker did not panic");
}

#[tokio::test]
async fn recurring_jobs_are_enqueued_once_per_hour_slot() {
    let (store, _dir) = store().await;
    let clock = ManualClock::new(t0() + Duration::minutes(5));
    let recurring = Recurring {
        kind: "always".into(),
        payload: "{}".into(),
        max_attempts: 5,
    };
    let scheduler = Scheduler::new(
        store.clone(),
        Arc::new(clock.clone()),
        StdDuration::from_secs(60),
    )
    .with(recurring);
    // Two instances ticking in the same hour enqueue one job.
    let other_instance = scheduler.clone();
    assert_eq!(scheduler.tick().await.expect("the queue answers"), 1);
    clock.advance(Duration::minutes(54));
    assert_eq!(other_instance.tick().await.expect("the queue answers"), 0);
    assert_eq!(jobs_in(&store, JobStatus::Queued).await.len(), 1);
    // The next hour is a new slot.
    clock.advance(Duration::minutes(1));
    assert_eq!(scheduler.tick().await.expect("the queue answers"), 1);
    assert_eq!(
        slot_key("always", clock.now()),
        "always:2026-11-21T13",
        "the slot is the UTC hour"
    );
    // Enqueueing at once ignores the slot; an unknown kind enqueues nothing.
    assert!(
        scheduler
            .enqueue_now("always")
            .await
            .expect("the queue answers")
            .is_some()
    );
    assert!(
        scheduler
            .enqueue_now("unknown")
            .await
            .expect("the queue answers")
            .is_none()
    );
    assert_eq!(jobs_in(&store, JobStatus::Queued).await.len(), 3);
}
