//! Telling renters: a confirmation that takes a room's last place enqueues, in its
//! own transaction, one `notify_room_taken` job per application it cancels (and none
//! when the room still has places or the confirmation fails); the outbox mailer
//! stores what it is given.

use rentmark_domain::ids::ApplicationId;
use rentmark_domain::marketplace::application::{
    Application, ApplicationActor, ApplicationStatus, StatusChange,
};
use rentmark_domain::marketplace::listing::Listing;
use rentmark_domain::marketplace::ports::MarketplaceRepository;
use rentmark_domain::marketplace::{NOTIFY_ROOM_TAKEN_JOB, notify_room_taken_job};
use rentmark_domain::ports::{JobQueue, JobStatus, Mailer, OutgoingEmail, PageRequest};
use rentmark_domain::services::ServiceError;
use rentmark_domain::user::Email;
use rentmark_store::AnyStore;

use super::{Renter, later, listing_input, published, room, shared_flat_with_five_renters};
use crate::harness::{Org, now};

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

/// The application ids named by the queued `notify_room_taken` jobs, sorted.
async fn notices(store: &AnyStore) -> Vec<ApplicationId> {
    let queued = store
        .jobs(JobStatus::Queued, PageRequest::new(1, 100))
        .await
        .unwrap();
    let mut ids: Vec<ApplicationId> = queued
        .results
        .iter()
        .filter(|job| job.kind == NOTIFY_ROOM_TAKEN_JOB)
        .map(|job| {
            let payload: serde_json::Value = serde_json::from_str(&job.payload).unwrap();
            payload["application_id"].as_str().unwrap().parse().unwrap()
        })
        .collect();
    ids.sort();
    ids
}

pub async fn a_filled_room_queues_one_notice_per_cancelled_application(store: AnyStore) {
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
    assert!(notices(&store).await.is_empty());

    let done = a
        .services
        .confirm_application(&a.actor, leas.id, later(10))
        .await
        .unwrap();
    let mut cancelled = done.outcome.cancelled.clone();
    cancelled.sort();
    let mut expected = vec![toms.id, zoes.id];
    expected.sort();
    assert_eq!(cancelled, expected);
    // One notice per cancelled application, due at once; none for the winner.
    assert_eq!(notices(&store).await, expected);
    let queued = store
        .jobs(JobStatus::Queued, PageRequest::new(1, 100))
        .await
        .unwrap();
    for job in &queued.results {
        assert_eq!(job.run_at, later(10));
        assert_eq!(job.attempts, 0);
    }
    // Enqueued with their unique keys: the same notice again is refused.
    assert_eq!(
        store
            .enqueue(&notify_room_taken_job(toms.id, later(11)), later(11))
            .await
            .unwrap(),
        None
    );
    assert_eq!(notices(&store).await, expected);
}

pub async fn places_left_and_failed_confirmations_queue_no_notice(store: AnyStore) {
    let (a, listing, [lea, tom, zoe, ana, max]) = shared_flat_with_five_renters(&store).await;
    let leas = accepted(&a, &lea, &listing, 0, ("2026-03-15", 1), 2).await;
    let toms = accepted(&a, &tom, &listing, 0, ("2026-05-01", 2), 3).await;
    let zoes = accepted(&a, &zoe, &listing, 1, ("2026-03-20", 3), 4).await;
    let anas = ana
        .apply(&listing, 0, ("2026-06-01", 1), &[], later(5))
        .await
        .unwrap();

    // Room A keeps a place: nobody cancelled, nobody told.
    let outcome = a
        .services
        .confirm_application(&a.actor, leas.id, later(10))
        .await
        .unwrap()
        .outcome;
    assert!(outcome.cancelled.is_empty());
    assert!(notices(&store).await.is_empty());

    // Room B fills, but nobody else applied to it.
    let outcome = a
        .services
        .confirm_application(&a.actor, zoes.id, later(11))
        .await
        .unwrap()
        .outcome;
    assert!(outcome.cancelled.is_empty());
    assert!(notices(&store).await.is_empty());

    // A confirmation refused on the full room B writes nothing, no job either.
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
    assert!(notices(&store).await.is_empty());
    assert_eq!(
        store
            .jobs(JobStatus::Queued, PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );

    // Room A's last place: only its other open application is told.
    let outcome = a
        .services
        .confirm_application(&a.actor, toms.id, later(14))
        .await
        .unwrap()
        .outcome;
    assert_eq!(outcome.cancelled, vec![anas.id]);
    assert_eq!(notices(&store).await, vec![anas.id]);
}

pub async fn the_outbox_mailer_stores_what_it_is_given(store: AnyStore) {
    let lea = Email::parse("lea@example.fr").unwrap();
    let tom = Email::parse("tom@example.fr").unwrap();
    assert!(store.outbox_emails(None, 10).await.unwrap().is_empty());
    let first = OutgoingEmail {
        to: lea.clone(),
        subject: "Candidature annulée : « Studio »".into(),
        text_body: "Bonjour,\n\nla chambre a été attribuée.\n".into(),
        kind: "application_room_taken".into(),
    };
    let second = OutgoingEmail {
        to: tom.clone(),
        subject: "Hello".into(),
        text_body: "Body".into(),
        kind: "other".into(),
    };
    let third = OutgoingEmail {
        subject: "Encore".into(),
        ..first.clone()
    };
    store.send(&first, now()).await.unwrap();
    store.send(&second, later(1)).await.unwrap();
    store.send(&third, later(2)).await.unwrap();

    // Newest first, exactly as given, waiting to be sent.
    let all = store.outbox_emails(None, 10).await.unwrap();
    let emails: Vec<_> = all.iter().map(|e| e.email.clone()).collect();
    assert_eq!(emails, vec![third.clone(), second.clone(), first.clone()]);
    assert_eq!(
        all.iter().map(|e| e.created_at).collect::<Vec<_>>(),
        vec![later(2), later(1), now()]
    );
    assert!(all.iter().all(|e| e.sent_at.is_none()));

    // Per recipient, and limited.
    let leas = store.outbox_emails(Some(&lea), 10).await.unwrap();
    assert_eq!(
        leas.iter().map(|e| e.email.clone()).collect::<Vec<_>>(),
        vec![third.clone(), first]
    );
    let toms = store.outbox_emails(Some(&tom), 10).await.unwrap();
    assert_eq!(toms.len(), 1);
    assert_eq!(toms[0].email, second);
    let newest = store.outbox_emails(None, 1).await.unwrap();
    assert_eq!(newest.len(), 1);
    assert_eq!(newest[0].email, third);
    let nobody = Email::parse("nobody@example.fr").unwrap();
    assert!(
        store
            .outbox_emails(Some(&nobody), 10)
            .await
            .unwrap()
            .is_empty()
    );
}
