//! The erasure job through the worker and the default registry against a real SQLite
//! store: a requested erasure runs to completion, a second run is harmless, and a job
//! for an account whose erasure was never requested dies at once.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use rentmark_domain::Services;
use rentmark_domain::ports::{
    AccountRepository, JobQueue, JobStatus, PageRequest, TenantRepository,
};
use rentmark_domain::services::{LandlordSignup, Signup, TenantSignup};
use rentmark_domain::tenant::{Tenant, TenantDetails};
use rentmark_domain::user::{Email, PasswordHash, User, UserStatus};
use rentmark_jobs::{
    EraseUser, Job, JobContext, ManualClock, Outcome, Worker, WorkerConfig, default_registry,
};
use rentmark_store::AnyStore;
use tempfile::TempDir;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
        .single()
        .expect("a valid instant")
}

struct Fixture {
    store: AnyStore,
    services: Services<AnyStore>,
    worker: Worker<AnyStore, JobContext<AnyStore>>,
    _dir: TempDir,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}/erasure.db", dir.path().display());
    let store = rentmark_store::connect(&url)
        .await
        .expect("a SQLite store with its migrations");
    let services = Services::new(store.clone());
    let clock = Arc::new(ManualClock::new(t0()));
    let context = JobContext {
        services: services.clone(),
        clock: clock.clone(),
    };
    let worker = Worker::new(
        store.clone(),
        Arc::new(default_registry()),
        context,
        clock,
        WorkerConfig::default(),
    );
    Fixture {
        store,
        services,
        worker,
        _dir: dir,
    }
}

impl Fixture {
    async fn sign_up(&self, signup: Signup) -> User {
        self.services
            .sign_up(signup, t0())
            .await
            .expect("signed up")
            .0
    }

    async fn run_once(&self) -> Outcome {
        self.worker
            .run_once()
            .await
            .expect("the queue answers")
            .expect("a due job")
            .1
    }
}

fn hash() -> PasswordHash {
    PasswordHash::new("$argon2id$v=19$not-a-real-hash".into())
}

#[tokio::test]
async fn a_requested_erasure_runs_through_the_worker_and_twice_is_harmless() {
    let f = fixture().await;
    let owner = f
        .sign_up(Signup::Landlord(LandlordSignup {
            email: Email::parse("owner@example.org").expect("an address"),
            password_hash: hash(),
            org_name: "Agence du Parc".into(),
        }))
        .await;
    let org = f
        .services
        .actor(owner.id, None)
        .await
        .expect("an owner")
        .org;
    let lea = f
        .sign_up(Signup::Tenant(TenantSignup {
            email: Email::parse("lea@example.org").expect("an address"),
            password_hash: hash(),
        }))
        .await;
    let record = Tenant::new(
        org.id,
        TenantDetails {
            full_name: "Léa Martin".into(),
            email: None,
            phone: None,
        },
        Some(lea.id),
        t0(),
    );
    f.store.create_tenant(&record).await.expect("a tenant");

    f.services
        .request_erasure(&lea, t0())
        .await
        .expect("erasure queued");
    assert_eq!(
        f.services.user(lea.id).await.expect("a user").status,
        UserStatus::Erasing
    );
    assert_eq!(f.run_once().await, Outcome::Done);

    let erased = f.services.user(lea.id).await.expect("a user");
    assert_eq!(erased.status, UserStatus::Erased);
    assert_eq!(erased.email, Email::erased(lea.id));
    let kept = f.store.tenant(org.id, record.id).await.expect("kept");
    assert_eq!((kept.user_id, kept.details), (None, record.details));
    // The landlord is untouched.
    assert_eq!(f.services.user(owner.id).await.expect("a user"), owner);

    // The same job again (as after a worker died before marking it done): harmless.
    let again = EraseUser { user_id: lea.id }
        .to_new_job(t0(), None)
        .expect("a job");
    f.store.enqueue(&again, t0()).await.expect("enqueued");
    assert_eq!(f.run_once().await, Outcome::Done);
    assert_eq!(f.services.user(lea.id).await.expect("a user"), erased);
    let done = f
        .store
        .jobs(JobStatus::Done, PageRequest::default())
        .await
        .expect("the queue answers");
    assert_eq!(done.total, 2);
    assert!(
        f.worker
            .run_once()
            .await
            .expect("the queue answers")
            .is_none()
    );
}

#[tokio::test]
async fn erasing_an_account_that_did_not_ask_dies_at_once() {
    let f = fixture().await;
    let bob = f
        .sign_up(Signup::Tenant(TenantSignup {
            email: Email::parse("bob@example.org").expect("an address"),
            password_hash: hash(),
        }))
        .await;
    let job = EraseUser { user_id: bob.id }
        .to_new_job(t0(), None)
        .expect("a job");
    f.store.enqueue(&job, t0()).await.expect("enqueued");
    assert!(matches!(f.run_once().await, Outcome::Dead { .. }));
    // Nothing was erased.
    let still = f.store.user(bob.id).await.expect("a user");
    assert_eq!(still, bob);
    let dead = f
        .store
        .jobs(JobStatus::Dead, PageRequest::default())
        .await
        .expect("the queue answers");
    assert_eq!(dead.total, 1);
}
