//! Tenants (renters known to an organization) and tenant history (who lived where,
//! move-in and move-out; rows are added and closed, never overwritten).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::ids::{HistoryId, LeaseId, OrgId, TenantId, UnitId, UserId};
use crate::user::Email;
use crate::validation::{ValidationErrors, optional_text, required_text};

/// A renter known to an organization, optionally linked to a user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    /// Its id.
    pub id: TenantId,
    /// The organization that knows this renter.
    pub org_id: OrgId,
    /// The renter's own account, when they have one.
    pub user_id: Option<UserId>,
    /// Validated contact details.
    pub details: TenantDetails,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// The editable details of a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantDetails {
    /// Full name, 1-200 characters.
    pub full_name: String,
    /// Contact address.
    pub email: Option<Email>,
    /// Phone number, at most 40 characters.
    pub phone: Option<String>,
}

/// Tenant details as typed. The API names the full name `name` (as the seeds' tenant
/// schema does) and accepts `full_name` as an alias.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TenantInput {
    /// Full name: `name` in JSON, `full_name` accepted too.
    #[serde(default, rename = "name", alias = "full_name")]
    pub full_name: String,
    /// Contact address.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
}

impl TenantInput {
    /// Validates every field.
    ///
    /// # Errors
    /// Every invalid field.
    pub fn parse(&self) -> Result<TenantDetails, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let full_name = errors.check("name", required_text(&self.full_name, 200), |c| c);
        let email = match self.email.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(text) => errors.check("email", Email::parse(text), |c| c).map(Some),
        };
        let phone = errors.check("phone", optional_text(self.phone.as_deref(), 40), |c| c);
        errors.finish(|| TenantDetails {
            full_name: full_name.unwrap_or_default(),
            email: email.flatten(),
            phone: phone.flatten(),
        })
    }
}

impl Tenant {
    /// A new tenant of `org_id`.
    pub fn new(
        org_id: OrgId,
        details: TenantDetails,
        user_id: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: TenantId::generate(now),
            org_id,
            user_id,
            details,
            created_at: now,
            updated_at: now,
        }
    }
}

/// One stay of a tenant in a unit under a lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenancyRecord {
    /// Its id.
    pub id: HistoryId,
    /// The organization.
    pub org_id: OrgId,
    /// The unit lived in.
    pub unit_id: UnitId,
    /// Who lived there.
    pub tenant_id: TenantId,
    /// Under which lease.
    pub lease_id: LeaseId,
    /// Move-in date.
    pub move_in: NaiveDate,
    /// Move-out date, once known.
    pub move_out: Option<NaiveDate>,
}

impl TenancyRecord {
    /// Whether the tenant lives there on `date`.
    pub fn is_active_on(&self, date: NaiveDate) -> bool {
        self.move_in <= date && self.move_out.is_none_or(|out| date <= out)
    }
}
