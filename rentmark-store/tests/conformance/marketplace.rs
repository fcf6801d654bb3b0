//! The marketplace port: listings (creation all or nothing, isolation, status moves),
//! the public search, the renter's dossier (guarantors, documents), applications
//! (uniqueness, guarded transitions, history) and confirmation (the lease in the
//! ledger, capacity, cancellations, closing), including parallel confirmations of
//! the last place. Fixtures here; the tests in `marketplace/`.

mod applications;
mod confirm;
mod dossier;
mod listings;
mod notify;

pub use applications::*;
pub use confirm::*;
pub use dossier::*;
pub use listings::*;
pub use notify::*;

use chrono::{DateTime, Duration, Utc};
use rentmark_domain::Services;
use rentmark_domain::ids::UserId;
use rentmark_domain::marketplace::application::{Application, ApplicationInput};
use rentmark_domain::marketplace::dossier::{Guarantor, GuarantorInput};
use rentmark_domain::marketplace::listing::{Listing, ListingInput, RequirementsInput, RoomInput};
use rentmark_domain::marketplace::ports::{DossierDocument, MarketplaceRepository};
use rentmark_domain::ports::AccountRepository;
use rentmark_domain::services::ServiceError;
use rentmark_domain::user::{AccountRole, Email, PasswordHash, User, UserStatus};
use rentmark_store::AnyStore;
use uuid::Uuid;

use crate::harness::{Org, now};

/// `now()` plus `minutes` (to order publications).
pub fn later(minutes: i64) -> DateTime<Utc> {
    now() + Duration::minutes(minutes)
}

/// A room as typed: `rent` a decimal string, `capacity` places, charges 50, deposit
/// equal to the rent, stays of 1 to 12 months.
pub fn room(name: &str, rent: &str, capacity: i64) -> RoomInput {
    RoomInput {
        unit_id: None,
        name: name.into(),
        capacity: Some(capacity),
        rent_eur: rent.into(),
        charges_eur: Some("50".into()),
        deposit_eur: Some(rent.into()),
        min_duration_months: Some(1),
        max_duration_months: Some(12),
    }
}

/// A listing as typed, available from 2026-03-01, no requirements.
pub fn listing_input(title: &str, city: &str, kind: &str, rooms: Vec<RoomInput>) -> ListingInput {
    ListingInput {
        title: title.into(),
        city: city.into(),
        address: "3 rue des Écoles".into(),
        description: Some("Près du campus".into()),
        kind: kind.into(),
        property_id: None,
        rooms,
        availability_date: "2026-03-01".into(),
        requirements: RequirementsInput::default(),
    }
}

/// A draft listing of `org`, through the use case.
pub async fn draft(org: &Org, input: &ListingInput) -> Listing {
    org.services
        .create_listing(&org.actor, input, now())
        .await
        .expect("create a listing")
}

/// A listing of `org` published at `at`, as stored.
pub async fn published(org: &Org, input: &ListingInput, at: DateTime<Utc>) -> Listing {
    let listing = draft(org, input).await;
    org.services
        .publish_listing(&org.actor, listing.id, at)
        .await
        .expect("publish");
    org.services
        .store()
        .listing(org.id(), listing.id)
        .await
        .expect("the published listing")
}

/// A renter (an account of role tenant), acting through the use cases.
#[derive(Clone)]
pub struct Renter {
    /// The use cases over the store under test.
    pub services: Services<AnyStore>,
    /// Their account.
    pub user: User,
}

impl Renter {
    /// A new renter account.
    pub async fn sign_up(store: &AnyStore, name: &str) -> Self {
        let user = User {
            id: UserId::generate(now()),
            email: Email::parse(&format!("{name}-{}@example.fr", Uuid::now_v7().simple()))
                .expect("an e-mail"),
            role: AccountRole::Tenant,
            status: UserStatus::Active,
            password_hash: PasswordHash::new("$argon2id$test".into()),
            display_name: Some(name.into()),
            created_at: now(),
        };
        store.create_user(&user, None).await.expect("a renter");
        Self {
            services: Services::new(store.clone()),
            user,
        }
    }

    /// A guarantor earning `income` a month, created at `at`.
    pub async fn guarantor(&self, last_name: &str, income: &str, at: DateTime<Utc>) -> Guarantor {
        let input = GuarantorInput {
            first_name: "Anne".into(),
            last_name: last_name.into(),
            relation: "parent".into(),
            email: Some("anne@example.fr".into()),
            income_eur: Some(income.into()),
            birth_date: Some("1970-05-04".into()),
            ..GuarantorInput::default()
        };
        self.services
            .create_guarantor(&self.user, &input, at)
            .await
            .expect("create a guarantor")
    }

    /// A dossier document of `kind`, presigned (pending).
    pub async fn pending_document(&self, kind: &str) -> DossierDocument {
        self.services
            .presign_dossier_document(&self.user, kind, "scan.pdf", "application/pdf", 2048, now())
            .await
            .expect("presign a document")
    }

    /// A dossier document of `kind`, uploaded and finalized (stored).
    pub async fn stored_document(&self, kind: &str) -> DossierDocument {
        let document = self.pending_document(kind).await;
        self.services
            .finalize_dossier_document(&self.user, document.id, 1900)
            .await
            .expect("finalize a document")
    }

    /// Applies at `at` to room `room` of `listing`, moving in on `move_in`
    /// (`YYYY-MM-DD`) for `months` months.
    pub async fn apply(
        &self,
        listing: &Listing,
        room: usize,
        (move_in, months): (&str, i64),
        guarantors: &[&Guarantor],
        at: DateTime<Utc>,
    ) -> Result<Application, ServiceError> {
        let input = ApplicationInput {
            listing_id: listing.id.to_string(),
            room_id: Some(listing.rooms[room].id.to_string()),
            move_in_date: move_in.into(),
            duration_months: Some(months),
            guarantor_ids: guarantors.iter().map(|g| g.id.to_string()).collect(),
            profile_overrides: None,
        };
        self.services.apply(&self.user, &input, at).await
    }
}

/// A published shared flat (room A: two places at 500, room B: one place at 450) of a
/// new organization, and five renters.
pub async fn shared_flat_with_five_renters(store: &AnyStore) -> (Org, Listing, [Renter; 5]) {
    let a = Org::sign_up(store).await;
    let listing = published(
        &a,
        &listing_input(
            "Coloc Jardin",
            "Dijon",
            "flat",
            vec![room("A", "500", 2), room("B", "450", 1)],
        ),
        later(1),
    )
    .await;
    let renters = [
        Renter::sign_up(store, "lea").await,
        Renter::sign_up(store, "tom").await,
        Renter::sign_up(store, "zoe").await,
        Renter::sign_up(store, "ana").await,
        Renter::sign_up(store, "max").await,
    ];
    (a, listing, renters)
}
