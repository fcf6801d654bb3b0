//! Applications: created only with a dossier that meets the requirements (stored
//! documents only), one per renter per listing, references checked (a room of the
//! listing, the applicant's own guarantors), transitions guarded by the expected
//! status with nothing written on conflict, history rows, and the listings for the
//! renter and for the organization.

use rentmark_domain::ids::{ApplicationId, RoomId};
use rentmark_domain::marketplace::application::{
    Application, ApplicationActor, ApplicationStatus, StatusChange,
};
use rentmark_domain::marketplace::listing::DocumentKind;
use rentmark_domain::marketplace::ports::{ApplicationFilter, MarketplaceRepository};
use rentmark_domain::ports::PageRequest;
use rentmark_domain::services::ServiceError;
use rentmark_store::AnyStore;

use super::{Renter, later, listing_input, published, room};
use crate::harness::{Org, conflict, date, not_found, now};

pub async fn applications_are_unique_and_transitions_guarded(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let mut input = listing_input("Studio", "Rennes", "studio", vec![room("S", "600", 1)]);
    input.requirements.documents = vec!["id_card".into()];
    input.requirements.guarantor_required_count = Some(1);
    input.requirements.income_min_multiplier = Some(rust_decimal::Decimal::TWO);
    let listing = published(&a, &input, later(1)).await;
    let lea = Renter::sign_up(&store, "lea").await;
    let tom = Renter::sign_up(&store, "tom").await;
    let martin = lea.guarantor("Martin", "1500", now()).await;
    let id_card = lea.pending_document("id_card").await;

    // A pending document does not count: nothing is written.
    let refused = lea
        .apply(&listing, 0, ("2026-03-15", 6), &[&martin], later(2))
        .await;
    match refused {
        Err(ServiceError::RequirementsNotMet(missing)) => {
            assert_eq!(missing.documents, vec![DocumentKind::IdCard]);
            assert_eq!(missing.guarantors_missing, 0);
            assert_eq!(missing.income_shortfall, None);
        }
        other => panic!("expected missing requirements, got {other:?}"),
    }
    assert_eq!(
        store
            .applicant_applications(lea.user.id, PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );

    // Stored: the application is written with its guarantor and first history row.
    lea.services
        .finalize_dossier_document(&lea.user, id_card.id, 2000)
        .await
        .unwrap();
    let application = lea
        .apply(&listing, 0, ("2026-03-20", 6), &[&martin], later(2))
        .await
        .unwrap();
    assert_eq!(
        store.application(application.id).await.unwrap(),
        application
    );
    assert_eq!(application.guarantor_ids, vec![martin.id]);
    assert_eq!(application.org_id, a.id());
    assert_eq!(application.move_in_date, date(2026, 3, 20));
    let created = StatusChange {
        application_id: application.id,
        old_status: None,
        new_status: ApplicationStatus::Pending,
        actor: ApplicationActor::Renter,
        actor_id: Some(lea.user.id),
        reason: None,
        at: later(2),
    };
    assert_eq!(
        store.application_history(application.id).await.unwrap(),
        vec![created.clone()]
    );

    // One application per renter per listing.
    let twice = lea
        .apply(&listing, 0, ("2026-03-20", 6), &[&martin], later(3))
        .await;
    assert!(
        matches!(twice, Err(ServiceError::Conflict("application.duplicate"))),
        "{twice:?}"
    );
    let (mut duplicate, mut change) = (application.clone(), created.clone());
    duplicate.id = ApplicationId::generate(later(3));
    change.application_id = duplicate.id;
    conflict(
        store.create_application(&duplicate, &change).await,
        "applications_listing_id_applicant",
    );
    not_found(store.application(duplicate.id).await);

    // Another renter's guarantor, or a room not of the listing: not found, nothing
    // written.
    let theirs = Application {
        id: ApplicationId::generate(later(4)),
        applicant: tom.user.id,
        created_at: later(4),
        updated_at: later(4),
        ..application.clone()
    };
    let change = StatusChange {
        application_id: theirs.id,
        actor_id: Some(tom.user.id),
        ..created.clone()
    };
    not_found(store.create_application(&theirs, &change).await);
    let elsewhere = Application {
        guarantor_ids: vec![],
        room_id: RoomId::generate(now()),
        ..theirs.clone()
    };
    not_found(store.create_application(&elsewhere, &change).await);
    not_found(store.application(theirs.id).await);
    not_found(store.application_history(theirs.id).await);
    assert_eq!(
        store
            .applicant_applications(tom.user.id, PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );

    // Tom applies properly, later (no guarantor of his own is needed to store one).
    let tom_application = Application {
        guarantor_ids: vec![],
        ..theirs.clone()
    };
    store
        .create_application(&tom_application, &change)
        .await
        .unwrap();

    // Accepted by the landlord; a stale transition conflicts and writes nothing.
    let accepted = a
        .services
        .accept_application(&a.actor, application.id, later(5))
        .await
        .unwrap();
    assert_eq!(accepted.status, ApplicationStatus::AcceptedPendingPayment);
    let mut stale = application.clone();
    stale.status = ApplicationStatus::Rejected;
    stale.updated_at = later(6);
    let stale_change = StatusChange {
        old_status: Some(ApplicationStatus::Pending),
        new_status: ApplicationStatus::Rejected,
        actor: ApplicationActor::Landlord,
        actor_id: Some(a.actor.user_id),
        at: later(6),
        ..created.clone()
    };
    conflict(
        store
            .transition_application(&stale, ApplicationStatus::Pending, &stale_change)
            .await,
        "application_status",
    );
    assert_eq!(store.application(application.id).await.unwrap(), accepted);
    assert_eq!(
        store
            .application_history(application.id)
            .await
            .unwrap()
            .len(),
        2
    );
    let mut missing = stale.clone();
    missing.id = ApplicationId::generate(now());
    let missing_change = StatusChange {
        application_id: missing.id,
        ..stale_change.clone()
    };
    not_found(
        store
            .transition_application(&missing, ApplicationStatus::Pending, &missing_change)
            .await,
    );
    let again = a
        .services
        .accept_application(&a.actor, application.id, later(7))
        .await;
    assert!(
        matches!(
            again,
            Err(ServiceError::Conflict("application.invalid_transition"))
        ),
        "{again:?}"
    );

    // Withdrawn by the renter: three history rows, oldest first.
    lea.services
        .withdraw_application(&lea.user, application.id, later(8))
        .await
        .unwrap();
    let history = store.application_history(application.id).await.unwrap();
    let steps: Vec<_> = history
        .iter()
        .map(|h| (h.old_status, h.new_status, h.actor, h.at))
        .collect();
    assert_eq!(
        steps,
        vec![
            (
                None,
                ApplicationStatus::Pending,
                ApplicationActor::Renter,
                later(2)
            ),
            (
                Some(ApplicationStatus::Pending),
                ApplicationStatus::AcceptedPendingPayment,
                ApplicationActor::Landlord,
                later(5)
            ),
            (
                Some(ApplicationStatus::AcceptedPendingPayment),
                ApplicationStatus::Withdrawn,
                ApplicationActor::Renter,
                later(8)
            ),
        ]
    );
    assert_eq!(history[1].actor_id, Some(a.actor.user_id));

    // The organization's listings of applications: newest first, filtered.
    let of_listing = ApplicationFilter {
        listing_id: Some(listing.id),
        status: None,
    };
    let all = store
        .org_applications(a.id(), of_listing, PageRequest::default())
        .await
        .unwrap();
    let ids: Vec<_> = all.results.iter().map(|x| x.id).collect();
    assert_eq!(
        (all.total, ids),
        (2, vec![tom_application.id, application.id])
    );
    let withdrawn = ApplicationFilter {
        status: Some(ApplicationStatus::Withdrawn),
        ..of_listing
    };
    let found = store
        .org_applications(a.id(), withdrawn, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.results[0].status, ApplicationStatus::Withdrawn);
    assert_eq!(found.results[0].guarantor_ids, vec![martin.id]);
    let second_page = store
        .org_applications(a.id(), ApplicationFilter::default(), PageRequest::new(2, 1))
        .await
        .unwrap();
    assert_eq!(second_page.results[0].id, application.id);

    // Isolation: another organization sees none of them.
    not_found(
        store
            .org_applications(b.id(), of_listing, PageRequest::default())
            .await,
    );
    assert_eq!(
        store
            .org_applications(b.id(), ApplicationFilter::default(), PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );
    let hidden = b
        .services
        .application_for_member(&b.actor, application.id)
        .await;
    assert!(
        matches!(hidden, Err(ServiceError::NotFound("application.not_found"))),
        "{hidden:?}"
    );
    let mine = store
        .applicant_applications(lea.user.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(mine.total, 1);
    assert_eq!(mine.results[0].status, ApplicationStatus::Withdrawn);
    not_found(store.application(ApplicationId::generate(now())).await);
}
