//! [`Mailer`]: the default mailer is the outbox, a table in the application's own
//! database. Sending stores the email and logs a line without its body (which may
//! hold personal details); delivering the stored emails is a sender's job (SES v2 in
//! production), which sets `sent_at`.

use chrono::{DateTime, Utc};
use rentmark_domain::ports::{Mailer, OutgoingEmail, RepoResult};
use rentmark_domain::user::Email;
use uuid::Uuid;

use crate::AnyStore;
use crate::error::corrupt;
use crate::sql::{Backend, Conn, args};
use crate::store::SqlStore;

/// An email as the outbox holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEmail {
    /// Its row id (time-ordered).
    pub id: Uuid,
    /// The email as it was given to the mailer.
    pub email: OutgoingEmail,
    /// When it was stored.
    pub created_at: DateTime<Utc>,
    /// When a sender delivered it; `None` while it waits.
    pub sent_at: Option<DateTime<Utc>>,
}

/// An `outbox_emails` row.
#[derive(Debug, sqlx::FromRow)]
struct OutboxRow {
    id: Uuid,
    to_email: String,
    subject: String,
    text_body: String,
    kind: String,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
}

impl OutboxRow {
    fn into_domain(self) -> RepoResult<OutboxEmail> {
        Ok(OutboxEmail {
            id: self.id,
            email: OutgoingEmail {
                to: Email::parse(&self.to_email).map_err(|_| corrupt("outbox email address"))?,
                subject: self.subject,
                text_body: self.text_body,
                kind: self.kind,
            },
            created_at: self.created_at,
            sent_at: self.sent_at,
        })
    }
}

/// The most emails [`SqlStore::outbox_emails`] returns at once.
const MAX_OUTBOX_LIMIT: u32 = 100;

impl<B: Backend> Mailer for SqlStore<B> {
    #[tracing::instrument(level = "debug", skip_all, fields(kind = %email.kind))]
    async fn send(&self, email: &OutgoingEmail, now: DateTime<Utc>) -> RepoResult<()> {
        let id = Uuid::now_v7();
        let mut tx = self.write().await?;
        tx.exec(
            "insert into outbox_emails (id, to_email, subject, text_body, kind, \
             created_at, updated_at, sent_at) values ($1, $2, $3, $4, $5, $6, $6, null)",
            args![
                id,
                email.to.as_str(),
                email.subject.as_str(),
                email.text_body.as_str(),
                email.kind.as_str(),
                now,
            ],
        )
        .await?;
        B::commit(tx).await?;
        // The body stays out of the log: it may name the recipient's home or dossier.
        tracing::info!(
            outbox_id = %id,
            to = %email.to.as_str(),
            subject = %email.subject,
            kind = %email.kind,
            "email queued in the outbox"
        );
        Ok(())
    }
}

impl<B: Backend> SqlStore<B> {
    /// The outbox's emails, newest first: all, or only those to `to`; at most `limit`
    /// (1 to 100). For tests and admins.
    ///
    /// # Errors
    /// `Unavailable` when the database fails (never read as "no email").
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn outbox_emails(
        &self,
        to: Option<&Email>,
        limit: u32,
    ) -> RepoResult<Vec<OutboxEmail>> {
        let limit = i64::from(limit.clamp(1, MAX_OUTBOX_LIMIT));
        let mut conn = self.read().await?;
        let rows = conn
            .all::<OutboxRow>(
                "select id, to_email, subject, text_body, kind, created_at, sent_at \
                 from outbox_emails where ($1 is null or to_email = $1) \
                 order by created_at desc, id desc limit $2",
                args![to.map(Email::as_str), limit],
            )
            .await?;
        rows.into_iter().map(OutboxRow::into_domain).collect()
    }
}

impl Mailer for AnyStore {
    async fn send(&self, email: &OutgoingEmail, now: DateTime<Utc>) -> RepoResult<()> {
        match self {
            Self::Sqlite(store) => store.send(email, now).await,
            Self::Postgres(store) => store.send(email, now).await,
        }
    }
}

impl AnyStore {
    /// The outbox's emails, newest first: all, or only those to `to`; at most `limit`
    /// (1 to 100). For tests and admins.
    ///
    /// # Errors
    /// `Unavailable` when the database fails (never read as "no email").
    pub async fn outbox_emails(
        &self,
        to: Option<&Email>,
        limit: u32,
    ) -> RepoResult<Vec<OutboxEmail>> {
        match self {
            Self::Sqlite(store) => store.outbox_emails(to, limit).await,
            Self::Postgres(store) => store.outbox_emails(to, limit).await,
        }
    }
}
