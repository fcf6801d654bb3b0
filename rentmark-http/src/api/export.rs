//! The personal-data export as a ZIP of JSON files (GDPR art. 15, right of access,
//! and art. 20, portability: "a structured, commonly used and machine-readable
//! format"). The data is gathered by the use case
//! ([`Services::export_personal_data`](rentmark_domain::Services::export_personal_data));
//! this module only serializes it:
//!
//! - `account.json`: id, e-mail, role, status, created_at (never the password hash);
//! - `profile.json`: the profile as `GET /users/me` shows it;
//! - `organizations.json`: the memberships;
//! - `tenancies/<org id>/<tenant id>.json`: every tenant record linked to the account,
//!   with the leases' terms, the ledger entries and the payments.

use std::io::{Cursor, Write};

use chrono::{DateTime, Datelike, Timelike, Utc};
use rentmark_domain::calendar::local_date;
use rentmark_domain::org::Organization;
use rentmark_domain::ports::LinkedTenancy;
use rentmark_domain::services::PersonalData;
use rentmark_domain::user::{AccountRole, UserStatus};
use serde::Serialize;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::api::json::{EntryJson, LeaseJson, PaymentJson, TenantJson};
use crate::api::users::{OrganizationJson, profile_json};

/// Why the archive could not be built (a bug or memory exhaustion: it is built in
/// memory).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the archive failed.
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Writing a file into the archive failed.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// Serializing a file failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

#[derive(Serialize)]
struct AccountJson {
    id: uuid::Uuid,
    email: String,
    role: AccountRole,
    status: UserStatus,
    created_at: DateTime<Utc>,
}

#[derive(Serialize)]
struct TenancyJson {
    organization_id: uuid::Uuid,
    tenant: TenantJson,
    leases: Vec<LeaseJson>,
    ledger_entries: Vec<EntryJson>,
    payments: Vec<PaymentJson>,
}

impl TenancyJson {
    fn new(linked: &LinkedTenancy, now: DateTime<Utc>) -> Self {
        // Lease status as of today in the platform's zone (the organization's zone
        // is not part of the export).
        let today = local_date(now, Organization::DEFAULT_TIMEZONE);
        Self {
            organization_id: linked.tenant.org_id.as_uuid(),
            tenant: TenantJson::from(&linked.tenant),
            leases: linked
                .leases
                .iter()
                .map(|l| LeaseJson::new(l, today))
                .collect(),
            ledger_entries: linked.entries.iter().map(EntryJson::from).collect(),
            payments: linked.payments.iter().map(PaymentJson::from).collect(),
        }
    }
}

/// The archive of `data`, its files stamped `now`.
///
/// # Errors
/// [`ExportError`] when writing the archive fails.
pub fn zip(data: &PersonalData, now: DateTime<Utc>) -> Result<Vec<u8>, ExportError> {
    let mut archive = Archive::new(now);
    let user = &data.user;
    archive.file(
        "account.json",
        &AccountJson {
            id: user.id.as_uuid(),
            email: user.email.to_string(),
            role: user.role,
            status: user.status,
            created_at: user.created_at,
        },
    )?;
    archive.file("profile.json", &profile_json(user, &data.profile))?;
    let organizations: Vec<OrganizationJson> = data
        .memberships
        .iter()
        .map(OrganizationJson::from)
        .collect();
    archive.file("organizations.json", &organizations)?;
    for linked in &data.tenancies {
        let path = format!(
            "tenancies/{}/{}.json",
            linked.tenant.org_id, linked.tenant.id
        );
        archive.file(&path, &TenancyJson::new(linked, now))?;
    }
    archive.finish()
}

/// A ZIP being written in memory.
struct Archive {
    writer: ZipWriter<Cursor<Vec<u8>>>,
    options: SimpleFileOptions,
}

impl Archive {
    fn new(now: DateTime<Utc>) -> Self {
        let mut options =
            SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        // MS-DOS time stamps hold 1980-2107; out of that the library's default stays.
        let stamp = u16::try_from(now.year()).ok().and_then(|year| {
            zip::DateTime::from_date_and_time(
                year,
                u8::try_from(now.month()).ok()?,
                u8::try_from(now.day()).ok()?,
                u8::try_from(now.hour()).ok()?,
                u8::try_from(now.minute()).ok()?,
                u8::try_from(now.second()).ok()?,
            )
            .ok()
        });
        if let Some(stamp) = stamp {
            options = options.last_modified_time(stamp);
        }
        Self {
            writer: ZipWriter::new(Cursor::new(Vec::new())),
            options,
        }
    }

    /// Adds `value` as pretty-printed JSON under `path`.
    fn file(&mut self, path: &str, value: &impl Serialize) -> Result<(), ExportError> {
        let json = serde_json::to_vec_pretty(value)?;
        self.writer.start_file(path, self.options)?;
        self.writer.write_all(&json)?;
        Ok(())
    }

    fn finish(self) -> Result<Vec<u8>, ExportError> {
        Ok(self.writer.finish()?.into_inner())
    }
}
