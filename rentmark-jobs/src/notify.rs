//! The room-taken notification: when a confirmation takes a room's last place, the
//! room's other open applications are rejected with reason `room_taken` and, in the
//! same transaction, one [`NotifyRoomTaken`] job per application is enqueued (see
//! [`MarketplaceRepository::confirm_application`]). The job tells the renter, in
//! French and in English, through the [`Mailer`].
//!
//! Delivery is at least once: the unique key `notify_room_taken:<application id>`
//! keeps it to one job per application, but a worker that dies after sending and
//! before marking the job done sends the email again on the retry. A duplicate
//! "your application was cancelled" is harmless; a lost one is not, so the handler
//! does not try to deduplicate (the mailer port has no "already sent" question).
//!
//! Nothing is sent when the application no longer exists or the renter's account is
//! erased (or being erased, GDPR art. 17): there is nobody left to tell.

use anyhow::Context as _;
use rentmark_domain::ids::ApplicationId;
use rentmark_domain::marketplace::application::ApplicationStatus;
use rentmark_domain::marketplace::ports::MarketplaceRepository;
use rentmark_domain::marketplace::{NOTIFY_ROOM_TAKEN_JOB, NOTIFY_ROOM_TAKEN_MAX_ATTEMPTS};
use rentmark_domain::ports::{Mailer, OutgoingEmail, RepoError, Store};
use rentmark_domain::user::{Email, UserStatus};
use serde::{Deserialize, Serialize};
use tracing::info;

use crate::charges::JobContext;
use crate::job::{Handle, Job, Permanent};

/// The kind of the room-taken email, as the outbox records it.
pub const ROOM_TAKEN_EMAIL: &str = "application_room_taken";

/// Tell the renter of `application_id` that it was cancelled: the room was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyRoomTaken {
    /// The cancelled application.
    pub application_id: ApplicationId,
}

impl Job for NotifyRoomTaken {
    const KIND: &'static str = NOTIFY_ROOM_TAKEN_JOB;
    const MAX_ATTEMPTS: u32 = NOTIFY_ROOM_TAKEN_MAX_ATTEMPTS;
}

/// The email telling `to` that their application for the listing `title` was
/// cancelled because the room went to another applicant: French first (the default
/// locale), then English.
pub fn room_taken_email(to: Email, title: &str) -> OutgoingEmail {
    OutgoingEmail {
        to,
        subject: format!("Candidature annulée : « {title} » / Application cancelled: \"{title}\""),
        text_body: format!(
            "Bonjour,\n\n\
             Votre candidature pour « {title} » a été annulée : la chambre a été attribuée \
             à un autre candidat. D'autres annonces vous attendent sur RentMark.\n\n\
             ---\n\n\
             Hello,\n\n\
             Your application for \"{title}\" was cancelled: the room was taken by another \
             applicant. More listings are waiting for you on RentMark.\n"
        ),
        kind: ROOM_TAKEN_EMAIL.to_owned(),
    }
}

impl<S> Handle<JobContext<S>> for NotifyRoomTaken
where
    S: Store + MarketplaceRepository + Mailer,
{
    async fn run(self, context: JobContext<S>) -> anyhow::Result<()> {
        let store = context.services.store();
        let id = self.application_id;
        let application = match store.application(id).await {
            Ok(application) => application,
            // The renter's erasure removes the applications that did not become a
            // lease: nobody to tell.
            Err(RepoError::NotFound) => {
                info!(application = %id, "room-taken notice skipped: application gone");
                return Ok(());
            }
            Err(error) => return Err(anyhow::Error::from(error).context("loading the application")),
        };
        if application.status != ApplicationStatus::Rejected {
            return Err(Permanent::new(format_args!(
                "application {id} is {}, not rejected",
                application.status.as_str()
            ))
            .into());
        }
        // The listing may be closed by now (the confirmation filled it): read it as
        // its organization does, not as the public.
        let listing = match store
            .listing(application.org_id, application.listing_id)
            .await
        {
            Ok(listing) => listing,
            Err(RepoError::NotFound) => {
                return Err(Permanent::new(format_args!(
                    "listing {} of application {id} is gone",
                    application.listing_id
                ))
                .into());
            }
            Err(error) => return Err(anyhow::Error::from(error).context("loading the listing")),
        };
        let renter = match store.user(application.applicant).await {
            Ok(user) => user,
            Err(RepoError::NotFound) => {
                return Err(Permanent::new(format_args!(
                    "applicant {} of application {id} is gone",
                    application.applicant
                ))
                .into());
            }
            Err(error) => return Err(anyhow::Error::from(error).context("loading the renter")),
        };
        if matches!(renter.status, UserStatus::Erasing | UserStatus::Erased) {
            info!(application = %id, "room-taken notice skipped: account erased");
            return Ok(());
        }
        let email = room_taken_email(renter.email, &listing.title);
        store
            .send(&email, context.clock.now())
            .await
            .context("sending the room-taken email")?;
        info!(application = %id, "room-taken notice sent");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_email_is_in_french_then_english_with_the_title() {
        let to = Email::parse("lea@example.fr").expect("an address");
        let email = room_taken_email(to.clone(), "Studio Gare");
        assert_eq!(email.to, to);
        assert_eq!(email.kind, ROOM_TAKEN_EMAIL);
        assert!(email.subject.contains("« Studio Gare »"));
        let french = email
            .text_body
            .find("Votre candidature pour « Studio Gare »")
            .expect("the French text");
        let english = email
            .text_body
            .find("Your application for \"Studio Gare\"")
            .expect("the English text");
        assert!(french < english);
        assert!(
            email
                .text_body
                .contains("la chambre a été attribuée à un autre candidat")
        );
        assert!(
            email
                .text_body
                .contains("the room was taken by another applicant")
        );
    }
}
