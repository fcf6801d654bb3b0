//! Confirmation: the renter's tenant record (linked to their account), the lease in
//! the ledger (charges posted, balances right, reconcile empty), the move-in history,
//! the place taken, the room's other open applications cancelled with reason
//! `room_taken` when it fills, the listing closed when every room is filled; stale
//! confirmations write nothing; parallel confirmations of the last place confirm
//! exactly one.

use rentmark_domain::ids::ApplicationId;
use rentmark_domain::ledger::{ChargeKind, EntryKind};
use rentmark_domain::marketplace::application::{
    Application, ApplicationActor, ApplicationStatus, StatusChange,
};
use rentmark_domain::marketplace::listing::{Listing, ListingStatus};
use rentmark_domain::marketplace::ports::MarketplaceRepository;
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::ports::{
    LeaseFilter, LeaseRepository, LedgerRepository, PageRequest, TenantRepository,
};
use rentmark_domain::services::ServiceError;
use rentmark_store::AnyStore;

use super::{Renter, later, listing_input, published, room, shared_flat_with_five_renters};
use crate::harness::{Org, date, not_found};

fn eur(cents: i64) -> Money {
    Money::from_cents(cents, Currency::Eur)
}

/// `renter` applies to room `room` and the landlord accepts.
async fn accepted(
    org: &Org,
    renter: &Renter,
    listing: &Listing,
    room: usize,
    stay: (&str, i64),
    minute: i64,
) -> Application {
    let application = renter
        .apply(listing, room, stay, &[], later(minute))
        .await
        .unwrap();
    org.services
        .accept_application(&org.actor, application.id, later(minute))
        .await
        .unwrap()
}

/// How many leases the organization has on the unit of `listing`'s room `room`.
async fn leases_of_room(store: &AnyStore, org: &Org, listing: &Listing, room: usize) -> u64 {
    let filter = LeaseFilter {
        unit_id: Some(listing.rooms[room].unit_id),
        ..LeaseFilter::default()
    };
    store
        .leases(org.id(), filter, PageRequest::default())
        .await
        .unwrap()
        .total
}

pub async fn confirmation_creates_the_lease_and_cancels_the_others(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let listing = published(
        &a,
        &listing_input("Studio Gare", "Tours", "studio", vec![room("S", "600", 1)]),
        later(1),
    )
    .await;
    let lea = Renter::sign_up(&store, "lea").await;
    let tom = Renter::sign_up(&store, "tom").await;
    let zoe = Renter::sign_up(&store, "zoe").await;
    let leas = accepted(&a, &lea, &listing, 0, ("2026-03-15", 6), 2).await;
    let toms = accepted(&a, &tom, &listing, 0, ("2026-04-01", 3), 3).await;
    let zoes = zoe
        .apply(&listing, 0, ("2026-03-16", 2), &[], later(4))
        .await
        .unwrap();

    let done = a
        .services
        .confirm_application(&a.actor, leas.id, later(10))
        .await
        .unwrap();
    let outcome = &done.outcome;
    assert_eq!(done.application.status, ApplicationStatus::Confirmed);
    assert_eq!(store.application(leas.id).await.unwrap(), done.application);
    let mut cancelled = outcome.cancelled.clone();
    cancelled.sort();
    let mut expected = vec![toms.id, zoes.id];
    expected.sort();
    assert_eq!(cancelled, expected);
    assert!(outcome.listing_closed);

    // The history of the confirmed application and of the cancelled ones.
    let history = store.application_history(leas.id).await.unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(
        history[2],
        StatusChange {
            application_id: leas.id,
            old_status: Some(ApplicationStatus::AcceptedPendingPayment),
            new_status: ApplicationStatus::Confirmed,
            actor: ApplicationActor::Landlord,
            actor_id: Some(a.actor.user_id),
            reason: None,
            at: later(10),
        }
    );
    for (id, was) in [
        (toms.id, ApplicationStatus::AcceptedPendingPayment),
        (zoes.id, ApplicationStatus::Pending),
    ] {
        let cancelled = store.application(id).await.unwrap();
        assert_eq!(cancelled.status, ApplicationStatus::Rejected);
        assert_eq!(cancelled.reason.as_deref(), Some("room_taken"));
        assert_eq!(cancelled.updated_at, later(10));
        let last = store.application_history(id).await.unwrap().pop().unwrap();
        assert_eq!(
            last,
            StatusChange {
                application_id: id,
                old_status: Some(was),
                new_status: ApplicationStatus::Rejected,
                actor: ApplicationActor::System,
                actor_id: None,
                reason: Some("room_taken".into()),
                at: later(10),
            }
        );
    }

    // The renter is now a tenant of the organization, linked to their account.
    let tenant = store
        .tenant_for_user(a.id(), lea.user.id)
        .await
        .unwrap()
        .expect("a tenant record for the renter");
    assert_eq!(tenant.id, done.tenant_id);
    assert_eq!(tenant.user_id, Some(lea.user.id));
    assert_eq!(tenant.details.email.as_ref(), Some(&lea.user.email));
    assert!(
        store
            .tenant_for_user(a.id(), tom.user.id)
            .await
            .unwrap()
            .is_none()
    );

    // The lease: the room's unit and terms, from the move-in date for the stay.
    let leases = store
        .leases(
            a.id(),
            LeaseFilter {
                tenant_id: Some(tenant.id),
                ..LeaseFilter::default()
            },
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(leases.total, 1);
    let lease = &leases.results[0];
    assert_eq!(lease.id, done.lease_id);
    assert_eq!(lease.unit_id, listing.rooms[0].unit_id);
    assert_eq!(lease.property_id, listing.property_id);
    assert_eq!(lease.terms.rent, eur(60_000));
    assert_eq!(lease.terms.charges, eur(5_000));
    assert_eq!(lease.terms.deposit, eur(60_000));
    assert_eq!(lease.terms.start_date, date(2026, 3, 15));
    assert_eq!(lease.terms.end_date, Some(date(2026, 9, 14)));

    // Its charges due by the confirmation are posted, and the balances agree.
    let entries = store.lease_entries(a.id(), lease.id).await.unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.kind == EntryKind::Charge(ChargeKind::Deposit) && e.amount == eur(60_000)),
        "{entries:?}"
    );
    assert!(
        entries
            .iter()
            .any(|e| e.kind == EntryKind::Charge(ChargeKind::Rent))
    );
    let charged: i64 = entries.iter().map(|e| e.charge_delta()).sum();
    let accounts = store.tenant_accounts(a.id(), tenant.id).await.unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].charged.cents(), charged);
    assert_eq!(accounts[0].paid.cents(), 0);
    assert!(store.reconcile(a.id()).await.unwrap().is_empty());

    // Tenant history has the move-in.
    let moves = store
        .unit_history(a.id(), listing.rooms[0].unit_id)
        .await
        .unwrap();
    assert_eq!(moves.len(), 1);
    assert_eq!(
        (moves[0].tenant_id, moves[0].lease_id, moves[0].move_in),
        (tenant.id, lease.id, date(2026, 3, 15))
    );

    // The room is full and the listing closed: gone from the public.
    let listing_now = store.listing(a.id(), listing.id).await.unwrap();
    assert_eq!(listing_now.rooms[0].occupied, 1);
    assert_eq!(listing_now.status, ListingStatus::Closed);
    not_found(store.public_listing(listing.id).await);

    // A cancelled application cannot be confirmed any more.
    let late = a
        .services
        .confirm_application(&a.actor, toms.id, later(11))
        .await;
    assert!(
        matches!(
            late,
            Err(ServiceError::Conflict("application.invalid_transition"))
        ),
        "{late:?}"
    );
}

pub async fn rooms_fill_place_by_place_and_stale_confirmations_write_nothing(store: AnyStore) {
    let (a, listing, [lea, tom, zoe, ana, max]) = shared_flat_with_five_renters(&store).await;
    // Room A takes two renters; their stays follow each other (one lease of the unit
    // at a time).
    let leas = accepted(&a, &lea, &listing, 0, ("2026-03-15", 1), 2).await;
    let toms = accepted(&a, &tom, &listing, 0, ("2026-05-01", 2), 3).await;
    let zoes = accepted(&a, &zoe, &listing, 1, ("2026-03-20", 3), 4).await;
    let anas = ana
        .apply(&listing, 0, ("2026-06-01", 1), &[], later(5))
        .await
        .unwrap();

    // A confirmation built from a stale read (the application is still pending):
    // conflict, nothing written.
    let stale = Application {
        status: ApplicationStatus::AcceptedPendingPayment,
        ..anas.clone()
    };
    let refused = a
        .services
        .confirm_application_as(
            &a.actor.org,
            stale,
            ApplicationActor::Payment,
            None,
            later(6),
        )
        .await;
    assert!(
        matches!(
            refused,
            Err(ServiceError::Conflict("application.invalid_transition"))
        ),
        "{refused:?}"
    );
    assert_eq!(store.application(anas.id).await.unwrap(), anas);
    assert_eq!(store.application_history(anas.id).await.unwrap().len(), 1);
    assert!(
        store
            .tenant_for_user(a.id(), ana.user.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(leases_of_room(&store, &a, &listing, 0).await, 0);
    assert_eq!(
        store.listing(a.id(), listing.id).await.unwrap(),
        listing,
        "nothing changed"
    );

    // One place of room A: nobody is cancelled, the listing stays published.
    let outcome = a
        .services
        .confirm_application(&a.actor, leas.id, later(10))
        .await
        .unwrap()
        .outcome;
    assert!(outcome.cancelled.is_empty());
    assert!(!outcome.listing_closed);
    let now_listing = store.public_listing(listing.id).await.unwrap();
    assert_eq!(
        (now_listing.rooms[0].occupied, now_listing.rooms[1].occupied),
        (1, 0)
    );
    let summary = store
        .search_listings(
            &rentmark_domain::marketplace::search::ListingQueryInput::default()
                .parse(PageRequest::default())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(summary.results[0].places_left, 2);

    // Room B's only place: room B full, but room A still has one.
    let outcome = a
        .services
        .confirm_application(&a.actor, zoes.id, later(11))
        .await
        .unwrap()
        .outcome;
    assert!(outcome.cancelled.is_empty());
    assert!(!outcome.listing_closed);

    // Room B is full: a confirmation of another accepted application (written after
    // the room filled) conflicts on the room, nothing written.
    let late = Application {
        id: ApplicationId::generate(later(12)),
        room_id: listing.rooms[1].id,
        applicant: max.user.id,
        status: ApplicationStatus::AcceptedPendingPayment,
        ..anas.clone()
    };
    store
        .create_application(
            &late,
            &StatusChange {
                application_id: late.id,
                old_status: None,
                new_status: ApplicationStatus::AcceptedPendingPayment,
                actor: ApplicationActor::Landlord,
                actor_id: None,
                reason: None,
                at: later(12),
            },
        )
        .await
        .unwrap();
    let full = a
        .services
        .confirm_application(&a.actor, late.id, later(13))
        .await;
    assert!(
        matches!(full, Err(ServiceError::Conflict("room.filled"))),
        "{full:?}"
    );
    assert_eq!(store.application(late.id).await.unwrap(), late);
    assert!(
        store
            .tenant_for_user(a.id(), max.user.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(leases_of_room(&store, &a, &listing, 1).await, 1);
    assert_eq!(
        store.listing(a.id(), listing.id).await.unwrap().rooms[1].occupied,
        1
    );

    // Room A's last place: its other open application is cancelled and, every room
    // being full, the listing closes.
    let outcome = a
        .services
        .confirm_application(&a.actor, toms.id, later(14))
        .await
        .unwrap()
        .outcome;
    assert_eq!(outcome.cancelled, vec![anas.id]);
    assert!(outcome.listing_closed);
    let closed = store.listing(a.id(), listing.id).await.unwrap();
    assert_eq!(closed.status, ListingStatus::Closed);
    assert_eq!((closed.rooms[0].occupied, closed.rooms[1].occupied), (2, 1));
    assert_eq!(leases_of_room(&store, &a, &listing, 0).await, 2);
    assert_eq!(
        store.application(anas.id).await.unwrap().reason.as_deref(),
        Some("room_taken")
    );
    // The application confirmed on the full room B was not cancelled by room A.
    assert_eq!(
        store.application(late.id).await.unwrap().status,
        ApplicationStatus::AcceptedPendingPayment
    );
    assert!(store.reconcile(a.id()).await.unwrap().is_empty());
}

pub async fn parallel_confirmations_of_the_last_place_confirm_one(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let listing = published(
        &a,
        &listing_input(
            "Dernière chambre",
            "Paris",
            "room",
            vec![room("D", "550", 1)],
        ),
        later(1),
    )
    .await;
    let mut applications = Vec::new();
    let mut renters = Vec::new();
    for n in 0..6 {
        let renter = Renter::sign_up(&store, &format!("candidat{n}")).await;
        applications.push(accepted(&a, &renter, &listing, 0, ("2026-03-15", 6), 2 + n).await);
        renters.push(renter);
    }
    let tasks: Vec<_> = applications
        .iter()
        .map(|application| {
            let org = a.clone();
            let id = application.id;
            tokio::spawn(async move {
                org.services
                    .confirm_application(&org.actor, id, later(20))
                    .await
            })
        })
        .collect();
    let mut winners = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok(done) => winners.push((done.application, done.outcome)),
            Err(ServiceError::Conflict("application.invalid_transition" | "room.filled")) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one confirmation takes the place");
    let (winner, outcome) = winners.pop().unwrap();
    assert_eq!(outcome.cancelled.len(), 5);
    assert!(outcome.listing_closed);

    let mut confirmed = 0;
    for application in &applications {
        let stored = store.application(application.id).await.unwrap();
        if stored.id == winner.id {
            assert_eq!(stored.status, ApplicationStatus::Confirmed);
            confirmed += 1;
        } else {
            assert_eq!(stored.status, ApplicationStatus::Rejected);
            assert_eq!(stored.reason.as_deref(), Some("room_taken"));
            assert!(outcome.cancelled.contains(&stored.id));
            // Accepted, then cancelled: no trace of a losing confirmation.
            assert_eq!(store.application_history(stored.id).await.unwrap().len(), 3);
        }
    }
    assert_eq!(confirmed, 1);
    let stored = store.listing(a.id(), listing.id).await.unwrap();
    assert_eq!(stored.rooms[0].occupied, 1);
    assert_eq!(stored.status, ListingStatus::Closed);
    assert_eq!(leases_of_room(&store, &a, &listing, 0).await, 1);
    assert_eq!(
        store
            .unit_history(a.id(), listing.rooms[0].unit_id)
            .await
            .unwrap()
            .len(),
        1
    );
    let mut tenants = 0;
    for renter in &renters {
        if store
            .tenant_for_user(a.id(), renter.user.id)
            .await
            .unwrap()
            .is_some()
        {
            assert_eq!(renter.user.id, winner.applicant);
            tenants += 1;
        }
    }
    assert_eq!(tenants, 1);
    assert_eq!(
        store
            .tenants(a.id(), PageRequest::default())
            .await
            .unwrap()
            .total,
        1
    );
    assert!(store.reconcile(a.id()).await.unwrap().is_empty());
}

/// Erasing a renter removes their dossier (guarantors, documents) and the applications
/// that did not become a lease; a confirmed application stays, without its overrides,
/// and the ledger still reconciles.
pub async fn erasure_removes_the_renter_dossier(store: AnyStore) {
    use rentmark_domain::ports::AccountRepository;
    use rentmark_domain::services::erase_user_job;
    let a = Org::sign_up(&store).await;
    let first = published(
        &a,
        &listing_input("Studio Nord", "Tours", "studio", vec![room("S", "600", 1)]),
        later(1),
    )
    .await;
    let second = published(
        &a,
        &listing_input("Studio Sud", "Tours", "studio", vec![room("S", "650", 1)]),
        later(1),
    )
    .await;
    let lea = Renter::sign_up(&store, "lea").await;
    let guarantor = lea.guarantor("Martin", "3000", later(1)).await;
    lea.stored_document("id_card").await;
    let pending = lea
        .apply(&first, 0, ("2026-03-15", 6), &[&guarantor], later(2))
        .await
        .unwrap();
    let kept = accepted(&a, &lea, &second, 0, ("2026-03-15", 6), 3).await;
    a.services
        .confirm_application(&a.actor, kept.id, later(4))
        .await
        .unwrap();

    use rentmark_domain::ports::{Mailer, OutgoingEmail};
    let notice = OutgoingEmail {
        to: lea.user.email.clone(),
        subject: "Votre candidature".into(),
        text_body: "…".into(),
        kind: "test".into(),
    };
    store.send(&notice, later(4)).await.unwrap();
    assert_eq!(
        store
            .outbox_emails(Some(&lea.user.email), 10)
            .await
            .unwrap()
            .len(),
        1
    );
    store
        .request_erasure(
            lea.user.id,
            &erase_user_job(lea.user.id, later(5)),
            later(5),
        )
        .await
        .unwrap();
    assert!(store.erase_user(lea.user.id, later(6)).await.unwrap());

    assert_eq!(
        store
            .guarantors(lea.user.id, PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );
    assert!(
        store
            .dossier_documents(lea.user.id)
            .await
            .unwrap()
            .is_empty()
    );
    not_found(store.application(pending.id).await);
    let remaining = store
        .applicant_applications(lea.user.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(remaining.total, 1);
    assert_eq!(remaining.results[0].id, kept.id);
    assert_eq!(remaining.results[0].status, ApplicationStatus::Confirmed);
    assert_eq!(remaining.results[0].overrides, Default::default());
    assert!(store.reconcile(a.id()).await.unwrap().is_empty());
    assert!(
        store
            .outbox_emails(Some(&lea.user.email), 10)
            .await
            .unwrap()
            .is_empty(),
        "undelivered emails to them are gone"
    );
}
