//! A randomized history of payments (record, amend, delete on two leases, one with
//! co-tenants), after which every materialized figure must agree with the entries and
//! with a model of the payments that stand.

use std::collections::BTreeMap;

use chrono::Duration;
use rentmark_domain::calendar::Period;
use rentmark_domain::ids::PaymentId;
use rentmark_domain::ledger::PaymentInput;
use rentmark_domain::ports::{LedgerRepository, PageRequest};
use rentmark_store::AnyStore;

use crate::harness::{Org, date, now};

/// A small deterministic generator (64-bit LCG, high bits), so a failure replays.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

pub async fn random_payment_histories_reconcile(store: AnyStore) {
    for seed in [7_u64, 1_234, 99_991] {
        let mut rng = Lcg(seed);
        let org = Org::sign_up(&store).await;
        let home = org.property("Hasard").await;
        let (u1, u2) = (
            org.unit(&home, "1", "850").await,
            org.unit(&home, "2", "1100").await,
        );
        let (t1, t2, t3) = (
            org.tenant("Un").await,
            org.tenant("Deux").await,
            org.tenant("Trois").await,
        );
        let solo = org
            .lease(&Org::lease_input(&u1, &[&t1], "2025-11-01", "850"))
            .await;
        let shared = org
            .lease(&Org::lease_input(&u2, &[&t2, &t3], "2025-12-15", "1100"))
            .await;
        let accounts = [(&solo, &t1), (&shared, &t2), (&shared, &t3)];

        // payment -> amount in cents while it stands
        let mut standing: BTreeMap<PaymentId, i64> = BTreeMap::new();
        let mut all: Vec<PaymentId> = Vec::new();
        for step in 0..30_i64 {
            let at = now() + Duration::seconds(step);
            let cents = 1 + i64::try_from(rng.next(150_000)).unwrap();
            let amount = format!("{}.{:02}", cents / 100, cents % 100);
            let paid_on = date(2025, 11, 1) + Duration::days(i64::try_from(rng.next(130)).unwrap());
            let (lease, tenant) = accounts[usize::try_from(rng.next(3)).unwrap()];
            let input = PaymentInput {
                lease_id: Some(lease.id.to_string()),
                tenant_id: Some(tenant.id.to_string()),
                amount,
                paid_on: paid_on.to_string(),
                method: ["transfer", "card", "cash"][usize::try_from(rng.next(3)).unwrap()].into(),
                receipt_document_id: None,
            };
            let action = if all.is_empty() { 0 } else { rng.next(4) };
            let s = &org.services;
            match action {
                0 | 1 => {
                    let payment = s
                        .record_payment(&org.actor, &input, None, at)
                        .await
                        .unwrap();
                    standing.insert(payment.id, cents);
                    all.push(payment.id);
                }
                2 => {
                    let id = all[usize::try_from(rng.next(all.len() as u64)).unwrap()];
                    let current = s.payment(&org.actor, id).await.unwrap();
                    let mut input = input;
                    input.lease_id = Some(current.lease_id.to_string());
                    input.tenant_id = Some(current.tenant_id.to_string());
                    match s.amend_payment(&org.actor, id, &input, at).await {
                        Ok(_) => {
                            standing.insert(id, cents);
                        }
                        Err(rentmark_domain::ServiceError::Conflict("payment.deleted")) => {
                            assert!(!standing.contains_key(&id));
                        }
                        Err(other) => panic!("amend: {other:?}"),
                    }
                }
                _ => {
                    let id = all[usize::try_from(rng.next(all.len() as u64)).unwrap()];
                    match s.delete_payment(&org.actor, id, at).await {
                        Ok(_) => {
                            assert!(standing.remove(&id).is_some());
                        }
                        Err(rentmark_domain::ServiceError::Conflict("payment.deleted")) => {
                            assert!(!standing.contains_key(&id));
                        }
                        Err(other) => panic!("delete: {other:?}"),
                    }
                }
            }
        }

        let discrepancies = store.reconcile(org.id()).await.unwrap();
        assert!(discrepancies.is_empty(), "seed {seed}: {discrepancies:?}");
        let expected: i64 = standing.values().sum();
        let totals = store.org_totals(org.id(), date(2026, 3, 15)).await.unwrap();
        assert_eq!(totals.paid.cents(), expected, "seed {seed}");
        let rows = store
            .account_rows(org.id(), None, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(
            rows.results.iter().map(|r| r.paid.cents()).sum::<i64>(),
            expected
        );
        assert_eq!(
            rows.results.iter().map(|r| r.charged.cents()).sum::<i64>(),
            totals.charged.cents()
        );
        let months = store
            .month_totals(
                org.id(),
                Period::new(2025, 11).unwrap(),
                Period::new(2026, 3).unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(
            months.iter().map(|m| m.collected.cents()).sum::<i64>(),
            expected
        );
        assert_eq!(
            months.iter().map(|m| m.due.cents()).sum::<i64>(),
            totals.charged.cents()
        );
    }
}
