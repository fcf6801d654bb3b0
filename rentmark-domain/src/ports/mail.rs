//! Outgoing email: the [`Mailer`] port. The local default is an outbox table in the
//! application's own database plus a log line (`rentmark-store`); production may send
//! through SES v2. Emails are sent from jobs, never from a request: a use case that
//! must tell someone enqueues a job in the same transaction as its state change (the
//! transactional outbox), and the job calls the mailer.

use super::*;

/// One plain-text email to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// The recipient.
    pub to: Email,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text_body: String,
    /// What it is, for logs and admins (`application_room_taken`).
    pub kind: String,
}

/// Sends emails.
pub trait Mailer: Send + Sync {
    /// Hands one email over for delivery at `now`. Once it returns `Ok`, the email is
    /// the mailer's to deliver (the outbox has stored it, or the provider accepted
    /// it); the caller does not retry. Sending is not deduplicated: calling twice with
    /// the same email sends it twice, so callers that may run twice (jobs) say
    /// whether that is acceptable.
    ///
    /// # Errors
    /// `Unavailable` when the email could not be handed over (nothing was sent; the
    /// caller may retry).
    fn send(
        &self,
        email: &OutgoingEmail,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<()>> + Send;
}
