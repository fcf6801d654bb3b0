//! Payments: record, amend and delete update every materialized figure exactly; stale
//! amendments conflict; retries are idempotent; everything is scoped to its
//! organization.

use chrono::Duration;
use rentmark_domain::calendar::Period;
use rentmark_domain::ids::{DocumentId, PaymentId};
use rentmark_domain::lease::Lease;
use rentmark_domain::ledger::{Payment, PaymentInput, PaymentMethod, PaymentStatus, RecordPayment};
use rentmark_domain::ports::{
    Document, DocumentRepository, LedgerRepository, PageRequest, PaymentFilter,
};
use rentmark_domain::tenant::Tenant;
use rentmark_store::AnyStore;

use crate::harness::{Org, conflict, date, not_found, now};

/// A landlord with one lease of one tenant at 900 a month since January 2026
/// (January to March charged).
async fn one_lease(store: &AnyStore) -> (Org, Lease, Tenant) {
    let org = Org::sign_up(store).await;
    let home = org.property("Les Lilas").await;
    let unit = org.unit(&home, "2A", "900").await;
    let tenant = org.tenant("Nina Faure").await;
    let lease = org
        .lease(&Org::lease_input(&unit, &[&tenant], "2026-01-01", "900"))
        .await;
    (org, lease, tenant)
}

fn input(lease: &Lease, tenant: &Tenant, amount: &str, paid_on: &str) -> PaymentInput {
    PaymentInput {
        lease_id: Some(lease.id.to_string()),
        tenant_id: Some(tenant.id.to_string()),
        amount: amount.into(),
        paid_on: paid_on.into(),
        method: "transfer".into(),
        receipt_document_id: None,
    }
}

/// `(charged, paid, oldest unpaid, last payment)` of the only account row, the
/// organization's `(charged, paid)`, and `(due, collected)` of January to March.
async fn figures(
    store: &AnyStore,
    org: &Org,
) -> (
    i64,
    i64,
    Option<chrono::NaiveDate>,
    Option<chrono::NaiveDate>,
    (i64, i64),
    Vec<(i64, i64)>,
) {
    let rows = store
        .account_rows(org.id(), None, PageRequest::default())
        .await
        .unwrap();
    let row = &rows.results[0];
    let totals = store.org_totals(org.id(), date(2026, 3, 15)).await.unwrap();
    let months = store
        .month_totals(
            org.id(),
            Period::new(2026, 1).unwrap(),
            Period::new(2026, 3).unwrap(),
        )
        .await
        .unwrap();
    assert!(
        store.reconcile(org.id()).await.unwrap().is_empty(),
        "the ledger reconciles"
    );
    (
        row.charged.cents(),
        row.paid.cents(),
        row.oldest_unpaid_on,
        row.last_payment_on,
        (totals.charged.cents(), totals.paid.cents()),
        months
            .iter()
            .map(|m| (m.due.cents(), m.collected.cents()))
            .collect(),
    )
}

pub async fn payments_record_amend_delete_rebalance(store: AnyStore) {
    let (org, lease, tenant) = one_lease(&store).await;
    let (s, actor) = (&org.services, &org.actor);
    let charged = 270_000;
    assert_eq!(
        figures(&store, &org).await,
        (
            charged,
            0,
            Some(date(2026, 1, 1)),
            None,
            (charged, 0),
            vec![(90_000, 0), (90_000, 0), (90_000, 0)]
        )
    );

    let paid = s
        .record_payment(
            actor,
            &input(&lease, &tenant, "1000.00", "2026-02-05"),
            None,
            now(),
        )
        .await
        .unwrap();
    assert_eq!(store.payment(org.id(), paid.id).await.unwrap(), paid);
    assert_eq!(
        figures(&store, &org).await,
        (
            charged,
            100_000,
            Some(date(2026, 2, 1)),
            Some(date(2026, 2, 5)),
            (charged, 100_000),
            vec![(90_000, 0), (90_000, 100_000), (90_000, 0)]
        )
    );

    let later = now() + Duration::minutes(5);
    let amended = s
        .amend_payment(
            actor,
            paid.id,
            &input(&lease, &tenant, "1200", "2026-03-02"),
            later,
        )
        .await
        .unwrap();
    assert_eq!(amended.revision, 2);
    assert_eq!(store.payment(org.id(), paid.id).await.unwrap(), amended);
    assert_eq!(
        figures(&store, &org).await,
        (
            charged,
            120_000,
            Some(date(2026, 2, 1)),
            Some(date(2026, 3, 2)),
            (charged, 120_000),
            vec![(90_000, 0), (90_000, 0), (90_000, 120_000)]
        )
    );

    let deleted = s
        .delete_payment(actor, paid.id, later + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(
        (deleted.status, deleted.revision),
        (PaymentStatus::Deleted, 3)
    );
    assert_eq!(store.payment(org.id(), paid.id).await.unwrap(), deleted);
    assert_eq!(
        figures(&store, &org).await,
        (
            charged,
            0,
            Some(date(2026, 1, 1)),
            None,
            (charged, 0),
            vec![(90_000, 0), (90_000, 0), (90_000, 0)]
        )
    );
    // Three charges, the payment, its reversal and new entry, the final reversal.
    assert_eq!(
        store.lease_entries(org.id(), lease.id).await.unwrap().len(),
        7
    );
    let listed = store
        .payments(org.id(), PaymentFilter::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(listed.results, vec![deleted]);
}

pub async fn stale_amendments_conflict_and_write_nothing(store: AnyStore) {
    let (org, lease, tenant) = one_lease(&store).await;
    let (s, actor) = (&org.services, &org.actor);
    let first = s
        .record_payment(
            actor,
            &input(&lease, &tenant, "500", "2026-03-01"),
            None,
            now(),
        )
        .await
        .unwrap();
    let first_entry = store.entry(org.id(), first.entry_id).await.unwrap();
    let current = s
        .amend_payment(
            actor,
            first.id,
            &input(&lease, &tenant, "600", "2026-03-01"),
            now(),
        )
        .await
        .unwrap();
    let before = figures(&store, &org).await;
    let entries_before = store.lease_entries(org.id(), lease.id).await.unwrap();

    // A change computed from revision 1, arriving after revision 2.
    let details = input(&lease, &tenant, "700", "2026-03-03")
        .parse_amend(actor.org.currency)
        .unwrap();
    let (stale, stale_entries) = first
        .amend(&first_entry, details, now() + Duration::seconds(30))
        .unwrap();
    conflict(
        store.amend_payment(&stale, 1, &stale_entries).await,
        "payment_revision",
    );
    let (stale_delete, reversal) = first.delete(&first_entry, now()).unwrap();
    conflict(
        store.amend_payment(&stale_delete, 1, &[reversal]).await,
        "payment_revision",
    );

    assert_eq!(store.payment(org.id(), first.id).await.unwrap(), current);
    assert_eq!(
        store.lease_entries(org.id(), lease.id).await.unwrap(),
        entries_before
    );
    assert_eq!(figures(&store, &org).await, before);
}

pub async fn record_payment_is_idempotent(store: AnyStore) {
    let (org, lease, tenant) = one_lease(&store).await;
    let (s, actor) = (&org.services, &org.actor);
    let first = s
        .record_payment(
            actor,
            &input(&lease, &tenant, "300", "2026-03-05"),
            Some("retry-42"),
            now(),
        )
        .await
        .unwrap();
    let again = s
        .record_payment(
            actor,
            &input(&lease, &tenant, "999", "2026-03-06"),
            Some("retry-42"),
            now() + Duration::seconds(9),
        )
        .await
        .unwrap();
    assert_eq!(again, first);
    let payments = store
        .payments(org.id(), PaymentFilter::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(payments.total, 1);
    assert_eq!(figures(&store, &org).await.1, 30_000);

    // After a correction, a replay returns the payment as it stands.
    let amended = s
        .amend_payment(
            actor,
            first.id,
            &input(&lease, &tenant, "350", "2026-03-05"),
            now(),
        )
        .await
        .unwrap();
    let replay = s
        .record_payment(
            actor,
            &input(&lease, &tenant, "300", "2026-03-05"),
            Some("retry-42"),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(replay, amended);
    assert_eq!(figures(&store, &org).await.1, 35_000);
    // Another key is another payment.
    s.record_payment(
        actor,
        &input(&lease, &tenant, "300", "2026-03-05"),
        Some("retry-43"),
        now(),
    )
    .await
    .unwrap();
    assert_eq!(figures(&store, &org).await.1, 65_000);
}

pub async fn payments_and_entries_are_isolated(store: AnyStore) {
    let (a, lease, tenant) = one_lease(&store).await;
    let (b, their_lease, their_tenant) = one_lease(&store).await;
    let ours = a
        .services
        .record_payment(
            &a.actor,
            &input(&lease, &tenant, "100", "2026-03-01"),
            None,
            now(),
        )
        .await
        .unwrap();
    let theirs = b
        .services
        .record_payment(
            &b.actor,
            &input(&their_lease, &their_tenant, "200", "2026-03-01"),
            None,
            now(),
        )
        .await
        .unwrap();

    not_found(store.payment(a.id(), theirs.id).await);
    not_found(store.payment(a.id(), PaymentId::generate(now())).await);
    not_found(store.entry(a.id(), theirs.entry_id).await);
    not_found(store.lease_entries(a.id(), their_lease.id).await);
    not_found(store.tenant_entries(a.id(), their_tenant.id).await);
    not_found(store.tenant_accounts(a.id(), their_tenant.id).await);
    let by_lease = PaymentFilter {
        lease_id: Some(their_lease.id),
        tenant_id: None,
    };
    assert_eq!(
        store
            .payments(a.id(), by_lease, PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );
    let all = store
        .payments(a.id(), PaymentFilter::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(all.results, vec![ours.clone()]);
    let by_tenant = PaymentFilter {
        lease_id: None,
        tenant_id: Some(tenant.id),
    };
    assert_eq!(
        store
            .payments(a.id(), by_tenant, PageRequest::default())
            .await
            .unwrap()
            .results,
        vec![ours.clone()]
    );
    assert_eq!(
        store.tenant_entries(a.id(), tenant.id).await.unwrap().len(),
        4
    );

    // Straight to the port: another organization's lease, a tenant not on the lease,
    // another organization's receipt: not found, nothing written.
    let before = figures(&store, &a).await;
    let record = |lease_id, tenant_id, receipt| {
        let command = RecordPayment {
            lease_id,
            tenant_id,
            details: rentmark_domain::ledger::PaymentDetails {
                amount: ours.amount,
                paid_on: date(2026, 3, 2),
                method: PaymentMethod::Cash,
                receipt_document_id: receipt,
            },
        };
        Payment::record(a.id(), command, None, now())
    };
    let stranger = a.tenant("Inconnu").await;
    let receipt = Document {
        id: DocumentId::generate(now()),
        org_id: b.id(),
        kind: "receipt".into(),
        filename: "r.png".into(),
        content_type: "image/png".into(),
        size_bytes: 10,
        blob_key: "b/r.png".into(),
        uploaded_by: None,
        created_at: now(),
    };
    store.create_document(&receipt).await.unwrap();
    for (payment, entry) in [
        record(their_lease.id, their_tenant.id, None),
        record(lease.id, stranger.id, None),
        record(lease.id, tenant.id, Some(receipt.id)),
    ] {
        not_found(store.record_payment(&payment, &entry).await);
        not_found(store.payment(a.id(), payment.id).await);
    }
    assert_eq!(figures(&store, &a).await, before);

    // Amending another organization's payment from this one: not found.
    let their_entry = store.entry(b.id(), theirs.entry_id).await.unwrap();
    let (mut hijack, reversal) = theirs.delete(&their_entry, now()).unwrap();
    hijack.org_id = a.id();
    let mut reversal = reversal;
    reversal.org_id = a.id();
    not_found(
        store
            .amend_payment(&hijack, theirs.revision, &[reversal])
            .await,
    );
    assert_eq!(store.payment(b.id(), theirs.id).await.unwrap(), theirs);
    assert!(matches!(store.reconcile(b.id()).await, Ok(d) if d.is_empty()));
}

pub async fn concurrent_payments_keep_balances_exact(store: AnyStore) {
    let (org, lease, tenant) = one_lease(&store).await;
    let mut tasks = Vec::new();
    for n in 0..8_i64 {
        let org = org.clone();
        let input = input(
            &lease,
            &tenant,
            &format!("{}.00", 100 + n),
            &format!("2026-0{}-1{n}", 1 + n % 3),
        );
        tasks.push(tokio::spawn(async move {
            org.services
                .record_payment(&org.actor, &input, None, now())
                .await
                .unwrap()
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    // 100 + 101 + .. + 107 euros.
    let (charged, paid, oldest, last, totals, months) = figures(&store, &org).await;
    assert_eq!(
        (charged, paid, totals),
        (270_000, 82_800, (270_000, 82_800))
    );
    assert_eq!(oldest, Some(date(2026, 1, 1)));
    assert_eq!(last, Some(date(2026, 3, 15)), "n = 5 paid on March 15th");
    assert_eq!(months.iter().map(|m| m.1).sum::<i64>(), 82_800);
}
