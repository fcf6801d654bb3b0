//! Leases: creation with the charges already due and their balances, overlap, missing
//! references, idempotent charge posting, tenant history, updates.

use chrono::Duration;
use rentmark_domain::ServiceError;
use rentmark_domain::calendar::Period;
use rentmark_domain::ids::{LeaseId, TenantId, UnitId};
use rentmark_domain::lease::{CoTenant, Lease, Share};
use rentmark_domain::ledger::charge_entries;
use rentmark_domain::ports::{
    DueLease, LeaseCharges, LeaseFilter, LeaseRepository, LedgerRepository, PageRequest,
    TenantRepository,
};
use rentmark_domain::schedule::charges_due_through;
use rentmark_domain::services::LeaseUpdateInput;
use rentmark_store::AnyStore;

use crate::harness::{Org, date, not_found, now};

pub async fn lease_creation_posts_due_charges_and_balances(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let home = a.property("Les Tilleuls").await;
    let unit = a.unit(&home, "3B", "900").await;
    let (t1, t2) = (a.tenant("Hugo Roux").await, a.tenant("Inès Roux").await);
    let mut input = Org::lease_input(&unit, &[&t1, &t2], "2026-01-10", "900");
    input.deposit = Some("900".into());
    let lease = a.lease(&input).await;

    // Read back exactly, co-tenants in order, next charge on April 1st.
    let stored = store.lease(a.id(), lease.id).await.unwrap();
    assert_eq!(stored, lease);
    assert_eq!(stored.tenants[0].tenant_id, t1.id);
    assert_eq!(stored.next_charge_on, Some(date(2026, 4, 1)));

    // Deposit, January prorated (900 * 22/31 = 638.71), February, March; split in two.
    let entries = store.lease_entries(a.id(), lease.id).await.unwrap();
    assert_eq!(entries.len(), 8);
    assert!(
        entries
            .windows(2)
            .all(|w| w[0].effective_on <= w[1].effective_on)
    );
    let t1_row = &store.tenant_accounts(a.id(), t1.id).await.unwrap()[0];
    let t2_row = &store.tenant_accounts(a.id(), t2.id).await.unwrap()[0];
    assert_eq!(t1_row.charged.cents(), 45_000 + 31_936 + 45_000 + 45_000);
    assert_eq!(t2_row.charged.cents(), 45_000 + 31_935 + 45_000 + 45_000);
    assert_eq!(t1_row.paid.cents(), 0);
    // Each co-tenant's entries are theirs alone (read through their leases).
    for (tenant, row) in [(&t1, t1_row), (&t2, t2_row)] {
        let theirs = store.tenant_entries(a.id(), tenant.id).await.unwrap();
        assert_eq!(theirs.len(), 4);
        assert!(theirs.iter().all(|e| e.tenant_id == tenant.id));
        let cents: i64 = theirs.iter().map(|e| e.amount.cents()).sum();
        assert_eq!(cents, row.charged.cents());
    }
    assert_eq!(t1_row.oldest_unpaid_on, Some(date(2026, 1, 10)));
    assert_eq!(t1_row.last_payment_on, None);
    assert_eq!(
        (t1_row.unit_name.as_str(), t1_row.property_name.as_str()),
        ("3B", "Les Tilleuls")
    );
    let totals = store.org_totals(a.id(), date(2026, 3, 15)).await.unwrap();
    assert_eq!(totals.charged.cents(), 333_871);
    assert_eq!(totals.paid.cents(), 0);
    let months = store
        .month_totals(
            a.id(),
            Period::new(2026, 1).unwrap(),
            Period::new(2026, 3).unwrap(),
        )
        .await
        .unwrap();
    let due: Vec<i64> = months.iter().map(|m| m.due.cents()).collect();
    assert_eq!(due, vec![90_000 + 63_871, 90_000, 90_000]);
    assert!(store.reconcile(a.id()).await.unwrap().is_empty());

    // Filters, and another organization sees nothing of it.
    let by = |filter| {
        let store = store.clone();
        let org = a.id();
        async move {
            store
                .leases(org, filter, PageRequest::default())
                .await
                .unwrap()
        }
    };
    for filter in [
        LeaseFilter::default(),
        LeaseFilter {
            unit_id: Some(unit.id),
            ..LeaseFilter::default()
        },
        LeaseFilter {
            tenant_id: Some(t2.id),
            ..LeaseFilter::default()
        },
        LeaseFilter {
            property_id: Some(home.id),
            ..LeaseFilter::default()
        },
    ] {
        let page = by(filter).await;
        assert_eq!((page.total, page.results), (1, vec![lease.clone()]));
    }
    let other_unit = a.unit(&home, "4C", "500").await;
    let none = by(LeaseFilter {
        unit_id: Some(other_unit.id),
        ..LeaseFilter::default()
    })
    .await;
    assert_eq!(none.total, 0);
    not_found(store.lease(b.id(), lease.id).await);
    assert_eq!(
        store
            .leases(b.id(), LeaseFilter::default(), PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );
    assert!(
        store
            .leases_due(b.id(), date(2030, 1, 1), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let due = store
        .leases_due(a.id(), date(2026, 4, 1), None, 10)
        .await
        .unwrap();
    // With what each co-tenant's account has been charged, in co-tenant order.
    assert_eq!(
        due,
        vec![DueLease {
            lease: lease.clone(),
            charged: vec![t1_row.charged, t2_row.charged],
        }]
    );
    assert!(
        store
            .leases_due(a.id(), date(2026, 3, 31), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn lease_overlap_and_missing_references_write_nothing(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let home = a.property("Résidence").await;
    let unit = a.unit(&home, "12", "750").await;
    let tenant = a.tenant("Paul Girard").await;
    let mut first = Org::lease_input(&unit, &[&tenant], "2026-01-01", "750");
    first.end_date = Some("2026-06-30".into());
    let lease = a.lease(&first).await;
    let before = store.org_totals(a.id(), date(2026, 3, 15)).await.unwrap();

    for (start, end) in [
        ("2026-06-30", None),
        ("2025-12-01", Some("2026-01-01")),
        ("2025-01-01", None),
    ] {
        let mut overlapping = Org::lease_input(&unit, &[&tenant], start, "750");
        overlapping.end_date = end.map(str::to_owned);
        let result = a.services.create_lease(&a.actor, &overlapping, now()).await;
        assert!(
            matches!(result, Err(ServiceError::Conflict("lease.overlap"))),
            "{start}..{end:?}: {result:?}"
        );
    }
    let after = store
        .leases(a.id(), LeaseFilter::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(after.results, vec![lease.clone()]);
    assert_eq!(
        store.org_totals(a.id(), date(2026, 3, 15)).await.unwrap(),
        before
    );
    // The day after the end is free.
    a.lease(&Org::lease_input(&unit, &[&tenant], "2026-07-01", "750"))
        .await;

    // Straight to the port: an unknown unit, another organization's tenant or unit.
    let other_home = b.property("Ailleurs").await;
    let their_unit = b.unit(&other_home, "1", "600").await;
    let their_tenant = b.tenant("Nora Blanc").await;
    let attempt = |unit_id: UnitId, tenant_id: TenantId| {
        let mut lease = lease.clone();
        lease.id = LeaseId::generate(now() + Duration::seconds(5));
        lease.unit_id = unit_id;
        lease.tenants = vec![CoTenant {
            tenant_id,
            share: Share::WHOLE,
        }];
        lease.terms.start_date = date(2027, 1, 1);
        lease.terms.end_date = None;
        lease
    };
    let free_unit = a.unit(&home, "13", "750").await;
    for candidate in [
        attempt(UnitId::generate(now()), tenant.id),
        attempt(their_unit.id, tenant.id),
        attempt(free_unit.id, their_tenant.id),
        attempt(free_unit.id, TenantId::generate(now())),
    ] {
        let entries = charge_entries(
            &candidate,
            &charges_due_through(&candidate.terms, date(2027, 3, 1)),
            now(),
        );
        assert!(!entries.is_empty());
        not_found(store.create_lease(&candidate, &entries, None).await);
        not_found(store.lease(a.id(), candidate.id).await);
    }
    let after = store.org_totals(a.id(), date(2026, 3, 15)).await.unwrap();
    assert_eq!(
        (after.charged, after.paid, after.occupied_units),
        (before.charged, before.paid, 1)
    );
    assert!(store.reconcile(a.id()).await.unwrap().is_empty());
}

pub async fn charges_posted_twice_post_nothing(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let home = a.property("Maison").await;
    let unit = a.unit(&home, "RDC", "1000").await;
    let (t1, t2) = (a.tenant("Anne Morel").await, a.tenant("Luc Morel").await);
    let lease = a
        .lease(&Org::lease_input(&unit, &[&t1, &t2], "2026-01-01", "1000"))
        .await;
    let in_may = now() + Duration::days(50);

    let first = a
        .services
        .post_due_charges(&a.actor.org, in_may)
        .await
        .unwrap();
    assert_eq!(
        (first.leases, first.entries_posted),
        (1, 4),
        "April and May, two co-tenants"
    );
    let totals = store.org_totals(a.id(), date(2026, 5, 4)).await.unwrap();
    let rows = store
        .account_rows(a.id(), None, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(totals.charged.cents(), 500_000);

    let second = a
        .services
        .post_due_charges(&a.actor.org, in_may)
        .await
        .unwrap();
    assert_eq!(second.entries_posted, 0);
    assert_eq!(
        store.org_totals(a.id(), date(2026, 5, 4)).await.unwrap(),
        totals
    );
    assert_eq!(
        store
            .account_rows(a.id(), None, PageRequest::default())
            .await
            .unwrap(),
        rows
    );

    // The same entries straight to the port: skipped, balances untouched.
    let posted = store.lease_entries(a.id(), lease.id).await.unwrap();
    let again = LeaseCharges {
        lease_id: lease.id,
        entries: posted.clone(),
        next_charge_on: Some(date(2026, 6, 1)),
    };
    assert_eq!(
        store
            .post_charges(a.id(), std::slice::from_ref(&again))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store.org_totals(a.id(), date(2026, 5, 4)).await.unwrap(),
        totals
    );
    assert_eq!(
        store.lease(a.id(), lease.id).await.unwrap().next_charge_on,
        Some(date(2026, 6, 1))
    );

    // A batch naming another organization's lease (or an unknown one) writes nothing.
    let other = b.property("B").await;
    let theirs = b
        .let_unit(&other, "1", "Eva Roy", "2026-03-01", "500")
        .await;
    let june = charge_entries(
        &lease,
        &charges_due_through(&lease.terms, date(2026, 6, 1)),
        now(),
    )
    .into_iter()
    .filter(|e| e.period == Some(Period::new(2026, 6).unwrap()))
    .collect::<Vec<_>>();
    assert_eq!(june.len(), 2);
    let ours = LeaseCharges {
        lease_id: lease.id,
        entries: june.clone(),
        next_charge_on: Some(date(2026, 7, 1)),
    };
    let foreign = LeaseCharges {
        lease_id: theirs.id,
        entries: Vec::new(),
        next_charge_on: None,
    };
    let unknown = LeaseCharges {
        lease_id: LeaseId::generate(now()),
        entries: Vec::new(),
        next_charge_on: None,
    };
    not_found(store.post_charges(a.id(), &[ours.clone(), foreign]).await);
    not_found(store.post_charges(a.id(), &[ours.clone(), unknown]).await);
    assert_eq!(
        store.org_totals(a.id(), date(2026, 5, 4)).await.unwrap(),
        totals
    );
    assert_eq!(
        store.lease(a.id(), lease.id).await.unwrap().next_charge_on,
        Some(date(2026, 6, 1)),
        "the refused batch moved no next charge date"
    );
    assert_eq!(store.post_charges(a.id(), &[ours]).await.unwrap(), 2);
    assert_eq!(
        store
            .org_totals(a.id(), date(2026, 5, 4))
            .await
            .unwrap()
            .charged
            .cents(),
        600_000
    );
    assert!(store.reconcile(a.id()).await.unwrap().is_empty());
    assert!(store.reconcile(b.id()).await.unwrap().is_empty());
}

pub async fn due_leases_are_read_in_id_order_after_a_cursor(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let home = a.property("Les Lilas").await;
    let mut due = Vec::new();
    for lease in a
        .let_three_units(&home, ["Paul Petit", "Rose Petit", "Noé Petit"], "700")
        .await
    {
        assert_eq!(lease.next_charge_on, Some(date(2026, 4, 1)));
        due.push(lease.id);
    }
    // A lease whose first charge is not due yet is skipped, wherever its id falls.
    let later = a
        .let_unit(&home, "4", "Léa Petit", "2026-09-01", "700")
        .await;
    assert!(later.next_charge_on.is_none_or(|on| on > date(2026, 4, 1)));
    due.sort();

    // Pages of two: the cursor is the last lease of the previous page.
    let page = |after: Option<LeaseId>| {
        let store = store.clone();
        let org = a.id();
        async move {
            store
                .leases_due(org, date(2026, 4, 1), after, 2)
                .await
                .unwrap()
                .into_iter()
                .map(|due| due.lease.id)
                .collect::<Vec<_>>()
        }
    };
    let first = page(None).await;
    assert_eq!(first, due[..2]);
    let second = page(first.last().copied()).await;
    assert_eq!(second, due[2..]);
    assert!(page(second.last().copied()).await.is_empty());
    // Another organization's cursor or date finds none of these.
    assert!(
        store
            .leases_due(b.id(), date(2030, 1, 1), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn a_charge_batch_moves_each_lease_to_its_own_next_date(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let home = a.property("Les Tilleuls").await;
    let leases = a
        .let_three_units(&home, ["Ana Diaz", "Bo Diaz", "Cy Diaz"], "600")
        .await;
    let theirs = b
        .let_unit(&b.property("B").await, "1", "Eva Roy", "2026-01-01", "600")
        .await;
    // Three dates in one batch (one of them: nothing more to charge), given out of
    // order, one lease twice.
    let moves = [
        (leases[2].id, None),
        (leases[0].id, Some(date(2026, 6, 1))),
        (leases[1].id, Some(date(2026, 5, 1))),
        (leases[0].id, Some(date(2026, 6, 1))),
    ];
    let batch: Vec<LeaseCharges> = moves
        .iter()
        .map(|(lease_id, next_charge_on)| LeaseCharges {
            lease_id: *lease_id,
            entries: Vec::new(),
            next_charge_on: *next_charge_on,
        })
        .collect();
    assert_eq!(store.post_charges(a.id(), &batch).await.unwrap(), 0);
    for (lease_id, next_charge_on) in moves {
        assert_eq!(
            store.lease(a.id(), lease_id).await.unwrap().next_charge_on,
            next_charge_on
        );
    }
    assert_eq!(
        store.lease(b.id(), theirs.id).await.unwrap().next_charge_on,
        theirs.next_charge_on,
        "another organization's lease is not moved"
    );
}

pub async fn unit_history_records_move_in_and_move_out(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let home = a.property("Villa").await;
    let unit = a.unit(&home, "Étage", "1200").await;
    let (t1, t2, t3) = (
        a.tenant("Marc Dupuis").await,
        a.tenant("Léa Dupuis").await,
        a.tenant("Sam Lefèvre").await,
    );
    let first = a
        .lease(&Org::lease_input(&unit, &[&t1, &t2], "2025-09-01", "1200"))
        .await;

    let history = store.unit_history(a.id(), unit.id).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(
        history
            .iter()
            .all(|h| h.move_in == date(2025, 9, 1) && h.move_out.is_none())
    );
    assert!(
        history
            .iter()
            .all(|h| h.lease_id == first.id && h.unit_id == unit.id)
    );

    let ended = a
        .services
        .end_lease(&a.actor, first.id, "2026-02-28", now())
        .await
        .unwrap();
    assert_eq!(store.lease(a.id(), first.id).await.unwrap(), ended);
    let second = a
        .lease(&Org::lease_input(&unit, &[&t3], "2026-03-01", "1200"))
        .await;
    let history = store.unit_history(a.id(), unit.id).await.unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(
        (history[0].tenant_id, history[0].lease_id),
        (t3.id, second.id)
    );
    assert_eq!(history[0].move_out, None);
    let mut movers: Vec<_> = history[1..]
        .iter()
        .map(|h| (h.tenant_id, h.move_out))
        .collect();
    movers.sort();
    let mut expected = vec![
        (t1.id, Some(date(2026, 2, 28))),
        (t2.id, Some(date(2026, 2, 28))),
    ];
    expected.sort();
    assert_eq!(movers, expected);
    // March was charged to the first lease, then cancelled by its end.
    let march: i64 = store
        .lease_entries(a.id(), first.id)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.period == Some(Period::new(2026, 3).unwrap()))
        .map(|e| e.charge_delta())
        .sum();
    assert_eq!(march, 0);
    assert!(store.reconcile(a.id()).await.unwrap().is_empty());

    not_found(store.unit_history(b.id(), unit.id).await);
    not_found(store.unit_history(a.id(), UnitId::generate(now())).await);
}

pub async fn lease_updates_check_overlap_and_stay_scoped(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let home = a.property("Parc").await;
    let unit = a.unit(&home, "7", "800").await;
    let tenant = a.tenant("Jules Henry").await;
    let mut first = Org::lease_input(&unit, &[&tenant], "2026-01-01", "800");
    first.end_date = Some("2026-03-31".into());
    let first = a.lease(&first).await;
    let second = a
        .lease(&Org::lease_input(&unit, &[&tenant], "2026-04-01", "800"))
        .await;

    let longer = LeaseUpdateInput {
        end_date: Some("2026-04-30".into()),
        ..LeaseUpdateInput::default()
    };
    let result = a
        .services
        .update_lease(&a.actor, first.id, &longer, now())
        .await;
    assert!(
        matches!(result, Err(ServiceError::Conflict("lease.overlap"))),
        "{result:?}"
    );
    assert_eq!(store.lease(a.id(), first.id).await.unwrap(), first);

    let dearer = LeaseUpdateInput {
        rent: Some("850".into()),
        ..LeaseUpdateInput::default()
    };
    let updated = a
        .services
        .update_lease(&a.actor, second.id, &dearer, now())
        .await
        .unwrap();
    let stored = store.lease(a.id(), second.id).await.unwrap();
    assert_eq!(stored, updated);
    assert_eq!(stored.terms.rent.cents(), 85_000);

    // Another organization's lease, through the port: not found, not changed.
    let other = b.property("B").await;
    let their_unit = b.unit(&other, "1", "500").await;
    let their_tenant = b.tenant("Rose Caron").await;
    let theirs = b
        .lease(&Org::lease_input(
            &their_unit,
            &[&their_tenant],
            "2026-02-01",
            "500",
        ))
        .await;
    let mut hijack: Lease = theirs.clone();
    hijack.org_id = a.id();
    hijack.terms.end_date = Some(date(2026, 2, 28));
    not_found(
        store
            .update_lease(&hijack, &[], None, Some(date(2026, 2, 28)))
            .await,
    );
    assert_eq!(store.lease(b.id(), theirs.id).await.unwrap(), theirs);
    assert!(
        store.unit_history(b.id(), their_unit.id).await.unwrap()[0]
            .move_out
            .is_none()
    );
    assert_eq!(
        store.tenant(b.id(), their_tenant.id).await.unwrap(),
        their_tenant
    );
}

pub async fn concurrent_leases_of_one_unit_let_it_once(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let home = a.property("Concours").await;
    let unit = a.unit(&home, "1", "700").await;
    let mut tasks = Vec::new();
    for n in 0..6 {
        let org = a.clone();
        let tenant = a.tenant(&format!("Candidat {n}")).await;
        let input = Org::lease_input(&unit, &[&tenant], &format!("2026-0{}-01", 1 + n % 3), "700");
        tasks.push(tokio::spawn(async move {
            org.services.create_lease(&org.actor, &input, now()).await
        }));
    }
    let mut created = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => created += 1,
            Err(ServiceError::Conflict("lease.overlap")) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        created, 1,
        "open-ended leases of one unit: exactly one wins"
    );
    let leases = store
        .leases(a.id(), LeaseFilter::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(leases.total, 1);
    assert_eq!(store.unit_history(a.id(), unit.id).await.unwrap().len(), 1);
    assert!(store.reconcile(a.id()).await.unwrap().is_empty());
}

/// A unit taking several people (a shared flat let room by room) may have concurrent
/// individual leases as long as their co-tenants fit its capacity, and no more.
pub async fn a_shared_unit_takes_as_many_leases_as_its_capacity(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let home = a.property("Coloc").await;
    let input = rentmark_domain::property::UnitInput {
        name: "Flat".into(),
        rent: "500".into(),
        capacity: Some(2),
        ..rentmark_domain::property::UnitInput::default()
    };
    let unit = a
        .services
        .create_unit(&a.actor, home.id, &input, now())
        .await
        .unwrap();
    let (t1, t2, t3) = (
        a.tenant("Ana One").await,
        a.tenant("Ben Two").await,
        a.tenant("Cy Three").await,
    );
    a.lease(&Org::lease_input(&unit, &[&t1], "2026-01-01", "500"))
        .await;
    a.lease(&Org::lease_input(&unit, &[&t2], "2026-02-01", "500"))
        .await;
    let third = a
        .services
        .create_lease(
            &a.actor,
            &Org::lease_input(&unit, &[&t3], "2026-03-01", "500"),
            now(),
        )
        .await;
    assert!(
        matches!(third, Err(ServiceError::Conflict("lease.overlap"))),
        "{third:?}"
    );
    let page = store
        .leases(
            a.id(),
            LeaseFilter {
                unit_id: Some(unit.id),
                ..LeaseFilter::default()
            },
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(page.total, 2);
}

/// The dashboard's occupancy is cached per organization and day, and never stale: a
/// lease, a new unit or a deleted unit is seen by the very next read.
pub async fn occupancy_is_cached_but_never_stale(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let home = a.property("Cache").await;
    let first = a.unit(&home, "1", "500").await;
    a.unit(&home, "2", "500").await;
    let tenant = a.tenant("Cal Cache").await;
    let day = date(2026, 3, 15);
    let before = store.org_totals(a.id(), day).await.unwrap();
    assert_eq!((before.units, before.occupied_units), (2, 0));
    assert_eq!(
        store.org_totals(a.id(), day).await.unwrap(),
        before,
        "read twice: same figures"
    );
    a.lease(&Org::lease_input(&first, &[&tenant], "2026-01-01", "500"))
        .await;
    let after = store.org_totals(a.id(), day).await.unwrap();
    assert_eq!((after.units, after.occupied_units), (2, 1));
    let earlier = store.org_totals(a.id(), date(2025, 12, 1)).await.unwrap();
    assert_eq!(
        earlier.occupied_units, 0,
        "another day is counted for that day"
    );
    let third = a.unit(&home, "3", "500").await;
    assert_eq!(store.org_totals(a.id(), day).await.unwrap().units, 3);
    rentmark_domain::ports::PropertyRepository::delete_unit(&store, a.id(), third.id)
        .await
        .unwrap();
    let last = store.org_totals(a.id(), day).await.unwrap();
    assert_eq!((last.units, last.occupied_units), (2, 1));
}
