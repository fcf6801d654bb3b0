//! The job queue: enqueue (with unique keys), claim, complete, fail with retry, dead
//! jobs, expired locks, and concurrent claimers each getting different jobs.

use std::collections::HashSet;

use chrono::Duration;
use rentmark_domain::ids::JobId;
use rentmark_domain::ports::{JobQueue, JobStatus, NewJob, PageRequest};
use rentmark_store::AnyStore;

use crate::harness::{not_found, now};

fn job(kind: &str, unique_key: Option<&str>) -> NewJob {
    NewJob {
        kind: kind.into(),
        payload: r#"{"org":"all"}"#.into(),
        run_at: now(),
        max_attempts: 3,
        unique_key: unique_key.map(str::to_owned),
    }
}

pub async fn job_queue_lifecycle(store: AnyStore) {
    let t0 = now();
    let lock = Duration::minutes(5);
    assert!(
        store.claim(t0, t0 + lock).await.unwrap().is_none(),
        "nothing queued yet"
    );

    let mut oldest = job("post_due_charges", Some("post_due_charges:2026-03-15T10"));
    oldest.run_at = t0 - Duration::seconds(1);
    let id = store
        .enqueue(&oldest, t0)
        .await
        .unwrap()
        .expect("a first enqueue with a key");
    assert_eq!(
        store
            .enqueue(
                &job("post_due_charges", Some("post_due_charges:2026-03-15T10")),
                t0
            )
            .await
            .unwrap(),
        None
    );
    let mut later = job("send_receipt", None);
    later.run_at = t0 + Duration::hours(1);
    let later_id = store
        .enqueue(&later, t0)
        .await
        .unwrap()
        .expect("no key, always enqueued");
    assert!(
        store
            .enqueue(&job("send_receipt", None), t0)
            .await
            .unwrap()
            .is_some()
    );

    // The oldest due job (by run_at), locked: a second claim does not get it.
    let claimed = store
        .claim(t0, t0 + lock)
        .await
        .unwrap()
        .expect("a due job");
    assert_eq!(
        (claimed.id, claimed.status, claimed.attempts),
        (id, JobStatus::Running, 1)
    );
    assert_eq!(
        (
            claimed.kind.as_str(),
            claimed.payload.as_str(),
            claimed.max_attempts
        ),
        ("post_due_charges", r#"{"org":"all"}"#, 3)
    );
    let other = store
        .claim(t0, t0 + lock)
        .await
        .unwrap()
        .expect("the other due job");
    assert_ne!(other.id, id);
    assert_ne!(other.id, later_id, "not due before its run_at");
    assert!(store.claim(t0, t0 + lock).await.unwrap().is_none());
    store.complete(other.id, t0).await.unwrap();

    // A failure with a retry: queued again, not claimable before the retry time.
    store
        .fail(id, "database busy", Some(t0 + Duration::seconds(10)), t0)
        .await
        .unwrap();
    assert!(
        store
            .claim(t0 + Duration::seconds(9), t0 + lock)
            .await
            .unwrap()
            .is_none()
    );
    let retried = store
        .claim(t0 + Duration::seconds(10), t0 + lock)
        .await
        .unwrap()
        .expect("retry due");
    assert_eq!((retried.id, retried.attempts), (id, 2));
    assert_eq!(retried.last_error.as_deref(), Some("database busy"));

    // A worker that died: its lock expires and another claims the job.
    let after_lock = t0 + Duration::seconds(10) + lock;
    let reclaimed = store
        .claim(after_lock, after_lock + lock)
        .await
        .unwrap()
        .expect("lock expired");
    assert_eq!((reclaimed.id, reclaimed.attempts), (id, 3));
    store.fail(id, "gave up", None, after_lock).await.unwrap();

    let dead = store
        .jobs(JobStatus::Dead, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(dead.total, 1);
    assert_eq!(
        (dead.results[0].id, dead.results[0].last_error.as_deref()),
        (id, Some("gave up"))
    );
    let done = store
        .jobs(JobStatus::Done, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(
        done.results.iter().map(|j| j.id).collect::<Vec<_>>(),
        vec![other.id]
    );
    let queued = store
        .jobs(JobStatus::Queued, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(
        queued.results.iter().map(|j| j.id).collect::<Vec<_>>(),
        vec![later_id]
    );
    // A dead job is never claimed again; the later one is, in its time.
    let next = store
        .claim(t0 + Duration::days(1), t0 + Duration::days(2))
        .await
        .unwrap();
    assert_eq!(next.map(|j| j.id), Some(later_id));

    not_found(store.complete(JobId::generate(t0), t0).await);
    not_found(store.fail(JobId::generate(t0), "x", None, t0).await);
}

pub async fn concurrent_claimers_claim_each_job_once(store: AnyStore) {
    let t0 = now();
    let mut enqueued = HashSet::new();
    for n in 0..50 {
        let mut new = job("work", Some(&format!("work-{n}")));
        new.run_at = t0 - Duration::seconds(n);
        enqueued.insert(store.enqueue(&new, t0).await.unwrap().expect("enqueued"));
    }
    let mut workers = Vec::new();
    for _ in 0..4 {
        let store = store.clone();
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(job) = store.claim(t0, t0 + Duration::minutes(5)).await.unwrap() {
                assert_eq!(job.attempts, 1);
                mine.push(job.id);
                store.complete(job.id, t0).await.unwrap();
            }
            mine
        }));
    }
    let mut claimed = Vec::new();
    for worker in workers {
        claimed.extend(worker.await.unwrap());
    }
    assert_eq!(claimed.len(), 50, "every job claimed once");
    assert_eq!(claimed.iter().copied().collect::<HashSet<_>>(), enqueued);
    let done = store
        .jobs(JobStatus::Done, PageRequest::new(1, 100))
        .await
        .unwrap();
    assert_eq!(done.total, 50);
}
