//! The recurring rent job against a real SQLite store (each test its own database):
//! running it twice posts nothing twice, the in-process worker charges a lease
//! whose next charge falls due within a bounded wait, and changes of terms that
//! move a month's due date before the posting horizon still charge that month.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rentmark_domain::Services;
use rentmark_domain::calendar::Period;
use rentmark_domain::ids::{LeaseId, TenantId, UnitId};
use rentmark_domain::lease::{Lease, LeaseInput};
use rentmark_domain::ledger::{ChargeKind, EntryKind, LedgerEntry};
use rentmark_domain::org::Actor;
use rentmark_domain::ports::{JobQueue, JobStatus, LedgerRepository, PageRequest};
use rentmark_domain::property::{PropertyInput, UnitInput};
use rentmark_domain::services::{LandlordSignup, LeaseUpdateInput, Signup};
use rentmark_domain::tenant::TenantInput;
use rentmark_domain::user::{Email, PasswordHash};
use rentmark_jobs::{
    JobContext, JobsConfig, ManualClock, POST_DUE_CHARGES, RetryPolicy, WorkerConfig,
    default_registry, post_due_charges_everywhere, spawn_in_process,
};
use rentmark_store::AnyStore;
use tempfile::TempDir;

/// An instant at `hour` UTC.
fn at(y: i32, m: u32, d: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, hour, 0, 0)
        .single()
        .expect("a valid instant")
}

/// A landlord's organization (Europe/Paris, EUR) with one unit and one tenant.
struct Fixture {
    store: AnyStore,
    services: Services<AnyStore>,
    actor: Actor,
    unit: UnitId,
    tenant: TenantId,
    _dir: TempDir,
}

async fn fixture(now: DateTime<Utc>) -> Fixture {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}/charges.db", dir.path().display());
    let store = rentmark_store::connect(&url)
        .await
        .expect("a SQLite store with its migrations");
    let services = Services::new(store.clone());
    let signup = Signup::Landlord(LandlordSignup {
        email: Email::parse("owner@example.org").expect("a valid address"),
        password_hash: PasswordHash::new("$argon2id$v=19$not-a-real-hash".into()),
        org_name: "Agence du Parc".into(),
    });
    let (user, _) = services.sign_up(signup, now).await.expect("signed up");
    let actor = services.actor(user.id, None).await.expect("an owner");
    let property = PropertyInput {
        name: "Résidence du Parc".into(),
        address: "1 rue du Parc".into(),
        city: "Lyon".into(),
        ..PropertyInput::default()
    };
    let property = services
        .create_property(&actor, &property, now)
        .await
        .expect("a property");
    let unit = UnitInput {
        name: "A1".into(),
        rent: "800.00".into(),
        ..UnitInput::default()
    };
    let unit = services
        .create_unit(&actor, property.id, &unit, now)
        .await
        .expect("a unit");
    let tenant = TenantInput {
        full_name: "Camille Martin".into(),
        ..TenantInput::default()
    };
    let tenant = services
        .create_tenant(&actor, &tenant, now)
        .await
        .expect("a tenant");
    Fixture {
        store,
        services,
        actor,
        unit: unit.id,
        tenant: tenant.id,
        _dir: dir,
    }
}

impl Fixture {
    /// A lease of 800.00 rent + 50.00 service charges, no deposit, open-ended.
    async fn lease(&self, start: &str, due_day: i64, now: DateTime<Utc>) -> Lease {
        let input = LeaseInput {
            unit_id: self.unit.to_string(),
            tenant_ids: vec![self.tenant.to_string()],
            rent: "800.00".into(),
            charges: Some("50.00".into()),
            start_date: start.into(),
            due_day: Some(due_day),
            ..LeaseInput::default()
        };
        self.services
            .create_lease(&self.actor, &input, now)
            .await
            .expect("a lease")
    }

    async fn entries(&self, lease: LeaseId) -> Vec<LedgerEntry> {
        self.store
            .lease_entries(self.actor.org_id(), lease)
            .await
            .expect("the ledger answers")
    }

    /// (period, kind, cents) of every charge, net of nothing (reversals are listed
    /// apart), oldest first.
    async fn charges(&self, lease: LeaseId) -> Vec<(String, ChargeKind, i64)> {
        let mut charges: Vec<_> = self
            .entries(lease)
            .await
            .into_iter()
            .filter_map(|e| match (e.kind, e.period) {
                (EntryKind::Charge(kind), Some(period)) => {
                    Some((period.to_string(), kind, e.amount.cents()))
                }
                _ => None,
            })
            .collect();
        charges.sort();
        charges
    }

    async fn assert_reconciles(&self) {
        let discrepancies = self
            .store
            .reconcile(self.actor.org_id())
            .await
            .expect("the ledger answers");
        assert!(discrepancies.is_empty(), "{discrepancies:?}");
    }
}

fn monthly(periods: &[&str]) -> Vec<(String, ChargeKind, i64)> {
    let mut charges = Vec::new();
    for period in periods {
        charges.push(((*period).to_owned(), ChargeKind::Rent, 80_000));
        charges.push(((*period).to_owned(), ChargeKind::ServiceCharges, 5_000));
    }
    charges.sort();
    charges
}

#[tokio::test]
async fn running_the_charge_job_twice_posts_nothing_twice() {
    let created = at(2026, 1, 10, 10);
    let fx = fixture(created).await;
    let lease = fx.lease("2025-11-01", 5, created).await;
    // A lease starting in the past has its past-due charges at once.
    assert_eq!(
        fx.charges(lease.id).await,
        monthly(&["2025-11", "2025-12", "2026-01"])
    );
    assert_eq!(lease.next_charge_on, NaiveDate::from_ymd_opt(2026, 2, 5));

    let later = at(2026, 3, 6, 10);
    let first = post_due_charges_everywhere(&fx.services, later)
        .await
        .expect("the store answers");
    assert_eq!(
        (
            first.organizations,
            first.leases,
            first.entries_posted,
            first.failed
        ),
        (1, 1, 4, 0)
    );
    let second = post_due_charges_everywhere(&fx.services, later)
        .await
        .expect("the store answers");
    assert_eq!((second.leases, second.entries_posted), (0, 0));
    let expected = monthly(&["2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]);
    assert_eq!(fx.charges(lease.id).await, expected);

    // The job itself, as the worker runs it, on the same day then a month later.
    let clock = ManualClock::new(later);
    let context = JobContext {
        services: fx.services.clone(),
        clock: Arc::new(clock.clone()),
    };
    let registry = default_registry::<AnyStore>();
    for _ in 0..2 {
        registry
            .dispatch(POST_DUE_CHARGES, context.clone(), "{}")
            .expect("a built-in job")
            .await
            .expect("the job succeeds");
    }
    assert_eq!(fx.charges(lease.id).await, expected, "nothing posted twice");
    clock.set(at(2026, 4, 5, 10));
    registry
        .dispatch(POST_DUE_CHARGES, context.clone(), "{}")
        .expect("a built-in job")
        .await
        .expect("the job succeeds");
    assert_eq!(
        fx.charges(lease.id).await,
        monthly(&[
            "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04"
        ])
    );
    let balance = fx
        .services
        .tenant_balance(&fx.actor, fx.tenant, at(2026, 4, 5, 10))
        .await
        .expect("a balance");
    assert_eq!(balance.outstanding.cents(), 6 * 85_000);
    fx.assert_reconciles().await;
}

#[tokio::test]
async fn the_worker_charges_a_lease_when_its_next_charge_falls_due() {
    let created = at(2026, 3, 4, 10);
    let fx = fixture(created).await;
    let lease = fx.lease("2026-02-01", 5, created).await;
    assert_eq!(fx.charges(lease.id).await, monthly(&["2026-02"]));

    let clock = ManualClock::new(created);
    let handle = spawn_in_process(
        fx.store.clone(),
        JobsConfig {
            worker: WorkerConfig {
                poll_interval: StdDuration::from_millis(20),
                lock_for: StdDuration::from_secs(60),
                retry: RetryPolicy {
                    base: StdDuration::from_millis(50),
                    cap: StdDuration::from_secs(1),
                },
            },
            workers: 1,
            schedule_interval: StdDuration::from_millis(50),
            clock: Arc::new(clock.clone()),
        },
    );
    let (fx, lease_id) = (&fx, lease.id);
    // The scheduler's first tick runs the job at once: nothing is due yet.
    wait_for("the first run", move || async move {
        done_runs(&fx.store).await >= 1
    })
    .await;
    assert_eq!(fx.charges(lease.id).await, monthly(&["2026-02"]));

    // March 5th in Paris: the next tick (a new hour slot) charges March.
    clock.set(at(2026, 3, 5, 6));
    wait_for("March to be charged", move || async move {
        fx.charges(lease_id).await == monthly(&["2026-02", "2026-03"])
    })
    .await;
    // Asked to run at once, it posts nothing more.
    let runs = done_runs(&fx.store).await;
    handle
        .run_charges_now()
        .await
        .expect("the queue answers")
        .expect("enqueued");
    wait_for("the extra run", move || async move {
        done_runs(&fx.store).await > runs
    })
    .await;
    assert_eq!(fx.charges(lease.id).await, monthly(&["2026-02", "2026-03"]));
    handle.shutdown().await;
    let dead = fx
        .store
        .jobs(JobStatus::Dead, PageRequest::new(1, 10))
        .await
        .expect("the queue answers");
    assert_eq!(dead.total, 0);
    fx.assert_reconciles().await;
}

async fn done_runs(store: &AnyStore) -> u64 {
    store
        .jobs(JobStatus::Done, PageRequest::new(1, 100))
        .await
        .expect("the queue answers")
        .results
        .iter()
        .filter(|j| j.kind == POST_DUE_CHARGES)
        .count() as u64
}

/// Polls `condition` every 20 ms for at most 10 s.
async fn wait_for<F, Fut>(what: &str, condition: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..500 {
        if condition().await {
            return;
        }
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn ending_a_lease_before_its_due_day_charges_the_days_it_ran() {
    // Due on the 20th: on March 10th, March is not charged yet.
    let now = at(2026, 3, 10, 10);
    let fx = fixture(now).await;
    let lease = fx.lease("2026-01-01", 20, now).await;
    assert_eq!(fx.charges(lease.id).await, monthly(&["2026-01", "2026-02"]));
    // Moved out on March 8th: 8 days of 31 are due at once (800 * 8 / 31 = 206.45,
    // 50 * 8 / 31 = 12.90), not lost because the old due date was later.
    let ended = fx
        .services
        .end_lease(&fx.actor, lease.id, "2026-03-08", now)
        .await
        .expect("ended");
    assert_eq!(ended.next_charge_on, None);
    let mut expected = monthly(&["2026-01", "2026-02"]);
    expected.push(("2026-03".into(), ChargeKind::Rent, 20_645));
    expected.push(("2026-03".into(), ChargeKind::ServiceCharges, 1_290));
    expected.sort();
    assert_eq!(fx.charges(lease.id).await, expected);
    let later = post_due_charges_everywhere(&fx.services, at(2026, 6, 1, 10))
        .await
        .expect("the store answers");
    assert_eq!(later.entries_posted, 0);
    assert_eq!(fx.charges(lease.id).await, expected);
    fx.assert_reconciles().await;
}

#[tokio::test]
async fn moving_the_due_day_earlier_charges_the_current_month_at_once() {
    let now = at(2026, 3, 10, 10);
    let fx = fixture(now).await;
    let lease = fx.lease("2026-01-01", 20, now).await;
    let update = LeaseUpdateInput {
        due_day: Some(5),
        ..LeaseUpdateInput::default()
    };
    let updated = fx
        .services
        .update_lease(&fx.actor, lease.id, &update, now)
        .await
        .expect("updated");
    assert_eq!(
        fx.charges(lease.id).await,
        monthly(&["2026-01", "2026-02", "2026-03"])
    );
    assert_eq!(updated.next_charge_on, NaiveDate::from_ymd_opt(2026, 4, 5));
    // Moving it back later charges nothing twice.
    let update = LeaseUpdateInput {
        due_day: Some(25),
        ..LeaseUpdateInput::default()
    };
    fx.services
        .update_lease(&fx.actor, lease.id, &update, at(2026, 3, 26, 10))
        .await
        .expect("updated");
    assert_eq!(
        fx.charges(lease.id).await,
        monthly(&["2026-01", "2026-02", "2026-03"])
    );
    let period = Period::new(2026, 3).expect("a valid period");
    let march: Vec<_> = fx
        .entries(lease.id)
        .await
        .into_iter()
        .filter(|e| e.period == Some(period))
        .collect();
    assert_eq!(march.len(), 2, "one rent and one service charge");
    fx.assert_reconciles().await;
}
