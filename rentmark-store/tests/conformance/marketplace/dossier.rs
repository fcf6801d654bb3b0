//! The renter's dossier: guarantors kept per renter (another renter's are not found;
//! one named on an application cannot be deleted) and dossier documents (pending
//! until finalized; only stored ones count).

use std::collections::BTreeSet;

use rentmark_domain::ids::DocumentId;
use rentmark_domain::marketplace::listing::DocumentKind;
use rentmark_domain::marketplace::ports::{
    DossierDocument, DossierDocumentState, MarketplaceRepository,
};
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::ports::PageRequest;
use rentmark_domain::services::ServiceError;
use rentmark_store::AnyStore;

use super::{Renter, later, listing_input, published, room};
use crate::harness::{Org, conflict, not_found, now};

pub async fn guarantors_are_kept_per_renter_and_guarded_in_use(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let listing = published(
        &a,
        &listing_input("Studio", "Nantes", "studio", vec![room("S", "500", 1)]),
        later(1),
    )
    .await;
    let lea = Renter::sign_up(&store, "lea").await;
    let tom = Renter::sign_up(&store, "tom").await;
    let martin = lea.guarantor("Martin", "2000", now()).await;
    let durand = lea.guarantor("Durand", "1500.50", later(1)).await;
    assert_eq!(
        store.guarantor(lea.user.id, martin.id).await.unwrap(),
        martin
    );
    assert_eq!(
        martin.details.monthly_income,
        Money::from_cents(200_000, Currency::Eur)
    );

    // Oldest first, paged; another renter has none and sees none.
    let mine = store
        .guarantors(lea.user.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(
        (mine.total, mine.results),
        (2, vec![martin.clone(), durand.clone()])
    );
    let second = store
        .guarantors(lea.user.id, PageRequest::new(2, 1))
        .await
        .unwrap();
    assert_eq!(second.results, vec![durand.clone()]);
    assert_eq!(
        store
            .guarantors(tom.user.id, PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );
    not_found(store.guarantor(tom.user.id, martin.id).await);

    // Another renter can neither change nor delete it.
    let mut hijack = martin.clone();
    hijack.owner = tom.user.id;
    hijack.details.last_name = "Volé".into();
    not_found(store.update_guarantor(&hijack).await);
    not_found(store.delete_guarantor(tom.user.id, martin.id).await);
    assert_eq!(
        store.guarantor(lea.user.id, martin.id).await.unwrap(),
        martin
    );

    // Its renter can.
    let mut richer = martin.clone();
    richer.details.monthly_income = Money::from_cents(250_000, Currency::Eur);
    richer.updated_at = later(2);
    store.update_guarantor(&richer).await.unwrap();
    assert_eq!(
        store.guarantor(lea.user.id, martin.id).await.unwrap(),
        richer
    );

    // Named on an application: kept.
    lea.apply(&listing, 0, ("2026-03-15", 6), &[&martin], later(3))
        .await
        .unwrap();
    conflict(
        store.delete_guarantor(lea.user.id, martin.id).await,
        "guarantor_in_use",
    );
    let refused = lea.services.delete_guarantor(&lea.user, martin.id).await;
    assert!(
        matches!(refused, Err(ServiceError::Conflict("guarantor.in_use"))),
        "{refused:?}"
    );
    assert_eq!(
        store.guarantor(lea.user.id, martin.id).await.unwrap(),
        richer
    );

    // Not named: deleted, then gone.
    store
        .delete_guarantor(lea.user.id, durand.id)
        .await
        .unwrap();
    not_found(store.guarantor(lea.user.id, durand.id).await);
    not_found(store.delete_guarantor(lea.user.id, durand.id).await);
    assert_eq!(
        store
            .guarantors(lea.user.id, PageRequest::default())
            .await
            .unwrap()
            .total,
        1
    );
}

pub async fn dossier_documents_count_only_once_stored(store: AnyStore) {
    let lea = Renter::sign_up(&store, "lea").await;
    let tom = Renter::sign_up(&store, "tom").await;
    let id_card = lea.pending_document("id_card").await;
    assert_eq!(id_card.state, DossierDocumentState::Pending);
    assert_eq!(
        store
            .dossier_document(lea.user.id, id_card.id)
            .await
            .unwrap(),
        id_card
    );
    // Pending: not counted.
    assert!(
        store
            .dossier_document_kinds(lea.user.id)
            .await
            .unwrap()
            .is_empty()
    );

    // Another renter's document is not found, whatever the operation.
    not_found(store.dossier_document(tom.user.id, id_card.id).await);
    not_found(
        store
            .finalize_dossier_document(tom.user.id, id_card.id, 10)
            .await,
    );
    not_found(store.delete_dossier_document(tom.user.id, id_card.id).await);
    not_found(
        store
            .finalize_dossier_document(lea.user.id, DocumentId::generate(now()), 10)
            .await,
    );

    // Finalized: stored with its actual size, and counted.
    store
        .finalize_dossier_document(lea.user.id, id_card.id, 1900)
        .await
        .unwrap();
    let stored = store
        .dossier_document(lea.user.id, id_card.id)
        .await
        .unwrap();
    assert_eq!(stored.state, DossierDocumentState::Stored);
    assert_eq!(stored.size_bytes, 1900);
    assert_eq!(stored.blob_key, id_card.blob_key);
    let rib = lea.pending_document("rib").await;
    let payslip = lea.stored_document("payslip").await;
    lea.stored_document("payslip").await;
    assert_eq!(
        store.dossier_document_kinds(lea.user.id).await.unwrap(),
        BTreeSet::from([DocumentKind::IdCard, DocumentKind::Payslip])
    );
    assert!(
        store
            .dossier_document_kinds(tom.user.id)
            .await
            .unwrap()
            .is_empty()
    );
    // Newest first.
    let newest = DossierDocument {
        id: DocumentId::generate(later(5)),
        created_at: later(5),
        ..rib.clone()
    };
    store.create_dossier_document(&newest).await.unwrap();
    let all = store.dossier_documents(lea.user.id).await.unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(all[0], newest);
    assert!(
        all.iter()
            .any(|d| d.id == rib.id && d.state == DossierDocumentState::Pending)
    );
    assert!(
        store
            .dossier_documents(tom.user.id)
            .await
            .unwrap()
            .is_empty()
    );

    // Deleted: gone, and no longer counted.
    store
        .delete_dossier_document(lea.user.id, id_card.id)
        .await
        .unwrap();
    not_found(store.dossier_document(lea.user.id, id_card.id).await);
    not_found(store.delete_dossier_document(lea.user.id, id_card.id).await);
    store
        .delete_dossier_document(lea.user.id, payslip.id)
        .await
        .unwrap();
    assert_eq!(
        store.dossier_document_kinds(lea.user.id).await.unwrap(),
        BTreeSet::from([DocumentKind::Payslip])
    );
}
