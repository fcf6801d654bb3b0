//! Rows of the renter-side tables: applications and their status history, guarantors
//! and dossier documents. The profile overrides of an application are stored as JSON.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rentmark_domain::ids::{
    ApplicationId, DocumentId, GuarantorId, ListingId, OrgId, RoomId, UserId,
};
use rentmark_domain::marketplace::application::{Application, StatusChange};
use rentmark_domain::marketplace::dossier::{Guarantor, GuarantorDetails, ProfileOverrides};
use rentmark_domain::marketplace::listing::DocumentKind;
use rentmark_domain::marketplace::ports::{DossierDocument, DossierDocumentState};
use rentmark_domain::money::Money;
use rentmark_domain::ports::{RepoError, RepoResult};
use rentmark_domain::user::Email;
use uuid::Uuid;

use crate::error::corrupt;
use crate::rows::{currency, to_u32};

/// The stored form of an application's profile overrides.
///
/// # Errors
/// `Unavailable` if they cannot be serialized (they always can).
pub(crate) fn overrides_json(overrides: &ProfileOverrides) -> RepoResult<String> {
    serde_json::to_string(overrides).map_err(|e| RepoError::Unavailable(Box::new(e)))
}

macro_rules! application_columns {
    () => {
        "org_id, id, listing_id, room_id, applicant, move_in_date, duration_months, overrides, \
         status, reason, created_at, updated_at"
    };
}
pub(crate) use application_columns;

/// An `applications` row, without its guarantors.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ApplicationRow {
    pub(crate) org_id: Uuid,
    pub(crate) id: Uuid,
    listing_id: Uuid,
    room_id: Uuid,
    applicant: Uuid,
    move_in_date: NaiveDate,
    duration_months: i64,
    overrides: String,
    status: String,
    reason: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl ApplicationRow {
    /// The application with the guarantors it names, in their order.
    pub(crate) fn into_domain(self, guarantor_ids: Vec<GuarantorId>) -> RepoResult<Application> {
        Ok(Application {
            id: ApplicationId::from_uuid(self.id),
            listing_id: ListingId::from_uuid(self.listing_id),
            room_id: RoomId::from_uuid(self.room_id),
            org_id: OrgId::from_uuid(self.org_id),
            applicant: UserId::from_uuid(self.applicant),
            move_in_date: self.move_in_date,
            duration_months: to_u32(self.duration_months, "duration")?,
            guarantor_ids,
            overrides: serde_json::from_str(&self.overrides)
                .map_err(|e| corrupt(format_args!("application overrides: {e}")))?,
            status: self
                .status
                .parse()
                .map_err(|_| corrupt(format_args!("application status {:?}", self.status)))?,
            reason: self.reason,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// An `application_history` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct StatusChangeRow {
    application_id: Uuid,
    old_status: Option<String>,
    new_status: String,
    actor: String,
    actor_id: Option<Uuid>,
    reason: Option<String>,
    at: DateTime<Utc>,
}

impl StatusChangeRow {
    pub(crate) fn into_domain(self) -> RepoResult<StatusChange> {
        let status = |s: &str| s.parse().map_err(|_| corrupt(format_args!("status {s:?}")));
        Ok(StatusChange {
            application_id: ApplicationId::from_uuid(self.application_id),
            old_status: self.old_status.as_deref().map(status).transpose()?,
            new_status: status(&self.new_status)?,
            actor: self.actor.parse().map_err(|_| corrupt("history actor"))?,
            actor_id: self.actor_id.map(UserId::from_uuid),
            reason: self.reason,
            at: self.at,
        })
    }
}

macro_rules! guarantor_columns {
    () => {
        "owner_id, id, first_name, last_name, relation, email, phone, currency, \
         monthly_income_cents, nationality, birth_date, created_at, updated_at"
    };
}
pub(crate) use guarantor_columns;

/// A `guarantors` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct GuarantorRow {
    owner_id: Uuid,
    id: Uuid,
    first_name: String,
    last_name: String,
    relation: String,
    email: Option<String>,
    phone: Option<String>,
    currency: String,
    monthly_income_cents: i64,
    nationality: Option<String>,
    birth_date: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl GuarantorRow {
    pub(crate) fn into_domain(self) -> RepoResult<Guarantor> {
        Ok(Guarantor {
            id: GuarantorId::from_uuid(self.id),
            owner: UserId::from_uuid(self.owner_id),
            details: GuarantorDetails {
                first_name: self.first_name,
                last_name: self.last_name,
                relation: self.relation,
                email: self
                    .email
                    .map(|e| Email::parse(&e).map_err(|_| corrupt("guarantor email")))
                    .transpose()?,
                phone: self.phone,
                monthly_income: Money::from_cents(
                    self.monthly_income_cents,
                    currency(&self.currency)?,
                ),
                nationality: self.nationality,
                birth_date: self.birth_date,
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

macro_rules! dossier_document_columns {
    () => {
        "owner_id, id, kind, filename, content_type, size_bytes, blob_key, state, created_at"
    };
}
pub(crate) use dossier_document_columns;

/// A `user_documents` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct DossierDocumentRow {
    owner_id: Uuid,
    id: Uuid,
    kind: String,
    filename: String,
    content_type: String,
    size_bytes: i64,
    blob_key: String,
    state: String,
    created_at: DateTime<Utc>,
}

/// Parses a stored document kind.
pub(crate) fn document_kind(kind: &str) -> RepoResult<DocumentKind> {
    DocumentKind::from_str(kind).map_err(|_| corrupt(format_args!("document kind {kind:?}")))
}

impl DossierDocumentRow {
    pub(crate) fn into_domain(self) -> RepoResult<DossierDocument> {
        let state = [DossierDocumentState::Pending, DossierDocumentState::Stored]
            .into_iter()
            .find(|s| s.as_str() == self.state)
            .ok_or_else(|| corrupt(format_args!("document state {:?}", self.state)))?;
        Ok(DossierDocument {
            id: DocumentId::from_uuid(self.id),
            owner: UserId::from_uuid(self.owner_id),
            kind: document_kind(&self.kind)?,
            filename: self.filename,
            content_type: self.content_type,
            size_bytes: u64::try_from(self.size_bytes).map_err(|_| corrupt("document size"))?,
            blob_key: self.blob_key,
            state,
            created_at: self.created_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rentmark_domain::money::Currency;

    #[test]
    fn overrides_round_trip_through_json() {
        let overrides = ProfileOverrides {
            first_name: Some("Léa".into()),
            birth_date: NaiveDate::from_ymd_opt(2004, 2, 29),
            monthly_income: Some(Money::from_cents(120_050, Currency::Eur)),
            ..ProfileOverrides::default()
        };
        let json = overrides_json(&overrides).expect("serializable");
        let back: ProfileOverrides = serde_json::from_str(&json).expect("readable");
        assert_eq!(back, overrides);
    }
}
