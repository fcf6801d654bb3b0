//! Typed identifiers: every entity id is a newtype over a UUIDv7, so a lease id can
//! never be passed where a tenant id is expected, and ids created later sort later
//! (which keeps B-tree inserts local in both databases).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::{ContextV7, Timestamp, Uuid};

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new time-ordered id (UUIDv7) for something created at `now`.
            pub fn generate(now: DateTime<Utc>) -> Self {
                Self(uuid_v7_at(now))
            }

            /// Wraps an existing UUID (read from storage or from a request).
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The underlying UUID.
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

/// The process-wide UUIDv7 context: a counter that keeps ids created within the same
/// millisecond in creation order (RFC 9562 section 6.2, method 1), so that entries
/// posted together (deposit, rent, charges) sort in the order they were made.
static V7_CONTEXT: std::sync::Mutex<ContextV7> = std::sync::Mutex::new(ContextV7::new());

/// A UUIDv7 whose timestamp is `now` (random bits from the uuid crate's generator).
fn uuid_v7_at(now: DateTime<Utc>) -> Uuid {
    let secs = u64::try_from(now.timestamp()).unwrap_or(0);
    Uuid::new_v7(Timestamp::from_unix(
        &V7_CONTEXT,
        secs,
        now.timestamp_subsec_nanos(),
    ))
}

typed_id!(
    /// A user account (renter, landlord or platform admin).
    UserId
);
typed_id!(
    /// An organization: a landlord or agency, the SaaS customer.
    OrgId
);
typed_id!(
    /// A property (a building or a house) of an organization.
    PropertyId
);
typed_id!(
    /// A rentable unit of a property.
    UnitId
);
typed_id!(
    /// A renter known to an organization.
    TenantId
);
typed_id!(
    /// A lease of one unit to one or more co-tenants.
    LeaseId
);
typed_id!(
    /// One append-only ledger entry.
    EntryId
);
typed_id!(
    /// A payment as the user sees it; it keeps its id across edits.
    PaymentId
);
typed_id!(
    /// A stored document (receipt image, ...).
    DocumentId
);
typed_id!(
    /// A row of tenant history (one move-in, and its move-out when it happens).
    HistoryId
);
typed_id!(
    /// A background job.
    JobId
);
typed_id!(
    /// A marketplace listing.
    ListingId
);
typed_id!(
    /// A room (place) advertised by a listing.
    RoomId
);
typed_id!(
    /// A renter's application to a listing.
    ApplicationId
);
typed_id!(
    /// A guarantor kept by a renter.
    GuarantorId
);

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a broken fixture fails the test loudly")]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ids_created_later_sort_later() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let t1 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 1).unwrap();
        let a = LeaseId::generate(t0);
        let b = LeaseId::generate(t1);
        assert!(a < b);
        assert_eq!(a.as_uuid().get_version_num(), 7);
    }

    #[test]
    fn ids_created_in_the_same_instant_keep_their_creation_order() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let ids: Vec<EntryId> = (0..1000).map(|_| EntryId::generate(now)).collect();
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn parses_and_displays_round_trip() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let id = TenantId::generate(t0);
        let parsed: TenantId = id.to_string().parse().unwrap();
        assert_eq!(id, parsed);
        assert!("not-a-uuid".parse::<TenantId>().is_err());
    }
}
