//! The materialized figures: billing rows in order, organization totals with
//! occupancy, monthly totals.

use rentmark_domain::calendar::Period;
use rentmark_domain::ids::PropertyId;
use rentmark_domain::lease::Lease;
use rentmark_domain::ledger::PaymentInput;
use rentmark_domain::ports::{LedgerRepository, PageRequest};
use rentmark_domain::tenant::Tenant;
use rentmark_store::AnyStore;

use crate::harness::{Org, date, not_found, now};

async fn pay(org: &Org, lease: &Lease, tenant: &Tenant, amount: &str) {
    let input = PaymentInput {
        lease_id: Some(lease.id.to_string()),
        tenant_id: Some(tenant.id.to_string()),
        amount: amount.into(),
        paid_on: "2026-03-10".into(),
        method: "card".into(),
        receipt_document_id: None,
    };
    org.services
        .record_payment(&org.actor, &input, None, now())
        .await
        .unwrap();
}

/// The charge job posts many leases' months in one batch; their accounts are then
/// recomputed a few hundred per statement instead of one by one. Same figures.
pub async fn charges_for_many_leases_update_every_account(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let home = a.property("Cité").await;
    let mut leases = Vec::new();
    for n in 0..5 {
        let unit = a.unit(&home, &format!("U{n}"), "1000").await;
        let (t1, t2) = (
            a.tenant(&format!("Anne {n}")).await,
            a.tenant(&format!("Luc {n}")).await,
        );
        let lease = a
            .lease(&Org::lease_input(&unit, &[&t1, &t2], "2026-01-01", "1000"))
            .await;
        leases.push((lease, t1, t2));
    }
    // March is paid in part by one co-tenant before the run.
    pay(&a, &leases[0].0, &leases[0].1, "700").await;
    let in_may = now() + chrono::Duration::days(50);
    let run = a
        .services
        .post_due_charges(&a.actor.org, in_may)
        .await
        .unwrap();
    assert_eq!(
        (run.leases, run.entries_posted),
        (5, 20),
        "April and May, two co-tenants, five leases: ten accounts in one batch"
    );
    assert_eq!(store.reconcile(a.id()).await.unwrap(), vec![]);
    let rows = store
        .account_rows(a.id(), None, PageRequest::new(1, 20))
        .await
        .unwrap();
    assert_eq!(rows.total, 10);
    for row in &rows.results {
        // January to May, 500 a month each.
        assert_eq!(row.charged.cents(), 250_000, "{}", row.tenant_name);
        let open: i64 = row.open.iter().map(|d| d.remaining.cents()).sum();
        assert_eq!(open, row.outstanding().cents(), "{}", row.tenant_name);
        assert_eq!(row.open.last().map(|d| d.due_on), Some(date(2026, 5, 1)));
    }
    let anne = rows
        .results
        .iter()
        .find(|r| r.tenant_id == leases[0].1.id)
        .unwrap();
    // 700 paid: January whole, February 200 of 500 remains 300.
    assert_eq!(anne.paid.cents(), 70_000);
    assert_eq!(
        anne.open.first().map(|d| (d.due_on, d.remaining.cents())),
        Some((date(2026, 2, 1), 30_000))
    );
    assert_eq!(anne.oldest_unpaid_on, Some(date(2026, 2, 1)));
    let again = a
        .services
        .post_due_charges(&a.actor.org, in_may)
        .await
        .unwrap();
    assert_eq!(again.entries_posted, 0);
    assert_eq!(store.reconcile(a.id()).await.unwrap(), vec![]);
}

pub async fn account_rows_sort_by_outstanding_then_name(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let (p1, p2) = (a.property("Nord").await, a.property("Sud").await);
    let mut leases = Vec::new();
    for (property, unit, name, rent) in [
        (&p1, "N1", "Claire Vidal", "900"),
        (&p1, "N2", "Bruno Vidal", "900"),
        (&p2, "S1", "Alice Vidal", "500"),
        (&p2, "S2", "Denis Vidal", "900"),
    ] {
        let unit = a.unit(property, unit, rent).await;
        let tenant = a.tenant(name).await;
        let lease = a
            .lease(&Org::lease_input(&unit, &[&tenant], "2026-03-01", rent))
            .await;
        leases.push((lease, tenant));
    }
    pay(&a, &leases[3].0, &leases[3].1, "900").await;
    pay(&a, &leases[2].0, &leases[2].1, "100").await;

    let names = |rows: &[rentmark_domain::ports::AccountRow]| {
        rows.iter()
            .map(|r| (r.tenant_name.clone(), r.outstanding().cents()))
            .collect::<Vec<_>>()
    };
    let all = store
        .account_rows(a.id(), None, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(all.total, 4);
    assert_eq!(
        names(&all.results),
        vec![
            ("Bruno Vidal".to_owned(), 90_000),
            ("Claire Vidal".to_owned(), 90_000),
            ("Alice Vidal".to_owned(), 40_000),
            ("Denis Vidal".to_owned(), 0),
        ]
    );
    let second = store
        .account_rows(a.id(), None, PageRequest::new(2, 3))
        .await
        .unwrap();
    assert_eq!(
        (second.total, names(&second.results)),
        (4, vec![("Denis Vidal".to_owned(), 0)])
    );
    let south = store
        .account_rows(a.id(), Some(p2.id), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(south.total, 2);
    assert_eq!(
        names(&south.results),
        vec![
            ("Alice Vidal".to_owned(), 40_000),
            ("Denis Vidal".to_owned(), 0)
        ]
    );
    assert!(
        south
            .results
            .iter()
            .all(|r| r.property_id == p2.id && r.property_name == "Sud")
    );
    assert_eq!(south.results[1].last_payment_on, Some(date(2026, 3, 10)));
    assert_eq!(south.results[1].oldest_unpaid_on, None);
    // What remains due, charge by charge: Alice paid 100 of March's 500.
    assert_eq!(
        south.results[0]
            .open
            .iter()
            .map(|d| (d.due_on, d.remaining.cents()))
            .collect::<Vec<_>>(),
        vec![(date(2026, 3, 1), 40_000)]
    );
    assert!(south.results[1].open.is_empty());
    // The organization's account count (kept on write) and the dues agree with
    // the entries.
    assert_eq!(store.reconcile(a.id()).await.unwrap(), vec![]);

    not_found(
        store
            .account_rows(
                a.id(),
                Some(PropertyId::generate(now())),
                PageRequest::default(),
            )
            .await,
    );
    let theirs = store
        .account_rows(b.id(), None, PageRequest::default())
        .await
        .unwrap();
    assert_eq!((theirs.total, theirs.results.len()), (0, 0));
}

pub async fn org_totals_count_occupancy_on_the_day(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let home = a.property("Cour").await;
    let (u1, u2, _u3) = (
        a.unit(&home, "1", "600").await,
        a.unit(&home, "2", "700").await,
        a.unit(&home, "3", "800").await,
    );
    let (t1, t2) = (a.tenant("Yves Noël").await, a.tenant("Ana Noël").await);
    let mut first = Org::lease_input(&u1, &[&t1], "2026-01-01", "600");
    first.end_date = Some("2026-03-31".into());
    a.lease(&first).await;
    a.lease(&Org::lease_input(&u2, &[&t2], "2026-03-10", "700"))
        .await;

    let occupied = |day| {
        let store = store.clone();
        let org = a.id();
        async move {
            let totals = store.org_totals(org, day).await.unwrap();
            assert_eq!(totals.units, 3);
            totals.occupied_units
        }
    };
    assert_eq!(occupied(date(2025, 12, 31)).await, 0);
    assert_eq!(occupied(date(2026, 3, 5)).await, 1);
    assert_eq!(occupied(date(2026, 3, 10)).await, 2);
    assert_eq!(occupied(date(2026, 3, 31)).await, 2);
    assert_eq!(occupied(date(2026, 4, 1)).await, 1);

    let totals = store.org_totals(a.id(), date(2026, 3, 15)).await.unwrap();
    // January to March at 600, and March from the 10th at 700 * 22/31 = 496.77.
    assert_eq!(totals.charged.cents(), 3 * 60_000 + 49_677);
    assert_eq!(totals.paid.cents(), 0);
    let theirs = store.org_totals(b.id(), date(2026, 3, 15)).await.unwrap();
    assert_eq!(
        (theirs.units, theirs.occupied_units, theirs.charged.cents()),
        (0, 0, 0)
    );
}

pub async fn month_totals_are_zero_filled(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let home = a.property("Quai").await;
    let unit = a.unit(&home, "1", "900").await;
    let tenant = a.tenant("Rémi Gauthier").await;
    a.lease(&Org::lease_input(&unit, &[&tenant], "2026-01-01", "900"))
        .await;

    let (from, to) = (
        Period::new(2025, 11).unwrap(),
        Period::new(2026, 5).unwrap(),
    );
    let months = store.month_totals(a.id(), from, to).await.unwrap();
    let periods: Vec<String> = months.iter().map(|m| m.period.to_string()).collect();
    assert_eq!(
        periods,
        [
            "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05"
        ]
    );
    let due: Vec<i64> = months.iter().map(|m| m.due.cents()).collect();
    assert_eq!(due, [0, 0, 90_000, 90_000, 90_000, 0, 0]);
    assert!(months.iter().all(|m| m.collected.is_zero()));
    assert!(
        store
            .month_totals(a.id(), to, from)
            .await
            .unwrap()
            .is_empty()
    );
    let theirs = store.month_totals(b.id(), from, to).await.unwrap();
    assert_eq!(theirs.len(), 7);
    assert!(
        theirs
            .iter()
            .all(|m| m.due.is_zero() && m.collected.is_zero())
    );
}

/// The dashboard's one read gives what `org_totals` and `month_totals` give, whether
/// the occupancy is cached or not; another organization's figures are its own.
pub async fn org_figures_are_the_totals_and_months_read_together(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let home = a.property("Quai").await;
    let (u1, _u2) = (
        a.unit(&home, "1", "900").await,
        a.unit(&home, "2", "500").await,
    );
    let tenant = a.tenant("Rémi Gauthier").await;
    let lease = a
        .lease(&Org::lease_input(&u1, &[&tenant], "2026-01-01", "900"))
        .await;
    pay(&a, &lease, &tenant, "1000").await;

    let today = date(2026, 3, 15);
    let (from, to) = (
        Period::new(2025, 12).unwrap(),
        Period::new(2026, 4).unwrap(),
    );
    // First read: the occupancy of the day is not cached yet; second: it is.
    for _ in 0..2 {
        let figures = store.org_figures(a.id(), today, from, to).await.unwrap();
        assert_eq!(
            figures.totals,
            store.org_totals(a.id(), today).await.unwrap()
        );
        assert_eq!(
            figures.months,
            store.month_totals(a.id(), from, to).await.unwrap()
        );
        assert_eq!(
            (figures.totals.units, figures.totals.occupied_units),
            (2, 1)
        );
        assert_eq!(figures.totals.charged.cents(), 3 * 90_000);
        assert_eq!(figures.totals.paid.cents(), 100_000);
        let due: Vec<i64> = figures.months.iter().map(|m| m.due.cents()).collect();
        assert_eq!(due, [0, 90_000, 90_000, 90_000, 0]);
        let collected: Vec<i64> = figures.months.iter().map(|m| m.collected.cents()).collect();
        assert_eq!(collected, [0, 0, 0, 100_000, 0]);
    }
    // A month range that is empty, and one without entries.
    let empty = store.org_figures(a.id(), today, to, from).await.unwrap();
    assert!(empty.months.is_empty());
    assert_eq!(empty.totals.charged.cents(), 3 * 90_000);
    let before = Period::new(2025, 1).unwrap();
    let quiet = store
        .org_figures(a.id(), today, before, before)
        .await
        .unwrap();
    assert_eq!(quiet.months.len(), 1);
    assert!(quiet.months[0].due.is_zero());

    let theirs = store.org_figures(b.id(), today, from, to).await.unwrap();
    assert_eq!(
        (
            theirs.totals.units,
            theirs.totals.charged.cents(),
            theirs.totals.paid.cents()
        ),
        (0, 0, 0)
    );
    assert!(
        theirs
            .months
            .iter()
            .all(|m| m.due.is_zero() && m.collected.is_zero())
    );
    not_found(
        store
            .org_figures(
                rentmark_domain::ids::OrgId::generate(now()),
                today,
                from,
                to,
            )
            .await,
    );
}

/// A tenant's ledger: the tenant with each of their accounts (oldest lease first) and
/// their latest payments; a tenant without a lease has no account; another
/// organization's tenant is not found.
pub async fn tenant_ledger_reads_the_tenant_with_their_accounts(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let home = a.property("Quai").await;
    let (u1, u2) = (
        a.unit(&home, "1", "900").await,
        a.unit(&home, "2", "500").await,
    );
    let tenant = a.tenant("Rémi Gauthier").await;
    let idle = a.tenant("Lou Idle").await;
    let first = a
        .lease(&Org::lease_input(&u1, &[&tenant], "2026-01-01", "900"))
        .await;
    let second = a
        .lease(&Org::lease_input(&u2, &[&tenant], "2026-02-01", "500"))
        .await;
    pay(&a, &second, &tenant, "200").await;
    pay(&a, &first, &tenant, "300").await;

    let ledger = store.tenant_ledger(a.id(), tenant.id, 12).await.unwrap();
    assert_eq!(ledger.tenant, tenant);
    let leases: Vec<_> = ledger.accounts.iter().map(|r| r.lease_id).collect();
    assert_eq!(leases, [first.id, second.id]);
    assert_eq!(
        ledger.accounts[0].outstanding().cents(),
        3 * 90_000 - 30_000
    );
    assert_eq!(
        ledger.accounts[1].outstanding().cents(),
        2 * 50_000 - 20_000
    );
    // Newest first (then by id), as the payment list orders them, every field read.
    let listed = store
        .payments(
            a.id(),
            rentmark_domain::ports::PaymentFilter {
                lease_id: None,
                tenant_id: Some(tenant.id),
            },
            rentmark_domain::ports::PageRequest::default(),
        )
        .await
        .unwrap()
        .results;
    assert_eq!(listed.len(), 2);
    assert_eq!(ledger.recent_payments, listed);
    assert_eq!(
        store
            .tenant_ledger(a.id(), tenant.id, 1)
            .await
            .unwrap()
            .recent_payments,
        listed[..1]
    );

    let alone = store.tenant_ledger(a.id(), idle.id, 12).await.unwrap();
    assert_eq!(alone.tenant, idle);
    assert!(alone.accounts.is_empty() && alone.recent_payments.is_empty());

    not_found(store.tenant_ledger(b.id(), tenant.id, 12).await);
}
