//! The room-taken notice through the worker and the default registry against a real
//! SQLite store: a confirmation that fills the room queues one notice per cancelled
//! application; the worker runs it and the outbox holds one email to the cancelled
//! renter naming the listing; the unique key refuses a second notice, and a re-run of
//! the handler (a worker that died before marking it done) sends again, by design
//! (at least once). An erased renter is not written to.

#![expect(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rentmark_domain::Services;
use rentmark_domain::marketplace::application::{Application, ApplicationInput, ApplicationStatus};
use rentmark_domain::marketplace::listing::{Listing, ListingInput, RequirementsInput, RoomInput};
use rentmark_domain::marketplace::notify_room_taken_job;
use rentmark_domain::marketplace::ports::MarketplaceRepository;
use rentmark_domain::org::Actor;
use rentmark_domain::ports::{JobQueue, JobStatus, PageRequest};
use rentmark_domain::services::{LandlordSignup, Signup, TenantSignup};
use rentmark_domain::user::{Email, PasswordHash, User};
use rentmark_jobs::{
    Job, JobContext, ManualClock, NotifyRoomTaken, Outcome, ROOM_TAKEN_EMAIL, Worker, WorkerConfig,
    default_registry,
};
use rentmark_store::AnyStore;
use tempfile::TempDir;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
        .single()
        .unwrap()
}

fn at(minutes: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minutes)
}

struct Fixture {
    store: AnyStore,
    services: Services<AnyStore>,
    worker: Worker<AnyStore, JobContext<AnyStore>>,
    _dir: TempDir,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/notify.db", dir.path().display());
    let store = rentmark_store::connect(&url).await.unwrap();
    let services = Services::new(store.clone());
    let clock = Arc::new(ManualClock::new(at(30)));
    let context = JobContext {
        services: services.clone(),
        clock: clock.clone(),
    };
    let worker = Worker::new(
        store.clone(),
        Arc::new(default_registry()),
        context,
        clock,
        WorkerConfig::default(),
    );
    Fixture {
        store,
        services,
        worker,
        _dir: dir,
    }
}

fn hash() -> PasswordHash {
    PasswordHash::new("$argon2id$v=19$not-a-real-hash".into())
}

impl Fixture {
    async fn landlord(&self) -> Actor {
        let (owner, _) = self
            .services
            .sign_up(
                Signup::Landlord(LandlordSignup {
                    email: Email::parse("owner@example.org").unwrap(),
                    password_hash: hash(),
                    org_name: "Agence du Parc".into(),
                }),
                t0(),
            )
            .await
            .unwrap();
        self.services.actor(owner.id, None).await.unwrap()
    }

    async fn renter(&self, name: &str) -> User {
        self.services
            .sign_up(
                Signup::Tenant(TenantSignup {
                    email: Email::parse(&format!("{name}@example.org")).unwrap(),
                    password_hash: hash(),
                }),
                t0(),
            )
            .await
            .unwrap()
            .0
    }

    /// A published one-room studio titled `title`.
    async fn studio(&self, landlord: &Actor, title: &str) -> Listing {
        let input = ListingInput {
            title: title.into(),
            city: "Tours".into(),
            address: "3 rue des Écoles".into(),
            description: None,
            kind: "studio".into(),
            property_id: None,
            rooms: vec![RoomInput {
                unit_id: None,
                name: "S".into(),
                capacity: Some(1),
                rent_eur: "600".into(),
                charges_eur: Some("50".into()),
                deposit_eur: Some("600".into()),
                min_duration_months: Some(1),
                max_duration_months: Some(12),
            }],
            availability_date: "2026-12-01".into(),
            requirements: RequirementsInput::default(),
        };
        let listing = self
            .services
            .create_listing(landlord, &input, at(1))
            .await
            .unwrap();
        self.services
            .publish_listing(landlord, listing.id, at(2))
            .await
            .unwrap();
        listing
    }

    /// `renter` applies to `listing` and the landlord accepts.
    async fn accepted(&self, landlord: &Actor, renter: &User, listing: &Listing) -> Application {
        let input = ApplicationInput {
            listing_id: listing.id.to_string(),
            room_id: Some(listing.rooms[0].id.to_string()),
            move_in_date: "2026-12-01".into(),
            duration_months: Some(6),
            guarantor_ids: vec![],
            profile_overrides: None,
        };
        let application = self.services.apply(renter, &input, at(3)).await.unwrap();
        self.services
            .accept_application(landlord, application.id, at(4))
            .await
            .unwrap()
    }

    /// Runs due jobs until none is left; their outcomes.
    async fn drain(&self) -> Vec<Outcome> {
        let mut outcomes = Vec::new();
        while let Some((_, outcome)) = self.worker.run_once().await.unwrap() {
            outcomes.push(outcome);
        }
        outcomes
    }

    async fn done_jobs(&self) -> u64 {
        self.store
            .jobs(JobStatus::Done, PageRequest::default())
            .await
            .unwrap()
            .total
    }
}

#[tokio::test]
async fn the_cancelled_renter_gets_one_email_naming_the_listing() {
    let f = fixture().await;
    let landlord = f.landlord().await;
    let listing = f.studio(&landlord, "Studio Gare").await;
    let lea = f.renter("lea").await;
    let tom = f.renter("tom").await;
    let leas = f.accepted(&landlord, &lea, &listing).await;
    let toms = f.accepted(&landlord, &tom, &listing).await;
    let done = f
        .services
        .confirm_application(&landlord, leas.id, at(10))
        .await
        .unwrap();
    assert_eq!(done.outcome.cancelled, vec![toms.id]);
    assert!(done.outcome.listing_closed);
    assert!(f.store.outbox_emails(None, 100).await.unwrap().is_empty());

    // The worker runs the notice; the listing is closed, its title is still found.
    assert_eq!(f.drain().await, vec![Outcome::Done]);
    let emails = f.store.outbox_emails(None, 100).await.unwrap();
    assert_eq!(emails.len(), 1);
    let email = &emails[0];
    assert_eq!(email.email.to, tom.email);
    assert_eq!(email.email.kind, ROOM_TAKEN_EMAIL);
    assert_eq!(email.created_at, at(30));
    assert!(email.sent_at.is_none());
    assert!(email.email.subject.contains("Studio Gare"));
    assert!(
        email
            .email
            .text_body
            .contains("Votre candidature pour « Studio Gare » a été annulée"),
        "{}",
        email.email.text_body
    );
    assert!(
        email
            .email
            .text_body
            .contains("Your application for \"Studio Gare\" was cancelled")
    );
    assert!(
        f.store
            .outbox_emails(Some(&lea.email), 100)
            .await
            .unwrap()
            .is_empty(),
        "the winner is not told the room was taken"
    );

    // A second notice for the same application is refused by its unique key.
    assert_eq!(
        f.store
            .enqueue(&notify_room_taken_job(toms.id, at(31)), at(31))
            .await
            .unwrap(),
        None
    );
    assert!(f.drain().await.is_empty());
    assert_eq!(f.store.outbox_emails(None, 100).await.unwrap().len(), 1);

    // The handler run again (a worker that died after sending, before marking the job
    // done): it sends again. At least once is the choice: a duplicate notice is
    // harmless, a lost one is not.
    let rerun = NotifyRoomTaken {
        application_id: toms.id,
    }
    .to_new_job(at(30), None)
    .unwrap();
    f.store.enqueue(&rerun, at(30)).await.unwrap();
    assert_eq!(f.drain().await, vec![Outcome::Done]);
    let to_tom = f.store.outbox_emails(Some(&tom.email), 100).await.unwrap();
    assert_eq!(to_tom.len(), 2);
    assert_eq!(to_tom[0].email, to_tom[1].email);
    assert_eq!(f.done_jobs().await, 2);
}

#[tokio::test]
async fn an_erased_renter_is_not_written_to() {
    let f = fixture().await;
    let landlord = f.landlord().await;
    let listing = f.studio(&landlord, "Chambre Loire").await;
    let lea = f.renter("lea").await;
    let tom = f.renter("tom").await;
    let leas = f.accepted(&landlord, &lea, &listing).await;
    let toms = f.accepted(&landlord, &tom, &listing).await;
    f.services
        .confirm_application(&landlord, leas.id, at(10))
        .await
        .unwrap();
    assert_eq!(
        f.store.application(toms.id).await.unwrap().status,
        ApplicationStatus::Rejected
    );

    // Tom asks for erasure before the notice runs: whichever job runs first, nobody
    // writes to him and both jobs finish.
    f.services.request_erasure(&tom, at(11)).await.unwrap();
    assert_eq!(f.drain().await, vec![Outcome::Done, Outcome::Done]);
    assert!(f.store.outbox_emails(None, 100).await.unwrap().is_empty());

    // The notice alone for an erasing account (the erasure not run yet): skipped too.
    let carla = f.renter("carla").await;
    let other = f.studio(&landlord, "Studio Cher").await;
    let max = f.renter("max").await;
    let maxs = f.accepted(&landlord, &max, &other).await;
    let carlas = f.accepted(&landlord, &carla, &other).await;
    f.services
        .confirm_application(&landlord, maxs.id, at(12))
        .await
        .unwrap();
    let notice = NotifyRoomTaken {
        application_id: carlas.id,
    };
    // Erasing, with its erasure job still queued after the notice.
    f.services.request_erasure(&carla, at(40)).await.unwrap();
    let (job, outcome) = f.worker.run_once().await.unwrap().unwrap();
    assert_eq!(job.kind, NotifyRoomTaken::KIND);
    assert_eq!(job.payload, serde_json::to_string(&notice).unwrap());
    assert_eq!(outcome, Outcome::Done);
    assert!(f.store.outbox_emails(None, 100).await.unwrap().is_empty());
}
