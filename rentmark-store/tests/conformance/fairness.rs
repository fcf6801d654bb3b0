//! Co-tenants charged fairly to the cent through the store: the charge job splits
//! each month from what the co-tenants' accounts hold, so their balances never drift
//! more than a cent apart, through a prorated first month and a change of rent; and a
//! lease charged unevenly before (one co-tenant a few cents ahead) is evened out by
//! its next charges.

use chrono::{Duration, NaiveDate};
use rentmark_domain::calendar::Period;
use rentmark_domain::lease::Lease;
use rentmark_domain::ledger::{ChargeKind, EntryKind, IdempotencyKey, LedgerEntry};
use rentmark_domain::ports::{LeaseCharges, LeaseRepository, LedgerRepository};
use rentmark_domain::property::UnitInput;
use rentmark_domain::schedule::charges_for_period;
use rentmark_domain::services::LeaseUpdateInput;
use rentmark_store::AnyStore;

use crate::harness::{Org, date, now};

/// A unit for three people, let to three new co-tenants from `start` at `rent`.
async fn three_way_lease(a: &Org, start: &str, rent: &str) -> Lease {
    let home = a.property("Colocation").await;
    let unit = a
        .services
        .create_unit(
            &a.actor,
            home.id,
            &UnitInput {
                name: "T4".into(),
                capacity: Some(3),
                rent: rent.into(),
                ..UnitInput::default()
            },
            now(),
        )
        .await
        .unwrap();
    let tenants = [
        a.tenant("Ana Lopes").await,
        a.tenant("Ben Okafor").await,
        a.tenant("Chloé Martin").await,
    ];
    let mut input = Org::lease_input(&unit, &[&tenants[0], &tenants[1], &tenants[2]], start, rent);
    input.charges = Some("20.02".into());
    input.deposit = Some("1000.00".into());
    a.lease(&input).await
}

/// Each co-tenant's charges total on `lease`, in co-tenant order.
async fn charged(store: &AnyStore, a: &Org, lease: &Lease) -> Vec<i64> {
    let mut charged = Vec::new();
    for co_tenant in &lease.tenants {
        let rows = store
            .tenant_accounts(a.id(), co_tenant.tenant_id)
            .await
            .unwrap();
        let row = rows.iter().find(|r| r.lease_id == lease.id).unwrap();
        charged.push(row.charged.cents());
    }
    charged
}

fn spread(charged: &[i64]) -> i64 {
    charged.iter().max().unwrap() - charged.iter().min().unwrap()
}

pub async fn a_three_way_lease_keeps_co_tenants_within_a_cent(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    // Started on January 10th (a prorated month), created on March 15th: the
    // deposit, January, February and March are posted with the lease.
    let lease = three_way_lease(&a, "2026-01-10", "750.01").await;
    // 22 days of 31, rounded half up.
    let prorated = |monthly: i64| (2 * monthly * 22 + 31) / 62;
    let mut expected = 100_000 + prorated(75_001) + prorated(2_002);
    expected += 2 * (75_001 + 2_002);
    let at_creation = charged(&store, &a, &lease).await;
    assert_eq!(at_creation.iter().sum::<i64>(), expected);
    assert!(spread(&at_creation) <= 1, "{at_creation:?}");

    // The charge job on the 2nd of every month from April to December; on June 2nd
    // the rent goes up to 801.00 (the change posts June's charges itself).
    let mut rent = 75_001;
    for month in 4..=12 {
        let day = date(2026, month, 2);
        let at = day.and_hms_opt(9, 0, 0).unwrap().and_utc();
        if month == 6 {
            a.services
                .update_lease(
                    &a.actor,
                    lease.id,
                    &LeaseUpdateInput {
                        rent: Some("801.00".into()),
                        ..LeaseUpdateInput::default()
                    },
                    at,
                )
                .await
                .unwrap();
            rent = 80_100;
        }
        a.services.post_due_charges(&a.actor.org, at).await.unwrap();
        expected += rent + 2_002;
        let now_charged = charged(&store, &a, &lease).await;
        assert_eq!(now_charged.iter().sum::<i64>(), expected, "month {month}");
        assert!(spread(&now_charged) <= 1, "month {month}: {now_charged:?}");
    }
    // Nothing owed is unaccounted for, and a second run posts nothing.
    let again = a
        .services
        .post_due_charges(
            &a.actor.org,
            date(2026, 12, 2).and_hms_opt(10, 0, 0).unwrap().and_utc(),
        )
        .await
        .unwrap();
    assert_eq!(again.entries_posted, 0);
    assert!(store.reconcile(a.id()).await.unwrap().is_empty());
}

pub async fn co_tenants_charged_unevenly_before_are_evened_out(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let lease = three_way_lease(&a, "2026-03-01", "750.01").await;
    // April to July posted as before this rule: each month split on its own, the
    // remainder cent always on the first co-tenant (written straight to the port).
    let mut posted = Vec::new();
    for month in 4..=7 {
        let period = Period::new(2026, month).unwrap();
        for charge in charges_for_period(&lease.terms, period) {
            let shares = charge.amount.split(&[1, 1, 1]).unwrap();
            for (co_tenant, share) in lease.tenants.iter().zip(shares) {
                posted.push(LedgerEntry {
                    id: rentmark_domain::ids::EntryId::generate(now()),
                    org_id: a.id(),
                    lease_id: lease.id,
                    tenant_id: co_tenant.tenant_id,
                    kind: EntryKind::Charge(charge.kind),
                    amount: share,
                    effective_on: charge.due_on,
                    period: Some(period),
                    reverses: None,
                    payment_id: None,
                    idempotency_key: IdempotencyKey::for_charge(
                        lease.id,
                        period,
                        charge.kind,
                        co_tenant.tenant_id,
                    ),
                    recorded_at: now(),
                });
            }
            assert_ne!(charge.kind, ChargeKind::Deposit);
        }
    }
    store
        .post_charges(
            a.id(),
            &[LeaseCharges {
                lease_id: lease.id,
                entries: posted,
                next_charge_on: Some(date(2026, 8, 1)),
            }],
        )
        .await
        .unwrap();
    let before = charged(&store, &a, &lease).await;
    // 750.01 and 20.02 a month: two remainder cents on the first co-tenant each
    // month, eight after four months (plus March's, posted fairly).
    assert!(spread(&before) >= 8, "{before:?}");

    // August's charges go to the co-tenants behind first: even again at once.
    let august = NaiveDate::from_ymd_opt(2026, 8, 2).unwrap();
    let at = august.and_hms_opt(9, 0, 0).unwrap().and_utc();
    a.services.post_due_charges(&a.actor.org, at).await.unwrap();
    let after = charged(&store, &a, &lease).await;
    assert_eq!(
        after.iter().sum::<i64>(),
        before.iter().sum::<i64>() + 75_001 + 2_002
    );
    assert!(spread(&after) <= 1, "{after:?}");
    // And stays so.
    a.services
        .post_due_charges(&a.actor.org, at + Duration::days(31))
        .await
        .unwrap();
    assert!(spread(&charged(&store, &a, &lease).await) <= 1);
}
