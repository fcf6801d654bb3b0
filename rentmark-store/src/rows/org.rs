//! Rows of the account and property tables: users, organizations, memberships,
//! properties, units, tenants, tenant history, documents.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rentmark_domain::ids::{
    DocumentId, HistoryId, LeaseId, OrgId, PropertyId, TenantId, UnitId, UserId,
};
use rentmark_domain::money::Money;
use rentmark_domain::org::{Membership, Organization, Role};
use rentmark_domain::ports::{Document, RepoResult};
use rentmark_domain::property::{Property, PropertyDetails, Unit, UnitDetails};
use rentmark_domain::tenant::{TenancyRecord, Tenant, TenantDetails};
use rentmark_domain::user::{Email, PasswordHash, User};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::error::corrupt;
use crate::rows::{currency, to_u16, to_u32};

macro_rules! user_columns {
    () => {
        "id, email, role, status, password_hash, display_name, created_at"
    };
}
pub(crate) use user_columns;

/// A `users` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct UserRow {
    id: Uuid,
    email: String,
    role: String,
    status: String,
    password_hash: String,
    display_name: Option<String>,
    created_at: DateTime<Utc>,
}

impl UserRow {
    pub(crate) fn into_domain(self) -> RepoResult<User> {
        Ok(User {
            id: UserId::from_uuid(self.id),
            email: Email::parse(&self.email).map_err(|_| corrupt("user email"))?,
            role: self.role.parse().map_err(|_| corrupt("user role"))?,
            status: self.status.parse().map_err(|_| corrupt("user status"))?,
            password_hash: PasswordHash::new(self.password_hash),
            display_name: self.display_name,
            created_at: self.created_at,
        })
    }
}

macro_rules! org_columns {
    () => {
        "o.id, o.name, o.timezone, o.currency, o.created_at"
    };
}
pub(crate) use org_columns;

/// An `organizations` row (selected as `o`).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct OrgRow {
    id: Uuid,
    name: String,
    timezone: String,
    currency: String,
    created_at: DateTime<Utc>,
}

impl OrgRow {
    pub(crate) fn into_domain(self) -> RepoResult<Organization> {
        Ok(Organization {
            id: OrgId::from_uuid(self.id),
            name: self.name,
            timezone: Tz::from_str(&self.timezone)
                .map_err(|_| corrupt(format_args!("time zone {:?}", self.timezone)))?,
            currency: currency(&self.currency)?,
            created_at: self.created_at,
        })
    }
}

/// A membership with its organization.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct MembershipRow {
    #[sqlx(flatten)]
    org: OrgRow,
    user_id: Uuid,
    role: String,
}

impl MembershipRow {
    pub(crate) fn into_domain(self) -> RepoResult<Membership> {
        Ok(Membership {
            org: self.org.into_domain()?,
            user_id: UserId::from_uuid(self.user_id),
            role: Role::from_str(&self.role).map_err(|_| corrupt("membership role"))?,
        })
    }
}

/// A user joined with one of their memberships (all `None` when they have none).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct UserMembershipRow {
    #[sqlx(flatten)]
    user: UserRow,
    org_id: Option<Uuid>,
    org_name: Option<String>,
    org_timezone: Option<String>,
    org_currency: Option<String>,
    org_created_at: Option<DateTime<Utc>>,
    member_role: Option<String>,
}

impl UserMembershipRow {
    /// The user and their memberships, from the rows of one user (`NotFound` when
    /// there are none).
    pub(crate) fn into_domain(rows: Vec<Self>) -> RepoResult<(User, Vec<Membership>)> {
        let mut rows = rows.into_iter();
        let Some(first) = rows.next() else {
            return Err(rentmark_domain::ports::RepoError::NotFound);
        };
        let mut memberships = Vec::new();
        let user = {
            let (user, membership) = first.split()?;
            memberships.extend(membership);
            user
        };
        for row in rows {
            memberships.extend(row.split()?.1);
        }
        Ok((user, memberships))
    }

    fn split(self) -> RepoResult<(User, Option<Membership>)> {
        let user = self.user.into_domain()?;
        let membership = match (
            self.org_id,
            self.org_name,
            self.org_timezone,
            self.org_currency,
            self.org_created_at,
            self.member_role,
        ) {
            (
                Some(id),
                Some(name),
                Some(timezone),
                Some(currency),
                Some(created_at),
                Some(role),
            ) => Some(Membership {
                org: OrgRow {
                    id,
                    name,
                    timezone,
                    currency,
                    created_at,
                }
                .into_domain()?,
                user_id: user.id,
                role: Role::from_str(&role).map_err(|_| corrupt("membership role"))?,
            }),
            (None, None, None, None, None, None) => None,
            _ => return Err(corrupt("membership row")),
        };
        Ok((user, membership))
    }
}

macro_rules! property_columns {
    () => {
        "org_id, id, name, address, city, description, created_at, updated_at"
    };
}
pub(crate) use property_columns;

/// A `properties` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct PropertyRow {
    org_id: Uuid,
    id: Uuid,
    name: String,
    address: String,
    city: String,
    description: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl PropertyRow {
    pub(crate) fn into_domain(self) -> Property {
        Property {
            id: PropertyId::from_uuid(self.id),
            org_id: OrgId::from_uuid(self.org_id),
            details: PropertyDetails {
                name: self.name,
                address: self.address,
                city: self.city,
                description: self.description,
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

macro_rules! unit_columns {
    () => {
        "org_id, id, property_id, name, beds, baths, sq_ft, capacity, currency, rent_cents, \
         charges_cents, deposit_cents, created_at, updated_at"
    };
}
pub(crate) use unit_columns;

/// A `units` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct UnitRow {
    org_id: Uuid,
    id: Uuid,
    property_id: Uuid,
    name: String,
    beds: i64,
    baths: String,
    sq_ft: Option<i64>,
    capacity: i64,
    currency: String,
    rent_cents: i64,
    charges_cents: i64,
    deposit_cents: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl UnitRow {
    pub(crate) fn into_domain(self) -> RepoResult<Unit> {
        let currency = currency(&self.currency)?;
        Ok(Unit {
            id: UnitId::from_uuid(self.id),
            org_id: OrgId::from_uuid(self.org_id),
            property_id: PropertyId::from_uuid(self.property_id),
            details: UnitDetails {
                name: self.name,
                beds: to_u16(self.beds, "beds")?,
                baths: Decimal::from_str(&self.baths).map_err(|_| corrupt("baths"))?,
                sq_ft: self.sq_ft.map(|v| to_u32(v, "sq_ft")).transpose()?,
                capacity: to_u16(self.capacity, "capacity")?,
                rent: Money::from_cents(self.rent_cents, currency),
                charges: Money::from_cents(self.charges_cents, currency),
                deposit: Money::from_cents(self.deposit_cents, currency),
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

macro_rules! tenant_columns {
    () => {
        "org_id, id, user_id, full_name, email, phone, created_at, updated_at"
    };
}
pub(crate) use tenant_columns;

/// A `tenants` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct TenantRow {
    org_id: Uuid,
    id: Uuid,
    user_id: Option<Uuid>,
    full_name: String,
    email: Option<String>,
    phone: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TenantRow {
    pub(crate) fn into_domain(self) -> RepoResult<Tenant> {
        Ok(Tenant {
            id: TenantId::from_uuid(self.id),
            org_id: OrgId::from_uuid(self.org_id),
            user_id: self.user_id.map(UserId::from_uuid),
            details: TenantDetails {
                full_name: self.full_name,
                email: self
                    .email
                    .map(|e| Email::parse(&e).map_err(|_| corrupt("tenant email")))
                    .transpose()?,
                phone: self.phone,
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// A `tenant_history` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct HistoryRow {
    org_id: Uuid,
    id: Uuid,
    unit_id: Uuid,
    tenant_id: Uuid,
    lease_id: Uuid,
    move_in: NaiveDate,
    move_out: Option<NaiveDate>,
}

impl HistoryRow {
    pub(crate) fn into_domain(self) -> TenancyRecord {
        TenancyRecord {
            id: HistoryId::from_uuid(self.id),
            org_id: OrgId::from_uuid(self.org_id),
            unit_id: UnitId::from_uuid(self.unit_id),
            tenant_id: TenantId::from_uuid(self.tenant_id),
            lease_id: LeaseId::from_uuid(self.lease_id),
            move_in: self.move_in,
            move_out: self.move_out,
        }
    }
}

macro_rules! document_columns {
    () => {
        "org_id, id, kind, filename, content_type, size_bytes, blob_key, uploaded_by, created_at"
    };
}
pub(crate) use document_columns;

/// A `documents` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct DocumentRow {
    org_id: Uuid,
    id: Uuid,
    kind: String,
    filename: String,
    content_type: String,
    size_bytes: i64,
    blob_key: String,
    uploaded_by: Option<Uuid>,
    created_at: DateTime<Utc>,
}

impl DocumentRow {
    pub(crate) fn into_domain(self) -> RepoResult<Document> {
        Ok(Document {
            id: DocumentId::from_uuid(self.id),
            org_id: OrgId::from_uuid(self.org_id),
            kind: self.kind,
            filename: self.filename,
            content_type: self.content_type,
            size_bytes: u64::try_from(self.size_bytes).map_err(|_| corrupt("document size"))?,
            blob_key: self.blob_key,
            uploaded_by: self.uploaded_by.map(UserId::from_uuid),
            created_at: self.created_at,
        })
    }
}
